/* senda — export a bundle: the field log entries of every row that changed
 * since the last export to the destination (or of every row), the people
 * without consent to share left out unless the destination is of this
 * organization; the manifest and its checksum; sealed with a passphrase or
 * plain; then the export is remembered (export_mark, export_log). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "db/stmt.h"
#include "exchange/bundle.h"
#include "exchange/export.h"
#include "exchange/tables.h"
#include "senda/clock.h"
#include "senda/exchange.h"
#include "senda/i18n.h"
#include "senda/outfile.h"
#include "senda/tmpfile.h"
#include "senda/mem.h"
#include "senda/uuid.h"
#include "senda/perm.h"

/* The format written (tests write format 1 too: xc_export_format). */
static int export_format = XC_FORMAT_VERSION;

int
xc_export_format(int version)
{
	int old = export_format;
	export_format = version == 1 ? 1 : XC_FORMAT_VERSION;
	return old;
}

static senda_err
inner_fail(sqlite3 *b, senda_error *err)
{
	return senda_fail(err, SENDA_E_IO, NULL, "%s", sqlite3_errmsg(b));
}

/* A manifest row into the inner file, through its own connection (put_b)
 * or this file's, attached (put_out). */
static const char put_b[] = "INSERT OR REPLACE INTO manifest (key, value) VALUES (?, ?)";
static const char put_out[] = "INSERT OR REPLACE INTO xc_out.manifest (key, value) VALUES (?, ?)";

static senda_err
manifest(sqlite3 *b, const char *put, const char *key, const char *value, senda_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(b, put, -1, &st, NULL) != SQLITE_OK)
		return inner_fail(b, err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SENDA_OK : inner_fail(b, err);
}

static senda_err
manifest_int(sqlite3 *b, const char *put, const char *key, int64_t v, senda_error *err)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return manifest(b, put, key, buf, err);
}

/* The tables in the order of their names: the entries go in in the inner
 * file's key order (tbl, row_id, field, clock, site), appended. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(xc_tables[*(const size_t *)a], xc_tables[*(const size_t *)b]);
}

/* The checksum taken as the entries are copied: the manifest hashed
 * first, then each entry by senda_xc_sum in the copy's select list, as it
 * goes into the inner file. Its rows come in the inner file's key order
 * (the copy reads the log's key, no sort between); each key is checked to
 * come after the one before, else (ordered false) the sum is taken by
 * reading the file back, as a reader does. */
struct copy_sum {
	xcb_sum sum;
	bool ordered;
	int64_t n;
	char *key;      /* the last key: its 5 texts, each with its length */
	size_t keylen, keycap;
};

/* The key (args 0-4) after the last one, in BINARY order, kept. */
static bool
key_after(struct copy_sum *c, sqlite3_value **argv)
{
	size_t need = 0;
	for (int i = 0; i < 5; i++) {
		if (sqlite3_value_type(argv[i]) != SQLITE_TEXT)
			return false;
		need += sizeof(size_t) + (size_t)sqlite3_value_bytes(argv[i]);
	}
	int cmp = c->n == 0 ? 1 : 0;
	const char *old = c->key;
	for (int i = 0; i < 5 && cmp == 0; i++) {
		size_t on;
		memcpy(&on, old, sizeof on);
		old += sizeof on;
		size_t nn = (size_t)sqlite3_value_bytes(argv[i]);
		const unsigned char *t = sqlite3_value_text(argv[i]);
		int r = memcmp(t, old, nn < on ? nn : on);
		cmp = r ? r : (nn > on) - (nn < on);
		old += on;
	}
	if (cmp <= 0)
		return false;
	if (need > c->keycap) {
		c->keycap = need * 2;
		c->key = xrealloc(c->key, c->keycap);
	}
	char *p = c->key;
	for (int i = 0; i < 5; i++) {
		size_t nn = (size_t)sqlite3_value_bytes(argv[i]);
		memcpy(p, &nn, sizeof nn);
		memcpy(p + sizeof nn, sqlite3_value_text(argv[i]), nn);
		p += sizeof nn + nn;
	}
	c->keylen = need;
	return true;
}

