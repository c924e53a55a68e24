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

static int
key_cmp(const char *c1, const char *s1, const char *f1, const char *c2, const char *s2,
	const char *f2)
{
	int r = strcmp(c1, c2);
	if (r == 0)
		r = strcmp(s1, s2);
	if (r == 0)
		r = strcmp(f1, f2);
	return r;
}

static bool
same_value(sqlite3_value *a, sqlite3_value *b)
{
	int ta = a ? sqlite3_value_type(a) : SQLITE_NULL;
	int tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
	if (ta != tb)
		return false;
	switch (ta) {
	case SQLITE_NULL: return true;
	case SQLITE_INTEGER: return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT: return sqlite3_value_double(a) == sqlite3_value_double(b);
	default: {
		int n = sqlite3_value_bytes(a);
		return n == sqlite3_value_bytes(b) &&
			memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b), (size_t)n) == 0;
	}
	}
}

static senda_err
step_done(struct merge *m, sqlite3_stmt *st, senda_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return SENDA_OK;
	return db_error(m->db, err);
}

/* An entry as parameters 1 to 8: tbl, row_id, field, clock, site, value
 * (when with_value), prev_clock, who. */
static void
bind_entry(sqlite3_stmt *st, const struct entry *e, bool with_value)
{
	sqlite3_bind_text(st, 1, e->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->row_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->clock, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->site, -1, SQLITE_STATIC);
	if (with_value)
		sqlite3_bind_value(st, 6, e->value);
	sqlite3_bind_text(st, 7, e->prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->who ? e->who : "", -1, SQLITE_STATIC);
}

