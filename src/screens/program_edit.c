/* senda — a program's form: what a partner offers and what it takes to
 * enter (minimum ESL level, diploma, documents, schedule, cost). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/partner.h"
#include "senda/placement.h"
#include "ui/fmt.h"
#include "ui/conflict.h"
#include "ui/form.h"
#include "ui/term.h"

static const struct field_choice *
kind_choices(void)
{
	static struct field_choice c[8];
	if (!c[0].value)
		for (int i = 0; program_kinds[i] && i < 7; i++)
			c[i] = (struct field_choice){ program_kinds[i], program_kind_label(program_kinds[i]) };
	return c;
}

static const struct field_choice level_choices[] = {
	/* L10N: minimum ESL level of a program: no requirement */
	{ "0", N_("none") },
	{ "1", "1" }, { "2", "2" }, { "3", "3" }, { "4", "4" }, { "5", "5" }, { "6", "6" },
	{ NULL, NULL }
};

static const struct field_choice yes_no[] = {
	{ "0", N_("No") }, { "1", N_("Yes") }, { NULL, NULL }
};

struct gedit {
	struct form form;
	char partner_id[UUID_LEN];
	char id[UUID_LEN];     /* "" for a new program */
	char *partner_name;
	char *name;
	program base;          /* as loaded: a save writes only what the user changed */
};

/* Labels are the model's, so that its errors find their field. */
static void
make_form(struct form *fm)
{
	const struct form_field defs[] = {
		FORM_FIELD("name", N_("Program name"), FIELD_TEXT, true, PARTNER_NAME_MAX, NULL),
		FORM_FIELD("kind", N_("Kind of program"), FIELD_CHOICE, true, 0, kind_choices()),
		FORM_FIELD("level", N_("Minimum ESL level"), FIELD_CHOICE, false, 0, level_choices),
		/* L10N: a program's entry requirement: a high-school diploma or GED */
		FORM_FIELD("diploma", N_("Diploma needed"), FIELD_CHOICE, false, 0, yes_no),
		FORM_FIELD("documents", N_("Documents to bring"), FIELD_TEXT, false, PARTNER_TEXT_MAX * 2, NULL),
		FORM_FIELD("schedule", N_("Schedule"), FIELD_TEXT, false, PARTNER_TEXT_MAX, NULL),
		FORM_FIELD("cost", N_("Cost"), FIELD_TEXT, false, 20, NULL),
		FORM_FIELD("contact_name", N_("Whom to ask for"), FIELD_TEXT, false, PARTNER_NAME_MAX, NULL),
		FORM_FIELD("credential", N_("Credential"), FIELD_TEXT, false, PARTNER_NAME_MAX, NULL),
	};
	form_init(fm, defs, (int)(sizeof defs / sizeof defs[0]));
}

static const struct { const char *key; size_t off; } texts[] = {
	{ "name", offsetof(program, name) },
	{ "kind", offsetof(program, kind) },
	{ "documents", offsetof(program, documents) },
	{ "schedule", offsetof(program, schedule) },
	{ "contact_name", offsetof(program, contact_name) },
	{ "credential", offsetof(program, credential) },
};
#define NTEXTS (sizeof texts / sizeof texts[0])
#define SLOT(p, i) ((char **)((char *)(p) + texts[i].off))

static void
to_form(struct form *fm, const program *g)
{
	char buf[32];
	for (size_t i = 0; i < NTEXTS; i++)
		form_set(fm, texts[i].key, *SLOT(g, i));
	snprintf(buf, sizeof buf, "%d", g->min_esl_level);
	form_set(fm, "level", buf);
	form_set(fm, "diploma", g->needs_diploma ? "1" : "0");
	if (g->cost_cents == 0)
		form_set(fm, "cost", _("free"));
	else
		form_set(fm, "cost", fmt_money(g->cost_cents, buf, sizeof buf));
}

static void
fill_form(struct form *fm, const void *g)
{
	to_form(fm, g);
}

/* The form's key for a column of the program. */
static const char *
form_key(const char *col)
{
	static const char *const keys[][2] = {
		{ "min_esl_level", "level" }, { "needs_diploma", "diploma" }, { "cost_cents", "cost" },
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(col, keys[i][0]) == 0)
			return keys[i][1];
	return col;
}

/* Both changed some fields: ask about each, then g is what to save against
 * the stored record, which becomes the base. */
static void
resolve_conflict(struct view *v, program *g, program_conflict *c)
{
	struct gedit *ge = v->priv;
	const char *theirs[10];
	int n = ui_ask_conflicts(v->ui, &ge->form, c->cols, c->n, form_key, fill_form,
				 &c->current, theirs);
	program_rebase(g, &ge->base, &c->current, theirs, n);
	program_free(&ge->base);
	ge->base = c->current;
	program_init(&c->current);
	c->n = 0;
	to_form(&ge->form, g);
}

