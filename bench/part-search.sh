# bench part: search as you type and `senda search` (sourced by bench/run.sh).
: "${REPLAY:?}"
RUNS=$BENCH_RUNS
DB=${BENCH_DB:-$(bench_db "${BENCH_PEOPLE:-500000}")} || return 1
ms() { bench_ms; }
echo "== file: $DB ($(du -h "$DB" | cut -f1))"

echo "== search as you type, replayed headless (20 rows a screen)"
"$REPLAY" "$DB" 20

echo "== senda search vs the sqlite3 tool, same FTS query, $RUNS runs each"
if ! command -v sqlite3 >/dev/null; then
	echo "sqlite3 not installed: skipped"
else
	for q in "garcia lopez" "nunez" "maria jose"; do
		fts=$(printf '%s\n' $q | sed 's/.*/"&"*/' | paste -sd' ')
		sql="SELECT id, given_names, first_surname, second_surname, birth_date, phone
		     FROM participant WHERE rowid IN (SELECT rowid FROM participant_fts
		     WHERE participant_fts MATCH '$fts' LIMIT 50) AND deleted = 0
		     ORDER BY first_surname, second_surname, given_names;"
		t0=$(ms)
		for _ in $(seq "$RUNS"); do "$SENDA" --db "$DB" search --limit 50 $q >/dev/null; done
		t1=$(ms)
		for _ in $(seq "$RUNS"); do sqlite3 "$DB" "$sql" >/dev/null; done
		t2=$(ms)
		awk -v q="$q" -v a="$t0" -v b="$t1" -v c="$t2" -v n="$RUNS" 'BEGIN {
			s = (b - a) / n; t = (c - b) / n
			printf "%-14s senda %.2f ms  sqlite3 %.2f ms  ratio %.2f\n", q, s, t, s / t }'
		# Instructions (callgrind) do not vary with the machine's load.
		if command -v valgrind >/dev/null; then
			ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
				sed -n 's/.*Collected : //p'; }
			a=$(ir "$SENDA" --db "$DB" search --limit 50 $q)
			b=$(ir sqlite3 "$DB" "$sql")
			awk -v q="$q" -v a="$a" -v b="$b" 'BEGIN {
				printf "%-14s instructions: senda %.1f M  sqlite3 %.1f M  ratio %.2f\n",
				q, a / 1e6, b / 1e6, a / b }'
		fi
	done
fi

if command -v tmux >/dev/null && [ -x /usr/bin/time ]; then
	echo "== the interface at 80x24 (tmux): time to first screen, peak memory"
	sock=senda-bench-$$
	out=$(mktemp -d)
	trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$out"' EXIT
	tmux -L "$sock" new-session -d -x 80 -y 24 \
		"env TERM=xterm-256color SENDA_TIMING=$out/timing /usr/bin/time -f %M -o $out/mem $SENDA --db $DB; sleep 2"
	for _ in $(seq 500); do [ -s "$out/timing" ] && break; sleep 0.01; done
	# Search, open the people list, scroll to its end and back, then quit.
	tmux -L "$sock" send-keys '/' ; sleep 0.5
	tmux -L "$sock" send-keys 'maria jose nunez'; sleep 0.5
	tmux -L "$sock" send-keys Escape; sleep 0.6
	tmux -L "$sock" send-keys p; sleep 0.5
	tmux -L "$sock" send-keys End; sleep 0.5
	tmux -L "$sock" send-keys Home; sleep 0.5
	tmux -L "$sock" send-keys Escape; sleep 0.6
	tmux -L "$sock" send-keys q
	for _ in $(seq 1000); do [ -s "$out/mem" ] && break; sleep 0.01; done
	if [ -s "$out/timing" ]; then
		echo "time to first screen    $(cat "$out/timing") ms"
	else
		echo "time to first screen    (not reported: SENDA_TIMING unsupported)"
	fi
	[ -s "$out/mem" ] && awk '{printf "peak memory (RSS)       %.1f MB\n", $1 / 1024}' "$out/mem"
fi
