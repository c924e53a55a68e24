# bench part: participant CSV (issue 11, "Figures for the note"), sourced by
# bench/run.sh. Side by side in one run, CPU time (user + sys, median of
# BENCH_CSV_RUNS) and instructions (callgrind, on a smaller file):
#  - senda import-csv of BENCH_CSV_PEOPLE participants (default 100000: a
#    Spanish-header, comma-separated UTF-8 file made here, deterministic)
#    into a new file, duplicate check included, against the sqlite3 tool's
#    `.import --csv` of the same file into a bare table (target ratio <= 2);
#  - senda export-csv participants of that file against `sqlite3 -csv
#    -header` of the same query (target ratio <= 1.5).
# Files are kept in $BENCH_DIR/csv-PEOPLE/.
if [ ! -x /usr/bin/time ] || ! command -v sqlite3 >/dev/null || ! command -v python3 >/dev/null; then
	echo "/usr/bin/time, sqlite3 or python3 not installed: skipped"
	return 0
fi
people=${BENCH_CSV_PEOPLE:-100000}
ir_people=${BENCH_CSV_IR_PEOPLE:-10000}
runs=${BENCH_CSV_RUNS:-3}
dir="$BENCH_DIR/csv-$people"
mkdir -p "$dir"

# make_csv N FILE: N people, Spanish headers, a few exact duplicates.
make_csv() {
	[ -f "$2" ] && return 0
	python3 - "$1" "$2" <<'EOF'
import random, sys
random.seed(11)
n, path = int(sys.argv[1]), sys.argv[2]
given = ['María', 'José', 'Luis', 'Ana', 'Guadalupe', 'Juan', 'Rosa', 'Carmen', 'Pedro',
         'Lucía', 'Jorge', 'Elena', 'Miguel', 'Sofía', 'Raúl', 'Concepción', 'Jesús']
sur = ['Hernández', 'García', 'López', 'Martínez', 'Pérez', 'Gómez', 'Núñez', 'Peña', 'Ruiz',
       'Torres', 'Flores', 'Rivera', 'Díaz', 'Cruz', 'Morales', 'Ortiz', 'Zubiaurre', 'Íñiguez']
with open(path, 'w', encoding='utf-8', newline='') as f:
    f.write('Nombre,Apellido Paterno,Apellido Materno,Fecha de Nacimiento,Teléfono,Idioma\r\n')
    for i in range(n):
        f.write('%s %s,%s,%s,%02d/%02d/%d,555-%03d-%04d,es\r\n' % (
            random.choice(given), random.choice(given), random.choice(sur), random.choice(sur),
            random.randint(13, 28), random.randint(1, 12), random.randint(1950, 2005),
            (i // 10000) % 1000, i % 10000))
EOF
}

# cpu CMD...: user + sys seconds of one run (stdout and stderr dropped).
cpu() {
	/usr/bin/time -f '%U %S' -o "$dir/t" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
	awk '{printf "%.3f\n", $1 + $2}' "$dir/t"
}
# median of lines on stdin
median() { sort -n | awk '{v[NR] = $1} END {printf "%.3f", v[int((NR + 1) / 2)]}'; }

csv="$dir/people.csv"
make_csv "$people" "$csv"
small="$dir/people-$ir_people.csv"
make_csv "$ir_people" "$small"

fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; "$SENDA" --db "$1" init --site Bench --user Bench >/dev/null; }

imp_s=$(for i in $(seq "$runs"); do fresh "$dir/s.db"; cpu "$SENDA" --db "$dir/s.db" import-csv "$csv"; done | median)
imp_q=$(for i in $(seq "$runs"); do rm -f "$dir/q.db"; cpu sqlite3 "$dir/q.db" ".import --csv $csv t"; done | median)
added=$(sqlite3 "$dir/s.db" "SELECT count(*) FROM participant")
bench_line "import-csv $people (CPU s; $added added)" "$imp_s" "$imp_q" s

# The query export-csv participants runs (src/exchange/participant_csv.c).
cols="p.id, p.given_names, p.first_surname, p.second_surname, p.preferred_name, p.birth_date,
 p.phone, p.phone_alt, p.email, p.language, p.best_time, p.country, p.years_in_us, p.schooling,
 p.employed, p.wage_cents, p.work_interests, p.heard_from, p.consent_contact, p.consent_share,
 p.consent_date, p.created_at"
query="SELECT $cols FROM participant p WHERE p.deleted = 0 AND (1 = 1 OR p.consent_share = 1)
 ORDER BY p.sort_key, p.id"
exp_s=$(for i in $(seq "$runs"); do cpu "$SENDA" --db "$dir/s.db" export-csv participants --to Bench --out "$dir/e.csv" --force; done | median)
exp_q=$(for i in $(seq "$runs"); do cpu sqlite3 -csv -header "$dir/s.db" "$query"; done | median)
bench_line "export-csv participants $added (CPU s)" "$exp_s" "$exp_q" s

if command -v valgrind >/dev/null; then
	ir_s=$(bench_ir "$SENDA" --db "$dir/s.db" export-csv participants --to Bench --out "$dir/e.csv" --force)
	ir_q=$(bench_ir sqlite3 -csv -header "$dir/s.db" "$query")
	bench_line "export-csv participants $added (Mi)" "$((ir_s / 1000000))" "$((ir_q / 1000000))" Mi
	fresh "$dir/i.db"
	ir_s=$(bench_ir "$SENDA" --db "$dir/i.db" import-csv "$small")
	rm -f "$dir/iq.db"
	ir_q=$(bench_ir sqlite3 "$dir/iq.db" ".import --csv $small t")
	bench_line "import-csv $ir_people (Mi)" "$((ir_s / 1000000))" "$((ir_q / 1000000))" Mi
	fresh "$dir/i.db"
	ir_s=$(bench_ir "$SENDA" --db "$dir/i.db" import-csv "$small" --dry-run)
	bench_line "import-csv $ir_people --dry-run (Mi)" "$((ir_s / 1000000))" "$((ir_q / 1000000))" Mi
fi
