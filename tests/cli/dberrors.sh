#!/bin/bash
# tests/cli/dberrors.sh — a file that cannot be read says so: its counts are
# an error, never 0 (issue 8, part 2); check is quick by default and whole
# with --full, and both find a damaged file (issue 9, item 8). Needs: bash,
# coreutils, sqlite3; script (util-linux) for the progress line. The counts
# the file keeps and the name search index are compared with the records,
# and check --repair rebuilds them (tester's report, item 1).

. "$(dirname "$0")/lib.sh"

LANGS="en es"
plan 42

cd "$T" || bail_out "no temporary directory"

# damage FILE NAME: overwrite the b-tree page of table or index NAME.
damage() {
	local page size
	page=$(sqlite3 "$1" "SELECT rootpage FROM sqlite_schema WHERE name = '$2'") &&
		size=$(sqlite3 "$1" "PRAGMA page_size") &&
		[ -n "$page" ] && [ "$page" -gt 1 ] || return 1
	head -c "$size" /dev/zero | tr '\0' 'Z' |
		dd of="$1" bs="$size" seek=$((page - 1)) conv=notrunc status=none
}

for l in $LANGS; do
	mkdir -p "$l"
	run "$l" --db "$l/good.db" init --site "Centro Comunitario" --user "Ana Torres"
	[ "$RC" = 0 ] || bail_out "init failed: $(cat "$ERR")"
	run "$l" --db "$l/good.db" add --given "Rosa" --surname "Díaz"
	run "$l" --db "$l/good.db" add --given "Pedro" --surname "Gómez"
	[ "$RC" = 0 ] || bail_out "add failed: $(cat "$ERR")"

	# The count of participants is kept in its own row (tally): damaged,
	# the list used to end in "No participants yet" under two people.
	cp "$l/good.db" "$l/tally.db"
	damage "$l/tally.db" tally || bail_out "could not damage the tally"
	run "$l" --db "$l/tally.db" list
	p=""
	[ "$RC" = 1 ] || p+="exit $RC, want 1"$'\n'
	grep -q -e "No participants" -e "Ningún participante" -e "Todavía no hay" "$OUT" &&
		p+="says there is nobody:"$'\n'$(cat "$OUT")$'\n'
	verdict "list on a file whose count is damaged fails, never 'no participants' [$l]" "$p"
	expect damaged-list "$l" "list on a damaged count says the file is damaged" \
		--db "$l/tally.db" list

	# check reads its numbers through an index: damaged, they used to show
	# as 0; now the error, then what the checks find.
	cp "$l/good.db" "$l/index.db"
	damage "$l/index.db" participant_created || bail_out "could not damage the index"
	run "$l" --db "$l/index.db" check
	p=""
	[ "$RC" = 1 ] || p+="exit $RC, want 1"$'\n'
	grep -qE '^  (Participants|Participantes) +0$' "$OUT" && p+="shows 0 participants"$'\n'
	grep -q -e "PROBLEMS FOUND" -e "SE ENCONTRARON PROBLEMAS" -e "PROBLEMAS" "$OUT" ||
		p+="the checks did not run:"$'\n'$(cat "$OUT")$'\n'
	verdict "check on a damaged file shows no 0 and still runs its checks [$l]" "$p"
	expect damaged-check "$l" "check on a damaged file: the error, then the problems" \
		--db "$l/index.db" check

	# The good file is unchanged by all this, and still counts right.
	expect good-check "$l" "check on the good copy counts two participants" \
		--db "$l/good.db" check
	run "$l" --db "$l/good.db" list
	is "$RC $(tail -n 1 "$OUT" | cut -d' ' -f3)" "0 2" \
		"list on the good copy ends with its count, 2 of 2 [$l]"

	# check --full: the whole integrity check, same report.
	expect good-check-full "$l" "check --full on the good copy passes" \
		--db "$l/good.db" check --full
	expect damaged-check-full "$l" "check --full on a damaged file: the error, then the problems" \
		--db "$l/index.db" check --full
	# A damaged table page is found by both (the damaged index above too).
	cp "$l/good.db" "$l/table.db"
	damage "$l/table.db" participant || bail_out "could not damage the table"
	for how in "" "--full"; do
		run "$l" --db "$l/table.db" check $how
		p=""
		[ "$RC" = 1 ] || p+="exit $RC, want 1"$'\n'
		grep -q -e "PROBLEMS FOUND" -e "SE ENCONTRARON PROBLEMAS" "$OUT" ||
			p+="no problems reported:"$'\n'$(cat "$OUT")$'\n'
		verdict "check${how:+ $how} reports a damaged table page [$l]" "$p"
	done
	# An index whose rows do not match its definition: only the whole check
	# compares every index with its table, so the quick one passes it.
	cp "$l/good.db" "$l/stale.db"
	sqlite3 "$l/stale.db" "PRAGMA writable_schema = ON; UPDATE sqlite_schema
		SET sql = replace(sql, 'deleted = 0', 'deleted = 1')
		WHERE name = 'participant_created'" || bail_out "could not change the index"
	run "$l" --db "$l/stale.db" check
	is "$RC $(grep -c -e "PROBLEMS FOUND" -e "SE ENCONTRARON PROBLEMAS" "$OUT")" "0 0" \
		"check (quick) does not compare indexes with their tables: that is --full's [$l]"
	expect stale-check-full "$l" "check --full finds an index that does not match its table" \
		--db "$l/stale.db" check --full
	# Derived data gone wrong while the file itself is sound: the search
	# for a name found nobody and the referrals showed a count of 5 open,
	# and check said ok. Now it says what is wrong, and --repair rebuilds it.
	cp "$l/good.db" "$l/derived.db"
	sqlite3 "$l/derived.db" "DELETE FROM name_prefix WHERE prefix = 'diaz';
		UPDATE tally SET n = 5 WHERE name = 'referral_open';
		UPDATE tally_day SET n = n + 1 WHERE name = 'intake'" ||
		bail_out "could not change the derived data"
	run "$l" --db "$l/derived.db" search diaz
	is "$RC $(grep -c Rosa "$OUT")" "1 0" "the damaged name index finds nobody for diaz [$l]"
	expect derived-check "$l" "check finds wrong kept counts and a wrong name index" \
		--db "$l/derived.db" check
	expect derived-check-full "$l" "check --full finds them too" \
		--db "$l/derived.db" check --full
	expect derived-repair "$l" "check --repair rebuilds them from the records, then passes" \
		--db "$l/derived.db" check --repair
	run "$l" --db "$l/derived.db" search diaz
	is "$RC $(grep -c Rosa "$OUT")" "0 1" "after the repair the search for diaz finds Rosa [$l]"
	# A damaged structure is never "repaired": the file is left as it was.
	cp "$l/table.db" "$l/table2.db"
	run "$l" --db "$l/table2.db" check --repair
	p=""
	[ "$RC" = 1 ] || p+="exit $RC, want 1"$'\n'
	grep -q -e "PROBLEMS FOUND" -e "SE ENCONTRARON PROBLEMAS" "$OUT" || p+="no problems reported"$'\n'
	cmp -s "$l/table.db" "$l/table2.db" || p+="the damaged file was changed"$'\n'
	verdict "check --repair leaves a damaged file as it is [$l]" "$p"

	# On a pipe no progress line; on a terminal one, on standard error.
	run "$l" --db "$l/good.db" check
	is "$(cat "$ERR")" "" "check on a pipe prints no progress line [$l]"
	if command -v script >/dev/null; then
		tty_out=$(LANGUAGE=$l script -qec "$SENDA --db $l/good.db check 2>&1 >/dev/null" /dev/null)
		case $l in
		es) want="comprobando 1/5" ;;
		*) want="checking 1/5" ;;
		esac
		check "check on a terminal shows its progress line on standard error [$l]" \
			grep -q "$want" <<<"$tty_out"
	else
		ok "# SKIP check on a terminal shows its progress line: no script(1)"
	fi
done

# A file that cannot grow (a size limit, as a full quota): the system's reason,
# not SQLite's "disk I/O error" (which says neither what nor why, in English).
mkdir -p "$T/limit"
out=$(bash -c 'trap "" XFSZ; ulimit -f 2000; "$0" --db "$1" demo --people 3000' \
	"$SENDA" "$T/limit/f.db" 2>&1); rc=$?
is "$rc" "1" "a file that cannot grow: demo fails (exit 1)"
check "a file that cannot grow: it says the file could not be written, and why" \
	grep -q "The file could not be read or written. (File too large)" <<<"$out"

done_testing
