#!/bin/bash
# tests/cli/calls_record.sh — follow-up calls seen from the record (issue
# 13, a tester's findings): every call's outcome and answers, whatever its
# purpose, in `senda show` (its calls section) and in the history; in both
# languages. Needs: bash.

. "$(dirname "$0")/lib.sh"

plan 57

# The clock on the day of the calls: a --today before the clock's day
# schedules nothing (below).
export SENDA_NOW=2026-04-10T12:00:00Z
for l in en es; do
	db="$T/rec-$l.db"
	senda_q "$l" --db "$db" init --site "Centro" --user "Ana" --lang "$l" >/dev/null
	lucia=$(senda_q "$l" --db "$db" add --given Lucía --surname Mora --phone 555-0105 \
		--language es --best-time morning --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" screen "$lucia" --instrument oral --level 3 --date 2025-06-01 >/dev/null
	# her last service was June 1, 2025: the call of the 4th quarter after
	# the exit quarter is due on April 1, 2026
	exit4=$(senda_q "$l" --db "$db" --today 2026-04-10 calls --due --csv |
		sed -n '2s/^"\([^"]*\)".*/\1/p')
	senda_q "$l" --db "$db" --today 2026-04-10 call "$exit4" --outcome reached --working yes \
		--wage 14 --hours 30 --raise yes --training no --needs "child care" >/dev/null
	run "$l" --db "$db" --today 2026-04-10 show "$lucia"
	if [ "$l" = en ]; then
		calls='^Follow-up calls$'
		line='^  Call on .*, how work is going, quarter 4 after leaving the program: reached; still working there: yes; 30 hours a week; \$14.00 an hour; a raise or a new position: yes; in training: no; needs: child care$'
		hist='^  2026-.*Ana .*Call on .*quarter 4 .*: reached; still working there: yes; 30 hours a week; \$14.00 an hour'
	else
		calls='^Llamadas de seguimiento$'
		line='^  Llamada del .*, .*trimestre 4 .*: contestó; sigue trabajando allí: sí; 30 horas a la semana; \$14.00 por hora; un aumento o un puesto nuevo: sí; en capacitación: no; necesita: child care$'
		hist='^  2026-.*Ana .*Llamada del .*trimestre 4 .*: contestó; sigue trabajando allí: sí; 30 horas a la semana; \$14.00 por hora'
	fi
	grep -q "$calls" "$OUT" && ok "show has a calls section [$l]" ||
		{ not_ok "show has a calls section [$l]"; diag <"$OUT"; }
	grep -q "$line" "$OUT" && ok "an exit call's outcome and answers on the record [$l]" ||
		{ not_ok "an exit call's outcome and answers on the record [$l]"; diag <"$OUT"; }
	grep -q "$hist" "$OUT" && ok "and in the history [$l]" ||
		{ not_ok "and in the history [$l]"; diag <"$OUT"; }
	# the call of the 2nd quarter began before the look-back: never made,
	# so not on the record either; the call made is the only one
	n=$(grep -c -e '^  Call on' -e '^  Llamada del' "$OUT")
	[ "$n" = 1 ] && ok "one line for the one call made [$l]" ||
		{ not_ok "one line for the one call made [$l]"; diag <"$OUT"; }
done

# A job's start moved (senda edit-job, the id senda show prints): its calls
# not made yet move with it (the same calls), and the history says so.
export SENDA_NOW=2026-11-01T12:00:00Z
for l in en es; do
	db="$T/job-$l.db"
	senda_q "$l" --db "$db" init --site "Centro" --user "Ana" --lang "$l" >/dev/null
	rosa=$(senda_q "$l" --db "$db" add --given Rosa --surname Peña --phone 555-0101 \
		--language es --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" place "$rosa" --employer "Sunrise Care" --start 2026-10-02 \
		--wage 15 --yes >/dev/null
	before=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --csv | cut -d, -f1,2 | sort)
	job=$(senda_q "$l" --db "$db" show "$rosa" | sed -n 's/.*senda edit-job \([0-9a-f-]*\)$/\1/p')
	[ -n "$job" ] && ok "show prints how to change the job [$l]" ||
		not_ok "show prints how to change the job [$l]"
	run "$l" --db "$db" --today 2026-11-01 edit-job "$job" --start 2026-10-12
	[ "$RC" = 0 ] && ok "edit-job --start [$l]" || { not_ok "edit-job --start [$l]"; diag <"$ERR"; }
	after=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --csv | cut -d, -f1,2 | sort)
	want=$(printf '%s\n' "$before" | sed 's/"2026-11-01"/"2026-11-11"/; s/"2026-12-01"/"2026-12-11"/;
		s/"2026-12-31"/"2027-01-10"/' | sort)
	[ "$after" = "$want" ] && [ "$(printf '%s\n' "$after" | wc -l)" = 4 ] &&
		ok "the job's calls moved ten days, the same calls [$l]" ||
		{ not_ok "the job's calls moved ten days, the same calls [$l]"; diag "$before"; diag "$after"; }
	run "$l" --db "$db" show "$rosa"
	grep -q 'Sunrise Care: .*: 2026-10-02 → 2026-10-12' "$OUT" &&
		ok "the history has the old and the new start [$l]" ||
		{ not_ok "the history has the old and the new start [$l]"; diag <"$OUT"; }
	run "$l" --db "$db" edit-job "$job" --wage 0
	[ "$RC" != 0 ] && [ "$(sqlite3 "$db" 'SELECT wage_cents FROM placement')" = 1500 ] &&
		ok "a wage of \$0 asks first (--yes) [$l]" || not_ok "a wage of \$0 asks first (--yes) [$l]"
done

# Do not call: set by a call's outcome, shown on the record with its label
# in the history (not the column's name); a coordinator lets the person be
# called again (--yes, as the record's question), an edit that travels.
for l in en es; do
	db="$T/dnc-$l.db"
	senda_q "$l" --db "$db" init --site "Centro" --user "Ana" --lang "$l" >/dev/null
	rosa=$(senda_q "$l" --db "$db" add --given Rosa --surname Peña --phone 555-0101 \
		--language es --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" place "$rosa" --employer "Sunrise Care" --start 2026-10-02 \
		--wage 15 --yes >/dev/null
	first=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --due --csv |
		sed -n '2s/^"\([^"]*\)".*/\1/p')
	senda_q "$l" --db "$db" --today 2026-11-01 call "$first" --outcome do_not_call >/dev/null
	if [ "$l" = en ]; then dnc='Do not call'; yes=yes; no=no; else dnc='No llamar'; yes=sí; no=no; fi
	run "$l" --db "$db" show "$rosa"
	grep -q "^  $dnc  *$yes: " "$OUT" && ok "show says do not call [$l]" ||
		{ not_ok "show says do not call [$l]"; diag <"$OUT"; }
	grep -q "  $dnc: $no → $yes$" "$OUT" && ! grep -q do_not_call "$OUT" &&
		ok "the history names the field in words [$l]" ||
		{ not_ok "the history names the field in words [$l]"; diag <"$OUT"; }
	run "$l" --db "$db" call-again "$rosa"
	[ "$RC" = 1 ] && [ "$(sqlite3 "$db" 'SELECT do_not_call FROM participant')" = 1 ] &&
		ok "call-again without --yes changes nothing [$l]" ||
		not_ok "call-again without --yes changes nothing [$l]"
	run "$l" --db "$db" call-again "$rosa" --yes
	[ "$RC" = 0 ] && ok "call-again --yes [$l]" || { not_ok "call-again --yes [$l]"; diag <"$ERR"; }
	run "$l" --db "$db" show "$rosa"
	! grep -q "^  $dnc  " "$OUT" && grep -q "  $dnc: $yes → $no$" "$OUT" &&
		ok "no longer do not call, and the history says so [$l]" ||
		{ not_ok "no longer do not call, and the history says so [$l]"; diag <"$OUT"; }
	n=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --csv | tail -n +2 | wc -l)
	[ "$n" = 2 ] && ok "her calls of 60 and 90 days are open again [$l]" ||
		not_ok "her calls of 60 and 90 days are open again [$l] ($n)"
	v=$(sqlite3 "$db" "SELECT value FROM field_change WHERE tbl = 'participant'
		AND field = 'do_not_call' ORDER BY seq DESC LIMIT 1")
	[ "$v" = 0 ] && ok "the change is in the field log (it travels) [$l]" ||
		not_ok "the change is in the field log (it travels) [$l] ($v)"
done

# --today before the clock's day (catching up on paper): the sheet is the
# calls the file has, said so, and nothing is written (no call made or
# withdrawn that would travel to the other sites).
export SENDA_NOW=2026-11-30T12:00:00Z
for l in en es; do
	db="$T/back-$l.db"
	senda_q "$l" --db "$db" init --site "Centro" --user "Ana" --lang "$l" >/dev/null
	rosa=$(senda_q "$l" --db "$db" add --given Rosa --surname Peña --phone 555-0101 \
		--language es --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" place "$rosa" --employer "Sunrise Care" --start 2026-10-02 \
		--wage 15 --yes >/dev/null
	before=$(snap "$db")
	run "$l" --db "$db" --today 2026-11-01 calls
	want=$([ $l = en ] && echo "today is before today: no call is scheduled" ||
		echo "today es anterior a hoy: no se programa")
	grep -q -- "$want" "$ERR" && ok "a day looked back on is said so [$l]" ||
		{ not_ok "a day looked back on is said so [$l]"; diag <"$ERR"; }
	[ "$(snap "$db")" = "$before" ] && ok "and nothing is written [$l]" ||
		not_ok "and nothing is written [$l]"
	# today the calls are made (Lia's exit: her 4th quarter after it);
	# a look back to a day before her exit withdraws none of them
	lia=$(senda_q "$l" --db "$db" add --given Lia --surname Ortiz --phone 555-0201 \
		--language es --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" screen "$lia" --instrument oral --level 3 --date 2026-03-01 >/dev/null
	senda_q "$l" --db "$db" calls >/dev/null
	senda_q "$l" --db "$db" edit "$rosa" --best-time evening >/dev/null
	senda_q "$l" --db "$db" --today 2026-04-01 calls >/dev/null 2>&1
	n=$(sqlite3 "$db" "SELECT count(*) FROM followup WHERE status = 'open'")
	[ "$n" = 4 ] && ok "a look back withdraws no call [$l]" ||
		not_ok "a look back withdraws no call [$l] ($n open)"
done

# A paper sheet entered later: --called takes the day of the call as dates
# are typed (MM/DD/YYYY, DD/MM/YYYY, or YYYY-MM-DD) and a time; not in the
# future; without it, now. --at (call back) takes the same dates.
export SENDA_NOW=2026-11-05T12:00:00Z TZ=UTC
for l in en es; do
	db="$T/paper-$l.db"
	senda_q "$l" --db "$db" init --site "Centro" --user "Ana" --lang "$l" >/dev/null
	rosa=$(senda_q "$l" --db "$db" add --given Rosa --surname Peña --phone 555-0101 \
		--language es --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" place "$rosa" --employer "Sunrise Care" --start 2026-09-20 \
		--wage 15 --yes >/dev/null
	c30=$(senda_q "$l" --db "$db" calls --due --csv | sed -n '2s/^"\([^"]*\)".*/\1/p')
	if [ $l = en ]; then day='11/02/2026 18:30' later='11/06/2026' cb='11/20/2026 10:00'
	else day='02/11/2026 18:30' later='06/11/2026' cb='20/11/2026 10:00'; fi
	run "$l" --db "$db" call "$c30" --outcome reached --working yes --called "$later"
	[ "$RC" = 1 ] && ok "a call in the future is refused [$l]" || not_ok "a call in the future is refused [$l]"
	run "$l" --db "$db" call "$c30" --outcome no_answer --called "$day"
	at=$(sqlite3 "$db" "SELECT called_at FROM call_attempt")
	[ "$RC" = 0 ] && [ "$at" = 2026-11-02T18:30:00Z ] && ok "--called in the language's order [$l]" ||
		{ not_ok "--called in the language's order [$l] ($at)"; diag <"$ERR"; }
	run "$l" --db "$db" call "$c30" --outcome callback --at "$cb"
	due=$(sqlite3 "$db" "SELECT due_on || ' ' || call_at FROM followup WHERE id = '$c30'")
	at=$(sqlite3 "$db" "SELECT called_at FROM call_attempt ORDER BY called_at DESC LIMIT 1")
	[ "$RC" = 0 ] && [ "$due" = "2026-11-20 10:00" ] && [ "$at" = 2026-11-05T12:00:00Z ] &&
		ok "--at in the language's order; without --called, now [$l]" ||
		{ not_ok "--at in the language's order; without --called, now [$l] ($due, $at)"; diag <"$ERR"; }
done

# A wrong number marks the phone bad (on the record) and holds every open
# call of hers, not only that one; a new phone releases them.
export SENDA_NOW=2026-11-01T12:00:00Z
for l in en es; do
	db="$T/wrong-$l.db"
	senda_q "$l" --db "$db" init --site "Centro" --user "Ana" --lang "$l" >/dev/null
	rosa=$(senda_q "$l" --db "$db" add --given Rosa --surname Peña --phone 555-0101 \
		--language es --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" place "$rosa" --employer "Sunrise Care" --start 2026-10-02 \
		--wage 15 --yes >/dev/null
	c30=$(senda_q "$l" --db "$db" --today 2026-11-01 calls --due --csv | sed -n '2s/^"\([^"]*\)".*/\1/p')
	senda_q "$l" --db "$db" --today 2026-11-01 call "$c30" --outcome wrong_number >/dev/null
	if [ $l = en ]; then held='Wrong number  *555-0101: calls are held'
	else held='Número equivocado  *555-0101: las llamadas esperan'; fi
	run "$l" --db "$db" show "$rosa"
	grep -q "^  $held" "$OUT" && ok "the record says the phone is wrong [$l]" ||
		{ not_ok "the record says the phone is wrong [$l]"; diag <"$OUT"; }
	n=$(SENDA_NOW=2026-12-01T12:00:00Z senda_q "$l" --db "$db" --today 2026-12-01 calls --csv |
		tail -n +2 | wc -l)
	[ "$n" = 0 ] && ok "her other calls are held, even when due [$l]" ||
		not_ok "her other calls are held, even when due [$l] ($n)"
	# the same number written otherwise is not a new phone
	senda_q "$l" --db "$db" edit "$rosa" --phone "555 0101" >/dev/null
	n=$(SENDA_NOW=2026-12-01T12:00:00Z senda_q "$l" --db "$db" --today 2026-12-01 calls --csv |
		tail -n +2 | wc -l)
	[ "$n" = 0 ] && ok "the same number with a space for the dash: still held [$l]" ||
		not_ok "the same number with a space for the dash: still held [$l] ($n)"
	senda_q "$l" --db "$db" edit "$rosa" --phone 555-0199 >/dev/null
	run "$l" --db "$db" show "$rosa"
	! grep -q "^  $held" "$OUT" && ok "a new phone: no longer wrong [$l]" ||
		not_ok "a new phone: no longer wrong [$l]"
	n=$(SENDA_NOW=2026-12-01T12:00:00Z senda_q "$l" --db "$db" --today 2026-12-01 calls --csv |
		tail -n +2 | wc -l)
	[ "$n" = 2 ] && ok "and her calls are on the list again [$l]" ||
		not_ok "and her calls are on the list again [$l] ($n)"
done

# A call entered with --today (a day caught up on, no --called): it is dated
# that day, not the day it is typed.
export SENDA_NOW=2026-11-01T12:00:00Z
db="$T/caught-up.db"
senda_q en --db "$db" init --site "Centro" --user "Ana" >/dev/null
kim=$(senda_q en --db "$db" add --given Kim --surname Lee --phone 555-0104 --language en \
	--consent-contact yes)
senda_q en --db "$db" place "$kim" --employer "Sunrise Care" --start 2026-10-02 --wage 15 --yes >/dev/null
c=$(senda_q en --db "$db" --today 2026-11-05 calls --due --csv | sed -n '2s/^"\([^"]*\)".*/\1/p')
senda_q en --db "$db" --today 2026-11-05 call "$c" --outcome no_answer >/dev/null
is "$(sqlite3 "$db" "SELECT called_at FROM call_attempt")" "2026-11-05T12:00:00Z" \
	"a call entered with --today and no --called is dated that day"

# Purposes and the script say no he or she (a call about a job, an exit):
# neutral words in both languages.
export SENDA_NOW=2026-11-30T12:00:00Z
for l in en es; do
	db="$T/purpose-$l.db"
	senda_q "$l" --db "$db" init --site "Centro" --user "Ana" --lang "$l" >/dev/null
	lia=$(senda_q "$l" --db "$db" add --given Lia --surname Ortiz --phone 555-0201 \
		--language "$l" --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" screen "$lia" --instrument oral --level 3 --date 2026-03-01 >/dev/null
	senda_q "$l" --db "$db" place "$lia" --employer "Sunrise Care" --start 2026-11-20 \
		--wage 15 --yes >/dev/null
	# (the job came after the screening: no exit; a second person exited)
	eva=$(senda_q "$l" --db "$db" add --given Eva --surname Ruiz --phone 555-0202 \
		--language "$l" --wage 12 --consent-contact yes --consent-share yes)
	senda_q "$l" --db "$db" screen "$eva" --instrument oral --level 3 --date 2026-03-01 >/dev/null
	out=$(senda_q "$l" --db "$db" calls --csv)
	n=$(grep -c . <<<"$out")
	if [ "$n" = 5 ] && ! grep -Eiq '\b(she|her|he|him|his)\b|(emplead|contratad|referid|dispuest|interesad|ocupad)[oa]s?\b' <<<"$out"
	then ok "the purposes say no he or she [$l]"
	else not_ok "the purposes say no he or she [$l]"; diag "$out"; fi
done
