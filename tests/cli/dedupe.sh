#!/bin/bash
# tests/cli/dedupe.sh — issue 11 part 1 on the command line: the nickname
# table (list, add, remove), `senda duplicates` (the scan, one person's),
# and decisions that travel: "same person" (a link) and "different people"
# (a row of dedupe_distinct, one row for one pair whichever site decides
# it), never proposed again at any site after a merge.
# Needs: bash, coreutils, grep, sqlite3.

. "$(dirname "$0")/lib.sh"

plan 38

C=$T/centro.db K=$T/college.db
S() { local db=$1; shift; "$SENDA" --db "$db" "$@" 2>&1 </dev/null; }

LANGUAGE=es S "$C" init --site "Centro Comunitario" --user "Ana Ruiz" --kind community >/dev/null ||
	bail_out "init centro"
LANGUAGE=en S "$K" init --site "Valley Community College" --user "Olga" --kind college >/dev/null ||
	bail_out "init college"

# ---- nicknames -------------------------------------------------------------------
out=$(S "$C" nicknames list)
check "nicknames list: José's group has Pepe" grep -q "^jose: .*pepe" <<<"$out"
check "nicknames list: Francisco's has Paco and Pancho" grep -q "^francisco: .*paco.*pancho" <<<"$out"
out=$(LANGUAGE=en S "$C" nicknames add Bartolomé Tolo Bartolo); rc=$?
is "$rc:$out" "0:2 nicknames added to Bartolomé." "nicknames add: two to a new group [en]"
is "$(sqlite3 "$C" "SELECT group_concat(name, ' ') FROM (SELECT name FROM nickname WHERE formal = 'bartolome' ORDER BY name)")" \
	"bartolo bartolome tolo" "nicknames add: stored folded, the formal name in its own group"
out=$(LANGUAGE=es S "$C" nicknames add bartolome tolo); rc=$?
is "$rc:$out" "1:senda: Ya existe. (tolo ya es apodo de bartolome)" "nicknames add: a pair already there is refused [es]"
out=$(LANGUAGE=en S "$C" nicknames remove Tolo); rc=$?
is "$rc:$out" "0:1 nickname removed." "nicknames remove: from every group [en]"
out=$(LANGUAGE=en S "$C" nicknames remove Tolo); rc=$?
is "$rc" "1" "nicknames remove: a name in no group is an error"
out=$(LANGUAGE=en S "$C" nicknames add "dos palabras" x); rc=$?
check "nicknames add: a formal name of two words is refused" test "$rc" = 1

# ---- the scan ----------------------------------------------------------------------
MARIA=$(S "$C" add --yes --given "María José" --surname "Núñez" --surname2 "Peña" --birth 1990-03-04 \
	--phone "(312) 555-0147") || bail_out add
MARIA2=$(S "$C" add --yes --given "Maria" --surname "Nunez" --birth 1990-04-03) || bail_out add
LUCIA=$(S "$C" add --yes --given "Lucía" --surname "Núñez" --surname2 "Peña" --birth 1992-06-01 \
	--phone "(312) 555-0147") || bail_out add
# senda add, as an intake: a possible duplicate is said and nothing saved;
# --yes saves her (another person).
before=$(sqlite3 "$C" "SELECT count(*) FROM participant")
out=$(LANGUAGE=en S "$C" add --given "Maria Jose" --surname "Nunez" --birth 1990-03-04 2>&1); rc=$?
is "$rc:$(sqlite3 "$C" "SELECT count(*) FROM participant")" "1:$before" "add: a possible duplicate is not saved (exit 1)"
check "add: it names who she may be, with the evidence, and says --yes [en]" \
	grep -q "this may be one of these people already saved; nothing was saved" <<<"$out"
check "add: the evidence and the way on [en]" \
	grep -q "Núñez Peña, María José, 1990-03-04: given name" <<<"$out"
