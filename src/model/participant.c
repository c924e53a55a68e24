/* senda — participants. One table of field descriptors drives validation,
 * reading, writing and the change log, so that a field is declared once. */
#include <config.h>

#include <ctype.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/field.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "senda/record.h"
#include "senda/uuid.h"
#include "db/stmt.h"
#include "record_sql.h"

/* The participant's languages to choose from: Spanish and English first
 * (most participants speak one of them), then languages often met among
 * newcomers looking for work in the US, among them two Mayan languages of
 * Guatemala. "mis" is ISO 639's code for a language without a code; another
 * code is taken too. */
const struct field_choice participant_languages[] = {
	/* L10N: names of languages, as a choice for the participant's language */
	{ "es", N_("Spanish") },
	{ "en", N_("English") },
	{ "pt", N_("Portuguese") },
	{ "ht", N_("Haitian Creole") },
	{ "quc", N_("K'iche'") },
	{ "mam", N_("Mam") },
	{ "fr", N_("French") },
	/* L10N: a language not in the list */
	{ "mis", N_("Another language") },
	{ NULL, NULL }
};

const struct field_choice participant_schooling[] = {
	{ "none", N_("No schooling") },
	{ "primary", N_("Primary school") },
	{ "secondary", N_("Some secondary school") },
	{ "diploma_abroad", N_("Secondary diploma (abroad)") },
	{ "hs_us", N_("High school diploma (US)") },
	{ "ged", N_("GED") },
	{ "some_college", N_("Some college") },
	{ "degree", N_("College degree") },
	{ NULL, NULL }
};

/* One line a field: column, label, type, limit, required, choices, the
 * command-line option, the CSV headers (English, Spanish), how it travels,
 * flags. Order matters: it is the column order of COLS, INSERT and UPDATE
 * below. */
#define PF(c, l, k, m, r, ch, o, en, es, fl) \
	{ #c, l, k, offsetof(participant, c), m, r, ch, o, en, es, FT_LWW, fl }
const field_desc participant_fields[] = {
	PF(given_names, N_("Given names"), FK_TEXT, PARTICIPANT_NAME_MAX, true, NULL,
	   "given", "given_names", "nombres", FF_FORM),
	PF(first_surname, N_("First surname"), FK_TEXT, PARTICIPANT_NAME_MAX, true, NULL,
	   "surname", "first_surname", "primer_apellido", FF_FORM),
	PF(second_surname, N_("Second surname"), FK_TEXT, PARTICIPANT_NAME_MAX, false, NULL,
	   "surname2", "second_surname", "segundo_apellido", FF_FORM),
	PF(preferred_name, N_("Preferred name"), FK_TEXT, PARTICIPANT_NAME_MAX, false, NULL,
	   "preferred", "preferred_name", "nombre_preferido", FF_FORM),
	PF(birth_date, N_("Date of birth"), FK_DATE, 0, false, NULL,
	   "birth", "birth_date", "fecha_nacimiento", FF_FORM | FF_BEFORE_TODAY),
	PF(phone, N_("Phone"), FK_PHONE, 40, false, NULL, "phone", "phone", "teléfono", FF_FORM),
	PF(phone_alt, N_("Other phone"), FK_PHONE, 40, false, NULL,
	   "phone2", "other_phone", "otro_teléfono", FF_FORM),
	PF(email, N_("E-mail"), FK_EMAIL, 120, false, NULL, "email", "email", "correo", FF_FORM),
	PF(language, N_("Participant's language"), FK_CHOICE, 3, true, participant_languages,
	   "language", "language", "idioma", FF_FORM | FF_OPEN_CHOICE),
	PF(best_time, N_("Best time to call"), FK_TEXT, PARTICIPANT_TEXT_MAX, false, NULL,
	   "best-time", "best_time", "mejor_hora", FF_FORM),
	PF(country, N_("Country of origin"), FK_TEXT, PARTICIPANT_NAME_MAX, false, NULL,
	   "country", "country", "país", FF_FORM),
	PF(years_in_us, N_("Years in the US"), FK_INT, 100, false, NULL,
	   "years-us", "years_in_us", "años_en_eeuu", FF_FORM),
	PF(schooling, N_("Schooling"), FK_CHOICE, 20, false, participant_schooling,
	   "schooling", "schooling", "escolaridad", FF_FORM),
	PF(employed, N_("Employed at intake"), FK_YESNO, 1, false, NULL,
	   "employed", "employed", "con_empleo", FF_FORM | FF_NOT_GIVEN),
	PF(wage_cents, N_("Hourly wage at intake"), FK_MONEY, 100000, false, NULL,
	   "wage", "hourly_wage", "salario_por_hora", FF_FORM),
	PF(work_interests, N_("Work interests"), FK_TEXT, PARTICIPANT_TEXT_MAX, false, NULL,
	   "interests", "work_interests", "intereses_de_trabajo", FF_FORM),
	PF(heard_from, N_("How they heard of us"), FK_TEXT, PARTICIPANT_TEXT_MAX, false, NULL,
	   "heard", "heard_from", "cómo_supo", FF_FORM),
	PF(consent_contact, N_("Consent to be contacted"), FK_YESNO, 1, false, NULL,
	   "consent-contact", "consent_contact", "acepta_contacto", FF_FORM),
	PF(consent_share, N_("Consent to share with partners"), FK_YESNO, 1, false, NULL,
	   "consent-share", "consent_share", "acepta_compartir", FF_FORM),
	PF(consent_date, N_("Consent date"), FK_DATE, 0, false, NULL,
	   NULL, "consent_date", "fecha_consentimiento", 0),
};
const size_t participant_nfields = sizeof participant_fields / sizeof participant_fields[0];
#define NFIELDS (sizeof participant_fields / sizeof participant_fields[0])
#define FIELD(key) field_find(participant_fields, NFIELDS, (key))
_Static_assert(NFIELDS == PARTICIPANT_NFIELDS, "PARTICIPANT_NFIELDS");

#define COLS "id, site_id, created_at, updated_at, updated_by, deleted, " \
	"given_names, first_surname, second_surname, preferred_name, birth_date, " \
	"phone, phone_alt, email, language, best_time, country, years_in_us, " \
	"schooling, employed, wage_cents, work_interests, heard_from, " \
	"consent_contact, consent_share, consent_date"
#define FIRST_FIELD_COL 6

const char *const participant_schooling_codes[] = {
	"none", "primary", "secondary", "diploma_abroad", "hs_us", "ged",
	"some_college", "degree", NULL
};

const char *
participant_schooling_label(const char *code)
{
	return field_choice_label(participant_schooling, code);
}

const char *
participant_field_label(const char *column)
{
	const field_desc *f = field_find(participant_fields, NFIELDS, column);
	return f ? f->label : NULL;
}

/* ---- struct helpers ---------------------------------------------------- */


void
participant_set(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v ? v : "");
}

