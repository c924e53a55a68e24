/* senda — follow-up calls: made from rules (call_rule, schema/012_calls.sql),
 * the call list, one call with its answers, retention. No curses here.
 *
 * Every function asks perm_require first: PERM_CALLS for the list and the
 * calls, PERM_CALL_RULES to change the rules, PERM_PLACEMENT for retention.
 * What the list and a call give of a person is what a volunteer may see
 * (issue 12): first name, phone, language, best time to call and the
 * call's purpose; nothing else of her is read. */
#ifndef SENDA_CALLS_H
#define SENDA_CALLS_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/date.h"
#include "senda/db.h"
#include "senda/error.h"
#include "senda/uuid.h"

/* ---- rules ---- */

#define CALL_RULE_ID_MAX 24

typedef struct call_rule {
	char id[CALL_RULE_ID_MAX];
	char kind[12];        /* job, exit, referral */
	int amount;           /* days after the start; quarters after the exit; days waiting */
	bool active;
	int max_attempts;     /* no answers before "unreachable" */
} call_rule;

typedef int (*call_rule_fn)(const call_rule *r, void *ctx);
SENDA_MUST_USE senda_err call_rules_list(senda_db *db, call_rule_fn fn, void *ctx,
					 senda_error *err);
/* Change a rule: amount, active, max_attempts (-1: keep). Unknown id:
 * SENDA_E_NOTFOUND; a value out of range: SENDA_E_RANGE (or SENDA_E_CHOICE, SENDA_E_TOOLONG). The calls are
 * made again at the next scheduling. */
SENDA_MUST_USE senda_err call_rule_set(senda_db *db, const char *id, int amount, int active,
				       int max_attempts, senda_error *err);
/* A new rule of kind (job, exit, referral); its id ("job180") in id_out. */
SENDA_MUST_USE senda_err call_rule_add(senda_db *db, const char *kind, int amount,
				       char id_out[CALL_RULE_ID_MAX], senda_error *err);
/* What a rule does, in the current language (malloc'd): "30 days after a
 * job starts". */
char *call_rule_text(const call_rule *r);

/* ---- scheduling ---- */

typedef struct call_sched_result {
	int64_t added;        /* new calls */
	int64_t moved;        /* open calls whose due date changed (a start moved) */
	int64_t withdrawn;    /* open calls no rule asks for any more */
} call_sched_result;

/* Make the calls the rules ask for as of today, move the ones whose dates
 * changed, withdraw (cancel) the open ones no rule asks for any more (a
 * new service withdrew an exit, a referral was answered, consent was
 * withdrawn, do not call). Calls already tried are never moved nor
 * withdrawn. Running it twice makes nothing the second time. */
SENDA_MUST_USE senda_err calls_schedule(senda_db *db, sdate today, call_sched_result *res,
					senda_error *err);
/* The same when anything changed since the last scheduling (a write, a
 * merge, a rule, another day); else nothing, quickly. Nothing either when
 * --today is before the clock's day (clock_today_set_back): a day looked
 * back on writes nothing that would travel. */
SENDA_MUST_USE senda_err calls_schedule_if_stale(senda_db *db, sdate today, senda_error *err);
/* Whether calls_schedule_if_stale would now schedule the whole file (a new
 * day, another site's marker, a rule changed: seconds at 500,000 people),
 * so that a screen can say so before it waits. */
SENDA_MUST_USE senda_err calls_schedule_whole_pending(senda_db *db, sdate today, bool *whole,
						      senda_error *err);

/* ---- the call list ---- */

enum call_when { CALL_OVERDUE, CALL_DUE_TODAY, CALL_UPCOMING };

typedef struct call_row {
	char id[UUID_LEN];
	char participant_id[UUID_LEN];
	char *first_name;     /* the preferred name, else the given names */
	char *phone;
	char *language;       /* "en", "es" */
	char *best_time;
	char purpose[16];     /* general, referral, placement, retention */
	char rule_id[CALL_RULE_ID_MAX];
	char rule_kind[12];   /* "" for a call typed by hand */
	int rule_amount;
	char due_on[11];
	char *call_at;        /* "", morning, afternoon, evening, or a time given */
	int attempts;
	enum call_when when;
} call_row;

