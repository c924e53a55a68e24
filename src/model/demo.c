/* senda — deterministic synthetic participants. The names are common in
 * Latino communities in the US; accents and ñ appear on purpose, so that
 * every screen and search is exercised with real-looking text. None of these
 * people exist: phone numbers are in the fictional 555-01xx range. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/clock.h"
#include "senda/demo.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/partner.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/referral.h"
#include "senda/site.h"
#include "senda/uuid.h"
#include "senda/perm.h"
#include "db/stmt.h"

static const char *const women[] = {
	"María José", "Ana Sofía", "Guadalupe", "María Fernanda", "Lucía", "Inés",
	"Noemí", "Verónica", "Mónica", "Araceli", "Yesenia", "Maribel", "Xóchitl",
	"Itzel", "Rocío", "Ximena", "Begoña", "Dolores", "Fátima", "Rosalía",
	"Leticia", "Claudia", "Sofía", "Valentina", "Camila", "Daniela", "Ángela",
	"Marisol", "Elena", "Beatriz",
};
static const char *const men[] = {
	"José Luis", "Juan Carlos", "Jesús", "Raúl", "Andrés", "Joaquín", "Martín",
	"Sebastián", "Ángel", "Óscar", "Héctor", "Rubén", "Ramón", "Iñaki",
	"Efraín", "Germán", "Luis Ángel", "Miguel", "Francisco", "Alejandro",
	"Diego", "Santiago", "Julián", "Tomás", "Nicolás", "Cristóbal", "Edgar",
	"Gerardo", "Wilfredo", "Ernesto",
};
static const char *const surnames[] = {
	"García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez",
	"Sánchez", "Ramírez", "Flores", "Gómez", "Díaz", "Cruz", "Morales", "Reyes",
	"Gutiérrez", "Ortiz", "Chávez", "Ruiz", "Álvarez", "Jiménez", "Mendoza",
	"Vásquez", "Castillo", "Romero", "Herrera", "Medina", "Aguilar", "Vargas",
	"Núñez", "Peña", "Muñoz", "Ibáñez", "Castañeda", "Saldaña", "Quiñones",
	"Zúñiga", "Montaño", "Ordóñez", "Beltrán", "Durán", "Ríos", "Salazar",
	"Guzmán", "Rosales", "Marín", "Cortés", "Sosa", "Espinoza", "Avendaño",
};
static const char *const countries[] = {
	"México", "Guatemala", "El Salvador", "Honduras", "Venezuela", "Colombia",
	"Cuba", "República Dominicana", "Ecuador", "Perú", "Nicaragua", "Puerto Rico",
};
static const char *const times[] = {
	"mañanas", "tardes", "después de las 6", "sábados", "mornings", "evenings",
};
static const char *const interests[] = {
	"cuidado de salud (CNA)", "construcción", "cocina", "manejo de montacargas",
	"limpieza comercial", "cuidado de niños", "mecánica", "ventas", "almacén",
	"healthcare", "welding", "office work",
};
static const char *const heard[] = {
	"iglesia", "radio", "una amiga", "la escuela de sus hijos", "Facebook",
	"el consulado", "flyer at the laundromat", "community college",
};

#define PICK(arr, r) (arr[(r) % (sizeof arr / sizeof arr[0])])

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
make_person(participant *p, uint64_t seed, int64_t i, sdate today)
{
	uint64_t s = seed * 1000003ULL + (uint64_t)i;
	next(&s);
	uuid_from_seed(seed, (uint64_t)i, p->id);
	int woman = next(&s) % 2;
	participant_set(&p->given_names, woman ? PICK(women, next(&s)) : PICK(men, next(&s)));
	participant_set(&p->first_surname, PICK(surnames, next(&s)));
	if (next(&s) % 10 < 8)
		participant_set(&p->second_surname, PICK(surnames, next(&s)));
	if (next(&s) % 10 == 0)
		participant_set(&p->preferred_name, woman ? "Lupita" : "Chuy");
	sdate birth = date_from_days(date_to_days((sdate){ today.y - 65, 1, 1 })
				     + (long)(next(&s) % (47 * 365)));
	date_to_iso(birth, p->birth_date);
	char phone[32];
	snprintf(phone, sizeof phone, "(%03u) 555-01%02u",
		 (unsigned)(200 + next(&s) % 800), (unsigned)(next(&s) % 100));
	participant_set(&p->phone, phone);
	participant_set(&p->language, next(&s) % 100 < 85 ? "es" : "en");
	participant_set(&p->best_time, PICK(times, next(&s)));
	participant_set(&p->country, PICK(countries, next(&s)));
	int age = date_years_between(birth, today);
	int years = (int)(next(&s) % 25);
	p->years_in_us = years > age ? age : years;
	participant_set(&p->schooling, participant_schooling_codes[next(&s) % 8]);
	p->employed = (int)(next(&s) % 2);
	p->wage_cents = p->employed ? 900 + (int64_t)(next(&s) % 1100) : -1;
	participant_set(&p->work_interests, PICK(interests, next(&s)));
	participant_set(&p->heard_from, PICK(heard, next(&s)));
	p->consent_contact = next(&s) % 10 < 9;
	p->consent_share = next(&s) % 10 < 7;
	/* Intakes spread over the last two years, as in a real file. */
	long back = 1 + (long)(next(&s) % 730);
	sdate intake = date_from_days(date_to_days(today) - back);
	char iso[11], when[21];
	date_to_iso(intake, iso);
	snprintf(when, sizeof when, "%sT%02u:%02u:00Z", iso, (unsigned)(9 + next(&s) % 8),
		 (unsigned)(next(&s) % 60));
	participant_set(&p->created_at, when);
	if (*p->consent_date == '\0' && (p->consent_contact || p->consent_share))
		snprintf(p->consent_date, sizeof p->consent_date, "%s", iso);
}