void
participant_init(participant *p)
{
	memset(p, 0, sizeof *p);
	field_clear_all(participant_fields, NFIELDS, p);
	participant_set(&p->language, "es");
	p->consent_contact = 0;
	p->consent_share = 0;
	p->created_at = xstrdup("");
	p->updated_at = xstrdup("");
	p->updated_by = xstrdup("");
}

void
participant_free(participant *p)
{
	if (!p)
		return;
	field_free_all(participant_fields, NFIELDS, p);
	free(p->created_at);
	free(p->updated_at);
	free(p->updated_by);
	p->created_at = p->updated_at = p->updated_by = NULL;
}

/* A field's value as text, for the change log and comparison; NULL = empty. */
static char *
value_text(const participant *p, const field_desc *f)
{
	char *v = field_stored(f, p);
	if (!*v) {
		free(v);
		return NULL;
	}
	return v;
}

/* ---- validation -------------------------------------------------------- */

bool
participant_phone_ok(const char *phone)
{
	return field_phone_ok(phone);
}

static bool
lang_code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]))
			return false;
	return true;
}

/* A date the person's record holds: not after today. */
static senda_err
check_date(const field_desc *f, const char *iso, sdate today, sdate *out,
	   senda_error *err)
{
	if (!*iso)
		return SENDA_OK;
	if (date_from_iso(iso, out) != DATE_OK)   /* field_check said why */
		return senda_fail(err, SENDA_E_DATE, f->label, "%s", iso);
	if (date_cmp(*out, today) > 0)
		return senda_fail(err, SENDA_E_FUTURE, f->label, "%s", iso);
	return SENDA_OK;
}

senda_err
participant_validate(participant *p, sdate today, senda_error *err)
{
	/* Each field by its type: text, limits, phone, e-mail, choices, ranges. */
	for (size_t i = 0; i < NFIELDS; i++) {
		senda_err e = field_check(&participant_fields[i], p, err);
		if (e != SENDA_OK)
			return e;
	}
	/* Then what only a person's record knows. */
	if (!lang_code_ok(p->language))
		return senda_fail(err, SENDA_E_CHOICE, N_("Participant's language"),
				  "%s", _("a language code such as es, en, pt"));
	sdate birth = { 0, 0, 0 }, consent;
	senda_err e = check_date(field_find(participant_fields, NFIELDS, "birth_date"), p->birth_date, today,
				 &birth, err);
	if (e != SENDA_OK)
		return e;
	if (*p->birth_date && date_years_between(birth, today) > 110)
		return field_fail(err, SENDA_E_TOOOLD, FIELD("birth_date"), NULL);
	if (*p->birth_date && date_cmp(birth, today) == 0)
		return field_fail(err, SENDA_E_FUTURE, FIELD("birth_date"), "%s",
				  _("a date of birth is before today"));
	e = check_date(field_find(participant_fields, NFIELDS, "consent_date"), p->consent_date, today,
		       &consent, err);
	if (e != SENDA_OK)
		return e;
	if (*p->birth_date && p->years_in_us > date_years_between(birth, today))
		return field_fail(err, SENDA_E_RANGE, FIELD("years_in_us"),
				  "%s", _("more than the person's age"));
	/* Consent is a yes or a no, never "not given". */
	if (p->consent_contact < 0 || p->consent_share < 0)
		return field_fail(err, SENDA_E_CHOICE, FIELD(p->consent_contact < 0
				  ? "consent_contact" : "consent_share"), NULL);
	/* Consent given without a date is dated today. */
	if ((p->consent_contact || p->consent_share) && !*p->consent_date)
		date_to_iso(today, p->consent_date);
	return SENDA_OK;
}

/* ---- reading ----------------------------------------------------------- */

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

static void
read_row(sqlite3_stmt *st, participant *p)
{
	participant_init(p);
	snprintf(p->id, sizeof p->id, "%s", col_text(st, 0));
	snprintf(p->site_id, sizeof p->site_id, "%s", col_text(st, 1));
	participant_set(&p->created_at, col_text(st, 2));
	participant_set(&p->updated_at, col_text(st, 3));
	participant_set(&p->updated_by, col_text(st, 4));
	p->deleted = sqlite3_column_int(st, 5);
	record_read_cols(st, FIRST_FIELD_COL, participant_fields, NFIELDS, p);
}

static void read_row_v(sqlite3_stmt *st, void *p) { read_row(st, p); }
static void participant_free_v(void *p) { participant_free(p); }

senda_err
participant_get(senda_db *db, const char *id, participant *out, senda_error *err)
{
	return record_get_sql(db,
		"SELECT " COLS " FROM participant WHERE id >= ?1 AND id < ?1 || '~' LIMIT 2", id,
		read_row_v, participant_free_v, out, err);
}