static bool
gedit_open(struct view *v, const void *arg)
{
	const struct program_arg *a = arg;
	senda_error err = { 0 };
	partner p;
	if (partner_get(v->ui->db, a->partner_id, &p, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return false;
	}
	struct gedit *ge = xcalloc(1, sizeof *ge);
	snprintf(ge->partner_id, sizeof ge->partner_id, "%s", p.id);
	ge->partner_name = xstrdup(p.name);
	partner_free(&p);
	make_form(&ge->form);
	form_set(&ge->form, "kind", "esl");
	if (a->program_id) {
		program g;
		if (program_get(v->ui->db, a->program_id, &g, &err) != SENDA_OK) {
			ui_error(v->ui, &err);
			form_free(&ge->form);
			free(ge->partner_name);
			free(ge);
			return false;
		}
		snprintf(ge->id, sizeof ge->id, "%s", g.id);
		ge->name = xstrdup(g.name);
		to_form(&ge->form, &g);
		ge->base = g;
	} else
		program_init(&ge->base);
	form_mark_clean(&ge->form);
	v->priv = ge;
	return true;
}

static void
gedit_close(struct view *v)
{
	struct gedit *ge = v->priv;
	form_free(&ge->form);
	program_free(&ge->base);
	free(ge->partner_name);
	free(ge->name);
	free(ge);
}

static void
gedit_draw(struct view *v, int y, int h)
{
	struct gedit *ge = v->priv;
	char *head = ge->name
		/* L10N: above a program's form: the program, then its organization */
		? xasprintf(_("Changing: %s — %s"), ge->name, ge->partner_name)
		/* L10N: above a new program's form; %s is the organization */
		: xasprintf(_("A new program of %s"), ge->partner_name);
	term_put(y, 2, head, COLS - 4, ST_HEADING, false);
	free(head);
	term_put(y + 1, 2, _("Cost: an amount, or \"free\"; empty when not known."), COLS - 4,
		 ST_HINT, false);
	form_draw(&ge->form, y + 3, h - 3, &v->cur_y, &v->cur_x);
}

static void
save(struct view *v)
{
	struct gedit *ge = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&ge->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	int64_t cost = program_parse_cost(form_get(&ge->form, "cost"));
	senda_error err = { 0 };
	if (cost == -2) {
		senda_fail(&err, SENDA_E_NUMBER, N_("Cost"), NULL);
		form_model_error(&ge->form, &err);
		ui_error(ui, &err);
		return;
	}
	program g;
	program_init(&g);
	snprintf(g.id, sizeof g.id, "%s", ge->id);
	snprintf(g.partner_id, sizeof g.partner_id, "%s", ge->partner_id);
	for (size_t i = 0; i < NTEXTS; i++) {
		free(*SLOT(&g, i));
		*SLOT(&g, i) = xstrdup(form_get(&ge->form, texts[i].key));
	}
	g.min_esl_level = atoi(form_get(&ge->form, "level"));
	g.needs_diploma = atoi(form_get(&ge->form, "diploma")) == 1;
	g.cost_cents = cost;
	senda_err e;
	if (*ge->id) {
		program_conflict c;
		while ((e = program_update(ui->db, &ge->base, &g, &c, &err)) == SENDA_E_CONFLICT) {
			resolve_conflict(v, &g, &c);
			senda_error_clear(&err);
		}
	} else
		e = program_save(ui->db, &g, &err);
	if (e != SENDA_OK) {
		form_model_error(&ge->form, &err);
		ui_error(ui, &err);
		program_free(&g);
		return;
	}
	/* L10N: %s is a program's name */
	ui_msg(ui, MSG_OK, _("Saved: %s."), g.name);
	program_free(&g);
	ui_pop(ui);
}

static bool
gedit_handle(struct view *v, enum action act, int key)
{
	struct gedit *ge = v->priv;
	if (act == ACT_SAVE) {
		save(v);
		return true;
	}
	if (act == ACT_BACK) {
		if (!form_dirty(&ge->form) ||
		    ui_confirm(v->ui, N_("Leave without saving? What you typed here will be lost.")))
			ui_pop(v->ui);
		return true;
	}
	enum form_result r = form_handle(&ge->form, act, key);
	if (ge->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", ge->form.notice);
	return r != FORM_IGNORED;
}

static bool
gedit_typing(struct view *v)
{
	(void)v;
	return true;
}

static void
gedit_lang_changed(struct view *v, enum date_order from)
{
	struct gedit *ge = v->priv;
	form_relang(&ge->form, from);
}

static const enum action gedit_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE,
	ACT_PGUP, ACT_PGDN, ACT_NONE
};
static const enum action gedit_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

const struct view_ops program_edit_view = {
	.name = "program-edit",
	/* L10N: title of the form of a partner's program */
	.title = N_("Program"),
	.about = N_("A program a partner offers, and what it takes to enter: the minimum ESL "
		    "level (none, or 1 to 6), whether a high-school diploma or GED is needed, "
		    "the documents to bring, the schedule, the cost, whom to ask for, and the "
		    "credential it leads to. The participant record uses these to show who can "
		    "enter now."),
	.keys = gedit_keys,
	.bar = gedit_bar,
	.open = gedit_open,
	.close = gedit_close,
	.draw = gedit_draw,
	.handle = gedit_handle,
	.typing = gedit_typing,
	.lang_changed = gedit_lang_changed,
};
