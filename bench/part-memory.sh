# bench part: peak memory (resident set, /usr/bin/time's "Maximum resident
# set size") of every command that reads or writes many rows, at each size,
# beside the sqlite3 tool running the same SQL where there is one (sourced
# by bench/run.sh). The target (issue 9, item 6): none above 32 MB.
if [ ! -x /usr/bin/time ]; then
	echo "/usr/bin/time not installed: skipped"
	return 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Peak resident set of a command, in MB; its output is thrown away.
peak() {
	/usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>&1
	awk '{printf "%.1f", $1 / 1024}' "$tmp/rss"
}
mem_line() { # LABEL SENDA_MB SQLITE_MB
	[ -n "${NOGROW:-}" ] || grow "$1, MB" "$2"
	if [ -n "$3" ]; then
		bench_line "$1" "$2" "$3" MB
	else
		awk -v l="$1" -v a="$2" 'BEGIN {
			printf "%-40s senda %10.3f MB  %s\n", l, a, (a > 32 ? "ABOVE 32 MB" : "") }'
	fi
}
have_sqlite=$(command -v sqlite3 || true)
sq() { [ -n "$have_sqlite" ] && peak sqlite3 "$@"; }

# Growth from the first size to the last (10k to 500k by default).
declare -A grow_first grow_last   # grow and grow_report: bench/lib.sh

for n in $BENCH_SIZES; do
	DB=$(bench_db "$n") || return 1
	echo "== $n participants ($(du -h "$DB" | cut -f1))"
	mem_line "list (every participant)" "$(peak "$SENDA" --db "$DB" list --limit 10000000)" \
		"$(sq "$DB" "SELECT id, given_names, first_surname, second_surname, birth_date, phone
			FROM participant WHERE deleted = 0 ORDER BY sort_key, id;")"
	mem_line "search maria (every match)" "$(peak "$SENDA" --db "$DB" search --limit 10000000 maria)" \
		"$(sq "$DB" "SELECT p.id, given_names, first_surname, second_surname FROM participant p
			WHERE rowid IN (SELECT rowid FROM participant_fts WHERE participant_fts
			MATCH '\"maria\"*') AND deleted = 0 ORDER BY sort_key, id;")"
	mem_line "referrals (every open one)" "$(peak "$SENDA" --db "$DB" referrals)" ""
	mem_line "levels export" "$(peak "$SENDA" --db "$DB" levels export -)" ""
	mem_line "partners export" "$(peak "$SENDA" --db "$DB" partners export -)" ""
	mem_line "check" "$(peak "$SENDA" --db "$DB" check)" \
		"$(sq "$DB" "PRAGMA quick_check; PRAGMA foreign_key_check;")"
	mem_line "check --full" "$(peak "$SENDA" --db "$DB" check --full)" \
		"$(sq "$DB" "PRAGMA integrity_check; PRAGMA foreign_key_check;")"
	mem_line "backup" "$(peak "$SENDA" --db "$DB" backup "$tmp/backup.db")" \
		"$(sq "$DB" ".backup $tmp/backup2.db")"
	rm -f "$tmp"/backup*.db
done

# The partner directory does not grow with the participants: one new file,
# a CSV of 100,000 organizations, each with one program.
echo "== partners import, 100000 rows, into a new file"
awk 'BEGIN {
	print "partner,partner_kind,contact,phone,email,address,city,program,program_kind," \
	      "min_esl_level,needs_diploma,documents,schedule,cost,program_contact,credential"
	for (i = 1; i <= 100000; i++)
		printf "Organización %06d,community,,(555) 010-%04d,,%d Calle Sol,Springfield," \
		       "Curso %d,vocational,%d,no,photo ID,Sat 8 am-2 pm,%d.00,Sra. Medina,\n",
		       i, i % 10000, i, i, i % 6, i % 500
}' >"$tmp/partners.csv"
"$SENDA" --db "$tmp/p.db" init --site Bench --user Bench >/dev/null
NOGROW=1 mem_line "partners import 100000 rows" "$(peak "$SENDA" --db "$tmp/p.db" partners import "$tmp/partners.csv")" ""
# Not their export or list: program_list's "(?1 IS NULL OR partner_id = ?1)"
# reads every program for each organization, so exporting 100,000 of them
# takes (many) minutes; the export of the demo files' directory is above.
echo "(demo: peak memory in part writes)"
grow_report
