#!/bin/bash
# tests/cli/cli.sh — senda's command line (issue 2, items 8–10 and "Bad
# input"), every language-dependent case once in English and once in Spanish.
# Output is compared with tests/cli/expected/NAME.LANG.out; see lib.sh for the
# format and for REGEN=1. Needs: bash, coreutils, sed, grep, diff, sqlite3.

. "$(dirname "$0")/lib.sh"

plan 175

LANGS="en es"
mkdir -p en es

# ---- help, version, usage errors ---------------------------------------------
for l in $LANGS; do
	expect help "$l" "--help prints the help on stdout and exits 0" --help
done
for l in $LANGS; do
	expect version "$l" "--version prints the version on stdout and exits 0" --version
done
for l in $LANGS; do
	expect help-add "$l" "add --help prints the synopsis of add" add --help
done
# GNU style: help text fits an 80-column terminal.
for l in $LANGS; do
	p=""
	for cmd in "" init demo add edit list search show check backup; do
		w=$(senda_q "$l" $cmd --help | LC_ALL=C.UTF-8 wc -L)
		[ "$w" -le 80 ] || p+="senda ${cmd:+$cmd }--help has a line of $w columns:"$'\n'$(senda_q "$l" $cmd --help | LC_ALL=C.UTF-8 awk 'length($0) > 80')$'\n'
	done
	verdict "every --help (senda's and each command's) fits in 80 columns [$l]" "$p"
done
for l in $LANGS; do
	expect unknown-command "$l" "an unknown command exits 2 with a hint on stderr" frobnicate
done

# An unknown option: exit 2, nothing on stdout, and on stderr exactly two lines
# in the user's language (GNU style): "senda: ... '--bogus' ..." and
# "Try 'senda [CMD ]--help' for more information." Not getopt's own English
# message prefixed with the binary's path.
declare -A first_line
unknown_option() { # LANG CMD-OR-EMPTY
	local l=$1 cmd=$2 p="" n l1 l2
	if [ -n "$cmd" ]; then run "$l" "$cmd" --bogus; else run "$l" --bogus; fi
	[ "$RC" = 2 ] || p+="exit $RC, want 2"$'\n'
	[ -s "$OUT" ] && p+="stdout is not empty"$'\n'
	n=$(wc -l <"$ERR")
	l1=$(sed -n 1p "$ERR")
	l2=$(sed -n 2p "$ERR")
	[ "$n" = 2 ] || p+="stderr has $n lines, want 2 (a message and the hint)"$'\n'
	case $l1 in
	"senda: "*--bogus*) ;;
	*) p+="first line should start with 'senda: ' and name --bogus: $l1"$'\n' ;;
	esac
	case $l2 in
	*"senda ${cmd:+$cmd }--help"*) ;;
	*) p+="second line should point to 'senda ${cmd:+$cmd }--help': $l2"$'\n' ;;
	esac
	if [ "$l" = en ]; then
		first_line[${cmd:-none}]=$l1
	elif [ "$l1" = "${first_line[${cmd:-none}]-}" ]; then
		p+="the message is not translated: $l1"$'\n'
	fi
	[ -z "$p" ] || p+="stderr was:"$'\n'$(cat "$ERR")
	verdict "senda ${cmd:+$cmd }--bogus exits 2 with one clear message and a hint [$l]" "$p"
}
for l in $LANGS; do unknown_option "$l" ""; done
for l in $LANGS; do unknown_option "$l" add; done

# Under LC_ALL=C (a non-UTF-8 locale) senda falls back to C.UTF-8, says so once
# on stderr, and still speaks the language LANGUAGE asks for.
for l in $LANGS; do
	WITH="LC_ALL=C" expect help-lc-all-c "$l" "under LC_ALL=C --help still prints the help, with one notice" --help
	out=$(cat "$OUT")
	is "$out" "$(expected_part help "$l" stdout)" "under LC_ALL=C --help prints the same help as under C.UTF-8 [$l]"
done

# Without LANGUAGE, LANG decides, even when that locale is not installed (the
# only locale here is C.UTF-8).
WITH="LANG=es_MX.UTF-8" run - --version
is "$RC $(cat "$OUT")" "0 $(expected_part version es stdout)" \
	"LANG=es_MX.UTF-8 (not installed), no LANGUAGE: --version speaks Spanish"

