/* senda — ESL levels: cut-score tables as data, lookup, screenings. */
#include <config.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "record_sql.h"

const char *const esl_instruments[] = {
	"casas", "best_plus", "best_literacy", "tabe_clas_e", "oral", NULL
};

static const char *const instrument_labels[] = {
	N_("CASAS reading or listening"),
	N_("BEST Plus 2.0"),
	N_("BEST Literacy"),
	N_("TABE CLAS-E reading"),
	/* L10N: the screener judges the level in a conversation; keep it short */
	N_("Oral interview"),
};

const char *
esl_instrument_label(const char *code)
{
	for (int i = 0; code && esl_instruments[i]; i++)
		if (strcmp(code, esl_instruments[i]) == 0)
			return instrument_labels[i];
	return NULL;
}

const struct field_choice esl_instrument_choices[] = {
	{ "casas", N_("CASAS reading or listening") },
	{ "best_plus", N_("BEST Plus 2.0") },
	{ "best_literacy", N_("BEST Literacy") },
	{ "tabe_clas_e", N_("TABE CLAS-E reading") },
	{ "oral", N_("Oral interview") },
	{ NULL, NULL }
};

bool
esl_instrument_known(const char *code)
{
	return esl_instrument_label(code) != NULL;
}

/* The highest score each instrument's scale could give, a guard against
 * typing mistakes (9999 for 199), not a cut score: those are data. Set
 * above any score the scales produce, so that no real score is refused. */
static const struct { const char *code; int max; } score_max[] = {
	{ "casas", 300 }, { "best_plus", 999 }, { "best_literacy", 100 },
	{ "tabe_clas_e", 999 },
};

int
esl_score_max(const char *instrument)
{
	for (size_t i = 0; instrument && i < sizeof score_max / sizeof score_max[0]; i++)
		if (strcmp(instrument, score_max[i].code) == 0)
			return score_max[i].max;
	return -1;
}

senda_err
esl_level_name(senda_db *db, int level, const char *lang, char **out, senda_error *err)
{
	if (lang && strcmp(lang, "es") == 0)
		return db_text(db, out, err, "SELECT name_es FROM esl_level WHERE level = ?", "i",
			       level);
	return db_text(db, out, err, "SELECT name_en FROM esl_level WHERE level = ?", "i", level);
}

senda_err
esl_level_descriptor(senda_db *db, int level, const char *lang, char **out, senda_error *err)
{
	if (lang && strcmp(lang, "es") == 0)
		return db_text(db, out, err, "SELECT desc_es FROM esl_level WHERE level = ?", "i",
			       level);
	return db_text(db, out, err, "SELECT desc_en FROM esl_level WHERE level = ?", "i", level);
}

int
esl_parse_score(const char *s)
{
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	int v = 0, digits = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (++digits > 4)
			return -1;
	}
	while (*s == ' ')
		s++;
	return digits && !*s ? v : -1;
}

/* ---- tables ------------------------------------------------------------ */

static void
copy_col(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	snprintf(dst, n, "%s", s ? s : "");
}

static senda_err
load_bands(senda_db *db, esl_table *t, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT level, min_score, max_score FROM esl_band"
		" WHERE table_id = ? AND deleted = 0 ORDER BY level", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", t->id);
	if (e != SENDA_OK)
		return e;
	t->nbands = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && t->nbands < 6) {
		esl_band *b = &t->bands[t->nbands++];
		b->level = sqlite3_column_int(st, 0);
		b->min = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 1);
		b->max = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SENDA_OK : db_error(db, err);
}

static void
read_table(sqlite3_stmt *st, esl_table *t)
{
	memset(t, 0, sizeof *t);
	copy_col(t->id, sizeof t->id, st, 0);
	copy_col(t->instrument, sizeof t->instrument, st, 1);
	copy_col(t->version, sizeof t->version, st, 2);
	copy_col(t->effective_date, sizeof t->effective_date, st, 3);
	copy_col(t->source, sizeof t->source, st, 4);
	t->verified = sqlite3_column_int(st, 5);
	t->retired = sqlite3_column_int(st, 6);
}

