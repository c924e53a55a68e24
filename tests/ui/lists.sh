#!/bin/sh
# senda — interface test: the list of participants pages both ways at 80x24,
# read by key (issue 9, item 4), exactly as it did by offset. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

N=200
# Row i (from 1) of the list: surnames numbered in sort order.
row() { printf 'Apellido%03d, Ana' "$1"; }

# At 80x24 the list shows 19 rows, on lines 4 to 22; a page moves 18 rows.
# More than three screens (what is read at a time), so that paging down,
# up, to the end and back reads by key from rows already shown.
flow_pages() {
	L=$1
	if [ "$L" = es ]; then S_LIST="$N participantes"; else S_LIST="$N participants"; fi
	db=$(new_db pages-$L $L) || return 1
	for i in $(seq 1 $N); do
		"$SENDA" --db "$db" add --given Ana --surname "$(printf 'Apellido%03d' "$i")" \
			>/dev/null || return 1
	done
	ui_start "$db" && wait_match '[0-9]' || return 1
	keys p && wait_line 4 "$(row 1)" && wait_for "$S_LIST" && wait_line 22 "$(row 19)" ||
		return 1
	# Down a page at a time, past the rows first read.
	for top in 19 37 55 73 91; do
		keys NPage && wait_line 4 "$(row $top)" && wait_line 22 "$(row $((top + 18)))" ||
			return 1
	done
	# The end, then up a page at a time, past the rows read there.
	keys End && wait_line 22 "$(row $N)" && wait_line 4 "$(row $((N - 18)))" || return 1
	for top in 164 146 128 110; do
		keys PPage && wait_line 4 "$(row $top)" && wait_line 22 "$(row $((top + 18)))" ||
			return 1
	done
	# A line at a time: the selection climbs to the top row, then the list
	# scrolls with it.
	keys Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up &&
		wait_line 4 "$(row 108)" && wait_line 22 "$(row 126)" || return 1
	keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down \
		Down Down Down && wait_line 4 "$(row 109)" && wait_line 22 "$(row 127)" || return 1
	keys Home && wait_line 4 "$(row 1)" && wait_line 22 "$(row 19)" || return 1
	# Back from a record deep in the list: the same place.
	keys NPage NPage NPage NPage && wait_line 4 "$(row 73)" || return 1
	keys Enter && wait_line 2 "$(row 73)" || return 1
	keys Escape && wait_line 4 "$(row 73)" && wait_line 22 "$(row 91)" || return 1
	# A taller window shows more rows from the same top.
	ui_resize 80 30 && wait_line 28 "$(row 97)" && wait_line 4 "$(row 73)" || return 1
	keys PPage && wait_line 4 "$(row 49)" || return 1
	keys End && wait_line 28 "$(row $N)" && wait_line 4 "$(row $((N - 24)))"
}

# senda referrals on a terminal: one screenful, then the line saying how to
# see the next (issue 9, item 5); on a pipe all of them (tests/cli/cli.sh).
# Its rows fit the 80 columns (issue 9 follow-up, item 3): a header, and one
# line a row, as on a pipe.
flow_referrals_screen() {
	L=$1
	if [ "$L" = es ]; then S_NEXT="Página siguiente: --after "; else S_NEXT="Next page: --after "; fi
	f="$UI_DIR/refs-$L.db"
	rm -f "$f"*
	"$SENDA" --db "$f" demo --people 300 >/dev/null || return 1
	header=$(env LANGUAGE="$L" "$SENDA" --db "$f" referrals | head -1)
	first=$(env LANGUAGE="$L" "$SENDA" --db "$f" referrals | sed -n 2p)
	all=$(env LANGUAGE="$L" "$SENDA" --db "$f" referrals | grep -c '^R-')
	[ "$all" -gt 30 ] || fail_because "only $all open referrals in the demo file" || return 1
	ui_stop
	# The end mark without a newline, where a shell's prompt would be.
	tmx new-session -d -s ui -x 80 -y 24 "env -u LC_ALL TERM=xterm-256color LANG=C.UTF-8 \
		LANGUAGE=$L SENDA_LOCALEDIR='${SENDA_LOCALEDIR:-}' '$SENDA' --db '$f' referrals; \
		printf '[senda done]'; exec sleep 600" || { tmux_failed new-session; return 1; }
	UI_PID=$(tmx display-message -p -t ui '#{pid}')
	wait_for "[senda done]" && wait_for "$S_NEXT" && wait_line 1 "$header" &&
		wait_line 2 "$first" || return 1
	# A header, 19 rows of one line each, the counts, the "Next page" line
	# (its token takes two lines of 80) and the prompt: the 24 lines.
	rows=$(ui_screen | grep -c '^R-')
	[ "$rows" = 19 ] || fail_because "$rows rows on the screen, want 19 (of $all)" || return 1
	long=$(ui_screen | grep '^R-' | grep -v -E '[0-9]{4}-[0-9]{2}-[0-9]{2}( .*)?$' | head -1)
	[ -z "$long" ] || fail_because "a row wraps: $long"
}

for l in en es; do
	run_test "the list pages down, to the end, up and home by key ($l)" flow_pages $l
	run_test "senda referrals on a terminal: one screenful and the next page's --after ($l)" \
		flow_referrals_screen $l
done
ui_done
