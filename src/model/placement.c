/* senda — job placements and the wage change since intake. One table of
 * field descriptors drives validation, reading and writing. */
#include <config.h>

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/date.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/record.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "record_sql.h"

/* One line a field: column, label, type, limit, required, the option of
 * place, the CSV headers (English, Spanish), flags. Labels are the form's. */
#define JF(c, l, k, m, r, o, en, es, fl) \
	{ #c, l, k, offsetof(placement, c), m, r, NULL, o, en, es, FT_LWW, fl }
const field_desc placement_fields[] = {
	JF(employer, N_("Employer"), FK_TEXT, 120, true, "employer", "employer", "empleador",
	   FF_FORM),
	JF(job_title, N_("Job title"), FK_TEXT, 120, false, "title", "job_title", "puesto", FF_FORM),
	JF(sector, N_("Sector"), FK_TEXT, 80, false, "sector", "sector", "sector", FF_FORM),
	JF(start_date, N_("Start date"), FK_DATE, 0, true, "start", "start_date", "fecha_inicio",
	   FF_FORM),
	JF(wage_cents, N_("Hourly wage"), FK_MONEY, PLACEMENT_WAGE_MAX, true, "wage",
	   "hourly_wage", "salario_por_hora", FF_FORM),
	JF(hours_week, N_("Hours a week"), FK_INT, 100, false, "hours", "hours_week",
	   "horas_semana", FF_FORM),
	JF(benefits, N_("Benefits"), FK_YESNO, 1, false, "benefits", "benefits", "beneficios",
	   FF_FORM | FF_NOT_GIVEN),
	JF(end_date, N_("End date"), FK_DATE, 0, false, "end", "end_date", "fecha_fin", FF_FORM),
};
const size_t placement_nfields = sizeof placement_fields / sizeof placement_fields[0];
#define NFIELDS (sizeof placement_fields / sizeof placement_fields[0])

#define FIELD(key) field_find(placement_fields, NFIELDS, (key))

void placement_init(placement *p) { record_blank(&placement_kind, p); }
void placement_free(placement *p) { if (p) field_free_all(placement_fields, NFIELDS, p); }

bool
placement_wage_change(int64_t intake_cents, int64_t new_cents, double *percent)
{
	if (intake_cents <= 0 || new_cents < 0)
		return false;
	*percent = 100.0 * (double)(new_cents - intake_cents) / (double)intake_cents;
	return true;
}

static senda_err
fail(senda_error *err, senda_err code, const char *key, const char *detail)
{
	const field_desc *f = FIELD(key);
	senda_fail(err, code, f->label, detail ? "%s" : NULL, detail);
	if (err)
		err->key = f->key;
	return code;
}

senda_err
placement_validate(senda_db *db, placement *p, bool confirmed, senda_error *err)
{
	PERM_CHECK(db, PERM_PLACEMENT, err);
	participant who;
	senda_err e = participant_get(db, p->participant_id, &who, err);
	if (e != SENDA_OK)
		return e;
	snprintf(p->participant_id, sizeof p->participant_id, "%s", who.id);
	char birth[11];
	snprintf(birth, sizeof birth, "%s", who.birth_date);
	participant_free(&who);

	if (p->wage_cents > PLACEMENT_WAGE_MAX)
		return fail(err, SENDA_E_RANGE, "wage_cents", _("more than $10,000 an hour"));
	if ((e = field_check_all(placement_fields, NFIELDS, p, err)) != SENDA_OK)
		return e;
	sdate start, end, today = clock_today();
	if (date_from_iso(p->start_date, &start) != DATE_OK)
		return fail(err, SENDA_E_DATE, "start_date", NULL);
	/* A job may start soon; not more than a year ahead. */
	if (date_to_days(start) > date_to_days(today) + 366)
		return fail(err, SENDA_E_FUTURE, "start_date", NULL);
	if (*birth && strcmp(p->start_date, birth) <= 0)
		return fail(err, SENDA_E_TOOOLD, "start_date", _("before the person was born"));
	if (*p->end_date && date_from_iso(p->end_date, &end) == DATE_OK &&
	    date_cmp(end, start) < 0)
		return fail(err, SENDA_E_DATE_ORDER, "end_date", _("before the start date"));
	if (!confirmed && p->wage_cents == 0)
		return fail(err, SENDA_E_CONFIRM, "wage_cents", _("a wage of $0.00 an hour"));
	if (!confirmed && p->wage_cents >= 10000)
		return fail(err, SENDA_E_CONFIRM, "wage_cents",
			    _("$100 an hour or more: is it the hourly wage?"));
	return SENDA_OK;
}

/* The statements, made once from the field table. */
static const char *
select_sql(bool by_id)
{
	static char *sql[2];
	if (!sql[by_id]) {
		char *cols = record_col_list(placement_fields, NFIELDS, NULL);
		sql[by_id] = by_id
			? xasprintf("SELECT id, participant_id, %s FROM placement WHERE id >= ?1"
				    " AND id < ?1 || '~' AND deleted = 0 LIMIT 2", cols)
			: xasprintf("SELECT id, participant_id, %s FROM placement WHERE"
				    " participant_id = ? AND deleted = 0"
				    " ORDER BY start_date DESC, created_at DESC", cols);
		free(cols);
	}
	return sql[by_id];
}

static const char *
insert_sql(void)
{
	static char *sql;
	if (!sql) {
		char *cols = record_col_list(placement_fields, NFIELDS, NULL);
		char *params = record_param_list(NFIELDS);
		sql = xasprintf("INSERT INTO placement (id, site_id, created_at, updated_at,"
				" updated_by, participant_id, %s) VALUES (?, ?, ?, ?, ?, ?, %s)",
				cols, params);
		free(cols);
		free(params);
	}
	return sql;
}

senda_err
placement_create(senda_db *db, placement *p, bool confirmed, senda_error *err)
{
	PERM_CHECK(db, PERM_PLACEMENT, err);
	senda_err e = placement_validate(db, p, confirmed, err);
	if (e != SENDA_OK)
		return e;
	uuid_new(p->id);
	const char *extra[] = { p->participant_id };
	return record_insert(db, "placement", insert_sql(), p->id, extra, 1, placement_fields,
			     NFIELDS, p, err);
}

static void
read_row(sqlite3_stmt *st, void *rec)
{
	placement *p = rec;
	placement_init(p);
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *who = (const char *)sqlite3_column_text(st, 1);
	snprintf(p->id, sizeof p->id, "%s", id ? id : "");
	snprintf(p->participant_id, sizeof p->participant_id, "%s", who ? who : "");
	record_read_cols(st, 2, placement_fields, NFIELDS, p);
}

static void release_v(void *p) { placement_free(p); }

senda_err
placement_get(senda_db *db, const char *id, placement *out, senda_error *err)
{
	PERM_CHECK(db, PERM_PLACEMENT, err);
	return record_get_sql(db, select_sql(true), id, read_row, release_v, out, err);
}

struct each { placement_fn fn; void *ctx; };
static int each_v(const void *rec, void *c) { return ((struct each *)c)->fn(rec, ((struct each *)c)->ctx); }

senda_err
placement_list(senda_db *db, const char *participant_id, placement_fn fn, void *ctx,
	       senda_error *err)
{
	PERM_CHECK(db, PERM_PLACEMENT, err);
	struct each e = { fn, ctx };
	return record_each_sql(db, select_sql(false), participant_id, sizeof(placement), read_row,
			       release_v, each_v, &e, err);
}

/* ---- the kind (senda/record.h) ------------------------------------------- */

static void init_v(void *p) { placement_init(p); }
static void copy_v(void *dst, const void *src)
{
	placement *d = dst;
	const placement *s = src;
	placement_init(d);
	memcpy(d->id, s->id, sizeof d->id);
	memcpy(d->participant_id, s->participant_id, sizeof d->participant_id);
	field_copy_all(placement_fields, NFIELDS, d, s);
}
/* Without the database only the fields are checked; create checks the
 * rest (the dates against the person, a wage to confirm). */
static senda_err validate_v(void *p, senda_error *err)
{
	return field_check_all(placement_fields, NFIELDS, p, err);
}
static senda_err get_v(senda_db *db, const char *id, void *o, senda_error *e)
{
	return placement_get(db, id, o, e);
}
static senda_err create_v(senda_db *db, void *p, senda_error *e)
{
	return placement_create(db, p, false, e);
}

/* The next write's answer to the question of an unusual wage (--yes). */
static bool write_confirmed;

/* A job changed (record_update, inside its transaction): the person's and
 * the dates' checks, the change log of each field, the row. A moved start
 * moves the calls not tried yet at the next scheduling (the field log
 * shows her touched). An unusual wage asks only when the wage changed. */
static senda_err
write_v(senda_db *db, void *rec, senda_error *err)
{
	placement *p = rec, cur;
	bool confirmed = write_confirmed;
	write_confirmed = false;
	senda_err e = placement_get(db, p->id, &cur, err);
	if (e != SENDA_OK)
		return e;
	if (cur.wage_cents == p->wage_cents)
		confirmed = true;
	snprintf(p->participant_id, sizeof p->participant_id, "%s", cur.participant_id);
	char clock[HLC_LEN];
	int changed = 0;
	if ((e = placement_validate(db, p, confirmed, err)) == SENDA_OK)
		e = record_log_changes(db, "placement", p->id, placement_fields, NFIELDS, &cur, p,
				       clock, &changed, err);
	placement_free(&cur);
	if (e != SENDA_OK || !changed)
		return e;
	static char *sql;
	if (!sql) {
		char *set = record_set_list(placement_fields, NFIELDS, 3);
		sql = xasprintf("UPDATE placement SET updated_at = ?1, updated_by = ?2, %s"
				" WHERE id = ?%d", set, 3 + (int)NFIELDS);
		free(set);
	}
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind_from(db, st, err, 1, "tt", clock, db_actor_id(db))) != SENDA_OK ||
	    (e = record_bind_cols(db, st, 3, placement_fields, NFIELDS, p, err)) != SENDA_OK ||
	    (e = db_bind_from(db, st, err, 3 + (int)NFIELDS, "t", p->id)) != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
placement_update(senda_db *db, const placement *base, placement *p, bool confirmed,
		 senda_error *err)
{
	PERM_CHECK(db, PERM_PLACEMENT, err);
	write_confirmed = confirmed;
	senda_err e = record_update(db, &placement_kind, base, p, NULL, err);
	write_confirmed = false;
	return e;
}

const record_kind placement_kind = {
	"placement", placement_fields, NFIELDS, sizeof(placement), init_v, release_v, copy_v,
	validate_v, get_v, create_v, write_v,
};
