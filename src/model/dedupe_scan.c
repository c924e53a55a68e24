/* senda — possible duplicates: of one person at intake (looked up by phone,
 * birth date and surname, never the whole file) and of every pair in the
 * file (blocking: only people who share a key are compared). */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/dedupe.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "dedupe_internal.h"

void
dedupe_matches_free(dedupe_match *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		free(m[i].evidence);
	free(m);
}

void
dedupe_pairs_free(dedupe_pair *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		free(p[i].evidence);
	free(p);
}

static void
prep_participant(const participant *p, char *buf, size_t cap, dd_rec *r)
{
	dd_prep(p->given_names, p->preferred_name, p->first_surname, p->second_surname,
		p->birth_date, p->phone, p->phone_alt, buf, cap, r);
}

/* ---- at intake --------------------------------------------------------- */

/* A growing set of rowids. */
struct rows {
	int64_t *v;
	size_t n, cap;
};

static void
rows_add(struct rows *r, int64_t id)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = id;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Every rowid the statement (bound already) gives, into r. */
static senda_err
collect(senda_db *db, sqlite3_stmt *st, struct rows *r, senda_error *err)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rows_add(r, sqlite3_column_int64(st, 0));
	db_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* The digits of a phone as the index on them holds them: the last ten. */
static void
phone10(const char *s, char out[16])
{
	char d[64];
	size_t n = 0;
	for (; *s && n < sizeof d - 1; s++)
		if (*s >= '0' && *s <= '9')
			d[n++] = *s;
	d[n] = '\0';
	snprintf(out, 16, "%s", n > 10 ? d + n - 10 : d);
}

#define PHONE10(col) \
	"substr(replace(replace(replace(replace(replace(replace(" col ", ' ', ''), '-', ''), '(', '')," \
	" ')', ''), '.', ''), '+', ''), -10)"

static senda_err
by_phone(senda_db *db, const char *phone, struct rows *r, senda_error *err)
{
	static const char *const sql[2] = {
		"SELECT rowid FROM participant WHERE " PHONE10("phone")
		" = ?1 AND deleted = 0 AND phone <> ''",
		"SELECT rowid FROM participant WHERE " PHONE10("phone_alt")
		" = ?1 AND deleted = 0 AND phone_alt <> ''",
	};
	if (dd_phone(phone) == 0)
		return SENDA_OK;
	char digits[16];
	phone10(phone, digits);
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = db_prepare(db, sql[i], err);
		if (!st)
			return err->code;
		senda_err e = db_bind(db, st, err, "t", digits);
		if (e == SENDA_OK)
			e = collect(db, st, r, err);
		if (e != SENDA_OK)
			return e;
	}
	return SENDA_OK;
}

static senda_err
by_date(senda_db *db, const char *birth, struct rows *r, senda_error *err)
{
	if (strlen(birth) != 10)
		return SENDA_OK;
	char swapped[11];
	snprintf(swapped, sizeof swapped, "%.4s-%.2s-%.2s", birth, birth + 8, birth + 5);
	sqlite3_stmt *st = db_prepare(db, "SELECT rowid FROM participant WHERE birth_date IN (?1, ?2)"
				      " AND deleted = 0 AND birth_date IS NOT NULL", err);
	if (!st)
		return err->code;
	senda_err e = db_bind(db, st, err, "tt", birth, swapped);
	return e == SENDA_OK ? collect(db, st, r, err) : e;
}

/* Whether a word of sort_key (folded surnames and given names) could be one
 * of p's given names: the same, a nickname of one (in names, every name of
 * their groups), a letter off, an initial. */
