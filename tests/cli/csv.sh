#!/bin/bash
# tests/cli/csv.sh — issue 7, items 3, 5, 21–25: CSV imports (levels and
# partners) refuse what they cannot take whole and say why, a locked or
# read-only database is named as such, every --help ends its last line, and
# a large partners import is fast. Language-dependent cases run in English
# and in Spanish. Needs: bash, coreutils, sqlite3, python3; the read-only
# folder cases also need setpriv (util-linux), else they are skipped.

. "$(dirname "$0")/lib.sh"

plan 51

LANGS="en es"
mkdir -p en es
HEAD="instrument,version,effective_date,source,verified,retired,level,min_score,max_score"

# casas_table VERSION DATE SOURCE: a valid 6-level CASAS table as CSV rows.
casas_table() {
	local lo=(0 181 191 201 211 221) hi=(180 190 200 210 220 235) i
	for i in 0 1 2 3 4 5; do
		printf 'casas,%s,%s,%s,yes,no,%d,%d,%d\n' "$1" "$2" "$3" $((i + 1)) "${lo[$i]}" "${hi[$i]}"
	done
}
tables() { sqlite3 "$1" "SELECT count(*) FROM esl_table"; }

for l in $LANGS; do
	run "$l" --db "$l/a.db" init --site "Centro" --user "Ana"
	[ "$RC" = 0 ] || bail_out "init failed: $(cat "$ERR")"
done

# ---- item 21: every --help ends its last line ---------------------------------
for l in $LANGS; do
	p=""
	for args in "--help" "partners --help" "partners list --help" "partners add --help" \
		"partners import --help" "partners export --help" "programs --help" \
		"programs add --help" "levels --help" "init --help" "demo --help" "add --help" \
		"edit --help" "list --help" "search --help" "show --help" "screen --help" \
		"eligible --help" "refer --help" "referral-status --help" "referrals --help" \
		"slip --help" "place --help" "check --help" "backup --help"; do
		# shellcheck disable=SC2086  # the words of args on purpose
		run "$l" $args
		if [ "$RC" != 0 ] || [ ! -s "$OUT" ]; then
			p+="senda $args: exit $RC, $(wc -c <"$OUT") bytes"$'\n'
		elif [ "$(tail -c 1 "$OUT" | od -An -tx1 | tr -d ' ')" != 0a ]; then
			p+="senda $args does not end with a newline: …$(tail -c 30 "$OUT")"$'\n'
		fi
	done
	verdict "every command's --help ends with a newline [$l]" "$p"
done

# ---- item 3: levels import refuses what does not fit, whole ---------------------
for l in $LANGS; do
	v=$(printf 'v%.0s' $(seq 70))
	{ echo "$HEAD"; casas_table "$v" 2027-01-01 "a long version"; } >"$l/long.csv"
	before=$(snap "$l/a.db")
	expect levels-long-version "$l" "levels import: a 70-byte version is refused, naming line, field and limit" \
		--db "$l/a.db" levels import "$l/long.csv"
	unchanged "levels import: nothing written after a too long version [$l]" "$before" "$l/a.db"
	big=$(head -c 1000000 /dev/zero | tr '\0' s)
	{ echo "$HEAD"; casas_table 2027 2027-01-01 "$big"; } >"$l/big.csv"
	run "$l" --db "$l/a.db" levels import "$l/big.csv"
	p=""
	[ "$RC" = 1 ] || p+="exit $RC, want 1"$'\n'
	grep -q "1000000" "$ERR" || p+="the message does not say how long the source is: $(head -c 300 "$ERR")"$'\n'
	grep -q "255" "$ERR" || p+="the message does not give the limit: $(head -c 300 "$ERR")"$'\n'
	[ "$(tables "$l/a.db")" = 4 ] || p+="tables: $(tables "$l/a.db"), want 4"$'\n'
	verdict "levels import: a 1 MB source is refused with its length and the limit, not cut [$l]" "$p"
	v=$(printf 'v%.0s' $(seq 63))
	{ echo "$HEAD"; casas_table "$v" 2027-01-01 "63 fit"; } >"$l/fit.csv"
	run "$l" --db "$l/a.db" levels import "$l/fit.csv"
	bands=$(sqlite3 "$l/a.db" "SELECT count(*) FROM esl_band b JOIN esl_table t ON t.id = b.table_id WHERE t.version = '$v'")
	is "$RC $bands" "0 6" "levels import: a 63-byte version fits, and the table has its 6 levels [$l]"
