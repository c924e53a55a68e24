#!/bin/bash
# tests/cli/privacy.sh — what the README's Privacy section says the file
# keeps is what it keeps (issue 7, item 8), in both READMEs. Needs: bash,
# coreutils, grep, sqlite3.

. "$(dirname "$0")/lib.sh"

plan 12

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
check "README: says erasing a person is not there yet" grep -q "senda cannot yet erase a person" "$README"

S init --site "Centro" --user "Ana" >/dev/null || bail_out "init failed"
id=$(S add --given "Zacarías" --surname "Quintanilla" --phone 509-555-0142) || bail_out "add failed"
S edit "$id" --given Pedro --surname Gómez --phone "" >/dev/null || bail_out "edit failed"

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

done_testing
