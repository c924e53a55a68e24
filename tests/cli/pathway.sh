#!/bin/bash
# tests/cli/pathway.sh — the command line of issue 4: ESL screening and score
# tables, eligibility, referrals and their status loop, slips, placements.
# Each language-dependent case runs in English and in Spanish. Needs: bash,
# coreutils, grep, sqlite3.

. "$(dirname "$0")/lib.sh"

plan 42

DB=$T/path.db
S() { "$SENDA" --db "$DB" "$@" 2>&1 </dev/null; }
count() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }

LANGUAGE=en S init --site "Centro" --user "Ana Ruiz" >/dev/null || bail_out "init failed"
S partners add --name "Valley Community College" --kind college --address "1200 College Ave" \
	--city Springfield --phone "(555) 010-0101" >/dev/null || bail_out "partners add failed"
S programs add "Valley Community College" --name "Nurse Aide I course" --kind vocational \
	--min-level 5 --diploma yes --credential "Nurse Aide I" --contact "Ms. Ortiz" \
	--documents "photo ID" >/dev/null || bail_out "programs add failed"
S programs add "Valley Community College" --name "ESL evening class" --kind esl >/dev/null ||
	bail_out "programs add failed"
ROSA=$(S add --given "Rosa María" --surname "Peña" --surname2 "Ibáñez" --birth 1988-08-08 \
	--language es --schooling ged --wage 12) || bail_out "add failed"
JOHN=$(S add --given "John" --surname "Smith" --birth 1990-01-01 --language en --wage 20) ||
	bail_out "add failed"
NURSE=$(sqlite3 "$DB" "SELECT id FROM program WHERE name = 'Nurse Aide I course'")
ESLC=$(sqlite3 "$DB" "SELECT id FROM program WHERE name = 'ESL evening class'")

# ---- screening --------------------------------------------------------------
out=$(LANGUAGE=en S screen "$ROSA" --instrument casas --score 195 --date 2026-01-10)
check "screen: CASAS 195 is level 3, High Beginning ESL [en]" grep -q "Level 3: High Beginning ESL" <<<"$out"
out=$(LANGUAGE=es S screen "$ROSA" --instrument casas --score 215)
check "screen: CASAS 215 is level 5, Intermedio alto [es]" grep -q "Nivel 5: Intermedio alto" <<<"$out"
out=$(LANGUAGE=en S screen "$JOHN" --instrument casas --score 236)
check "screen: CASAS 236 has exited ESL [en]" grep -q "^Exited ESL" <<<"$out"
out=$(LANGUAGE=es S screen "$JOHN" --instrument best_plus --score 565)
check "screen: BEST Plus 565 has exited ESL [es]" grep -q "^Completó los niveles de inglés" <<<"$out"
before=$(count screening)
for bad in "21a" "-5" "" "99999"; do
	LANGUAGE=en S screen "$ROSA" --instrument casas --score "$bad" >/dev/null
done
is "$(count screening)" "$before" "screen: scores with letters, negative, empty or too long write nothing"
out=$(LANGUAGE=es S screen "$ROSA" --instrument casas --score 200 --date 01/01/1980); rc=$?
is "$rc:$(count screening)" "1:$before" "screen: a date before birth is refused, nothing written [es]"
grep -q "antes de la fecha de nacimiento" <<<"$out" && ok "screen: the refusal says why in Spanish [es]" ||
	{ not_ok "screen: the refusal says why in Spanish [es]"; diag "$out"; }
out=$(LANGUAGE=en S screen "$ROSA" --instrument tabe_clas_e --score 600); rc=$?
is "$rc:$(count screening)" "1:$before" "screen: TABE above level 5 (level 6 unconfirmed) is refused"
# Issue 7, item 7: a score the instrument cannot give is refused, not "exited".
out=$(LANGUAGE=en S screen "$ROSA" --instrument casas --score 9999); rc=$?
is "$rc:$(count screening)" "1:$before" "screen: CASAS 9999 is refused, nothing written [en]"
grep -q "scores go up to 300" <<<"$out" && ok "screen: the refusal names the highest score [en]" ||
	{ not_ok "screen: the refusal names the highest score [en]"; diag "$out"; }
out=$(LANGUAGE=es S screen "$ROSA" --instrument casas --score 9999); rc=$?
grep -q "llegan hasta 300" <<<"$out" && ok "screen: the refusal names the highest score [es]" ||
	{ not_ok "screen: the refusal names the highest score [es]"; diag "$out"; }
