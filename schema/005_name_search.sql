-- senda schema v5: search in name order. participant_fts finds who matches,
-- but only in rowid order, and a word longer than its prefix indexes (four
-- letters) reads every matching posting. name_prefix holds every prefix of
-- every word of each live person's names (folded like text_fold: no accents,
-- no case), keyed by the list's own order, so that the first screenful of a
-- search is read in name order without reading every match. The longest
-- word's rows are read in order and each person's sort_key tells whether the
-- other words match (the index tells for a person with a preferred name,
-- whose words sort_key does not hold); after a few misses in a row the
-- missing word's rows tell where the next candidate is, so that "garcia
-- lopez" jumps from one cluster of surnames to the next instead of reading
-- every García.
-- The model keeps it in step in the same transaction as each write of the
-- names (the folding is senda's, see text_word_prefixes); this migration
-- builds it for the people already in the file. Safe to run twice.
CREATE TABLE IF NOT EXISTS name_prefix (
	prefix   TEXT NOT NULL,
	sort_key TEXT NOT NULL,      -- participant.sort_key
	pid      INTEGER NOT NULL,   -- participant.rowid
	extra_words INTEGER NOT NULL CHECK (extra_words IN (0, 1)),   -- a preferred name
	PRIMARY KEY (prefix, sort_key, pid)
) WITHOUT ROWID;

WITH RECURSIVE
	w(pid, sort_key, extra_words, pre, rest) AS (
		SELECT rowid, sort_key, preferred_name <> '', '', senda_word_prefixes(given_names || ' ' || first_surname
			|| ' ' || second_surname || ' ' || preferred_name) || ' '
		FROM participant WHERE deleted = 0
		UNION ALL
		SELECT pid, sort_key, extra_words, substr(rest, 1, instr(rest, ' ') - 1),
			substr(rest, instr(rest, ' ') + 1)
		FROM w WHERE rest <> '')
INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid, extra_words)
	SELECT pre, sort_key, pid, extra_words FROM w WHERE pre <> '' ORDER BY 1, 2, 3;

-- This migration brings the file to schema version 5.
PRAGMA user_version = 5;
