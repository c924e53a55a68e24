/* senda — unit tests of field descriptors: one parse and one show function
 * per type, in both languages. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"

struct rec {
	char *name;
	char *phone;
	char *email;
	char *kind;
	char *lang;
	char born[11];
	int years;
	int64_t wage;
	int agreed;
};

static const struct field_choice kinds[] = {
	{ "college", "College" }, { "job_center", "Job center" }, { NULL, NULL }
};
static const struct field_choice langs[] = {
	{ "es", "Spanish" }, { "en", "English" }, { NULL, NULL }
};

#define F(k, l, t, m, r, c, fl) { #k, l, t, offsetof(struct rec, k), m, r, c, NULL, NULL, NULL, FT_LWW, fl }
static const field_desc fields[] = {
	F(name, "Name", FK_TEXT, 10, true, NULL, 0),
	F(phone, "Phone", FK_PHONE, 40, false, NULL, 0),
	F(email, "E-mail", FK_EMAIL, 120, false, NULL, 0),
	F(kind, "Kind", FK_CHOICE, 20, false, kinds, 0),
	F(lang, "Language", FK_CHOICE, 3, false, langs, FF_OPEN_CHOICE),
	F(born, "Born", FK_DATE, 0, false, NULL, 0),
	F(years, "Years", FK_INT, 100, false, NULL, 0),
	F(wage, "Wage", FK_MONEY, 100000, false, NULL, 0),
	F(agreed, "Agreed", FK_YESNO, 1, false, NULL, 0),
};
#define NF (sizeof fields / sizeof fields[0])

static struct rec r;

static void
setup(void)
{
	memset(&r, 0, sizeof r);
	for (size_t i = 0; i < NF; i++)
		field_clear(&fields[i], &r);
	i18n_set_lang("en");
}

static void
teardown(void)
{
	free(r.name);
	free(r.phone);
	free(r.email);
	free(r.kind);
	free(r.lang);
}

static const field_desc *
fd(const char *key)
{
	return field_find(fields, NF, key);
}

static senda_err
parse(const char *key, const char *typed)
{
	senda_error err = { 0 };
	senda_err e = field_parse(fd(key), &r, typed, &err);
	if (e == SENDA_OK)
		e = field_check(fd(key), &r, &err);
	if (e != SENDA_OK)
		ck_assert_str_eq(err.key, key);   /* the error names the field by its key */
	return e;
}

static char *
stored(const char *key)
{
	static char buf[64];
	char *s = field_stored(fd(key), &r);
	snprintf(buf, sizeof buf, "%s", s);
	free(s);
	return buf;
}

START_TEST(money_the_same_everywhere)
{
	const char *typed[] = { ".5", "15.", "1,234.50", "$16", "16 USD", "15,50" };
	const char *want[] = { "50", "1500", "123450", "1600", "1600", "1550" };
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(parse("wage", typed[i]), i == 2 ? SENDA_E_RANGE : SENDA_OK);
		if (i != 2)
			ck_assert_str_eq(stored("wage"), want[i]);
	}
	ck_assert_int_eq(parse("wage", "abc"), SENDA_E_NUMBER);
	ck_assert_int_eq(parse("wage", ""), SENDA_OK);
	ck_assert_str_eq(stored("wage"), "");
	r.wage = 1550;
	char *t = field_typed(fd("wage"), &r);
	ck_assert_str_eq(t, "15.50");
	free(t);
	t = field_shown(fd("wage"), "1550");
	ck_assert_str_eq(t, "$15.50");
	free(t);
}
END_TEST

START_TEST(dates_in_the_language_order)
{
	ck_assert_int_eq(parse("born", "03/04/1990"), SENDA_OK);
	ck_assert_str_eq(stored("born"), "1990-03-04");
	i18n_set_lang("es");
	ck_assert_int_eq(parse("born", "03/04/1990"), SENDA_OK);
	ck_assert_str_eq(stored("born"), "1990-04-03");
	char *t = field_typed(fd("born"), &r);
	ck_assert_str_eq(t, "03/04/1990");
	free(t);
	ck_assert_int_eq(parse("born", "31/02/1990"), SENDA_E_DATE_INVALID);
	ck_assert_int_eq(parse("born", "1990-04-03"), SENDA_OK);
	ck_assert_int_eq(parse("born", "soon"), SENDA_E_DATE);
}
END_TEST

START_TEST(choices_by_code_or_label)
{
	ck_assert_int_eq(parse("kind", "college"), SENDA_OK);
	ck_assert_str_eq(stored("kind"), "college");
	ck_assert_int_eq(parse("kind", "JOB CENTER"), SENDA_OK);
	ck_assert_str_eq(stored("kind"), "job_center");
	ck_assert_int_eq(parse("kind", "bank"), SENDA_E_CHOICE);
	ck_assert_int_eq(parse("lang", "pt"), SENDA_OK);           /* an open choice */
	ck_assert_str_eq(stored("lang"), "pt");
	char *t = field_shown(fd("kind"), "job_center");
	ck_assert_str_eq(t, "Job center");
	free(t);
}
END_TEST