out=$(LANGUAGE=en S show "$ROSA")
check "show: lists screenings and the level gain 3 → 5 [en]" grep -q "Level gain: 3 → 5 (+2)" <<<"$out"

# ---- score tables -------------------------------------------------------------
S levels export "$T/levels.csv" >/dev/null
check "levels export writes one row per level (23) and a header" \
	test "$(wc -l <"$T/levels.csv")" -eq 24
out=$(LANGUAGE=en S levels import "$T/levels.csv")
check "levels import of the same tables adds none [en]" grep -q "0 tables added; 4 were already there" <<<"$out"
{ head -1 "$T/levels.csv"
  grep '^casas,' "$T/levels.csv" | sed 's/NRS 2006-2016/Local 2027/; s/2006-07-01/2026-11-01/; s/,181,190/,181,195/; s/,191,200/,196,200/'
} >"$T/new.csv"
out=$(LANGUAGE=es S levels import "$T/new.csv")
check "levels import of a new version adds it [es]" grep -q "1 tabla agregada" <<<"$out"
out=$(LANGUAGE=en S screen "$JOHN" --instrument casas --score 193)
check "the new version is used from its effective date (193 is now level 2)" grep -q "Level 2:" <<<"$out"
LANGUAGE=en S levels retire "Local 2027" >/dev/null
out=$(LANGUAGE=en S screen "$JOHN" --instrument casas --score 193)
check "once retired, the old table is used again (193 is level 3)" grep -q "Level 3:" <<<"$out"
printf 'instrument,version\ncasas,x\n' >"$T/bad.csv"
n=$(count esl_table)
LANGUAGE=en S levels import "$T/bad.csv" >/dev/null; rc=$?
is "$rc:$(count esl_table)" "1:$n" "levels import of a file missing columns is refused, nothing written"

# ---- eligibility and referrals ----------------------------------------------------
out=$(LANGUAGE=en S eligible "$JOHN")
check "eligible: says what is missing (diploma) [en]" grep -q "needs a high-school diploma or GED" <<<"$out"
out=$(LANGUAGE=es S eligible "$ROSA")
check "eligible: Rosa (level 5, GED) can enter the nurse-aide course [es]" \
	grep -q "Nurse Aide I course.*puede entrar ya" <<<"$out"
# Issue 7, item 9: no referral (it gives the partner her name) without
# consent to share; with it given now, the consent is recorded, dated.
before=$(count referral)
out=$(LANGUAGE=en S refer "$ROSA" "$NURSE" --date 2026-11-02); rc=$?
is "$rc:$(count referral)" "1:$before" "refer: without consent to share it is refused, nothing written [en]"
check "refer: the refusal says to ask and how to record consent [en]" grep -q -- "--consent-given" <<<"$out"
out=$(LANGUAGE=es S refer "$ROSA" "$NURSE" --date 2026-11-02); rc=$?
check "refer: the refusal is in Spanish [es]" grep -q "no ha aceptado compartir su información" <<<"$out"
out=$(LANGUAGE=en S refer "$ROSA" "$NURSE" --date 2026-11-02 --consent-given)
code=$(sed -n 's/^Referral \(R-[0-9A-Z]*\):.*/\1/p' <<<"$out")
check "refer prints a reference code" test -n "$code"
is "$(sqlite3 "$DB" "SELECT consent_share || ' ' || consent_date FROM participant WHERE id = '$ROSA'")" \
	"1 2026-11-30" "refer --consent-given records the consent, dated today"
# Consent withdrawn later: the withdrawal is dated, and no slip (it carries
# her name to the partner) until she agrees again.
sqlite3 "$DB" "UPDATE participant SET consent_date = '2026-01-02' WHERE id = '$ROSA'"
LANGUAGE=en S edit "$ROSA" --consent-share no >/dev/null
is "$(sqlite3 "$DB" "SELECT consent_share || ' ' || consent_date FROM participant WHERE id = '$ROSA'")" \
	"0 2026-11-30" "withdrawing consent is dated today"
out=$(LANGUAGE=en S slip "$code" --out "$T/noconsent.txt"); rc=$?
[ "$rc" = 1 ] && [ ! -e "$T/noconsent.txt" ] && grep -q -- "--consent-given" <<<"$out" &&
	ok "slip: refused once consent is withdrawn, nothing written [en]" ||
	{ not_ok "slip: refused once consent is withdrawn, nothing written [en]"; diag "$out"; }
