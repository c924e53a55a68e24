/* senda — one partner organization: how to reach it, and its programs with
 * their entry requirements. Enter changes a program, a adds one, e changes
 * the organization. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/partner.h"
#include "senda/placement.h"
#include "senda/width.h"
#include "ui/fmt.h"
#include "ui/list.h"
#include "ui/term.h"

struct prog {
	char id[UUID_LEN];
	char *name, *kind;
	int level;
	bool diploma;
	int64_t cost;
};

struct org_view {
	char id[UUID_LEN];
	partner p;
	bool loaded;
	struct prog *g;
	int n, cap;
	struct list list;
};

static void
free_progs(struct org_view *o)
{
	for (int i = 0; i < o->n; i++) {
		free(o->g[i].name);
		free(o->g[i].kind);
	}
	o->n = 0;
}

static int
add_prog(const program *g, void *ctx)
{
	struct org_view *o = ctx;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->g = xrealloc(o->g, (size_t)o->cap * sizeof *o->g);
	}
	struct prog *p = &o->g[o->n++];
	snprintf(p->id, sizeof p->id, "%s", g->id);
	p->name = xstrdup(g->name ? g->name : "");
	p->kind = xstrdup(g->kind ? g->kind : "");
	p->level = g->min_esl_level;
	p->diploma = g->needs_diploma;
	p->cost = g->cost_cents;
	return 0;
}

static char *
row_text(const char *name, const char *kind, const char *level, const char *diploma,
	 const char *cost, int width)
{
	int kw = term_col(width + 2, 20, 8, 32), lw = 7, dw = 8, cw = term_col(width + 2, 10, 12, 20);
	int nw = width - kw - lw - dw - cw - 5;
	if (nw < 16) {
		kw = 0;
		nw = width - lw - dw - cw - 4;
	}
	char *a = text_fit(name, (size_t)(nw > 0 ? nw : 0), true);
	char *b = text_fit(kind, (size_t)kw, true);
	char *c = text_fit(level, (size_t)lw, true);
	char *d = text_fit(diploma, (size_t)dw, true);
	char *e = text_fit(cost, (size_t)cw, false);
	char *s = kw ? xasprintf(" %s %s %s %s %s", a, b, c, d, e)
		: xasprintf(" %s %s %s %s", a, c, d, e);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	return s;
}

static char *
cost_text(int64_t cents, char *buf, size_t n)
{
	if (cents < 0)
		snprintf(buf, n, "%s", "");
	else if (cents == 0)
		/* L10N: the cost of a program that costs nothing */
		snprintf(buf, n, "%s", _("free"));
	else
		money_format(cents, buf, n);
	return buf;
}

static int
fetch(void *ctx, int64_t offset, int limit, int width, struct list_row *rows)
{
	struct org_view *o = ctx;
	int n = 0;
	for (int64_t i = offset; i < o->n && n < limit; i++, n++) {
		const struct prog *p = &o->g[i];
		const char *kind = program_kind_label(p->kind);
		char level[16] = "", cost[32];
		if (p->level > 0)
			snprintf(level, sizeof level, "%d", p->level);
		snprintf(rows[n].id, UUID_LEN, "%s", p->id);
		rows[n].text = row_text(p->name, kind ? _(kind) : p->kind, level,
					fmt_yes_no(p->diploma), cost_text(p->cost, cost, sizeof cost),
					width);
	}
	return n;
}