/* ---- the partner directory and each person's path ---------------------- */

struct demo_program {
	const char *partner, *kind, *address, *city, *phone;
	const char *name, *pkind, *documents, *schedule, *contact, *credential;
	int min_level, diploma;
	int64_t cost;
};

static const struct demo_program directory[] = {
	{ "Valley Community College", "college", "1200 College Ave, Bldg C", "Springfield", "(555) 010-0101",
	  "ESL evening class", "esl", "photo ID", "Mon/Wed 6-9 pm", "ESL office", "", 0, 0, 0 },
	{ "Valley Community College", "college", "1200 College Ave, Bldg C", "Springfield", "(555) 010-0101",
	  "Nurse Aide I course", "vocational", "photo ID, proof of address, TB test",
	  "Mon-Thu 6-9 pm, 10 weeks", "Ms. Ortiz", "Nurse Aide I", 5, 1, 45000 },
	{ "Centro Latino de Aprendizaje", "community", "45 Calle Sol", "Springfield", "(555) 010-0122",
	  "GED preparation in Spanish", "ged", "", "Tue/Thu 5:30-8 pm", "Sra. Medina", "GED", 2, 0, 0 },
	{ "Centro Latino de Aprendizaje", "community", "45 Calle Sol", "Springfield", "(555) 010-0122",
	  "Forklift operator course", "vocational", "photo ID, work boots", "Sat 8 am-2 pm, 4 weeks",
	  "Mr. Reyes", "Forklift certification", 3, 0, 15000 },
	{ "Springfield Job Center", "job_center", "300 Commerce St", "Springfield", "(555) 010-0150",
	  "Job-search workshop", "workshop", "resume if you have one", "Fridays 10 am", "front desk",
	  "", 3, 0, 0 },
};
#define NDIRECTORY (sizeof directory / sizeof directory[0])

static const char *const employers[] = {
	"Sunrise Care Home", "Valley Medical Center", "Green Leaf Warehouse", "La Esperanza Bakery",
	"Metro Cleaning Services", "Springfield Hotel", "Riverside Construction",
};

