#!/bin/bash
# tests/cli/pcsv.sh — issue 11, parts 2 and 3: export-csv (participants,
# screenings, referrals, placements, report: headers in the user's language,
# RFC 4180, --excel, a legacy encoding refused or transliterated, consent to
# share, never over the database or an existing file) and import-csv (a
# community organization's spreadsheet, duplicates, rejects, dry run, all or
# nothing, the same file twice, date order, --map), every malformed file
# refused whole; PostgreSQL COPY ... CSV HEADER loads the exports when a
# PostgreSQL server is installed (else skipped). Both languages.
# Needs: bash, coreutils, iconv, sqlite3, python3.

. "$(dirname "$0")/lib.sh"

plan 134

LANGS="en es"
mkdir -p en es

# file_is NAME LANG DESC FILE: compare a file's bytes with an expected file
# (as if senda had printed it).
file_is() {
	cp "$4" "$OUT"
	: >"$ERR"
	RC=0
	compare "$1" "$2" "$3"
}

# ---- a small file with a pathway -------------------------------------------------
for l in $LANGS; do
	db=$l/a.db
	run "$l" --db "$db" init --site "Centro" --user "Ana"
	[ "$RC" = 0 ] || bail_out "init failed: $(cat "$ERR")"
	P1=$(senda_q "$l" --db "$db" add --given "María José" --surname "Núñez" --surname2 "Peña" \
		--birth 1990-03-04 --phone "+1 555 123 4567" --language es --consent-share yes \
		--wage 12.50)
	P2=$(senda_q "$l" --db "$db" add --given "=HYPERLINK(\"x\")" --surname 'O"Brien, Jr' \
		--language en)
	P3=$(senda_q "$l" --db "$db" add --given "Şükrü" --surname "Yılmaz" --consent-share yes)
	[ -n "$P1" ] && [ -n "$P2" ] && [ -n "$P3" ] || bail_out "add failed"
	name_id "$P1" maria
	name_id "$P2" obrien
	name_id "$P3" sukru
	senda_q "$l" --db "$db" screen "$P1" --instrument casas --score 215 --date 2026-11-02 >/dev/null ||
		bail_out "screen failed"
	senda_q "$l" --db "$db" partners add --name "Valley College" --kind college >/dev/null ||
		bail_out "partners add"
	senda_q "$l" --db "$db" programs add "Valley College" --name "Nurse Aide I" --kind vocational \
		>/dev/null || bail_out "programs add"
	G=$(sqlite3 "$db" "SELECT id FROM program")
	senda_q "$l" --db "$db" refer "$P1" "$G" --date 2026-11-03 --yes >/dev/null ||
		bail_out "refer failed"
	senda_q "$l" --db "$db" place "$P1" --employer "=Clinic, \"Sur\"" --start 2026-11-20 \
		--wage 17.25 --yes >/dev/null || bail_out "place failed"
	for c in $(sqlite3 "$db" "SELECT id FROM referral UNION ALL SELECT id FROM screening UNION ALL SELECT id FROM placement"); do
		name_id "$c" rec
	done
	sqlite3 "$db" "UPDATE referral SET code = 'R-TEST01'"
done

# ---- export: the shapes, in each language -----------------------------------------
for l in $LANGS; do
	db=$l/a.db
	expect pcsv-export-participants "$l" "export-csv participants --to this site: everyone, headers in the language, quoting, formulas defused" \
		--db "$db" export-csv participants --to Centro
	expect pcsv-export-left-out "$l" "export-csv participants for anyone: people without consent to share left out, and counted" \
		--db "$db" export-csv participants
	for t in screenings referrals placements report; do
		expect "pcsv-export-$t" "$l" "export-csv $t: its columns, from the field tables" \
			--db "$db" export-csv "$t" --to Centro
	done
done

# ---- export: RFC 4180, every row as wide as the header ------------------------------
for l in $LANGS; do
	p=""
	for t in participants screenings referrals placements report; do
		"$SENDA" --db "$l/a.db" export-csv "$t" --to Centro --out "$l/$t.csv" 2>/dev/null ||
			p+="export $t failed"$'\n'
		p+=$(python3 - "$l/$t.csv" <<'EOF'
import csv, sys
raw = open(sys.argv[1], 'rb').read()
if b'\r\n' not in raw or raw.replace(b'\r\n', b'').find(b'\n') >= 0:
    print(sys.argv[1] + ': records must end with CRLF')
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
for i, r in enumerate(rows):
    if len(r) != len(rows[0]):
        print('%s: row %d has %d cells, header %d' % (sys.argv[1], i, len(r), len(rows[0])))
for r in rows[1:]:
    for c in r:
        if c[:1] in ('=', '+', '-', '@'):
            print('%s: a formula-looking cell is not defused: %s' % (sys.argv[1], c))
EOF
)
	done
	verdict "export-csv: every table parses as RFC 4180 (CRLF), rows as wide as the header, no formula left live [$l]" "$p"
