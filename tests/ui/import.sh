#!/bin/sh
# senda — interface tests of the import screen (issue 11, part 3): a
# community organization's spreadsheet (Windows-1252, Spanish headers, ';',
# CRLF, an impossible date, a near-duplicate, a row without a name) shows
# its columns and the dry run's counts and reasons, writes nothing until
# F10, then adds exactly the new rows; a file whose dates all read two ways
# asks the order once, and the answer decides them; a file that cannot be
# read says why and writes nothing. English and Spanish, 80x24. TAP on
# stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
if ! command -v sqlite3 >/dev/null 2>&1 || ! command -v iconv >/dev/null 2>&1; then
	echo "1..0 # SKIP sqlite3 or iconv is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

strings() {
	if [ "$1" = es ]; then
		S_HOME="i importa una hoja"
		S_LIST="senda · Participantes"
		S_IMPORT="senda · Importar participantes"
		S_DRY="6 filas: 3 nueva(s), 1 posible(s) duplicado(s), 2 rechazada(s)."
		S_MAP="«Apellido Paterno» → Primer apellido"
		S_NODAY="Ese día no existe"
		S_NODAY_OTHER="That day does not exist"
		S_DUP="posible duplicado de la fila 1"
		S_ADDED="Se agregaron 3 participantes."
		S_ASK="«3/4/1979»?"
		S_DAYFIRST="3 de abril de 1979"
		S_ORDER="Las fechas se leen con el día primero"
		S_ADDED2="Se agregaron 2 participantes."
		S_EMPTY="el archivo tiene su fila de encabezados y ningún participante"
		S_NOTHING="No se importó nada."
		S_CHANGED="El archivo cambió desde que se leyó"
		S_DRY1="2 filas: 1 nueva(s)"
		S_DRY2="2 filas: 2 nueva(s)"
		S_ADDED1="Se agregó 1 participante."
		S_READ_AS="Leído como UTF-8."
		S_MORE="0 más arriba, [0-9]+ más abajo"
		S_MORE_PGDN="0 más abajo (Arriba"
		S_LINE_LAST="(línea 42)"
		S_LINE_FIRST="(línea 3)"
	else
		S_HOME="i imports a spreadsheet"
		S_LIST="senda · Participants"
		S_IMPORT="senda · Import participants"
		S_DRY="6 rows: 3 new, 1 possible duplicate(s), 2 refused."
		S_MAP="“Apellido Paterno” → First surname"
		S_NODAY="That day does not exist"
		S_NODAY_OTHER="Ese día no existe"
		S_DUP="possible duplicate of row 1"
		S_ADDED="Added 3 participants."
		S_ASK="How is “3/4/1979” read?"
		S_DAYFIRST="April 3, 1979"
		S_ORDER="Dates are read day first"
		S_ADDED2="Added 2 participants."
		S_EMPTY="the file has its header row and no participants"
		S_NOTHING="Nothing was imported."
		S_CHANGED="The file changed since it was read"
		S_DRY1="2 rows: 1 new"
		S_DRY2="2 rows: 2 new"
		S_ADDED1="Added 1 participant."
		S_READ_AS="Read as UTF-8."
		S_MORE="0 more above, [0-9]+ more below"
		S_MORE_PGDN="0 more below (Up"
		S_LINE_LAST="(line 42)"
		S_LINE_FIRST="(line 3)"
	fi
}

count() { sqlite3 "$1" "SELECT count(*) FROM participant"; }

# open_import DB: the interface on DB, at the import screen (from the
# list of participants).
open_import() {
	ui_start "$1" && wait_for "$S_HOME" || return 1
	keys p && wait_for "$S_LIST" || return 1
	keys i && wait_for "$S_IMPORT"
}

flow_spreadsheet() {
	strings "$1"
	db=$(new_db "org-$1" "$1") || return 1
	f="$UI_DIR/org-$1.csv"
	printf '%s\r\n' \
		'Apellido Paterno;Nombre;Apellido Materno;Fecha de Nacimiento;Teléfono;Idioma;Notas' \
		'Hernández;José Luis;García;15/03/1985;(555) 201-3344;Español;"llamar por la tarde' \
		'no los lunes"' \
		'López;Ana;;31/02/1990;;es;' \
		'Pérez;Guadalupe;;1988-07-09;555 777 1212;Inglés;' \
		'Sin Nombre;;;01/01/1980;;es;' \
		'HERNANDEZ;jose luis;Garcia;15/03/1985;;es;otra vez' \
		'Zubiaurre;Concepción;Íñiguez;22/11/1970;;es;' | iconv -f UTF-8 -t WINDOWS-1252 >"$f"
	open_import "$db" || return 1
	type_text "$f" && keys Enter && wait_for "$S_DRY" || return 1
	wait_for "$S_MAP" && wait_for "$S_NODAY" && wait_for "$S_DUP" || return 1
	[ "$(count "$db")" = 0 ] || fail_because "the dry run wrote to the database" || return 1
	# F2 gives the reasons in the other language, and back
	keys F2 && wait_for "$S_NODAY_OTHER" || return 1
	keys F2 && wait_for "$S_NODAY" || return 1
	keys F10 && wait_for "$S_ADDED" || return 1
	[ "$(sqlite3 "$db" "SELECT group_concat(given_names, ',') FROM (SELECT given_names FROM participant ORDER BY sort_key)")" = "José Luis,Guadalupe,Concepción" ] ||
		fail_because "the file holds: $(sqlite3 "$db" "SELECT group_concat(given_names, ',') FROM participant")"
}

