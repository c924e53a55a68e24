/* senda — unit tests of ESL tables, lookups and screenings (in memory). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "dbq.h"
#include "senda/db.h"
#include "senda/esl.h"
#include "senda/outfile.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/site.h"

static senda_db *db;
static const sdate today = { 2026, 11, 30 };

static void
setup(void)
{
	senda_error err = { 0 };
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
	ck_assert_int_eq(db_open(NULL, DB_MEMORY, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Colegio", "Eva", "en", &err), SENDA_OK);
}

static char csvdir[64];

static void
teardown(void)
{
	db_close(db);
	if (csvdir[0]) {
		static const char *const names[] = {
			"v.csv", "s.csv", "d.csv", "h.csv", "m.csv", "ok.csv", "f.csv", "out.csv"
		};
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			char path[256];
			snprintf(path, sizeof path, "%s/%s", csvdir, names[i]);
			unlink(path);
		}
		rmdir(csvdir);
	}
}

/* Level for a score (0 below, 7 exited, 8 above the confirmed ranges). */
static int
level(const char *instrument, int score)
{
	esl_result r;
	senda_error err = { 0 };
	if (esl_lookup(db, instrument, score, today, &r, &err) != SENDA_OK)
		return r.outcome == ESL_BELOW ? 0 : -1;
	switch (r.outcome) {
	case ESL_EXITED: return 7;
	case ESL_ABOVE_KNOWN: return 8;
	default: return r.level;
	}
}

START_TEST(casas_boundaries)
{
	ck_assert_int_eq(level("casas", 150), 1);
	ck_assert_int_eq(level("casas", 180), 1);
	ck_assert_int_eq(level("casas", 181), 2);
	ck_assert_int_eq(level("casas", 190), 2);
	ck_assert_int_eq(level("casas", 191), 3);
	ck_assert_int_eq(level("casas", 200), 3);
	ck_assert_int_eq(level("casas", 201), 4);
	ck_assert_int_eq(level("casas", 210), 4);
	ck_assert_int_eq(level("casas", 211), 5);
	ck_assert_int_eq(level("casas", 220), 5);
	ck_assert_int_eq(level("casas", 221), 6);
	ck_assert_int_eq(level("casas", 235), 6);
	ck_assert_int_eq(level("casas", 236), 7);
	ck_assert_int_eq(level("casas", 300), 7);
	/* Issue 7, item 7: a score the scale cannot give is refused, not "exited". */
	ck_assert_int_eq(level("casas", 301), -1);
	ck_assert_int_eq(level("casas", 9999), -1);
	esl_result r;
	senda_error err = { 0 };
	ck_assert_int_eq(esl_lookup(db, "casas", 9999, today, &r, &err), SENDA_E_RANGE);
	ck_assert_str_eq(err.detail, "CASAS reading or listening scores go up to 300; check the score");
}
END_TEST

START_TEST(best_plus_boundaries)
{
	ck_assert_int_eq(level("best_plus", 87), 0);
	ck_assert_int_eq(level("best_plus", 88), 1);
	ck_assert_int_eq(level("best_plus", 361), 1);
	ck_assert_int_eq(level("best_plus", 362), 2);
	ck_assert_int_eq(level("best_plus", 427), 2);
	ck_assert_int_eq(level("best_plus", 428), 3);
	ck_assert_int_eq(level("best_plus", 452), 3);
	ck_assert_int_eq(level("best_plus", 453), 4);
	ck_assert_int_eq(level("best_plus", 484), 4);
	ck_assert_int_eq(level("best_plus", 485), 5);
	ck_assert_int_eq(level("best_plus", 524), 5);
	ck_assert_int_eq(level("best_plus", 525), 6);
	ck_assert_int_eq(level("best_plus", 564), 6);
	ck_assert_int_eq(level("best_plus", 565), 7);
	ck_assert_int_eq(level("best_plus", 999), 7);
	ck_assert_int_eq(level("best_plus", 1000), -1);
}
END_TEST

START_TEST(best_literacy_boundaries)
{
	ck_assert_int_eq(level("best_literacy", 0), 1);
	ck_assert_int_eq(level("best_literacy", 7), 1);
	ck_assert_int_eq(level("best_literacy", 8), 2);
	ck_assert_int_eq(level("best_literacy", 35), 2);
	ck_assert_int_eq(level("best_literacy", 36), 3);
	ck_assert_int_eq(level("best_literacy", 46), 3);
	ck_assert_int_eq(level("best_literacy", 47), 4);
	ck_assert_int_eq(level("best_literacy", 53), 4);
	ck_assert_int_eq(level("best_literacy", 54), 5);
	ck_assert_int_eq(level("best_literacy", 65), 5);
	ck_assert_int_eq(level("best_literacy", 66), 6);
	ck_assert_int_eq(level("best_literacy", 100), 6);   /* 66+ is level 6, no exit */
	ck_assert_int_eq(level("best_literacy", 500), -1);  /* no such score: refused */
}
END_TEST

