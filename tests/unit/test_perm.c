/* senda — every role against every model operation (include/senda/perm.h):
 * the real model functions on an in-memory database, the acting user set
 * with db_set_actor. A refused call is SENDA_E_DENIED; an allowed one may
 * fail for its own reasons (an id that is not there, a file that is not
 * there), never with SENDA_E_DENIED. The table of what is allowed is
 * written out here, not read from src/model/perm.c, so that a change to
 * either shows. Then what ESL staff see of a person (no phone, e-mail or
 * wage), and the PIN login: the lock after 5 wrong PINs, its length
 * doubling, kept against a clock set back, and a disabled user. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "senda/db.h"
#include "senda/dedupe.h"
#include "senda/demo.h"
#include "senda/esl.h"
#include "senda/exchange.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/partner.h"
#include "senda/pcsv.h"
#include "senda/perm.h"
#include "senda/placement.h"
#include "senda/referral.h"
#include "senda/review.h"
#include "senda/site.h"
#include "senda/stats.h"
#include "senda/user.h"

static char tmpdir[256];

static void
must(senda_err e, const senda_error *err, const char *what)
{
	ck_assert_msg(e == SENDA_OK, "%s: error %d (%s)", what, (int)e, err ? err->detail : "");
}

/* The file: a site, Ana (coordinator) and one participant with a phone. */
struct fx {
	senda_db *db;
	char pid[UUID_LEN];
	char *out;   /* a file an export may write */
};

static struct fx
fixture(void)
{
	struct fx f = { 0 };
	senda_error err = { 0 };
	must(db_open(":memory:", DB_MEMORY, &f.db, &err), &err, "open");
	must(site_setup(f.db, "Centro", "Ana", "en", &err), &err, "setup");
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, "María");
	participant_set(&p.first_surname, "López");
	participant_set(&p.phone, "555-0101");
	participant_set(&p.email, "maria@example.org");
	p.wage_cents = 1500;
	must(participant_create(f.db, &p, &err), &err, "create");
	memcpy(f.pid, p.id, UUID_LEN);
	participant_free(&p);
	return f;
}

static int nothing(const void *x, void *ctx) { (void)x; (void)ctx; return 0; }
#define NOTHING(fn_t) ((fn_t)(void (*)(void))nothing)

static char *
out_path(void)
{
	static int n;
	char *p = xasprintf("%s/out-%d", tmpdir, n++);
	unlink(p);
	return p;
}

/* ---- the operations ----------------------------------------------------- */

static senda_err
op_participant_create(struct fx *f, senda_error *err)
{
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, "Rosa");
	participant_set(&p.first_surname, "Díaz");
	senda_err e = participant_create(f->db, &p, err);
	participant_free(&p);
	return e;
}

static senda_err
op_participant_update(struct fx *f, senda_error *err)
{
	participant base, p;
	participant_init(&base);
	participant_init(&p);
	/* The stored record as a coordinator reads it: the update is refused
	 * for what the actor is, not for what she could read. */
	int role = db_actor_role(f->db);
	char actor[UUID_LEN];
	snprintf(actor, sizeof actor, "%s", db_actor_id(f->db));
	db_set_actor(f->db, NULL, ROLE_COORDINATOR);
	senda_err e = participant_get(f->db, f->pid, &base, err);
	db_set_actor(f->db, actor, role);
	if (e == SENDA_OK) {
		participant_copy(&p, &base);
		participant_set(&p.best_time, "mornings");
		e = participant_update(f->db, &base, &p, NULL, err);
	}
	participant_free(&base);
	participant_free(&p);
	return e;
}

static senda_err
op_participant_get(struct fx *f, senda_error *err)
{
	participant p;
	participant_init(&p);
	senda_err e = participant_get(f->db, f->pid, &p, err);
	participant_free(&p);
	return e;
}

static senda_err
op_participant_list(struct fx *f, senda_error *err)
{
	return participant_list(f->db, 0, 10, NOTHING(participant_fn), NULL, err);
}

static senda_err
op_participant_search(struct fx *f, senda_error *err)
{
	return participant_search(f->db, "lopez", 10, NOTHING(participant_fn), NULL, err);
}

static senda_err
op_participant_history(struct fx *f, senda_error *err)
{
	return participant_history(f->db, f->pid, NOTHING(participant_change_fn), NULL, err);
}

