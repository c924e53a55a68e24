/* senda — unit tests of the kinds of record (senda/record.h): the one
 * three-way update through the field table, for organizations, programs
 * and participants; and the field tables of programs, placements,
 * screenings and referrals (in memory). */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "dbq.h"
#include "senda/db.h"
#include "senda/esl.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/partner.h"
#include "senda/placement.h"
#include "senda/record.h"
#include "senda/referral.h"
#include "senda/site.h"
#include "model/record_sql.h"

static senda_db *db;

static void
setup(void)
{
	senda_error err = { 0 };
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
	i18n_set_lang("en");
	ck_assert_int_eq(db_open(NULL, DB_MEMORY, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Centro", "Ana", "en", &err), SENDA_OK);
}

static void
teardown(void)
{
	db_close(db);
}

static const field_desc *
fld(const record_kind *k, const char *key)
{
	const field_desc *f = field_find(k->fields, k->nfields, key);
	ck_assert_ptr_nonnull(f);
	return f;
}

/* Type into a field of rec what a person would (a form, an option). */
static senda_err
type(const record_kind *k, void *rec, const char *key, const char *typed)
{
	senda_error err = { 0 };
	return field_parse(fld(k, key), rec, typed, &err);
}

/* Type, then check the field as the model does: the first problem. */
static senda_err
type_check(const record_kind *k, void *rec, const char *key, const char *typed)
{
	senda_error err = { 0 };
	senda_err e = field_parse(fld(k, key), rec, typed, &err);
	if (e == SENDA_OK)
		e = field_check(fld(k, key), rec, &err);
	if (e != SENDA_OK)
		ck_assert_str_eq(err.key, key);   /* the form shows it beside the field */
	return e;
}

static char partner_id[UUID_LEN];

static void
make_partner(void)
{
	senda_error err = { 0 };
	partner p;
	partner_init(&p);
	xstrset(&p.name, "Yakima Valley College");
	xstrset(&p.kind, "college");
	ck_assert_int_eq(partner_save(db, &p, &err), SENDA_OK);
	snprintf(partner_id, sizeof partner_id, "%s", p.id);
	partner_free(&p);
}

/* ---- the three-way update, through record_update -------------------------- */

START_TEST(partner_update_through_the_kind)
{
	senda_error err = { 0 };
	const record_kind *k = &partner_kind;
	make_partner();
	partner base, other, mine, back;
	ck_assert_int_eq(partner_get(db, partner_id, &base, &err), SENDA_OK);    /* the form */
	ck_assert_int_eq(partner_get(db, partner_id, &other, &err), SENDA_OK);   /* another writer */
	xstrset(&other.city, "Wapato");
	xstrset(&other.phone, "509-555-0142");
	ck_assert_int_eq(partner_save(db, &other, &err), SENDA_OK);
	k->copy(&mine, &base);
	xstrset(&mine.city, "Toppenish");
	xstrset(&mine.notes, "Open on Saturdays");
	record_conflict c;
	ck_assert_int_eq(record_update(db, k, &base, &mine, &c, &err), SENDA_E_CONFLICT);
	ck_assert_int_eq(c.n, 1);
	ck_assert_str_eq(c.cols[0], "city");
	ck_assert_str_eq(err.field, "City");
	ck_assert_str_eq(((partner *)c.current)->city, "Wapato");
	ck_assert_int_eq(partner_get(db, partner_id, &back, &err), SENDA_OK);
	ck_assert_str_eq(back.notes, "");                                /* nothing written */
	partner_free(&back);
	/* Keep mine: the stored record becomes the base; the phone stays theirs. */
	partner newbase;
	k->copy(&newbase, c.current);
	record_rebase(k, &mine, &base, c.current, NULL, 0);
	ck_assert_str_eq(mine.phone, "509-555-0142");
	ck_assert_str_eq(mine.city, "Toppenish");
	record_conflict_free(k, &c);
	ck_assert_ptr_null(c.current);
	ck_assert_int_eq(record_update(db, k, &newbase, &mine, NULL, &err), SENDA_OK);
	ck_assert_int_eq(partner_get(db, partner_id, &back, &err), SENDA_OK);
	ck_assert_str_eq(back.city, "Toppenish");
	ck_assert_str_eq(back.phone, "509-555-0142");
	ck_assert_str_eq(back.notes, "Open on Saturdays");
	partner_free(&back);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM change_log WHERE tbl = 'partner'"
			       " AND field = 'city'", NULL), 2);
	partner_free(&newbase);
	partner_free(&mine);
	partner_free(&other);
	partner_free(&base);
}
END_TEST