START_TEST(tabe_boundaries_level6_open)
{
	ck_assert_int_eq(level("tabe_clas_e", 249), 0);
	ck_assert_int_eq(level("tabe_clas_e", 250), 1);
	ck_assert_int_eq(level("tabe_clas_e", 392), 1);
	ck_assert_int_eq(level("tabe_clas_e", 393), 2);
	ck_assert_int_eq(level("tabe_clas_e", 436), 2);
	ck_assert_int_eq(level("tabe_clas_e", 437), 3);
	ck_assert_int_eq(level("tabe_clas_e", 476), 3);
	ck_assert_int_eq(level("tabe_clas_e", 477), 4);
	ck_assert_int_eq(level("tabe_clas_e", 508), 4);
	ck_assert_int_eq(level("tabe_clas_e", 509), 5);
	ck_assert_int_eq(level("tabe_clas_e", 557), 5);
	ck_assert_int_eq(level("tabe_clas_e", 558), 8);     /* not confirmed: not level 6 */
}
END_TEST

/* The seeded tables, exactly as shared/domain/esl-levels.md gives them. */
struct want { const char *instrument; int bands[6][2]; int nbands; };
static const struct want md[] = {
	{ "best_literacy", { {0, 7}, {8, 35}, {36, 46}, {47, 53}, {54, 65}, {66, -1} }, 6 },
	{ "best_plus", { {88, 361}, {362, 427}, {428, 452}, {453, 484}, {485, 524}, {525, 564} }, 6 },
	{ "casas", { {-1, 180}, {181, 190}, {191, 200}, {201, 210}, {211, 220}, {221, 235} }, 6 },
	{ "tabe_clas_e", { {250, 392}, {393, 436}, {437, 476}, {477, 508}, {509, 557} }, 5 },
};

static int
check_table(const esl_table *t, void *ctx)
{
	int *seen = ctx;
	for (size_t i = 0; i < sizeof md / sizeof md[0]; i++) {
		if (strcmp(md[i].instrument, t->instrument) != 0)
			continue;
		ck_assert_int_eq(t->nbands, md[i].nbands);
		for (int b = 0; b < t->nbands; b++) {
			ck_assert_int_eq(t->bands[b].level, b + 1);
			ck_assert_int_eq(t->bands[b].min, md[i].bands[b][0]);
			ck_assert_int_eq(t->bands[b].max, md[i].bands[b][1]);
		}
		ck_assert(t->verified);
		ck_assert(*t->source && *t->version && *t->effective_date);
		(*seen)++;
	}
	return 0;
}

START_TEST(seeded_tables_match_the_domain_notes)
{
	int seen = 0;
	senda_error err = { 0 };
	ck_assert_int_eq(esl_tables(db, true, check_table, &seen, &err), SENDA_OK);
	ck_assert_int_eq(seen, 4);
	char *n = T_GET(char *, esl_level_name, db, 5, "en");
	ck_assert_str_eq(n, "High Intermediate ESL");
	free(n);
	n = T_GET(char *, esl_level_name, db, 5, "es");
	ck_assert_str_eq(n, "Intermedio alto");
	free(n);
	n = T_GET(char *, esl_level_name, db, 1, "es");
	ck_assert_str_eq(n, "Alfabetización inicial en inglés");
	free(n);
	n = T_GET(char *, esl_level_descriptor, db, 4, "en");
	ck_assert_ptr_nonnull(strstr(n, "simple forms"));
	free(n);
}
END_TEST

