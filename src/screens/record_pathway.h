/* senda — the pathway sections of a participant's record (ESL screenings,
 * the programs they can enter, referrals, jobs), and the scrolling canvas
 * the record is drawn on. Model calls only. */
#ifndef SENDA_SCREENS_RECORD_PATHWAY_H
#define SENDA_SCREENS_RECORD_PATHWAY_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/esl.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/referral.h"
#include "ui/term.h"
#include "ui/view.h"

/* Rows are drawn only when inside the window [y, y + h) after scrolling;
 * row counts every line of the content. */
struct canvas {
	int y, h, scroll, row;
};

bool canvas_visible(struct canvas *c, int *screen_y);
void canvas_text(struct canvas *c, int x, const char *s, enum style st);
/* Blank rows [y, y + h), before drawing them again at another scroll. */
void canvas_clear(int y, int h);
/* After the last row: the marks that say the page goes on above or below. */
void canvas_marks(const struct canvas *c);

struct elig_row {
	char *program, *partner;
	eligibility e;
};

struct pathway {
	screening *scr;           /* oldest first */
	int nscr, cscr;
	struct elig_row *elig;    /* eligible first */
	int nelig, celig;
	referral *ref;            /* newest first */
	int nref, cref;
	placement *job;           /* newest start first */
	int njob, cjob;
	char **retention;         /* per job: employed at 30/60/90 days, after exit (text) */
	char **calls;             /* every call in words, newest first (calls_of_person) */
	int ncall, ccall;
	bool calls_shown;         /* the acting user's role may see calls */
	char *level_name[2][7];   /* [0] English, [1] Spanish; levels 1..6 */
	int64_t intake_wage;      /* cents, -1 unknown */
	bool referrals_shown;     /* the acting user's role may see referrals */
	bool jobs_shown;          /* and jobs */
};

/* Read everything for participant p; problems go to the message line. */
void pathway_load(struct ui *ui, const participant *p, struct pathway *pw);
void pathway_free(struct pathway *pw);

/* Draw the sections (ESL, programs, referrals, jobs, calls). sel is the selected referral (-1: none); the
 * canvas row where it was drawn goes to *sel_row (-1 when none). */
void pathway_draw(struct canvas *c, const struct pathway *pw, int sel, int *sel_row);

#endif