void call_row_free(call_row *r);

typedef struct call_filter {
	bool due_only;        /* overdue and due today */
	bool mine;            /* assigned to the acting user */
	const char *language; /* NULL: any */
	const char *purpose;  /* NULL: any */
	int limit;            /* 0: all */
} call_filter;

typedef int (*call_fn)(const call_row *r, void *ctx);
/* Open calls of people who may be called (consent to be contacted, not
 * "do not call"), by due date, then the person's best time to call. */
SENDA_MUST_USE senda_err calls_list(senda_db *db, sdate today, const call_filter *f,
				    call_fn fn, void *ctx, senda_error *err);
/* How many of those are due today or overdue (the home screen). */
SENDA_MUST_USE senda_err calls_due_count(senda_db *db, sdate today, int64_t *out,
					 senda_error *err);
/* One open call, by id or unique id prefix (out is filled; free it). A call
 * that is closed or whose person may not be called: SENDA_E_NOTFOUND. */
SENDA_MUST_USE senda_err calls_get(senda_db *db, const char *id, sdate today, call_row *out,
				   senda_error *err);
/* The purpose of a call in words, in lang ("en", "es"): static text. */
const char *call_purpose_text(const call_row *r, const char *lang, char *buf, size_t n);
/* A call's time to try (call_row.call_at, call_done.next_at) for people:
 * morning, afternoon, evening translated; a time given ("18:30") as it is. */
const char *call_at_text(const char *call_at);
/* The acting user's name, for the script's greeting (malloc'd; "" when
 * the file has no user). */
SENDA_MUST_USE senda_err calls_caller_name(senda_db *db, char **out, senda_error *err);

/* ---- one call ---- */

enum call_outcome {
	CALL_REACHED, CALL_NO_ANSWER, CALL_VOICEMAIL, CALL_WRONG_NUMBER, CALL_DISCONNECTED,
	CALL_REFUSED, CALL_CALLBACK, CALL_DO_NOT_CALL, CALL__OUTCOMES
};
const char *call_outcome_code(enum call_outcome o);       /* "no_answer" */
int call_outcome_from_code(const char *code);             /* -1 when unknown */
const char *call_outcome_label(enum call_outcome o);      /* N_() */
/* An outcome as a person types it (senda call --outcome): its code with
 * - or _ ("no-answer", "no_answer"), or its words, in English or Spanish,
 * as the call screen shows them ("no answer", "No contestó", "Mensaje");
 * capitals and accents do not matter. -1 when none. */
int call_outcome_parse(const char *typed);
/* The codes call_outcome_parse takes, for a message: "reached, no-answer,
 * ..." (malloc'd). */
char *call_outcome_codes(void);

/* What the person answered; -1 (NULL for text) when not asked or not said. */
typedef struct call_answers {
	int still_working;    /* 0, 1 */
	int hours_week;       /* 0..call_hours_max() */
	int64_t wage_cents;   /* hourly, now */
	int got_raise;        /* a raise or a new position: 0, 1 */
	int in_training;      /* 0, 1 */
	const char *needs;    /* anything she needs (500 characters) */
	const char *note;     /* 500 characters */
	const char *callback_at;   /* CALL_CALLBACK: "YYYY-MM-DD HH:MM", "YYYY-MM-DD" or "HH:MM" */
	bool wage_confirmed;  /* a wage of $0.00 or of $100 an hour or more: the user said yes */
	/* When the call was made (a paper sheet entered later), as typed: a
	 * date as dates are typed (MM/DD/YYYY in English, DD/MM/YYYY in
	 * Spanish, or YYYY-MM-DD), then a time HH:MM if known (else noon).
	 * NULL or "": now. Not in the future, not before the call's day. */
	const char *called_on;
} call_answers;

void call_answers_init(call_answers *a);
/* The most hours a week an answer (and a job) may have: the job's field's
 * limit (placement_fields). */
int call_hours_max(void);