# ---- init ------------------------------------------------------------------------
for l in $LANGS; do
	expect init "$l" "init creates the file and the site" \
		--db "$l/a.db" init --site "Centro Comunitario" --user "Ana Torres"
	is "$(stat -c %a "$l/a.db" 2>&1)" 600 "init made the file mode 0600 [$l]"
	before=$(snap "$l/a.db")
	expect init-again "$l" "init refuses a file that already has a site" \
		--db "$l/a.db" init --site "Otro" --user "Otra"
	unchanged "a refused init writes nothing [$l]" "$before" "$l/a.db"
done

# ---- the default file: $XDG_DATA_HOME, else ~/.local/share -------------------
run en init --site "Sitio" --user "Ana"
p=""
[ "$RC" = 0 ] || p+="init exited $RC: $(cat "$ERR")"$'\n'
[ -f xdg/senda/senda.db ] || p+="no xdg/senda/senda.db"$'\n'
[ "$(stat -c %a xdg/senda 2>&1)" = 700 ] || p+="folder mode $(stat -c %a xdg/senda 2>&1), want 700"$'\n'
[ "$(stat -c %a xdg/senda/senda.db 2>&1)" = 600 ] || p+="file mode $(stat -c %a xdg/senda/senda.db 2>&1), want 600"$'\n'
verdict "without --db, init creates \$XDG_DATA_HOME/senda/senda.db (folder 0700, file 0600)" "$p"

WITH="-u XDG_DATA_HOME" run en init --site "Sitio" --user "Ana"
p=""
[ "$RC" = 0 ] || p+="init exited $RC: $(cat "$ERR")"$'\n'
[ -f home/.local/share/senda/senda.db ] || p+="no ~/.local/share/senda/senda.db"$'\n'
[ "$(stat -c %a home/.local/share/senda 2>&1)" = 700 ] || p+="folder mode is not 700"$'\n'
[ "$(stat -c %a home/.local/share/senda/senda.db 2>&1)" = 600 ] || p+="file mode is not 600"$'\n'
verdict "without XDG_DATA_HOME, init creates ~/.local/share/senda/senda.db" "$p"

# ---- demo ------------------------------------------------------------------------
for l in $LANGS; do
	expect demo "$l" "demo --people 50 fills the file and says how many" --db "$l/demo.db" demo --people 50
done
run en --db en/demo2.db demo --people 50
a=$(senda_q en --db en/demo.db list --limit 1000)
b=$(senda_q en --db en/demo2.db list --limit 1000)
p=""
[ "$RC" = 0 ] || p+="second demo exited $RC"$'\n'
[ -n "$a" ] || p+="list printed nothing"$'\n'
[ "$a" = "$b" ] || p+="the two lists differ:"$'\n'$(diff <(echo "$a") <(echo "$b"))
verdict "demo --people 50 is deterministic: two files give the same list" "$p"
for l in $LANGS; do
	expect demo-list "$l" "list of a demo file: header, first rows by surname, count" \
		--db "$l/demo.db" list --limit 8
done
# senda referrals pages the open referrals (issue 9, item 5): --limit N, then
# --after the last one shown; all of them on a pipe. The codes come from
# random ids: compared as R-@CODE@.
for l in $LANGS; do
	FILTER='s/R-[0-9A-Z]{6}/R-@CODE@/g' expect referrals-limit "$l" \
		"referrals --limit 3: the oldest open ones, the counts, the next page" \
		--db "$l/demo.db" referrals --limit 3
	after=$(senda_q "$l" --db "$l/demo.db" referrals --limit 3 | sed -n 's/^.* --after //p')
	FILTER='s/R-[0-9A-Z]{6}/R-@CODE@/g' expect referrals-after "$l" \
		"referrals --after the third: the fourth and fifth" \
		--db "$l/demo.db" referrals --limit 2 --after "$after"
	expect referrals-after-who "$l" "referrals ID --after is a usage error" \
		--db "$l/demo.db" referrals "$after" --after "$after"
	expect referrals-bad-limit "$l" "referrals --limit x is a usage error" \
		--db "$l/demo.db" referrals --limit x
