#!/bin/bash
# tests/cli/users.sh — users, roles and the PIN on the command line (issue
# 12, items 1, 2 and 4): senda user add|list|role|pin|disable, --user and
# SENDA_PIN_FILE; every bad PIN refused with a clear message in English and
# Spanish; the lock after 5 wrong PINs holds across a restart, --user and a
# clock set back; a wrong PIN writes nothing that travels and the PIN hash
# never goes into a bundle; ESL staff see no phones and may not export; a
# volunteer may not search. Needs: bash, coreutils, grep, sqlite3, setsid.

. "$(dirname "$0")/lib.sh"

plan 57

DB=$T/u.db
# No controlling terminal (setsid): a PIN that is not in a file cannot be
# asked for, whatever terminal the tests were started from.
S() { setsid -w "$SENDA" --db "$DB" "$@" </dev/null; }
# L LANG ARGS...: senda in LANG, standard error into standard output.
L() { local l=$1; shift; LANGUAGE=$l S "$@" 2>&1; }
# has DESC TEXT PATTERN: ok when TEXT has PATTERN (a fixed string).
has() {
	if grep -qF -- "$3" <<<"$2"; then ok "$1"; else not_ok "$1"; diag "no '$3' in:" "$2"; fi
}
pinfile() { printf '%s\n' "$2" >"$T/$1.pin"; chmod 600 "$T/$1.pin"; }
tries() { sqlite3 "$DB" "SELECT coalesce((SELECT failures || '/' || locks FROM user_lock
	WHERE user_id = (SELECT id FROM user WHERE name = '$1')), '0/0')"; }

S init --site Centro --user Ana >/dev/null || bail_out "init failed"
S add --given María --surname López --phone 509-555-0142 >/dev/null || bail_out "add failed"
pinfile ana 1234
pinfile bea 5678
pinfile carla 2468
pinfile bad 0000
pinfile letters 12ab
pinfile long "$(printf '7%.0s' $(seq 100))"

# ---- one user, no PIN: as before ---------------------------------------------------
out=$(L en list)
has "one user without a PIN: list works without --user or a PIN" "$out" "López, María"
out=$(L en user add Bea --role esl --pin-file "$T/bea.pin")
has "a second user is refused while the only one has no PIN [en]" "$out" "set your own PIN first"
out=$(L es user add Bea --role esl --pin-file "$T/bea.pin")
has "a second user is refused while the only one has no PIN [es]" "$out" "ponga antes su propio PIN"
out=$(SENDA_PIN_FILE=$T/ana.pin L en user pin Ana)
has "user pin Ana reads the new PIN from SENDA_PIN_FILE" "$out" "Ana has a new PIN."
out=$(L en list)
has "one user with a PIN: a command needs it" "$out" "a PIN is needed"
out=$(SENDA_PIN_FILE=$T/ana.pin L en user add Bea --role esl --pin-file "$T/bea.pin")
has "user add Bea --role esl: added as ESL staff" "$out" "Bea was added as ESL staff."
out=$(SENDA_PIN_FILE=$T/ana.pin L es --user Ana user add Carla --role volunteer \
	--pin-file "$T/carla.pin")
has "user add Carla --role volunteer [es]" "$out" "Se añadió a Carla como voluntario."
out=$(SENDA_PIN_FILE=$T/ana.pin L en --user Ana user list)
has "user list shows the roles" "$out" "Carla                     volunteer"

# ---- who acts -----------------------------------------------------------------------
out=$(SENDA_PIN_FILE=$T/ana.pin L en list)
has "two users: without --user, senda asks who [en]" "$out" "say who you are with --user NAME"
out=$(SENDA_PIN_FILE=$T/ana.pin L es list)
has "two users: without --user, senda asks who [es]" "$out" "diga quién es con --user NOMBRE"
chmod 644 "$T/bea.pin"
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea list)
has "a PIN file others can read is refused [en]" "$out" "can be read by others (mode 0644)"
out=$(SENDA_PIN_FILE=$T/bea.pin L es --user Bea list)
has "a PIN file others can read is refused [es]" "$out" "otras personas pueden leer el archivo de PIN"
is "$(tries Bea)" "0/0" "a refused PIN file counts no try"
chmod 600 "$T/bea.pin"
out=$(SENDA_PIN_FILE=$T/letters.pin L en --user Bea list)
has "a PIN with letters is refused [en]" "$out" "a PIN is 4 to 8 digits, and only digits"
out=$(SENDA_PIN_FILE=$T/letters.pin L es --user Bea list)
has "a PIN with letters is refused [es]" "$out" "un PIN tiene de 4 a 8 cifras, y solo cifras"
out=$(SENDA_PIN_FILE=$T/long.pin L en --user Bea list)
has "a PIN of 100 digits is refused [en]" "$out" "a PIN is 4 to 8 digits; this has 100"
out=$(SENDA_PIN_FILE=$T/long.pin L es --user Bea list)
has "a PIN of 100 digits is refused [es]" "$out" "este tiene 100"
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Nadie list)
has "an unknown name is refused" "$out" "no user named Nadie here"

