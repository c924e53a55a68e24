/* senda — the weights of the duplicate score: how many people of the file
 * have each folded name word (a rare name proves more), and the nickname
 * groups each word belongs to (the defaults, and the site's table). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/text.h"
#include "db/stmt.h"
#include "dedupe_internal.h"

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct dedupe_weights *
dd_weights_new(void)
{
	struct dedupe_weights *w = xcalloc(1, sizeof *w);
	w->cap = 1024;
	w->e = xcalloc(w->cap, sizeof *w->e);
	return w;
}

dd_entry *
dd_find(const struct dedupe_weights *w, const char *key)
{
	if (!w || !w->cap)
		return NULL;
	for (size_t i = hash(key) & (w->cap - 1);; i = (i + 1) & (w->cap - 1)) {
		if (!w->e[i].key)
			return NULL;
		if (strcmp(w->e[i].key, key) == 0)
			return &w->e[i];
	}
}

dd_entry *
dd_put(struct dedupe_weights *w, const char *key)
{
	dd_entry *e = dd_find(w, key);
	if (e)
		return e;
	if ((w->used + 1) * 2 > w->cap) {
		dd_entry *old = w->e;
		size_t oldcap = w->cap;
		w->cap *= 2;
		w->e = xcalloc(w->cap, sizeof *w->e);
		for (size_t i = 0; i < oldcap; i++) {
			if (!old[i].key)
				continue;
			size_t j = hash(old[i].key) & (w->cap - 1);
			while (w->e[j].key)
				j = (j + 1) & (w->cap - 1);
			w->e[j] = old[i];
		}
		free(old);
	}
	size_t j = hash(key) & (w->cap - 1);
	while (w->e[j].key)
		j = (j + 1) & (w->cap - 1);
	w->e[j].key = xstrdup(key);
	w->e[j].rare = -1;
	w->used++;
	return &w->e[j];
}

void
dedupe_weights_free(struct dedupe_weights *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->cap; i++) {
		free(w->e[i].key);
		free(w->e[i].groups);
	}
	free(w->e);
	free(w);
}

static void
add_group(struct dedupe_weights *w, const char *name, const char *formal)
{
	dd_entry *e = dd_put(w, name);
	if (!e->groups) {
		e->groups = xstrdup(formal);
		return;
	}
	char *g = xasprintf("%s %s", e->groups, formal);
	free(e->groups);
	e->groups = g;
}

/* The nicknames schema 008 seeds (name, formal), for NULL weights; a unit
 * test checks that the table of a new file holds exactly these. */
