/* senda — intake: a new participant, or changes to one. The cursor starts
 * in Given names; Tab goes to First surname, Second surname, then the rest,
 * consent questions included. Leaving with unsaved changes asks first. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "ui/fmt.h"
#include "ui/conflict.h"
#include "ui/form.h"
#include "ui/form_table.h"
#include "ui/term.h"

/* The form is the participant's field table's (FF_FORM fields, in order):
 * labels, limits and choices are the model's, so its errors find their
 * field by key. */
static void
make_form(struct form *fm)
{
	form_init_table(fm, participant_fields, participant_nfields);
}

struct intake {
	struct form form;
	char id[UUID_LEN];     /* "" for a new participant */
	char *name;            /* shown while editing */
	participant base;      /* the record as loaded: a save writes only what
				* the user changed against it */
};

static void
to_form(struct form *fm, const participant *p)
{
	form_from_record(fm, participant_fields, participant_nfields, p);
}

/* The form's values into p; form_check has passed, so they parse. */
static void
from_form(struct form *fm, participant *p)
{
	senda_error err = { 0 };
	(void)form_to_record(fm, participant_fields, participant_nfields, p, &err);
}

static bool
intake_open(struct view *v, const void *arg)
{
	struct intake *in = xcalloc(1, sizeof *in);
	make_form(&in->form);
	if (arg) {
		participant p;
		senda_error err = { 0 };
		if (participant_get(v->ui->db, arg, &p, &err) != SENDA_OK) {
			ui_error(v->ui, &err);
			form_free(&in->form);
			free(in);
			return false;
		}
		snprintf(in->id, sizeof in->id, "%s", p.id);
		char name[512];
		in->name = xstrdup(participant_display_name(&p, name, sizeof name));
		to_form(&in->form, &p);
		in->base = p;
	} else {
		participant_init(&in->base);
		to_form(&in->form, &in->base);
	}
	form_mark_clean(&in->form);
	in->form.cur = 0;
	v->priv = in;
	return true;
}

static void
intake_close(struct view *v)
{
	struct intake *in = v->priv;
	form_free(&in->form);
	participant_free(&in->base);
	free(in->name);
	free(in);
}

static void
intake_draw(struct view *v, int y, int h)
{
	struct intake *in = v->priv;
	char *head = in->name
		/* L10N: above the form when changing a record; %s is the name */
		? xasprintf(_("Changing: %s"), in->name)
		: xstrdup(_("A new participant. Fields marked * are required."));
	term_put(y, 2, head, COLS - 4, in->name ? ST_HEADING : ST_HINT, false);
	free(head);
	/* Every field and the line for a long message fit in 80x24. */
	form_draw(&in->form, y + 1, h - 1, &v->cur_y, &v->cur_x);
}

static void
fill_form(struct form *fm, const void *p)
{
	to_form(fm, p);
}

/* Another writer changed fields that the user changed too: show both
 * values of each and ask which to keep; then p is what to save against
 * c->current. */
static void
resolve_conflict(struct view *v, participant *p, participant_conflict *c)
{
	struct intake *in = v->priv;
	const char *keep[PARTICIPANT_NFIELDS];
	int nkeep = ui_ask_conflicts(v->ui, &in->form, c->cols, c->n, NULL, fill_form,
				     &c->current, keep);
	participant_rebase(p, &in->base, &c->current, keep, nkeep);
	participant_free(&in->base);
	in->base = c->current;
	participant_init(&c->current);
	c->n = 0;
	/* The form shows what will be saved: the other writer's values too. */
	to_form(&in->form, p);
}

static void
save(struct view *v)
{
	struct intake *in = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&in->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	participant p;
	senda_error err = { 0 };
	senda_err e;
	if (*in->id) {
		participant_copy(&p, &in->base);
		from_form(&in->form, &p);
		participant_conflict c;
		/* Asked again if yet another change arrives while answering. */
		while ((e = participant_update(ui->db, &in->base, &p, &c, &err)) == SENDA_E_CONFLICT) {
			resolve_conflict(v, &p, &c);
			senda_error_clear(&err);
		}
	} else {
		participant_init(&p);
		from_form(&in->form, &p);
		e = participant_create(ui->db, &p, &err);
	}
	if (e != SENDA_OK) {
		char msg[400];
		if (err.detail[0])
			snprintf(msg, sizeof msg, "%s (%s)", senda_strerror(err.code), err.detail);
		else
			snprintf(msg, sizeof msg, "%s", senda_strerror(err.code));
		form_set_error(&in->form, err.field, msg);
		ui_error(ui, &err);
		participant_free(&p);
		return;
	}
	char name[512], id[UUID_LEN];
	participant_display_name(&p, name, sizeof name);
	snprintf(id, sizeof id, "%s", p.id);
	participant_free(&p);
	if (*in->id) {
		ui_msg(ui, MSG_OK, _("Saved the changes to %s."), name);
		ui_pop(ui);
	} else {
		ui_msg(ui, MSG_OK, _("Saved: %s."), name);
		ui_replace(ui, &record_view, id);
	}
}

static bool
intake_handle(struct view *v, enum action act, int key)
{
	struct intake *in = v->priv;
	if (act == ACT_SAVE) {
		save(v);
		return true;
	}
	if (act == ACT_BACK) {
		if (!form_dirty(&in->form) ||
		    ui_confirm(v->ui, N_("Leave without saving? What you typed here will be lost.")))
			ui_pop(v->ui);
		return true;
	}
	enum form_result r = form_handle(&in->form, act, key);
	if (in->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", in->form.notice);
	return r != FORM_IGNORED;
}

static bool
intake_typing(struct view *v)
{
	(void)v;
	return true;
}

static void
intake_lang_changed(struct view *v, enum date_order from)
{
	struct intake *in = v->priv;
	form_relang(&in->form, from);
}

/* Changing a record is not an intake. */
static const char *
intake_title(struct view *v)
{
	/* L10N: title of the form that changes a participant's record */
	return *((struct intake *)v->priv)->id ? N_("Edit participant") : N_("Intake");
}

static const enum action intake_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE,
	ACT_PGUP, ACT_PGDN, ACT_NONE
};
static const enum action intake_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

const struct view_ops intake_view = {
	.name = "intake",
	/* L10N: title of the intake form */
	.title = N_("Intake"),
	.about = N_("Type the participant's information. Dates go in the order of the interface "
		    "language (month/day/year in English, day/month/year in Spanish) and are "
		    "repeated in words beside the field. In fields with choices, Left and Right "
		    "or Space change the answer, or type its first letter. Nothing is saved "
		    "until you save."),
	.keys = intake_keys,
	.bar = intake_bar,
	.open = intake_open,
	.close = intake_close,
	.draw = intake_draw,
	.handle = intake_handle,
	.typing = intake_typing,
	.lang_changed = intake_lang_changed,
	.title_now = intake_title,
};
