#!/bin/bash
# tests/cli/files.sh — issue 7, items 1, 6, 20 and 26: every file senda
# writes (slip --out, levels export, partners export, backup) is never the
# open database or one of its side files, never an existing file without
# --force, never through a symbolic link, and is written whole or not at all
# (a full disk leaves neither the file nor a temporary); "-" is standard
# output, and standard input for imports; two inits racing on one new path
# make one file with one site; the benchmark binary is not in git.
# Needs: bash, coreutils, grep, sqlite3; unshare(1) for the full-disk cases
# (else they fall back to a file-size limit).

. "$(dirname "$0")/lib.sh"

plan 48

DB=$T/p.db
S() { "$SENDA" --db "$DB" "$@" </dev/null; }
sites() { sqlite3 "$1" "SELECT count(*) FROM site" 2>&1; }
# leftovers DIR: temporary files senda may have left in DIR (.NAME.XXXXXX)
leftovers() { find "$1" -maxdepth 1 -name '.*.??????*' ! -name '.run' -printf '%f\n'; }

LANGUAGE=en S init --site "Centro" --user "Ana Ruiz" >/dev/null || bail_out "init failed"
S partners add --name "Valley College" --kind college >/dev/null || bail_out "partners add failed"
S programs add "Valley College" --name "ESL evening class" --kind esl >/dev/null ||
	bail_out "programs add failed"
ROSA=$(S add --given "Rosa" --surname "Peña" --birth 1988-08-08 --language es \
	--consent-contact yes --consent-share yes) || bail_out "add failed"
PROG=$(sqlite3 "$DB" "SELECT id FROM program LIMIT 1")
CODE=$(LANGUAGE=en S refer "$ROSA" "$PROG" | sed -n 's/^Referral \(R-[0-9A-Z]*\):.*/\1/p')
[ -n "$CODE" ] || bail_out "refer failed"
cp "$DB" "$T/pristine.db"
# restore: put the database back as it was made (a senda that wrote onto
# it would spoil the cases after).
restore() { rm -f "$DB-wal" "$DB-shm" "$DB-journal"; cp "$T/pristine.db" "$DB"; }

# write NAME PATH [--force]: one of the four writers, onto PATH.
write() {
	local what=$1 path=$2
	shift 2
	case $what in
	slip) S slip "$CODE" --out "$path" "$@" ;;
	levels) S levels export "$path" "$@" ;;
	partners) S partners export "$path" "$@" ;;
	backup) S backup "$path" "$@" ;;
	esac
}
WRITERS="slip levels partners backup"

# ---- item 1: never onto the open database ---------------------------------------
restore
before=$(snap "$DB")
ln "$DB" "$T/hard.db"   # the same file under another name: caught by its inode
mkdir "$T/sub"
for w in $WRITERS; do
	restore
	problems=
	for target in "$DB" "$DB-wal" "$DB-shm" "$DB-journal" "$T/sub/../p.db" "p.db-wal" "$T/hard.db"; do
		for force in "" --force; do
			# shellcheck disable=SC2086  # no --force is no word
			out=$(LANGUAGE=en write "$w" "$target" $force 2>&1)
			rc=$?
			[ "$rc" = 1 ] || problems="$problems${problems:+$'\n'}$target $force: exit $rc"
			grep -q "is the open database or one of its files; choose another name" <<<"$out" ||
				problems="$problems${problems:+$'\n'}$target $force: said: $out"
			[ "$(snap "$DB")" = "$before" ] ||
				problems="$problems${problems:+$'\n'}$target $force: the database changed"
		done
	done
	for s in -wal -shm -journal; do
		[ -e "$DB$s" ] && problems="$problems${problems:+$'\n'}a $s file was written"
	done
	verdict "$w: refuses the database, its -wal/-shm/-journal (present or not), any spelling of them, even with --force" "$problems"
done
is "$(LANGUAGE=en S check 2>&1 | tail -1):$(count_participants "$DB")" "ok:1" \
	"after all that the database is whole, checks ok and has its participant"
out=$(LANGUAGE=es S levels export "$DB-wal" 2>&1)
check "the refusal names the file and says what to do [es]" \
	grep -q "p.db-wal es la base de datos abierta o uno de sus archivos; elija otro nombre" <<<"$out"
out=$(LANGUAGE=en S slip "$CODE" --out "$DB" 2>&1)
check "the refusal names the file and says what to do [en]" \
	grep -q "p.db is the open database or one of its files; choose another name" <<<"$out"

