#!/bin/sh
# senda — interface tests of a file that cannot be read (issue 8, part 2):
# the home screen and the list of participants say so, and show no 0 that
# would read as "nothing to do" or "nobody here". English and Spanish, 80x24.
# TAP on stdout. Needs: tmux, sqlite3, dd.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

strings() {
	if [ "$1" = es ]; then
		S_HOME_ERR="No se pudieron leer los números de hoy:"
		S_AGAIN="Se vuelven a leer cuando regrese a esta pantalla."
		S_LIST_ERR="No se pudo leer la lista:"
		S_DAMAGED="La base de datos está dañada."
		S_ZERO="participantes en este archivo"
		S_NOBODY="Todavía no hay participantes"
	else
		S_HOME_ERR="Today's numbers could not be read:"
		S_AGAIN="They are read again when you come back to this screen."
		S_LIST_ERR="The list could not be read:"
		S_DAMAGED="The database is damaged."
		S_ZERO="participants in this file"
		S_NOBODY="No participants yet"
	fi
}

# damage FILE NAME: overwrite the b-tree page of table NAME with garbage.
damage() {
	page=$(sqlite3 "$1" "SELECT rootpage FROM sqlite_schema WHERE name = '$2'") &&
		size=$(sqlite3 "$1" "PRAGMA page_size") &&
		[ -n "$page" ] && [ "$page" -gt 1 ] || return 1
	head -c "$size" /dev/zero | tr '\0' 'Z' |
		dd of="$1" bs="$size" seek=$((page - 1)) conv=notrunc 2>/dev/null
}

not_on_screen() {   # not_on_screen TEXT: fails when TEXT is shown
	case $(ui_screen) in
	*"$1"*) fail_because "on the screen: $1" ;;
	esac
}

# Two people in the file, its count of participants damaged: home shows the
# reason instead of its numbers; the list shows the reason, not "no one".
flow_damaged_count() {
	strings "$1"
	db=$(new_db damaged-$1 "$1") || return 1
	"$SENDA" --db "$db" add --given Rosa --surname Peña >/dev/null &&
		"$SENDA" --db "$db" add --given Pedro --surname Gómez >/dev/null || return 1
	damage "$db" tally || fail_because "could not damage the file" || return 1
	ui_start "$db" && wait_for "$S_HOME_ERR" && wait_for "$S_AGAIN" || return 1
	wait_for "$S_DAMAGED" || return 1
	not_on_screen "$S_ZERO" || return 1
	keys p && wait_for "$S_LIST_ERR" || return 1
	not_on_screen "$S_NOBODY"
}

for L in en es; do
	run_test "a damaged count: home and the list say so, no zeros ($L)" flow_damaged_count $L
done
ui_done
