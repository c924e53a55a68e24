/* senda — the call list: open follow-up calls, overdue first, then due
 * today, then upcoming, by due date and the person's best time to call;
 * filters: mine, language, purpose. Enter opens the call screen. For a
 * volunteer (db_actor_role) this is the whole interface with the call
 * screen: no key leads anywhere else (q quits). No SQL here. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/calls.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/width.h"
#include "ui/list.h"
#include "ui/term.h"

/* Rows read at once: the screenfuls a caller works through in an evening. */
#define CALLS_MAX 1000

static const char *const langs[] = { NULL, "es", "en" };
static const char *const purposes[] = { NULL, "placement", "retention", "referral" };
static const char *const purpose_labels[] = {
	/* L10N: the call list's purpose filter: every call */
	N_("all"),
	/* L10N: the call list's purpose filter: calls about a job */
	N_("job"),
	/* L10N: the call list's purpose filter: calls after a person left the program */
	N_("after exit"),
	/* L10N: the call list's purpose filter: check-ins about a referral */
	N_("referral check-in"),
};

struct calls {
	call_row *r;
	int n, cap;
	bool more;          /* more than CALLS_MAX */
	bool mine;
	int lang, purpose;  /* indexes of langs and purposes */
	struct list list;
};

static void
free_rows(struct calls *c)
{
	for (int i = 0; i < c->n; i++)
		call_row_free(&c->r[i]);
	c->n = 0;
}

static int
add_row(const call_row *r, void *ctx)
{
	struct calls *c = ctx;
	if (c->n == CALLS_MAX) {
		c->more = true;
		return 1;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->r = xrealloc(c->r, (size_t)c->cap * sizeof *c->r);
	}
	call_row *k = &c->r[c->n++];
	*k = *r;
	k->first_name = xstrdup(r->first_name);
	k->phone = xstrdup(r->phone);
	k->language = xstrdup(r->language);
	k->best_time = xstrdup(r->best_time);
	k->call_at = xstrdup(r->call_at);
	return 0;
}

/* The columns' widths for a row of width columns (display columns), in
 * order of need: the day and the phone whole, the name (10 columns at
 * least), then the purpose (PURPOSE_WANT), and only then the lesser
 * columns, the language and the tries (0: left out); what is left
 * widens the name to 14, then the purpose. At 80 columns every column
 * is shown; at 60 the purpose keeps 20 columns and the lesser ones go. */
#define PURPOSE_WANT 24

struct cols {
	int when, name, phone, lang, tries, purpose;
};

static int
take(int *left, int want, int least)
{
	int w = *left - 1 < want ? *left - 1 : want;   /* a space before it */
	if (w < least)
		return 0;
	*left -= w + 1;
	return w;
}

static struct cols
layout(int width)
{
	struct cols c = { 0 };
	int left = width;
	c.when = take(&left, 10, 1);
	c.phone = take(&left, 14, 1);
	c.name = take(&left, 10, 1);
	c.purpose = take(&left, PURPOSE_WANT, 1);
	c.lang = take(&left, 4, 4);
	c.tries = take(&left, 5, 5);
	int more = left < 14 - c.name ? left : 14 - c.name;
	if (c.name && more > 0) {
		c.name += more;
		left -= more;
	}
	if (c.purpose && left > 0)
		c.purpose += left;
	return c;
}

static void
put_col(char **s, const char *text, int w, bool pad)
{
	if (w <= 0)
		return;
	char *cell = text_fit(text, (size_t)w, pad);
	char *t = xasprintf("%s %s", *s, cell);
	free(cell);
	free(*s);
	*s = t;
}

static char *
row_text(const char *when, const char *name, const char *phone, const char *lang,
	 const char *tries, const char *purpose, int width)
{
	struct cols c = layout(width);
	char *s = xstrdup("");
	put_col(&s, when, c.when, true);
	put_col(&s, name, c.name, true);
	put_col(&s, phone, c.phone, true);
	put_col(&s, lang, c.lang, true);
	put_col(&s, tries, c.tries, true);
	put_col(&s, purpose, c.purpose, false);
	return s;
}

static const char *
when_text(const call_row *r)
{
	switch (r->when) {
	/* L10N: in the call list's first column (10 columns at most) */
	case CALL_OVERDUE: return C_("call list", "overdue");
	/* L10N: in the call list's first column (10 columns at most) */
	case CALL_DUE_TODAY: return C_("call list", "today");
	default: return r->due_on;
	}
}

