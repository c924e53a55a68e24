#!/bin/sh
# senda — interface tests of follow-up calls: the smaller findings a fresh
# tester left after issue 13. The rules screen's bar and help say what
# Space does; Esc from a call's answers asks before it drops them; a call
# not due yet is refused when it is opened, before any answer; the call
# list gives the purpose its width before the lesser columns (60x16 and
# 80x24). English and Spanish (F2 switches). "Today" is fixed with --today
# (a wrapper of the binary), as in tests/ui/calls.sh. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

cat >"$UI_DIR/senda-today" <<EOF
#!/bin/sh
SENDA_NOW="\${CALLS_TODAY}T12:00:00Z" exec '$SENDA' --today "\$CALLS_TODAY" "\$@"
EOF
chmod +x "$UI_DIR/senda-today"

strings() {
	if [ "$1" = es ]; then
		S_HOME_CALLS="1  llamada de seguimiento para hoy"
		S_LIST="0 atrasadas, 1 hoy, 3 en total"
		S_SCRIPT="El resultado con una tecla"
		S_ANSWERS="Escriba las respuestas"
		S_DISCARD="¿Descartar las respuestas que escribió?"
		S_DISCARD_WHEN="¿Descartar la hora que escribió?"
		S_WHEN="Volver a llamar:"
		S_YES=s S_NO=n
		S_EARLY="esta llamada es para el 2026-12-01; hágala ese día"
		S_BAR="Espacio Activar/desactivar"
		S_HELP="Activa o desactiva la regla elegida"
		S_CYCLE="Opción siguiente"
		S_HEAD_NARROW="Teléfono +Motivo"
		S_HEAD_WIDE="Teléfono +Idi\. Int\. +Motivo"
		S_PURPOSE_NARROW="empleo, día 30 (10:"
		S_PURPOSE_WIDE="empleo, día 30 (10:00)"
	else
		S_HOME_CALLS="1  follow-up call due today"
		S_LIST="0 overdue, 1 today, 3 in all"
		S_SCRIPT="The outcome in one key"
		S_ANSWERS="Type the answers"
		S_DISCARD="Discard the answers you typed?"
		S_DISCARD_WHEN="Discard the time you typed?"
		S_WHEN="Call back at:"
		S_YES=y S_NO=n
		S_EARLY="this call is due on 2026-12-01; make it then"
		S_BAR="Space On/off"
		S_HELP="Switch the selected rule on or off"
		S_CYCLE="Next choice"
		S_HEAD_NARROW="Phone +Purpose"
		S_HEAD_WIDE="Phone +Lang Tries Purpose"
		S_PURPOSE_NARROW="job, day 30 (10:00)"
		S_PURPOSE_WIDE="job, day 30 (10:00)"
	fi
}

# Rosa, with a job that started 30 days before 2026-11-01: her call of day
# 30 is due today, those of days 60 and 90 are not yet.
people() {
	ROSA=$("$SENDA" --db "$1" add --given Rosa --surname Peña --phone 555-0101 --language es \
		--best-time 10:00 --wage 12 --consent-contact yes --consent-share yes) || return 1
	"$SENDA" --db "$1" place "$ROSA" --employer "Sunrise Care" --start 2026-10-02 --wage 15 \
		--yes >/dev/null
}

shows() {
	ui_screen | grep -qF "$1"
}

other() {
	[ "$1" = es ] && echo en || echo es
}

start_list() {
	strings "$1"
	db=$(new_db "$2-$1" "$1") || return 1
	people "$db" || fail_because "the people could not be made" || return 1
	ui_start "$db" SENDA="$UI_DIR/senda-today" CALLS_TODAY=2026-11-01 &&
		wait_for "$S_HOME_CALLS" || return 1
	keys Enter && wait_for "$S_LIST"
}