done
# Rows that fit an 80-column terminal, under a header (issue 9 follow-up,
# item 3); on a pipe always the 80-column layout, whatever COLUMNS says.
for l in $LANGS; do
	out=$(COLUMNS=200 senda_q "$l" --db "$l/demo.db" referrals)
	p=""
	w=$(printf '%s\n' "$out" | grep '^R-' | LANG=C.UTF-8 wc -L)
	[ "$w" -le 79 ] || p+="rows of $w columns, want at most 79"$'\n'
	if [ "$l" = es ]; then h="^Código +Programa +Organización +Estado +Desde$"
	else h="^Code +Program +Partner +Status +Since$"; fi
	printf '%s\n' "$out" | head -1 | grep -q -E "$h" ||
		p+="first line: $(printf '%s\n' "$out" | head -1)"$'\n'
	verdict "referrals on a pipe: a header naming the columns, rows of at most 79 columns [$l]" "$p"
done
# On a pipe (no terminal), all of them; following "Next page" gives the same.
whole=$(senda_q en --db en/demo.db referrals | grep '^R-')
paged="" after="" pages=0 p=""
while :; do
	page=$(senda_q en --db en/demo.db referrals --limit 4 ${after:+--after "$after"}) ||
		{ p+="referrals --after $after failed"$'\n'; break; }
	paged+=$(printf '%s\n' "$page" | grep '^R-')$'\n'
	pages=$((pages + 1))
	after=$(printf '%s\n' "$page" | sed -n 's/^Next page: --after //p')
	[ -n "$after" ] && [ "$pages" -lt 100 ] || break
done
open=$(senda_q en --db en/demo.db referrals | sed -n 's/^\([0-9]*\) open,.*/\1/p')
[ "$(printf '%s\n' "$whole" | grep -c .)" = "$open" ] ||
	p+="on a pipe $(printf '%s\n' "$whole" | grep -c .) rows, $open open"$'\n'
[ "$(printf '%s' "$paged" | sed '/^$/d')" = "$whole" ] ||
	p+="the pages differ from the whole list:"$'\n'$(diff <(echo "$whole") <(printf '%s' "$paged" | sed '/^$/d'))
verdict "referrals on a pipe: every open one; pages of 4 by --after give the same ($pages pages)" "$p"
for l in $LANGS; do
	expect demo-bad-people "$l" "demo --people abc is a usage error" --db "$l/demo.db" demo --people abc
done

# ---- SENDA_DB and --db -------------------------------------------------------------
want=$(senda_q en --db en/demo.db list --limit 3)
WITH="SENDA_DB=en/demo.db" run en list --limit 3
is "$RC $(cat "$OUT")" "0 $want" "SENDA_DB names the file when there is no --db"
WITH="SENDA_DB=nowhere/x.db" run en --db en/demo.db list --limit 3
is "$RC $(cat "$OUT")" "0 $want" "--db wins over SENDA_DB"

# ---- add, list, search, show --------------------------------------------------------
declare -A jose maria pedro
for l in $LANGS; do
	run "$l" --db "$l/a.db" add --given "José Luis" --surname "García" --surname2 "López" \
		--birth 03/04/1990 --phone "(555) 123-4567"
	jose[$l]=$(cat "$OUT")
	p=""
	[ "$RC" = 0 ] || p+="exit $RC: $(cat "$ERR")"$'\n'
	[[ ${jose[$l]} =~ ^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]] ||
		p+="stdout is not one UUID: ${jose[$l]}"$'\n'
	[ -s "$ERR" ] && p+="stderr: $(cat "$ERR")"$'\n'
	verdict "add prints the new participant's id (a version-7 UUID) and nothing else [$l]" "$p"
	name_id "${jose[$l]}" jose
	maria[$l]=$(senda_q "$l" --db "$l/a.db" add --given "María" --surname "Núñez" --surname2 "Ochoa" \
		--phone "555-987-0000")
	name_id "${maria[$l]}" maria
	pedro[$l]=$(senda_q "$l" --db "$l/a.db" add --given "Pedro" --surname "Ruiz" --birth 1985-12-24)
	name_id "${pedro[$l]}" pedro
done
for l in $LANGS; do
	expect list "$l" "list shows everyone by surname" --db "$l/a.db" list
