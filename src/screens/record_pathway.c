/* senda — the pathway sections of the participant record. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/record_pathway.h"
#include "senda/calls.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/perm.h"
#include "senda/mem.h"
#include "senda/partner.h"
#include "senda/text.h"
#include "ui/fmt.h"

/* ---- the canvas ----------------------------------------------------------- */

bool
canvas_visible(struct canvas *c, int *screen_y)
{
	*screen_y = c->y + c->row - c->scroll;
	return c->row >= c->scroll && *screen_y < c->y + c->h;
}

void
canvas_text(struct canvas *c, int x, const char *s, enum style st)
{
	int sy;
	if (canvas_visible(c, &sy))
		term_put(sy, x, s, COLS - x - 1, st, false);
	c->row++;
}

void
canvas_marks(const struct canvas *c)
{
	term_scroll_marks(c->y, c->h, c->scroll > 0, c->row > c->scroll + c->h);
}

void
canvas_clear(int y, int h)
{
	for (int i = 0; i < h; i++)
		term_fill(y + i, 0, COLS, ST_NORMAL);
}

/* ---- loading -------------------------------------------------------------- */

#define GROW(arr, n, cap) do { \
	if ((n) == (cap)) { \
		(cap) = (cap) ? (cap) * 2 : 8; \
		(arr) = xrealloc((arr), (size_t)(cap) * sizeof *(arr)); \
	} } while (0)

static int
add_screening(const screening *s, void *ctx)
{
	struct pathway *pw = ctx;
	GROW(pw->scr, pw->nscr, pw->cscr);
	screening_kind.copy(&pw->scr[pw->nscr++], s);   /* its texts are the list's own */
	return 0;
}

static int
add_elig(const program *g, const eligibility *e, void *ctx)
{
	struct pathway *pw = ctx;
	GROW(pw->elig, pw->nelig, pw->celig);
	struct elig_row *r = &pw->elig[pw->nelig++];
	r->program = xstrdup(g->name ? g->name : "");
	r->partner = xstrdup(g->partner_name ? g->partner_name : "");
	r->e = *e;
	return 0;
}

static int
add_referral(const referral *r, void *ctx)
{
	struct pathway *pw = ctx;
	GROW(pw->ref, pw->nref, pw->cref);
	pw->ref[pw->nref++] = *r;
	return 0;
}

static int
add_job(const placement *p, void *ctx)
{
	struct pathway *pw = ctx;
	GROW(pw->job, pw->njob, pw->cjob);
	placement_kind.copy(&pw->job[pw->njob++], p);
	return 0;
}

static int
add_call(const char *when, const char *text, void *ctx)
{
	(void)when;
	struct pathway *pw = ctx;
	GROW(pw->calls, pw->ncall, pw->ccall);
	char *safe = text_inert(text);   /* a note or a need is typed text */
	pw->calls[pw->ncall++] = safe ? safe : xstrdup("");
	return 0;
}

void
pathway_free(struct pathway *pw)
{
	for (int i = 0; i < pw->ncall; i++)
		free(pw->calls[i]);
	free(pw->calls);
	for (int i = 0; i < pw->nelig; i++) {
		free(pw->elig[i].program);
		free(pw->elig[i].partner);
	}
	for (int i = 0; i < pw->nscr; i++)
		screening_free(&pw->scr[i]);
	for (int i = 0; i < pw->njob; i++) {
		placement_free(&pw->job[i]);
		if (pw->retention)
			free(pw->retention[i]);
	}
	free(pw->retention);
	free(pw->scr);
	free(pw->elig);
	free(pw->ref);
	free(pw->job);
	for (int l = 0; l < 2; l++)
		for (int i = 0; i < 7; i++)
			free(pw->level_name[l][i]);
	memset(pw, 0, sizeof *pw);
}