done

# ---- export: encodings ----------------------------------------------------------------
l=en
run en --db en/a.db export-csv participants --to Centro --out en/plain.csv
is "$RC:$(head -c 3 en/plain.csv | od -An -tx1 | tr -d ' ')" "0:69642c" \
	"export-csv: UTF-8 without a byte-order mark by default (PostgreSQL, scripts)"
run en --db en/a.db export-csv participants --to Centro --excel --out en/excel.csv
is "$RC:$(head -c 3 en/excel.csv | od -An -tx1 | tr -d ' ')" "0:efbbbf" \
	"export-csv --excel: UTF-8 with a byte-order mark"
run en --db en/a.db export-csv participants --to Centro --excel --encoding windows-1252
is "$RC" 2 "export-csv: --excel with a legacy --encoding is a usage error"
for l in $LANGS; do
	expect pcsv-export-cp1252-refused "$l" "export-csv --encoding WINDOWS-1252: a character it lacks is refused, naming it and its row" \
		--db "$l/a.db" export-csv participants --to Centro --encoding WINDOWS-1252 --out "$l/w.csv"
	check "export-csv: nothing is written when a character cannot be carried [$l]" test ! -e "$l/w.csv"
	expect pcsv-export-cp1252-translit "$l" "export-csv --translit: replaced, and the rows that lost characters counted" \
		--db "$l/a.db" export-csv participants --to Centro --encoding WINDOWS-1252 --translit --out "$l/w.csv"
done
is "$(grep -c $'N\xfa\xf1ez' en/w.csv)" 1 "export-csv --encoding WINDOWS-1252: accents written as Windows-1252 bytes"
is "$(grep -c $'S\xfckr\xfc,Yilmaz' en/w.csv)" 1 "export-csv --translit: Şükrü Yılmaz becomes Sükrü Yilmaz (ü is in Windows-1252, Ş and ı are not)"
run es --db es/a.db export-csv participants --to Centro --encoding ascii --out es/a.csv
is "$RC:$(test -e es/a.csv && echo written)" "1:" "export-csv: Spanish headers an encoding cannot carry are refused too, nothing written"

# ---- export: where it may write -------------------------------------------------------
for l in $LANGS; do
	echo keep >"$l/exists.csv"
	expect pcsv-export-exists "$l" "export-csv --out an existing file: refused without --force" \
		--db "$l/a.db" export-csv participants --out "$l/exists.csv"
	is "$(cat "$l/exists.csv")" keep "export-csv: the existing file is untouched [$l]"
	run "$l" --db "$l/a.db" export-csv participants --out "$l/exists.csv" --force
	is "$RC:$(head -c 2 "$l/exists.csv")" "0:id" "export-csv --force replaces it [$l]"
	before=$(snap "$l/a.db")
	run "$l" --db "$l/a.db" export-csv participants --out "$l/a.db" --force
	is "$RC" 1 "export-csv --out the database itself: refused even with --force [$l]"
	unchanged "export-csv: the database is untouched [$l]" "$before" "$l/a.db"
done
run en --db en/a.db export-csv people
is "$RC" 2 "export-csv: an unknown table is a usage error"

