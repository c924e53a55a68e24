/* senda — changes to an organization or a program made against what the
 * user saw: fields the user left alone keep what another writer stored
 * meanwhile; a field both changed differently is a conflict, returned with
 * the stored record, and nothing is written until the user has chosen. */
#include <config.h>

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/mem.h"
#include "senda/merge3.h"
#include "senda/partner.h"

/* ---- a column's value as text, and back ---------------------------------- */

#define PCOL(c) { #c, offsetof(partner, c) }
static const struct { const char *col; size_t off; } partner_cols[] = {
	PCOL(name), PCOL(kind), PCOL(contact_name), PCOL(phone), PCOL(email),
	PCOL(address), PCOL(city), PCOL(notes),
};
#define NPCOLS (sizeof partner_cols / sizeof partner_cols[0])
#define PSLOT(p, i) ((char **)((char *)(p) + partner_cols[i].off))

#define GCOL(c) { #c, offsetof(program, c) }
static const struct { const char *col; size_t off; } program_cols[] = {
	GCOL(name), GCOL(kind), GCOL(documents), GCOL(schedule), GCOL(contact_name),
	GCOL(credential),
};
#define NGCOLS (sizeof program_cols / sizeof program_cols[0])
#define GSLOT(p, i) ((char **)((char *)(p) + program_cols[i].off))
/* The program's other columns, after the text ones. */
static const char *const program_more[] = {
	"partner_id", "min_esl_level", "needs_diploma", "cost_cents",
};
#define NGMORE (sizeof program_more / sizeof program_more[0])
#define NGALL (NGCOLS + NGMORE)
_Static_assert(NPCOLS <= 8 && NGALL <= 10, "partner_conflict and program_conflict hold every column");

static const char *
program_col(size_t i)
{
	return i < NGCOLS ? program_cols[i].col : program_more[i - NGCOLS];
}

/* Column i of g as stored text ("" for none); free it. */
static char *
program_text_of(const program *g, size_t i)
{
	if (i < NGCOLS)
		return xstrdup(*GSLOT(g, i) ? *GSLOT(g, i) : "");
	switch (i - NGCOLS) {
	case 0: return xstrdup(g->partner_id);
	case 1: return g->min_esl_level > 0 ? xasprintf("%d", g->min_esl_level) : xstrdup("");
	case 2: return xstrdup(g->needs_diploma ? "1" : "0");
	default: return g->cost_cents >= 0 ? xasprintf("%" PRId64, g->cost_cents) : xstrdup("");
	}
}

static void
program_copy_col(program *dst, const program *src, size_t i)
{
	if (i < NGCOLS) {
		free(*GSLOT(dst, i));
		*GSLOT(dst, i) = xstrdup(*GSLOT(src, i) ? *GSLOT(src, i) : "");
		return;
	}
	switch (i - NGCOLS) {
	case 0: memcpy(dst->partner_id, src->partner_id, sizeof dst->partner_id); break;
	case 1: dst->min_esl_level = src->min_esl_level; break;
	case 2: dst->needs_diploma = src->needs_diploma; break;
	default: dst->cost_cents = src->cost_cents; break;
	}
}

static void
partner_copy_col(partner *dst, const partner *src, size_t i)
{
	free(*PSLOT(dst, i));
	*PSLOT(dst, i) = xstrdup(*PSLOT(src, i) ? *PSLOT(src, i) : "");
}

/* ---- one three-way save for both kinds of record ------------------------ */

struct kind {
	size_t ncols;
	const char *(*col)(size_t i);
	char *(*text)(const void *rec, size_t i);      /* a new string */
	void (*copy)(void *dst, const void *src, size_t i);
	senda_err (*validate)(void *rec, senda_error *err);
	senda_err (*get)(senda_db *db, const char *id, void *out, senda_error *err);
	senda_err (*save)(senda_db *db, void *rec, senda_error *err);
	void (*release)(void *rec);
};

/* Both records begin with their id. */
#define ID_OF(rec) ((char *)(rec))

static enum merge3
field_merge3(const struct kind *k, const void *base, const void *p, const void *cur, size_t i)
{
	char *b = k->text(base, i), *m = k->text(p, i), *c = cur ? k->text(cur, i) : NULL;
	enum merge3 r = merge3(b, m, c);
	free(b);
	free(m);
	free(c);
	return r;
}

static void
rebase(const struct kind *k, void *p, const void *base, const void *current,
       const char *const *theirs, int ntheirs)
{
	for (size_t i = 0; i < k->ncols; i++)
		if (field_merge3(k, base, p, NULL, i) == MERGE3_THEIRS)
			k->copy(p, current, i);
	for (int t = 0; t < ntheirs; t++)
		for (size_t i = 0; theirs[t] && i < k->ncols; i++)
			if (strcmp(k->col(i), theirs[t]) == 0)
				k->copy(p, current, i);
}