out=$(LANGUAGE=es S slip "$code"); rc=$?
[ "$rc" = 1 ] && grep -q "no ha aceptado compartir" <<<"$out" && ! grep -q "Peña" <<<"$out" &&
	ok "slip: no name on standard output either [es]" ||
	{ not_ok "slip: no name on standard output either [es]"; diag "$out"; }
out=$(LANGUAGE=en S slip "$code" --consent-given --out "$T/consent.txt"); rc=$?
is "$rc:$(sqlite3 "$DB" "SELECT consent_share FROM participant WHERE id = '$ROSA'")" "0:1" \
	"slip --consent-given records the consent and writes the slip"
# The same program again while that referral is open asks first.
out=$(LANGUAGE=en S refer "$ROSA" "$NURSE"); rc=$?
is "$rc:$(count referral)" "1:$((before + 1))" "refer: the same open referral again asks first, nothing written [en]"
check "refer: the question names the open referral and --yes [en]" \
	grep -q "already referred to this program ($code, November 2, 2026).*--yes" <<<"$(tr '\n' ' ' <<<"$out")"
out=$(LANGUAGE=en S referral-status "$code" completed); rc=$?
is "$rc:$(sqlite3 "$DB" "SELECT status FROM referral WHERE code = '$code'")" "1:referred" \
	"referral-status: completed without enrolling asks first and changes nothing"
check "referral-status: the refusal says to confirm with --yes [en]" grep -q -- "--yes" <<<"$out"
LANGUAGE=es S referral-status "$code" inscrito --date 2026-11-10 >/dev/null
out=$(LANGUAGE=es S referral-status "$code" completado --date 2026-11-25 --credential "Nurse Aide I")
check "referral-status takes Spanish status names and completes with a credential [es]" \
	grep -q "Nuevo estado del referido $code: completado" <<<"$out"
is "$(sqlite3 "$DB" "SELECT count(*) FROM referral_status s JOIN referral r ON r.id = s.referral_id WHERE r.code = '$code'")" \
	"3" "the status history keeps every change"
OLD=$(LANGUAGE=en S refer "$JOHN" "$ESLC" --date 2026-10-01 --consent-given | sed -n 's/^Referral \(R-[0-9A-Z]*\):.*/\1/p')
out=$(LANGUAGE=en S referrals)
check "referrals: one waiting since October is marked overdue [en]" grep -q "$OLD.*overdue" <<<"$out"

# ---- slip -----------------------------------------------------------------------------
LANGUAGE=en S slip "$code" --out "$T/slip.txt" >/dev/null
es_line=$(grep -n "HOJA DE REFERIDO" "$T/slip.txt" | cut -d: -f1)
en_line=$(grep -n "REFERRAL SLIP" "$T/slip.txt" | cut -d: -f1)
check "slip: Spanish first for a Spanish speaker, then English" test -n "$es_line" -a -n "$en_line" -a "${es_line:-0}" -lt "${en_line:-0}"
check "slip: where to go, what to bring, whom to ask for, the code" \
	grep -q "1200 College Ave, Springfield" "$T/slip.txt" -a
grep -q "photo ID" "$T/slip.txt" && grep -q "Ms. Ortiz" "$T/slip.txt" && grep -q "$code" "$T/slip.txt" &&
	grep -q "2 de noviembre de 2026" "$T/slip.txt" && ok "slip: both languages carry the details and the date in words" ||
	not_ok "slip: both languages carry the details and the date in words"

# ---- placements ---------------------------------------------------------------------
n=$(count placement)
out=$(LANGUAGE=en S place "$ROSA" --employer "Sunrise Care Home" --start 2026-11-28 --wage 0); rc=$?
is "$rc:$(count placement)" "1:$n" "place: a wage of 0 asks first and writes nothing"
out=$(LANGUAGE=en S place "$ROSA" --employer "Sunrise Care Home" --title "Nurse aide" --start 2026-11-28 --wage 15 --hours 40 --benefits yes)
check "place: shows the wage change since intake (+25.0%) [en]" grep -q "(+25.0%)" <<<"$out"
out=$(LANGUAGE=es S show "$ROSA")
check "show: the job and its wage change appear on the record [es]" grep -q "Nurse aide.*+25.0%" <<<"$out"

done_testing