START_TEST(yes_no_in_both_languages)
{
	ck_assert_int_eq(parse("agreed", "yes"), SENDA_OK);
	ck_assert_int_eq(r.agreed, 1);
	ck_assert_int_eq(parse("agreed", "no"), SENDA_OK);
	ck_assert_int_eq(r.agreed, 0);
	ck_assert_int_eq(parse("agreed", "sí"), SENDA_OK);
	ck_assert_int_eq(r.agreed, 1);
	ck_assert_int_eq(parse("agreed", "maybe"), SENDA_E_CHOICE);
	ck_assert_int_eq(parse("agreed", ""), SENDA_OK);
	ck_assert_int_eq(r.agreed, -1);
}
END_TEST

START_TEST(text_limits_phone_email)
{
	ck_assert_int_eq(parse("name", "  Peña  "), SENDA_OK);
	ck_assert_str_eq(r.name, "Peña");
	ck_assert_int_eq(parse("name", "Ñandú Ñandú"), SENDA_E_TOOLONG);   /* 11 > 10 */
	ck_assert_int_eq(parse("name", ""), SENDA_E_REQUIRED);
	ck_assert_int_eq(parse("name", "a\x1b[31m"), SENDA_E_CONTROL);
	ck_assert_int_eq(parse("name", "\xff"), SENDA_E_UTF8);
	ck_assert_int_eq(parse("phone", "(509) 555-0142"), SENDA_OK);
	ck_assert_int_eq(parse("phone", "call me"), SENDA_E_PHONE);
	ck_assert_int_eq(parse("email", "ana@example.org"), SENDA_OK);
	ck_assert_int_eq(parse("email", "ana@"), SENDA_E_EMAIL);
	ck_assert_int_eq(parse("years", "12"), SENDA_OK);
	ck_assert_int_eq(r.years, 12);
	ck_assert_int_eq(parse("years", "101"), SENDA_E_RANGE);
	ck_assert_int_eq(parse("years", "twelve"), SENDA_E_NUMBER);
}
END_TEST

START_TEST(stored_round_trip_and_copy)
{
	struct rec other;
	memset(&other, 0, sizeof other);
	for (size_t i = 0; i < NF; i++)
		field_clear(&fields[i], &other);
	ck_assert_int_eq(parse("name", "Rosa"), SENDA_OK);
	ck_assert_int_eq(parse("wage", "12"), SENDA_OK);
	ck_assert_int_eq(parse("born", "1990-01-02"), SENDA_OK);
	for (size_t i = 0; i < NF; i++) {
		field_copy(&fields[i], &other, &r);
		ck_assert(field_same(&fields[i], &other, &r));
	}
	ck_assert_str_eq(other.name, "Rosa");
	ck_assert_int_eq(other.wage, 1200);
	free(other.name);
	free(other.phone);
	free(other.email);
	free(other.kind);
	free(other.lang);
}
END_TEST

/* A file's values are the same in every language, and field_parse reads
 * them back in any: no "$", no thousands separator, "0.00" for free, dates
 * ISO, yes/no as words, choices by code. */
START_TEST(written_the_same_in_every_language)
{
	static const char *const langs_[] = { "en", "es" };
	/* key, as typed, as written */
	static const char *const cases[][3] = {
		{ "wage", "$1,000", "1000.00" }, { "wage", "15.5", "15.50" }, { "wage", "0", "0.00" },
		{ "wage", "", "" }, { "born", "1990-05-31", "1990-05-31" },
		{ "kind", "Job center", "job_center" }, { "agreed", "yes", "yes" },
		{ "agreed", "no", "no" }, { "agreed", "", "" }, { "years", "7", "7" },
		{ "phone", "", "" },
	};
	for (int l = 0; l < 2; l++) {
		i18n_set_lang(langs_[l]);
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			const field_desc *f = fd(cases[i][0]);
			ck_assert_int_eq(parse(cases[i][0], cases[i][1]), SENDA_OK);
			char *w = field_written(f, &r), *before = field_stored(f, &r);
			ck_assert_str_eq(w, cases[i][2]);
			/* the same from the stored value alone (a CSV export's cells) */
			char *ws = field_written_stored(f, before);
			ck_assert_str_eq(ws, cases[i][2]);
			free(ws);
			/* and read back as it was, whatever the language */
			ck_assert_int_eq(field_parse(f, &r, w, NULL), SENDA_OK);
			char *after = field_stored(f, &r);
			ck_assert_str_eq(before, after);
			free(before);
			free(after);
			free(w);
		}
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("field");
	TCase *tc = tcase_create("field");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, money_the_same_everywhere);
	tcase_add_test(tc, dates_in_the_language_order);
	tcase_add_test(tc, choices_by_code_or_label);
	tcase_add_test(tc, yes_no_in_both_languages);
	tcase_add_test(tc, text_limits_phone_email);
	tcase_add_test(tc, stored_round_trip_and_copy);
	tcase_add_test(tc, written_the_same_in_every_language);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