static senda_err
op_screening_create(struct fx *f, senda_error *err)
{
	screening s;
	screening_init(&s);
	memcpy(s.participant_id, f->pid, UUID_LEN);
	s.instrument = xstrdup("casas_reading");
	s.score = 200;
	senda_err e = screening_create(f->db, &s, err);
	screening_free(&s);
	return e;
}

static senda_err
op_screening_list(struct fx *f, senda_error *err)
{
	return screening_list(f->db, f->pid, NOTHING(screening_fn), NULL, err);
}

static senda_err
op_eligibility_list(struct fx *f, senda_error *err)
{
	return eligibility_list(f->db, f->pid, NOTHING(eligibility_fn), NULL, err);
}

static senda_err
op_referral_create(struct fx *f, senda_error *err)
{
	referral r;
	memset(&r, 0, sizeof r);
	memcpy(r.participant_id, f->pid, UUID_LEN);
	snprintf(r.program_id, sizeof r.program_id, "nosuchprogram");
	return referral_create(f->db, &r, NULL, 0, err);
}

static senda_err
op_referral_list(struct fx *f, senda_error *err)
{
	return referral_list(f->db, f->pid, NOTHING(referral_fn), NULL, err);
}

static senda_err
op_referral_open_page(struct fx *f, senda_error *err)
{
	return referral_open_page(f->db, NULL, 10, NOTHING(referral_fn), NULL, err);
}

static senda_err
op_referral_set_status(struct fx *f, senda_error *err)
{
	return referral_set_status(f->db, "nosuchreferral", "contacted", NULL, NULL, NULL, true,
				   err);
}

static senda_err
op_placement_create(struct fx *f, senda_error *err)
{
	placement p;
	placement_init(&p);
	memcpy(p.participant_id, f->pid, UUID_LEN);
	p.employer = xstrdup("Hotel");
	snprintf(p.start_date, sizeof p.start_date, "2026-01-05");
	p.wage_cents = 1800;
	senda_err e = placement_create(f->db, &p, true, err);
	placement_free(&p);
	return e;
}

static senda_err
op_placement_list(struct fx *f, senda_error *err)
{
	return placement_list(f->db, f->pid, NOTHING(placement_fn), NULL, err);
}

static senda_err
op_partner_save(struct fx *f, senda_error *err)
{
	partner p;
	partner_init(&p);
	static int n;
	char *name = xasprintf("Partner %d", n++);
	xstrset(&p.name, name);
	free(name);
	senda_err e = partner_save(f->db, &p, err);
	partner_free(&p);
	return e;
}

static senda_err
op_partners_import(struct fx *f, senda_error *err)
{
	(void)f;
	partner_import_report rep;
	memset(&rep, 0, sizeof rep);
	return partners_import_csv(f->db, "/nonexistent/partners.csv", NULL, &rep, err);
}

static senda_err
op_partners_export(struct fx *f, senda_error *err)
{
	char *p = out_path();
	int rows = 0;
	senda_err e = partners_export_csv(f->db, p, NULL, 0, &rows, err);
	free(p);
	return e;
}

static senda_err
op_dedupe_candidates(struct fx *f, senda_error *err)
{
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, "Maria");
	participant_set(&p.first_surname, "Lopez");
	dedupe_match *m = NULL;
	size_t n = 0;
	senda_err e = dedupe_candidates(f->db, &p, 5, &m, &n, err);
	dedupe_matches_free(m, n);
	participant_free(&p);
	return e;
}

static senda_err
op_dedupe_scan(struct fx *f, senda_error *err)
{
	dedupe_pair *p = NULL;
	size_t n = 0;
	senda_err e = dedupe_scan(f->db, &p, &n, NULL, err);
	dedupe_pairs_free(p, n);
	return e;
}

static senda_err
op_dedupe_link(struct fx *f, senda_error *err)
{
	return dedupe_link(f->db, f->pid, "nosuchperson", err);
}

static int no_pending(const xc_pending *p, void *ctx) { (void)p; (void)ctx; return 0; }

static senda_err
op_review_list(struct fx *f, senda_error *err)
{
	return xc_review_list(f->db, no_pending, NULL, err);
}

static senda_err
op_conflict_keep(struct fx *f, senda_error *err)
{
	return xc_conflict_keep(f->db, "nosuchconflict", err);
}

