/* senda — erase a person at her request, everywhere: her record and every
 * record about her (screenings, referrals and their statuses, jobs,
 * follow-ups and their calls, "different people" decisions), their history
 * (the change log's old and new values, the field log, changes held back,
 * merge conflicts), her access-log rows, and every copy in the search
 * indexes; the file's free pages are zeroed (secure_delete) and its
 * write-ahead log checkpointed and truncated, so that no file holds her
 * any longer. A tombstone (table erasure: her record's id, who, when,
 * nothing else) is left, which travels in every bundle so that each site
 * that merges it erases her too. */
#ifndef SENDA_ERASE_H
#define SENDA_ERASE_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"

typedef struct erase_result {
	char id[37];          /* her record's whole id */
	int64_t rows;         /* rows removed (hers and those about her) */
	bool files_clean;     /* the log was checkpointed and truncated; false when
			       * another program has the file open (it is done at
			       * the next erasure or `senda check` then) */
} erase_result;

/* Erase the person id (or a unique id prefix) in one transaction: on any
 * failure she is left as she was. Needs PERM_ERASE. */
SENDA_MUST_USE senda_err erase_person(senda_db *db, const char *id, erase_result *res,
				      senda_error *err);

/* The part of the erasure a merge does when a tombstone arrives, inside
 * the caller's transaction: remove every row of person pid here (none may
 * exist) and list them in erased_row. clock stamps the records that were
 * linked to her (the link is cleared). *rows is increased. */
SENDA_MUST_USE senda_err erase_local(senda_db *db, const char *pid, const char *clock,
				     int64_t *rows, senda_error *err);

/* After erase_local, in the same transaction: the search index's pages are
 * written again without her words (FTS5 keeps a deleted row's words in its
 * segments until they are merged), and SQLite's statistics samples
 * (sqlite_stat4, when someone ran ANALYZE) made again. */
SENDA_MUST_USE senda_err erase_scrub_indexes(senda_db *db, senda_error *err);

/* After the commit: the write-ahead log copied into the file and truncated
 * to nothing. *clean is false (and SENDA_OK returned) when another
 * connection kept it from being truncated. */
SENDA_MUST_USE senda_err erase_flush_files(senda_db *db, bool *clean, senda_error *err);

/* The backups senda wrote of this file that still exist (`senda backup`):
 * older copies, which still hold what was erased since. fn gets each path
 * and when it was written. */
SENDA_MUST_USE senda_err erase_backups(senda_db *db,
				       void (*fn)(const char *path, const char *made_at,
						  void *ctx),
				       void *ctx, senda_error *err);

#endif
