-- senda schema v12: follow-up calls made from rules (issue 13).
--
-- call_rule: when calls are due, as data a coordinator changes (`senda
-- call-rules`, the rules screen). Local to the site: not exchanged. A
-- rule's id is part of every call id it makes (senda_call_id(person, rule,
-- anchor), src/db/sqlfn.c), so the rules every site starts with have the
-- same fixed ids everywhere: two sites that schedule the same call make
-- the same row, and a merge keeps one.
--   kind 'job'      a call `amount` days after a job's start (anchor: the
--                   placement's id, so that a moved start moves the call)
--   kind 'exit'     a call on the first day of the `amount`th quarter after
--                   the quarter of the exit; a person exits when 90 days
--                   (setting call_exit_days) pass with no service
--                   (screening, referral or referral change, placement) and
--                   none scheduled (no enrollment still open). Derived,
--                   never typed. Anchor: the exit date (the last service).
--   kind 'referral' a check-in when a referral has had no answer (referred
--                   or contacted) for `amount` days (anchor: the referral)
-- max_attempts: no answer (or a message left) that many times makes the
-- call "unreachable".
CREATE TABLE IF NOT EXISTS call_rule (
	id           TEXT PRIMARY KEY NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('job', 'exit', 'referral')),
	amount       INTEGER NOT NULL CHECK (amount BETWEEN 1 AND 3660),
	active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	max_attempts INTEGER NOT NULL DEFAULT 4 CHECK (max_attempts BETWEEN 1 AND 20)
);
INSERT OR IGNORE INTO call_rule (id, kind, amount) VALUES
	('job30', 'job', 30), ('job60', 'job', 60), ('job90', 'job', 90),
	('exit_q2', 'exit', 2), ('exit_q4', 'exit', 4),
	('referral14', 'referral', 14);

-- A call made from a rule: its rule and anchor (both '' for a call typed
-- by hand), the time of day to try (after no answer the next try is at
-- another: 'morning', 'afternoon', 'evening'; or the time a person gave,
-- "call back at"), and how it ended ('' while open; reached, unreachable,
-- refused, wrong_number, disconnected, do_not_call, withdrawn: the rule no
-- longer asks for it, e.g. a new service withdrew the exit).
-- senda-add-column: followup rule_id TEXT NOT NULL DEFAULT ''
-- senda-add-column: followup anchor TEXT NOT NULL DEFAULT ''
-- senda-add-column: followup call_at TEXT NOT NULL DEFAULT ''
-- senda-add-column: followup result TEXT NOT NULL DEFAULT ''
-- A person who asked not to be called again: never on a call list, her
-- open calls cancelled; travels like every other field.
-- senda-add-column: participant do_not_call INTEGER NOT NULL DEFAULT 0 CHECK (do_not_call IN (0, 1))
-- The calls of a person (recomputing, do-not-call).
CREATE INDEX IF NOT EXISTS followup_participant ON followup (participant_id);

-- call_attempt again, with every outcome of the call screen and the
-- answers recorded as fields: still working there, hours a week, hourly
-- wage now (and the job it updated), a got_raise or a new position, in
-- training, anything needed; callback_at for "call back at". SQLite cannot
-- change a CHECK: the table is made again and its rows copied (safe to run
-- twice: the answers' columns are first added to the table there is, so
-- that a second run copies every column of the new table).
-- senda-add-column: call_attempt still_working INTEGER
-- senda-add-column: call_attempt hours_week INTEGER
-- senda-add-column: call_attempt wage_cents INTEGER
-- senda-add-column: call_attempt got_raise INTEGER
-- senda-add-column: call_attempt in_training INTEGER
-- senda-add-column: call_attempt needs TEXT NOT NULL DEFAULT ''
-- senda-add-column: call_attempt callback_at TEXT NOT NULL DEFAULT ''
-- senda-add-column: call_attempt placement_id TEXT NOT NULL DEFAULT ''
CREATE TABLE IF NOT EXISTS call_attempt_v12 (
	id            TEXT PRIMARY KEY NOT NULL,
	site_id       TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL DEFAULT '',
	deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	followup_id   TEXT NOT NULL REFERENCES followup (id) DEFERRABLE INITIALLY DEFERRED,
	called_at     TEXT NOT NULL,
	outcome       TEXT NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'voicemail',
	                                               'wrong_number', 'disconnected', 'callback',
	                                               'refused', 'do_not_call')),
	note          TEXT NOT NULL DEFAULT '',
	caller        TEXT NOT NULL DEFAULT '',
	still_working INTEGER CHECK (still_working IS NULL OR still_working IN (0, 1)),
	hours_week    INTEGER CHECK (hours_week IS NULL OR hours_week BETWEEN 0 AND 100),
	wage_cents    INTEGER CHECK (wage_cents IS NULL OR wage_cents >= 0),
	got_raise         INTEGER CHECK (got_raise IS NULL OR got_raise IN (0, 1)),
	in_training   INTEGER CHECK (in_training IS NULL OR in_training IN (0, 1)),
	needs         TEXT NOT NULL DEFAULT '',
	callback_at   TEXT NOT NULL DEFAULT '',
	placement_id  TEXT NOT NULL DEFAULT ''
);
INSERT OR IGNORE INTO call_attempt_v12 (id, site_id, created_at, updated_at, updated_by,
	deleted, followup_id, called_at, outcome, note, caller, still_working, hours_week,
	wage_cents, got_raise, in_training, needs, callback_at, placement_id)
	SELECT id, site_id, created_at, updated_at, updated_by, deleted, followup_id, called_at,
	       outcome, note, caller, still_working, hours_week, wage_cents, got_raise, in_training,
	       needs, callback_at, placement_id FROM call_attempt;
DROP TABLE call_attempt;
ALTER TABLE call_attempt_v12 RENAME TO call_attempt;
CREATE INDEX IF NOT EXISTS call_attempt_followup ON call_attempt (followup_id);

-- This migration brings the file to schema version 12.
PRAGMA user_version = 12;