START_TEST(new_version_takes_over_from_its_date)
{
	esl_table t = { .instrument = "casas", .version = "Test 2027", .effective_date = "2026-12-01",
			.source = "made up for a test", .verified = false, .nbands = 6,
			.bands = { {1, -1, 190}, {2, 191, 200}, {3, 201, 210}, {4, 211, 220},
				   {5, 221, 230}, {6, 231, 240} } };
	senda_error err = { 0 };
	ck_assert_int_eq(esl_table_add(db, &t, &err), SENDA_OK);
	ck_assert_int_eq(esl_table_add(db, &t, &err), SENDA_E_EXISTS);
	esl_result r;
	ck_assert_int_eq(esl_lookup(db, "casas", 185, today, &r, &err), SENDA_OK);
	ck_assert_int_eq(r.level, 2);                           /* old table still */
	sdate later = { 2027, 1, 5 };
	ck_assert_int_eq(esl_lookup(db, "casas", 185, later, &r, &err), SENDA_OK);
	ck_assert_int_eq(r.level, 1);
	ck_assert_str_eq(r.version, "Test 2027");
	ck_assert_int_eq(esl_table_retire(db, t.id, true, &err), SENDA_OK);
	ck_assert_int_eq(esl_lookup(db, "casas", 185, later, &r, &err), SENDA_OK);
	ck_assert_int_eq(r.level, 2);
}
END_TEST

START_TEST(bad_tables_refused)
{
	senda_error err = { 0 };
	esl_table gap = { .instrument = "casas", .version = "gap", .effective_date = "2026-01-01",
			  .nbands = 2, .bands = { {1, 0, 10}, {2, 12, 20} } };
	ck_assert_int_eq(esl_table_add(db, &gap, &err), SENDA_E_RANGE);
	esl_table back = { .instrument = "casas", .version = "back", .effective_date = "2026-01-01",
			   .nbands = 2, .bands = { {1, 0, 10}, {2, 11, 5} } };
	ck_assert_int_eq(esl_table_add(db, &back, &err), SENDA_E_RANGE);
	esl_table skip = { .instrument = "casas", .version = "skip", .effective_date = "2026-01-01",
			   .nbands = 2, .bands = { {1, 0, 10}, {3, 11, 20} } };
	ck_assert_int_eq(esl_table_add(db, &skip, &err), SENDA_E_RANGE);
	esl_table oral = { .instrument = "oral", .version = "x", .effective_date = "2026-01-01",
			   .nbands = 1, .bands = { {1, 0, 10} } };
	ck_assert_int_eq(esl_table_add(db, &oral, &err), SENDA_E_CHOICE);
	esl_table date = { .instrument = "casas", .version = "d", .effective_date = "2026-02-31",
			   .nbands = 1, .bands = { {1, 0, 10} } };
	ck_assert_int_eq(esl_table_add(db, &date, &err), SENDA_E_DATE);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM esl_table", NULL), 4);
}
END_TEST

START_TEST(score_parsing)
{
	ck_assert_int_eq(esl_parse_score("215"), 215);
	ck_assert_int_eq(esl_parse_score(" 7 "), 7);
	ck_assert_int_eq(esl_parse_score("-5"), -1);
	ck_assert_int_eq(esl_parse_score("21a"), -1);
	ck_assert_int_eq(esl_parse_score(""), -1);
	ck_assert_int_eq(esl_parse_score("99999"), -1);
	ck_assert_int_eq(esl_parse_score("2 15"), -1);
}
END_TEST

static void
person(char id[UUID_LEN], const char *birth)
{
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, "Rosa");
	participant_set(&p.first_surname, "Peña");
	snprintf(p.birth_date, sizeof p.birth_date, "%s", birth);
	senda_error err = { 0 };
	ck_assert_int_eq(participant_create(db, &p, &err), SENDA_OK);
	strcpy(id, p.id);
	participant_free(&p);
}

static senda_err
screen(const char *pid, const char *instrument, int score, int lvl, const char *on)
{
	screening s;
	screening_init(&s);
	snprintf(s.participant_id, sizeof s.participant_id, "%s", pid);
	xstrset(&s.instrument, instrument);
	snprintf(s.screened_on, sizeof s.screened_on, "%s", on);
	s.score = score;
	s.level = lvl;
	senda_error err = { 0 };
	senda_err e = screening_create(db, &s, &err);
	screening_free(&s);
	return e;
}

static int
collect_levels(const screening *s, void *ctx)
{
	char *buf = ctx;
	char one[64];
	snprintf(one, sizeof one, "%s:%d%s ", s->instrument, s->level, s->exited ? "x" : "");
	strcat(buf, one);
	return 0;
}

