# senda — helpers for the interface tests: run the real binary in a private
# tmux server at a fixed size, send keys, wait for text on the screen (polling
# with a timeout, never a fixed sleep), report TAP.
#
# Needs: SENDA (the built binary); SENDA_LOCALEDIR (fresh catalogs) if set.
#
# The tests must never flake (make check-ui-repeat runs them 20 times in a
# row; run it beside a parallel build). The rules, kept here:
# - Each step (keys, type_text, type_bytes, ui_resize, ui_restart, then
#   its first wait) waits for something only that step can make appear: a
#   message such as "Saved: ...", a new title, a count that changed. The
#   first wait after an action fails at once ("a wait that proves nothing")
#   when the screen before the action already held it; later waits of the
#   same step check what else is shown.
# - Keys go only to a program that has drawn (ui_start waits for its first
#   output; the first wait after ui_restart must be for the new screen).
# - Keys sent while the window is too small are kept by the program; a
#   test may still send them, but waits for the redraw before it looks.
# - One tmux server per test file (its socket is named after the process);
#   ui_stop waits until the server has really gone before the next starts.
# - When tmux fails, its own words go into the TAP diagnostics.

: "${SENDA:?SENDA must name the senda binary to test}"

UI_SOCK="senda-test-$$"
UI_DIR=$(mktemp -d "${TMPDIR:-/tmp}/senda-ui.XXXXXX") || exit 99
UI_N=0
UI_FAILED=0
UI_WHY=""
UI_PID=""      # the process id of this file's tmux server, while one runs
UI_ACTED=""    # set by an action (keys, text, resize, restart) until a wait
UI_BEFORE=""   # the screen just before the first action since the last wait

# How long a wait may take. A loaded machine (more runnable processes than
# processors, e.g. a parallel build beside the tests) gets twice as long:
# a passing wait returns as soon as its text is there, so only a failing
# one ever takes the whole time. SENDA_UI_TIMEOUT=SECONDS decides instead.
ui_timeout() {
	_cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
	_load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
	if [ "${_load%%.*}" -ge "$_cpus" ] 2>/dev/null; then
		echo 30
	else
		echo 15
	fi
}
UI_TIMEOUT=${SENDA_UI_TIMEOUT:-$(ui_timeout)}

# Every tmux call: the private server of this test file. Its error output
# goes to $UI_DIR/tmux.err, for the TAP diagnostics when tmux fails.
tmx() {
	tmux -u -L "$UI_SOCK" -f /dev/null "$@" 2>"$UI_DIR/tmux.err"
}

# tmux_said: what tmux last wrote on its error output, on one line.
tmux_said() {
	tr '\n' ' ' <"$UI_DIR/tmux.err" 2>/dev/null | sed 's/ *$//'
}

# tmux_failed WHAT: record that the tmux command WHAT failed, and why.
tmux_failed() {
	_said=$(tmux_said)
	UI_WHY="tmux $1 failed${_said:+: $_said}"
	return 1
}

# ui_alive PID: whether process PID still runs (a zombie has ended: it has
# closed its socket, and its parent reaps it when it will).
ui_alive() {
	_st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $_st in
	'' | Z*) return 1 ;;
	esac
	return 0
}

# ui_stop: end this file's tmux server and wait until its process is gone.
# kill-server returns while the server is still exiting, and an exiting
# server still accepts connections and closes them at once: a new-session
# sent to it fails with "server exited unexpectedly" (that was the flake of
# a flow that starts its session right after the last one ended).
ui_stop() {
	_pid=$(tmx display-message -p '#{pid}') || _pid=$UI_PID
	tmx kill-server
	_pid=${_pid:-$UI_PID}
	UI_PID=""
	[ -n "$_pid" ] || return 0
	_end=$(( $(date +%s) + UI_TIMEOUT ))
	while ui_alive "$_pid"; do
		if [ "$(date +%s)" -ge "$_end" ]; then
			kill -KILL "$_pid" 2>/dev/null
			break
		fi
		sleep 0.05
	done
	return 0
}

