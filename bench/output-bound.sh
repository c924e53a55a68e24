#!/bin/bash
# Issue 9, item 1: how much of a multi-word search's growth from 10k to 500k
# is its output. For each query and file, the rows `senda search --limit 20`
# shows (the first 20 matches in name order, found here with one statement
# over name_prefix), then the instructions (callgrind) of the sqlite3 tool
# reading and printing just those rows by rowid, net of the same statement
# reading none: no search at all, only the rows shown. Its growth is the
# least any search that prints them can grow.
#   bench/output-bound.sh [DIR]   (DIR holds bench-10000.db and bench-500000.db)
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'; }
for q in "maria jose" "guadalupe r" "iñaki ibáñez" "garcia lopez" "rodriguez perez" "maria jose n" "nunez"; do
  line="$q:"
  for n in 10000 500000; do
    db=${1:-/tmp/b9}/bench-$n.db
    words=$(printf '%s\n' "$q" | sed 'y/áéíóúñü/aeiounu/')
    first=${words%% *}; rest=""
    for w in ${words#"$first"}; do rest+=" AND EXISTS (SELECT 1 FROM name_prefix b WHERE b.prefix = '$w' AND b.sort_key = a.sort_key AND b.pid = a.pid)"; done
    ids=$(sqlite3 -readonly $db "SELECT group_concat(pid) FROM (SELECT a.pid FROM name_prefix a WHERE a.prefix='$first'$rest ORDER BY a.sort_key, a.pid LIMIT 20)")
    k=$(echo "$ids" | tr ',' '\n' | grep -c .)
    sel="SELECT id, given_names, first_surname, second_surname, birth_date, phone FROM participant WHERE rowid IN"
    a=$(ir sqlite3 -readonly $db "$sel ($ids) ORDER BY sort_key, rowid;")
    b=$(ir sqlite3 -readonly $db "$sel (-1) ORDER BY sort_key, rowid;")
    line+=" $n: $k rows $(( (a-b)/1000 )) k;"
  done
  echo "$line"
done
