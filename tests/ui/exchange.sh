#!/bin/sh
# senda — interface tests of the exchange between sites (issue 10): the merge
# screen (bundle files, the hidden passphrase, the summary), a refusal that
# writes nothing, and the conflict review screen. The round trip: the
# community center refers a person to the college's nurse-aide course; the
# hub merges (on the merge screen); the college records "enrolled"; the hub
# merges and exports back; the community center merges on the merge screen
# and her record shows "enrolled". The command line sets up the sites and the
# records, exports, and merges at the college. English and Spanish, 80x24.
# TAP on stdout.

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

PASS="correct horse battery"
PW="$UI_DIR/pass"
printf '%s\n' "$PASS" >"$PW"

strings() {
	if [ "$1" = es ]; then
		S_HOME="m Combinar"
		S_MERGE="senda · Combinar paquetes"
		S_ADDED="Se agregó"
		S_ASK="Escriba su frase de paso"
		S_MERGED="cambios leídos"
		S_WRONG="frase de paso no abre"
		S_NOTHING="No se escribió nada."
		S_FOUND="1 encontrado"
		S_RECORD="senda · Expediente del participante"
		S_ENROLLED="inscrito"
		S_TO_REVIEW="conflicto de combinación por revisar (pulse v)"
		S_REVIEW="senda · Conflictos por revisar"
		S_PHONE="Teléfono"
		S_TOOK="Se tomó el otro valor"
		S_NONE_LEFT="Nada que revisar"
		S_HELD_HOME="cambio retenido por una combinación (pulse v)"
		S_HELD_WHY="más de 24 horas adelantado"
		S_HELD_NOTHING="No hay nada que decidir"
		S_HELD_COUNT="0 conflictos por revisar, 1 retenido *$"
		S_NOT_BUNDLE="no es un paquete"
		S_TOOK_OFF="Se quitó"
		S_WAITS="1 conflicto espera revisión"
		S_KEPT="conflicto: quedó"
		S_OTHER="conflicto: el otro"
	else
		S_HOME="m Merge"
		S_MERGE="senda · Merge bundles"
		S_ADDED="Added"
		S_ASK="Type its passphrase"
		S_MERGED="changes read"
		S_WRONG="passphrase does not open"
		S_NOTHING="Nothing was written."
		S_FOUND="1 found"
		S_RECORD="senda · Participant record"
		S_ENROLLED="enrolled"
		S_TO_REVIEW="merge conflict to review (press v)"
		S_REVIEW="senda · Conflicts to review"
		S_PHONE="Phone"
		S_TOOK="Took the other value"
		S_NONE_LEFT="Nothing to review"
		S_HELD_HOME="change held back by a merge (press v)"
		S_HELD_WHY="more than 24 hours ahead"
		S_HELD_NOTHING="Nothing to decide"
		S_HELD_COUNT="0 conflicts to review, 1 held back *$"
		S_NOT_BUNDLE="not a senda bundle"
		S_TOOK_OFF="Took"
		S_WAITS="1 conflict waits for review"
		S_KEPT="conflict: kept"
		S_OTHER="conflict: other"
	fi
}

cli() {   # cli DB ARGS...: the command line, quiet
	_db=$1
	shift
	"$SENDA" --db "$_db" "$@" </dev/null
}

# sites L: three files set up in language L: the college (with the
# nurse-aide course), the community center, the hub.
sites() {
	d="$UI_DIR/$1"
	rm -rf "$d"
	mkdir -p "$d" || return 1
	K=$d/college.db C=$d/centro.db H=$d/hub.db
	cli "$K" init --site "Valley Community College" --user Olga --kind college \
		--lang "$1" >/dev/null &&
	cli "$C" init --site "Centro Comunitario" --user "Ana Ruiz" --kind community \
		--lang "$1" >/dev/null &&
	cli "$H" init --site "Regional Hub" --user Hal --kind hub --lang "$1" >/dev/null &&
	cli "$K" partners add --name "Valley Community College" --kind college >/dev/null &&
	cli "$K" programs add "Valley Community College" --name "Nurse Aide I course" \
		--kind vocational --credential "Nurse Aide I" >/dev/null ||
		fail_because "setting up the sites failed"
}

export_to() {   # export_to DB DEST FILE: an encrypted bundle
	cli "$1" export --to "$2" --out "$3" --passphrase-file "$PW" >/dev/null ||
		fail_because "export from $1 to $2 failed"
}

# open_merge DB: the interface on DB, at the merge screen.
open_merge() {
	ui_start "$1" && wait_for "$S_HOME" || return 1
	keys m && wait_for "$S_MERGE"
}

# add_bundles FILE...: each added to the list, one at a time.
add_bundles() {
	for _f in "$@"; do
		type_text "$_f" && keys Enter && wait_for "$S_ADDED $_f" || return 1
	done
}

