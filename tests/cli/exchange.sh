#!/bin/bash
# tests/cli/exchange.sh — issue 10 on the command line: export bundles
# (encrypted or plain), merge them through a hub, refuse bad bundles before
# writing anything, merge twice = once, A then B = B then A, consent.
# The round trip: the community center refers a person to the college's
# nurse-aide course; the hub merges; the college records "enrolled"; the hub
# merges and exports back; the community center sees "enrolled".
# Needs: bash, coreutils, grep, sqlite3, cmp.

. "$(dirname "$0")/lib.sh"

plan 79

C=$T/centro.db K=$T/college.db H=$T/hub.db
S() { local db=$1; shift; "$SENDA" --db "$db" "$@" 2>&1 </dev/null; }
PW=$T/pass
printf 'correct horse battery\n' >"$PW"
printf 'wrong horse\n' >"$T/badpass"

LANGUAGE=en S "$K" init --site "Valley Community College" --user "Olga" --kind college >/dev/null ||
	bail_out "init college"
LANGUAGE=es S "$C" init --site "Centro Comunitario" --user "Ana Ruiz" --kind community >/dev/null ||
	bail_out "init centro"
out=$(LANGUAGE=en S "$H" init --site "Regional Hub" --user "Hal" --kind hub)
is "$(sqlite3 "$H" "SELECT kind FROM site")" "hub" "init --kind hub makes a hub"
out=$(LANGUAGE=en S "$T/x.db" init --site X --user Y --kind moon); rc=$?
is "$rc:$(test -e "$T/x.db" && echo made)" "2:" "init --kind with an unknown kind is refused, no file"
S "$K" partners add --name "Valley Community College" --kind college >/dev/null || bail_out partners
S "$K" programs add "Valley Community College" --name "Nurse Aide I course" --kind vocational \
	--credential "Nurse Aide I" >/dev/null || bail_out programs

# ---- first contact: both sites send their file to the hub ---------------------
out=$(LANGUAGE=en S "$K" export --to hub --out "$T/k1.bundle" --passphrase-file "$PW"); rc=$?
check "export: encrypted by default, says so [en]" grep -q "The bundle is encrypted" <<<"$out"
check "export: the file is not SQLite in clear" bash -c "! head -c 16 '$T/k1.bundle' | grep -q 'SQLite format'"
out=$(LANGUAGE=es S "$C" export --to hub --out "$T/c1.bundle" --passphrase-file "$PW")
check "export speaks Spanish [es]" grep -q "El paquete está cifrado" <<<"$out"
out=$(LANGUAGE=en S "$H" merge "$T/k1.bundle" "$T/c1.bundle" --passphrase-file "$PW"); rc=$?
is "$rc" "0" "hub merges both bundles in one go"
check "merge summary has the table and its counts [en]" grep -Eq "^Programs +1 +0" <<<"$out"
out=$(LANGUAGE=en S "$H" export --to "Centro Comunitario" --out "$T/h1.bundle" --passphrase-file "$PW")
check "the hub exports to a site it knows by name" grep -q "^Wrote" <<<"$out"
out=$(LANGUAGE=es S "$C" merge "$T/h1.bundle" --passphrase-file "$PW")
check "merge speaks Spanish [es]" grep -q "^Programas" <<<"$out"
NURSE=$(sqlite3 "$C" "SELECT id FROM program WHERE name = 'Nurse Aide I course'")
check "the community center now has the college's course" test -n "$NURSE"

# ---- consent ------------------------------------------------------------------
ROSA=$(S "$C" add --given "Rosa María" --surname "Peña" --language es) || bail_out add
NOCON=$(S "$C" add --given "Juan" --surname "Sinconsentimiento") || bail_out add
out=$(S "$C" refer "$ROSA" "$NURSE" --consent-given --yes)
CODE=$(sed -n 's/^Referral \(R-[0-9A-Z]*\):.*/\1/p' <<<"$out")
check "refer made a referral" test -n "$CODE"
out=$(LANGUAGE=en S "$C" export --to hub --out "$T/c2.bundle" --passphrase-file "$PW")
check "export: the person without consent to share is left out, and counted [en]" \
	grep -q "Left out 1 person without consent to share" <<<"$out"
S "$C" bundle decrypt "$T/c2.bundle" --out "$T/c2.db" --passphrase-file "$PW" >/dev/null
is "$(sqlite3 "$T/c2.db" "SELECT count(*) FROM entry WHERE row_id = '$NOCON'"):$(sqlite3 "$T/c2.db" "SELECT count(*) > 0 FROM entry WHERE row_id = '$ROSA'")" \
	"0:1" "bundle decrypt: stock sqlite3 reads the inner file; she is in it, he is not"