/* The user's changes (p against base) over what is stored now; cur
 * receives the stored record. *n conflicting columns go in cols: then
 * nothing is written and SENDA_E_CONFLICT returned, cur kept for the
 * caller; otherwise cur is released. */
static senda_err
update(const struct kind *k, senda_db *db, const void *base, void *p, void *cur,
       const char **cols, int *n, senda_error *err)
{
	*n = 0;
	/* Clean the user's values first, so that " x" is no change from "x". */
	senda_err e = k->validate(p, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = k->get(db, ID_OF(base), cur, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	for (size_t i = 0; i < k->ncols; i++)
		switch (field_merge3(k, base, p, cur, i)) {
		case MERGE3_THEIRS: k->copy(p, cur, i); break;
		case MERGE3_CONFLICT: cols[(*n)++] = k->col(i); break;
		case MERGE3_MINE: case MERGE3_SAME: break;
		}
	memcpy(ID_OF(p), ID_OF(cur), UUID_LEN);
	if (*n) {
		db_rollback(db);
		return senda_fail(err, SENDA_E_CONFLICT, NULL, NULL);
	}
	k->release(cur);
	/* Inside this transaction: the record read above is the one saved over. */
	if ((e = k->save(db, p, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

/* ---- partners ---------------------------------------------------------- */

static const char *p_col(size_t i) { return partner_cols[i].col; }
static char *p_text(const void *r, size_t i) { return xstrdup(*PSLOT(r, i) ? *PSLOT(r, i) : ""); }
static void p_copy(void *d, const void *s, size_t i) { partner_copy_col(d, s, i); }
static senda_err p_validate(void *r, senda_error *e) { return partner_validate(r, e); }
static senda_err p_get(senda_db *db, const char *id, void *o, senda_error *e) { return partner_get(db, id, o, e); }
static senda_err p_save(senda_db *db, void *r, senda_error *e) { return partner_save(db, r, e); }
static void p_release(void *r) { partner_free(r); }
static const struct kind partner_kind = {
	NPCOLS, p_col, p_text, p_copy, p_validate, p_get, p_save, p_release
};

void
partner_conflict_free(partner_conflict *c)
{
	partner_free(&c->current);
	c->n = 0;
}

void
partner_rebase(partner *p, const partner *base, const partner *current,
	       const char *const *theirs, int ntheirs)
{
	rebase(&partner_kind, p, base, current, theirs, ntheirs);
}

senda_err
partner_update(senda_db *db, const partner *base, partner *p, partner_conflict *conflict,
	       senda_error *err)
{
	partner cur;
	const char *cols[NPCOLS];
	int n;
	senda_err e = update(&partner_kind, db, base, p, &cur, cols, &n, err);
	if (e == SENDA_E_CONFLICT && n) {
		if (conflict) {
			conflict->n = n;
			memcpy(conflict->cols, cols, sizeof cols[0] * (size_t)n);
			conflict->current = cur;
		} else
			partner_free(&cur);
	}
	return e;
}

/* ---- programs ---------------------------------------------------------- */

static char *g_text(const void *r, size_t i) { return program_text_of(r, i); }
static void g_copy(void *d, const void *s, size_t i) { program_copy_col(d, s, i); }
static senda_err g_validate(void *r, senda_error *e) { return program_validate(r, e); }
static senda_err g_get(senda_db *db, const char *id, void *o, senda_error *e) { return program_get(db, id, o, e); }
static senda_err g_save(senda_db *db, void *r, senda_error *e) { return program_save(db, r, e); }
static void g_release(void *r) { program_free(r); }
static const struct kind program_kind = {
	NGALL, program_col, g_text, g_copy, g_validate, g_get, g_save, g_release
};

void
program_conflict_free(program_conflict *c)
{
	program_free(&c->current);
	c->n = 0;
}

void
program_rebase(program *p, const program *base, const program *current,
	       const char *const *theirs, int ntheirs)
{
	rebase(&program_kind, p, base, current, theirs, ntheirs);
}

senda_err
program_update(senda_db *db, const program *base, program *p, program_conflict *conflict,
	       senda_error *err)
{
	program cur;
	const char *cols[NGALL];
	int n;
	senda_err e = update(&program_kind, db, base, p, &cur, cols, &n, err);
	if (e == SENDA_E_CONFLICT && n) {
		if (conflict) {
			conflict->n = n;
			memcpy(conflict->cols, cols, sizeof cols[0] * (size_t)n);
			conflict->current = cur;
		} else
			program_free(&cur);
	}
	return e;
}
