#!/bin/sh
# Turn schema/NNN_name.sql files into a C table of migrations, so that the
# schema is built into the binary. Usage: embed-schema.sh FILE.sql... > out.c
# With --string NAME FILE.sql: the one file as the C string NAME (SQL that
# is not a migration, such as the field log's TEMP triggers).
set -e
echo '/* Generated from the schema folder by build-aux/embed-schema.sh. Do not edit. */'
if [ "$1" = --string ]; then
	printf 'extern const char %s[];\nconst char %s[] =\n' "$2" "$2"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$3"
	echo ';'
	exit 0
fi
echo '#include "db/migrations.h"'
echo 'const struct migration senda_migrations[] = {'
want=1
for f in "$@"; do
	base=$(basename "$f" .sql)
	num=$(echo "$base" | sed 's/^0*\([0-9][0-9]*\)_.*/\1/')
	# The runner applies them in this order, up to the last one's number:
	# a file out of order (two branches joined) would be skipped on a new
	# file and run on the next open.
	if [ "$num" != "$want" ]; then
		echo "embed-schema.sh: $f is migration $num, expected $want (SCHEMA_FILES in order)" >&2
		exit 1
	fi
	want=$((want + 1))
	printf '\t{ %s, "%s",\n' "$num" "$base"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t  "/' -e 's/$/\\n"/' "$f"
	printf '\t},\n'
done
echo '};'
echo 'const int senda_migrations_count = sizeof senda_migrations / sizeof senda_migrations[0];'
