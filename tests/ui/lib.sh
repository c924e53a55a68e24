# senda — helpers for the interface tests: run the real binary in a private
# tmux server at a fixed size, send keys, wait for text on the screen (polling
# with a timeout, never a fixed sleep), report TAP.
#
# Needs: SENDA (the built binary); SENDA_LOCALEDIR (fresh catalogs) if set.

: "${SENDA:?SENDA must name the senda binary to test}"

UI_SOCK="senda-test-$$"
UI_DIR=$(mktemp -d "${TMPDIR:-/tmp}/senda-ui.XXXXXX") || exit 99
UI_TIMEOUT=${SENDA_UI_TIMEOUT:-15}
UI_N=0
UI_FAILED=0
UI_WHY=""

tmx() {
	tmux -u -L "$UI_SOCK" -f /dev/null "$@"
}

ui_cleanup() {
	tmx kill-server >/dev/null 2>&1
	rm -rf "$UI_DIR"
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

# ui_start DB [VAR=value...]: a fresh 80x24 session running senda on DB.
ui_start() {
	db=$1
	shift
	tmx kill-server >/dev/null 2>&1
	tmx new-session -d -s ui -x 80 -y 24 \
		"env -u LANGUAGE -u LC_ALL -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 \
		SENDA='$SENDA' SENDA_LOCALEDIR='${SENDA_LOCALEDIR:-}' $* '$UI_DIR/run' '$db'" ||
		return 1
}

# ui_restart DB [VAR=value...]: run senda again in the same window.
ui_restart() {
	db=$1
	shift
	tmx respawn-pane -k -t ui \
		"env -u LANGUAGE -u LC_ALL -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 \
		SENDA='$SENDA' SENDA_LOCALEDIR='${SENDA_LOCALEDIR:-}' $* '$UI_DIR/run' '$db'"
}

ui_screen() {
	tmx capture-pane -p -t ui 2>/dev/null
}

# keys KEY...: tmux key names (Tab, Enter, Escape, C-s, F2, ...).
keys() {
	tmx send-keys -t ui "$@"
}

# type TEXT: literal text.
type_text() {
	tmx send-keys -t ui -l "$1"
}

# wait_for TEXT [SECONDS]: until TEXT is on the screen. On time-out, records
# why (with the screen) and fails.
wait_for() {
	_end=$(( $(date +%s) + ${2:-$UI_TIMEOUT} ))
	while :; do
		case $(ui_screen) in
		*"$1"*) return 0 ;;
		esac
		if [ "$(date +%s)" -ge "$_end" ]; then
			UI_WHY="waited in vain for: $1"
			return 1
		fi
		sleep 0.05
	done
}

# wait_line N TEXT [SECONDS]: until line N (1 = the top) of the screen holds TEXT.
wait_line() {
	_end=$(( $(date +%s) + ${3:-$UI_TIMEOUT} ))
	while :; do
		case $(ui_screen | sed -n "${1}p") in
		*"$2"*) return 0 ;;
		esac
		if [ "$(date +%s)" -ge "$_end" ]; then
			UI_WHY="waited in vain for line $1 to show: $2"
			return 1
		fi
		sleep 0.05
	done
}

# wait_match REGEX [SECONDS]: until a line of the screen matches the
# extended regular expression REGEX.
wait_match() {
	_end=$(( $(date +%s) + ${2:-$UI_TIMEOUT} ))
	while :; do
		ui_screen | grep -Eq -- "$1" && return 0
		if [ "$(date +%s)" -ge "$_end" ]; then
			UI_WHY="waited in vain for a line matching: $1"
			return 1
		fi
		sleep 0.05
	done
}

# wait_gone TEXT [SECONDS]: until TEXT is no longer on the screen.
wait_gone() {
	_end=$(( $(date +%s) + ${2:-$UI_TIMEOUT} ))
	while :; do
		case $(ui_screen) in
		*"$1"*) ;;
		*) return 0 ;;
		esac
		if [ "$(date +%s)" -ge "$_end" ]; then
			UI_WHY="still on the screen: $1"
			return 1
		fi
		sleep 0.05
	done
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
		[ -n "$UI_WHY" ] && echo "# $UI_WHY"
		ui_screen | sed 's/^/#   | /'
	fi
	tmx kill-server >/dev/null 2>&1
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
