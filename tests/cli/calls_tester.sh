#!/bin/bash
# tests/cli/calls_tester.sh — follow-up calls on the command line: the
# smaller findings a fresh tester left after issue 13 (the limit of
# --hours, the spellings of --outcome, edit-job --help, the history's
# "Job recorded" wage, retention from a wage), in both languages.
# Needs: bash.

. "$(dirname "$0")/lib.sh"

plan 44

export SENDA_NOW=2026-11-01T12:00:00Z

# A person with a job that started 30 days before 2026-11-01: its first
# call (day 30) is due today.
setup() {
	db="$T/$1.db"
	senda_q "$2" --db "$db" init --site "Centro" --user "Ana" --lang "$2" >/dev/null
	rosa=$(senda_q "$2" --db "$db" add --given Rosa --surname Peña --phone 555-0101 \
		--language es --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$2" --db "$db" place "$rosa" --employer "Sunrise Care" --start 2026-10-02 \
		--wage 15 --hours 30 --yes >/dev/null
	call=$(senda_q "$2" --db "$db" --today 2026-11-01 calls --due --csv |
		sed -n '2s/^"\([^"]*\)".*/\1/p')
}

tries() { sqlite3 "$db" "SELECT count(*) FROM call_attempt"; }

for l in en es; do
	# 1. --hours above the job's field's limit (100) says the limit, not
	# "not a whole number"; nothing is saved.
	setup hours-$l $l
	run "$l" --db "$db" --today 2026-11-01 call "$call" --outcome reached --hours 200
	if [ "$l" = en ]; then want='--hours takes the hours a week, a whole number from 0 to 100'
	else want='--hours toma las horas a la semana, un número entero de 0 a 100'; fi
	[ "$RC" = 2 ] && grep -qF -- "$want" "$ERR" && grep -q '200' "$ERR" &&
		ok "--hours 200 says the limit, 0 to 100 [$l]" ||
		{ not_ok "--hours 200 says the limit, 0 to 100 [$l]"; diag <"$ERR"; }
	grep -q 'is not a whole number\|no es un número entero' "$ERR" &&
		{ not_ok "not 'not a whole number' [$l]"; diag <"$ERR"; } || ok "not 'not a whole number' [$l]"
	[ "$(tries)" = 0 ] && ok "nothing saved [$l]" || not_ok "nothing saved [$l]"
	run "$l" --db "$db" --today 2026-11-01 call "$call" --outcome reached --hours 100 --working yes
	[ "$RC" = 0 ] && [ "$(tries)" = 1 ] && ok "--hours 100 (the limit) is taken [$l]" ||
		{ not_ok "--hours 100 (the limit) is taken [$l]"; diag <"$ERR"; }

	# 2. Every outcome in either spelling, and as the screen words it.
	n=0
	for o in no-answer no_answer "No answer" "no contestó" "NO CONTESTO" Mensaje "left a message" \
		voicemail; do
		setup out-$l-$n $l
		n=$((n + 1))
		run "$l" --db "$db" --today 2026-11-01 call "$call" --outcome "$o"
		[ "$RC" = 0 ] && [ "$(tries)" = 1 ] && ok "--outcome '$o' [$l]" ||
			{ not_ok "--outcome '$o' [$l]"; diag <"$ERR"; }
	done
	o=$(sqlite3 "$db" "SELECT outcome FROM call_attempt")
	[ "$o" = voicemail ] && ok "'voicemail' stored as its code [$l]" || not_ok "'voicemail' stored as its code [$l]: $o"
	run "$l" --db "$db" --today 2026-11-01 call "$call" --outcome sideways
	[ "$RC" = 2 ] && grep -qF "reached, no-answer, voicemail, wrong-number, disconnected, refused, callback, do-not-call" "$ERR" &&
		ok "an unknown outcome lists the accepted ones [$l]" ||
		{ not_ok "an unknown outcome lists the accepted ones [$l]"; diag <"$ERR"; }

	# 3. edit-job --help: no * (nothing must be given; only the options
	# given change), and a line that says what the options are, as edit's.
	run "$l" edit-job --help
	[ "$RC" = 0 ] && ! grep -q '\*' "$OUT" && ok "edit-job --help marks no option with * [$l]" ||
		{ not_ok "edit-job --help marks no option with * [$l]"; diag <"$OUT"; }
	if [ "$l" = en ]; then want='^Options (only those given change; dates as'
	else want='^Opciones (solo cambian las que se den; fechas como'; fi
	grep -q "$want" "$OUT" && grep -q '^  --start ' "$OUT" &&
		ok "edit-job --help says what its options are [$l]" ||
		{ not_ok "edit-job --help says what its options are [$l]"; diag <"$OUT"; }
	run "$l" place --help
	grep -q 'Employer \*\|Empleador \*' "$OUT" && ok "place --help still marks what must be given [$l]" ||
		{ not_ok "place --help still marks what must be given [$l]"; diag <"$OUT"; }

	# 7. and 9. A reached call with a wage and no "still working" answer:
	# the history's "Job recorded" keeps the wage of the day it was
	# recorded; the job's retention at 30 days is yes (she said her wage).
	setup wage-$l $l
	senda_q "$l" --db "$db" --today 2026-11-01 call "$call" --outcome reached --wage 16.50 >/dev/null
	run "$l" --db "$db" show "$rosa"
	if [ "$l" = en ]; then
		rec='Job recorded: Sunrise Care, \$15.00 an hour$' chg='Wage at Sunrise Care: \$15.00 → \$16.50 an hour'
		ret='Employed at 30, 60, 90 days: yes, unknown, unknown$'
	else
		rec='Empleo registrado: Sunrise Care, \$15.00 por hora$' chg='Salario en Sunrise Care: \$15.00 → \$16.50'
		ret='Con empleo a los 30, 60, 90 días: sí, no se sabe, no se sabe$'
	fi
	grep -q "$rec" "$OUT" && ok "the history's 'Job recorded' has the wage of that day [$l]" ||
		{ not_ok "the history's 'Job recorded' has the wage of that day [$l]"; diag <"$OUT"; }
	grep -q "$chg" "$OUT" && ok "and the change of wage after it [$l]" ||
		{ not_ok "and the change of wage after it [$l]"; diag <"$OUT"; }
	grep -q "$ret" "$OUT" && ok "a wage said on a reached call: employed at 30 days [$l]" ||
		{ not_ok "a wage said on a reached call: employed at 30 days [$l]"; diag <"$OUT"; }
	# an answer "no" stays no, whatever else was said
	setup no-$l $l
	senda_q "$l" --db "$db" --today 2026-11-01 call "$call" --outcome reached --working no \
		--wage 16.50 >/dev/null
	run "$l" --db "$db" show "$rosa"
	if [ "$l" = en ]; then ret='Employed at 30, 60, 90 days: no, unknown, unknown$'
	else ret='Con empleo a los 30, 60, 90 días: no, no se sabe, no se sabe$'; fi
	grep -q "$ret" "$OUT" && ok "'still working there: no' stays no [$l]" ||
		{ not_ok "'still working there: no' stays no [$l]"; diag <"$OUT"; }
	# edit-job changes the wage: the job recorded keeps its first wage
	job=$(sqlite3 "$db" "SELECT id FROM placement")
	senda_q "$l" --db "$db" edit-job "$job" --wage 17 >/dev/null
	run "$l" --db "$db" show "$rosa"
	if [ "$l" = en ]; then rec='Job recorded: Sunrise Care, \$15.00 an hour$'
	else rec='Empleo registrado: Sunrise Care, \$15.00 por hora$'; fi
	grep -q "$rec" "$OUT" && ok "after edit-job --wage too [$l]" ||
		{ not_ok "after edit-job --wage too [$l]"; diag <"$OUT"; }
done
done_testing