senda_err
esl_tables(senda_db *db, bool include_retired, esl_table_fn fn, void *ctx, senda_error *err)
{
	/* Collect first: loading bands reuses the connection's statements. */
	sqlite3_stmt *st = db_prepare(db,
		"SELECT id, instrument, version, effective_date, source, verified, retired"
		" FROM esl_table WHERE deleted = 0 AND (retired = 0 OR ?)"
		" ORDER BY instrument, effective_date DESC, version", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err be = db_bind(db, st, err, "i", include_retired ? 1 : 0);
	if (be != SENDA_OK)
		return be;
	esl_table *all = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		all = xrealloc(all, (n + 1) * sizeof *all);
		read_table(st, &all[n++]);
	}
	sqlite3_reset(st);
	senda_err e = rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
	for (size_t i = 0; i < n && e == SENDA_OK; i++) {
		e = load_bands(db, &all[i], err);
		if (e == SENDA_OK && fn(&all[i], ctx))
			break;
	}
	free(all);
	return e;
}

/* The table for an instrument in effect on a date. */
/* A screening's field, for errors about it. */
static const field_desc *
sfield(const char *key)
{
	return field_find(screening_fields, screening_nfields, key);
}

static senda_err
table_in_effect(senda_db *db, const char *instrument, sdate on, esl_table *t,
		senda_error *err)
{
	char iso[11];
	date_to_iso(on, iso);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT id, instrument, version, effective_date, source, verified, retired"
		" FROM esl_table WHERE instrument = ? AND deleted = 0 AND retired = 0"
		" AND effective_date <= ? ORDER BY effective_date DESC, updated_at DESC LIMIT 1", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err be = db_bind(db, st, err, "tt", instrument, iso);
	if (be != SENDA_OK)
		return be;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_table(st, t);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE
			/* L10N: %s is an ESL test's name */
			? field_fail(err, SENDA_E_NOTFOUND, sfield("instrument"),
				     _("no score table for %s in effect on that date"),
				     _(esl_instrument_label(instrument)))
			: db_error(db, err);
	return load_bands(db, t, err);
}

senda_err
esl_lookup(senda_db *db, const char *instrument, int score, sdate on, esl_result *out,
	   senda_error *err)
{
	memset(out, 0, sizeof *out);
	if (!esl_instrument_known(instrument) || strcmp(instrument, "oral") == 0)
		return field_fail(err, SENDA_E_CHOICE, sfield("instrument"), "%s", instrument);
	if (score < 0)
		return field_fail(err, SENDA_E_NUMBER, sfield("score"), NULL);
	if (score > esl_score_max(instrument))
		/* L10N: %1$s is an ESL test's name, %2$d its highest possible score */
		return field_fail(err, SENDA_E_RANGE, sfield("score"), _("%1$s scores go up to %2$d; check the score"),
				  _(esl_instrument_label(instrument)), esl_score_max(instrument));
	esl_table t;
	senda_err e = table_in_effect(db, instrument, on, &t, err);
	if (e != SENDA_OK)
		return e;
	if (t.nbands == 0)
		return field_fail(err, SENDA_E_NOTFOUND, sfield("instrument"), "%s", t.version);
	snprintf(out->table_id, sizeof out->table_id, "%s", t.id);
	snprintf(out->version, sizeof out->version, "%s", t.version);
	const esl_band *top = &t.bands[t.nbands - 1];
	out->top_score = top->max;
	if (t.bands[0].min >= 0 && score < t.bands[0].min) {
		out->outcome = ESL_BELOW;
		return field_fail(err, SENDA_E_RANGE, sfield("score"),
				  /* L10N: the lowest score an ESL test's table has */
				  _("the lowest score in this table is %d"), t.bands[0].min);
	}
	for (int i = 0; i < t.nbands; i++) {
		const esl_band *b = &t.bands[i];
		if ((b->min < 0 || score >= b->min) && (b->max < 0 || score <= b->max)) {
			out->outcome = ESL_LEVEL;
			out->level = b->level;
			return SENDA_OK;
		}
	}
	if (top->max >= 0 && score > top->max) {
		if (top->level == 6) {
			out->outcome = ESL_EXITED;
			out->level = 6;
		} else {
			out->outcome = ESL_ABOVE_KNOWN;
			out->level = top->level;
		}
		return SENDA_OK;
	}
	/* A gap between bands: the table is wrong, say so. */
	return field_fail(err, SENDA_E_RANGE, sfield("score"), "%s", t.version);
}

