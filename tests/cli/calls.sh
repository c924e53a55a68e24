#!/bin/bash
# tests/cli/calls.sh — follow-up calls on the command line (issue 13):
# `senda calls [--due] [--mine] [--csv]` (a call sheet, each row with the
# call's id), `senda call ID --outcome ...` (a paper sheet entered
# afterwards: no answer comes back the next day, a wage updates the job),
# `senda call-rules`, and --today on the commands that depend on today.
# Both languages. Needs: bash.

. "$(dirname "$0")/lib.sh"

plan 36

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
	first=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --due --csv | sed -n '2s/^"\([^"]*\)".*/\1/p')
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
	second=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --due --csv | sed -n '2s/^"\([^"]*\)".*/\1/p')
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

done_testing