cp "$C" "$T/c-before.db"
out=$(S "$C" bundle decrypt "$T/c2.bundle" --out "$C" --force --passphrase-file "$PW"); rc=$?
is "$rc:$(cmp -s "$C" "$T/c-before.db" && echo same)" "1:same" "bundle decrypt never writes onto the database"

# ---- the round trip -------------------------------------------------------------
S "$H" merge "$T/c2.bundle" --passphrase-file "$PW" >/dev/null
S "$H" export --to "Valley Community College" --out "$T/h2.bundle" --passphrase-file "$PW" >/dev/null
S "$K" merge "$T/h2.bundle" --passphrase-file "$PW" >/dev/null
is "$(sqlite3 "$K" "SELECT status FROM referral WHERE code = '$CODE'")" "referred" \
	"the college has the referral through the hub"
S "$K" referral-status "$CODE" enrolled >/dev/null
S "$K" export --to hub --out "$T/k2.bundle" --passphrase-file "$PW" >/dev/null
S "$H" merge "$T/k2.bundle" --passphrase-file "$PW" >/dev/null
S "$H" export --to "Centro Comunitario" --out "$T/h3.bundle" --passphrase-file "$PW" >/dev/null
S "$C" merge "$T/h3.bundle" --passphrase-file "$PW" >/dev/null
is "$(sqlite3 "$C" "SELECT count(*) FROM referral_status")" "$(sqlite3 "$K" "SELECT count(*) FROM referral_status")" \
	"round trip: the status history travels too (every write path is logged)"
out=$(LANGUAGE=en S "$C" referrals "$ROSA")
check "round trip: the community center sees 'enrolled' [en]" grep -q "$CODE.*enrolled" <<<"$out"
out=$(LANGUAGE=es S "$C" show "$ROSA")
check "round trip: the record says 'inscrito' [es]" grep -q "$CODE.*inscrito" <<<"$out"

# ---- merging the same bundle twice writes nothing ---------------------------------
cp "$C" "$T/before.db"
out=$(LANGUAGE=en S "$C" merge "$T/h3.bundle" --passphrase-file "$PW")
check "second merge says nothing new [en]" grep -q "^Nothing new" <<<"$out"
check "second merge: the file is byte-identical" cmp -s "$C" "$T/before.db"
out=$(LANGUAGE=es S "$C" merge "$T/h3.bundle" --passphrase-file "$PW")
check "second merge says nothing new [es]" grep -q "^Nada nuevo" <<<"$out"

# ---- refusals: nothing is written, in English and Spanish -------------------------
# refuse NAME BUNDLE WANT_EN WANT_ES [OPTIONS]: merge is refused with the
# message, exit 1, and the hub's file is byte-identical.
refuse() {
	local name=$1 b=$2 en=$3 es=$4
	shift 4
	cp "$H" "$T/hub-before.db"
	local o1 o2 rc1 rc2
	o1=$(LANGUAGE=en S "$H" merge "$b" "$@"); rc1=$?
	o2=$(LANGUAGE=es S "$H" merge "$b" "$@"); rc2=$?
	if [ "$rc1:$rc2" = "1:1" ] && grep -q "$en" <<<"$o1" && grep -q "$es" <<<"$o2" &&
		cmp -s "$H" "$T/hub-before.db"; then
		ok "refused, file unchanged: $name"
	else
		not_ok "refused, file unchanged: $name"
		diag "$rc1 $o1" "$rc2 $o2"
	fi
}
S "$C" export --to hub --full --out "$T/full.bundle" --passphrase-file "$PW" >/dev/null
S "$C" export --to hub --full --plain --out "$T/plain.bundle" >/dev/null
size=$(stat -c %s "$T/full.bundle")
head -c $((size - 40)) "$T/full.bundle" >"$T/truncated.bundle"
refuse "truncated (encrypted)" "$T/truncated.bundle" "cut short" "incompleto" --passphrase-file "$PW"
size=$(stat -c %s "$T/plain.bundle")
head -c $((size - 1024)) "$T/plain.bundle" >"$T/truncated-plain.bundle"
refuse "truncated (plain)" "$T/truncated-plain.bundle" "cut short" "incompleto"
refuse "wrong passphrase" "$T/full.bundle" "passphrase does not open" "frase de paso no abre" \
	--passphrase-file "$T/badpass"
cp "$T/full.bundle" "$T/tampered.bundle"
# One byte in the middle turned into another (its bits flipped: never the same byte).
at=$((size / 2))
byte=$(od -An -tu1 -j "$at" -N1 "$T/tampered.bundle" | tr -d ' ')
printf "\\$(printf '%03o' $((byte ^ 255)))" | dd of="$T/tampered.bundle" bs=1 seek="$at" conv=notrunc 2>/dev/null
cmp -s "$T/full.bundle" "$T/tampered.bundle" && echo "Bail out! the tampered bundle is the same as the first"
refuse "tampered (authentication)" "$T/tampered.bundle" "changed after it was made" \
	"fue modificado" --passphrase-file "$PW"
