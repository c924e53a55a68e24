# bench part: `senda list`, a page of 20 by key (sourced by bench/run.sh).
# For each file: the first page, a page from the middle and one from near
# the end (--after the participant just before it), each in instructions
# net of `senda list --limit 0` (start-up, opening, the count) beside the
# sqlite3 tool running the same SQL net of opening the file, and in median
# wall time of whole processes. Then how each grows from the first file to
# the last. SENDA_BEFORE=BINARY adds the same pages by --offset (the old
# way), on the files in BENCH_BEFORE_DIR (default BENCH_DIR) when that
# binary wants an older schema.
RUNS=$BENCH_RUNS
COLS="id, site_id, created_at, updated_at, updated_by, deleted, given_names, first_surname,
      second_surname, preferred_name, birth_date, phone, phone_alt, email, language, best_time,
      country, years_in_us, schooling, employed, wage_cents, work_interests, heard_from,
      consent_contact, consent_share, consent_date"
declare -A first growth
for n in $BENCH_SIZES; do
	DB=$(bench_db "$n") || return 1
	echo "== $n participants: $DB"
	total=$(sqlite3 "$DB" "SELECT n FROM tally WHERE name = 'participant'")
	for where in first middle end; do
		case $where in
		first) off=0 ;;
		middle) off=$((total / 2)) ;;
		end) off=$((total - 40)) ;;
		esac
		if [ "$off" = 0 ]; then
			args=(list --limit 20)
			sql="SELECT n FROM tally WHERE name = 'participant';
			     SELECT $COLS FROM participant WHERE deleted = 0
			     ORDER BY sort_key, id LIMIT 21;"
		else
			id=$(sqlite3 "$DB" "SELECT id FROM participant WHERE deleted = 0
				ORDER BY sort_key, id LIMIT 1 OFFSET $((off - 1))")
			args=(list --limit 20 --after "$id")
			sql="SELECT $COLS FROM participant WHERE id >= '$id' AND id < '$id~' LIMIT 2;
			     SELECT count(*) FROM participant WHERE id = '$id';
			     SELECT $COLS FROM participant WHERE deleted = 0 AND (sort_key, id) >
			       ((SELECT sort_key FROM participant WHERE id = '$id'), '$id')
			     ORDER BY sort_key, id LIMIT 21;
			     SELECT n FROM tally WHERE name = 'participant';"
		fi
		a=$(bench_ir_net "$(printf '%q --db %q list --limit 0' "$SENDA" "$DB")" \
			"$SENDA" --db "$DB" "${args[@]}")
		b=$(bench_ir_net "$(bench_sqlite_base "$DB")" sqlite3 "$DB" "$sql")
		bench_line "page at $off (net instructions)" "$(awk -v v="$a" 'BEGIN{print v/1e6}')" \
			"$(awk -v v="$b" 'BEGIN{print v/1e6}')" M
		ta=$(bench_time "$SENDA" --db "$DB" "${args[@]}")
		tb=$(bench_time sqlite3 "$DB" "$sql")
		bench_line "page at $off (process, median)" "$ta" "$tb" ms
		if [ -n "${SENDA_BEFORE:-}" ]; then
			old="${BENCH_BEFORE_DIR:-$BENCH_DIR}/bench-$n.db"
			o=$(bench_ir_net "$(printf '%q --db %q list --limit 0' "$SENDA_BEFORE" "$old")" \
				"$SENDA_BEFORE" --db "$old" list --limit 20 --offset "$off")
			printf '%-40s before (--offset %s): %.3f M instructions\n' "" "$off" \
				"$(awk -v v="$o" 'BEGIN{print v/1e6}')"
		fi
		if [ -z "${first[$where]:-}" ]; then
			first[$where]=$a
		else
			last_n=$n
			growth[$where]=$(awk -v a="${first[$where]}" -v b="$a" 'BEGIN{printf "%.2f", b / a}')
		fi
	done
done
declare -p growth >/dev/null 2>&1 && for where in first middle end; do
	echo "growth to $last_n: $where page x${growth[$where]} (net instructions)"
done