START_TEST(screenings_store_level_and_gains)
{
	char pid[UUID_LEN];
	person(pid, "1985-05-05");
	ck_assert_int_eq(T_GET(int, screening_current_level, db, pid), 0);
	ck_assert_int_eq(screen(pid, "casas", 195, 0, "2026-01-10"), SENDA_OK);
	ck_assert_int_eq(screen(pid, "oral", -1, 4, "2026-05-10"), SENDA_OK);
	ck_assert_int_eq(screen(pid, "casas", 240, 0, "2026-11-01"), SENDA_OK);
	char buf[200] = "";
	senda_error err = { 0 };
	ck_assert_int_eq(screening_list(db, pid, collect_levels, buf, &err), SENDA_OK);
	ck_assert_str_eq(buf, "casas:3 oral:4 casas:6x ");
	ck_assert_int_eq(T_GET(int, screening_current_level, db, pid), 6);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM screening WHERE table_id ="
				" '00000000-0000-4000-8000-000000000101'", NULL), 2);
}
END_TEST

START_TEST(screening_bad_input_changes_nothing)
{
	char pid[UUID_LEN];
	person(pid, "1990-03-04");
	ck_assert_int_eq(screen(pid, "casas", 200, 0, "1989-12-31"), SENDA_E_TOOOLD);  /* before birth */
	ck_assert_int_eq(screen(pid, "casas", 200, 0, "2026-12-01"), SENDA_E_FUTURE);
	ck_assert_int_eq(screen(pid, "casas", 200, 0, "2026-02-30"), SENDA_E_DATE_INVALID);
	ck_assert_int_eq(screen(pid, "casas", -3, 0, "2026-02-03"), SENDA_E_REQUIRED);  /* no score */
	ck_assert_int_eq(screen(pid, "best_plus", 12, 0, "2026-02-03"), SENDA_E_RANGE);
	ck_assert_int_eq(screen(pid, "tabe_clas_e", 600, 0, "2026-02-03"), SENDA_E_RANGE);
	ck_assert_int_eq(screen(pid, "oral", -1, 7, "2026-02-03"), SENDA_E_RANGE);
	ck_assert_int_eq(screen(pid, "toefl", 100, 0, "2026-02-03"), SENDA_E_CHOICE);
	ck_assert_int_eq(screen("ffffffff", "casas", 200, 0, "2026-02-03"), SENDA_E_NOTFOUND);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM screening", NULL), 0);
}
END_TEST

/* Tester's report, item 4: the messages say what is wrong. A score for the
 * oral interview (which takes a level) is not "level out of range"; a
 * missing score is "required", not "not a number". */
