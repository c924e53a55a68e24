#!/usr/bin/env python3
"""Write schema/004_exchange.sql: the field log and the triggers that fill it.

A maintainer's tool, not part of the build: run it after a column is added to
an exchanged table, then read the diff. Usage:
    python3 build-aux/gen-exchange-sql.py > schema/004_exchange.sql
The column lists come from a database made of the migrations before it.

A table that a later migration adds (LATER: table -> its migration) is not
written into 004; `gen-exchange-sql.py --later 008` prints the field log's
rows and triggers of the tables 008 adds, in the same form, for pasting
into that migration.
"""
import os, sqlite3, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = ["site", "user", "participant", "esl_table", "esl_band", "screening",
          "partner", "program", "referral", "referral_status", "placement",
          "followup", "call_attempt", "site_org", "dedupe_distinct"]
LATER = {"dedupe_distinct": "008"}       # made by its own migration
META = {"id", "site_id", "created_at", "updated_at", "updated_by"}  # set once, or bookkeeping
LOCAL = {"pin_hash", "sort_key"}            # never travel (a PIN; derived from the names)

later = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--later" else None
db = sqlite3.connect(":memory:")
head = open(os.path.join(HERE, "exchange-head.sql")).read()
SCHEMA = os.path.join(HERE, "..", "schema")
if later:
    db.executescript(head)
for f in sorted(os.listdir(SCHEMA)):
    if f.endswith(".sql") and (f < "004" or (later and f.startswith(later + "_"))):
        db.executescript(open(os.path.join(SCHEMA, f)).read())
if not later:
    db.executescript(head)

out = sys.stdout
if not later:
    out.write(head)
for t in TABLES:
    if LATER.get(t) != later:
        continue
    cols = [r[0] for r in db.execute("SELECT name FROM pragma_table_info(?)", (t,))]
    travel = [c for c in cols if c not in LOCAL]
    fields = [c for c in travel if c not in META]
    out.write("\n-- %s\n" % t)
    out.write("INSERT OR IGNORE INTO field_change (tbl, row_id, field, clock, site, value, who)\n"
              "\tSELECT '%s', id, '', updated_at, site_id, NULL, updated_by FROM %s;\n"
              % (t, t))
    out.write("CREATE TRIGGER IF NOT EXISTS xc_%s_ai AFTER INSERT ON %s\n"
              "WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'exchange_merging') BEGIN\n"
              "\tINSERT INTO field_change (tbl, row_id, field, clock, site, value, who)\n"
              "\tVALUES ('%s', new.id, '', new.updated_at, new.site_id, NULL, new.updated_by)\n"
              "\tON CONFLICT DO NOTHING;\nEND;\n" % (t, t, t))
    # One trigger a column, so that an UPDATE of one column (a merge, a
    # status change) compiles only its own.
    for c in fields:
        out.write("CREATE TRIGGER IF NOT EXISTS xc_%s_%s AFTER UPDATE OF %s ON %s\n"
                  "WHEN old.%s IS NOT new.%s AND NOT EXISTS (SELECT 1 FROM setting"
                  " WHERE key = 'exchange_merging') BEGIN\n"
                  "\tINSERT INTO field_change (tbl, row_id, field, clock, site, value, prev_clock, who)\n"
                  "\tSELECT '%s', new.id, '%s', new.updated_at, coalesce((SELECT value FROM setting"
                  " WHERE key = 'site_id'), new.site_id), new.%s,\n"
                  "\t\t(SELECT max(clock) FROM field_change WHERE tbl = '%s' AND row_id = new.id"
                  " AND field IN ('%s', '') AND NOT (field = '%s' AND clock = new.updated_at)),"
                  " new.updated_by\n"
                  "\tWHERE true\n"
                  "\tON CONFLICT DO UPDATE SET value = excluded.value;\nEND;\n"
                  % (t, c, c, t, c, c, t, c, c, t, c, c))
if not later:
    out.write("\nPRAGMA user_version = 4;\n")