done
# Paging by key (issue 9, item 4): --after the last one shown, as the line
# under the list says.
for l in $LANGS; do
	expect list-first "$l" "list --limit 1: the first by surname, and the next page's --after" \
		--db "$l/a.db" list --limit 1
	expect list-after "$l" "list --after ID: the ones after that participant" \
		--db "$l/a.db" list --after "${jose[$l]}" --limit 1
	expect list-after-last "$l" "list --after the last one (by its short id): nobody, no next page" \
		--db "$l/a.db" list --after "${pedro[$l]: -8}"
	expect list-after-offset "$l" "list --after with --offset is a usage error" \
		--db "$l/a.db" list --after "${jose[$l]}" --offset 1
	expect list-after-nobody "$l" "list --after an id of nobody fails" \
		--db "$l/a.db" list --after ffffffff
done
# Following "Next page" from the first page to the end gives the whole list.
whole=$(senda_q en --db en/demo.db list --limit 1000 | grep -v '^ID ' | sed '$d')
paged="" after="" pages=0 p=""
while :; do
	page=$(senda_q en --db en/demo.db list --limit 7 ${after:+--after "$after"}) ||
		{ p+="list --after $after failed"$'\n'; break; }
	paged+=$(printf '%s\n' "$page" | grep -v -e '^ID ' -e ' of 50 participants$' -e '^Next page: ')$'\n'
	pages=$((pages + 1))
	after=$(printf '%s\n' "$page" | sed -n 's/^Next page: --after //p')
	[ -n "$after" ] && [ "$pages" -lt 20 ] || break
done
[ "$pages" = 8 ] || p+="$pages pages of 7 for 50 participants, want 8"$'\n'
[ "$(printf '%s' "$paged" | sed '/^$/d')" = "$whole" ] ||
	p+="the pages differ from the whole list:"$'\n'$(diff <(echo "$whole") <(printf '%s' "$paged" | sed '/^$/d'))
verdict "list --limit 7, then --after each last one: the whole list in 8 pages" "$p"
# The "Next page" token keeps the place where the page ended (issue 9
# follow-up, item 1): the last one shown renamed, deleted from the order or
# moved on does not skip the rest of the list.
cp en/demo.db en/moved.db
whole=$(senda_q en --db en/moved.db list --limit 1000 | grep -v '^ID ' | sed '$d')
page=$(senda_q en --db en/moved.db list --limit 3)
token=$(printf '%s\n' "$page" | sed -n 's/^Next page: --after //p')
senda_q en --db en/moved.db edit "${token%%,*}" --surname Zzyzx >/dev/null
run en --db en/moved.db list --limit 3 --after "$token"
p=""
[ "$RC" = 0 ] || p+="exit $RC: $(cat "$ERR")"$'\n'
[ "$(grep -v -e '^ID ' -e ' of 50 participants$' -e '^Next page: ' "$OUT")" = \
  "$(printf '%s\n' "$whole" | sed -n 4,6p)" ] ||
	p+="after the renamed one: $(cat "$OUT"), want rows 4-6 of the list"$'\n'
verdict "list --after the token of a page whose last one was renamed since: the next three" "$p"
run en --db en/moved.db list --limit 3 --after "${token%%,*}"
is "$RC $(tail -n 1 "$OUT")" "0 0 of 50 participants" \
	"list --after a hand-typed id: after where that one stands now (Zzyzx, the last)"
p=""
for bad in "${token%%,*},a%00b" "${token%%,*},a b" "${token%%,*},%4" "abc,abc" "$token,x"; do
	run en --db en/moved.db list --after "$bad"
	[ "$RC" = 2 ] || p+="--after '$bad' exited $RC, want 2"$'\n'
done
verdict "list --after a token that no Next page line makes is a usage error" "$p"
run en --db en/demo.db list --limit 0
is "$RC $(grep -c '^[0-9a-f]\{8\}  ' "$OUT") $(tail -n 1 "$OUT")" "0 50 50 of 50 participants" \
	"list --limit 0 shows everyone, as search and referrals do (issue 9 follow-up, item 2)"
# The same for the open referrals: the last one shown moves to the end
# (completed today: closed); the next page is the fourth to sixth all the same.
whole=$(senda_q en --db en/moved.db referrals | grep '^R-')
page=$(senda_q en --db en/moved.db referrals --limit 3)
token=$(printf '%s\n' "$page" | sed -n 's/^Next page: --after //p')
code=$(printf '%s\n' "$page" | grep '^R-' | sed -n '3s/ .*//p')
senda_q en --db en/moved.db referral-status --yes "$code" completed >/dev/null
run en --db en/moved.db referrals --limit 3 --after "$token"
is "$RC $(grep '^R-' "$OUT" | cut -c1-8 | paste -sd ' ')" \
	"0 $(printf '%s\n' "$whole" | sed -n 4,6p | cut -c1-8 | paste -sd ' ')" \
	"referrals --after the token of a page whose last one moved on since: the next three"
