/* senda — finding participants by name: the name search index
 * (name_prefix: every prefix of every word of a person's names, folded,
 * keyed by the list's order), kept in step by the model's writes and a
 * merge's, walked in name order by a search. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/perm.h"
#include "senda/text.h"
#include "db/stmt.h"
#include "participant_internal.h"

/* ---- search ------------------------------------------------------------

 * The name index (schema/003_name_search.sql) holds, for each live person,
 * every prefix of every word of the names, keyed by (prefix, sort_key,
 * rowid): the rows of one prefix are in name order. A search walks the most
 * selective word's prefix in that order and looks the other words up in the
 * same index for each row, so that the first screenful costs about the same
 * in a file of 10,000 people as in one of 500,000. */

/* The rows of the index for the participants WHERE names (on participant):
 * w.pre runs over the prefixes text_word_prefixes gives, each person's
 * split by json_each (senda_word_prefixes_json). */
#define NAME_PREFIXES(where) \
	"WITH w(pid, sort_key, extra_words, pre) AS (" \
	" SELECT p.pid, p.sort_key, p.extra_words, j.value FROM (SELECT rowid AS pid," \
	"  sort_key, preferred_name <> '' AS extra_words, senda_word_prefixes_json(" \
	"  given_names || ' ' || first_surname || ' ' || second_surname || ' ' ||" \
	"  preferred_name) AS words FROM participant WHERE " where ") p," \
	"  json_each(p.words) j) "

static senda_err
step_done(senda_db *db, sqlite3_stmt *st, senda_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
index_names(senda_db *db, const char *id, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, NAME_PREFIXES("id = ?1 AND deleted = 0")
		"INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid, extra_words)"
		" SELECT pre, sort_key, pid, extra_words FROM w WHERE pre <> ''", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", id);
	return e == SENDA_OK ? step_done(db, st, err) : e;
}

/* Before the names or the sort key change: the rows for the stored ones. */
senda_err
unindex_names(senda_db *db, const char *id, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, NAME_PREFIXES("id = ?1")
		"DELETE FROM name_prefix WHERE (prefix, sort_key, pid) IN"
		" (SELECT pre, sort_key, pid FROM w WHERE pre <> '')", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", id);
	return e == SENDA_OK ? step_done(db, st, err) : e;
}

senda_err
participant_names_before(senda_db *db, const char *id, senda_error *err)
{
	return unindex_names(db, id, err);
}


senda_err
participant_names_after(senda_db *db, const char *id, senda_error *err)
{
	participant p;
	senda_err e = participant_get(db, id, &p, err);
	if (e != SENDA_OK)
		return e;
	char *key = text_sort_key(p.first_surname, p.second_surname, p.given_names);
	e = db_exec(db, err, "UPDATE participant SET sort_key = ? WHERE id = ?", "tt", key, p.id);
	free(key);
	if (e == SENDA_OK)
		e = unindex_names(db, p.id, err);   /* none left, unless already indexed */
	if (e == SENDA_OK)
		e = index_names(db, p.id, err);
	participant_free(&p);
	return e;
}

/* The people touched since the last flush, in a temporary table of this
 * connection (temp_store FILE: it does not grow in memory). */
static senda_err
touch_table(senda_db *db, senda_error *err)
{
	return db_exec(db, err, "CREATE TEMP TABLE IF NOT EXISTS names_touched (id TEXT PRIMARY"
		       " KEY NOT NULL, created INTEGER NOT NULL) WITHOUT ROWID", NULL);
}

static const char touch_sql[] =
	"INSERT INTO temp.names_touched (id, created) VALUES (?1, ?2) ON CONFLICT (id)"
	" DO UPDATE SET created = created AND excluded.created";

senda_err
participant_names_touch(senda_db *db, const char *id, bool created, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, touch_sql, NULL);
	/* The first call on this connection: the table is made. */
	if (!st && touch_table(db, err) == SENDA_OK)
		st = db_prepare(db, touch_sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "ti", id, (int)created);
	return e == SENDA_OK ? step_done(db, st, err) : e;
}

