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
#include "senda/merge3.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "db/stmt.h"

enum ftype { F_TEXT, F_DATE, F_INT, F_MONEY, F_BOOL };

struct field {
	const char *col;
	const char *label;      /* N_() */
	enum ftype type;
	size_t off;
	int max;                /* characters for text; upper bound for numbers */
	int required;
};

#define T(c, l, m, r) { #c, l, F_TEXT, offsetof(participant, c), m, r }
#define D(c, l) { #c, l, F_DATE, offsetof(participant, c), 0, 0 }
#define N(c, l, t, m) { #c, l, t, offsetof(participant, c), m, 0 }

/* Order matters: it is the column order of COLS, INSERT and UPDATE below. */
static const struct field fields[] = {
	T(given_names, N_("Given names"), PARTICIPANT_NAME_MAX, 1),
	T(first_surname, N_("First surname"), PARTICIPANT_NAME_MAX, 1),
	T(second_surname, N_("Second surname"), PARTICIPANT_NAME_MAX, 0),
	T(preferred_name, N_("Preferred name"), PARTICIPANT_NAME_MAX, 0),
	D(birth_date, N_("Date of birth")),
	T(phone, N_("Phone"), 40, 0),
	T(phone_alt, N_("Other phone"), 40, 0),
	T(email, N_("E-mail"), 120, 0),
	T(language, N_("Participant's language"), 3, 1),
	T(best_time, N_("Best time to call"), PARTICIPANT_TEXT_MAX, 0),
	T(country, N_("Country of origin"), PARTICIPANT_NAME_MAX, 0),
	N(years_in_us, N_("Years in the US"), F_INT, 100),
	T(schooling, N_("Schooling"), 20, 0),
	N(employed, N_("Employed at intake"), F_BOOL, 1),
	N(wage_cents, N_("Hourly wage at intake"), F_MONEY, 100000),
	T(work_interests, N_("Work interests"), PARTICIPANT_TEXT_MAX, 0),
	T(heard_from, N_("How they heard of us"), PARTICIPANT_TEXT_MAX, 0),
	N(consent_contact, N_("Consent to be contacted"), F_BOOL, 1),
	N(consent_share, N_("Consent to share with partners"), F_BOOL, 1),
	D(consent_date, N_("Consent date")),
};
#define NFIELDS (sizeof fields / sizeof fields[0])

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

static const char *const schooling_labels[] = {
	N_("No schooling"),
	N_("Primary school"),
	N_("Some secondary school"),
	N_("Secondary diploma (abroad)"),
	N_("High school diploma (US)"),
	N_("GED"),
	N_("Some college"),
	N_("College degree"),
};

const char *
participant_schooling_label(const char *code)
{
	for (int i = 0; code && participant_schooling_codes[i]; i++)
		if (strcmp(code, participant_schooling_codes[i]) == 0)
			return schooling_labels[i];
	return NULL;
}

const char *
participant_field_label(const char *column)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].col, column) == 0)
			return fields[i].label;
	return NULL;
}

/* ---- struct helpers ---------------------------------------------------- */

#define AT(p, f, type) ((type *)((char *)(p) + (f)->off))

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
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		switch (f->type) {
		case F_TEXT: *AT(p, f, char *) = xstrdup(""); break;
		case F_DATE: AT(p, f, char)[0] = '\0'; break;
		case F_INT:
		case F_BOOL: *AT(p, f, int) = -1; break;
		case F_MONEY: *AT(p, f, int64_t) = -1; break;
		}
	}
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
	for (size_t i = 0; i < NFIELDS; i++)
		if (fields[i].type == F_TEXT) {
			free(*AT(p, &fields[i], char *));
			*AT(p, &fields[i], char *) = NULL;
		}
	free(p->created_at);
	free(p->updated_at);
	free(p->updated_by);
	p->created_at = p->updated_at = p->updated_by = NULL;
}

