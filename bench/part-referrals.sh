# bench part: `senda referrals`, the open referrals (sourced by bench/run.sh).
# For each file: all of them on a pipe, in instructions per row net of
# `senda referrals --after R-ZZZZZZ` (start-up, opening the file, looking a
# referral up in vain) beside the sqlite3 tool running the same SQL net of
# opening the file; peak memory;
# median wall time; then a page of 20 from the start and from the middle
# (--after), and how each grows from the first file to the last.
# SENDA_BEFORE=BINARY (files in BENCH_BEFORE_DIR) adds the old binary's
# instructions per row and peak memory for all of them.
RUNS=${BENCH_RUNS}
COLS="r.id, r.participant_id, r.program_id, r.referred_on, r.referred_by, r.status,
     r.status_on, r.credential, r.code, coalesce(g.name, ''), coalesce(p.name, '')"
JOIN="LEFT JOIN program g ON g.id = r.program_id LEFT JOIN partner p ON p.id = g.partner_id
     WHERE r.deleted = 0 AND r.status IN ('referred', 'contacted', 'enrolled')"
SEL="SELECT $COLS FROM referral r INDEXED BY referral_open_by_day $JOIN"
# What senda ran before schema 3: the planner's choice, a sort of them all.
OLD="SELECT $COLS FROM referral r $JOIN ORDER BY r.status_on, r.created_at"
ORD="ORDER BY r.status_on, r.created_at, r.id"
COUNTS="SELECT n FROM tally WHERE name = 'referral_open';
        SELECT n FROM tally WHERE name = 'referral_waiting';
        SELECT value FROM setting WHERE key = 'referral_overdue_days';"
mb() { awk -v v="$1" 'BEGIN{printf "%.1f", v / 1024}'; }
m() { awk -v v="$1" 'BEGIN{print v / 1e6}'; }
declare -A first growth
for n in $BENCH_SIZES; do
	DB=$(bench_db "$n") || return 1
	echo "== $n participants: $DB"
	rows=$(sqlite3 "$DB" "SELECT count(*) FROM referral WHERE deleted = 0
		AND status IN ('referred', 'contacted', 'enrolled')")
	base=$(printf '%q --db %q referrals --after R-ZZZZZZ' "$SENDA" "$DB")
	a=$(bench_ir_net "$base" "$SENDA" --db "$DB" referrals)
	b=$(bench_ir_net "$(bench_sqlite_base "$DB")" sqlite3 "$DB" "$COUNTS $SEL $ORD;")
	awk -v l="all $rows open, per row (net instr.)" -v a="$a" -v b="$b" -v r="$rows" 'BEGIN {
		printf "%-40s senda %10.0f     sqlite3 %10.0f     ratio %5.2f\n", l, a / r, b / r, a / b }'
	sa=$( { /usr/bin/time -f %M "$SENDA" --db "$DB" referrals >/dev/null; } 2>&1 | tail -1)
	sb=$( { /usr/bin/time -f %M sqlite3 "$DB" "$COUNTS $SEL $ORD;" >/dev/null; } 2>&1 | tail -1)
	bench_line "all $rows open, peak memory (RSS)" "$(mb "$sa")" "$(mb "$sb")" MB
	ta=$(bench_time "$SENDA" --db "$DB" referrals)
	tb=$(bench_time sqlite3 "$DB" "$COUNTS $SEL $ORD;")
	bench_line "all $rows open (process, median)" "$ta" "$tb" ms
	if [ -n "${SENDA_BEFORE:-}" ]; then
		old="${BENCH_BEFORE_DIR:-$BENCH_DIR}/bench-$n.db"
		# Its baseline: a participant looked up in vain.
		o=$(bench_ir_net "$(printf '%q --db %q referrals ffffffff' "$SENDA_BEFORE" "$old")" \
			"$SENDA_BEFORE" --db "$old" referrals)
		ob=$(bench_ir_net "$(bench_sqlite_base "$old")" sqlite3 "$old" \
			"SELECT value FROM setting WHERE key = 'referral_overdue_days'; $OLD;")
		om=$( { /usr/bin/time -f %M "$SENDA_BEFORE" --db "$old" referrals >/dev/null; } 2>&1 | tail -1)
		awk -v o="$o" -v r="$rows" -v b="$ob" -v om="$om" 'BEGIN {
			printf "%-40s before: senda %.0f, sqlite3 %.0f per row (old SQL), ratio %.2f; peak %.1f MB\n",
			"", o / r, b / r, o / b, om / 1024 }'
	fi
	mid=$(sqlite3 "$DB" "SELECT r.id FROM referral r INDEXED BY referral_open_by_day $JOIN $ORD
		LIMIT 1 OFFSET $((rows / 2))")
	key=$(sqlite3 -separator "', '" "$DB" "SELECT status_on, created_at, id FROM referral WHERE id = '$mid'")
	for where in first middle; do
		if [ $where = first ]; then
			args=(referrals --limit 20)
			sql="$COUNTS $SEL $ORD LIMIT 21;"
		else
			args=(referrals --limit 20 --after "$mid")
			sql="SELECT * FROM referral WHERE (id >= '$mid' AND id < '$mid~') OR code = upper('$mid') LIMIT 2;
			     $COUNTS SELECT status_on FROM referral WHERE id = '$mid';
			     SELECT created_at FROM referral WHERE id = '$mid';
			     $SEL AND (r.status_on, r.created_at, r.id) > ('$key') $ORD LIMIT 21;"
		fi
		a=$(bench_ir_net "$base" "$SENDA" --db "$DB" "${args[@]}")
		b=$(bench_ir_net "$(bench_sqlite_base "$DB")" sqlite3 "$DB" "$sql")
		bench_line "page of 20, $where (net instructions)" "$(m "$a")" "$(m "$b")" M
		if [ -z "${first[$where]:-}" ]; then
			first[$where]=$a
		else
			last_n=$n
			growth[$where]=$(awk -v a="${first[$where]}" -v b="$a" 'BEGIN{printf "%.2f", b / a}')
		fi
	done
done
[ -n "${last_n:-}" ] && for where in first middle; do
	echo "growth to $last_n: page of 20, $where x${growth[$where]} (net instructions)"
done