# ---- import: a community organization's spreadsheet (the acceptance test) ---------------
# Spanish headers in another order, Windows-1252, CRLF, ';' (a Spanish
# locale's spreadsheet), a quoted newline in a note, an impossible date
# (31/02), a near-duplicate of an earlier row (same names, other accents and
# case), a row without a name, a possible duplicate of someone saved, an
# unknown language refused, a blank line.
org() {
	printf '%s\r\n' \
		'Apellido Paterno;Nombre;Apellido Materno;Fecha de Nacimiento;Teléfono;Idioma;Notas' \
		'Hernández;José Luis;García;15/03/1985;(555) 201-3344;Español;"llamar por la tarde' \
		'no los lunes"' \
		'López;Ana;;31/02/1990;;es;' \
		'Pérez;Guadalupe;;1988-07-09;555 777 1212;Inglés;' \
		';;;;;;' \
		'Sin Nombre;;;01/01/1980;;es;sin nombre' \
		'HERNANDEZ;jose luis;Garcia;15/03/1985;;es;la misma persona, otra vez' \
		'Núñez;María José;Peña;04/03/1990;;es;ya registrada' \
		'Ortiz;Rosa;;3/4/1979;555-0134;klingon;' \
		'Zubiaurre;Concepción;Íñiguez;22/11/1970;+52 1 55 1234 5678;es;"dice: ""Concha"""' |
		iconv -f UTF-8 -t WINDOWS-1252
}
for l in $LANGS; do
	org >"$l/org.csv"
	before=$(count_participants "$l/a.db")
	pre=$(sqlite3 "$l/a.db" "SELECT group_concat(quote(id)) FROM participant")
	expect pcsv-import-org "$l" "import-csv: a Windows-1252 spreadsheet with Spanish headers: new, possible duplicates and refused rows, with reasons" \
		--db "$l/a.db" import-csv "$l/org.csv" --rejects "$l/rejects.csv"
	is "$(($(count_participants "$l/a.db") - before))" 3 "import-csv: exactly the 3 good new rows are added [$l]"
	is "$(sqlite3 "$l/a.db" "SELECT group_concat(given_names || '|' || first_surname || '|' || second_surname || '|' || coalesce(birth_date, '') || '|' || phone || '|' || language, ' / ') FROM (SELECT * FROM participant WHERE id NOT IN ($pre) ORDER BY sort_key)")" \
		"José Luis|Hernández|García|1985-03-15|(555) 201-3344|es / Guadalupe|Pérez||1988-07-09|555 777 1212|en / Concepción|Zubiaurre|Íñiguez|1970-11-22|+52 1 55 1234 5678|es" \
		"import-csv: the new rows hold the file's values: accents from Windows-1252, dates day first, languages by name [$l]"
	is "$(sqlite3 "$l/a.db" "SELECT group_concat(given_names || ': ' || notes, ' / ') FROM (SELECT * FROM participant WHERE id NOT IN ($pre) AND notes <> '' ORDER BY sort_key)")" \
		'José Luis: llamar por la tarde no los lunes / Concepción: dice: "Concha"' \
		"import-csv: the Notas column goes into the notes, a quoted line break read as a space [$l]"
	file_is pcsv-import-org-rejects "$l" "import-csv --rejects: the same columns and the reason, in the user's language" "$l/rejects.csv"
	before=$(snap "$l/a.db")
	run "$l" --db "$l/a.db" import-csv "$l/org.csv"
	is "$RC:$(grep -c '' "$ERR")" "0:0" "import-csv: the same file again runs [$l]"
	unchanged "import-csv: the same file twice adds nothing the second time [$l]" "$before" "$l/a.db"
	grep -q "^Added 0 participants\|^Se agregaron 0 participantes" "$OUT"
	is "$?" 0 "import-csv: the second time says 0 added [$l]"
done

# ---- import: dry run, all or nothing ------------------------------------------------------
for l in $LANGS; do
	db=$l/b.db
	run "$l" --db "$db" init --site "Centro" --user "Ana"
	org >"$l/org.csv"
	before=$(snap "$db")
	expect pcsv-import-dry "$l" "import-csv --dry-run: what would happen, and nothing written" \
		--db "$db" import-csv "$l/org.csv" --dry-run
	unchanged "import-csv --dry-run writes nothing [$l]" "$before" "$db"
	# A failure in the middle of writing (here a trigger refusing the 3rd new
	# person) leaves the file as it was.
	sqlite3 "$db" "CREATE TRIGGER boom BEFORE INSERT ON participant WHEN new.given_names = 'Concepción' BEGIN SELECT RAISE(ABORT, 'boom'); END"
	before=$(snap "$db")
	run "$l" --db "$db" import-csv "$l/org.csv"
	is "$RC:$(count_participants "$db")" "1:0" "import-csv: a failure on the last row leaves no row of the file [$l]"
	unchanged "import-csv: all or nothing, the file as before [$l]" "$before" "$db"
	sqlite3 "$db" "DROP TRIGGER boom"
done