/* Partners and programs once per file; their ids in prog_ids. */
static senda_err
demo_directory(senda_db *db, char prog_ids[NDIRECTORY][UUID_LEN], senda_error *err)
{
	for (size_t i = 0; i < NDIRECTORY; i++) {
		const struct demo_program *d = &directory[i];
		partner org;   /* filled by partner_find, or made here */
		senda_err e = partner_find(db, d->partner, &org, NULL);
		if (e != SENDA_OK) {
			partner_init(&org);
			free(org.name); org.name = xstrdup(d->partner);
			free(org.kind); org.kind = xstrdup(d->kind);
			free(org.address); org.address = xstrdup(d->address);
			free(org.city); org.city = xstrdup(d->city);
			free(org.phone); org.phone = xstrdup(d->phone);
			if ((e = partner_save(db, &org, err)) != SENDA_OK) {
				partner_free(&org);
				return e;
			}
		}
		program g;
		if (program_find(db, org.id, d->name, &g, NULL) != SENDA_OK) {
			program_init(&g);
			snprintf(g.partner_id, sizeof g.partner_id, "%s", org.id);
			free(g.name); g.name = xstrdup(d->name);
			free(g.kind); g.kind = xstrdup(d->pkind);
			free(g.documents); g.documents = xstrdup(d->documents);
			free(g.schedule); g.schedule = xstrdup(d->schedule);
			free(g.contact_name); g.contact_name = xstrdup(d->contact);
			free(g.credential); g.credential = xstrdup(d->credential);
			g.min_esl_level = d->min_level;
			g.needs_diploma = d->diploma;
			g.cost_cents = d->cost;
			e = program_save(db, &g, err);
		}
		snprintf(prog_ids[i], UUID_LEN, "%s", g.id);
		program_free(&g);
		partner_free(&org);
		if (e != SENDA_OK)
			return e;
	}
	return SENDA_OK;
}

static void
iso_days_after(const char *iso, long days, sdate today, char out[11])
{
	sdate d;
	date_from_iso(iso, &d);
	long t = date_to_days(d) + days, limit = date_to_days(today);
	date_to_iso(date_from_days(t > limit ? limit : t), out);
}

/* A screening for most, a referral for some, a job for a few: the same
 * choices for the same seed (ids and clocks aside). */
static senda_err
demo_path(senda_db *db, const participant *p, uint64_t seed, int64_t i,
	  char prog_ids[NDIRECTORY][UUID_LEN], sdate today, senda_error *err)
{
	uint64_t s = seed * 7919ULL + (uint64_t)i * 104729ULL + 17;
	next(&s);
	if (next(&s) % 10 >= 7)
		return SENDA_OK;                      /* 30% not screened yet */
	screening sc;
	screening_init(&sc);
	snprintf(sc.participant_id, sizeof sc.participant_id, "%s", p->id);
	xstrset(&sc.instrument, "casas");
	sc.score = 170 + (int)(next(&s) % 70);
	/* Screened at intake or within a month of it. */
	char intake[11];
	snprintf(intake, sizeof intake, "%.10s", p->created_at);
	iso_days_after(intake, (long)(next(&s) % 30), today, sc.screened_on);
	if (strcmp(sc.screened_on, p->birth_date) <= 0) {
		screening_free(&sc);
		return SENDA_OK;
	}
	senda_err e = screening_create(db, &sc, err);
	screening_free(&sc);   /* its level and date stay */
	if (e != SENDA_OK || next(&s) % 10 >= 6)
		return e;                             /* 40% of them not referred */
	if (p->consent_share != 1)
		return SENDA_OK;                      /* nor those who did not consent to share */
	referral r;
	memset(&r, 0, sizeof r);
	snprintf(r.participant_id, sizeof r.participant_id, "%s", p->id);
	/* The first program of a random start that the person can enter. */
	size_t start = next(&s) % NDIRECTORY, pick = NDIRECTORY;
	for (size_t k = 0; k < NDIRECTORY && pick == NDIRECTORY; k++) {
		size_t j = (start + k) % NDIRECTORY;
		if (directory[j].min_level <= sc.level && !directory[j].diploma)
			pick = j;
	}
	if (pick == NDIRECTORY)
		pick = 0;
	memcpy(r.program_id, prog_ids[pick], UUID_LEN);
	iso_days_after(sc.screened_on, (long)(next(&s) % 20), today, r.referred_on);
	if ((e = referral_create(db, &r, NULL, 0, err)) != SENDA_OK)
		return e;
	static const char *const path[] = { "contacted", "enrolled", "completed" };
	int steps = (int)(next(&s) % 4);
	char on[11];
	snprintf(on, sizeof on, "%s", r.referred_on);
	for (int k = 0; k < steps && e == SENDA_OK; k++) {
		iso_days_after(on, 3 + (long)(next(&s) % 30), today, on);
		e = referral_set_status(db, r.id, path[k], on, NULL,
					k == 2 ? directory[pick].credential : NULL, false, err);
	}
	if (e != SENDA_OK || steps < 3 || next(&s) % 10 >= 6)
		return e;
	placement pl;
	placement_init(&pl);
	snprintf(pl.participant_id, sizeof pl.participant_id, "%s", p->id);
	xstrset(&pl.employer, PICK(employers, next(&s)));
	xstrset(&pl.job_title,
		*directory[pick].credential ? directory[pick].credential : "Associate");
	iso_days_after(on, 7 + (long)(next(&s) % 40), today, pl.start_date);
	pl.wage_cents = 1300 + (int64_t)(next(&s) % 1200);
	pl.hours_week = 20 + (int)(next(&s) % 21);
	pl.benefits = (int)(next(&s) % 2);
	e = placement_create(db, &pl, false, err);
	placement_free(&pl);
	return e;
}