/* senda_xc_sum(tbl, row_id, field, clock, site, value, prev_clock, who):
 * value, the entry hashed. */
static void
sum_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct copy_sum *c = sqlite3_user_data(ctx);
	sqlite3_result_value(ctx, argv[5]);
	if (argc != 8 || !c->ordered)
		return;
	if (!key_after(c, argv)) {
		c->ordered = false;
		return;
	}
	for (int i = 0; i < 8; i++)
		xcb_sum_value(&c->sum, argv[i]);
	c->n++;
}

/* How many entries of the rows chosen there are (*total), the oldest clock
 * (lo) and the newest (hi). */
static senda_err
count_entries(senda_db *db, bool all, int64_t up_to_seq, const char *dest_site, int64_t *total,
	      char **lo, char **hi, senda_error *err)
{
	*total = 0;
	sqlite3_stmt *q = db_prepare(db, all
		? "SELECT count(*), min(f.clock), max(f.clock) FROM field_change f"
		  " WHERE f.seq <= ? AND f.site <> ?"
		: "SELECT count(*), min(f.clock), max(f.clock) FROM field_change f JOIN temp.xc_touch t"
		  " ON t.tbl = f.tbl AND t.row_id = f.row_id WHERE f.seq <= ? AND f.site <> ?", err);
	if (!q)
		return err->code;
	senda_err e = db_bind(db, q, err, "It", up_to_seq, dest_site);
	if (e != SENDA_OK)
		return e;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*total = sqlite3_column_int64(q, 0);
		if (sqlite3_column_type(q, 1) == SQLITE_TEXT) {
			free(*lo);
			free(*hi);
			*lo = xstrdup((const char *)sqlite3_column_text(q, 1));
			*hi = xstrdup((const char *)sqlite3_column_text(q, 2));
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SENDA_OK : db_error(db, err);
}

/* The entries of the rows chosen, copied into the inner file (attached to
 * this connection as xc_out) by one INSERT ... SELECT a table, in key
 * order, SQLite copying from file to file (no value through C but the
 * checksum's); their number into *count. */
static senda_err
copy_entries(senda_db *db, bool all, int64_t up_to_seq, const char *dest_site, int64_t total,
	     int64_t *count, const xc_export_opts *o, senda_error *err)
{
	*count = 0;
	senda_err e = SENDA_OK;
	int rc;
	if (o->progress)
		o->progress(o->ctx, 0, total);
	/* A creation carries the row as it is now, as a JSON object of the
	 * columns that travel (names from the schema, never from data). */
	xc_table_info *info;
	if ((e = xc_table_infos(db, &info, err)) != SENDA_OK)
		return e;
	size_t order[64];
	if (xc_ntables > sizeof order / sizeof order[0])
		return senda_fail(err, SENDA_E_DB, NULL, "%s", "xc_tables");
	for (size_t i = 0; i < xc_ntables; i++)
		order[i] = i;
	qsort(order, xc_ntables, sizeof order[0], by_name);
	for (size_t k = 0; k < xc_ntables && e == SENDA_OK; k++) {
		const xc_table_info *t = &info[order[k]];
		char *obj = xstrdup("");
		for (size_t j = 0; j < t->ncols; j++) {
			char *o2 = xasprintf("%s%s'%s', x.\"%s\"", obj, j ? ", " : "", t->cols[j],
					     t->cols[j]);
			free(obj);
			obj = o2;
		}
		/* all: the log read in the order of its key (the inner file's),
		 * without the rows chosen. */
		char *sql = xasprintf(
			"INSERT OR IGNORE INTO xc_out.entry (tbl, row_id, field, clock, site, value,"
			" prev_clock, who) SELECT f.tbl, f.row_id, f.field, f.clock, f.site,"
			" senda_xc_sum(f.tbl, f.row_id, f.field, f.clock, f.site, CASE WHEN f.field = ''"
			" THEN (SELECT json_object(%s) FROM \"%s\" x WHERE x.id = f.row_id) ELSE f.value"
			" END, f.prev_clock, f.who), f.prev_clock, f.who FROM %s WHERE %s = ?3 AND f.seq <= ?1"
			" AND f.site <> ?2 ORDER BY f.tbl, f.row_id, f.field, f.clock, f.site",
			obj, t->name, all ? "field_change f" : "temp.xc_touch t JOIN field_change f"
			" ON f.tbl = t.tbl AND f.row_id = t.row_id", all ? "f.tbl" : "t.tbl");
		free(obj);
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK) {
			free(sql);
			e = db_error(db, err);
			break;
		}
		free(sql);
		sqlite3_bind_int64(st, 1, up_to_seq);
		sqlite3_bind_text(st, 2, dest_site, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, t->name, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			*count += sqlite3_changes64(db_sqlite(db));
		else
			e = db_error(db, err);
		sqlite3_finalize(st);
		if (e == SENDA_OK && o->progress)
			o->progress(o->ctx, *count, total);
	}
	xc_table_infos_free(info);
	return e;
}

/* Format 2: the entries of the rows chosen, copied into the inner file
 * (attached as xc_out) as the log holds them, and the row of each creation
 * into its table's row table, by a few INSERT ... SELECT (no value through
 * C). A full export from which nobody is left out (all) copies the whole
 * log: entry is field_change's own table, and `INSERT ... SELECT *` of one
 * table into an empty one of the same columns and indexes is SQLite's
 * transfer, records copied as they are, as VACUUM copies them. */
static senda_err
copy_entries_v2(senda_db *db, bool all, int64_t up_to_seq, const char *dest_site,
		int64_t total, const xc_export_result *res, int64_t *count,
		const xc_export_opts *o, senda_error *err)
{
	*count = 0;
	if (o->progress)
		o->progress(o->ctx, 0, total);
	sqlite3 *h = db_sqlite(db);
	senda_err e = SENDA_OK;
	if (all) {
		/* Within the read transaction the log has nothing after
		 * up_to_seq, and nothing is left out for its site (""). */
		e = db_exec(db, err, "INSERT INTO xc_out.entry SELECT * FROM main.field_change",
			    NULL);
	} else {
		e = db_exec(db, err,
			"INSERT INTO xc_out.entry (seq, tbl, row_id, field, clock, site, value,"
			" prev_clock, who) SELECT f.seq, f.tbl, f.row_id, f.field, f.clock, f.site,"
			" f.value, f.prev_clock, f.who FROM temp.xc_touch t JOIN field_change f"
			" ON f.tbl = t.tbl AND f.row_id = t.row_id WHERE f.seq <= ? AND f.site <> ?",
			"It", up_to_seq, dest_site);
	}
	if (e != SENDA_OK)
		return e;
	*count = sqlite3_changes64(h);
	/* Foreign keys still on (the pragma does nothing in a transaction
	 * begun before the export's): no table's own definition, whose
	 * foreign keys would be looked for in the inner file. */
	int64_t fk_on = 1;
	if ((e = db_int(db, &fk_on, err, "PRAGMA foreign_keys", NULL)) != SENDA_OK)
		return e;
	xc_table_info *info;
	if ((e = xc_table_infos(db, &info, err)) != SENDA_OK)
		return e;
	for (size_t i = 0; i < xc_ntables && e == SENDA_OK; i++) {
		const xc_table_info *t = &info[i];
		if (res->table_rows[i] == 0)
			continue;   /* no row of this table goes */
		/* A table is copied as it is defined (its own CREATE TABLE,
		 * constraints and all, under the row table's name): then a
		 * full export's INSERT ... SELECT * is SQLite's transfer, records
		 * copied as they are. Foreign keys are off for the copy (the
		 * parents are not in the inner file; see xc_export). A table
		 * with a column that must never leave the file (pin_hash) has
		 * the columns that travel only, untyped. */
		char *def = NULL;
		e = db_text(db, &def, err, "SELECT sql FROM main.sqlite_master WHERE type = 'table'"
			    " AND name = ?", "t", t->name);
		if (e != SENDA_OK)
			break;
		int64_t secret = 0;
		e = db_int(db, &secret, err, "SELECT count(*) FROM pragma_table_info(?) WHERE name"
			   " = 'pin_hash'", "t", t->name);
		if (e != SENDA_OK) {
			free(def);
			break;
		}
		const char *paren = strchr(def, '(');
		char *decl = xstrdup(""), *cols = xstrdup("");
		for (size_t j = 0; j < t->ncols; j++) {
			bool id = strcmp(t->cols[j], "id") == 0;
			char *d = xasprintf("%s%s\"%s\"%s", decl, j ? ", " : "", t->cols[j],
					    id ? " TEXT PRIMARY KEY NOT NULL" : "");
			char *c = xasprintf("%s%s\"%s\"", cols, j ? ", " : "", t->cols[j]);
			free(decl);
			free(cols);
			decl = d;
			cols = c;
		}
		bool same = !secret && paren && !fk_on;
		if (same) {
			free(cols);
			cols = xstrdup("*");
		}
		char *create = same
			? xasprintf("CREATE TABLE xc_out.\"" XCB_ROW_PREFIX "%s\" %s", t->name, paren)
			: xasprintf("CREATE TABLE xc_out.\"" XCB_ROW_PREFIX "%s\" (%s)", t->name, decl);
		free(def);
		/* all: every row (one without a creation in the log, made by
		 * another program, is not read by a merge); else the rows whose
		 * creation goes. */
		char *copy = all
			? xasprintf("INSERT INTO xc_out.\"" XCB_ROW_PREFIX "%s\"%s%s%s SELECT %s FROM"
				    " main.\"%s\"", t->name, same ? "" : " (", same ? "" : cols,
				    same ? "" : ")", cols, t->name)
			: xasprintf("INSERT INTO xc_out.\"" XCB_ROW_PREFIX "%s\"%s%s%s SELECT %s FROM"
				    " main.\"%s\" WHERE id IN (SELECT row_id FROM xc_out.entry"
				    " WHERE tbl = '%s' AND field = '')", t->name, same ? "" : " (",
				    same ? "" : cols, same ? "" : ")", cols, t->name, t->name);
		free(decl);
		free(cols);
		if (sqlite3_exec(h, create, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(h, copy, NULL, NULL, NULL) != SQLITE_OK)
			e = db_error(db, err);
		free(create);
		free(copy);
		if (e == SENDA_OK && o->progress)
			o->progress(o->ctx, *count, total);
	}
	xc_table_infos_free(info);
	return e;
}

/* Format 2: the checksum over the finished inner file's bytes, written in
 * place of the marker the manifest holds for it. */
static senda_err
seal_sum(const char *inner, const char *marker, senda_error *err)
{
	char sum[65];
	int64_t where = -1;
	senda_err e = xcb_file_sum(inner, marker, sum, &where, err);
	if (e != SENDA_OK)
		return e;
	if (where < 0)
		return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", inner, "checksum");
	int fd = open(inner, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", inner, strerror(errno));
	ssize_t n = pwrite(fd, sum, 64, (off_t)where);
	int errnum = n == 64 ? 0 : n < 0 ? errno : EIO;
	if (close(fd) != 0 && !errnum)
		errnum = errno;
	if (errnum)
		return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", inner, strerror(errnum));
	return SENDA_OK;
}

/* What the manifest says, read from this file with the entries. */
struct facts {
	char *lo, *hi, *sname, *skind, *org;
};

static void
facts_free(struct facts *f)
{
	free(f->lo); free(f->hi); free(f->sname); free(f->skind); free(f->org);
}

/* The rows of a full export from which nobody is left out: every row the
 * log has, counted in one read of its key (as temp.xc_touch would count
 * them). */
static senda_err
count_all_rows(senda_db *db, xc_export_result *res, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT tbl, count(DISTINCT row_id) FROM field_change"
				      " GROUP BY tbl", err);
	if (!st)
		return err->code;
	res->rows = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 1);
		int ti = xc_table_index((const char *)sqlite3_column_text(st, 0));
		res->rows += n;
		if (ti >= 0)
			res->table_rows[ti] = n;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* The same and the entries' count and clock range (count_entries), in one
 * read of the log's key: the tables of the log, for a full export from
 * which nobody is left out. */
static senda_err
count_all(senda_db *db, xc_export_result *res, int64_t *total, char **lo, char **hi,
	  senda_error *err)
{
	/* The log's key read in its order (its unique index covers it: no
	 * sort), whatever the index is named: a
	 * new row where (tbl, row_id) changes; counted here, which costs a
	 * fifth of what SQLite's GROUP BY or count(DISTINCT) does. */
	sqlite3_stmt *st = db_prepare(db, "SELECT tbl, row_id, clock FROM field_change"
				      " ORDER BY tbl, row_id", err);
	if (!st)
		return err->code;
	res->rows = 0;
	*total = 0;
	int rc, ti = -1;
	char *tbl = xstrdup(""), *row = xstrdup("");
	size_t rowcap = 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		const char *r = (const char *)sqlite3_column_text(st, 1);
		const char *c = (const char *)sqlite3_column_text(st, 2);
		if (!t || !r || !c)
			continue;   /* NOT NULL columns */
		(*total)++;
		bool new_tbl = strcmp(t, tbl) != 0;
		if (new_tbl) {
			free(tbl);
			tbl = xstrdup(t);
			ti = xc_table_index(t);
		}
		if (new_tbl || strcmp(r, row) != 0) {
			size_t n = strlen(r) + 1;
			if (n > rowcap) {
				rowcap = n * 2;
				free(row);
				row = xmalloc(rowcap);
			}
			memcpy(row, r, n);
			res->rows++;
			if (ti >= 0)
				res->table_rows[ti]++;
		}
		if (!**lo || strcmp(c, *lo) < 0) {
			free(*lo);
			*lo = xstrdup(c);
		}
		if (strcmp(c, *hi) > 0) {
			free(*hi);
			*hi = xstrdup(c);
		}
	}
	free(tbl);
	free(row);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* The manifest but its checksum, into the inner file attached to this
 * file's connection h (in its transaction), before the entries. */
static senda_err
write_manifest(sqlite3 *h, const char *site_id, const xc_export_opts *o,
	       const xc_export_result *res, const char *dest_name, const struct facts *f,
	       const char *marker, senda_error *err)
{
	senda_err e = SENDA_OK;
	char now[21];
	clock_timestamp(now);
	char fmt[16];
	snprintf(fmt, sizeof fmt, "%d", export_format);
	const char *p = put_out;
	if (e == SENDA_OK) e = manifest(h, p, "format", "senda-bundle", err);
	if (e == SENDA_OK) e = manifest(h, p, "format_version", fmt, err);
	if (e == SENDA_OK) e = manifest(h, p, "senda_version", PACKAGE_VERSION, err);
	if (e == SENDA_OK) e = manifest(h, p, "site_id", site_id, err);
	if (e == SENDA_OK) e = manifest(h, p, "site_name", f->sname, err);
	if (e == SENDA_OK) e = manifest(h, p, "site_kind", f->skind, err);
	if (e == SENDA_OK) e = manifest(h, p, "organization", f->org, err);
	if (e == SENDA_OK) e = manifest(h, p, "destination", res->destination, err);
	if (e == SENDA_OK) e = manifest(h, p, "destination_name", dest_name, err);
	if (e == SENDA_OK) e = manifest(h, p, "exported_at", now, err);
	if (e == SENDA_OK) e = manifest(h, p, "clock_from", f->lo, err);
	if (e == SENDA_OK) e = manifest(h, p, "clock_to", f->hi, err);
	if (e == SENDA_OK) e = manifest(h, p, "full", o->full ? "1" : "0", err);
	if (e == SENDA_OK) e = manifest(h, p, "encrypted", o->passphrase ? "1" : "0", err);
	if (e == SENDA_OK) e = manifest_int(h, p, "entries", res->entries, err);
	if (e == SENDA_OK) e = manifest_int(h, p, "rows", res->rows, err);
	if (e == SENDA_OK) e = manifest_int(h, p, "left_out", res->left_out, err);
	for (size_t i = 0; i < xc_ntables && e == SENDA_OK; i++) {
		char *key = xasprintf("rows.%s", xc_tables[i]);
		e = manifest_int(h, p, key, res->table_rows[i], err);
		free(key);
	}
	/* Format 2: the checksum's place, kept by a marker until the file is
	 * done (seal_sum). */
	if (e == SENDA_OK && marker)
		e = manifest(h, p, "checksum", marker, err);
	return e;
}

/* The checksum row, through the inner file's own connection b once the
 * rest is in: sum, taken as the entries were copied, or (NULL) read back. */
static senda_err
write_checksum(sqlite3 *b, const char *sum, senda_error *err)
{
	if (sqlite3_exec(b, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return inner_fail(b, err);
	char read_back[65];
	senda_err e = SENDA_OK;
	if (!sum && (e = xcb_checksum(b, read_back, err)) == SENDA_OK)
		sum = read_back;
	if (e == SENDA_OK)
		e = manifest(b, put_b, "checksum", sum, err);
	if (e == SENDA_OK && sqlite3_exec(b, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		e = inner_fail(b, err);
	if (e != SENDA_OK)
		sqlite3_exec(b, "ROLLBACK", NULL, NULL, NULL);
	return e;
}

/* Fill the inner file (attached as xc_out) from a read of this file: what
 * its manifest says, then the entries, hashed into c as they go in. */
static senda_err
fill(senda_db *db, const xc_export_opts *o, xc_export_result *res, int64_t since,
     int64_t *up_to_seq, struct facts *f, struct copy_sum *c, const char *marker,
     senda_error *err)
{
	senda_err e = db_int(db, up_to_seq, err, "SELECT coalesce(max(seq), 0) FROM field_change",
			     NULL);
	/* What the destination site made itself it has: not sent back (but a
	 * full export carries everything, for a site restored from an old
	 * backup). */
	const char *dest_site = !o->full && strncmp(res->destination, "kind:", 5) != 0 &&
		strcmp(res->destination, "any") != 0 ? res->destination : "";
	bool all = false;
	if (e == SENDA_OK)
		e = select_rows(db, since, dest_site, res->same_org, &res->left_out, &all, err);
	f->lo = xstrdup("");
	f->hi = xstrdup("");
	int64_t total = 0;
	if (e == SENDA_OK && all && marker)
		e = count_all(db, res, &total, &f->lo, &f->hi, err);
	else if (e == SENDA_OK)
		e = count_entries(db, all, *up_to_seq, dest_site, &total, &f->lo, &f->hi, err);
	res->entries = total;
	if (e == SENDA_OK && all && !marker)
		e = count_all_rows(db, res, err);
	else if (e == SENDA_OK && !all)
		e = db_int(db, &res->rows, err, "SELECT count(*) FROM temp.xc_touch", NULL);
	if (e == SENDA_OK)
		snprintf(res->up_to, sizeof res->up_to, "%s", f->hi);
	if (e == SENDA_OK)
		e = db_text(db, &f->sname, err, "SELECT name FROM site WHERE id = ?", "t",
			    db_site_id(db));
	if (e == SENDA_OK)
		e = db_text(db, &f->skind, err, "SELECT kind FROM site WHERE id = ?", "t",
			    db_site_id(db));
	if (e == SENDA_OK) {
		e = db_text(db, &f->org, err, "SELECT organization FROM site_org WHERE id = ?", "t",
			    db_site_id(db));
		if (e == SENDA_E_NOTFOUND) {
			f->org = xstrdup("");
			e = SENDA_OK;
		}
	}
	for (size_t i = 0; i < xc_ntables && e == SENDA_OK && !all; i++)
		e = db_int(db, &res->table_rows[i], err,
			   "SELECT count(*) FROM temp.xc_touch WHERE tbl = ?", "t", xc_tables[i]);
	sqlite3 *h = db_sqlite(db);
	if (e == SENDA_OK)
		e = write_manifest(h, db_site_id(db), o, res, o->to ? o->to : "", f, marker, err);
	if (e == SENDA_OK && marker) {
		int64_t count = 0;
		e = copy_entries_v2(db, all, *up_to_seq, dest_site, total, res, &count, o, err);
		if (e == SENDA_OK && count != total) {
			res->entries = count;   /* never seen: what was copied */
			e = manifest_int(h, put_out, "entries", count, err);
		}
		return e;
	}
	xcb_sum_init(&c->sum);
	c->ordered = true;
	if (e == SENDA_OK)
		e = xcb_sum_query(h, &c->sum, "SELECT key, value FROM xc_out.manifest"
				  " WHERE key <> 'checksum' ORDER BY key", err);
	if (e != SENDA_OK)
		return e;
	/* For this copy only (SQLITE_DIRECTONLY: never from a trigger or a
	 * view of the file). */
	if (sqlite3_create_function_v2(h, "senda_xc_sum", 8, SQLITE_UTF8 | SQLITE_DIRECTONLY, c,
				       sum_fn, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err);
	int64_t count = 0;
	e = copy_entries(db, all, *up_to_seq, dest_site, total, &count, o, err);
	sqlite3_create_function_v2(h, "senda_xc_sum", 8, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
				   NULL, NULL, NULL, NULL);
	if (e == SENDA_OK && count != total) {
		/* Not what was counted (never seen): the count of the copy,
		 * and the sum read back. */
		res->entries = count;
		e = manifest_int(h, put_out, "entries", count, err);
	}
	if (count != total || c->n != count)
		c->ordered = false;
	return e;
}

static senda_err
remember(senda_db *db, const xc_export_result *res, int64_t up_to_seq, senda_error *err)
{
	char id[UUID_LEN], now[21], clock[HLC_LEN];
	uuid_new(id);
	clock_timestamp(now);
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) == SENDA_OK)
		e = db_exec(db, err,
			"INSERT INTO export_mark (destination, up_to_seq, up_to) VALUES (?, ?, ?)"
			" ON CONFLICT (destination) DO UPDATE SET up_to_seq ="
			" max(up_to_seq, excluded.up_to_seq), up_to = excluded.up_to", "tIt",
			res->destination, up_to_seq, res->up_to);
	if (e == SENDA_OK)
		e = db_exec(db, err,
			"INSERT INTO export_log (id, site_id, created_at, updated_at, updated_by,"
			" destination, up_to, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "tttttttI",
			id, db_site_id(db), now, clock, db_actor_id(db), res->destination,
			res->up_to, res->rows);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
xc_export(senda_db *db, const xc_export_opts *o, xc_export_result *res, senda_error *err)
{
	PERM_CHECK(db, PERM_EXPORT, err);
	memset(res, 0, sizeof *res);
	if (!db_site_id(db)[0])
		return senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
	/* Before the checksum: libsodium picks its fastest BLAKE2b for this
	 * processor in sodium_init (until then, the portable one). */
	if (sodium_init() < 0)
		return senda_fail(err, SENDA_E_IO, NULL, "%s", "libsodium");
	senda_err e = destination(db, o->to, res->destination, sizeof res->destination,
				  &res->same_org, err);
	if (e != SENDA_OK)
		return e;
	/* Refuse a bad output name before any work. */
	if ((e = outfile_check(o->out, db_file(db), o->out_flags, err)) != SENDA_OK)
		return e;
	int64_t since = 0, up_to_seq = 0;
	if (!o->full) {
		e = db_int(db, &since, err, "SELECT up_to_seq FROM export_mark WHERE destination = ?",
			   "t", res->destination);
		if (e == SENDA_E_NOTFOUND)
			e = SENDA_OK;
		if (e != SENDA_OK)
			return e;
	}
	/* A plain bundle is the inner file itself: made where it goes, under
	 * the output's temporary name, then synced and renamed (not written
	 * twice). An encrypted one is sealed from a temporary inner file. */
	outfile of;
	bool plain = !o->passphrase;
	char *inner = NULL;
	if (plain) {
		if ((e = outfile_begin(&of, o->out, db_file(db), o->out_flags, err)) != SENDA_OK)
			return e;
		inner = xstrdup(of.tmp);
	} else if (!(inner = xcb_temp_file(err))) {
		return err->code;
	}
	/* Pages of 16 KiB: a quarter of the page writes and reads of SQLite's
	 * 4 KiB for the same entries (half the system time of an export, and
	 * of the checksum's read), for at most 16 KiB more a table. NOMUTEX:
	 * one thread, and the checksum reads every value of the file. */
	sqlite3 *b = NULL;
	bool v2 = export_format >= 2;
	/* Format 2: a random marker holds the checksum's place (seal_sum). */
	char marker[65];
	unsigned char rnd[32];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(marker, sizeof marker, rnd, sizeof rnd);
	if (sqlite3_open_v2(inner, &b, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
	    != SQLITE_OK ||
	    sqlite3_exec(b, "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF;"
			 " PRAGMA synchronous = OFF", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(b, v2 ? xcb_inner_schema_v2 : xcb_inner_schema, NULL, NULL, NULL)
	    != SQLITE_OK) {
		e = senda_fail(err, SENDA_E_IO, NULL, "%s: %s", inner, b ? sqlite3_errmsg(b) : "?");
		sqlite3_close(b);
		goto out;
	}
	/* The entries are written by this file's connection, the inner file
	 * attached (no journal, no sync: it is synced once, whole, below),
	 * in one read transaction with the mark, so that they agree. */
	struct facts f = { 0 };
	struct copy_sum cs = { .ordered = false };
	bool attached = false;
	e = db_exec(db, err, "ATTACH DATABASE ? AS xc_out", "t", inner);
	attached = e == SENDA_OK;
	if (e == SENDA_OK)
		e = db_exec(db, err, "PRAGMA xc_out.journal_mode = OFF", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, "PRAGMA xc_out.synchronous = OFF", NULL);
	/* Format 2: the row tables keep their tables' foreign keys, whose
	 * parents are not in the inner file, and SQLite's transfer copies
	 * only with them off; the export writes nothing in this file. Outside
	 * a transaction (where the pragma is a no-op), on again below. */
	bool fk_off = e == SENDA_OK && v2;
	if (fk_off)
		e = db_exec(db, err, "PRAGMA foreign_keys = OFF", NULL);
	if (e == SENDA_OK && (e = db_begin(db, err)) == SENDA_OK) {
		e = fill(db, o, res, since, &up_to_seq, &f, &cs, v2 ? marker : NULL, err);
		if (e == SENDA_OK)
			e = db_commit(db, err);
		else
			db_rollback(db);
	}
	if (fk_off) {
		senda_error ferr = { 0 };
		senda_err d = db_exec(db, &ferr, "PRAGMA foreign_keys = ON", NULL);
		if (d != SENDA_OK && e == SENDA_OK) {
			*err = ferr;
			e = d;
		}
	}
	if (attached) {
		senda_error derr = { 0 };
		senda_err d = db_exec(db, &derr, "DETACH DATABASE xc_out", NULL);
		if (d != SENDA_OK && e == SENDA_OK) {
			*err = derr;
			e = d;
		}
	}
	char sum[65];
	if (e == SENDA_OK && cs.ordered)
		xcb_sum_hex(&cs.sum, sum);
	if (e == SENDA_OK && !v2)
		e = write_checksum(b, cs.ordered ? sum : NULL, err);
	facts_free(&f);
	free(cs.key);
	if (sqlite3_close(b) != SQLITE_OK && e == SENDA_OK)
		e = senda_fail(err, SENDA_E_IO, NULL, "%s", inner);
	if (e == SENDA_OK && v2)
		e = seal_sum(inner, marker, err);
	if (e != SENDA_OK)
		goto out;
	if (plain) {
		plain = false;   /* of is released by the commit, whatever it says */
		e = outfile_commit(&of, err);
	} else {
		e = xcb_seal(inner, o->out, db_file(db), o->out_flags, o->passphrase, o->passlen,
			     err);
	}
	if (e != SENDA_OK)
		goto out;
	e = remember(db, res, up_to_seq, err);
	/* The end is told once the bundle is written and remembered. */
	if (o->progress && e == SENDA_OK)
		o->progress(o->ctx, res->entries, res->entries);
out:
	if (plain)
		outfile_abort(&of);   /* a failure before the commit: nothing left */
	else if (o->passphrase && inner) {
		unlink(inner);
		tmpfile_untrack(inner);
	}
	free(inner);
	return e;
}
