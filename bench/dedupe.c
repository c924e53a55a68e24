/* senda bench — duplicate matching measured: a file of synthetic people
 * with known true duplicates (a second record of the same person with the
 * variations intakes really make: a typo, a dropped or swapped surname, the
 * day and month of the birth date swapped or a digit off, a nickname, one
 * part of a compound name, no accents, a new phone or one with +52 1), then
 * the scan of the file (dedupe_scan): recall and precision at the review
 * threshold, for everyone and for the people with two surnames; the scan's
 * CPU time; the intake check (dedupe_candidates) of every duplicate, as at
 * an intake, its median and worst time.
 * Usage: bench/dedupe [--people N] [--seed S] [--dupes PERCENT] [--db FILE]
 * (the file is made anew; default a temporary one, removed after), or
 * bench/dedupe --intake FILE [--checks N]: the intake check of N people of
 * an existing file (spread over it), as at an intake: median, 99th, worst. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "senda/db.h"
#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/site.h"

/* Names by how common they are: the first of each list are the most
 * common (weights 1/rank, Zipf), as in a real file. */
static const char *const women[] = {
	"María", "Guadalupe", "Ana", "Rosa", "Juana", "Margarita", "Verónica", "Leticia",
	"Patricia", "Elizabeth", "Alejandra", "Gabriela", "Adriana", "Claudia", "Silvia",
	"Martha", "Dolores", "Concepción", "Rosario", "Mercedes", "Isabel", "Teresa", "Carmen",
	"Josefina", "Graciela", "Beatriz", "Lucía", "Sofía", "Ximena", "Valeria", "Fernanda",
	"Daniela", "Andrea", "Mariana", "Itzel", "Xóchitl", "Yesenia", "Araceli", "Noemí",
	"Maribel", "Rocío", "Socorro", "Refugio", "Esperanza", "Soledad", "Natalia", "Inés",
	"Begoña", "Nayeli", "Citlali",
};
static const char *const men[] = {
	"José", "Juan", "Luis", "Miguel", "Francisco", "Jesús", "Antonio", "Alejandro", "Carlos",
	"Manuel", "Pedro", "Jorge", "Ricardo", "Fernando", "Roberto", "Eduardo", "Javier",
	"Rafael", "Daniel", "Sergio", "Arturo", "Enrique", "Guillermo", "Ignacio", "Salvador",
	"Alberto", "Raúl", "Andrés", "Joaquín", "Martín", "Sebastián", "Ramón", "Ernesto",
	"Gerardo", "Alfredo", "Rodrigo", "Felipe", "Santiago", "Gabriel", "Nicolás", "Héctor",
	"Óscar", "Efraín", "Wilfredo", "Humberto", "Gilberto", "Rogelio", "Cuauhtémoc", "Iñaki",
	"Eusebio",
};
static const char *const surnames[] = {
	"Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
	"Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
	"Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo",
	"Romero", "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez",
	"Herrera", "Medina", "Castro", "Vargas", "Guzmán", "Velázquez", "Muñoz", "Rojas",
	"Contreras", "Salazar", "Luna", "Ortega", "Santiago", "Guerrero", "Estrada", "Bautista",
	"Cortés", "Soto", "Alvarado", "Espinoza", "Lara", "Ávila", "Ríos", "Cervantes", "Silva",
	"Delgado", "Vega", "Márquez", "Sandoval", "Fernández", "León", "Carrillo", "Mejía",
	"Solís", "Núñez", "Rosas", "Valdez", "Ibarra", "Campos", "Santos", "Camacho", "Navarro",
	"Peña", "Maldonado", "Rosales", "Acosta", "Miranda", "Trejo", "Valencia", "Nava",
	"Pacheco", "Huerta", "Padilla", "Robles", "Molina", "Cabrera", "Zúñiga", "Montaño",
	"Ordóñez", "Beltrán", "Durán", "Quiñones", "Castañeda", "Saldaña", "Avendaño", "Ibáñez",
	"Zubiaurre", "Echeverría", "Arriaga", "Olvera", "Villaseñor", "Urquiza", "Goicoechea",
	"Tlatelpa", "Xicoténcatl", "Cuevas", "Barrera", "Galindo", "Orozco", "Pineda", "Tapia",
	"Benítez", "Esquivel", "Figueroa", "Hidalgo", "Lozano", "Montes", "Palacios", "Quintero",
	"de la Cruz", "del Río", "de León",
};
/* Nicknames a second intake may be under (in the seeded table). */
static const char *const nicks[][2] = {
	{ "José", "Pepe" }, { "Francisco", "Paco" }, { "Francisco", "Pancho" },
	{ "Guadalupe", "Lupe" }, { "Guadalupe", "Lupita" }, { "Jesús", "Chuy" },
	{ "Ignacio", "Nacho" }, { "Enrique", "Quique" }, { "Dolores", "Lola" },
	{ "Concepción", "Concha" }, { "Rosario", "Chayo" }, { "Manuel", "Manolo" },
	{ "Alejandro", "Alex" }, { "Alejandra", "Alex" }, { "Guillermo", "Memo" },
	{ "Eduardo", "Lalo" }, { "Roberto", "Beto" }, { "Alberto", "Beto" },
	{ "Salvador", "Chava" }, { "Antonio", "Toño" }, { "Ricardo", "Richi" },
	{ "Refugio", "Cuca" }, { "Socorro", "Coco" }, { "Mercedes", "Meche" },
	{ "Isabel", "Chabela" }, { "Josefina", "Pepa" }, { "Graciela", "Chela" },
	{ "Teresa", "Tere" }, { "Beatriz", "Bety" }, { "Leticia", "Lety" },
};
#define N(a) (sizeof a / sizeof a[0])