# ---- item 1: never over an existing file without --force -----------------------
restore
for w in $WRITERS; do
	echo "keep me" >"$T/old-$w"
	LANGUAGE=en write "$w" "$T/old-$w" >/dev/null 2>"$T/err"
	rc=$?
	is "$rc:$(cat "$T/old-$w")" "1:keep me" "$w: refuses an existing file without --force, leaves it as it was"
	write "$w" "$T/old-$w" --force >/dev/null 2>&1
	rc=$?
	echo "keep me" >"$T/keep"
	[ "$rc" = 0 ] && ! cmp -s "$T/keep" "$T/old-$w" && [ "$(stat -c %a "$T/old-$w")" = 600 ] &&
		ok "$w: --force replaces it (mode 0600)" || not_ok "$w: --force replaces it (mode 0600)"
done
check "the refusal says to choose another name or add --force [en]" \
	grep -q "old-backup already exists; choose another name, or add --force to replace it" "$T/err"
LANGUAGE=es S levels export "$T/old-levels" >/dev/null 2>"$T/err"
check "the refusal says to choose another name or add --force [es]" \
	grep -q "old-levels ya existe; elija otro nombre, o agregue --force para reemplazarlo" "$T/err"
is "$(sites "$T/old-backup")" "1" "a backup written with --force is a whole senda file"

# ---- item 1: never through a symbolic link ------------------------------------------
echo "target" >"$T/target.txt"
for w in $WRITERS; do
	ln -s "$T/nowhere-$w" "$T/dangling-$w"
	ln -s "$T/target.txt" "$T/link-$w"
	LANGUAGE=en write "$w" "$T/dangling-$w" --force >/dev/null 2>&1
	rc1=$?
	LANGUAGE=en write "$w" "$T/link-$w" --force >/dev/null 2>"$T/err"
	rc2=$?
	[ "$rc1:$rc2" = 1:1 ] && [ -L "$T/dangling-$w" ] && [ ! -e "$T/nowhere-$w" ] &&
		[ -L "$T/link-$w" ] && [ "$(cat "$T/target.txt")" = target ] &&
		ok "$w: refuses a symbolic link, dangling or not, even with --force; link and target untouched" ||
		not_ok "$w: refuses a symbolic link, dangling or not, even with --force; link and target untouched"
done
check "the refusal says it is a link [en]" grep -q "link-backup is a symbolic link, which senda never follows; name the file itself" "$T/err"
LANGUAGE=es S slip "$CODE" --out "$T/link-slip" 2>"$T/err" >/dev/null
check "the refusal says it is a link [es]" grep -q "link-slip es un enlace simbólico, que senda no sigue" "$T/err"
LANGUAGE=en S levels export "$T/sub" --force >/dev/null 2>"$T/err"
is "$?:$(ls -A "$T/sub")" "1:" "a folder is refused as an output file"
is "$(leftovers "$T")" "" "no refusal left a temporary file behind"

