/* senda — the one form screen of every record (see ui/record_form.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "senda/i18n.h"
#include "senda/mem.h"
#include "ui/conflict.h"
#include "ui/form_table.h"
#include "ui/record_form.h"
#include "ui/term.h"

const enum action record_form_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE,
	ACT_PGUP, ACT_PGDN, ACT_NONE
};
const enum action record_form_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

/* A new record of the kind, a copy of src. */
static void *
record_dup(const record_kind *k, const void *src)
{
	void *rec = xcalloc(1, k->size);
	k->init(rec);
	k->copy(rec, src);
	return rec;
}

static void
record_drop(const record_kind *k, void *rec)
{
	if (rec) {
		k->release(rec);
		free(rec);
	}
}

void
record_form_rebuild(struct record_form *rf, const field_desc *fields, size_t n)
{
	struct form old = rf->form;
	rf->fields = fields;
	rf->nfields = n;
	form_init_table(&rf->form, fields, n);
	for (int i = 0; i < old.n; i++) {
		struct form_field *now = form_find(&rf->form, old.f[i].key);
		if (!now)
			continue;
		free(now->orig);
		now->orig = old.f[i].orig ? xstrdup(old.f[i].orig) : NULL;
		form_set(&rf->form, old.f[i].key, form_get(&old, old.f[i].key));
	}
	struct form_field *cur = old.cur < old.n ? form_find(&rf->form, old.f[old.cur].key) : NULL;
	rf->form.cur = cur ? (int)(cur - rf->form.f) : 0;
	form_free(&old);
}

bool
record_form_view_open(struct view *v, const void *arg)
{
	const struct record_form_ops *ops = v->ops->spec;
	struct record_form *rf = xcalloc(1, sizeof *rf);
	rf->v = v;
	rf->ops = ops;
	rf->base = xcalloc(1, ops->kind->size);
	ops->kind->init(rf->base);
	senda_error err = { 0 };
	bool ok = true;
	if (ops->by_id && arg) {
		ok = ops->kind->get(v->ui->db, arg, rf->base, &err) == SENDA_OK;
		rf->editing = ok;
	}
	if (ok && ops->open)
		ok = ops->open(rf, arg, &err);
	if (ok && rf->editing && ops->name)
		rf->name = ops->name(rf->base);
	if (!ok) {
		ui_error(v->ui, &err);
		if (ops->close)
			ops->close(rf);
		record_drop(ops->kind, rf->base);
		free(rf);
		return false;
	}
	if (!rf->fields) {   /* open() may have chosen them */
		rf->fields = ops->fields ? ops->fields : ops->kind->fields;
		rf->nfields = ops->fields ? ops->nfields : ops->kind->nfields;
	}
	form_init_table(&rf->form, rf->fields, rf->nfields);
	form_from_record(&rf->form, rf->fields, rf->nfields, rf->base);
	form_mark_clean(&rf->form);
	rf->form.cur = 0;
	v->priv = rf;
	if (ops->changed)
		ops->changed(rf);
	return true;
}

void
record_form_view_close(struct view *v)
{
	struct record_form *rf = v->priv;
	if (rf->ops->close)
		rf->ops->close(rf);
	form_free(&rf->form);
	record_drop(rf->ops->kind, rf->base);
	free(rf->name);
	free(rf);
}

void
record_form_view_draw(struct view *v, int y, int h)
{
	struct record_form *rf = v->priv;
	int top = y;
	char *head = rf->ops->heading ? rf->ops->heading(rf)
		: rf->editing
		/* L10N: above the form when changing a record; %s is its name */
		? xasprintf(_("Changing: %s"), rf->name ? rf->name : "")
		: xstrdup(_(rf->ops->new_heading));
	term_put(y++, 2, head, COLS - 4, rf->editing || rf->ops->hint ? ST_HEADING : ST_HINT,
		 false);
	free(head);
	if (rf->ops->hint) {
		char *hint = rf->ops->hint(rf);
		term_put(y++, 2, hint, COLS - 4, ST_HINT, false);
		free(hint);
	}
	/* A blank line under the heading when everything still fits. */
	if (form_lines(&rf->form) + (y - top) + 1 <= h)
		y++;
	int avail = top + h - y;
	int lines = form_lines(&rf->form);
	if (rf->ops->draw_below && lines < avail) {
		form_draw(&rf->form, y, lines, &v->cur_y, &v->cur_x);
		rf->ops->draw_below(rf, y + lines, avail - lines);
		return;
	}
	form_draw(&rf->form, y, avail, &v->cur_y, &v->cur_x);
}

