# bench part: exchange at hub scale (sourced by bench/run.sh). Issue 10's
# "Figures for the note":
#  - BENCH_HUB_SITES site files (default 50) of BENCH_HUB_PEOPLE demo
#    participants (default 10000) with their screenings, referrals and
#    placements, one `senda demo --seed S` each (S = 1..N: each file is its
#    own site, checked below: no two site ids alike, no row id in two
#    files); everyone in them has consent to share, so that a bundle
#    carries the whole file (see below);
#  - each exported as a bundle (export --full --plain), and one export
#    encrypted, to show the cost of encryption;
#  - side by side in one run:
#    the floor: the sqlite3 tool doing one ATTACH + INSERT ... SELECT of
#      every row of the tables that travel, per site file, into an empty
#      hub with senda's settings (WAL, synchronous FULL, foreign keys,
#      secure_delete, temp_store FILE);
#    senda merge of every bundle into an empty hub: wall time, bytes
#      written, peak memory; ratio to the floor (target <= 1.0);
#    the same bundles merged again (target <= 0.1 of the first, and
#      nothing written);
#    a full export of the hub beside VACUUM INTO (target <= 1.0);
#    peak memory of merge and export (target <= 64 MB whatever the size);
#    every line with its wall and CPU (user + sys) time, every ratio of
#    both (CPU time moves less with the other work of a shared machine);
#    with SENDA_BASE=another senda binary (the code before a change), its
#    merge and export too, in the same run, and the ratios of ours to its;
#    BENCH_BASE_BUNDLES=a directory of site-N.bundle files for it to merge
#    instead of ours (a senda before bundle format 2 refuses those of
#    format 2 as newer: give it its own, made from the same site files).
# Files are kept in $BENCH_DIR/hub-PEOPLE/ (site files and bundles are
# made once, then reused; the hubs are made again at every run).
if [ ! -x /usr/bin/time ] || ! command -v sqlite3 >/dev/null; then
	echo "/usr/bin/time or sqlite3 not installed: skipped"
	return 0
