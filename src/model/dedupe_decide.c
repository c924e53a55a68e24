/* senda — what people decided about a possible duplicate, and that
 * travels: "same person" links the two records (participant.linked_to, a
 * field of the exchange: both records and their histories stay), "different
 * people" is a row of dedupe_distinct (exchanged too, its id made from the
 * pair so that two sites that decide the same pair make one row). Neither
 * pair is proposed again. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "db/stmt.h"

void
dedupe_pair_id(const char *a, const char *b, char out[UUID_LEN])
{
	if (strcmp(a, b) > 0) {
		const char *t = a;
		a = b;
		b = t;
	}
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, (const unsigned char *)"senda-dedupe", 12, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)a, strlen(a) + 1);
	crypto_generichash_update(&st, (const unsigned char *)b, strlen(b) + 1);
	crypto_generichash_final(&st, h, sizeof h);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x80);    /* version 8: made from a name */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	snprintf(out, UUID_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1],
		 h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14],
		 h[15]);
}

/* The whole id of a live participant (an id or a unique prefix). */
static senda_err
resolve(senda_db *db, const char *id, char out[UUID_LEN], char **linked, senda_error *err)
{
	participant p;
	participant_init(&p);
	senda_err e = participant_get(db, id, &p, err);
	if (e == SENDA_OK) {
		memcpy(out, p.id, UUID_LEN);
		if (linked) {
			e = db_text(db, linked, err,
				    "SELECT coalesce(linked_to, '') FROM participant WHERE id = ?1", "t",
				    p.id);
			if (e == SENDA_OK && !**linked) {
				free(*linked);
				*linked = NULL;
			}
		}
		participant_free(&p);
	}
	return e;
}

/* Set one person's link (NULL: none), logged like an edit. */
static senda_err
set_link(senda_db *db, const char *id, const char *old, const char *to, senda_error *err)
{
	char clock[HLC_LEN];
	senda_err e = db_tick(db, clock, err);
	if (e == SENDA_OK)
		e = db_exec(db, err, "UPDATE participant SET linked_to = ?1, updated_at = ?2,"
			    " updated_by = ?3 WHERE id = ?4", "tttt", to, clock, db_actor_id(db), id);
	if (e == SENDA_OK)
		e = changelog_add(db, "participant", id, "linked_to", old, to, clock, err);
	return e;
}

/* A "different people" decision taken back (the pair is linked now). */
static senda_err
undo_distinct(senda_db *db, const char *a, const char *b, senda_error *err)
{
	char id[UUID_LEN], clock[HLC_LEN];
	dedupe_pair_id(a, b, id);
	int64_t live = 0;
	senda_err e = db_int(db, &live, err, "SELECT count(*) FROM dedupe_distinct"
			     " WHERE id = ?1 AND deleted = 0", "t", id);
	if (e != SENDA_OK || !live)
		return e;
	if ((e = db_tick(db, clock, err)) != SENDA_OK)
		return e;
	return db_exec(db, err, "UPDATE dedupe_distinct SET deleted = 1, updated_at = ?2,"
		       " updated_by = ?3 WHERE id = ?1", "ttt", id, clock, db_actor_id(db));
}

/* Every live "different people" decision between two records of the group
 * whose root is root, taken back. */
static senda_err
undo_group_distinct(senda_db *db, const char *root, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT d.id FROM dedupe_distinct d JOIN participant a ON a.id = d.person_a"
		" JOIN participant b ON b.id = d.person_b WHERE d.deleted = 0"
		" AND coalesce(a.linked_to, a.id) = ?1 AND coalesce(b.linked_to, b.id) = ?1", err);
	if (!st)
		return err->code;
	senda_err e = db_bind(db, st, err, "t", root);
	char **ids = NULL;
	size_t n = 0;
	int rc = SQLITE_DONE;
	while (e == SENDA_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	db_reset(st);
	if (e == SENDA_OK && rc != SQLITE_DONE)
		e = db_error(db, err);
	for (size_t i = 0; i < n; i++) {
		char clock[HLC_LEN];
		if (e == SENDA_OK && (e = db_tick(db, clock, err)) == SENDA_OK)
			e = db_exec(db, err, "UPDATE dedupe_distinct SET deleted = 1, updated_at = ?2,"
				    " updated_by = ?3 WHERE id = ?1", "ttt", ids[i], clock,
				    db_actor_id(db));
		free(ids[i]);
	}
	free(ids);
	return e;
}

