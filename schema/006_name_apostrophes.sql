-- senda schema v6: the name search index folds apostrophes. O'Brien (with
-- ', U+2019 or U+02BC) is now the word "obrien" as well as "o" and "brien",
-- so that "obrien", "o'brien" and "obrien seán" find him (text_fold_words,
-- text_word_prefixes). The index rows of the people whose names hold an
-- apostrophe were written with the old folding: they are written again,
-- like schema 005 writes them, with the folding of this senda. No one
-- else's rows change. Safe to run twice.
DELETE FROM name_prefix WHERE pid IN (
	SELECT rowid FROM participant
	WHERE instr(given_names || first_surname || second_surname || preferred_name, '''') > 0
	   OR instr(given_names || first_surname || second_surname || preferred_name, '’') > 0
	   OR instr(given_names || first_surname || second_surname || preferred_name, 'ʼ') > 0);

WITH RECURSIVE
	w(pid, sort_key, extra_words, pre, rest) AS (
		SELECT rowid, sort_key, preferred_name <> '', '', senda_word_prefixes(given_names || ' ' || first_surname
			|| ' ' || second_surname || ' ' || preferred_name) || ' '
		FROM participant WHERE deleted = 0
		AND (instr(given_names || first_surname || second_surname || preferred_name, '''') > 0
		  OR instr(given_names || first_surname || second_surname || preferred_name, '’') > 0
		  OR instr(given_names || first_surname || second_surname || preferred_name, 'ʼ') > 0)
		UNION ALL
		SELECT pid, sort_key, extra_words, substr(rest, 1, instr(rest, ' ') - 1),
			substr(rest, instr(rest, ' ') + 1)
		FROM w WHERE rest <> '')
INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid, extra_words)
	SELECT pre, sort_key, pid, extra_words FROM w WHERE pre <> '' ORDER BY 1, 2, 3;

-- This migration brings the file to schema version 6.
PRAGMA user_version = 6;
