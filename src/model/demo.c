/* senda — deterministic synthetic participants. The names are common in
 * Latino communities in the US; accents and ñ appear on purpose, so that
 * every screen and search is exercised with real-looking text. None of these
 * people exist: phone numbers are in the fictional 555-01xx range. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "senda/clock.h"
#include "senda/demo.h"
#include "senda/participant.h"
#include "senda/site.h"
#include "senda/uuid.h"

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
}

senda_err
demo_generate(senda_db *db, int64_t n, uint64_t seed, demo_progress_fn progress,
	      void *ctx, senda_error *err)
{
	senda_err e;
	if (!site_is_setup(db) &&
	    (e = site_setup(db, "Demo", "Demo coordinator", "en", err)) != SENDA_OK)
		return e;
	sdate today = clock_today();
	const int64_t batch = 5000;
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
			if (participant_get(db, p.id, &old, NULL) == SENDA_OK) {
				participant_free(&old);
				participant_free(&p);
				continue;
			}
			e = participant_create(db, &p, err);
			participant_free(&p);
			if (e != SENDA_OK) {
				db_rollback(db);
				return e;
			}
		}
		if ((e = db_commit(db, err)) != SENDA_OK)
			return e;
		done = end;
		if (progress)
			progress(done, n, ctx);
	}
	return SENDA_OK;
}