static senda_err
each_row(senda_db *db, sqlite3_stmt *st, participant_fn fn, void *ctx, senda_error *err)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		participant p;
		read_row(st, &p);
		int stop = fn(&p, ctx);
		participant_free(&p);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* The second half of a long list is read backwards from its end, so that
 * jumping to the last page of 500,000 people skips a few rows, not 499,980. */
static senda_err
list_from_end(senda_db *db, int64_t total, int64_t offset, int limit, participant_fn fn,
	      void *ctx, senda_error *err)
{
	int64_t skip = total - offset - limit;
	if (skip < 0) {
		limit += (int)skip;
		skip = 0;
	}
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " COLS " FROM participant WHERE deleted = 0"
		" ORDER BY sort_key DESC, id DESC LIMIT ? OFFSET ?", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "iI", limit, skip);
	if (e != SENDA_OK)
		return e;
	participant *rows = xcalloc((size_t)limit, sizeof *rows);
	int n = 0, rc = SQLITE_DONE;
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, &rows[n++]);
	if (n < limit && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		for (int i = 0; i < n; i++)
			participant_free(&rows[i]);
		free(rows);
		return db_error(db, err);
	}
	sqlite3_reset(st);
	int stop = 0;
	for (int i = n - 1; i >= 0; i--) {
		if (!stop)
			stop = fn(&rows[i], ctx);
		participant_free(&rows[i]);
	}
	free(rows);
	return SENDA_OK;
}

senda_err
participant_list(senda_db *db, int64_t offset, int limit, participant_fn fn,
		 void *ctx, senda_error *err)
{
	int64_t total = 0;
	senda_err e = participant_count(db, &total, err);
	if (e != SENDA_OK)
		return e;
	if (limit > 0 && offset > total / 2 && offset < total)
		return list_from_end(db, total, offset, limit, fn, ctx, err);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " COLS " FROM participant WHERE deleted = 0"
		" ORDER BY sort_key, id LIMIT ? OFFSET ?", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "iI", limit, offset)) != SENDA_OK)
		return e;
	return each_row(db, st, fn, ctx, err);
}

/* A page by key: the list's index (participant_sort) is entered at the
 * row named by id, so that any page costs what the first one does. Rows
 * read backwards are handed over in list order. */
senda_err
participant_page(senda_db *db, enum participant_page_from from, const char *id, int limit,
		 participant_fn fn, void *ctx, senda_error *err)
{
	static const char *const sql[] = {
		[PAGE_FIRST] = "SELECT " COLS " FROM participant WHERE deleted = 0"
			" ORDER BY sort_key, id LIMIT ?2",
		[PAGE_LAST] = "SELECT " COLS " FROM participant WHERE deleted = 0"
			" ORDER BY sort_key DESC, id DESC LIMIT ?2",
		[PAGE_AFTER] = "SELECT " COLS " FROM participant WHERE deleted = 0"
			" AND (sort_key, id) > ((SELECT sort_key FROM participant WHERE id = ?1), ?1)"
			" ORDER BY sort_key, id LIMIT ?2",
		[PAGE_AT] = "SELECT " COLS " FROM participant WHERE deleted = 0"
			" AND (sort_key, id) >= ((SELECT sort_key FROM participant WHERE id = ?1), ?1)"
			" ORDER BY sort_key, id LIMIT ?2",
		[PAGE_BEFORE] = "SELECT " COLS " FROM participant WHERE deleted = 0"
			" AND (sort_key, id) < ((SELECT sort_key FROM participant WHERE id = ?1), ?1)"
			" ORDER BY sort_key DESC, id DESC LIMIT ?2",
	};
	if ((unsigned)from > PAGE_BEFORE)
		return senda_fail(err, SENDA_E_RANGE, NULL, "page %d", (int)from);
	bool keyed = from == PAGE_AFTER || from == PAGE_AT || from == PAGE_BEFORE;
	if (limit <= 0)
		return SENDA_OK;
	senda_err e;
	if (keyed) {
		/* A key that names nobody would page from nowhere: say so. */
		int64_t known = 0;
		if ((e = db_int(db, &known, err, "SELECT count(*) FROM participant WHERE id = ?",
				"t", id ? id : "")) != SENDA_OK)
			return e;
		if (!known)
			return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id ? id : "");
	}
	sqlite3_stmt *st = db_prepare(db, sql[from], err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	/* ?1 (the key) unused by the first and last pages: bound all the same. */
	if ((e = db_bind(db, st, err, "ti", keyed ? id : "", limit)) != SENDA_OK)
		return e;
	if (from != PAGE_LAST && from != PAGE_BEFORE)
		return each_row(db, st, fn, ctx, err);
	participant *rows = xcalloc((size_t)limit, sizeof *rows);
	int n = 0, rc = SQLITE_DONE;
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, &rows[n++]);
	e = n < limit && rc != SQLITE_DONE ? db_error(db, err) : SENDA_OK;
	sqlite3_reset(st);
	int stop = e != SENDA_OK;
	for (int i = n - 1; i >= 0; i--) {
		if (!stop)
			stop = fn(&rows[i], ctx);
		participant_free(&rows[i]);
	}
	free(rows);
	return e;
}

void
participant_pos_free(participant_pos *pos)
{
	free(pos->sort_key);
	pos->sort_key = NULL;
	pos->id[0] = '\0';
}

senda_err
participant_pos_of(senda_db *db, const char *id, participant_pos *pos, senda_error *err)
{
	char *key = NULL;
	senda_err e = db_text(db, &key, err, "SELECT sort_key FROM participant WHERE id = ?",
			      "t", id);
	if (e == SENDA_E_NOTFOUND)
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id);
	if (e != SENDA_OK)
		return e;
	free(pos->sort_key);
	pos->sort_key = key;
	snprintf(pos->id, sizeof pos->id, "%s", id);
	return SENDA_OK;
}

