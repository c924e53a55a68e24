#!/bin/bash
# tests/cli/privacy.sh — what the README's Privacy section says the file
# keeps is what it keeps (issue 7, item 8), in both READMEs; the access log,
# the file modes `senda check` reports, and `senda privacy [ID]` (issue 12,
# items 6 and 7). Needs: bash, coreutils, grep, sqlite3.

. "$(dirname "$0")/lib.sh"

plan 48

README=$SENDA_TESTS/../README.md
README_ES=$SENDA_TESTS/../README.es.md
DB=$T/p.db
S() { "$SENDA" --db "$DB" "$@" 2>&1 </dev/null; }

# The README claims no more than the file does.
if grep -qi "deleted data is overwritten" "$README"; then
	not_ok "README: no claim that deleted data is overwritten"
else
	ok "README: no claim that deleted data is overwritten"
fi
check "README: says the history keeps old values" grep -q "History keeps old values" "$README"
check "README.es: says the history keeps old values" grep -q "El historial guarda los valores anteriores" "$README_ES"
check "README: says how a person is erased" grep -q "Erasing a person" "$README"

S init --site "Centro" --user "Ana" >/dev/null || bail_out "init failed"
id=$(S add --given "Zacarías" --surname "Quintanilla" --phone 509-555-0142) || bail_out "add failed"
S edit "$id" --given Pedro --surname Gómez --phone "" >/dev/null || bail_out "edit failed"
S edit "$id" --wage 11.53 >/dev/null || bail_out "edit --wage failed"

# What the README says is kept, is kept (and shown as history)...
is "$(sqlite3 "$DB" "SELECT old_value FROM change_log WHERE field = 'phone'")" "509-555-0142" \
	"history: an emptied phone keeps its old value in the change log"
is "$(sqlite3 "$DB" "SELECT old_value FROM change_log WHERE field = 'given_names'")" "Zacarías" \
	"history: an edited name keeps its old value in the change log"
out=$(LANGUAGE=en S show "$id")
check "show: the timeline shows the old name" grep -q "Zacarías" <<<"$out"
# ...but the old name no longer finds the person, and the file is private.
out=$(LANGUAGE=en S search zacarias)
if grep -q "Gómez" <<<"$out"; then
	not_ok "search: the old name finds nobody"
	diag "$out"
else
	ok "search: the old name finds nobody"
fi
is "$(stat -c %a "$DB")" "600" "the file is readable by its owner only"

# Invented people never go into a site's real records.
out=$(LANGUAGE=en S demo --people 5); rc=$?
is "$rc:$(sqlite3 "$DB" 'SELECT count(*) FROM participant')" "1:1" \
	"demo refuses a file that holds a site's own records, adds nobody [en]"
out=$(LANGUAGE=es S demo --people 5); rc=$?
check "demo: the refusal says where invented people go [es]" grep -q "archivo aparte" <<<"$out"
is "$(LANGUAGE=en "$SENDA" --db "$T/demo.db" demo --people 3 </dev/null 2>&1; "$SENDA" --db "$T/demo.db" demo --people 3 </dev/null >/dev/null 2>&1; echo $?)" \
	"The file has 3 participants.
0" "demo still makes and adds to a file of its own"

# ---- the access log (item 6) -------------------------------------------------
S edit "$id" --consent-share yes >/dev/null || bail_out "edit consent"
SENDA_NOW=2026-08-01T09:00:00Z S show "$id" >/dev/null   # 121 days ago: pruned below
S show "$id" >/dev/null
run en --db "$DB" access-log "$id"
is "$RC" "0" "access-log ID: exit 0"
is "$(grep -c "Ana" "$OUT")" "2" "access-log ID: the two openings of today, by the user (the one of August pruned)"
check "access-log ID: how it was opened" grep -q "2026-11-30T12:00:00Z  Ana .*show" "$OUT"
is "$(sqlite3 "$DB" "SELECT count(*) FROM access_log WHERE at < '2026-09-01'")" "0" \
	"rows older than 90 days are removed as new ones are written"
run es --db "$DB" access-log
check "access-log: every record's, with whose [es]" grep -q "Cuándo (UTC).*Expediente" "$OUT"
check "access-log: the name of the record opened [es]" grep -q "Pedro Gómez" "$OUT"
run en --db "$DB" access-log --limit x
is "$RC" "2" "access-log --limit x: a usage error"
run en --db "$DB" export --plain --full --out "$T/x.bundle"
is "$(sqlite3 "$T/x.bundle" "SELECT count(*) FROM entry WHERE tbl LIKE '%access%'")" "0" \
	"the access log is never exported"
