#!/bin/sh
# senda — interface tests of the one record form screen (ui/record_form.c)
# that every form uses (issue 8): a model's error stands beside the field
# its key names; a cost typed as a word; the referral's form is its own
# screen, Esc goes back to the list of programs and a refusal saves nothing.
# English and Spanish, at 80x24. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

strings() {
	if [ "$1" = es ]; then
		S_HOME="p Participantes"
		S_INTAKE="senda · Registro"
		S_YEARS="Años en EE. UU."
		# (the message is 79 columns: wrapped after "de la" at 80x24)
		S_AGE="más que la edad de la"
		S_RANGE="El número está fuera"
		S_ORGS="Organizaciones aliadas"
		S_ORG="senda · Organización"
		S_NEW_PROGRAM="Un programa nuevo de Centro Latino"
		S_COST="Costo"
		S_NOT_NUMBER="Esto no es un número."
		S_SAVED_PROGRAM="Guardado: Taller de costura."
		S_FREE="gratis"
		S_FOUND="1 encontrado"
		S_RECORD="senda · Expediente del participante"
		S_CHOOSE="Elija un programa"
		S_PROGRAM_LINE="Programa: Inglés nocturno — Centro Latino"
		S_CONSENT="no ha aceptado compartir"
		S_NOTHING="No se guardó nada."
		S_NO=n
		S_MARCH4="March 4, 2025"
		S_NODAY="That day does not exist"
		S_NODAY_OTHER="Ese día no existe"
		S_REQUIRED="Este campo es obligatorio."
		S_SAVE_AGAIN="^ guardar\\.$"
	else
		S_HOME="p Participants"
		S_INTAKE="senda · Intake"
		S_YEARS="Years in the US"
		S_AGE="more than the person's age"
		S_RANGE="The number is out of"
		S_ORGS="Partner organizations"
		S_ORG="senda · Organization"
		S_NEW_PROGRAM="A new program of Centro Latino"
		S_COST="Cost"
		S_NOT_NUMBER="This is not a number."
		S_SAVED_PROGRAM="Saved: Taller de costura."
		S_FREE="free"
		S_FOUND="1 found"
		S_RECORD="senda · Participant record"
		S_CHOOSE="Choose a program"
		S_PROGRAM_LINE="Program: Inglés nocturno — Centro Latino"
		S_CONSENT="has not agreed to share"
		S_NOTHING="Nothing was saved."
		S_NO=n
		S_MARCH4="4 de marzo de 2025"
		S_NODAY="Ese día no existe"
		S_NODAY_OTHER="That day does not exist"
		S_REQUIRED="This field is required."
		S_SAVE_AGAIN="^ save again\\.$"
	fi
}

# The line of the screen that holds TEXT.
screen_line() {
	ui_screen | grep -F -- "$1" | head -1
}

# Years in the US above the person's age: the form's own checks pass, the
# model refuses, and its message stands beside Years in the US (found by
# the field's key, not its label).
flow_error_beside_field() {
	strings "$1"
	db=$(new_db years-$1 "$1") || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys n && wait_for "$S_INTAKE" || return 1
	type_text "Ñusta" && keys Tab && type_text "Quispe" || return 1
	keys Tab Tab Tab && type_text "01/01/2015" || return 1
	keys Tab Tab Tab Tab Tab Tab Tab && type_text "30" || return 1
	keys C-s && wait_match "$S_YEARS +30 +$S_RANGE" && wait_for "$S_AGE" || return 1
	n=$(sqlite3 "$db" "SELECT count(*) FROM participant")
	[ "$n" -eq 0 ] || fail_because "$n participants saved"
}

# At 60x16 the message after a refused save is wider than its line: it
# takes two, whole, and the form is drawn above them, so that its last
# line (what is wrong with the field) is not hidden under the message.
# (S_SAVE_AGAIN is the start of the second line.)
flow_long_message_small_window() {
	strings "$1"
	db=$(new_db small-$1 "$1") || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	ui_resize 60 16 && keys n && wait_for "$S_INTAKE" || return 1
	keys C-s && wait_match "$S_SAVE_AGAIN" && wait_for "$S_REQUIRED" || return 1
}

