/* senda — this file's site and its users. */
#ifndef SENDA_SITE_H
#define SENDA_SITE_H

#include "senda/db.h"
#include "senda/error.h"

/* First-run setup: create the site and the first user, remember them in the
 * settings. Refuses (SENDA_E_EXISTS) when the file already has a site. */
senda_err site_setup(senda_db *db, const char *site_name, const char *user_name,
		     const char *ui_lang, senda_error *err);

/* Create a new database file at path with its site and first user, whole:
 * it is built under a temporary name beside path and appears complete or
 * not at all. Refuses an existing path (SENDA_E_EXISTS: also when another
 * senda made it meanwhile; exactly one of two racing creators wins) and a
 * symbolic link, dangling or not (never followed, never removed). On
 * failure only its own temporary file is removed. out (may be NULL) gets
 * the new file, open. */
senda_err site_create_file(const char *path, const char *site_name, const char *user_name,
			   const char *ui_lang, senda_db **out, senda_error *err);

bool site_is_setup(senda_db *db);

/* The site's name and the current user's name and language into *out
 * (malloc'd; free). Not set up yet: SENDA_E_NOTFOUND; a file that cannot
 * be read: its own error, never "not set up". */
SENDA_MUST_USE senda_err site_name(senda_db *db, char **out, senda_error *err);
SENDA_MUST_USE senda_err site_user_name(senda_db *db, char **out, senda_error *err);
SENDA_MUST_USE senda_err site_user_lang(senda_db *db, char **out, senda_error *err);
/* The user's choice of language (F2): remembered, and marked as chosen. */
senda_err site_set_user_lang(senda_db *db, const char *lang, senda_error *err);
/* Whether the user has chosen a language (with F2 or at first-run setup);
 * until then the environment's LANGUAGE decides. A local setting. */
bool site_user_lang_chosen(senda_db *db);
senda_err site_mark_lang_chosen(senda_db *db, senda_error *err);

#endif
