/* senda — what the merge's files share (src/exchange only). */
#ifndef SENDA_EXCHANGE_MERGE_H
#define SENDA_EXCHANGE_MERGE_H

#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>
#include "senda/exchange.h"
#include "exchange/bundle.h"
#include "exchange/tables.h"

#define AHEAD_MS (24LL * 3600 * 1000)

/* Statements made from table and field names (checked against the
 * schema first), kept for the merge: db_prepare caches by the address of
 * constant SQL, which these are not. */
struct dyn {
	char *sql;
	sqlite3_stmt *st;
};

struct merge {
	senda_db *db;
	sqlite3 *h;
	xc_report *rep;
	struct dyn *dyn;
	size_t ndyn, capdyn;
	xc_table_info *info;
	char now[21];
	char clock[HLC_LEN];
	int64_t now_ms;
	char ahead[24];    /* now_ms + AHEAD_MS, 13 digits: the bulk path's limit */
	bool wrote;
	bool retry;        /* a second pass over what this merge held back */
	bool big;          /* a big merge (xc_merge): some indexes made at the end */
	bool mostly_new;   /* more entries coming than this file holds */
	xc_counts *cur;    /* the counts of the entry being applied */
	size_t loaded;     /* entries copied in (new here) */
	int64_t erased;    /* tombstones taken in by this merge */
	xcb_sum *sums;     /* each bundle's checksum, taken as it is read */
	/* Progress (merge.c, tell): the changes the bundles say they hold,
	 * the share of the merge done, as the last told. */
	xc_progress progress;
	void *progress_ctx;
	int64_t incoming;
	int64_t told;
	double one_from, one_share;   /* the entries one by one: from, and how much */
	xc_refusal *why;   /* a bundle refused as it is read, and which */
	size_t *which;
};

/* One incoming entry, its values owned. */
struct entry {
	char *tbl, *row_id, *field, *clock, *site, *prev, *who;
	sqlite3_value *value;
	int from_held;
	char *held_reason;
};

/* A text column, copied (NULL for NULL). */
char *col_dup(sqlite3_stmt *st, int i);
void entry_free(struct entry *e);
/* One entry by the register's rules (src/exchange/merge_apply.c). */
senda_err merge_apply(struct merge *m, struct entry *e, senda_error *err);
/* Step st once, to its end, and reset it (merge.c). */
senda_err step_done(struct merge *m, sqlite3_stmt *st, senda_error *err);
/* Tombstones first, then what concerns an erased person left out
 * (src/exchange/merge_erase.c). */
senda_err take_erasures(struct merge *m, senda_error *err);
/* The shares of a merge's time (by the statements' profile of a merge
 * of 50 site bundles into a new hub, bench/RESULTS-exchange.md): reading
 * the bundles, the bulk path, the entries one by one, the name index; the
 * indexes made at the end and the commit the rest. Without the bulk path,
 * the entries one by one take its share. */
#define SHARE_READ 0.30
#define SHARE_BULK 0.40
#define SHARE_ONE 0.10
#define SHARE_NAMES 0.15
/* Progress: share (0 to 1) of the merge done, told as that share of the
 * changes coming (never back; merge.c). */
void merge_tell(struct merge *m, double share);

/* A statement made from checked table and field names, kept for the merge
 * (sql is taken over). */
sqlite3_stmt *dyn_prepare(struct merge *m, char *sql, senda_error *err);

/* The bulk path (merge_bulk.c). */
senda_err bulk(struct merge *m, senda_error *err);

/* A big merge's indexes set aside (their SQL into saved[XC_NPAUSED]) and
 * made again at its end, unless r tells of a failure; saved is freed. */
#define XC_NPAUSED 6
senda_err xc_pause_indexes(struct merge *m, char **saved, senda_error *err);
senda_err xc_resume_indexes(struct merge *m, char **saved, senda_err r, senda_error *err);

#endif
