#!/bin/bash
# tests/cli/links.sh — a database reached through symbolic links opens: a
# linked folder (a linked home, say), and a link to the database file
# (followed to it, so that -wal and -shm sit beside the real file); a link
# to nothing is refused with its reason, and never removed. Both languages.
# Needs: bash, coreutils.

. "$(dirname "$0")/lib.sh"

plan 9

mkdir -p "$T/real/home" "$T/w"
ln -s "$T/real" "$T/linked"
for l in en es; do
	run "$l" --db "$T/linked/$l.db" init --site "Centro" --user "Ana"
	is "$RC" 0 "init through a linked folder creates the file [$l]"
	run "$l" --db "$T/linked/$l.db" check
	is "$RC" 0 "check through a linked folder opens it [$l]"
done
ln -s "$T/real/en.db" "$T/w/to-db"
run en --db "$T/w/to-db" add --given Rosa --surname Peña
[ "$RC" = 0 ] && [ ! -e "$T/w/to-db-wal" ] && ok "a link to the database file is followed to it" ||
	{ not_ok "a link to the database file is followed to it"; diag "exit $RC: $(cat "$ERR")"; }
# Opened through the link, the real file's -wal is still the database's.
sqlite3 "$T/real/en.db" "PRAGMA journal_mode" >/dev/null
run en --db "$T/w/to-db" levels export "$T/real/en.db-wal" --force
[ "$RC" != 0 ] && ok "through a link, the real file's -wal is refused as an output" ||
	not_ok "through a link, the real file's -wal is refused as an output"
ln -s "$T/nowhere.db" "$T/w/dangling"
run es --db "$T/w/dangling" list
grep -q "enlace simbólico" "$ERR" && ok "a link to nothing says so [es]" ||
	{ not_ok "a link to nothing says so [es]"; diag "$(cat "$ERR")"; }
ln -s "$T/real/home" "$T/home-link"
WITH="-u XDG_DATA_HOME HOME=$T/home-link" run en init --site "Centro" --user "Ana"
is "$RC" 0 "init in a linked home"
WITH="-u XDG_DATA_HOME HOME=$T/home-link" run en list
is "$RC" 0 "list in a linked home"

done_testing