# ---- import: English headers, UTF-8 with a BOM, ',' and LF; dates; --map ---------------
for l in $LANGS; do
	db=$l/c.db
	run "$l" --db "$db" init --site "Centro" --user "Ana"
	printf '\xef\xbb\xbfFirst Name,Last Name,DOB,Phone,Language,Shirt size\nRosa,Ortiz,3/4/1979,555-0134,Spanish,M\nLuis,Paz,5/6/1980,,English,L\n' >"$l/en.csv"
	expect pcsv-import-ambiguous "$l" "import-csv: dates that read two ways are asked for once, with both readings" \
		--db "$db" import-csv "$l/en.csv"
	expect pcsv-import-unknown "$l" "import-csv: a column without a field is kept in the notes, and the mapping says so" \
		--db "$db" import-csv "$l/en.csv" --date-order dmy --dry-run
	run "$l" --db "$db" import-csv "$l/en.csv" --map "Shirt size=ignore" --date-order mdy --dry-run
	is "$RC:$(count_participants "$db")" "0:0" "import-csv --date-order mdy --dry-run [$l]"
	run "$l" --db "$db" import-csv "$l/en.csv" --map "shirt size=phone_alt" --date-order dmy
	is "$RC:$(count_participants "$db"):$(grep -c '^  row .*Other phone\|^  fila .*Otro teléfono' "$OUT")" \
		"0:0:2" "import-csv --map: a column mapped to a field is checked as that field (M is no phone) [$l]"
	run "$l" --db "$db" import-csv "$l/en.csv" --map "Shirt size=ignore" --date-order dmy
	is "$RC:$(sqlite3 "$db" "SELECT group_concat(given_names || ' ' || birth_date || ' ' || language, ',') FROM (SELECT * FROM participant ORDER BY sort_key)")" \
		"0:Rosa 1979-04-03 es,Luis 1980-06-05 en" "import-csv --date-order dmy: 3/4/1979 is 3 April; English headers, BOM, LF [$l]"
	run "$l" --db "$l/e.db" init --site "Centro" --user "Ana"
	run "$l" --db "$l/e.db" import-csv "$l/en.csv" --date-order dmy
	is "$RC:$(sqlite3 "$l/e.db" "SELECT group_concat(given_names || ' ' || notes, ',') FROM (SELECT * FROM participant ORDER BY sort_key)")" \
		"0:Rosa Shirt size: M,Luis Shirt size: L" "import-csv: a column without a field is kept in the notes as \"Column: value\" [$l]"
	printf 'Nombre,Apellido,Nacimiento\nAna,Ruiz,13/04/1990\nEva,Gil,04/13/1991\n' >"$l/both.csv"
	expect pcsv-import-both-orders "$l" "import-csv: a file with dates in both orders is refused, naming a row of each" \
		--db "$db" import-csv "$l/both.csv"
	run "$l" --db "$db" import-csv "$l/en.csv" --map "Shirt size=weight"
	is "$RC:$(grep -c 'weight' "$ERR")" "1:1" "import-csv --map to no field is refused, naming it [$l]"
done

# ---- import: the bad files, refused whole ---------------------------------------------------
bad_files() {
	local d=$1
	printf 'Nombre,Apellido\nAna,Ruiz\x00\x01\x02\n' >"$d/binary.csv"
	printf 'Nombre,Apellido,Notas\nAna,Ruiz,"empieza\nEva,Gil,x\n' >"$d/truncated.csv"
	python3 -c "import sys; open(sys.argv[1], 'w').write('Nombre,Apellido,Notas\nAna,Ruiz,' + 'x' * (1 << 20) + '\n')" "$d/bigcell.csv"
	python3 -c "import sys; open(sys.argv[1], 'w').write(','.join('c%d' % i for i in range(200)) + '\n' + ','.join('v' for i in range(200)) + '\n')" "$d/wide.csv"
	printf 'Nombre,Apellido\nJos\xe9,P\xe9rez\n' >"$d/latin1.csv"
	: >"$d/empty.csv"
	printf 'Nombre;Apellido Paterno;Teléfono\r\n' >"$d/header.csv"
	printf 'Nombre,Apellido,Nombre\nAna,Ruiz,Eva\n' >"$d/dupheader.csv"
}
for l in $LANGS; do
	bad_files "$l"
	before=$(snap "$l/a.db")
	for f in binary truncated bigcell wide empty header dupheader; do
		expect "pcsv-bad-$f" "$l" "import-csv: $f file refused with a clear message" \
			--db "$l/a.db" import-csv "$l/$f.csv"
	done
	expect pcsv-bad-latin1 "$l" "import-csv --encoding UTF-8: invalid UTF-8 refused, naming the line" \
		--db "$l/a.db" import-csv --encoding UTF-8 "$l/latin1.csv"
	unchanged "import-csv: none of the bad files wrote anything [$l]" "$before" "$l/a.db"