typedef struct call_done {
	char result[16];      /* "" while the call stays open; reached, unreachable, ... */
	char next_due[11];    /* when it stays open: the next try */
	char next_at[24];     /* and at what time of day */
	char placement_id[UUID_LEN];   /* the job whose wage was updated, or "" */
} call_done;

/* Record one try of the call and what follows by rule: reached closes it
 * (a wage updates the job's latest wage, with its history); no answer or a
 * message left tries again the next day at another time of day, up to the
 * rule's attempts, then "unreachable"; call back: on the day and at the
 * time given; do not call: the person is never called again (every open
 * call of hers is cancelled). The next try counts from the day the call
 * was made (called_on). Bad answers: SENDA_E_RANGE (or SENDA_E_CHOICE, SENDA_E_TOOLONG), nothing
 * written. */
/* Whether the call may be made today (call_record asks it too): not before
 * its day, SENDA_E_STATE ("this call is due on ...") then. The call screen
 * asks it when a call is opened, before any answer is typed. */
SENDA_MUST_USE senda_err call_may_make(const call_row *c, sdate today, senda_error *err);
SENDA_MUST_USE senda_err call_record(senda_db *db, const char *id, enum call_outcome o,
				     const call_answers *a, call_done *out, senda_error *err);

/* ---- a person's calls in words (the record, the history) ---- */

/* when: the day (ISO) the line is of; text: translated, the callee's. */
typedef int (*call_line_fn)(const char *when, const char *text, void *ctx);
/* Every call of a person, whatever its purpose, newest first: each try
 * ("Call on December 1, 2026, whether the person is working, quarter 2
 * after leaving the program: reached; still working there: yes; 32 hours a
 * week; ...") and each call not tried (not made yet, cancelled; a call the
 * rules withdrew before any try is left out). PERM_CALLS. */
SENDA_MUST_USE senda_err calls_of_person(senda_db *db, const char *participant_id,
					 call_line_fn fn, void *ctx, senda_error *err);
/* One try of a call in those words (malloc'd into *out), for the history. */
SENDA_MUST_USE senda_err call_attempt_text(senda_db *db, const char *attempt_id, char **out,
					   senda_error *err);

/* ---- do not call ---- */

/* Whether the person asked not to be called again (a call's outcome). */
SENDA_MUST_USE senda_err calls_do_not_call(senda_db *db, const char *participant_id, bool *out,
					   senda_error *err);
/* The phone a call found wrong (malloc'd into *out): "" when none, or when
 * her phone has been changed since (her calls are held only while it is
 * that number). */
SENDA_MUST_USE senda_err calls_phone_held(senda_db *db, const char *participant_id, char **out,
					  senda_error *err);
/* She may be called again (a coordinator, PERM_CALL_AGAIN): an edit of
 * hers that travels, with its history line; the rules make her calls
 * again from the next scheduling. SENDA_E_STATE when she had not asked. */
SENDA_MUST_USE senda_err calls_call_again(senda_db *db, const char *participant_id,
					  senda_error *err);

/* ---- retention ---- */

enum { RET_JOB30, RET_JOB60, RET_JOB90, RET_Q2, RET_Q4, RET__COUNT };

typedef struct retention {
	int employed[RET__COUNT];   /* 1 yes, 0 no, -1 unknown */
	int64_t intake_wage;        /* -1 unknown */
	int64_t latest_wage;        /* the newest job's, -1 none */
} retention;

/* Of a person (placement_id NULL) or of one job of hers: employed at 30, 60
 * and 90 days after the start and in the 2nd and 4th quarter after exit,
 * as the reached calls said; the wage at intake and the latest. */
SENDA_MUST_USE senda_err calls_retention(senda_db *db, const char *participant_id,
					 const char *placement_id, retention *out,
					 senda_error *err);

/* In words, translated (malloc'd): part 0 "Employed at 30, 60, 90 days:
 * yes, unknown, unknown", part 1 "Employed in quarter 2, 4 after exit:
 * unknown, unknown". */
char *retention_text(const retention *r, int part);

#endif
