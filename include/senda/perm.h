/* senda — who is acting, and what each role may do. The acting user is
 * bound to the database handle at login (db_set_actor), as a database
 * server binds its user to a connection; every model operation that reads
 * or changes personal data asks perm_require first, so that a screen that
 * forgot to hide something is still refused below it. A handle nobody
 * logged in on (one user and no PIN, as senda opened before users existed,
 * and every test that does not say otherwise) acts as a coordinator. */
#ifndef SENDA_PERM_H
#define SENDA_PERM_H

#include <stdbool.h>
#include "senda/db.h"
#include "senda/error.h"

enum senda_role {
	ROLE_COORDINATOR,   /* everything */
	ROLE_ESL,           /* screening: name, language, ESL history, eligibility */
	ROLE_VOLUNTEER,     /* the call list and the call screen only */
	ROLE_HUB,           /* merge, review, reports, exports */
	ROLE__COUNT
};

/* What an operation needs. One row of the table in src/model/perm.c each;
 * the unit test checks every role against every one. */
enum senda_perm {
	PERM_PEOPLE_LIST,      /* browse or search the people, open a record */
	PERM_PEOPLE_WRITE,     /* intake, edit a person */
	PERM_CONTACT,          /* phone numbers, e-mail, address of a person */
	PERM_SCREENING,        /* read and record ESL screenings */
	PERM_REFERRAL,         /* read and change referrals */
	PERM_PLACEMENT,        /* jobs and wages */
	PERM_PARTNERS,         /* partners and their programs */
	PERM_CALLS,            /* the call list and recording a call */
	PERM_CALL_RULES,       /* change the follow-up schedules */
	PERM_EXPORT,           /* bundles and CSV files out of the file */
	PERM_IMPORT,           /* CSV files into the file */
	PERM_MERGE,            /* merge bundles */
	PERM_REVIEW,           /* conflicts and duplicates review */
	PERM_REPORTS,          /* counts and outcome reports */
	PERM_USERS,            /* add, change, disable users; reset PINs */
	PERM_ERASE,            /* erase a person everywhere */
	PERM_ACCESS_LOG,       /* see who opened which record */
	PERM_ADMIN,            /* init, check, backup, settings */
	PERM_CALL_AGAIN,       /* clear a person's "do not call" */
	PERM__COUNT
};

/* Role names as stored in user.role ("coordinator", "esl", "volunteer",
 * "hub"); -1 for anything else. */
int role_from_name(const char *name);
const char *role_name(enum senda_role r);
/* The role's name for people, translated. */
const char *role_label(enum senda_role r);

bool perm_allowed(enum senda_role r, enum senda_perm p);
/* What the operation is, translated, for "not allowed" messages. */
const char *perm_label(enum senda_perm p);

/* SENDA_OK, or SENDA_E_DENIED with a message naming the role and what it
 * may not do. */
SENDA_MUST_USE senda_err perm_require(senda_db *db, enum senda_perm p, senda_error *err);
/* The same when either of two permissions will do (a hub reviewing
 * duplicates sees the two people without browsing the file); the refusal
 * names the first. */
SENDA_MUST_USE senda_err perm_require_any(senda_db *db, enum senda_perm p, enum senda_perm q,
					  senda_error *err);

/* The first line of a model operation: return the refusal. */
#define PERM_CHECK(db, p, err)                                              \
	do {                                                                \
		senda_err perm_e_ = perm_require((db), (p), (err));         \
		if (perm_e_ != SENDA_OK)                                    \
			return perm_e_;                                     \
	} while (0)
#define PERM_CHECK_ANY(db, p, q, err)                                       \
	do {                                                                \
		senda_err perm_e_ = perm_require_any((db), (p), (q), (err)); \
		if (perm_e_ != SENDA_OK)                                    \
			return perm_e_;                                     \
	} while (0)

#endif
