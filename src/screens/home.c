/* senda — home: what needs doing today, and where to go next. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/calls.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/review.h"
#include "senda/stats.h"
#include "ui/term.h"

struct home {
	struct home_stats stats;
	int64_t conflicts, held;   /* what merges left for review */
	bool ok;
	bool reports;     /* the acting user's role may see the numbers */
	int sel;         /* the count Enter opens: 0 calls due, 1 referrals overdue */
	char why[512];   /* when !ok: the error, shown instead of the numbers */
};

static void
load(struct view *v)
{
	struct home *h = v->priv;
	senda_error err = { 0 };
	enum senda_role r = (enum senda_role)db_actor_role(v->ui->db);
	h->reports = perm_allowed(r, PERM_REPORTS);
	h->conflicts = h->held = 0;
	memset(&h->stats, 0, sizeof h->stats);
	/* What her role may not see is not asked for (the model would say no).
	 * The calls the rules ask for today are made before they are counted
	 * (quick when nothing changed since the last time). */
	if (perm_allowed(r, PERM_CALLS))
		calls_say_if_whole(v->ui);
	h->ok = (!perm_allowed(r, PERM_CALLS) ||
		 calls_schedule_if_stale(v->ui->db, clock_today(), &err) == SENDA_OK) &&
		(!h->reports ||
		 stats_home(v->ui->db, clock_today(), &h->stats, &err) == SENDA_OK) &&
		(!perm_allowed(r, PERM_REVIEW) ||
		 xc_review_counts(v->ui->db, &h->conflicts, &h->held, &err) == SENDA_OK);
	h->why[0] = '\0';
	if (!h->ok) {
		senda_error_text(&err, h->why, sizeof h->why);
		ui_error(v->ui, &err);
	}
}

static bool
home_open(struct view *v, const void *arg)
{
	(void)arg;
	v->priv = xcalloc(1, sizeof(struct home));
	load(v);
	return true;
}

static void
home_close(struct view *v)
{
	free(v->priv);
}

static void
count_line(int y, int64_t n, const char *text)
{
	char num[24];
	snprintf(num, sizeof num, "%6" PRId64, n);
	term_put(y, 2, num, 6, ST_HEADING, false);
	term_put(y, 10, text, COLS - 12, ST_NORMAL, false);
}

/* A count that Enter opens: the selected one stands out. */
static void
count_line_sel(int y, int64_t n, const char *text, bool selected)
{
	if (!selected) {
		count_line(y, n, text);
		return;
	}
	char *line = xasprintf("%6" PRId64 "  %s", n, text);
	term_put(y, 2, line, COLS - 4, ST_SELECTED, true);
	free(line);
}

