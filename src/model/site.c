/* senda — this file's site and its users. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/site.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "db/stmt.h"

#define SITE_NAME_MAX 80

bool
site_is_setup(senda_db *db)
{
	return db_site_id(db)[0] != '\0';
}

static senda_err check_text(const char *v, const char *label, char **out, senda_error *err);

/* An error about a field of the setup form (keys "site", "user", "lang"). */
static senda_err
fail_at(senda_error *err, senda_err code, const char *key)
{
	if (err)
		err->key = key;
	return code;
}

static senda_err
check_name(const char *v, const char *label, const char *key, char **out, senda_error *err)
{
	senda_err e = check_text(v, label, out, err);
	return e == SENDA_OK ? e : fail_at(err, e, key);
}

static senda_err
check_text(const char *v, const char *label, char **out, senda_error *err)
{
	if (!v || !text_valid(v))
		return senda_fail(err, SENDA_E_UTF8, label, NULL);
	char *clean = text_clean(v);
	if (!*clean) {
		free(clean);
		return senda_fail(err, SENDA_E_REQUIRED, label, NULL);
	}
	if (text_has_control(clean)) {
		free(clean);
		return senda_fail(err, SENDA_E_CONTROL, label, NULL);
	}
	size_t n = text_chars(clean);
	if (n > SITE_NAME_MAX) {
		free(clean);
		return senda_fail(err, SENDA_E_TOOLONG, label,
				  _("at most %d characters, this has %zu"), SITE_NAME_MAX, n);
	}
	*out = clean;
	return SENDA_OK;
}

senda_err
site_setup(senda_db *db, const char *site, const char *user, const char *lang,
	   senda_error *err)
{
	if (site_is_setup(db))
		return fail_at(err, senda_fail(err, SENDA_E_EXISTS, N_("Site name"), NULL), "site");
	if (!i18n_known_lang(lang))
		return fail_at(err, senda_fail(err, SENDA_E_LANG, N_("Language"), "%s",
					       lang ? lang : ""), "lang");
	char *sname = NULL, *uname = NULL;
	senda_err e = check_name(site, N_("Site name"), "site", &sname, err);
	if (e == SENDA_OK)
		e = check_name(user, N_("Your name"), "user", &uname, err);
	if (e != SENDA_OK) {
		free(sname);
		return e;
	}
	char site_id[UUID_LEN], user_id[UUID_LEN], now[21], clock[HLC_LEN];
	/* Random, not time-ordered: the first 8 characters of the site's id
	 * tell its clock values from another site's (hlc.h). */
	uuid_random(site_id);
	uuid_random(user_id);
	clock_timestamp(now);
	if ((e = db_begin(db, err)) != SENDA_OK)
		goto out;
	/* Another senda may have set the file up since we looked: look again
	 * inside the write lock. */
	char *have = NULL;
	e = db_setting(db, "site_id", &have, err);
	bool taken = e == SENDA_OK && *have;
	free(have);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
		goto fail;
	if (taken) {
		e = fail_at(err, senda_fail(err, SENDA_E_EXISTS, N_("Site name"), NULL), "site");
		goto fail;
	}
	if ((e = db_set_setting(db, "site_id", site_id, err)) != SENDA_OK ||
	    (e = db_set_setting(db, "user_id", user_id, err)) != SENDA_OK ||
	    (e = db_reload_identity(db, err)) != SENDA_OK)
		goto fail;
	if ((e = db_tick(db, clock, err)) != SENDA_OK)
		goto fail;
	e = db_exec(db, err,
		    "INSERT INTO site (id, site_id, created_at, updated_at, updated_by, name)"
		    " VALUES (?1, ?1, ?2, ?3, ?4, ?5)", "ttttt",
		    site_id, now, clock, user_id, sname);
	if (e == SENDA_OK)
		e = db_exec(db, err,
			    "INSERT INTO user (id, site_id, created_at, updated_at, updated_by,"
			    " name, ui_lang) VALUES (?1, ?2, ?3, ?4, ?1, ?5, ?6)", "tttttt",
			    user_id, site_id, now, clock, uname, lang);
	if (e == SENDA_OK)
		e = changelog_add(db, "site", site_id, "", NULL, NULL, clock, err);
	if (e == SENDA_OK)
		e = changelog_add(db, "user", user_id, "", NULL, NULL, clock, err);
	if (e != SENDA_OK)
		goto fail;
	e = db_commit(db, err);
	goto reload;
fail:
	db_rollback(db);
reload:
	/* The identity in memory follows what the file now holds; an error
	 * reading it is told unless an earlier one already is. */
	if (e == SENDA_OK)
		e = db_reload_identity(db, err);
	else if (db_reload_identity(db, NULL) != SENDA_OK) {
		/* e already says what went wrong; the identity reads as "". */
	}
out:
	free(sname);
	free(uname);
	return e;
}