# The rules screen: the bar calls Space what it does (it asks first), and
# so does the help screen; in the other language after F2 too.
flow_rules_bar() {
	start_list "$1" rules || return 1
	keys r && wait_for "$S_BAR" || return 1
	shows "$S_CYCLE" && fail_because "the bar still says '$S_CYCLE'" && return 1
	keys ? && wait_for "$S_HELP" || return 1
	shows "$S_CYCLE" && fail_because "the help still says '$S_CYCLE'" && return 1
	keys Escape && wait_for "$S_BAR" || return 1
	strings "$(other "$1")"
	keys F2 && wait_for "$S_BAR" || return 1
	keys ? && wait_for "$S_HELP" || return 1
	shows "$S_CYCLE" && fail_because "the help still says '$S_CYCLE'" && return 1
	return 0
}

# Esc from the answers: nothing typed, back to the outcomes at once;
# something typed, asked first: n keeps it, y drops it.
flow_discard() {
	start_list "$1" discard || return 1
	keys Enter && wait_for "$S_SCRIPT" || return 1
	keys r && wait_for "$S_ANSWERS" || return 1
	keys Escape && wait_for "$S_SCRIPT" || return 1
	shows "$S_DISCARD" && fail_because "asked with nothing typed" && return 1
	keys r && wait_for "$S_ANSWERS" || return 1
	type_text "quizá" && wait_for "quizá" || return 1
	keys Escape && wait_for "$S_DISCARD" || return 1
	keys "$S_NO" && wait_gone "$S_DISCARD" || return 1
	shows "$S_ANSWERS" && shows "quizá" || fail_because "n did not keep the answers" || return 1
	keys Escape && wait_for "$S_DISCARD" || return 1
	keys "$S_YES" && wait_for "$S_SCRIPT" || return 1
	keys r && wait_for "$S_ANSWERS" || return 1
	shows "quizá" && fail_because "y did not drop the answers" && return 1
	# the time to call back too
	keys Escape && wait_for "$S_SCRIPT" || return 1
	keys c && wait_for "$S_WHEN" || return 1
	type_text "19:45" && wait_for "19:45" || return 1
	keys Escape && wait_for "$S_DISCARD_WHEN" || return 1
	keys "$S_YES" && wait_for "$S_SCRIPT" || return 1
	[ "$(sqlite3 "$db" 'SELECT count(*) FROM call_attempt')" = 0 ] ||
		fail_because "a try was saved"
}

# The call of day 60 (due 2026-12-01), opened on 2026-11-01: refused at
# once, the list stays; the call of today opens.
flow_early() {
	start_list "$1" early || return 1
	keys Down Enter && wait_for "$S_EARLY" || return 1
	shows "$S_LIST" || fail_because "the call list is gone" || return 1
	shows "$S_SCRIPT" && fail_because "the call opened" && return 1
	keys Up Enter && wait_for "$S_SCRIPT" || return 1
}

# The call list at 80x24 has every column; at 60x16 the purpose keeps its
# width and the language and tries give way; F2 and back to 80x24.
flow_widths() {
	start_list "$1" widths || return 1
	ui_screen | grep -Eq -- "$S_HEAD_WIDE" || fail_because "80x24: not every column" || return 1
	shows "$S_PURPOSE_WIDE" || fail_because "80x24: the purpose is cut" || return 1
	ui_resize 60 16 && wait_match "$S_HEAD_NARROW" || return 1
	shows "$S_PURPOSE_NARROW" || fail_because "60x16: the purpose is cut" || return 1
	strings "$(other "$1")"
	keys F2 && wait_match "$S_HEAD_NARROW" || return 1
	shows "$S_PURPOSE_NARROW" || fail_because "60x16: the purpose is cut" || return 1
	ui_resize 80 24 && wait_match "$S_HEAD_WIDE" || return 1
	shows "$S_PURPOSE_WIDE" || fail_because "80x24: the purpose is cut" || return 1
}

for l in en es; do
	run_test "the rules screen: the bar and the help say what Space does ($l)" flow_rules_bar $l
	run_test "a call's answers: Esc asks before it drops what was typed ($l)" flow_discard $l
	run_test "a call not due yet is refused when it is opened ($l)" flow_early $l
	run_test "the call list: the purpose keeps its width at 60x16 and 80x24 ($l)" flow_widths $l
done
ui_done