/* A page by position: the list's index (participant_sort) entered at a
 * sort key and an id given as values, not read from a row that may have
 * moved. The sort key comes along (the column after COLS) for *cur. */
senda_err
participant_page_pos(senda_db *db, const participant_pos *after, int limit,
		     participant_pos *cur, participant_fn fn, void *ctx, senda_error *err)
{
	bool from = after && after->sort_key;
	sqlite3_stmt *st = db_prepare(db, from
		? "SELECT " COLS ", sort_key FROM participant WHERE deleted = 0"
		  " AND (sort_key, id) > (?1, ?2) ORDER BY sort_key, id LIMIT ?3"
		: "SELECT " COLS ", sort_key FROM participant WHERE deleted = 0"
		  " ORDER BY sort_key, id LIMIT ?3", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "tti", from ? after->sort_key : "",
			      from ? after->id : "", limit > 0 ? limit : -1);
	if (e != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		participant p;
		read_row(st, &p);
		if (cur) {
			participant_set(&cur->sort_key, col_text(st, FIRST_FIELD_COL + (int)NFIELDS));
			snprintf(cur->id, sizeof cur->id, "%s", p.id);
		}
		int stop = fn(&p, ctx);
		participant_free(&p);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
participant_count(senda_db *db, int64_t *out, senda_error *err)
{
	senda_err e = db_int(db, out, err, "SELECT n FROM tally WHERE name = 'participant'", NULL);
	/* The schema makes the tally row: without it the file is damaged. */
	return e == SENDA_E_NOTFOUND
		? senda_fail(err, SENDA_E_CORRUPT, NULL, "%s", "no participant tally") : e;
}

/* ---- search ------------------------------------------------------------

 * The name index (schema/003_name_search.sql) holds, for each live person,
 * every prefix of every word of the names, keyed by (prefix, sort_key,
 * rowid): the rows of one prefix are in name order. A search walks the most
 * selective word's prefix in that order and looks the other words up in the
 * same index for each row, so that the first screenful costs about the same
 * in a file of 10,000 people as in one of 500,000. */

/* The rows of the index for the participant named by WHERE (one row of
 * participant): w.pre runs over the prefixes text_word_prefixes gives. */
#define NAME_PREFIXES(where) \
	"WITH RECURSIVE w(pid, sort_key, extra_words, pre, rest) AS (" \
	" SELECT rowid, sort_key, preferred_name <> '', ''," \
	"  senda_word_prefixes(given_names || ' ' || first_surname || ' ' || second_surname" \
	"  || ' ' || preferred_name) || ' '" \
	" FROM participant WHERE " where \
	" UNION ALL SELECT pid, sort_key, extra_words, substr(rest, 1, instr(rest, ' ') - 1)," \
	"  substr(rest, instr(rest, ' ') + 1) FROM w WHERE rest <> '') "

static senda_err step_done(senda_db *db, sqlite3_stmt *st, senda_error *err);

static senda_err
index_names(senda_db *db, const char *id, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, NAME_PREFIXES("id = ?1 AND deleted = 0")
		"INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid, extra_words)"
		" SELECT pre, sort_key, pid, extra_words FROM w WHERE pre <> ''", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", id);
	return e == SENDA_OK ? step_done(db, st, err) : e;
}

/* Before the names or the sort key change: the rows for the stored ones. */
static senda_err
unindex_names(senda_db *db, const char *id, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, NAME_PREFIXES("id = ?1")
		"DELETE FROM name_prefix WHERE (prefix, sort_key, pid) IN"
		" (SELECT pre, sort_key, pid FROM w WHERE pre <> '')", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", id);
	return e == SENDA_OK ? step_done(db, st, err) : e;
}

senda_err
participant_names_before(senda_db *db, const char *id, senda_error *err)
{
	return unindex_names(db, id, err);
}

static char *sort_key(const participant *p);

senda_err
participant_names_after(senda_db *db, const char *id, senda_error *err)
{
	participant p;
	senda_err e = participant_get(db, id, &p, err);
	if (e != SENDA_OK)
		return e;
	char *key = sort_key(&p);
	e = db_exec(db, err, "UPDATE participant SET sort_key = ? WHERE id = ?", "tt", key, p.id);
	free(key);
	if (e == SENDA_OK)
		e = unindex_names(db, p.id, err);   /* none left, unless already indexed */
	if (e == SENDA_OK)
		e = index_names(db, p.id, err);
	participant_free(&p);
	return e;
}

/* The people touched since the last flush, in a temporary table of this
 * connection (temp_store FILE: it does not grow in memory). */
static senda_err
touch_table(senda_db *db, senda_error *err)
{
	return db_exec(db, err, "CREATE TEMP TABLE IF NOT EXISTS names_touched (id TEXT PRIMARY"
		       " KEY NOT NULL, created INTEGER NOT NULL) WITHOUT ROWID", NULL);
}

static const char touch_sql[] =
	"INSERT INTO temp.names_touched (id, created) VALUES (?1, ?2) ON CONFLICT (id)"
	" DO UPDATE SET created = created AND excluded.created";

senda_err
participant_names_touch(senda_db *db, const char *id, bool created, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, touch_sql, NULL);
	/* The first call on this connection: the table is made. */
	if (!st && touch_table(db, err) == SENDA_OK)
		st = db_prepare(db, touch_sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "ti", id, (int)created);
	return e == SENDA_OK ? step_done(db, st, err) : e;
}

senda_err
participant_names_flush(senda_db *db, senda_error *err)
{
	senda_err e = touch_table(db, err);
	/* A row written with the names changed keeps its old key until now; a
	 * new one may have its key already (senda_sort_key in its INSERT). */
	if (e == SENDA_OK)
		e = db_exec(db, err, "UPDATE participant SET sort_key = senda_sort_key(first_surname,"
			    " second_surname, given_names) WHERE id IN (SELECT id FROM"
			    " temp.names_touched) AND sort_key IS NOT senda_sort_key(first_surname,"
			    " second_surname, given_names)", NULL);
	/* What is left of the old rows of a person indexed before (none, when
	 * _before took them off), then everyone's rows, in the index's order. */
	if (e == SENDA_OK)
		e = db_exec(db, err, NAME_PREFIXES("id IN (SELECT id FROM temp.names_touched"
						   " WHERE NOT created)")
			    "DELETE FROM name_prefix WHERE (prefix, sort_key, pid) IN"
			    " (SELECT pre, sort_key, pid FROM w WHERE pre <> '')", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, NAME_PREFIXES("id IN (SELECT id FROM temp.names_touched)"
						   " AND deleted = 0")
			    "INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid, extra_words)"
			    " SELECT pre, sort_key, pid, extra_words FROM w WHERE pre <> ''"
			    " ORDER BY 1, 2, 3", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, "DELETE FROM temp.names_touched", NULL);
	return e;
}

senda_err
participant_index_build(senda_db *db, senda_error *err)
{
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_exec(db, err, "DELETE FROM name_prefix", NULL)) == SENDA_OK)
		e = db_exec(db, err, NAME_PREFIXES("deleted = 0")
			    "INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid, extra_words)"
			    " SELECT pre, sort_key, pid, extra_words FROM w WHERE pre <> ''"
			    " ORDER BY 1, 2, 3", NULL);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