static senda_err
op_export(struct fx *f, senda_error *err)
{
	xc_export_opts o = { 0 };
	char *p = out_path();
	o.out = p;
	o.full = true;
	xc_export_result res;
	senda_err e = xc_export(f->db, &o, &res, err);
	free(p);
	return e;
}

static senda_err
op_merge(struct fx *f, senda_error *err)
{
	const char *p = "/nonexistent/bundle";
	xc_report rep;
	xc_refusal why = XC_OK;
	size_t which = 0;
	return xc_merge(f->db, &p, 1, NULL, 0, NULL, NULL, &rep, &why, &which, err);
}

static senda_err
op_csv_export(struct fx *f, senda_error *err)
{
	pcsv_export_opts o = { 0 };
	char *p = out_path();
	o.table = PCSV_PARTICIPANTS;
	o.out = p;
	pcsv_export_report rep;
	senda_err e = pcsv_export(f->db, &o, &rep, err);
	free(p);
	return e;
}

static senda_err
op_csv_import(struct fx *f, senda_error *err)
{
	pcsv_import_opts o = { 0 };
	o.path = "/nonexistent/people.csv";
	pcsv_import_report rep;
	memset(&rep, 0, sizeof rep);
	senda_err e = pcsv_import(f->db, &o, &rep, err);
	pcsv_import_report_free(&rep);
	return e;
}

static senda_err
op_stats_home(struct fx *f, senda_error *err)
{
	struct home_stats s;
	sdate today = { 2026, 12, 1 };
	return stats_home(f->db, today, &s, err);
}

static senda_err
op_esl_retire(struct fx *f, senda_error *err)
{
	return esl_table_retire(f->db, "nosuchtable", true, err);
}

static senda_err
op_demo(struct fx *f, senda_error *err)
{
	return demo_generate(f->db, 1, 7, NULL, NULL, err);
}

static senda_err
op_user_add(struct fx *f, senda_error *err)
{
	/* Refused after the permission: Ana has no PIN (SENDA_E_STATE). */
	return user_add(f->db, "Bea", ROLE_ESL, "1234", NULL, err);
}

static int no_user(const senda_user *u, void *ctx) { (void)u; (void)ctx; return 0; }

static senda_err
op_user_list(struct fx *f, senda_error *err)
{
	return user_list(f->db, no_user, NULL, err);
}

/* The idle lock guards everyone's screen: a coordinator's setting (the
 * hub could switch it off for everyone). */
static senda_err
op_user_idle(struct fx *f, senda_error *err)
{
	return user_set_idle_seconds(f->db, 300, err);
}

static senda_err
op_user_role(struct fx *f, senda_error *err)
{
	return user_set_role(f->db, "Nobody", ROLE_HUB, err);
}

static senda_err
op_user_disable(struct fx *f, senda_error *err)
{
	return user_disable(f->db, "Nobody", err);
}

/* C coordinator, E ESL staff, V volunteer, H hub: who may. */
static const struct {
	const char *name;
	senda_err (*run)(struct fx *f, senda_error *err);
	const char *allowed;
} ops[] = {
	{ "participant_create", op_participant_create, "C" },
	{ "participant_update", op_participant_update, "C" },
	{ "participant_get", op_participant_get, "CEH" },
	{ "participant_list", op_participant_list, "CE" },
	{ "participant_search", op_participant_search, "CE" },
	{ "participant_history", op_participant_history, "CEH" },
	{ "screening_create", op_screening_create, "CE" },
	{ "screening_list", op_screening_list, "CE" },
	{ "eligibility_list", op_eligibility_list, "CE" },
	{ "referral_create", op_referral_create, "C" },
	{ "referral_list", op_referral_list, "C" },
	{ "referral_open_page", op_referral_open_page, "C" },
	{ "referral_set_status", op_referral_set_status, "C" },
	{ "placement_create", op_placement_create, "C" },
	{ "placement_list", op_placement_list, "C" },
	{ "partner_save", op_partner_save, "C" },
	{ "partners_import_csv", op_partners_import, "C" },
	{ "partners_export_csv", op_partners_export, "CH" },
	{ "dedupe_candidates", op_dedupe_candidates, "CH" },
	{ "dedupe_scan", op_dedupe_scan, "CH" },
	{ "dedupe_link", op_dedupe_link, "CH" },
	{ "xc_review_list", op_review_list, "CH" },
	{ "xc_conflict_keep", op_conflict_keep, "CH" },
	{ "xc_export", op_export, "CH" },
	{ "xc_merge", op_merge, "CH" },
	{ "pcsv_export", op_csv_export, "CH" },
	{ "pcsv_import", op_csv_import, "C" },
	{ "stats_home", op_stats_home, "CH" },
	{ "esl_table_retire", op_esl_retire, "CH" },
	{ "demo_generate", op_demo, "C" },
	{ "user_add", op_user_add, "C" },
	{ "user_list", op_user_list, "C" },
	{ "user_set_role", op_user_role, "C" },
	{ "user_disable", op_user_disable, "C" },
	{ "user_set_idle_seconds", op_user_idle, "C" },
};

