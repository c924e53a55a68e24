/* senda — merge bundles: every (table, row, field) is a last-writer-wins
 * register ordered by (clock, site id, field); an entry already here is
 * skipped, so that a bundle merged twice writes nothing the second time;
 * entries are applied in clock order, so that the arrival order does not
 * matter. A concurrent edit of one field (neither site had seen the other's
 * value, told by the clock each entry replaced) keeps the same winner
 * everywhere and goes to merge_conflict for review; so does an edit that
 * arrives for a deleted row, which stays deleted. Changes stamped more than
 * 24 hours ahead of this machine's clock are held back (held_change) and
 * tried again at every merge. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/stmt.h"
#include "exchange/bundle.h"
#include "exchange/tables.h"
#include "exchange/merge.h"
#include "senda/clock.h"
#include "senda/erase.h"
#include "senda/exchange.h"
#include "senda/participant.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "senda/perm.h"


static size_t bulk_min = 2048;
static size_t big_min = 100000;

size_t
xc_merge_big_min(size_t n)
{
	size_t old = big_min;
	big_min = n;
	return old;
}

/* The page caches of a big merge (see xc_merge; KiB), and SQLite's default. */
#define BIG_CACHE "-12288"
#define BIG_TEMP_CACHE "-4096"
#define SMALL_CACHE "-2000"

size_t
xc_merge_bulk_min(size_t n)
{
	size_t old = bulk_min;
	bulk_min = n;
	return old;
}

sqlite3_stmt *
dyn_prepare(struct merge *m, char *sql, senda_error *err)
{
	for (size_t i = 0; i < m->ndyn; i++)
		if (strcmp(m->dyn[i].sql, sql) == 0) {
			free(sql);
			sqlite3_reset(m->dyn[i].st);
			sqlite3_clear_bindings(m->dyn[i].st);
			return m->dyn[i].st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(m->h, sql, -1, &st, NULL) != SQLITE_OK) {
		senda_fail(err, SENDA_E_DB, NULL, "%s", sqlite3_errmsg(m->h));
		free(sql);
		return NULL;
	}
	if (m->ndyn == m->capdyn) {
		m->capdyn = m->capdyn ? m->capdyn * 2 : 32;
		m->dyn = xrealloc(m->dyn, m->capdyn * sizeof *m->dyn);
	}
	m->dyn[m->ndyn].sql = sql;
	m->dyn[m->ndyn].st = st;
	m->ndyn++;
	return st;
}

static void
dyn_free(struct merge *m)
{
	for (size_t i = 0; i < m->ndyn; i++) {
		sqlite3_finalize(m->dyn[i].st);
		free(m->dyn[i].sql);
	}
	free(m->dyn);
}

char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

void
entry_free(struct entry *e)
{
	free(e->tbl); free(e->row_id); free(e->field); free(e->clock);
	free(e->site); free(e->prev); free(e->who); free(e->held_reason);
	sqlite3_value_free(e->value);
}

senda_err
step_done(struct merge *m, sqlite3_stmt *st, senda_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return SENDA_OK;
	return db_error(m->db, err);
}

bool
xc_report_nothing_new(const xc_report *r)
{
	for (size_t i = 0; i < xc_ntables; i++) {
		const xc_counts *c = &r->table[i];
		if (c->created || c->updated || c->conflicts)
			return false;
	}
	return true;
}

char *
xc_report_merged(const xc_report *r)
{
	/* Each count with its own plural: "1 bundle (30 changes read)". */
	/* L10N: the start of the merge summary's first line; the count of
	 * changes read follows, in parentheses ("(30 changes read).") */
	char *b = xasprintf(P_("Merged %" PRId64 " bundle", "Merged %" PRId64 " bundles",
			       (unsigned long)r->bundles), r->bundles);
	/* L10N: the end of the merge summary's first line, after "Merged 2
	 * bundles" */
	char *e = xasprintf(P_("(%" PRId64 " change read).", "(%" PRId64 " changes read).",
			       (unsigned long)r->entries), r->entries);
	char *line = xasprintf("%s %s", b, e);
	free(b);
	free(e);
	return line;
}