static uint64_t rng;
static uint64_t
next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static double
uniform(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

/* Zipf-like over n names, the head flattened (1 / (rank + 8) for surnames,
 * 1 / (rank + 3) for given names): the most common surname is about 4% of
 * the file, as Hernández is of Mexico's, María 1 in 6 of the women. */
static size_t
zipf(size_t n)
{
	static double cum[4][200];
	static size_t have[4];
	size_t k = n == N(women) ? 0 : n == N(men) ? 1 : 2;
	if (have[k] != n) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			cum[k][i] = (s += 1.0 / (double)(i + 1 + (k == 2 ? 8 : 3)));
		have[k] = n;
	}
	double u = uniform() * cum[k][n - 1];
	size_t i = 0;
	while (i + 1 < n && cum[k][i] < u)
		i++;
	return i;
}

/* The long tail: most surnames of a real file are rare, each a handful
 * of people. Made of syllables, the same for the same seed. */
#define TAIL 4000
static char tail[TAIL][24];
static void
make_tail(void)
{
	static const char *const syl[] = { "bar", "ro", "zu", "bi", "au", "rre", "tla", "xo", "cal",
					   "mi", "ran", "da", "go", "ye", "na", "que", "che", "val",
					   "tu", "lo", "sa", "ga", "ri", "ñe", "te", "za", "hua", "pa" };
	for (int i = 0; i < TAIL; i++) {
		char w[24] = "";
		int k = 2 + (int)(next() % 3);
		for (int j = 0; j < k; j++)
			strcat(w, syl[next() % N(syl)]);
		if ((unsigned char)w[0] >= 0x80) {   /* ñ first: N */
			memmove(w + 1, w + 2, strlen(w + 2) + 1);
			w[0] = 'N';
		} else
			w[0] = (char)(w[0] - 'a' + 'A');
		snprintf(tail[i], sizeof tail[i], "%s", w);
	}
}

/* A surname: three in five from the common list, two from the tail. */
static const char *
surname(void)
{
	return next() % 5 < 3 ? surnames[zipf(N(surnames))] : tail[next() % TAIL];
}

struct person {
	char given[96], s1[64], s2[64], birth[11], phone[32];
};

