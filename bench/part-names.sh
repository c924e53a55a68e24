# bench part: search in name order (issue 9, items 1 and 2), sourced by
# bench/run.sh. For each file: `senda search --limit 20` of the bench's
# queries beside the sqlite3 tool reading the same index (name_prefix) with
# one statement, in instructions (callgrind, net of start-up: senda against
# a search that finds no one, sqlite3 against reading the schema) and median
# wall time; then the people screen's keystrokes replayed (bench/search_replay:
# a bounded count and the rows the list shows), in instructions a keystroke
# (callgrind, each keystroke on its own) and in milliseconds (the fastest of
# 5 runs of each keystroke). Last, how each figure grows from the first file
# to the last. The files are migrated (name_prefix built) before measuring.
#   BENCH_QUERIES  the queries, separated by "|"
: "${REPLAY:?}"
BENCH_QUERIES=${BENCH_QUERIES:-"garcia lopez|lopez garcia|nunez|maria jose|maria jose n|garci|m|xochitl|hernandez|iñaki ibáñez|rodriguez perez|guadalupe r"}

# The statement the sqlite3 tool runs for a query: the first word's rows in
# name order, the others looked up in the same index, 20 people.
names_sql() {
	local words first rest="" w
	words=$(printf '%s\n' "$1" | tr 'A-ZÁÉÍÓÚÑÜ' 'a-záéíóúñü' |
		sed 'y/áéíóúñü/aeiouñu/; s/ñ/n/g')
	first=${words%% *}
	for w in ${words#"$first"}; do
		rest+=" AND EXISTS (SELECT 1 FROM name_prefix b WHERE b.prefix = '$w'"
		rest+=" AND b.sort_key = a.sort_key AND b.pid = a.pid)"
	done
	printf '%s' "SELECT p.id, p.given_names, p.first_surname, p.second_surname, p.birth_date,"
	printf '%s' " p.phone FROM name_prefix a JOIN participant p ON p.rowid = a.pid"
	printf '%s' " WHERE a.prefix = '$first'$rest AND p.deleted = 0"
	printf '%s\n' " ORDER BY a.sort_key, a.pid LIMIT 20;"
}

declare -A IR_S IR_Q KEY_MED KEY_MAX
sizes=()
IFS='|' read -r -a queries <<<"$BENCH_QUERIES"
have_cg=$(command -v valgrind >/dev/null && echo 1)
for n in $BENCH_SIZES; do
	db=$(bench_db "$n") || return 1
	sizes+=("$n")
	"$SENDA" --db "$db" search --limit 1 zzzzqq >/dev/null   # the migration, once
	echo "== $n people: $db ($(du -h "$db" | cut -f1))"
	base=$(printf '%q ' "$SENDA" --db "$db" search --limit 1 zzzzqq)
	for q in "${queries[@]}"; do
		sql=$(names_sql "$q")
		# shellcheck disable=SC2086
		ts=$(bench_time "$SENDA" --db "$db" search --limit 20 $q)
		tq=$(bench_time sqlite3 "$db" "$sql")
		bench_line "search --limit 20 $q: time" "$ts" "$tq" ms
		if [ -n "$have_cg" ]; then
			# shellcheck disable=SC2086
			IR_S[$n,$q]=$(bench_ir_net "$base" "$SENDA" --db "$db" search --limit 20 $q)
			IR_Q[$n,$q]=$(bench_ir_net "$(bench_sqlite_base "$db")" sqlite3 "$db" "$sql")
			bench_line "search --limit 20 $q: instructions" \
				"$(awk -v v="${IR_S[$n,$q]}" 'BEGIN { print v / 1e6 }')" \
				"$(awk -v v="${IR_Q[$n,$q]}" 'BEGIN { print v / 1e6 }')" M
		fi
	done
	echo "-- the people screen, keystrokes replayed"
	"$REPLAY" "$db" 19 5 | sed 's/^/   /'
	if [ -n "$have_cg" ]; then
		out=$(mktemp -d)
		valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$out/cg" \
			"$REPLAY" "$db" 19 >/dev/null 2>&1
		# Each keystroke's count and rows, summed: "TEXT|instructions".
		for f in "$out"/cg.*; do
			sed -n 's/^desc: Trigger: Client Request: [a-z]*://p; s/^summary: //p' "$f" | paste -sd'|'
		done | awk -F'|' '{ s[$1] += $2 } END { for (k in s) print k "|" s[k] }' | sort >"$out/keys"
		cp "$out/keys" "$BENCH_DIR/keys-$n.txt" 2>/dev/null
		KEY_MED[$n]=$(cut -d'|' -f2 "$out/keys" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		KEY_MAX[$n]=$(cut -d'|' -f2 "$out/keys" | sort -n | tail -n 1)
		printf '   instructions a keystroke: median %.2f M, most %.2f M (%s)\n' \
			"$(awk -v v="${KEY_MED[$n]}" 'BEGIN { print v / 1e6 }')" \
			"$(awk -v v="${KEY_MAX[$n]}" 'BEGIN { print v / 1e6 }')" \
			"$(sort -t'|' -k2 -n "$out/keys" | tail -n 1 | cut -d'|' -f1)"
		rm -rf "$out"
	fi
done

if [ -n "$have_cg" ] && [ "${#sizes[@]}" -ge 2 ]; then
	a=${sizes[0]} b=${sizes[${#sizes[@]} - 1]}
	echo "== growth from $a to $b people (instructions; flat is 1.00)"
	for q in "${queries[@]}"; do
		awk -v l="search --limit 20 $q" -v a="${IR_S[$a,$q]}" -v b="${IR_S[$b,$q]}" \
			-v c="${IR_Q[$a,$q]}" -v d="${IR_Q[$b,$q]}" 'BEGIN {
			printf "%-40s senda %6.2fx  sqlite3 %6.2fx\n", l, (a > 0 ? b / a : 0), (c > 0 ? d / c : 0) }'
	done
	if [ -f "$BENCH_DIR/keys-$a.txt" ] && [ -f "$BENCH_DIR/keys-$b.txt" ]; then
		join -t'|' "$BENCH_DIR/keys-$a.txt" "$BENCH_DIR/keys-$b.txt" |
			awk -F'|' '{ g = $3 / $2; if (g > m) { m = g; k = $1 } }
			END { printf "%-40s most %.2fx (\"%s\")\n", "a keystroke of the people screen", m, k }'
	fi
	awk -v a="${KEY_MED[$a]}" -v b="${KEY_MED[$b]}" -v c="${KEY_MAX[$a]}" -v d="${KEY_MAX[$b]}" 'BEGIN {
		printf "%-40s median %.2fx, most %.2fx\n", "the people screen, over all keystrokes", b / a, d / c }'
fi
