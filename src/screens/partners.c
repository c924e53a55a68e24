/* senda — the partner directory: every organization by name; Enter opens
 * one with its programs, n adds one. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/partner.h"
#include "senda/width.h"
#include "ui/list.h"
#include "ui/term.h"

struct org {
	char id[UUID_LEN];
	char *name, *kind, *city, *phone;
};

struct partners {
	struct org *o;
	int n, cap;
	struct list list;
};

static void
free_orgs(struct partners *ps)
{
	for (int i = 0; i < ps->n; i++) {
		free(ps->o[i].name);
		free(ps->o[i].kind);
		free(ps->o[i].city);
		free(ps->o[i].phone);
	}
	ps->n = 0;
}

static int
add_org(const partner *p, void *ctx)
{
	struct partners *ps = ctx;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->o = xrealloc(ps->o, (size_t)ps->cap * sizeof *ps->o);
	}
	struct org *o = &ps->o[ps->n++];
	snprintf(o->id, sizeof o->id, "%s", p->id);
	o->name = xstrdup(p->name ? p->name : "");
	o->kind = xstrdup(p->kind ? p->kind : "");
	o->city = xstrdup(p->city ? p->city : "");
	o->phone = xstrdup(p->phone ? p->phone : "");
	return 0;
}

/* One line: name, kind, city, phone. */
static char *
row_text(const char *name, const char *kind, const char *city, const char *phone, int width)
{
	int kw = term_col(width + 2, 22, 8, 32), cw = term_col(width + 2, 12, 8, 30);
	int pw = term_col(width + 2, 14, 12, 20);
	int nw = width - kw - cw - pw - 4;
	if (nw < 20) {
		cw = pw = 0;
		nw = width - kw - 2;
	}
	char *a = text_fit(name, (size_t)(nw > 0 ? nw : 0), true);
	char *b = text_fit(kind, (size_t)kw, true);
	char *c = text_fit(cw ? city : "", (size_t)cw, true);
	char *d = text_fit(pw ? phone : "", (size_t)pw, false);
	char *s = cw ? xasprintf(" %s %s %s %s", a, b, c, d) : xasprintf(" %s %s", a, b);
	free(a);
	free(b);
	free(c);
	free(d);
	return s;
}

static int
fetch(void *ctx, int64_t offset, int limit, int width, struct list_row *rows)
{
	struct partners *ps = ctx;
	int n = 0;
	for (int64_t i = offset; i < ps->n && n < limit; i++, n++) {
		const struct org *o = &ps->o[i];
		const char *kind = partner_kind_label(o->kind);
		snprintf(rows[n].id, UUID_LEN, "%s", o->id);
		rows[n].text = row_text(o->name, kind ? _(kind) : o->kind, o->city, o->phone, width);
	}
	return n;
}

static void
load(struct view *v)
{
	struct partners *ps = v->priv;
	senda_error err = { 0 };
	free_orgs(ps);
	if (partner_list(v->ui->db, add_org, ps, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	int64_t sel = ps->list.sel, top = ps->list.top;
	list_reset(&ps->list, ps->n);
	ps->list.sel = sel;
	ps->list.top = top;
}

static bool
partners_open(struct view *v, const void *arg)
{
	(void)arg;
	struct partners *ps = xcalloc(1, sizeof *ps);
	v->priv = ps;
	list_init(&ps->list, fetch, ps);
	load(v);
	return true;
}

static void
partners_close(struct view *v)
{
	struct partners *ps = v->priv;
	free_orgs(ps);
	free(ps->o);
	list_free(&ps->list);
	free(ps);
}

static void
partners_draw(struct view *v, int y, int h)
{
	struct partners *ps = v->priv;
	char *count = xasprintf(P_("%d organization", "%d organizations", (unsigned long)ps->n),
				ps->n);
	int cw = term_width(count);
	term_put(y, COLS - cw - 1, count, cw, ST_HINT, false);
	free(count);
	term_put(y, 1, _("Enter opens an organization and its programs; n adds one."),
		 COLS - cw - 3, ST_HINT, false);
	/* L10N: column headings of the list of partner organizations */
	char *head = row_text(_("Name"), _("Kind"), _("City"), _("Phone"), COLS - 2);
	term_put(y + 1, 1, head, COLS - 2, ST_HEADING, false);
	free(head);
	if (ps->n == 0) {
		char lines[4][TERM_LINE];
		int n = term_wrap(_("No partner organizations yet. Press n to add one, or import "
				    "a CSV file with 'senda partners import FILE'."), COLS - 4, lines, 4);
		for (int i = 0; i < n && 3 + i < h; i++)
			term_put(y + 3 + i, 2, lines[i], COLS - 4, ST_NORMAL, false);
		return;
	}
	list_draw(&ps->list, y + 2, 1, h - 2, COLS - 2);
}

static bool
partners_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct partners *ps = v->priv;
	if (list_handle(&ps->list, act))
		return true;
	switch (act) {
	case ACT_OPEN_ITEM: {
		const struct list_row *r = list_selected(&ps->list);
		if (r) {
			char id[UUID_LEN];
			snprintf(id, sizeof id, "%s", r->id);
			ui_push(v->ui, &partner_view, id);
		}
		return true;
	}
	case ACT_NEW_PARTNER: ui_push(v->ui, &partner_edit_view, NULL); return true;
	default: return false;
	}
}

static void
partners_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	list_invalidate(&((struct partners *)v->priv)->list);
}

static const enum action partners_keys[] = {
	ACT_OPEN_ITEM, ACT_NEW_PARTNER, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN,
	ACT_FIRST, ACT_LAST, ACT_SEARCH, ACT_NONE
};
static const enum action partners_bar[] = {
	ACT_OPEN_ITEM, ACT_NEW_PARTNER, ACT_BACK, ACT_NONE
};

const struct view_ops partners_view = {
	.name = "partners",
	/* L10N: title of the directory of partner organizations */
	.title = N_("Partner organizations"),
	.about = N_("The organizations participants are referred to: community organizations, "
		    "colleges, job centers, employers. Enter opens one with its programs and "
		    "their entry requirements; n adds an organization. To load many at once, "
		    "import a CSV file on the command line: senda partners import FILE."),
	.keys = partners_keys,
	.bar = partners_bar,
	.open = partners_open,
	.close = partners_close,
	.draw = partners_draw,
	.handle = partners_handle,
	.resume = load,
	.lang_changed = partners_lang_changed,
};
