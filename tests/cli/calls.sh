#!/bin/bash
# tests/cli/calls.sh — follow-up calls on the command line (issue 13):
# `senda calls [--due] [--mine] [--csv]` (a call sheet, each row with the
# call's id), `senda call ID --outcome ...` (a paper sheet entered
# afterwards: no answer comes back the next day, a wage updates the job),
# `senda call-rules`, and --today on the commands that depend on today.
# Both languages. Needs: bash.

. "$(dirname "$0")/lib.sh"

# The clock on the first day of these sheets: a --today before the clock's
# day schedules nothing (tests/cli/calls_record.sh), and these days are
# the clock's day or after it.
export SENDA_NOW=2026-11-01T12:00:00Z

plan 44

for l in en es; do
	db="$T/calls-$l.db"
	senda_q "$l" --db "$db" init --site "Centro" --user "Ana" --lang "$l" >/dev/null
	rosa=$(senda_q "$l" --db "$db" add --given Rosa --surname Peña --phone 555-0101 \
		--language es --best-time afternoon --wage 12 --consent-contact yes --consent-share yes)
	mary=$(senda_q "$l" --db "$db" add --given Mary --surname Smith --phone 555-0103 \
		--language en --best-time morning --wage 12 --consent-contact yes --consent-share yes)
	# no consent to be contacted: never on a sheet
	nora=$(senda_q "$l" --db "$db" add --given Nora --surname Díaz --phone 555-0104 \
		--language es --wage 12 --consent-share yes)
	for p in "$rosa" "$mary" "$nora"; do
		senda_q "$l" --db "$db" place "$p" --employer "Sunrise Care" --start 2026-10-02 \
			--wage 15 --yes >/dev/null
	done
	expect calls-sheet "$l" "the call sheet: due today, then upcoming, each with its id" \
		--db "$db" --today 2026-11-01 calls
	expect calls-due-csv "$l" "calls --due --csv" --db "$db" --today 2026-11-01 calls --due --csv
	grep -q Nora "$OUT" && not_ok "no consent to be contacted: not on the sheet [$l]" ||
		ok "no consent to be contacted: not on the sheet [$l]"
	expect calls-mine-none "$l" "calls --mine before any try" --db "$db" --today 2026-11-01 calls --mine
	# Rosa's (the sheet sorts by the best time: Mary's morning comes first)
	first=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --due --csv | grep Rosa |
		sed -n '1s/^"\([^"]*\)".*/\1/p')
	name_id "$first" call
	expect call-no-answer "$l" "a call with no answer: the next try is the next day" \
		--db "$db" --today 2026-11-01 call "$first" --outcome no_answer
	expect calls-tomorrow "$l" "the next day it is due again, and it is mine" \
		--db "$db" --today 2026-11-02 calls --due --mine
	expect call-reached "$l" "reached with a wage and hours: the job's wage is updated" \
		--db "$db" --today 2026-11-02 call "$first" --outcome reached --wage 16.50 --hours 32 \
		--working yes --raise no --needs "English classes"
	senda_q en --db "$db" show "$rosa" | grep -q 'Sunrise Care, \$16.50 an hour' &&
		ok "the job shows the new wage [$l]" || not_ok "the job shows the new wage [$l]"
	second=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --due --csv | grep Mary |
		sed -n '1s/^"\([^"]*\)".*/\1/p')
	name_id "$second" call2
	expect call-dnc "$l" "do not call: every open call of hers is closed" \
		--db "$db" --today 2026-11-01 call "$second" --outcome do_not_call
	expect calls-after "$l" "after do not call: she is on no sheet, even a month later" \
		--db "$db" --today 2026-12-01 calls
	expect call-closed "$l" "a closed call cannot be entered again" \
		--db "$db" call "$second" --outcome reached
	expect call-no-outcome "$l" "call without --outcome" --db "$db" call "$first"
	expect call-bad-outcome "$l" "an unknown outcome" --db "$db" call "$first" --outcome maybe
	expect call-bad-wage "$l" "a wage that is not money" --db "$db" call "$first" --outcome reached --wage lots
	expect bad-today "$l" "--today that is not a date" --db "$db" --today 2026-13-01 calls
	expect call-rules "$l" "the rules" --db "$db" call-rules
	expect call-rules-set "$l" "a rule changed" --db "$db" call-rules set job90 --after 120 --attempts 2
	expect call-rules-unknown "$l" "an unknown rule" --db "$db" call-rules set job7 --after 3