static senda_err
check_bands(const esl_table *t, senda_error *err)
{
	if (t->nbands < 1 || t->nbands > 6)
		return senda_fail(err, SENDA_E_RANGE, N_("Levels"), "1–6");
	for (int i = 0; i < t->nbands; i++) {
		const esl_band *b = &t->bands[i];
		if (b->level != i + 1)
			/* L10N: levels of an imported ESL table must be 1, 2, 3... */
			return senda_fail(err, SENDA_E_RANGE, N_("Levels"), "%s",
					  _("levels must run 1, 2, 3... without gaps"));
		if ((b->min >= 0 && b->max >= 0 && b->min > b->max) ||
		    (i > 0 && b->min < 0) || (i < t->nbands - 1 && b->max < 0))
			return senda_fail(err, SENDA_E_RANGE, N_("Score"),
					  _("level %d: check its lowest and highest score"), b->level);
		if (i > 0 && b->min != t->bands[i - 1].max + 1)
			return senda_fail(err, SENDA_E_RANGE, N_("Score"),
					  _("level %d must start right after level %d ends"),
					  b->level, b->level - 1);
	}
	return SENDA_OK;
}

senda_err
esl_table_check(const esl_table *t, senda_error *err)
{
	if (!esl_instrument_known(t->instrument) || strcmp(t->instrument, "oral") == 0)
		return senda_fail(err, SENDA_E_CHOICE, N_("Instrument"), "%s", t->instrument);
	/* Each with its own reason: not UTF-8, control characters, empty. */
	if (!text_valid(t->version))
		return senda_fail(err, SENDA_E_UTF8, N_("Version"), NULL);
	if (text_has_control(t->version))
		return senda_fail(err, SENDA_E_CONTROL, N_("Version"), NULL);
	if (!*t->version)
		return senda_fail(err, SENDA_E_REQUIRED, N_("Version"), NULL);
	if (!text_valid(t->source))
		return senda_fail(err, SENDA_E_UTF8, N_("Source"), NULL);
	if (text_has_control(t->source))
		return senda_fail(err, SENDA_E_CONTROL, N_("Source"), NULL);
	sdate d;
	if (date_from_iso(t->effective_date, &d) != DATE_OK)
		return senda_fail(err, SENDA_E_DATE, N_("Effective date"), "%s", t->effective_date);
	return check_bands(t, err);
}

senda_err
esl_table_add(senda_db *db, esl_table *t, senda_error *err)
{
	PERM_CHECK(db, PERM_ADMIN, err);
	senda_err e = esl_table_check(t, err);
	if (e != SENDA_OK)
		return e;
	int64_t same = 0;
	if ((e = db_int(db, &same, err, "SELECT count(*) FROM esl_table"
			" WHERE instrument = ? AND version = ?",
			"tt", t->instrument, t->version)) != SENDA_OK)
		return e;
	if (same > 0)
		return senda_fail(err, SENDA_E_EXISTS, N_("Version"), "%s", t->version);
	char now[21], clock[HLC_LEN];
	clock_timestamp(now);
	uuid_new(t->id);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) != SENDA_OK)
		goto fail;
	e = db_exec(db, err,
		    "INSERT INTO esl_table (id, site_id, created_at, updated_at, updated_by,"
		    " instrument, version, effective_date, source, verified, retired)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", "tttttttttI",
		    t->id, db_site_id(db), now, clock, db_actor_id(db), t->instrument,
		    t->version, t->effective_date, t->source, (int64_t)(t->verified ? 1 : 0));
	for (int i = 0; i < t->nbands && e == SENDA_OK; i++) {
		char bid[UUID_LEN];
		uuid_new(bid);
		const esl_band *b = &t->bands[i];
		sqlite3_stmt *st = db_prepare(db,
			"INSERT INTO esl_band (id, site_id, created_at, updated_at, updated_by,"
			" table_id, level, min_score, max_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
		if (!st) {
			e = err ? err->code : SENDA_E_DB;
			break;
		}
		if ((e = db_bind_from(db, st, err, 1, "tttttti", bid, db_site_id(db), now, clock,
				      db_actor_id(db), t->id, b->level)) != SENDA_OK)
			break;
		if (b->min >= 0)
			sqlite3_bind_int(st, 8, b->min);
		if (b->max >= 0)
			sqlite3_bind_int(st, 9, b->max);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			e = db_error(db, err);
	}
	if (e == SENDA_OK)
		e = changelog_add(db, "esl_table", t->id, "", NULL, NULL, clock, err);
	if (e != SENDA_OK)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return e;
}