# ---- the lock -------------------------------------------------------------------------
logged=$(sqlite3 "$DB" "SELECT count(*) FROM field_change")
for i in 1 2 3 4; do out=$(SENDA_PIN_FILE=$T/bad.pin L en --user Bea list); done
has "a wrong PIN says how many tries are left [en]" "$out" "wrong PIN; 1 more try before the name is locked"
out=$(SENDA_PIN_FILE=$T/bad.pin L es --user Bea list)
has "the fifth wrong PIN locks the name for a minute [es]" "$out" "Bea queda bloqueado durante 1 minuto"
is "$(sqlite3 "$DB" "SELECT count(*) FROM field_change")" "$logged" \
	"wrong PINs write nothing into the field log"
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea list)
has "the right PIN does not open a locked name (a new senda: the lock survives) [en]" "$out" \
	"Bea is locked after too many wrong PINs; try again in 1 minute"
out=$(SENDA_PIN_FILE=$T/bea.pin L es --user bea list)
has "--user bea (another spelling) is locked too [es]" "$out" "Bea está bloqueado"
out=$(SENDA_NOW=2026-11-29T12:00:00Z SENDA_PIN_FILE=$T/bea.pin L en --user Bea list)
has "a clock set back a day keeps the lock" "$out" "is locked after too many wrong PINs"
out=$(SENDA_NOW=2026-11-30T12:01:01Z SENDA_PIN_FILE=$T/bea.pin L en --user Bea list)
has "a minute later the right PIN opens" "$out" "López, María"
is "$(tries Bea)" "0/0" "the right PIN starts the count again"
for i in 1 2 3 4 5; do
	out=$(SENDA_NOW=2026-11-30T12:02:00Z SENDA_PIN_FILE=$T/bad.pin L en --user Bea list)
done
for i in 1 2 3 4 5; do
	out=$(SENDA_NOW=2026-11-30T12:03:01Z SENDA_PIN_FILE=$T/bad.pin L en --user Bea list)
done
has "locked again without a right PIN between: 2 minutes" "$out" "now locked for 2 minutes"
out=$(SENDA_NOW=2026-11-30T12:04:00Z SENDA_PIN_FILE=$T/ana.pin L en --user Ana user pin Bea \
	--pin-file "$T/bea.pin")
has "a coordinator gives a new PIN" "$out" "Bea has a new PIN."
out=$(SENDA_NOW=2026-11-30T12:04:01Z SENDA_PIN_FILE=$T/bea.pin L en --user Bea list)
has "a new PIN unlocks the name" "$out" "López, María"

# ---- roles in the model ---------------------------------------------------------------
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea list)
if grep -q "509-555-0142" <<<"$out"; then not_ok "ESL staff see no phone numbers"; diag "$out"
else ok "ESL staff see no phone numbers"; fi
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea export --out "$T/b.bundle" --plain)
has "ESL staff may not export [en]" "$out" "may not export records"
out=$(SENDA_PIN_FILE=$T/bea.pin L es --user Bea export --out "$T/b.bundle" --plain)
has "ESL staff may not export [es]" "$out" "Su rol no le permite hacer esto."
# (the refused CSV export printed a report never filled: bytes of memory)
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea export-csv participants)
has "ESL staff may not export a CSV, and are told so in words" "$out" "may not export records"
printf 'Nombre,Apellido\nAna,Ruiz\n' >"$T/one.csv"
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea import-csv "$T/one.csv")
has "ESL staff may not import a CSV, told in words (it crashed)" "$out" "may not import records"
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea partners import "$T/one.csv")
has "ESL staff may not import partners, told in words" "$out" "may not change partners"
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea partners export "$T/pp.csv")
has "ESL staff may not export partners, told in words" "$out" "may not export records"
out=$(SENDA_PIN_FILE=$T/carla.pin L en --user Carla search lopez)
has "a volunteer may not search people" "$out" "may not browse and open people's records"
out=$(SENDA_PIN_FILE=$T/carla.pin L en --user Carla user pin Bea --pin-file "$T/carla.pin")
has "a volunteer may not reset another's PIN" "$out" "may not manage users"
# A bundle's inner file is every person in it (phones, wages), its manifest
# names the sites and counts the people: only for a role that may merge.
printf 'correct horse battery\n' >"$T/pp"
SENDA_PIN_FILE=$T/ana.pin S --user Ana export --out "$T/r.bundle" --passphrase-file "$T/pp" \
	>/dev/null 2>&1 || bail_out "export failed"
