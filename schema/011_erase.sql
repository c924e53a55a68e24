-- senda schema v11: erasing a person, the access log, the backups made.
--
-- erasure: the tombstone of a person erased at her request. Its id is the
-- erased participant's id (two sites that erase the same person make one
-- row); it holds nothing else about her: no name, no date, no phone. It
-- travels in every bundle whatever her consents said (a table of the
-- exchange: its field log triggers are in schema/field_log.sql, made by
-- build-aux/gen-exchange-sql.py log), and a site that merges it erases her
-- too (src/model/erase.c); a bundle made before the erasure, merged after
-- it, brings nothing of her back (src/exchange/merge.c).
CREATE TABLE IF NOT EXISTS erasure (
	id          TEXT PRIMARY KEY NOT NULL,   -- the erased participant.id
	site_id     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

-- erased_row: every row an erasure removed from this file (her record and
-- her screenings, referrals, their statuses, jobs, follow-ups, calls,
-- "different people" decisions), by id only, so that an entry of a bundle
-- made before the erasure (an edit of one of them, a call for her
-- follow-up) is dropped instead of waiting for its row. Local: each site
-- lists what it removed. No personal data (random ids).
CREATE TABLE IF NOT EXISTS erased_row (
	tbl    TEXT NOT NULL,
	row_id TEXT NOT NULL,
	PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS erased_row_id ON erased_row (row_id);

-- access_log: who opened which record when (the record screen, `senda
-- show`, `senda privacy ID`). Local: never exported. Rows older than 90 days are removed as
-- new ones are written (src/model/access.c); an erasure removes hers.
CREATE TABLE IF NOT EXISTS access_log (
	seq            INTEGER PRIMARY KEY,
	at             TEXT NOT NULL,             -- UTC ISO 8601
	user_id        TEXT NOT NULL DEFAULT '',
	participant_id TEXT NOT NULL,
	how            TEXT NOT NULL CHECK (how IN ('screen', 'show', 'privacy'))
);
CREATE INDEX IF NOT EXISTS access_log_person ON access_log (participant_id, at);
CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);

-- backup_made: the backups `senda backup` wrote (their absolute paths), so
-- that `senda check` can look at their modes and an erasure can say which
-- older copies still hold the person. Local.
CREATE TABLE IF NOT EXISTS backup_made (
	path    TEXT PRIMARY KEY NOT NULL,
	made_at TEXT NOT NULL
);

-- This migration brings the file to schema version 11.
PRAGMA user_version = 11;