# ui_merge DB FILE...: merge the bundles into DB on the merge screen, with
# the passphrase typed at its prompt; waits for the summary.
ui_merge() {
	_db=$1
	shift
	open_merge "$_db" && add_bundles "$@" || return 1
	keys F10 && wait_for "$S_ASK" || return 1
	# The passphrase is not shown as it is typed.
	type_text "$PASS" && keys Enter && wait_for "$S_MERGED" || return 1
	case $(ui_screen) in
	*"$PASS"*) fail_because "the passphrase was on the screen" ;;
	esac
}

flow_round_trip() {
	strings "$1"
	sites "$1" || return 1
	export_to "$K" hub "$d/k1.bundle" && export_to "$C" hub "$d/c1.bundle" || return 1
	ui_merge "$H" "$d/k1.bundle" "$d/c1.bundle" || return 1
	[ "$(sqlite3 "$H" "SELECT count(*) FROM program WHERE name = 'Nurse Aide I course'")" = 1 ] ||
		fail_because "the hub has no course after the merge" || return 1
	export_to "$H" "Centro Comunitario" "$d/h1.bundle" || return 1
	ui_merge "$C" "$d/h1.bundle" || return 1
	nurse=$(sqlite3 "$C" "SELECT id FROM program WHERE name = 'Nurse Aide I course'")
	[ -n "$nurse" ] || fail_because "the community center has no course" || return 1
	rosa=$(cli "$C" add --given Rosa --surname Peña --language es) &&
	cli "$C" refer "$rosa" "$nurse" --consent-given --yes >/dev/null || return 1
	code=$(sqlite3 "$C" "SELECT code FROM referral")
	[ -n "$code" ] || fail_because "refer gave no code" || return 1
	export_to "$C" hub "$d/c2.bundle" || return 1
	ui_merge "$H" "$d/c2.bundle" || return 1
	export_to "$H" "Valley Community College" "$d/h2.bundle" || return 1
	cli "$K" merge "$d/h2.bundle" --passphrase-file "$PW" >/dev/null &&
	cli "$K" referral-status "$code" enrolled >/dev/null ||
		fail_because "the college could not record the enrollment" || return 1
	export_to "$K" hub "$d/k2.bundle" || return 1
	ui_merge "$H" "$d/k2.bundle" || return 1
	export_to "$H" "Centro Comunitario" "$d/h3.bundle" || return 1
	ui_merge "$C" "$d/h3.bundle" || return 1
	# Her record at the community center: the referral is enrolled.
	keys Escape && wait_for "$S_HOME" || return 1
	keys / && type_text "pena" && wait_for "$S_FOUND" || return 1
	keys Enter && wait_for "$S_RECORD" || return 1
	# Tab selects her referral (below the first page) and shows it.
	keys Tab && wait_match "$code.*$S_ENROLLED"
}

flow_wrong_passphrase() {
	strings "$1"
	sites "$1" || return 1
	export_to "$C" hub "$d/c1.bundle" || return 1
	cp "$H" "$d/hub-before.db" || return 1
	open_merge "$H" && add_bundles "$d/c1.bundle" || return 1
	keys F10 && wait_for "$S_ASK" || return 1
	type_text "wrong horse" && keys Enter && wait_for "$S_WRONG" || return 1
	wait_for "$S_NOTHING" || return 1
	# A file that is not a bundle beside it: refused too, with the right
	# passphrase; Backspace in the empty field takes it off the list.
	printf 'hello\n' >"$d/text.bundle"
	add_bundles "$d/text.bundle" || return 1
	keys F10 && wait_for "$S_ASK" || return 1
	type_text "$PASS" && keys Enter && wait_for "$S_NOT_BUNDLE" || return 1
	keys BSpace && wait_for "$S_TOOK_OFF $d/text.bundle" || return 1
	keys Escape && wait_for "$S_HOME" || return 1
	keys q && wait_for "[senda exit 0]" || return 1
	cmp -s "$H" "$d/hub-before.db" || fail_because "the hub's file changed"
}

