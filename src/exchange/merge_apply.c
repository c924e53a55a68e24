/* senda — one incoming entry applied by the register's rules: skipped when
 * it is here already, held back when it is stamped too far ahead, a
 * creation made (its parents first), a field set when the entry wins over
 * the local value (clock, site id, field), a concurrent edit kept for
 * review in merge_conflict, an edit for a deleted row refused. merge.c
 * reads the bundles and calls it entry by entry, in clock order. */
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
#include "senda/mem.h"
#include "senda/text.h"
#include "senda/uuid.h"

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
	/* The same entry again from its bundle (merged a second time) and held
	 * already for the same reason: nothing written (not even its date). */
	int64_t already = 0;
	senda_err r = db_int(m->db, &already, err, "SELECT count(*) FROM held_change WHERE"
			     " tbl = ? AND row_id = ? AND field = ? AND clock = ? AND site = ? AND"
			     " reason = ?", "tttttt", e->tbl, e->row_id, e->field, e->clock, e->site,
			     reason);
	if (r != SENDA_OK || already > 0)
		return r;
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

/* Is a text of the entry longer than its field allows? A creation: each
 * column of its row; an edit: its value. */
static senda_err
too_long(struct merge *m, const xc_table_info *t, const struct entry *e, bool *over,
	 senda_error *err)
{
	*over = false;
	char *sql;
	if (*e->field) {
		int64_t max = xc_column_limit(t->name, e->field);
		if (max < 0)
			return SENDA_OK;
		sql = xasprintf("SELECT coalesce(length(?1), 0) > %lld", (long long)max);
	} else {
		char *lim = xc_limits_sql(t, "?1");
		if (!*lim) {
			free(lim);
			return SENDA_OK;
		}
		sql = xasprintf("SELECT json_valid(?1) AND NOT (1%s)", lim);
		free(lim);
	}
	sqlite3_stmt *st = dyn_prepare(m, sql, err);
	if (!st)
		return err->code;
	sqlite3_bind_value(st, 1, e->value);
	int rc = sqlite3_step(st);
	*over = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SENDA_OK : db_error(m->db, err);
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
	/* A text longer than its field table allows (what a form or a command
	 * refuses) is refused, not kept: a forged name of 200,000 letters would
	 * cost the name index the square of its length. */
	bool over = false;
	senda_err r = too_long(m, t, e, &over, err);
	if (r != SENDA_OK)
		return r;
	if (over) {
		c->refused++;
		return SENDA_OK;
	}
	/* An entry of a bundle was looked up as it was read (load_bundle). */
	bool have = false;
	r = e->from_held ? known(m, e, &have, err) : SENDA_OK;
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
