#!/bin/sh
# senda — run the interface tests N times in a row (default 20) and say how
# many runs passed: `make check-ui-repeat` (REPEAT=N for another count), or
# by hand with the environment that make check gives the tests:
#
#   SENDA=$PWD/senda SENDA_LOCALEDIR=$PWD/tests/locale SENDA_TESTS=$PWD/tests \
#     sh tests/ui/repeat.sh [N [TEST...]]
#
# TEST... are the UI test files (make passes those of its TESTS); without
# them, every tests/ui/*.sh that is a program of its own (starts with #!;
# pathway.sh and files.sh are parts of ui.sh, lib.sh is the helpers).
# A run passes when every file exits 0 with its whole plan and no "not ok".
# The logs of a failed run stay in tests/tmp/ui-repeat/run-K/ (of passed
# runs they are removed). Exit status 0 only when every run passed.
# Meant to be run on a loaded machine too (e.g. beside `make -j2` of another
# tree): the waits poll and give a loaded machine more time (lib.sh).

: "${SENDA:?SENDA must name the senda binary to test}"
: "${SENDA_TESTS:?SENDA_TESTS must name the tests directory}"
export SENDA SENDA_TESTS SENDA_LOCALEDIR
LANG=C.UTF-8
export LANG
unset LC_ALL LANGUAGE SENDA_DB

n=${1:-20}
[ $# -gt 0 ] && shift
case $n in
'' | *[!0-9]* | 0) echo "usage: $0 [N [TEST...]]" >&2; exit 2 ;;
esac
if [ $# -eq 0 ]; then
	for f in "$SENDA_TESTS"/ui/*.sh; do
		[ "$(head -c 2 "$f")" = "#!" ] && [ "${f##*/}" != repeat.sh ] && set -- "$@" "$f"
	done
fi
logs=${UI_REPEAT_LOGS:-tests/tmp/ui-repeat}
rm -rf "$logs"
mkdir -p "$logs" || exit 99

# check_tap LOG: the plan is there and every planned test said ok.
check_tap() {
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$1" | tail -n 1)
	oks=$(grep -c '^ok ' "$1")
	[ -n "$plan" ] && [ "$oks" -eq "$plan" ] && ! grep -q '^not ok' "$1"
}

passed=0
total_time=0
for k in $(seq 1 "$n"); do
	dir="$logs/run-$k"
	mkdir -p "$dir"
	start=$(date +%s)
	why=""
	for t in "$@"; do
		name=${t##*/}
		log="$dir/${name%.sh}.log"
		sh "$t" >"$log" 2>&1
		rc=$?
		if [ "$rc" -ne 0 ] || ! check_tap "$log"; then
			first=$(grep -m 1 '^not ok' "$log")
			why="$why${why:+; }$name: ${first:-exit status $rc}"
		fi
	done
	secs=$(( $(date +%s) - start ))
	total_time=$((total_time + secs))
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		rm -rf "$dir"
		echo "run $k of $n: passed ($secs s)"
	else
		echo "run $k of $n: FAILED ($secs s): $why (logs in $dir)"
	fi
done
rmdir "$logs" 2>/dev/null
echo "$passed of $n runs of the UI tests passed ($# files a run; $((total_time / n)) s a run on average)"
[ "$passed" -eq "$n" ]
