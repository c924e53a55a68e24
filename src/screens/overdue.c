/* senda — the overdue referrals (home: Enter on "referrals overdue"):
 * referrals still waiting for an answer with no change for the overdue
 * setting's days, the longest waiting first: person, program, days
 * waiting. Enter opens the person's record. No SQL here. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/referral.h"
#include "senda/width.h"
#include "ui/list.h"
#include "ui/term.h"

#define OVERDUE_MAX 1000

struct late {
	char participant_id[UUID_LEN];
	char *name, *program;
	int days;
};

struct overdue {
	struct late *r;
	int n, cap, days;
	bool more;
	senda_db *db;
	struct list list;
};

static void
free_rows(struct overdue *o)
{
	for (int i = 0; i < o->n; i++) {
		free(o->r[i].name);
		free(o->r[i].program);
	}
	o->n = 0;
}

/* Oldest status first: the overdue ones come first; the first referral
 * that is not overdue and has had less than the days ends the list. */
static int
add_ref(const referral *r, void *ctx)
{
	struct overdue *o = ctx;
	if (!r->overdue) {
		if (r->days_in_status < o->days)
			return 1;
		return 0;   /* enrolled: not waiting for an answer */
	}
	if (o->n == OVERDUE_MAX) {
		o->more = true;
		return 1;
	}
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->r = xrealloc(o->r, (size_t)o->cap * sizeof *o->r);
	}
	struct late *l = &o->r[o->n++];
	snprintf(l->participant_id, sizeof l->participant_id, "%s", r->participant_id);
	participant p;
	senda_error err = { 0 };
	l->name = NULL;
	if (participant_get(o->db, r->participant_id, &p, &err) == SENDA_OK) {
		l->name = participant_name_new(&p);
		participant_free(&p);
	}
	if (!l->name)
		l->name = xstrdup("—");
	l->program = xasprintf("%s (%s)", r->program_name, r->partner_name);
	l->days = r->days_in_status;
	return 0;
}

static char *
row_text(const char *name, const char *prog, const char *days, int width)
{
	int dw = 6, nw = term_col(width, 28, 3, 34);
	int pw = width - nw - dw - 3;
	char *a = text_fit(name, (size_t)nw, true), *b = text_fit(prog, (size_t)(pw > 0 ? pw : 0), true);
	char *c = text_fit(days, (size_t)dw, false);
	char *s = xasprintf(" %s %s %s", a, b, c);
	free(a);
	free(b);
	free(c);
	return s;
}

static int
fetch(void *ctx, int64_t offset, int limit, int width, struct list_row *rows)
{
	struct overdue *o = ctx;
	int n = 0;
	for (int64_t i = offset; i < o->n && n < limit; i++, n++) {
		char days[16];
		snprintf(days, sizeof days, "%d", o->r[i].days);
		snprintf(rows[n].id, UUID_LEN, "%s", o->r[i].participant_id);
		rows[n].text = row_text(o->r[i].name, o->r[i].program, days, width);
	}
	return n;
}

static void
load(struct view *v)
{
	struct overdue *o = v->priv;
	senda_error err = { 0 };
	free_rows(o);
	o->more = false;
	o->db = v->ui->db;
	if (referral_overdue_days(v->ui->db, &o->days, &err) != SENDA_OK ||
	    referral_open_page(v->ui->db, NULL, 0, add_ref, o, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	int64_t sel = o->list.sel;
	list_reset(&o->list, o->n);
	o->list.sel = sel < o->n ? sel : 0;
}

static bool
overdue_open(struct view *v, const void *arg)
{
	(void)arg;
	struct overdue *o = xcalloc(1, sizeof *o);
	v->priv = o;
	list_init(&o->list, fetch, o);
	load(v);
	return true;
}

static void
overdue_close(struct view *v)
{
	struct overdue *o = v->priv;
	free_rows(o);
	free(o->r);
	list_free(&o->list);
	free(o);
}

static void
overdue_draw(struct view *v, int y, int h)
{
	struct overdue *o = v->priv;
	/* L10N: at the top of the overdue referrals; %d is the overdue setting's days */
	char *what = xasprintf(P_("Waiting for an answer, no change in %d day or more.",
				  "Waiting for an answer, no change in %d days or more.",
				  (unsigned long)o->days), o->days);
	term_put(y, 1, what, COLS - 2, ST_HINT, false);
	free(what);
	/* L10N: column headings of the overdue referrals: the person, the
	 * program (and its organization), days waiting */
	char *head = row_text(_("Participant"), _("Program"), _("Days"), COLS - 2);
	term_put(y + 1, 1, head, COLS - 2, ST_HEADING, false);
	free(head);
	if (o->n == 0) {
		term_put(y + 3, 2, _("No referral is overdue."), COLS - 4, ST_NORMAL, false);
		return;
	}
	list_draw(&o->list, y + 2, 1, h - 2, COLS - 2);
}

static bool
overdue_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct overdue *o = v->priv;
	if (list_handle(&o->list, act))
		return true;
	if (act == ACT_OPEN_ITEM) {
		const struct list_row *r = list_selected(&o->list);
		if (r) {
			char id[UUID_LEN];
			snprintf(id, sizeof id, "%s", r->id);
			ui_push(v->ui, &record_view, id);
		}
		return true;
	}
	return false;
}

static void
overdue_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	list_invalidate(&((struct overdue *)v->priv)->list);
}

static const enum action overdue_keys[] = {
	ACT_OPEN_ITEM, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST,
	ACT_SEARCH, ACT_NONE
};
static const enum action overdue_bar[] = { ACT_OPEN_ITEM, ACT_BACK, ACT_NONE };

const struct view_ops overdue_view = {
	.name = "overdue",
	/* L10N: title of the list of overdue referrals */
	.title = N_("Overdue referrals"),
	.about = N_("Referrals still waiting for an answer from the program, with no change "
		    "for the overdue setting's days, the longest waiting first: the person, the "
		    "program and the days waiting. Enter opens the person's record."),
	.keys = overdue_keys,
	.bar = overdue_bar,
	.open = overdue_open,
	.close = overdue_close,
	.draw = overdue_draw,
	.handle = overdue_handle,
	.resume = load,
	.lang_changed = overdue_lang_changed,
};
