#!/bin/sh
# senda — interface tests of editing while another writer changes the same
# record (issue 7, item 2): a save writes only what the user changed, and a
# field changed by both is shown with both values and asked about.
# Every flow in English and in Spanish, at 80x24. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

NAME="Peña, Rosa"

strings() {
	if [ "$1" = es ]; then
		S_HOME="p Participantes"
		S_FOUND="1 encontrado"
		S_RECORD="senda · Expediente del participante"
		S_ORG="senda · Organización"
		S_CHANGING="Cambiando: $NAME"
		S_CHANGING_PENA="Cambiando: Peña"
		S_SAVED="Se guardaron los cambios de $NAME."
		S_CONFLICT="cambió otra persona mientras usted editaba"
		S_YES=s
		S_NO=n
		S_ORGS="Organizaciones aliadas"
		S_ORG_SAVED="Guardado: Centro Latino."
		S_CHANGING_ORG="Cambiando: Centro Latino"
		S_REFERRAL="c Cambiar estado"
		S_FILE="Nombre del archivo"
		S_SLIP_CONSENT="la hoja lleva su nombre"
		S_NOTHING="No se escribió nada."
		S_SLIP_IN="La hoja está en"
	else
		S_HOME="p Participants"
		S_FOUND="1 found"
		S_RECORD="senda · Participant record"
		S_ORG="senda · Organization"
		S_CHANGING="Changing: $NAME"
		S_CHANGING_PENA="Changing: Peña"
		S_SAVED="Saved the changes to $NAME."
		S_CONFLICT="was changed by someone else while you were editing"
		S_YES=y
		S_NO=n
		S_ORGS="Partner organizations"
		S_ORG_SAVED="Saved: Centro Latino."
		S_CHANGING_ORG="Changing: Centro Latino"
		S_REFERRAL="c Change status"
		S_FILE="File name"
		S_SLIP_CONSENT="the slip carries their name"
		S_NOTHING="Nothing was written."
		S_SLIP_IN="The slip is in"
	fi
}

# A file with Rosa in it; the interface open on her record's edit form.
open_rosa_form() {
	db=$(new_db "$1-$2" "$2") || return 1
	"$SENDA" --db "$db" add --given Rosa --surname Peña --phone 509-555-0100 \
		--email rosa@example.org >/dev/null || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys / && type_text "pena" && wait_for "$S_FOUND" || return 1
	# The list of those found shows the phone too: wait for the record's title.
	keys Enter && wait_for "$S_RECORD" && wait_for "509-555-0100" || return 1
	keys e && wait_for "$S_CHANGING"
}

field() {   # field COLUMN: the stored value, from the command line
	sqlite3 "$db" "SELECT coalesce($1, '') FROM participant"
}

# The command line changes phone and e-mail while the form is open; the form
# saves a change of "best time" only: phone and e-mail keep the new values.
flow_other_fields_kept() {
	strings "$1"
	open_rosa_form other "$1" || return 1
	"$SENDA" --db "$db" edit "$(sqlite3 "$db" 'SELECT id FROM participant')" \
		--phone 509-555-0142 --email maria@example.org >/dev/null ||
		fail_because "the command-line edit failed" || return 1
	# Given, first, second, preferred, birth, phone, phone2, e-mail, language → best time
	keys Tab Tab Tab Tab Tab Tab Tab Tab Tab && type_text "mañanas" || return 1
	keys C-s && wait_for "$S_SAVED" || return 1
	[ "$(field phone)" = 509-555-0142 ] || fail_because "phone is now '$(field phone)'" || return 1
	[ "$(field email)" = maria@example.org ] || fail_because "e-mail is now '$(field email)'" || return 1
	[ "$(field best_time)" = mañanas ] || fail_because "best time is '$(field best_time)'"
}