# A read-only copy is still shown (nothing to log in it).
cp "$DB" "$T/ro.db" && chmod 400 "$T/ro.db"
run en --db "$T/ro.db" show "$id"
is "$RC" "0" "show on a read-only file: shown all the same"

# Another program writing the file: the record is shown, with a warning.
lock_hold "$DB" || diag "could not take the lock: $(cat "$T/lock.log")"
run en --db "$DB" show "$id"
lock_release
is "$RC" "0" "show while another program writes: shown all the same"
check "show while another program writes: it says the opening is not in the log" \
	grep -q "could not be written in the access log" "$ERR"

# ---- the file modes in check (item 7) -------------------------------------------
S backup "$T/copy.db" >/dev/null || bail_out "backup"
run en --db "$DB" check
is "$RC" "0" "check: exit 0"
check "check: the data file's mode" grep -q "^  0600  data file: $DB\$" "$OUT"
check "check: the backup senda wrote is listed" grep -q "^  0600  backup: $T/copy.db\$" "$OUT"
if grep -q "warning" "$OUT"; then not_ok "check: no warning when only the owner can open them"; diag "$(cat "$OUT")"; else ok "check: no warning when only the owner can open them"; fi
chmod 644 "$T/copy.db"
chmod 640 "$DB"
run en --db "$DB" check
check "check: a backup readable by others is told, with the chmod" \
	grep -q "warning: other users of this computer may open $T/copy.db; run: chmod 600 $T/copy.db" "$OUT"
check "check: a data file readable by its group is told" grep -q "chmod 600 $DB\$" "$OUT"
run es --db "$DB" check
check "check: the warning in Spanish [es]" grep -q "aviso: otros usuarios de esta computadora pueden abrir $T/copy.db; ejecute: chmod 600 $T/copy.db" "$OUT"
run en --db "$DB" check
check "check: the last line says the records are sound, and that there are warnings" \
	test "$(tail -n 1 "$OUT")" = "ok: the records are sound, but see the 4 warnings above"
chmod 600 "$DB" "$T/copy.db"
# The folder: others who may write in it may delete or replace the files.
mkdir -p "$T/open"
cp "$DB" "$T/open/f.db" && chmod 600 "$T/open/f.db"
chmod 777 "$T/open"
run en --db "$T/open/f.db" check
check "check: the folder's mode is listed" grep -q "^  0777  folder: $(cd "$T/open" && pwd -P)\$" "$OUT"
check "check: a folder others may write in is told, with the chmod" \
	grep -q "warning: other users of this computer may delete or replace the files in .*/open; run: chmod go-w .*/open\$" "$OUT"
run es --db "$T/open/f.db" check
check "check: the folder's warning and the last line in Spanish [es]" \
	test "$(tail -n 1 "$OUT")" = "ok: los expedientes están bien, pero lea el aviso de arriba"
chmod 1777 "$T/open"
run en --db "$T/open/f.db" check
check "check: a sticky folder (as /tmp) is not told" test "$(tail -n 1 "$OUT")" = "ok"
chmod 755 "$T/open"

# ---- senda privacy (item 7) -------------------------------------------------------
run en --db "$DB" privacy
is "$RC" "0" "privacy: exit 0"
check "privacy: what the records hold and how many [en]" grep -q "^- People's records: 1\. For each: names" "$OUT"
check "privacy: where it travels [en]" grep -q "^Where it travels" "$OUT"
check "privacy: no line wider than 79 columns" test "$(awk '{ if (length($0) > 79) n++ } END { print n + 0 }' "$OUT")" = 0
run es --db "$DB" privacy
check "privacy: in Spanish [es]" grep -q "^Adónde viaja" "$OUT"
run en --db "$DB" privacy "$id"
is "$RC" "0" "privacy ID: exit 0"
check "privacy ID: her name" grep -q "What this file holds about Gómez, Pedro" "$OUT"
check "privacy ID: her fields" grep -q "Given names *Pedro" "$OUT"
# (it printed the stored codes: a wage of 1153 for $11.53, 1 for yes)
check "privacy ID: her wage in dollars, as show says it" grep -q "Hourly wage at intake *\$11.53" "$OUT"
check "privacy ID: her consents" grep -q "She agreed to be shared with partners" "$OUT"
check "privacy ID: who opened it" grep -q "Times her record was opened in the last 90 days: 2" "$OUT"
run es --db "$DB" privacy "$id"
check "privacy ID: in Spanish [es]" grep -q "Lo que este archivo guarda sobre Gómez, Pedro" "$OUT"
run en --db "$DB" access-log "$id"
is "$(grep -c "privacy" "$OUT")" "2" "privacy ID shows all her fields: an opening, in the access log"

done_testing
