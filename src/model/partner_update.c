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

static size_t
partner_col_index(const char *col)
{
	for (size_t i = 0; col && i < NPCOLS; i++)
		if (strcmp(partner_cols[i].col, col) == 0)
			return i;
	return NPCOLS;
}

static size_t
program_col_index(const char *col)
{
	for (size_t i = 0; col && i < NGALL; i++)
		if (strcmp(program_col(i), col) == 0)
			return i;
	return NGALL;
}

/* ---- partners ---------------------------------------------------------- */

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
	for (size_t i = 0; i < NPCOLS; i++)
		if (merge3(*PSLOT(base, i), *PSLOT(p, i), NULL) == MERGE3_THEIRS)
			partner_copy_col(p, current, i);
	for (int k = 0; k < ntheirs; k++) {
		size_t i = partner_col_index(theirs[k]);
		if (i < NPCOLS)
			partner_copy_col(p, current, i);
	}
}

senda_err
partner_update(senda_db *db, const partner *base, partner *p, partner_conflict *conflict,
	       senda_error *err)
{
	/* Clean the user's values first, so that " x" is no change from "x". */
	senda_err e = partner_validate(p, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	partner cur;
	if ((e = partner_get(db, base->id, &cur, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	int n = 0;
	const char *cols[NPCOLS];
	for (size_t i = 0; i < NPCOLS; i++)
		switch (merge3(*PSLOT(base, i), *PSLOT(p, i), *PSLOT(&cur, i))) {
		case MERGE3_THEIRS: partner_copy_col(p, &cur, i); break;
		case MERGE3_CONFLICT: cols[n++] = partner_cols[i].col; break;
		case MERGE3_MINE: case MERGE3_SAME: break;
		}
	memcpy(p->id, cur.id, sizeof p->id);
	if (n) {
		db_rollback(db);
		if (conflict) {
			conflict->n = n;
			memcpy(conflict->cols, cols, sizeof cols[0] * (size_t)n);
			conflict->current = cur;
		} else
			partner_free(&cur);
		return senda_fail(err, SENDA_E_CONFLICT, NULL, NULL);
	}
	partner_free(&cur);
	/* Inside this transaction: the record read above is the one saved over. */
	e = partner_save(db, p, err);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

/* ---- programs ---------------------------------------------------------- */

void
program_conflict_free(program_conflict *c)
{
	program_free(&c->current);
	c->n = 0;
}

static enum merge3
program_merge3(const program *base, const program *p, const program *cur, size_t i)
{
	char *b = program_text_of(base, i), *m = program_text_of(p, i);
	char *c = cur ? program_text_of(cur, i) : NULL;
	enum merge3 r = merge3(b, m, c);
	free(b);
	free(m);
	free(c);
	return r;
}

void
program_rebase(program *p, const program *base, const program *current,
	       const char *const *theirs, int ntheirs)
{
	for (size_t i = 0; i < NGALL; i++)
		if (program_merge3(base, p, NULL, i) == MERGE3_THEIRS)
			program_copy_col(p, current, i);
	for (int k = 0; k < ntheirs; k++) {
		size_t i = program_col_index(theirs[k]);
		if (i < NGALL)
			program_copy_col(p, current, i);
	}
}

senda_err
program_update(senda_db *db, const program *base, program *p, program_conflict *conflict,
	       senda_error *err)
{
	senda_err e = program_validate(p, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	program cur;
	if ((e = program_get(db, base->id, &cur, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	int n = 0;
	const char *cols[NGALL];
	for (size_t i = 0; i < NGALL; i++)
		switch (program_merge3(base, p, &cur, i)) {
		case MERGE3_THEIRS: program_copy_col(p, &cur, i); break;
		case MERGE3_CONFLICT: cols[n++] = program_col(i); break;
		case MERGE3_MINE: case MERGE3_SAME: break;
		}
	memcpy(p->id, cur.id, sizeof p->id);
	if (n) {
		db_rollback(db);
		if (conflict) {
			conflict->n = n;
			memcpy(conflict->cols, cols, sizeof cols[0] * (size_t)n);
			conflict->current = cur;
		} else
			program_free(&cur);
		return senda_fail(err, SENDA_E_CONFLICT, NULL, NULL);
	}
	program_free(&cur);
	e = program_save(db, p, err);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}
