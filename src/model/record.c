/* senda — what every kind of record shares (senda/record.h): one three-way
 * save from the field table, and the model's column readers, binder and
 * change log (src/model/record_sql.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/hlc.h"
#include "senda/mem.h"
#include "senda/merge3.h"
#include "senda/perm.h"
#include "senda/record.h"
#include "senda/uuid.h"
#include "record_sql.h"

/* Every record begins with its id. */
#define ID_OF(rec) ((const char *)(rec))

static bool
is_text(const field_desc *f)
{
	return f->kind == FK_TEXT || f->kind == FK_PHONE || f->kind == FK_EMAIL ||
	       f->kind == FK_CHOICE;
}

/* ---- columns ------------------------------------------------------------ */

void
record_read_cols(sqlite3_stmt *st, int first, const field_desc *t, size_t n, void *rec)
{
	for (size_t i = 0; i < n; i++) {
		int c = first + (int)i;
		const char *v = sqlite3_column_type(st, c) == SQLITE_NULL
			? NULL : (const char *)sqlite3_column_text(st, c);
		field_store(&t[i], rec, v);
	}
}

senda_err
record_bind_cols(senda_db *db, sqlite3_stmt *st, int first, const field_desc *t, size_t n,
		 const void *rec, senda_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const field_desc *f = &t[i];
		int idx = first + (int)i, rc;
		char *v = field_stored(f, rec);
		if (is_text(f))
			rc = sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
		else if (!*v)
			rc = sqlite3_bind_null(st, idx);
		else if (f->kind == FK_DATE)
			rc = sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
		else
			rc = sqlite3_bind_int64(st, idx, strtoll(v, NULL, 10));
		free(v);
		if (rc != SQLITE_OK) {
			sqlite3_reset(st);
			return db_error(db, err);
		}
	}
	return SENDA_OK;
}

senda_err
record_get_sql(senda_db *db, const char *sql, const char *id,
	       void (*read)(sqlite3_stmt *, void *), void (*release)(void *), void *out,
	       senda_error *err)
{
	char key[UUID_LEN];
	if (!uuid_prefix_key(id, key))
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id ? id : "");
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", key);
	if (e != SENDA_OK)
		return e;
	e = db_step_one(db, st, id, read, release, out, err);
	if (e != SENDA_E_NOTFOUND || !uuid_suffix_key(id, key))
		return e;
	/* The short id of lists: the end of an id (time-ordered ids share their
	 * beginning). The same statement, matching the end instead. */
	const char *at = strstr(sql, "id >= ?1 AND ");
	const char *to = at ? strstr(at, "id < ?1 || '~'") : NULL;
	if (!at || !to)
		return e;
	senda_error_clear(err);
	/* "x.id >= ?1 AND x.id < ?1 || '~'" -> "substr(x.id, 37 - length(?1)) = ?1" */
	const char *qual = at;
	while (qual > sql && (qual[-1] == '.' || (qual[-1] >= 'a' && qual[-1] <= 'z')))
		qual--;
	char *alt = xasprintf("%.*ssubstr(%.*sid, 37 - length(?1)) = ?1%s", (int)(qual - sql), sql,
			      (int)(at - qual), qual, to + strlen("id < ?1 || '~'"));
	st = db_prepare(db, alt, err);
	free(alt);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "t", key)) != SENDA_OK)
		return e;
	return db_step_one(db, st, id, read, release, out, err);
}

