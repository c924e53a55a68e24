/* senda — unit tests of erasing a person and of the access log (issue 12,
 * items 5 and 6), on in-memory files: what each role may do, what an
 * erasure removes (and what it leaves: the tombstone, the others), and the
 * merge of a bundle made before the erasure, entry by entry and in bulk. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "dbq.h"
#include "senda/access.h"
#include "senda/db.h"
#include "senda/erase.h"
#include "senda/exchange.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/perm.h"
#include "senda/site.h"

static senda_db *
site(const char *name)
{
	senda_db *db = NULL;
	senda_error err = { 0 };
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
	ck_assert_int_eq(db_open(NULL, DB_MEMORY, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, name, "Ana Ruiz", "es", &err), SENDA_OK);
	return db;
}

static void
add(senda_db *db, const char *given, const char *surname, char id[UUID_LEN])
{
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, given);
	participant_set(&p.first_surname, surname);
	participant_set(&p.phone, "509-555-0199");
	strcpy(p.birth_date, "1987-03-14");
	p.consent_share = 1;
	senda_error err = { 0 };
	ck_assert_int_eq(participant_create(db, &p, &err), SENDA_OK);
	strcpy(id, p.id);
	participant_free(&p);
}

static int
count_rows(const access_entry *a, void *ctx)
{
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

START_TEST(only_a_coordinator_erases_or_reads_the_access_log)
{
	senda_db *db = site("Centro");
	char id[UUID_LEN];
	add(db, "Zenaida", "Quispewara", id);
	static const enum senda_role others[] = { ROLE_ESL, ROLE_VOLUNTEER, ROLE_HUB };
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		db_set_actor(db, "someone", (int)others[i]);
		senda_error err = { 0 };
		erase_result res;
		ck_assert_int_eq(erase_person(db, id, &res, &err), SENDA_E_DENIED);
		int n = 0;
		ck_assert_int_eq(access_list(db, NULL, 0, count_rows, &n, &err), SENDA_E_DENIED);
	}
	/* A volunteer does not open records: her opening is refused too. */
	db_set_actor(db, "someone", ROLE_VOLUNTEER);
	senda_error err = { 0 };
	ck_assert_int_eq(access_record(db, id, ACCESS_SCREEN, &err), SENDA_E_DENIED);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM participant", NULL), 1);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM erasure", NULL), 0);
	db_set_actor(db, "", ROLE_COORDINATOR);
	erase_result res;
	ck_assert_int_eq(erase_person(db, id, &res, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM participant", NULL), 0);
	db_close(db);
}
END_TEST

START_TEST(erasure_removes_her_and_her_traces_only)
{
	senda_db *db = site("Centro");
	char id[UUID_LEN], other[UUID_LEN];
	add(db, "Zenaida", "Quispewara", id);
	add(db, "Otilia", "Persona", other);
	senda_error err = { 0 };
	ck_assert_int_eq(access_record(db, id, ACCESS_SHOW, &err), SENDA_OK);
	ck_assert_int_eq(access_record(db, other, ACCESS_SHOW, &err), SENDA_OK);
	erase_result res;
	ck_assert_int_eq(erase_person(db, id, &res, &err), SENDA_OK);
	ck_assert_str_eq(res.id, id);
	ck_assert_int_eq(res.rows, 1);
	ck_assert(res.files_clean);   /* in memory: no file */
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM participant WHERE id = ?", "t", id), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM erasure WHERE id = ?", "t", id), 1);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM field_change WHERE tbl = 'participant'"
			       " AND row_id = ?", "t", id), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM access_log WHERE participant_id = ?", "t", id), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM name_prefix WHERE prefix LIKE 'quisp%'",
			       NULL), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM participant_fts WHERE participant_fts"
			       " MATCH 'quispewara'", NULL), 0);
	/* The other one is untouched. */
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM participant WHERE id = ?", "t", other), 1);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM access_log WHERE participant_id = ?",
			       "t", other), 1);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM participant_fts WHERE participant_fts"
			       " MATCH 'persona'", NULL), 1);
	/* Erased: not found again. */
	ck_assert_int_eq(erase_person(db, id, &res, &err), SENDA_E_NOTFOUND);
	db_close(db);
}
END_TEST

/* A bundle made before the erasure, merged after the tombstone, entry by
 * entry (bulk_min large) and in bulk (bulk_min 0). */
