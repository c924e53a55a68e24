/* senda — the model's one set of column readers and one binder, driven by a
 * record's field table (senda/field.h): "read these columns of the table
 * from this statement into the record", "bind these fields as parameters",
 * the SQL lists of its columns, and the change log of what differs. Only
 * src/model includes this file. */
#ifndef SENDA_MODEL_RECORD_SQL_H
#define SENDA_MODEL_RECORD_SQL_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "senda/field.h"
#include "senda/record.h"
#include "db/stmt.h"

/* Columns first.. of the current row of st into rec's fields t[0..n), in
 * order: NULL (or "" for a field that is not text) is "not given". */
void record_read_cols(sqlite3_stmt *st, int first, const field_desc *t, size_t n, void *rec);

/* The one record whose id starts with id (a whole id or a unique prefix of
 * at least 4 characters): sql's ?1 is the prefix key, read fills out from
 * the row (see db_step_one). */
SENDA_MUST_USE senda_err record_get_sql(senda_db *db, const char *sql, const char *id,
					void (*read)(sqlite3_stmt *, void *),
					void (*release)(void *), void *out, senda_error *err);

/* Each row of sql (its one parameter bound to arg) read into a record of
 * size bytes, handed to each (non-zero stops), then released. */
SENDA_MUST_USE senda_err record_each_sql(senda_db *db, const char *sql, const char *arg,
					 size_t size, void (*read)(sqlite3_stmt *, void *),
					 void (*release)(void *),
					 int (*each)(const void *rec, void *ctx), void *ctx,
					 senda_error *err);

/* rec's fields t[0..n) as parameters first.. of st: text as text ("" stays
 * ""), other kinds as stored (dates as text, numbers as integers) or NULL
 * when not given. */
SENDA_MUST_USE senda_err record_bind_cols(senda_db *db, sqlite3_stmt *st, int first,
					  const field_desc *t, size_t n, const void *rec,
					  senda_error *err);

/* A new row, in a transaction of its own with its change log (created):
 * sql's parameters are id, site_id, created_at, updated_at, updated_by
 * (filled here: this site, now, a new clock, this user), then the texts
 * extra[0..nextra) (NULL binds NULL), then the fields t[0..n) of rec. */
SENDA_MUST_USE senda_err record_insert(senda_db *db, const char *tbl, const char *sql,
				       const char *id, const char *const *extra, int nextra,
				       const field_desc *t, size_t n, const void *rec,
				       senda_error *err);

/* The SQL lists of t[0..n), newly allocated (callers keep them in a static
 * pointer, so that db_prepare caches one statement). Column names cannot be
 * bound parameters, so statements are put together from these lists; every
 * key is checked to be a plain identifier here (abort otherwise: the tables
 * are compiled in), and every value is bound. "prefix.name, ...";
 * "?, ?, ..." (n of them); "name = ?F, kind = ?F+1, ..." from first. */
char *record_col_list(const field_desc *t, size_t n, const char *prefix);
char *record_param_list(size_t n);
char *record_set_list(const field_desc *t, size_t n, int first);

/* One change-log line for each field of t[0..n) where old and new differ
 * ("" = NULL), tbl and id naming the record. The first one ticks the clock
 * into clock; *changed counts them. */
SENDA_MUST_USE senda_err record_log_changes(senda_db *db, const char *tbl, const char *id,
					    const field_desc *t, size_t n, const void *old,
					    const void *new_, char clock[], int *changed,
					    senda_error *err);

/* A record's typed name##_update, name##_rebase and name##_conflict_free
 * (name##_conflict holds n, cols[] and a type current): record_update,
 * record_rebase and the release of the stored record. */
#define TYPED_UPDATE(name, type, kind)                                                   \
	senda_err name##_update(senda_db *db, const type *base, type *p,                  \
				name##_conflict *conflict, senda_error *err)              \
	{                                                                                 \
		record_conflict c;                                                        \
		senda_err e = record_update(db, &kind, base, p, conflict ? &c : NULL, err); \
		if (conflict && e == SENDA_E_CONFLICT && c.current) {                     \
			conflict->n = c.n;                                                \
			memcpy(conflict->cols, c.cols, sizeof c.cols[0] * (size_t)c.n);   \
			conflict->current = *(type *)c.current;                           \
			free(c.current);                                                  \
		}                                                                         \
		return e;                                                                 \
	}                                                                                 \
	void name##_rebase(type *p, const type *base, const type *current,                \
			   const char *const *theirs, int ntheirs)                        \
	{                                                                                 \
		record_rebase(&kind, p, base, current, theirs, ntheirs);                  \
	}                                                                                 \
	void name##_conflict_free(name##_conflict *c)                                     \
	{                                                                                 \
		name##_free(&c->current);                                                 \
		c->n = 0;                                                                 \
	}

#endif
