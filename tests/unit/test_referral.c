/* senda — unit tests of referrals, eligibility, slips and placements. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "dbq.h"
#include "save_over.h"
#include "senda/db.h"
#include "senda/esl.h"
#include "senda/mem.h"
#include "senda/i18n.h"
#include "senda/partner.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/referral.h"
#include "senda/site.h"

static senda_db *db;

#define save_over(p, err) save_over_db(db, (p), (err))
static char pid[UUID_LEN];      /* Rosa, Spanish speaker, wage at intake $12.00 */
static char nurse[UUID_LEN];    /* Nurse-aide course: level 5 and a diploma */
static char esl[UUID_LEN];      /* ESL class: open to all */

static void
make_person(const char *lang, const char *schooling, char id[UUID_LEN])
{
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, "Rosa María");
	participant_set(&p.first_surname, "Peña");
	participant_set(&p.second_surname, "Ibáñez");
	participant_set(&p.language, lang);
	participant_set(&p.schooling, schooling);
	strcpy(p.birth_date, "1988-08-08");
	p.wage_cents = 1200;
	p.consent_share = 1;
	senda_error err = { 0 };
	ck_assert_int_eq(participant_create(db, &p, &err), SENDA_OK);
	strcpy(id, p.id);
	participant_free(&p);
}

static void
setup(void)
{
	senda_error err = { 0 };
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
	i18n_set_lang("en");
	ck_assert_int_eq(db_open(NULL, DB_MEMORY, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Centro", "Ana Ruiz", "en", &err), SENDA_OK);
	make_person("es", "primary", pid);
	partner org;
	partner_init(&org);
	free(org.name);
	org.name = strdup("Valley Community College");
	free(org.kind);
	org.kind = strdup("college");
	free(org.address);
	org.address = strdup("123 Main St");
	free(org.city);
	org.city = strdup("Springfield");
	free(org.phone);
	org.phone = strdup("(555) 010-0199");
	ck_assert_int_eq(partner_save(db, &org, &err), SENDA_OK);
	program g;
	program_init(&g);
	strcpy(g.partner_id, org.id);
	free(g.name);
	g.name = strdup("Nurse Aide I course");
	free(g.kind);
	g.kind = strdup("vocational");
	g.min_esl_level = 5;
	g.needs_diploma = true;
	free(g.documents);
	g.documents = strdup("photo ID");
	free(g.schedule);
	g.schedule = strdup("Mon-Thu 6-9 pm");
	free(g.contact_name);
	g.contact_name = strdup("Ms. Ortiz");
	ck_assert_int_eq(program_save(db, &g, &err), SENDA_OK);
	strcpy(nurse, g.id);
	program_free(&g);
	program_init(&g);
	strcpy(g.partner_id, org.id);
	free(g.name);
	g.name = strdup("ESL evening class");
	free(g.kind);
	g.kind = strdup("esl");
	ck_assert_int_eq(program_save(db, &g, &err), SENDA_OK);
	strcpy(esl, g.id);
	program_free(&g);
	partner_free(&org);
}

static void
teardown(void)
{
	db_close(db);
}

static senda_err
refer(const char *program_id, const char *on, referral *r)
{
	memset(r, 0, sizeof *r);
	strcpy(r->participant_id, pid);
	strcpy(r->program_id, program_id);
	if (on)
		strcpy(r->referred_on, on);
	senda_error err = { 0 };
	return referral_create(db, r, "first visit", REFER_AGAIN, &err);
}

static int
history_fn(const referral_change *c, void *ctx)
{
	strcat(ctx, c->status);
	strcat(ctx, "/");
	strcat(ctx, c->note ? c->note : "");
	strcat(ctx, " ");
	return 0;
}

START_TEST(referral_starts_referred_with_a_code)
{
	referral r, back;
	ck_assert_int_eq(refer(esl, NULL, &r), SENDA_OK);
	ck_assert_str_eq(r.status, "referred");
	ck_assert_str_eq(r.referred_on, "2026-11-30");
	ck_assert_int_eq(strlen(r.code), 8);
	ck_assert(strncmp(r.code, "R-", 2) == 0);
	senda_error err = { 0 };
	ck_assert_int_eq(referral_get(db, r.code, &back, &err), SENDA_OK);
	ck_assert_str_eq(back.id, r.id);
	ck_assert_str_eq(back.program_name, "ESL evening class");
	ck_assert_str_eq(back.partner_name, "Valley Community College");
	ck_assert_str_eq(back.referred_by, "Ana Ruiz");
}
END_TEST

/* Referrals made one after another (their ids begin alike: time-ordered)
 * get codes of their own, each finding its referral. */
START_TEST(referrals_made_together_have_their_own_codes)
{
	enum { N = 20 };
	static referral r[N];
	senda_error err = { 0 };
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(refer(esl, NULL, &r[i]), SENDA_OK);
	for (int i = 0; i < N; i++) {
		for (int j = 0; j < i; j++)
			ck_assert_msg(strcmp(r[i].code, r[j].code) != 0, "%s twice", r[i].code);
		referral back;
		ck_assert_int_eq(referral_get(db, r[i].code, &back, &err), SENDA_OK);
		ck_assert_str_eq(back.id, r[i].id);
	}
}
END_TEST

START_TEST(status_loop_to_completed_with_credential)
{
	referral r;
	senda_error err = { 0 };
	ck_assert_int_eq(refer(nurse, "2026-10-01", &r), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, r.id, "contacted", "2026-10-03", "called", NULL, false, &err), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, r.id, "enrolled", "2026-10-10", "", NULL, false, &err), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, r.id, "completed", "2026-11-20", "passed", "Nurse Aide I", false, &err), SENDA_OK);
	referral back;
	ck_assert_int_eq(referral_get(db, r.id, &back, &err), SENDA_OK);
	ck_assert_str_eq(back.status, "completed");
	ck_assert_str_eq(back.credential, "Nurse Aide I");
	ck_assert_str_eq(back.status_on, "2026-11-20");
	char h[400] = "";
	ck_assert_int_eq(referral_history(db, r.id, history_fn, h, &err), SENDA_OK);
	ck_assert_str_eq(h, "referred/first visit contacted/called enrolled/ completed/passed ");
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM change_log WHERE tbl = 'referral'"
				" AND field = 'status'", NULL), 3);
}
END_TEST

