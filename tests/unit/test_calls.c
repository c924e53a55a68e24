/* senda — follow-up calls (issue 13) with a fixed "today": the rules at
 * their boundaries, retries, do-not-call, re-running the scheduler, two
 * sites scheduling the same call, what a volunteer is given. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "dbq.h"
#include "senda/calls.h"
#include "senda/clock.h"
#include "senda/db.h"
#include "senda/exchange.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/perm.h"
#include "senda/placement.h"
#include "senda/site.h"
#include "senda/stats.h"

static senda_db *db;

/* The day and the clock with it: a day before the clock's own is looked
 * back on, and nothing is scheduled then (looked_back_on_schedules_nothing). */
static void
set_today(const char *iso)
{
	sdate d;
	ck_assert_int_eq(date_from_iso(iso, &d), DATE_OK);
	char now[21];
	snprintf(now, sizeof now, "%sT12:00:00Z", iso);
	setenv("SENDA_NOW", now, 1);
	clock_set_today(&d);
}

static sdate
today(void)
{
	return clock_today();
}

static void
open_site(senda_db **out, const char *path, const char *name)
{
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, path ? DB_CREATE : DB_MEMORY, out, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(*out, name, "Ana Ruiz", "en", &err), SENDA_OK);
}

static void
setup(void)
{
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
	setenv("TZ", "UTC", 1);
	tzset();
	i18n_set_lang("en");
	clock_set_today(NULL);
	open_site(&db, NULL, "Centro");
}

static void
teardown(void)
{
	clock_set_today(NULL);
	db_close(db);
}

static void
person(senda_db *d, const char *given, const char *lang, bool consent, char id[UUID_LEN])
{
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, given);
	participant_set(&p.first_surname, "Peña");
	participant_set(&p.language, lang);
	participant_set(&p.phone, "(555) 010-0101");
	participant_set(&p.best_time, "evenings");
	p.wage_cents = 1200;
	p.consent_contact = consent;
	p.consent_share = 1;
	senda_error err = { 0 };
	ck_assert_int_eq(participant_create(d, &p, &err), SENDA_OK);
	strcpy(id, p.id);
	participant_free(&p);
}

/* One statement that writes, as the model writes: in a transaction, with
 * a clock value; ?1 is the new row's id, ?2 the clock, ?3 the site. */
static void
raw(senda_db *d, const char *sql, const char *a, const char *b, const char *c)
{
	senda_error err = { 0 };
	char id[UUID_LEN], clock[HLC_LEN];
	uuid_new(id);
	ck_assert_int_eq(db_begin(d, &err), SENDA_OK);
	ck_assert_int_eq(db_tick(d, clock, &err), SENDA_OK);
	sqlite3_stmt *st = db_prepare(d, sql, &err);
	ck_assert_ptr_nonnull(st);
	static const char types[] = "tttttt";
	senda_err e = db_bind(d, st, &err, types + 6 - sqlite3_bind_parameter_count(st), id, clock,
			      db_site_id(d), a, b, c);
	ck_assert_msg(e == SENDA_OK, "%s: %s", sql, err.detail);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_reset(st);
	ck_assert_int_eq(db_commit(d, &err), SENDA_OK);
}

static char last_job[UUID_LEN];

static void
job(senda_db *d, const char *pid, const char *start)
{
	raw(d, "INSERT INTO placement (id, site_id, created_at, updated_at, participant_id, employer,"
	    " start_date, wage_cents) VALUES (?1, ?3, '2026-01-01T00:00:00Z', ?2, ?4, ?5, ?6, 1500)",
	    pid, "Sunrise Care Home", start);
	char *id = T_TEXT(d, "SELECT id FROM placement ORDER BY updated_at DESC LIMIT 1", NULL);
	strcpy(last_job, id);
	free(id);
}

static void
screening(senda_db *d, const char *pid, const char *on)
{
	raw(d, "INSERT INTO screening (id, site_id, created_at, updated_at, participant_id, instrument,"
	    " level, screened_on) VALUES (?1, ?3, '2026-01-01T00:00:00Z', ?2, ?4, ?5, 3, ?6)",
	    pid, "oral", on);
}

static int64_t
sched(void)
{
	call_sched_result r;
	senda_error err = { 0 };
	senda_err e = calls_schedule(db, today(), &r, &err);
	ck_assert_msg(e == SENDA_OK, "schedule: %s", err.detail);
	return r.added;
}

static char *
due_of(const char *pid, const char *rule)
{
	return T_TEXT(db, "SELECT due_on FROM followup WHERE participant_id = ? AND rule_id = ?"
		      " AND status = 'open'", "tt", pid, rule);
}

#define CK_DUE(pid, rule, want) do { \
	char *d_ = due_of(pid, rule); \
	ck_assert_msg(d_ && strcmp(d_, want) == 0, "%s due %s, want %s", rule, d_ ? d_ : "(none)", \
		      want); \
	free(d_); \
} while (0)