/* A field's value as text, for the change log and comparison; NULL = empty. */
static char *
value_text(const participant *p, const struct field *f)
{
	switch (f->type) {
	case F_TEXT: {
		const char *s = *AT(p, f, char *const);
		return s && *s ? xstrdup(s) : NULL;
	}
	case F_DATE: {
		const char *s = AT(p, f, const char);
		return *s ? xstrdup(s) : NULL;
	}
	case F_INT:
	case F_BOOL: {
		int v = *AT(p, f, const int);
		return v < 0 ? NULL : xasprintf("%d", v);
	}
	case F_MONEY: {
		int64_t v = *AT(p, f, const int64_t);
		return v < 0 ? NULL : xasprintf("%" PRId64, v);
	}
	}
	return NULL;
}

static int
same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* ---- validation -------------------------------------------------------- */

bool
participant_phone_ok(const char *phone)
{
	int digits = 0;
	for (const char *s = phone; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!strchr("+()-. ", *s))
			return false;
	}
	const char *plus = strchr(phone, '+');
	if (plus && (plus != phone || strchr(plus + 1, '+')))
		return false;
	return digits >= 7 && digits <= 15;
}

static bool
email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strchr(s, ' '))
		return false;
	const char *dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
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

static senda_err
check_date(const struct field *f, const char *iso, sdate today, sdate *out,
	   senda_error *err)
{
	if (!*iso)
		return SENDA_OK;
	switch (date_from_iso(iso, out)) {
	case DATE_OK: break;
	case DATE_INVALID: return senda_fail(err, SENDA_E_DATE_INVALID, f->label, "%s", iso);
	case DATE_RANGE:
		/* Year 9999 is in the future, not too far in the past. */
		return senda_fail(err, atoi(iso) > today.y ? SENDA_E_FUTURE : SENDA_E_TOOOLD,
				  f->label, "%s", iso);
	default: return senda_fail(err, SENDA_E_DATE, f->label, "%s", iso);
	}
	if (date_cmp(*out, today) > 0)
		return senda_fail(err, SENDA_E_FUTURE, f->label, "%s", iso);
	return SENDA_OK;
}

senda_err
participant_validate(participant *p, sdate today, senda_error *err)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		if (f->type != F_TEXT)
			continue;
		char **slot = AT(p, f, char *);
		const char *v = *slot ? *slot : "";
		if (!text_valid(v))
			return senda_fail(err, SENDA_E_UTF8, f->label, NULL);
		char *clean = text_clean(v);
		free(*slot);
		*slot = clean;
		if (text_has_control(clean))
			return senda_fail(err, SENDA_E_CONTROL, f->label, NULL);
		if (f->required && !*clean)
			return senda_fail(err, SENDA_E_REQUIRED, f->label, NULL);
		size_t n = text_chars(clean);
		if ((int)n > f->max)
			return senda_fail(err, SENDA_E_TOOLONG, f->label,
					  _("at most %d characters, this has %zu"), f->max, n);
	}
	if (*p->phone && !participant_phone_ok(p->phone))
		return senda_fail(err, SENDA_E_PHONE, N_("Phone"), NULL);
	if (*p->phone_alt && !participant_phone_ok(p->phone_alt))
		return senda_fail(err, SENDA_E_PHONE, N_("Other phone"), NULL);
	if (*p->email && !email_ok(p->email))
		return senda_fail(err, SENDA_E_EMAIL, N_("E-mail"), NULL);
	if (!lang_code_ok(p->language))
		return senda_fail(err, SENDA_E_CHOICE, N_("Participant's language"),
				  "%s", _("a language code such as es, en, pt"));
	if (*p->schooling && !participant_schooling_label(p->schooling))
		return senda_fail(err, SENDA_E_CHOICE, N_("Schooling"), NULL);

	sdate birth = { 0, 0, 0 }, consent;
	senda_err e = check_date(&fields[4], p->birth_date, today, &birth, err);
	if (e != SENDA_OK)
		return e;
	if (*p->birth_date && date_years_between(birth, today) > 110)
		return senda_fail(err, SENDA_E_TOOOLD, N_("Date of birth"), NULL);
	if (*p->birth_date && date_cmp(birth, today) == 0)
		return senda_fail(err, SENDA_E_FUTURE, N_("Date of birth"), "%s",
				  _("a date of birth is before today"));
	e = check_date(&fields[NFIELDS - 1], p->consent_date, today, &consent, err);
	if (e != SENDA_OK)
		return e;

	if (p->years_in_us < -1 || p->years_in_us > 100)
		return senda_fail(err, SENDA_E_RANGE, N_("Years in the US"), "0–100");
	if (*p->birth_date && p->years_in_us > date_years_between(birth, today))
		return senda_fail(err, SENDA_E_RANGE, N_("Years in the US"),
				  "%s", _("more than the person's age"));
	if (p->employed < -1 || p->employed > 1)
		return senda_fail(err, SENDA_E_CHOICE, N_("Employed at intake"), NULL);
	if (p->wage_cents < -1 || p->wage_cents > 100000)
		return senda_fail(err, SENDA_E_RANGE, N_("Hourly wage at intake"), "0–1000");
	if (p->consent_contact < 0 || p->consent_contact > 1 ||
	    p->consent_share < 0 || p->consent_share > 1)
		return senda_fail(err, SENDA_E_CHOICE, N_("Consent to be contacted"), NULL);
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
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		int c = FIRST_FIELD_COL + (int)i;
		bool null = sqlite3_column_type(st, c) == SQLITE_NULL;
		switch (f->type) {
		case F_TEXT: participant_set(AT(p, f, char *), col_text(st, c)); break;
		case F_DATE: snprintf(AT(p, f, char), 11, "%s", col_text(st, c)); break;
		case F_INT:
		case F_BOOL: *AT(p, f, int) = null ? -1 : sqlite3_column_int(st, c); break;
		case F_MONEY: *AT(p, f, int64_t) = null ? -1 : sqlite3_column_int64(st, c); break;
		}
	}
}