done
run en --db en/a.db import-csv en/latin1.csv --dry-run
is "$RC:$(grep -c 'read as Windows-1252' "$OUT")" "0:1" "import-csv: the same bytes undeclared are read as Windows-1252"

# ---- rows with no birth date, or 1 January: the second import still adds nothing --------------
run en --db en/u.db init --site "Centro" --user "Ana"
printf 'Nombre,Apellido,Fecha de Nacimiento,Teléfono\r\nJuan,Hernández,,\r\nAna,López,01/01/1980,\r\nRigoberta,Quispe,,\r\nLuis,Pérez,,555 123 9999\r\n' >en/undated.csv
run en --db en/u.db import-csv en/undated.csv
is "$RC:$(sqlite3 en/u.db "SELECT count(*) FROM participant")" "0:4" "import-csv: four people without a date or with 1 January"
run en --db en/u.db import-csv en/undated.csv
is "$RC:$(sqlite3 en/u.db "SELECT count(*) FROM participant")" "0:4" \
	"import-csv: the same file again adds none of them (the same names, no date to differ)"

# ---- a near-duplicate of an earlier row, spelled otherwise: scored as at an intake -------------
printf 'Nombre,Apellido Paterno,Apellido Materno,Fecha de Nacimiento,Teléfono\r\nMaría José,Núñez,Peña,15/03/1985,(664) 123-4567\r\nRosa,Quispe,,02/02/1970,\r\nMaria,Nunez,,15/03/1985,6641234567\r\n' >en/near.csv
run en --db en/u.db import-csv en/near.csv --dry-run
is "$RC:$(grep -c 'row 3 (line 4): possible duplicate of row 1 of this file: ' "$OUT")" "0:1" \
	"import-csv: Maria Nunez is a possible duplicate of the file's María José Núñez Peña (same date, same phone)"
is "$(grep -c '1 possible duplicate' "$OUT")" 1 "import-csv: and only she is"
run en --db en/u.db import-csv en/near.csv --rejects en/near-rejects.csv
run en --db en/u.db import-csv en/near-rejects.csv --dry-run
is "$RC:$(grep -c "“reason” → not imported: why a reject file's row was refused" "$OUT")" "0:1" \
	"import-csv of a reject file: its reason column is not kept in the notes"

# ---- the reject file is never the spreadsheet being read, even with --force -----------------
cp en/undated.csv en/sheet.csv
ln -sf sheet.csv en/sheet-link.csv
run es --db en/u.db import-csv en/sheet-link.csv --rejects en/sheet.csv --force
is "$RC:$(grep -c 'es la hoja de cálculo que se importa' "$ERR")" "1:1" \
	"import-csv --rejects naming the spreadsheet itself (through a link) is refused [es]"
is "$(cmp -s en/sheet.csv en/undated.csv && echo same)" same "and the spreadsheet is as it was"

# ---- the progress line: on a terminal's stderr only ------------------------------------------
if command -v script >/dev/null; then
	out=$(LANGUAGE=en script -qec "'$SENDA' --db '$T/en/b.db' import-csv --dry-run '$T/en/org.csv'" /dev/null </dev/null)
	check "import-csv: a progress line on stderr when it is a terminal [en]" grep -q "Importing: 8 of 8" <<<"$out"
else
	ok "import-csv: a progress line on stderr when it is a terminal [en] # SKIP no script(1)"
fi

# ---- round trip: what senda exports, senda imports -------------------------------------------
for l in $LANGS; do
	db=$l/d.db
	run "$l" --db "$db" init --site "Otra" --user "Eva"
	"$SENDA" --db "$l/a.db" export-csv participants --to Centro --out "$l/all.csv" --force 2>/dev/null
	run "$l" --db "$db" import-csv "$l/all.csv"
	is "$RC:$(count_participants "$db")" "0:$(count_participants "$l/a.db")" "round trip: every exported person imports into another file [$l]"
	q="SELECT group_concat(given_names || '|' || first_surname || '|' || phone || '|' || consent_share || '|' || coalesce(birth_date, ''), ' / ') FROM (SELECT * FROM participant ORDER BY sort_key)"
	is "$(sqlite3 "$db" "$q")" "$(sqlite3 "$l/a.db" "$q")" "round trip: names, phones (a leading + defused and back), consent and dates come back the same [$l]"