START_TEST(program_update_through_the_kind)
{
	senda_error err = { 0 };
	const record_kind *k = &program_kind;
	make_partner();
	program g;
	program_init(&g);
	snprintf(g.partner_id, sizeof g.partner_id, "%s", partner_id);
	xstrset(&g.name, "Nurse Aide I");
	ck_assert_int_eq(type(k, &g, "cost_cents", "$450"), SENDA_OK);
	ck_assert_int_eq(program_save(db, &g, &err), SENDA_OK);
	program base, other, mine, back;
	ck_assert_int_eq(program_get(db, g.id, &base, &err), SENDA_OK);
	ck_assert_int_eq(program_get(db, g.id, &other, &err), SENDA_OK);
	other.cost_cents = 0;                              /* a grant made it free */
	xstrset(&other.schedule, "Mon-Thu 6-9pm");
	ck_assert_int_eq(program_save(db, &other, &err), SENDA_OK);
	k->copy(&mine, &base);
	ck_assert_int_eq(type(k, &mine, "min_esl_level", "4"), SENDA_OK);
	ck_assert_int_eq(type(k, &mine, "needs_diploma", "yes"), SENDA_OK);
	ck_assert_int_eq(type(k, &mine, "cost_cents", "500"), SENDA_OK);
	record_conflict c;
	ck_assert_int_eq(record_update(db, k, &base, &mine, &c, &err), SENDA_E_CONFLICT);
	ck_assert_int_eq(c.n, 1);
	ck_assert_str_eq(c.cols[0], "cost_cents");
	ck_assert_int_eq(((program *)c.current)->cost_cents, 0);
	/* Take theirs for the cost: the level and the diploma stay mine. */
	const char *theirs[] = { "cost_cents" };
	record_rebase(k, &mine, &base, c.current, theirs, 1);
	ck_assert_int_eq(record_update(db, k, c.current, &mine, NULL, &err), SENDA_OK);
	record_conflict_free(k, &c);
	ck_assert_int_eq(program_get(db, g.id, &back, &err), SENDA_OK);
	ck_assert_int_eq(back.cost_cents, 0);
	ck_assert_int_eq(back.min_esl_level, 4);
	ck_assert_int_eq(back.needs_diploma, 1);
	ck_assert_str_eq(back.schedule, "Mon-Thu 6-9pm");
	ck_assert_str_eq(back.partner_name, "Yakima Valley College");
	program_free(&back);
	/* On success the record holds what is stored. */
	ck_assert_int_eq(mine.cost_cents, 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM change_log WHERE tbl = 'program'"
			       " AND field = 'min_esl_level' AND new_value = '4'", NULL), 1);
	program_free(&mine);
	program_free(&other);
	program_free(&base);
	program_free(&g);
}
END_TEST

