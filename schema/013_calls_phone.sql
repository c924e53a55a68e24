-- senda schema v13: a phone found wrong on a follow-up call (issue 13).
--
-- A call's outcome "wrong number" or "disconnected" marks the person's
-- phone as bad: phone_bad holds the number as it was then. While her phone
-- is that number, every open call of hers is held (on no call list, not
-- counted as due); a new phone (an edit, or a merge's) releases them, with
-- nothing else to write. Travels like every other field
-- (schema/field_log.sql logs the column: build-aux/gen-exchange-sql.py log).
-- senda-add-column: participant phone_bad TEXT NOT NULL DEFAULT ''

-- This migration brings the file to schema version 13.
PRAGMA user_version = 13;
