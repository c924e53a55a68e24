#!/usr/bin/env python3
"""Write the field log's SQL: the migration that made it, and its triggers.

A maintainer's tool, not part of the build: run it after a column is added to
an exchanged table, then read the diff. Usage:
    python3 build-aux/gen-exchange-sql.py 004 > schema/004_exchange.sql
    python3 build-aux/gen-exchange-sql.py 007 > schema/007_field_log_on_write.sql
    python3 build-aux/gen-exchange-sql.py log > schema/field_log.sql
004 is the migration as it was first written (the log, and the triggers kept
in the file); 007 drops those triggers from the file; log is the triggers as
every connection that writes now creates them (TEMP triggers on the main
tables, src/db/db.c db_field_log), so that a connection that only reads does
not parse them. The column lists of 004 and 007 come from a database made of the migrations
before 004; those of log from every migration (a column or a table added
later is logged too: run log again after adding one).
"""
import os, sqlite3, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = ["site", "user", "participant", "esl_table", "esl_band", "screening",
          "partner", "program", "referral", "referral_status", "placement",
          "followup", "call_attempt", "site_org", "dedupe_distinct", "erasure"]
LATER = {"dedupe_distinct", "erasure"}   # made by later migrations (008, 011): not in 004 or 007
META = {"id", "site_id", "created_at", "updated_at", "updated_by"}  # set once, or bookkeeping
LOCAL = {"pin_hash", "sort_key"}            # never travel (a PIN; derived from the names)

mode = sys.argv[1] if len(sys.argv) > 1 else "004"
if mode not in ("004", "007", "log"):
    sys.exit("usage: gen-exchange-sql.py 004|007|log")

head = open(os.path.join(HERE, "exchange-head.sql")).read()
SCHEMA = os.path.join(HERE, "..", "schema")
MIGRATIONS = sorted(f for f in os.listdir(SCHEMA) if f.endswith(".sql") and f[:3].isdigit())


def migrate(f, into):
    """Run migration f as src/db/db.c does, with its "-- senda-add-column:"
    lines (a column added when missing)."""
    text = open(os.path.join(SCHEMA, f)).read()
    for line in text.splitlines():
        if line.startswith("-- senda-add-column:"):
            table, col, decl = line.split(":", 1)[1].split(None, 2)
            have = [r[1] for r in into.execute("PRAGMA table_info(%s)" % table)]
            if col not in have:
                into.execute("ALTER TABLE %s ADD COLUMN %s %s" % (table, col, decl))
    into.executescript(text)


# 004 and 007 were written from the tables as they were before 004; the
# triggers of the log are made from the tables as every migration leaves them.
db = sqlite3.connect(":memory:")
for f in MIGRATIONS:
    if f < "004":
        migrate(f, db)
db.executescript(head)
if mode == "log":
    db = sqlite3.connect(":memory:")
    # senda's SQL functions (src/db/sqlfn.c) fill derived tables; only the
    # tables' columns matter here.
    for fn in ("senda_word_prefixes", "senda_word_prefixes_json", "senda_sort_key",
               "senda_name_row", "senda_word_slots"):
        db.create_function(fn, -1, lambda *a: None)
    for f in MIGRATIONS:
        migrate(f, db)


def fields_of(t):
    cols = [r[0] for r in db.execute("SELECT name FROM pragma_table_info(?)", (t,))]
    travel = [c for c in cols if c not in LOCAL]
    return [c for c in travel if c not in META]


def triggers(t, create, name, on):
    """The triggers of table t: create is 'CREATE TRIGGER' or 'CREATE TEMP
    TRIGGER', name(t, c) a trigger's name, on(t) the table as named after ON."""
    s = ("%s IF NOT EXISTS %s AFTER INSERT ON %s\n"
         "WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'exchange_merging') BEGIN\n"
         "\tINSERT INTO field_change (tbl, row_id, field, clock, site, value, who)\n"
         "\tVALUES ('%s', new.id, '', new.updated_at, new.site_id, NULL, new.updated_by)\n"
         "\tON CONFLICT DO NOTHING;\nEND;\n" % (create, name(t, "ai"), on(t), t))
    # One trigger a column, so that an UPDATE of one column (a merge, a
    # status change) compiles only its own.
    for c in fields_of(t):
        s += ("%s IF NOT EXISTS %s AFTER UPDATE OF %s ON %s\n"
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
              % (create, name(t, c), c, on(t), c, c, t, c, c, t, c, c))
    return s