/* The local setting that marks a file demo made. */
#define DEMO_MARK "demo_file"

/* ---- what a big demo builds once, at the end --------------------------- *
 * Ids are made in order, so every index on an id only grows at its end; two
 * indexes of participant stay in another order (by name, by intake date),
 * and a row added to them dirties a page anywhere: with thousands of people
 * a commit, nearly one page per person, each commit, written twice (the
 * log, then the file). A big demo drops them and builds them at the end,
 * once, from a sort. The full-text index (participant_fts) is filled the
 * same way: its trigger is paused, and everyone is indexed in one statement
 * at the end (a row at a time, it costs as much as the rest of the row's
 * insert). Their definitions wait in settings meanwhile, so that an
 * interrupted demo gets them back the next time it runs (and the full-text
 * index gets the rows made while it waited). */
static const struct paused {
	const char *type, *name, *setting, *drop;
} paused[] = {
	{ "index", "participant_sort", "demo_paused_index_participant_sort",
	  "DROP INDEX participant_sort" },
	{ "index", "participant_created", "demo_paused_index_participant_created",
	  "DROP INDEX participant_created" },
	{ "trigger", "participant_fts_ai", "demo_paused_trigger_participant_fts_ai",
	  "DROP TRIGGER participant_fts_ai" },
};
#define NPAUSED (sizeof paused / sizeof paused[0])
/* Fewer people than this are added row by row to the indexes as they are. */
#define DEMO_PAUSE_FROM 10000

static senda_err
pause_one(senda_db *db, size_t i, senda_error *err)
{
	char *sql = NULL;
	senda_err e = db_text(db, &sql, NULL,
			      "SELECT sql FROM sqlite_schema WHERE type = ? AND name = ?",
			      "tt", paused[i].type, paused[i].name);
	if (e == SENDA_E_NOTFOUND)
		return SENDA_OK;   /* already waiting in settings */
	if (e != SENDA_OK)
		return db_error(db, err);
	e = db_set_setting(db, paused[i].setting, sql, err);
	free(sql);
	if (e != SENDA_OK)
		return e;
	/* The names are this table's, not input: no parameter can name an index. */
	return db_exec(db, err, paused[i].drop, "");
}

/* The full-text index for the people the paused trigger did not index:
 * what it would have added, in one statement. */
static senda_err
fts_fill(senda_db *db, senda_error *err)
{
	return db_exec(db, err, "INSERT INTO participant_fts (rowid, names)"
		       " SELECT rowid, given_names || ' ' || first_surname || ' ' ||"
		       " second_surname || ' ' || preferred_name FROM participant p"
		       " WHERE deleted = 0 AND NOT EXISTS (SELECT 1 FROM participant_fts f"
		       " WHERE f.rowid = p.rowid) ORDER BY rowid", NULL);
}

static senda_err
resume_one(senda_db *db, size_t i, senda_error *err)
{
	char *sql = NULL;
	senda_err e = db_setting(db, paused[i].setting, &sql, NULL);
	if (e == SENDA_E_NOTFOUND)
		return SENDA_OK;
	if (e != SENDA_OK)
		return db_error(db, err);
	/* The definition as the schema had it, run once (not cached). */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	free(sql);
	if (rc != SQLITE_OK)
		return db_error(db, err);
	if (strcmp(paused[i].type, "trigger") == 0 && (e = fts_fill(db, err)) != SENDA_OK)
		return e;
	return db_exec(db, err, "DELETE FROM setting WHERE key = ?", "t", paused[i].setting);
}