# ---- item 1: a full disk leaves nothing behind ---------------------------------------
# A 12 KB tmpfs in a private mount namespace; without unshare, a file-size
# limit (SIGXFSZ ignored, so that write fails with EFBIG) on the backup.
mkdir "$T/full"
if unshare -rm true 2>/dev/null; then
	full_case() {   # LANG WRITER: fill the disk, then write
		local lang=$1 w=$2 args
		case $w in
		slip) args=(slip "$CODE" --out "$T/full/out") ;;
		levels) args=(levels export "$T/full/out") ;;
		partners) args=(partners export "$T/full/out") ;;
		backup) args=(backup "$T/full/out") ;;
		esac
		# shellcheck disable=SC2016
		unshare -rm bash -c 'mount -t tmpfs -o size=12k none "$1" &&
			dd if=/dev/zero of="$1/fill" bs=1k count=64 2>/dev/null
			LANGUAGE=$2 "$3" --db "$4" "${@:5}" </dev/null
			echo "rc=$?"; ls -A "$1" | grep -v "^fill$" | sed "s/^/left: /"' \
			- "$T/full" "$lang" "$SENDA" "$DB" "${args[@]}" 2>&1
	}
	for w in $WRITERS; do
		out=$(full_case en "$w")
		grep -q "^rc=1$" <<<"$out" && ! grep -q "^left:" <<<"$out" &&
			grep -q "there is no room on the disk for $T/full/out.*Free some space" <<<"$out" &&
			ok "$w: on a full disk, exit 1, no file and no temporary left, says to free space [en]" ||
			{ not_ok "$w: on a full disk, exit 1, no file and no temporary left, says to free space [en]"; diag "$out"; }
	done
	out=$(full_case es backup)
	grep -q "^rc=1$" <<<"$out" && ! grep -q "^left:" <<<"$out" &&
		grep -q "no hay espacio en el disco para $T/full/out.*Libere espacio" <<<"$out" &&
		ok "backup: on a full disk the message is Spanish [es]" ||
		{ not_ok "backup: on a full disk the message is Spanish [es]"; diag "$out"; }
	# With --force over an existing file, the old file survives the full disk.
	# shellcheck disable=SC2016
	out=$(unshare -rm bash -c 'mount -t tmpfs -o size=12k none "$1" && echo old >"$1/out" &&
		dd if=/dev/zero of="$1/fill" bs=1k count=64 2>/dev/null
		"$2" --db "$3" backup "$1/out" --force </dev/null 2>/dev/null; echo "rc=$?"
		cat "$1/out"; ls -A "$1"' - "$T/full" "$SENDA" "$DB" 2>&1)
	is "$(echo $out)" "rc=1 old fill out" "backup --force on a full disk leaves the old file as it was"
else
	for w in $WRITERS; do
		if [ "$w" != backup ]; then
			ok "# SKIP $w: no unshare for a small tmpfs"
			continue
		fi
		out=$( (trap '' XFSZ; ulimit -f 64; LANGUAGE=en S backup "$T/full/out") 2>&1)
		rc=$?
		[ "$rc" = 1 ] && [ -z "$(ls -A "$T/full")" ] &&
			ok "backup: over the file-size limit, exit 1, no file and no temporary left" ||
			{ not_ok "backup: over the file-size limit, exit 1, no file and no temporary left"; diag "$out"; }
	done
	ok "# SKIP Spanish full-disk message: no unshare"
	ok "# SKIP backup --force on a full disk: no unshare"
fi

# ---- item 20: "-" is standard output, and standard input for imports --------------
cd "$T/sub" || bail_out "no $T/sub"
out=$(LANGUAGE=en S levels export - 2>"$T/err" | tr -d '\r')
[ "$(head -1 <<<"$out")" = "instrument,version,effective_date,source,verified,retired,level,min_score,max_score" ] &&
	[ "$(wc -l <<<"$out")" -gt 20 ] && [ ! -e "$T/sub/-" ] &&
	grep -q "rows written to standard output" "$T/err" &&
	ok "levels export - writes the CSV to standard output, the report to stderr, no file named -" ||
	{ not_ok "levels export - writes the CSV to standard output, the report to stderr, no file named -"; diag "$(cat "$T/err")"; }
LANGUAGE=es S levels export - 2>"$T/err" >/dev/null
check "the report names standard output in Spanish [es]" grep -q "escritas en la salida estándar" "$T/err"
out=$(S partners export - 2>/dev/null)
grep -q "Valley College" <<<"$out" && [ ! -e "$T/sub/-" ] &&
	ok "partners export - writes the CSV to standard output" || not_ok "partners export - writes the CSV to standard output"
out=$(LANGUAGE=en S slip "$CODE" --out - 2>&1)
grep -q "REFERRAL SLIP" <<<"$out" && ! grep -q "Slip written" <<<"$out" && [ ! -e "$T/sub/-" ] &&
	ok "slip --out - writes the slip to standard output" || not_ok "slip --out - writes the slip to standard output"
S backup - >"$T/piped.db" 2>/dev/null
rc=$?
is "$rc:$(sites "$T/piped.db"):$(ls -A "$T/sub")" "0:1:" "backup - sends a whole senda file to standard output, leaves nothing behind"
chmod 600 "$T/piped.db"   # made by the shell, with its umask: check would warn
is "$("$SENDA" --db "$T/piped.db" check </dev/null | tail -1):$(count_participants "$T/piped.db")" "ok:1" \
	"the piped backup checks ok and has the participant"
cd "$T" || bail_out "no $T"
S levels export "$T/levels.csv" >/dev/null 2>&1
grep '^casas,' "$T/levels.csv" | sed 's/NRS 2006-2016/Local 2027/; s/2006-07-01/2026-11-01/' >"$T/new.csv"
out=$({ head -1 "$T/levels.csv"; cat "$T/new.csv"; } | LANGUAGE=en "$SENDA" --db "$DB" levels import - 2>&1)
check "levels import - reads the table from standard input" grep -q "^1 table added" <<<"$out"
printf 'partner,partner_kind,program,program_kind\nPiped Center,community,Piped class,esl\n' |
	"$SENDA" --db "$DB" partners import - >/dev/null 2>&1
is "$(sqlite3 "$DB" "SELECT count(*) FROM partner WHERE name = 'Piped Center'")" "1" \
	"partners import - reads the CSV from standard input"

# ---- item 6: two inits at once -----------------------------------------------------
problems=
for i in $(seq 1 100); do
	R=$T/race.db
	rm -f "$R" "$R-wal" "$R-shm" "$R-journal"
	LANGUAGE=en "$SENDA" --db "$R" init --site "A$i" --user a >"$T/o1" 2>"$T/e1" </dev/null &
	p1=$!
	LANGUAGE=en "$SENDA" --db "$R" init --site "B$i" --user b >"$T/o2" 2>"$T/e2" </dev/null &
	p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	created=$(cat "$T/o1" "$T/o2" | grep -c "^Created the site in")
	n=$(sites "$R")
	case "$r1:$r2" in 0:1 | 1:0) ;; *) problems="$problems${problems:+$'\n'}try $i: exits $r1 and $r2" ;; esac
	[ "$created" = 1 ] || problems="$problems${problems:+$'\n'}try $i: $created said Created"
	[ "$n" = 1 ] || problems="$problems${problems:+$'\n'}try $i: sites in the file: $n"
	if [ "$r1" = 1 ]; then loser=$T/e1; else loser=$T/e2; fi
	grep -q "already has a site" "$loser" ||
		problems="$problems${problems:+$'\n'}try $i: the loser said: $(cat "$loser")"
	left=$(leftovers "$T")
	[ -z "$left" ] || problems="$problems${problems:+$'\n'}try $i: left behind: $left"
