/* senda — the statement helpers of the database floor: SQLite itself,
 * prepared statements with bound parameters, reading one value.
 *
 * Only src/model and src/exchange (and the unit tests) include this file;
 * the interface and the command line see the opaque handle of senda/db.h
 * and never SQL. It lives beside db.c rather than in include/senda/ so that
 * an #include "db/stmt.h" anywhere else stands out, and
 * tests/cli/floors.sh refuses it (and <sqlite3.h>) in src/screens, src/ui,
 * src/cli and src/main.c.
 *
 * Every helper that can fail returns a senda_err the caller must look at:
 * a busy or damaged file is an error, never a default value. */
#ifndef SENDA_DB_STMT_H
#define SENDA_DB_STMT_H

#include <stdint.h>
#include <sqlite3.h>
#include "senda/db.h"
#include "senda/error.h"

sqlite3 *db_sqlite(senda_db *db);
/* "file:" URI of path with immutable=1, for sqlite3_open_v2 with
 * SQLITE_OPEN_URI: SQLite takes no lock and makes no -wal or -shm beside
 * the file. "file:///abs/path" or "file:rel/path", every byte URI syntax
 * would read ('%', '?', '#', blanks, controls, non-ASCII) escaped. A new
 * string. */
char *db_immutable_uri(const char *path);

/* A prepared statement for sql, cached by the address of sql (pass string
 * literals). Returned reset with bindings cleared; do not finalize it. NULL
 * on error (err filled). */
SENDA_MUST_USE sqlite3_stmt *db_prepare(senda_db *db, const char *sql, senda_error *err);

/* Reset a statement from db_prepare when done with it early. */
void db_reset(sqlite3_stmt *st);

/* Bind by type letters: 't' const char * (NULL binds NULL), 'i' int,
 * 'I' int64_t, 'd' double, 'n' NULL (no argument). The number of letters
 * must be the statement's parameter count (?1 used twice counts once);
 * a mismatch or an unknown letter is SENDA_E_DB, nothing bound. */
SENDA_MUST_USE senda_err db_bind(senda_db *db, sqlite3_stmt *st, senda_error *err,
				 const char *types, ...);
/* The same for a part of the parameters, from number first (1 is the
 * first): the letters must not run past the statement's last parameter.
 * For statements whose other parameters are bound column by column. */
SENDA_MUST_USE senda_err db_bind_from(senda_db *db, sqlite3_stmt *st, senda_error *err,
				      int first, const char *types, ...);

/* Step st (bound to look a record up by id prefix) expecting exactly one
 * row: read(st, out) fills out from it. No row: SENDA_E_NOTFOUND; a second
 * row: release(out) and SENDA_E_AMBIGUOUS; what names the record in the
 * message. st is reset in every case. */
SENDA_MUST_USE senda_err db_step_one(senda_db *db, sqlite3_stmt *st, const char *what,
				     void (*read)(sqlite3_stmt *, void *),
				     void (*release)(void *), void *out, senda_error *err);

/* Prepare, bind, step to the end. */
SENDA_MUST_USE senda_err db_exec(senda_db *db, senda_error *err, const char *sql,
				 const char *types, ...);

/* Prepare, bind, step once: the first column of the first row, as int64 or
 * as a newly allocated string. No row, or a NULL value: SENDA_E_NOTFOUND
 * (err filled, *out 0 or NULL), so that "nothing there" is never mistaken
 * for a file that could not be read (SENDA_E_BUSY, SENDA_E_CORRUPT,
 * SENDA_E_DB...). Use coalesce() in the SQL where NULL means a value. */
SENDA_MUST_USE senda_err db_int(senda_db *db, int64_t *out, senda_error *err,
				const char *sql, const char *types, ...);
SENDA_MUST_USE senda_err db_text(senda_db *db, char **out, senda_error *err,
				 const char *sql, const char *types, ...);

/* Fill err from the connection's last error and return the matching code
 * (SENDA_E_BUSY for a locked file, else SENDA_E_DB...). */
SENDA_MUST_USE senda_err db_error(senda_db *db, senda_error *err);

#endif
