#!/bin/bash
# tests/cli/crash.sh — kill -9 during writes (issue 2, item 10).
#
# Trials (50 unless CRASH_TRIALS says otherwise): a loop of `senda add` runs
# against one file and is killed with SIGKILL, together with its senda child,
# after a random 0–200 ms. The loop logs an id only after `senda add` exited 0
# with it. After each trial: `senda check` exits 0 and says ok, sqlite3's
# PRAGMA integrity_check says ok, every logged id is in the file, and senda
# can show the last one. The same file carries on from trial to trial, so each
# trial also starts from the state the previous crash left.
# CRASH_SEED=N replays the random moments of an earlier run (the seed is
# printed at the start).

. "$(dirname "$0")/lib.sh"

TRIALS=${CRASH_TRIALS:-50}
SEED=${CRASH_SEED:-$$}
RANDOM=$SEED
plan $((TRIALS + 2))
diag "seed $SEED (CRASH_SEED=$SEED replays these moments)"

db=crash.db
log=$T/added.log
werr=$T/writer.err
: >"$log"
: >"$werr"
export LANGUAGE=en
"$SENDA" --db "$db" init --site "Sitio de choque" --user "Tester" >/dev/null 2>"$T/init.err" ||
	bail_out "senda init failed: $(cat "$T/init.err")"

# The writer: numbered adds, each id logged once senda returned 0 with it.
# shellcheck disable=SC2016  # expanded by the writer's own bash
writer='
	i=0
	while :; do
		i=$((i + 1))
		if id=$("$SENDA" --db "$1" add --given "Prueba $3-$i" --surname "Choque" --phone "555-010-$((1000 + i % 9000))"); then
			echo "$id" >>"$2"
		fi
	done'

uuid_re='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

# session_alive SID: true while a process of session SID is alive (zombies,
# which hold no lock, do not count). Reads /proc: no procps needed.
session_alive() {
	local f st
	for f in /proc/[0-9]*/stat; do
		read -r st 2>/dev/null <"$f" || continue
		# After the command's ")": state ppid pgrp session ...
		# shellcheck disable=SC2086
		set -- ${st##*) }
		if [ "${4-}" = "$sid_wanted" ] && [ "$1" != Z ]; then
			return 0
		fi
	done
	return 1
}

# kill_group PID: SIGKILL the writer's session (the loop and its senda child),
# then wait until none of it is left.
kill_group() {
	local pid=$1
	# The group exists once setsid ran; before that the loop has no child yet
	# and killing the process itself is enough.
	kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sid_wanted=$pid
	for _ in $(seq 200); do
		session_alive || return 0
		kill -KILL -- "-$pid" 2>/dev/null
		sleep 0.01
	done
	diag "processes of session $pid still alive after SIGKILL"
	return 1
}

t_start=$(now_ms)
for trial in $(seq "$TRIALS"); do
	before=$(wc -l <"$log")
	setsid bash -c "$writer" writer "$db" "$log" "$trial" 2>>"$werr" &
	pid=$!
	bg_started "$pid"
	ms=$((RANDOM % 201))
	sleep "$(printf '0.%03d' "$ms")"
	kill_group "$pid"
	added=$(($(wc -l <"$log") - before))

	p=""
	# senda is the first to open the file after the crash.
	"$SENDA" --db "$db" check >"$T/check.out" 2>&1
	rc=$?
	[ "$rc" = 0 ] || p+="senda check exited $rc"$'\n'
	[ "$(tail -n 1 "$T/check.out")" = ok ] || p+="senda check did not end with ok:"$'\n'$(cat "$T/check.out")$'\n'
	ic=$(sqlite3 "$db" "PRAGMA integrity_check" 2>&1)
	[ "$ic" = ok ] || p+="integrity_check: $ic"$'\n'
	bad_lines=$(grep -Evc "$uuid_re" "$log")
	[ "$bad_lines" = 0 ] || p+="$bad_lines malformed lines in the log"$'\n'
	sqlite3 "$db" "SELECT id FROM participant" 2>&1 | sort >"$T/present"
	missing=$(grep -E "$uuid_re" "$log" | sort -u | comm -23 - "$T/present")
	[ -z "$missing" ] || p+="adds that exited 0 but are missing:"$'\n'$missing$'\n'
	last=$(tail -n 1 "$log")
	if [ -n "$last" ] && ! "$SENDA" --db "$db" show "$last" >/dev/null 2>"$T/show.err"; then
		p+="senda show $last failed: $(cat "$T/show.err")"$'\n'
	fi
	[ -z "$p" ] || p+="(killed after $ms ms; writer's stderr: $(tail -n 3 "$werr"))"
	verdict "trial $trial: killed after $ms ms, $added adds had exited 0; all present, integrity ok, check ok" "$p"
done
elapsed=$(($(now_ms) - t_start))

# The trials must have written something, or they proved nothing.
total=$(wc -l <"$log")
if [ "$total" -gt 0 ]; then
	ok "the trials made $total successful adds in $elapsed ms"
else
	not_ok "the trials made some successful adds"
	diag "no add exited 0; writer's stderr:" "$(tail -n 5 "$werr")"
fi

# At the end senda's own count agrees with the file, and holds every logged add.
rows=$(count_participants "$db")
counted=$(LANGUAGE=en "$SENDA" --db "$db" check 2>&1 | sed -n 's/^  Participants  *//p')
if [ "$rows" = "$counted" ] && [ "$rows" -ge "$total" ]; then
	ok "senda check counts $counted participants, as many as the file holds (>= $total logged)"
else
	not_ok "senda check counts the participants the file holds, at least every logged add"
	diag "check says '$counted', the file has '$rows', the log has $total"
fi

done_testing