static void screen(int level);

struct texts { int n; char line[20][200]; };

static int
text_fn(const participant_change *c, void *ctx)
{
	struct texts *t = ctx;
	char buf[200];
	if (t->n < 20)
		snprintf(t->line[t->n], 200, "%s", participant_change_text(c, buf, sizeof buf)
			 ? buf : (*c->field ? c->field : "created"));
	t->n++;
	return 0;
}

/* The person's history tells their whole path, newest first. */
START_TEST(history_tells_the_whole_path)
{
	referral r;
	senda_error err = { 0 };
	screen(3);
	ck_assert_int_eq(refer(esl, "2026-10-01", &r), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, r.id, "enrolled", "2026-10-05", NULL, NULL, false, &err), SENDA_OK);
	placement p;
	placement_init(&p);
	p.wage_cents = 1500;
	strcpy(p.participant_id, pid);
	xstrset(&p.employer, "Sunrise Care Home");
	strcpy(p.start_date, "2026-11-01");
	ck_assert_int_eq(placement_create(db, &p, false, &err), SENDA_OK);
	placement_free(&p);
	struct texts t = { 0 };
	ck_assert_int_eq(participant_history(db, pid, text_fn, &t, &err), SENDA_OK);
	ck_assert_int_eq(t.n, 5);
	ck_assert_str_eq(t.line[0], "Job recorded: Sunrise Care Home, $15.00 an hour");
	char want[200];
	snprintf(want, sizeof want, "Referral %s: referred → enrolled", r.code);
	ck_assert_str_eq(t.line[1], want);
	snprintf(want, sizeof want, "Referred to ESL evening class (%s)", r.code);
	ck_assert_str_eq(t.line[2], want);
	ck_assert_str_eq(t.line[3], "English screening: Oral interview, level 3");
	ck_assert_str_eq(t.line[4], "created");
}
END_TEST