participant_index_check(senda_db *db, participant_index_state *st, senda_error *err)
{
	memset(st, 0, sizeof *st);
	/* Each side read once in its own order, nothing sorted: the index's
	 * rows, and the rows each live person's names give (the prefixes
	 * index_names writes), each row as a number (db's senda_name_row);
	 * the sums agree when the rows do. */
	sqlite3_stmt *q = db_prepare(db,
		"WITH p(w, sort_key, pid, extra) AS MATERIALIZED (SELECT senda_word_prefixes("
		"  given_names || ' ' || first_surname || ' ' || second_surname || ' '"
		"  || preferred_name), sort_key, rowid, preferred_name <> ''"
		"  FROM participant WHERE deleted = 0)"
		" SELECT (SELECT count(*) FROM name_prefix),"
		"  (SELECT senda_sum64(senda_name_row(prefix, sort_key, pid, extra_words))"
		"   FROM name_prefix),"
		"  (SELECT coalesce(sum(length(w) - length(replace(w, ' ', '')) + (w <> '')), 0)"
		"   FROM p),"
		"  (SELECT senda_sum64(senda_name_rows(w, sort_key, pid, extra)) FROM p)", err);
	if (!q)
		return err ? err->code : SENDA_E_DB;
	int rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		senda_err e = db_error(db, err);
		sqlite3_reset(q);
		return e;
	}
	st->held = sqlite3_column_int64(q, 0);
	st->wanted = sqlite3_column_int64(q, 2);
	st->differ = st->held != st->wanted ||
		     sqlite3_column_int64(q, 1) != sqlite3_column_int64(q, 3);
	sqlite3_reset(q);
	return SENDA_OK;
}

/* One word's rows of the index, read in name order from a point on: a
 * cursor that steps, or seeks when what it looks for is further on. */
struct walk {
	sqlite3_stmt *st;
	const char *word;
	bool live, end;         /* a row is current; no more rows */
	bool extra;             /* the current person has a preferred name */
	int64_t seeks;          /* times started again further on */
	char *key;              /* the current row: sort_key, rowid */
	size_t cap;
	int64_t row;
};

/* Each word has its own statement (a cursor of its own): the statements
 * differ by the comment at their end, so that the cache keeps eight. */
#define WALK_SQL(n) "SELECT sort_key, pid, extra_words FROM name_prefix WHERE prefix = ?1" \
	" AND (sort_key, pid) >= (?2, ?3) ORDER BY sort_key, pid -- " #n
#define QUERY_WORDS 8
static const char *const walk_sql[QUERY_WORDS] = {
	WALK_SQL(1), WALK_SQL(2), WALK_SQL(3), WALK_SQL(4),
	WALK_SQL(5), WALK_SQL(6), WALK_SQL(7), WALK_SQL(8),
};

static int
key_cmp(const char *ka, int64_t ra, const char *kb, int64_t rb)
{
	int c = strcmp(ka, kb);
	return c ? c : (ra > rb) - (ra < rb);
}

/* Take the statement's row as the walk's current one. */
static senda_err
walk_take(senda_db *db, struct walk *w, int rc, int64_t *reads, senda_error *err)
{
	(*reads)++;
	if (rc == SQLITE_DONE) {
		w->live = false;
		w->end = true;
		return SENDA_OK;
	}
	if (rc != SQLITE_ROW)
		return db_error(db, err);
	const char *k = col_text(w->st, 0);
	size_t n = strlen(k) + 1;
	if (n > w->cap) {
		w->cap = n * 2;
		w->key = xrealloc(w->key, w->cap);
	}
	memcpy(w->key, k, n);
	w->row = sqlite3_column_int64(w->st, 1);
	w->extra = sqlite3_column_int(w->st, 2) != 0;
	w->live = true;
	return SENDA_OK;
}

/* Move to the first row at or after (key, row). A few steps forward cost
 * less than a seek, which starts the statement again from there. */