cp "$T/plain.bundle" "$T/tampered-plain.bundle"
sqlite3 "$T/tampered-plain.bundle" "UPDATE entry SET value = 'Mallory' WHERE field = 'given_names' OR (field = '' AND tbl = 'participant')"
refuse "tampered (checksum)" "$T/tampered-plain.bundle" "changed after it was made" "fue modificado"
# Format 2: a creation's row is in its row table, under the checksum too.
cp "$T/plain.bundle" "$T/tampered-row.bundle"
sqlite3 "$T/tampered-row.bundle" "UPDATE row_participant SET given_names = 'Mallory'"
refuse "tampered (a row table)" "$T/tampered-row.bundle" "changed after it was made" "fue modificado"
# The checksum of format 2 is over the file's bytes: one byte in the middle
# of a plain bundle turned into another is refused, wherever it falls.
cp "$T/plain.bundle" "$T/tampered-byte.bundle"
psize=$(stat -c %s "$T/plain.bundle")
at=$((psize / 2))
byte=$(od -An -tu1 -j "$at" -N1 "$T/tampered-byte.bundle" | tr -d ' ')
printf "\\$(printf '%03o' $((byte ^ 255)))" | dd of="$T/tampered-byte.bundle" bs=1 seek="$at" conv=notrunc 2>/dev/null
cmp -s "$T/plain.bundle" "$T/tampered-byte.bundle" && echo "Bail out! the tampered bundle is the same as the first"
refuse "tampered (one byte of a plain bundle)" "$T/tampered-byte.bundle" "changed after it was made" "fue modificado"
# A byte of the manifest's own page (the last of it: the end of the first
# row, format = senda-bundle): the bundle is changed, not "not a bundle"
# (senda's application id says it was one).
cp "$T/plain.bundle" "$T/tampered-manifest.bundle"
at=$(( $(sqlite3 "$T/plain.bundle" "SELECT rootpage FROM sqlite_master WHERE name = 'manifest'") * \
	$(sqlite3 "$T/plain.bundle" "PRAGMA page_size") - 1 ))
byte=$(od -An -tu1 -j "$at" -N1 "$T/tampered-manifest.bundle" | tr -d ' ')
printf "\\$(printf '%03o' $((byte ^ 255)))" | dd of="$T/tampered-manifest.bundle" bs=1 seek="$at" conv=notrunc 2>/dev/null
refuse "tampered (a byte of the manifest)" "$T/tampered-manifest.bundle" "changed after it was made" "fue modificado"
cp "$T/plain.bundle" "$T/newer.bundle"
sqlite3 "$T/newer.bundle" "UPDATE manifest SET value = '99' WHERE key = 'format_version'"
refuse "newer format version" "$T/newer.bundle" "newer version of senda" "más nueva de senda"
S "$H" export --to "Centro Comunitario" --out "$T/own.bundle" --plain >/dev/null
refuse "from this same site" "$T/own.bundle" "this very site" "esta misma sede"
printf 'hello\n' >"$T/text.bundle"
refuse "not a bundle (text)" "$T/text.bundle" "not a senda bundle" "no es un paquete"
cp "$K" "$T/a-database.db"
refuse "not a bundle (a senda database)" "$T/a-database.db" "not a senda bundle" "no es un paquete"
out=$(S "$H" merge "$T/full.bundle" "$T/text.bundle" --passphrase-file "$PW"); rc=$?
check "one bad bundle among good ones: the whole merge is refused" grep -q "text.bundle" <<<"$out"
# The checksum is taken as the merge reads the entries (not in a read of
# its own): a bundle changed after a good one is still refused by name, in
# both languages, and nothing is written.
cp "$H" "$T/hub-before.db"
out=$(LANGUAGE=en S "$H" merge "$T/plain.bundle" "$T/tampered-plain.bundle"); rc=$?
out_es=$(LANGUAGE=es S "$H" merge "$T/plain.bundle" "$T/tampered-plain.bundle")
is "$rc:$(grep -c "tampered-plain.bundle.*changed after it was made" <<<"$out"):$(grep -c \
	"tampered-plain.bundle.*fue modificado" <<<"$out_es"):$(cmp -s "$H" "$T/hub-before.db" &&
	echo same)" "1:1:1:same" "a changed bundle after a good one: refused by its name, nothing written"