static const char role_letter[ROLE__COUNT] = {
	[ROLE_COORDINATOR] = 'C', [ROLE_ESL] = 'E', [ROLE_VOLUNTEER] = 'V', [ROLE_HUB] = 'H',
};

START_TEST(every_role_against_every_operation)
{
	struct fx f = fixture();
	int checked = 0;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		for (int r = 0; r < ROLE__COUNT; r++) {
			db_set_actor(f.db, NULL, r);
			senda_error err = { 0 };
			senda_err e = ops[i].run(&f, &err);
			bool allowed = strchr(ops[i].allowed, role_letter[r]) != NULL;
			if (allowed)
				ck_assert_msg(e != SENDA_E_DENIED, "%s as %s: refused (%s)",
					      ops[i].name, role_name(r), err.detail);
			else
				ck_assert_msg(e == SENDA_E_DENIED, "%s as %s: not refused (%d)",
					      ops[i].name, role_name(r), (int)e);
			checked++;
		}
	ck_assert_int_eq(checked, (int)(sizeof ops / sizeof ops[0]) * ROLE__COUNT);
	db_close(f.db);
}
END_TEST

START_TEST(a_volunteer_searching_people_is_refused)
{
	struct fx f = fixture();
	db_set_actor(f.db, NULL, ROLE_VOLUNTEER);
	senda_error err = { 0 };
	int called = 0;
	ck_assert_int_eq(participant_search(f.db, "lopez", 10,
					    NOTHING(participant_fn), &called, &err),
			 SENDA_E_DENIED);
	ck_assert_int_eq(err.code, SENDA_E_DENIED);
	ck_assert_msg(strstr(err.detail, "volunteer") != NULL, "%s", err.detail);
	db_close(f.db);
}
END_TEST

static int
keep_first(const participant *p, void *ctx)
{
	participant_copy(ctx, p);
	return 1;
}

START_TEST(esl_staff_see_no_phone_email_or_wage)
{
	struct fx f = fixture();
	senda_error err = { 0 };
	participant p;
	participant_init(&p);
	must(participant_get(f.db, f.pid, &p, &err), &err, "get as coordinator");
	ck_assert_str_eq(p.phone, "555-0101");
	ck_assert_int_eq(p.wage_cents, 1500);
	participant_free(&p);

	db_set_actor(f.db, NULL, ROLE_ESL);
	participant_init(&p);
	must(participant_get(f.db, f.pid, &p, &err), &err, "get as ESL");
	ck_assert_str_eq(p.given_names, "María");   /* the name she needs */
	ck_assert_str_eq(p.phone, "");
	ck_assert_str_eq(p.email, "");
	ck_assert_int_eq(p.wage_cents, -1);
	participant_free(&p);
	participant_init(&p);
	must(participant_search(f.db, "lopez", 10, keep_first, &p, &err), &err, "search");
	ck_assert_str_eq(p.first_surname, "López");
	ck_assert_str_eq(p.phone, "");
	participant_free(&p);
	db_close(f.db);
}
END_TEST

/* ---- the login ----------------------------------------------------------- */

static struct fx
with_users(void)
{
	struct fx f = fixture();
	senda_error err = { 0 };
	must(user_set_pin(f.db, "Ana", "1234", &err), &err, "Ana's PIN");
	must(user_add(f.db, "Bea", ROLE_ESL, "5678", NULL, &err), &err, "add Bea");
	return f;
}