# The same field changed at two sites at once: the merge keeps one value
# everywhere and the other lands on the review screen; taking it saves it as
# a new change that is in the next export.
flow_conflict_review() {
	strings "$1"
	sites "$1" || return 1
	rosa=$(cli "$C" add --given Rosa --surname Peña --language es --consent-share yes) ||
		return 1
	export_to "$K" hub "$d/k1.bundle" && export_to "$C" hub "$d/c1.bundle" &&
	cli "$H" merge "$d/k1.bundle" "$d/c1.bundle" --passphrase-file "$PW" >/dev/null ||
		return 1
	export_to "$H" "Valley Community College" "$d/h1.bundle" &&
	cli "$K" merge "$d/h1.bundle" --passphrase-file "$PW" >/dev/null || return 1
	[ "$(sqlite3 "$K" "SELECT count(*) FROM participant")" = 1 ] ||
		fail_because "Rosa did not reach the college (consent?)" || return 1
	# Both change her phone, neither having seen the other's change.
	cli "$C" edit "$rosa" --phone 509-555-0111 >/dev/null &&
	cli "$K" edit "$rosa" --phone 509-555-0222 >/dev/null || return 1
	export_to "$C" hub "$d/c2.bundle" && export_to "$K" hub "$d/k2.bundle" || return 1
	ui_merge "$H" "$d/c2.bundle" "$d/k2.bundle" || return 1
	# At the hub, from the summary straight to the review screen.
	wait_for "$S_WAITS" || return 1
	keys v && wait_for "$S_REVIEW" && wait_for "Peña, Rosa" || return 1
	export_to "$H" "Centro Comunitario" "$d/h2.bundle" || return 1
	ui_merge "$C" "$d/h2.bundle" || return 1
	kept=$(sqlite3 "$C" "SELECT phone FROM participant")
	[ "$kept" = 509-555-0222 ] || fail_because "the later edit did not win: '$kept'" || return 1
	keys Escape && wait_for "$S_TO_REVIEW" || return 1
	keys v && wait_for "$S_REVIEW" && wait_for "Peña, Rosa" && wait_for "$S_PHONE" ||
		return 1
	wait_for "509-555-0222" && wait_for "509-555-0111" || return 1
	keys t && wait_for "$S_TOOK" && wait_for "$S_NONE_LEFT" || return 1
	now=$(sqlite3 "$C" "SELECT phone FROM participant")
	[ "$now" = 509-555-0111 ] || fail_because "the other value was not saved: '$now'" ||
		return 1
	# Her history shows both values.
	keys Escape && wait_for "$S_HOME" && wait_gone "$S_TO_REVIEW" || return 1
	keys / && type_text "pena" && wait_for "$S_FOUND" || return 1
	keys Enter && wait_for "$S_RECORD" || return 1
	# The history is at the end of the record.
	keys End && wait_for "$S_KEPT 509-555-0222" && wait_for "$S_OTHER 509-555-0111" ||
		return 1
	# The value taken travels in the next export.
	cli "$C" export --to hub --plain --out "$d/c3.bundle" >/dev/null || return 1
	[ "$(sqlite3 "$d/c3.bundle" "SELECT count(*) FROM entry WHERE field = 'phone' AND value = '509-555-0111'")" -ge 1 ] ||
		fail_because "the value taken is not in the next export" || return 1
	cli "$H" merge "$d/c3.bundle" >/dev/null &&
	[ "$(sqlite3 "$H" "SELECT phone FROM participant")" = 509-555-0111 ] ||
		fail_because "the hub did not take the value after the next merge"
}

# A laptop whose date is years ahead: its change is held back, counted on
# the home screen and listed on the review screen with the reason.
flow_held_back() {
	strings "$1"
	sites "$1" || return 1
	rosa=$(cli "$C" add --given Rosa --surname Peña --language es --consent-share yes) ||
		return 1
	export_to "$K" hub "$d/k1.bundle" && export_to "$C" hub "$d/c1.bundle" &&
	cli "$H" merge "$d/k1.bundle" "$d/c1.bundle" --passphrase-file "$PW" >/dev/null ||
		return 1
	export_to "$H" "Valley Community College" "$d/h1.bundle" &&
	cli "$K" merge "$d/h1.bundle" --passphrase-file "$PW" >/dev/null || return 1
	SENDA_NOW=2031-06-01T12:00:00Z cli "$K" edit "$rosa" --phone 509-555-0333 >/dev/null &&
	SENDA_NOW=2031-06-01T12:00:00Z cli "$K" export --to hub --out "$d/k2.bundle" \
		--passphrase-file "$PW" >/dev/null || fail_because "the export from 2031 failed" ||
		return 1
	ui_merge "$H" "$d/k2.bundle" || return 1
	[ "$(sqlite3 "$H" "SELECT phone FROM participant")" = "" ] ||
		fail_because "the change from 2031 was applied" || return 1
	keys Escape && wait_for "$S_HELD_HOME" || return 1
	keys v && wait_for "$S_REVIEW" && wait_for "$S_HELD_WHY" && wait_for "509-555-0333" &&
		wait_match "$S_HELD_COUNT" || return 1
	keys t && wait_for "$S_HELD_NOTHING"
}

for L in en es; do
	run_test "round trip through the merge screen: the center sees enrolled ($L)" flow_round_trip $L
	run_test "a wrong passphrase and a file that is no bundle are refused on the merge screen, the file unchanged ($L)" flow_wrong_passphrase $L
	run_test "a concurrent edit lands on the review screen; the other value taken travels ($L)" flow_conflict_review $L
	run_test "a change from a clock far ahead is held back, on home and the review screen ($L)" flow_held_back $L
done
ui_done