/* The stored record, for the question about a field both changed. */
struct stored {
	const field_desc *fields;
	size_t n;
	const void *rec;
};

static void
fill_stored(struct form *scratch, const void *ctx)
{
	const struct stored *s = ctx;
	form_from_record(scratch, s->fields, s->n, s->rec);
}

/* Another writer changed fields that the user changed too: ask which value
 * to keep in each; then rec is what to save against the stored record,
 * which becomes the base, and the form shows it. */
static void
resolve_conflict(struct record_form *rf, void *rec, record_conflict *c)
{
	const record_kind *k = rf->ops->kind;
	struct stored s = { rf->fields, rf->nfields, c->current };
	const char *theirs[RECORD_MAX_FIELDS];
	int nt = ui_ask_conflicts(rf->v->ui, &rf->form, c->cols, c->n, NULL, fill_stored, &s,
				  theirs);
	record_rebase(k, rec, rf->base, c->current, theirs, nt);
	record_drop(k, rf->base);
	rf->base = c->current;
	c->current = NULL;
	c->n = 0;
	form_from_record(&rf->form, rf->fields, rf->nfields, rec);
}

static void
save(struct record_form *rf)
{
	struct ui *ui = rf->v->ui;
	const record_kind *k = rf->ops->kind;
	if (!form_check(&rf->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	void *rec = record_dup(k, rf->base);
	senda_error err = { 0 };
	senda_err e = form_to_record(&rf->form, rf->fields, rf->nfields, rec, &err);
	if (e == SENDA_OK && rf->editing) {
		record_conflict c = { 0 };
		/* Asked again if yet another change arrives while answering. */
		while ((e = record_update(ui->db, k, rf->base, rec, &c, &err)) == SENDA_E_CONFLICT &&
		       c.current) {
			resolve_conflict(rf, rec, &c);
			senda_error_clear(&err);
		}
		record_conflict_free(k, &c);
	} else if (e == SENDA_OK)
		e = rf->ops->create ? rf->ops->create(rf, rec, &err) : k->create(ui->db, rec, &err);
	if (e != SENDA_OK) {
		if (e != SENDA_E_CONFIRM) {   /* the user said no to a question: stay */
			form_model_error(&rf->form, &err);
			ui_error(ui, &err);
		}
		record_drop(k, rec);
		return;
	}
	/* saved() may close this screen: rf is not used after it. */
	rf->ops->saved(rf, rec);
	record_drop(k, rec);
}

bool
record_form_view_handle(struct view *v, enum action act, int key)
{
	struct record_form *rf = v->priv;
	if (act == ACT_SAVE) {
		save(rf);
		return true;
	}
	if (act == ACT_BACK) {
		if (!form_dirty(&rf->form) ||
		    ui_confirm(v->ui, N_("Leave without saving? What you typed here will be lost.")))
			ui_pop(v->ui);
		return true;
	}
	enum form_result r = form_handle(&rf->form, act, key);
	if (rf->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", rf->form.notice);
	if (r == FORM_CHANGED && rf->ops->changed)
		rf->ops->changed(rf);
	if (r == FORM_SUBMIT)
		save(rf);
	return r != FORM_IGNORED;
}

bool
record_form_view_typing(struct view *v)
{
	(void)v;
	return true;
}

void
record_form_view_lang_changed(struct view *v, enum date_order from)
{
	struct record_form *rf = v->priv;
	form_relang(&rf->form, from);
}

const char *
record_form_view_title(struct view *v)
{
	struct record_form *rf = v->priv;
	return rf->editing && rf->ops->title_edit ? rf->ops->title_edit : rf->ops->title_new;
}