START_TEST(participant_update_through_the_kind)
{
	senda_error err = { 0 };
	const record_kind *k = &participant_kind;
	participant p, base, other, mine, back;
	participant_init(&p);
	participant_set(&p.given_names, "Ana");
	participant_set(&p.first_surname, "Ruiz");
	ck_assert_int_eq(participant_create(db, &p, &err), SENDA_OK);
	ck_assert_int_eq(participant_get(db, p.id, &base, &err), SENDA_OK);
	ck_assert_int_eq(participant_get(db, p.id, &other, &err), SENDA_OK);
	participant_copy(&mine, &base);
	ck_assert_int_eq(type(k, &other, "phone", "509-555-0100"), SENDA_OK);
	ck_assert_int_eq(record_update(db, k, &base, &other, NULL, &err), SENDA_OK);
	ck_assert_int_eq(type(k, &mine, "phone", "509-555-0199"), SENDA_OK);
	ck_assert_int_eq(type(k, &mine, "wage_cents", "15."), SENDA_OK);
	record_conflict c;
	ck_assert_int_eq(record_update(db, k, &base, &mine, &c, &err), SENDA_E_CONFLICT);
	ck_assert_int_eq(c.n, 1);
	ck_assert_str_eq(c.cols[0], "phone");
	record_rebase(k, &mine, &base, c.current, NULL, 0);   /* keep mine */
	ck_assert_int_eq(record_update(db, k, c.current, &mine, NULL, &err), SENDA_OK);
	record_conflict_free(k, &c);
	ck_assert_int_eq(participant_get(db, p.id, &back, &err), SENDA_OK);
	ck_assert_str_eq(back.phone, "509-555-0199");
	ck_assert_int_eq(back.wage_cents, 1500);
	ck_assert_str_eq(back.updated_by, db_user_id(db));
	participant_free(&back);
	/* A field left alone is no change: nothing logged, nothing written. */
	int64_t before = T_INT(db, "SELECT count(*) FROM change_log", NULL);
	participant same;
	participant_copy(&same, &mine);
	ck_assert_int_eq(record_update(db, k, &mine, &same, NULL, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM change_log", NULL), before);
	participant_free(&same);
	participant_free(&mine);
	participant_free(&other);
	participant_free(&base);
	participant_free(&p);
}
END_TEST

/* ---- the tables ------------------------------------------------------------ */

/* One money parser: the program's cost and the placement's wage read the
 * same amounts the same way; only the cost takes "free". */
START_TEST(money_the_same_in_cost_and_wage)
{
	static const struct { const char *typed; int64_t cents; } amounts[] = {
		{ ".5", 50 }, { "15.", 1500 }, { "1,234.50", 123450 }, { "$16", 1600 },
		{ "15,50", 1550 }, { "", -1 },
	};
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		program g;
		placement j;
		program_init(&g);
		placement_init(&j);
		ck_assert_int_eq(type(&program_kind, &g, "cost_cents", amounts[i].typed), SENDA_OK);
		ck_assert_int_eq(type(&placement_kind, &j, "wage_cents", amounts[i].typed), SENDA_OK);
		ck_assert_int_eq(g.cost_cents, amounts[i].cents);
		ck_assert_int_eq(j.wage_cents, amounts[i].cents);
		program_free(&g);
		placement_free(&j);
	}
	static const char *const free_words[] = { "free", "Free", "gratis", "GRATIS", "gratuito" };
	for (size_t i = 0; i < sizeof free_words / sizeof free_words[0]; i++) {
		program g;
		placement j;
		program_init(&g);
		placement_init(&j);
		ck_assert_int_eq(type(&program_kind, &g, "cost_cents", free_words[i]), SENDA_OK);
		ck_assert_int_eq(g.cost_cents, 0);
		ck_assert_int_eq(type(&placement_kind, &j, "wage_cents", free_words[i]), SENDA_E_NUMBER);
		program_free(&g);
		placement_free(&j);
	}
	/* The CSV import's parser is the same one. */
	ck_assert_int_eq(program_parse_cost("gratis"), 0);
	ck_assert_int_eq(program_parse_cost("$1,500"), 150000);
	ck_assert_int_eq(program_parse_cost(""), -1);
	ck_assert_int_eq(program_parse_cost("a lot"), -2);
	ck_assert_int_eq(type(&program_kind, &(program){ 0 }, "cost_cents", "a lot"), SENDA_E_NUMBER);
}
END_TEST

START_TEST(program_table_limits)
{
	const record_kind *k = &program_kind;
	senda_error err = { 0 };
	program g;
	program_init(&g);
	ck_assert_int_eq(g.min_esl_level, 0);             /* no minimum */
	ck_assert_int_eq(g.needs_diploma, 0);
	ck_assert_int_eq(g.cost_cents, -1);               /* not known */
	/* The minimum level is a choice: none, or 1 to 6, by code or label. */
	ck_assert_int_eq(type_check(k, &g, "min_esl_level", "3"), SENDA_OK);
	ck_assert_int_eq(g.min_esl_level, 3);
	ck_assert_int_eq(type_check(k, &g, "min_esl_level", "none"), SENDA_OK);
	ck_assert_int_eq(g.min_esl_level, 0);
	ck_assert_int_eq(type_check(k, &g, "min_esl_level", "3"), SENDA_OK);
	ck_assert_int_eq(type_check(k, &g, "min_esl_level", ""), SENDA_OK);
	ck_assert_int_eq(g.min_esl_level, 0);
	ck_assert_int_eq(type_check(k, &g, "min_esl_level", "7"), SENDA_E_CHOICE);
	char *shown = field_shown(fld(k, "min_esl_level"), "4");
	ck_assert_str_eq(shown, "4");
	free(shown);
	g.min_esl_level = 7;
	ck_assert_int_eq(field_check(fld(k, "min_esl_level"), &g, &err), SENDA_E_RANGE);
	g.min_esl_level = 0;
	ck_assert_int_eq(type_check(k, &g, "needs_diploma", "sí"), SENDA_OK);
	ck_assert_int_eq(g.needs_diploma, 1);
	ck_assert_int_eq(type_check(k, &g, "needs_diploma", "maybe"), SENDA_E_CHOICE);
	/* The cost: at most $1,000,000. */
	ck_assert_int_eq(type_check(k, &g, "cost_cents", "1,000,000"), SENDA_OK);
	ck_assert_int_eq(type_check(k, &g, "cost_cents", "1,000,000.01"), SENDA_E_RANGE);
	ck_assert_int_eq(type_check(k, &g, "cost_cents", "0"), SENDA_OK);
	/* The name: required, at most 120 characters. */
	ck_assert_int_eq(type_check(k, &g, "name", "  "), SENDA_E_REQUIRED);
	char long_name[122];
	memset(long_name, 'n', 121);
	long_name[121] = '\0';
	ck_assert_int_eq(type_check(k, &g, "name", long_name), SENDA_E_TOOLONG);
	long_name[120] = '\0';
	ck_assert_int_eq(type_check(k, &g, "name", long_name), SENDA_OK);
	/* A kind by its name in either language, or "other" when none. */
	xstrset(&g.kind, "");
	ck_assert_int_eq(program_validate(&g, &err), SENDA_OK);
	ck_assert_str_eq(g.kind, "other");
	ck_assert_int_eq(type_check(k, &g, "kind", "GED"), SENDA_OK);
	ck_assert_str_eq(g.kind, "ged");
	program_free(&g);
	/* Level 0 and an unknown cost are stored as NULL, and read back so. */
	make_partner();
	program_init(&g);
	snprintf(g.partner_id, sizeof g.partner_id, "%s", partner_id);
	xstrset(&g.name, "ESL nights");
	ck_assert_int_eq(program_save(db, &g, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM program WHERE min_esl_level IS NULL"
			       " AND cost_cents IS NULL AND needs_diploma = 0", NULL), 1);
	program back;
	ck_assert_int_eq(program_get(db, g.id, &back, &err), SENDA_OK);
	ck_assert_int_eq(back.min_esl_level, 0);
	ck_assert_int_eq(back.cost_cents, -1);
	program_free(&back);
	program_free(&g);
}
END_TEST

START_TEST(placement_table_limits)
{
	const record_kind *k = &placement_kind;
	senda_error err = { 0 };
	placement j;
	placement_init(&j);
	ck_assert_int_eq(type_check(k, &j, "employer", ""), SENDA_E_REQUIRED);
	char name[122];
	memset(name, 'e', 121);
	name[121] = '\0';
	ck_assert_int_eq(type_check(k, &j, "employer", name), SENDA_E_TOOLONG);
	ck_assert_int_eq(type_check(k, &j, "employer", "Sunrise Care Home"), SENDA_OK);
	ck_assert_int_eq(type_check(k, &j, "start_date", ""), SENDA_E_REQUIRED);
	ck_assert_int_eq(type_check(k, &j, "start_date", "11/28/2026"), SENDA_OK);
	ck_assert_str_eq(j.start_date, "2026-11-28");
	ck_assert_int_eq(type_check(k, &j, "wage_cents", ""), SENDA_E_REQUIRED);
	ck_assert_int_eq(type_check(k, &j, "wage_cents", "10,000"), SENDA_OK);   /* $10,000 */
	ck_assert_int_eq(type_check(k, &j, "wage_cents", "10,000.01"), SENDA_E_RANGE);
	ck_assert_int_eq(type_check(k, &j, "wage_cents", "$16"), SENDA_OK);
	ck_assert_int_eq(type_check(k, &j, "hours_week", "100"), SENDA_OK);
	ck_assert_int_eq(type_check(k, &j, "hours_week", "101"), SENDA_E_RANGE);
	ck_assert_int_eq(type_check(k, &j, "hours_week", "forty"), SENDA_E_NUMBER);
	ck_assert_int_eq(type_check(k, &j, "hours_week", ""), SENDA_OK);
	ck_assert_int_eq(j.hours_week, -1);
	ck_assert_int_eq(type_check(k, &j, "benefits", "no"), SENDA_OK);
	ck_assert_int_eq(j.benefits, 0);
	ck_assert_int_eq(type_check(k, &j, "benefits", ""), SENDA_OK);
	ck_assert_int_eq(j.benefits, -1);                 /* not given */
	ck_assert_int_eq(k->validate(&j, &err), SENDA_OK);
	/* A job is changed through the kind (its start may move: senda
	 * edit-job, J on the record); one that is not in the file is not
	 * found. */
	ck_assert_int_eq(record_update(db, k, &j, &j, NULL, &err), SENDA_E_NOTFOUND);
	/* Made and read back through the table: not given stays not given. */
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, "Rosa");
	participant_set(&p.first_surname, "Peña");
	ck_assert_int_eq(participant_create(db, &p, &err), SENDA_OK);
	snprintf(j.participant_id, sizeof j.participant_id, "%s", p.id);
	ck_assert_int_eq(placement_create(db, &j, false, &err), SENDA_OK);
	placement back;
	ck_assert_int_eq(placement_get(db, j.id, &back, &err), SENDA_OK);
	ck_assert_str_eq(back.employer, "Sunrise Care Home");
	ck_assert_int_eq(back.wage_cents, 1600);
	ck_assert_int_eq(back.hours_week, -1);
	ck_assert_int_eq(back.benefits, -1);
	ck_assert_str_eq(back.end_date, "");
	placement_free(&back);
	/* Above $10,000 an hour is refused even when confirmed. */
	j.wage_cents = 1000001;
	ck_assert_int_eq(placement_create(db, &j, true, &err), SENDA_E_RANGE);
	ck_assert_str_eq(err.key, "wage_cents");
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM placement", NULL), 1);
	placement_free(&j);
	participant_free(&p);
}
END_TEST