# Both change the phone: the save shows both values and asks. No keeps the
# other writer's value; then, again, Yes keeps the user's.
flow_same_field_asks() {
	strings "$1"
	open_rosa_form same "$1" || return 1
	id=$(sqlite3 "$db" 'SELECT id FROM participant')
	"$SENDA" --db "$db" edit "$id" --phone 509-555-0142 >/dev/null || return 1
	keys Tab Tab Tab Tab Tab C-u && type_text "509-555-0199" || return 1
	keys Tab Tab Tab Tab && type_text "tardes" || return 1
	keys C-s && wait_for "$S_CONFLICT" && wait_for "509-555-0142" || return 1
	keys "$S_NO" && wait_for "$S_SAVED" || return 1
	[ "$(field phone)" = 509-555-0142 ] || fail_because "phone is '$(field phone)'" || return 1
	[ "$(field best_time)" = tardes ] || fail_because "best time is '$(field best_time)'" || return 1
	# Once more, keeping the user's value.
	keys e && wait_for "$S_CHANGING" || return 1
	"$SENDA" --db "$db" edit "$id" --phone 509-555-0111 >/dev/null || return 1
	keys Tab Tab Tab Tab Tab C-u && type_text "509-555-0122" || return 1
	keys C-s && wait_for "$S_CONFLICT" && wait_for "509-555-0111" || return 1
	keys "$S_YES" && wait_for "$S_SAVED" || return 1
	[ "$(field phone)" = 509-555-0122 ] || fail_because "phone is '$(field phone)'" || return 1
	# Both values are in the history.
	n=$(sqlite3 "$db" "SELECT count(*) FROM change_log WHERE field = 'phone'
		AND new_value IN ('509-555-0142', '509-555-0111', '509-555-0122')")
	[ "$n" -eq 3 ] || fail_because "the history has $n of the 3 phone changes"
}

# An organization's form: another writer changes phone and city meanwhile;
# the form changes city and notes. Asked about the city (No keeps the other
# value); the phone and the notes both survive.
flow_partner_edit() {
	strings "$1"
	db=$(new_db org-$1 "$1") || return 1
	"$SENDA" --db "$db" partners add --name "Centro Latino" --city Yakima >/dev/null || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys o && wait_for "$S_ORGS" && wait_for "Centro Latino" || return 1
	keys Enter && wait_for "$S_ORG" && wait_for "Yakima" || return 1
	keys e && wait_for "$S_CHANGING_ORG" || return 1
	sqlite3 "$db" "UPDATE partner SET phone = '509-555-0142', city = 'Wapato'" || return 1
	# name, kind, contact, phone, e-mail, address → city, then notes
	keys Tab Tab Tab Tab Tab Tab C-u && type_text "Toppenish" && keys Tab &&
		type_text "Abierto los sábados" || return 1
	keys C-s && wait_for "$S_CONFLICT" && wait_for "Wapato" || return 1
	keys "$S_NO" && wait_for "$S_ORG_SAVED" || return 1
	got=$(sqlite3 "$db" "SELECT phone || '|' || city || '|' || notes FROM partner")
	[ "$got" = "509-555-0142|Wapato|Abierto los sábados" ] || fail_because "stored: $got"
}

# Consent withdrawn after the referral: the slip screen asks before writing
# her name for the partner; No writes nothing, Yes records the consent.
flow_slip_consent() {
	strings "$1"
	open_rosa_form slip "$1" || return 1
	keys Escape && wait_gone "$S_CHANGING" || return 1
	id=$(sqlite3 "$db" 'SELECT id FROM participant')
	"$SENDA" --db "$db" partners add --name "Valley College" >/dev/null &&
	"$SENDA" --db "$db" programs add "Valley College" --name "ESL evening" >/dev/null || return 1
	prog=$(sqlite3 "$db" 'SELECT id FROM program')
	"$SENDA" --db "$db" refer "$id" "$prog" --consent-given >/dev/null || return 1
	"$SENDA" --db "$db" edit "$id" --consent-share no >/dev/null || return 1
	ui_restart "$db" && wait_for "$S_HOME" || return 1
	keys / && type_text "pena" && wait_for "$S_FOUND" && keys Enter && wait_for "ESL evening" ||
		return 1
	keys G && keys Enter && wait_for "$S_REFERRAL" || return 1
	slip="$UI_DIR/slip-consent-$1.txt"
	keys w && wait_for "$S_FILE" && keys C-u && type_text "$slip" && keys Enter &&
		wait_for "$S_SLIP_CONSENT" || return 1
	keys "$S_NO" && wait_for "$S_NOTHING" || return 1
	[ ! -e "$slip" ] || fail_because "a slip was written without consent" || return 1
	keys Enter && wait_for "$S_SLIP_CONSENT" || return 1
	keys "$S_YES" && wait_for "$S_SLIP_IN $slip" || return 1
	[ -s "$slip" ] || fail_because "no slip after consent" || return 1
	[ "$(field consent_share)" = 1 ] || fail_because "the consent was not recorded"
}

# A bidirectional control stored by an older senda (or another program) is
# shown inert in the edit form too, never sent to the terminal.
flow_bidi_in_form() {
	strings "$1"
	db=$(new_db bidi-$1 "$1") || return 1
	"$SENDA" --db "$db" add --given Rosa --surname Peña >/dev/null || return 1
	sqlite3 "$db" "UPDATE participant SET given_names = 'Ana' || char(8238) || 'Sofía'" || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys / && type_text "pena" && wait_for "$S_FOUND" && keys Enter && wait_for "$S_RECORD" || return 1
	keys e && wait_for "$S_CHANGING_PENA" || return 1
	wait_for "Ana�Sofía" || return 1
	if tmx capture-pane -p -t ui | grep -q "$(printf '\342\200\256')"; then
		fail_because "U+202E reached the terminal"
	fi
}

for L in en es; do
	run_test "a stored bidirectional control is inert in the edit form ($L)" flow_bidi_in_form $L
	run_test "the slip asks for consent withdrawn since the referral ($L)" flow_slip_consent $L
	run_test "an organization's form keeps what another writer changed, asks about the same field ($L)" flow_partner_edit $L
	run_test "an edit keeps fields another writer changed meanwhile ($L)" flow_other_fields_kept $L
	run_test "a field changed by both shows both values and asks ($L)" flow_same_field_asks $L
done
ui_done
