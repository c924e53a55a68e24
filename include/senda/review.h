/* senda — what a merge left for a person: concurrent edits of one field
 * (merge_conflict) to review, and changes held back (held_change). The
 * merge screen, the review screen and the home screen read them here; a
 * decision is written here: keep the winner, or take the other value as a
 * new local edit (through the model where the record has one), so that it
 * gets a new clock and travels in the next export. No curses. */
#ifndef SENDA_REVIEW_H
#define SENDA_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"
#include "senda/uuid.h"

/* Conflicts not reviewed yet, and changes held back. */
SENDA_MUST_USE senda_err xc_review_counts(senda_db *db, int64_t *conflicts, int64_t *held,
					  senda_error *err);

typedef struct xc_pending {
	bool held;             /* a held-back change, not a conflict */
	char id[UUID_LEN];     /* the conflict's id ("" for a held change) */
	char *tbl, *row_id, *field;
	char *record;          /* the record as people know it: a name, a code */
	char *field_label;     /* translated, or the column's name */
	char *kept;            /* as people read it ("" none); held: "" */
	char *other;           /* the other value as people read it; held: its value */
	char *other_site;      /* the site the other value (or held change) came from */
	char *reason;          /* held: "future", "orphan" or "refused"; else "" */
	bool deleted;          /* a conflict about an edit of a deleted record */
	bool can_take;         /* the other value can be taken here */
} xc_pending;

/* Each unreviewed conflict (oldest first), then each held change. fn returns
 * non-zero to stop. The strings live only during the call. */
SENDA_MUST_USE senda_err xc_review_list(senda_db *db,
					int (*fn)(const xc_pending *p, void *ctx), void *ctx,
					senda_error *err);

/* Keep the winner: the conflict is marked reviewed. */
SENDA_MUST_USE senda_err xc_conflict_keep(senda_db *db, const char *id, senda_error *err);

/* Take the other value: a new edit of the field (a new clock, logged in the
 * change log, exported next time), and the conflict marked reviewed, in one
 * transaction. SENDA_E_INVALID (nothing written) when the value cannot be
 * taken: the record was deleted, or the value is refused by the record's
 * rules (err says why). */
SENDA_MUST_USE senda_err xc_conflict_take(senda_db *db, const char *id, senda_error *err);

/* The conflicts of one record (all, reviewed or not), newest first, for its
 * history: fn gets the field's label (translated), the kept and the other
 * value as people read them, when it was found (UTC, like a change log
 * row's created_at) and whether it is reviewed. */
typedef int (*xc_conflict_fn)(const char *field_label, const char *kept, const char *other,
			      const char *at, bool reviewed, void *ctx);
SENDA_MUST_USE senda_err xc_record_conflicts(senda_db *db, const char *tbl, const char *row_id,
					     xc_conflict_fn fn, void *ctx, senda_error *err);

#endif
