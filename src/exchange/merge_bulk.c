/* senda — the merge's bulk path: rows this file has never seen, and the
 * line of edits made on them each with the previous one in sight, applied
 * a few statements a table instead of an entry at a time; everything else
 * goes one by one through merge.c's rules afterwards. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/stmt.h"
#include "exchange/bundle.h"
#include "exchange/tables.h"
#include "exchange/merge.h"
#include "senda/exchange.h"
#include "senda/mem.h"
#include "senda/participant.h"

/* ---- the bulk path ------------------------------------------------------
 * Most of a merge into a hub is rows it has never seen: their creation, and
 * a line of edits each made with the one before in sight. Such entries are
 * applied by a few statements per table instead of one by one, with the
 * result the rules give one by one; every other entry (a row known here, a
 * concurrent edit, a tombstone, a parent missing, a clock ahead, a held
 * entry...) goes the way of apply() below, after them. */

/* In SQL: the clock c well made (hlc_parse), and not more than AHEAD_MS
 * ahead of this machine's clock (?2, its 13 digits of milliseconds); prev
 * p empty or well made. Without a function of its own: registering one
 * would make SQLite prepare every kept statement again. */
#define HLC_OK(c) "(typeof(" c ") = 'text' AND length(" c ") = 28 AND substr(" c ", 14, 1)" \
	" = '-' AND substr(" c ", 20, 1) = '-' AND substr(" c ", 1, 13) NOT GLOB '*[^0-9]*'" \
	" AND substr(" c ", 15, 5) NOT GLOB '*[^0-9]*' AND substr(" c ", 21, 8) NOT GLOB" \
	" '*[^0-9a-zA-Z]*')"
#define BULK_OK(c, p) "(" HLC_OK(c) " AND substr(" c ", 1, 13) <= ?2 AND (" p " IS NULL" \
	" OR " p " = '' OR " HLC_OK(p) "))"

/* Run one statement (made here, from schema names) with ?1 = the table's
 * name; *changes its count of rows changed. */
/* The bulk path's statements, made from the schema's names and so the same
 * text at every merge, are kept for the process (like the table infos) so
 * that db_prepare keeps each prepared on the connection: a merge of a few
 * changes does not parse them again. */
static char **kept_sql;
static size_t nkept, capkept;

static const char *
kept(char *sql)
{
	for (size_t i = 0; i < nkept; i++)
		if (strcmp(kept_sql[i], sql) == 0) {
			free(sql);
			return kept_sql[i];
		}
	if (nkept == capkept) {
		capkept = capkept ? capkept * 2 : 64;
		kept_sql = xrealloc(kept_sql, capkept * sizeof *kept_sql);
	}
	return kept_sql[nkept++] = sql;
}

static sqlite3_stmt *
bulk_stmt(struct merge *m, char *sql, const char *tbl, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(m->db, kept(sql), err);
	if (!st)
		return NULL;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, m->ahead, -1, SQLITE_STATIC);
	return st;
}

/* Run one statement (made here, from schema names: sql is taken) with
 * ?1 = the table's name and ?2 = the clock limit. */
static senda_err
bulk_run(struct merge *m, char *sql, const char *tbl, int64_t *changes, senda_error *err)
{
	sqlite3_stmt *st = bulk_stmt(m, sql, tbl, err);
	if (!st)
		return err->code;
	int rc = sqlite3_step(st);
	if (changes)
		*changes = sqlite3_changes64(m->h);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return SENDA_OK;
	return db_error(m->db, err);
}

/* Two integers of a one-row query (sql is taken), bound as bulk_run. */
static senda_err
bulk_ints(struct merge *m, char *sql, const char *tbl, int64_t *a, int64_t *b,
	  senda_error *err)
{
	sqlite3_stmt *st = bulk_stmt(m, sql, tbl, err);
	if (!st)
		return err->code;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*a = sqlite3_column_int64(st, 0);
		*b = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SENDA_OK;
	return db_error(m->db, err);
}

static char *
append(char *s, char *more)
{
	char *r = xasprintf("%s%s", s, more);
	free(s);
	free(more);
	return r;
}

static bool
fk_column(const xc_table_info *t, const char *col)
{
	for (size_t i = 0; i < t->nfk; i++)
		if (strcmp(t->fk_col[i], col) == 0)
			return true;
	return false;
}

/* Same value, same type (same_value in SQL). */
#define SAME(a, b) "(typeof(" a ") = typeof(" b ") AND " a " IS " b ")"