START_TEST(screening_table_limits)
{
	const record_kind *k = &screening_kind;
	screening s;
	screening_init(&s);
	ck_assert_int_eq(type_check(k, &s, "instrument", ""), SENDA_E_REQUIRED);
	ck_assert_int_eq(type_check(k, &s, "instrument", "toefl"), SENDA_E_CHOICE);
	ck_assert_int_eq(type_check(k, &s, "instrument", "Oral interview"), SENDA_OK);
	ck_assert_str_eq(s.instrument, "oral");
	ck_assert_int_eq(type_check(k, &s, "instrument", "casas"), SENDA_OK);
	ck_assert_int_eq(type_check(k, &s, "score", "205"), SENDA_OK);
	ck_assert_int_eq(s.score, 205);
	ck_assert_int_eq(type_check(k, &s, "score", "20x"), SENDA_E_NUMBER);
	ck_assert_int_eq(type_check(k, &s, "score", "10000"), SENDA_E_RANGE);
	ck_assert_int_eq(type_check(k, &s, "level", "6"), SENDA_OK);
	ck_assert_int_eq(s.level, 6);
	ck_assert_int_eq(type_check(k, &s, "level", "0"), SENDA_E_CHOICE);
	ck_assert_int_eq(type_check(k, &s, "level", "7"), SENDA_E_CHOICE);
	ck_assert_int_eq(type_check(k, &s, "screened_on", ""), SENDA_E_REQUIRED);
	ck_assert_int_eq(type_check(k, &s, "screened_on", "2026-02-30"), SENDA_E_DATE_INVALID);
	char who[82];
	memset(who, 'w', 81);
	who[81] = '\0';
	ck_assert_int_eq(type_check(k, &s, "screener", who), SENDA_E_TOOLONG);
	screening_free(&s);
}
END_TEST