void
merge_tell(struct merge *m, double share)
{
	if (!m->progress)
		return;
	int64_t total = m->incoming > 0 ? m->incoming : 1;
	int64_t done = (int64_t)(share * (double)total);
	if (done > total)
		done = total;
	if (done <= m->told)
		return;   /* told already (told starts at -1) */
	m->told = done;
	m->progress(m->progress_ctx, done, total);
}

/* Bundle i refused as it is read: changed since it was made. */
static senda_err
tampered(struct merge *m, size_t i, senda_error *err)
{
	if (m->why)
		*m->why = XC_TAMPERED;
	if (m->which)
		*m->which = i;
	return senda_fail(err, SENDA_E_FORMAT, NULL, "%s", xc_refusal_text(XC_TAMPERED));
}

/* Read bundle i's entries once, in key order: each hashed (its checksum,
 * checked at the end: nothing is written to the file before, and a bundle
 * changed is refused as it was when opened), those new here copied into
 * temp.xc_in. */
static senda_err
load_bundle(struct merge *m, size_t bi, sqlite3 *b, senda_error *err)
{
	sqlite3_stmt *in = NULL;
	xcb_sum *sum = &m->sums[bi];
	/* Format 2: each creation's row read out of its row table (the
	 * checksum was taken over the file when it was opened). */
	senda_error qerr = { 0 };
	xcb_reader rd;
	if (xcb_reader_open(b, m->mostly_new, &rd, &qerr) != SENDA_OK)
		return tampered(m, bi, err);
	in = rd.entries;
	sqlite3_stmt *st = db_prepare(m->db,
		"INSERT OR IGNORE INTO temp.xc_in (tbl, row_id, field, clock, site, value,"
		" prev_clock, who, from_held) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", err);
	if (!st) {
		xcb_reader_close(&rd);
		return err->code;
	}
	int rc;
	senda_err r = SENDA_OK;
	sqlite3_stmt *seen = db_prepare(m->db,
		"SELECT 1 FROM field_change WHERE tbl = ? AND row_id = ? AND field = ?"
		" AND clock = ? AND site = ?", err);
	if (!seen) {
		xcb_reader_close(&rd);
		return err->code;
	}
	while (r == SENDA_OK && (rc = sqlite3_step(in)) == SQLITE_ROW) {
		if (++m->rep->entries % 4096 == 0 && m->incoming > 0)
			merge_tell(m, SHARE_READ * (double)m->rep->entries / (double)m->incoming);
		/* An entry here already is unchanged: not copied, not applied
		 * (a bundle merged again reads and writes nothing more). The
		 * values are bound (copied) before they are hashed: hashing
		 * reads a text as bytes, which changes how the row holds it. */
		for (int i = 0; i < 5; i++)
			sqlite3_bind_value(seen, i + 1, sqlite3_column_value(in, i));
		int k = sqlite3_step(seen);
		sqlite3_reset(seen);
		if (k != SQLITE_ROW && k != SQLITE_DONE) {
			r = db_error(m->db, err);
			break;
		}
		if (k == SQLITE_ROW) {
			int ti = xc_table_index((const char *)sqlite3_column_text(in, 0));
			if (ti >= 0)
				m->rep->table[ti].unchanged++;
			xcb_sum_row(sum, in);
			continue;
		}
		for (int i = 0; i < 5; i++)
			sqlite3_bind_value(st, i + 1, sqlite3_column_value(in, i));
		/* The rest of the entry (format 2: a creation's row), read now
		 * (not for an entry here already). */
		sqlite3_value *v[3];
		if (xcb_reader_fetch(&rd, v, &qerr) != SENDA_OK) {
			rc = SQLITE_ERROR;
			break;
		}
		for (int i = 0; i < 3; i++)
			sqlite3_bind_value(st, i + 6, v[i]);
		xcb_sum_row(sum, in);
		r = step_done(m, st, err);
		m->loaded++;
	}
	if (r == SENDA_OK && (rc != SQLITE_DONE || !xcb_sum_ok(sum)))
		r = tampered(m, bi, err);
	xcb_reader_close(&rd);
	sqlite3_db_release_memory(b);
	return r;
}

