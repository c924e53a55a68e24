# bench part: what writing costs (sourced by bench/run.sh). For each size:
#  - demo: a new file of N people, made once (not BENCH_RUNS times): wall
#    time, CPU time, bytes written (/usr/bin/time's "File system outputs",
#    512-byte blocks) and their ratio to the file's size, peak memory;
#  - check and check --full on the bench file beside the sqlite3 tool
#    running the same statements: median wall time and instructions
#    (callgrind, net of start-up) and their ratio.
# The targets (issue 9, items 7 and 8): demo of 500,000 in <= 60 s, bytes
# written <= 3x the file; check quick by default.
if [ ! -x /usr/bin/time ]; then
	echo "/usr/bin/time not installed: skipped"
	return 0
fi
scratch=$(mktemp -d "$BENCH_DIR/writes.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
have_sqlite=$(command -v sqlite3 || true)
have_valgrind=$(command -v valgrind || true)
[ "${BENCH_IR:-1}" = 0 ] && have_valgrind=
# The same statements as senda check (and check --full), in the sqlite3 tool.
quick_sql="PRAGMA quick_check; PRAGMA foreign_key_check;
	SELECT n FROM tally WHERE name = 'participant';
	SELECT count(*) FROM participant WHERE deleted = 0;
	PRAGMA application_id; PRAGMA user_version;
	INSERT INTO participant_fts (participant_fts) VALUES ('integrity-check');"
full_sql=${quick_sql/quick_check/integrity_check}
full_runs=$((BENCH_RUNS < 3 ? BENCH_RUNS : 3))

# Growth from the first size to the last (10k to 500k by default).
declare -A grow_first grow_last   # grow and grow_report: bench/lib.sh

for n in $BENCH_SIZES; do
	echo "== $n participants"
	f="$scratch/demo-$n.db"
	/usr/bin/time -f '%e %U %S %O %M' -o "$scratch/t" "$SENDA" --db "$f" demo --people "$n" \
		>/dev/null 2>&1
	read -r wall user sys blocks rss <"$scratch/t"
	size=$(stat -c %s "$f")
	awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v b="$blocks" -v z="$size" -v m="$rss" '
	BEGIN {
		printf "%-40s %8.1f s wall  %8.1f s CPU (%.1f user, %.1f system)\n",
			"demo --people " n, w, u + s, u, s
		printf "%-40s %8.1f MB written for a file of %.1f MB: %.2fx the file\n",
			"demo bytes written", b * 512 / 1048576, z / 1048576, b * 512 / z
		printf "%-40s %8.1f MB peak memory\n", "demo peak memory", m / 1024 }'
	rm -f "$f" "$f-wal" "$f-shm" "$f-journal"
	grow "demo, s CPU" "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"
	grow "demo, bytes written / file size" "$(awk -v b="$blocks" -v z="$size" 'BEGIN {print b * 512 / z}')"

	DB=$(bench_db "$n") || return 1
	if [ -n "$have_sqlite" ]; then
		a=$(bench_time "$SENDA" --db "$DB" check)
		b=$(bench_time sqlite3 "$DB" "$quick_sql")
		bench_line "check (median of $BENCH_RUNS)" "$a" "$b" ms
		grow "check, ms" "$a"
		a=$(BENCH_RUNS=$full_runs bench_time "$SENDA" --db "$DB" check --full)
		b=$(BENCH_RUNS=$full_runs bench_time sqlite3 "$DB" "$full_sql")
		bench_line "check --full (median of $full_runs)" "$a" "$b" ms
		grow "check --full, ms" "$a"
		if [ -n "$have_valgrind" ]; then
			base=$(printf '%q --db %q list --limit 1' "$SENDA" "$DB")
			a=$(bench_ir_net "$base" "$SENDA" --db "$DB" check)
			b=$(bench_ir_net "$(bench_sqlite_base "$DB")" sqlite3 "$DB" "$quick_sql")
			bench_line "check, instructions" "$(echo "$a" | awk '{print $1 / 1e6}')" \
				"$(echo "$b" | awk '{print $1 / 1e6}')" M
			grow "check, M instructions" "$(echo "$a" | awk '{print $1 / 1e6}')"
		fi
	else
		echo "check: $(bench_time "$SENDA" --db "$DB" check) ms (sqlite3 not installed)"
	fi
done
grow_report