void
pathway_load(struct ui *ui, const participant *p, struct pathway *pw)
{
	senda_db *db = ui->db;
	senda_error err = { 0 };
	pathway_free(pw);
	pw->intake_wage = p->wage_cents;
	senda_err e = SENDA_OK;
	for (int i = 1; i <= 6 && (e == SENDA_OK || e == SENDA_E_NOTFOUND); i++) {
		e = esl_level_name(db, i, "en", &pw->level_name[0][i], &err);
		if (e == SENDA_OK || e == SENDA_E_NOTFOUND)
			e = esl_level_name(db, i, "es", &pw->level_name[1][i], &err);
	}
	/* What her role may not see is not asked for, and not shown. */
	enum senda_role r = (enum senda_role)db_actor_role(db);
	bool screens = perm_allowed(r, PERM_SCREENING);
	pw->referrals_shown = perm_allowed(r, PERM_REFERRAL);
	pw->jobs_shown = perm_allowed(r, PERM_PLACEMENT);
	pw->calls_shown = perm_allowed(r, PERM_CALLS);
	/* The calls as the rules want them now (a job's start just moved). */
	if ((e == SENDA_OK || e == SENDA_E_NOTFOUND) && pw->calls_shown) {
		senda_err se = calls_schedule_if_stale(db, clock_today(), &err);
		if (se != SENDA_OK)
			e = se;
	}
	if ((e != SENDA_OK && e != SENDA_E_NOTFOUND) ||
	    (pw->calls_shown && calls_of_person(db, p->id, add_call, pw, &err) != SENDA_OK) ||
	    (screens && screening_list(db, p->id, add_screening, pw, &err) != SENDA_OK) ||
	    (screens && eligibility_list(db, p->id, add_elig, pw, &err) != SENDA_OK) ||
	    (pw->referrals_shown &&
	     referral_list(db, p->id, add_referral, pw, &err) != SENDA_OK) ||
	    (pw->jobs_shown && placement_list(db, p->id, add_job, pw, &err) != SENDA_OK)) {
		ui_error(ui, &err);
		return;
	}
	/* Retention of each job, as the follow-up calls found it. */
	pw->retention = pw->njob ? xcalloc((size_t)pw->njob, sizeof *pw->retention) : NULL;
	for (int i = 0; i < pw->njob; i++) {
		retention rt;
		if (calls_retention(db, p->id, pw->job[i].id, &rt, &err) != SENDA_OK) {
			ui_error(ui, &err);
			break;
		}
		char *a = retention_text(&rt, 0), *b = retention_text(&rt, 1);
		pw->retention[i] = xasprintf("%s\n%s", a, b);
		free(a);
		free(b);
	}
}

/* ---- drawing -------------------------------------------------------------- */

static const char *
level_name(const struct pathway *pw, int level)
{
	if (level < 1 || level > 6)
		return "";
	const char *n = pw->level_name[strcmp(i18n_lang(), "es") == 0][level];
	return n ? n : "";
}

/* Columns left to right from x: each text fitted (and made inert) into its
 * width, one space between. */
struct col {
	const char *text;
	int w;
	enum style st;
};

static void
columns(int sy, int x, const struct col *cols, int n, enum style base)
{
	for (int i = 0; i < n && x < COLS - 1; i++) {
		int w = cols[i].w;
		if (x + w > COLS - 1)
			w = COLS - 1 - x;
		term_put(sy, x, cols[i].text, w, base == ST_SELECTED ? ST_SELECTED : cols[i].st,
			 true);
		x += w + 1;
	}
}

/* A section's heading, with a hint beside it (or below, when it does not
 * fit). */
static void
heading(struct canvas *c, const char *title, const char *hint)
{
	int sy, w = term_width(title);
	bool beside = !hint || w + 3 + term_width(hint) <= COLS - 2;
	if (canvas_visible(c, &sy)) {
		term_put(sy, 1, title, COLS - 2, ST_HEADING, false);
		if (hint && beside)
			term_put(sy, 1 + w + 2, hint, COLS - w - 4, ST_HINT, false);
	}
	c->row++;
	if (hint && !beside) {
		char lines[3][TERM_LINE];
		int n = term_wrap(hint, COLS - 4, lines, 3);
		for (int i = 0; i < n; i++)
			canvas_text(c, 2, lines[i], ST_HINT);
	}
}