START_TEST(five_wrong_pins_lock_the_name_and_a_clock_set_back_keeps_it)
{
	setenv("SENDA_NOW", "2026-12-01T10:00:00Z", 1);
	struct fx f = with_users();
	senda_error err = { 0 };
	bool needed = false;
	must(user_login_needed(f.db, &needed, &err), &err, "needed");
	ck_assert(needed);
	for (int i = 0; i < USER_LOCK_TRIES; i++)
		ck_assert_int_eq(user_login(f.db, "bea", "0000", NULL, &err), SENDA_E_LOGIN);
	ck_assert_msg(strstr(err.detail, "locked for 1 minute") != NULL, "%s", err.detail);
	/* The right PIN does not open a locked name. */
	ck_assert_int_eq(user_login(f.db, "Bea", "5678", NULL, &err), SENDA_E_LOGIN);
	ck_assert_msg(strstr(err.detail, "is locked") != NULL, "%s", err.detail);
	/* A clock set back a day keeps the lock. */
	setenv("SENDA_NOW", "2026-11-30T10:00:00Z", 1);
	ck_assert_int_eq(user_login(f.db, "Bea", "5678", NULL, &err), SENDA_E_LOGIN);
	ck_assert_msg(strstr(err.detail, "is locked") != NULL, "%s", err.detail);
	/* A minute after the last try: open again; 5 more wrong lock it for 2. */
	setenv("SENDA_NOW", "2026-12-01T10:01:01Z", 1);
	for (int i = 0; i < USER_LOCK_TRIES; i++)
		ck_assert_int_eq(user_login(f.db, "Bea", "0000", NULL, &err), SENDA_E_LOGIN);
	ck_assert_msg(strstr(err.detail, "locked for 2 minutes") != NULL, "%s", err.detail);
	setenv("SENDA_NOW", "2026-12-01T10:03:02Z", 1);
	senda_user u;
	must(user_login(f.db, "Bea", "5678", &u, &err), &err, "right PIN after the lock");
	ck_assert_int_eq(db_actor_role(f.db), ROLE_ESL);
	ck_assert_str_eq(db_actor_id(f.db), u.id);
	user_free(&u);
	unsetenv("SENDA_NOW");
	db_close(f.db);
}
END_TEST

START_TEST(bad_pins_and_a_disabled_user)
{
	struct fx f = with_users();
	senda_error err = { 0 };
	ck_assert_int_eq(user_login(f.db, "Bea", "12ab", NULL, &err), SENDA_E_NUMBER);
	char pin[101];
	memset(pin, '7', 100);
	pin[100] = '\0';
	ck_assert_int_eq(user_login(f.db, "Bea", pin, NULL, &err), SENDA_E_RANGE);
	ck_assert_msg(strstr(err.detail, "100") != NULL, "%s", err.detail);
	ck_assert_int_eq(user_login(f.db, "Nadie", "1234", NULL, &err), SENDA_E_LOGIN);
	/* Ana (coordinator, acting) disables Bea: her right PIN no longer opens. */
	db_set_actor(f.db, NULL, ROLE_COORDINATOR);
	must(user_disable(f.db, "Bea", &err), &err, "disable");
	ck_assert_int_eq(user_login(f.db, "Bea", "5678", NULL, &err), SENDA_E_LOGIN);
	ck_assert_msg(strstr(err.detail, "disabled") != NULL, "%s", err.detail);
	/* Nor can the last coordinator be made something else. */
	ck_assert_int_eq(user_set_role(f.db, "Ana", ROLE_HUB, &err), SENDA_E_STATE);
	db_close(f.db);
}
END_TEST

int
main(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(tmpdir, sizeof tmpdir, "%s/senda-perm-XXXXXX", base);
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		return 99;
	}
	i18n_set_lang("en");
	Suite *s = suite_create("perm");
	TCase *tc = tcase_create("perm");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_role_against_every_operation);
	tcase_add_test(tc, a_volunteer_searching_people_is_refused);
	tcase_add_test(tc, esl_staff_see_no_phone_email_or_wage);
	tcase_add_test(tc, five_wrong_pins_lock_the_name_and_a_clock_set_back_keeps_it);
	tcase_add_test(tc, bad_pins_and_a_disabled_user);
	suite_add_tcase(s, tc);
	int r = run_suite_tap(s);
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0) {
		/* a leftover temporary folder is not a failed test */
	}
	free(cmd);
	return r;
}