static const char *const seed[][2] = {
	{ "jose", "jose" },
	{ "pepe", "jose" },
	{ "chepe", "jose" },
	{ "pepito", "jose" },
	{ "cheo", "jose" },
	{ "francisco", "francisco" },
	{ "paco", "francisco" },
	{ "pancho", "francisco" },
	{ "frank", "francisco" },
	{ "kiko", "francisco" },
	{ "curro", "francisco" },
	{ "paquito", "francisco" },
	{ "panchito", "francisco" },
	{ "guadalupe", "guadalupe" },
	{ "lupe", "guadalupe" },
	{ "lupita", "guadalupe" },
	{ "jesus", "jesus" },
	{ "chuy", "jesus" },
	{ "chucho", "jesus" },
	{ "ignacio", "ignacio" },
	{ "nacho", "ignacio" },
	{ "enrique", "enrique" },
	{ "quique", "enrique" },
	{ "kike", "enrique" },
	{ "dolores", "dolores" },
	{ "lola", "dolores" },
	{ "lolita", "dolores" },
	{ "concepcion", "concepcion" },
	{ "concha", "concepcion" },
	{ "conchita", "concepcion" },
	{ "rosario", "rosario" },
	{ "chayo", "rosario" },
	{ "charo", "rosario" },
	{ "manuel", "manuel" },
	{ "manolo", "manuel" },
	{ "manny", "manuel" },
	{ "alejandro", "alejandro" },
	{ "alex", "alejandro" },
	{ "ale", "alejandro" },
	{ "alejandra", "alejandra" },
	{ "alex", "alejandra" },
	{ "ale", "alejandra" },
	{ "guillermo", "guillermo" },
	{ "memo", "guillermo" },
	{ "willy", "guillermo" },
	{ "roberto", "roberto" },
	{ "beto", "roberto" },
	{ "alberto", "alberto" },
	{ "beto", "alberto" },
	{ "humberto", "humberto" },
	{ "beto", "humberto" },
	{ "gilberto", "gilberto" },
	{ "beto", "gilberto" },
	{ "eduardo", "eduardo" },
	{ "lalo", "eduardo" },
	{ "antonio", "antonio" },
	{ "tono", "antonio" },
	{ "tony", "antonio" },
	{ "luis", "luis" },
	{ "lucho", "luis" },
	{ "wicho", "luis" },
	{ "ramon", "ramon" },
	{ "moncho", "ramon" },
	{ "santiago", "santiago" },
	{ "chago", "santiago" },
	{ "santi", "santiago" },
	{ "rafael", "rafael" },
	{ "rafa", "rafael" },
	{ "ricardo", "ricardo" },
	{ "richi", "ricardo" },
	{ "ricky", "ricardo" },
	{ "fernando", "fernando" },
	{ "nando", "fernando" },
	{ "mercedes", "mercedes" },
	{ "meche", "mercedes" },
	{ "soledad", "soledad" },
	{ "chole", "soledad" },
	{ "socorro", "socorro" },
	{ "coco", "socorro" },
	{ "refugio", "refugio" },
	{ "cuca", "refugio" },
	{ "cuco", "refugio" },
	{ "cristina", "cristina" },
	{ "cris", "cristina" },
	{ "tina", "cristina" },
	{ "patricia", "patricia" },
	{ "paty", "patricia" },
	{ "pati", "patricia" },
	{ "isabel", "isabel" },
	{ "chabela", "isabel" },
	{ "chavela", "isabel" },
	{ "isa", "isabel" },
	{ "carmen", "carmen" },
	{ "carmela", "carmen" },
	{ "mela", "carmen" },
	{ "josefina", "josefina" },
	{ "chepina", "josefina" },
	{ "fina", "josefina" },
	{ "pepa", "josefina" },
	{ "josefa", "josefa" },
	{ "pepa", "josefa" },
	{ "felipe", "felipe" },
	{ "pipe", "felipe" },
	{ "rodrigo", "rodrigo" },
	{ "rigo", "rodrigo" },
	{ "salvador", "salvador" },
	{ "chava", "salvador" },
	{ "chavo", "salvador" },
	{ "jorge", "jorge" },
	{ "coque", "jorge" },
	{ "juan", "juan" },
	{ "juancho", "juan" },
	{ "juanito", "juan" },
	{ "gabriel", "gabriel" },
	{ "gabo", "gabriel" },
	{ "gabriela", "gabriela" },
	{ "gaby", "gabriela" },
	{ "graciela", "graciela" },
	{ "chela", "graciela" },
	{ "teresa", "teresa" },
	{ "tere", "teresa" },
	{ "beatriz", "beatriz" },
	{ "bety", "beatriz" },
	{ "leticia", "leticia" },
	{ "lety", "leticia" },
	{ "ernesto", "ernesto" },
	{ "neto", "ernesto" },
	{ "andres", "andres" },
	{ "andy", "andres" },
	{ "daniel", "daniel" },
	{ "dani", "daniel" },
	{ "daniela", "daniela" },
	{ "dani", "daniela" },
	{ "veronica", "veronica" },
	{ "vero", "veronica" },
	{ "monica", "monica" },
	{ "moni", "monica" },
	{ "rocio", "rocio" },
	{ "chio", "rocio" },
	{ "anastasio", "anastasio" },
	{ "tacho", "anastasio" },
	{ "eusebio", "eusebio" },
	{ "chebo", "eusebio" },
	{ "alfredo", "alfredo" },
	{ "fredo", "alfredo" },
	{ "joaquin", "joaquin" },
	{ "quino", "joaquin" },
	{ "chimo", "joaquin" },
	{ "martin", "martin" },
	{ "tincho", "martin" },
	{ "nicolas", "nicolas" },
	{ "nico", "nicolas" },
	{ "sebastian", "sebastian" },
	{ "sebas", "sebastian" },
	{ "wilfredo", "wilfredo" },
	{ "willy", "wilfredo" },
	{ "ximena", "ximena" },
	{ "xime", "ximena" },
	{ "esperanza", "esperanza" },
	{ "espe", "esperanza" },
	{ "asuncion", "asuncion" },
	{ "chon", "asuncion" },
	{ "encarnacion", "encarnacion" },
	{ "chon", "encarnacion" },
};

const struct dedupe_weights *
dd_defaults(void)
{
	static struct dedupe_weights *d;
	if (!d) {
		d = dd_weights_new();
		for (size_t i = 0; i < sizeof seed / sizeof seed[0]; i++)
			add_group(d, seed[i][0], seed[i][1]);
	}
	return d;
}

senda_err
dd_load_nicknames(senda_db *db, struct dedupe_weights *w, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name, formal FROM nickname ORDER BY formal, name",
				      err);
	if (!st)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_group(w, (const char *)sqlite3_column_text(st, 0),
			  (const char *)sqlite3_column_text(st, 1));
	db_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
dedupe_weights_load(senda_db *db, struct dedupe_weights **out, senda_error *err)
{
	struct dedupe_weights *w = dd_weights_new();
	senda_err e = dd_load_nicknames(db, w, err);
	sqlite3_stmt *st = e == SENDA_OK ? db_prepare(db,
		"SELECT given_names, preferred_name, first_surname, second_surname"
		" FROM participant WHERE deleted = 0", err) : NULL;
	if (!st) {
		dedupe_weights_free(w);
		return err->code;
	}
	int rc;
	char buf[DD_BUF];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dd_rec r;
		dd_prep((const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3), NULL, NULL, NULL, buf, sizeof buf, &r);
		for (int i = 0; i < r.ng + r.ns; i++)
			dd_put(w, r.tok + r.off[i])->count++;
		w->people++;
	}
	db_reset(st);
	if (rc != SQLITE_DONE) {
		dedupe_weights_free(w);
		return db_error(db, err);
	}
	if (w->people == 0)
		w->people = 1;
	*out = w;
	return SENDA_OK;
}