START_TEST(skipping_steps_asks_first)
{
	referral r, back;
	senda_error err = { 0 };
	ck_assert_int_eq(refer(nurse, "2026-10-01", &r), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, r.id, "completed", NULL, NULL, NULL, false, &err),
			 SENDA_E_CONFIRM);
	ck_assert_ptr_nonnull(strstr(err.detail, "never enrolled"));
	ck_assert_int_eq(referral_get(db, r.id, &back, &err), SENDA_OK);
	ck_assert_str_eq(back.status, "referred");
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM referral_status", NULL), 1);
	ck_assert_int_eq(referral_set_status(db, r.id, "completed", NULL, NULL, NULL, true, &err), SENDA_OK);
	/* Closed: reopening asks too. */
	ck_assert_int_eq(referral_set_status(db, r.id, "enrolled", NULL, NULL, NULL, false, &err),
			 SENDA_E_CONFIRM);
	ck_assert_int_eq(referral_set_status(db, r.id, "completed", NULL, NULL, NULL, true, &err),
			 SENDA_E_STATE);
}
END_TEST

START_TEST(status_bad_input)
{
	referral r;
	senda_error err = { 0 };
	ck_assert_int_eq(refer(esl, "2026-10-01", &r), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, r.id, "graduated", NULL, NULL, NULL, false, &err), SENDA_E_CHOICE);
	ck_assert_int_eq(referral_set_status(db, r.id, "contacted", "2026-09-01", NULL, NULL, false, &err), SENDA_E_TOOOLD);
	ck_assert_int_eq(referral_set_status(db, r.id, "contacted", "2026-12-25", NULL, NULL, false, &err), SENDA_E_FUTURE);
	ck_assert_int_eq(referral_set_status(db, r.id, "contacted", NULL, NULL, "GED", false, &err), SENDA_E_STATE);
	ck_assert_int_eq(referral_set_status(db, r.id, "referred", NULL, NULL, NULL, false, &err), SENDA_E_STATE);
	ck_assert_int_eq(referral_set_status(db, "R-ZZZZZZ", "contacted", NULL, NULL, NULL, false, &err), SENDA_E_NOTFOUND);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM referral_status", NULL), 1);
	referral bad;
	ck_assert_int_eq(refer(esl, "2026-12-31", &bad), SENDA_E_FUTURE);
	ck_assert_int_eq(refer("ffffffff", NULL, &bad), SENDA_E_NOTFOUND);
	ck_assert_int_eq(refer(esl, "1980-01-01", &bad), SENDA_E_TOOOLD);   /* before birth */
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM referral", NULL), 1);
}
END_TEST

START_TEST(overdue_after_quiet_days)
{
	referral a, b, c;
	senda_error err = { 0 };
	ck_assert_int_eq(refer(esl, "2026-11-01", &a), SENDA_OK);     /* 29 days */
	ck_assert_int_eq(refer(nurse, "2026-11-20", &b), SENDA_OK);   /* 10 days */
	ck_assert_int_eq(refer(esl, "2026-10-01", &c), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, c.id, "declined", "2026-10-02", NULL, NULL, false, &err), SENDA_OK);
	referral d;    /* enrolled long ago: on a course, not late */
	ck_assert_int_eq(refer(nurse, "2026-09-01", &d), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, d.id, "enrolled", "2026-09-10", NULL, NULL, false, &err), SENDA_OK);
	ck_assert_int_eq(T_GET(int, referral_overdue_days, db), 14);
	ck_assert_int_eq(T_GET(int64_t, referral_open_count, db), 3);
	ck_assert_int_eq(T_GET(int64_t, referral_overdue_count, db), 1);
	referral back;
	ck_assert_int_eq(referral_get(db, a.id, &back, &err), SENDA_OK);
	ck_assert(back.overdue);
	ck_assert_int_eq(back.days_in_status, 29);
	ck_assert_int_eq(referral_set_overdue_days(db, 7, &err), SENDA_OK);
	ck_assert_int_eq(T_GET(int64_t, referral_overdue_count, db), 2);
	ck_assert_int_eq(referral_set_overdue_days(db, 0, &err), SENDA_E_RANGE);
}
END_TEST

