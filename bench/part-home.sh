# bench part: the home screen, the first screen senda draws (sourced by
# bench/run.sh). For each file: the counts alone (stats_home, net of opening
# the file) beside the sqlite3 tool running the same SQL (net of opening the
# file and reading its schema), then the whole first screen at 80x24 in tmux
# (instructions from exec to the first screen and quitting, and the median
# of SENDA_TIMING's milliseconds from main to the first screen).
# HOME_FIRST_ONLY=1: the first screen only (e.g. an older senda, whose
# files have no kept counts for the SQL above).
[ -n "${HOME_FIRST_ONLY:-}" ] || : "${HOME_COUNTS:?}"
RUNS=$BENCH_RUNS
today=$(date -u +%F)
week=$(date -u -d "$today -6 days" +%F)
first_ir= first_ms=
for n in $BENCH_SIZES; do
	DB=$(bench_db "$n") || return 1
	echo "== $n participants: $DB"
	if [ -z "${HOME_FIRST_ONLY:-}" ]; then
		# What stats_home asks, as it asks it (the overdue cutoff is 14 days,
		# the default, when the file has no setting).
		days=$(sqlite3 "$DB" "SELECT coalesce((SELECT value FROM setting
			WHERE key = 'referral_overdue_days'), 14)")
		cutoff=$(date -u -d "$today -$days days" +%F)
		sql="SELECT count(*) FROM followup WHERE deleted = 0 AND status = 'open' AND due_on <= '$today';
		     SELECT n FROM tally WHERE name = 'referral_waiting';
		     SELECT coalesce(sum(n), 0) FROM tally_day WHERE name = 'intake' AND day >= '$week';
		     SELECT n FROM tally WHERE name = 'participant';
		     SELECT n FROM tally WHERE name = 'referral_waiting';
		     SELECT coalesce(sum(n), 0) FROM tally_day WHERE name = 'referral_waiting' AND day >= '$cutoff';
		     SELECT value FROM setting WHERE key = 'referral_overdue_days';"
		a=$(bench_ir_net "$(printf '%q %q 0' "$HOME_COUNTS" "$DB")" "$HOME_COUNTS" "$DB" 1)
		b=$(bench_ir_net "$(bench_sqlite_base "$DB")" sqlite3 "$DB" "$sql")
		bench_line "home counts (net instructions)" "$(awk -v v="$a" 'BEGIN{print v/1e6}')" \
			"$(awk -v v="$b" 'BEGIN{print v/1e6}')" M
		ta=$(bench_time "$HOME_COUNTS" "$DB" 1)
		tb=$(bench_time sqlite3 "$DB" "$sql")
		bench_line "home counts (process, median)" "$ta" "$tb" ms
	fi
	if command -v tmux >/dev/null; then
		out=$(mktemp -d)
		sock=senda-bench-home-$$
		# Instructions from exec to the first screen (and q).
		tmux -L "$sock" new-session -d -x 80 -y 24 \
			"env TERM=xterm-256color SENDA_TIMING=$out/t valgrind --tool=callgrind \
			--callgrind-out-file=/dev/null $SENDA --db $DB 2>$out/vg"
		for _ in $(seq 3000); do [ -s "$out/t" ] && break; sleep 0.02; done
		tmux -L "$sock" send-keys q
		for _ in $(seq 3000); do grep -q Collected "$out/vg" 2>/dev/null && break; sleep 0.02; done
		ir=$(sed -n 's/.*Collected : //p' "$out/vg")
		tmux -L "$sock" kill-server 2>/dev/null
		# Milliseconds from main to the first screen, without valgrind.
		# (A server of its own each run: one going away is not reused.)
		for i in $(seq "$RUNS"); do
			rm -f "$out/t"
			tmux -L "$sock-$i" new-session -d -x 80 -y 24 \
				"env TERM=xterm-256color SENDA_TIMING=$out/t $SENDA --db $DB"
			for _ in $(seq 3000); do [ -s "$out/t" ] && break; sleep 0.01; done
			cat "$out/t"
			tmux -L "$sock-$i" kill-server 2>/dev/null
		done >"$out/ms"
		ms=$(sort -n "$out/ms" | awk '{v[NR] = $1} END {printf "%.1f", v[int((NR + 1) / 2)]}')
		rm -rf "$out"
		printf '%-40s %8.2f M instructions  %6.1f ms (median of %d)\n' \
			"first screen at 80x24" "$(awk -v v="$ir" 'BEGIN{print v/1e6}')" "$ms" "$RUNS"
		[ -z "$first_ir" ] && first_ir=$ir first_ms=$ms first_n=$n
		last_ir=$ir last_ms=$ms last_n=$n
	fi
done
[ -n "$first_ir" ] && awk -v a="$first_ir" -v b="$last_ir" -v c="$first_ms" -v d="$last_ms" \
	-v f="$first_n" -v l="$last_n" 'BEGIN {
	printf "growth %s -> %s: first screen instructions x%.2f, milliseconds x%.2f\n",
		f, l, b / a, (c > 0 ? d / c : 0) }'