out=$(SENDA_PIN_FILE=$T/carla.pin L en --user Carla bundle decrypt "$T/r.bundle" \
	--passphrase-file "$T/pp" --out "$T/carla.db"); rc=$?
has "a volunteer may not decrypt a bundle [en]" "$out" "the role volunteer may not merge other sites' files"
is "$rc:$(test -e "$T/carla.db" && echo written)" "1:" "a volunteer's refused decrypt writes no file"
out=$(SENDA_PIN_FILE=$T/carla.pin L es --user Carla bundle decrypt "$T/r.bundle" \
	--passphrase-file "$T/pp" --out "$T/carla.db")
has "a volunteer may not decrypt a bundle [es]" "$out" "el rol voluntario no puede combinar archivos de otras sedes"
out=$(SENDA_PIN_FILE=$T/bea.pin L en --user Bea bundle decrypt "$T/r.bundle" \
	--passphrase-file "$T/pp" --out "$T/bea.db"); rc=$?
has "ESL staff may not decrypt a bundle [en]" "$out" "the role ESL staff may not merge other sites' files"
is "$rc:$(test -e "$T/bea.db" && echo written)" "1:" "ESL staff's refused decrypt writes no file"
out=$(SENDA_PIN_FILE=$T/carla.pin L en --user Carla bundle info "$T/r.bundle" --passphrase-file "$T/pp"); rc=$?
has "a volunteer may not see a bundle's manifest [en]" "$out" "the role volunteer may not merge"
if grep -q "Made by site\|Centro" <<<"$out"; then not_ok "a refused bundle info shows nothing of the bundle"; diag "$out"
else ok "a refused bundle info shows nothing of the bundle"; fi
out=$(SENDA_PIN_FILE=$T/bea.pin L es --user Bea bundle info "$T/r.bundle" --passphrase-file "$T/pp"); rc=$?
has "ESL staff may not see a bundle's manifest [es]" "$out" "el rol personal de ESL no puede combinar"
is "$rc" "1" "a refused bundle info fails"
out=$(SENDA_PIN_FILE=$T/ana.pin L en --user Ana bundle info "$T/r.bundle" --passphrase-file "$T/pp")
has "a coordinator sees a bundle's manifest" "$out" "Made by site"
out=$(SENDA_PIN_FILE=$T/ana.pin L es --user Ana bundle decrypt "$T/r.bundle" \
	--passphrase-file "$T/pp" --out "$T/ana.db")
has "a coordinator decrypts a bundle [es]" "$out" "archivo interno"
is "$(sqlite3 "$T/ana.db" "SELECT count(*) > 0 FROM entry")" "1" "the coordinator's inner file has the changes"

# ---- disabled users, and what travels ---------------------------------------------------
out=$(SENDA_PIN_FILE=$T/ana.pin L en --user Ana user disable Carla)
has "user disable Carla" "$out" "Carla can no longer log in."
out=$(SENDA_PIN_FILE=$T/carla.pin L en --user Carla list)
has "a disabled user's right PIN is refused [en]" "$out" "Carla is disabled and cannot log in"
out=$(SENDA_PIN_FILE=$T/carla.pin L es --user Carla list)
has "a disabled user's right PIN is refused [es]" "$out" "Carla está desactivado"
out=$(SENDA_PIN_FILE=$T/ana.pin L en --user Ana user role Ana hub)
has "the only coordinator keeps her role" "$out" "Ana is the only coordinator"
SENDA_PIN_FILE=$T/ana.pin S --user Ana export --out "$T/a.bundle" --plain >/dev/null 2>&1 ||
	bail_out "export failed"
if grep -qa 'argon2' "$T/a.bundle"; then not_ok "no PIN hash goes into a bundle"
else ok "no PIN hash goes into a bundle"; fi
is "$(sqlite3 "$T/a.bundle" "SELECT count(*) FROM sqlite_schema WHERE name = 'user_lock'")" "0" \
	"the lock table does not travel"

# ---- a clock pinned ahead (last: Bea stays locked at the real time) --------------------
# SENDA_NOW ahead of the real clock ended every lock at once: a PIN could
# be guessed in seconds. Locked at the real time, it stays locked.
for i in 1 2 3 4 5; do
	out=$(env -u SENDA_NOW SENDA_PIN_FILE=$T/bad.pin LANGUAGE=en "$SENDA" --db "$DB" --user Bea list 2>&1 </dev/null)
done
out=$(SENDA_NOW=2031-01-01T00:00:00Z SENDA_PIN_FILE=$T/bea.pin L en --user Bea list)
has "a clock pinned years ahead keeps the lock" "$out" "is locked after too many wrong PINs"

done_testing
