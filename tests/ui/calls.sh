#!/bin/sh
# senda — interface tests of follow-up calls (issue 13): a volunteer works
# through three calls — one reached with a new wage (the job shows it), one
# no answer that comes back the next day, one "do not call" that is gone
# for good — and no key takes her off the call list; from home, Enter on
# each count opens its list. "Today" is fixed with --today (a wrapper of
# the binary); the volunteer, Vera, logs in with her name and PIN (Ana,
# the coordinator, has a PIN too). English and Spanish, 80x24. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

# The binary with --today before its arguments (the pane runs
# "$SENDA --db FILE"), the clock on that day too: a --today before the
# clock's day schedules nothing (tests/cli/calls_record.sh).
cat >"$UI_DIR/senda-today" <<EOF
#!/bin/sh
SENDA_NOW="\${CALLS_TODAY}T12:00:00Z" exec '$SENDA' --today "\$CALLS_TODAY" "\$@"
EOF
chmod +x "$UI_DIR/senda-today"

strings() {
	if [ "$1" = es ]; then
		S_TITLE="Llamadas de seguimiento"
		S_THREE="0 atrasadas, 3 hoy, 9 en total"
		S_MINE="Mías: sí"
		S_NOT_MINE="Mías: no"
		S_HELP="Intro abre una llamada"
		S_ROSA="Rosa  555-0101  español"
		S_MARY="Mary  555-0103  inglés"
		S_LUPE="Lupe  555-0102  español"
		S_WAGE="El salario del empleo ahora es \$16.50."
		S_NO_ANSWER="Llamada guardada: no contestó. Próximo intento: 2026-11-02"
		S_ASK="¿No volver a llamar nunca a esta persona?"
		S_YES=s
		S_DNC="Llamada guardada: no volver a llamar."
		S_NONE_TODAY="0 atrasadas, 0 hoy, 5 en total"
		S_TOMORROW="0 atrasadas, 1 hoy, 5 en total"
		S_LATER="1 atrasada, 2 hoy, 5 en total"
		S_HOME_CALLS="3  llamadas de seguimiento para hoy"
		S_OVERDUE_TITLE="Referidos atrasados"
		S_WHO="Elija su nombre y escriba su PIN"
		S_PIN_VERA="PIN de Vera:"
	else
		S_TITLE="Follow-up calls"
		S_THREE="0 overdue, 3 today, 9 in all"
		S_MINE="Mine: yes"
		S_NOT_MINE="Mine: no"
		S_HELP="Enter opens a call"
		S_ROSA="Rosa  555-0101  Spanish"
		S_MARY="Mary  555-0103  English"
		S_LUPE="Lupe  555-0102  Spanish"
		S_WAGE="The job's wage is now \$16.50."
		S_NO_ANSWER="Call saved: no answer. Next try: 2026-11-02"
		S_ASK="Never call this person again?"
		S_YES=y
		S_DNC="Call saved: do not call again."
		S_NONE_TODAY="0 overdue, 0 today, 5 in all"
		S_TOMORROW="0 overdue, 1 today, 5 in all"
		S_LATER="1 overdue, 2 today, 5 in all"
		S_HOME_CALLS="3  follow-up calls due today"
		S_OVERDUE_TITLE="Overdue referrals"
		S_WHO="Choose your name and type your PIN"
		S_PIN_VERA="PIN for Vera:"
	fi
}

# Three people who agreed to be contacted, each with a job that started
# 30 days before 2026-11-01; best times that sort Rosa, Lupe, Mary (as
# times of day: 10:00, afternoon, evening).
people() {
	db=$1
	ROSA=$("$SENDA" --db "$db" add --given Rosa --surname Peña --phone 555-0101 --language es \
		--best-time 10:00 --wage 12 --consent-contact yes --consent-share yes) || return 1
	LUPE=$("$SENDA" --db "$db" add --given Lupe --surname Ortiz --phone 555-0102 --language es \
		--best-time afternoon --wage 12 --consent-contact yes --consent-share yes) || return 1
	MARY=$("$SENDA" --db "$db" add --given Mary --surname Smith --phone 555-0103 --language en \
		--best-time evening --wage 12 --consent-contact yes --consent-share yes) || return 1
	for p in "$ROSA" "$LUPE" "$MARY"; do
		"$SENDA" --db "$db" place "$p" --employer "Sunrise Care" --start 2026-10-02 --wage 15 \
			--yes >/dev/null || return 1
	done
}

