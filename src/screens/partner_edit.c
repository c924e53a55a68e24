/* senda — a partner organization's form: a new one, or changes to one. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/partner.h"
#include "ui/fmt.h"
#include "ui/conflict.h"
#include "ui/form.h"
#include "ui/form_table.h"
#include "ui/term.h"

struct pedit {
	struct form form;
	char id[UUID_LEN];     /* "" for a new organization */
	char *name;
	partner base;          /* as loaded: a save writes only what the user changed */
};

/* The form is the organization's field table's: labels, limits and kinds
 * are the model's, so its errors find their field. */
static void
make_form(struct form *fm)
{
	form_init_table(fm, partner_fields, partner_nfields);
}

static void
to_form(struct form *fm, const partner *p)
{
	form_from_record(fm, partner_fields, partner_nfields, p);
}

static void
fill_form(struct form *fm, const void *p)
{
	to_form(fm, p);
}

/* Both changed some fields: ask about each, then p is what to save against
 * the stored record, which becomes the base. */
static void
resolve_conflict(struct view *v, partner *p, partner_conflict *c)
{
	struct pedit *pe = v->priv;
	const char *theirs[8];
	int n = ui_ask_conflicts(v->ui, &pe->form, c->cols, c->n, NULL, fill_form, &c->current,
				 theirs);
	partner_rebase(p, &pe->base, &c->current, theirs, n);
	partner_free(&pe->base);
	pe->base = c->current;
	partner_init(&c->current);
	c->n = 0;
	to_form(&pe->form, p);
}

static bool
pedit_open(struct view *v, const void *arg)
{
	struct pedit *pe = xcalloc(1, sizeof *pe);
	make_form(&pe->form);
	form_set(&pe->form, "kind", "community");
	if (arg) {
		partner p;
		senda_error err = { 0 };
		if (partner_get(v->ui->db, arg, &p, &err) != SENDA_OK) {
			ui_error(v->ui, &err);
			form_free(&pe->form);
			free(pe);
			return false;
		}
		snprintf(pe->id, sizeof pe->id, "%s", p.id);
		pe->name = xstrdup(p.name);
		to_form(&pe->form, &p);
		pe->base = p;
	} else
		partner_init(&pe->base);
	form_mark_clean(&pe->form);
	v->priv = pe;
	return true;
}

static void
pedit_close(struct view *v)
{
	struct pedit *pe = v->priv;
	form_free(&pe->form);
	partner_free(&pe->base);
	free(pe->name);
	free(pe);
}

static void
pedit_draw(struct view *v, int y, int h)
{
	struct pedit *pe = v->priv;
	char *head = pe->name
		/* L10N: above the form when changing an organization; %s is its name */
		? xasprintf(_("Changing: %s"), pe->name)
		: xstrdup(_("A new partner organization. Fields marked * are required."));
	term_put(y, 2, head, COLS - 4, pe->name ? ST_HEADING : ST_HINT, false);
	free(head);
	form_draw(&pe->form, y + 2, h - 2, &v->cur_y, &v->cur_x);
}

static void
save(struct view *v)
{
	struct pedit *pe = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&pe->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	partner p;
	senda_error err = { 0 };
	partner_init(&p);
	snprintf(p.id, sizeof p.id, "%s", pe->id);
	(void)form_to_record(&pe->form, partner_fields, partner_nfields, &p, &err);
	senda_err e;
	if (*pe->id) {
		partner_conflict c;
		while ((e = partner_update(ui->db, &pe->base, &p, &c, &err)) == SENDA_E_CONFLICT) {
			resolve_conflict(v, &p, &c);
			senda_error_clear(&err);
		}
	} else
		e = partner_save(ui->db, &p, &err);
	if (e != SENDA_OK) {
		form_model_error(&pe->form, &err);
		ui_error(ui, &err);
		partner_free(&p);
		return;
	}
	char id[UUID_LEN];
	snprintf(id, sizeof id, "%s", p.id);
	/* L10N: %s is an organization's name */
	ui_msg(ui, MSG_OK, _("Saved: %s."), p.name);
	partner_free(&p);
	if (*pe->id)
		ui_pop(ui);
	else
		ui_replace(ui, &partner_view, id);
}

static bool
pedit_handle(struct view *v, enum action act, int key)
{
	struct pedit *pe = v->priv;
	if (act == ACT_SAVE) {
		save(v);
		return true;
	}
	if (act == ACT_BACK) {
		if (!form_dirty(&pe->form) ||
		    ui_confirm(v->ui, N_("Leave without saving? What you typed here will be lost.")))
			ui_pop(v->ui);
		return true;
	}
	enum form_result r = form_handle(&pe->form, act, key);
	if (pe->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", pe->form.notice);
	return r != FORM_IGNORED;
}

static bool
pedit_typing(struct view *v)
{
	(void)v;
	return true;
}

static void
pedit_lang_changed(struct view *v, enum date_order from)
{
	struct pedit *pe = v->priv;
	form_relang(&pe->form, from);
}

static const enum action pedit_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE,
	ACT_PGUP, ACT_PGDN, ACT_NONE
};
static const enum action pedit_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

const struct view_ops partner_edit_view = {
	.name = "partner-edit",
	/* L10N: title of the form of a partner organization */
	.title = N_("Organization"),
	.about = N_("A partner organization: its name (no two alike), what kind it is, whom to "
		    "talk to, and where it is. Nothing is saved until you save."),
	.keys = pedit_keys,
	.bar = pedit_bar,
	.open = pedit_open,
	.close = pedit_close,
	.draw = pedit_draw,
	.handle = pedit_handle,
	.typing = pedit_typing,
	.lang_changed = pedit_lang_changed,
};