for l in $LANGS; do
	expect search-nunez "$l" "search nunez finds Núñez" --db "$l/a.db" search nunez
done
for l in $LANGS; do
	expect search-garcia-lopez "$l" "search 'garcia lopez' finds García López" --db "$l/a.db" search "garcia lopez"
done
for l in $LANGS; do
	expect search-lopez-garcia "$l" "search 'LOPEZ GARCIA' finds García López" --db "$l/a.db" search "LOPEZ GARCIA"
done
for l in $LANGS; do
	expect search-none "$l" "a search that finds nobody says so and exits 1" --db "$l/a.db" search Zapata
done
for l in $LANGS; do
	expect show "$l" "show prints the record, the birth date in words, and the history" \
		--db "$l/a.db" show "${jose[$l]}"
done
for l in $LANGS; do
	full=$(senda_q "$l" --db "$l/a.db" show "${jose[$l]}")
	run "$l" --db "$l/a.db" show "${jose[$l]:28:8}"
	is "$RC $(cat "$OUT")" "0 $full" "show takes the 8-character short id (the id's end) [$l]"
	run "$l" --db "$l/a.db" show "${jose[$l]:0:32}"
	is "$RC $(cat "$OUT")" "0 $full" "show takes the beginning of an id [$l]"
done
for l in $LANGS; do
	expect show-unknown "$l" "show of an id that is not there fails clearly" \
		--db "$l/a.db" show 0123abcd
done

# Dates are read in the user's order: 03/04/1990 is March 4 in English and
# 3 April in Spanish, and show writes them in words.
declare -A want_iso=([en]=1990-03-04 [es]=1990-04-03) want_words=([en]="March 4, 1990" [es]="3 de abril de 1990")
for l in $LANGS; do
	iso=$(sqlite3 "$l/a.db" "SELECT birth_date FROM participant WHERE id = '${jose[$l]}'" 2>&1)
	shown=$(senda_q "$l" --db "$l/a.db" show "${jose[$l]}" | grep -F "$iso")
	p=""
	[ "$iso" = "${want_iso[$l]}" ] || p+="stored $iso, want ${want_iso[$l]}"$'\n'
	case $shown in *"${want_words[$l]} (${want_iso[$l]})"*) ;; *) p+="show says: $shown"$'\n' ;; esac
	verdict "--birth 03/04/1990 is ${want_words[$l]} [$l]" "$p"
done

# ---- check ----------------------------------------------------------------------------
# The schema version check prints (line 3 of the compared text) must be the
# file's user_version; the number itself grows with every migration.
for l in $LANGS; do
	uv=$(sqlite3 "$l/a.db" "PRAGMA user_version" 2>&1)
	FILTER="3s/ $uv\$/ @USER_VERSION@/" \
		expect check "$l" "check reports the schema version, the counts and ok" --db "$l/a.db" check
done

# ---- edit ---------------------------------------------------------------------------
for l in $LANGS; do
	WITH="SENDA_NOW=2026-12-01T09:30:00Z" run "$l" --db "$l/a.db" edit "${jose[$l]}" --phone "(555) 222-3333"
	is "$RC $(cat "$OUT")$(cat "$ERR")" "0 ${jose[$l]}" "edit ID --phone changes the phone and prints the id [$l]"
done
for l in $LANGS; do
	expect show-edited "$l" "after edit, show has the new phone and the change in History" \
		--db "$l/a.db" show "${jose[$l]}"
done

# ---- backup -------------------------------------------------------------------------------
for l in $LANGS; do
	expect backup "$l" "backup writes a copy" --db "$l/a.db" backup "$l/copy.db"
	is "$(stat -c %a "$l/copy.db" 2>&1)" 600 "the backup is mode 0600 [$l]"
	run "$l" --db "$l/copy.db" check
	is "$RC $(tail -n 1 "$OUT") $(count_participants "$l/copy.db")" \
		"0 $(expected_part check "$l" stdout | tail -n 1) 3" \
		"check accepts the backup, which has the three participants [$l]"
	before=$(snap "$l/copy.db")
	expect backup-exists "$l" "backup refuses to overwrite a file" --db "$l/a.db" backup "$l/copy.db"
	unchanged "a refused backup leaves the existing file as it was [$l]" "$before" "$l/copy.db"