struct elig { int n; char text[4][200]; int eligible[4]; };

static int
elig_fn(const program *g, const eligibility *e, void *ctx)
{
	struct elig *x = ctx;
	(void)g;
	if (x->n < 4) {
		eligibility_text(e, x->text[x->n], 200);
		x->eligible[x->n] = e->eligible;
	}
	x->n++;
	return 0;
}

static void
screen(int level)
{
	screening s;
	screening_init(&s);
	strcpy(s.participant_id, pid);
	xstrset(&s.instrument, "oral");
	strcpy(s.screened_on, "2026-11-02");
	s.level = level;
	senda_error err = { 0 };
	ck_assert_int_eq(screening_create(db, &s, &err), SENDA_OK);
	screening_free(&s);
}

START_TEST(eligibility_says_what_is_missing)
{
	struct elig x = { 0 };
	senda_error err = { 0 };
	ck_assert_int_eq(eligibility_list(db, pid, elig_fn, &x, &err), SENDA_OK);
	ck_assert_int_eq(x.n, 2);
	ck_assert_int_eq(x.eligible[0], 1);                    /* eligible first */
	ck_assert_str_eq(x.text[1], "needs level 5, not screened yet; needs a high-school diploma or GED");
	screen(4);
	memset(&x, 0, sizeof x);
	ck_assert_int_eq(eligibility_list(db, pid, elig_fn, &x, &err), SENDA_OK);
	ck_assert_str_eq(x.text[1], "needs level 5, has 4; needs a high-school diploma or GED");
	participant p;
	ck_assert_int_eq(participant_get(db, pid, &p, &err), SENDA_OK);
	participant_set(&p.schooling, "ged");
	ck_assert_int_eq(save_over(&p, &err), SENDA_OK);
	participant_free(&p);
	screen(5);
	memset(&x, 0, sizeof x);
	ck_assert_int_eq(eligibility_list(db, pid, elig_fn, &x, &err), SENDA_OK);
	ck_assert_int_eq(x.eligible[0] + x.eligible[1], 2);
	ck_assert_str_eq(x.text[0], "can enter now");
}
END_TEST

START_TEST(slip_in_participant_language_first)
{
	referral r;
	senda_error err = { 0 };
	ck_assert_int_eq(refer(nurse, "2026-11-25", &r), SENDA_OK);
	char *slip = referral_slip(db, r.id, &err);
	ck_assert_ptr_nonnull(slip);
	char *es = strstr(slip, "HOJA DE REFERIDO"), *en = strstr(slip, "REFERRAL SLIP");
	ck_assert_ptr_nonnull(es);
	ck_assert_ptr_nonnull(en);
	ck_assert(es < en);                                    /* Spanish speaker: Spanish first */
	ck_assert_ptr_nonnull(strstr(slip, "25 de noviembre de 2026"));
	ck_assert_ptr_nonnull(strstr(slip, "November 25, 2026"));
	ck_assert_ptr_nonnull(strstr(slip, "123 Main St, Springfield"));
	ck_assert_ptr_nonnull(strstr(slip, "Ms. Ortiz"));
	ck_assert_ptr_nonnull(strstr(slip, r.code));
	ck_assert_ptr_nonnull(strstr(slip, "Peña Ibáñez, Rosa María"));
	ck_assert_str_eq(i18n_lang(), "en");                   /* the interface is left as it was */
	free(slip);
	char other[UUID_LEN];
	make_person("en", "", other);
	strcpy(pid, other);
	ck_assert_int_eq(refer(esl, NULL, &r), SENDA_OK);
	slip = referral_slip(db, r.id, &err);
	ck_assert(strstr(slip, "REFERRAL SLIP") < strstr(slip, "HOJA DE REFERIDO"));
	free(slip);
}
END_TEST

