/* senda — the reader of a bundle's inner file: its format version and
 * manifest values, and its entries stepped through in order (format 1:
 * the entry table; format 2: the log's own records, a creation's row read
 * from its row table as a JSON object, with the entries or when asked
 * for). bundle.c opens and checks the file first. doc/bundle-format.md. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "exchange/bundle.h"
#include "senda/mem.h"

int
xcb_format(sqlite3 *b)
{
	char *v = xcb_manifest_value(b, "format_version");
	int n = v ? atoi(v) : 0;
	free(v);
	return n;
}

/* A name senda writes in a row table: lower-case letters, digits, '_'
 * (the only names put into the query below, quoted as well). */
static bool
plain_name(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static char *
cat(char *s, char *more)
{
	char *r = xasprintf("%s%s", s, more);
	free(s);
	free(more);
	return r;
}

void
xcb_reader_close(xcb_reader *r)
{
	sqlite3_finalize(r->entries);
	for (size_t i = 0; i < r->n; i++) {
		free(r->tbl[i]);
		sqlite3_finalize(r->row[i]);
	}
	free(r->tbl);
	free(r->row);
	sqlite3_finalize(r->rest);
	memset(r, 0, sizeof *r);
}

/* Format 2: the query of each row table's rows as JSON objects, by the
 * columns it has (but those that never travel), its name checked. */
static bool
row_queries(xcb_reader *r, char **whens)
{
	sqlite3 *b = r->b;
	sqlite3_stmt *tabs = NULL, *cols = NULL;
	if (sqlite3_prepare_v2(b, "SELECT name FROM sqlite_master WHERE type = 'table'"
			       " AND substr(name, 1, 4) = '" XCB_ROW_PREFIX "' ORDER BY name",
			       -1, &tabs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(b, "SELECT name FROM pragma_table_info(?) ORDER BY cid", -1,
			       &cols, NULL) != SQLITE_OK) {
		sqlite3_finalize(tabs);
		return false;
	}
	bool ok = true;
	int rc;
	size_t cap = 0;
	while (ok && (rc = sqlite3_step(tabs)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tabs, 0);
		const char *tbl = name ? name + 4 : NULL;
		if (!plain_name(tbl)) {
			ok = false;
			break;
		}
		char *obj = xstrdup("");
		bool has_id = false;
		sqlite3_bind_text(cols, 1, name, -1, SQLITE_TRANSIENT);
		while (ok && sqlite3_step(cols) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(cols, 0);
			if (!plain_name(c)) {
				ok = false;
				break;
			}
			has_id = has_id || strcmp(c, "id") == 0;
			/* A full export copies a table whole (its sort_key too):
			 * what never travels is not read (tables.c's list). */
			if (strcmp(c, "sort_key") == 0 || strcmp(c, "pin_hash") == 0)
				continue;
			obj = cat(obj, xasprintf("%s'%s', r.\"%s\"", *obj ? ", " : "", c, c));
		}
		sqlite3_reset(cols);
		ok = ok && has_id;
		if (ok) {
			char *sql = xasprintf("SELECT json_object(%s) FROM \"%s%s\" r WHERE r.id = ?",
					      obj, XCB_ROW_PREFIX, tbl);
			if (r->n == cap) {
				cap = cap ? cap * 2 : 16;
				r->tbl = xrealloc(r->tbl, cap * sizeof *r->tbl);
				r->row = xrealloc(r->row, cap * sizeof *r->row);
			}
			r->tbl[r->n] = xstrdup(tbl);
			r->row[r->n] = NULL;
			ok = sqlite3_prepare_v2(b, sql, -1, &r->row[r->n], NULL) == SQLITE_OK;
			r->n++;
			free(sql);
			*whens = cat(*whens, xasprintf(" WHEN '%s' THEN (SELECT json_object(%s) FROM"
						       " \"%s%s\" r WHERE r.id = e.row_id)", tbl, obj,
						       XCB_ROW_PREFIX, tbl));
		}
		free(obj);
	}
	if (ok && rc != SQLITE_DONE)
		ok = false;
	sqlite3_finalize(tabs);
	sqlite3_finalize(cols);
	return ok;
}

senda_err
xcb_reader_open(sqlite3 *b, bool rows_inline, xcb_reader *r, senda_error *err)
{
	memset(r, 0, sizeof *r);
	r->b = b;
	r->format = xcb_format(b);
	char *whens = xstrdup("");
	bool ok = r->format < 2 || row_queries(r, &whens);
	char *sql = NULL;
	if (r->format < 2) {
		sql = xstrdup(xcb_entries_sql);
	} else if (rows_inline && *whens) {
		/* Each creation's row in the same read (a correlated look-up
		 * costs less than a statement of its own a row). */
		r->rows_inline = true;
		sql = xasprintf("SELECT e.tbl, e.row_id, e.field, e.clock, e.site, CASE WHEN"
				" e.field <> '' THEN e.value ELSE CASE e.tbl%s END END, e.prev_clock,"
				" e.who FROM entry e ORDER BY e.seq", whens);
	} else {
		/* The key in its order, from its index alone (a merge's look-ups
		 * of what it has walk its own log's index in the same order);
		 * the rest of an entry read by its seq when it is taken. */
		r->lazy = true;
		sql = xstrdup("SELECT tbl, row_id, field, clock, site, seq FROM entry"
			      " ORDER BY tbl, row_id, field, clock, site");
		ok = ok && sqlite3_prepare_v2(b, "SELECT value, prev_clock, who FROM entry"
					      " WHERE seq = ?", -1, &r->rest, NULL) == SQLITE_OK;
	}
	free(whens);
	if (!ok || sqlite3_prepare_v2(b, sql, -1, &r->entries, NULL) != SQLITE_OK) {
		free(sql);
		xcb_reader_close(r);
		return senda_fail(err, SENDA_E_FORMAT, NULL, "%s", sqlite3_errmsg(b));
	}
	free(sql);
	return SENDA_OK;
}

senda_err
xcb_reader_fetch(xcb_reader *r, sqlite3_value **v, senda_error *err)
{
	sqlite3_stmt *e = r->entries;
	if (!r->lazy) {
		for (int i = 0; i < 3; i++)
			v[i] = sqlite3_column_value(e, 5 + i);
	} else {
		sqlite3_reset(r->rest);
		sqlite3_bind_value(r->rest, 1, sqlite3_column_value(e, 5));
		int rc = sqlite3_step(r->rest);
		if (rc != SQLITE_ROW)
			return senda_fail(err, SENDA_E_FORMAT, NULL, "%s", rc == SQLITE_DONE ? "entry"
					  : sqlite3_errmsg(r->b));
		for (int i = 0; i < 3; i++)
			v[i] = sqlite3_column_value(r->rest, i);
	}
	if (r->format < 2 || r->rows_inline)
		return SENDA_OK;
	const char *field = (const char *)sqlite3_column_text(e, 2);
	if (!field || *field)
		return SENDA_OK;
	const char *tbl = (const char *)sqlite3_column_text(e, 0);
	for (size_t i = 0; tbl && i < r->n; i++) {
		if (strcmp(r->tbl[i], tbl) != 0)
			continue;
		sqlite3_stmt *q = r->row[i];
		sqlite3_reset(q);
		sqlite3_bind_value(q, 1, sqlite3_column_value(e, 1));
		int rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			v[0] = sqlite3_column_value(q, 0);
		else if (rc != SQLITE_DONE)
			return senda_fail(err, SENDA_E_FORMAT, NULL, "%s", sqlite3_errmsg(r->b));
		break;
	}
	return SENDA_OK;   /* no row: the creation's value is NULL (refused) */
}

char *
xcb_manifest_value(sqlite3 *b, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	if (sqlite3_prepare_v2(b, "SELECT value FROM manifest WHERE key = ?", -1, &st, NULL)
	    != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}