done

# ---- bad input: a clear message, a non-zero exit, nothing written --------------------------
# bad NAME LANG DESC FILE ARGS...: the expected message and exit, and FILE unchanged.
bad() {
	local name=$1 l=$2 desc=$3 file=$4 before
	shift 4
	before=$(snap "$file")
	expect "$name" "$l" "$desc" "$@"
	if [ "$RC" = 0 ]; then
		not_ok "$desc: senda exited 0 [$l]"
	else
		unchanged "$desc: nothing written [$l]" "$before" "$file"
	fi
}
declare -A tomorrow=([en]=12/01/2026 [es]=01/12/2026)
long10000=$(printf 'a%.0s' $(seq 10000))
long300=$(printf 'ñ%.0s' $(seq 300))
for l in $LANGS; do
	bad bad-utf8 "$l" "invalid UTF-8 in an argument is refused" "$l/a.db" \
		--db "$l/a.db" add --given "$(printf 'Jos\xe9')" --surname "García"
	bad name-10000 "$l" "a name of 10,000 characters is refused" "$l/a.db" \
		--db "$l/a.db" add --given "$long10000" --surname "García"
	bad name-300 "$l" "a name of 300 characters is refused" "$l/a.db" \
		--db "$l/a.db" add --given "Ana" --surname "$long300"
	bad date-31-02 "$l" "31/02/1990 is refused" "$l/a.db" \
		--db "$l/a.db" add --given "Ana" --surname "Díaz" --birth 31/02/1990
	bad date-future "$l" "a birth date in the future is refused" "$l/a.db" \
		--db "$l/a.db" add --given "Ana" --surname "Díaz" --birth "${tomorrow[$l]}"
	bad phone-letters "$l" "a phone with letters is refused" "$l/a.db" \
		--db "$l/a.db" add --given "Ana" --surname "Díaz" --phone "555-PIZZA-1"
done

# --db in a folder that does not exist: refused, and the folder is not made.
for l in $LANGS; do
	expect no-folder "$l" "--db in a folder that does not exist is refused" \
		--db "$l/nowhere/a.db" init --site "Centro" --user "Ana"
	p=""
	[ "$RC" = 0 ] && p+="exit 0"$'\n'
	[ -e "$l/nowhere" ] && p+="$l/nowhere was created"$'\n'
	verdict "--db in a folder that does not exist: the folder is not created [$l]" "$p"
done

# A file that is not senda's: refused without touching it.
printf 'Shopping list\nbeans\ntortillas\n' >notes.txt
sqlite3 other.db "CREATE TABLE recipe (name TEXT, minutes INTEGER);
	INSERT INTO recipe VALUES ('pozole', 180), ('tamales', 240);"
for l in $LANGS; do
	bad text-file "$l" "a text file as --db is refused" notes.txt \
		--db notes.txt init --site "Centro" --user "Ana"
	bad other-sqlite "$l" "another application's SQLite database is refused" other.db \
		--db other.db init --site "Centro" --user "Ana"
done

# A file from a newer schema: refused, saying a newer senda wrote it.
for l in $LANGS; do
	cp "$l/a.db" "$l/newer.db"
	sqlite3 "$l/newer.db" "PRAGMA user_version = 99"
	bad newer-schema "$l" "a file from a newer schema is refused" "$l/newer.db" \
		--db "$l/newer.db" add --given "Ana" --surname "Díaz"
done

# A database another program is writing: senda waits briefly, then says so;
# once the lock is gone the same add works (lock_hold is in lib.sh).
for l in $LANGS; do
	before=$(snap "$l/a.db")
	lock_hold "$l/a.db" || diag "could not take the lock: $(cat "$T/lock.log")"
	t0=$(now_ms)
	expect locked "$l" "a database locked by another program: add fails saying so" \
		--db "$l/a.db" add --given "Ana" --surname "Díaz"
	waited=$(($(now_ms) - t0))
	if [ "$waited" -ge 2000 ] && [ "$waited" -le 15000 ]; then
		ok "a locked database: senda waited a few seconds ($waited ms) before giving up [$l]"
	else
		not_ok "a locked database: senda waited a few seconds before giving up [$l]"
		diag "waited $waited ms, want 2000-15000"
	fi
	# A lock is "in use", never "damaged" (issue 7, item 4).
	expect locked-check "$l" "check on a locked database says it is in use, not damaged" \
		--db "$l/a.db" check
	lock_release
	unchanged "a locked database: nothing written [$l]" "$before" "$l/a.db"
	run "$l" --db "$l/a.db" add --given "Ana" --surname "Díaz"
	is "$RC $(count_participants "$l/a.db")" "0 4" "once the lock is gone the same add works [$l]"
