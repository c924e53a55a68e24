# senda benchmarks: what every part (bench/part-*.sh) shares. Sourced by
# bench/run.sh; needs SENDA (the binary) set.
#   BENCH_SIZES  participant counts of the files (default "10000 100000 500000")
#   BENCH_DIR    where the files are kept and reused (default bench-data)
#   BENCH_RUNS   repetitions of each timed command (default 20)
: "${SENDA:?}"
BENCH_SIZES=${BENCH_SIZES:-"10000 100000 500000"}
BENCH_DIR=${BENCH_DIR:-bench-data}
BENCH_RUNS=${BENCH_RUNS:-20}
export LANG=C.UTF-8 SENDA_QUIET_LOCALE=1
unset LANGUAGE LC_ALL

# Milliseconds since the epoch, with decimals.
bench_ms() { date +%s%N | awk '{printf "%.3f", $1 / 1e6}'; }

# The file of N demo participants (made once, then reused).
bench_db() {
	local n=$1 db="$BENCH_DIR/bench-$1.db"
	mkdir -p "$BENCH_DIR"
	if [ ! -f "$db" ]; then
		echo "generating $n demo participants in $db ..." >&2
		"$SENDA" --db "$db" demo --people "$n" >/dev/null || return 1
	fi
	printf '%s\n' "$db"
}

# Instructions (callgrind) a command executes; noise does not move them.
bench_ir() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/.*Collected : //p'
}

# Instructions of a command less those of a baseline command (process
# start-up, opening the file): the in-process cost of the work itself.
# Usage: bench_ir_net "BASELINE CMD" CMD...  (the baseline as one string)
bench_ir_net() {
	local base=$1; shift
	local a b
	a=$(bench_ir "$@")
	b=$(eval "bench_ir $base")
	echo $((a - b))
}

# The sqlite3 tool's baseline: open the file, read its schema.
bench_sqlite_base() { printf 'sqlite3 %q "SELECT 1 FROM sqlite_schema LIMIT 1;"' "$1"; }

# Median wall time in ms of BENCH_RUNS runs of a command.
bench_time() {
	local i t0 t1
	for i in $(seq "$BENCH_RUNS"); do
		t0=$(bench_ms); "$@" >/dev/null 2>&1; t1=$(bench_ms)
		awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
	done | sort -n | awk '{v[NR] = $1} END {printf "%.2f", v[int((NR + 1) / 2)]}'
}

# Print one line: what, senda's and sqlite3's figures and their ratio.
bench_line() { # LABEL SENDA_VALUE SQLITE_VALUE UNIT
	awk -v l="$1" -v a="$2" -v b="$3" -v u="$4" 'BEGIN {
		printf "%-40s senda %10.3f %s  sqlite3 %10.3f %s  ratio %5.2f\n", l, a, u, b, u,
			(b > 0 ? a / b : 0) }'
}

# grow LABEL VALUE: remember a figure at each size (declare -A grow_first
# grow_last first); grow_report prints how each grew from the first size
# to the last.
grow() {
	[ -n "${grow_first[$1]+x}" ] || grow_first[$1]=$2
	grow_last[$1]=$2
}
grow_report() {
	local l
	echo "== growth from the first size to the last"
	for l in "${!grow_first[@]}"; do
		awk -v l="$l" -v a="${grow_first[$l]}" -v b="${grow_last[$l]}" 'BEGIN {
			printf "%-40s %10.3f -> %10.3f  growth %6.2fx\n", l, a, b, (a > 0 ? b / a : 0) }'
	done | sort
}