static bool
given_fits(const char *sort_key, const dd_rec *x, const struct dedupe_weights *names)
{
	char w[128];
	for (const char *p = sort_key; *p;) {
		size_t n = strcspn(p, " ");
		if (n > 0 && n < sizeof w) {
			memcpy(w, p, n);
			w[n] = '\0';
			if (dd_find(names, w))
				return true;
			const char *t = x->tok;
			for (int i = 0; i < x->ng; i++, t += strlen(t) + 1)
				if (dd_typo(t, w) || ((n == 1 || t[1] == '\0') && t[0] == w[0]))
					return true;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	return false;
}

#define GIVEN_COUNT_MAX 10000

/* The people with one of x's surnames (and a given name that fits); on the
 * way, how many have each (its count in w, for its rarity). */
static senda_err
by_surname(senda_db *db, const dd_rec *x, const struct dedupe_weights *names,
	   struct dedupe_weights *w, struct rows *r, senda_error *err)
{
	const char *t = x->tok;
	for (int i = 0; i < x->ng; i++)
		t += strlen(t) + 1;
	for (int i = 0; i < x->ns; i++, t += strlen(t) + 1) {
		sqlite3_stmt *st = db_prepare(db, "SELECT pid, sort_key FROM name_prefix"
					      " WHERE prefix = ?1", err);
		if (!st)
			return err->code;
		senda_err e = db_bind(db, st, err, "t", t);
		if (e != SENDA_OK)
			return e;
		int rc;
		int64_t c = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			c++;
			/* the given names in sort_key (a preferred name is not: such
			 * a person is found by the birth date or the phone) */
			if (x->ng > 0 && given_fits((const char *)sqlite3_column_text(st, 1), x, names))
				rows_add(r, sqlite3_column_int64(st, 0));
		}
		db_reset(st);
		dd_put(w, t)->count = c;
		if (rc != SQLITE_DONE)
			return db_error(db, err);
	}
	return SENDA_OK;
}

/* The weights an intake needs: the nicknames, and how common p's own words
 * are (people with a word that starts so, from the name index: the words a
 * match can be on are p's). names: p's given names and every name of their
 * nickname groups. */
static senda_err
intake_weights(senda_db *db, const dd_rec *x, struct dedupe_weights **wp,
	       struct dedupe_weights **namesp, senda_error *err)
{
	struct dedupe_weights *w = dd_weights_new(), *names = dd_weights_new();
	*wp = w;
	*namesp = names;
	senda_err e = dd_load_nicknames(db, w, err);
	if (e == SENDA_OK)
		e = participant_count(db, &w->people, err);
	const char *t = x->tok;
	for (int i = 0; e == SENDA_OK && i < x->ng + x->ns; i++, t += strlen(t) + 1) {
		/* a surname's count comes from the rows by_surname reads anyway */
		if (i >= x->ng)
			break;
		/* a given name's, read up to GIVEN_COUNT_MAX rows: above that the
		 * name is common, and its rarity hardly changes (it weighs at most 5) */
		int64_t c = 0;
		e = db_int(db, &c, err, "SELECT count(*) FROM (SELECT 1 FROM name_prefix"
			   " WHERE prefix = ?1 LIMIT ?2)", "tI", t, (int64_t)GIVEN_COUNT_MAX);
		if (e == SENDA_OK)
			dd_put(w, t)->count = c;
		if (e != SENDA_OK)
			continue;
		dd_put(names, t);
		sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT o.name FROM nickname n"
					      " JOIN nickname o ON o.formal = n.formal WHERE n.name = ?1", err);
		if (!st || (e = db_bind(db, st, err, "t", t)) != SENDA_OK) {
			e = st ? e : err->code;
			break;
		}
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			dd_put(names, (const char *)sqlite3_column_text(st, 0));
		db_reset(st);
		if (rc != SQLITE_DONE)
			e = db_error(db, err);
	}
	if (e == SENDA_OK && w->people == 0)
		w->people = 1;
	return e;
}

static bool
excluded(char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static int
cmp_match(const void *a, const void *b)
{
	const dedupe_match *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->id, y->id);
}

/* The stored names, date and phones of a rowid into q (participant_init'd);
 * SENDA_E_NOTFOUND for a deleted one. */