senda_err
participant_names_touch_created(senda_db *db, const char *ids_sql, senda_error *err)
{
	senda_err e = touch_table(db, err);
	/* ids_sql is the caller's constant text (a query of ids), no value. */
	char *sql = xasprintf("WITH t(id) AS (%s) INSERT INTO temp.names_touched (id, created)"
			      " SELECT id, 1 FROM t WHERE true ON CONFLICT (id) DO UPDATE SET created ="
			      " created AND excluded.created", ids_sql);
	if (e == SENDA_OK)
		e = db_exec(db, err, sql, NULL);
	free(sql);
	return e;
}

senda_err
participant_names_flush(senda_db *db, senda_error *err)
{
	senda_err e = touch_table(db, err);
	/* A row written with the names changed keeps its old key until now; a
	 * new one (created, and its names not changed since) has its key
	 * already (senda_sort_key in the merge's INSERT): not made again. */
	if (e == SENDA_OK)
		e = db_exec(db, err, "UPDATE participant SET sort_key = senda_sort_key(first_surname,"
			    " second_surname, given_names) WHERE id IN (SELECT id FROM"
			    " temp.names_touched WHERE NOT created) AND sort_key IS NOT"
			    " senda_sort_key(first_surname,"
			    " second_surname, given_names)", NULL);
	/* What is left of the old rows of a person indexed before (none, when
	 * _before took them off), then everyone's rows, in the index's order. */
	if (e == SENDA_OK)
		e = db_exec(db, err, NAME_PREFIXES("id IN (SELECT id FROM temp.names_touched"
						   " WHERE NOT created)")
			    "DELETE FROM name_prefix WHERE (prefix, sort_key, pid) IN"
			    " (SELECT pre, sort_key, pid FROM w WHERE pre <> '')", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, NAME_PREFIXES("id IN (SELECT id FROM temp.names_touched)"
						   " AND deleted = 0")
			    "INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid, extra_words)"
			    " SELECT pre, sort_key, pid, extra_words FROM w WHERE pre <> ''"
			    " ORDER BY 1, 2, 3", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, "DELETE FROM temp.names_touched", NULL);
	return e;
}

senda_err
participant_index_build(senda_db *db, senda_error *err)
{
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_exec(db, err, "DELETE FROM name_prefix", NULL)) == SENDA_OK)
		e = db_exec(db, err, NAME_PREFIXES("deleted = 0")
			    "INSERT OR IGNORE INTO name_prefix (prefix, sort_key, pid, extra_words)"
			    " SELECT pre, sort_key, pid, extra_words FROM w WHERE pre <> ''"
			    " ORDER BY 1, 2, 3", NULL);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
participant_index_check(senda_db *db, participant_index_state *st, senda_error *err)
{
	memset(st, 0, sizeof *st);
	/* Each side read once in its own order, nothing sorted: the index's
	 * rows, and the rows each live person's names give (the prefixes
	 * index_names writes), each row as a number (db's senda_name_row);
	 * the sums agree when the rows do. */
	sqlite3_stmt *q = db_prepare(db,
		"WITH p(w, sort_key, pid, extra) AS MATERIALIZED (SELECT senda_word_prefixes("
		"  given_names || ' ' || first_surname || ' ' || second_surname || ' '"
		"  || preferred_name), sort_key, rowid, preferred_name <> ''"
		"  FROM participant WHERE deleted = 0)"
		" SELECT (SELECT count(*) FROM name_prefix),"
		"  (SELECT senda_sum64(senda_name_row(prefix, sort_key, pid, extra_words))"
		"   FROM name_prefix),"
		"  (SELECT coalesce(sum(length(w) - length(replace(w, ' ', '')) + (w <> '')), 0)"
		"   FROM p),"
		"  (SELECT senda_sum64(senda_name_rows(w, sort_key, pid, extra)) FROM p)", err);
	if (!q)
		return err ? err->code : SENDA_E_DB;
	int rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		senda_err e = db_error(db, err);
		sqlite3_reset(q);
		return e;
	}
	st->held = sqlite3_column_int64(q, 0);
	st->wanted = sqlite3_column_int64(q, 2);
	st->differ = st->held != st->wanted ||
		     sqlite3_column_int64(q, 1) != sqlite3_column_int64(q, 3);
	sqlite3_reset(q);
	return SENDA_OK;
}

