/* senda — unit tests of the counts the schema keeps (schema/003): after
 * every kind of write, in a random order, the kept counts equal a fresh
 * count(*) of the rows. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "dbq.h"
#include "senda/clock.h"
#include "senda/db.h"
#include "senda/i18n.h"
#include "senda/partner.h"
#include "senda/participant.h"
#include "senda/referral.h"
#include "senda/site.h"
#include "senda/stats.h"

static senda_db *db;

#define MAXP 40
#define MAXR 200
static char people[MAXP][UUID_LEN];
static int npeople;
static char programs[3][UUID_LEN];
static char refs[MAXR][UUID_LEN];
static int nrefs;

/* A small fixed generator: the same operations on every run and machine. */
static unsigned long seed;
static int
rnd(int n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (int)((seed >> 33) % (unsigned long)n);
}

/* "2026-11-30" less days. */
static void
day_before(int days, char out[11])
{
	date_to_iso(date_from_days(date_to_days(clock_today()) - days), out);
}

static void
add_person(void)
{
	participant p;
	participant_init(&p);
	char name[32], when[21], day[11];
	snprintf(name, sizeof name, "Persona %d", npeople);
	participant_set(&p.given_names, name);
	participant_set(&p.first_surname, npeople % 2 ? "Núñez" : "Alvarez");
	p.consent_share = 1;
	/* Intakes spread over three weeks, so that some fall in this week. */
	day_before(rnd(21), day);
	snprintf(when, sizeof when, "%sT10:00:00Z", day);
	participant_set(&p.created_at, when);
	senda_error err = { 0 };
	ck_assert_msg(participant_create(db, &p, &err) == SENDA_OK, "%s", err.detail);
	strcpy(people[npeople++], p.id);
	participant_free(&p);
}

static void
add_referral(void)
{
	referral r;
	memset(&r, 0, sizeof r);
	strcpy(r.participant_id, people[rnd(npeople)]);
	strcpy(r.program_id, programs[rnd(3)]);
	day_before(rnd(40), r.referred_on);
	senda_error err = { 0 };
	ck_assert_msg(referral_create(db, &r, NULL, REFER_AGAIN, &err) == SENDA_OK, "%s",
		      err.detail);
	strcpy(refs[nrefs++], r.id);
}

static void
move_referral(void)
{
	const char *id = refs[rnd(nrefs)];
	referral r;
	senda_error err = { 0 };
	if (referral_get(db, id, &r, &err) != SENDA_OK)
		return;   /* deleted by hand below */
	const char *to = referral_statuses[rnd(7)];
	if (strcmp(to, r.status) == 0)
		return;
	/* Some time after the last change, never in the future. */
	sdate last;
	ck_assert_int_eq(date_from_iso(r.status_on, &last), DATE_OK);
	int64_t span = date_to_days(clock_today()) - date_to_days(last);
	char on[11];
	date_to_iso(date_from_days(date_to_days(last) + rnd((int)span + 1)), on);
	senda_err e = referral_set_status(db, id, to, on, NULL,
					  strcmp(to, "completed") == 0 ? "Nurse Aide I" : NULL,
					  true, &err);
	ck_assert_msg(e == SENDA_OK, "%s -> %s on %s: %s", r.status, to, on, err.detail);
}

/* Writes no model function makes yet, as a merge or an erase would make
 * them: tombstones and their undoing, a row removed, a date changed. */
static void
raw_write(void)
{
	senda_error err = { 0 };
	const char *r = refs[rnd(nrefs)], *p = people[rnd(npeople)];
	senda_err e = SENDA_OK;
	switch (rnd(6)) {
	case 0: e = db_exec(db, &err, "UPDATE referral SET deleted = 1 WHERE id = ?", "t", r); break;
	case 1: e = db_exec(db, &err, "UPDATE referral SET deleted = 0 WHERE id = ?", "t", r); break;
	case 2: e = db_exec(db, &err, "UPDATE participant SET deleted = 1 WHERE id = ?", "t", p); break;
	case 3: e = db_exec(db, &err, "UPDATE participant SET deleted = 0 WHERE id = ?", "t", p); break;
	case 4: {
		char day[11];
		day_before(rnd(30), day);
		e = db_exec(db, &err, "UPDATE referral SET status_on = ? WHERE id = ?", "tt", day, r);
		break;
	}
	default:
		/* A hard delete (and its status rows, which refer to it). */
		e = db_exec(db, &err, "DELETE FROM referral_status WHERE referral_id = ?", "t", r);
		if (e == SENDA_OK)
			e = db_exec(db, &err, "DELETE FROM referral WHERE id = ?", "t", r);
		break;
	}
	ck_assert_msg(e == SENDA_OK, "%s", err.detail);
}

/* The kept counts against count(*) over the rows, as the home screen
 * counted them before the counts were kept. */