/* Days, not months: 30 days after January 31 is March 2, and March 1 in
 * a leap year. */
START_TEST(job_started_on_the_31st_and_in_a_leap_year)
{
	char a[UUID_LEN], b[UUID_LEN];
	set_today("2026-02-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-01-31");
	ck_assert_int_eq(sched(), 3);
	CK_DUE(a, "job30", "2026-03-02");
	CK_DUE(a, "job60", "2026-04-01");
	CK_DUE(a, "job90", "2026-05-01");
	set_today("2028-02-01");
	person(db, "Lupe", "es", true, b);
	job(db, b, "2028-01-31");
	sched();
	CK_DUE(b, "job30", "2028-03-01");
	CK_DUE(b, "job60", "2028-03-31");
	CK_DUE(b, "job90", "2028-04-30");
}
END_TEST

/* A moved start moves the calls not tried yet (the same rows). */
START_TEST(moved_start_moves_the_calls)
{
	char a[UUID_LEN];
	set_today("2026-03-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-03-01");
	ck_assert_int_eq(sched(), 3);
	raw(db, "UPDATE placement SET start_date = ?4, updated_at = ?2 WHERE participant_id = ?5",
	    "2026-03-10", a, NULL);
	call_sched_result r;
	senda_error err = { 0 };
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.added, 0);
	ck_assert_int_eq(r.moved, 3);
	CK_DUE(a, "job30", "2026-04-09");
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup", NULL), 3);
}
END_TEST

/* An exit is 90 days with no service; a new service on day 89 withdraws
 * it, and the exit is counted again from that service. */
START_TEST(exit_withdrawn_by_a_service_89_days_later)
{
	char a[UUID_LEN];
	person(db, "Rosa", "es", true, a);
	screening(db, a, "2026-01-05");
	set_today("2026-04-04");   /* 89 days */
	ck_assert_int_eq(sched(), 0);
	set_today("2026-04-05");   /* 90 days: exit in Q1 2026 */
	ck_assert_int_eq(sched(), 2);
	CK_DUE(a, "exit_q2", "2026-07-01");
	CK_DUE(a, "exit_q4", "2027-01-01");
	/* a service recorded late, on day 89: the exit was not one */
	screening(db, a, "2026-04-04");
	call_sched_result r;
	senda_error err = { 0 };
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.added, 0);
	ck_assert_int_eq(r.withdrawn, 2);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup WHERE status = 'open'", NULL), 0);
	set_today("2026-07-03");   /* 90 days after April 4: exit in Q2 */
	ck_assert_int_eq(sched(), 2);
	CK_DUE(a, "exit_q2", "2026-10-01");
	CK_DUE(a, "exit_q4", "2027-04-01");
}
END_TEST

/* An exit in December: quarters of the next years. */
START_TEST(quarters_after_an_exit_in_december)
{
	char a[UUID_LEN];
	person(db, "Rosa", "es", true, a);
	screening(db, a, "2025-12-31");
	set_today("2026-03-31");
	ck_assert_int_eq(sched(), 2);
	CK_DUE(a, "exit_q2", "2026-04-01");
	CK_DUE(a, "exit_q4", "2026-10-01");
	ck_assert_str_eq(T_TEXT(db, "SELECT anchor FROM followup LIMIT 1", NULL), "2025-12-31");
}
END_TEST

START_TEST(referral_with_no_answer_for_14_days)
{
	char a[UUID_LEN];
	person(db, "Rosa", "es", true, a);
	raw(db, "INSERT INTO partner (id, site_id, created_at, updated_at, name) VALUES"
	    " ('p1', ?3, '2026-01-01T00:00:00Z', ?2, 'College')", NULL, NULL, NULL);
	raw(db, "INSERT INTO program (id, site_id, created_at, updated_at, partner_id, name) VALUES"
	    " ('g1', ?3, '2026-01-01T00:00:00Z', ?2, 'p1', 'ESL')", NULL, NULL, NULL);
	raw(db, "INSERT INTO referral (id, site_id, created_at, updated_at, participant_id,"
	    " program_id, referred_on, status_on) VALUES (?1, ?3, '2026-01-01T00:00:00Z', ?2, ?4,"
	    " 'g1', ?5, ?5)", a, "2026-11-01", NULL);
	set_today("2026-11-14");
	ck_assert_int_eq(sched(), 0);
	set_today("2026-11-15");
	ck_assert_int_eq(sched(), 1);
	CK_DUE(a, "referral14", "2026-11-15");
	/* answered: the check-in is withdrawn */
	raw(db, "UPDATE referral SET status = 'enrolled', status_on = ?4, updated_at = ?2",
	    "2026-11-15", NULL, NULL);
	call_sched_result r;
	senda_error err = { 0 };
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.withdrawn, 1);
}
END_TEST

