-- senda schema v9: notes on a participant, free text (at most 2000
-- characters): what a spreadsheet brought in had beside the fields senda
-- knows (its "Notas" column, and any column without a field, as
-- "Column: value"), and what staff add with `senda edit --notes`. Notes
-- travel between sites like every other field (schema/field_log.sql logs
-- the column: build-aux/gen-exchange-sql.py log).
-- The column, added by the migration runner when it is missing (SQLite has
-- no ADD COLUMN IF NOT EXISTS; src/db/db.c, add_columns):
-- senda-add-column: participant notes TEXT NOT NULL DEFAULT ''


-- This migration brings the file to schema version 9.
PRAGMA user_version = 9;