/* What the call is about, short, for the list. */
static void
short_purpose(const call_row *r, char *buf, size_t n)
{
	if (strcmp(r->rule_kind, "job") == 0)
		/* L10N: in the call list: a call about a job, %d days after it started */
		snprintf(buf, n, _("job, day %d"), r->rule_amount);
	else if (strcmp(r->rule_kind, "exit") == 0)
		/* L10N: in the call list: a call in the Nth quarter after the exit */
		snprintf(buf, n, _("quarter %d after exit"), r->rule_amount);
	else if (strcmp(r->purpose, "referral") == 0)
		snprintf(buf, n, "%s", _("referral check-in"));
	else
		/* L10N: in the call list: a call typed by hand */
		snprintf(buf, n, "%s", _("follow-up"));
}

static int
fetch(void *ctx, int64_t offset, int limit, int width, struct list_row *rows)
{
	struct calls *c = ctx;
	int n = 0;
	for (int64_t i = offset; i < c->n && n < limit; i++, n++) {
		const call_row *r = &c->r[i];
		char purpose[160], tries[16];
		short_purpose(r, purpose, sizeof purpose);
		if (*r->best_time || *r->call_at) {
			char *p = xasprintf("%s (%s)", purpose, *r->call_at ? call_at_text(r->call_at) : r->best_time);
			snprintf(purpose, sizeof purpose, "%s", p);
			free(p);
		}
		snprintf(tries, sizeof tries, "%d", r->attempts);
		snprintf(rows[n].id, UUID_LEN, "%s", r->id);
		rows[n].text = row_text(when_text(r), r->first_name, r->phone, r->language, tries,
					purpose, width);
	}
	return n;
}

void
calls_say_if_whole(struct ui *ui)
{
	bool whole = false;
	if (calls_schedule_whole_pending(ui->db, clock_today(), &whole, NULL) == SENDA_OK && whole)
		/* L10N: on the message line while the calls of a new day are made
		 * from the rules for the whole file */
		ui_say_now(_("Making today's follow-up calls from the rules..."));
}

static void
load(struct view *v)
{
	struct calls *c = v->priv;
	senda_error err = { 0 };
	free_rows(c);
	c->more = false;
	sdate today = clock_today();
	call_filter f = { .mine = c->mine, .language = langs[c->lang],
			  .purpose = purposes[c->purpose] };
	calls_say_if_whole(v->ui);
	if (calls_schedule_if_stale(v->ui->db, today, &err) != SENDA_OK ||
	    calls_list(v->ui->db, today, &f, add_row, c, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	int64_t sel = c->list.sel, top = c->list.top;
	list_reset(&c->list, c->n);
	c->list.sel = sel < c->n ? sel : (c->n ? c->n - 1 : 0);
	c->list.top = top <= c->list.sel ? top : c->list.sel;
}

static bool
calls_open(struct view *v, const void *arg)
{
	(void)arg;
	struct calls *c = xcalloc(1, sizeof *c);
	v->priv = c;
	list_init(&c->list, fetch, c);
	load(v);
	return true;
}

static void
calls_close(struct view *v)
{
	struct calls *c = v->priv;
	free_rows(c);
	free(c->r);
	list_free(&c->list);
	free(c);
}

/* "2 overdue, 1 today, 9 in all" (malloc'd). */
static char *
counts_text(int over, int due, int all)
{
	/* L10N: at the top of the call list, the first of three counts */
	char *a = xasprintf(P_("%d overdue", "%d overdue", (unsigned long)over), over);
	/* L10N: at the top of the call list, the second of three counts */
	char *b = xasprintf(P_("%d today", "%d today", (unsigned long)due), due);
	/* L10N: at the top of the call list, the last of three counts */
	char *c = xasprintf(P_("%d in all", "%d in all", (unsigned long)all), all);
	char *s = xasprintf("%s, %s, %s", a, b, c);
	free(a);
	free(b);
	free(c);
	return s;
}

static void
calls_draw(struct view *v, int y, int h)
{
	struct calls *c = v->priv;
	int over = 0, due = 0;
	for (int i = 0; i < c->n; i++) {
		over += c->r[i].when == CALL_OVERDUE;
		due += c->r[i].when == CALL_DUE_TODAY;
	}
	char *count = c->more
		/* L10N: at the top of the call list when it holds more calls than
		 * it reads at once: %d is how many are shown, by due date */
		? xasprintf(_("the first %d calls, by due date"), c->n)
		: counts_text(over, due, c->n);
	int cw = term_width(count);
	term_put(y, COLS - cw - 1, count, cw, ST_HINT, false);
	free(count);
	/* L10N: the call list's filters: mine (yes/no), language, purpose */
	char *filters = xasprintf(_("Mine: %s  Language: %s  Purpose: %s"),
				  c->mine ? _("yes") : _("no"),
				  langs[c->lang] ? langs[c->lang] : _("all"),
				  _(purpose_labels[c->purpose]));
	term_put(y, 1, filters, COLS - cw - 3, ST_HINT, false);
	free(filters);
	/* L10N: column headings of the call list */
	char *head = row_text(_("When"), _("Name"), _("Phone"),
			      /* L10N: a column heading of the call list, 4 columns at most */
			      _("Lang"), _("Tries"),
			      _("Purpose"), COLS - 2);
	term_put(y + 1, 1, head, COLS - 2, ST_HEADING, false);
	free(head);
	if (c->n == 0) {
		term_put_wrapped(y + 3, y + h, _("No calls to make. Calls are made from the rules: "
						 "30, 60 and 90 days after a job starts, after a "
						 "person's exit, and for referrals with no answer."),
				 ST_NORMAL);
		return;
	}
	list_draw(&c->list, y + 2, 1, h - 2, COLS - 2);
}

static bool
volunteer(struct view *v)
{
	return db_actor_role(v->ui->db) == ROLE_VOLUNTEER;
}

static bool
calls_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct calls *c = v->priv;
	if (list_handle(&c->list, act))
		return true;
	switch (act) {
	case ACT_OPEN_ITEM: {
		const struct list_row *r = list_selected(&c->list);
		if (r) {
			char id[UUID_LEN];
			snprintf(id, sizeof id, "%s", r->id);
			ui_push(v->ui, &call_view, id);
		}
		return true;
	}
	case ACT_MINE: c->mine = !c->mine; load(v); return true;
	case ACT_RULES:
		if (!volunteer(v))
			ui_push(v->ui, &call_rules_view, NULL);
		return true;
	case ACT_BY_LANG: c->lang = (c->lang + 1) % 3; load(v); return true;
	case ACT_BY_PURPOSE: c->purpose = (c->purpose + 1) % 4; load(v); return true;
	case ACT_HELP:
		if (!volunteer(v))
			return false;
		/* A volunteer has the call list and the call screen only. */
		ui_msg(v->ui, MSG_INFO, "%s",
		       _("Enter opens a call; m: mine only; l: language; u: purpose; q quits."));
		return true;
	default: return false;
	}
}

static void
calls_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	list_invalidate(&((struct calls *)v->priv)->list);
}