ui_cleanup() {
	ui_stop
	rm -rf "$UI_DIR"
	# tmux leaves its socket behind; this one is this file's alone.
	_sock="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$UI_SOCK"
	[ -S "$_sock" ] && rm -f "$_sock"
	return 0
}
trap 'ui_cleanup' EXIT
trap 'exit 1' INT TERM HUP

# The program in the pane: senda, then a line with its exit status, then wait
# (so that the screen can still be read after senda has ended).
# The inner shell writes its process id, then becomes senda: that id is
# senda's, for the signal test.
cat >"$UI_DIR/run" <<'EOF'
#!/bin/sh
sh -c 'echo $$ >"$0.pid"; exec "$SENDA" --db "$0"' "$1"
echo "[senda exit $?]"
exec sleep 600
EOF
chmod +x "$UI_DIR/run"

ui_command() {   # ui_command DB [VAR=value...]: what the pane runs
	db=$1
	shift
	echo "env -u LANGUAGE -u LC_ALL -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 \
		SENDA='$SENDA' SENDA_LOCALEDIR='${SENDA_LOCALEDIR:-}' $* '$UI_DIR/run' '$db'"
}

# ui_start DB [VAR=value...]: a fresh 80x24 session running senda on DB;
# returns once the program has put something on the screen (keys typed
# before it has set up the terminal would be echoed or lost).
ui_start() {
	ui_stop
	_cmd=$(ui_command "$@")
	_end=$(( $(date +%s) + UI_TIMEOUT ))
	until tmx new-session -d -s ui -x 80 -y 24 "$_cmd"; do
		# Not expected once ui_stop has waited for the old server; should
		# a server still be going away, try again until the timeout.
		if [ "$(date +%s)" -ge "$_end" ]; then
			tmux_failed new-session
			return 1
		fi
		ui_stop
		sleep 0.05
	done
	UI_PID=$(tmx display-message -p -t ui '#{pid}')
	UI_ACTED=""
	UI_BEFORE=""
	wait_match '[^[:space:]]' || {
		UI_WHY="the program put nothing on the screen ($UI_WHY)"
		return 1
	}
}

# ui_act: called by every action. The first action after a wait keeps the
# screen it acted on: the next wait must wait for a change of it.
ui_act() {
	[ -n "$UI_ACTED" ] && return 0
	UI_BEFORE=$(ui_screen)
	UI_ACTED=1
}

# ui_restart DB [VAR=value...]: run senda again in the same window.
ui_restart() {
	ui_act
	_cmd=$(ui_command "$@")
	tmx respawn-pane -k -t ui "$_cmd" || tmux_failed respawn-pane
}

# ui_resize COLUMNS LINES: the window's new size.
ui_resize() {
	ui_act
	tmx resize-window -t ui -x "$1" -y "$2" || tmux_failed resize-window
}

ui_screen() {
	tmx capture-pane -p -t ui
}

# keys KEY...: tmux key names (Tab, Enter, Escape, C-s, F2, ...).
keys() {
	ui_act
	tmx send-keys -t ui "$@" || tmux_failed send-keys
}

# type TEXT: literal text.
type_text() {
	ui_act
	tmx send-keys -t ui -l "$1" || tmux_failed send-keys
}

# type_bytes HEX...: raw bytes, one tmux write each (e.g. the two bytes of
# a character, with something else between them).
type_bytes() {
	ui_act
	for _b in "$@"; do
		tmx send-keys -t ui -H "$_b" || { tmux_failed send-keys; return 1; }
	done
}