senda_err
site_create_file(const char *path, const char *site, const char *user, const char *lang,
		 senda_db **out, senda_error *err)
{
	if (out)
		*out = NULL;
	/* A database named "-" is a file of that name, not standard output. */
	const char *p = outfile_is_stdout(path) ? "./-" : path;
	outfile of;
	senda_err e = outfile_begin(&of, p, NULL, 0, err);
	if (e != SENDA_OK)
		return e;
	senda_db *db = NULL;
	e = db_open(of.tmp, 0, &db, err);
	if (e == SENDA_OK)
		e = site_setup(db, site, user, lang, err);
	db_close(db);
	/* Closing the last connection moved everything into the file itself
	 * (it stays in WAL mode): a -wal left beside the temporary would not
	 * follow the rename. */
	char *wal = xasprintf("%s-wal", of.tmp);
	if (e == SENDA_OK && access(wal, F_OK) == 0)
		e = senda_fail(err, SENDA_E_IO, NULL, "%s", p);
	free(wal);
	if (e != SENDA_OK) {
		outfile_abort(&of);
		return e;
	}
	if ((e = outfile_commit(&of, err)) != SENDA_OK)
		return e;
	return out ? db_open(p, 0, out, err) : SENDA_OK;
}

senda_err
site_name(senda_db *db, char **out, senda_error *err)
{
	return db_text(db, out, err, "SELECT name FROM site WHERE id = ?", "t", db_site_id(db));
}

senda_err
site_user_name(senda_db *db, char **out, senda_error *err)
{
	return db_text(db, out, err, "SELECT name FROM user WHERE id = ?", "t", db_actor_id(db));
}

senda_err
site_user_lang(senda_db *db, char **out, senda_error *err)
{
	return db_text(db, out, err, "SELECT ui_lang FROM user WHERE id = ?", "t",
		       db_actor_id(db));
}

#define LANG_CHOSEN_KEY "ui_lang_chosen"

/* Each user's choice is her own setting ("ui_lang_chosen:ID"): on a
 * shared laptop the first to choose made it the file's, so that the login
 * screen switched every other user to the language written when she was
 * added. The one setting of before (the id of the user who chose) still
 * counts for that user. */
bool
site_user_lang_chosen(senda_db *db)
{
	char *v = NULL;
	char *key = xasprintf("%s:%s", LANG_CHOSEN_KEY, db_actor_id(db));
	bool yes = db_setting(db, key, &v, NULL) == SENDA_OK && v && strcmp(v, "1") == 0;
	free(key);
	free(v);
	v = NULL;
	if (!yes)
		yes = db_setting(db, LANG_CHOSEN_KEY, &v, NULL) == SENDA_OK && v &&
		      strcmp(v, db_actor_id(db)) == 0;
	free(v);
	return yes;
}

senda_err
site_mark_lang_chosen(senda_db *db, senda_error *err)
{
	if (site_user_lang_chosen(db))
		return SENDA_OK;
	char *key = xasprintf("%s:%s", LANG_CHOSEN_KEY, db_actor_id(db));
	senda_err e = db_set_setting(db, key, "1", err);
	free(key);
	return e;
}

senda_err
site_set_user_lang(senda_db *db, const char *lang, senda_error *err)
{
	if (!i18n_known_lang(lang))
		return senda_fail(err, SENDA_E_LANG, N_("Language"), "%s", lang ? lang : "");
	char *old = NULL;
	senda_err e = site_user_lang(db, &old, err);
	if (e == SENDA_E_NOTFOUND)
		return senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
	if (e != SENDA_OK)
		return e;
	if (strcmp(old, lang) != 0) {
		char clock[HLC_LEN];
		if ((e = db_begin(db, err)) != SENDA_OK)
			goto out;
		if ((e = db_tick(db, clock, err)) == SENDA_OK)
			e = db_exec(db, err,
				    "UPDATE user SET ui_lang = ?, updated_at = ?, updated_by = id"
				    " WHERE id = ?", "ttt", lang, clock, db_actor_id(db));
		if (e == SENDA_OK)
			e = changelog_add(db, "user", db_actor_id(db), "ui_lang", old, lang,
					  clock, err);
		if (e == SENDA_OK)
			e = db_commit(db, err);
		else
			db_rollback(db);
	}
	if (e == SENDA_OK)
		e = site_mark_lang_chosen(db, err);
out:
	free(old);
	return e;
}