static void read_row_v(sqlite3_stmt *st, void *p) { read_row(st, p); }
static void participant_free_v(void *p) { participant_free(p); }

senda_err
participant_get(senda_db *db, const char *id, participant *out, senda_error *err)
{
	char key[UUID_LEN];
	if (!uuid_prefix_key(id, key))
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " COLS " FROM participant WHERE id >= ?1 AND id < ?1 || '~' LIMIT 2", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", key);
	if (e != SENDA_OK)
		return e;
	return db_step_one(db, st, id, read_row_v, participant_free_v, out, err);
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

senda_err
participant_count(senda_db *db, int64_t *out, senda_error *err)
{
	senda_err e = db_int(db, out, err, "SELECT n FROM tally WHERE name = 'participant'", NULL);
	/* The schema makes the tally row: without it the file is damaged. */
	return e == SENDA_E_NOTFOUND
		? senda_fail(err, SENDA_E_CORRUPT, NULL, "%s", "no participant tally") : e;
}

/* Turn what the user typed into an FTS5 query: every word folded, quoted
 * (so nothing typed is FTS syntax) and matched as a prefix. NULL if no word. */
static char *
fts_query(const char *text)
{
	char *folded = text_fold(text);
	if (!folded)
		return NULL;
	size_t n = strlen(folded);
	char *q = xmalloc(n * 4 + 8);
	size_t o = 0;
	int words = 0;
	for (const char *s = folded; *s;) {
		while (*s && (*s == ' ' || *s == '\t' || *s == '"' || *s == ','))
			s++;
		if (!*s)
			break;
		if (words++)
			q[o++] = ' ';
		q[o++] = '"';
		while (*s && *s != ' ' && *s != '\t' && *s != ',') {
			if (*s == '"')
				q[o++] = '"';
			q[o++] = *s++;
		}
		q[o++] = '"';
		q[o++] = '*';
	}
	q[o] = '\0';
	free(folded);
	if (!words) {
		free(q);
		return NULL;
	}
	return q;
}

senda_err
participant_search(senda_db *db, const char *text, int limit, participant_fn fn,
		   void *ctx, senda_error *err)
{
	if (!text_valid(text))
		return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
	char *q = fts_query(text);
	if (!q)
		return SENDA_OK;
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " COLS " FROM participant WHERE rowid IN"
		" (SELECT rowid FROM participant_fts WHERE participant_fts MATCH ?"
		"  LIMIT ?) AND deleted = 0 ORDER BY sort_key, id", err);
	if (!st) {
		free(q);
		return err ? err->code : SENDA_E_DB;
	}
	senda_err e = db_bind(db, st, err, "ti", q, limit);
	if (e == SENDA_OK)
		e = each_row(db, st, fn, ctx, err);
	free(q);
	return e;
}