static senda_err
read_names(senda_db *db, int64_t rowid, participant *q, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, given_names, preferred_name, first_surname,"
				      " second_surname, coalesce(birth_date, ''), phone, phone_alt"
				      " FROM participant WHERE rowid = ?1 AND deleted = 0", err);
	if (!st)
		return err->code;
	senda_err e = db_bind(db, st, err, "I", rowid);
	if (e != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(q->id, sizeof q->id, "%s", (const char *)sqlite3_column_text(st, 0));
		char **f[] = { &q->given_names, &q->preferred_name, &q->first_surname,
			       &q->second_surname };
		for (int i = 0; i < 4; i++)
			participant_set(f[i], (const char *)sqlite3_column_text(st, 1 + i));
		snprintf(q->birth_date, sizeof q->birth_date, "%s",
			 (const char *)sqlite3_column_text(st, 5));
		participant_set(&q->phone, (const char *)sqlite3_column_text(st, 6));
		participant_set(&q->phone_alt, (const char *)sqlite3_column_text(st, 7));
	}
	db_reset(st);
	if (rc == SQLITE_ROW)
		return SENDA_OK;
	return rc == SQLITE_DONE ? SENDA_E_NOTFOUND : db_error(db, err);
}

static senda_err candidates(senda_db *db, const participant *p, size_t max,
			    dedupe_match **out, size_t *n, senda_error *err);

/* The reads of one look-up in one read transaction (a savepoint: also
 * inside a caller's transaction), so that the file is locked and checked
 * once, not at every statement. */