senda_err
record_each_sql(senda_db *db, const char *sql, const char *arg, size_t size,
		void (*read)(sqlite3_stmt *, void *), void (*release)(void *),
		int (*each)(const void *rec, void *ctx), void *ctx, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", arg);
	if (e != SENDA_OK)
		return e;
	void *rec = xmalloc(size);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read(st, rec);
		int stop = each(rec, ctx);
		release(rec);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	free(rec);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
record_insert(senda_db *db, const char *tbl, const char *sql, const char *id,
	      const char *const *extra, int nextra, const field_desc *t, size_t n,
	      const void *rec, senda_error *err)
{
	char now[21], clock[HLC_LEN];
	clock_timestamp(now);
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) == SENDA_OK) {
		sqlite3_stmt *st = db_prepare(db, sql, err);
		if (!st)
			e = err ? err->code : SENDA_E_DB;
		else
			e = db_bind_from(db, st, err, 1, "ttttt", id, db_site_id(db), now, clock,
					 db_actor_id(db));
		for (int i = 0; e == SENDA_OK && i < nextra; i++)
			e = db_bind_from(db, st, err, 6 + i, "t", extra[i]);
		if (e == SENDA_OK)
			e = record_bind_cols(db, st, 6 + nextra, t, n, rec, err);
		if (e == SENDA_OK) {
			int rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				e = db_error(db, err);
		}
	}
	if (e == SENDA_OK)
		e = changelog_add(db, tbl, id, "", NULL, NULL, clock, err);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

/* A column name as SQL may hold it unquoted: a lower-case letter, then
 * letters, digits and "_". */
static bool
plain_identifier(const char *k)
{
	if (!k || !(*k >= 'a' && *k <= 'z'))
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

/* t's keys joined, each made by fmt from the key and a number. A key is a
 * column's name, which SQL cannot take as a bound parameter: the tables are
 * senda's own, compiled in, and a key that is not a plain identifier is a
 * programming error, stopped here before it reaches any statement. Values
 * are always bound. */
static char *
join(const field_desc *t, size_t n, const char *prefix, int first, bool set)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < n; i++) {
		if (!plain_identifier(t[i].key) || (prefix && strspn(prefix, "abcdefghijklmnopqrstuvwxyz.") !=
						    strlen(prefix))) {
			fprintf(stderr, "senda: field key '%s' is not a column name\n",
				t[i].key ? t[i].key : "(null)");
			abort();
		}
		char *next = set
			? xasprintf("%s%s%s = ?%d", s, i ? ", " : "", t[i].key, first + (int)i)
			: xasprintf("%s%s%s%s", s, i ? ", " : "", prefix ? prefix : "", t[i].key);
		free(s);
		s = next;
	}
	return s;
}

char *
record_col_list(const field_desc *t, size_t n, const char *prefix)
{
	return join(t, n, prefix, 0, false);
}

char *
record_set_list(const field_desc *t, size_t n, int first)
{
	return join(t, n, NULL, first, true);
}

char *
record_param_list(size_t n)
{
	char *s = xmalloc(n * 3 + 1);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		strcat(s, i ? ", ?" : "?");
	return s;
}

senda_err
record_log_changes(senda_db *db, const char *tbl, const char *id, const field_desc *t,
		   size_t n, const void *old, const void *new_, char clock[], int *changed,
		   senda_error *err)
{
	senda_err e = SENDA_OK;
	for (size_t i = 0; i < n && e == SENDA_OK; i++) {
		char *a = field_stored(&t[i], old), *b = field_stored(&t[i], new_);
		if (strcmp(a, b) != 0) {
			if (!(*changed)++)
				e = db_tick(db, clock, err);
			if (e == SENDA_OK)
				e = changelog_add(db, tbl, id, t[i].key, *a ? a : NULL, *b ? b : NULL,
						  clock, err);
		}
		free(a);
		free(b);
	}
	return e;
}

/* ---- the three-way save ------------------------------------------------- */

void
record_blank(const record_kind *k, void *rec)
{
	memset(rec, 0, k->size);
	field_clear_all(k->fields, k->nfields, rec);
}

static enum merge3
field_merge(const field_desc *f, const void *base, const void *mine, const void *cur)
{
	char *b = field_stored(f, base), *m = field_stored(f, mine), *c = field_stored(f, cur);
	enum merge3 r = merge3(b, m, c);
	free(b);
	free(m);
	free(c);
	return r;
}

