#!/bin/bash
# tests/cli/search.sh — `senda search` gives its hits in true name order:
# the alphabetical first of all the matches (surnames, then given names,
# accents and case aside), also when --limit keeps only a few and the
# people were added in another order (issue 9, item 1). Apostrophes are
# folded: O'Brien is found by obrien (tester's report, item 2). Both
# languages.

. "$(dirname "$0")/lib.sh"

plan 18

# The names column of a search's table, one name a line.
names() {
	grep -E '^[0-9a-f]{8}  ' "$OUT" | cut -c11-51 | sed 's/ *$//'
}

for l in en es; do
	db="$T/$l.db"
	run "$l" --db "$db" init --site "Centro" --user "Ana"
	for n in "Luis/Núñez/Zamora" "Diego/Castañeda/Núñez" "Ana/Núñez/Peña" "Pedro/López/" \
		 "Óscar/Álvarez/Nuñez" "María/NÚÑEZ/"; do
		IFS=/ read -r given s1 s2 <<<"$n"
		run "$l" --db "$db" add --given "$given" --surname "$s1" ${s2:+--surname2 "$s2"}
	done
	run "$l" --db "$db" search nunez
	is "$RC $(names | paste -sd '|')" \
		"0 Álvarez Nuñez, Óscar|Castañeda Núñez, Diego|NÚÑEZ, María|Núñez Peña, Ana|Núñez Zamora, Luis" \
		"search nunez lists every Núñez in name order [$l]"
	run "$l" --db "$db" search --limit 2 NÚÑEZ
	is "$RC $(names | paste -sd '|')" "0 Álvarez Nuñez, Óscar|Castañeda Núñez, Diego" \
		"search --limit 2 gives the first two of all the matches, not of the first two found [$l]"
	if [ "$l" = es ]; then more="Los primeros 2 de 5 encontrados; --limit 5 los muestra todos."
	else more="The first 2 of 5 found; --limit 5 shows them all."; fi
	is "$(tail -n 1 "$OUT")" "$more" "search --limit 2 says that it stopped, of how many [$l]"
	run "$l" --db "$db" search --limit 0 nunez
	is "$RC $(names | wc -l) $(grep -c -e '^The first' -e '^Los primeros' "$OUT")" "0 5 0" \
		"search --limit 0 shows every match, as list and referrals do [$l]"
	run "$l" --db "$db" search nunez
	is "$RC $(grep -c -e '^The first' -e '^Los primeros' "$OUT")" "0 0" \
		"search under its limit says nothing more [$l]"
	run "$l" --db "$db" search pena nun
	is "$RC $(names | paste -sd '|')" "0 Núñez Peña, Ana" "search 'pena nun': every word, any order [$l]"
	run "$l" --db "$db" search --limit 3 n
	is "$RC $(names | paste -sd '|')" "0 Álvarez Nuñez, Óscar|Castañeda Núñez, Diego|NÚÑEZ, María" \
		"search --limit 3 n: one letter, in name order [$l]"
	run "$l" --db "$db" add --given "Seán" --surname "O'Brien"
	r=""
	for q in obrien "o'brien" "o’brien" "obrien seán" "o brien"; do
		run "$l" --db "$db" search "$q"
		r+="$RC $(names | paste -sd '|');"
	done
	is "$r" "$(printf "0 O'Brien, Seán;%.0s" 1 2 3 4 5)" \
		"search obrien, o'brien, o’brien, 'obrien seán', 'o brien' find O'Brien [$l]"
done
# A common name past what the count reads: "at least".
db="$T/many.db"
run en --db "$db" demo --people 1500
run en --db "$db" search --limit 3 m
is "$RC $(names | wc -l) $(tail -n 1 "$OUT")" \
	"0 3 The first 3 of at least 500 found; --limit N shows more (0: all)." \
	"search --limit 3 of a very common word: the first three, of at least 500"
run es --db "$db" search --limit 3 m
is "$RC $(tail -n 1 "$OUT")" \
	"0 Los primeros 3 de al menos 500 encontrados; --limit N muestra más (0: todos)." \
	"search --limit 3 of a very common word: the first three, of at least 500 [es]"

done_testing