# Ana (the coordinator, PIN 1234) and Vera (a volunteer, PIN 2468): with
# two users senda asks who is there; the command line acts as Ana.
volunteer() {
	printf '1234\n' >"$UI_DIR/ana.pin" && printf '2468\n' >"$UI_DIR/vera.pin" &&
		chmod 600 "$UI_DIR/ana.pin" "$UI_DIR/vera.pin" || return 1
	SENDA_PIN_FILE=$UI_DIR/ana.pin "$SENDA" --db "$1" user pin "Ana López" \
		</dev/null >/dev/null || return 1
	# (in the test's language: hers on the screen once she is logged in)
	SENDA_PIN_FILE=$UI_DIR/ana.pin LANGUAGE=$2 "$SENDA" --db "$1" user add Vera --role volunteer \
		--pin-file "$UI_DIR/vera.pin" </dev/null >/dev/null
}
as_ana() {
	SENDA_PIN_FILE=$UI_DIR/ana.pin "$SENDA" --user "Ana López" "$@"
}

# Vera logs in (the second name on the login screen).
login_vera() {
	wait_for "$S_WHO" || return 1
	keys Down Enter && wait_for "$S_PIN_VERA" || return 1
	type_text 2468 && keys Enter
}

# The screen shows TEXT now (after a wait for something else of it).
shows() {
	ui_screen | grep -qF "$1"
}

flow_volunteer() {
	strings "$1"
	db=$(new_db calls-$1 "$1") || return 1
	people "$db" || fail_because "the people could not be made" || return 1
	volunteer "$db" "$1" || fail_because "the users could not be made" || return 1
	ui_start "$db" SENDA="$UI_DIR/senda-today" CALLS_TODAY=2026-11-01 && login_vera &&
		wait_for "$S_THREE" && wait_for "$S_TITLE" || return 1
	# No key leaves the list: search, people, intake, organizations,
	# duplicates, review, Esc (l is the language filter here); m (mine) then
	# shows that every one was read, and the list is still there.
	keys / p n o m && wait_for "$S_MINE" || return 1
	shows "$S_TITLE" || fail_because "a key left the call list" || return 1
	keys d v Escape Escape 1 m && wait_for "$S_NOT_MINE" || return 1
	shows "$S_TITLE" || fail_because "a key left the call list" || return 1
	keys ? && wait_for "$S_HELP" || return 1
	# 1. Rosa answers: still working, 32 hours, $16.50 an hour now; the
	# script is in her language (Spanish) whatever the interface's.
	keys Enter && wait_for "$S_ROSA" && wait_for "¿Sigue trabajando allí?" || return 1
	keys r && wait_for "F10" || return 1
	type_text "si" && keys Tab && type_text "32" && keys Tab && type_text "16.50" &&
		wait_for "16.50" || return 1
	keys F10 && wait_for "$S_WAGE" || return 1
	env -u LANGUAGE LANG=C.UTF-8 SENDA_PIN_FILE="$UI_DIR/ana.pin" "$SENDA" --db "$db" \
		--user "Ana López" show "$ROSA" | grep -q 'Sunrise Care, \$16.50 an hour' ||
		fail_because "the job does not show the new wage" || return 1
	# 2. Lupe does not answer: tomorrow, at another time of day.
	keys Enter && wait_for "$S_LUPE" || return 1
	keys n && wait_for "$S_NO_ANSWER" || return 1
	# 3. Mary asks not to be called again (the script in English).
	keys Enter && wait_for "$S_MARY" && wait_for "Are you still working there?" || return 1
	keys x && wait_for "$S_ASK" || return 1
	keys "$S_YES" && wait_for "$S_DNC" && wait_for "$S_NONE_TODAY" || return 1
	# The next day Lupe is back; Mary never is, not even a month later.
	ui_restart "$db" SENDA="$UI_DIR/senda-today" CALLS_TODAY=2026-11-02 && login_vera &&
		wait_for "$S_TOMORROW" || return 1
	shows "Lupe" || fail_because "Lupe is not back the next day" || return 1
	shows "Mary" && fail_because "Mary is on the list again" && return 1
	ui_restart "$db" SENDA="$UI_DIR/senda-today" CALLS_TODAY=2026-12-01 && login_vera &&
		wait_for "$S_LATER" || return 1
	shows "Mary" && fail_because "Mary is on the list a month later" && return 1
	SENDA_NOW=2026-12-01T12:00:00Z as_ana --db "$db" --today 2026-12-01 calls | grep -q Mary &&
		fail_because "Mary is on the call sheet" && return 1
	# q quits (there is nothing to go back to).
	keys q && wait_for "[senda exit 0]"
}

