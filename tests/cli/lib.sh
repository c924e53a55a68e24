# tests/cli/lib.sh — a small TAP library for senda's command-line tests.
# Sourced by tests/cli/*.sh (bash only):   . "$(dirname "$0")/lib.sh"
#
# Environment (exported by `make check`; the defaults below let you run a
# script by hand from a build directory that is also the source directory):
#   SENDA            absolute path of the built senda binary
#   SENDA_LOCALEDIR  the freshly built catalogs (BUILDDIR/tests/locale)
#   SENDA_TESTS      absolute path of tests/ in the source tree; expected
#                    files live in $SENDA_TESTS/cli/expected/NAME.LANG.out
#
# REGEN=1 — for maintainers: instead of comparing, rewrite every expected file
# from senda's current output (and report the case as ok). Use it after an
# intended change of wording or a new translation:
#     make tests/locale/es/LC_MESSAGES/senda.mo
#     REGEN=1 make check TESTS='tests/cli/cli.sh'
#     git diff tests/cli/expected      # read EVERY change before committing:
#                                      # an expected file must show correct behaviour
#
# An expected file holds senda's standard output, standard error and exit code:
#     --- stdout
#     ...
#     --- stderr
#     ...
#     --- exit 0
# after normalisation: ids named with name_id become @ID:label@ (full UUID) and
# an 8-character "@label@@" (short id: the id's last 8 characters, keeps table
# columns aligned), any other
# UUID becomes @UUID@, and the temporary directory becomes @TMP@.
#
# Every senda run gets: the clock pinned (SENDA_NOW), LANG=C.UTF-8, LANGUAGE
# set to the language asked for, HOME and XDG_DATA_HOME inside the temporary
# directory, no SENDA_DB, and the temporary directory as working directory.

set -u

# ---- environment -------------------------------------------------------------
_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${SENDA_TESTS:=$(cd "$_lib_dir/.." && pwd)}"
: "${SENDA:=$(cd "$_lib_dir/../.." && pwd)/senda}"
: "${SENDA_LOCALEDIR:=$(cd "$_lib_dir/../.." && pwd)/tests/locale}"
export SENDA SENDA_TESTS SENDA_LOCALEDIR
export LANG=C.UTF-8
# Folders made by the tests are 0755 whatever the machine's umask: `senda check`
# lists the data file's folder with its mode (expected outputs hold it).
umask 022
unset LC_ALL LC_MESSAGES LC_CTYPE LANGUAGE SENDA_DB SENDA_QUIET_LOCALE
export SENDA_NOW=2026-11-30T12:00:00Z
EXPECTED_DIR=$SENDA_TESTS/cli/expected
: "${REGEN:=}"

# ---- TAP ---------------------------------------------------------------------
_tap_n=0
_tap_planned=
_tap_failed=0

# plan N: print the plan line; done_testing checks that N cases ran.
plan() {
	_tap_planned=$1
	echo "1..$1"
}

# diag TEXT...: TAP diagnostics, one "# " line per line of text; with no
# arguments, reads the text from standard input.
diag() {
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@" | sed 's/^/# /'
	else
		sed 's/^/# /'
	fi
}

ok() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $*"
}

not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $*"
}

# check DESC COMMAND...: ok when COMMAND exits 0.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; diag "failed: $*"; fi
}

# is GOT WANT DESC: ok when the two strings are equal.
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		diag "got:  $1" "want: $2"
	fi
}