void
record_rebase(const record_kind *k, void *rec, const void *base, const void *current,
	      const char *const *theirs, int ntheirs)
{
	for (size_t i = 0; i < k->nfields; i++)
		if (field_same(&k->fields[i], rec, base))
			field_copy(&k->fields[i], rec, current);
	for (int t = 0; t < ntheirs; t++) {
		const field_desc *f = field_find(k->fields, k->nfields, theirs[t]);
		if (f)
			field_copy(f, rec, current);
	}
}

void
record_conflict_free(const record_kind *k, record_conflict *c)
{
	if (c->current) {
		k->release(c->current);
		free(c->current);
	}
	c->current = NULL;
	c->n = 0;
}

/* What changing a record of kind k needs. */
static enum senda_perm
record_perm(const record_kind *k)
{
	static const struct {
		const char *table;
		enum senda_perm perm;
	} perms[] = {
		{ "participant", PERM_PEOPLE_WRITE }, { "screening", PERM_SCREENING },
		{ "referral", PERM_REFERRAL }, { "placement", PERM_PLACEMENT },
		{ "partner", PERM_PARTNERS }, { "program", PERM_PARTNERS },
	};
	for (size_t i = 0; i < sizeof perms / sizeof perms[0]; i++)
		if (strcmp(k->table, perms[i].table) == 0)
			return perms[i].perm;
	return PERM_ADMIN;   /* a kind added later: the most careful answer */
}

senda_err
record_update(senda_db *db, const record_kind *k, const void *base, void *rec,
	      record_conflict *conflict, senda_error *err)
{
	if (conflict) {
		conflict->n = 0;
		conflict->current = NULL;
	}
	if (!k->write)   /* a kind that is made, never edited */
		return senda_fail(err, SENDA_E_STATE, NULL, NULL);
	PERM_CHECK(db, record_perm(k), err);
	/* Clean the user's values first, so that " Ana" is no change from "Ana". */
	senda_err e = k->validate(rec, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	void *cur = xmalloc(k->size);
	if ((e = k->get(db, ID_OF(base), cur, err)) != SENDA_OK) {
		free(cur);
		db_rollback(db);
		return e;
	}
	void *merged = xmalloc(k->size);
	if (strcmp(ID_OF(cur), ID_OF(base)) != 0) {   /* base's id must be the whole id */
		e = senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", ID_OF(base));
		goto out;
	}
	/* What is stored now, with the fields the user changed written over it. */
	k->copy(merged, cur);
	const char *cols[RECORD_MAX_FIELDS];
	int n = 0;
	for (size_t i = 0; i < k->nfields && n < RECORD_MAX_FIELDS; i++) {
		const field_desc *f = &k->fields[i];
		switch (field_merge(f, base, rec, cur)) {
		case MERGE3_MINE: field_copy(f, merged, rec); break;
		case MERGE3_CONFLICT: cols[n++] = f->key; break;
		case MERGE3_THEIRS: case MERGE3_SAME: break;
		}
	}
	if (n) {
		db_rollback(db);
		k->release(merged);
		free(merged);
		const field_desc *f = field_find(k->fields, k->nfields, cols[0]);
		if (conflict) {
			conflict->n = n;
			memcpy(conflict->cols, cols, sizeof cols[0] * (size_t)n);
			conflict->current = cur;
		} else {
			k->release(cur);
			free(cur);
		}
		return senda_fail(err, SENDA_E_CONFLICT, f->label, NULL);
	}
	/* Inside this transaction: the record read above is the one written over. */
	if ((e = k->validate(merged, err)) == SENDA_OK && (e = k->write(db, merged, err)) == SENDA_OK) {
		if ((e = db_commit(db, err)) != SENDA_OK) {
			k->release(merged);
			free(merged);
			k->release(cur);
			free(cur);
			return e;
		}

		k->release(cur);
		free(cur);
		k->release(rec);
		memcpy(rec, merged, k->size);
		free(merged);
		return SENDA_OK;
	}
	k->release(merged);
out:
	db_rollback(db);
	free(merged);
	k->release(cur);
	free(cur);
	return e;
}