def log_triggers(t):
    """The log's TEMP triggers of table t: the creation as 004 logs it, and
    ONE update trigger whose rows are the changed columns (a UNION ALL of
    every column, kept where the value changed): what 004's trigger of
    each column logs, row for row, at a tenth of the SQL to parse. The
    columns are in reverse order, the order in which 004's triggers fired
    (the newest first)."""
    s = ("CREATE TEMP TRIGGER IF NOT EXISTS log_%s_ai AFTER INSERT ON main.%s\n"
         "WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'exchange_merging') BEGIN\n"
         "\tINSERT INTO field_change (tbl, row_id, field, clock, site, value, who)\n"
         "\tVALUES ('%s', new.id, '', new.updated_at, new.site_id, NULL, new.updated_by)\n"
         "\tON CONFLICT DO NOTHING;\nEND;\n" % (t, t, t))
    cols = list(reversed(fields_of(t)))
    rows = ("SELECT '%s' AS f, new.%s AS v, old.%s AS o" % (cols[0], cols[0], cols[0]),) + \
        tuple("SELECT '%s', new.%s, old.%s" % (c, c, c) for c in cols[1:])
    s += ("CREATE TEMP TRIGGER IF NOT EXISTS log_%s_au AFTER UPDATE ON main.%s\n"
          "WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = 'exchange_merging') BEGIN\n"
          "\tINSERT INTO field_change (tbl, row_id, field, clock, site, value, prev_clock, who)\n"
          "\tSELECT '%s', new.id, f, new.updated_at, coalesce((SELECT value FROM setting"
          " WHERE key = 'site_id'), new.site_id), v,\n"
          "\t\t(SELECT max(clock) FROM field_change WHERE tbl = '%s' AND row_id = new.id"
          " AND field IN (f, '') AND NOT (field = f AND clock = new.updated_at)),"
          " new.updated_by\n"
          "\tFROM (%s)\n"
          "\tWHERE v IS NOT o\n"
          "\tON CONFLICT DO UPDATE SET value = excluded.value;\nEND;\n"
          % (t, t, t, t, "\n\t\tUNION ALL ".join(rows)))
    return s


out = sys.stdout
if mode == "004":
    out.write(head)
    for t in (t for t in TABLES if t not in LATER):
        out.write("\n-- %s\n" % t)
        out.write("INSERT OR IGNORE INTO field_change (tbl, row_id, field, clock, site, value, who)\n"
                  "\tSELECT '%s', id, '', updated_at, site_id, NULL, updated_by FROM %s;\n"
                  % (t, t))
        out.write(triggers(t, "CREATE TRIGGER", lambda t, c: "xc_%s_%s" % (t, c), lambda t: t))
    out.write("\nPRAGMA user_version = 4;\n")
elif mode == "007":
    out.write(
        "-- senda schema v7: the field log's triggers leave the file. Generated by\n"
        "-- build-aux/gen-exchange-sql.py 007; edit that, not this file.\n"
        "--\n"
        "-- SQLite parses every trigger of a file when a connection first reads it:\n"
        "-- the 138 triggers of schema 004 (85 KB of SQL) were three quarters of\n"
        "-- what any command cost before its first row, the home screen's too,\n"
        "-- even when it wrote nothing. They are now TEMP triggers, one for an\n"
        "-- insert and one for an update a table, logging what those did\n"
        "-- (schema/field_log.sql), that a connection creates before its first\n"
        "-- write of an exchanged table (db_begin, or a statement that writes one:\n"
        "-- src/db/db.c), so that the log means what it meant for every writer\n"
        "-- senda has, and a connection that only reads never parses them. The\n"
        "-- log itself (field_change, held_change, export_mark) stays as 004 made\n"
        "-- it. Safe to run twice.\n\n")
    for t in (t for t in TABLES if t not in LATER):
        names = ["ai"] + fields_of(t)
        for c in names:
            out.write("DROP TRIGGER IF EXISTS main.xc_%s_%s;\n" % (t, c))
    out.write("\n-- This migration brings the file to schema version 7.\n"
              "PRAGMA user_version = 7;\n")
else:
    out.write(
        "-- The field log's triggers (see schema/004_exchange.sql for the log and\n"
        "-- schema/007_field_log_on_write.sql for why they are TEMP): created by\n"
        "-- db_field_log on a connection before its first write of an exchanged\n"
        "-- table, never stored in the file. Generated by build-aux/gen-exchange-sql.py\n"
        "-- log; edit that, not this file. What 004's triggers logged, with one\n"
        "-- update trigger a table instead of one a column (a tenth of the SQL:\n"
        "-- the first write of a process parses it), on the main database's\n"
        "-- tables. Safe to run twice.\n")
    for t in TABLES:
        out.write("\n-- %s\n" % t)
        out.write(log_triggers(t))