# ---- A then B equals B then A --------------------------------------------------------
# Two copies of the hub merge the same two bundles in opposite orders.
S "$C" edit "$ROSA" --phone "509-555-0142" >/dev/null
S "$C" export --to hub --out "$T/a.bundle" --plain >/dev/null
S "$K" referral-status "$CODE" completed --credential "Nurse Aide I" --yes >/dev/null
S "$K" export --to hub --out "$T/b.bundle" --plain >/dev/null
cp "$H" "$T/h-ab.db"
cp "$H" "$T/h-ba.db"
S "$T/h-ab.db" merge "$T/a.bundle" >/dev/null
S "$T/h-ab.db" merge "$T/b.bundle" >/dev/null
S "$T/h-ba.db" merge "$T/b.bundle" >/dev/null
S "$T/h-ba.db" merge "$T/a.bundle" >/dev/null
dump() {
	for t in participant referral referral_status program partner site user; do
		sqlite3 "$1" "SELECT * FROM $t ORDER BY id" | cut -d'|' -f1,2,3,6-
	done
}
is "$(dump "$T/h-ab.db" | md5sum)" "$(dump "$T/h-ba.db" | md5sum)" "A then B = B then A, row for row"
is "$(sqlite3 "$T/h-ab.db" "SELECT phone || ' ' || (SELECT status FROM referral) FROM participant WHERE id = '$ROSA'")" \
	"509-555-0142 completed" "both sites' edits survive"

# ---- a plain bundle is read from a private copy ---------------------------------------
# What is checked is what is merged, whoever writes the stick's file
# meanwhile: the copy, in $TMPDIR, is removed after a merge, after a
# refusal, and after a copy that could not be written (a file size limit
# stands for a full disk), which is said with the system's reason.
MT=$T/merge-tmp
mkdir "$MT"
cp "$H" "$T/h-tmp.db"
out=$(TMPDIR=$MT S "$T/h-tmp.db" merge "$T/a.bundle"); rc=$?
is "$rc:$(ls -A "$MT")" "0:" "merge of a plain bundle: no copy left in \$TMPDIR after the merge"
out=$(TMPDIR=$MT S "$T/h-tmp.db" merge "$T/plain.bundle" "$T/tampered-plain.bundle"); rc=$?
is "$rc:$(ls -A "$MT")" "1:" "merge of plain bundles refused (a changed one after a good one): no copy left"
# A senda database (WAL mode, its header says so) given as a bundle: the
# private copy is opened immutable, so SQLite makes no -wal or -shm beside
# it (they were left in $TMPDIR), nor beside the file given.
cp "$K" "$MT-wal.bundle"
is "$(sqlite3 "$MT-wal.bundle" "PRAGMA journal_mode")" "wal" "a senda database is in WAL mode (the case below)"
out=$(TMPDIR=$MT LANGUAGE=en S "$T/h-tmp.db" merge "$MT-wal.bundle"); rc=$?
is "$rc:$(grep -c "not a senda bundle" <<<"$out"):$(ls -A "$MT")" "1:1:" \
	"merge of a WAL-mode senda database: refused, no copy, -wal or -shm left in \$TMPDIR"
out=$(TMPDIR=$MT LANGUAGE=es S "$T/h-tmp.db" bundle info "$MT-wal.bundle"); rc=$?
is "$rc:$(grep -c "no es un paquete" <<<"$out"):$(ls -A "$MT")" "1:1:" \
	"bundle info of a WAL-mode senda database: refused [es], nothing left in \$TMPDIR"
is "$(ls "$MT-wal.bundle"* | wc -l)" "1" "nor a -wal or -shm beside the file given"
out=$(TMPDIR=$MT S "$T/h-tmp.db" bundle info "$T/a.bundle"); rc=$?
is "$rc:$(ls -A "$MT")" "0:" "bundle info of a plain bundle: nothing left in \$TMPDIR"
cp "$T/h-tmp.db" "$T/h-tmp-before.db"
o1=$(trap '' XFSZ; ulimit -f 64; TMPDIR=$MT LANGUAGE=en S "$T/h-tmp.db" merge "$T/plain.bundle"); rc1=$?
o2=$(trap '' XFSZ; ulimit -f 64; TMPDIR=$MT LANGUAGE=es S "$T/h-tmp.db" merge "$T/plain.bundle"); rc2=$?
if [ "$rc1:$rc2:$(ls -A "$MT")" = "1:1:" ] && grep -q "no room in $MT for the bundle's private copy" <<<"$o1" &&
	grep -q "no hay espacio en $MT para la copia privada del paquete" <<<"$o2" &&
	! grep -q "Nothing was changed" <<<"$o1" && cmp -s "$T/h-tmp.db" "$T/h-tmp-before.db"; then
	ok "a private copy that cannot be written: said (en, es), not a refusal, nothing left or written"
else
	not_ok "a private copy that cannot be written: said (en, es), not a refusal, nothing left or written"
	diag "$rc1 $o1" "$rc2 $o2" "$(ls -A "$MT")"