static senda_err
walk_to(senda_db *db, struct walk *w, const char *key, int64_t row, int64_t *reads,
	senda_error *err)
{
	if (w->end)
		return SENDA_OK;
	for (int i = 0; w->live && i < 4; i++) {
		if (key_cmp(w->key, w->row, key, row) >= 0)
			return SENDA_OK;
		senda_err e = walk_take(db, w, sqlite3_step(w->st), reads, err);
		if (e != SENDA_OK || w->end)
			return e;
	}
	if (w->live && key_cmp(w->key, w->row, key, row) >= 0)
		return SENDA_OK;
	sqlite3_reset(w->st);
	w->seeks++;
	if (sqlite3_bind_text(w->st, 1, w->word, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(w->st, 2, key, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(w->st, 3, row) != SQLITE_OK)
		return db_error(db, err);
	return walk_take(db, w, sqlite3_step(w->st), reads, err);
}

/* Misses in a row before the other words' rows say where to go on (at
 * first: it doubles after a jump that skipped nothing). */
#define MISSES 8

/* A search under way: what was typed, split into words (folded like the
 * index), one walk a word. */
struct query {
	char *buf;
	struct walk w[QUERY_WORDS];
	int n;
	int64_t reads;          /* index rows read (steps and seeks) */
	int64_t budget;         /* reads allowed (0: no end); over: spent */
	int misses;             /* misses in a row before a jump */
	bool over;
	char *key;              /* the candidate (leapfrog's meeting point) */
	size_t cap;
	int64_t row;
};

static void
query_free(struct query *q)
{
	for (int i = 0; i < q->n; i++) {
		if (q->w[i].st)
			sqlite3_reset(q->w[i].st);
		free(q->w[i].key);
	}
	free(q->buf);
	free(q->key);
}

static void
query_set_key(struct query *q, const char *key, int64_t row)
{
	size_t n = strlen(key) + 1;
	if (n > q->cap) {
		q->cap = n * 2;
		q->key = xrealloc(q->key, q->cap);
	}
	memmove(q->key, key, n);
	q->row = row;
}

/* Split what was typed into words; a word that starts another word is
 * left out (that word's match is its match too), and words past the
 * eighth are not looked at. *none when there is no word. */
static senda_err
query_open(senda_db *db, const char *text, struct query *q, bool *none, senda_error *err)
{
	memset(q, 0, sizeof *q);
	*none = false;
	if (!text_valid(text))
		return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
	q->buf = text_fold_words(text);
	if (!q->buf)
		return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
	const char *all[64];
	int n = 0;
	for (char *s = q->buf; *s && n < 64;) {
		all[n++] = s;
		char *sp = strchr(s, ' ');
		if (!sp)
			break;
		*sp = '\0';
		s = sp + 1;
	}
	for (int i = 0; i < n && q->n < QUERY_WORDS; i++) {
		bool covered = false;
		size_t li = strlen(all[i]);
		for (int j = 0; j < n && !covered; j++)
			covered = j != i && strncmp(all[j], all[i], li) == 0 &&
				  (strlen(all[j]) > li || j < i);
		if (covered)
			continue;
		struct walk *w = &q->w[q->n];
		w->word = all[i];
		if (!(w->st = db_prepare(db, walk_sql[q->n], err)))
			return err ? err->code : SENDA_E_DB;
		q->n++;
	}
	/* The longest word is read first: likely the rarest. */
	for (int i = 1; i < q->n; i++)
		if (strlen(q->w[i].word) > strlen(q->w[0].word)) {
			const char *t = q->w[0].word;
			q->w[0].word = q->w[i].word;
			q->w[i].word = t;
		}
	*none = q->n == 0;
	q->misses = MISSES;
	query_set_key(q, "", INT64_MIN);
	return SENDA_OK;
}


/* The next person every word matches, at or after the query's key. The
 * first word's rows are read in order; each person's sort_key says whether
 * the other words match (their rows say so only for a person with a
 * preferred name). After MISSES misses in a row, the next candidate is
 * the furthest of where the other words' rows go on. *found false when the rows ran out,
 * or when the budget was spent (q->over). */
static senda_err
query_next(senda_db *db, struct query *q, bool *found, senda_error *err)
{
	*found = false;
	struct walk *first = &q->w[0];
	int64_t jumped = -1;   /* the first word's seeks before the last jump */
	for (int misses = 0;;) {
		if (q->budget && q->reads >= q->budget) {
			q->over = true;
			return SENDA_OK;
		}
		senda_err e = walk_to(db, first, q->key, q->row, &q->reads, err);
		if (e != SENDA_OK || first->end)
			return e;
		/* A jump that a few steps would have made: wait longer for the next
		 * (the other words are as common as the first); one that skipped
		 * rows: jump again soon. */
		if (jumped >= 0) {
			if (first->seeks == jumped)
				q->misses = q->misses < 1024 ? q->misses * 2 : q->misses;
			else
				q->misses = MISSES;
			jumped = -1;
		}
		query_set_key(q, first->key, first->row);
		int missing = -1;
		for (int i = 1; i < q->n && missing < 0; i++) {
			struct walk *w = &q->w[i];
			if (text_words_start_with(q->key, w->word))
				continue;
			if (first->extra) {
				if ((e = walk_to(db, w, q->key, q->row, &q->reads, err)) != SENDA_OK)
					return e;
				if (w->live && key_cmp(w->key, w->row, q->key, q->row) == 0)
					continue;
			}
			missing = i;
		}
		if (missing < 0) {
			*found = true;
			return SENDA_OK;
		}
		if (++misses < q->misses) {
			q->row = q->row == INT64_MAX ? q->row : q->row + 1;
			continue;
		}
		/* No one matches before the furthest of the other words' next rows. */
		q->row = q->row == INT64_MAX ? q->row : q->row + 1;
		int far = -1;
		for (int i = 1; i < q->n; i++) {
			struct walk *w = &q->w[i];
			if ((e = walk_to(db, w, q->key, q->row, &q->reads, err)) != SENDA_OK || w->end)
				return e;
			if (far < 0 || key_cmp(w->key, w->row, q->w[far].key, q->w[far].row) > 0)
				far = i;
		}
		query_set_key(q, q->w[far].key, q->w[far].row);
		jumped = first->seeks;
		misses = 0;
	}
}

/* Past the person just found. */
static void
query_skip(struct query *q)
{
	q->row = q->row == INT64_MAX ? q->row : q->row + 1;
}

void
participant_mark_free(participant_mark *m)
{
	free(m->sort_key);
	m->sort_key = NULL;
	m->row = 0;
}

senda_err
participant_search_page(senda_db *db, const char *text, participant_mark *after, int limit,
			participant_fn fn, void *ctx, senda_error *err)
{
	struct query q;
	bool none;
	senda_err e = query_open(db, text, &q, &none, err);
	if (e != SENDA_OK || none || limit <= 0) {
		query_free(&q);
		return e;
	}
	if (after && after->sort_key) {
		query_set_key(&q, after->sort_key, after->row);
		query_skip(&q);
	}
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " COLS " FROM participant WHERE rowid = ?1 AND deleted = 0", err);
	if (!st) {
		query_free(&q);
		return err ? err->code : SENDA_E_DB;
	}
	for (int given = 0; given < limit;) {
		bool found;
		if ((e = query_next(db, &q, &found, err)) != SENDA_OK || !found)
			break;
		sqlite3_reset(st);
		if (sqlite3_bind_int64(st, 1, q.row) != SQLITE_OK) {
			e = db_error(db, err);
			break;
		}
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			participant p;
			read_row(st, &p);
			if (after) {
				participant_set(&after->sort_key, q.key);
				after->row = q.row;
			}
			int stop = fn(&p, ctx);
			participant_free(&p);
			given++;
			if (stop)
				break;
		} else if (rc != SQLITE_DONE) {
			e = db_error(db, err);
			break;
		}
		query_skip(&q);
	}
	sqlite3_reset(st);
	query_free(&q);
	return e;
}

senda_err
participant_search(senda_db *db, const char *text, int limit, participant_fn fn,
		   void *ctx, senda_error *err)
{
	return participant_search_page(db, text, NULL, limit, fn, ctx, err);
}

senda_err
participant_search_count(senda_db *db, const char *text, int64_t *out, bool *exact,
			 senda_error *err)
{
	*out = 0;
	*exact = true;
	struct query q;
	bool none;
	senda_err e = query_open(db, text, &q, &none, err);
	if (e != SENDA_OK || none) {
		query_free(&q);
		return e;
	}
	if (q.n == 1) {
		/* One word: its rows, counted in the index alone. */
		e = db_int(db, out, err, "SELECT count(*) FROM (SELECT 1 FROM name_prefix"
			   " WHERE prefix = ?1 LIMIT ?2)", "tI", q.w[0].word,
			   (int64_t)PARTICIPANT_COUNT_ROWS + 1);
		if (e == SENDA_OK && *out > PARTICIPANT_COUNT_ROWS) {
			*out = PARTICIPANT_COUNT_ROWS;
			*exact = false;
		}
		query_free(&q);
		return e;
	}
	q.budget = PARTICIPANT_COUNT_ROWS;
	for (;;) {
		bool found;
		if ((e = query_next(db, &q, &found, err)) != SENDA_OK || !found)
			break;
		(*out)++;
		query_skip(&q);
	}
	*exact = !q.over;
	query_free(&q);
	return e;
}

/* ---- writing ----------------------------------------------------------- */

/* What the list sorts by: surnames then names, folded ("Álvarez" with A). */
static char *
sort_key(const participant *p)
{
	return text_sort_key(p->first_surname, p->second_surname, p->given_names);
}

static senda_err
step_done(senda_db *db, sqlite3_stmt *st, senda_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

static senda_err
create(senda_db *db, participant *p, bool indexed, senda_error *err)
{
	if (!db_site_id(db)[0])
		return senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
	senda_err e = participant_validate(p, clock_today(), err);
	if (e != SENDA_OK)
		return e;
	if (!p->id[0])
		uuid_new(p->id);
	snprintf(p->site_id, sizeof p->site_id, "%s", db_site_id(db));
	char now[21], clock[HLC_LEN];
	clock_timestamp(now);
	/* An intake made earlier (demo data, a spreadsheet being brought in)
	 * keeps its own date; it may not lie in the future. */
	if (p->created_at && *p->created_at) {
		sdate when;
		if (strlen(p->created_at) != 20 || p->created_at[10] != 'T' ||
		    date_from_iso((char[11]){ p->created_at[0], p->created_at[1], p->created_at[2],
				  p->created_at[3], p->created_at[4], p->created_at[5], p->created_at[6],
				  p->created_at[7], p->created_at[8], p->created_at[9], 0 }, &when) != DATE_OK)
			return senda_fail(err, SENDA_E_DATE, N_("Intake date"), "%s", p->created_at);
		if (strcmp(p->created_at, now) > 0)
			return senda_fail(err, SENDA_E_FUTURE, N_("Intake date"), "%s", p->created_at);
		snprintf(now, sizeof now, "%s", p->created_at);
	}
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) != SENDA_OK)
		goto fail;
	sqlite3_stmt *st = db_prepare(db,
		"INSERT INTO participant (" COLS ", sort_key) VALUES (?, ?, ?, ?, ?, 0,"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st) {
		e = err ? err->code : SENDA_E_DB;
		goto fail;
	}
	if ((e = db_bind_from(db, st, err, 1, "ttttt", p->id, p->site_id, now, clock,
			      db_user_id(db))) != SENDA_OK)
		goto fail;
	char *key = sort_key(p);
	sqlite3_bind_text(st, FIRST_FIELD_COL + (int)NFIELDS, key, -1, SQLITE_TRANSIENT);
	free(key);
	if ((e = record_bind_cols(db, st, FIRST_FIELD_COL, participant_fields, NFIELDS, p,
				   err)) != SENDA_OK ||
	    (e = step_done(db, st, err)) != SENDA_OK ||
	    (indexed && (e = index_names(db, p->id, err)) != SENDA_OK))
		goto fail;
	if ((e = changelog_add(db, "participant", p->id, "", NULL, NULL, clock, err)) != SENDA_OK)
		goto fail;
	if ((e = db_commit(db, err)) != SENDA_OK)
		return e;
	participant_set(&p->created_at, now);
	participant_set(&p->updated_at, clock);
	participant_set(&p->updated_by, db_user_id(db));
	return SENDA_OK;
fail:
	db_rollback(db);
	return e;
}