senda_err
dedupe_forget_different(senda_db *db, const char *a, const char *b, senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	char x[UUID_LEN], y[UUID_LEN], id[UUID_LEN];
	senda_err e = resolve(db, a, x, NULL, err);
	if (e == SENDA_OK)
		e = resolve(db, b, y, NULL, err);
	if (e != SENDA_OK)
		return e;
	const char *lo = strcmp(x, y) < 0 ? x : y, *hi = lo == x ? y : x;
	dedupe_pair_id(lo, hi, id);
	int64_t live = 0;
	if ((e = db_int(db, &live, err, "SELECT count(*) FROM dedupe_distinct WHERE id = ?1"
			" AND deleted = 0", "t", id)) != SENDA_OK)
		return e;
	if (!live)
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, NULL);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = undo_distinct(db, lo, hi, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
dedupe_link(senda_db *db, const char *keep, const char *other, senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	char k[UUID_LEN], o[UUID_LEN];
	char *klink = NULL, *olink = NULL;
	senda_err e = resolve(db, keep, k, &klink, err);
	if (e == SENDA_OK)
		e = resolve(db, other, o, &olink, err);
	const char *root = klink ? klink : k;
	if (e == SENDA_OK && strcmp(k, o) == 0)
		/* L10N: `senda duplicates link` given one person twice */
		e = senda_fail(err, SENDA_E_STATE, NULL, "%s", _("a person cannot be linked to herself"));
	else if (e == SENDA_OK && ((olink && strcmp(olink, root) == 0) || strcmp(root, o) == 0))
		/* L10N: `senda duplicates link` of two records linked already */
		e = senda_fail(err, SENDA_E_EXISTS, NULL, "%s", _("the two records are linked already"));
	if (e != SENDA_OK) {
		free(klink);
		free(olink);
		return e;
	}
	if ((e = db_begin(db, err)) != SENDA_OK) {
		free(klink);
		free(olink);
		return e;
	}
	char *root_id = xstrdup(root);
	e = set_link(db, o, olink, root_id, err);
	/* whoever was linked to other follows it */
	sqlite3_stmt *st = e == SENDA_OK ? db_prepare(db, "SELECT id FROM participant"
						      " WHERE linked_to = ?1 AND deleted = 0", err) : NULL;
	if (e == SENDA_OK && !st)
		e = err->code;
	if (e == SENDA_OK && (e = db_bind(db, st, err, "t", o)) == SENDA_OK) {
		char **ids = NULL;
		size_t n = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			ids = xrealloc(ids, (n + 1) * sizeof *ids);
			ids[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		}
		db_reset(st);
		if (rc != SQLITE_DONE)
			e = db_error(db, err);
		for (size_t i = 0; i < n; i++) {
			if (e == SENDA_OK)
				e = set_link(db, ids[i], o, root_id, err);
			free(ids[i]);
		}
		free(ids);
	}
	if (e == SENDA_OK)
		e = undo_distinct(db, k, o, err);
	/* Two records of the group now made were marked different people
	 * (A and C, when B linked to A is linked to C): the link says
	 * otherwise, and is the later decision. */
	if (e == SENDA_OK)
		e = undo_group_distinct(db, root_id, err);
	free(root_id);
	free(klink);
	free(olink);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
dedupe_unlink(senda_db *db, const char *id, int *unlinked, senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	char i[UUID_LEN];
	char *link = NULL;
	senda_err e = resolve(db, id, i, &link, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_begin(db, err)) != SENDA_OK) {
		free(link);
		return e;
	}
	int n = 0;
	if (link) {
		e = set_link(db, i, link, NULL, err);
		n = 1;
	} else {
		/* the record others are linked to: all of them come apart */
		sqlite3_stmt *st = db_prepare(db, "SELECT id FROM participant WHERE linked_to = ?1"
					      " AND deleted = 0", err);
		char **ids = NULL;
		size_t k = 0;
		if (!st)
			e = err->code;
		else if ((e = db_bind(db, st, err, "t", i)) == SENDA_OK) {
			int rc;
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				ids = xrealloc(ids, (k + 1) * sizeof *ids);
				ids[k++] = xstrdup((const char *)sqlite3_column_text(st, 0));
			}
			db_reset(st);
			if (rc != SQLITE_DONE)
				e = db_error(db, err);
		}
		for (size_t j = 0; j < k; j++) {
			if (e == SENDA_OK)
				e = set_link(db, ids[j], i, NULL, err);
			free(ids[j]);
		}
		free(ids);
		n = (int)k;
		if (e == SENDA_OK && n == 0)
			/* L10N: `senda duplicates unlink` of a record that is linked to nobody */
			e = senda_fail(err, SENDA_E_STATE, NULL, "%s", _("the record is not linked"));
	}
	free(link);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	if (unlinked)
		*unlinked = n;
	return db_commit(db, err);
}