static senda_err pass(struct merge *m, bool tell, senda_error *err);

static senda_err
run(struct merge *m, sqlite3 **b, size_t n, senda_error *err)
{
	senda_err r = db_exec(m->db, err,
		"CREATE TEMP TABLE IF NOT EXISTS xc_in (tbl TEXT NOT NULL, row_id TEXT NOT NULL,"
		" field TEXT NOT NULL, clock TEXT NOT NULL, site TEXT NOT NULL, value,"
		" prev_clock TEXT, who TEXT, from_held INTEGER NOT NULL, reason TEXT,"
		" PRIMARY KEY (tbl, row_id, field, clock, site)) WITHOUT ROWID", NULL);
	/* The rows the bulk path made (edits = 1: and applied their edits). */
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "CREATE TEMP TABLE IF NOT EXISTS xc_new (tbl TEXT NOT NULL,"
			    " row_id TEXT NOT NULL, born TEXT NOT NULL, edits INTEGER NOT NULL,"
			    " ndiff INTEGER NOT NULL DEFAULT 0, nall INTEGER NOT NULL DEFAULT 0,"
			    " last TEXT, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID", NULL);
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "DELETE FROM temp.xc_new", NULL);
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "CREATE TEMP TABLE IF NOT EXISTS xc_names (id TEXT"
			    " PRIMARY KEY NOT NULL) WITHOUT ROWID", NULL);
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "DELETE FROM temp.xc_in", NULL);
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "DELETE FROM temp.xc_names", NULL);
	for (size_t i = 0; r == SENDA_OK && i < n; i++) {
		r = load_bundle(m, i, b[i], err);
		m->rep->bundles++;
	}
	/* What earlier merges held back is tried again with the rest. */
	if (r == SENDA_OK)
		r = db_exec(m->db, err,
			"INSERT OR IGNORE INTO temp.xc_in (tbl, row_id, field, clock, site, value,"
			" prev_clock, who, from_held, reason) SELECT tbl, row_id, field, clock, site,"
			" value, prev_clock, who, 1, reason FROM held_change", NULL);
	if (r == SENDA_OK)
		r = take_erasures(m, err);
	char *saved[XC_NPAUSED] = { NULL };
	bool paused = r == SENDA_OK && m->big && m->loaded >= bulk_min;
	if (paused)
		r = xc_pause_indexes(m, saved, err);
	merge_tell(m, SHARE_READ);
	bool bulked = r == SENDA_OK && m->loaded >= bulk_min;
	if (bulked)
		r = bulk(m, err);
	m->one_from = SHARE_READ + (bulked ? SHARE_BULK : 0);
	m->one_share = bulked ? SHARE_ONE : SHARE_ONE + SHARE_BULK;
	if (r == SENDA_OK)
		r = pass(m, true, err);
	/* A record that came before its parent in this merge (two rows made
	 * at the same instant sort by table name) waits in held_change: try
	 * those again while that brings some in. */
	for (int round = 0; r == SENDA_OK && round < 8; round++) {
		int64_t before = 0, after = 0;
		r = db_int(m->db, &before, err,
			   "SELECT count(*) FROM held_change WHERE reason = 'orphan'", NULL);
		if (r != SENDA_OK || before == 0)
			break;
		r = db_exec(m->db, err, "DELETE FROM temp.xc_in", NULL);
		if (r == SENDA_OK)
			r = db_exec(m->db, err,
				"INSERT OR IGNORE INTO temp.xc_in (tbl, row_id, field, clock, site, value,"
				" prev_clock, who, from_held, reason) SELECT tbl, row_id, field, clock,"
				" site, value, prev_clock, who, 1, reason FROM held_change"
				" WHERE reason = 'orphan'", NULL);
		m->retry = true;
		if (r == SENDA_OK)
			r = pass(m, false, err);
		m->retry = false;
		if (r == SENDA_OK)
			r = db_int(m->db, &after, err,
				   "SELECT count(*) FROM held_change WHERE reason = 'orphan'", NULL);
		if (r != SENDA_OK || after >= before)
			break;
	}
	/* The people whose names or tombstone changed: their sort key and the
	 * name search index, as the model keeps them, for all at once. */
	merge_tell(m, SHARE_READ + SHARE_BULK + SHARE_ONE);
	if (r == SENDA_OK)
		r = participant_names_flush(m->db, err);
	merge_tell(m, SHARE_READ + SHARE_BULK + SHARE_ONE + SHARE_NAMES);
	/* Her words out of the search index's pages, once for all. */
	if (r == SENDA_OK && m->erased > 0)
		r = erase_scrub_indexes(m->db, err);
	if (paused)
		r = xc_resume_indexes(m, saved, r, err);
	if (r == SENDA_OK && m->rep->max_clock[0])
		r = db_clock_receive(m->db, m->rep->max_clock, err);
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "DELETE FROM temp.xc_in", NULL);
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "DELETE FROM temp.xc_new", NULL);
	return r;
}