senda_err
participant_create(senda_db *db, participant *p, senda_error *err)
{
	return create(db, p, true, err);
}

senda_err
participant_create_unindexed(senda_db *db, participant *p, senda_error *err)
{
	return create(db, p, false, err);
}

/* ---- changes against what the user saw ---------------------------------- */

#define field_by_col(column) field_find(participant_fields, NFIELDS, (column))

void
participant_copy(participant *dst, const participant *src)
{
	participant_init(dst);
	memcpy(dst->id, src->id, sizeof dst->id);
	memcpy(dst->site_id, src->site_id, sizeof dst->site_id);
	participant_set(&dst->created_at, src->created_at);
	participant_set(&dst->updated_at, src->updated_at);
	participant_set(&dst->updated_by, src->updated_by);
	dst->deleted = src->deleted;
	field_copy_all(participant_fields, NFIELDS, dst, src);
}

char *
participant_value(const participant *p, const char *column)
{
	const field_desc *f = field_by_col(column);
	if (!f)
		return NULL;
	char *v = value_text(p, f);
	return v ? v : xstrdup("");
}

static senda_err
write_update(senda_db *db, const participant *p, const char *clock, bool renamed,
	     senda_error *err)
{
	if (renamed) {
		senda_err e = unindex_names(db, p->id, err);
		if (e != SENDA_OK)
			return e;
	}
	static char *sql;
	if (!sql) {
		char *set = record_set_list(participant_fields, NFIELDS, 3);
		sql = xasprintf("UPDATE participant SET updated_at = ?1, updated_by = ?2, %s,"
				" sort_key = ?%d WHERE id = ?%d", set, 4 + (int)NFIELDS,
				3 + (int)NFIELDS);
		free(set);
	}
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	char *key = sort_key(p);
	senda_err e = db_bind_from(db, st, err, 1, "tt", clock, db_user_id(db));
	if (e == SENDA_OK)
		e = record_bind_cols(db, st, 3, participant_fields, NFIELDS, p, err);
	if (e == SENDA_OK)
		e = db_bind_from(db, st, err, 3 + (int)NFIELDS, "tt", p->id, key);
	free(key);
	if (e == SENDA_OK)
		e = step_done(db, st, err);
	if (e == SENDA_OK && renamed)
		e = index_names(db, p->id, err);
	return e;
}

