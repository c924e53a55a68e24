#!/bin/bash
# tests/cli/floors.sh — the floors hold (issue 8, part 2): SQLite and the
# statement helpers (src/db/stmt.h) stay in src/db, src/model and
# src/exchange; the interface and the command line hold no SQL; curses stays
# out of the library. Reads the sources only. Needs: bash, grep.

. "$(dirname "$0")/lib.sh"

plan 5

SRC=$SENDA_TESTS/../src
INC=$SENDA_TESTS/../include
[ -d "$SRC/db" ] && [ -f "$INC/senda/db.h" ] || bail_out "no sources beside $SENDA_TESTS"

# none DESC GREP-ARGS...: ok when grep finds nothing; else shows what it found.
none() {
	local desc=$1 found
	shift
	found=$(grep -rn --include="*.c" --include="*.h" "$@" 2>&1)
	if [ -z "$found" ]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "$found"
	fi
}

above=("$SRC/screens" "$SRC/ui" "$SRC/cli" "$SRC/main.c")
none "no sqlite3 in the interface, the command line or senda/db.h" \
	-e sqlite3 "${above[@]}" "$INC/senda/db.h"
none "no public header names SQLite" -e sqlite3 "$INC"
none "only the model and the exchange include db/stmt.h" \
	-e '#include "db/stmt.h"' "${above[@]}" "$SRC/util" "$INC"
none "no SQL in the interface or the command line" \
	-E -e '"(SELECT|INSERT|UPDATE|DELETE|PRAGMA|BEGIN|COMMIT) ' "${above[@]}"
none "no curses below the interface" \
	-e curses "$SRC/db" "$SRC/model" "$SRC/exchange" "$SRC/util"

done_testing
