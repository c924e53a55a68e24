#!/bin/sh
# senda — interface tests of the people screen's search at a size where
# reading every match would show (issue 9, items 1 and 2): the count of
# matches, the hits in true name order (the alphabetical first of all of
# them, not of the first few the index found), and more hits read as the
# list scrolls past the first screenful. English and Spanish. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

# A demo file of 1,500 people, then two more added last (so last in the
# index's own order): one alphabetically first and one alphabetically last
# of those a search for "m" finds, among more than 500 matches.
search_db() {
	f="$UI_DIR/search-$1.db"
	rm -f "$f"*
	"$SENDA" --db "$f" demo --people 1500 >/dev/null || return 1
	"$SENDA" --db "$f" add --given "Mario" --surname "Abad" --surname2 "Abarca" >/dev/null &&
		"$SENDA" --db "$f" add --given "Mateo" --surname "Zúñiga" --surname2 "Zurita" >/dev/null ||
		return 1
	echo "$f"
}

# What the sqlite3 tool says about the matches of PREFIX (FTS syntax, e.g.
# m*): their number N, and the names at OFFSET (1st, 2nd...) by the list's
# sort key (AT), and the last (LAST).
oracle() {
	sql="SELECT %s FROM participant WHERE deleted = 0 AND rowid IN
	     (SELECT rowid FROM participant_fts WHERE participant_fts MATCH '$2')"
	name="first_surname || CASE WHEN second_surname <> '' THEN ' ' || second_surname
	      ELSE '' END || ', ' || given_names"
	# shellcheck disable=SC2059
	N=$(sqlite3 "$1" "$(printf "$sql" "count(*)")")
	AT=$(sqlite3 "$1" "$(printf "$sql" "$name") ORDER BY sort_key, rowid LIMIT 1 OFFSET $3")
	LAST=$(sqlite3 "$1" "$(printf "$sql" "$name") ORDER BY sort_key DESC, rowid DESC LIMIT 1")
}

flow_search_order() {
	L=$1
	command -v sqlite3 >/dev/null 2>&1 ||
		{ skip_because "no sqlite3 program to count the matches with"; return 0; }
	db=$(search_db "$L") || return 1
	oracle "$db" 'm*' 1; SECOND=$AT
	oracle "$db" 'm*' 54; AT54=$AT
	oracle "$db" 'm*' 0; FIRST=$AT
	[ "$N" -gt 500 ] || fail_because "only $N matches of m in the demo file" || return 1
	[ "$FIRST" = "Abad Abarca, Mario" ] && [ "$LAST" = "Zúñiga Zurita, Mateo" ] ||
		fail_because "the file's first and last matches are $FIRST and $LAST" || return 1
	oracle "$db" 'a*' 0; NA=$N LAST_A=$LAST
	[ "$NA" -gt 57 ] && [ "$NA" -lt 500 ] || fail_because "$NA matches of a" || return 1
	if [ "$L" = es ]; then
		S_LIST="senda · Participantes" S_MANY="al menos 500 encontrados; escriba más"
		S_FOUND="$NA encontrados" S_TO_LIST="(/ para cambiarla" S_REC_HEAD="Evaluaciones de inglés"
		S_EVERYONE="1502 participantes"
	else
		S_LIST="senda · Participants" S_MANY="at least 500 found; type more"
		S_FOUND="$NA found" S_TO_LIST="(/ to change" S_REC_HEAD="English screenings"
		S_EVERYONE="1502 participants"
	fi
	ui_start "$db" && wait_for "p Participants" || return 1
	if [ "$L" = es ]; then
		keys F2 && wait_for "p Participantes" || return 1
	fi
	keys p && wait_for "$S_LIST" || return 1
	# Too many to count at once: a bounded count; the first of them all first.
	keys / && type_text "m" && wait_for "$S_MANY" && wait_line 4 "$FIRST" &&
		wait_line 5 "$SECOND" || return 1
	# Back from the first one's record, keys go to the list (the search
	# stays); three pages down shows the 55th, read as the list got there.
	keys Enter && wait_for "$S_REC_HEAD" && wait_line 2 "$FIRST" || return 1
	keys Escape && wait_for "$S_TO_LIST" || return 1
	keys PageDown PageDown PageDown && wait_line 4 "$AT54" && wait_for "$S_MANY" || return 1
	# A search of fewer: the exact count, and End reads to the last of them.
	keys Escape && wait_for "$S_EVERYONE" || return 1
	keys / && type_text "a" && wait_for "$S_FOUND" || return 1
	keys Enter && wait_for "$S_REC_HEAD" && keys Escape && wait_for "$S_TO_LIST" || return 1
	case $(ui_screen) in *"$LAST_A"*) fail_because "the last match was already shown"; return 1 ;; esac
	keys End && wait_for "$LAST_A" || return 1
	keys Home && wait_line 4 "Abad Abarca, Mario" && wait_for "$S_FOUND"
}

for L in en es; do
	run_test "a search shows a bounded count, the first of all matches first, and reads more when scrolled ($L)" flow_search_order $L
done
ui_done