START_TEST(screening_messages_say_what_is_missing)
{
	char pid[UUID_LEN];
	person(pid, "1990-03-04");
	static const struct {
		const char *instrument;
		int score, level;
		senda_err want;
		const char *key, *detail;
	} cases[] = {
		{ "oral", 3, -1, SENDA_E_REQUIRED, "level",
		  "the oral interview has no score: give the level the screener chose, --level 1 to 6" },
		{ "oral", -1, -1, SENDA_E_REQUIRED, "level", "1\xe2\x80\x93" "6" },
		{ "oral", -1, 7, SENDA_E_RANGE, "level", "1\xe2\x80\x93" "6" },
		{ "casas", -1, -1, SENDA_E_REQUIRED, "score", "" },
		{ "best_plus", -1, 3, SENDA_E_REQUIRED, "score", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		screening s;
		screening_init(&s);
		snprintf(s.participant_id, sizeof s.participant_id, "%s", pid);
		xstrset(&s.instrument, cases[i].instrument);
		snprintf(s.screened_on, sizeof s.screened_on, "2026-02-03");
		s.score = cases[i].score;
		s.level = cases[i].level;
		senda_error err = { 0 };
		ck_assert_int_eq(screening_create(db, &s, &err), cases[i].want);
		ck_assert_str_eq(err.key, cases[i].key);
		ck_assert_str_eq(err.detail, cases[i].detail);
		screening_free(&s);
	}
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM screening", NULL), 0);
}
END_TEST

/* ---- levels CSV (issue 7) ------------------------------------------------ */

static const char *
csv_file(const char *name, const char *bytes)
{
	static char path[256];
	if (!csvdir[0]) {
		snprintf(csvdir, sizeof csvdir, "/tmp/senda-esl-XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(csvdir));
	}
	snprintf(path, sizeof path, "%s/%s", csvdir, name);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs(bytes, f);
	fclose(f);
	return path;
}

static const char *levels_head =
	"instrument,version,effective_date,source,verified,retired,level,min_score,max_score\n";

/* A CASAS table of 6 levels whose version, date and source are given. */
static char *
casas_csv(const char *version, const char *date, const char *source)
{
	static const int lo[] = { 0, 181, 191, 201, 211, 221 }, hi[] = { 180, 190, 200, 210, 220, 235 };
	char *s = xstrdup(levels_head);
	for (int i = 0; i < 6; i++) {
		char *row = xasprintf("%scasas,%s,%s,%s,yes,no,%d,%d,%d\n", s, version, date, source,
				      i + 1, lo[i], hi[i]);
		free(s);
		s = row;
	}
	return s;
}

static int64_t
tables(void)
{
	return T_INT(db, "SELECT count(*) FROM esl_table", NULL);
}

/* Item 3: a value longer than its field is refused naming line, field and
 * limit; nothing is imported, nothing cut. */
START_TEST(levels_import_refuses_long_values)
{
	senda_error err = { 0 };
	int added = -1, skipped = -1;
	int64_t before = tables();
	char v64[65];
	memset(v64, 'v', 64);
	v64[64] = '\0';
	char *text = casas_csv(v64, "2027-01-01", "test");
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("v.csv", text), &added, &skipped, &err),
			 SENDA_E_TOOLONG);
	free(text);
	ck_assert_str_eq(err.field, "Version");
	ck_assert_str_eq(err.detail, "line 2: it has 64 characters where at most 63 fit; "
			 "accented letters count as two");
	ck_assert_int_eq(added, 0);
	ck_assert_int_eq(tables(), before);
	/* 63 fit, whole. */
	v64[63] = '\0';
	text = casas_csv(v64, "2027-01-01", "test");
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("v.csv", text), &added, &skipped, &err),
			 SENDA_OK);
	free(text);
	ck_assert_int_eq(added, 1);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM esl_table WHERE version = ?", "t", v64), 1);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM esl_band b JOIN esl_table t"
				" ON t.id = b.table_id WHERE t.version = ?", "t", v64), 6);
	/* A 1 MB source, and a date with one character too many. */
	char *big = xmalloc(1000001);
	memset(big, 's', 1000000);
	big[1000000] = '\0';
	text = casas_csv("2028", "2028-01-01", big);
	free(big);
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("s.csv", text), &added, &skipped, &err),
			 SENDA_E_TOOLONG);
	free(text);
	ck_assert_str_eq(err.field, "Source");
	ck_assert_ptr_nonnull(strstr(err.detail, "1000000 characters where at most 255 fit"));
	text = casas_csv("2029", "2029-01-011", "x");
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("d.csv", text), &added, &skipped, &err),
			 SENDA_E_TOOLONG);
	free(text);
	ck_assert_str_eq(err.field, "Effective date");
	ck_assert_int_eq(tables(), before + 1);
}
END_TEST

/* Item 25: a column named twice, and a row with more cells than the header,
 * are reported as such (not as a number out of range). */
START_TEST(levels_import_duplicate_header_and_extra_cells)
{
	senda_error err = { 0 };
	int added, skipped;
	int64_t before = tables();
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("h.csv",
		"instrument,version,effective_date,source,verified,retired,level,min_score,max_score,"
		"version\ncasas,A,2027-01-01,s,yes,no,1,0,180,B\n"), &added, &skipped, &err),
		SENDA_E_FORMAT);
	ck_assert_str_eq(err.detail, "the column “version” appears twice in the first row");
	char *text = casas_csv("2027", "2027-01-01", "s");
	char *more = xasprintf("%scasas,2027,2027-01-01,s,yes,no,1,0,180,extra,,\n", levels_head);
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("m.csv", more), &added, &skipped, &err),
			 SENDA_E_FORMAT);
	ck_assert_str_eq(err.detail, "line 2: this row has 10 cells, but the first row has 9 columns");
	/* Control characters in a version or a source are called that (found by
	 * testing: they were "required" and "not valid UTF-8"). */
	char *ctl = casas_csv("V\xe2\x80\xae", "2027-01-01", "s");
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("c.csv", ctl), &added, &skipped, &err),
			 SENDA_E_CONTROL);
	free(ctl);
	ctl = casas_csv("V2", "2027-01-01", "s\x1b[31m");
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("c2.csv", ctl), &added, &skipped, &err),
			 SENDA_E_CONTROL);
	free(ctl);
	/* A column senda does not know is refused, not dropped (found by testing). */
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("u.csv",
		"instrument,version,effective_date,source,verified,retired,level,min_score,max_score,"
		"notes\ncasas,U,2027-01-01,s,yes,no,1,0,180,x\n"), &added, &skipped, &err),
		SENDA_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(err.detail, "the column “notes” is not one senda knows"));
	ck_assert_int_eq(tables(), before);
	ck_assert_str_eq(senda_strerror(err.code), "The file is not laid out the way senda reads it.");
	free(more);
	/* Empty cells after the last column are fine. */
	more = xasprintf("%scasas,2027,2027-01-01,s,yes,no,1,0,180,,\n", levels_head);
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("ok.csv", more), &added, &skipped, &err),
			 SENDA_OK);
	free(more);
	free(text);
	ck_assert_int_eq(tables(), before + 1);
}
END_TEST