static void
check_counts(int step)
{
	int64_t open = T_GET(int64_t, referral_open_count, db);
	int64_t waiting = T_GET(int64_t, referral_waiting_count, db);
	int64_t overdue = T_GET(int64_t, referral_overdue_count, db);
	int days = T_GET(int, referral_overdue_days, db);
	char cutoff[11], week[11];
	day_before(days, cutoff);
	day_before(6, week);
	ck_assert_msg(open == T_INT(db, "SELECT count(*) FROM referral WHERE deleted = 0"
				    " AND status IN ('referred', 'contacted', 'enrolled')", NULL),
		      "open referrals, step %d", step);
	ck_assert_msg(waiting == T_INT(db, "SELECT count(*) FROM referral WHERE deleted = 0"
				       " AND status IN ('referred', 'contacted')", NULL),
		      "waiting referrals, step %d", step);
	ck_assert_msg(overdue == T_INT(db, "SELECT count(*) FROM referral WHERE deleted = 0"
				       " AND status IN ('referred', 'contacted') AND status_on < ?",
				       "t", cutoff),
		      "overdue referrals, step %d", step);
	struct home_stats s;
	senda_error err = { 0 };
	ck_assert_int_eq(stats_home(db, clock_today(), &s, &err), SENDA_OK);
	ck_assert_msg(s.intakes_week == T_INT(db, "SELECT count(*) FROM participant"
					      " WHERE deleted = 0 AND created_at >= ?", "t", week),
		      "intakes of the week, step %d", step);
	ck_assert_int_eq(s.referrals_waiting, waiting);
	ck_assert_int_eq(s.referrals_overdue, overdue);
	/* No day is left with nothing in it. */
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM tally_day WHERE n <= 0", NULL), 0);
}