fi

# ---- a concurrent edit of one field: same winner, kept for review ---------------------
S "$C" edit "$ROSA" --phone "509-555-0001" >/dev/null
S "$K" edit "$ROSA" --phone "509-555-0002" >/dev/null
S "$C" export --to hub --out "$T/ca.bundle" --plain >/dev/null
S "$K" export --to hub --out "$T/kb.bundle" --plain >/dev/null
cp "$H" "$T/h-1.db"
cp "$H" "$T/h-2.db"
S "$T/h-1.db" merge "$T/ca.bundle" "$T/kb.bundle" >/dev/null
S "$T/h-2.db" merge "$T/kb.bundle" >/dev/null
S "$T/h-2.db" merge "$T/ca.bundle" >/dev/null
p1=$(sqlite3 "$T/h-1.db" "SELECT phone FROM participant WHERE id = '$ROSA'")
p2=$(sqlite3 "$T/h-2.db" "SELECT phone FROM participant WHERE id = '$ROSA'")
is "$p1" "$p2" "concurrent edit: the same winner whatever the order"
is "$(sqlite3 "$T/h-1.db" "SELECT count(*) FROM merge_conflict WHERE field = 'phone'"):$(sqlite3 "$T/h-2.db" "SELECT count(*) FROM merge_conflict WHERE field = 'phone'")" \
	"1:1" "concurrent edit: both values kept for review, in either order"
kv=$(sqlite3 "$T/h-1.db" "SELECT kept_value || '|' || other_value FROM merge_conflict WHERE field = 'phone'")
out=$(LANGUAGE=en S "$T/h-1.db" show "$ROSA")
check "show: the record's history has the conflict's value kept" \
	grep -q "Phone, conflict: kept ${kv%%|*}" <<<"$out"
check "and the other value" grep -q "Phone, conflict: other ${kv#*|}" <<<"$out"
out=$(LANGUAGE=es S "$T/h-1.db" show "$ROSA")
check "show: and in Spanish [es]" grep -q "Teléfono, conflicto: quedó ${kv%%|*}" <<<"$out"

# ---- a clock far ahead is held back --------------------------------------------------
S "$C" edit "$ROSA" --email "rosa@example.org" >/dev/null
SENDA_NOW=2026-12-05T12:00:00Z S "$C" edit "$ROSA" --best-time "mañanas" >/dev/null
S "$C" export --to hub --out "$T/future.bundle" --plain >/dev/null
out=$(LANGUAGE=en S "$H" merge "$T/future.bundle")
is "$(sqlite3 "$H" "SELECT email || '|' || best_time FROM participant WHERE id = '$ROSA'")" \
	"rosa@example.org|" "a change stamped days ahead is held back, the others applied"
check "the summary lists it as held back [en]" grep -q "held back" <<<"$out"
out=$(SENDA_NOW=2026-12-05T12:00:00Z LANGUAGE=en S "$H" merge "$T/future.bundle")
is "$(sqlite3 "$H" "SELECT best_time FROM participant WHERE id = '$ROSA'")" "mañanas" \
	"held back change applied at a later merge once it is no longer ahead"

# ---- bundle info, plain, progress ------------------------------------------------------
out=$(LANGUAGE=en S "$H" bundle info "$T/c2.bundle" --passphrase-file "$PW")
check "bundle info shows the site, the destination and the checksum [en]" \
	bash -c "grep -q 'Centro Comunitario' <<<\"\$1\" && grep -q 'hub' <<<\"\$1\" && grep -Eq 'Checksum.*[0-9a-f]{64}' <<<\"\$1\"" _ "$out"
check "bundle info shows the range of clocks from its oldest change (clock_from was empty) [en]" \
	grep -Eq 'Clocks from +[0-9]{13}-[0-9]{5}-' <<<"$out"
out=$(LANGUAGE=es S "$H" bundle info "$T/c2.bundle" --passphrase-file "$PW")
check "bundle info in Spanish [es]" grep -q "Hecho por la sede" <<<"$out"
out=$(LANGUAGE=en S "$C" export --to hub --out "$T/p.bundle" --plain)
check "export --plain says it is not encrypted [en]" grep -q "NOT encrypted" <<<"$out"
# A plain bundle is made where it goes (no inner copy in $TMPDIR, which
# need not even be usable), and reads like any other.
out=$(TMPDIR="$T/no-such-folder" LANGUAGE=en S "$C" export --to hub --full --plain \
	--out "$T/p3.bundle" 2>&1)
check "export --plain writes the bundle in place, without \$TMPDIR" \
	bash -c "sqlite3 \"\$1\" 'SELECT count(*) FROM entry' | grep -q '^[1-9]' &&
		! ls \"\$2\"/p3.bundle.* 2>/dev/null | grep -q ." _ "$T/p3.bundle" "$T"
