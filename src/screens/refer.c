/* senda — refer a participant: first choose a program from the list (those
 * the person can enter now come first; the others say what is missing and
 * ask before going on), then the date and a note. After saving, offers to
 * write the slip. */
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
	int chosen;            /* the program, once chosen; -1 while choosing */
	struct form form;      /* date and note */
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

static void
make_form(struct refer *rf)
{
	/* Labels are the model's, so that its errors find their field. */
	const struct form_field defs[] = {
		FORM_FIELD("date", N_("Referral date"), FIELD_DATE, true, 0, NULL),
		FORM_FIELD("note", N_("Note"), FIELD_TEXT, false, 500, NULL),
	};
	form_init(&rf->form, defs, 2);
	char iso[11], day[32];
	date_to_iso(clock_today(), iso);
	form_set(&rf->form, "date", fmt_date(iso, day, sizeof day));
	form_mark_clean(&rf->form);
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
	rf->chosen = -1;
	make_form(rf);
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
	form_free(&rf->form);
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
	if (rf->chosen < 0) {
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
		return;
	}
	const struct prog *p = &rf->progs[rf->chosen];
	char why[200];
	/* L10N: the program chosen for a referral, then its organization */
	char *prog = xasprintf(_("Program: %s — %s"), p->name, p->partner);
	term_put(y + 2, 2, prog, COLS - 4, ST_NORMAL, false);
	free(prog);
	term_put(y + 3, 4, eligibility_text(&p->e, why, sizeof why), COLS - 6,
		 p->e.eligible ? ST_OK : ST_ERROR, false);
	form_draw(&rf->form, y + 5, h - 5, &v->cur_y, &v->cur_x);
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
	rf->chosen = i;
}

static void
save(struct view *v)
{
	struct refer *rf = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&rf->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	referral r;
	memset(&r, 0, sizeof r);
	snprintf(r.participant_id, sizeof r.participant_id, "%s", rf->pid);
	snprintf(r.program_id, sizeof r.program_id, "%s", rf->progs[rf->chosen].id);
	sdate d;
	form_date(form_find(&rf->form, "date"), &d);
	date_to_iso(d, r.referred_on);
	const char *note = form_get(&rf->form, "note");
	senda_error err = { 0 };
	int flags = 0;
	senda_err e;
	while ((e = referral_create(ui->db, &r, *note ? note : NULL, flags, &err)) != SENDA_OK) {
		if (e == SENDA_E_CONSENT && !(flags & REFER_CONSENT_GIVEN) &&
		    ui_confirm(ui, N_("This person has not agreed to share their information with "
				      "partner organizations, and a referral gives the partner their "
				      "name. Ask them now: do they agree? Yes records their consent, "
				      "dated today.")))
			flags |= REFER_CONSENT_GIVEN;
		/* L10N: %s says which referral, e.g. "already referred to this
		 * program (R-7KQ2MX, November 2, 2026) and still open" */
		else if (e == SENDA_E_CONFIRM && !(flags & REFER_AGAIN) &&
			 ui_confirm_with(ui, N_("This person was %s. Refer again?"), err.detail))
			flags |= REFER_AGAIN;
		else if (e == SENDA_E_CONSENT || e == SENDA_E_CONFIRM) {
			ui_msg(ui, MSG_ERROR, "%s", _("Nothing was saved."));
			return;
		} else {
			form_model_error(&rf->form, &err);
			ui_error(ui, &err);
			return;
		}
		senda_error_clear(&err);
	}
	if (ui_confirm_with(ui, N_("Referral %s is saved. Write the slip for the participant "
				   "to take along now?"), r.code)) {
		char id[UUID_LEN];
		snprintf(id, sizeof id, "%s", r.id);
		struct referral_arg arg = { id, true };
		ui_replace(ui, &referral_view, &arg);
	} else {
		/* L10N: reference code, program, organization */
		ui_msg(ui, MSG_OK, _("Referral %s saved: %s (%s)."), r.code, r.program_name,
		       r.partner_name);
		ui_pop(ui);
	}
}

static bool
refer_handle(struct view *v, enum action act, int key)
{
	struct refer *rf = v->priv;
	if (rf->chosen < 0) {
		if (list_handle(&rf->list, act))
			return true;
		if (act == ACT_CHOOSE) {
			choose(v);
			return true;
		}
		return false;
	}
	if (act == ACT_SAVE) {
		save(v);
		return true;
	}
	if (act == ACT_BACK) {
		/* Back to the list of programs; the date and note stay. */
		if (!form_dirty(&rf->form) ||
		    ui_confirm(v->ui, N_("Leave without saving? What you typed here will be lost."))) {
			rf->chosen = -1;
			form_free(&rf->form);
			make_form(rf);
		}
		return true;
	}
	enum form_result r = form_handle(&rf->form, act, key);
	if (rf->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", rf->form.notice);
	return r != FORM_IGNORED;
}

static bool
refer_typing(struct view *v)
{
	return ((struct refer *)v->priv)->chosen >= 0;
}

static void
refer_lang_changed(struct view *v, enum date_order from)
{
	struct refer *rf = v->priv;
	list_invalidate(&rf->list);
	form_relang(&rf->form, from);
}

static const enum action list_keys[] = {
	ACT_CHOOSE, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST,
	ACT_SEARCH, ACT_NONE
};
static const enum action list_bar[] = { ACT_CHOOSE, ACT_BACK, ACT_NONE };
static const enum action form_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_NONE
};
static const enum action form_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

static const enum action *
refer_keys_now(struct view *v)
{
	return refer_typing(v) ? form_keys : list_keys;
}

static const enum action *
refer_bar_now(struct view *v)
{
	return refer_typing(v) ? form_bar : list_bar;
}

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
	.typing = refer_typing,
	.keys_now = refer_keys_now,
	.bar_now = refer_bar_now,
	.lang_changed = refer_lang_changed,
};
