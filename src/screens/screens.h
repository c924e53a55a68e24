/* senda — the screens, one file and one view_ops each. */
#ifndef SENDA_SCREENS_H
#define SENDA_SCREENS_H

#include <stdbool.h>
#include "senda/referral.h"
#include "ui/view.h"

extern const struct view_ops home_view;     /* arg: NULL */
/* Before the calls are scheduled: when it will be the whole file (a new
 * day: seconds at a hub), say so on the message line (src/screens/calls.c). */
void calls_say_if_whole(struct ui *ui);
extern const struct view_ops people_view;   /* arg: "search" to start searching, or NULL */
extern const struct view_ops intake_view;   /* arg: participant id to edit, or NULL for new */
extern const struct view_ops record_view;   /* arg: participant id */
extern const struct view_ops setup_view;    /* arg: NULL */
extern const struct view_ops help_view;     /* arg: the struct view * it explains */
extern const struct view_ops screening_view; /* arg: participant id */
extern const struct view_ops refer_view;    /* arg: participant id */
extern const struct view_ops refer_form_view; /* arg: struct refer_form_arg * */
extern const struct view_ops referral_view; /* arg: struct referral_arg * */
extern const struct view_ops placement_view; /* arg: participant id */
extern const struct view_ops placement_edit_view; /* arg: a job's id */
extern const struct view_ops partners_view; /* arg: NULL */
extern const struct view_ops partner_view;  /* arg: partner id */
extern const struct view_ops partner_edit_view; /* arg: partner id, or NULL for new */
extern const struct view_ops program_edit_view; /* arg: struct program_arg * */
extern const struct view_ops levels_view;   /* arg: NULL */
extern const struct view_ops merge_view;    /* arg: NULL */
extern const struct view_ops review_view;   /* arg: NULL */
extern const struct view_ops import_view;   /* arg: NULL */
extern const struct view_ops duplicates_view; /* arg: NULL */
extern const struct view_ops access_view;   /* arg: participant id */
extern const struct view_ops login_view;    /* arg: NULL */
extern const struct view_ops users_view;    /* arg: NULL */

/* The idle lock (src/screens/login.c): blank the screen, ask the logged-in
 * user's PIN, and return once it is right; the screens are left as they
 * were. */
void login_idle_lock(struct ui *ui);
extern const struct view_ops calls_view;    /* arg: NULL */
extern const struct view_ops call_view;     /* arg: call id */
extern const struct view_ops overdue_view;  /* arg: NULL */
extern const struct view_ops call_rules_view; /* arg: NULL */

struct referral_arg {
	const char *id;          /* referral id */
	bool write_slip;         /* ask for the slip's file name at once */
};

/* A referral's second step: the program is chosen. */
struct refer_form_arg {
	const char *participant_id, *name;       /* the person and her name as shown */
	const char *program_id, *program, *partner;
	eligibility e;                           /* can she enter it now? */
};

struct program_arg {
	const char *partner_id;
	const char *program_id;  /* NULL for a new program */
};

#endif