# A program's cost: a word is refused beside Cost, "free"/"gratis" is 0.
flow_program_cost() {
	strings "$1"
	db=$(new_db cost-$1 "$1") || return 1
	"$SENDA" --db "$db" partners add --name "Centro Latino" >/dev/null || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys o && wait_for "$S_ORGS" && wait_for "Centro Latino" || return 1
	keys Enter && wait_for "$S_ORG" || return 1
	keys a && wait_for "$S_NEW_PROGRAM" || return 1
	type_text "Taller de costura" && keys Tab Tab Tab Tab Tab Tab && type_text "doce" || return 1
	keys C-s && wait_match "$S_COST +doce +$S_NOT_NUMBER" || return 1
	keys C-u && type_text "$S_FREE" && keys C-s && wait_for "$S_SAVED_PROGRAM" || return 1
	got=$(sqlite3 "$db" "SELECT cost_cents FROM program WHERE name = 'Taller de costura'")
	[ "$got" = 0 ] || fail_because "the cost stored is '$got'"
}

# Refer: the form is a screen of its own; Esc goes back to the list; a
# person without consent to share is asked, and No saves nothing.
flow_refer_form() {
	strings "$1"
	db=$(new_db refer-$1 "$1") || return 1
	"$SENDA" --db "$db" partners add --name "Centro Latino" >/dev/null || return 1
	"$SENDA" --db "$db" programs add "Centro Latino" --name "Inglés nocturno" \
		--kind esl >/dev/null || return 1
	"$SENDA" --db "$db" add --given Rosa --surname Peña >/dev/null || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys / && type_text "pena" && wait_for "$S_FOUND" || return 1
	keys Enter && wait_for "$S_RECORD" || return 1
	keys r && wait_for "$S_CHOOSE" || return 1
	keys Enter && wait_for "$S_PROGRAM_LINE" || return 1
	keys Escape && wait_for "$S_CHOOSE" || return 1
	keys Enter && wait_for "$S_PROGRAM_LINE" || return 1
	keys Tab && type_text "Llamar el lunes" && keys C-s && wait_for "$S_CONSENT" || return 1
	keys "$S_NO" && wait_for "$S_NOTHING" || return 1
	n=$(sqlite3 "$db" "SELECT count(*) FROM referral")
	[ "$n" -eq 0 ] || fail_because "$n referrals saved"
}

# A date typed in part when F2 changes the language: in English 03/04 is
# March 4; after F2 the day and month change places, so that the year typed
# next completes the same day (shown in words in the other language).
flow_partial_date_relang() {
	strings "$1"
	db=$(new_db relang-$1 "$1") || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys n && wait_for "$S_INTAKE" || return 1
	if [ "$1" = en ]; then typed=03/04/202; else typed=04/03/202; fi
	keys Tab Tab Tab Tab && type_text "$typed" && wait_for "$typed" || return 1
	keys F2 && type_text 5 && wait_for "$S_MARCH4" || return 1
	# A whole date that does not exist is left as typed, for the user.
	keys C-u && type_text 31/02/1990 && keys Tab && wait_for "$S_NODAY" || return 1
	keys F2 && wait_for "$S_NODAY_OTHER" || return 1
	ui_screen | grep -q "31/02/1990" || fail_because "the date typed was changed"
}

for L in en es; do
	run_test "a model's error stands beside the field its key names ($L)" flow_error_beside_field $L
	run_test "a program's cost: a word refused beside Cost, free is 0 ($L)" flow_program_cost $L
	run_test "the referral's form: Esc back to the programs, no consent saves nothing ($L)" flow_refer_form $L
	run_test "F2 in the middle of a date keeps the day it began to mean ($L)" flow_partial_date_relang $L
	run_test "at 60x16 a long message takes two lines and hides nothing of the form ($L)" flow_long_message_small_window $L
done
ui_done
