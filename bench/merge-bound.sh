#!/bin/sh
# senda bench: the least a merge of the hub's site bundles can cost, beside
# issue 10's floor. The floor (bench/part-exchange.sh) copies the rows of
# the tables that travel; a merge must write them too, and besides them the
# field log (every change with its clock and site, what later exports and
# merges read) and the name search index (every prefix of every word of each
# person's names, in name order). This measures, with the sqlite3 tool and
# with no checking of anything:
#   1. the floor: ATTACH + INSERT ... SELECT of every travelling row per site
#      file into an empty hub, as part exchange does;
#   2. the rows the cheapest way: straight from each bundle's row tables, the
#      indexes a big merge sets aside made once at the end;
#   3. the same and the log (the bundles' entries into field_change);
#   4. the name index's rows sorted and inserted once, as a merge makes them
#      (read from a hub senda merged, so that no folding is counted).
# 3 + 4 is the least a merge could cost that did no checking, no staging and
# kept no rule: every merge that writes what senda's file holds costs more.
#
# usage: bench/merge-bound.sh SITE_DIR BUNDLE_DIR HUB [SENDA]
#   SITE_DIR   site-1.db ... site-N.db (part exchange's files)
#   BUNDLE_DIR site-1.bundle ... (format 2, export --full --plain of those)
#   HUB        a hub senda merged them into (for 4)
set -eu
sites=$1 bundles=$2 hub=$3 senda=${4:-./senda}
n=$(ls "$bundles"/site-*.bundle | wc -l)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/merge-bound.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tables="site site_org user partner program esl_table esl_band participant screening
	referral referral_status placement followup call_attempt dedupe_distinct"
pragmas="PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;
	PRAGMA temp_store = FILE; PRAGMA journal_mode = WAL;"
# the indexes a big merge sets aside (src/exchange/merge_bulk.c, paused_index)
paused="participant_sort participant_created referral_by_status referral_code
	referral_open_by_day followup_due"

cpu() { # LABEL COMMAND...: CPU (user + sys) and wall of the command
	/usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err" >&2; exit 1; }
	read -r wall user sys <"$tmp/t"
	awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" \
		'BEGIN {printf "%-44s %7.1f s cpu %7.1f s wall\n", l, u + s, w}'
	echo "$user $sys $wall" >"$tmp/last"
}
new_hub() {
	rm -f "$1" "$1-wal" "$1-shm"
	"$senda" --db "$1" init --site Bound --user Hub --kind hub >/dev/null
}
cols() { # FILE TABLE: its columns, quoted, or nothing
	sqlite3 "$1" "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('$2')"
}

# 1. the floor
new_hub "$tmp/floor.db"
{
	echo "$pragmas"
	for s in $(seq "$n"); do
		echo "ATTACH '$sites/site-$s.db' AS s; BEGIN;"
		for t in $tables; do
			c=$(cols "$sites/site-$s.db" "$t")
			[ -n "$c" ] && echo "INSERT OR IGNORE INTO main.\"$t\" ($c) SELECT $c FROM s.\"$t\";"
		done
		echo "COMMIT; DETACH s;"
	done
} >"$tmp/floor.sql"
label="1. floor ($n site files)"
cpu sqlite3 "$tmp/floor.db" ".read $tmp/floor.sql"
floor=$(awk '{print $1 + $2}' "$tmp/last")
rm -f "$tmp/floor.db"*

# 2 and 3: the rows from the bundles' row tables, without and with the log
rows_sql() { # LOG (0/1)
	echo "$pragmas PRAGMA cache_size = -12288;"
	for i in $paused; do echo "DROP INDEX IF EXISTS $i;"; done
	for s in $(seq "$n"); do
		b="$bundles/site-$s.bundle"
		echo "ATTACH '$b' AS b; BEGIN;"
		for t in $tables; do
			c=$(cols "$b" "row_$t")
			[ -n "$c" ] && echo "INSERT OR IGNORE INTO main.\"$t\" ($c) SELECT $c FROM b.\"row_$t\";"
		done
		[ "$1" = 1 ] && echo "INSERT OR IGNORE INTO main.field_change (tbl, row_id, field, clock," \
			"site, value, prev_clock, who) SELECT tbl, row_id, field, clock, site, value," \
			"prev_clock, who FROM b.entry ORDER BY seq;"
		echo "COMMIT; DETACH b;"
	done
	sqlite3 "$hub" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND name IN
		($(for i in $paused; do printf "'%s'," "$i"; done)'')"
}
for log in 0 1; do
	new_hub "$tmp/rows.db"
	rows_sql "$log" >"$tmp/rows.sql"
	label=$([ "$log" = 1 ] && echo "3. rows from the bundles and the log" ||
		echo "2. rows from the bundles")
	cpu sqlite3 "$tmp/rows.db" ".read $tmp/rows.sql"
	[ "$log" = 1 ] && rowslog=$(awk '{print $1 + $2}' "$tmp/last")
	rm -f "$tmp/rows.db"*
done

# 4. the name index, its rows made already: one sort and the inserts
sqlite3 "$tmp/names.db" "PRAGMA journal_mode = OFF; ATTACH '$hub' AS h;
	CREATE TABLE raw AS SELECT * FROM h.name_prefix ORDER BY pid;" >/dev/null
sqlite3 "$hub" "SELECT sql || ';' FROM sqlite_master WHERE name = 'name_prefix'" |
	sed 's/CREATE TABLE name_prefix/CREATE TABLE np/' >"$tmp/names.sql"
cat >>"$tmp/names.sql" <<EOF
PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA temp_store = FILE;
PRAGMA cache_size = -12288;
BEGIN;
INSERT OR IGNORE INTO np SELECT prefix, sort_key, pid, extra_words FROM raw ORDER BY 1, 2, 3;
COMMIT;
EOF
rows=$(sqlite3 "$tmp/names.db" "SELECT count(*) FROM raw")
label="4. name index: $rows rows sorted, inserted"
cpu sqlite3 "$tmp/names.db" ".read $tmp/names.sql"
names=$(awk '{print $1 + $2}' "$tmp/last")
awk -v f="$floor" -v r="$rowslog" -v n="$names" 'BEGIN {
	printf "%-44s %7.1f s cpu = %.2f of the floor\n", "3 + 4: the least a merge can cost", r + n,
		(r + n) / f }'
