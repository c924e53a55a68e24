/* senda — unit test: another senda saves a person while an import checks
 * its rows (issue 11). The rows were checked against the people saved
 * before, without a lock, so the person saved meanwhile was added again by
 * the import: an exact duplicate. Now the import, once it holds the write
 * lock, sees that someone saved participants since and writes nothing. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "senda/db.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/pcsv.h"
#include "senda/site.h"
#include "senda/error.h"

static char dir[] = "/tmp/senda-import-race-XXXXXX";
static char *dbpath;
static int added_meanwhile;

/* Called while the rows are checked: another process's intake of the
 * person of the file's first row. */
static void
meanwhile(void *ctx, int64_t done, int64_t total)
{
	(void)ctx;
	(void)total;
	if (added_meanwhile || done == 0)
		return;
	added_meanwhile = 1;
	senda_db *other = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(dbpath, 0, &other, &err), SENDA_OK);
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, "Persona0");
	participant_set(&p.first_surname, "Apellido0");
	strcpy(p.birth_date, "1980-01-01");
	participant_set(&p.language, "es");
	senda_err e = participant_create(other, &p, &err);
	char why[512];
	ck_assert_msg(e == SENDA_OK, "create: %s", senda_error_text(&err, why, sizeof why));
	participant_free(&p);
	db_close(other);
}

START_TEST(a_person_saved_while_the_rows_are_checked_is_not_added_twice)
{
	dbpath = xasprintf("%s/race.db", dir);
	char *csv = xasprintf("%s/people.csv", dir);
	FILE *f = fopen(csv, "w");
	ck_assert_ptr_nonnull(f);
	fputs("Nombre,Apellido,Fecha de Nacimiento\n", f);
	for (int i = 0; i < 1500; i++)   /* progress is told every 1,000 rows */
		fprintf(f, "Persona%d,Apellido%d,1980-01-01\n", i, i);
	fclose(f);
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(dbpath, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Centro", "Ana", "es", &err), SENDA_OK);
	pcsv_import_opts o = { .path = csv, .dates = PCSV_DATES_UNKNOWN,
			       .progress = meanwhile };
	pcsv_import_report rep;
	senda_err e = pcsv_import(db, &o, &rep, &err);
	ck_assert_int_eq(added_meanwhile, 1);
	ck_assert_int_eq(e, SENDA_E_CONFLICT);
	ck_assert_ptr_nonnull(strstr(err.detail, "run the import again"));
	int64_t n = -1;
	ck_assert_int_eq(participant_count(db, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 1);   /* the one saved meanwhile, once */
	pcsv_import_report_free(&rep);
	/* Run again: the check sees her, and adds the others. */
	added_meanwhile = 1;
	memset(&err, 0, sizeof err);
	ck_assert_int_eq(pcsv_import(db, &o, &rep, &err), SENDA_OK);
	ck_assert_int_eq(participant_count(db, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 1500);
	pcsv_import_report_free(&rep);
	db_close(db);
	char *rm = xasprintf("rm -rf %s", dir);
	ck_assert_int_eq(system(rm), 0);
	free(rm);
	free(csv);
	free(dbpath);
}
END_TEST

int
main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
	Suite *s = suite_create("import_race");
	TCase *tc = tcase_create("import_race");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, a_person_saved_while_the_rows_are_checked_is_not_added_twice);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