static void
setup(void)
{
	senda_error err = { 0 };
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
	i18n_set_lang("en");
	ck_assert_int_eq(db_open(NULL, DB_MEMORY, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Centro", "Ana Ruiz", "en", &err), SENDA_OK);
	partner org;
	partner_init(&org);
	free(org.name);
	org.name = strdup("Valley Community College");
	ck_assert_int_eq(partner_save(db, &org, &err), SENDA_OK);
	static const char *const names[] = { "ESL evening class", "GED", "Nurse Aide I course" };
	for (int i = 0; i < 3; i++) {
		program g;
		program_init(&g);
		strcpy(g.partner_id, org.id);
		free(g.name);
		g.name = strdup(names[i]);
		ck_assert_int_eq(program_save(db, &g, &err), SENDA_OK);
		strcpy(programs[i], g.id);
		program_free(&g);
	}
	partner_free(&org);
	npeople = nrefs = 0;
	seed = 20261130;
}

static void
teardown(void)
{
	db_close(db);
}

START_TEST(kept_counts_equal_fresh_counts_after_random_writes)
{
	senda_error err = { 0 };
	add_person();
	add_referral();
	check_counts(0);
	for (int step = 1; step <= 600; step++) {
		int op = rnd(20);
		if (op < 2 && npeople < MAXP)
			add_person();
		else if (op < 6 && nrefs < MAXR)
			add_referral();
		else if (op < 15)
			move_referral();
		else if (op < 19)
			raw_write();
		else
			/* The overdue line follows the setting. */
			ck_assert_int_eq(referral_set_overdue_days(db, 1 + rnd(30), &err), SENDA_OK);
		check_counts(step);
	}
	/* The operations reached every kind of row the counts tell apart. */
	ck_assert_int_gt(T_INT(db, "SELECT count(*) FROM referral WHERE deleted = 1", NULL), 0);
	ck_assert_int_gt(T_INT(db, "SELECT count(*) FROM participant WHERE deleted = 1", NULL), 0);
	ck_assert_int_gt(T_GET(int64_t, referral_overdue_count, db), 0);
	ck_assert_int_gt(T_INT(db, "SELECT count(*) FROM referral WHERE status = 'enrolled'"
			       " AND deleted = 0", NULL), 0);
}
END_TEST

START_TEST(migration_counts_the_rows_already_there)
{
	for (int i = 0; i < 10; i++)
		add_person();
	for (int i = 0; i < 60; i++)
		add_referral();
	for (int i = 0; i < 60; i++)
		move_referral();
	/* As a file of schema 2 had them: rows, no kept counts. */
	senda_error err = { 0 };
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM tally WHERE name LIKE 'referral%'", NULL),
			 SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM tally_day", NULL), SENDA_OK);
	ck_assert_int_eq(db_rerun_migration(db, 3, &err), SENDA_OK);
	check_counts(0);
	/* Run again over kept counts: nothing counted twice. */
	ck_assert_int_eq(db_rerun_migration(db, 3, &err), SENDA_OK);
	check_counts(1);
	ck_assert_int_gt(T_GET(int64_t, referral_open_count, db), 0);
}
END_TEST

START_TEST(missing_kept_count_is_an_error_not_zero)
{
	senda_error err = { 0 };
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM tally WHERE name = 'referral_open'", NULL),
			 SENDA_OK);
	int64_t n = -1;
	ck_assert_int_eq(referral_open_count(db, &n, &err), SENDA_E_CORRUPT);
}
END_TEST

struct refs { int n; char id[MAXR][UUID_LEN]; };

static int
collect_ref(const referral *r, void *ctx)
{
	struct refs *x = ctx;
	ck_assert_int_lt(x->n, MAXR);
	strcpy(x->id[x->n++], r->id);
	return 0;
}

/* The open referrals a page at a time (issue 9, item 5): pages after the
 * last one shown join up into the whole list, in the order of status day,
 * then when made, then id; closed and deleted ones are not in it. */
START_TEST(open_referrals_page_by_key)
{
	for (int i = 0; i < 10; i++)
		add_person();
	for (int i = 0; i < 80; i++)
		add_referral();
	for (int i = 0; i < 120; i++)
		move_referral();
	for (int i = 0; i < 10; i++)
		raw_write();
	static struct refs all, paged, want;
	all.n = paged.n = want.n = 0;
	senda_error err = { 0 };
	ck_assert_int_eq(referral_list(db, NULL, collect_ref, &all, &err), SENDA_OK);
	ck_assert_int_eq(all.n, T_GET(int64_t, referral_open_count, db));
	ck_assert_int_gt(all.n, 10);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db), "SELECT id FROM referral"
		" WHERE deleted = 0 AND status IN ('referred', 'contacted', 'enrolled')"
		" ORDER BY status_on, created_at, id", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		strcpy(want.id[want.n++], (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	ck_assert_int_eq(want.n, all.n);
	ck_assert_int_eq(referral_open_page(db, NULL, 7, collect_ref, &paged, &err), SENDA_OK);
	ck_assert_int_eq(paged.n, 7);
	while (paged.n < all.n) {
		int before = paged.n;
		ck_assert_int_eq(referral_open_page(db, paged.id[paged.n - 1], 7, collect_ref, &paged,
						    &err), SENDA_OK);
		ck_assert_int_gt(paged.n, before);
	}
	ck_assert_int_eq(referral_open_page(db, paged.id[paged.n - 1], 7, collect_ref, &paged,
					    &err), SENDA_OK);
	ck_assert_int_eq(paged.n, all.n);   /* nothing after the last */
	for (int i = 0; i < all.n; i++) {
		ck_assert_str_eq(all.id[i], want.id[i]);
		ck_assert_str_eq(paged.id[i], want.id[i]);
	}
	ck_assert_int_eq(referral_open_page(db, "ffffffff-0000-4000-8000-000000000000", 7,
					    collect_ref, &paged, &err), SENDA_E_NOTFOUND);
}
END_TEST

/* A page by position goes on from where the last page ended even when
 * the referral last shown moved on (a later status date) since (issue 9
 * follow-up, item 1). */
START_TEST(open_referrals_page_by_position)
{
	for (int i = 0; i < 10; i++)
		add_person();
	for (int i = 0; i < 40; i++)
		add_referral();
	static struct refs all, first, rest;
	all.n = first.n = rest.n = 0;
	senda_error err = { 0 };
	ck_assert_int_eq(referral_open_page(db, NULL, 0, collect_ref, &all, &err), SENDA_OK);
	ck_assert_int_gt(all.n, 10);
	referral_pos at = { 0 };
	ck_assert_int_eq(referral_open_page_pos(db, NULL, 5, &at, collect_ref, &first, &err),
			 SENDA_OK);
	ck_assert_int_eq(first.n, 5);
	ck_assert_str_eq(at.id, all.id[4]);
	ck_assert_ptr_nonnull(at.status_on);
	/* The fifth moves to the end of the order. */
	ck_assert_int_eq(db_exec(db, &err, "UPDATE referral SET status_on = '2099-01-01'"
				 " WHERE id = ?", "t", at.id), SENDA_OK);
	ck_assert_int_eq(referral_open_page_pos(db, &at, 3, NULL, collect_ref, &rest, &err),
			 SENDA_OK);
	ck_assert_int_eq(rest.n, 3);
	for (int i = 0; i < 3; i++)
		ck_assert_str_eq(rest.id[i], all.id[5 + i]);
	referral_pos_free(&at);
}
END_TEST

int
main(void)
{
	i18n_init();
	Suite *s = suite_create("counts");
	TCase *tc = tcase_create("counts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, kept_counts_equal_fresh_counts_after_random_writes);
	tcase_add_test(tc, migration_counts_the_rows_already_there);
	tcase_add_test(tc, missing_kept_count_is_an_error_not_zero);
	tcase_add_test(tc, open_referrals_page_by_key);
	tcase_add_test(tc, open_referrals_page_by_position);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