static senda_err
bulk_table(struct merge *m, size_t ti, senda_error *err)
{
	const xc_table_info *t = &m->info[ti];
	xc_counts *c = &m->rep->table[ti];
	bool person = strcmp(t->name, "participant") == 0;
	/* Most merges of a few changes have no creation of some tables. */
	int64_t any = 0;
	senda_err r = db_int(m->db, &any, err, "SELECT EXISTS (SELECT 1 FROM temp.xc_in WHERE"
			     " tbl = ? AND field = '' AND from_held = 0)", "t", t->name);
	if (r != SENDA_OK || !any)
		return r;
	/* The creations of rows nothing here knows of, made once, their
	 * parents here (parents come first in xc_tables): in temp.xc_new. */
	char *parents = xstrdup("");
	for (size_t i = 0; i < t->nfk; i++)
		parents = append(parents, xasprintf(
			" AND (json_extract(x.value, '$.%s') IS NULL OR EXISTS (SELECT 1 FROM \"%s\""
			" WHERE id = json_extract(x.value, '$.%s')))", t->fk_col[i], t->fk_table[i],
			t->fk_col[i]));
	/* Every text within what its field table allows (longer ones go one
	 * by one, which refuses them). */
	parents = append(parents, xc_limits_sql(t, "x.value"));
	r = bulk_run(m, xasprintf(
		"INSERT INTO temp.xc_new (tbl, row_id, born, edits) SELECT ?1, x.row_id, x.clock, 0"
		" FROM temp.xc_in x WHERE x.tbl = ?1 AND x.field = ''"
		" AND x.from_held = 0 AND " BULK_OK("x.clock", "x.prev_clock") " AND json_valid(x.value)"
		" AND NOT EXISTS (SELECT 1 FROM \"%s\" WHERE id = x.row_id)"
		" AND NOT EXISTS (SELECT 1 FROM field_change f WHERE f.tbl = ?1 AND f.row_id = x.row_id)"
		" AND NOT EXISTS (SELECT 1 FROM held_change h WHERE h.tbl = ?1 AND h.row_id = x.row_id)"
		" AND NOT EXISTS (SELECT 1 FROM temp.xc_in y WHERE y.tbl = ?1 AND y.row_id = x.row_id"
		"  AND y.field = '' AND (y.clock <> x.clock OR y.site <> x.site))%s",
		t->name, parents), t->name, NULL, err);
	free(parents);
	int64_t n = 0;
	if (r != SENDA_OK || sqlite3_changes64(m->h) == 0)
		return r;
	char *cols = xstrdup(""), *vals = xstrdup("");
	for (size_t i = 0; i < t->ncols; i++) {
		cols = append(cols, xasprintf("%s\"%s\"", i ? ", " : "", t->cols[i]));
		char *x = xc_column_from_json(t, i, "x.value");
		vals = append(vals, xasprintf("%s%s", i ? ", " : "", x));
		free(x);
	}
	if (person) {
		cols = append(cols, xstrdup(", sort_key"));
		vals = append(vals, xstrdup(", senda_sort_key(json_extract(x.value, '$.first_surname'),"
					    " json_extract(x.value, '$.second_surname'),"
					    " json_extract(x.value, '$.given_names'))"));
	}
	/* In the order of the ids (made in time order); a row a constraint
	 * refuses is left out, and left to apply(). */
	r = bulk_run(m, xasprintf("INSERT OR IGNORE INTO \"%s\" (%s) SELECT %s FROM temp.xc_new n"
				  " JOIN temp.xc_in x ON x.tbl = ?1 AND x.row_id = n.row_id AND"
				  " x.field = '' AND x.clock = n.born WHERE n.tbl = ?1",
				  t->name, cols, vals), t->name, NULL, err);
	free(cols);
	free(vals);
	if (r == SENDA_OK)
		r = bulk_run(m, xasprintf("DELETE FROM temp.xc_new WHERE tbl = ?1 AND NOT EXISTS"
					  " (SELECT 1 FROM \"%s\" WHERE id = row_id)", t->name), t->name,
			     NULL, err);
	int64_t zero = 0;
	if (r == SENDA_OK)
		r = bulk_ints(m, xstrdup("SELECT count(*), 0 FROM temp.xc_new WHERE tbl = ?1"), t->name, &n,
			      &zero, err);
	if (r != SENDA_OK || n == 0)
		return r;
	c->created += n;
	m->wrote = true;
	if (person && (r = participant_names_touch_created(m->db, "SELECT row_id FROM"
							    " temp.xc_new WHERE tbl = 'participant'",
							    err)) != SENDA_OK)
		return r;
	/* The edits of those rows, when every one was made with the one before
	 * it in the same field in sight (its prev_clock), the last of each field
	 * is the value the creation brought, and the row is not deleted and has
	 * no tombstone coming: one by one, each would win and nothing would
	 * conflict; the row has its values already (xc_new.edits = 1). */
	char *now = xstrdup("CASE x.field");
	char *allowed = xstrdup("");
	for (size_t i = 0; i < t->ncols; i++) {
		const char *f = t->cols[i];
		if (!xc_table_has_field(t, f) || fk_column(t, f) || strcmp(f, "deleted") == 0)
			continue;
		now = append(now, xasprintf(" WHEN '%s' THEN r.\"%s\"", f, f));
		allowed = append(allowed, xasprintf("%s'%s'", *allowed ? ", " : "", f));
	}
	now = append(now, xstrdup(" END"));
	/* An edit longer than its field allows: the row's edits go one by one. */
	char *lim = xstrdup("CASE field");
	bool any_lim = false;
	for (size_t i = 0; i < t->ncols; i++) {
		int64_t max = xc_column_limit(t->name, t->cols[i]);
		if (max < 0)
			continue;
		lim = append(lim, xasprintf(" WHEN '%s' THEN %lld", t->cols[i], (long long)max));
		any_lim = true;
	}
	lim = append(lim, xstrdup(" ELSE -1 END"));
	if (!any_lim) {
		free(lim);
		lim = xstrdup("-1");
	}
	if (!*allowed) {
		/* A table whose only field is its tombstone (erasure): no
		 * WHEN, which CASE must have. */
		free(allowed);
		allowed = xstrdup("''");
		free(now);
		now = xstrdup("NULL");
	}
	char *g = xasprintf(
		"WITH g AS (SELECT x.row_id, x.field, x.clock, x.prev_clock, x.value, %s AS now_v,"
		"  lag(x.clock) OVER w AS before, lead(x.clock) OVER w AS after,"
		"  lag(x.value) OVER w AS pv, n.born, r.updated_at AS upd, r.deleted AS del"
		" FROM temp.xc_new n JOIN temp.xc_in x ON x.tbl = ?1 AND x.row_id = n.row_id"
		"  JOIN \"%s\" r ON r.id = n.row_id"
		" WHERE n.tbl = ?1 AND x.field <> '' AND x.from_held = 0"
		" WINDOW w AS (PARTITION BY x.row_id, x.field ORDER BY x.clock, x.site))",
		now, t->name);
	free(now);
	/* One read of g for the mark and the counts (counted as one by one:
	 * updated when the value differs from the one before, the row's for
	 * the first): every row first marked, with nothing to count (a row
	 * without edits), then each row with edits by what g says of it. */
	r = bulk_run(m, xstrdup("UPDATE temp.xc_new SET edits = 1, ndiff = 0, nall = 0"
				" WHERE tbl = ?1"), t->name, NULL, err);
	if (r == SENDA_OK)
		r = bulk_run(m, xasprintf(
			"%s, agg AS (SELECT row_id, max(coalesce(field NOT IN (%s)"
			"  OR del <> 0 OR NOT " BULK_OK("clock", "prev_clock") " OR clock <= born"
			"  OR clock > upd OR prev_clock IS NOT coalesce(before, born)"
			"  OR (after IS NULL AND NOT " SAME("value", "now_v") ")"
			"  OR (%s >= 0 AND coalesce(length(value), 0) > %s), 0)) AS bad,"
			"  coalesce(sum(NOT CASE WHEN before IS NULL THEN " SAME("value", "now_v")
			"  ELSE " SAME("value", "pv") " END), 0) AS d, count(*) AS k, max(clock) AS mx"
			"  FROM g GROUP BY row_id)"
			" UPDATE temp.xc_new SET edits = NOT agg.bad, ndiff = agg.d, nall = agg.k,"
			" last = agg.mx FROM agg WHERE xc_new.tbl = ?1 AND xc_new.row_id = agg.row_id",
			g, allowed, lim, lim), t->name, NULL,
			     err);
	free(allowed);
	free(lim);
	if (r == SENDA_OK) {
		int64_t differ = 0, all = 0;
		r = bulk_ints(m, xstrdup("SELECT coalesce(sum(ndiff), 0), coalesce(sum(nall), 0)"
					 " FROM temp.xc_new WHERE tbl = ?1 AND edits = 1"), t->name,
			      &differ, &all, err);
		c->updated += differ;
		c->unchanged += all - differ;
	}
	free(g);
	/* Into the log, as apply() would have stored them. */
	if (r == SENDA_OK)
		r = bulk_run(m, xstrdup(
			"INSERT OR IGNORE INTO field_change (tbl, row_id, field, clock, site, value,"
			" prev_clock, who) SELECT ?1, x.row_id, x.field, x.clock, x.site, CASE WHEN"
			" x.field = '' THEN NULL ELSE x.value END, x.prev_clock, coalesce(x.who, '')"
			" FROM temp.xc_new n JOIN temp.xc_in x ON x.tbl = ?1 AND x.row_id = n.row_id"
			" WHERE n.tbl = ?1 AND x.from_held = 0 AND (x.field = '' OR n.edits = 1)"),
			t->name, NULL, err);
	return r;
}