static void
screenings(struct canvas *c, const struct pathway *pw)
{
	heading(c, _("English screenings"), pw->nscr ? NULL
		: _("Not screened yet: press s to record a test."));
	if (pw->nscr == 0)
		return;
	int insw = COLS >= 80 ? term_col(COLS, 26, 4, 36) : 20;
	int rest = COLS - 3 - 10 - 1 - insw - 1 - 4 - 1;
	for (int i = 0; i < pw->nscr; i++) {
		const screening *s = &pw->scr[i];
		char day[32], score[16], *lvl;
		const char *ins = esl_instrument_label(s->instrument);
		fmt_date(s->screened_on, day, sizeof day);
		snprintf(score, sizeof score, "%s", "");
		if (s->score >= 0)
			snprintf(score, sizeof score, "%4d", s->score);
		if (s->exited)
			/* L10N: in the record's list of screenings: level, its name, and
			 * that the person has exited ESL */
			lvl = xasprintf(_("level %d: %s — exited ESL"), s->level,
					level_name(pw, s->level));
		else
			/* L10N: in the record's list of screenings: level and its name */
			lvl = xasprintf(_("level %d: %s"), s->level, level_name(pw, s->level));
		int sy;
		if (canvas_visible(c, &sy)) {
			const struct col cols[] = {
				{ day, 10, ST_NORMAL }, { ins ? _(ins) : s->instrument, insw, ST_NORMAL },
				{ score, 4, ST_NORMAL }, { lvl, rest > 8 ? rest : 8, ST_HEADING },
			};
			columns(sy, 2, cols, 4, ST_NORMAL);
		}
		free(lvl);
		c->row++;
	}
	if (pw->nscr >= 2) {
		int first = pw->scr[0].level, last = pw->scr[pw->nscr - 1].level;
		/* L10N: first ESL level, latest ESL level, the difference (keep %+d) */
		char *gain = xasprintf(_("Level gain: %d → %d (%+d)"), first, last, last - first);
		canvas_text(c, 2, gain, last > first ? ST_OK : ST_NORMAL);
		free(gain);
	}
}

/* A program and its organization; for those not open to the person yet,
 * what is missing, beside them or on the next line when it does not fit. */
static void
elig_row(struct canvas *c, const struct elig_row *r, bool why)
{
	char reason[200] = "";
	if (why)
		eligibility_text(&r->e, reason, sizeof reason);
	int pw = COLS >= 80 ? term_col(COLS, 30, 3, 60) : 24;
	int gw = COLS >= 80 ? term_col(COLS, 26, 3, 60) : 20;
	int rest = COLS - 5 - pw - gw - 2;
	bool below = why && term_width(reason) > rest;
	int sy;
	if (canvas_visible(c, &sy)) {
		bool beside = why && !below;
		const struct col cols[] = {
			{ r->program, pw, ST_NORMAL }, { r->partner, beside ? gw : COLS - 6 - pw, ST_HINT },
			{ reason, rest > 8 ? rest : 8, ST_NORMAL },
		};
		columns(sy, 4, cols, beside ? 3 : 2, ST_NORMAL);
	}
	c->row++;
	if (below) {
		char lines[3][TERM_LINE];
		int n = term_wrap(reason, COLS - 9, lines, 3);
		for (int i = 0; i < n; i++)
			canvas_text(c, 8, lines[i], ST_NORMAL);
	}
}

static void
programs_section(struct canvas *c, const struct pathway *pw)
{
	heading(c, _("Programs"), pw->nelig ? NULL
		: pw->referrals_shown ? _("None in the directory yet: add them from home (o).")
		/* L10N: in the record of a user who may not add partners */
		: _("None in the directory yet."));
	if (pw->nelig == 0)
		return;
	int can = 0;
	for (int i = 0; i < pw->nelig; i++)
		can += pw->elig[i].e.eligible;
	/* L10N: in the record, above the programs the person may enter */
	canvas_text(c, 2, can ? _("Can enter now:") : _("Can enter now: none of the programs."),
		    ST_NORMAL);
	for (int i = 0; i < pw->nelig; i++)
		if (pw->elig[i].e.eligible)
			elig_row(c, &pw->elig[i], false);
	if (can < pw->nelig) {
		/* L10N: in the record, above the programs the person may not enter yet */
		canvas_text(c, 2, _("Not yet, and what is missing:"), ST_NORMAL);
		for (int i = 0; i < pw->nelig; i++)
			if (!pw->elig[i].e.eligible)
				elig_row(c, &pw->elig[i], true);
	}
}