static void
invent(struct person *p)
{
	bool woman = next() % 2;
	const char *const *pool = woman ? women : men;
	size_t n = woman ? N(women) : N(men);
	const char *g1 = pool[zipf(n)];
	if (next() % 100 < 35) {
		const char *g2 = pool[zipf(n)];
		if (strcmp(g1, g2) == 0)
			g2 = pool[(size_t)(next() % n)];
		snprintf(p->given, sizeof p->given, "%s %s", g1, g2);
	} else
		snprintf(p->given, sizeof p->given, "%s", g1);
	snprintf(p->s1, sizeof p->s1, "%s", surname());
	if (next() % 100 < 75)
		snprintf(p->s2, sizeof p->s2, "%s", surname());
	else
		p->s2[0] = '\0';
	int y = 1955 + (int)(next() % 52), m = 1 + (int)(next() % 12), d = 1 + (int)(next() % 28);
	if (next() % 100 < 3)
		m = d = 1;     /* the placeholder */
	if (next() % 100 < 4)
		p->birth[0] = '\0';
	else
		snprintf(p->birth, sizeof p->birth, "%04d-%02d-%02d", y, m, d);
	if (next() % 100 < 85)
		snprintf(p->phone, sizeof p->phone, "(%03u) %03u-%04u", (unsigned)(200 + next() % 800),
			 (unsigned)(200 + next() % 800), (unsigned)(next() % 10000));
	else
		p->phone[0] = '\0';
}

/* A letter of an ASCII-ish word changed (a byte of a multibyte letter is
 * left alone). */
static void
typo(char *w)
{
	size_t n = strlen(w);
	if (n < 5)
		return;
	for (int tries = 0; tries < 8; tries++) {
		size_t i = 1 + (size_t)(next() % (n - 2));
		if ((unsigned char)w[i] >= 0x80 || (unsigned char)w[i + 1] >= 0x80 || w[i] == ' ' ||
		    w[i + 1] == ' ')
			continue;
		switch (next() % 3) {
		case 0: w[i] = (char)('a' + next() % 26); return;                 /* substituted */
		case 1: memmove(w + i, w + i + 1, n - i); return;                 /* dropped */
		default: { char t = w[i]; w[i] = w[i + 1]; w[i + 1] = t; return; } /* swapped */
		}
	}
}

static void
strip_accents(char *s)
{
	static const char *const from[] = { "á", "é", "í", "ó", "ú", "ñ", "Á", "É", "Í", "Ó", "Ú", "Ñ" };
	static const char to[] = "aeiounAEIOUN";
	for (size_t k = 0; k < N(from); k++)
		for (char *p; (p = strstr(s, from[k]));) {
			*p = to[k];
			memmove(p + 1, p + 2, strlen(p + 2) + 1);
		}
}

/* The same person at a second intake: one to three variations. */
static void
vary(const struct person *o, struct person *v)
{
	*v = *o;
	int k = 1 + (int)(next() % 3);
	for (int i = 0; i < k; i++) {
		switch (next() % 11) {
		case 0: typo(v->given); break;
		case 1: typo(next() % 2 && *v->s2 ? v->s2 : v->s1); break;
		case 2: v->s2[0] = '\0'; break;                                    /* dropped */
		case 3:                                                            /* swapped */
			if (*v->s2) {
				char t[64];
				snprintf(t, sizeof t, "%s", v->s1);
				snprintf(v->s1, sizeof v->s1, "%s", v->s2);
				snprintf(v->s2, sizeof v->s2, "%s", t);
			}
			break;
		case 4:                                                            /* day first */
			if (*v->birth && atoi(v->birth + 8) <= 12) {
				char t[3] = { v->birth[5], v->birth[6], 0 };
				v->birth[5] = v->birth[8];
				v->birth[6] = v->birth[9];
				v->birth[8] = t[0];
				v->birth[9] = t[1];
			}
			break;
		case 5:                                                            /* a digit */
			if (*v->birth) {
				int d = atoi(v->birth + 8);
				d = d < 28 ? d + 1 : d - 1;
				v->birth[8] = (char)('0' + d / 10 % 10);
				v->birth[9] = (char)('0' + d % 10);
			}
			break;
		case 6:                                                            /* nickname */
			for (size_t j = 0; j < N(nicks); j++)
				if (strncmp(v->given, nicks[j][0], strlen(nicks[j][0])) == 0) {
					char rest[96];
					snprintf(rest, sizeof rest, "%s", v->given + strlen(nicks[j][0]));
					snprintf(v->given, sizeof v->given, "%s%s", nicks[j][1], rest);
					break;
				}
			break;
		case 7: {                                                          /* one part */
			char *sp = strchr(v->given, ' ');
			if (sp) {
				if (next() % 2)
					*sp = '\0';
				else
					memmove(v->given, sp + 1, strlen(sp + 1) + 1);
			}
			break;
		}
		case 8:                                                            /* new phone */
			if (next() % 2)
				snprintf(v->phone, sizeof v->phone, "(%03u) %03u-%04u",
					 (unsigned)(200 + next() % 800), (unsigned)(200 + next() % 800),
					 (unsigned)(next() % 10000));
			else
				v->phone[0] = '\0';
			break;
		case 9:                                                            /* +52 1 */
			if (*v->phone) {
				char t[32];
				snprintf(t, sizeof t, "+52 1 %.3s %.3s %.4s", v->phone + 1, v->phone + 6,
					 v->phone + 10);
				snprintf(v->phone, sizeof v->phone, "%s", t);
			}
			break;
		default:                                                           /* no accents */
			strip_accents(v->given);
			strip_accents(v->s1);
			strip_accents(v->s2);
			break;
		}
	}
}