/* ---- writing ----------------------------------------------------------- */

/* What the list sorts by: surnames then names, folded ("Álvarez" with A). */
static char *
sort_key(const participant *p)
{
	char *raw = xasprintf("%s %s %s", p->first_surname, p->second_surname, p->given_names);
	char *key = text_fold(raw);
	free(raw);
	return key ? key : xstrdup("");
}

static senda_err
bind_fields(senda_db *db, sqlite3_stmt *st, int first, const participant *p)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		int idx = first + (int)i;
		int rc = SQLITE_OK;
		switch (f->type) {
		case F_TEXT:
			rc = sqlite3_bind_text(st, idx, *AT(p, f, char *const), -1, SQLITE_TRANSIENT);
			break;
		case F_DATE: {
			const char *s = AT(p, f, const char);
			rc = *s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT)
				: sqlite3_bind_null(st, idx);
			break;
		}
		case F_INT:
		case F_BOOL: {
			int v = *AT(p, f, const int);
			rc = v < 0 ? sqlite3_bind_null(st, idx) : sqlite3_bind_int(st, idx, v);
			break;
		}
		case F_MONEY: {
			int64_t v = *AT(p, f, const int64_t);
			rc = v < 0 ? sqlite3_bind_null(st, idx) : sqlite3_bind_int64(st, idx, v);
			break;
		}
		}
		if (rc != SQLITE_OK)
			return db_error(db, NULL);
	}
	return SENDA_OK;
}

static senda_err
step_done(senda_db *db, sqlite3_stmt *st, senda_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
participant_create(senda_db *db, participant *p, senda_error *err)
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
	if ((e = bind_fields(db, st, FIRST_FIELD_COL, p)) != SENDA_OK ||
	    (e = step_done(db, st, err)) != SENDA_OK)
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

/* ---- changes against what the user saw ---------------------------------- */

static bool
field_same(const participant *a, const participant *b, const struct field *f)
{
	char *x = value_text(a, f), *y = value_text(b, f);
	bool r = same(x, y);
	free(x);
	free(y);
	return r;
}

static void
copy_field(participant *dst, const participant *src, const struct field *f)
{
	switch (f->type) {
	case F_TEXT:
		participant_set(AT(dst, f, char *), *AT(src, f, char *const));
		break;
	case F_DATE:
		memcpy(AT(dst, f, char), AT(src, f, const char), sizeof dst->birth_date);
		break;
	case F_INT:
	case F_BOOL:
		*AT(dst, f, int) = *AT(src, f, const int);
		break;
	case F_MONEY:
		*AT(dst, f, int64_t) = *AT(src, f, const int64_t);
		break;
	}
}

static const struct field *
field_by_col(const char *column)
{
	for (size_t i = 0; column && i < NFIELDS; i++)
		if (strcmp(fields[i].col, column) == 0)
			return &fields[i];
	return NULL;
}

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
	for (size_t i = 0; i < NFIELDS; i++)
		copy_field(dst, src, &fields[i]);
}

char *
participant_value(const participant *p, const char *column)
{
	const struct field *f = field_by_col(column);
	if (!f)
		return NULL;
	char *v = value_text(p, f);
	return v ? v : xstrdup("");
}

void
participant_conflict_free(participant_conflict *c)
{
	participant_free(&c->current);
	c->n = 0;
}

void
participant_rebase(participant *p, const participant *base, const participant *current,
		   const char *const *theirs, int ntheirs)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (field_same(p, base, &fields[i]))
			copy_field(p, current, &fields[i]);
	for (int i = 0; i < ntheirs; i++) {
		const struct field *f = field_by_col(theirs[i]);
		if (f)
			copy_field(p, current, f);
	}
}

/* cur with the fields the user changed (p against base) written over it,
 * into merged. Returns the number of conflicting fields, named in cols. */
