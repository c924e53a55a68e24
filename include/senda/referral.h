/* senda — referrals to partner programs with a status loop, eligibility,
 * the referral slip. */
#ifndef SENDA_REFERRAL_H
#define SENDA_REFERRAL_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/date.h"
#include "senda/db.h"
#include "senda/error.h"
#include "senda/field.h"
#include "senda/partner.h"
#include "senda/record.h"
#include "senda/uuid.h"

/* referred, contacted, enrolled, completed, declined, no_show, not_completed */
extern const char *const referral_statuses[];
const char *referral_status_label(const char *code);   /* N_() or NULL */
bool referral_status_final(const char *code);

/* Room for a text of n characters in UTF-8 (up to 4 bytes each), so that
 * nothing the model accepts is ever cut when it is read back: the fields of
 * the tables below are FF_INLINE (senda/field.h), refused when too long,
 * never cut. */
#define REFERRAL_TEXT(n) FIELD_INLINE(n)
#define REFERRAL_NOTE_MAX 500
#define REFERRAL_CREDENTIAL_MAX 120

typedef struct referral {
	char id[UUID_LEN];
	char participant_id[UUID_LEN];
	char program_id[UUID_LEN];
	char referred_on[11];
	char referred_by[REFERRAL_TEXT(80)];     /* a user's name: 80 characters */
	char status[REFERRAL_TEXT(15)];
	char status_on[11];
	char credential[REFERRAL_TEXT(REFERRAL_CREDENTIAL_MAX)];
	char code[16];            /* short reference code for the slip: R-XXXXXX */
	/* Filled when read, for display. */
	char program_name[REFERRAL_TEXT(120)];   /* PARTNER_NAME_MAX */
	char partner_name[REFERRAL_TEXT(120)];
	int days_in_status;       /* since status_on, as of today */
	bool overdue;
	/* A note for the status change being made (referral_kind and
	 * referral_status_kind); the notes given are in referral_history. */
	char note[REFERRAL_TEXT(REFERRAL_NOTE_MAX)];
} referral;

/* What the refer form edits (referred_on, note) and what the status form
 * edits (status, status_on, note, credential), one descriptor a field
 * (senda/field.h); labels are the forms', options those of refer and
 * referral-status. */
extern const field_desc referral_fields[];
extern const size_t referral_nfields;
extern const field_desc referral_status_fields[];
extern const size_t referral_status_nfields;
extern const struct field_choice referral_status_choices[];
/* A referral as a kind of record (senda/record.h): made (referral_create,
 * participant_id and program_id set, flags 0) from the refer form; and its
 * status change (write: referral_set_status, not confirmed). */
extern const record_kind referral_kind;
extern const record_kind referral_status_kind;

/* How referral_create may go ahead. */
enum refer_flags {
	/* The person was asked just now and agreed to share their information
	 * with partners: record that consent, dated today, with the referral. */
	REFER_CONSENT_GIVEN = 1,
	/* Refer even though the same program has an open referral of theirs. */
	REFER_AGAIN = 2,
};

/* Refer a participant to a program (status "referred", dated
 * r->referred_on or today). Fills id and code. note may be NULL.
 * A referral shares the person's name with the partner, so without
 * consent to share (and without REFER_CONSENT_GIVEN) it is refused with
 * SENDA_E_CONSENT. The same program while an earlier referral to it is
 * still open returns SENDA_E_CONFIRM (err->detail says which) unless
 * REFER_AGAIN. Nothing is written when refused. */
senda_err referral_create(senda_db *db, referral *r, const char *note, int flags,
			  senda_error *err);

/* Move a referral to a new status, dated on (ISO, or NULL for today), with a
 * note and, for "completed", the credential earned (may be ""). A change that
 * skips steps or reopens a closed referral returns SENDA_E_CONFIRM (nothing
 * written, err->detail says why) unless confirmed is true. */
senda_err referral_set_status(senda_db *db, const char *referral_id, const char *status,
			      const char *on, const char *note, const char *credential,
			      bool confirmed, senda_error *err);

/* By id, unique id prefix, or reference code. */
senda_err referral_get(senda_db *db, const char *id, referral *out, senda_error *err);

typedef int (*referral_fn)(const referral *r, void *ctx);
/* A participant's referrals, newest first; participant_id NULL = all open
 * referrals (not final), oldest status first (then oldest made; the
 * follow-up list). */