senda_err
esl_table_retire(senda_db *db, const char *id, bool retired, senda_error *err)
{
	PERM_CHECK(db, PERM_ADMIN, err);
	char *found = NULL;
	senda_err e = db_text(db, &found, err,
			      "SELECT id FROM esl_table WHERE id = ?1 OR version = ?1", "t", id);
	if (e == SENDA_E_NOTFOUND)
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id);
	if (e != SENDA_OK)
		return e;
	char clock[HLC_LEN];
	e = db_begin(db, err);
	if (e == SENDA_OK)
		e = db_tick(db, clock, err);
	if (e == SENDA_OK)
		e = db_exec(db, err, "UPDATE esl_table SET retired = ?, updated_at = ?,"
			    " updated_by = ? WHERE id = ?", "ittt", retired ? 1 : 0, clock,
			    db_actor_id(db), found);
	if (e == SENDA_OK)
		e = changelog_add(db, "esl_table", found, "retired", retired ? "0" : "1",
				  retired ? "1" : "0", clock, err);
	if (e == SENDA_OK)
		e = db_commit(db, err);
	else if (db_depth(db) > 0)
		db_rollback(db);
	free(found);
	return e;
}

/* ---- screenings -------------------------------------------------------- */

/* A screening's level, 1 to 6. */
static const struct field_choice level_choices[] = {
	{ "1", "1" }, { "2", "2" }, { "3", "3" }, { "4", "4" }, { "5", "5" }, { "6", "6" },
	{ NULL, NULL }
};

/* One line a field: column, label, type, limit, required, choices, the
 * option of screen, the CSV headers, flags. Labels are the form's. */
