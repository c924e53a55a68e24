# bench part: duplicate matching (issue 11, part 1; sourced by bench/run.sh).
# 1. bench/dedupe: recall and precision at the review threshold on 100,000
#    synthetic people with known true duplicates (BENCH_DEDUPE_PEOPLE),
#    everyone and the people with two surnames (targets: recall >= 0.95,
#    precision >= 0.98), and the intake check of each duplicate.
# 2. At each size of demo file: `senda duplicates` (the scan of the whole
#    file: CPU time, wall time, peak memory; targets < 10 s, < 256 MB) and
#    `senda duplicates of ID` (the intake check of one person, the whole
#    process; target < 100 ms), the median of BENCH_RUNS.
if [ -z "${DEDUPE:-}" ] || [ ! -x "$DEDUPE" ]; then
	echo "DEDUPE (bench/dedupe) not built: skipped (make bench builds it)"
	return 0
fi
echo "== bench/dedupe --people ${BENCH_DEDUPE_PEOPLE:-100000}"
"$DEDUPE" --people "${BENCH_DEDUPE_PEOPLE:-100000}" --seed 1
if [ ! -x /usr/bin/time ]; then
	echo "/usr/bin/time not installed: the scan's figures skipped"
	return 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in $BENCH_SIZES; do
	DB=$(bench_db "$n") || return 1
	"$SENDA" --db "$DB" list --limit 1 >/dev/null   # the migration, not timed
	/usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$SENDA" --db "$DB" duplicates >"$tmp/out" 2>&1
	read -r wall user sys rss <"$tmp/t"
	awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v found="$(tail -1 "$tmp/out")" 'BEGIN {
		printf "%-7s duplicates (scan)   %6.2f s CPU  %6.2f s wall  %7.1f MB  %s\n",
			n, u + s, w, m / 1024, found }'
	ID=$(sqlite3 "$DB" "SELECT id FROM participant WHERE deleted = 0 AND first_surname = 'García'
		AND given_names LIKE 'María%' LIMIT 1")
	[ -n "$ID" ] || ID=$(sqlite3 "$DB" "SELECT id FROM participant WHERE deleted = 0 LIMIT 1")
	times=""
	for _ in $(seq "${BENCH_RUNS:-20}"); do
		a=$(bench_ms)
		"$SENDA" --db "$DB" duplicates of "$ID" >/dev/null
		times="$times $(awk -v a="$a" -v b="$(bench_ms)" 'BEGIN { printf "%.1f", b - a }')"
	done
	echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk -v n="$n" '{ v[NR] = $1 } END {
		printf "%-7s duplicates of ID      median %.1f ms (the whole process: open, look-up, print)\n",
			n, v[int((NR + 1) / 2)] }'
done