done

# ---- item 25: levels and partners CSV layout --------------------------------------
for l in $LANGS; do
	{ echo "$HEAD,version"; echo "casas,A,2027-01-01,s,yes,no,1,0,180,B"; } >"$l/dup.csv"
	expect levels-dup-header "$l" "levels import: a column named twice is named" \
		--db "$l/a.db" levels import "$l/dup.csv"
	{ echo "$HEAD"; echo "casas,X,2027-01-01,s,yes,no,1,0,180,,7,"; } >"$l/more.csv"
	expect levels-more-cells "$l" "levels import: a row with more cells than the header says how many" \
		--db "$l/a.db" levels import "$l/more.csv"
	printf 'partner,program,city\nA,B,C\nD,E,F,G,H,,\n' >"$l/pmore.csv"
	expect partners-more-cells "$l" "partners import: a row with more cells than the header says how many" \
		--db "$l/a.db" partners import "$l/pmore.csv"
	printf 'partner,program,Program\nA,B,C\n' >"$l/pdup.csv"
	expect partners-dup-header "$l" "partners import: a column named twice is named" \
		--db "$l/a.db" partners import "$l/pdup.csv"
done

# Export then import changes nothing, also for cells the export defuses.
for l in $LANGS; do
	{ echo "$HEAD"; casas_table "=cmd" 2027-02-01 "-from a sheet"; } >"$l/formula.csv"
	run "$l" --db "$l/a.db" levels import "$l/formula.csv"
	run "$l" --db "$l/a.db" partners add --name "=HYPERLINK(1)" --city "+city"
	rm -f "$l/lv.csv" "$l/pt.csv"
	run "$l" --db "$l/a.db" levels export "$l/lv.csv"
	run "$l" --db "$l/a.db" partners export "$l/pt.csv"
	before=$(snap "$l/a.db")
	n=$(tables "$l/a.db")
	np=$(sqlite3 "$l/a.db" "SELECT count(*) FROM partner")
	run "$l" --db "$l/a.db" levels import "$l/lv.csv"
	p=""
	[ "$RC" = 0 ] || p+="levels import exit $RC: $(cat "$ERR")"$'\n'
	[ "$(tables "$l/a.db")" = "$n" ] || p+="tables $n -> $(tables "$l/a.db")"$'\n'
	grep -q "'=cmd" "$l/lv.csv" || p+="the export did not defuse =cmd"$'\n'
	run "$l" --db "$l/a.db" partners import "$l/pt.csv"
	[ "$RC" = 0 ] || p+="partners import exit $RC: $(cat "$ERR")"$'\n'
	[ "$(sqlite3 "$l/a.db" "SELECT count(*) FROM partner")" = "$np" ] || p+="partners $np -> $(sqlite3 "$l/a.db" "SELECT name FROM partner")"$'\n'
	verdict "export then import of levels and partners adds nothing, defused cells included [$l]" "$p"
	unchanged "export then import changes nothing in the file [$l]" "$before" "$l/a.db"
	is "$(sqlite3 "$l/a.db" "SELECT count(*) FROM esl_table WHERE version = '=cmd' AND source = '-from a sheet'") $(sqlite3 "$l/a.db" "SELECT count(*) FROM partner WHERE name = '=HYPERLINK(1)' AND city = '+city'")" \
		"1 1" "defused cells are stored without the apostrophe [$l]"
done

# ---- item 5: mixed encodings --------------------------------------------------------
for l in $LANGS; do
	printf 'partner,program\nCaf\xc3\xa9 Org,Ingl\xc3\xa9s\nNi\xf1o Org,X\nPlain,Y\n\xc1rbol,Z\n' >"$l/mix.csv"
	before=$(snap "$l/a.db")
	expect partners-mixed "$l" "partners import: UTF-8 and Windows-1252 lines in one file are refused, naming lines" \
		--db "$l/a.db" partners import "$l/mix.csv"
	unchanged "partners import: nothing written from a mixed file [$l]" "$before" "$l/a.db"
	run "$l" --db "$l/a.db" partners import "$l/mix.csv" --encoding windows-1252
	is "$RC" 0 "partners import --encoding windows-1252 takes the mixed file as named [$l]"
	printf 'partner,program\nCaf\xe9 Sol,Ingl\xe9s\n' >"$l/w.csv"
	expect partners-cp1252 "$l" "partners import: a pure Windows-1252 file is still recognized" \
		--db "$l/a.db" partners import "$l/w.csv"
	is "$(sqlite3 "$l/a.db" "SELECT count(*) FROM partner WHERE name = 'Café Sol'")" 1 \
		"the Windows-1252 file's é is stored as é [$l]"
