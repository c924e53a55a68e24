-- senda schema v9: notes on a participant, free text (at most 2000
-- characters): what a spreadsheet brought in had beside the fields senda
-- knows (its "Notas" column, and any column without a field, as
-- "Column: value"), and what staff add with `senda edit --notes`. Notes
-- travel between sites like every other field: the field log's trigger
-- below is the one build-aux/gen-exchange-sql.py writes for a column.
-- The column, added by the migration runner when it is missing (SQLite has
-- no ADD COLUMN IF NOT EXISTS; src/db/db.c, add_columns):
-- senda-add-column: participant notes TEXT NOT NULL DEFAULT ''


CREATE TRIGGER IF NOT EXISTS xc_participant_notes AFTER UPDATE OF notes ON participant
WHEN old.notes IS NOT new.notes AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'exchange_merging') BEGIN
	INSERT INTO field_change (tbl, row_id, field, clock, site, value, prev_clock, who)
	SELECT 'participant', new.id, 'notes', new.updated_at, coalesce((SELECT value FROM setting WHERE key = 'site_id'), new.site_id), new.notes,
		(SELECT max(clock) FROM field_change WHERE tbl = 'participant' AND row_id = new.id AND field IN ('notes', '') AND NOT (field = 'notes' AND clock = new.updated_at)), new.updated_by
	WHERE true
	ON CONFLICT DO UPDATE SET value = excluded.value;
END;

-- This migration brings the file to schema version 9.
PRAGMA user_version = 9;