static void
home_draw(struct view *v, int y, int h)
{
	struct home *hs = v->priv;
	const struct home_stats *s = &hs->stats;
	char day[64];
	date_words(clock_today(), i18n_lang(), day, sizeof day);
	char *today = xasprintf(_("Today: %s"), day);
	int row = y + 1;
	term_put(row, 2, today, COLS - 4, ST_HEADING, false);
	free(today);
	row += 2;
	if (hs->ok && !hs->reports) {
		/* L10N: on the home screen of a user who sees no numbers: her name, her role */
		char *who = xasprintf(_("You are logged in as %s (%s)."),
				      v->ui->user ? v->ui->user : "",
				      role_label((enum senda_role)db_actor_role(v->ui->db)));
		row += term_put_wrapped(row, y + h, who, ST_NORMAL);
		free(who);
		row++;
		if (ui_may(v->ui, ACT_SEARCH))
			row += term_put_wrapped(row, y + h,
						_("Press / to find a participant, p for the list."),
						ST_HINT);
		term_put_wrapped(row, y + h, _("Press l for the ESL score tables."), ST_HINT);
		return;
	}
	if (!hs->ok) {
		/* A file that cannot be read is not a file with nothing to do:
		 * no zeros, the reason instead. */
		char *text = xasprintf("%s %s",
				       /* L10N: on the home screen, instead of the numbers;
					* followed by the reason */
				       _("Today's numbers could not be read:"), hs->why);
		row += term_put_wrapped(row, y + h, text, ST_ERROR);
		free(text);
		row++;
		term_put_wrapped(row, y + h, _("They are read again when you come back to this screen."),
				 ST_HINT);
		return;
	}
	/* L10N: on the home screen, after a number */
	count_line_sel(row++, s->calls_due, P_("follow-up call due today", "follow-up calls due today",
					       (unsigned long)s->calls_due), hs->sel == 0);
	/* L10N: on the home screen, after a number */
	count_line(row++, s->referrals_waiting,
		   P_("referral waiting for an answer", "referrals waiting for an answer",
		      (unsigned long)s->referrals_waiting));
	/* L10N: on the home screen, after a number; followed by "(no change in
	 * N days)" */
	const char *overdue = P_("referral overdue", "referrals overdue",
				 (unsigned long)s->referrals_overdue);
	/* L10N: on the home screen, after "referrals overdue" */
	char *days = xasprintf(P_("(no change in %d day)", "(no change in %d days)",
				  (unsigned long)s->overdue_days), s->overdue_days);
	char *line = xasprintf("%s %s", overdue, days);
	count_line_sel(row++, s->referrals_overdue, line, hs->sel == 1);
	free(line);
	free(days);
	/* L10N: on the home screen, after a number */
	count_line(row++, s->intakes_week,
		   P_("intake in the last 7 days", "intakes in the last 7 days",
		      (unsigned long)s->intakes_week));
	if (hs->conflicts > 0)
		/* L10N: on the home screen, after a number; v opens the review screen */
		count_line(row++, hs->conflicts,
			   P_("merge conflict to review (press v)", "merge conflicts to review (press v)",
			      (unsigned long)hs->conflicts));
	if (hs->held > 0)
		/* L10N: on the home screen, after a number; v opens the review screen */
		count_line(row++, hs->held,
			   P_("change held back by a merge (press v)",
			      "changes held back by a merge (press v)", (unsigned long)hs->held));
	row++;
	char *total = xasprintf(P_("%" PRId64 " participant in this file.",
				   "%" PRId64 " participants in this file.",
				   (unsigned long)s->participants), s->participants);
	term_put(row++, 2, total, COLS - 4, ST_NORMAL, false);
	free(total);
	row++;
	const char *hint = s->participants == 0
		? _("Press n to add your first participant.")
		: _("Press / to find a participant, n for a new intake, p for the list.");
	const char *hints[] = {
		hint,
		_("Press o for the partner organizations and their programs, "
		  "l for the ESL score tables."),
		_("Press m to merge bundle files from other sites."),
		/* L10N: on the home screen; d opens the review of possible duplicates */
		_("Press d to review possible duplicates (one person entered twice)."),
		/* L10N: on the home screen: Up and Down choose between the two counts */
		_("Enter opens the calls due today, or the overdue referrals (Up, Down to choose)."),
		_("In the list of participants (p), i imports a spreadsheet (CSV)."),
	};
	for (size_t k = 0; k < sizeof hints / sizeof hints[0]; k++)
		row += term_put_wrapped(row, y + h, hints[k], ST_HINT);
	if (ui_may(v->ui, ACT_USERS))
		/* L10N: on the home screen of a coordinator */
		term_put_wrapped(row, y + h, _("Press u for the users, their roles and PINs."), ST_HINT);
}

static bool
home_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct home *hs = v->priv;
	switch (act) {
	case ACT_UP: hs->sel = 0; return true;
	case ACT_DOWN: hs->sel = 1; return true;
	case ACT_OPEN_ITEM: {
		/* What the count opens is the role's to see, or only said so
		 * (the call list opened empty for ESL staff and the hub). */
		enum senda_perm need = hs->sel == 0 ? PERM_CALLS : PERM_REFERRAL;
		enum senda_role r = (enum senda_role)db_actor_role(v->ui->db);
		if (!perm_allowed(r, need)) {
			ui_msg(v->ui, MSG_ERROR, _("Not allowed: your role (%s) may not %s."),
			       role_label(r), perm_label(need));
			return true;
		}
		ui_push(v->ui, hs->sel == 0 ? &calls_view : &overdue_view, NULL);
		return true;
	}
	case ACT_SEARCH: ui_push(v->ui, &people_view, "search"); return true;
	case ACT_PEOPLE: ui_push(v->ui, &people_view, NULL); return true;
	case ACT_NEW: ui_push(v->ui, &intake_view, NULL); return true;
	case ACT_PARTNERS: ui_push(v->ui, &partners_view, NULL); return true;
	case ACT_LEVELS: ui_push(v->ui, &levels_view, NULL); return true;
	case ACT_MERGE: ui_push(v->ui, &merge_view, NULL); return true;
	case ACT_REVIEW: ui_push(v->ui, &review_view, NULL); return true;
	case ACT_DUPLICATES: ui_push(v->ui, &duplicates_view, NULL); return true;
	case ACT_USERS: ui_push(v->ui, &users_view, NULL); return true;
	default: return false;
	}
}

