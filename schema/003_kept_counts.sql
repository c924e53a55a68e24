-- senda schema v3: the home screen's counts (open referrals, the week's
-- intakes), kept by triggers like the participant tally, so that neither the
-- home screen nor 'senda referrals' counts 157,000 rows at a hub on every
-- draw. The triggers are on the tables, so every writer (forms, the command
-- line, demo, a later merge or import) is covered. Safe to run twice: IF NOT
-- EXISTS / OR IGNORE everywhere, and the counts are only taken when their
-- rows are made.
--
-- Kept, over live rows (deleted = 0):
--   tally 'referral_open'         referrals referred, contacted or enrolled
--   tally 'referral_waiting'      referrals referred or contacted (waiting
--                                 for an answer)
--   tally_day 'referral_waiting'  those by the day of their last status
--                                 change (status_on): the overdue ones are
--                                 the waiting ones less the days after the
--                                 cutoff, so no count reads more rows than
--                                 the overdue setting has days
--   tally_day 'intake'            participants by the day they were added
--                                 (created_at): the week's intakes, 7 rows
-- Local to this file: derived from the rows, never exchanged. A day whose
-- count falls to 0 is removed.

CREATE TABLE IF NOT EXISTS tally_day (
	name TEXT NOT NULL,
	day  TEXT NOT NULL,              -- YYYY-MM-DD
	n    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (name, day)
) WITHOUT ROWID;

INSERT OR IGNORE INTO tally (name, n)
	SELECT 'referral_open', count(*) FROM referral
	WHERE deleted = 0 AND status IN ('referred', 'contacted', 'enrolled');
INSERT OR IGNORE INTO tally (name, n)
	SELECT 'referral_waiting', count(*) FROM referral
	WHERE deleted = 0 AND status IN ('referred', 'contacted');
INSERT OR IGNORE INTO tally_day (name, day, n)
	SELECT 'referral_waiting', status_on, count(*) FROM referral
	WHERE deleted = 0 AND status IN ('referred', 'contacted') GROUP BY status_on;
INSERT OR IGNORE INTO tally_day (name, day, n)
	SELECT 'intake', substr(created_at, 1, 10), count(*) FROM participant
	WHERE deleted = 0 GROUP BY substr(created_at, 1, 10);

-- A row's part in the counts is taken away when it goes (or changes) and
-- added when it comes (or has changed): one rule for every kind of write.
CREATE TRIGGER IF NOT EXISTS referral_counts_ai AFTER INSERT ON referral
WHEN new.deleted = 0 AND new.status IN ('referred', 'contacted', 'enrolled') BEGIN
	UPDATE tally SET n = n + 1 WHERE name = 'referral_open';
	UPDATE tally SET n = n + 1
	WHERE name = 'referral_waiting' AND new.status IN ('referred', 'contacted');
	INSERT INTO tally_day (name, day, n)
	SELECT 'referral_waiting', new.status_on, 1 WHERE new.status IN ('referred', 'contacted')
	ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER IF NOT EXISTS referral_counts_ad AFTER DELETE ON referral
WHEN old.deleted = 0 AND old.status IN ('referred', 'contacted', 'enrolled') BEGIN
	UPDATE tally SET n = n - 1 WHERE name = 'referral_open';
	UPDATE tally SET n = n - 1
	WHERE name = 'referral_waiting' AND old.status IN ('referred', 'contacted');
	UPDATE tally_day SET n = n - 1
	WHERE name = 'referral_waiting' AND day = old.status_on AND old.status IN ('referred', 'contacted');
	DELETE FROM tally_day WHERE name = 'referral_waiting' AND day = old.status_on AND n <= 0;
END;

CREATE TRIGGER IF NOT EXISTS referral_counts_au AFTER UPDATE OF
	status, status_on, deleted ON referral
BEGIN
	UPDATE tally SET n = n
		- (old.deleted = 0 AND old.status IN ('referred', 'contacted', 'enrolled'))
		+ (new.deleted = 0 AND new.status IN ('referred', 'contacted', 'enrolled'))
	WHERE name = 'referral_open';
	UPDATE tally SET n = n
		- (old.deleted = 0 AND old.status IN ('referred', 'contacted'))
		+ (new.deleted = 0 AND new.status IN ('referred', 'contacted'))
	WHERE name = 'referral_waiting';
	UPDATE tally_day SET n = n - 1
	WHERE name = 'referral_waiting' AND day = old.status_on AND old.deleted = 0 AND old.status IN ('referred', 'contacted');
	INSERT INTO tally_day (name, day, n)
	SELECT 'referral_waiting', new.status_on, 1 WHERE new.deleted = 0 AND new.status IN ('referred', 'contacted')
	ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
	DELETE FROM tally_day WHERE name = 'referral_waiting' AND day = old.status_on AND n <= 0;
END;

CREATE TRIGGER IF NOT EXISTS participant_intake_ai AFTER INSERT ON participant
WHEN new.deleted = 0 BEGIN
	INSERT INTO tally_day (name, day, n) SELECT 'intake', substr(new.created_at, 1, 10), 1
	WHERE true ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER IF NOT EXISTS participant_intake_ad AFTER DELETE ON participant
WHEN old.deleted = 0 BEGIN
	UPDATE tally_day SET n = n - 1 WHERE name = 'intake' AND day = substr(old.created_at, 1, 10);
	DELETE FROM tally_day WHERE name = 'intake' AND day = substr(old.created_at, 1, 10)
	AND n <= 0;
END;

CREATE TRIGGER IF NOT EXISTS participant_intake_au AFTER UPDATE OF
	created_at, deleted ON participant
BEGIN
	UPDATE tally_day SET n = n - 1
	WHERE name = 'intake' AND day = substr(old.created_at, 1, 10) AND old.deleted = 0;
	INSERT INTO tally_day (name, day, n) SELECT 'intake', substr(new.created_at, 1, 10), 1
	WHERE new.deleted = 0 ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
	DELETE FROM tally_day WHERE name = 'intake' AND day = substr(old.created_at, 1, 10)
	AND n <= 0;
END;

-- 'senda referrals' and the follow-up list read the open referrals oldest
-- status first, a page at a time: in this index's order, never sorted.
CREATE INDEX IF NOT EXISTS referral_open_by_day ON referral (status_on, created_at, id)
	WHERE deleted = 0 AND status IN ('referred', 'contacted', 'enrolled');

PRAGMA user_version = 3;