done

# ---- item 23: a locked database -----------------------------------------------------
printf 'partner,program\nLocked Org,Class\n' >en/lk.csv
cp en/lk.csv es/lk.csv
for l in $LANGS; do
	lock_hold "$l/a.db" || diag "could not take the lock: $(cat "$T/lock.log")"
	expect partners-locked "$l" "partners import under another program's write lock says the file is in use" \
		--db "$l/a.db" partners import "$l/lk.csv"
	lock_release
done
# Every command that writes, under the lock: a message, never "senda: " alone.
# (They wait for the lock at the same time, so this takes a few seconds.)
run en --db en/a.db partners list
P=$(sqlite3 en/a.db "SELECT id FROM partner LIMIT 1")
run en --db en/a.db programs add "$P" --name "Course"
G=$(sqlite3 en/a.db "SELECT id FROM program LIMIT 1")
WHO=$(senda_q en --db en/a.db add --given Rosa --surname Peña --birth 1988-08-08 --consent-share yes)
run en --db en/a.db refer "$WHO" "$G"
R=$(sqlite3 en/a.db "SELECT code FROM referral LIMIT 1")
rm -f en/lv.csv
run en --db en/a.db levels export en/lv.csv
lock_hold en/a.db || diag "could not take the lock: $(cat "$T/lock.log")"
i=0
while IFS= read -r cmd; do
	i=$((i + 1))
	# shellcheck disable=SC2086  # the words of cmd on purpose
	(cd en && LANGUAGE=en "$SENDA" --db a.db $cmd >"$T/.run/lk$i.out" 2>"$T/.run/lk$i.err" </dev/null
	 echo $? >"$T/.run/lk$i.rc") &
	printf '%s\n' "$cmd" >"$T/.run/lk$i.cmd"
done <<EOF
add --given Ana --surname Díaz
edit $WHO --phone 509-555-0142
screen $WHO --instrument casas --score 200
refer $WHO $G
referral-status $R contacted
place $WHO --employer Acme --title Cook --start 2026-11-01 --wage 15
levels import lv.csv
partners add --name Other
partners import lk.csv
programs add $P --name Another
demo
EOF
wait_n=0
for j in $(seq "$i"); do
	while [ ! -s "$T/.run/lk$j.rc" ] && [ $wait_n -lt 600 ]; do sleep 0.05; wait_n=$((wait_n + 1)); done
done
lock_release
p=""
for j in $(seq "$i"); do
	first=$(head -n 1 "$T/.run/lk$j.err")
	case $first in
	"senda: "??????????*) ;;
	*) p+="senda $(cat "$T/.run/lk$j.cmd"): exit $(cat "$T/.run/lk$j.rc"), stderr: '$first'"$'\n' ;;
	esac
	[ "$(cat "$T/.run/lk$j.rc")" != 0 ] || p+="senda $(cat "$T/.run/lk$j.cmd") succeeded under the lock"$'\n'
done
verdict "under another program's write lock every writing command fails with a message" "$p"

# ---- item 24: a database in a read-only folder --------------------------------------
# Root ignores permissions: run senda as nobody when setpriv can, else skip.
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && as_nobody true 2>/dev/null; then
	RO_OK=1
elif [ "$(id -u)" != 0 ]; then
	RO_OK=2   # an ordinary user: permissions apply to senda itself
	as_nobody() { "$@"; }
else
	RO_OK=