fi
sites=${BENCH_HUB_SITES:-50}
people=${BENCH_HUB_PEOPLE:-10000}
dir="$BENCH_DIR/hub-$people"
mkdir -p "$dir"
scratch=$(mktemp -d "$BENCH_DIR/exchange.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
echo "pass" >"$scratch/pass"

# The tables that travel (src/exchange/tables.c), parents first.
tables="site site_org user partner program esl_table esl_band participant screening
	referral referral_status placement followup call_attempt dedupe_distinct"
pragmas="PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;
	PRAGMA temp_store = FILE; PRAGMA journal_mode = WAL;"

# Run a command under GNU time: sets wall, cpu (user + sys, s), blocks
# (512-byte blocks written), rss (KB). The machine is shared: CPU time
# moves less with the load than wall time; both are printed, and ratios of
# both.
timed() {
	/usr/bin/time -f '%e %O %M %U %S' -o "$scratch/t" "$@" >"$scratch/out" 2>&1 ||
		{ echo "failed: $*" >&2; cat "$scratch/out" >&2; return 1; }
	read -r wall blocks rss user sys <"$scratch/t"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
}
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b * 512 / 1048576}'; }
say() { # LABEL (wall, cpu, blocks, rss of the last timed)
	printf '%-34s %8.1f s wall %8.1f s cpu %10s MB written %7.1f MB peak\n' "$1" "$wall" \
		"$cpu" "$(mb "$blocks")" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
ratios() { # LABEL WALL_A WALL_B CPU_A CPU_B TARGET
	printf '%-34s wall %s  cpu %s%s\n' "$1" "$(ratio "$2" "$3")" "$(ratio "$4" "$5")" "$6"
}

# The site files and their bundles.
for s in $(seq "$sites"); do
	f="$dir/site-$s.db"
	if [ ! -f "$f" ]; then
		"$SENDA" --db "$f.new" demo --people "$people" --seed "$s" >/dev/null || return 1
		# Every person consents to share (set beside the merge's own
		# setting, so that it is not logged as an edit: the creation
		# carries the row as it is), so that the bundle holds the
		# whole file, as the floor copies it.
		sqlite3 "$f.new" "BEGIN; INSERT INTO setting (key, value) VALUES
			('exchange_merging', '1'); UPDATE participant SET consent_share = 1;
			DELETE FROM setting WHERE key = 'exchange_merging'; COMMIT;" || return 1
		mv "$f.new" "$f"
	fi
	[ -f "$dir/site-$s.bundle" ] ||
		"$SENDA" --db "$f" export --full --plain --out "$dir/site-$s.bundle" \
			>/dev/null 2>&1 || return 1
done
# Each file its own site, and no id in two files.
dup_sites=$(for s in $(seq "$sites"); do sqlite3 "$dir/site-$s.db" "SELECT id FROM site"; done |
	sort | uniq -d | wc -l)
ids=0
for t in participant screening referral referral_status placement partner program user; do
	n=$(for s in $(seq "$sites"); do sqlite3 "$dir/site-$s.db" "SELECT id FROM $t"; done |
		sort | uniq -d | wc -l)
	ids=$((ids + n))
done
echo "== $sites site files of $people people: $dup_sites site ids in two files, $ids row ids in two files"

f1="$dir/site-1.db"
timed "$SENDA" --db "$f1" export --full --plain --force --out "$scratch/one.bundle"
say "export, one site, plain"
timed "$SENDA" --db "$f1" export --full --passphrase-file "$scratch/pass" --force \
	--out "$scratch/one.bundle"
say "export, one site, encrypted"
rm -f "$scratch/one.bundle"

# The floor: the tool copies every row into an empty hub.
floor="$scratch/floor.db"
"$SENDA" --db "$floor" init --site Floor --user Hub --kind hub >/dev/null || return 1
{
	echo "$pragmas"
	for s in $(seq "$sites"); do
		echo "ATTACH '$dir/site-$s.db' AS s; BEGIN;"
		for t in $tables; do
			# the columns both files have (site files made by an older
			# senda may lack a column added since, which keeps its default)
			cols=$(sqlite3 "$dir/site-$s.db" "SELECT group_concat('\"' || name || '\"', ', ')
				FROM pragma_table_info('$t')")
			[ -n "$cols" ] || continue
			echo "INSERT OR IGNORE INTO main.\"$t\" ($cols) SELECT $cols FROM s.\"$t\";"
		done
		echo "COMMIT; DETACH s;"
	done
} >"$scratch/floor.sql"
timed sqlite3 "$floor" ".read $scratch/floor.sql" || return 1
floor_wall=$wall floor_cpu=$cpu floor_blocks=$blocks
say "floor: sqlite3 INSERT ... SELECT"
rm -f "$floor" "$floor-wal" "$floor-shm"

# senda merge of every bundle into an empty hub; with SENDA_BASE (another
# senda, e.g. the code before a change) its merge and export are measured
# in the same run, just after ours, on a hub of its own.
hub="$scratch/hub.db"
"$SENDA" --db "$hub" init --site Hub --user Hub --kind hub >/dev/null || return 1
timed "$SENDA" --db "$hub" merge "$dir"/site-*.bundle || return 1
merge_wall=$wall merge_cpu=$cpu merge_rss=$rss merge_blocks=$blocks
say "senda merge of $sites bundles"
if [ -n "${SENDA_BASE:-}" ]; then
	base_hub="$scratch/base-hub.db"
	"$SENDA_BASE" --db "$base_hub" init --site Hub --user Hub --kind hub >/dev/null || return 1
	timed "$SENDA_BASE" --db "$base_hub" merge "${BENCH_BASE_BUNDLES:-$dir}"/site-*.bundle ||
		return 1
	say "SENDA_BASE merge of $sites bundles"
	ratios "merge / SENDA_BASE merge" "$merge_wall" "$wall" "$merge_cpu" "$cpu" ""
	rm -f "$base_hub" "$base_hub-wal" "$base_hub-shm"
fi
ratios "merge / floor" "$merge_wall" "$floor_wall" "$merge_cpu" "$floor_cpu" "  (target <= 1.0)"
printf '%-34s %9s   ratio %s\n' "merge / floor, bytes written" "" \
	"$(ratio "$merge_blocks" "$floor_blocks")"
hub_size=$(stat -c %s "$hub")
printf '%-34s %9.1f MB, %s people\n' "the hub" "$(awk -v z="$hub_size" 'BEGIN {print z / 1048576}')" \
	"$(sqlite3 "$hub" "SELECT count(*) FROM participant")"
timed "$SENDA" --db "$hub" merge "$dir"/site-*.bundle || return 1
say "the same merged again"
ratios "again / first" "$wall" "$merge_wall" "$cpu" "$merge_cpu" \
	"  (target <= 0.1, nothing written)"
[ "$rss" -gt "$merge_rss" ] && merge_rss=$rss

# A full export of the hub beside VACUUM INTO (and SENDA_BASE's export).
timed "$SENDA" --db "$hub" export --full --plain --out "$scratch/hub.bundle"
export_wall=$wall export_cpu=$cpu export_rss=$rss
say "export --full --plain of the hub"
timed sqlite3 "$hub" "VACUUM INTO '$scratch/vacuum.db'"
say "sqlite3 VACUUM INTO"
ratios "export / VACUUM INTO" "$export_wall" "$wall" "$export_cpu" "$cpu" "  (target <= 1.0)"
rm -f "$scratch/vacuum.db"
if [ -n "${SENDA_BASE:-}" ]; then
	timed "$SENDA_BASE" --db "$hub" export --full --plain --out "$scratch/base-hub.bundle"
	say "SENDA_BASE export --full --plain"
	ratios "export / SENDA_BASE export" "$export_wall" "$wall" "$export_cpu" "$cpu" ""
	rm -f "$scratch/base-hub.bundle"
fi
timed "$SENDA" --db "$hub" export --full --passphrase-file "$scratch/pass" \
	--out "$scratch/hub.enc"
say "export --full of the hub, encrypted"
[ "$rss" -gt "$export_rss" ] && export_rss=$rss
for x in "merge $merge_rss" "export $export_rss"; do
	set -- $x
	awk -v l="$1" -v k="$2" 'BEGIN {printf "%-34s %9.1f MB%s\n", "peak memory, " l, k / 1024,
		(k > 65536 ? "  ABOVE 64 MB" : "  (target <= 64 MB)") }'
done