START_TEST(rerunning_the_scheduler_makes_no_rows)
{
	char a[UUID_LEN], b[UUID_LEN];
	set_today("2026-06-01");
	person(db, "Rosa", "es", true, a);
	person(db, "Ana", "en", true, b);
	job(db, a, "2026-05-01");
	screening(db, b, "2026-01-10");
	ck_assert_int_eq(sched(), 5);
	int64_t rows = T_INT(db, "SELECT count(*) FROM followup", NULL);
	int64_t log = T_INT(db, "SELECT count(*) FROM field_change", NULL);
	call_sched_result r;
	senda_error err = { 0 };
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.added + r.moved + r.withdrawn, 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup", NULL), rows);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM field_change", NULL), log);
	/* and when nothing changed, asking again does not even look */
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup", NULL), rows);
	/* a rule changed by a coordinator moves the calls */
	ck_assert_int_eq(call_rule_set(db, "job30", 45, -1, -1, &err), SENDA_OK);
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	CK_DUE(a, "job30", "2026-06-15");
	ck_assert_int_eq(call_rule_set(db, "job30", 0, -1, -1, &err), SENDA_E_RANGE);
	ck_assert_int_eq(call_rule_set(db, "nope", 3, -1, -1, &err), SENDA_E_NOTFOUND);
}
END_TEST

/* A screen says "making today's calls" before it waits, when the next
 * scheduling is of the whole file: never scheduled, a new day, a rule
 * changed; not when nothing changed nor after a change the same day
 * (only the people touched are read then). */
START_TEST(whole_file_scheduling_is_told_before)
{
	char a[UUID_LEN];
	bool whole = false;
	senda_error err = { 0 };
	set_today("2026-06-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-05-01");
	ck_assert_int_eq(calls_schedule_whole_pending(db, today(), &whole, &err), SENDA_OK);
	ck_assert(whole);
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	ck_assert_int_eq(calls_schedule_whole_pending(db, today(), &whole, &err), SENDA_OK);
	ck_assert(!whole);
	job(db, a, "2026-05-20");   /* a change the same day: only her */
	ck_assert_int_eq(calls_schedule_whole_pending(db, today(), &whole, &err), SENDA_OK);
	ck_assert(!whole);
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	set_today("2026-06-02");    /* a new day */
	ck_assert_int_eq(calls_schedule_whole_pending(db, today(), &whole, &err), SENDA_OK);
	ck_assert(whole);
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	ck_assert_int_eq(call_rule_set(db, "job30", 45, -1, -1, &err), SENDA_OK);
	ck_assert_int_eq(calls_schedule_whole_pending(db, today(), &whole, &err), SENDA_OK);
	ck_assert(whole);
}
END_TEST

/* After a change (a write, a merge) the same day, the scheduling reads
 * only the people the field log shows touched: a job written with the log
 * off (as a merge writes rows, its entries coming from the bundle) is not
 * seen until the whole file is scheduled; the job of a logged write is. */
START_TEST(after_a_change_only_the_people_touched_are_scheduled)
{
	char a[UUID_LEN], b[UUID_LEN];
	set_today("2026-06-01");
	person(db, "Rosa", "es", true, a);
	person(db, "Ana", "en", true, b);
	job(db, a, "2026-05-01");
	ck_assert_int_eq(sched(), 3);
	senda_error err = { 0 };
	ck_assert_int_eq(db_exec(db, &err, "INSERT INTO setting (key, value)"
				 " VALUES ('exchange_merging', '1')", NULL), SENDA_OK);
	job(db, b, "2026-05-10");
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM setting WHERE key = 'exchange_merging'",
				 NULL), SENDA_OK);
	job(db, a, "2026-05-20");
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup WHERE participant_id = ?", "t", a),
			 6);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup WHERE participant_id = ?", "t", b),
			 0);
	/* the whole file (a new day, a rule changed) sees her job too */
	call_sched_result r;
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.added, 3);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup WHERE participant_id = ?", "t", b),
			 3);
	/* and again: nothing */
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.added + r.moved + r.withdrawn, 0);
}
END_TEST

struct rows { int n; call_row r[8]; };

static int
keep_row(const call_row *r, void *ctx)
{
	struct rows *k = ctx;
	if (k->n < 8) {
		call_row *c = &k->r[k->n++];
		*c = *r;
		c->first_name = xstrdup(r->first_name);
		c->phone = xstrdup(r->phone);
		c->language = xstrdup(r->language);
		c->best_time = xstrdup(r->best_time);
		c->call_at = xstrdup(r->call_at);
	}
	return 0;
}

static void
rows_free(struct rows *k)
{
	for (int i = 0; i < k->n; i++)
		call_row_free(&k->r[i]);
	k->n = 0;
}

static void
list(const call_filter *f, struct rows *k)
{
	senda_error err = { 0 };
	rows_free(k);
	ck_assert_int_eq(calls_list(db, today(), f, keep_row, k, &err), SENDA_OK);
}