out=$(LANGUAGE=en "$SENDA" --db "$C" export --to hub --out "$T/p2.bundle" --plain 2>&1 >/dev/null </dev/null)
is "$out" "" "no progress line when stderr is not a terminal"
if command -v script >/dev/null; then
	out=$(LANGUAGE=en script -qec "'$SENDA' --db '$C' export --to hub --full --out '$T/tty.bundle' --plain" /dev/null </dev/null)
	check "a progress line on stderr when it is a terminal [en]" grep -q "Exporting: [0-9]* of [0-9]*" <<<"$out"
else
	ok "a progress line on stderr when it is a terminal [en] # SKIP no script(1)"
fi
# ---- consent: within one organization a person without consent travels ------------
O1=$T/org1.db O2=$T/org2.db
S "$O1" init --site "Caridades Norte" --user Ana --organization "Caridades" >/dev/null
S "$O2" init --site "Caridades Sur" --user Bea --organization "Caridades" >/dev/null
S "$O1" export --to hub --out "$T/o1.bundle" --plain >/dev/null
S "$O2" merge "$T/o1.bundle" >/dev/null
S "$O2" export --to hub --out "$T/o2.bundle" --plain >/dev/null
S "$O1" merge "$T/o2.bundle" >/dev/null
LUIS=$(S "$O1" add --given "Luis" --surname "Sinpermiso")
out=$(LANGUAGE=en S "$O1" export --to "Caridades Sur" --out "$T/o3.bundle" --plain)
S "$O2" merge "$T/o3.bundle" >/dev/null
is "$(grep -c "Left out" <<<"$out"):$(sqlite3 "$O2" "SELECT count(*) FROM participant WHERE id = '$LUIS'")" "0:1" \
	"consent: a person without it travels to a site of the same organization"
out=$(LANGUAGE=es S "$O1" export --to hub --out "$T/o4.bundle" --plain)
check "consent: but not to the hub, and the export says so [es]" grep -q "Se dejó fuera a 1 persona" <<<"$out"
# ---- every write path travels -------------------------------------------------------
# Whatever command wrote a row, the field log has it: a full export to a site
# of the same organization gives that site the same rows, column for column.
S "$O1" partners add --name "Valley College" --kind college >/dev/null
S "$O1" programs add "Valley College" --name "Nurse Aide I" --kind vocational >/dev/null
S "$O1" edit "$LUIS" --phone "509-555-0199" --consent-share yes >/dev/null
S "$O1" screen "$LUIS" --instrument casas --score 215 --date 2026-11-02 >/dev/null
PROG=$(sqlite3 "$O1" "SELECT id FROM program WHERE name = 'Nurse Aide I'")
WCODE=$(S "$O1" refer "$LUIS" "$PROG" --yes | sed -n 's/^Referral \(R-[0-9A-Z]*\):.*/\1/p')
S "$O1" referral-status "$WCODE" enrolled >/dev/null
S "$O1" place "$LUIS" --employer "Acme Care" --start 2026-11-20 --wage 17.50 --yes >/dev/null
S "$O1" levels retire "$(sqlite3 "$O1" "SELECT id FROM esl_table WHERE instrument = 'tabe_clas_e'")" >/dev/null
S "$O1" edit "$LUIS" --email "luis@example.org" >/dev/null
S "$O1" export --full --to "Caridades Sur" --out "$T/o5.bundle" --plain >/dev/null
S "$O2" merge "$T/o5.bundle" >/dev/null
rows() {
	local t cols
	for t in participant screening referral referral_status placement partner program esl_table esl_band; do
		# every column but the local one (sort_key)
		cols=$(sqlite3 "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t') WHERE name <> 'sort_key'")
		sqlite3 "$1" "SELECT $cols FROM $t ORDER BY id"
	done
}
problems=$(diff <(rows "$O1") <(rows "$O2"))
verdict "every write path (add, edit, consent, screen, refer, status, place, partners, programs, levels) reaches the other site" "$problems"
# A bundle made before a column was added (schema 9's participant notes):
# its creations lack the key, and the column's default is taken, not a
# refusal. The older site is made by dropping the column (after its add:
# this senda's own writes name it).
OLD=$T/older.db NEW=$T/newer.db
S "$OLD" init --site "Older" --user "Olivia" >/dev/null
S "$NEW" init --site "Newer" --user "Nora" >/dev/null
S "$OLD" add --given "Rosa" --surname "Older" --consent-share yes >/dev/null || bail_out "add at older"
sqlite3 "$OLD" "ALTER TABLE participant DROP COLUMN notes" || bail_out "drop notes"
S "$OLD" export --full --plain --out "$T/older.bundle" >/dev/null || bail_out "export at older"
out=$(LANGUAGE=en S "$NEW" merge "$T/older.bundle")
check "a bundle without a newer column's key: its people are created, not refused" \
	grep -Eq "^Participants +1 +0 +0 +0 +0 +0$" <<<"$out"