done

# ---- PostgreSQL COPY ... CSV HEADER ------------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
if [ -z "$pg_bin" ] || ! command -v setpriv >/dev/null || ! command -v psql >/dev/null; then
	for t in participants screenings referrals placements report; do
		ok "# SKIP PostgreSQL COPY of $t: no PostgreSQL server installed"
	done
else
	# Its own folder outside $T (which only root may enter): the server runs
	# as nobody (PostgreSQL refuses root).
	pg=$(mktemp -d "${TMPDIR:-/tmp}/senda-pg.XXXXXX") || bail_out "mktemp failed"
	chmod 777 "$pg"
	as_pg() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	as_pg "$pg_bin/initdb" -D "$pg/data" -U senda -A trust >"$pg/initdb.log" 2>&1
	as_pg "$pg_bin/pg_ctl" -D "$pg/data" -o "-k $pg -c listen_addresses= -F" -l "$pg/log" -w start >/dev/null 2>&1
	psql_q() { psql -h "$pg" -U senda -d postgres -v ON_ERROR_STOP=1 -qAt "$@" 2>&1; }
	for t in participants screenings referrals placements report; do
		"$SENDA" --db en/a.db export-csv "$t" --to Centro --out "$pg/$t.csv" 2>/dev/null
		chmod 644 "$pg/$t.csv"
		# The table as doc/csv.md gives it.
		ddl=$(sed -n "/^<!-- ddl $t -->/,/^<!-- end -->/p" "$SENDA_TESTS/../doc/csv.md" | sed '1d;$d' | grep -v '^```')
		out=$(psql_q -c "$ddl" -c "\\copy $t FROM '$pg/$t.csv' CSV HEADER" -c "SELECT count(*) FROM $t")
		is "$out" "$(($(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=''))))" "$pg/$t.csv") - 1))" \
			"PostgreSQL COPY $t FROM ... CSV HEADER loads every row into the table of doc/csv.md"
	done
	as_pg "$pg_bin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$pg"
fi

# ---- LibreOffice Calc: the exports open with accents intact ------------------------------------
# LibreOffice's own CSV filter: 44 (comma), 34 (quote), charset (76 UTF-8;
# without one it reads the system's 8-bit charset, Windows-1252 here, even
# after a byte-order mark), 1 (the first line). Skipped without soffice
# (Debian: libreoffice-calc-nogui).
if ! command -v soffice >/dev/null; then
	ok "# SKIP LibreOffice round trip of the UTF-8 export: soffice is not installed"
	ok "# SKIP LibreOffice round trip of the Windows-1252 export: soffice is not installed"
else
	lo=$T/lo
	mkdir -p "$lo/back"
	lo_run() { timeout 120 soffice -env:UserInstallation="file://$lo/profile" --headless "$@" >/dev/null 2>&1; }
	# same_cells A B ENC: the cells of two CSV files (A as senda wrote it, in
	# encoding ENC; B as LibreOffice saved it, UTF-8) are the same, every one
	# (numbers compared as numbers).
	same_cells() {
		python3 - "$1" "$2" "$3" <<'EOF'
import csv, sys
a = list(csv.reader(open(sys.argv[1], newline='', encoding=sys.argv[3])))
b = list(csv.reader(open(sys.argv[2], newline='', encoding='utf-8')))
def same(u, v):
    if u == v:
        return True
    try:   # a number is a number: 12.50 comes back 12.5
        return float(u) == float(v)
    except ValueError:
        return False
for i, (x, y) in enumerate(zip(a, b)):
    if len(x) != len(y) or not all(same(u, v) for u, v in zip(x, y)):
        print('row %d: %r, LibreOffice: %r' % (i, x, y))
        break
if len(a) != len(b):
    print('%d rows, LibreOffice %d' % (len(a), len(b)))
EOF
	}
	"$SENDA" --db en/a.db export-csv participants --to Centro --excel --out "$lo/u.csv" 2>/dev/null
	lo_run --infilter=CSV:44,34,76,1 --convert-to ods --outdir "$lo" "$lo/u.csv"
	lo_run --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir "$lo/back" "$lo/u.ods"
	verdict "LibreOffice Calc opens the UTF-8 (--excel) export and saves back every cell as it was: accents, quotes, defused formulas as text" \
		"$(test -s "$lo/back/u.csv" || echo "soffice made no $lo/back/u.csv"; same_cells "$lo/u.csv" "$lo/back/u.csv" utf-8-sig)"
	"$SENDA" --db en/a.db export-csv participants --to Centro --encoding WINDOWS-1252 --translit --out "$lo/w.csv" 2>/dev/null
	lo_run --convert-to ods --outdir "$lo" "$lo/w.csv"
	lo_run --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir "$lo/back" "$lo/w.ods"
	verdict "LibreOffice Calc opens the Windows-1252 export as it is, accents intact" \
		"$(test -s "$lo/back/w.csv" || echo "soffice made no $lo/back/w.csv"; same_cells "$lo/w.csv" "$lo/back/w.csv" cp1252)"