/* No answer: the next day at another time of day, up to the rule's
 * attempts, then unreachable. */
START_TEST(no_answer_tries_again_then_unreachable)
{
	char a[UUID_LEN];
	set_today("2026-03-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-01-30");
	sched();
	senda_error err = { 0 };
	ck_assert_int_eq(call_rule_set(db, "job30", -1, -1, 2, &err), SENDA_OK);
	call_filter due = { .due_only = true };
	struct rows k = { 0 };
	list(&due, &k);
	ck_assert_int_eq(k.n, 1);
	char id[UUID_LEN];
	strcpy(id, k.r[0].id);
	ck_assert_int_eq(k.r[0].attempts, 0);
	call_done d;
	ck_assert_int_eq(call_record(db, id, CALL_NO_ANSWER, NULL, &d, &err), SENDA_OK);
	ck_assert_str_eq(d.result, "");
	ck_assert_str_eq(d.next_due, "2026-03-02");
	ck_assert_str_eq(d.next_at, "evening");     /* tried at noon */
	list(&due, &k);
	ck_assert_int_eq(k.n, 0);                   /* not today any more */
	set_today("2026-03-02");
	list(&due, &k);
	ck_assert_int_eq(k.n, 1);                   /* tomorrow it is back */
	ck_assert_int_eq(k.r[0].attempts, 1);
	ck_assert_str_eq(k.r[0].call_at, "evening");
	/* the volunteer who tried it has it as "mine" */
	call_filter mine = { .mine = true };
	list(&mine, &k);
	ck_assert_int_eq(k.n, 1);
	ck_assert_int_eq(call_record(db, id, CALL_VOICEMAIL, NULL, &d, &err), SENDA_OK);
	ck_assert_str_eq(d.result, "unreachable");
	ck_assert_int_eq(call_record(db, id, CALL_NO_ANSWER, NULL, &d, &err), SENDA_E_NOTFOUND);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM call_attempt WHERE followup_id = ?", "t", id),
			 2);
	rows_free(&k);
}
END_TEST

/* Do not call: never on a list again, even when the rules are run again;
 * no consent to be contacted: never on a list. */
START_TEST(do_not_call_and_consent_are_respected)
{
	char a[UUID_LEN], b[UUID_LEN];
	set_today("2026-03-01");
	person(db, "Rosa", "es", true, a);
	person(db, "Ana", "en", false, b);
	job(db, a, "2026-01-30");
	job(db, b, "2026-01-30");
	ck_assert_int_eq(sched(), 3);    /* Ana gave no consent to be contacted */
	call_filter all = { 0 };
	struct rows k = { 0 };
	list(&all, &k);
	ck_assert_int_eq(k.n, 3);
	senda_error err = { 0 };
	ck_assert_int_eq(call_record(db, k.r[0].id, CALL_DO_NOT_CALL, NULL, NULL, &err), SENDA_OK);
	list(&all, &k);
	ck_assert_int_eq(k.n, 0);
	ck_assert_int_eq(T_INT(db, "SELECT do_not_call FROM participant WHERE id = ?", "t", a), 1);
	ck_assert_int_eq(sched(), 0);
	set_today("2026-06-01");
	ck_assert_int_eq(sched(), 0);
	list(&all, &k);
	ck_assert_int_eq(k.n, 0);
	struct home_stats hs;
	ck_assert_int_eq(stats_home(db, today(), &hs, &err), SENDA_OK);
	ck_assert_int_eq(hs.calls_due, 0);
	rows_free(&k);
}
END_TEST

/* Reached with a wage: the job's latest wage and its history; retention. */
START_TEST(reached_with_a_wage_updates_the_job)
{
	char a[UUID_LEN];
	set_today("2026-03-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-01-30");
	sched();
	struct home_stats hs;
	senda_error err = { 0 };
	ck_assert_int_eq(stats_home(db, today(), &hs, &err), SENDA_OK);
	ck_assert_int_eq(hs.calls_due, 1);
	call_filter due = { .due_only = true };
	struct rows k = { 0 };
	list(&due, &k);
	ck_assert_int_eq(k.n, 1);
	call_answers ans;
	call_answers_init(&ans);
	ans.still_working = 1;
	ans.wage_cents = 1650;
	ans.hours_week = 32;
	ans.got_raise = 1;
	ans.needs = "English classes at night";
	call_done d;
	ck_assert_int_eq(call_record(db, k.r[0].id, CALL_REACHED, &ans, &d, &err), SENDA_OK);
	ck_assert_str_eq(d.result, "reached");
	ck_assert_str_eq(d.placement_id, last_job);
	ck_assert_int_eq(T_INT(db, "SELECT wage_cents FROM placement WHERE id = ?", "t", last_job), 1650);
	ck_assert_int_eq(T_INT(db, "SELECT hours_week FROM placement WHERE id = ?", "t", last_job), 32);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM change_log WHERE row_id = ? AND"
			       " field = 'wage_cents' AND old_value = '1500' AND new_value = '1650'",
			       "t", last_job), 1);
	ck_assert_int_eq(stats_home(db, today(), &hs, &err), SENDA_OK);
	ck_assert_int_eq(hs.calls_due, 0);
	retention ret;
	ck_assert_int_eq(calls_retention(db, a, last_job, &ret, &err), SENDA_OK);
	ck_assert_int_eq(ret.employed[RET_JOB30], 1);
	ck_assert_int_eq(ret.employed[RET_JOB60], -1);
	ck_assert_int_eq(ret.latest_wage, 1650);
	ck_assert_int_eq(ret.intake_wage, 1200);
	char *said = retention_text(&ret, 0);
	ck_assert_str_eq(said, "Employed at 30, 60, 90 days: yes, unknown, unknown");
	free(said);
	/* bad answers write nothing */
	ans.hours_week = 101;
	ck_assert_int_eq(call_record(db, k.r[0].id, CALL_REACHED, &ans, &d, &err), SENDA_E_RANGE);
	rows_free(&k);
}
END_TEST