static senda_err
store_entry(struct merge *m, const struct entry *e, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(m->db,
		"INSERT OR IGNORE INTO field_change (tbl, row_id, field, clock, site, value,"
		" prev_clock, who) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st)
		return err->code;
	/* A creation's row is in the table; the log keeps only the key. */
	bind_entry(st, e, *e->field != '\0');
	m->wrote = true;
	if (strcmp(e->clock, m->rep->max_clock) > 0)
		snprintf(m->rep->max_clock, sizeof m->rep->max_clock, "%s", e->clock);
	return step_done(m, st, err);
}

static senda_err
unhold(struct merge *m, const struct entry *e, senda_error *err)
{
	if (!e->from_held)
		return SENDA_OK;
	if (m->retry && m->cur && m->cur->held > 0)
		m->cur->held--;   /* counted as held by the first pass of this merge */
	m->wrote = true;
	return db_exec(m->db, err, "DELETE FROM held_change WHERE tbl = ? AND row_id = ?"
		       " AND field = ? AND clock = ? AND site = ?", "ttttt",
		       e->tbl, e->row_id, e->field, e->clock, e->site);
}

static senda_err
hold(struct merge *m, const struct entry *e, const char *reason, xc_counts *c,
     senda_error *err)
{
	bool same = e->from_held && e->held_reason && strcmp(e->held_reason, reason) == 0;
	if (m->retry && same)
		return SENDA_OK;   /* counted by the first pass */
	c->held += strcmp(reason, "refused") != 0;
	c->refused += strcmp(reason, "refused") == 0;
	if (same)
		return SENDA_OK;   /* held already, for the same reason */
	sqlite3_stmt *st = db_prepare(m->db,
		"INSERT OR REPLACE INTO held_change (tbl, row_id, field, clock, site, value,"
		" prev_clock, who, reason, held_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st)
		return err->code;
	bind_entry(st, e, true);
	sqlite3_bind_text(st, 9, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, m->now, -1, SQLITE_STATIC);
	m->wrote = true;
	return step_done(m, st, err);
}

static senda_err
conflict(struct merge *m, const struct entry *e, const char *field, sqlite3_value *kept,
	 const char *kept_clock, sqlite3_value *other, const char *other_clock,
	 const char *other_site, senda_error *err)
{
	char id[UUID_LEN];
	uuid_new(id);
	sqlite3_stmt *st = db_prepare(m->db,
		"INSERT OR IGNORE INTO merge_conflict (id, site_id, created_at, updated_at,"
		" updated_by, tbl, row_id, field, kept_value, kept_clock, other_value,"
		" other_clock, other_site) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!st)
		return err->code;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, db_site_id(m->db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m->clock, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, db_actor_id(m->db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->tbl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->row_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, field, -1, SQLITE_STATIC);
	if (kept)
		sqlite3_bind_value(st, 9, kept);
	sqlite3_bind_text(st, 10, kept_clock, -1, SQLITE_STATIC);
	if (other)
		sqlite3_bind_value(st, 11, other);
	sqlite3_bind_text(st, 12, other_clock, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, other_site, -1, SQLITE_STATIC);
	m->wrote = true;
	return step_done(m, st, err);
}

/* Is the entry here already? */
static senda_err
known(struct merge *m, const struct entry *e, bool *yes, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(m->db,
		"SELECT 1 FROM field_change WHERE tbl = ? AND row_id = ? AND field = ?"
		" AND clock = ? AND site = ?", err);
	if (!st)
		return err->code;
	senda_err b = db_bind(m->db, st, err, "ttttt", e->tbl, e->row_id, e->field, e->clock,
			      e->site);
	if (b != SENDA_OK)
		return b;
	int rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SENDA_OK : db_error(m->db, err);
}

/* The row here: *exists, *deleted. */
static senda_err
row_state(struct merge *m, const xc_table_info *t, const char *id, bool *exists,
	  bool *deleted, senda_error *err)
{
	sqlite3_stmt *st = dyn_prepare(m, xasprintf("SELECT deleted FROM \"%s\" WHERE id = ?",
						    t->name), err);
	if (!st)
		return err->code;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	*deleted = *exists && sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SENDA_OK : db_error(m->db, err);
}

struct winner {
	char *clock, *site, *field, *prev;
	sqlite3_value *value;
	bool found;
};

static void
winner_free(struct winner *w)
{
	free(w->clock); free(w->site); free(w->field); free(w->prev);
	sqlite3_value_free(w->value);
}

/* The local winner of (tbl, row, field): the greatest entry of the field or
 * of the row's creation. */
static senda_err
local_winner(struct merge *m, const struct entry *e, struct winner *w, senda_error *err)
{
	memset(w, 0, sizeof *w);
	sqlite3_stmt *st = db_prepare(m->db,
		"SELECT clock, site, field, value, prev_clock FROM field_change WHERE tbl = ?1"
		" AND row_id = ?2 AND field IN (?3, '') ORDER BY clock DESC, site DESC,"
		" field DESC LIMIT 1", err);
	if (!st)
		return err->code;
	senda_err b = db_bind(m->db, st, err, "ttt", e->tbl, e->row_id, e->field);
	if (b != SENDA_OK)
		return b;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		w->found = true;
		w->clock = col_dup(st, 0);
		w->site = col_dup(st, 1);
		w->field = col_dup(st, 2);
		w->value = sqlite3_value_dup(sqlite3_column_value(st, 3));
		w->prev = col_dup(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(m->db, err);
	if (w->found && !*w->field) {
		/* Never edited since its creation: the value is the row's. */
		sqlite3_value_free(w->value);
		w->value = NULL;
		sqlite3_stmt *rv = dyn_prepare(m, xasprintf("SELECT \"%s\" FROM \"%s\" WHERE id = ?",
							   e->field, e->tbl), err);
		if (!rv)
			return err->code;
		sqlite3_bind_text(rv, 1, e->row_id, -1, SQLITE_STATIC);
		rc = sqlite3_step(rv);
		if (rc == SQLITE_ROW)
			w->value = sqlite3_value_dup(sqlite3_column_value(rv, 0));
		sqlite3_reset(rv);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_error(m->db, err);
	}
	return SENDA_OK;
}

/* Does a row the entry points to (a foreign key) exist here? *missing is
 * set when one does not: the entry waits for it. field NULL: the creation
 * (every key of the JSON row); else one field. */
static senda_err
parents_missing(struct merge *m, const xc_table_info *t, const struct entry *e,
		bool *missing, senda_error *err)
{
	*missing = false;
	for (size_t i = 0; i < t->nfk && !*missing; i++) {
		if (*e->field && strcmp(e->field, t->fk_col[i]) != 0)
			continue;
		char *v = *e->field ? xstrdup("?1")
			: xasprintf("CASE WHEN json_valid(?1) THEN json_extract(?1, '$.%s') END",
				    t->fk_col[i]);
		sqlite3_stmt *st = dyn_prepare(m, xasprintf(
			"SELECT v IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"%s\" WHERE id = v)"
			" FROM (SELECT %s AS v)", t->fk_table[i], v), err);
		free(v);
		if (!st)
			return err->code;
		sqlite3_bind_value(st, 1, e->value);
		int rc = sqlite3_step(st);
		*missing = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_error(m->db, err);
	}
	return SENDA_OK;
}

/* Create the row from its creation entry (the row as a JSON object). */
static senda_err
create_row(struct merge *m, const xc_table_info *t, const struct entry *e, bool *refused,
	   senda_error *err)
{
	char *cols = xstrdup(""), *vals = xstrdup("");
	for (size_t i = 0; i < t->ncols; i++) {
		char *c = xasprintf("%s%s\"%s\"", cols, i ? ", " : "", t->cols[i]);
		char *x = xc_column_from_json(t, i, "?1");
		char *v = xasprintf("%s%s%s", vals, i ? ", " : "", x);
		free(x);
		free(cols);
		free(vals);
		cols = c;
		vals = v;
	}
	if (strcmp(t->name, "participant") == 0) {
		/* The list's sort key, made as the model makes it. */
		char *c = xasprintf("%s, sort_key", cols);
		char *v = xasprintf("%s, senda_sort_key(json_extract(?1, '$.first_surname'),"
				    " json_extract(?1, '$.second_surname'),"
				    " json_extract(?1, '$.given_names'))", vals);
		free(cols);
		free(vals);
		cols = c;
		vals = v;
	}
	sqlite3_stmt *st = dyn_prepare(m, xasprintf("INSERT INTO \"%s\" (%s) SELECT %s"
						    " WHERE json_valid(?1)", t->name, cols, vals),
				       err);
	free(cols);
	free(vals);
	if (!st)
		return err->code;
	sqlite3_bind_value(st, 1, e->value);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(m->h);
	sqlite3_reset(st);
	*refused = rc == SQLITE_CONSTRAINT || (rc == SQLITE_DONE && changed == 0);
	if (rc == SQLITE_DONE || rc == SQLITE_CONSTRAINT) {
		m->wrote = m->wrote || !*refused;
		return SENDA_OK;
	}
	return db_error(m->db, err);
}

static senda_err
set_field(struct merge *m, const xc_table_info *t, const struct entry *e, bool *refused,
	  senda_error *err)
{
	sqlite3_stmt *st = dyn_prepare(m, xasprintf(
		"UPDATE \"%s\" SET \"%s\" = ?1, updated_at = max(updated_at, ?2),"
		" updated_by = CASE WHEN ?2 > updated_at THEN ?3 ELSE updated_by END"
		" WHERE id = ?4", t->name, e->field), err);
	if (!st)
		return err->code;
	sqlite3_bind_value(st, 1, e->value);
	sqlite3_bind_text(st, 2, e->clock, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->who ? e->who : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->row_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	*refused = rc == SQLITE_CONSTRAINT;
	if (rc == SQLITE_DONE || rc == SQLITE_CONSTRAINT) {
		m->wrote = m->wrote || !*refused;
		return SENDA_OK;
	}
	return db_error(m->db, err);
}

/* A participant's field that the sort key or the name index is made of. */
static bool
name_field(const struct entry *e)
{
	static const char *const f[] = {
		"given_names", "first_surname", "second_surname", "preferred_name", "deleted", NULL
	};
	if (strcmp(e->tbl, "participant") != 0)
		return false;
	for (int i = 0; f[i]; i++)
		if (strcmp(e->field, f[i]) == 0)
			return true;
	return false;
}

static senda_err
names_touched(struct merge *m, const struct entry *e, bool created, senda_error *err)
{
	if (strcmp(e->tbl, "participant") != 0)
		return SENDA_OK;
	return participant_names_touch(m->db, e->row_id, created, err);
}

senda_err
merge_apply(struct merge *m, struct entry *e, senda_error *err)
{
	int ti = xc_table_index(e->tbl);
	if (ti < 0)
		return SENDA_OK;   /* a table this senda does not have: not ours to keep */
	const xc_table_info *t = &m->info[ti];
	xc_counts *c = &m->rep->table[ti];
	m->cur = c;
	if (*e->field && !xc_table_has_field(t, e->field)) {
		c->refused++;
		return SENDA_OK;
	}
	/* An entry of a bundle was looked up as it was read (load_bundle). */
	bool have = false;
	senda_err r = e->from_held ? known(m, e, &have, err) : SENDA_OK;
	if (r != SENDA_OK)
		return r;
	if (have) {
		c->unchanged++;
		return unhold(m, e, err);
	}
	int64_t ms = 0;
	if (hlc_parse(e->clock, &ms, NULL, NULL) != 0 || (e->prev && *e->prev &&
							  hlc_parse(e->prev, NULL, NULL, NULL) != 0)) {
		c->refused++;
		return SENDA_OK;
	}
	if (ms > m->now_ms + AHEAD_MS)
		return hold(m, e, "future", c, err);
	bool exists = false, deleted = false, refused = false;
	if ((r = row_state(m, t, e->row_id, &exists, &deleted, err)) != SENDA_OK)
		return r;
	bool missing = false;
	if (!*e->field) {
		if (!exists) {
			if ((r = parents_missing(m, t, e, &missing, err)) != SENDA_OK)
				return r;
			if (missing)
				return hold(m, e, "orphan", c, err);
			if ((r = create_row(m, t, e, &refused, err)) != SENDA_OK)
				return r;
			if (refused)
				return hold(m, e, "refused", c, err);
			c->created++;
			if ((r = names_touched(m, e, true, err)) != SENDA_OK)
				return r;
		} else {
			c->unchanged++;
		}
		if ((r = unhold(m, e, err)) != SENDA_OK)
			return r;
		return store_entry(m, e, err);
	}
	if (!exists)
		return hold(m, e, "orphan", c, err);
	struct winner w;
	if ((r = local_winner(m, e, &w, err)) != SENDA_OK)
		return r;
	bool wins = !w.found || key_cmp(e->clock, e->site, e->field, w.clock, w.site,
					w.field) > 0;
	bool differ = !w.found || !same_value(e->value, w.value);
	/* Concurrent: the later of the two had not seen the earlier. */
	bool concurrent = false;
	if (w.found && differ) {
		if (wins)
			concurrent = !e->prev || strcmp(e->prev, w.clock) < 0;
		else
			concurrent = !w.prev || strcmp(w.prev, e->clock) < 0;
	}
	if (wins) {
		if ((r = parents_missing(m, t, e, &missing, err)) != SENDA_OK)
			goto out;
		if (missing) {
			r = hold(m, e, "orphan", c, err);
			goto out;
		}
		bool names = name_field(e);
		/* The search index is taken off by the names stored now. */
		if (names && (r = participant_names_before(m->db, e->row_id, err)) != SENDA_OK)
			goto out;
		if ((r = set_field(m, t, e, &refused, err)) != SENDA_OK)
			goto out;
		if (refused) {
			r = hold(m, e, "refused", c, err);
			goto out;
		}
		if (differ)
			c->updated++;
		else
			c->unchanged++;
		if (names && (r = names_touched(m, e, false, err)) != SENDA_OK)
			goto out;
	} else {
		c->unchanged++;
	}
	if (concurrent) {
		c->conflicts++;
		r = wins ? conflict(m, e, e->field, e->value, e->clock, w.value, w.clock, w.site, err)
			 : conflict(m, e, e->field, w.value, w.clock, e->value, e->clock, e->site, err);
		if (r != SENDA_OK)
			goto out;
	}
	if (wins && differ && deleted && strcmp(e->field, "deleted") != 0) {
		/* An edit for a deleted row: applied (every site agrees on the
		 * field) but the row stays deleted, and a person looks at it. */
		c->conflicts++;
		sqlite3_value *none = NULL;
		r = conflict(m, e, "deleted", none, w.clock, e->value, e->clock, e->site, err);
		if (r != SENDA_OK)
			goto out;
	}
	if ((r = unhold(m, e, err)) == SENDA_OK)
		r = store_entry(m, e, err);
out:
	winner_free(&w);
	return r;
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
		m->rep->entries++;
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

static senda_err pass(struct merge *m, xc_progress progress, void *ctx, senda_error *err);

static senda_err
run(struct merge *m, sqlite3 **b, size_t n, xc_progress progress, void *ctx,
    senda_error *err)
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
			    " PRIMARY KEY (tbl, row_id)) WITHOUT ROWID", NULL);
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
	if (r == SENDA_OK && m->loaded >= bulk_min)
		r = bulk(m, err);
	if (r == SENDA_OK)
		r = pass(m, progress, ctx, err);
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
			r = pass(m, NULL, NULL, err);
		m->retry = false;
		if (r == SENDA_OK)
			r = db_int(m->db, &after, err,
				   "SELECT count(*) FROM held_change WHERE reason = 'orphan'", NULL);
		if (r != SENDA_OK || after >= before)
			break;
	}
	/* The people whose names or tombstone changed: their sort key and the
	 * name search index, as the model keeps them, for all at once. */
	if (r == SENDA_OK)
		r = participant_names_flush(m->db, err);
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
pass(struct merge *m, xc_progress progress, void *ctx, senda_error *err)
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
	if (progress)
		progress(ctx, 0, total);
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
		if (progress && (++done % 512 == 0 || done == total))
			progress(ctx, done, total);
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
			   .mostly_new = mostly_new, .sums = sums, .why = why, .which = which };
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
			r = run(&m, b, n, progress, ctx, err);
		if (r == SENDA_OK)
			r = db_exec(db, err, "DELETE FROM setting WHERE key = 'exchange_merging'", NULL);
		dyn_free(&m);
		m.dyn = NULL;
		if (r == SENDA_OK && m.wrote)
			r = db_commit(db, err);
		else
			db_rollback(db);   /* an error, or nothing new: nothing written */
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
