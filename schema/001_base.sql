-- senda schema v1: the whole program's tables, so later work adds screens,
-- not tables. Safe to run twice: every statement is IF NOT EXISTS / OR IGNORE.
--
-- Every exchanged row carries: id (UUID), site_id (the site that created it),
-- created_at (UTC ISO 8601), updated_at (hybrid logical clock, sortable text),
-- updated_by (user id), deleted (tombstone). Nothing is hard-deleted except by
-- "erase this person", which blanks the personal fields and keeps the row.
--
-- By design there is NO column for immigration status, document numbers or
-- SSN. Do not add one.
--
-- Foreign keys are DEFERRABLE INITIALLY DEFERRED so that a merge may insert
-- rows in any order inside its one transaction.

-- Local settings of this file (never exported): this site's id, the current
-- user, the clock state, preferences.
CREATE TABLE IF NOT EXISTS setting (
	key   TEXT PRIMARY KEY NOT NULL,
	value TEXT
);

CREATE TABLE IF NOT EXISTS site (
	id         TEXT PRIMARY KEY NOT NULL,
	site_id    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL DEFAULT 'community'
	           CHECK (kind IN ('community', 'college', 'hub', 'other'))
);

CREATE TABLE IF NOT EXISTS user (
	id         TEXT PRIMARY KEY NOT NULL,
	site_id    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	name       TEXT NOT NULL,
	ui_lang    TEXT NOT NULL DEFAULT 'en' CHECK (ui_lang IN ('en', 'es')),
	role       TEXT NOT NULL DEFAULT 'coordinator'
	           CHECK (role IN ('coordinator', 'esl', 'volunteer', 'hub')),
	pin_hash   TEXT            -- Argon2id (libsodium crypto_pwhash_str), or NULL
);

CREATE TABLE IF NOT EXISTS participant (
	id              TEXT PRIMARY KEY NOT NULL,
	site_id         TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL DEFAULT '',
	deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	given_names     TEXT NOT NULL,
	first_surname   TEXT NOT NULL DEFAULT '',
	second_surname  TEXT NOT NULL DEFAULT '',
	preferred_name  TEXT NOT NULL DEFAULT '',
	birth_date      TEXT,                   -- YYYY-MM-DD or NULL
	phone           TEXT NOT NULL DEFAULT '',
	phone_alt       TEXT NOT NULL DEFAULT '',
	email           TEXT NOT NULL DEFAULT '',
	language        TEXT NOT NULL DEFAULT 'es', -- participant's language (drives scripts, slips)
	best_time       TEXT NOT NULL DEFAULT '',   -- best time to call, free text
	country         TEXT NOT NULL DEFAULT '',   -- country of origin
	years_in_us     INTEGER CHECK (years_in_us IS NULL OR years_in_us BETWEEN 0 AND 100),
	schooling       TEXT NOT NULL DEFAULT ''
	                CHECK (schooling IN ('', 'none', 'primary', 'secondary', 'diploma_abroad',
	                                     'hs_us', 'ged', 'some_college', 'degree')),
	employed        INTEGER CHECK (employed IS NULL OR employed IN (0, 1)),
	wage_cents      INTEGER CHECK (wage_cents IS NULL OR wage_cents >= 0), -- hourly, at intake
	work_interests  TEXT NOT NULL DEFAULT '',
	heard_from      TEXT NOT NULL DEFAULT '',   -- how they heard of the program
	consent_contact INTEGER NOT NULL DEFAULT 0 CHECK (consent_contact IN (0, 1)),
	consent_share   INTEGER NOT NULL DEFAULT 0 CHECK (consent_share IN (0, 1)),
	consent_date    TEXT,                       -- when consent was given or changed
	linked_to       TEXT,                       -- same person at another site (dedupe link)
	sort_key        TEXT NOT NULL DEFAULT ''    -- surnames and names folded (no accents,
	                                            -- no case), so that Álvarez sorts with A
);
CREATE INDEX IF NOT EXISTS participant_sort ON participant (sort_key, id) WHERE deleted = 0;
-- Partial indexes (WHERE deleted = 0) answer the home screen's counts from the
-- index alone, without reading the rows.
CREATE INDEX IF NOT EXISTS participant_created ON participant (created_at) WHERE deleted = 0;