/* A volunteer gets the list and a call, and of the person only first
 * name, phone, language, best time and purpose; not the rules, nor the
 * retention (wages). */
START_TEST(volunteer_sees_only_what_a_call_needs)
{
	char a[UUID_LEN];
	set_today("2026-03-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-01-30");
	sched();
	db_set_actor(db, "v1", ROLE_VOLUNTEER);
	call_filter due = { .due_only = true };
	struct rows k = { 0 };
	list(&due, &k);
	ck_assert_int_eq(k.n, 1);
	ck_assert_str_eq(k.r[0].first_name, "Rosa");
	ck_assert_str_eq(k.r[0].phone, "(555) 010-0101");
	ck_assert_str_eq(k.r[0].language, "es");
	ck_assert_str_eq(k.r[0].best_time, "evenings");
	char buf[128];
	ck_assert_str_eq(call_purpose_text(&k.r[0], "es", buf, sizeof buf),
			 "cómo le va en el trabajo, 30 días después de empezar");
	senda_error err = { 0 };
	call_row c;
	ck_assert_int_eq(calls_get(db, k.r[0].id, today(), &c, &err), SENDA_OK);
	call_row_free(&c);
	retention ret;
	ck_assert_int_eq(calls_retention(db, a, NULL, &ret, &err), SENDA_E_DENIED);
	ck_assert_int_eq(call_rule_set(db, "job30", 45, -1, -1, &err), SENDA_E_DENIED);
	char id[CALL_RULE_ID_MAX];
	ck_assert_int_eq(call_rule_add(db, "job", 180, id, &err), SENDA_E_DENIED);
	ck_assert_int_eq(call_record(db, k.r[0].id, CALL_NO_ANSWER, NULL, NULL, &err), SENDA_OK);
	db_set_actor(db, NULL, ROLE_ESL);
	ck_assert_int_eq(calls_list(db, today(), &due, keep_row, &k, &err), SENDA_E_DENIED);
	rows_free(&k);
}
END_TEST

/* Two sites and her calls: the same call at both after merging, one row
 * each (the id is the same at every site). */