senda_err
dedupe_candidates(senda_db *db, const participant *p, size_t max, dedupe_match **out,
		  size_t *n, senda_error *err)
{
	PERM_CHECK_ANY(db, PERM_PEOPLE_WRITE, PERM_REVIEW, err);   /* its evidence compares phones */
	*out = NULL;
	*n = 0;
	senda_err e = db_exec(db, err, "SAVEPOINT dedupe_read", "");
	if (e != SENDA_OK)
		return e;
	e = candidates(db, p, max, out, n, err);
	senda_error ignored = { 0 };
	/* a read only: nothing to keep or lose */
	if (db_exec(db, &ignored, "RELEASE dedupe_read", "") != SENDA_OK && e == SENDA_OK) {
		*err = ignored;
		e = ignored.code;
		dedupe_matches_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return e;
}

static senda_err
candidates(senda_db *db, const participant *p, size_t max, dedupe_match **out, size_t *n,
	   senda_error *err)
{
	*out = NULL;
	*n = 0;
	char buf[DD_BUF];
	dd_rec x;
	prep_participant(p, buf, sizeof buf, &x);
	struct dedupe_weights *w = NULL, *names = NULL;
	struct rows r = { 0 };
	senda_err e = intake_weights(db, &x, &w, &names, err);
	if (e == SENDA_OK)
		e = by_phone(db, p->phone, &r, err);
	if (e == SENDA_OK)
		e = by_phone(db, p->phone_alt, &r, err);
	if (e == SENDA_OK)
		e = by_date(db, p->birth_date, &r, err);
	if (e == SENDA_OK)
		e = by_surname(db, &x, names, w, &r, err);
	/* a saved person: not the records linked with her, nor those marked
	 * as different people */
	struct rows ex = { 0 };
	char **exid = NULL;
	if (e == SENDA_OK && *p->id) {
		sqlite3_stmt *st = db_prepare(db,
			"WITH me(root) AS (SELECT coalesce(linked_to, id) FROM participant WHERE id = ?1),"
			" grp(id) AS (SELECT root FROM me UNION SELECT id FROM participant"
			"  WHERE linked_to = (SELECT root FROM me) AND deleted = 0),"
			/* the roots of those marked different from anyone of her group */
			" other(root) AS (SELECT coalesce(q.linked_to, q.id) FROM dedupe_distinct d"
			"  JOIN participant q ON q.id = CASE WHEN d.person_a IN (SELECT id FROM grp)"
			"  THEN d.person_b ELSE d.person_a END WHERE d.deleted = 0"
			"  AND (d.person_a IN (SELECT id FROM grp) OR d.person_b IN (SELECT id FROM grp)))"
			" SELECT id FROM grp"
			" UNION SELECT root FROM other"
			" UNION SELECT id FROM participant WHERE linked_to IN (SELECT root FROM other)"
			" AND deleted = 0",
			err);
		if (!st || (e = db_bind(db, st, err, "t", p->id)) != SENDA_OK) {
			e = st ? e : err->code;
		} else {
			int rc;
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				exid = xrealloc(exid, (ex.n + 1) * sizeof *exid);
				exid[ex.n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
			}
			db_reset(st);
			if (rc != SQLITE_DONE)
				e = db_error(db, err);
		}
	}
	dedupe_match *m = NULL;
	size_t nm = 0, cap = 0;
	if (e == SENDA_OK && r.n > 0) {
		qsort(r.v, r.n, sizeof *r.v, cmp_i64);
		for (size_t i = 0; i < r.n && e == SENDA_OK; i++) {
			if (i > 0 && r.v[i] == r.v[i - 1])
				continue;
			participant q;
			participant_init(&q);
			e = read_names(db, r.v[i], &q, err);
			if (e == SENDA_E_NOTFOUND) {
				e = SENDA_OK;
			} else if (e == SENDA_OK && strcmp(q.id, p->id) != 0 &&
				   !excluded(exid, ex.n, q.id)) {
				char qb[DD_BUF];
				dd_rec y;
				prep_participant(&q, qb, sizeof qb, &y);
				int s = dd_score(&x, &y, w, NULL, NULL, NULL);
				if (s >= DEDUPE_THRESHOLD) {
					if (nm == cap) {
						cap = cap ? cap * 2 : 8;
						m = xrealloc(m, cap * sizeof *m);
					}
					memcpy(m[nm].id, q.id, UUID_LEN);
					m[nm].score = s;
					m[nm].evidence = NULL;
					nm++;
				}
			}
			participant_free(&q);
		}
	}
	free(r.v);
	for (size_t i = 0; i < ex.n; i++)
		free(exid[i]);
	free(exid);
	if (e == SENDA_OK) {
		qsort(m, nm, sizeof *m, cmp_match);
		if (nm > max)
			nm = max;
		/* the evidence, for those shown only */
		for (size_t i = 0; i < nm && e == SENDA_OK; i++) {
			participant q;
			participant_init(&q);
			int64_t rowid = 0;
			if ((e = db_int(db, &rowid, err, "SELECT rowid FROM participant WHERE id = ?1",
					"t", m[i].id)) == SENDA_OK &&
			    (e = read_names(db, rowid, &q, err)) == SENDA_OK)
				m[i].score = dedupe_score(p, &q, w, &m[i].evidence);
			participant_free(&q);
		}
	}
	dedupe_weights_free(w);
	dedupe_weights_free(names);
	if (e != SENDA_OK) {
		dedupe_matches_free(m, nm);
		return e;
	}
	*out = m;
	*n = nm;
	return SENDA_OK;
}

/* ---- the whole file ------------------------------------------------------ */

/* The people of the file in memory: their prepared words in chunks that
 * never move. */
struct chunk {
	struct chunk *next;
	size_t used;
	char data[1 << 20];
};

struct scan {
	dd_rec *rec;
	int64_t *rowid;
	const char **field;     /* each person's fields as typed, back to back */
	uint32_t *ent;          /* the words' entries in the weights (dd_rec.ent) */
	size_t nwords;
	size_t n, cap;
	struct chunk *chunks;
	struct dedupe_weights *w;
	int ibits;              /* bits of a key that hold the person */
	uint64_t *keys, *tmp;
	size_t nkeys, capkeys;
	struct found { uint32_t a, b; int score; } *found;
	size_t nfound, capfound;
	dedupe_scan_stats st;
};

static char *
chunk_room(struct scan *s, size_t need)
{
	if (!s->chunks || s->chunks->used + need > sizeof s->chunks->data) {
		struct chunk *c = xmalloc(sizeof *c);
		c->next = s->chunks;
		c->used = 0;
		s->chunks = c;
	}
	return s->chunks->data + s->chunks->used;
}

static senda_err
scan_read(senda_db *db, struct scan *s, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT rowid, given_names, preferred_name, first_surname,"
				      " second_surname, coalesce(birth_date, ''), phone, phone_alt, id, coalesce(linked_to, id) FROM participant"
				      " WHERE deleted = 0", err);
	if (!st)
		return err->code;
	int rc;
	char buf[DD_BUF];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 4096;
			s->rec = xrealloc(s->rec, s->cap * sizeof *s->rec);
			s->rowid = xrealloc(s->rowid, s->cap * sizeof *s->rowid);
			s->field = xrealloc(s->field, s->cap * sizeof *s->field);
		}
		dd_rec r;
		size_t used = dd_prep((const char *)sqlite3_column_text(st, 1),
				      (const char *)sqlite3_column_text(st, 2),
				      (const char *)sqlite3_column_text(st, 3),
				      (const char *)sqlite3_column_text(st, 4),
				      (const char *)sqlite3_column_text(st, 5),
				      (const char *)sqlite3_column_text(st, 6),
				      (const char *)sqlite3_column_text(st, 7), buf, sizeof buf, &r);
		/* then the fields as typed, for the evidence of the pairs found */
		size_t flen[9], all = 0;
		for (int k = 0; k < 9; k++)
			all += (flen[k] = (size_t)sqlite3_column_bytes(st, 1 + k)) + 1;
		char *room = chunk_room(s, used + 1 + all);
		memcpy(room, buf, used);
		room[used] = '\0';
		char *f = room + used + 1;
		for (int k = 0; k < 9; k++) {
			const unsigned char *v = sqlite3_column_text(st, 1 + k);
			memcpy(f, v ? (const char *)v : "", flen[k]);
			f[flen[k]] = '\0';
			f += flen[k] + 1;
		}
		s->chunks->used += used + 1 + all;
		s->field[s->n] = room + used + 1;
		r.tok = room;
		for (int i = 0; i < r.ng + r.ns; i++)
			dd_put(s->w, r.tok + r.off[i])->count++;
		s->nwords += (size_t)(r.ng + r.ns);
		s->rowid[s->n] = sqlite3_column_int64(st, 0);
		s->rec[s->n++] = r;
	}
	db_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, err);
	/* the weights are complete: each word's entry, so that the score
	 * compares numbers */
	s->ent = xmalloc((s->nwords ? s->nwords : 1) * sizeof *s->ent);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++) {
		dd_rec *r = &s->rec[i];
		r->ent = s->ent + k;
		for (int j = 0; j < r->ng + r->ns; j++)
			s->ent[k++] = (uint32_t)(dd_find(s->w, r->tok + r->off[j]) - s->w->e);
	}
	return SENDA_OK;
}

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *u = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ u[i]) * 1099511628211ULL;
	return h;
}