/* The referral's texts are held inline: what does not fit is refused, never
 * cut, and what was there stays. */
START_TEST(referral_tables_refuse_not_cut)
{
	const record_kind *k = &referral_kind, *ks = &referral_status_kind;
	referral r;
	k->init(&r);
	ck_assert_int_eq(type_check(k, &r, "note", "Call after 5pm"), SENDA_OK);
	/* 501 letters of 4 bytes: more bytes than the note holds. */
	size_t n = 501 * 4;
	char *big = xmalloc(n + 1);
	for (size_t i = 0; i < n; i += 4)
		memcpy(big + i, "\xf0\x9f\x98\x80", 4);   /* U+1F600 */
	big[n] = '\0';
	ck_assert_int_eq(type_check(k, &r, "note", big), SENDA_E_TOOLONG);
	ck_assert_str_eq(r.note, "Call after 5pm");
	/* 501 letters of 1 byte fit the bytes but not the limit. */
	memset(big, 'x', 501);
	big[501] = '\0';
	ck_assert_int_eq(type_check(k, &r, "note", big), SENDA_E_TOOLONG);
	big[500] = '\0';
	ck_assert_int_eq(type_check(k, &r, "note", big), SENDA_OK);
	ck_assert_uint_eq(strlen(r.note), 500);
	free(big);
	ck_assert_int_eq(type_check(k, &r, "referred_on", ""), SENDA_E_REQUIRED);
	ck_assert_int_eq(type_check(k, &r, "referred_on", "11/02/2026"), SENDA_OK);
	ck_assert_str_eq(r.referred_on, "2026-11-02");
	ck_assert_int_eq(type_check(ks, &r, "status", "did not show"), SENDA_OK);
	ck_assert_str_eq(r.status, "no_show");
	ck_assert_int_eq(type_check(ks, &r, "status", "lost"), SENDA_E_CHOICE);
	ck_assert_int_eq(type_check(ks, &r, "status", ""), SENDA_E_REQUIRED);
	char cred[122];
	memset(cred, 'c', 121);
	cred[121] = '\0';
	ck_assert_int_eq(type_check(ks, &r, "credential", cred), SENDA_E_TOOLONG);
	ck_assert_int_eq(type_check(ks, &r, "credential", "Nurse Aide I"), SENDA_OK);
	ck_assert_int_eq(type_check(ks, &r, "credential", "bad\xff"), SENDA_E_UTF8);
	ck_assert_str_eq(r.credential, "Nurse Aide I");
}
END_TEST