static senda_err
place(int64_t wage, const char *start, const char *end, bool confirmed)
{
	placement p;
	placement_init(&p);
	strcpy(p.participant_id, pid);
	xstrset(&p.employer, "Sunrise Care Home");
	xstrset(&p.job_title, "Nurse aide");
	strcpy(p.start_date, start);
	strcpy(p.end_date, end);
	p.wage_cents = wage;
	p.hours_week = 40;
	p.benefits = 1;
	senda_error err = { 0 };
	senda_err e = placement_create(db, &p, confirmed, &err);
	placement_free(&p);
	return e;
}

START_TEST(placements_and_wage_change)
{
	ck_assert_int_eq(place(1500, "2026-11-15", "", false), SENDA_OK);
	double pct = 0;
	ck_assert(placement_wage_change(1200, 1500, &pct));
	ck_assert(fabs(pct - 25.0) < 1e-9);
	ck_assert(!placement_wage_change(-1, 1500, &pct));
	ck_assert(!placement_wage_change(0, 1500, &pct));
	ck_assert_int_eq(place(0, "2026-11-15", "", false), SENDA_E_CONFIRM);
	ck_assert_int_eq(place(1000000, "2026-11-15", "", false), SENDA_E_CONFIRM);   /* $10,000 */
	ck_assert_int_eq(place(1000001, "2026-11-15", "", true), SENDA_E_RANGE);
	ck_assert_int_eq(place(1500, "2026-11-15", "2026-11-01", false), SENDA_E_DATE_ORDER);
	ck_assert_int_eq(place(1500, "1980-01-01", "", false), SENDA_E_TOOOLD);
	ck_assert_int_eq(place(1500, "2026-02-30", "", false), SENDA_E_DATE_INVALID);
	ck_assert_int_eq(place(1500, "", "", false), SENDA_E_REQUIRED);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM placement", NULL), 1);
	ck_assert_int_eq(place(0, "2026-11-16", "", true), SENDA_OK);                 /* confirmed */
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM placement", NULL), 2);
}
END_TEST

START_TEST(money_parsing)
{
	ck_assert_int_eq(money_parse("15"), 1500);
	ck_assert_int_eq(money_parse("$15.5"), 1550);
	ck_assert_int_eq(money_parse("15,50"), 1550);
	ck_assert_int_eq(money_parse(" 0.99 "), 99);
	ck_assert_int_eq(money_parse("15.555"), -1);
	ck_assert_int_eq(money_parse("abc"), -1);
	ck_assert_int_eq(money_parse("-3"), -1);
	ck_assert_int_eq(money_parse(""), -1);
	/* Issue 8: one parser, so that these mean the same everywhere. */
	ck_assert_int_eq(money_parse(".5"), 50);
	ck_assert_int_eq(money_parse("15."), 1500);
	ck_assert_int_eq(money_parse("1,234.50"), 123450);
	ck_assert_int_eq(money_parse("$16"), 1600);
	ck_assert_int_eq(money_parse("$ 16 USD"), 1600);
	ck_assert_int_eq(money_parse("16 dólares"), 1600);
	ck_assert_int_eq(money_parse("1,23"), 123);          /* a decimal comma */
	ck_assert_int_eq(money_parse("1,2345"), -1);
	ck_assert_int_eq(money_parse("9999999.99"), 999999999);
	ck_assert_int_eq(money_parse("10000000"), -1);
	ck_assert_int_eq(money_parse("."), -1);
	ck_assert_int_eq(program_parse_cost("$1,500"), 150000);
	ck_assert_int_eq(program_parse_cost(".5"), 50);
	ck_assert_int_eq(program_parse_cost("gratis"), 0);
	char buf[32];
	ck_assert_str_eq(money_format(1550, buf, sizeof buf), "$15.50");
	ck_assert_str_eq(money_format(7, buf, sizeof buf), "$0.07");
}
END_TEST