# ui_holds SCREEN KIND A [B]: whether SCREEN shows what a wait waits for:
# KIND "for" text A; "gone" no text A; "line" line A holding text B;
# "match" a line matching the extended regular expression A.
ui_holds() {
	case $2 in
	for) case $1 in *"$3"*) return 0 ;; esac ;;
	gone) case $1 in *"$3"*) ;; *) return 0 ;; esac ;;
	line) case $(printf '%s\n' "$1" | sed -n "${3}p") in *"$4"*) return 0 ;; esac ;;
	match) printf '%s\n' "$1" | grep -Eq -- "$3" && return 0 ;;
	esac
	return 1
}

# ui_wait SECONDS WHAT KIND A [B]: poll the screen until it holds (see
# ui_holds), for at most SECONDS. WHAT says it in words, for the
# diagnostics. The first wait after an action fails at once when the screen
# before the action already held it: such a wait would pass before the
# program has read the keys, and the next step would race it (an Esc and a
# key sent within 200 ms are Alt and that key; a file checked too early).
ui_wait() {
	_secs=$1
	_what=$2
	shift 2
	if [ -n "$UI_ACTED" ]; then
		UI_ACTED=""
		if ui_holds "$UI_BEFORE" "$@"; then
			UI_WHY="a wait that proves nothing: the screen before this step's keys already showed it ($_what)"
			return 1
		fi
	fi
	_end=$(( $(date +%s) + _secs ))
	while :; do
		if _shown=$(ui_screen); then
			ui_holds "$_shown" "$@" && return 0
			_said=""
		else
			_said=$(tmux_said)
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			UI_WHY="waited in vain ${_secs} s for $_what"
			[ -n "$_said" ] && UI_WHY="$UI_WHY (tmux capture-pane: $_said)"
			return 1
		fi
		sleep 0.05
	done
}

# wait_for TEXT [SECONDS]: until TEXT is on the screen. On time-out, records
# why (with the screen) and fails.
wait_for() {
	ui_wait "${2:-$UI_TIMEOUT}" "$1" for "$1"
}

# wait_line N TEXT [SECONDS]: until line N (1 = the top) of the screen holds TEXT.
wait_line() {
	ui_wait "${3:-$UI_TIMEOUT}" "line $1 to show: $2" line "$1" "$2"
}

# wait_match REGEX [SECONDS]: until a line of the screen matches the
# extended regular expression REGEX.
wait_match() {
	ui_wait "${2:-$UI_TIMEOUT}" "a line matching: $1" match "$1"
}

# wait_gone TEXT [SECONDS]: until TEXT is no longer on the screen.
wait_gone() {
	ui_wait "${2:-$UI_TIMEOUT}" "$1 to go from the screen" gone "$1"
}

# skip_because TEXT: the flow cannot run here (reported as SKIP).
skip_because() {
	UI_SKIP=$1
	return 0
}

# fail_because TEXT: a failed check that is not about the screen.
fail_because() {
	UI_WHY=$1
	return 1
}

# run_test DESCRIPTION FUNCTION [ARGS...]: one TAP line for one flow.
run_test() {
	desc=$1
	shift
	UI_WHY=""
	UI_SKIP=""
	UI_N=$((UI_N + 1))
	if "$@"; then
		echo "ok $UI_N - $desc${UI_SKIP:+ # SKIP $UI_SKIP}"
	else
		UI_FAILED=$((UI_FAILED + 1))
		echo "not ok $UI_N - $desc"
		echo "# ${UI_WHY:-failed without a reason (a command of the flow failed)}"
		if _shown=$(ui_screen); then
			printf '%s\n' "$_shown" | sed 's/^/#   | /'
		else
			echo "# no screen: tmux capture-pane: $(tmux_said)"
		fi
	fi
	ui_stop
}

ui_done() {
	echo "1..$UI_N"
	[ "$UI_FAILED" -eq 0 ]
}

# A new database with a site, in language L (en or es).
new_db() {
	f="$UI_DIR/$1.db"
	rm -f "$f"*
	env -u LANGUAGE "$SENDA" --db "$f" init --site "Centro Comunitario" \
		--user "Ana López" --lang "$2" >/dev/null || return 1
	echo "$f"
}
