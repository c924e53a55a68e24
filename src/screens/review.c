/* senda — the conflict review screen: what a merge left for a person. Each
 * field changed at two sites at once (neither had seen the other's value):
 * the record, the field, the value the merge kept everywhere and the other
 * one; w keeps the winner, t takes the other value as a new change (it
 * travels in the next export). Changes held back are listed too. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/review.h"
#include "senda/text.h"
#include "senda/width.h"
#include "ui/list.h"
#include "ui/term.h"

struct item {
	bool held, can_take, deleted;
	char id[UUID_LEN];
	char *record, *field, *kept, *other, *site, *reason;
};

struct rvw {
	struct item *it;
	int n, cap;
	int nconf;
	struct list list;
};

static void
free_items(struct rvw *r)
{
	for (int i = 0; i < r->n; i++) {
		struct item *t = &r->it[i];
		free(t->record); free(t->field); free(t->kept); free(t->other);
		free(t->site); free(t->reason);
	}
	r->n = 0;
	r->nconf = 0;
}

/* Text from a bundle is shown inert: no control characters reach the terminal. */
static char *
inert(const char *s)
{
	char *t = text_inert(s ? s : "");
	return t ? t : xstrdup("");
}

static int
add_item(const xc_pending *p, void *ctx)
{
	struct rvw *r = ctx;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->it = xrealloc(r->it, (size_t)r->cap * sizeof *r->it);
	}
	struct item *t = &r->it[r->n++];
	t->held = p->held;
	t->can_take = p->can_take;
	t->deleted = p->deleted;
	snprintf(t->id, sizeof t->id, "%s", p->id);
	t->record = inert(p->record);
	t->field = inert(p->field_label);
	t->kept = inert(p->kept);
	t->other = inert(p->other);
	t->site = inert(p->other_site);
	t->reason = xstrdup(p->reason);
	if (!p->held)
		r->nconf++;
	return 0;
}

static const char *
reason_text(const char *reason)
{
	if (strcmp(reason, "future") == 0)
		return _("Held back: its clock is more than 24 hours ahead of this computer's. "
			 "It is applied at a merge once this computer's clock has caught up; if "
			 "the other computer's date is wrong, have it corrected there.");
	if (strcmp(reason, "orphan") == 0)
		return _("Held back: its record has not arrived yet. It is applied at the merge "
			 "that brings the record.");
	return _("Held back: a rule of this file refused it (a name already taken, for "
		 "example). It is tried again at every merge.");
}

static char *
row_text(const struct item *t, int width)
{
	/* L10N: a mark on the conflict review screen before a change held back */
	const char *mark = t->held ? _("held") : "";
	int mw = term_width(mark);
	int fw = term_col(width, 22, 6, 32);
	int rw = width - fw - mw - 4;
	if (rw < 8)
		rw = 8;
	char *a = text_fit(t->record, (size_t)rw, true);
	char *b = text_fit(t->field, (size_t)fw, true);
	char *s = xasprintf(" %s %s %s", a, b, mark);
	free(a);
	free(b);
	return s;
}

static int
fetch(void *ctx, int64_t offset, int limit, int width, struct list_row *rows)
{
	struct rvw *r = ctx;
	int n = 0;
	for (int64_t i = offset; i < r->n && n < limit; i++, n++) {
		snprintf(rows[n].id, UUID_LEN, "%s", r->it[i].id);
		rows[n].text = row_text(&r->it[i], width);
	}
	return n;
}