/* Item 25: export then import changes nothing, with a version that the
 * export defuses ("=x" is written "'=x"). */
START_TEST(levels_export_import_round_trip)
{
	senda_error err = { 0 };
	int added, skipped, rows;
	char *text = casas_csv("=cmd", "2027-01-01", "-from a sheet");
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("f.csv", text), &added, &skipped, &err),
			 SENDA_OK);
	free(text);
	ck_assert_int_eq(added, 1);
	int64_t before = tables();
	char out[256];
	snprintf(out, sizeof out, "%s", csv_file("out.csv", ""));
	ck_assert_int_eq(esl_tables_export_csv(db, out, OUTFILE_FORCE, &rows, &err), SENDA_OK);
	ck_assert_int_eq(esl_tables_import_csv(db, out, &added, &skipped, &err), SENDA_OK);
	ck_assert_int_eq(added, 0);
	ck_assert_int_eq(skipped, before);
	ck_assert_int_eq(tables(), before);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM esl_table WHERE version = '=cmd'"
				" AND source = '-from a sheet'", NULL), 1);
}
END_TEST

/* Item 3: the table's columns repeat on each row; rows that disagree are
 * refused instead of keeping the first and dropping the others. */
START_TEST(levels_import_rows_of_a_table_agree)
{
	senda_error err = { 0 };
	int added, skipped;
	int64_t before = tables();
	char *text = xasprintf("%scasas,Z,2027-01-01,s,yes,no,1,0,180\n"
			       "casas,Z,2027-01-02,s,yes,no,2,181,190\n", levels_head);
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("m.csv", text), &added, &skipped, &err),
			 SENDA_E_FORMAT);
	free(text);
	ck_assert_str_eq(err.detail, "line 3: casas Z has another effective_date, source, verified "
			 "or retired than on line 2; every row of a table must give the same");
	ck_assert_int_eq(tables(), before);
	/* A table that is wrong as a whole names the line of its first row; it
	 * is checked before the database is locked for writing. */
	text = xasprintf("%scasas,Z,2027-01-01,s,yes,no,1,0,180\ncasas,Z,2027-01-01,s,yes,no,2,185,190\n"
			 "casas,Y,2027-13-01,s,yes,no,1,0,180\n", levels_head);
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("m.csv", text), &added, &skipped, &err),
			 SENDA_E_RANGE);
	ck_assert_str_eq(err.detail, "line 2: level 2 must start right after level 1 ends");
	free(text);
	text = xasprintf("%scasas,Y,2027-13-01,s,yes,no,1,0,180\n", levels_head);
	ck_assert_int_eq(esl_tables_import_csv(db, csv_file("m.csv", text), &added, &skipped, &err),
			 SENDA_E_DATE);
	ck_assert_str_eq(err.detail, "line 2: 2027-13-01");
	free(text);
	ck_assert_int_eq(tables(), before);
}
END_TEST

int
main(void)
{
	i18n_init();
	Suite *s = suite_create("esl");
	TCase *tc = tcase_create("esl");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, casas_boundaries);
	tcase_add_test(tc, best_plus_boundaries);
	tcase_add_test(tc, best_literacy_boundaries);
	tcase_add_test(tc, tabe_boundaries_level6_open);
	tcase_add_test(tc, seeded_tables_match_the_domain_notes);
	tcase_add_test(tc, new_version_takes_over_from_its_date);
	tcase_add_test(tc, bad_tables_refused);
	tcase_add_test(tc, score_parsing);
	tcase_add_test(tc, screenings_store_level_and_gains);
	tcase_add_test(tc, screening_bad_input_changes_nothing);
	tcase_add_test(tc, screening_messages_say_what_is_missing);
	tcase_add_test(tc, levels_import_refuses_long_values);
	tcase_add_test(tc, levels_import_duplicate_header_and_extra_cells);
	tcase_add_test(tc, levels_export_import_round_trip);
	tcase_add_test(tc, levels_import_rows_of_a_table_agree);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