static double
cpu_now(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double
wall_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Every record's id and the person it is (records of one person: the
 * original and each second intake of her are all true pairs). */
struct rec_of {
	char id[UUID_LEN];
	uint32_t person;
};

static int
cmp_rec(const void *x, const void *y)
{
	return strcmp(((const struct rec_of *)x)->id, ((const struct rec_of *)y)->id);
}

static long
person_of(const struct rec_of *r, size_t n, const char *id)
{
	struct rec_of key;
	snprintf(key.id, sizeof key.id, "%s", id);
	const struct rec_of *f = bsearch(&key, r, n, sizeof *r, cmp_rec);
	return f ? (long)f->person : -1;
}

static void
fail(const char *what, const senda_error *err)
{
	char buf[512];
	fprintf(stderr, "bench/dedupe: %s: %s\n", what, senda_error_text(err, buf, sizeof buf));
	exit(1);
}

/* The intake check of the people whose ids come on standard input, one a
 * line, in an existing file, in process: median, 99th, worst. */
static int
intake_only(const char *path)
{
	senda_db *db;
	senda_error err = { 0 };
	if (db_open(path, DB_READONLY, &db, &err) != SENDA_OK)
		fail("open", &err);
	double *ms = NULL;
	size_t n = 0, found = 0;
	char line[128];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line)
			continue;
		participant q;
		if (participant_get(db, line, &q, &err) != SENDA_OK)
			fail("get", &err);
		dedupe_match *m = NULL;
		size_t nm = 0;
		double t0 = wall_now();
		if (dedupe_candidates(db, &q, 5, &m, &nm, &err) != SENDA_OK)
			fail("candidates", &err);
		ms = xrealloc(ms, (n + 1) * sizeof *ms);
		ms[n++] = (wall_now() - t0) * 1000;
		found += nm;
		dedupe_matches_free(m, nm);
		participant_free(&q);
	}
	if (n) {
		qsort(ms, n, sizeof *ms, cmp_double);
		printf("intake check of %zu people: median %.2f ms, 99th %.2f ms, worst %.2f ms"
		       " (%zu candidates in all)\n", n, ms[n / 2], ms[n * 99 / 100], ms[n - 1], found);
	}
	free(ms);
	db_close(db);
	return 0;
}