senda_err
dedupe_mark_different(senda_db *db, const char *a, const char *b, senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	char x[UUID_LEN], y[UUID_LEN], id[UUID_LEN], clock[HLC_LEN], now[21];
	char *lx = NULL, *ly = NULL;
	senda_err e = resolve(db, a, x, &lx, err);
	if (e == SENDA_OK)
		e = resolve(db, b, y, &ly, err);
	/* linked as one person (one to the other, or both to a third) */
	bool linked = e == SENDA_OK &&
		((lx && (strcmp(lx, y) == 0 || (ly && strcmp(lx, ly) == 0))) ||
		 (ly && strcmp(ly, x) == 0));
	free(lx);
	free(ly);
	if (e != SENDA_OK)
		return e;
	if (strcmp(x, y) == 0)
		return senda_fail(err, SENDA_E_STATE, NULL, "%s",
				  /* L10N: `senda duplicates different` given one person twice */
				  _("a person cannot be different from herself"));
	if (linked)
		return senda_fail(err, SENDA_E_STATE, NULL, "%s",
				  /* L10N: `senda duplicates different` of two records linked as one
				     person */
				  _("the two records are linked as the same person: unlink them first "
				    "(senda duplicates unlink)"));
	const char *lo = strcmp(x, y) < 0 ? x : y, *hi = lo == x ? y : x;
	dedupe_pair_id(lo, hi, id);
	int64_t state = -1;
	e = db_int(db, &state, err, "SELECT deleted FROM dedupe_distinct WHERE id = ?1", "t", id);
	if (e == SENDA_OK && state == 0)
		return senda_fail(err, SENDA_E_EXISTS, NULL, "%s",
				  /* L10N: `senda duplicates different` of a pair marked so already */
				  _("the two are marked as different people already"));
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
		return e;
	senda_error_clear(err);
	bool again = e == SENDA_OK;
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	clock_timestamp(now);
	if ((e = db_tick(db, clock, err)) == SENDA_OK)
		e = again ? db_exec(db, err, "UPDATE dedupe_distinct SET deleted = 0, updated_at = ?2,"
				    " updated_by = ?3 WHERE id = ?1", "ttt", id, clock, db_actor_id(db))
			  : db_exec(db, err, "INSERT INTO dedupe_distinct (id, site_id, created_at,"
				    " updated_at, updated_by, person_a, person_b)"
				    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", "ttttttt", id,
				    db_site_id(db), now, clock, db_actor_id(db), lo, hi);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
dedupe_linked(senda_db *db, const char *id, dedupe_linked_fn fn, void *ctx, senda_error *err)
{
	PERM_CHECK_ANY(db, PERM_PEOPLE_LIST, PERM_REVIEW, err);
	char i[UUID_LEN];
	senda_err e = resolve(db, id, i, NULL, err);
	if (e != SENDA_OK)
		return e;
	sqlite3_stmt *st = db_prepare(db,
		"WITH me(root) AS (SELECT coalesce(linked_to, id) FROM participant WHERE id = ?1)"
		" SELECT p.id, coalesce(s.name, '') FROM participant p LEFT JOIN site s ON s.id = p.site_id"
		" WHERE p.deleted = 0 AND p.id <> ?1 AND (p.id = (SELECT root FROM me)"
		"  OR (p.linked_to = (SELECT root FROM me) AND p.linked_to IS NOT NULL))"
		" ORDER BY p.created_at, p.id", err);
	if (!st)
		return err->code;
	if ((e = db_bind(db, st, err, "t", i)) != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		       ctx)) {
			db_reset(st);
			return SENDA_OK;
		}
	db_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}
