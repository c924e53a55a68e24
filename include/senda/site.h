/* senda — this file's site and its users. */
#ifndef SENDA_SITE_H
#define SENDA_SITE_H

#include "senda/db.h"
#include "senda/error.h"

/* First-run setup: create the site and the first user, remember them in the
 * settings. Refuses (SENDA_E_EXISTS) when the file already has a site. */
senda_err site_setup(senda_db *db, const char *site_name, const char *user_name,
		     const char *ui_lang, senda_error *err);

bool site_is_setup(senda_db *db);

/* The site's name and the current user's name and language (malloc'd; free). */
char *site_name(senda_db *db);
char *site_user_name(senda_db *db);
char *site_user_lang(senda_db *db);
/* The user's choice of language (F2): remembered, and marked as chosen. */
senda_err site_set_user_lang(senda_db *db, const char *lang, senda_error *err);
/* Whether the user has chosen a language (with F2 or at first-run setup);
 * until then the environment's LANGUAGE decides. A local setting. */
bool site_user_lang_chosen(senda_db *db);
senda_err site_mark_lang_chosen(senda_db *db, senda_error *err);

#endif
