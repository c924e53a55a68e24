#!/bin/sh
# senda — interface tests of privacy on the record (issue 12, items 5-7): the
# consents at the top of the record; the access log from the record (a); a
# coordinator erases a person (X: two questions, her name typed), after
# which the record is gone, a message says so, and no file of the site
# (the database, its -wal and -shm, while senda still has them open) holds
# her name, phone or birth date. A wrong name erases nothing. English and
# Spanish, 80x24. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP sqlite3 is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

strings() {
	if [ "$1" = es ]; then
		S_HOME="p Participantes"
		S_FOUND="1 encontrado"
		S_CONSENT="Consentimiento para contactarlo: Sí · para compartir con aliados: No"
		S_ACCESS="Registro de accesos"
		S_ACCESS_ROW="en la pantalla del expediente"
		S_RECORD="Evaluaciones de inglés"
		S_ASK1="¿Borrar a Quispewara, Zenaida"
		S_ASK2="No se podrá recuperar nada de esta persona"
		S_ASK3="escriba el nombre"
		S_YES=s
		S_ERASED="Se borró: Quispewara, Zenaida."
		S_ERASED_END="próximo paquete de esta sede."
		S_WRONG="El nombre escrito no es el de esta persona. No se borró nada."
	else
		S_HOME="p Participants"
		S_FOUND="1 found"
		S_CONSENT="Consent to be contacted: Yes · to share with partners: No"
		S_ACCESS="Access log"
		S_ACCESS_ROW="on the record screen"
		S_RECORD="English screenings"
		S_ASK1="Erase Quispewara, Zenaida"
		S_ASK2="Nothing of this person can be brought back"
		S_ASK3="type the name"
		S_YES=y
		S_ERASED="Erased: Quispewara, Zenaida."
		S_ERASED_END="this site's next bundle."
		S_WRONG="The name typed is not this person's. Nothing was erased."
	fi
}

# The people of a test: her, and someone else.
people() {
	ID=$("$SENDA" --db "$1" add --given Zenaida --surname Quispewara --phone 509-555-0199 \
		--birth 1987-03-14 --consent-contact yes 2>/dev/null) || return 1
	"$SENDA" --db "$1" add --given Otilia --surname Persona --consent-share yes \
		>/dev/null 2>&1 || return 1
}

# How many of the site's files hold her name, phone or birth date.
holding() {
	n=0
	for f in "$1" "$1-wal" "$1-shm"; do
		[ -e "$f" ] || continue
		grep -aqi -e Zenaida -e Quispewara -e 509-555-0199 -e 1987-03-14 "$f" && n=$((n + 1))
	done
	echo "$n"
}

open_her() {
	ui_start "$1" && wait_for "$S_HOME" || return 1
	keys / && type_text "zenaida" && wait_for "$S_FOUND" || return 1
	keys Enter && wait_for "$S_RECORD" || return 1
}

flow_erase() {
	strings "$1"
	db=$(new_db erase-$1 "$1") || return 1
	people "$db" || fail_because "could not add the people" || return 1
	open_her "$db" || return 1
	# The consents are the first line under her name.
	wait_line 3 "$S_CONSENT" || return 1
	# Who opened her record: this opening.
	keys a && wait_for "$S_ACCESS" && wait_for "$S_ACCESS_ROW" || return 1
	keys Escape && wait_for "$S_RECORD" || return 1
	[ "$(holding "$db")" -gt 0 ] || fail_because "before: the grep finds nothing" || return 1
	keys X && wait_for "$S_ASK1" || return 1
	keys "$S_YES" && wait_for "$S_ASK2" || return 1
	keys "$S_YES" && wait_for "$S_ASK3" || return 1
	type_text "zenaida  QUISPEWARA" && wait_for "zenaida  QUISPEWARA" || return 1
	keys Enter && wait_for "$S_ERASED" || return 1
	# The message is wider than 80 columns: its end is on the next line
	# (it was cut at the window's edge).
	wait_for "$S_ERASED_END" || return 1
	wait_gone "$S_RECORD" || return 1
	[ "$(sqlite3 "$db" "SELECT count(*) FROM participant WHERE id = '$ID'")" = 0 ] ||
		fail_because "her record is still in the file" || return 1
	# senda still has the file open: the erasure itself emptied the log.
	[ "$(holding "$db")" = 0 ] ||
		fail_because "a file of the site still holds her ($(holding "$db"))" || return 1
	[ "$(sqlite3 "$db" "SELECT count(*) FROM erasure WHERE id = '$ID'")" = 1 ] ||
		fail_because "no tombstone" || return 1
}

flow_wrong_name() {
	strings "$1"
	db=$(new_db wrong-$1 "$1") || return 1
	people "$db" || fail_because "could not add the people" || return 1
	open_her "$db" || return 1
	keys X && wait_for "$S_ASK1" || return 1
	keys "$S_YES" && wait_for "$S_ASK2" || return 1
	keys "$S_YES" && wait_for "$S_ASK3" || return 1
	type_text "Otilia Persona" && wait_for "Otilia Persona" || return 1
	keys Enter && wait_for "$S_WRONG" && wait_for "$S_CONSENT" || return 1
	[ "$(sqlite3 "$db" "SELECT count(*) FROM participant WHERE id = '$ID'")" = 1 ] ||
		fail_because "she was erased" || return 1
}

for l in en es; do
	run_test "the consents on top; the access log; a coordinator erases her, no file holds her ($l)" flow_erase $l
	run_test "a wrong name typed erases nothing ($l)" flow_wrong_name $l
done
ui_done