-- Search: accent-, case- and order-insensitive over all name parts. Kept in
-- step by triggers so that every writer (forms, import, merge) is covered.
CREATE VIRTUAL TABLE IF NOT EXISTS participant_fts USING fts5 (
	names,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '1 2 3 4'   -- search-as-you-type asks for short prefixes
);
CREATE TRIGGER IF NOT EXISTS participant_fts_ai AFTER INSERT ON participant
WHEN new.deleted = 0 BEGIN
	INSERT INTO participant_fts (rowid, names) VALUES (new.rowid,
		new.given_names || ' ' || new.first_surname || ' ' || new.second_surname
		|| ' ' || new.preferred_name);
END;
CREATE TRIGGER IF NOT EXISTS participant_fts_ad AFTER DELETE ON participant BEGIN
	DELETE FROM participant_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER IF NOT EXISTS participant_fts_au AFTER UPDATE OF
	given_names, first_surname, second_surname, preferred_name, deleted ON participant
BEGIN
	DELETE FROM participant_fts WHERE rowid = old.rowid;
	INSERT INTO participant_fts (rowid, names)
	SELECT new.rowid, new.given_names || ' ' || new.first_surname || ' '
		|| new.second_surname || ' ' || new.preferred_name
	WHERE new.deleted = 0;
END;

-- Live counts kept by triggers, so that a screen showing "500,000
-- participants" does not scan the table.
CREATE TABLE IF NOT EXISTS tally (
	name TEXT PRIMARY KEY NOT NULL,
	n    INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO tally (name, n)
	SELECT 'participant', count(*) FROM participant WHERE deleted = 0;
CREATE TRIGGER IF NOT EXISTS participant_tally_ai AFTER INSERT ON participant
WHEN new.deleted = 0 BEGIN
	UPDATE tally SET n = n + 1 WHERE name = 'participant';
END;
CREATE TRIGGER IF NOT EXISTS participant_tally_ad AFTER DELETE ON participant
WHEN old.deleted = 0 BEGIN
	UPDATE tally SET n = n - 1 WHERE name = 'participant';
END;
CREATE TRIGGER IF NOT EXISTS participant_tally_au AFTER UPDATE OF deleted ON participant
WHEN old.deleted <> new.deleted BEGIN
	UPDATE tally SET n = n + (CASE WHEN new.deleted = 0 THEN 1 ELSE -1 END)
	WHERE name = 'participant';
END;

-- ESL level names (NRS Educational Functioning Levels), both languages.
CREATE TABLE IF NOT EXISTS esl_level (
	level   INTEGER PRIMARY KEY NOT NULL CHECK (level BETWEEN 1 AND 6),
	name_en TEXT NOT NULL,
	name_es TEXT NOT NULL,
	desc_en TEXT NOT NULL,
	desc_es TEXT NOT NULL
);

-- A cut-score table: one instrument, one version, effective from a date.
CREATE TABLE IF NOT EXISTS esl_table (
	id             TEXT PRIMARY KEY NOT NULL,
	site_id        TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	updated_by     TEXT NOT NULL DEFAULT '',
	deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	instrument     TEXT NOT NULL,   -- casas, best_plus, best_literacy, tabe_clas_e, oral
	version        TEXT NOT NULL,
	effective_date TEXT NOT NULL,
	source         TEXT NOT NULL DEFAULT '',
	verified       INTEGER NOT NULL DEFAULT 1 CHECK (verified IN (0, 1)),
	retired        INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
	UNIQUE (instrument, version)
);

-- One level's score range in a table (bounds inclusive; max NULL = open).
CREATE TABLE IF NOT EXISTS esl_band (
	id         TEXT PRIMARY KEY NOT NULL,
	site_id    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	table_id   TEXT NOT NULL REFERENCES esl_table (id) DEFERRABLE INITIALLY DEFERRED,
	level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 6),
	min_score  INTEGER,
	max_score  INTEGER,
	UNIQUE (table_id, level)
);

