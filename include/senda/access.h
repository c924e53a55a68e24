/* senda — the access log: who opened which record when (the record screen,
 * `senda show`, `senda privacy ID`). Local to the file, never exported; rows older than
 * ACCESS_KEEP_DAYS days are removed as new ones are written; erasing a
 * person removes hers (senda/erase.h). */
#ifndef SENDA_ACCESS_H
#define SENDA_ACCESS_H

#include "senda/db.h"
#include "senda/error.h"

#define ACCESS_KEEP_DAYS 90

/* How a record was opened. */
enum access_how { ACCESS_SCREEN, ACCESS_SHOW, ACCESS_PRIVACY };

/* Write that the acting user (db_actor_id) opened participant pid now, and
 * remove the rows older than ACCESS_KEEP_DAYS. Needs PERM_PEOPLE_LIST. */
SENDA_MUST_USE senda_err access_record(senda_db *db, const char *pid, enum access_how how,
				       senda_error *err);

typedef struct access_entry {
	const char *at;                 /* UTC ISO 8601 */
	const char *user_name;          /* "" when the user is not known here */
	const char *participant_id;
	const char *participant_name;   /* "" when the record is gone */
	enum access_how how;
} access_entry;

/* The log, newest first: of participant pid (a whole id or a unique prefix
 * of a live record), or of everyone (pid NULL); at most limit rows (0: all).
 * fn returns non-zero to stop. Needs PERM_ACCESS_LOG. */
SENDA_MUST_USE senda_err access_list(senda_db *db, const char *pid, int limit,
				     int (*fn)(const access_entry *e, void *ctx), void *ctx,
				     senda_error *err);

#endif