static int
merge_changes(const participant *base, const participant *p, const participant *cur,
	      participant *merged, const char **cols)
{
	int n = 0;
	participant_copy(merged, cur);
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		char *b = value_text(base, f), *m = value_text(p, f), *c = value_text(cur, f);
		switch (merge3(b, m, c)) {
		case MERGE3_MINE: copy_field(merged, p, f); break;
		case MERGE3_CONFLICT: cols[n++] = f->col; break;
		case MERGE3_THEIRS: case MERGE3_SAME: break;
		}
		free(b);
		free(m);
		free(c);
	}
	/* Consent given now is dated now, unless the date was given too. */
	const struct field *date = field_by_col("consent_date");
	if (((merged->consent_share == 1 && cur->consent_share != 1) ||
	     (merged->consent_contact == 1 && cur->consent_contact != 1)) &&
	    field_same(p, base, date))
		date_to_iso(clock_today(), merged->consent_date);
	return n;
}

static senda_err
write_update(senda_db *db, const participant *p, const char *clock, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db,
		"UPDATE participant SET updated_at = ?1, updated_by = ?2,"
		" given_names = ?3, first_surname = ?4, second_surname = ?5,"
		" preferred_name = ?6, birth_date = ?7, phone = ?8, phone_alt = ?9,"
		" email = ?10, language = ?11, best_time = ?12, country = ?13,"
		" years_in_us = ?14, schooling = ?15, employed = ?16, wage_cents = ?17,"
		" work_interests = ?18, heard_from = ?19, consent_contact = ?20,"
		" consent_share = ?21, consent_date = ?22, sort_key = ?24 WHERE id = ?23", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind_from(db, st, err, 1, "tt", clock, db_user_id(db));
	if (e != SENDA_OK)
		return e;
	e = bind_fields(db, st, 3, p);
	char *key = sort_key(p);
	sqlite3_bind_text(st, 24, key, -1, SQLITE_TRANSIENT);
	free(key);
	if (e == SENDA_OK)
		e = sqlite3_bind_text(st, 3 + (int)NFIELDS, p->id, -1, SQLITE_TRANSIENT) == SQLITE_OK
			? step_done(db, st, err) : db_error(db, err);
	else
		sqlite3_reset(st);
	return e;
}

senda_err
participant_update(senda_db *db, const participant *base, participant *p,
		   participant_conflict *conflict, senda_error *err)
{
	_Static_assert(NFIELDS == PARTICIPANT_NFIELDS, "PARTICIPANT_NFIELDS");
	/* Clean the user's values first, so that " Ana" is no change from "Ana". */
	senda_err e = participant_validate(p, clock_today(), err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	participant cur;
	if ((e = participant_get(db, base->id, &cur, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	if (strcmp(cur.id, base->id) != 0) {   /* base->id must be the whole id */
		participant_free(&cur);
		db_rollback(db);
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", base->id);
	}
	participant merged;
	const char *cols[NFIELDS];
	int nconf = merge_changes(base, p, &cur, &merged, cols);
	if (nconf) {
		db_rollback(db);
		participant_free(&merged);
		const struct field *f = field_by_col(cols[0]);
		if (conflict) {
			conflict->n = nconf;
			memcpy(conflict->cols, cols, sizeof cols[0] * (size_t)nconf);
			conflict->current = cur;
		} else
			participant_free(&cur);
		return senda_fail(err, SENDA_E_CONFLICT, f->label, NULL);
	}
	if ((e = participant_validate(&merged, clock_today(), err)) != SENDA_OK) {
		db_rollback(db);
		participant_free(&merged);
		participant_free(&cur);
		return e;
	}
	char clock[HLC_LEN];
	int changed = 0;
	for (size_t i = 0; i < NFIELDS && e == SENDA_OK; i++) {
		char *a = value_text(&cur, &fields[i]);
		char *b = value_text(&merged, &fields[i]);
		if (!same(a, b)) {
			if (!changed++)
				e = db_tick(db, clock, err);
			if (e == SENDA_OK)
				e = changelog_add(db, "participant", cur.id, fields[i].col, a, b,
						  clock, err);
		}
		free(a);
		free(b);
	}
	participant_free(&cur);
	if (e == SENDA_OK && changed)
		e = write_update(db, &merged, clock, err);
	if (e == SENDA_OK)
		e = db_commit(db, err);
	else
		db_rollback(db);
	if (e != SENDA_OK) {
		participant_free(&merged);
		return e;
	}
	if (changed) {
		participant_set(&merged.updated_at, clock);
		participant_set(&merged.updated_by, db_user_id(db));
	}
	participant_free(p);
	*p = merged;
	return SENDA_OK;
}

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