fi
ro_run() { # LANG ARGS...: run senda as the test user in $T/ro
	local lang=$1
	shift
	(cd "$T/ro" && as_nobody env HOME="$T/ro" LANG=C.UTF-8 LANGUAGE="$lang" SENDA_NOW="$SENDA_NOW" \
		SENDA_LOCALEDIR="$SENDA_LOCALEDIR" "$SENDA" "$@" >"$OUT" 2>"$ERR" </dev/null)
	RC=$?
}
if [ -n "$RO_OK" ]; then
	mkdir -p "$T/ro/f"
	chmod 755 "$T" "$T/ro"
	[ "$RO_OK" = 1 ] && chown 65534:65534 "$T/ro" "$T/ro/f"
	ro_run en --db f/p.db demo --people 30
	[ "$RC" = 0 ] || diag "demo as the test user failed: $(cat "$ERR")"
	chmod 555 "$T/ro/f"
	for l in $LANGS; do
		ro_run "$l" --db f/p.db list --limit 3
		p=""
		[ "$RC" = 0 ] || p+="exit $RC: $(cat "$ERR")"$'\n'
		[ "$(wc -l <"$OUT")" -ge 3 ] || p+="list printed: $(cat "$OUT")"$'\n'
		verdict "a database in a read-only folder: list still works [$l]" "$p"
		who=$(sed -n 2p "$OUT" | awk '{print $2}' | tr -d ,)
		ro_run "$l" --db f/p.db search "$who"
		is "$RC $(grep -q "$who" "$OUT" && echo found)" "0 found" \
			"a database in a read-only folder: search still works [$l]"
		ro_run "$l" --db f/p.db add --given Ana --surname Díaz
		compare readonly-folder-add "$l" "a database in a read-only folder: add says what happened and what to do, then SQLite's words"
	done
	ls "$T/ro/f" >"$T/.run/ro.ls"
	is "$(cat "$T/.run/ro.ls")" "p.db" "nothing was created beside the database in the read-only folder"
	chmod 755 "$T/ro/f"
	chmod 444 "$T/ro/f/p.db"
	ro_run en --db f/p.db add --given Ana --surname Díaz
	p=""
	[ "$RC" = 1 ] || p+="exit $RC"$'\n'
	grep -q "the file .*p.db cannot be written" "$ERR" || p+="stderr: $(cat "$ERR")"$'\n'
	[ "$(ls "$T/ro/f")" = p.db ] || p+="side files were left: $(ls "$T/ro/f" | tr '\n' ' ')"$'\n'
	verdict "a read-only database file: add names the file, and leaves no side files" "$p"
	chmod 600 "$T/ro/f/p.db"
	ro_run en --db f/p.db add --given Ana --surname Díaz --birth 1990-01-01
	is "$RC" 0 "once the file is writable again, add works"
else
	for _ in 1 2 3 4 5 6 7 8 9; do
		ok "# SKIP read-only folder: running as root without setpriv"
	done
fi

# ---- item 3: command-line text that does not fit is refused, not cut --------------
WHO=$(senda_q en --db en/a.db add --given Luz --surname Mar --birth 1980-01-01)
for l in $LANGS; do
	long=$(python3 -c 'print("雇" * 200)')
	expect place-long-employer "$l" "place: an employer of 200 characters (600 bytes) is refused, not cut" \
		--db en/a.db place "$WHO" --employer "$long" --title Cook --start 2026-11-01 --wage 15
done
fits=$(python3 -c 'print("雇" * 100)')
run en --db en/a.db place "$WHO" --employer "$fits" --title Cook --start 2026-11-01 --wage 15
is "$RC $(sqlite3 en/a.db "SELECT length(employer) FROM placement WHERE participant_id = '$WHO'")" "0 100" \
	"place: an employer of 100 three-byte characters is stored whole"

# A long name (3 names of 80 two-byte letters: 480 bytes and more) is shown whole.
n80=$(python3 -c 'print("Ñ" * 80)')
WHO=$(senda_q en --db en/a.db add --given "$n80" --surname "$n80" --surname2 "$n80" --birth 1980-01-01)
run en --db en/a.db show "$WHO"
is "$(head -n 1 "$OUT")" "$n80 $n80, $n80" "show prints a name of 240 accented letters whole"

# ---- item 22: a large partners import is linear ----------------------------------
python3 - "$T/big.csv" <<'EOF'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("partner,partner_kind,city,program,program_kind,min_esl_level,cost\n")
    for k in range(20000):
        f.write(f"Organización número {k},community,Yakima,Programa de {k},esl,2,free\n")
EOF
t0=$(now_ms)
run en --db en/a.db partners import "$T/big.csv"
took=$(($(now_ms) - t0))
p=""
[ "$RC" = 0 ] || p+="exit $RC: $(cat "$ERR")"$'\n'
grep -q "20000 added" "$OUT" || p+="stdout: $(cat "$OUT")"$'\n'
[ "$took" -le 15000 ] || p+="took $took ms (quadratic before: about 20 s for 2,000 rows... hours for 20,000)"$'\n'
verdict "partners import of 20,000 rows takes under 15 s ($took ms)" "$p"

done_testing