/* Every table: keys unique, labels and both CSV headers given, every
 * field travels. */
START_TEST(tables_are_complete)
{
	const record_kind *kinds[] = {
		&participant_kind, &partner_kind, &program_kind, &placement_kind, &screening_kind,
		&referral_kind, &referral_status_kind,
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const record_kind *k = kinds[i];
		ck_assert_uint_le(k->nfields, RECORD_MAX_FIELDS);
		for (size_t j = 0; j < k->nfields; j++) {
			const field_desc *f = &k->fields[j];
			ck_assert_ptr_nonnull(f->label);
			ck_assert_ptr_eq(field_find(k->fields, k->nfields, f->key), f);
			if (k != &partner_kind || strcmp(f->key, "notes") != 0) {
				ck_assert_msg(f->csv_en && f->csv_es, "%s.%s: CSV headers", k->table,
					      f->key);
			}
			ck_assert_int_eq(f->travel, FT_LWW);
		}
	}
}
END_TEST

/* Column names go into SQL as text (they cannot be bound): a key that is
 * not a plain identifier stops the program before any statement holds it. */
START_TEST(a_key_that_is_not_a_column_name_stops)
{
	static const field_desc bad[] = {
		{ "name; DROP TABLE partner", "Name", FK_TEXT, 0, 10, false, NULL, NULL, NULL,
		  NULL, FT_LWW, 0 },
	};
	free(record_col_list(bad, 1, NULL));
}
END_TEST

START_TEST(plain_keys_make_the_lists)
{
	char *cols = record_col_list(partner_fields, partner_nfields, "o.");
	ck_assert_ptr_nonnull(strstr(cols, "o.name, o.kind"));
	free(cols);
	char *set = record_set_list(program_fields, program_nfields, 3);
	ck_assert_ptr_nonnull(strstr(set, "name = ?3"));
	free(set);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("record");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, partner_update_through_the_kind);
	tcase_add_test(tc, program_update_through_the_kind);
	tcase_add_test(tc, participant_update_through_the_kind);
	tcase_add_test(tc, money_the_same_in_cost_and_wage);
	tcase_add_test(tc, program_table_limits);
	tcase_add_test(tc, placement_table_limits);
	tcase_add_test(tc, screening_table_limits);
	tcase_add_test(tc, referral_tables_refuse_not_cut);
	tcase_add_test(tc, tables_are_complete);
	tcase_add_test(tc, plain_keys_make_the_lists);
	tcase_add_test_raise_signal(tc, a_key_that_is_not_a_column_name_stops, SIGABRT);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