done

# Escape sequences stored in a name (e.g. received from another site) are shown
# inert: list and show print no control character.
for l in $LANGS; do
	cp "$l/a.db" "$l/esc.db"
	sqlite3 "$l/esc.db" "UPDATE participant SET
		given_names = 'Evil' || char(27) || '[31mRed' || char(27) || ']0;pwned' || char(7),
		first_surname = 'Ruiz' || char(27) || '[2J' || char(155) || 'x'
		WHERE id = '${pedro[$l]}'"
	for cmd in list show; do
		if [ "$cmd" = list ]; then run "$l" --db "$l/esc.db" list; else run "$l" --db "$l/esc.db" show "${pedro[$l]}"; fi
		p=""
		[ "$RC" = 0 ] || p+="exit $RC: $(cat "$ERR")"$'\n'
		has_control "$OUT" && p+="control characters in the output:"$'\n'$(grep -n -P '[\x00-\x09\x0b-\x1f\x7f]' "$OUT" | cat -v)$'\n'
		grep -q 'Evil.*Red' "$OUT" || p+="the name is not shown"$'\n'
		verdict "$cmd shows a name holding escape sequences inert [$l]" "$p"
	done
done

# Bidirectional controls and names made only of zero-width characters are
# refused like other control characters (issue 7, item 15); stored ones are
# shown inert.
for l in $LANGS; do
	before=$(count_participants "$l/a.db")
	for bad in $'Eve\u202eRuiz' $'\u2066Eve' $'Eve\u200f' $'\u200b\u200b' $'\u2060\ufeff'; do
		run "$l" --db "$l/a.db" add --given "$bad" --surname "Bidi"
		p=""
		[ "$RC" = 1 ] || p+="exit $RC"$'\n'
		grep -Eq "control|de control" "$ERR" || p+="said: $(cat "$ERR")"$'\n'
		verdict "add refuses a name with $(printf '%s' "$bad" | od -An -tx1 | tr -d ' \n') [$l]" "$p"
	done
	is "$(count_participants "$l/a.db")" "$before" "no name with bidi controls was stored [$l]"
	cp "$l/a.db" "$l/bidi.db"
	sqlite3 "$l/bidi.db" "UPDATE participant SET given_names = 'Eve' || char(8238) || 'Ruiz'
		WHERE id = '${pedro[$l]}'"
	run "$l" --db "$l/bidi.db" show "${pedro[$l]}"
	p=""
	[ "$RC" = 0 ] || p+="exit $RC"$'\n'
	grep -q $'\u202e' "$OUT" && p+="the bidi control reached the output"$'\n'
	grep -q $'Eve\ufffdRuiz' "$OUT" || p+="the name is not shown inert"$'\n'
	verdict "show prints a stored bidi control inert [$l]" "$p"
done

# A day that does not exist in the user's order says the order; year 9999 is
# in the future, not too far in the past (issue 7, item 11).
for l in $LANGS; do
	if [ "$l" = es ]; then swapped=12/25/1990 order="DD/MM/AAAA"; future="futuro"
	else swapped=25/12/1990 order="MM/DD/YYYY"; future="future"; fi
	run "$l" --db "$l/a.db" add --given "Ana" --surname "Orden" --birth "$swapped"
	p=""
	[ "$RC" = 1 ] || p+="exit $RC"$'\n'
	grep -q "$order" "$ERR" || p+="said: $(cat "$ERR")"$'\n'
	verdict "a day/month swap says the order, $order [$l]" "$p"
	run "$l" --db "$l/a.db" add --given "Ana" --surname "Orden" --birth 01/01/9999
	p=""
	[ "$RC" = 1 ] || p+="exit $RC"$'\n'
	grep -q "$future" "$ERR" || p+="said: $(cat "$ERR")"$'\n'
	verdict "year 9999 is in the future [$l]" "$p"
done

done_testing
