/* senda — the database floor's statements: prepared once and cached,
 * parameters bound and checked against the statement, and the helpers that
 * read one value or run one statement, every error reaching the caller. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/i18n.h"
#include "senda/mem.h"
#include "db/internal.h"
#include "db/stmt.h"

/* ---- statements ------------------------------------------------------ */

/* A handle that was never opened (or was closed and set to NULL) is an
 * error the caller hears about, not a crash. */
senda_err
db_closed(senda_error *err)
{
	return senda_fail(err, SENDA_E_DB, NULL, "%s", "no database is open");
}

/* db_prepare with the code kept when err is NULL. */
static senda_err
prepare(senda_db *db, const char *sql, sqlite3_stmt **out, senda_error *err)
{
	*out = NULL;
	if (!db || !db->h)
		return db_closed(err);
	for (size_t i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_stmt *st = db->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			*out = st;
			return SENDA_OK;
		}
	}
	sqlite3_stmt *st = NULL;
	db->log_refused = false;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK && db->log_refused && sqlite3_get_autocommit(db->h)) {
		/* A write of an exchanged table outside a transaction: the field
		 * log's triggers first (db_field_log), then the statement again. */
		senda_err e = db_field_log(db, err);
		if (e != SENDA_OK)
			return e;
		rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	}
	if (rc != SQLITE_OK)
		return db_error(db, err);
	if (db->ncache == db->capcache) {
		db->capcache = db->capcache ? db->capcache * 2 : 32;
		db->cache = xrealloc(db->cache, db->capcache * sizeof *db->cache);
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].st = st;
	db->ncache++;
	*out = st;
	return SENDA_OK;
}

sqlite3_stmt *
db_prepare(senda_db *db, const char *sql, senda_error *err)
{
	sqlite3_stmt *st;
	return prepare(db, sql, &st, err) == SENDA_OK ? st : NULL;
}

void
db_reset(sqlite3_stmt *st)
{
	if (st)
		sqlite3_reset(st);
}

/* Bind types from parameter first; whole: they must be all of them. */
static senda_err
bind_va(senda_db *db, sqlite3_stmt *st, senda_error *err, int first, bool whole,
	const char *types, va_list ap)
{
	if (!db || !db->h)
		return db_closed(err);
	if (!st)
		return senda_fail(err, SENDA_E_DB, NULL, "%s", "no statement to bind");
	const char *letters = types ? types : "";
	int have = sqlite3_bind_parameter_count(st), n = (int)strlen(letters);
	if (first < 1 || (whole ? n != have : first - 1 + n > have)) {
		sqlite3_clear_bindings(st);
		return senda_fail(err, SENDA_E_DB, NULL,
				  "%d values from parameter %d for %d parameters (\"%s\") in: %.120s",
				  n, first, have, letters, sqlite3_sql(st));
	}
	int idx = first;
	for (const char *t = letters; *t; t++, idx++) {
		int rc;
		switch (*t) {
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, idx);
			break;
		}
		case 'i':
			rc = sqlite3_bind_int(st, idx, va_arg(ap, int));
			break;
		case 'I':
			rc = sqlite3_bind_int64(st, idx, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_double(st, idx, va_arg(ap, double));
			break;
		case 'n':
			rc = sqlite3_bind_null(st, idx);
			break;
		default:
			sqlite3_clear_bindings(st);
			return senda_fail(err, SENDA_E_DB, NULL,
					  "unknown type letter '%c' in \"%s\"", *t, letters);
		}
		if (rc != SQLITE_OK) {
			senda_err e = db_error(db, err);
			sqlite3_clear_bindings(st);
			return e;
		}
	}
	return SENDA_OK;
}

senda_err
db_bind(senda_db *db, sqlite3_stmt *st, senda_error *err, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	senda_err e = bind_va(db, st, err, 1, true, types, ap);
	va_end(ap);
	return e;
}

senda_err
db_bind_from(senda_db *db, sqlite3_stmt *st, senda_error *err, int first,
	     const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	senda_err e = bind_va(db, st, err, first, false, types, ap);
	va_end(ap);
	return e;
}

senda_err
db_exec(senda_db *db, senda_error *err, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	senda_err e = prepare(db, sql, &st, err);
	if (e != SENDA_OK)
		return e;
	va_list ap;
	va_start(ap, types);
	e = bind_va(db, st, err, 1, true, types, ap);
	va_end(ap);
	if (e != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		e = db_error(db, err);
		sqlite3_reset(st);
		return e;
	}
	sqlite3_reset(st);
	return SENDA_OK;
}

/* Prepare, bind and step once: *out is the statement on a row (the caller
 * resets it); no row is SENDA_E_NOTFOUND. */
static senda_err
step_first(senda_db *db, senda_error *err, const char *sql, const char *types, va_list ap,
	   sqlite3_stmt **out)
{
	*out = NULL;
	sqlite3_stmt *st;
	senda_err e = prepare(db, sql, &st, err);
	if (e == SENDA_OK)
		e = bind_va(db, st, err, 1, true, types, ap);
	if (e != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = st;
		return SENDA_OK;
	}
	e = rc == SQLITE_DONE ? senda_fail(err, SENDA_E_NOTFOUND, NULL, NULL) : db_error(db, err);
	sqlite3_reset(st);
	return e;
}

senda_err
db_int(senda_db *db, int64_t *out, senda_error *err, const char *sql, const char *types, ...)
{
	*out = 0;
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, types);
	senda_err e = step_first(db, err, sql, types, ap, &st);
	va_end(ap);
	if (e != SENDA_OK)
		return e;
	if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		e = senda_fail(err, SENDA_E_NOTFOUND, NULL, NULL);
	else
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return e;
}

senda_err
db_text(senda_db *db, char **out, senda_error *err, const char *sql, const char *types, ...)
{
	*out = NULL;
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, types);
	senda_err e = step_first(db, err, sql, types, ap, &st);
	va_end(ap);
	if (e != SENDA_OK)
		return e;
	const char *t = (const char *)sqlite3_column_text(st, 0);
	if (t)
		*out = xstrdup(t);
	else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		e = senda_fail(err, SENDA_E_NOTFOUND, NULL, NULL);
	else   /* a value SQLite could not turn into text: out of memory */
		e = db_error(db, err);
	sqlite3_reset(st);
	return e;
}

senda_err
db_step_one(senda_db *db, sqlite3_stmt *st, const char *what,
	    void (*read)(sqlite3_stmt *, void *), void (*release)(void *), void *out,
	    senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		senda_err e = rc != SQLITE_DONE ? db_error(db, err)
			: senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", what);
		sqlite3_reset(st);
		return e;
	}
	read(st, out);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sqlite3_reset(st);
		release(out);
		return senda_fail(err, SENDA_E_AMBIGUOUS, NULL, "%s", what);
	}
	if (rc != SQLITE_DONE) {
		senda_err e = db_error(db, err);
		sqlite3_reset(st);
		release(out);
		return e;
	}
	sqlite3_reset(st);
	return SENDA_OK;
}