senda_err
bulk(struct merge *m, senda_error *err)
{
	snprintf(m->ahead, sizeof m->ahead, "%013lld", (long long)(m->now_ms + AHEAD_MS));
	senda_err r = SENDA_OK;
	int64_t handled = 0;
	for (size_t i = 0; i < xc_ntables && r == SENDA_OK; i++) {
		r = bulk_table(m, i, err);
		/* Progress: the entries taken so far, of those staged. */
		const xc_counts *c = &m->rep->table[i];
		handled += c->created + c->updated + c->unchanged;
		if (m->loaded > 0)
			merge_tell(m, SHARE_READ + SHARE_BULK * (double)handled / (double)m->loaded);
	}
	char *hi = NULL;
	/* The latest clock the bulk path applied: each row's creation, and
	 * its last edit when it took the edits (xc_new.last, by the window
	 * query), without a read of the entries again. */
	if (r == SENDA_OK && (r = db_text(m->db, &hi, err, "SELECT max(CASE WHEN edits = 1 AND"
					  " last > born THEN last ELSE born END) FROM temp.xc_new",
					  NULL)) == SENDA_OK) {
		if (hi && strcmp(hi, m->rep->max_clock) > 0)
			snprintf(m->rep->max_clock, sizeof m->rep->max_clock, "%s", hi);
	} else if (r == SENDA_E_NOTFOUND) {
		r = SENDA_OK;
	}
	free(hi);
	return r;
}

