#!/bin/sh
# senda — tests of the interface tests' own helpers (tests/ui/lib.sh), so
# that the suite cannot flake the ways it once did (issue 8, part 3):
# a session started right after the last one ended must start (tmux's
# kill-server returns before its server has gone, and a new-session sent
# to the exiting server fails); a wait for text that was already on the
# screen before its keys must be refused (it proves nothing and lets the
# next keys race the program); a failing tmux command must say why.
# TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

S_HOME="p Participants"
S_LIST="senda · Participants"

# Twenty sessions, each started right after the one before: every one
# starts and shows home.
flow_back_to_back() {
	db=$(new_db back en) || return 1
	for i in $(seq 1 20); do
		ui_start "$db" && wait_for "$S_HOME" ||
			{ UI_WHY="session $i: ${UI_WHY:-did not start}"; return 1; }
	done
}

# A step that waits for the site's name (on home and on the list alike)
# fails, and says why; a wait for the list's title passes.
flow_stale_wait() {
	db=$(new_db stale en) || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	if keys p && wait_for "Centro Comunitario" 3; then
		fail_because "a wait for text already on the screen passed"
		return 1
	fi
	case $UI_WHY in
	*"already showed it (Centro Comunitario)"*) ;;
	*) fail_because "the reason given: ${UI_WHY:-none}"; return 1 ;;
	esac
	UI_WHY=""
	# The refused wait returned before the program had read p: wait for
	# the list before the next step (whose screen before is the list).
	wait_for "$S_LIST" || return 1
	keys Escape && wait_for "$S_HOME" || return 1
	keys p && wait_for "$S_LIST"
}

# keys with no server: fails, and the reason has tmux's own words.
flow_tmux_error() {
	db=$(new_db tmuxerr en) || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	tmx kill-server >/dev/null 2>&1
	if keys p; then
		fail_because "keys without a server succeeded"
		return 1
	fi
	case $UI_WHY in
	*"send-keys"*[a-z]*) ;;
	*) fail_because "the reason given: ${UI_WHY:-none}"; return 1 ;;
	esac
	UI_WHY=""
}

run_test "sessions started back to back all start" flow_back_to_back
run_test "a wait for text already on the screen is refused, and says why" flow_stale_wait
run_test "a failing tmux command is reported with tmux's words" flow_tmux_error
ui_done