done
verdict "100 pairs of racing inits: exactly one Created, one site, the file kept, the other told why, no temporary left" "$problems"

ln -s "$T/nowhere.db" "$T/dangling.db"
LANGUAGE=en "$SENDA" --db "$T/dangling.db" init --site X --user x >/dev/null 2>"$T/err" </dev/null
rc=$?
[ "$rc" = 1 ] && [ -L "$T/dangling.db" ] && [ ! -e "$T/nowhere.db" ] &&
	grep -q "dangling.db is a symbolic link" "$T/err" &&
	ok "init on a dangling symbolic link refuses, keeps the link, creates nothing [en]" ||
	{ not_ok "init on a dangling symbolic link refuses, keeps the link, creates nothing [en]"; diag "$(cat "$T/err")"; }
LANGUAGE=es "$SENDA" --db "$T/dangling.db" init --site X --user x >/dev/null 2>"$T/err" </dev/null
[ -L "$T/dangling.db" ] && grep -q "dangling.db es un enlace simbólico" "$T/err" &&
	ok "init on a dangling symbolic link says so in Spanish [es]" ||
	{ not_ok "init on a dangling symbolic link says so in Spanish [es]"; diag "$(cat "$T/err")"; }
LANGUAGE=en "$SENDA" --db "$T/bad.db" init --site "" --user x >/dev/null 2>&1 </dev/null
is "$?:$(ls -A "$T" | grep -c bad.db):$(leftovers "$T")" "1:0:" "a failed init on a new path leaves no file and no temporary"
: >"$T/empty.db"
LANGUAGE=en "$SENDA" --db "$T/empty.db" init --site "" --user x >/dev/null 2>&1 </dev/null
is "$?:$(test -e "$T/empty.db" && echo kept)" "1:kept" "a failed init never removes a file it did not create"
LANGUAGE=en "$SENDA" --db "$T/empty.db" init --site "E" --user x >/dev/null 2>&1 </dev/null
is "$?:$(sites "$T/empty.db")" "0:1" "init still sets up an existing empty file in place"

# ---- item 26: the benchmark binary is built, not kept ---------------------------
top=$(cd "$SENDA_TESTS/.." && pwd)
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	is "$(git -C "$top" ls-files bench/search_replay)" "" "bench/search_replay is not in git"
	check "bench/search_replay is ignored" git -C "$top" check-ignore -q bench/search_replay
else
	ok "# SKIP bench/search_replay is not in git: not a git checkout"
	ok "# SKIP bench/search_replay is ignored: not a git checkout"
fi

done_testing
