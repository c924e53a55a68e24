/* senda — unit tests of what the participant CSV import reads without a
 * database: which field a spreadsheet's header names, and a date cell in
 * the file's order (or in none yet: then whether it reads two ways). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "senda/pcsv.h"

static const char *
key(const char *h)
{
	const char *k = pcsv_header_field(h);
	return k ? k : "(none)";
}

START_TEST(headers_in_either_language_and_common_spellings)
{
	static const char *const cases[][2] = {
		/* the files' own names, in both languages */
		{ "given_names", "given_names" }, { "nombres", "given_names" },
		{ "primer_apellido", "first_surname" }, { "segundo_apellido", "second_surname" },
		{ "fecha_nacimiento", "birth_date" }, { "teléfono", "phone" },
		{ "hourly_wage", "wage_cents" }, { "acepta_compartir", "consent_share" },
		/* spreadsheets' spellings: case, accents, spaces, "_" and "-" do not matter */
		{ "Nombre", "given_names" }, { "NOMBRE(S)", "given_names" },
		{ "First Name", "given_names" }, { "first_name", "given_names" },
		{ "Apellido Paterno", "first_surname" }, { "Last Name", "first_surname" },
		{ "Apellido Materno", "second_surname" }, { "Fecha de Nacimiento", "birth_date" },
		{ "DOB", "birth_date" }, { "Date of Birth", "birth_date" },
		{ "Telefono", "phone" }, { "Teléfono", "phone" }, { "Celular", "phone" },
		{ "Phone", "phone" }, { "E-mail", "email" }, { "Correo electrónico", "email" },
		{ "Idioma", "language" }, { "País de origen", "country" },
		{ "  Años en EE.UU. ", "years_in_us" },
		/* notes (a field; other notes columns join it); another file's id and dates */
		{ "Notas", "notes" }, { "notes", "notes" }, { "Comentarios", "note" },
		{ "Observaciones", "note" }, { "id", "id" },
		{ "created_at", "created_at" }, { "Fecha de registro", "created_at" },
		/* unknown */
		{ "Talla", "(none)" }, { "", "(none)" }, { "   ", "(none)" }, { "Nombre completo", "(none)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(strcmp(key(cases[i][0]), cases[i][1]) == 0, "%s -> %s, want %s",
			      cases[i][0], key(cases[i][0]), cases[i][1]);
}
END_TEST

static void
date_is(const char *cell, enum pcsv_dates order, int y, int m, int d, bool amb)
{
	sdate out = { 0, 0, 0 };
	bool a = !amb;
	ck_assert_msg(pcsv_parse_date(cell, order, &out, &a) == DATE_OK, "%s: not a date", cell);
	ck_assert_msg(out.y == y && out.m == m && out.d == d && a == amb,
		      "%s (order %d) -> %d-%d-%d %s", cell, (int)order, out.y, out.m, out.d,
		      a ? "ambiguous" : "clear");
}

START_TEST(dates_in_the_files_order)
{
	/* ISO in any order */
	date_is("1988-04-03", PCSV_DATES_UNKNOWN, 1988, 4, 3, false);
	date_is("1988-04-03", PCSV_DATES_MDY, 1988, 4, 3, false);
	/* one reading only: clear without an order */
	date_is("15/03/1985", PCSV_DATES_UNKNOWN, 1985, 3, 15, false);
	date_is("03/15/1985", PCSV_DATES_UNKNOWN, 1985, 3, 15, false);
	/* the same day either way */
	date_is("05/05/1990", PCSV_DATES_UNKNOWN, 1990, 5, 5, false);
	/* two readings: ambiguous until the order is known */
	date_is("3/4/1988", PCSV_DATES_UNKNOWN, 1988, 3, 4, true);
	date_is("3/4/1988", PCSV_DATES_MDY, 1988, 3, 4, false);
	date_is("3/4/1988", PCSV_DATES_DMY, 1988, 4, 3, false);
	date_is("3.4.1988", PCSV_DATES_DMY, 1988, 4, 3, false);
	/* refused */
	sdate out;
	bool a;
	ck_assert_int_eq(pcsv_parse_date("31/02/1990", PCSV_DATES_UNKNOWN, &out, &a), DATE_INVALID);
	ck_assert_int_eq(pcsv_parse_date("31/02/1990", PCSV_DATES_DMY, &out, &a), DATE_INVALID);
	ck_assert_int_eq(pcsv_parse_date("15/03/1985", PCSV_DATES_MDY, &out, &a), DATE_INVALID);
	ck_assert_int_ne(pcsv_parse_date("3/4/88", PCSV_DATES_UNKNOWN, &out, &a), DATE_OK);
	ck_assert_int_ne(pcsv_parse_date("ayer", PCSV_DATES_DMY, &out, &a), DATE_OK);
}
END_TEST

START_TEST(export_shapes)
{
	/* Every table has an id first, and a header for every column in both
	 * languages, none twice. */
	for (int t = PCSV_PARTICIPANTS; t <= PCSV_REPORT; t++)
		for (int es = 0; es < 2; es++) {
			const char *const *names, *const *types;
			size_t n;
			pcsv_columns((enum pcsv_table)t, es, &names, &types, &n);
			ck_assert_uint_gt(n, 3);
			ck_assert_str_eq(names[0], "id");
			for (size_t i = 0; i < n; i++) {
				ck_assert_ptr_nonnull(names[i]);
				ck_assert_ptr_nonnull(types[i]);
				for (size_t j = 0; j < i; j++)
					ck_assert_msg(strcmp(names[i], names[j]) != 0, "%s twice", names[i]);
			}
		}
	enum pcsv_table t;
	ck_assert(pcsv_table_named("report", &t) && t == PCSV_REPORT);
	ck_assert(!pcsv_table_named("people", &t));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("pcsv");
	TCase *tc = tcase_create("pcsv");
	tcase_add_test(tc, headers_in_either_language_and_common_spellings);
	tcase_add_test(tc, dates_in_the_files_order);
	tcase_add_test(tc, export_shapes);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