static bool
load(struct view *v)
{
	struct org_view *o = v->priv;
	senda_error err = { 0 };
	if (o->loaded)
		partner_free(&o->p);
	o->loaded = false;
	free_progs(o);
	if (partner_get(v->ui->db, o->id, &o->p, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return false;
	}
	o->loaded = true;
	if (program_list(v->ui->db, o->p.id, add_prog, o, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	int64_t sel = o->list.sel, top = o->list.top;
	list_reset(&o->list, o->n);
	o->list.sel = sel;
	o->list.top = top;
	return true;
}

static bool
org_open(struct view *v, const void *arg)
{
	struct org_view *o = xcalloc(1, sizeof *o);
	v->priv = o;
	snprintf(o->id, sizeof o->id, "%s", (const char *)arg);
	list_init(&o->list, fetch, o);
	if (!load(v)) {
		list_free(&o->list);
		free(o->g);
		free(o);
		return false;
	}
	return true;
}

static void
org_close(struct view *v)
{
	struct org_view *o = v->priv;
	if (o->loaded)
		partner_free(&o->p);
	free_progs(o);
	free(o->g);
	list_free(&o->list);
	free(o);
}

static void
resume(struct view *v)
{
	load(v);
}

/* A label and a value on one line; nothing when the value is empty. */
static int
pair(int row, const char *label, const char *value)
{
	if (!value || !*value)
		return row;
	int lw = term_put(row, 2, label, 14, ST_HINT, false);
	term_put(row, 2 + (lw > 10 ? lw : 10) + 2, value, COLS - 16, ST_NORMAL, false);
	return row + 1;
}

static void
org_draw(struct view *v, int y, int h)
{
	struct org_view *o = v->priv;
	if (!o->loaded)
		return;
	const partner *p = &o->p;
	const char *kind = partner_kind_label(p->kind);
	char *head = xasprintf("%s  (%s)", p->name, kind ? _(kind) : p->kind);
	term_put(y, 1, head, COLS - 2, ST_HEADING, false);
	free(head);
	int row = y + 1;
	char *reach = NULL;
	if (*p->contact_name || *p->phone || *p->email) {
		size_t n = 0;
		const char *parts[3] = { p->contact_name, p->phone, p->email };
		reach = xstrdup("");
		for (int i = 0; i < 3; i++)
			if (*parts[i]) {
				char *next = xasprintf("%s%s%s", reach, n++ ? " · " : "", parts[i]);
				free(reach);
				reach = next;
			}
	}
	char *where = *p->city ? xasprintf("%s%s%s", p->address, *p->address ? ", " : "", p->city)
		: xstrdup(p->address);
	/* L10N: short labels in a partner organization's screen; at most 12 columns */
	row = pair(row, _("Contact"), reach);
	row = pair(row, _("Address"), where);
	row = pair(row, _("Notes"), p->notes);
	free(reach);
	free(where);
	row++;
	if (row >= y + h)
		return;
	int w = term_put(row, 1, _("Programs"), COLS - 2, ST_HEADING, false);
	/* L10N: beside "Programs"; Enter is the key bar's "Enter Open" */
	term_put(row, 1 + w + 2, o->n ? _("Enter opens one to change it, a adds one.")
		 : _("None yet: press a to add one."), COLS - w - 5, ST_HINT, false);
	row++;
	if (!o->n || row >= y + h)
		return;
	/* L10N: column headings of a partner's programs: "Level" is the minimum ESL
	 * level (7 columns), "Diploma" whether a high-school diploma is needed */
	char *cols = row_text(_("Name"), _("Kind"), _("Level"), _("Diploma"), _("Cost"), COLS - 2);
	term_put(row++, 1, cols, COLS - 2, ST_HEADING, false);
	free(cols);
	if (row < y + h)
		list_draw(&o->list, row, 1, y + h - row, COLS - 2);
}

static bool
org_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct org_view *o = v->priv;
	if (list_handle(&o->list, act))
		return true;
	switch (act) {
	case ACT_OPEN_ITEM: {
		const struct list_row *r = list_selected(&o->list);
		if (!r)
			return true;
		char id[UUID_LEN];
		snprintf(id, sizeof id, "%s", r->id);
		struct program_arg arg = { o->p.id, id };
		ui_push(v->ui, &program_edit_view, &arg);
		return true;
	}
	case ACT_ADD_PROGRAM: {
		struct program_arg arg = { o->p.id, NULL };
		ui_push(v->ui, &program_edit_view, &arg);
		return true;
	}
	case ACT_EDIT_PARTNER: ui_push(v->ui, &partner_edit_view, o->p.id); return true;
	default: return false;
	}
}

static void
org_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	list_invalidate(&((struct org_view *)v->priv)->list);
}

static const enum action org_keys[] = {
	ACT_OPEN_ITEM, ACT_ADD_PROGRAM, ACT_EDIT_PARTNER, ACT_BACK, ACT_UP, ACT_DOWN,
	ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_SEARCH, ACT_NONE
};
static const enum action org_bar[] = {
	ACT_OPEN_ITEM, ACT_ADD_PROGRAM, ACT_EDIT_PARTNER, ACT_BACK, ACT_NONE
};

const struct view_ops partner_view = {
	.name = "partner",
	/* L10N: title of the screen of one partner organization */
	.title = N_("Organization"),
	.about = N_("One partner organization: whom to call and where it is, then its programs "
		    "with their entry requirements (minimum ESL level, diploma, cost). Up and "
		    "Down choose a program, Enter changes it, a adds one, e changes the "
		    "organization."),
	.keys = org_keys,
	.bar = org_bar,
	.open = org_open,
	.close = org_close,
	.draw = org_draw,
	.handle = org_handle,
	.resume = resume,
	.lang_changed = org_lang_changed,
};