START_TEST(two_sites_scheduling_the_same_call_make_one)
{
	char dir[] = "/tmp/senda-calls-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *fa = xasprintf("%s/a.db", dir), *fb = xasprintf("%s/b.db", dir);
	char *ba = xasprintf("%s/a.bundle", dir), *bb = xasprintf("%s/b.bundle", dir);
	char *ba2 = xasprintf("%s/a2.bundle", dir);
	senda_db *A, *B;
	set_today("2026-03-01");
	open_site(&A, fa, "North");
	open_site(&B, fb, "South");
	char a[UUID_LEN];
	person(A, "Rosa", "es", true, a);
	job(A, a, "2026-01-30");
	senda_error err = { 0 };
	xc_export_opts o = { .full = true, .out = ba };
	xc_export_result res;
	xc_report rep;
	xc_refusal why;
	size_t which;
	ck_assert_int_eq(xc_export(A, &o, &res, &err), SENDA_OK);
	const char *p = ba;
	ck_assert_int_eq(xc_merge(B, &p, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err), SENDA_OK);
	call_sched_result r;
	ck_assert_int_eq(calls_schedule(A, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.added, 3);
	/* she is North's: South schedules none of her calls (its rules would
	 * fight North's), and gets North's in the merge */
	ck_assert_int_eq(calls_schedule(B, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.added, 0);
	o.out = bb;
	ck_assert_int_eq(xc_export(B, &o, &res, &err), SENDA_OK);
	o.out = ba2;
	ck_assert_int_eq(xc_export(A, &o, &res, &err), SENDA_OK);
	p = bb;
	ck_assert_msg(xc_merge(A, &p, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err) == SENDA_OK,
		      "%s", err.detail);
	p = ba2;
	ck_assert_msg(xc_merge(B, &p, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err) == SENDA_OK,
		      "%s", err.detail);
	ck_assert_int_eq(T_INT(A, "SELECT count(*) FROM followup", NULL), 3);
	ck_assert_int_eq(T_INT(B, "SELECT count(*) FROM followup", NULL), 3);
	ck_assert_int_eq(T_INT(A, "SELECT count(*) FROM followup WHERE rule_id = 'job30'"
			       " AND due_on = '2026-03-01'", NULL), 1);
	/* and scheduling again after the merge makes nothing */
	ck_assert_int_eq(calls_schedule(A, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.added, 0);
	db_close(A);
	db_close(B);
	const char *files[] = { fa, fb, ba, bb, ba2 };
	for (int i = 0; i < 5; i++) {
		unlink(files[i]);
		char *w = xasprintf("%s-wal", files[i]), *s = xasprintf("%s-shm", files[i]);
		unlink(w);
		unlink(s);
		free(w);
		free(s);
		free((char *)files[i]);
	}
	rmdir(dir);
}
END_TEST

/* The scheduling leaves out the calls it would never make (due before
 * the look-back) but not the calls of the file: one long past, open and
 * not tried, is kept (not withdrawn) and still follows a changed rule;
 * the foreign keys are checked again after it. */
START_TEST(a_call_long_past_stays_and_follows_its_rule)
{
	char a[UUID_LEN];
	senda_error err = { 0 };
	set_today("2026-03-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-02-20");
	ck_assert_int_eq(sched(), 3);
	set_today("2027-01-01");
	call_sched_result r;
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	/* her exit's 4th quarter only: the 2nd began before the look-back */
	ck_assert_int_eq(r.added, 1);
	ck_assert_int_eq(r.moved + r.withdrawn, 0);
	CK_DUE(a, "exit_q4", "2027-01-01");
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup WHERE status = 'open'"
			       " AND rule_id LIKE 'job%'", NULL), 3);
	ck_assert_int_eq(call_rule_set(db, "job30", 31, -1, -1, &err), SENDA_OK);
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.moved, 1);
	ck_assert_int_eq(r.added + r.withdrawn, 0);
	CK_DUE(a, "job30", "2026-03-23");
	ck_assert_int_eq(T_INT(db, "PRAGMA foreign_keys", NULL), 1);
	/* a person whose exit was long ago and never called gets no call */
	char b[UUID_LEN];
	person(db, "Ana", "en", true, b);
	screening(db, b, "2025-01-10");
	ck_assert_int_eq(calls_schedule(db, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup WHERE participant_id = ?", "t", b), 0);
}
END_TEST

/* --today before the clock's day (catching up on paper sheets): the
 * scheduling writes nothing, no call made or withdrawn that would travel. */
START_TEST(looked_back_on_schedules_nothing)
{
	char a[UUID_LEN];
	senda_error err = { 0 };
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-09-20");
	int64_t log = T_INT(db, "SELECT count(*) FROM field_change", NULL);
	sdate back;
	ck_assert_int_eq(date_from_iso("2026-11-01", &back), DATE_OK);
	clock_set_today(&back);   /* the clock (SENDA_NOW) is on November 30 */
	ck_assert(clock_today_set_back());
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup", NULL), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM field_change", NULL), log);
	clock_set_today(NULL);
	ck_assert(!clock_today_set_back());
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup", NULL), 3);
	/* the calls made, a day looked back on withdraws none of them */
	ck_assert_int_eq(date_from_iso("2025-01-01", &back), DATE_OK);
	clock_set_today(&back);
	ck_assert_int_eq(calls_schedule_if_stale(db, today(), &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM followup WHERE status = 'open'", NULL), 3);
}
END_TEST

/* Two sites with different rules: each schedules only its own people by
 * its own rules, so a rule switched off at one is not undone by the
 * other's (the hub's rules withdrew and revived the site's calls in turn). */
START_TEST(two_sites_rules_do_not_fight)
{
	char dir[] = "/tmp/senda-calls-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *fa = xasprintf("%s/a.db", dir), *fb = xasprintf("%s/b.db", dir);
	char *bun[4];
	for (int i = 0; i < 4; i++)
		bun[i] = xasprintf("%s/%d.bundle", dir, i);
	senda_db *A, *B;
	set_today("2026-03-01");
	open_site(&A, fa, "North");
	open_site(&B, fb, "South");
	char rosa[UUID_LEN], lupe[UUID_LEN];
	person(A, "Rosa", "es", true, rosa);
	job(A, rosa, "2026-02-20");
	person(B, "Lupe", "es", true, lupe);
	job(B, lupe, "2026-02-20");
	senda_error err = { 0 };
	call_sched_result r;
	ck_assert_int_eq(calls_schedule(A, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(calls_schedule(B, today(), &r, &err), SENDA_OK);
	/* North switches its 90-day call off: Rosa's is withdrawn */
	ck_assert_int_eq(call_rule_set(A, "job90", -1, 0, -1, &err), SENDA_OK);
	ck_assert_int_eq(calls_schedule(A, today(), &r, &err), SENDA_OK);
	ck_assert_int_eq(r.withdrawn, 1);
	xc_export_opts o = { .full = true };
	xc_export_result res;
	xc_report rep;
	xc_refusal why;
	size_t which;
	const char *p;
	for (int round = 0; round < 2; round++) {
		o.out = bun[2 * round];
		ck_assert_int_eq(xc_export(A, &o, &res, &err), SENDA_OK);
		o.out = bun[2 * round + 1];
		ck_assert_int_eq(xc_export(B, &o, &res, &err), SENDA_OK);
		p = bun[2 * round];
		ck_assert_msg(xc_merge(B, &p, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err)
			      == SENDA_OK, "%s", err.detail);
		p = bun[2 * round + 1];
		ck_assert_msg(xc_merge(A, &p, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err)
			      == SENDA_OK, "%s", err.detail);
		/* each schedules after the merge: nothing of the other's changes */
		ck_assert_int_eq(calls_schedule(B, today(), &r, &err), SENDA_OK);
		ck_assert_int_eq(r.added + r.moved + r.withdrawn, 0);
		ck_assert_int_eq(calls_schedule(A, today(), &r, &err), SENDA_OK);
		ck_assert_int_eq(r.added + r.moved + r.withdrawn, 0);
	}
	static const char rosa90[] = "SELECT status || '/' || result FROM followup"
		" WHERE participant_id = ? AND rule_id = 'job90'";
	for (int i = 0; i < 2; i++) {
		senda_db *d = i ? B : A;
		char *st = T_TEXT(d, rosa90, "t", rosa);
		ck_assert_str_eq(st, "cancelled/withdrawn");   /* North's rule, at both */
		free(st);
		st = T_TEXT(d, rosa90, "t", lupe);
		ck_assert_str_eq(st, "open/");                  /* South's rule, at both */
		free(st);
	}
	db_close(A);
	db_close(B);
	const char *files[] = { fa, fb, bun[0], bun[1], bun[2], bun[3] };
	for (int i = 0; i < 6; i++) {
		unlink(files[i]);
		char *w = xasprintf("%s-wal", files[i]), *s2 = xasprintf("%s-shm", files[i]);
		unlink(w);
		unlink(s2);
		free(w);
		free(s2);
		free((char *)files[i]);
	}
	rmdir(dir);
}
END_TEST

/* The list sorts a day's calls by the best time as a time of day, words
 * of either language too, unknown last ("10:00" sorted before "9:30" as
 * text, and words anywhere). */
static int
add_name(const call_row *r, void *ctx)
{
	char *s = ctx;
	if (*s)
		strcat(s, ",");
	strcat(s, r->first_name);
	return 0;
}

START_TEST(best_time_sorts_as_a_time_of_day)
{
	static const struct { const char *name, *best; } who[] = {
		{ "Zoe", "whenever" }, { "Ines", "after 7 pm" }, { "Rita", "10:00" },
		{ "Eva", "evening" }, { "Mia", "9:30" }, { "Ana", "tarde" },
		{ "Lola", "por la mañana" }, { "Sara", "6:30" },
	};
	set_today("2026-03-01");
	for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
		char id[UUID_LEN];
		person(db, who[i].name, "es", true, id);
		raw(db, "UPDATE participant SET best_time = ?4, updated_at = ?2 WHERE id = ?5",
		    who[i].best, id, NULL);
		job(db, id, "2026-01-30");
	}
	sched();
	char names[400] = "";
	call_filter f = { 0 };
	f.due_only = true;
	senda_error err = { 0 };
	ck_assert_int_eq(calls_list(db, today(), &f, add_name, names, &err), SENDA_OK);
	ck_assert_str_eq(names, "Lola,Mia,Rita,Ana,Eva,Sara,Ines,Zoe");
}
END_TEST

/* senda call --outcome: each outcome's code with - or _ and its words,
 * whatever the capitals; no two outcomes answer to the same words (a
 * tester typed no-answer and was refused). */
START_TEST(outcomes_are_taken_as_people_type_them)
{
	for (int i = 0; i < CALL__OUTCOMES; i++) {
		const char *code = call_outcome_code((enum call_outcome)i);
		char *dash = xstrdup(code);
		for (char *p = dash; *p; p++)
			if (*p == '_')
				*p = '-';
		ck_assert_int_eq(call_outcome_parse(code), i);
		ck_assert_int_eq(call_outcome_parse(dash), i);
		ck_assert_int_eq(call_outcome_parse(call_outcome_label((enum call_outcome)i)), i);
		free(dash);
	}
	ck_assert_int_eq(call_outcome_parse("No-Answer"), CALL_NO_ANSWER);
	ck_assert_int_eq(call_outcome_parse("  do  not call "), CALL_DO_NOT_CALL);
	ck_assert_int_eq(call_outcome_parse("message"), CALL_VOICEMAIL);
	ck_assert_int_eq(call_outcome_parse("call back"), CALL_CALLBACK);
	ck_assert_int_eq(call_outcome_parse("nope"), -1);
	ck_assert_int_eq(call_outcome_parse(""), -1);
	ck_assert_int_eq(call_outcome_parse(NULL), -1);
	char *codes = call_outcome_codes();
	ck_assert_str_eq(codes, "reached, no-answer, voicemail, wrong-number, disconnected, "
			 "refused, callback, do-not-call");
	free(codes);
}
END_TEST

/* A reached call that gave her wage but not whether she still works
 * there: employed (the wage was taken into the job as hers now); an
 * answer "no" stays no. The hours' limit is the job's field's. A call not
 * due yet may not be made (the screen asks before the answers). */
START_TEST(a_wage_said_means_employed)
{
	char a[UUID_LEN];
	set_today("2026-03-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-01-30");
	sched();
	call_filter all = { 0 };
	struct rows k = { 0 };
	list(&all, &k);
	ck_assert_int_ge(k.n, 2);
	senda_error err = { 0 };
	ck_assert_int_eq(call_may_make(&k.r[0], today(), &err), SENDA_OK);
	ck_assert_int_eq(call_may_make(&k.r[1], today(), &err), SENDA_E_STATE);
	senda_error_clear(&err);
	call_answers ans;
	call_answers_init(&ans);
	ans.wage_cents = 1650;
	call_done d;
	ck_assert_int_eq(call_record(db, k.r[0].id, CALL_REACHED, &ans, &d, &err), SENDA_OK);
	retention ret;
	ck_assert_int_eq(calls_retention(db, a, last_job, &ret, &err), SENDA_OK);
	ck_assert_int_eq(ret.employed[RET_JOB30], 1);
	ck_assert_int_eq(ret.employed[RET_JOB60], -1);
	const field_desc *f = field_find(placement_fields, placement_nfields, "hours_week");
	ck_assert_int_eq(call_hours_max(), (int)f->max);
	rows_free(&k);
}
END_TEST

START_TEST(migration_runs_twice)
{
	senda_error err = { 0 };
	char a[UUID_LEN];
	set_today("2026-03-01");
	person(db, "Rosa", "es", true, a);
	job(db, a, "2026-01-30");
	sched();
	ck_assert_int_eq(call_record(db, T_TEXT(db, "SELECT id FROM followup WHERE rule_id = 'job30'",
						NULL), CALL_CALLBACK,
				     &(call_answers){ -1, -1, 1800, -1, -1, NULL, "ok", "18:30", false, NULL },
				     NULL, &err), SENDA_OK);
	ck_assert_int_eq(db_rerun_migration(db, 12, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT wage_cents FROM call_attempt", NULL), 1800);
	ck_assert_str_eq(T_TEXT(db, "SELECT callback_at FROM call_attempt", NULL), "18:30");
	ck_assert_str_eq(T_TEXT(db, "SELECT call_at FROM followup WHERE rule_id = 'job30'", NULL),
			 "18:30");
}
END_TEST

int
main(void)
{
	i18n_init();
	Suite *s = suite_create("calls");
	TCase *tc = tcase_create("calls");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, job_started_on_the_31st_and_in_a_leap_year);
	tcase_add_test(tc, moved_start_moves_the_calls);
	tcase_add_test(tc, exit_withdrawn_by_a_service_89_days_later);
	tcase_add_test(tc, quarters_after_an_exit_in_december);
	tcase_add_test(tc, referral_with_no_answer_for_14_days);
	tcase_add_test(tc, rerunning_the_scheduler_makes_no_rows);
	tcase_add_test(tc, whole_file_scheduling_is_told_before);
	tcase_add_test(tc, after_a_change_only_the_people_touched_are_scheduled);
	tcase_add_test(tc, no_answer_tries_again_then_unreachable);
	tcase_add_test(tc, do_not_call_and_consent_are_respected);
	tcase_add_test(tc, reached_with_a_wage_updates_the_job);
	tcase_add_test(tc, volunteer_sees_only_what_a_call_needs);
	tcase_add_test(tc, two_sites_scheduling_the_same_call_make_one);
	tcase_add_test(tc, a_call_long_past_stays_and_follows_its_rule);
	tcase_add_test(tc, looked_back_on_schedules_nothing);
	tcase_add_test(tc, two_sites_rules_do_not_fight);
	tcase_add_test(tc, best_time_sorts_as_a_time_of_day);
	tcase_add_test(tc, migration_runs_twice);
	tcase_add_test(tc, outcomes_are_taken_as_people_type_them);
	tcase_add_test(tc, a_wage_said_means_employed);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