static void
push_key(struct scan *s, uint64_t h, size_t i)
{
	if (s->nkeys == s->capkeys) {
		s->capkeys = s->capkeys ? s->capkeys * 2 : 1 << 16;
		s->keys = xrealloc(s->keys, s->capkeys * sizeof *s->keys);
	}
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	s->keys[s->nkeys++] = (h << s->ibits) | (uint64_t)i;
}

/* The kinds of key (blocking). */
enum {
	K_PHONE = 1,       /* a phone's last ten digits */
	K_DATE,            /* the birth date, day and month in either order */
	K_NAME_YEAR,       /* a surname, a given name's group, the birth year */
	K_NAME_DAY,        /* a surname, a given name's group, day and month in either order */
	K_NAME,            /* a surname, a given name's group (small blocks only) */
};
#define NAME_BLOCK_MAX 50    /* K_NAME: a rare name only */

/* The groups of a given name: its nickname groups, or itself. */
static int
given_groups(const dd_entry *e, const char *t, const char **g, size_t *len, int room)
{
	if (!e || !e->groups) {
		g[0] = t;
		len[0] = strlen(t);
		return 1;
	}
	int n = 0;
	for (const char *p = e->groups; *p && n < room;) {
		size_t k = strcspn(p, " ");
		g[n] = p;
		len[n++] = k;
		p += k;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void
keys_of(struct scan *s, int kind, size_t i)
{
	const dd_rec *r = &s->rec[i];
	uint64_t base = mix(14695981039346656037ULL, &kind, sizeof kind);
	int y = r->date / 10000, m = r->date / 100 % 100, d = r->date % 100;
	int lo = m < d ? m : d, hi = m < d ? d : m;
	switch (kind) {
	case K_PHONE:
		for (int k = 0; k < 2; k++)
			if (r->ph[k])
				push_key(s, mix(base, &r->ph[k], sizeof r->ph[k]), i);
		return;
	case K_DATE:
		if (r->date) {
			int v[3] = { y, lo, hi };
			push_key(s, mix(base, v, sizeof v), i);
		}
		return;
	default:
		break;
	}
	if (!r->ng || !r->ns || ((kind == K_NAME_YEAR || kind == K_NAME_DAY) && !r->date))
		return;
	const char *g[16];
	size_t gl[16];
	int ng = 0;
	for (int k = 0; k < r->ng && ng < 12; k++)
		ng += given_groups(&s->w->e[r->ent[k]], r->tok + r->off[k], g + ng, gl + ng, 12 - ng);
	for (int k = r->ng; k < r->ng + r->ns; k++) {
		uint64_t hs = mix(base, &r->ent[k], sizeof r->ent[k]);
		for (int j = 0; j < ng; j++) {
			bool again = false;
			for (int q = 0; q < j && !again; q++)
				again = gl[q] == gl[j] && memcmp(g[q], g[j], gl[j]) == 0;
			if (again)
				continue;
			uint64_t h = mix(hs, g[j], gl[j]);
			if (kind == K_NAME_YEAR)
				h = mix(h, &y, sizeof y);
			else if (kind == K_NAME_DAY) {
				int v[2] = { lo, hi };
				h = mix(h, v, sizeof v);
			}
			push_key(s, h, i);
		}
	}
}

/* LSD radix sort of the keys, 16 bits at a time. */
static void
sort_keys(struct scan *s)
{
	s->tmp = xrealloc(s->tmp, (s->nkeys ? s->nkeys : 1) * sizeof *s->tmp);
	uint64_t *a = s->keys, *b = s->tmp;
	size_t *count = xmalloc(65536 * sizeof *count);
	for (int shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < s->nkeys; i++)
			count[(a[i] >> shift) & 0xffff]++;
		size_t sum = 0;
		for (size_t i = 0; i < 65536; i++) {
			size_t c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (size_t i = 0; i < s->nkeys; i++)
			b[count[(a[i] >> shift) & 0xffff]++] = a[i];
		uint64_t *t = a;
		a = b;
		b = t;
	}
	free(count);
	/* four passes: the sorted keys are back in s->keys */
}

static void
found_add(struct scan *s, uint32_t a, uint32_t b, int score)
{
	if (s->nfound == s->capfound) {
		s->capfound = s->capfound ? s->capfound * 2 : 1024;
		s->found = xrealloc(s->found, s->capfound * sizeof *s->found);
	}
	s->found[s->nfound++] = (struct found){ a < b ? a : b, a < b ? b : a, score };
}

static void
compare_blocks(struct scan *s, int kind)
{
	uint64_t imask = ((uint64_t)1 << s->ibits) - 1;
	size_t limit = kind == K_NAME ? NAME_BLOCK_MAX : DEDUPE_BLOCK_MAX;
	for (size_t lo = 0; lo < s->nkeys;) {
		size_t hi = lo + 1;
		while (hi < s->nkeys && (s->keys[hi] >> s->ibits) == (s->keys[lo] >> s->ibits))
			hi++;
		if (hi - lo > limit) {
			if (kind != K_NAME)
				s->st.skipped += (int64_t)(hi - lo);
		} else {
			for (size_t i = lo; i < hi; i++)
				for (size_t j = i + 1; j < hi; j++) {
					uint32_t a = (uint32_t)(s->keys[i] & imask),
						 b = (uint32_t)(s->keys[j] & imask);
					if (a == b)
						continue;
					s->st.compared++;
					int sc = dd_score(&s->rec[a], &s->rec[b], s->w, NULL, NULL, NULL);
					if (sc >= DEDUPE_THRESHOLD)
						found_add(s, a, b, sc);
				}
		}
		lo = hi;
	}
}

/* The live "different people" pairs, "a b", into set. */
static senda_err
load_distinct(senda_db *db, struct dedupe_weights *set, senda_error *err)
{
	/* Each pair as the records' roots (the record each is linked to, or
	 * her own), in order: two people marked different are different with
	 * every record linked to either. */
	sqlite3_stmt *st = db_prepare(db,
		"SELECT min(ra, rb), max(ra, rb) FROM (SELECT coalesce(a.linked_to, d.person_a) AS ra,"
		" coalesce(b.linked_to, d.person_b) AS rb FROM dedupe_distinct d"
		" LEFT JOIN participant a ON a.id = d.person_a"
		" LEFT JOIN participant b ON b.id = d.person_b WHERE d.deleted = 0)", err);
	if (!st)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *key = xasprintf("%s %s", (const char *)sqlite3_column_text(st, 0),
				      (const char *)sqlite3_column_text(st, 1));
		dd_put(set, key);
		free(key);
	}
	db_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* Person i of the scan as a participant (the fields the score reads); the
 * id of the record she is linked to, or her own. */
static const char *
scan_person(const struct scan *s, uint32_t i, participant *q)
{
	const char *f = s->field[i];
	char **slot[] = { &q->given_names, &q->preferred_name, &q->first_surname,
			  &q->second_surname, NULL, &q->phone, &q->phone_alt };
	for (int k = 0; k < 7; k++, f += strlen(f) + 1)
		if (slot[k])
			participant_set(slot[k], f);
		else
			snprintf(q->birth_date, sizeof q->birth_date, "%s", f);
	snprintf(q->id, sizeof q->id, "%s", f);
	return f + strlen(f) + 1;
}

static int
cmp_found(const void *x, const void *y)
{
	const struct found *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static int
cmp_pair(const void *x, const void *y)
{
	const dedupe_pair *a = x, *b = y;
	if (a->score != b->score)
		return b->score - a->score;
	int c = strcmp(a->a, b->a);
	return c ? c : strcmp(a->b, b->b);
}

static void
scan_free(struct scan *s)
{
	free(s->rec);
	free(s->rowid);
	free(s->field);
	free(s->ent);
	while (s->chunks) {
		struct chunk *c = s->chunks;
		s->chunks = c->next;
		free(c);
	}
	dedupe_weights_free(s->w);
	free(s->keys);
	free(s->tmp);
	free(s->found);
}

static senda_err scan(senda_db *db, dedupe_pair **out, size_t *n, dedupe_scan_stats *stats,
		      senda_error *err);

senda_err
dedupe_scan(senda_db *db, dedupe_pair **out, size_t *n, dedupe_scan_stats *stats,
	    senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	*out = NULL;
	*n = 0;
	senda_err e = db_exec(db, err, "SAVEPOINT dedupe_read", "");
	if (e != SENDA_OK)
		return e;
	e = scan(db, out, n, stats, err);
	senda_error ignored = { 0 };
	if (db_exec(db, &ignored, "RELEASE dedupe_read", "") != SENDA_OK && e == SENDA_OK) {
		*err = ignored;
		e = ignored.code;
		dedupe_pairs_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return e;
}

static senda_err
scan(senda_db *db, dedupe_pair **out, size_t *n, dedupe_scan_stats *stats, senda_error *err)
{
	*out = NULL;
	*n = 0;
	struct scan s = { 0 };
	s.w = dd_weights_new();
	senda_err e = dd_load_nicknames(db, s.w, err);
	if (e == SENDA_OK)
		e = scan_read(db, &s, err);
	if (e != SENDA_OK) {
		scan_free(&s);
		return e;
	}
	s.w->people = s.n ? (int64_t)s.n : 1;
	/* each word's rarity, once */
	for (size_t i = 0; i < s.w->cap; i++)
		if (s.w->e[i].key && s.w->e[i].count > 0) {
			double f = (double)s.w->e[i].count / (double)s.w->people;
			double v = -log10(f) / 4.0;
			s.w->e[i].rare = v < 0 ? 0 : v > 1 ? 1 : v;
		}
	s.st.people = (int64_t)s.n;
	s.ibits = 1;
	while (((size_t)1 << s.ibits) < s.n)
		s.ibits++;
	for (int kind = K_PHONE; kind <= K_NAME; kind++) {
		s.nkeys = 0;
		for (size_t i = 0; i < s.n; i++)
			keys_of(&s, kind, i);
		sort_keys(&s);
		compare_blocks(&s, kind);
	}
	free(s.keys);
	free(s.tmp);
	s.keys = s.tmp = NULL;
	qsort(s.found, s.nfound, sizeof *s.found, cmp_found);
	size_t u = 0;
	for (size_t i = 0; i < s.nfound; i++)
		if (u == 0 || s.found[i].a != s.found[u - 1].a || s.found[i].b != s.found[u - 1].b)
			s.found[u++] = s.found[i];
	dedupe_pair *p = xcalloc(u ? u : 1, sizeof *p);
	size_t np = 0;
	/* the pairs decided already: linked (one root), or different people */
	struct dedupe_weights *distinct = dd_weights_new();
	e = load_distinct(db, distinct, err);
	for (size_t i = 0; i < u && e == SENDA_OK; i++) {
		participant a, b;
		participant_init(&a);
		participant_init(&b);
		const char *ra = scan_person(&s, s.found[i].a, &a);
		const char *rb = scan_person(&s, s.found[i].b, &b);
		bool swap = strcmp(a.id, b.id) > 0;
		bool rswap = strcmp(ra, rb) > 0;
		char *key = xasprintf("%s %s", rswap ? rb : ra, rswap ? ra : rb);
		bool decided = strcmp(ra, rb) == 0 || dd_find(distinct, key);
		free(key);
		if (decided) {
			participant_free(&a);
			participant_free(&b);
			continue;
		}
		{
			const participant *pa = swap ? &b : &a, *pb = swap ? &a : &b;
			memcpy(p[np].a, pa->id, UUID_LEN);
			memcpy(p[np].b, pb->id, UUID_LEN);
			p[np].score = dedupe_score(pa, pb, s.w, &p[np].evidence);
			np++;
		}
		participant_free(&a);
		participant_free(&b);
	}
	dedupe_weights_free(distinct);
	s.st.found = (int64_t)np;
	if (stats)
		*stats = s.st;
	scan_free(&s);
	if (e != SENDA_OK) {
		dedupe_pairs_free(p, np);
		return e;
	}
	qsort(p, np, sizeof *p, cmp_pair);
	*out = p;
	*n = np;
	return SENDA_OK;
}
