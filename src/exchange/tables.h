/* senda — the tables that travel and their columns, for src/exchange. */
#ifndef SENDA_EXCHANGE_TABLES_H
#define SENDA_EXCHANGE_TABLES_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "senda/db.h"
#include "senda/error.h"

typedef struct xc_table_info {
	const char *name;
	char **cols;      /* the columns that travel (a creation's JSON keys) */
	char **dflt;      /* each one's default as the schema writes it (SQL), or NULL */
	size_t ncols;
	char **fk_col, **fk_table;   /* foreign keys: column -> parent table (by id) */
	size_t nfk;
} xc_table_info;

/* Index in xc_tables, or -1. */
int xc_table_index(const char *name);
/* Can field be set by an entry (a travelling column but the row's own
 * bookkeeping)? */
bool xc_table_has_field(const xc_table_info *t, const char *field);
/* True for a column that never travels (pin_hash, sort_key). */
bool xc_column_local(const char *col);

/* The SQL that reads column i of a creation's JSON (json, an SQL
 * expression): its value, or the column's default when the key is absent (a
 * bundle made before the column was added). A new string. */
char *xc_column_from_json(const xc_table_info *t, size_t i, const char *json);

/* The most characters a text column may hold (its record's field table:
 * what a form refuses), or -1 when it has no limit there. */
int64_t xc_column_limit(const char *tbl, const char *col);
/* " AND ..." of SQL that holds when every limited text of a creation's
 * JSON (json, an SQL expression) is within its limit ("" for none). A new
 * string. */
char *xc_limits_sql(const xc_table_info *t, const char *json);

/* The columns of every table of xc_tables, read from the schema. */
senda_err xc_table_infos(senda_db *db, xc_table_info **out, senda_error *err);
void xc_table_infos_free(xc_table_info *t);

#endif