fi

# ---- the report counts a person once -------------------------------------------------
# Two records linked as the same person make one row of the report, with the
# other record's screening and job; a third person stays on her own.
mkdir -p en/link
L=en/link/l.db
"$SENDA" --db $L init --site Centro --user Ana >/dev/null 2>&1 || bail_out "init"
A=$("$SENDA" --db $L add --given "María José" --surname Núñez --birth 1990-03-04 --consent-share yes 2>/dev/null)
B=$("$SENDA" --db $L add --yes --given Maria --surname Nunez --birth 1990-04-03 --consent-share yes 2>/dev/null)
C=$("$SENDA" --db $L add --given Rosa --surname Quispe --consent-share yes 2>/dev/null)
"$SENDA" --db $L screen "$B" --instrument casas --score 215 --date 2026-11-02 >/dev/null 2>&1 || bail_out "screen"
"$SENDA" --db $L place "$B" --employer "Panadería Sol" --start 2026-11-20 --wage 15 --yes >/dev/null 2>&1 || bail_out "place"
"$SENDA" --db $L duplicates link "$A" "$B" >/dev/null 2>&1 || bail_out "link"
run en --db $L export-csv report --to Centro --out en/link/r.csv
rows=$(python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1], encoding="utf-8"))); print(";".join("%s|%s|%s|%s" % (x["given_names"], x["records"], x["esl_level"], x["employer"]) for x in r))' en/link/r.csv)
is "$rows" "María José|2|5|Panadería Sol;Rosa|1||" \
	"export-csv report: linked records make one row, with the other record's screening and job"
"$SENDA" --db $L duplicates unlink "$B" >/dev/null 2>&1 || bail_out "unlink"
"$SENDA" --db $L export-csv report --to Centro --out en/link/r2.csv 2>/dev/null
is "$(($(wc -l <en/link/r2.csv) - 1))" "3" "export-csv report: unlinked, each record has its row again"

# ---- an option where a value was due ----------------------------------------------
# "--rejects --dry-run" (the file name forgotten) took --dry-run as the
# reject file's name and imported for real.
mkdir -p en/opt
"$SENDA" --db en/opt/o.db init --site Centro --user Ana >/dev/null 2>&1 || bail_out "init"
printf 'Nombre,Apellido\nAna,Lopez\n' >en/opt/one.csv
run en --db en/opt/o.db import-csv en/opt/one.csv --rejects --dry-run
is "$RC" "2" "import-csv --rejects --dry-run: a usage error (exit 2)"
check "import-csv --rejects --dry-run: it says the value is missing" \
	grep -q "option '--rejects' needs a value before '--dry-run'" "$ERR"
check "import-csv --rejects --dry-run: nothing imported, no file named --dry-run" \
	test "$(sqlite3 en/opt/o.db 'SELECT count(*) FROM participant')" = 0 -a ! -e ./--dry-run
run en --db --user Ana list
check "senda --db --user: the global options too, refused before a file named --user is opened" \
	grep -q "option '--db' needs a value before '--user'" "$ERR"
run es --db en/opt/o.db add --given --surname Lopez
check "add --given --surname: refused, in Spanish [es]" \
	grep -q "la opción «--given» necesita un valor antes de «--surname»" "$ERR"
printf 'Nombre,Apellido,Estatus migratorio\nAna,Lopez,x\n' >en/opt/mig.csv
run en --db en/opt/o.db import-csv en/opt/mig.csv --map "Estado migratorio=ignore"
check "import-csv --map with a column the file does not have: refused, with the columns" \
	grep -q "map names the column “Estado migratorio”, which this file does not have; its columns are “Nombre”, “Apellido”, “Estatus migratorio”" "$ERR"