static const enum action calls_keys[] = {
	ACT_OPEN_ITEM, ACT_MINE, ACT_BY_LANG, ACT_BY_PURPOSE, ACT_RULES, ACT_BACK, ACT_UP, ACT_DOWN,
	ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_NONE
};
static const enum action calls_bar[] = {
	ACT_OPEN_ITEM, ACT_MINE, ACT_BY_LANG, ACT_BY_PURPOSE, ACT_BACK, ACT_NONE
};
/* A volunteer's: q quits, nothing goes back (there is nothing behind). */
static const enum action volunteer_keys[] = {
	ACT_OPEN_ITEM, ACT_MINE, ACT_BY_LANG, ACT_BY_PURPOSE, ACT_QUIT, ACT_UP, ACT_DOWN,
	ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_NONE
};
static const enum action volunteer_bar[] = {
	ACT_OPEN_ITEM, ACT_MINE, ACT_BY_LANG, ACT_BY_PURPOSE, ACT_QUIT, ACT_NONE
};

static const enum action *
calls_keys_now(struct view *v)
{
	return volunteer(v) ? volunteer_keys : calls_keys;
}

static const enum action *
calls_bar_now(struct view *v)
{
	return volunteer(v) ? volunteer_bar : calls_bar;
}

const struct view_ops calls_view = {
	.name = "calls",
	/* L10N: title of the list of follow-up calls to make */
	.title = N_("Follow-up calls"),
	.about = N_("The follow-up calls to make: overdue first, then today's, then the days "
		    "to come, by due date and the person's best time to call. Enter opens the "
		    "call with its script in the person's language; m shows only your calls, l "
		    "one language, u one purpose. People who asked not to be called, or who "
		    "did not agree to be contacted, are never on the list."),
	.keys = calls_keys,
	.bar = calls_bar,
	.open = calls_open,
	.close = calls_close,
	.draw = calls_draw,
	.handle = calls_handle,
	.resume = load,
	.lang_changed = calls_lang_changed,
	.keys_now = calls_keys_now,
	.bar_now = calls_bar_now,
};