/* The indexes a big merge sets aside and makes again at its end, one sort
 * each instead of a row at a time in the order of no index (names, codes,
 * dates): in its transaction, so that a failure leaves them as they were.
 * Not those of a foreign key, by which a parent's change finds its
 * children, nor any the merge reads by. */
static const char *const paused_index[] = {
	"participant_sort", "participant_created", "referral_by_status", "referral_code",
	"referral_open_by_day", "followup_due",
};
_Static_assert(sizeof paused_index / sizeof paused_index[0] == XC_NPAUSED, "XC_NPAUSED");

senda_err
xc_pause_indexes(struct merge *m, char **saved, senda_error *err)
{
	senda_err r = SENDA_OK;
	for (size_t i = 0; i < XC_NPAUSED && r == SENDA_OK; i++) {
		r = db_text(m->db, &saved[i], err, "SELECT sql FROM sqlite_master WHERE type ="
			    " 'index' AND name = ? AND sql IS NOT NULL", "t", paused_index[i]);
		if (r == SENDA_E_NOTFOUND) {
			saved[i] = NULL;   /* not in this schema */
			r = SENDA_OK;
			continue;
		}
		if (r != SENDA_OK)
			break;
		/* A name of the list above, never data. */
		char *drop = xasprintf("DROP INDEX \"%s\"", paused_index[i]);
		if (sqlite3_exec(m->h, drop, NULL, NULL, NULL) != SQLITE_OK)
			r = db_error(m->db, err);
		free(drop);
	}
	return r;
}

/* The indexes made again, from the schema's own text, unless r tells of a
 * failure already (then the rollback brings them back); saved is freed. */
senda_err
xc_resume_indexes(struct merge *m, char **saved, senda_err r, senda_error *err)
{
	for (size_t i = 0; i < XC_NPAUSED; i++) {
		if (saved[i] && r == SENDA_OK && sqlite3_exec(m->h, saved[i], NULL, NULL, NULL)
		    != SQLITE_OK)
			r = db_error(m->db, err);
		free(saved[i]);
		saved[i] = NULL;
	}
	return r;
}

