-- senda schema v3: search in name order. participant_fts finds who matches,
-- but only in rowid order, and a word longer than its prefix indexes (four
-- letters) reads every matching posting. name_prefix holds every prefix of
-- every word of each live person's names (folded like text_fold: no accents,
-- no case), keyed by the list's own order, so that the first screenful of a
-- search is read in name order without reading every match. The rows of
-- several words are walked side by side, each skipping ahead to where the
-- others are (a leapfrog join), so that "garcia lopez" jumps from one
-- cluster of surnames to the next instead of reading every García.
-- The model keeps it in step in the same transaction as each write of the
-- names (the folding is senda's, see text_word_prefixes); this migration
-- builds it for the people already in the file. Safe to run twice.
CREATE TABLE IF NOT EXISTS name_prefix (
	prefix   TEXT NOT NULL,
	sort_key TEXT NOT NULL,      -- participant.sort_key
	pid      INTEGER NOT NULL,   -- participant.rowid
	PRIMARY KEY (prefix, sort_key, pid)
) WITHOUT ROWID;

WITH RECURSIVE
	w(pid, sort_key, pre, rest) AS (
		SELECT rowid, sort_key, '', senda_word_prefixes(given_names || ' ' || first_surname
			|| ' ' || second_surname || ' ' || preferred_name) || ' '
		FROM participant WHERE deleted = 0
		UNION ALL
		SELECT pid, sort_key, substr(rest, 1, instr(rest, ' ') - 1),
			substr(rest, instr(rest, ' ') + 1)
		FROM w WHERE rest <> '')
INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid)
	SELECT pre, sort_key, pid FROM w WHERE pre <> '' ORDER BY 1, 2, 3;

-- This migration brings the file to schema version 3.
PRAGMA user_version = 3;
