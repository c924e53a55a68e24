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
#include "senda/perm.h"
#include "db/stmt.h"
#include "record_sql.h"
#include "participant_internal.h"

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
	PF(notes, N_("Notes"), FK_TEXT, PARTICIPANT_NOTES_MAX, false, NULL,
	   "notes", "notes", "notas", 0),
};
const size_t participant_nfields = sizeof participant_fields / sizeof participant_fields[0];
#define NFIELDS (sizeof participant_fields / sizeof participant_fields[0])
#define FIELD(key) field_find(participant_fields, NFIELDS, (key))
_Static_assert(NFIELDS == PARTICIPANT_NFIELDS, "PARTICIPANT_NFIELDS");

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
	/* not a field of the form: set by senda duplicates link */
	if (strcmp(column, "linked_to") == 0)
		/* L10N: in a record's history: the record was linked to another one of the
		   same person (its id follows) */
		return N_("Same person as");
	/* not a field of the form: a call's outcome sets it, a coordinator
	 * clears it (calls_call_again) */
	if (strcmp(column, "do_not_call") == 0)
		/* L10N: in a record's history: the person asked not to be called again */
		return N_("Do not call");
	if (strcmp(column, "phone_bad") == 0)
		/* L10N: in a record's history: a call found her phone number wrong */
		return N_("Wrong number");
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

const char *
participant_col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

void
participant_read_row(sqlite3_stmt *st, participant *p)
{
	participant_init(p);
	snprintf(p->id, sizeof p->id, "%s", participant_col_text(st, 0));
	snprintf(p->site_id, sizeof p->site_id, "%s", participant_col_text(st, 1));
	participant_set(&p->created_at, participant_col_text(st, 2));
	participant_set(&p->updated_at, participant_col_text(st, 3));
	participant_set(&p->updated_by, participant_col_text(st, 4));
	p->deleted = sqlite3_column_int(st, 5);
	record_read_cols(st, FIRST_FIELD_COL, participant_fields, NFIELDS, p);
}

/* What the acting user's role may not see is blanked in every participant
 * the model returns: phone numbers and e-mail without PERM_CONTACT, the wage
 * without PERM_PLACEMENT (ESL staff). Blanked rather than refused, so that
 * the record, the lists and the search still show her the person; and a
 * role that may not see them may not change a participant either
 * (PERM_PEOPLE_WRITE), so a blank is never written back over the value. */
void
participant_hide(senda_db *db, participant *p)
{
	enum senda_role r = (enum senda_role)db_actor_role(db);
	if (!perm_allowed(r, PERM_CONTACT)) {
		participant_set(&p->phone, "");
		participant_set(&p->phone_alt, "");
		participant_set(&p->email, "");
	}
	if (!perm_allowed(r, PERM_PLACEMENT))
		p->wage_cents = -1;
}

bool
participant_column_hidden(senda_db *db, const char *column)
{
	enum senda_role r = (enum senda_role)db_actor_role(db);
	if (!perm_allowed(r, PERM_CONTACT) &&
	    (strcmp(column, "phone") == 0 || strcmp(column, "phone_alt") == 0 ||
	     strcmp(column, "email") == 0))
		return true;
	return !perm_allowed(r, PERM_PLACEMENT) && strcmp(column, "wage_cents") == 0;
}

static void read_row_v(sqlite3_stmt *st, void *p) { participant_read_row(st, p); }
static void participant_free_v(void *p) { participant_free(p); }

senda_err
participant_get(senda_db *db, const char *id, participant *out, senda_error *err)
{
	PERM_CHECK_ANY(db, PERM_PEOPLE_LIST, PERM_REVIEW, err);
	senda_err e = record_get_sql(db,
		"SELECT " COLS " FROM participant WHERE id >= ?1 AND id < ?1 || '~' LIMIT 2", id,
		read_row_v, participant_free_v, out, err);
	if (e == SENDA_OK)
		participant_hide(db, out);
	return e;
}

static senda_err
each_row(senda_db *db, sqlite3_stmt *st, participant_fn fn, void *ctx, senda_error *err)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		participant p;
		participant_read_row(st, &p);
		participant_hide(db, &p);
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
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		participant_read_row(st, &rows[n]);
		participant_hide(db, &rows[n++]);
	}
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
	PERM_CHECK(db, PERM_PEOPLE_LIST, err);
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
	PERM_CHECK(db, PERM_PEOPLE_LIST, err);
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
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		participant_read_row(st, &rows[n]);
		participant_hide(db, &rows[n++]);
	}
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
	PERM_CHECK_ANY(db, PERM_PEOPLE_LIST, PERM_REVIEW, err);
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
	PERM_CHECK(db, PERM_PEOPLE_LIST, err);
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
		participant_read_row(st, &p);
		participant_hide(db, &p);
		if (cur) {
			participant_set(&cur->sort_key, participant_col_text(st, FIRST_FIELD_COL + (int)NFIELDS));
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

/* The search and its name index are in participant_search.c. */

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
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st) {
		e = err ? err->code : SENDA_E_DB;
		goto fail;
	}
	if ((e = db_bind_from(db, st, err, 1, "ttttt", p->id, p->site_id, now, clock,
			      db_actor_id(db))) != SENDA_OK)
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
	participant_set(&p->updated_by, db_actor_id(db));
	return SENDA_OK;
fail:
	db_rollback(db);
	return e;
}

senda_err
participant_create(senda_db *db, participant *p, senda_error *err)
{
	PERM_CHECK(db, PERM_PEOPLE_WRITE, err);
	return create(db, p, true, err);
}

senda_err
participant_create_unindexed(senda_db *db, participant *p, senda_error *err)
{
	PERM_CHECK(db, PERM_PEOPLE_WRITE, err);
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
	senda_err e = db_bind_from(db, st, err, 1, "tt", clock, db_actor_id(db));
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
		participant_set(&p->updated_by, db_actor_id(db));
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