CREATE TABLE IF NOT EXISTS screening (
	id             TEXT PRIMARY KEY NOT NULL,
	site_id        TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	updated_by     TEXT NOT NULL DEFAULT '',
	deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	participant_id TEXT NOT NULL REFERENCES participant (id) DEFERRABLE INITIALLY DEFERRED,
	instrument     TEXT NOT NULL,
	table_id       TEXT REFERENCES esl_table (id) DEFERRABLE INITIALLY DEFERRED,
	score          INTEGER,          -- NULL for a local oral interview
	level          INTEGER NOT NULL CHECK (level BETWEEN 1 AND 6),
	exited         INTEGER NOT NULL DEFAULT 0 CHECK (exited IN (0, 1)),
	screened_on    TEXT NOT NULL,
	screener       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS screening_participant ON screening (participant_id, screened_on);

CREATE TABLE IF NOT EXISTS partner (
	id           TEXT PRIMARY KEY NOT NULL,
	site_id      TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	name         TEXT NOT NULL,
	kind         TEXT NOT NULL DEFAULT 'other'
	             CHECK (kind IN ('community', 'college', 'job_center', 'employer', 'other')),
	contact_name TEXT NOT NULL DEFAULT '',
	phone        TEXT NOT NULL DEFAULT '',
	email        TEXT NOT NULL DEFAULT '',
	address      TEXT NOT NULL DEFAULT '',
	city         TEXT NOT NULL DEFAULT '',
	notes        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS program (
	id            TEXT PRIMARY KEY NOT NULL,
	site_id       TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL DEFAULT '',
	deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	partner_id    TEXT NOT NULL REFERENCES partner (id) DEFERRABLE INITIALLY DEFERRED,
	name          TEXT NOT NULL,
	kind          TEXT NOT NULL DEFAULT 'other'
	              CHECK (kind IN ('esl', 'ged', 'vocational', 'workshop', 'job_center', 'other')),
	min_esl_level INTEGER CHECK (min_esl_level IS NULL OR min_esl_level BETWEEN 1 AND 6),
	needs_diploma INTEGER NOT NULL DEFAULT 0 CHECK (needs_diploma IN (0, 1)),
	documents     TEXT NOT NULL DEFAULT '',   -- what to bring
	schedule      TEXT NOT NULL DEFAULT '',
	cost_cents    INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0),
	contact_name  TEXT NOT NULL DEFAULT '',   -- whom to ask for
	credential    TEXT NOT NULL DEFAULT ''    -- e.g. Nurse Aide I
);
CREATE INDEX IF NOT EXISTS program_partner ON program (partner_id);

CREATE TABLE IF NOT EXISTS referral (
	id             TEXT PRIMARY KEY NOT NULL,
	site_id        TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	updated_by     TEXT NOT NULL DEFAULT '',
	deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	participant_id TEXT NOT NULL REFERENCES participant (id) DEFERRABLE INITIALLY DEFERRED,
	program_id     TEXT NOT NULL REFERENCES program (id) DEFERRABLE INITIALLY DEFERRED,
	referred_on    TEXT NOT NULL,
	referred_by    TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL DEFAULT 'referred'
	               CHECK (status IN ('referred', 'contacted', 'enrolled', 'completed',
	                                 'declined', 'no_show', 'not_completed')),
	status_on      TEXT NOT NULL,
	credential     TEXT NOT NULL DEFAULT '',
	code           TEXT NOT NULL DEFAULT ''   -- short reference code on the slip
);
CREATE INDEX IF NOT EXISTS referral_participant ON referral (participant_id);
CREATE INDEX IF NOT EXISTS referral_by_status ON referral (status, status_on) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS referral_code ON referral (code);

CREATE TABLE IF NOT EXISTS referral_status (
	id          TEXT PRIMARY KEY NOT NULL,
	site_id     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	referral_id TEXT NOT NULL REFERENCES referral (id) DEFERRABLE INITIALLY DEFERRED,
	status      TEXT NOT NULL,
	changed_on  TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	changed_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS referral_status_referral ON referral_status (referral_id, changed_on);

CREATE TABLE IF NOT EXISTS placement (
	id             TEXT PRIMARY KEY NOT NULL,
	site_id        TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	updated_by     TEXT NOT NULL DEFAULT '',
	deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	participant_id TEXT NOT NULL REFERENCES participant (id) DEFERRABLE INITIALLY DEFERRED,
	employer       TEXT NOT NULL,
	employer_id    TEXT REFERENCES partner (id) DEFERRABLE INITIALLY DEFERRED,
	job_title      TEXT NOT NULL DEFAULT '',
	sector         TEXT NOT NULL DEFAULT '',
	start_date     TEXT NOT NULL,
	end_date       TEXT,
	wage_cents     INTEGER CHECK (wage_cents IS NULL OR wage_cents >= 0),
	hours_week     INTEGER CHECK (hours_week IS NULL OR hours_week BETWEEN 0 AND 100),
	benefits       INTEGER CHECK (benefits IS NULL OR benefits IN (0, 1))
);
CREATE INDEX IF NOT EXISTS placement_participant ON placement (participant_id);

-- A follow-up planned for a participant (a call at 30/90/180 days, ...).
CREATE TABLE IF NOT EXISTS followup (
	id             TEXT PRIMARY KEY NOT NULL,
	site_id        TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	updated_by     TEXT NOT NULL DEFAULT '',
	deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	participant_id TEXT NOT NULL REFERENCES participant (id) DEFERRABLE INITIALLY DEFERRED,
	purpose        TEXT NOT NULL DEFAULT 'general'
	               CHECK (purpose IN ('general', 'referral', 'placement', 'retention')),
	due_on         TEXT NOT NULL,
	status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
	assigned_to    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS followup_due ON followup (status, due_on) WHERE deleted = 0;

CREATE TABLE IF NOT EXISTS call_attempt (
	id          TEXT PRIMARY KEY NOT NULL,
	site_id     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	followup_id TEXT NOT NULL REFERENCES followup (id) DEFERRABLE INITIALLY DEFERRED,
	called_at   TEXT NOT NULL,
	outcome     TEXT NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'voicemail',
	                                             'wrong_number', 'callback', 'refused')),
	note        TEXT NOT NULL DEFAULT '',
	caller      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS call_attempt_followup ON call_attempt (followup_id);

-- Every edit: which row, which field, old and new value, when (HLC), where,
-- who. Field '' marks the creation of the row. Merge reads field clocks here.
CREATE TABLE IF NOT EXISTS change_log (
	id         TEXT PRIMARY KEY NOT NULL,
	site_id    TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,    -- the change's HLC value
	updated_by TEXT NOT NULL DEFAULT '',
	deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	tbl        TEXT NOT NULL,
	row_id     TEXT NOT NULL,
	field      TEXT NOT NULL,
	old_value  TEXT,
	new_value  TEXT
);
CREATE INDEX IF NOT EXISTS change_log_row ON change_log (row_id, updated_at);
CREATE INDEX IF NOT EXISTS change_log_clock ON change_log (updated_at);

-- A concurrent edit of the same field at two sites: resolved by the clock,
-- kept here for a person to review.
CREATE TABLE IF NOT EXISTS merge_conflict (
	id           TEXT PRIMARY KEY NOT NULL,
	site_id      TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	tbl          TEXT NOT NULL,
	row_id       TEXT NOT NULL,
	field        TEXT NOT NULL,
	kept_value   TEXT,
	kept_clock   TEXT NOT NULL,
	other_value  TEXT,
	other_clock  TEXT NOT NULL,
	other_site   TEXT NOT NULL,
	reviewed     INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
	UNIQUE (tbl, row_id, field, kept_clock, other_clock)
);

-- Exports made from this file, so "since the last export to X" works.
CREATE TABLE IF NOT EXISTS export_log (
	id          TEXT PRIMARY KEY NOT NULL,
	site_id     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	destination TEXT NOT NULL,
	up_to       TEXT NOT NULL,   -- highest HLC included
	rows        INTEGER NOT NULL DEFAULT 0
);

-- The six NRS level names and descriptors (shared/domain/esl-levels.md).
INSERT OR IGNORE INTO esl_level (level, name_en, name_es, desc_en, desc_es) VALUES
 (1, 'Beginning ESL Literacy', 'Alfabetización inicial en inglés',
     'No or isolated English words; little or no literacy in any language.',
     'Ninguna palabra o palabras sueltas en inglés; poca o ninguna alfabetización en cualquier idioma.'),
 (2, 'Low Beginning ESL', 'Principiante bajo',
     'Greetings, simple phrases, personal-information questions spoken slowly.',
     'Saludos, frases sencillas, preguntas de datos personales dichas despacio.'),
 (3, 'High Beginning ESL', 'Principiante alto',
     'Familiar words and simple sentences; entry jobs with very simple English.',
     'Palabras conocidas y oraciones sencillas; empleos de entrada con inglés muy sencillo.'),
 (4, 'Low Intermediate ESL', 'Intermedio bajo',
     'Simple conversations on familiar topics; simple forms.',
     'Conversaciones sencillas sobre temas conocidos; formularios sencillos.'),
 (5, 'High Intermediate ESL', 'Intermedio alto',
     'Basic medical forms, job applications, phone talk on familiar topics.',
     'Formularios médicos básicos, solicitudes de empleo, conversación telefónica sobre temas conocidos.'),
 (6, 'Advanced ESL', 'Avanzado',
     'Most everyday and work communication.',
     'La mayor parte de la comunicación diaria y laboral.');

-- This migration brings the file to schema version 1.
PRAGMA user_version = 1;