/* Pause (build false) or build what waits, in one transaction. */
static senda_err
demo_indexes(senda_db *db, bool build, senda_error *err)
{
	senda_err e = db_begin(db, err);
	for (size_t i = 0; i < NPAUSED && e == SENDA_OK; i++)
		e = build ? resume_one(db, i, err) : pause_one(db, i, err);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
demo_generate(senda_db *db, int64_t n, uint64_t seed, demo_progress_fn progress,
	      void *ctx, senda_error *err)
{
	PERM_CHECK(db, PERM_PEOPLE_WRITE, err);
	senda_err e;
	/* Invented people never go into a site's real records: only into a new
	 * file, or one that demo made. */
	if (site_is_setup(db)) {
		char *mark = NULL;
		e = db_setting(db, DEMO_MARK, &mark, err);
		bool demo_file = e == SENDA_OK && mark && strcmp(mark, "1") == 0;
		free(mark);
		if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
			return e;
		if (!demo_file)
			return senda_fail(err, SENDA_E_STATE, NULL, "%s",
					  _("this file holds a site's own records; invented people go "
					    "into a file of their own, e.g. senda --db demo.db demo"));
	} else if ((e = site_setup(db, "Demo", "Demo coordinator", "en", err)) != SENDA_OK ||
		   (e = db_set_setting(db, DEMO_MARK, "1", err)) != SENDA_OK)
		return e;
	sdate today = clock_today();
	const int64_t batch = 25000;   /* people a commit: fewer, bigger commits write fewer pages twice */
	char prog_ids[NDIRECTORY][UUID_LEN];
	/* Indexes an interrupted demo left in settings come back first. */
	if ((e = demo_indexes(db, true, err)) != SENDA_OK ||
	    (e = demo_directory(db, prog_ids, err)) != SENDA_OK)
		return e;
	if (n >= DEMO_PAUSE_FROM && ((e = db_bulk_load(db, true, err)) != SENDA_OK ||
				     (e = demo_indexes(db, false, err)) != SENDA_OK))
		return e;
	int64_t created = 0;   /* searchable once the name index is built, below */
	/* Only a file that has people already (an interrupted demo, or a second
	 * one) can hold some of the same: each is looked for then, not in a new
	 * file. */
	int64_t had = 0;
	if ((e = db_int(db, &had, err, "SELECT EXISTS (SELECT 1 FROM participant)", NULL))
	    != SENDA_OK)
		return e;
	for (int64_t done = 0; done < n;) {
		if ((e = db_begin(db, err)) != SENDA_OK)
			return e;
		int64_t end = done + batch < n ? done + batch : n;
		for (int64_t i = done; i < end; i++) {
			participant p;
			participant_init(&p);
			make_person(&p, seed, i, today);
			/* A person already added (same seed, same index) is skipped. */
			participant old;
			if (had && participant_get(db, p.id, &old, NULL) == SENDA_OK) {
				participant_free(&old);
				participant_free(&p);
				continue;
			}
			e = participant_create_unindexed(db, &p, err);
			created++;
			if (e == SENDA_OK)
				e = demo_path(db, &p, seed, i, prog_ids, today, err);
			participant_free(&p);
			if (e != SENDA_OK) {
				db_rollback(db);
				/* The first error is the one told; the log comes back
				 * at the next open in any case. */
				senda_err again = db_bulk_load(db, false, NULL);
				(void)again;
				return e;
			}
		}
		if ((e = db_commit(db, err)) != SENDA_OK)
			return e;
		done = end;
		if (progress)
			progress(done, n, ctx);
	}
	if ((e = demo_indexes(db, true, err)) != SENDA_OK)
		return e;
	/* The name search index, built once, in order. */
	if (created && (e = participant_index_build(db, err)) != SENDA_OK) {
		senda_err again = db_bulk_load(db, false, NULL);
		(void)again;
		return e;
	}
	return db_bulk_load(db, false, err);
}