is "$(sqlite3 "$NEW" "SELECT given_names || '|' || notes FROM participant")" "Rosa|" \
	"the missing column takes its default"
# Records made before a person consented to share travel once she does:
# the incremental export after her consent carries her screening and job.
CA=$T/consent-a.db CH=$T/consent-h.db
S "$CA" init --site "Consent A" --user "Ada" --organization "Org X" >/dev/null
S "$CH" init --site "Consent H" --user "Hugo" --organization "Org Y" >/dev/null
S "$CA" export --plain --full --out "$T/ca0.bundle" >/dev/null
S "$CH" merge "$T/ca0.bundle" >/dev/null
NOE=$(S "$CA" add --given "Noé" --surname "Segundo" --consent-share no) || bail_out "add Noé"
S "$CA" screen "$NOE" --instrument casas --score 200 >/dev/null || bail_out "screen Noé"
S "$CA" place "$NOE" --employer "Epsilon" --start 2026-11-20 --wage 15 --yes >/dev/null ||
	bail_out "place Noé"
S "$CA" export --plain --out "$T/ca1.bundle" >/dev/null
S "$CH" merge "$T/ca1.bundle" >/dev/null
S "$CA" edit "$NOE" --consent-share yes >/dev/null
S "$CA" export --plain --out "$T/ca2.bundle" >/dev/null
S "$CH" merge "$T/ca2.bundle" >/dev/null
is "$(sqlite3 "$CH" "SELECT (SELECT count(*) FROM participant) || (SELECT count(*) FROM screening) || (SELECT count(*) FROM placement)")" \
	"111" "her screening and job, made before her consent, travel once she gives it"

# A file that needs a migration while another program has it open (an older
# senda's interface would go on writing it without the field log) is not
# migrated: refused, in the user's language, and migrated once it is closed.
UP=$T/upgrade.db
S "$UP" init --site "Upgrade" --user "Uma" >/dev/null
sqlite3 "$UP" "PRAGMA user_version = 8"
coproc HOLD { sqlite3 "$UP"; }
# bash unsets HOLD_PID (and HOLD) once the coprocess has ended: kept here,
# so that the wait below does not depend on how fast sqlite3 quits.
hold_pid=$HOLD_PID hold_in=${HOLD[1]}
echo "SELECT count(*) FROM site;" >&"${HOLD[1]}"
read -r _ <&"${HOLD[0]}"
out=$(LANGUAGE=es S "$UP" list); rc=$?
is "$rc:$(sqlite3 "$UP" "PRAGMA user_version")" "1:8" \
	"a file another program has open is not migrated"
check "and the refusal says why, in Spanish [es]" grep -q "otro programa" <<<"$out"
echo .quit >&"$hold_in"
wait "$hold_pid" 2>/dev/null || true
S "$UP" list >/dev/null
is "$(sqlite3 "$UP" "PRAGMA user_version")" "$(sqlite3 "$C" "PRAGMA user_version")" \
	"once it is closed, the file is migrated"
out=$(LANGUAGE=en S "$C" export --to hub --out "$T/np.bundle"); rc=$?
is "$rc:$(test -e "$T/np.bundle" && echo made)" "1:" "no terminal and no --passphrase-file: refused, no file"

# The summary's first line: each count with its own plural.
ONE=$T/one-a.db
S "$ONE" init --site "One A" --user "Olga" >/dev/null
S "$ONE" export --plain --full --out "$T/one0.bundle" >/dev/null
S "$ONE" add --given "Úrsula" --surname "Ñahui" --consent-share yes >/dev/null || bail_out "add Úrsula"
S "$ONE" export --plain --out "$T/one1.bundle" >/dev/null
for lang in en es; do
	H1=$T/one-h-$lang.db
	S "$H1" init --site "One H $lang" --user "Hilda" >/dev/null
	S "$H1" merge "$T/one0.bundle" >/dev/null
	out=$(LANGUAGE=$lang S "$H1" merge "$T/one1.bundle")
	want=$([ "$lang" = en ] && echo "Merged 1 bundle (1 change read)." ||
		echo "Se combinó 1 paquete (1 cambio leído).")
	is "$(head -1 <<<"$out")" "$want" "one change read: said in the singular [$lang]"
done