#define SF(c, l, k, m, r, ch, o, en, es, fl) \
	{ #c, l, k, offsetof(screening, c), m, r, ch, o, en, es, FT_LWW, fl }
const field_desc screening_fields[] = {
	SF(instrument, N_("Instrument"), FK_CHOICE, 20, true, esl_instrument_choices,
	   "instrument", "instrument", "instrumento", FF_FORM),
	SF(screened_on, N_("Screening date"), FK_DATE, 0, true, NULL, "date", "screened_on",
	   "fecha_evaluación", FF_FORM | FF_TODAY),
	SF(score, N_("Score"), FK_INT, 9999, false, NULL, "score", "score", "puntaje",
	   FF_FORM | FF_FORM_TEXT),
	SF(level, N_("Level"), FK_INT, 6, false, level_choices, "level", "level", "nivel", FF_FORM),
	SF(screener, N_("Screener"), FK_TEXT, 80, false, NULL, "screener", "screener",
	   "evaluador", 0),
};
const size_t screening_nfields = sizeof screening_fields / sizeof screening_fields[0];
#define NSFIELDS (sizeof screening_fields / sizeof screening_fields[0])

void screening_init(screening *s) { record_blank(&screening_kind, s); }
void screening_free(screening *s) { if (s) field_free_all(screening_fields, NSFIELDS, s); }

static senda_err
screening_fail(senda_error *err, senda_err code, const char *key, const char *detail)
{
	const field_desc *f = field_find(screening_fields, NSFIELDS, key);
	senda_fail(err, code, f->label, detail ? "%s" : NULL, detail);
	if (err)
		err->key = f->key;
	return code;
}

static senda_err
screening_check(void *rec, senda_error *err)
{
	screening *s = rec;
	/* An unknown instrument is named with the ones there are. */
	if (*s->instrument && !esl_instrument_known(s->instrument))
		return screening_fail(err, SENDA_E_CHOICE, "instrument", s->instrument);
	senda_err e = field_check(&screening_fields[0], s, err);   /* required */
	if (e != SENDA_OK)
		return e;
	/* The screener gives the level of an oral interview; the table gives
	 * the others'. A negative score is no score. */
	bool oral = strcmp(s->instrument, "oral") == 0;
	if (oral && s->level < 0 && s->score >= 0)
		/* A score given for the oral interview: it takes a level. */
		return screening_fail(err, SENDA_E_REQUIRED, "level",
				      /* L10N: 'senda screen ... --instrument oral --score N';
				       * --level stays in English */
				      _("the oral interview has no score: give the level the "
					"screener chose, --level 1 to 6"));
	if (oral && s->level < 0)
		return screening_fail(err, SENDA_E_REQUIRED, "level", "1–6");
	if (oral && (s->level < 1 || s->level > 6))
		return screening_fail(err, SENDA_E_RANGE, "level", "1–6");
	if (!oral)
		s->level = -1;
	if (!oral && s->score < 0)
		/* No score given: the level comes from it. */
		return screening_fail(err, SENDA_E_REQUIRED, "score", NULL);
	return field_check_all(screening_fields + 1, NSFIELDS - 1, s, err);
}

senda_err
screening_create(senda_db *db, screening *s, senda_error *err)
{
	PERM_CHECK(db, PERM_SCREENING, err);
	participant p;
	senda_err e = participant_get(db, s->participant_id, &p, err);
	if (e != SENDA_OK)
		return e;
	snprintf(s->participant_id, sizeof s->participant_id, "%s", p.id);
	char birth[11];
	snprintf(birth, sizeof birth, "%s", p.birth_date);
	participant_free(&p);

	if ((e = screening_check(s, err)) != SENDA_OK)
		return e;
	sdate on, today = clock_today();
	if (date_from_iso(s->screened_on, &on) != DATE_OK)
		return screening_fail(err, SENDA_E_DATE, "screened_on", NULL);
	if (date_cmp(on, today) > 0)
		return screening_fail(err, SENDA_E_FUTURE, "screened_on", NULL);
	if (*birth && strcmp(s->screened_on, birth) < 0)
		return screening_fail(err, SENDA_E_TOOOLD, "screened_on", _("before the person was born"));

	s->exited = false;
	s->table_id[0] = s->version[0] = '\0';
	if (strcmp(s->instrument, "oral") == 0) {
		s->score = -1;
	} else {
		esl_result r;
		if ((e = esl_lookup(db, s->instrument, s->score, on, &r, err)) != SENDA_OK)
			return e;
		if (r.outcome == ESL_ABOVE_KNOWN)
			return senda_fail(err, SENDA_E_RANGE, N_("Score"),
					  _("above level %d of this table; the next range is not confirmed: "
					    "record an oral interview instead"), r.level);
		s->level = r.level;
		s->exited = r.outcome == ESL_EXITED;
		snprintf(s->table_id, sizeof s->table_id, "%s", r.table_id);
		snprintf(s->version, sizeof s->version, "%s", r.version);
	}
	if (!*s->screener) {
		char *name = NULL;
		e = db_text(db, &name, err, "SELECT name FROM user WHERE id = ?", "t",
			    db_actor_id(db));
		if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
			return e;
		xstrset(&s->screener, name);
		free(name);
	}
	static char *sql;
	if (!sql) {
		char *cols = record_col_list(screening_fields, NSFIELDS, NULL);
		char *params = record_param_list(NSFIELDS);
		sql = xasprintf("INSERT INTO screening (id, site_id, created_at, updated_at,"
				" updated_by, participant_id, table_id, exited, %s)"
				" VALUES (?, ?, ?, ?, ?, ?, ?, ?, %s)", cols, params);
		free(cols);
		free(params);
	}
	uuid_new(s->id);
	const char *extra[] = { s->participant_id, *s->table_id ? s->table_id : NULL,
				s->exited ? "1" : "0" };
	return record_insert(db, "screening", sql, s->id, extra, 3, screening_fields, NSFIELDS, s,
			     err);
}

/* The columns before the fields in a screening's SELECT. */
#define SCREENING_SELECT(cols) \
	xasprintf("SELECT s.id, s.participant_id, coalesce(s.table_id, ''),"              \
		  " coalesce(t.version, ''), s.exited, %s FROM screening s"                 \
		  " LEFT JOIN esl_table t ON t.id = s.table_id", cols)

static void
read_screening(sqlite3_stmt *st, void *rec)
{
	screening *s = rec;
	screening_init(s);
	copy_col(s->id, sizeof s->id, st, 0);
	copy_col(s->participant_id, sizeof s->participant_id, st, 1);
	copy_col(s->table_id, sizeof s->table_id, st, 2);
	copy_col(s->version, sizeof s->version, st, 3);
	s->exited = sqlite3_column_int(st, 4) != 0;
	record_read_cols(st, 5, screening_fields, NSFIELDS, s);
}

static const char *
screening_sql(bool by_id)
{
	static char *sql[2];
	if (!sql[by_id]) {
		char *cols = record_col_list(screening_fields, NSFIELDS, "s.");
		char *sel = SCREENING_SELECT(cols);
		sql[by_id] = by_id
			? xasprintf("%s WHERE s.id >= ?1 AND s.id < ?1 || '~' AND s.deleted = 0"
				    " LIMIT 2", sel)
			: xasprintf("%s WHERE s.participant_id = ? AND s.deleted = 0"
				    " ORDER BY s.screened_on, s.created_at", sel);
		free(cols);
		free(sel);
	}
	return sql[by_id];
}

static void screening_free_v(void *s) { screening_free(s); }

/* By id or unique id prefix; out is initialised here. */
static senda_err
screening_get(senda_db *db, const char *id, void *out, senda_error *err)
{
	return record_get_sql(db, screening_sql(true), id, read_screening, screening_free_v, out,
			      err);
}

struct each { screening_fn fn; void *ctx; };
static int each_v(const void *rec, void *c) { return ((struct each *)c)->fn(rec, ((struct each *)c)->ctx); }

senda_err
screening_list(senda_db *db, const char *participant_id, screening_fn fn, void *ctx,
	       senda_error *err)
{
	PERM_CHECK(db, PERM_SCREENING, err);
	struct each e = { fn, ctx };
	return record_each_sql(db, screening_sql(false), participant_id, sizeof(screening),
			       read_screening, screening_free_v, each_v, &e, err);
}

static void screening_init_v(void *s) { screening_init(s); }
static void
screening_copy_v(void *dst, const void *src)
{
	screening *d = dst;
	const screening *s = src;
	screening_init(d);
	memcpy(d->id, s->id, sizeof d->id);
	memcpy(d->participant_id, s->participant_id, sizeof d->participant_id);
	memcpy(d->table_id, s->table_id, sizeof d->table_id);
	memcpy(d->version, s->version, sizeof d->version);
	d->exited = s->exited;
	field_copy_all(screening_fields, NSFIELDS, d, s);
}
static senda_err screening_create_v(senda_db *db, void *s, senda_error *e)
{
	return screening_create(db, s, e);
}

const record_kind screening_kind = {
	"screening", screening_fields, NSFIELDS, sizeof(screening), screening_init_v,
	screening_free_v, screening_copy_v, screening_check, screening_get, screening_create_v,
	NULL,
};

senda_err
screening_current_level(senda_db *db, const char *participant_id, int *level,
			senda_error *err)
{
	PERM_CHECK(db, PERM_SCREENING, err);
	int64_t v = 0;
	senda_err e = db_int(db, &v, err,
		"SELECT level FROM screening WHERE participant_id = ? AND deleted = 0"
		" ORDER BY screened_on DESC, created_at DESC LIMIT 1", "t", participant_id);
	*level = (int)v;
	/* Never screened is an answer (level 0); a file that cannot be read is not. */
	return e == SENDA_E_NOTFOUND ? SENDA_OK : e;
}