static void
referrals(struct canvas *c, const struct pathway *pw, int sel, int *sel_row)
{
	int sy;
	heading(c, _("Referrals"), pw->nref ? _("Tab selects one, Enter opens it.")
		: _("None yet: press r to refer."));
	if (pw->nref == 0)
		return;
	/* L10N: marks an overdue referral in the record */
	const char *late = _("overdue");
	for (int i = 0; i < pw->nref; i++) {
		const referral *r = &pw->ref[i];
		enum style base = i == sel ? ST_SELECTED : ST_NORMAL;
		if (i == sel)
			*sel_row = c->row;
		/* The code, the status and since when; below, the program. */
		if (canvas_visible(c, &sy)) {
			char since[32];
			const char *st = referral_status_label(r->status);
			fmt_date(r->status_on, since, sizeof since);
			if (i == sel)
				term_fill(sy, 1, COLS - 2, ST_SELECTED);
			const struct col cols[] = {
				{ r->code, 8, ST_NORMAL }, { st ? _(st) : r->status, 17, ST_HEADING },
				{ since, 10, ST_NORMAL }, { r->overdue ? late : "", COLS - 42, ST_ERROR },
			};
			columns(sy, 2, cols, 4, base);
		}
		c->row++;
		if (canvas_visible(c, &sy)) {
			char *what = xasprintf("%s — %s", r->program_name, r->partner_name);
			if (i == sel)
				term_fill(sy, 1, COLS - 2, ST_SELECTED);
			term_put(sy, 11, what, COLS - 12, base, false);
			free(what);
		}
		c->row++;
		if (*r->credential) {
			/* L10N: in the record, under a completed referral */
			char *cred = xasprintf(_("credential: %s"), r->credential);
			canvas_text(c, 11, cred, ST_OK);
			free(cred);
		}
	}
}

static void
jobs(struct canvas *c, const struct pathway *pw)
{
	heading(c, _("Jobs"), pw->njob ? NULL
		: _("None yet: press j when they get one."));
	if (pw->njob == 0)
		return;
	int flex = COLS - 3 - 10 - 2 - 3;
	int empw = flex * 3 / 5, titlew = flex - empw;
	for (int i = 0; i < pw->njob; i++) {
		const placement *p = &pw->job[i];
		char start[32], wage[32], change[160], intake[32];
		fmt_date(p->start_date, start, sizeof start);
		money_format(p->wage_cents, wage, sizeof wage);
		double pct;
		if (placement_wage_change(pw->intake_wage, p->wage_cents, &pct))
			/* L10N: wage change since intake in percent (keep %+.1f%%), then the
			 * wage at intake */
			snprintf(change, sizeof change, _("%+.1f%% since intake (%s)"), pct,
				 money_format(pw->intake_wage, intake, sizeof intake));
		else
			snprintf(change, sizeof change, "%s", _("no wage at intake to compare"));
		int sy;
		if (canvas_visible(c, &sy)) {
			const struct col cols[] = {
				{ start, 10, ST_NORMAL }, { p->employer, empw, ST_HEADING },
				{ p->job_title, titlew, ST_NORMAL },
			};
			columns(sy, 2, cols, 3, ST_NORMAL);
		}
		c->row++;
		/* L10N: in the record, under a job: hourly wage, then its change */
		char *line = xasprintf(_("%s an hour · %s"), wage, change);
		if (*p->end_date) {
			char end[32];
			fmt_date(p->end_date, end, sizeof end);
			/* L10N: in the record, after a job's wage: the day it ended */
			char *ended = xasprintf(_("%s · ended %s"), line, end);
			free(line);
			line = ended;
		}
		canvas_text(c, 13, line, ST_NORMAL);
		free(line);
		if (pw->retention && pw->retention[i]) {
			char *nl = strchr(pw->retention[i], '\n');
			*nl = '\0';
			canvas_text(c, 13, pw->retention[i], ST_HINT);
			canvas_text(c, 13, nl + 1, ST_HINT);
			*nl = '\n';
		}
	}
}

/* Every call, whatever its purpose, with its outcome and answers:
 * wrapped, so that no answer is cut at the window's edge. */
static void
calls_section(struct canvas *c, const struct pathway *pw)
{
	/* L10N: a section of the record: the follow-up calls */
	heading(c, _("Follow-up calls"), pw->ncall ? NULL
		/* L10N: the record's calls section when she has none */
		: _("None yet."));
	int width = COLS - 7;
	if (width < 10)
		return;
	for (int i = 0; i < pw->ncall; i++) {
		char lines[12][TERM_LINE];
		int n = term_wrap(pw->calls[i], width, lines, 12);
		for (int k = 0; k < n; k++)
			canvas_text(c, k ? 4 : 2, lines[k], ST_NORMAL);
	}
}

void
pathway_draw(struct canvas *c, const struct pathway *pw, int sel, int *sel_row)
{
	*sel_row = -1;
	screenings(c, pw);
	c->row++;
	programs_section(c, pw);
	if (pw->referrals_shown) {
		c->row++;
		referrals(c, pw, sel, sel_row);
	}
	if (pw->jobs_shown) {
		c->row++;
		jobs(c, pw);
	}
	if (pw->calls_shown) {
		c->row++;
		calls_section(c, pw);
	}
}