int
main(int argc, char **argv)
{
	long people = 100000, pct = 10;
	uint64_t seed = 1;
	const char *path = NULL;
	if (argc == 3 && strcmp(argv[1], "--intake") == 0) {
		i18n_set_lang("en");
		return intake_only(argv[2]);
	}
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--people") == 0)
			people = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--dupes") == 0)
			pct = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--db") == 0)
			path = argv[i + 1];
	}
	rng = seed;
	make_tail();
	i18n_set_lang("en");
	char tmp[256];
	if (!path) {
		snprintf(tmp, sizeof tmp, "%s/senda-bench-dedupe-%d.db",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
		path = tmp;
	}
	unlink(path);
	senda_db *db;
	senda_error err = { 0 };
	if (db_open(path, DB_CREATE, &db, &err) != SENDA_OK)
		fail("open", &err);
	if (site_setup(db, "Bench", "Bench", "en", &err) != SENDA_OK)
		fail("site", &err);
	long ndup = people * pct / 100, norig = people - ndup;
	struct person *orig = xcalloc((size_t)norig, sizeof *orig);
	struct rec_of *recs = xcalloc((size_t)people, sizeof *recs);
	uint32_t *copies = xcalloc((size_t)norig, sizeof *copies);   /* records of each person */
	char (*dup_ids)[UUID_LEN] = xcalloc((size_t)(ndup ? ndup : 1), UUID_LEN);
	double w0 = wall_now();
	if (db_bulk_load(db, true, &err) != SENDA_OK)
		fail("bulk", &err);
	for (long i = 0; i < people;) {
		if (db_begin(db, &err) != SENDA_OK)
			fail("begin", &err);
		long end = i + 20000 < people ? i + 20000 : people;
		for (; i < end; i++) {
			struct person p;
			long of = -1;
			if (i < norig) {
				invent(&orig[i]);
				p = orig[i];
			} else {
				of = (long)(next() % (uint64_t)norig);
				vary(&orig[of], &p);
			}
			participant q;
			participant_init(&q);
			participant_set(&q.given_names, p.given);
			participant_set(&q.first_surname, p.s1);
			participant_set(&q.second_surname, p.s2);
			snprintf(q.birth_date, sizeof q.birth_date, "%s", p.birth);
			participant_set(&q.phone, p.phone);
			if (participant_create_unindexed(db, &q, &err) != SENDA_OK)
				fail("create", &err);
			memcpy(recs[i].id, q.id, UUID_LEN);
			recs[i].person = (uint32_t)(of < 0 ? i : of);
			copies[recs[i].person]++;
			if (of >= 0)
				memcpy(dup_ids[i - norig], q.id, UUID_LEN);
			participant_free(&q);
		}
		if (db_commit(db, &err) != SENDA_OK)
			fail("commit", &err);
	}
	if (participant_index_build(db, &err) != SENDA_OK || db_bulk_load(db, false, &err) != SENDA_OK)
		fail("index", &err);
	double made = wall_now() - w0;
	qsort(recs, (size_t)people, sizeof *recs, cmp_rec);
	size_t true_n = 0, true2 = 0;
	for (long i = 0; i < norig; i++) {
		size_t k = copies[i];
		true_n += k * (k - 1) / 2;
		if (*orig[i].s2)
			true2 += k * (k - 1) / 2;
	}

	/* the scan */
	double c0 = cpu_now(), s0 = wall_now();
	dedupe_pair *p = NULL;
	size_t n = 0;
	dedupe_scan_stats st;
	if (dedupe_scan(db, &p, &n, &st, &err) != SENDA_OK)
		fail("scan", &err);
	double scan_cpu = cpu_now() - c0, scan_wall = wall_now() - s0;
	/* two surnames: pairs of a person who has two (true), or whose first
	 * record has two (false) */
	size_t tp = 0, tp2 = 0, fp2 = 0;
	for (size_t i = 0; i < n; i++) {
		long pa = person_of(recs, (size_t)people, p[i].a), pb = person_of(recs, (size_t)people, p[i].b);
		if (pa >= 0 && pa == pb) {
			tp++;
			tp2 += *orig[pa].s2 != '\0';
			continue;
		}
		participant a;
		participant_init(&a);
		if (participant_get(db, p[i].a, &a, &err) == SENDA_OK && *a.second_surname)
			fp2++;
		/* BENCH_DEDUPE_FP=N: the first N false pairs, to read */
		static long shown;
		if (getenv("BENCH_DEDUPE_FP") && shown++ < atol(getenv("BENCH_DEDUPE_FP")))
			printf("false %d: %s\n", p[i].score, p[i].evidence);
		participant_free(&a);
	}

	/* BENCH_DEDUPE_MISS=N: the scores of the first N second intakes that the
	 * scan did not pair with their original, to read */
	if (getenv("BENCH_DEDUPE_MISS")) {
		struct dedupe_weights *w = NULL;
		if (dedupe_weights_load(db, &w, &err) != SENDA_OK)
			fail("weights", &err);
		long shown = 0, want = atol(getenv("BENCH_DEDUPE_MISS"));
		for (long i = 0; i < ndup && shown < want; i++) {
			participant d, o;
			if (participant_get(db, dup_ids[i], &d, &err) != SENDA_OK)
				fail("get", &err);
			long me = person_of(recs, (size_t)people, d.id);
			const char *oid = NULL;
			for (long k = 0; k < people && !oid; k++)
				if ((long)recs[k].person == me && strcmp(recs[k].id, d.id) != 0)
					oid = recs[k].id;
			bool found = false;
			for (size_t k = 0; k < n && !found; k++)
				found = (strcmp(p[k].a, d.id) == 0 && strcmp(p[k].b, oid) == 0) ||
					(strcmp(p[k].b, d.id) == 0 && strcmp(p[k].a, oid) == 0);
			if (!found && participant_get(db, oid, &o, &err) == SENDA_OK) {
				char *ev = NULL;
				int sc = dedupe_score(&o, &d, w, &ev);
				printf("missed %d: %s\n", sc, ev);
				free(ev);
				participant_free(&o);
				shown++;
			}
			participant_free(&d);
		}
		dedupe_weights_free(w);
	}

	/* the intake check of each duplicate against the file, as at an intake */
	long checks = ndup < 2000 ? ndup : 2000;
	double *ms = xmalloc((size_t)(checks ? checks : 1) * sizeof *ms);
	long hit = 0;
	for (long i = 0; i < checks; i++) {
		participant q;
		if (participant_get(db, dup_ids[i], &q, &err) != SENDA_OK)
			fail("get", &err);
		dedupe_match *m = NULL;
		size_t nm = 0;
		double a = wall_now();
		if (dedupe_candidates(db, &q, 5, &m, &nm, &err) != SENDA_OK)
			fail("candidates", &err);
		ms[i] = (wall_now() - a) * 1000;
		long me = person_of(recs, (size_t)people, q.id);
		for (size_t k = 0; k < nm; k++)
			if (person_of(recs, (size_t)people, m[k].id) == me) {
				hit++;
				break;
			}
		dedupe_matches_free(m, nm);
		participant_free(&q);
	}
	qsort(ms, (size_t)checks, sizeof *ms, cmp_double);

	printf("people %ld (%ld second intakes; true pairs %zu, of people with two surnames %zu),"
	       " made in %.1f s\n", people, ndup, true_n, true2, made);
	printf("threshold %d\n", DEDUPE_THRESHOLD);
	printf("scan: %zu pairs found, %" PRId64 " compared, %.2f s CPU, %.2f s wall\n", n,
	       st.compared, scan_cpu, scan_wall);
	printf("all:           recall %.4f (%zu/%zu)  precision %.4f (%zu/%zu)\n",
	       true_n ? (double)tp / (double)true_n : 0, tp, true_n, n ? (double)tp / (double)n : 0,
	       tp, n);
	printf("two surnames:  recall %.4f (%zu/%zu)  precision %.4f (%zu/%zu)\n",
	       true2 ? (double)tp2 / (double)true2 : 0, tp2, true2,
	       tp2 + fp2 ? (double)tp2 / (double)(tp2 + fp2) : 0, tp2, tp2 + fp2);
	if (checks)
		printf("intake check (%ld duplicates): its true match among the candidates %.4f;"
		       " median %.2f ms, 99th %.2f ms, worst %.2f ms\n", checks,
		       (double)hit / (double)checks, ms[checks / 2], ms[checks * 99 / 100],
		       ms[checks - 1]);
	dedupe_pairs_free(p, n);
	db_close(db);
	if (path == tmp) {
		unlink(path);
		char side[300];
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	free(orig); free(recs); free(copies); free(dup_ids); free(ms);
	return 0;
}
