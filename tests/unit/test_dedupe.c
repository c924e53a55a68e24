/* senda — unit tests of duplicate matching (in memory): the nickname table
 * (one test per pair), the name arrangements, dates, phones, rare names,
 * candidates at intake and the scan of the file. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "dbq.h"
#include "senda/db.h"
#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/site.h"
#include "senda/stats.h"
#include "senda/clock.h"
#include "model/dedupe_internal.h"

static senda_db *db;

static void
setup(void)
{
	senda_error err = { 0 };
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
	ck_assert_int_eq(db_open(NULL, DB_MEMORY, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Centro Comunitario", "Ana Ruiz", "es", &err), SENDA_OK);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
}

/* A person: given names, surnames ("" none), birth date, phone. */
static void
person(participant *p, const char *given, const char *s1, const char *s2, const char *birth,
       const char *phone)
{
	participant_init(p);
	participant_set(&p->given_names, given);
	participant_set(&p->first_surname, s1);
	participant_set(&p->second_surname, s2);
	snprintf(p->birth_date, sizeof p->birth_date, "%s", birth ? birth : "");
	participant_set(&p->phone, phone);
}

static int
score(const participant *a, const participant *b, const struct dedupe_weights *w, char **ev)
{
	int s = dedupe_score(a, b, w, ev);
	char *e2 = NULL;
	/* symmetric */
	ck_assert_int_eq(dedupe_score(b, a, w, &e2), s);
	free(e2);
	return s;
}

static char *
save(const char *given, const char *s1, const char *s2, const char *birth, const char *phone)
{
	participant p;
	person(&p, given, s1, s2, birth, phone);
	senda_error err = { 0 };
	ck_assert_msg(participant_create(db, &p, &err) == SENDA_OK, "%s", err.detail);
	char *id = xstrdup(p.id);
	participant_free(&p);
	return id;
}

/* ---- nicknames: one test per pair of the table --------------------------- */

static const char *const pairs[][2] = {
	{ "José", "Pepe" }, { "Francisco", "Paco" }, { "Francisco", "Pancho" }, { "Paco", "Pancho" },
	{ "Guadalupe", "Lupe" }, { "Jesús", "Chuy" }, { "Ignacio", "Nacho" }, { "Enrique", "Quique" },
	{ "Dolores", "Lola" }, { "Concepción", "Concha" }, { "Rosario", "Chayo" },
	{ "Manuel", "Manolo" }, { "Alejandro", "Alex" }, { "Alejandra", "Alex" },
	{ "Guillermo", "Memo" }, { "Eduardo", "Lalo" }, { "Roberto", "Beto" }, { "Alberto", "Beto" },
	{ "Salvador", "Chava" }, { "Refugio", "Cuca" }, { "Socorro", "Coco" }, { "Mercedes", "Meche" },
	{ "Josefina", "Pepa" }, { "Luis", "Lucho" }, { "Guadalupe", "Lupita" }, { "Jesús", "Chucho" },
	{ "Graciela", "Chela" }, { "Isabel", "Chabela" }, { "Antonio", "Toño" }, { "Santiago", "Chago" },
};
#define NPAIRS ((int)(sizeof pairs / sizeof pairs[0]))

/* The formal name and the nickname match both ways, with the table of a
 * new file and with the defaults (NULL weights), given the same surname and
 * birth date; an unrelated name does not. */
START_TEST(nickname_pair_matches)
{
	const char *formal = pairs[_i][0], *nick = pairs[_i][1];
	struct dedupe_weights *w = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(dedupe_weights_load(db, &w, &err), SENDA_OK);
	participant a, b, c;
	person(&a, formal, "Treviño", "", "1988-05-17", "");
	person(&b, nick, "Treviño", "", "1988-05-17", "");
	person(&c, "Ximena", "Treviño", "", "1988-05-17", "");
	char *ev = NULL;
	int s = score(&a, &b, w, &ev);
	ck_assert_msg(s >= DEDUPE_THRESHOLD, "%s ~ %s: %d (%s)", formal, nick, s, ev);
	ck_assert_msg(strstr(ev, "(nickname)") != NULL, "%s", ev);
	free(ev);
	ck_assert_int_ge(score(&b, &a, NULL, NULL), DEDUPE_THRESHOLD);
	ck_assert_int_lt(score(&a, &c, w, NULL), DEDUPE_THRESHOLD);
	participant_free(&a);
	participant_free(&b);
	participant_free(&c);
	dedupe_weights_free(w);
}
END_TEST