senda_err referral_list(senda_db *db, const char *participant_id, referral_fn fn, void *ctx,
			senda_error *err);

/* The open referrals (not final) in the same order, a page at a time:
 * up to limit of them (0: all) after the referral after_id (a whole id; NULL
 * from the first). Read in the order of an index, row by row, so that a
 * page costs the same anywhere and nothing is sorted or held in memory. */
senda_err referral_open_page(senda_db *db, const char *after_id, int limit, referral_fn fn,
			     void *ctx, senda_error *err);

/* Where an open referral stands in that order: its status date, when it
 * was made, its id. The command line's "Next page" token keeps one, so
 * that the next page starts there even when that referral has moved on
 * (a new status, a new date) or closed since. */
typedef struct referral_pos {
	char *status_on;          /* NULL: nothing yet */
	char *created_at;
	char id[UUID_LEN];
} referral_pos;
void referral_pos_free(referral_pos *pos);
/* The stored position of the referral id (a whole id, open or not). */
senda_err referral_pos_of(senda_db *db, const char *id, referral_pos *pos, senda_error *err);
/* The open referrals after the position after (NULL: from the first), up
 * to limit (0: all), as referral_open_page. While fn runs, *cur (when not
 * NULL) is the position of the referral it was given. */
senda_err referral_open_page_pos(senda_db *db, const referral_pos *after, int limit,
				 referral_pos *cur, referral_fn fn, void *ctx, senda_error *err);

typedef struct referral_change {
	const char *status;
	const char *changed_on;
	const char *note;
	const char *changed_by;   /* user name */
} referral_change;
typedef int (*referral_change_fn)(const referral_change *c, void *ctx);
/* Oldest first. */
senda_err referral_history(senda_db *db, const char *referral_id, referral_change_fn fn,
			   void *ctx, senda_error *err);

/* Days without a status change after which a referral still waiting for an
 * answer (referred or contacted) is overdue (setting
 * "referral_overdue_days", default 14). Enrolled ones are not: a course
 * lasts weeks. */
SENDA_MUST_USE senda_err referral_overdue_days(senda_db *db, int *days, senda_error *err);
senda_err referral_set_overdue_days(senda_db *db, int days, senda_error *err);
/* Counts of live referrals, kept by the schema's triggers (read in a few
 * rows, whatever the size of the file); a file that cannot be read is an
 * error, never 0. Open: referred, contacted or enrolled. Waiting: referred
 * or contacted. Overdue: waiting, with no change in referral_overdue_days. */
SENDA_MUST_USE senda_err referral_overdue_count(senda_db *db, int64_t *out, senda_error *err);
SENDA_MUST_USE senda_err referral_open_count(senda_db *db, int64_t *out, senda_error *err);
SENDA_MUST_USE senda_err referral_waiting_count(senda_db *db, int64_t *out, senda_error *err);

/* ---- eligibility ---- */

typedef struct eligibility {
	bool eligible;
	int needs_level;          /* 0 = no requirement */
	int has_level;            /* 0 = never screened */
	bool needs_diploma;       /* required and missing */
} eligibility;

typedef int (*eligibility_fn)(const program *p, const eligibility *e, void *ctx);
/* Every program, with whether the participant can enter it now and, if not,
 * what is missing. Eligible programs first. */
senda_err eligibility_list(senda_db *db, const char *participant_id, eligibility_fn fn,
			   void *ctx, senda_error *err);
/* "needs level 5, has 4" and the like, in the current language, into buf. */
char *eligibility_text(const eligibility *e, char *buf, size_t n);

/* ---- slip ---- */

/* The referral slip: the participant's language first, then the other.
 * malloc'd text. It carries the person's name to the partner: without
 * consent to share (never given, or withdrawn), NULL with SENDA_E_CONSENT. */
char *referral_slip(senda_db *db, const char *referral_id, senda_error *err);

/* Write the slip to path through outfile (mode 0600, atomic; "-" is
 * standard output): never onto the database, a link or an existing file
 * unless flags has OUTFILE_FORCE. */
senda_err referral_slip_write(senda_db *db, const char *referral_id, const char *path,
			      int flags, senda_error *err);

/* The referred person was asked just now and agreed to share their
 * information with partners: record it (dated today, in the history). */
senda_err referral_record_consent(senda_db *db, const char *referral_id, senda_error *err);

#endif