done

# ---- what a tester found (session 7) ------------------------------------------------
db="$T/calls-odd.db"
senda_q en --db "$db" init --site "Centro" --user "Ana" --lang en >/dev/null
lia=$(senda_q en --db "$db" add --given Lia --surname Ortiz --phone 555-0201 --language es \
	--wage 12 --consent-contact yes --consent-share yes)
eva=$(senda_q en --db "$db" add --given Eva --surname Ruiz --phone 555-0202 --language es \
	--wage 12 --consent-contact yes --consent-share yes)
for p in "$lia" "$eva"; do
	senda_q en --db "$db" place "$p" --employer "Sunrise Care" --start 2026-10-02 \
		--wage 15 --yes >/dev/null
done
call_of() {   # call_of NAME [--due]: the first call of hers on the sheet of 2026-11-01
	senda_q en --db "$db" --today 2026-11-01 calls --csv $2 | grep "$1" | sed -n '1s/^"\([^"]*\)".*/\1/p'
}
# A call before its day: her day-90 call answered on the job's first month
# counted her employed at 90 days, and a no-answer pulled the call forward.
later=$(senda_q en --db "$db" --today 2026-11-01 calls --csv | grep Lia | sed -n '$s/^"\([^"]*\)".*/\1/p')
for l in en es; do
	out=$(LANGUAGE=$l "$SENDA" --db "$db" --today 2026-11-01 call "$later" --outcome no_answer 2>&1 </dev/null)
	rc=$?
	want=$([ $l = en ] && echo "this call is due on" || echo "esta llamada es para el")
	if [ $rc -ne 0 ] && grep -q "$want" <<<"$out"; then ok "a call before its day is refused [$l]"
	else not_ok "a call before its day is refused [$l]"; diag "rc $rc: $out"; fi
done
# A wage at a job she left is not the job's.
first=$(call_of Lia --due)
senda_q en --db "$db" --today 2026-11-01 call "$first" --outcome reached --working no --wage 25 \
	>/dev/null 2>&1
senda_q en --db "$db" show "$lia" | grep -q 'Sunrise Care, \$15.00 an hour' &&
	ok "a wage from someone who left the job leaves the job's wage" ||
	not_ok "a wage from someone who left the job leaves the job's wage"
# An odd wage asks, as the job's form does: --yes to save it.
second=$(call_of Eva --due)
for l in en es; do
	out=$(LANGUAGE=$l "$SENDA" --db "$db" --today 2026-11-01 call "$second" --outcome reached --wage 0 2>&1 </dev/null)
	want=$([ $l = en ] && echo "with --yes to confirm" || echo "con --yes para confirmar")
	grep -q "$want" <<<"$out" && ok "a wage of \$0.00 in a call asks for --yes [$l]" ||
		{ not_ok "a wage of \$0.00 in a call asks for --yes [$l]"; diag "$out"; }
done
senda_q en --db "$db" --today 2026-11-01 call "$second" --outcome reached --wage 150 --yes \
	>/dev/null 2>&1
senda_q en --db "$db" show "$eva" | grep -q 'Sunrise Care, \$150.00 an hour' &&
	ok "with --yes the odd wage is saved" || not_ok "with --yes the odd wage is saved"

# A filter that matches nothing is a mistake said so, not "No calls to make."
for f in "--purpose job" "--language xx"; do
	LANGUAGE=en "$SENDA" --db "$db" calls $f >/dev/null 2>&1 </dev/null
	[ $? -eq 2 ] && ok "calls $f is a usage error" || not_ok "calls $f is a usage error"
done

done_testing