/* Apply what temp.xc_in holds, in clock order. */
static senda_err
pass(struct merge *m, bool tell, senda_error *err)
{
	int64_t total = 0;
	senda_err r = db_int(m->db, &total, err, "SELECT count(*) FROM temp.xc_in x WHERE"
			     " NOT EXISTS (SELECT 1 FROM temp.xc_new n WHERE n.tbl = x.tbl AND"
			     " n.row_id = x.row_id AND x.from_held = 0 AND (x.field = '' OR n.edits = 1))",
			     NULL);
	sqlite3_stmt *st = r == SENDA_OK ? db_prepare(m->db,
		"SELECT tbl, row_id, field, clock, site, value, prev_clock, who, from_held, reason"
		" FROM temp.xc_in x WHERE NOT EXISTS (SELECT 1 FROM temp.xc_new n WHERE"
		" n.tbl = x.tbl AND n.row_id = x.row_id AND x.from_held = 0 AND (x.field = ''"
		" OR n.edits = 1)) ORDER BY clock, site, field, tbl, row_id", err) : NULL;
	if (r == SENDA_OK && !st)
		r = err->code;
	int64_t done = 0;
	int rc = SQLITE_DONE;
	while (r == SENDA_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct entry e = {
			col_dup(st, 0), col_dup(st, 1), col_dup(st, 2), col_dup(st, 3),
			col_dup(st, 4), col_dup(st, 6), col_dup(st, 7),
			sqlite3_value_dup(sqlite3_column_value(st, 5)),
			sqlite3_column_int(st, 8), col_dup(st, 9)
		};
		if (!e.tbl || !e.row_id || !e.field || !e.clock || !e.site)
			m->rep->table[0].refused++;
		else
			r = merge_apply(m, &e, err);
		entry_free(&e);
		if (tell && (++done % 512 == 0 || done == total))
			merge_tell(m, m->one_from + m->one_share * (double)done / (double)total);
	}
	if (st)
		sqlite3_reset(st);
	if (r == SENDA_OK && rc != SQLITE_DONE)
		r = db_error(m->db, err);
	return r;
}

