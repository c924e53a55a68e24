/* senda — refer a participant: choose a program from the list (those the
 * person can enter now come first; the others say what is missing and ask
 * before going on); the date and a note follow in refer_form.c. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/referral.h"
#include "senda/width.h"
#include "ui/fmt.h"
#include "ui/form.h"
#include "ui/list.h"
#include "ui/term.h"

struct prog {
	char id[UUID_LEN];
	char *name, *partner;
	eligibility e;
};

struct refer {
	struct view *v;
	char pid[UUID_LEN];
	char *name;
	struct prog *progs;
	int n, cap;
	struct list list;
};

static int
add_prog(const program *g, const eligibility *e, void *ctx)
{
	struct refer *rf = ctx;
	if (rf->n == rf->cap) {
		rf->cap = rf->cap ? rf->cap * 2 : 16;
		rf->progs = xrealloc(rf->progs, (size_t)rf->cap * sizeof *rf->progs);
	}
	struct prog *p = &rf->progs[rf->n++];
	snprintf(p->id, sizeof p->id, "%s", g->id);
	p->name = xstrdup(g->name ? g->name : "");
	p->partner = xstrdup(g->partner_name ? g->partner_name : "");
	p->e = *e;
	return 0;
}

/* One line: program, organization, whether they can enter. */
static char *
row_text(const char *name, const char *org, const char *why, int width)
{
	int nw = term_col(width + 2, 30, 3, 60), pw = term_col(width + 2, 22, 3, 60);
	int ww = width - nw - pw - 3;
	if (ww < 12) {
		nw = (width - 3) / 2;
		pw = 0;
		ww = width - nw - 2;
	}
	char *a = text_fit(name, (size_t)nw, true);
	char *b = text_fit(pw ? org : "", (size_t)pw, true);
	char *c = text_fit(why, (size_t)(ww > 0 ? ww : 0), false);
	char *s = pw ? xasprintf(" %s %s %s", a, b, c) : xasprintf(" %s %s", a, c);
	free(a);
	free(b);
	free(c);
	return s;
}

static int
fetch(void *ctx, int64_t offset, int limit, int width, struct list_row *rows)
{
	struct refer *rf = ctx;
	int n = 0;
	for (int64_t i = offset; i < rf->n && n < limit; i++, n++) {
		const struct prog *p = &rf->progs[i];
		char why[200];
		eligibility_text(&p->e, why, sizeof why);
		snprintf(rows[n].id, UUID_LEN, "%s", p->id);
		rows[n].text = row_text(p->name, p->partner, why, width);
	}
	return n;
}

static bool
refer_open(struct view *v, const void *arg)
{
	participant p;
	senda_error err = { 0 };
	if (participant_get(v->ui->db, arg, &p, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return false;
	}
	struct refer *rf = xcalloc(1, sizeof *rf);
	char name[512];
	rf->v = v;
	snprintf(rf->pid, sizeof rf->pid, "%s", p.id);
	rf->name = xstrdup(participant_display_name(&p, name, sizeof name));
	participant_free(&p);
	if (eligibility_list(v->ui->db, rf->pid, add_prog, rf, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	list_init(&rf->list, fetch, rf);
	list_reset(&rf->list, rf->n);
	v->priv = rf;
	return true;
}

static void
refer_close(struct view *v)
{
	struct refer *rf = v->priv;
	for (int i = 0; i < rf->n; i++) {
		free(rf->progs[i].name);
		free(rf->progs[i].partner);
	}
	free(rf->progs);
	list_free(&rf->list);
	free(rf->name);
	free(rf);
}

static void
refer_draw(struct view *v, int y, int h)
{
	struct refer *rf = v->priv;
	/* L10N: above the referral screen; %s is the participant's name */
	char *head = xasprintf(_("Refer %s"), rf->name);
	term_put(y, 2, head, COLS - 4, ST_HEADING, false);
	free(head);
	if (rf->n == 0) {
		char lines[4][TERM_LINE];
		int n = term_wrap(_("There are no programs to refer to yet. Add partner "
				    "organizations and their programs from the home screen "
				    "(press o there)."), COLS - 4, lines, 4);
		for (int i = 0; i < n && 2 + i < h; i++)
			term_put(y + 2 + i, 2, lines[i], COLS - 4, ST_NORMAL, false);
		return;
	}
	term_put(y + 1, 2, _("Choose a program: those this person can enter now come first."),
		 COLS - 4, ST_HINT, false);
	/* L10N: column headings of the list of programs to refer to */
	char *cols = row_text(_("Program"), _("Organization"), _("Can they enter?"), COLS - 2);
	term_put(y + 2, 1, cols, COLS - 2, ST_HEADING, false);
	free(cols);
	/* The selected program in full below the list: the reason may be long. */
	int lh = h - 3 - 3;
	list_draw(&rf->list, y + 3, 1, lh > 1 ? lh : 1, COLS - 2);
	if (lh > 1 && rf->list.sel < rf->n) {
		const struct prog *p = &rf->progs[rf->list.sel];
		char why[200], lines[2][TERM_LINE];
		eligibility_text(&p->e, why, sizeof why);
		char *full = xasprintf("%s — %s: %s", p->name, p->partner, why);
		int n = term_wrap(full, COLS - 4, lines, 2);
		for (int i = 0; i < n; i++)
			term_put(y + 3 + lh + 1 + i, 2, lines[i], COLS - 4,
				 p->e.eligible ? ST_OK : ST_ERROR, false);
		free(full);
	}
}

static void
choose(struct view *v)
{
	struct refer *rf = v->priv;
	if (rf->list.count == 0)
		return;
	int i = (int)rf->list.sel;
	const struct prog *p = &rf->progs[i];
	if (!p->e.eligible) {
		char why[200];
		eligibility_text(&p->e, why, sizeof why);
		/* L10N: %s says what is missing, e.g. "needs level 5, has 4" */
		if (!ui_confirm_with(v->ui, N_("This person cannot enter this program yet (%s). "
					       "Refer them anyway?"), why))
			return;
	}
	struct refer_form_arg arg = { rf->pid, rf->name, p->id, p->name, p->partner, p->e };
	ui_push(v->ui, &refer_form_view, &arg);
}

static bool
refer_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct refer *rf = v->priv;
	if (list_handle(&rf->list, act))
		return true;
	if (act == ACT_CHOOSE) {
		choose(v);
		return true;
	}
	return false;
}

static void
refer_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	list_invalidate(&((struct refer *)v->priv)->list);
}

static const enum action list_keys[] = {
	ACT_CHOOSE, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST,
	ACT_SEARCH, ACT_NONE
};
static const enum action list_bar[] = { ACT_CHOOSE, ACT_BACK, ACT_NONE };
const struct view_ops refer_view = {
	.name = "refer",
	/* L10N: title of the screen that refers a participant to a program */
	.title = N_("Referral"),
	.about = N_("Refer the participant to a partner's program. The programs this person "
		    "can enter now come first; for the others the list says what is missing "
		    "(choosing one of them asks first). Then check the date, add a note if you "
		    "like, and save. senda then offers to write the slip the participant takes "
		    "along."),
	.keys = list_keys,
	.bar = list_bar,
	.open = refer_open,
	.close = refer_close,
	.draw = refer_draw,
	.handle = refer_handle,
	.lang_changed = refer_lang_changed,
};