out=$(LANGUAGE=es S "$C" add --given "Maria Jose" --surname "Nunez" --birth 1990-03-04 2>&1)
check "add: in Spanish [es]" grep -q "vuelva a añadirla con --yes" <<<"$out"
S "$C" add --yes --given "Maria Jose" --surname "Nunez" --birth 1990-03-04 >/dev/null
is "$(sqlite3 "$C" "SELECT count(*) FROM participant")" "$((before + 1))" "add --yes: saved"
S "$C" erase --yes "$(sqlite3 "$C" "SELECT id FROM participant WHERE given_names = 'Maria Jose'")" >/dev/null
out=$(LANGUAGE=en S "$C" duplicates)
check "duplicates: the pair is listed with its evidence [en]" \
	grep -q "given name María José = Maria; surnames Núñez Peña ~ Nunez (one surname); birth date day and month swapped" <<<"$out"
check "duplicates: sisters at one phone are not a pair" bash -c "! grep -q '$LUCIA' <<<\"\$1\"" _ "$out"
check "duplicates: the count line [en]" grep -q "^1 possible duplicate pair among 3 people.$" <<<"$out"
out=$(LANGUAGE=es S "$C" duplicates --scan)
check "duplicates --scan: the evidence in Spanish [es]" \
	grep -q "nombre María José = Maria; apellidos Núñez Peña ~ Nunez (un solo apellido); fecha de nacimiento con día y mes invertidos" <<<"$out"
out=$(LANGUAGE=en S "$C" duplicates of "$MARIA2")
check "duplicates of: one person's candidates [en]" grep -q "$MARIA" <<<"$out"

# ---- the same record typed twice is always proposed ---------------------------------------
TW=$T/twice.db
S "$TW" init --site "Twice" --user "Tina" >/dev/null
S "$TW" add --yes --given "Zacarías" --surname "Zubiaurre" --birth 01/01/1970 >/dev/null
S "$TW" add --yes --given "Zacarías" --surname "Zubiaurre" --birth 01/01/1970 >/dev/null
out=$(LANGUAGE=en S "$TW" duplicates --scan)
check "the same names and 1 January twice: proposed by the scan" grep -q "^1 possible duplicate pair among 2 people.$" <<<"$out"
J1=$(S "$TW" add --yes --given "Juan" --surname "Hernández") || bail_out add
S "$TW" add --yes --given "Juan" --surname "Hernández" >/dev/null
out=$(LANGUAGE=en S "$TW" duplicates of "$J1")
check "the same names and no date: proposed at intake" grep -q "^1 possible duplicate.$" <<<"$out"

# ---- decisions travel ----------------------------------------------------------------
S "$C" edit "$MARIA" --consent-share yes >/dev/null
S "$C" edit "$MARIA2" --consent-share yes >/dev/null
PEPE=$(S "$C" add --yes --given "Pepe" --surname "Zubiaurre" --phone "+52 1 312 555 9999" --consent-share yes) || bail_out add
JOSE=$(S "$C" add --yes --given "José" --surname "Zubiaurre" --surname2 "García" --phone "312-555-9999" --consent-share yes) || bail_out add
S "$C" export --to college --plain --out "$T/c1.bundle" >/dev/null || bail_out export
S "$K" merge "$T/c1.bundle" >/dev/null || bail_out merge
out=$(LANGUAGE=en S "$K" duplicates)
check "the college sees both pairs after the merge (Lucía, without consent, stayed home)" grep -q "^2 possible duplicate pairs among 4 people.$" <<<"$out"
out=$(LANGUAGE=en S "$C" duplicates different "$PEPE" "$JOSE")
check "duplicates different: said [en]" grep -q "will not be proposed again" <<<"$out"
out=$(LANGUAGE=en S "$K" duplicates different "$JOSE" "$PEPE")
is "$(sqlite3 "$C" "SELECT id FROM dedupe_distinct")" "$(sqlite3 "$K" "SELECT id FROM dedupe_distinct")" \
	"both sites deciding the same pair, in either order, make the same row"
out=$(LANGUAGE=en S "$C" duplicates link "$MARIA" "$MARIA2")
check "duplicates link: said [en]" grep -q "the same person" <<<"$out"
is "$(sqlite3 "$C" "SELECT linked_to FROM participant WHERE id = '$MARIA2'")" "$MARIA" \
	"duplicates link: the second record is linked to the first"
