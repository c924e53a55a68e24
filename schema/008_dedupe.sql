-- senda schema v8: the same person met twice (duplicate matching).
-- nickname: the nicknames that a given name may be written as, kept as data
-- so that an organization can add its own (`senda nicknames add`). Every
-- name is stored folded (text_fold: no accents, no case) with the formal
-- name of its group; the formal name is a row of its own group too. Two
-- given names match as nicknames when they share a group ("pepe" and
-- "jose"; "alex" is in the groups of both "alejandro" and "alejandra").
-- Local to the site: not exchanged.
-- The candidates at intake are looked up by phone (its last ten digits,
-- whatever the +1, +52 or +521 before them and the spaces, dashes, dots and
-- brackets between) and by birth date: two indexes on expressions of
-- built-in functions only (the sqlite3 shell keeps them too). Safe to run
-- twice.
CREATE TABLE IF NOT EXISTS nickname (
	name   TEXT NOT NULL,   -- folded: 'pepe'
	formal TEXT NOT NULL,   -- folded formal name of the group: 'jose'
	PRIMARY KEY (name, formal)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nickname_formal ON nickname (formal, name);

INSERT OR IGNORE INTO nickname (name, formal) VALUES
	('jose', 'jose'),
	('pepe', 'jose'),
	('chepe', 'jose'),
	('pepito', 'jose'),
	('cheo', 'jose'),
	('francisco', 'francisco'),
	('paco', 'francisco'),
	('pancho', 'francisco'),
	('frank', 'francisco'),
	('kiko', 'francisco'),
	('curro', 'francisco'),
	('paquito', 'francisco'),
	('panchito', 'francisco'),
	('guadalupe', 'guadalupe'),
	('lupe', 'guadalupe'),
	('lupita', 'guadalupe'),
	('jesus', 'jesus'),
	('chuy', 'jesus'),
	('chucho', 'jesus'),
	('ignacio', 'ignacio'),
	('nacho', 'ignacio'),
	('enrique', 'enrique'),
	('quique', 'enrique'),
	('kike', 'enrique'),
	('dolores', 'dolores'),
	('lola', 'dolores'),
	('lolita', 'dolores'),
	('concepcion', 'concepcion'),
	('concha', 'concepcion'),
	('conchita', 'concepcion'),
	('rosario', 'rosario'),
	('chayo', 'rosario'),
	('charo', 'rosario'),
	('manuel', 'manuel'),
	('manolo', 'manuel'),
	('manny', 'manuel'),
	('alejandro', 'alejandro'),
	('alex', 'alejandro'),
	('ale', 'alejandro'),
	('alejandra', 'alejandra'),
	('alex', 'alejandra'),
	('ale', 'alejandra'),
	('guillermo', 'guillermo'),
	('memo', 'guillermo'),
	('willy', 'guillermo'),
	('roberto', 'roberto'),
	('beto', 'roberto'),
	('alberto', 'alberto'),
	('beto', 'alberto'),
	('humberto', 'humberto'),
	('beto', 'humberto'),
	('gilberto', 'gilberto'),
	('beto', 'gilberto'),
	('eduardo', 'eduardo'),
	('lalo', 'eduardo'),
	('antonio', 'antonio'),
	('tono', 'antonio'),
	('tony', 'antonio'),
	('luis', 'luis'),
	('lucho', 'luis'),
	('wicho', 'luis'),
	('ramon', 'ramon'),
	('moncho', 'ramon'),
	('santiago', 'santiago'),
	('chago', 'santiago'),
	('santi', 'santiago'),
	('rafael', 'rafael'),
	('rafa', 'rafael'),
	('ricardo', 'ricardo'),
	('richi', 'ricardo'),
	('ricky', 'ricardo'),
	('fernando', 'fernando'),
	('nando', 'fernando'),
	('mercedes', 'mercedes'),
	('meche', 'mercedes'),
	('soledad', 'soledad'),
	('chole', 'soledad'),
	('socorro', 'socorro'),
	('coco', 'socorro'),
	('refugio', 'refugio'),
	('cuca', 'refugio'),
	('cuco', 'refugio'),
	('cristina', 'cristina'),
	('cris', 'cristina'),
	('tina', 'cristina'),
	('patricia', 'patricia'),
	('paty', 'patricia'),
	('pati', 'patricia'),
	('isabel', 'isabel'),
	('chabela', 'isabel'),
	('chavela', 'isabel'),
	('isa', 'isabel'),
	('carmen', 'carmen'),
	('carmela', 'carmen'),
	('mela', 'carmen'),
	('josefina', 'josefina'),
	('chepina', 'josefina'),
	('fina', 'josefina'),
	('pepa', 'josefina'),
	('josefa', 'josefa'),
	('pepa', 'josefa'),
	('felipe', 'felipe'),
	('pipe', 'felipe'),
	('rodrigo', 'rodrigo'),
	('rigo', 'rodrigo'),
	('salvador', 'salvador'),
	('chava', 'salvador'),
	('chavo', 'salvador'),
	('jorge', 'jorge'),
	('coque', 'jorge'),
	('juan', 'juan'),
	('juancho', 'juan'),
	('juanito', 'juan'),
	('gabriel', 'gabriel'),
	('gabo', 'gabriel'),
	('gabriela', 'gabriela'),
	('gaby', 'gabriela'),
	('graciela', 'graciela'),
	('chela', 'graciela'),
	('teresa', 'teresa'),
	('tere', 'teresa'),
	('beatriz', 'beatriz'),
	('bety', 'beatriz'),
	('leticia', 'leticia'),
	('lety', 'leticia'),
	('ernesto', 'ernesto'),
	('neto', 'ernesto'),
	('andres', 'andres'),
	('andy', 'andres'),
	('daniel', 'daniel'),
	('dani', 'daniel'),
	('daniela', 'daniela'),
	('dani', 'daniela'),
	('veronica', 'veronica'),
	('vero', 'veronica'),
	('monica', 'monica'),
	('moni', 'monica'),
	('rocio', 'rocio'),
	('chio', 'rocio'),
	('anastasio', 'anastasio'),
	('tacho', 'anastasio'),
	('eusebio', 'eusebio'),
	('chebo', 'eusebio'),
	('alfredo', 'alfredo'),
	('fredo', 'alfredo'),
	('joaquin', 'joaquin'),
	('quino', 'joaquin'),
	('chimo', 'joaquin'),
	('martin', 'martin'),
	('tincho', 'martin'),
	('nicolas', 'nicolas'),
	('nico', 'nicolas'),
	('sebastian', 'sebastian'),
	('sebas', 'sebastian'),
	('wilfredo', 'wilfredo'),
	('willy', 'wilfredo'),
	('ximena', 'ximena'),
	('xime', 'ximena'),
	('esperanza', 'esperanza'),
	('espe', 'esperanza'),
	('asuncion', 'asuncion'),
	('chon', 'asuncion'),
	('encarnacion', 'encarnacion'),
	('chon', 'encarnacion');

-- The live records linked to one (dedupe_link), found without reading them
-- all; their count is how many people the file holds twice (the home
-- screen counts a person once).
CREATE INDEX IF NOT EXISTS participant_linked ON participant (linked_to)
	WHERE linked_to IS NOT NULL AND deleted = 0;
CREATE INDEX IF NOT EXISTS participant_birth ON participant (birth_date)
	WHERE deleted = 0 AND birth_date IS NOT NULL;
CREATE INDEX IF NOT EXISTS participant_phone10 ON participant (
	substr(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''),
		')', ''), '.', ''), '+', ''), -10))
	WHERE deleted = 0 AND phone <> '';