/* Issue 7, item 9: a referral shares the person's name with the partner. */
START_TEST(referral_needs_consent_to_share)
{
	senda_error err = { 0 };
	ck_assert_int_eq(db_exec(db, &err, "UPDATE participant SET consent_share = 0,"
				 " consent_date = NULL WHERE id = ?", "t", pid), SENDA_OK);
	int before = (int)T_INT(db, "SELECT count(*) FROM referral", NULL);
	referral r;
	memset(&r, 0, sizeof r);
	strcpy(r.participant_id, pid);
	strcpy(r.program_id, esl);
	ck_assert_int_eq(referral_create(db, &r, NULL, 0, &err), SENDA_E_CONSENT);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM referral", NULL), before);
	ck_assert_int_eq(db_depth(db), 0);
	/* Asked, she agrees: the consent is recorded, dated, in her history. */
	ck_assert_int_eq(referral_create(db, &r, NULL, REFER_CONSENT_GIVEN, &err), SENDA_OK);
	participant p;
	ck_assert_int_eq(participant_get(db, pid, &p, &err), SENDA_OK);
	ck_assert_int_eq(p.consent_share, 1);
	ck_assert_str_eq(p.consent_date, "2026-11-30");
	participant_free(&p);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM change_log WHERE field = 'consent_share'"
				" AND new_value = '1' AND row_id = ?", "t", pid), 1);
}
END_TEST

START_TEST(open_referral_to_same_program_asks)
{
	senda_error err = { 0 };
	referral r, again;
	memset(&r, 0, sizeof r);
	strcpy(r.participant_id, pid);
	strcpy(r.program_id, esl);
	strcpy(r.referred_on, "2026-11-02");
	ck_assert_int_eq(referral_create(db, &r, NULL, 0, &err), SENDA_OK);
	memset(&again, 0, sizeof again);
	strcpy(again.participant_id, pid);
	strcpy(again.program_id, esl);
	ck_assert_int_eq(referral_create(db, &again, NULL, 0, &err), SENDA_E_CONFIRM);
	char want[128];
	snprintf(want, sizeof want, "already referred to this program (%s, November 2, 2026), and that referral is still open",
		 r.code);
	ck_assert_str_eq(err.detail, want);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM referral", NULL), 1);
	ck_assert_int_eq(referral_create(db, &again, NULL, REFER_AGAIN, &err), SENDA_OK);
	/* Once the first is closed, referring again needs no question. */
	ck_assert_int_eq(referral_set_status(db, r.id, "declined", NULL, NULL, NULL, false, &err), SENDA_OK);
	ck_assert_int_eq(referral_set_status(db, again.id, "declined", NULL, NULL, NULL, false, &err), SENDA_OK);
	memset(&again, 0, sizeof again);
	strcpy(again.participant_id, pid);
	strcpy(again.program_id, esl);
	ck_assert_int_eq(referral_create(db, &again, NULL, 0, &err), SENDA_OK);
}
END_TEST

int
main(void)
{
	i18n_init();
	Suite *s = suite_create("referral");
	TCase *tc = tcase_create("referral");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, referral_starts_referred_with_a_code);
	tcase_add_test(tc, status_loop_to_completed_with_credential);
	tcase_add_test(tc, history_tells_the_whole_path);
	tcase_add_test(tc, skipping_steps_asks_first);
	tcase_add_test(tc, status_bad_input);
	tcase_add_test(tc, overdue_after_quiet_days);
	tcase_add_test(tc, eligibility_says_what_is_missing);
	tcase_add_test(tc, slip_in_participant_language_first);
	tcase_add_test(tc, placements_and_wage_change);
	tcase_add_test(tc, money_parsing);
	tcase_add_test(tc, referral_needs_consent_to_share);
	tcase_add_test(tc, open_referral_to_same_program_asks);
	tcase_add_test(tc, referrals_made_together_have_their_own_codes);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