/* The table a new file gets is the defaults' (dedupe_score with NULL). */
static int
count_pair(const char *name, const char *formal, void *ctx)
{
	int *n = ctx;
	const struct dedupe_weights *d = dd_defaults();
	dd_entry *e = dd_find(d, name);
	ck_assert_msg(e && e->groups, "%s not in the defaults", name);
	char want[80];
	snprintf(want, sizeof want, " %s ", formal);
	char *have = xasprintf(" %s ", e->groups);
	ck_assert_msg(strstr(have, want), "%s -> %s not in the defaults (%s)", name, formal, have);
	free(have);
	(*n)++;
	return 0;
}

START_TEST(new_file_table_is_the_defaults)
{
	int n = 0;
	senda_error err = { 0 };
	ck_assert_int_eq(dedupe_nicknames(db, count_pair, &n, &err), SENDA_OK);
	ck_assert_int_ge(n, 150);
	int64_t rows = T_INT(db, "SELECT count(*) FROM nickname", "");
	ck_assert_int_eq(rows, n);
	size_t groups = 0;
	const struct dedupe_weights *d = dd_defaults();
	for (size_t i = 0; i < d->cap; i++)
		if (d->e[i].key)
			for (const char *g = d->e[i].groups; g; g = strchr(g + 1, ' '))
				groups++;
	ck_assert_int_eq((int64_t)groups, rows);
}
END_TEST

