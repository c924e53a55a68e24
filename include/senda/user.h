/* senda — the people who use senda at this site: their roles, their PINs
 * (Argon2id through libsodium's crypto_pwhash_str, interactive limits) and
 * the lock after wrong PINs. A user is "here" when this site made her; the
 * users other sites' bundles brought are named in change logs and never log
 * in here (their PIN hashes never travel). A disabled user is a user row
 * marked deleted: kept for the change logs that name her. */
#ifndef SENDA_USER_H
#define SENDA_USER_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"
#include "senda/uuid.h"

#define USER_PIN_MIN 4
#define USER_PIN_MAX 8
#define USER_NAME_MAX 80
/* Wrong PINs before the name is locked; the first lock's length, doubled
 * each time up to the longest. */
#define USER_LOCK_TRIES 5
#define USER_LOCK_FIRST_MS (60 * 1000)
#define USER_LOCK_MAX_MS (60 * 60 * 1000)

typedef struct senda_user {
	char id[UUID_LEN];
	char *name;
	int role;            /* enum senda_role */
	char ui_lang[3];     /* "en", "es" */
	bool has_pin;
	bool disabled;
	bool here;           /* made at this site (may log in here) */
	int64_t locked_ms;   /* how long the name stays locked from now; 0: not locked */
} senda_user;

void user_free(senda_user *u);

/* Whether opening the file needs a login: more than one user here who is
 * not disabled, or one with a PIN. A single user without a PIN opens as
 * before users existed. */
SENDA_MUST_USE senda_err user_login_needed(senda_db *db, bool *needed, senda_error *err);

typedef int (*user_fn)(const senda_user *u, void *ctx);
/* The users who may log in here (here, not disabled), by name; before any
 * login, for the login screen: no permission needed. fn returning nonzero
 * stops. */
SENDA_MUST_USE senda_err user_logins(senda_db *db, user_fn fn, void *ctx, senda_error *err);
/* Every user the file knows, disabled ones and other sites' too
 * (PERM_USERS). */
SENDA_MUST_USE senda_err user_list(senda_db *db, user_fn fn, void *ctx, senda_error *err);
/* A user here by name (case and accents matter not; disabled ones too):
 * SENDA_E_NOTFOUND when none. out is filled; user_free it. */
SENDA_MUST_USE senda_err user_find(senda_db *db, const char *name, senda_user *out,
				   senda_error *err);

/* Whether pin is 4 to 8 digits: SENDA_E_NUMBER for one that is not all
 * digits, SENDA_E_RANGE for too few or too many, with a message that says
 * so (never the PIN itself). */
SENDA_MUST_USE senda_err user_pin_check(const char *pin, senda_error *err);

/* Log in as the user here named name with pin: on success the handle acts
 * as her (db_set_actor with her role) and out (may be NULL) is filled.
 * Refused with SENDA_E_LOGIN, and a message in the user's language, when
 * the name is unknown or disabled, has no PIN, is locked, or the PIN is
 * wrong (which counts towards the lock: USER_LOCK_TRIES wrong PINs lock the
 * name for a minute, doubling up to an hour; the lock is in the file, and a
 * clock set back keeps it); a PIN that is not 4-8 digits is
 * refused as user_pin_check says, and is not counted. pin NULL logs in a user without a PIN
 * when no login is needed. */
SENDA_MUST_USE senda_err user_login(senda_db *db, const char *name, const char *pin,
				    senda_user *out, senda_error *err);
/* The same for the acting user again (the idle lock): her id. */
SENDA_MUST_USE senda_err user_unlock(senda_db *db, const char *pin, senda_error *err);
/* Whether the acting user has a PIN (the idle lock asks only then). */
bool user_actor_has_pin(senda_db *db);

/* PERM_USERS. A new user here with role (enum senda_role) and pin (4-8
 * digits). The acting user must have a PIN herself, or nobody could open
 * senda as her once two users exist. id (may be NULL) receives the new id. */
SENDA_MUST_USE senda_err user_add(senda_db *db, const char *name, int role, const char *pin,
				  char id[UUID_LEN], senda_error *err);
/* PERM_USERS. The last coordinator who is not disabled keeps her role. */
SENDA_MUST_USE senda_err user_set_role(senda_db *db, const char *name, int role,
				       senda_error *err);
/* A new PIN, and the name unlocked: PERM_USERS, or the acting user's own. */
SENDA_MUST_USE senda_err user_set_pin(senda_db *db, const char *name, const char *pin,
				      senda_error *err);
/* PERM_USERS. Neither the acting user nor the last coordinator. */
SENDA_MUST_USE senda_err user_disable(senda_db *db, const char *name, senda_error *err);

/* The idle lock: seconds without a key before the screen locks (the
 * setting idle_lock_seconds; 300 unless set; 0: never). */
SENDA_MUST_USE senda_err user_idle_seconds(senda_db *db, int *out, senda_error *err);
/* PERM_ADMIN. 0 to 86400. */
SENDA_MUST_USE senda_err user_set_idle_seconds(senda_db *db, int seconds, senda_error *err);

#endif
