#!/usr/bin/env python3
"""Sum a SENDA_SQL_PROFILE file by statement: seconds, runs, the statement.

    SENDA_SQL_PROFILE=/tmp/p.txt senda --db hub.db merge site-*.bundle
    python3 bench/sql-profile.py /tmp/p.txt [how many lines, 25]

The times are SQLite's wall time from a statement's first step to its
reset: a statement stepped while others run (a loop in C over its rows)
counts their time too, and so does the machine's other work."""
import collections
import sys

total = collections.defaultdict(lambda: [0, 0])
with open(sys.argv[1], errors="replace") as f:
    for line in f:
        ns, _, sql = line.rstrip("\n").partition("\t")
        if not ns.isdigit():
            continue
        total[sql][0] += int(ns)
        total[sql][1] += 1
print("%.2f s in all" % (sum(v[0] for v in total.values()) / 1e9))
n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
for sql, (ns, runs) in sorted(total.items(), key=lambda kv: -kv[1][0])[:n]:
    print("%7.2f s %8d  %s" % (ns / 1e9, runs, sql[:110]))