flow_date_order() {
	strings "$1"
	db=$(new_db "dates-$1" "$1") || return 1
	f="$UI_DIR/dates-$1.csv"
	printf 'First Name,Last Name,DOB\nRosa,Ortiz,3/4/1979\nLuis,Paz,5/6/1980\n' >"$f"
	open_import "$db" || return 1
	type_text "$f" && keys Enter && wait_for "$S_ASK" && wait_for "$S_DAYFIRST" || return 1
	keys d && wait_for "$S_ORDER" || return 1
	keys F10 && wait_for "$S_ADDED2" || return 1
	[ "$(sqlite3 "$db" "SELECT group_concat(birth_date, ',') FROM (SELECT birth_date FROM participant ORDER BY sort_key)")" = "1979-04-03,1980-06-05" ] ||
		fail_because "dates: $(sqlite3 "$db" "SELECT group_concat(birth_date, ',') FROM participant")"
}

flow_refused() {
	strings "$1"
	db=$(new_db "bad-$1" "$1") || return 1
	f="$UI_DIR/header-$1.csv"
	printf 'Nombre;Apellido Paterno;Teléfono\r\n' >"$f"
	open_import "$db" || return 1
	type_text "$f" && keys Enter && wait_for "$S_EMPTY" && wait_for "$S_NOTHING" || return 1
	[ "$(count "$db")" = 0 ] || fail_because "a refused file wrote to the database"
}

# The file changed between the dry run and F10: F10 reads it again and
# shows what it holds now; nothing is added until F10 is pressed again.
flow_changed() {
	strings "$1"
	db=$(new_db "chg-$1" "$1") || return 1
	f="$UI_DIR/chg-$1.csv"
	printf 'First Name,Last Name,DOB\nRosa,Ortiz,1979-04-03\nLuis,Paz,1980-06-05\n' >"$f"
	open_import "$db" || return 1
	type_text "$f" && keys Enter && wait_for "$S_DRY2" || return 1
	printf 'First Name,Last Name,DOB\nAna,Ruiz,1971-01-02\n,NoName,1972-01-02\n' >"$f"
	touch -d '+1 minute' "$f"
	keys F10 && wait_for "$S_CHANGED" && wait_for "$S_DRY1" || return 1
	[ "$(count "$db")" = 0 ] || fail_because "F10 added what the screen had not shown" || return 1
	keys F10 && wait_for "$S_ADDED1" || return 1
	[ "$(sqlite3 "$db" "SELECT group_concat(given_names) FROM participant")" = "Ana" ] ||
		fail_because "the file holds: $(sqlite3 "$db" "SELECT group_concat(given_names) FROM participant")"
}

# Forty rows refused: the screen shows those that fit, says how many more
# there are, and PgDn, End and Home scroll through them all.
flow_many_refused() {
	strings "$1"
	db=$(new_db "many-$1" "$1") || return 1
	f="$UI_DIR/many-$1.csv"
	{
		printf 'First Name,Last Name,DOB\nRosa,Ortiz,1979-04-03\n'
		for i in $(seq 1 40); do printf 'Nadie%02d,,1979-04-03\n' "$i"; done
	} >"$f"
	open_import "$db" || return 1
	type_text "$f" && keys Enter && wait_for "$S_READ_AS" && wait_match "$S_MORE" || return 1
	case $(ui_screen) in *Nadie40*) fail_because "the last refused row is shown at once"; return 1 ;; esac
	keys End && wait_for "$S_LINE_LAST" && wait_for "$S_MORE_PGDN" || return 1
	keys Home && wait_for "$S_LINE_FIRST" || return 1
	keys PageDown && wait_gone "$S_LINE_FIRST" || return 1
	[ "$(count "$db")" = 0 ] || fail_because "scrolling wrote to the database"
}

for L in en es; do
	run_test "import screen: a Windows-1252 spreadsheet's columns and dry run, then F10 adds exactly the new rows ($L)" flow_spreadsheet $L
	run_test "import screen: dates that read two ways are asked once, and the answer decides them ($L)" flow_date_order $L
	run_test "import screen: a file with a header and no rows is refused, nothing written ($L)" flow_refused $L
	run_test "import screen: a file changed after its dry run is read again before anything is added ($L)" flow_changed $L
	run_test "import screen: forty refused rows, how many more, PgDn, End, Home ($L)" flow_many_refused $L
done
ui_done