S "$C" export --to college --plain --out "$T/c2.bundle" >/dev/null || bail_out export
out=$(LANGUAGE=en S "$K" merge "$T/c2.bundle") || bail_out merge
check "the merge summary names the table of decisions [en]" \
	grep -Eq "^Different people +0 +0 +1 +0 +0 +0$" <<<"$out"
out=$(LANGUAGE=es S "$K" bundle info "$T/c2.bundle")
check "bundle info names the table of decisions [es]" grep -q "Personas distintas" <<<"$out"
is "$(sqlite3 "$K" "SELECT count(*) FROM dedupe_distinct WHERE deleted = 0"):$(sqlite3 "$K" "SELECT linked_to FROM participant WHERE id = '$MARIA2'")" \
	"1:$MARIA" "after the merge the college has one row for the pair, and the link"
out=$(LANGUAGE=en S "$K" duplicates)
check "after the merge the college is proposed neither pair" grep -q "^0 possible duplicate pairs among 4 people.$" <<<"$out"
out=$(LANGUAGE=en S "$K" duplicates of "$JOSE")
check "nor at intake: José's candidates leave out Pepe" grep -q "^0 possible duplicates.$" <<<"$out"
out=$(LANGUAGE=en S "$K" duplicates unlink "$MARIA2"); rc=$?
is "$rc:$out" "0:1 record unlinked." "duplicates unlink: the link taken back [en]"
out=$(LANGUAGE=en S "$K" duplicates)
check "unlinked, the pair is proposed again" grep -q "^1 possible duplicate pair among 4 people.$" <<<"$out"
out=$(LANGUAGE=es S "$K" duplicates unlink "$MARIA2"); rc=$?
is "$rc" "1" "duplicates unlink of a record linked to nobody is an error"

# ---- a decision about a person without consent to share stays home -----------------
NOCON=$(S "$C" add --yes --given "Pepa" --surname "Zubiaurre" --phone "312-555-9999") || bail_out add
S "$C" duplicates different "$PEPE" "$NOCON" >/dev/null || bail_out different
S "$C" export --to college --plain --out "$T/c3.bundle" >/dev/null || bail_out export
S "$C" bundle decrypt "$T/c3.bundle" --out "$T/c3.db" >/dev/null || bail_out decrypt
is "$(sqlite3 "$T/c3.db" "SELECT count(*) FROM entry WHERE tbl = 'dedupe_distinct'")" "0" \
	"a different-people row naming a person without consent is left out of the bundle"
out=$(LANGUAGE=en S "$C" show "$MARIA2")
check "the history names the link in words [en]" grep -q "Same person as: — → $MARIA" <<<"$out"

# "Different people" holds for the records linked with either: A and B
# linked, A and C different: B and C are not proposed; linking B and C
# after all takes the "different" back.
G=$T/groups.db
S "$G" init --site Centro --user Ana >/dev/null 2>&1 || bail_out init
GA=$(S "$G" add --yes --given "José" --surname Zubiaurre --phone 312-555-9999 --birth 1980-05-05)
GB=$(S "$G" add --yes --given Pepe --surname Zubiaurre --phone 312-555-9999 --birth 1980-05-05)
GC=$(S "$G" add --yes --given "José Luis" --surname Zubiaurre --phone 312-555-9999 --birth 1980-05-05)
S "$G" duplicates link "$GA" "$GB" >/dev/null && S "$G" duplicates different "$GA" "$GC" >/dev/null ||
	bail_out "link, different"
out=$(LANGUAGE=en S "$G" duplicates)
check "duplicates: C, different from A, is not proposed with B, linked to A" \
	grep -q "^0 possible duplicate pairs" <<<"$out"
out=$(LANGUAGE=en S "$G" duplicates of "$GC")
check "duplicates of C: B is not among them either" grep -q "^0 possible duplicates" <<<"$out"
S "$G" duplicates link "$GB" "$GC" >/dev/null || bail_out "link B C"
is "$(sqlite3 "$G" "SELECT group_concat(deleted) FROM dedupe_distinct")" "1" \
	"link of B and C: the decision that A and C are different is taken back"

done_testing
