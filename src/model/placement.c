/* senda — job placements and the wage change since intake. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/date.h"
#include "senda/i18n.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/text.h"
#include "db/stmt.h"

bool
placement_wage_change(int64_t intake_cents, int64_t new_cents, double *percent)
{
	if (intake_cents <= 0 || new_cents < 0)
		return false;
	*percent = 100.0 * (double)(new_cents - intake_cents) / (double)intake_cents;
	return true;
}

static senda_err
text_field(char *v, size_t cap, const char *label, bool required, size_t max, senda_error *err)
{
	if (!text_valid(v))
		return senda_fail(err, SENDA_E_UTF8, label, NULL);
	char *clean = text_clean(v);
	senda_err e = SENDA_OK;
	if (required && !*clean)
		e = senda_fail(err, SENDA_E_REQUIRED, label, NULL);
	else if (text_has_control(clean))
		e = senda_fail(err, SENDA_E_CONTROL, label, NULL);
	else if (text_chars(clean) > max || strlen(clean) >= cap)
		e = senda_fail(err, SENDA_E_TOOLONG, label, "%zu", max);
	else
		snprintf(v, cap, "%s", clean);
	free(clean);
	return e;
}

static senda_err
validate(senda_db *db, placement *p, bool confirmed, senda_error *err)
{
	participant who;
	senda_err e = participant_get(db, p->participant_id, &who, err);
	if (e != SENDA_OK)
		return e;
	snprintf(p->participant_id, sizeof p->participant_id, "%s", who.id);
	char birth[11];
	snprintf(birth, sizeof birth, "%s", who.birth_date);
	participant_free(&who);

	if ((e = text_field(p->employer, sizeof p->employer, N_("Employer"), true, 120, err)) ||
	    (e = text_field(p->job_title, sizeof p->job_title, N_("Job title"), false, 120, err)) ||
	    (e = text_field(p->sector, sizeof p->sector, N_("Sector"), false, 80, err)))
		return e;
	sdate start, end, today = clock_today();
	switch (date_from_iso(p->start_date, &start)) {
	case DATE_OK: break;
	case DATE_EMPTY: return senda_fail(err, SENDA_E_REQUIRED, N_("Start date"), NULL);
	case DATE_INVALID: return senda_fail(err, SENDA_E_DATE_INVALID, N_("Start date"), NULL);
	default:
		if (!*p->start_date)
			return senda_fail(err, SENDA_E_REQUIRED, N_("Start date"), NULL);
		return senda_fail(err, SENDA_E_DATE, N_("Start date"), NULL);
	}
	/* A job may start soon; not more than a year ahead. */
	if (date_to_days(start) > date_to_days(today) + 366)
		return senda_fail(err, SENDA_E_FUTURE, N_("Start date"), NULL);
	if (*birth && strcmp(p->start_date, birth) <= 0)
		return senda_fail(err, SENDA_E_TOOOLD, N_("Start date"), "%s",
				  _("before the person was born"));
	if (*p->end_date) {
		enum date_status st = date_from_iso(p->end_date, &end);
		if (st == DATE_INVALID)
			return senda_fail(err, SENDA_E_DATE_INVALID, N_("End date"), NULL);
		if (st != DATE_OK)
			return senda_fail(err, SENDA_E_DATE, N_("End date"), NULL);
		if (date_cmp(end, start) < 0)
			return senda_fail(err, SENDA_E_DATE_ORDER, N_("End date"), "%s",
					  _("before the start date"));
	}
	if (p->wage_cents < 0)
		return senda_fail(err, SENDA_E_REQUIRED, N_("Hourly wage"), NULL);
	if (p->wage_cents > 1000000)
		return senda_fail(err, SENDA_E_RANGE, N_("Hourly wage"), "%s",
				  _("more than $10,000 an hour"));
	if (!confirmed && p->wage_cents == 0)
		return senda_fail(err, SENDA_E_CONFIRM, N_("Hourly wage"), "%s",
				  _("a wage of $0.00 an hour"));
	if (!confirmed && p->wage_cents >= 10000)
		return senda_fail(err, SENDA_E_CONFIRM, N_("Hourly wage"), "%s",
				  _("$100 an hour or more: is it the hourly wage?"));
	if (p->hours_week < -1 || p->hours_week > 100)
		return senda_fail(err, SENDA_E_RANGE, N_("Hours a week"), "0–100");
	if (p->benefits < -1 || p->benefits > 1)
		return senda_fail(err, SENDA_E_CHOICE, N_("Benefits"), NULL);
	return SENDA_OK;
}

senda_err
placement_create(senda_db *db, placement *p, bool confirmed, senda_error *err)
{
	senda_err e = validate(db, p, confirmed, err);
	if (e != SENDA_OK)
		return e;
	char now[21], clock[HLC_LEN];
	clock_timestamp(now);
	uuid_new(p->id);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) == SENDA_OK) {
		sqlite3_stmt *st = db_prepare(db,
			"INSERT INTO placement (id, site_id, created_at, updated_at, updated_by,"
			" participant_id, employer, job_title, sector, start_date, end_date,"
			" wage_cents, hours_week, benefits)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
		if (!st)
			e = err ? err->code : SENDA_E_DB;
		else if ((e = db_bind_from(db, st, err, 1, "ttttttttttt", p->id, db_site_id(db),
					   now, clock, db_user_id(db), p->participant_id,
					   p->employer, p->job_title, p->sector, p->start_date,
					   *p->end_date ? p->end_date : NULL)) == SENDA_OK) {
			sqlite3_bind_int64(st, 12, p->wage_cents);
			if (p->hours_week >= 0)
				sqlite3_bind_int(st, 13, p->hours_week);
			if (p->benefits >= 0)
				sqlite3_bind_int(st, 14, p->benefits);
			int rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				e = db_error(db, err);
		}
	}
	if (e == SENDA_OK)
		e = changelog_add(db, "placement", p->id, "", NULL, NULL, clock, err);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

static void
col(char *dst, size_t n, sqlite3_stmt *st, int c)
{
	const char *s = (const char *)sqlite3_column_text(st, c);
	snprintf(dst, n, "%s", s ? s : "");
}

senda_err
placement_list(senda_db *db, const char *participant_id, placement_fn fn, void *ctx,
	       senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT id, participant_id, employer, job_title, sector, start_date,"
		" coalesce(end_date, ''), wage_cents, coalesce(hours_week, -1),"
		" coalesce(benefits, -1) FROM placement WHERE participant_id = ? AND deleted = 0"
		" ORDER BY start_date DESC, created_at DESC", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", participant_id);
	if (e != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		placement p;
		memset(&p, 0, sizeof p);
		col(p.id, sizeof p.id, st, 0);
		col(p.participant_id, sizeof p.participant_id, st, 1);
		col(p.employer, sizeof p.employer, st, 2);
		col(p.job_title, sizeof p.job_title, st, 3);
		col(p.sector, sizeof p.sector, st, 4);
		col(p.start_date, sizeof p.start_date, st, 5);
		col(p.end_date, sizeof p.end_date, st, 6);
		p.wage_cents = sqlite3_column_int64(st, 7);
		p.hours_week = sqlite3_column_int(st, 8);
		p.benefits = sqlite3_column_int(st, 9);
		if (fn(&p, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}
