#!/bin/sh
# senda — figures of the follow-up calls (issue 13), not part of make check:
# the call list opening on a big file, and scheduling the whole file.
# Usage: SENDA=./senda bench/calls.sh FILE.db [TODAY]
# FILE is written (calls are made in it): give it a COPY of a demo file,
# e.g. cp bench-data/bench-500000.db /tmp/x.db. CPU time (user+sys) is the
# figure to compare; wall time moves with whatever else the machine does.
# BENCH_NO_UI=1 leaves out the call list on screen (tmux). The clock is
# put on each day (SENDA_NOW): a --today before the clock's day schedules
# nothing.
set -eu
: "${SENDA:?}"
db=$1
today=${2:-2026-12-01}
next=$(date -d "$today + 1 day" +%F)
# CALLS_MD5=1: after each scheduling, the md5 of the calls (to compare two
# binaries' results on copies of the same file).
md5() {
	[ "${CALLS_MD5:-}" = 1 ] || return 0
	echo "  calls md5: $(sqlite3 "$db" 'SELECT id, participant_id, due_on, status, result,
		rule_id, anchor FROM followup ORDER BY id' | md5sum | cut -c1-32)"
}
tt() {   # tt LABEL COMMAND...
	label=$1
	shift
	/usr/bin/time -f "$label: %e s wall, %U s user, %S s sys" "$@" 2>&1 >/dev/null | tail -1
}
tt "open and migrate the file (check)" "$SENDA" --db "$db" check
tt "first scheduling of the whole file (every call new), then an empty list" \
	env SENDA_NOW="${today}T12:00:00Z" "$SENDA" --db "$db" --today "$today" calls --mine --csv
md5
sqlite3 "$db" "SELECT 'open calls: ' || count(*) FROM followup WHERE status = 'open'"
sqlite3 "$db" "SELECT 'due or overdue on $today: ' || count(*) FROM followup WHERE status = 'open' AND due_on <= '$today'"
tt "the list again, nothing to schedule (empty list)" env SENDA_NOW="${today}T12:00:00Z" "$SENDA" --db "$db" --today "$today" calls --mine --csv
who=$(sqlite3 "$db" "SELECT id FROM participant LIMIT 1 OFFSET 1234")
SENDA_NOW="${today}T12:00:00Z" "$SENDA" --db "$db" edit "$who" --best-time "after 6 pm" >/dev/null
tt "scheduling the whole file again after a change (as after a merge)" \
	env SENDA_NOW="${today}T12:00:00Z" "$SENDA" --db "$db" --today "$today" calls --mine --csv
md5
tt "the next day: scheduling again (new exits, new check-ins)" \
	env SENDA_NOW="${next}T12:00:00Z" "$SENDA" --db "$db" --today "$next" calls --mine --csv
md5
tt "the call sheet of the day (every due call, CSV)" \
	env SENDA_NOW="${next}T12:00:00Z" "$SENDA" --db "$db" --today "$next" calls --due --csv
# The call list as a volunteer opens it: the first screen of the interface
# (SENDA_TIMING: milliseconds from the start of main to the first screen).
if [ -z "${BENCH_NO_UI:-}" ] && command -v tmux >/dev/null 2>&1; then
	sock=senda-bench-calls-$$
	for i in 1 2 3 4 5; do
		f=$(mktemp)
		rm -f "$f"
		tmux -L "$sock" new-session -d -x 80 -y 24 \
			"SENDA_TIMING=$f SENDA_ROLE=volunteer '$SENDA' --db '$db' --today $next; sleep 5"
		n=0
		while [ ! -s "$f" ] && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done
		echo "the call list on screen (run $i): $(cat "$f" 2>/dev/null) ms"
		tmux -L "$sock" kill-server 2>/dev/null || true
		while tmux -L "$sock" has-session 2>/dev/null; do sleep 0.1; done
		rm -f "$f"
	done
fi