check "import-csv --map with a typo: nothing imported (the column would have gone to the notes)" \
	test "$(sqlite3 en/opt/o.db 'SELECT count(*) FROM participant')" = 0
printf 'Nombre,Apellido\nJosé,Gómez\n' >en/opt/u8.csv
run en --db en/opt/o.db import-csv en/opt/u8.csv --encoding WINDOWS-1252
check "import-csv --encoding WINDOWS-1252 of a UTF-8 file: refused (the accents would be garbled)" \
	grep -q "the file is written in UTF-8, not in WINDOWS-1252" "$ERR"
is "$(sqlite3 en/opt/o.db 'SELECT count(*) FROM participant')" "0" "import-csv --encoding wrong: nothing imported"
printf 'Nombre,Apellido,Motivo,Telefono\nSol,Rios,busca empleo,555-0101\n' >en/opt/mot.csv
run en --db en/opt/o.db import-csv en/opt/mot.csv
is "$(sqlite3 en/opt/o.db "SELECT notes FROM participant WHERE given_names = 'Sol'")" "Motivo: busca empleo" \
	"import-csv: a sheet's own Motivo column (not the last, as a reject file's) is kept in the notes"
# Twins, a father and a son: possible duplicates the coordinator adds anyway;
# a second import adds nothing even so (the same names and birth dates).
mkdir -p en/tw
"$SENDA" --db en/tw/t.db init --site Centro --user Ana >/dev/null 2>&1 || bail_out "init"
printf 'Nombre,Apellido Paterno,Apellido Materno,Fecha de Nacimiento,Telefono\nJosé,Núñez,Peña,1960-02-02,312-555-0100\nJosé,Núñez,Peña,1985-02-02,312-555-0100\nMaría,Ortiz,Luna,1990-01-05,312-555-0200\nMarta,Ortiz,Luna,1990-01-05,312-555-0200\n' >en/tw/twins.csv
run en --db en/tw/t.db import-csv en/tw/twins.csv
check "import-csv: a father and a son, twins: proposed as possible duplicates" \
	grep -q "4 rows read: 2 new, 2 possible duplicate(s), 0 refused" "$OUT"
run en --db en/tw/t.db import-csv en/tw/twins.csv --add-anyway 2,4
is "$(sqlite3 en/tw/t.db 'SELECT count(*) FROM participant')" "4" "import-csv --add-anyway 2,4: the four are added"
run en --db en/tw/t.db import-csv en/tw/twins.csv --add-anyway 2,4
is "$(sqlite3 en/tw/t.db 'SELECT count(*) FROM participant')" "4" "import-csv --add-anyway again: nothing added (each row is someone saved, names and birth date)"
run es --db en/tw/t.db import-csv en/tw/twins.csv --add-anyway dos
check "import-csv --add-anyway with no row number: a usage error, in Spanish [es]" \
	grep -q "add-anyway toma números de fila" "$ERR"
run en --db en/opt/o.db export-csv participants --out=--x.csv --to Centro
is "$RC" "0" "export-csv --out=--x.csv: a value given with = is taken as it is"
rm -f -- --x.csv

# ---- a reader that goes away, a stop in the middle ---------------------------------
# The export is written to a temporary file first (beside the database for
# --out -): when the reader stops reading (SIGPIPE) or the export is stopped
# (SIGTERM, Ctrl-C), that file of names and phones must not stay behind.
mkdir -p en/stop
"$SENDA" --db en/stop/s.db demo --people 2000 >/dev/null 2>&1 || bail_out "demo"
"$SENDA" --db en/stop/s.db export-csv participants --to Centro --out - 2>/dev/null | head -c 10 >/dev/null
check "export-csv --out - | head: no temporary file is left beside the database" \
	test -z "$(ls -A en/stop | grep -v '^s\.db')"
"$SENDA" --db en/stop/s.db export-csv participants --to Centro --out en/stop/out.csv 2>/dev/null &
pid=$!
kill -TERM "$pid" 2>/dev/null
wait "$pid"
check "export-csv stopped by SIGTERM: neither a half file nor a hidden temporary is left" \
	test -z "$(ls -A en/stop | grep -v '^s\.db' | grep -v '^out\.csv$')"

done_testing