/* Editable: a nickname added matches; removed, it no longer does. */
START_TEST(nickname_add_and_remove)
{
	senda_error err = { 0 };
	participant a, b;
	person(&a, "Bartolomé", "Treviño", "", "1988-05-17", "");
	person(&b, "Tolo", "Treviño", "", "1988-05-17", "");
	struct dedupe_weights *w = NULL;
	ck_assert_int_eq(dedupe_weights_load(db, &w, &err), SENDA_OK);
	ck_assert_int_lt(score(&a, &b, w, NULL), DEDUPE_THRESHOLD);
	dedupe_weights_free(w);
	ck_assert_int_eq(dedupe_nickname_add(db, "Bartolomé", "TOLO", &err), SENDA_OK);
	ck_assert_int_eq(dedupe_nickname_add(db, "bartolome", "tolo", &err), SENDA_E_EXISTS);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM nickname WHERE formal = 'bartolome'", ""), 2);
	ck_assert_int_eq(dedupe_weights_load(db, &w, &err), SENDA_OK);
	ck_assert_int_ge(score(&a, &b, w, NULL), DEDUPE_THRESHOLD);
	dedupe_weights_free(w);
	int removed = 0;
	ck_assert_int_eq(dedupe_nickname_remove(db, "Tolo", NULL, &removed, &err), SENDA_OK);
	ck_assert_int_eq(removed, 2);   /* the pair, and the group left with its formal name */
	ck_assert_int_eq(dedupe_nickname_remove(db, "Tolo", NULL, &removed, &err), SENDA_E_NOTFOUND);
	ck_assert_int_eq(dedupe_weights_load(db, &w, &err), SENDA_OK);
	ck_assert_int_lt(score(&a, &b, w, NULL), DEDUPE_THRESHOLD);
	dedupe_weights_free(w);
	/* Pepe is taken off José's group only: Pepa stays Josefina's */
	ck_assert_int_eq(dedupe_nickname_remove(db, "Pepa", "Josefa", &removed, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM nickname WHERE name = 'pepa'", ""), 1);
	ck_assert_int_eq(dedupe_nickname_add(db, "dos palabras", "x", &err), SENDA_E_FORMAT);
	participant_free(&a);
	participant_free(&b);
}
END_TEST

/* ---- names in every arrangement ----------------------------------------- */

struct arrangement {
	const char *given_a, *s1_a, *s2_a, *given_b, *s1_b, *s2_b;
	const char *evidence;   /* a part of the evidence */
};
/* The same person written two ways, with the same birth date: each is a
 * possible duplicate. */
static const struct arrangement same[] = {
	{ "María José", "Núñez", "Peña", "María José", "Núñez", "Peña", "surnames Núñez Peña = Núñez Peña" },
	{ "María José", "Núñez", "Peña", "MARIA JOSE", "NUNEZ", "PENA", "surnames Núñez Peña = NUNEZ PENA" },
	{ "María José", "Núñez", "Peña", "María José", "Peña", "Núñez", "(swapped)" },
	{ "María José", "Núñez", "Peña", "María José", "Núñez", "", "(one surname)" },
	{ "María José", "Núñez", "Peña", "María José", "Peña", "", "(one surname)" },
	{ "María José", "Núñez", "Peña", "María José", "Núñez-Peña", "", "surnames Núñez Peña = Núñez-Peña" },
	{ "María José", "Núñez", "Peña", "María José", "NúñezPeña", "", "(joined)" },
	{ "María José", "Núñez", "Peña", "María José", "Nuñez Peña", "", "surnames Núñez Peña = Nuñez Peña" },
	{ "María José", "Núñez", "Peña", "María", "Núñez", "Peña", "given name María José = María" },
	{ "María José", "Núñez", "Peña", "José", "Núñez", "Peña", "given name María José = José" },
	{ "María José", "Núñez", "Peña", "Maria", "Nunez", "", "given name María José = Maria" },
	{ "Juan", "de la Cruz", "Ortiz", "Juan", "Cruz", "Ortiz", "surnames de la Cruz Ortiz = Cruz Ortiz" },
	{ "Juan", "Cruz", "y Ortiz", "Juan", "Cruz", "Ortiz", "surnames Cruz y Ortiz = Cruz Ortiz" },
	{ "Ana", "del Río", "", "Ana", "Rio", "", "surnames del Río = Rio" },
	{ "María de los Ángeles", "Ruiz", "", "Ángeles", "Ruiz", "", "given name" },
	{ "José Luis", "Hernández", "Ávila", "Pepe", "Hernández", "Ávila", "(nickname)" },
	{ "Guadalupe", "Zúñiga", "", "Lupita", "Zuniga", "", "(nickname)" },
	{ "Rocío", "Hernández", "", "Rocio", "Hernandes", "", "≈" },
	{ "Marisol", "Quiñones", "", "Marisool", "Quiñones", "", "(one letter)" },
	{ "Xóchitl", "O'Brien", "", "Xochitl", "OBrien", "", "surnames O'Brien = OBrien" },
};
#define NSAME ((int)(sizeof same / sizeof same[0]))

START_TEST(name_arrangement_matches)
{
	const struct arrangement *t = &same[_i];
	participant a, b;
	person(&a, t->given_a, t->s1_a, t->s2_a, "1979-11-23", "");
	person(&b, t->given_b, t->s1_b, t->s2_b, "1979-11-23", "");
	char *ev = NULL;
	int s = score(&a, &b, NULL, &ev);
	ck_assert_msg(s >= DEDUPE_THRESHOLD, "%d: %s", s, ev);
	ck_assert_msg(strstr(ev, t->evidence) != NULL, "'%s' not in '%s'", t->evidence, ev);
	free(ev);
	participant_free(&a);
	participant_free(&b);
}
END_TEST

/* Not the same person, though much is shared (same birth date). */
static const struct arrangement different[] = {
	/* sisters */
	{ "Ana Sofía", "Núñez", "Peña", "Lucía", "Núñez", "Peña", "given names differ" },
	/* two Marías with different second names and second surnames */
	{ "María José", "Núñez", "Peña", "María Fernanda", "Núñez", "Ortiz", "one surname in common" },
	/* no surname in common */
	{ "María José", "Núñez", "Peña", "María José", "García", "López", "surnames differ" },
	/* a letter off in a short name is no typo */
	{ "Ana", "Ruiz", "", "Ada", "Ruiz", "", "given names differ" },
};
#define NDIFF ((int)(sizeof different / sizeof different[0]))

START_TEST(name_different_people)
{
	const struct arrangement *t = &different[_i];
	participant a, b;
	person(&a, t->given_a, t->s1_a, t->s2_a, "1979-11-23", "");
	person(&b, t->given_b, t->s1_b, t->s2_b, "1979-11-23", "");
	char *ev = NULL;
	int s = score(&a, &b, NULL, &ev);
	ck_assert_msg(s < DEDUPE_THRESHOLD, "%d: %s", s, ev);
	ck_assert_msg(strstr(ev, t->evidence) != NULL, "'%s' not in '%s'", t->evidence, ev);
	free(ev);
	participant_free(&a);
	participant_free(&b);
}
END_TEST

/* ---- dates and phones --------------------------------------------------- */

START_TEST(birth_dates)
{
	participant a, b;
	person(&a, "Rubén", "Saldaña", "", "1984-03-07", "");
	person(&b, "Rubén", "Saldaña", "", "1984-03-07", "");
	char *ev = NULL;
	int exact = score(&a, &b, NULL, &ev);
	ck_assert_ptr_nonnull(strstr(ev, "birth date the same"));
	free(ev);
	strcpy(b.birth_date, "1984-07-03");
	int swapped = score(&a, &b, NULL, &ev);
	ck_assert_ptr_nonnull(strstr(ev, "day and month swapped"));
	free(ev);
	strcpy(b.birth_date, "1984-03-08");
	int digit = score(&a, &b, NULL, &ev);
	ck_assert_ptr_nonnull(strstr(ev, "one digit off"));
	free(ev);
	strcpy(b.birth_date, "1994-03-07");
	ck_assert_int_ge(score(&a, &b, NULL, NULL), DEDUPE_THRESHOLD);   /* the year's digit */
	strcpy(b.birth_date, "1986-11-21");
	int other = score(&a, &b, NULL, &ev);
	ck_assert_ptr_nonnull(strstr(ev, "birth dates differ"));
	free(ev);
	strcpy(b.birth_date, "");
	int none = score(&a, &b, NULL, NULL);
	ck_assert_int_ge(exact, DEDUPE_THRESHOLD);
	ck_assert_int_ge(swapped, DEDUPE_THRESHOLD);
	ck_assert_int_ge(digit, DEDUPE_THRESHOLD);
	ck_assert_int_gt(exact, swapped);
	ck_assert_int_gt(swapped, digit);
	ck_assert_int_gt(none, other);
	ck_assert_int_lt(other, DEDUPE_THRESHOLD);
	/* 1 January, often typed when the date is not known, weighs less */
	strcpy(a.birth_date, "1984-01-01");
	strcpy(b.birth_date, "1984-01-01");
	int jan1 = score(&a, &b, NULL, &ev);
	ck_assert_ptr_nonnull(strstr(ev, "1 January"));
	free(ev);
	ck_assert_int_lt(jan1, exact);
	/* but the same names and the same date are still shown, at the least */
	ck_assert_int_eq(jan1, DEDUPE_THRESHOLD);
	participant_free(&a);
	participant_free(&b);
}
END_TEST

START_TEST(phones)
{
	static const char *const forms[] = { "+1 (312) 555-0147", "312.555.0147", "13125550147",
					    "+52 312 555 0147", "+521 312 555 0147", "+52 1 312-555-0147" };
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		participant a, b;
		person(&a, "Héctor", "Montaño", "", "", "(312) 555-0147");
		person(&b, "Hector", "Montano", "", "", forms[i]);
		char *ev = NULL;
		int s = score(&a, &b, NULL, &ev);
		ck_assert_msg(s >= DEDUPE_THRESHOLD, "%s: %d %s", forms[i], s, ev);
		ck_assert_ptr_nonnull(strstr(ev, "the same phone number"));
		free(ev);
		/* the other phone counts too */
		participant_set(&b.phone, "(773) 555-0100");
		participant_set(&b.phone_alt, forms[i]);
		ck_assert_int_ge(score(&a, &b, NULL, NULL), DEDUPE_THRESHOLD);
		participant_set(&b.phone_alt, "(312) 555-0148");
		ck_assert_int_lt(score(&a, &b, NULL, NULL), DEDUPE_THRESHOLD);
		participant_free(&a);
		participant_free(&b);
	}
}
END_TEST

/* A match on a rare surname proves more than on a common one: the counts
 * come from the file itself. */
START_TEST(rare_names_weigh_more)
{
	for (int i = 0; i < 200; i++) {
		char given[32];
		snprintf(given, sizeof given, "Persona%c%c", 'a' + i % 26, 'a' + i / 26);
		free(save(given, "Hernández", "", NULL, NULL));
	}
	free(save("Iñaki", "Zubiaurre", "", NULL, NULL));
	struct dedupe_weights *w = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(dedupe_weights_load(db, &w, &err), SENDA_OK);
	participant a, b, c, d;
	person(&a, "Iñaki", "Hernández", "", "", "");
	person(&b, "Inaky", "Hernandez", "", "", "");
	person(&c, "Iñaki", "Zubiaurre", "", "", "");
	person(&d, "Inaky", "Zubiaurre", "", "", "");   /* a letter off: not the very same */
	int common = score(&a, &b, w, NULL);
	char *ev = NULL;
	int rare = score(&c, &d, w, &ev);
	ck_assert_msg(rare > common + 5, "rare %d, common %d", rare, common);
	ck_assert_ptr_nonnull(strstr(ev, "(a rare name)"));
	free(ev);
	participant_free(&a);
	participant_free(&b);
	participant_free(&c);
	participant_free(&d);
	dedupe_weights_free(w);
}
END_TEST

/* ---- candidates at intake and the scan ---------------------------------- */

START_TEST(candidates_at_intake)
{
	char *maria = save("María José", "Núñez", "Peña", "1990-03-04", "(312) 555-0147");
	char *pepe = save("Pepe", "Zubiaurre", "", "1971-08-30", "+52 1 312 555 9999");
	char *other = save("Lucía", "Núñez", "Peña", "1992-06-01", "(312) 555-0147");
	free(save("María José", "García", "López", "1990-03-04", NULL));
	senda_error err = { 0 };
	participant p;
	/* the surname */
	person(&p, "Maria", "Nunez", "", "1990-04-03", "");
	dedupe_match *m = NULL;
	size_t n = 0;
	ck_assert_int_eq(dedupe_candidates(db, &p, 10, &m, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(m[0].id, maria);
	ck_assert_int_ge(m[0].score, DEDUPE_THRESHOLD);
	ck_assert_ptr_nonnull(strstr(m[0].evidence, "day and month swapped"));
	dedupe_matches_free(m, n);
	participant_free(&p);
	/* the phone, with a surname misspelled and no date */
	person(&p, "José", "Subiaurre", "", "", "312-555-9999");
	ck_assert_int_eq(dedupe_candidates(db, &p, 10, &m, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(m[0].id, pepe);
	dedupe_matches_free(m, n);
	participant_free(&p);
	/* the birth date, the first surname misspelled: Nuñes */
	person(&p, "María José", "Nuñes", "Peña", "1990-03-04", "");
	ck_assert_int_eq(dedupe_candidates(db, &p, 10, &m, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(m[0].id, maria);
	dedupe_matches_free(m, n);
	participant_free(&p);
	/* a saved person is not her own duplicate; deleted people are none */
	ck_assert_int_eq(participant_get(db, maria, &p, &err), SENDA_OK);
	ck_assert_int_eq(dedupe_candidates(db, &p, 10, &m, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 0);
	dedupe_matches_free(m, n);
	participant_free(&p);
	ck_assert_int_eq(db_exec(db, &err, "UPDATE participant SET deleted = 1 WHERE id = ?1", "t",
				 pepe), SENDA_OK);
	person(&p, "José", "Zubiaurre", "", "", "312-555-9999");
	ck_assert_int_eq(dedupe_candidates(db, &p, 10, &m, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 0);
	dedupe_matches_free(m, n);
	participant_free(&p);
	free(maria);
	free(pepe);
	free(other);
}
END_TEST

START_TEST(scan_finds_every_pair_once)
{
	/* a file large enough for a name to be rare in it */
	for (int i = 0; i < 300; i++) {
		char given[32];
		snprintf(given, sizeof given, "Persona%c%c", 'a' + i % 26, 'a' + i / 26);
		free(save(given, "Hernández", "García", NULL, NULL));
	}
	char *a = save("María José", "Núñez", "Peña", "1990-03-04", "(312) 555-0147");
	char *b = save("Maria", "Nunez", "", "1990-04-03", NULL);
	char *c = save("Pepe", "Zubiaurre", "", "1971-08-30", "+52 1 312 555 9999");
	char *d = save("José", "Zubiaurre", "García", NULL, "312-555-9999");
	free(save("Lucía", "Núñez", "Peña", "1992-06-01", "(312) 555-0147"));
	free(save("Ana", "Ruiz", "", "1990-03-04", NULL));
	/* a rare name alone, no date on one side, no phone */
	char *e = save("Itzel", "Ibáñez", "Castañeda", "1999-02-13", NULL);
	char *f = save("Itzel", "Ibanez", "Castaneda", NULL, NULL);
	dedupe_pair *p = NULL;
	size_t n = 0;
	dedupe_scan_stats st;
	senda_error err = { 0 };
	ck_assert_int_eq(dedupe_scan(db, &p, &n, &st, &err), SENDA_OK);
	ck_assert_int_eq(st.people, 308);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(st.found, 3);
	const char *want[3][2] = { { a, b }, { c, d }, { e, f } };
	for (int k = 0; k < 3; k++) {
		const char *x = strcmp(want[k][0], want[k][1]) < 0 ? want[k][0] : want[k][1];
		const char *y = x == want[k][0] ? want[k][1] : want[k][0];
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			seen |= strcmp(p[i].a, x) == 0 && strcmp(p[i].b, y) == 0;
		ck_assert_msg(seen, "pair %d missing", k);
	}
	for (size_t i = 1; i < n; i++)
		ck_assert_int_ge(p[i - 1].score, p[i].score);
	ck_assert_ptr_nonnull(p[0].evidence);
	dedupe_pairs_free(p, n);
	free(a); free(b); free(c); free(d); free(e); free(f);
}
END_TEST

/* ---- decisions ------------------------------------------------------------ */

static int64_t
home_people(void)
{
	struct home_stats h;
	senda_error err = { 0 };
	ck_assert_int_eq(stats_home(db, clock_today(), &h, &err), SENDA_OK);
	return h.participants;
}

/* "Same person": a link that travels (logged in the field log), counted
 * once at home, never proposed again, undone by unlink. */
/* A link to a record this file does not hold (a bundle carried the link,
 * not the other record: she had no consent to share) counts nobody out. */
START_TEST(link_to_a_record_not_here_counts_her)
{
	char *a = save("Rosa", "Quispe", "", "1971-05-02", NULL);
	ck_assert_int_eq(home_people(), 1);
	ck_assert_int_eq(db_exec(db, NULL, "UPDATE participant SET linked_to ="
				 " '01a2331d-7728-7305-b7f8-7a94cf990159' WHERE id = ?", "t", a),
			 SENDA_OK);
	ck_assert_int_eq(home_people(), 1);
	free(a);
}
END_TEST

START_TEST(link_counts_once_and_undoes)
{
	char *a = save("María José", "Núñez", "Peña", "1990-03-04", "(312) 555-0147");
	char *b = save("Maria", "Nunez", "", "1990-04-03", NULL);
	char *c = save("Lucía", "Núñez", "Peña", "1992-06-01", NULL);
	senda_error err = { 0 };
	ck_assert_int_eq(home_people(), 3);
	ck_assert_int_eq(dedupe_link(db, a, b, &err), SENDA_OK);
	ck_assert_int_eq(home_people(), 2);
	char *l = T_TEXT(db, "SELECT linked_to FROM participant WHERE id = ?1", "t", b);
	ck_assert_str_eq(l, a);
	free(l);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM field_change WHERE tbl = 'participant'"
			       " AND row_id = ?1 AND field = 'linked_to' AND value = ?2", "tt", b, a), 1);
	ck_assert_int_eq(dedupe_link(db, b, a, &err), SENDA_E_EXISTS);
	/* linked, they cannot also be marked different (both marks would travel) */
	ck_assert_int_eq(dedupe_mark_different(db, a, b, &err), SENDA_E_STATE);
	ck_assert_int_eq(dedupe_mark_different(db, b, a, &err), SENDA_E_STATE);
	ck_assert_int_eq(dedupe_link(db, a, a, &err), SENDA_E_STATE);
	/* a third record linked to b joins a, the record b is linked to */
	ck_assert_int_eq(dedupe_link(db, b, c, &err), SENDA_OK);
	l = T_TEXT(db, "SELECT linked_to FROM participant WHERE id = ?1", "t", c);
	ck_assert_str_eq(l, a);
	free(l);
	ck_assert_int_eq(home_people(), 1);
	dedupe_pair *p = NULL;
	size_t n = 0;
	ck_assert_int_eq(dedupe_scan(db, &p, &n, NULL, &err), SENDA_OK);
	ck_assert_int_eq(n, 0);
	dedupe_pairs_free(p, n);
	participant q;
	ck_assert_int_eq(participant_get(db, b, &q, &err), SENDA_OK);
	dedupe_match *m = NULL;
	ck_assert_int_eq(dedupe_candidates(db, &q, 10, &m, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 0);
	dedupe_matches_free(m, n);
	participant_free(&q);
	int k = 0;
	ck_assert_int_eq(dedupe_unlink(db, a, &k, &err), SENDA_OK);   /* the root: both come apart */
	ck_assert_int_eq(k, 2);
	ck_assert_int_eq(home_people(), 3);
	ck_assert_int_eq(dedupe_unlink(db, b, &k, &err), SENDA_E_STATE);
	ck_assert_int_eq(dedupe_scan(db, &p, &n, NULL, &err), SENDA_OK);
	ck_assert_int_eq(n, 1);
	dedupe_pairs_free(p, n);
	free(a); free(b); free(c);
}
END_TEST

/* "Different people": one row per pair whatever the order, never proposed
 * again; linking the pair later takes the mark back. */
START_TEST(different_people_are_remembered)
{
	char *a = save("Pepe", "Zubiaurre", "", "1971-08-30", "+52 1 312 555 9999");
	char *b = save("José", "Zubiaurre", "García", NULL, "312-555-9999");
	char x[UUID_LEN], y[UUID_LEN];
	dedupe_pair_id(a, b, x);
	dedupe_pair_id(b, a, y);
	ck_assert_str_eq(x, y);
	ck_assert_int_eq(strlen(x), 36);
	senda_error err = { 0 };
	ck_assert_int_eq(dedupe_mark_different(db, b, a, &err), SENDA_OK);
	ck_assert_int_eq(dedupe_mark_different(db, a, b, &err), SENDA_E_EXISTS);
	char *id = T_TEXT(db, "SELECT id FROM dedupe_distinct", "");
	ck_assert_str_eq(id, x);
	free(id);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM field_change WHERE tbl = 'dedupe_distinct'"
			       " AND row_id = ?1 AND field = ''", "t", x), 1);
	dedupe_pair *p = NULL;
	size_t n = 0;
	ck_assert_int_eq(dedupe_scan(db, &p, &n, NULL, &err), SENDA_OK);
	ck_assert_int_eq(n, 0);
	dedupe_pairs_free(p, n);
	participant q;
	ck_assert_int_eq(participant_get(db, a, &q, &err), SENDA_OK);
	dedupe_match *m = NULL;
	ck_assert_int_eq(dedupe_candidates(db, &q, 10, &m, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 0);
	dedupe_matches_free(m, n);
	participant_free(&q);
	ck_assert_int_eq(dedupe_link(db, a, b, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT deleted FROM dedupe_distinct", ""), 1);
	free(a); free(b);
}
END_TEST

int
main(void)
{
	i18n_set_lang("en");
	Suite *s = suite_create("dedupe");
	TCase *tc = tcase_create("dedupe");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, nickname_pair_matches, 0, NPAIRS);
	tcase_add_test(tc, new_file_table_is_the_defaults);
	tcase_add_test(tc, nickname_add_and_remove);
	tcase_add_loop_test(tc, name_arrangement_matches, 0, NSAME);
	tcase_add_loop_test(tc, name_different_people, 0, NDIFF);
	tcase_add_test(tc, birth_dates);
	tcase_add_test(tc, phones);
	tcase_add_test(tc, rare_names_weigh_more);
	tcase_add_test(tc, candidates_at_intake);
	tcase_add_test(tc, scan_finds_every_pair_once);
	tcase_add_test(tc, link_counts_once_and_undoes);
	tcase_add_test(tc, link_to_a_record_not_here_counts_her);
	tcase_add_test(tc, different_people_are_remembered);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