static void
load(struct view *v)
{
	struct rvw *r = v->priv;
	free_items(r);
	senda_error err = { 0 };
	if (xc_review_list(v->ui->db, add_item, r, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	int64_t sel = r->list.sel;
	list_reset(&r->list, r->n);
	r->list.sel = sel < r->n ? sel : (r->n > 0 ? r->n - 1 : 0);
}

static bool
rvw_open(struct view *v, const void *arg)
{
	(void)arg;
	struct rvw *r = xcalloc(1, sizeof *r);
	v->priv = r;
	list_init(&r->list, fetch, r);
	load(v);
	return true;
}

static void
rvw_close(struct view *v)
{
	struct rvw *r = v->priv;
	free_items(r);
	free(r->it);
	list_free(&r->list);
	free(r);
}

static const struct item *
selected(struct rvw *r)
{
	if (r->n == 0 || r->list.sel < 0 || r->list.sel >= r->n)
		return NULL;
	return &r->it[r->list.sel];
}

/* "Label: value" on one line, the value in its own style. */
static void
pair(int row, const char *label, const char *value, enum style st)
{
	int x = 2 + term_put(row, 2, label, COLS / 2, ST_HEADING, false) + 1;
	term_put(row, x, value && *value ? value : "—", COLS - x - 1, st, false);
}

static void
draw_detail(const struct item *t, int row, int last)
{
	if (row < last) {
		/* L10N: on the conflict review screen, before a name or a code */
		pair(row++, _("Record:"), t->record, ST_NORMAL);
	}
	if (row < last) {
		/* L10N: on the conflict review screen, before a field's label */
		pair(row++, _("Field:"), t->field, ST_NORMAL);
	}
	if (t->held) {
		if (row < last) {
			/* L10N: on the review screen: the value of a change held back; %s is a site */
			char *l = xasprintf(_("Value from %s:"), t->site);
			pair(row++, l, t->other, ST_NORMAL);
			free(l);
		}
		char lines[6][TERM_LINE];
		int n = term_wrap(reason_text(t->reason), COLS - 4, lines, 6);
		for (int i = 0; i < n && row < last; i++)
			term_put(row++, 2, lines[i], COLS - 4, ST_HINT, false);
		return;
	}
	if (row < last) {
		/* L10N: on the conflict review screen: the value the merge kept at every site */
		pair(row++, _("Kept (the winner):"), t->kept, ST_OK);
	}
	if (row < last) {
		/* L10N: on the conflict review screen: the value that lost; %s is the site */
		char *l = xasprintf(_("Other value, from %s:"), t->site);
		pair(row++, l, t->other, ST_NORMAL);
		free(l);
	}
	const char *hint = t->deleted
		? _("The record was deleted here and stays deleted; w marks this reviewed.")
		: _("w keeps the winner; t takes the other value, saved as a new change that "
		    "travels in the next export.");
	char lines[4][TERM_LINE];
	int n = term_wrap(hint, COLS - 4, lines, 4);
	for (int i = 0; i < n && row < last; i++)
		term_put(row++, 2, lines[i], COLS - 4, ST_HINT, false);
}

static void
rvw_draw(struct view *v, int y, int h)
{
	struct rvw *r = v->priv;
	int last = y + h;
	int held = r->n - r->nconf;
	char *count = xasprintf(P_("%d conflict to review", "%d conflicts to review",
				   (unsigned long)r->nconf), r->nconf);
	if (held) {
		/* Each count with its own plural ("1 conflicto por revisar, 2
		 * retenidos"). */
		/* L10N: on the review screen, after "3 conflicts to review, ":
		 * changes held back (in Spanish the word agrees with the count) */
		char *hb = xasprintf(P_("%d held back", "%d held back", (unsigned long)held), held);
		char *both = xasprintf("%s, %s", count, hb);
		free(count);
		free(hb);
		count = both;
	}
	term_put(y, 1, count, COLS - 2, ST_HINT, false);
	free(count);
	if (r->n == 0) {
		char lines[4][TERM_LINE];
		int n = term_wrap(_("Nothing to review: no merge has left a conflict or a change "
				    "held back."), COLS - 4, lines, 4);
		for (int i = 0; i < n && y + 2 + i < last; i++)
			term_put(y + 2 + i, 2, lines[i], COLS - 4, ST_NORMAL, false);
		return;
	}
	/* The selected one in full below the list: about half the screen. */
	int detail = h >= 18 ? 8 : h / 2;
	int lh = h - 2 - detail;
	if (lh < 1)
		lh = 1;
	/* L10N: column headings of the conflict review list */
	struct item head = { .record = _("Record"), .field = _("Field") };
	char *ht = row_text(&head, COLS - 2);
	term_put(y + 1, 1, ht, COLS - 2, ST_HEADING, false);
	free(ht);
	list_draw(&r->list, y + 2, 1, lh, COLS - 2);
	const struct item *t = selected(r);
	if (t)
		draw_detail(t, y + 2 + lh + 1, last);
}

static void
decide(struct view *v, bool take)
{
	struct rvw *r = v->priv;
	const struct item *t = selected(r);
	if (!t)
		return;
	if (t->held) {
		ui_msg(v->ui, MSG_INFO, "%s", _("Nothing to decide for a change held back: it is "
						 "tried again at every merge."));
		return;
	}
	if (take && !t->can_take) {
		ui_msg(v->ui, MSG_ERROR, "%s", _("The record was deleted here; the other value "
						  "cannot be taken. Press w to mark it reviewed."));
		return;
	}
	char *what = xasprintf("%s, %s", t->record, t->field);
	senda_error err = { 0 };
	senda_err e = take ? xc_conflict_take(v->ui->db, t->id, &err)
			   : xc_conflict_keep(v->ui->db, t->id, &err);
	if (e != SENDA_OK)
		ui_error(v->ui, &err);
	else if (take)
		/* L10N: %s is a record and a field: "Peña, Rosa, Phone" */
		ui_msg(v->ui, MSG_OK, _("Took the other value: %s. It travels in the next export."),
		       what);
	else
		/* L10N: %s is a record and a field: "Peña, Rosa, Phone" */
		ui_msg(v->ui, MSG_OK, _("Kept the winner: %s."), what);
	free(what);
	load(v);
}

static bool
rvw_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct rvw *r = v->priv;
	if (list_handle(&r->list, act))
		return true;
	switch (act) {
	case ACT_KEEP: decide(v, false); return true;
	case ACT_TAKE: decide(v, true); return true;
	default: return false;
	}
}

static void
rvw_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	load(v);
}

static const enum action rvw_keys[] = {
	ACT_KEEP, ACT_TAKE, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST,
	ACT_LAST, ACT_SEARCH, ACT_NONE
};
static const enum action rvw_bar[] = { ACT_KEEP, ACT_TAKE, ACT_BACK, ACT_NONE };

const struct view_ops review_view = {
	.name = "review",
	/* L10N: title of the conflict review screen */
	.title = N_("Conflicts to review"),
	.about = N_("When the same field of a record was changed at two sites and neither had "
		    "seen the other's change, the merge keeps one value at every site (the "
		    "later one) and lists both here. Keep the winner, or take the other value: "
		    "that is saved as a new change and travels in the next export. Changes held "
		    "back (a clock far ahead, a record not arrived yet) are listed too; they are "
		    "tried again at every merge."),
	.keys = rvw_keys,
	.bar = rvw_bar,
	.open = rvw_open,
	.close = rvw_close,
	.draw = rvw_draw,
	.handle = rvw_handle,
	.resume = load,
	.lang_changed = rvw_lang_changed,
};