/* One word's rows of the index, read in name order from a point on: a
 * cursor that steps, or seeks when what it looks for is further on. */
struct walk {
	sqlite3_stmt *st;
	const char *word;
	bool live, end;         /* a row is current; no more rows */
	bool extra;             /* the current person has a preferred name */
	int64_t seeks;          /* times started again further on */
	char *key;              /* the current row: sort_key, rowid */
	size_t cap;
	int64_t row;
};

/* Each word has its own statement (a cursor of its own): the statements
 * differ by the comment at their end, so that the cache keeps eight. */
#define WALK_SQL(n) "SELECT sort_key, pid, extra_words FROM name_prefix WHERE prefix = ?1" \
	" AND sort_key >= ?2 ORDER BY sort_key, pid -- " #n
#define QUERY_WORDS 8
static const char *const walk_sql[QUERY_WORDS] = {
	WALK_SQL(1), WALK_SQL(2), WALK_SQL(3), WALK_SQL(4),
	WALK_SQL(5), WALK_SQL(6), WALK_SQL(7), WALK_SQL(8),
};

static int
key_cmp(const char *ka, int64_t ra, const char *kb, int64_t rb)
{
	int c = strcmp(ka, kb);
	return c ? c : (ra > rb) - (ra < rb);
}

/* Take the statement's row as the walk's current one. */
static senda_err
walk_take(senda_db *db, struct walk *w, int rc, int64_t *reads, senda_error *err)
{
	(*reads)++;
	if (rc == SQLITE_DONE) {
		w->live = false;
		w->end = true;
		return SENDA_OK;
	}
	if (rc != SQLITE_ROW)
		return db_error(db, err);
	const char *k = participant_col_text(w->st, 0);
	size_t n = strlen(k) + 1;
	if (n > w->cap) {
		w->cap = n * 2;
		w->key = xrealloc(w->key, w->cap);
	}
	memcpy(w->key, k, n);
	w->row = sqlite3_column_int64(w->st, 1);
	w->extra = sqlite3_column_int(w->st, 2) != 0;
	w->live = true;
	return SENDA_OK;
}

/* Move to the first row at or after (key, row). A few steps forward cost
 * less than a seek, which starts the statement again from there. */