static const enum action home_keys[] = {
	ACT_OPEN_ITEM, ACT_UP, ACT_DOWN, ACT_SEARCH, ACT_NEW, ACT_PEOPLE, ACT_PARTNERS, ACT_LEVELS, ACT_MERGE, ACT_USERS, ACT_QUIT, ACT_NONE
};
/* d (possible duplicates) is offered once the file holds two people. */
static const enum action home_keys_dups[] = {
	ACT_OPEN_ITEM, ACT_UP, ACT_DOWN, ACT_SEARCH, ACT_NEW, ACT_PEOPLE, ACT_PARTNERS, ACT_LEVELS, ACT_MERGE, ACT_DUPLICATES,
	ACT_USERS, ACT_QUIT, ACT_NONE
};
/* v is offered when a merge has left something to review. */
static const enum action home_keys_review[] = {
	ACT_OPEN_ITEM, ACT_UP, ACT_DOWN, ACT_SEARCH, ACT_NEW, ACT_PEOPLE, ACT_PARTNERS, ACT_LEVELS, ACT_MERGE, ACT_REVIEW,
	ACT_USERS, ACT_QUIT, ACT_NONE
};
static const enum action home_keys_review_dups[] = {
	ACT_OPEN_ITEM, ACT_UP, ACT_DOWN, ACT_SEARCH, ACT_NEW, ACT_PEOPLE, ACT_PARTNERS, ACT_LEVELS, ACT_MERGE, ACT_REVIEW,
	ACT_DUPLICATES, ACT_USERS, ACT_QUIT, ACT_NONE
};
/* The bar drops the last ones when it does not fit; q stays in the help. */
static const enum action home_bar[] = {
	ACT_SEARCH, ACT_NEW, ACT_PEOPLE, ACT_MERGE, ACT_PARTNERS, ACT_LEVELS, ACT_QUIT, ACT_NONE
};
/* With something to review, v comes right after m on the bar. */
static const enum action home_bar_review[] = {
	ACT_SEARCH, ACT_NEW, ACT_PEOPLE, ACT_MERGE, ACT_REVIEW, ACT_PARTNERS, ACT_LEVELS,
	ACT_QUIT, ACT_NONE
};

static const enum action *
home_keys_now(struct view *v)
{
	const struct home *h = v->priv;
	bool dups = h->ok && h->stats.participants >= 2;
	if (h->conflicts + h->held > 0)
		return dups ? home_keys_review_dups : home_keys_review;
	return dups ? home_keys_dups : home_keys;
}

static const enum action *
home_bar_now(struct view *v)
{
	const struct home *h = v->priv;
	return h->conflicts + h->held > 0 ? home_bar_review : home_bar;
}

const struct view_ops home_view = {
	.name = "home",
	/* L10N: title of the first screen */
	.title = N_("Home"),
	.about = N_("What needs doing today: follow-up calls that are due, referrals still "
		    "waiting for an answer, referrals with no change for too long, and the "
		    "intakes of the last seven days. From here: participants, partner "
		    "organizations and the ESL score tables."),
	.keys = home_keys,
	.bar = home_bar,
	.open = home_open,
	.close = home_close,
	.draw = home_draw,
	.handle = home_handle,
	.resume = load,
	.keys_now = home_keys_now,
	.bar_now = home_bar_now,
};