flow_home() {
	strings "$1"
	db=$(new_db home-calls-$1 "$1") || return 1
	people "$db" || fail_because "the people could not be made" || return 1
	ui_start "$db" SENDA="$UI_DIR/senda-today" CALLS_TODAY=2026-11-01 &&
		wait_for "$S_HOME_CALLS" || return 1
	keys Enter && wait_for "$S_THREE" || return 1
	keys Escape && wait_for "$S_HOME_CALLS" || return 1
	keys Down Enter && wait_for "$S_OVERDUE_TITLE" || return 1
}

# Space on the rules screen asks first (switched off, a rule withdraws its
# calls): n leaves it on, y switches it off.
flow_rules() {
	strings "$1"
	if [ "$1" = es ]; then
		q_off="¿Desactivar la regla job30?" changed="Regla job30 cambiada" off="(desactivada)"
	else
		q_off="Switch the rule job30 off?" changed="Rule job30 changed" off="(off)"
	fi
	db=$(new_db rules-calls-$1 "$1") || return 1
	people "$db" || fail_because "the people could not be made" || return 1
	ui_start "$db" SENDA="$UI_DIR/senda-today" CALLS_TODAY=2026-11-01 &&
		wait_for "$S_HOME_CALLS" || return 1
	keys Enter && wait_for "$S_THREE" || return 1
	keys r && wait_for "job30" || return 1
	keys Space && wait_for "$q_off" || return 1
	keys n && wait_gone "$q_off" || return 1
	[ "$(sqlite3 "$db" "SELECT active FROM call_rule WHERE id = 'job30'")" = 1 ] ||
		fail_because "n switched the rule off" || return 1
	shows "$off" && fail_because "the rule shows off after n" && return 1
	keys Space && wait_for "$q_off" || return 1
	keys "$S_YES" && wait_for "$changed" && wait_for "$off" || return 1
	[ "$(sqlite3 "$db" "SELECT active FROM call_rule WHERE id = 'job30'")" = 0 ] ||
		fail_because "y left the rule on"
}

# The call screen at 60x16: every question is reached (the script
# scrolls to the one answered); at 40x12 it asks for a larger window.
flow_small() {
	strings "$1"
	# (the script is in Rosa's language, Spanish, whatever the interface's)
	q1="1. ¿Sigue trabajando allí?" q6="6. ¿Necesita algo?"
	if [ "$1" = es ]; then
		answers="Escriba las respuestas" larger="Agrande la ventana"
	else
		answers="Type the answers" larger="Please make the window larger"
	fi
	db=$(new_db small-calls-$1 "$1") || return 1
	people "$db" || fail_because "the people could not be made" || return 1
	ui_start "$db" SENDA="$UI_DIR/senda-today" CALLS_TODAY=2026-11-01 &&
		wait_for "$S_HOME_CALLS" || return 1
	ui_resize 60 16 && keys Enter && wait_for "$S_THREE" || return 1
	keys Enter && wait_for "$S_ROSA" || return 1
	keys r && wait_for "$answers" || return 1
	shows "$q6" && fail_because "the test needs a screen where question 6 is not shown first" &&
		return 1
	keys Tab Tab Tab Tab Tab && wait_for "$q6" || return 1
	type_text "clases de inglés" && wait_for "de inglés" || return 1
	ui_resize 40 12 && wait_for "$larger" || return 1
	ui_resize 80 24 && wait_for "$q1" && wait_for "$q6" || return 1
}

for l in en es; do
	run_test "the call screen at 60x16: every question is reached; at 40x12 a larger window is asked for ($l)" flow_small $l
	run_test "a volunteer: reached with a wage, no answer back tomorrow, do not call gone for good, no way off the list ($l)" flow_volunteer $l
	run_test "the rules screen: Space asks before switching a rule off ($l)" flow_rules $l
	run_test "home: Enter on the calls due and on the overdue referrals opens their lists ($l)" flow_home $l
done
ui_done