CREATE INDEX IF NOT EXISTS participant_phone_alt10 ON participant (
	substr(replace(replace(replace(replace(replace(replace(phone_alt, ' ', ''), '-', ''), '(', ''),
		')', ''), '.', ''), '+', ''), -10))
	WHERE deleted = 0 AND phone_alt <> '';

-- dedupe_distinct: two people someone looked at and said are not the same
-- person. It travels (a table of the exchange, like the others: its field
-- log triggers are in schema/field_log.sql, made by
-- build-aux/gen-exchange-sql.py log), so that the pair is never proposed again at any site. The
-- id comes from the sorted pair (dedupe_pair_id), so that two sites that
-- decide the same pair make one row. deleted = 1: the decision taken back.
CREATE TABLE IF NOT EXISTS dedupe_distinct (
	id          TEXT PRIMARY KEY NOT NULL,
	site_id     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	person_a    TEXT NOT NULL,           -- participant.id, the smaller
	person_b    TEXT NOT NULL,           -- participant.id, the larger
	CHECK (person_a < person_b)
);
CREATE INDEX IF NOT EXISTS dedupe_distinct_a ON dedupe_distinct (person_a, person_b);
CREATE INDEX IF NOT EXISTS dedupe_distinct_b ON dedupe_distinct (person_b, person_a);

-- dedupe_distinct
INSERT OR IGNORE INTO field_change (tbl, row_id, field, clock, site, value, who)
	SELECT 'dedupe_distinct', id, '', updated_at, site_id, NULL, updated_by FROM dedupe_distinct;

-- This migration brings the file to schema version 8.
PRAGMA user_version = 8;