static void
old_bundle_after_tombstone(size_t bulk_min)
{
	char dir[] = "/tmp/senda-erase-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *before = xasprintf("%s/before.bundle", dir), *after = xasprintf("%s/after.bundle", dir);
	senda_db *a = site("A"), *b = site("B");
	char id[UUID_LEN], other[UUID_LEN];
	add(a, "Zenaida", "Quispewara", id);
	add(a, "Otilia", "Persona", other);
	senda_error err = { 0 };
	xc_export_opts o = { .full = true, .out = before };
	xc_export_result xr;
	ck_assert_int_eq(xc_export(a, &o, &xr, &err), SENDA_OK);
	erase_result res;
	ck_assert_int_eq(erase_person(a, id, &res, &err), SENDA_OK);
	o.out = after;
	ck_assert_int_eq(xc_export(a, &o, &xr, &err), SENDA_OK);
	size_t old = xc_merge_bulk_min(bulk_min);
	xc_report rep;
	xc_refusal why;
	size_t which;
	const char *p1[] = { after }, *p2[] = { before };
	ck_assert_int_eq(xc_merge(b, p1, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err), SENDA_OK);
	ck_assert_int_eq(xc_merge(b, p2, 1, NULL, 0, NULL, NULL, &rep, &why, &which, &err), SENDA_OK);
	xc_merge_bulk_min(old);
	ck_assert_int_eq(T_INT(b, "SELECT count(*) FROM participant WHERE id = ?", "t", id), 0);
	ck_assert_int_eq(T_INT(b, "SELECT count(*) FROM participant WHERE id = ?", "t", other), 1);
	ck_assert_int_eq(T_INT(b, "SELECT count(*) FROM held_change", NULL), 0);
	ck_assert_int_eq(T_INT(b, "SELECT count(*) FROM field_change WHERE row_id = ?"
			       " AND tbl <> 'erasure'", "t", id), 0);
	ck_assert_int_eq(T_INT(b, "SELECT count(*) FROM participant_fts WHERE participant_fts"
			       " MATCH 'quispewara'", NULL), 0);
	/* The tombstone came in, and holds her id only. */
	ck_assert_int_eq(T_INT(b, "SELECT count(*) FROM erasure WHERE id = ?", "t", id), 1);
	db_close(a);
	db_close(b);
	unlink(before);
	unlink(after);
	rmdir(dir);
	free(before);
	free(after);
}

START_TEST(old_bundle_brings_nothing_back_entry_by_entry)
{
	old_bundle_after_tombstone(1000000);
}
END_TEST

START_TEST(old_bundle_brings_nothing_back_in_bulk)
{
	old_bundle_after_tombstone(0);
}
END_TEST

/* The bundle made before the erasure and the one with her tombstone in
 * one merge into a new site, which takes most of what comes as new (each
 * creation's row read out of its bundle, not staged: merge_rows.c): her
 * row and her job stay out, whichever bundle comes first. */
static void
both_in_one_merge(bool tombstone_first, size_t bulk_min)
{
	char dir[] = "/tmp/senda-erase-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *before = xasprintf("%s/before.bundle", dir), *after = xasprintf("%s/after.bundle", dir);
	senda_db *a = site("A"), *c = site("C");
	char id[UUID_LEN], other[UUID_LEN];
	add(a, "Zenaida", "Quispewara", id);
	add(a, "Otilia", "Persona", other);
	placement j;
	placement_init(&j);
	memcpy(j.participant_id, id, UUID_LEN);
	j.employer = xstrdup("Hotel Quispe");
	snprintf(j.start_date, sizeof j.start_date, "2026-01-05");
	j.wage_cents = 1800;
	senda_error err = { 0 };
	ck_assert_int_eq(placement_create(a, &j, true, &err), SENDA_OK);
	placement_free(&j);
	xc_export_opts o = { .full = true, .out = before };
	xc_export_result xr;
	ck_assert_int_eq(xc_export(a, &o, &xr, &err), SENDA_OK);
	erase_result res;
	ck_assert_int_eq(erase_person(a, id, &res, &err), SENDA_OK);
	o.out = after;
	ck_assert_int_eq(xc_export(a, &o, &xr, &err), SENDA_OK);
	size_t old = xc_merge_bulk_min(bulk_min);
	xc_report rep;
	xc_refusal why;
	size_t which;
	const char *p[] = { tombstone_first ? after : before, tombstone_first ? before : after };
	ck_assert_int_eq(xc_merge(c, p, 2, NULL, 0, NULL, NULL, &rep, &why, &which, &err), SENDA_OK);
	xc_merge_bulk_min(old);
	ck_assert_int_eq(T_INT(c, "SELECT count(*) FROM participant WHERE id = ?", "t", id), 0);
	ck_assert_int_eq(T_INT(c, "SELECT count(*) FROM placement WHERE participant_id = ?", "t",
			       id), 0);
	ck_assert_int_eq(T_INT(c, "SELECT count(*) FROM participant WHERE id = ?", "t", other), 1);
	ck_assert_int_eq(T_INT(c, "SELECT count(*) FROM erasure WHERE id = ?", "t", id), 1);
	ck_assert_int_eq(T_INT(c, "SELECT count(*) FROM field_change WHERE row_id = ?"
			       " AND tbl <> 'erasure'", "t", id), 0);
	ck_assert_int_eq(T_INT(c, "SELECT count(*) FROM name_prefix WHERE prefix = 'quispewara'",
			       NULL), 0);
	ck_assert_int_eq(T_INT(c, "SELECT count(*) FROM held_change", NULL), 0);
	db_close(a);
	db_close(c);
	unlink(before);
	unlink(after);
	rmdir(dir);
	free(before);
	free(after);
}

START_TEST(old_bundle_and_tombstone_in_one_merge)
{
	both_in_one_merge(true, 1000000);
	both_in_one_merge(false, 1000000);
	both_in_one_merge(true, 0);
	both_in_one_merge(false, 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("erase");
	TCase *tc = tcase_create("erase");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, only_a_coordinator_erases_or_reads_the_access_log);
	tcase_add_test(tc, erasure_removes_her_and_her_traces_only);
	tcase_add_test(tc, old_bundle_brings_nothing_back_entry_by_entry);
	tcase_add_test(tc, old_bundle_brings_nothing_back_in_bulk);
	tcase_add_test(tc, old_bundle_and_tombstone_in_one_merge);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