static senda_err
walk_to(senda_db *db, struct walk *w, const char *key, int64_t row, int64_t *reads,
	senda_error *err)
{
	if (w->end)
		return SENDA_OK;
	for (int i = 0; w->live && i < 4; i++) {
		if (key_cmp(w->key, w->row, key, row) >= 0)
			return SENDA_OK;
		senda_err e = walk_take(db, w, sqlite3_step(w->st), reads, err);
		if (e != SENDA_OK || w->end)
			return e;
	}
	if (w->live && key_cmp(w->key, w->row, key, row) >= 0)
		return SENDA_OK;
	sqlite3_reset(w->st);
	w->seeks++;
	/* The statement seeks to the sort key (a condition on (sort_key, pid)
	 * would be tested again on every row it steps over); the few people
	 * of the same names before row are passed here, as part of the seek. */
	if (sqlite3_bind_text(w->st, 1, w->word, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(w->st, 2, key, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return db_error(db, err);
	int64_t passed = 0;
	senda_err e = walk_take(db, w, sqlite3_step(w->st), &passed, err);
	while (e == SENDA_OK && w->live && key_cmp(w->key, w->row, key, row) < 0)
		e = walk_take(db, w, sqlite3_step(w->st), &passed, err);
	(*reads)++;
	return e;
}

/* Misses in a row before the other words' rows say where to go on (at
 * first: it doubles after a jump that skipped nothing). */
#define MISSES 8

/* A search under way: what was typed, split into words (folded like the
 * index), one walk a word. */
struct query {
	char *buf;
	struct walk w[QUERY_WORDS];
	int n;
	int64_t reads;          /* index rows read (steps and seeks) */
	int64_t budget;         /* reads allowed (0: no end); over: spent */
	int misses;             /* misses in a row before a jump */
	bool over;
	char *key;              /* the candidate (leapfrog's meeting point) */
	size_t cap;
	int64_t row;
};

/* The index rows searches and counts read (participant_search_reads). */
static int64_t reads_since;

int64_t
participant_search_reads(void)
{
	int64_t n = reads_since;
	reads_since = 0;
	return n;
}

static void
query_free(struct query *q)
{
	reads_since += q->reads;
	for (int i = 0; i < q->n; i++) {
		if (q->w[i].st)
			sqlite3_reset(q->w[i].st);
		free(q->w[i].key);
	}
	free(q->buf);
	free(q->key);
}

static void
query_set_key(struct query *q, const char *key, int64_t row)
{
	size_t n = strlen(key) + 1;
	if (n > q->cap) {
		q->cap = n * 2;
		q->key = xrealloc(q->key, q->cap);
	}
	memmove(q->key, key, n);
	q->row = row;
}

/* Split what was typed into words; a word that starts another word is
 * left out (that word's match is its match too), and words past the
 * eighth are not looked at. *none when there is no word. */
static senda_err
query_open(senda_db *db, const char *text, struct query *q, bool *none, senda_error *err)
{
	memset(q, 0, sizeof *q);
	*none = false;
	if (!text_valid(text))
		return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
	q->buf = text_fold_words(text);
	if (!q->buf)
		return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
	const char *all[64];
	int n = 0;
	for (char *s = q->buf; *s && n < 64;) {
		all[n++] = s;
		char *sp = strchr(s, ' ');
		if (!sp)
			break;
		*sp = '\0';
		s = sp + 1;
	}
	for (int i = 0; i < n && q->n < QUERY_WORDS; i++) {
		bool covered = false;
		size_t li = strlen(all[i]);
		for (int j = 0; j < n && !covered; j++)
			covered = j != i && strncmp(all[j], all[i], li) == 0 &&
				  (strlen(all[j]) > li || j < i);
		if (covered)
			continue;
		struct walk *w = &q->w[q->n];
		w->word = all[i];
		if (!(w->st = db_prepare(db, walk_sql[q->n], err)))
			return err ? err->code : SENDA_E_DB;
		q->n++;
	}
	/* The longest word is read first: likely the rarest. */
	for (int i = 1; i < q->n; i++)
		if (strlen(q->w[i].word) > strlen(q->w[0].word)) {
			const char *t = q->w[0].word;
			q->w[0].word = q->w[i].word;
			q->w[i].word = t;
		}
	*none = q->n == 0;
	q->misses = MISSES;
	query_set_key(q, "", INT64_MIN);
	return SENDA_OK;
}


/* The next person every word matches, at or after the query's key. The
 * first word's rows are read in order; each person's sort_key says whether
 * the other words match (their rows say so only for a person with a
 * preferred name). After MISSES misses in a row, the next candidate is
 * the furthest of where the other words' rows go on. *found false when the rows ran out,
 * or when the budget was spent (q->over). */
static senda_err
query_next(senda_db *db, struct query *q, bool *found, senda_error *err)
{
	*found = false;
	struct walk *first = &q->w[0];
	int64_t jumped = -1;   /* the first word's seeks before the last jump */
	for (int misses = 0;;) {
		if (q->budget && q->reads >= q->budget) {
			q->over = true;
			return SENDA_OK;
		}
		senda_err e = walk_to(db, first, q->key, q->row, &q->reads, err);
		if (e != SENDA_OK || first->end)
			return e;
		/* A jump that a few steps would have made: wait longer for the next
		 * (the other words are as common as the first); one that skipped
		 * rows: jump again soon. */
		if (jumped >= 0) {
			if (first->seeks == jumped)
				q->misses = q->misses < 1024 ? q->misses * 2 : q->misses;
			else
				q->misses = MISSES;
			jumped = -1;
		}
		query_set_key(q, first->key, first->row);
		int missing = -1;
		for (int i = 1; i < q->n && missing < 0; i++) {
			struct walk *w = &q->w[i];
			if (text_words_start_with(q->key, w->word))
				continue;
			if (first->extra) {
				if ((e = walk_to(db, w, q->key, q->row, &q->reads, err)) != SENDA_OK)
					return e;
				if (w->live && key_cmp(w->key, w->row, q->key, q->row) == 0)
					continue;
			}
			missing = i;
		}
		if (missing < 0) {
			*found = true;
			return SENDA_OK;
		}
		if (++misses < q->misses) {
			q->row = q->row == INT64_MAX ? q->row : q->row + 1;
			continue;
		}
		/* No one matches before the furthest of the other words' next rows. */
		q->row = q->row == INT64_MAX ? q->row : q->row + 1;
		int far = -1;
		for (int i = 1; i < q->n; i++) {
			struct walk *w = &q->w[i];
			if ((e = walk_to(db, w, q->key, q->row, &q->reads, err)) != SENDA_OK || w->end)
				return e;
			if (far < 0 || key_cmp(w->key, w->row, q->w[far].key, q->w[far].row) > 0)
				far = i;
		}
		query_set_key(q, q->w[far].key, q->w[far].row);
		jumped = first->seeks;
		misses = 0;
	}
}

/* Past the person just found. */
static void
query_skip(struct query *q)
{
	q->row = q->row == INT64_MAX ? q->row : q->row + 1;
}

void
participant_mark_free(participant_mark *m)
{
	free(m->sort_key);
	m->sort_key = NULL;
	m->row = 0;
}

/* Up to limit people of the open query from where it is, each given to fn
 * (it may stop them); *given: how many; *done: the matches ran out. */
static senda_err
search_rows(senda_db *db, struct query *q, participant_mark *after, int limit,
	    participant_fn fn, void *ctx, int *given, bool *done, senda_error *err)
{
	*given = 0;
	*done = false;
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " COLS " FROM participant WHERE rowid = ?1 AND deleted = 0", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = SENDA_OK;
	while (*given < limit) {
		bool found;
		if ((e = query_next(db, q, &found, err)) != SENDA_OK)
			break;
		if (!found) {
			*done = !q->over;
			break;
		}
		sqlite3_reset(st);
		if (sqlite3_bind_int64(st, 1, q->row) != SQLITE_OK) {
			e = db_error(db, err);
			break;
		}
		int rc = sqlite3_step(st);
		int stop = 0;
		if (rc == SQLITE_ROW) {
			participant p;
			participant_read_row(st, &p);
			participant_hide(db, &p);
			if (after) {
				participant_set(&after->sort_key, q->key);
				after->row = q->row;
			}
			stop = fn(&p, ctx);
			participant_free(&p);
			(*given)++;
		} else if (rc != SQLITE_DONE) {
			e = db_error(db, err);
			break;
		}
		query_skip(q);
		if (stop)
			break;
	}
	sqlite3_reset(st);
	return e;
}

senda_err
participant_search_page(senda_db *db, const char *text, participant_mark *after, int limit,
			participant_fn fn, void *ctx, senda_error *err)
{
	PERM_CHECK(db, PERM_PEOPLE_LIST, err);
	struct query q;
	bool none;
	senda_err e = query_open(db, text, &q, &none, err);
	if (e != SENDA_OK || none || limit <= 0) {
		query_free(&q);
		return e;
	}
	if (after && after->sort_key) {
		query_set_key(&q, after->sort_key, after->row);
		query_skip(&q);
	}
	int given;
	bool done;
	e = search_rows(db, &q, after, limit, fn, ctx, &given, &done, err);
	query_free(&q);
	return e;
}

senda_err
participant_search(senda_db *db, const char *text, int limit, participant_fn fn,
		   void *ctx, senda_error *err)
{
	PERM_CHECK(db, PERM_PEOPLE_LIST, err);
	return participant_search_page(db, text, NULL, limit, fn, ctx, err);
}

/* One word: its rows, counted in the index alone. */
static senda_err
count_one_word(senda_db *db, struct query *q, int64_t *out, bool *exact, senda_error *err)
{
	senda_err e = db_int(db, out, err, "SELECT count(*) FROM (SELECT 1 FROM name_prefix"
			     " WHERE prefix = ?1 LIMIT ?2)", "tI", q->w[0].word,
			     (int64_t)PARTICIPANT_COUNT_ROWS + 1);
	if (e == SENDA_OK && *out > PARTICIPANT_COUNT_ROWS) {
		*out = PARTICIPANT_COUNT_ROWS;
		*exact = false;
	}
	return e;
}

/* The matches of the open query from where it is, added to *out, until
 * the query has read PARTICIPANT_COUNT_ROWS rows of the index in all. */
static senda_err
count_rest(senda_db *db, struct query *q, int64_t *out, bool *exact, senda_error *err)
{
	q->budget = PARTICIPANT_COUNT_ROWS;
	senda_err e = SENDA_OK;
	for (;;) {
		bool found;
		if ((e = query_next(db, q, &found, err)) != SENDA_OK || !found)
			break;
		(*out)++;
		query_skip(q);
	}
	*exact = !q->over;
	return e;
}

senda_err
participant_search_count(senda_db *db, const char *text, int64_t *out, bool *exact,
			 senda_error *err)
{
	PERM_CHECK(db, PERM_PEOPLE_LIST, err);
	*out = 0;
	*exact = true;
	struct query q;
	bool none;
	senda_err e = query_open(db, text, &q, &none, err);
	if (e == SENDA_OK && !none)
		e = q.n == 1 ? count_one_word(db, &q, out, exact, err)
			     : count_rest(db, &q, out, exact, err);
	query_free(&q);
	return e;
}

senda_err
participant_search_counted(senda_db *db, const char *text, int limit, participant_fn fn,
			   void *ctx, int64_t *count, bool *exact, senda_error *err)
{
	*count = 0;
	*exact = true;
	senda_err e = perm_require(db, PERM_PEOPLE_LIST, err);
	if (e != SENDA_OK)
		return e;
	struct query q;
	bool none;
	e = query_open(db, text, &q, &none, err);
	if (e != SENDA_OK || none || limit <= 0) {
		query_free(&q);
		return e;
	}
	int given;
	bool done;
	e = search_rows(db, &q, NULL, limit, fn, ctx, &given, &done, err);
	*count = given;
	if (e == SENDA_OK && !done && q.n == 1)
		e = count_one_word(db, &q, count, exact, err);
	else if (e == SENDA_OK && !done) {
		/* Whether anyone else matches is known whatever the budget; the
		 * count goes on from there. */
		bool found;
		q.budget = 0;
		if ((e = query_next(db, &q, &found, err)) == SENDA_OK && found) {
			(*count)++;
			query_skip(&q);
			e = count_rest(db, &q, count, exact, err);
		}
	}
	query_free(&q);
	return e;
}