senda_err
xc_merge(senda_db *db, const char *const *paths, size_t n, const char *pass, size_t passlen,
	 xc_progress progress, void *ctx, xc_report *rep, xc_refusal *why, size_t *which,
	 senda_error *err)
{
	PERM_CHECK(db, PERM_MERGE, err);
	memset(rep, 0, sizeof *rep);
	if (why)
		*why = XC_OK;
	if (!db_site_id(db)[0])
		return senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
	sqlite3 **b = xcalloc(n ? n : 1, sizeof *b);
	char **tmp = xcalloc(n ? n : 1, sizeof *tmp);
	xcb_sum *sums = xcalloc(n ? n : 1, sizeof *sums);
	senda_err r = SENDA_OK;
	/* Every bundle is opened and checked before anything is written. */
	for (size_t i = 0; i < n && r == SENDA_OK; i++) {
		r = xcb_open(paths[i], pass, passlen, db_site_id(db), &b[i], &tmp[i], &sums[i], why,
			     err);
		if (r != SENDA_OK && which)
			*which = i;
		/* Every bundle stays open to the end, each read once from start
		 * to end: a small cache each, emptied, not 2 MB times the number
		 * of bundles. */
		if (r == SENDA_OK) {
			sqlite3_exec(b[i], "PRAGMA cache_size = -256", NULL, NULL, NULL);
			sqlite3_db_release_memory(b[i]);
		}
	}
	/* A big merge (a new hub taking in the sites' files: more entries
	 * coming than this file holds) grows every index of the file: a
	 * bigger page cache keeps them in memory instead of spilling them and
	 * reading them back (the whole merge stays under 64 MB), and the
	 * indexes in the order of no id are made at its end (run). The log
	 * stays: the rollback journal wrote a third fewer bytes but took a
	 * quarter longer (bench/RESULTS-exchange.md, session 6). Not for
	 * bundles merged again (the file holds them): that merge writes
	 * nothing. */
	int64_t incoming = 0, have = 0;
	for (size_t i = 0; i < n && r == SENDA_OK; i++) {
		char *v = xcb_manifest_value(b[i], "entries");
		incoming += v ? atoll(v) : 0;
		free(v);
	}
	if (r == SENDA_OK)
		r = db_int(db, &have, err, "SELECT coalesce(max(seq), 0) FROM field_change", NULL);
	/* Bundles of format 2 whose entries are mostly new here (more than
	 * twice what the file holds) have each creation's row read with the
	 * entries; else each read only for an entry taken (bundles merged
	 * again read the index of their entries only). */
	bool mostly_new = r == SENDA_OK && have < incoming / 2;
	bool big = r == SENDA_OK && have < incoming && (size_t)incoming >= big_min;
	if (big)
		sqlite3_exec(db_sqlite(db), "PRAGMA cache_size = " BIG_CACHE
			     "; PRAGMA temp.cache_size = " BIG_TEMP_CACHE, NULL, NULL, NULL);
	struct merge m = { .db = db, .h = db_sqlite(db), .rep = rep, .big = big,
			   .mostly_new = mostly_new, .sums = sums, .why = why, .which = which,
			   .progress = progress, .progress_ctx = ctx, .incoming = incoming,
			   .told = -1 };
	merge_tell(&m, 0);
	if (r == SENDA_OK)
		r = xc_table_infos(db, &m.info, err);
	if (r == SENDA_OK)
		r = db_begin(db, err);
	if (r == SENDA_OK) {
		clock_timestamp(m.now);
		m.now_ms = clock_now_ms();
		r = db_tick(db, m.clock, err);
		if (r == SENDA_OK)
			r = db_set_setting(db, "exchange_merging", "1", err);
		if (r == SENDA_OK)
			r = run(&m, b, n, err);
		if (r == SENDA_OK)
			r = db_exec(db, err, "DELETE FROM setting WHERE key = 'exchange_merging'", NULL);
		dyn_free(&m);
		m.dyn = NULL;
		if (r == SENDA_OK && m.wrote)
			r = db_commit(db, err);
		else
			db_rollback(db);   /* an error, or nothing new: nothing written */
		if (r == SENDA_OK)
			merge_tell(&m, 1.0);
		/* A person erased: no copy of her left in the log either. */
		bool clean = false;
		if (r == SENDA_OK && m.erased > 0)
			r = erase_flush_files(db, &clean, err);
	}
	xc_table_infos_free(m.info);
	if (big)
		sqlite3_exec(db_sqlite(db), "PRAGMA cache_size = " SMALL_CACHE
			     "; PRAGMA temp.cache_size = " SMALL_CACHE, NULL, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		xcb_close(b[i], tmp[i]);
	free(b);
	free(tmp);
	free(sums);
	return r;
}