/* The participant's write (record_kind): p over the stored record, with
 * the change log, inside the caller's transaction. Consent given or
 * withdrawn now is dated now, unless the date was changed too. */
static senda_err
participant_write(senda_db *db, void *rec, senda_error *err)
{
	participant *p = rec, cur;
	senda_err e = participant_get(db, p->id, &cur, err);
	if (e != SENDA_OK)
		return e;
	if ((p->consent_share != cur.consent_share || p->consent_contact != cur.consent_contact) &&
	    strcmp(p->consent_date, cur.consent_date) == 0)
		date_to_iso(clock_today(), p->consent_date);
	char clock[HLC_LEN];
	int changed = 0;
	e = record_log_changes(db, "participant", cur.id, participant_fields, NFIELDS, &cur, p,
			       clock, &changed, err);
	bool renamed = strcmp(cur.given_names, p->given_names) != 0 ||
		       strcmp(cur.first_surname, p->first_surname) != 0 ||
		       strcmp(cur.second_surname, p->second_surname) != 0 ||
		       strcmp(cur.preferred_name, p->preferred_name) != 0;
	participant_free(&cur);
	if (e == SENDA_OK && changed)
		e = write_update(db, p, clock, renamed, err);
	if (e == SENDA_OK && changed) {
		participant_set(&p->updated_at, clock);
		participant_set(&p->updated_by, db_user_id(db));
	}
	return e;
}

static void init_v(void *p) { participant_init(p); }
static void copy_v(void *d, const void *s) { participant_copy(d, s); }
static senda_err validate_v(void *p, senda_error *e)
{
	return participant_validate(p, clock_today(), e);
}
static senda_err get_v(senda_db *db, const char *id, void *o, senda_error *e)
{
	return participant_get(db, id, o, e);
}
static senda_err create_v(senda_db *db, void *p, senda_error *e)
{
	return participant_create(db, p, e);
}

const record_kind participant_kind = {
	"participant", participant_fields, NFIELDS, sizeof(participant), init_v,
	participant_free_v, copy_v, validate_v, get_v, create_v, participant_write,
};

TYPED_UPDATE(participant, participant, participant_kind)

char *
participant_name_new(const participant *p)
{
	char *raw;
	if (*p->second_surname)
		raw = xasprintf("%s %s, %s", p->first_surname, p->second_surname, p->given_names);
	else
		raw = xasprintf("%s, %s", p->first_surname, p->given_names);
	char *safe = text_inert(raw);
	if (!safe)
		return raw;
	free(raw);
	return safe;
}

char *
participant_display_name(const participant *p, char *buf, size_t n)
{
	char *name = participant_name_new(p);
	snprintf(buf, n, "%s", name);
	free(name);
	return buf;
}