# verdict DESC PROBLEMS: ok when PROBLEMS (a text, one problem a line) is
# empty, else not ok with the problems as diagnostics.
verdict() {
	if [ -z "$2" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '%s\n' "$2" | diag
	fi
}

bail_out() {
	echo "Bail out! $*"
	exit 99
}

# done_testing: end the script. Failed cases are reported by their "not ok"
# lines alone (automake's TAP driver would count a non-zero exit as one more
# ERROR), so the exit status is non-zero only when the plan was not kept.
done_testing() {
	if [ -n "$_tap_planned" ] && [ "$_tap_n" -ne "$_tap_planned" ]; then
		diag "planned $_tap_planned cases but ran $_tap_n"
		exit 1
	fi
	[ "$_tap_failed" -eq 0 ] || diag "$_tap_failed of $_tap_n cases failed"
	exit 0
}

# ---- the temporary directory ---------------------------------------------------
T=$(mktemp -d "${TMPDIR:-/tmp}/senda-test.XXXXXX") || bail_out "mktemp failed"
_bg_pids=
_cleanup() {
	local p
	for p in $_bg_pids; do
		kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap _cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$T/.run" "$T/home" "$T/xdg"
export HOME=$T/home XDG_DATA_HOME=$T/xdg
cd "$T" || bail_out "cannot enter $T"

# bg_started PID: remember a background process to kill at exit.
bg_started() { _bg_pids="$_bg_pids $1"; }

[ -x "$SENDA" ] || bail_out "no senda binary at $SENDA (run make first)"
[ -d "$EXPECTED_DIR" ] || [ -n "$REGEN" ] || bail_out "no expected files in $EXPECTED_DIR"

# ---- running senda -------------------------------------------------------------
OUT=$T/.run/out
ERR=$T/.run/err
RC=

# run LANG ARGS...: run senda in language LANG (en or es) from $T; sets $OUT,
# $ERR (files) and $RC. Extra environment: put env(1) words (NAME=VALUE or
# -u NAME; no spaces in values) in WITH, e.g.  WITH="LC_ALL=C" run es --help
# LANG "-" leaves LANGUAGE unset (the language then comes from LC_ALL/LANG).
run() {
	local lang=$1
	shift
	if [ "$lang" = - ]; then
		# shellcheck disable=SC2086  # WITH is a list of words on purpose
		env -u LANGUAGE ${WITH:-} "$SENDA" "$@" >"$OUT" 2>"$ERR" </dev/null
	else
		# shellcheck disable=SC2086
		env ${WITH:-} LANGUAGE="$lang" "$SENDA" "$@" >"$OUT" 2>"$ERR" </dev/null
	fi
	RC=$?
}

# senda_q LANG ARGS...: run senda quietly and print only its standard output.
senda_q() {
	local lang=$1
	shift
	LANGUAGE="$lang" "$SENDA" "$@" 2>/dev/null </dev/null
}

_id_sed=$T/.run/ids.sed
: >"$_id_sed"

# name_id ID LABEL: show ID as @ID:LABEL@ (and its short form as an
# 8-column "@LABEL@@") in compared output. Keep labels to 6 characters.
name_id() {
	local id=$1 label=$2 short
	case $id in
	*[!0-9a-f-]* | "") diag "name_id: '$id' is not an id"; return 1 ;;
	esac
	short=$(printf '%.8s' "@$label@@@@@@@@")
	printf 's/%s/@ID:%s@/g\ns/%s/%s/g\n' "$id" "$label" "${id:28:8}" "$short" >>"$_id_sed"
}

# normalise: the filter between senda's output and an expected file. FILTER
# may hold one more sed -E script for a single comparison, applied last to the
# whole "--- stdout ... --- exit N" text, e.g.
#     FILTER='3s/ 2$/ @V@/' expect ...
normalise() {
	sed -f "$_id_sed" |
		sed -E -e "s|$T|@TMP@|g" \
			-e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/@UUID@/g' |
		sed -E -e "${FILTER:-}"
}

# actual: the last run, in the expected files' form.
actual() {
	{
		echo "--- stdout"
		cat "$OUT"
		echo "--- stderr"
		cat "$ERR"
		echo "--- exit $RC"
	} | normalise
}

# compare NAME LANG DESC: compare the last run with expected/NAME.LANG.out.
compare() {
	local file=$EXPECTED_DIR/$1.$2.out desc="$3 [$2]"
	local act=$T/.run/actual
	actual >"$act"
	if [ -n "$REGEN" ]; then
		mkdir -p "$EXPECTED_DIR"
		cp "$act" "$file"
		ok "$desc (expected file regenerated)"
	elif [ ! -f "$file" ]; then
		not_ok "$desc"
		diag "missing $file (REGEN=1 writes it); senda printed:"
		diag <"$act"
	elif cmp -s "$file" "$act"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "output differs from expected/$1.$2.out (- expected, + actual):"
		diff -u "$file" "$act" | tail -n +3 | diag
	fi
}

# expect NAME LANG DESC ARGS...: run senda with ARGS in LANG and compare.
expect() {
	local name=$1 lang=$2 desc=$3
	shift 3
	run "$lang" "$@"
	compare "$name" "$lang" "$desc"
}

# expected_part NAME LANG PART: one part (stdout or stderr) of an expected file.
expected_part() {
	sed -n "/^--- $3\$/,/^--- /{/^--- /d;p}" "$EXPECTED_DIR/$1.$2.out" 2>/dev/null
}

# ---- files -----------------------------------------------------------------------
# snap FILE: a fingerprint of a file and its SQLite side files: existence,
# checksum, side files present, and (for SQLite files) a digest of the dump.
# Compare a snap from before with one from after to prove nothing was written.
snap() {
	local f=$1 s
	if [ -e "$f" ]; then
		echo "file: $(md5sum <"$f" | cut -d' ' -f1) $(stat -c '%a %s' "$f")"
	else
		echo "file: absent"
	fi
	for s in -wal -shm -journal; do
		[ -e "$f$s" ] && echo "side file: $f$s"
	done
	if [ -f "$f" ] && [ "$(head -c 15 "$f")" = "SQLite format 3" ]; then
		# Dump a copy: sqlite3 would leave -wal/-shm next to the original.
		rm -rf "$T/.run/snap"
		mkdir "$T/.run/snap"
		cp "$f" "$T/.run/snap/db"
		[ -e "$f-wal" ] && cp "$f-wal" "$T/.run/snap/db-wal"
		echo "dump: $(sqlite3 "$T/.run/snap/db" .dump 2>&1 | md5sum | cut -d' ' -f1)"
		rm -rf "$T/.run/snap"
	fi
	return 0
}

# unchanged DESC BEFORE FILE: ok when snap FILE equals BEFORE.
unchanged() {
	local now
	now=$(snap "$3")
	if [ "$now" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "before:" "$2" "after:" "$now"
	fi
}

# count_participants FILE: rows in the participant table (sqlite3 CLI).
count_participants() {
	sqlite3 "$1" 'SELECT count(*) FROM participant' 2>&1
}

# has_control FILE: true when FILE has a C0 control byte other than newline,
# or DEL, or a C1 control (U+0080..U+009F encoded in UTF-8).
has_control() {
	LC_ALL=C grep -q -P '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"
}

# now_ms: the wall clock in milliseconds.
now_ms() {
	local t
	t=$(date +%s%N)
	echo $((t / 1000000))
}

# ---- another program holding the write lock -----------------------------------
# lock_hold FILE: a sqlite3 in the background takes the write lock on FILE
# and keeps it until lock_release; returns once the lock is really held.
lock_hold() {
	rm -f "$T/lock.fifo"
	mkfifo "$T/lock.fifo"
	sqlite3 "$1" <"$T/lock.fifo" >"$T/lock.log" 2>&1 &
	LOCK_PID=$!
	bg_started "$LOCK_PID"
	exec 7>"$T/lock.fifo"
	printf '%s\n' ".timeout 5000" "BEGIN IMMEDIATE;" \
		"INSERT INTO setting (key, value) VALUES ('test.lock', 'held');" >&7
	for _ in $(seq 200); do
		if ! sqlite3 -cmd ".timeout 0" "$1" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}
lock_release() {
	printf '%s\n' "ROLLBACK;" ".quit" >&7
	exec 7>&-
	wait "$LOCK_PID"
}
