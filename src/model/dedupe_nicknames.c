/* senda — the nickname table (schema 008): the nicknames given names are
 * matched with, as data a site can change (`senda nicknames`). */
#include <config.h>

#include <string.h>

#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/text.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "dedupe_internal.h"

senda_err
dedupe_nicknames(senda_db *db, dedupe_nickname_fn fn, void *ctx, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name, formal FROM nickname"
				      " ORDER BY formal, name <> formal, name", err);
	if (!st)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1), ctx)) {
			db_reset(st);
			return SENDA_OK;
		}
	db_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* One word, folded, into out; false (err filled) when s is not a name word. */
static bool
one_word(const char *s, char *out, size_t cap, senda_error *err)
{
	if (!text_valid(s)) {
		senda_fail(err, SENDA_E_UTF8, N_("Name"), NULL);
		return false;
	}
	dd_fold_words(s, out, cap);
	if (!*out || strchr(out, ' ') || strlen(out) > 40) {
		/* L10N: a nickname or formal name given to `senda nicknames` */
		senda_fail(err, SENDA_E_FORMAT, N_("Name"), _("one word, up to 40 letters: '%s'"),
			   s);
		return false;
	}
	return true;
}

senda_err
dedupe_nickname_add(senda_db *db, const char *formal, const char *name, senda_error *err)
{
	PERM_CHECK(db, PERM_ADMIN, err);
	char f[256], n[256];
	if (!one_word(formal, f, sizeof f, err) || !one_word(name, n, sizeof n, err))
		return err->code;
	int64_t there = 0;
	senda_err e = db_int(db, &there, err,
			     "SELECT count(*) FROM nickname WHERE name = ?1 AND formal = ?2", "tt", n, f);
	if (e != SENDA_OK)
		return e;
	if (there)
		/* L10N: %s: a nickname, %s: the formal name */
		return senda_fail(err, SENDA_E_EXISTS, NULL, _("%s is already a nickname of %s"), n,
				  f);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_exec(db, err, "INSERT OR IGNORE INTO nickname (name, formal) VALUES (?1, ?1)",
			 "t", f)) != SENDA_OK ||
	    (e = db_exec(db, err, "INSERT INTO nickname (name, formal) VALUES (?1, ?2)", "tt", n,
			 f)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
dedupe_nickname_remove(senda_db *db, const char *name, const char *formal, int *removed,
		       senda_error *err)
{
	PERM_CHECK(db, PERM_ADMIN, err);
	char n[256], f[256];
	if (!one_word(name, n, sizeof n, err) || (formal && !one_word(formal, f, sizeof f, err)))
		return err->code;
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	int64_t before = 0, after = 0;
	if ((e = db_int(db, &before, err, "SELECT count(*) FROM nickname", "")) != SENDA_OK ||
	    (e = formal ? db_exec(db, err, "DELETE FROM nickname WHERE name = ?1 AND formal = ?2",
				  "tt", n, f)
			: db_exec(db, err, "DELETE FROM nickname WHERE name = ?1", "t", n)) != SENDA_OK ||
	    /* a group left with its formal name alone is no group */
	    (e = db_exec(db, err, "DELETE FROM nickname WHERE name = formal AND NOT EXISTS"
			 " (SELECT 1 FROM nickname o WHERE o.formal = nickname.formal"
			 " AND o.name <> o.formal)", "")) != SENDA_OK ||
	    (e = db_int(db, &after, err, "SELECT count(*) FROM nickname", "")) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	if (before == after) {
		db_rollback(db);
		/* L10N: %s: a name given to `senda nicknames remove` */
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, _("%s is not in the nickname table"), n);
	}
	if (removed)
		*removed = (int)(before - after);
	return db_commit(db, err);
}