# A bundle's text longer than its field allows is refused, not kept: a plain
# bundle's checksum can be made again by anyone (doc/bundle-format.md), and a
# name of thousands of letters would cost the name index the square of its
# length. forge FILE SQL: the change, and the checksum made again.
forge() {
	python3 - "$1" "$2" <<'PY'
import hashlib, sqlite3, sys
path, sql = sys.argv[1], sys.argv[2]
c = sqlite3.connect(path)
c.execute(sql)
c.commit()
old = c.execute("SELECT value FROM manifest WHERE key = 'checksum'").fetchone()[0]
c.close()
data = bytearray(open(path, "rb").read())
at = data.find(old.encode())
data[at:at + 64] = b"0" * 64
data[at:at + 64] = hashlib.blake2b(bytes(data), digest_size=32).hexdigest().encode()
open(path, "wb").write(bytes(data))
PY
}
LA=$T/long-a.db
S "$LA" init --site "Long A" --user "Lia" >/dev/null
for g in Ana Bea Cira; do
	S "$LA" add --given "$g" --surname "Pérez" --consent-share yes >/dev/null || bail_out "add $g"
done
S "$LA" edit "$(sqlite3 "$LA" "SELECT id FROM participant WHERE given_names = 'Bea'")" \
	--phone 509-555-0142 >/dev/null || bail_out "edit Bea"
S "$LA" export --plain --full --out "$T/long.bundle" >/dev/null
forge "$T/long.bundle" "UPDATE row_participant SET given_names = printf('%.*c', 8000, 'A')
	WHERE given_names = 'Ana'"
forge "$T/long.bundle" "UPDATE entry SET value = printf('%.*c', 9000, '5') WHERE field = 'phone'"
LH=$T/long-h.db
S "$LH" init --site "Long H" --user "Hal" >/dev/null
out=$(LANGUAGE=en S "$LH" merge "$T/long.bundle")
check "a name of 8,000 letters and a phone edit of 9,000: refused (one by one)" \
	grep -Eq "^Participants +2 +[0-9]+ +[0-9]+ +0 +0 +2$" <<<"$out"
is "$(sqlite3 "$LH" "SELECT count(*) || '|' || max(length(given_names)) || '|' ||
	(SELECT coalesce(max(length(value)), 0) FROM field_change) FROM participant")" "2|4|0" \
	"and neither is kept, in the records or in the log"
# The same in bulk (a merge of thousands of changes into a new file).
LB=$T/long-b.db
S "$LB" demo --people 800 --seed 7 >/dev/null || bail_out "demo 800"
sqlite3 "$LB" "BEGIN; INSERT INTO setting (key, value) VALUES ('exchange_merging', '1');
	UPDATE participant SET consent_share = 1; DELETE FROM setting WHERE key = 'exchange_merging';
	COMMIT;"
S "$LB" export --plain --full --out "$T/longb.bundle" >/dev/null
forge "$T/longb.bundle" "UPDATE row_participant SET given_names = printf('%.*c', 8000, 'A')
	WHERE rowid = (SELECT min(rowid) FROM row_participant)"
LBH=$T/long-bh.db
S "$LBH" init --site "Long BH" --user "Hal" --kind hub >/dev/null
out=$(LANGUAGE=es S "$LBH" merge "$T/longb.bundle")
check "in bulk: the name of 8,000 letters refused [es]" \
	grep -Eq "^Participantes +799 .* 1$" <<<"$out"
is "$(sqlite3 "$LBH" "SELECT max(length(given_names)) <= 80 FROM participant")" "1" \
	"and not kept"
is "$(sqlite3 "$LBH" "SELECT count(*) FROM name_prefix WHERE length(prefix) > 80")" "0" \
	"nor in the name index"

# A bundle with a change held back (its clock ten days ahead) merged again:
# still held, and the file not written (not even the date it was held).
HA=$T/held-a.db HB=$T/held-h.db
S "$HA" init --site "Held A" --user "Hana" >/dev/null
HID=$(S "$HA" add --given "Hortensia" --surname "Ríos" --consent-share yes) || bail_out "add Hortensia"
S "$HA" edit "$HID" --phone 509-555-0177 >/dev/null || bail_out "edit Hortensia"
sqlite3 "$HA" "UPDATE field_change SET clock = printf('%013d', CAST(substr(clock, 1, 13) AS INTEGER)
	+ 864000000) || substr(clock, 14) WHERE field = 'phone'"
S "$HA" export --plain --full --out "$T/held.bundle" >/dev/null
S "$HB" init --site "Held H" --user "Hugo" >/dev/null
S "$HB" merge "$T/held.bundle" >/dev/null
is "$(sqlite3 "$HB" "SELECT count(*) FROM held_change")" "1" "a change ten days ahead is held back"
before=$(sha256sum <"$HB")
out=$(LANGUAGE=en S "$HB" merge "$T/held.bundle")
is "$(sha256sum <"$HB")" "$before" "merged again: the file is byte-identical (it was written again)"

done_testing
