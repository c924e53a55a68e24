#!/bin/sh
# senda — interface tests of duplicates at intake (issue 11, part 1): before
# a new person is saved, the people she may be are shown with what matched;
# Enter opens the one chosen (the form stays as typed, under her record),
# Esc goes back to the form, one key saves anyway. English and Spanish,
# 80x24. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

strings() {
	if [ "$1" = es ]; then
		S_HOME="p Participantes"
		S_GIVEN="Nombres"
		# 3 April 1990, day first: the stored María was born on 4 March
		S_DATE="03/04/1990"
		S_DATE_WORDS="3 de abril de 1990"
		S_BOX="Posibles duplicados"
		S_WHY="fecha de nacimiento con día y mes invertidos"
		S_RECORD="Evaluaciones de inglés"
		S_SAVE_KEY=g
		S_SAVED="Guardado: Nunez, Maria."
		S_TWO="2 participantes en este archivo."
	else
		S_HOME="p Participants"
		S_GIVEN="Given names"
		S_DATE="04/03/1990"
		S_DATE_WORDS="April 3, 1990"
		S_BOX="Possible duplicates"
		S_WHY="birth date day and month swapped"
		S_RECORD="English screenings"
		S_SAVE_KEY=s
		S_SAVED="Saved: Nunez, Maria."
		S_TWO="2 participants in this file."
	fi
}

count() {
	"$SENDA" --db "$1" check | sed -n 's/^ *\(Participants\|Participantes\) *//p'
}

flow_dupes_at_intake() {
	strings "$1"
	db=$(new_db dupes-$1 "$1") || return 1
	"$SENDA" --db "$db" add --given "María José" --surname "Núñez" --surname2 "Peña" \
		--birth 1990-03-04 --phone "(312) 555-0147" >/dev/null || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys n && wait_for "$S_GIVEN" || return 1
	type_text "Maria" && keys Tab && type_text "Nunez" && keys Tab Tab Tab &&
		type_text "$S_DATE" && wait_for "$S_DATE_WORDS" || return 1
	# Saving first shows who she may be, and why.
	keys C-s && wait_for "$S_BOX" && wait_for "Núñez Peña, María José" &&
		wait_for "$S_WHY" || return 1
	[ "$(count "$db")" = 1 ] || fail_because "saved before the question was answered" || return 1
	# Esc: back to the form, nothing saved, what was typed still there.
	keys Escape && wait_gone "$S_BOX" && wait_for "$S_DATE_WORDS" || return 1
	[ "$(count "$db")" = 1 ] || fail_because "Esc saved her" || return 1
	# Enter opens the one chosen: her record, over the form.
	keys C-s && wait_for "$S_BOX" || return 1
	keys Enter && wait_for "$S_RECORD" && wait_for "(312) 555-0147" || return 1
	keys Escape && wait_for "$S_DATE_WORDS" || return 1
	# Saving anyway is one key.
	keys C-s && wait_for "$S_BOX" || return 1
	keys "$S_SAVE_KEY" && wait_for "$S_SAVED" || return 1
	[ "$(count "$db")" = 2 ] || fail_because "saving anyway did not save her"
}

# No one like her in the file: saved at once, no question.
flow_no_dupes() {
	strings "$1"
	db=$(new_db nodupes-$1 "$1") || return 1
	"$SENDA" --db "$db" add --given "Lucía" --surname "Ortiz" --birth 1971-08-30 >/dev/null || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys n && wait_for "$S_GIVEN" || return 1
	type_text "Maria" && keys Tab && type_text "Nunez" && keys Tab Tab Tab &&
		type_text "$S_DATE" && wait_for "$S_DATE_WORDS" || return 1
	keys C-s && wait_for "$S_SAVED" || return 1
	[ "$(count "$db")" = 2 ] || fail_because "not saved"
}

for l in en es; do
	run_test "a possible duplicate is shown before saving: Esc, open, save anyway ($l)" flow_dupes_at_intake $l
	run_test "nobody like her: saved without a question ($l)" flow_no_dupes $l
done
ui_done
