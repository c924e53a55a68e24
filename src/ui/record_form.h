/* senda — one form screen for every kind of record (senda/record.h): a new
 * record, or changes to a stored one. Written once here: the form made
 * from the field table, Ctrl-S to save (the form's checks, then the
 * model's, its error beside the field it names by key), "leave without
 * saving?", F2 (dates retyped in the new order), the key list, and the
 * question when another writer changed a field the user changed too.
 * A screen gives a struct record_form_ops and exports
 * RECORD_FORM_VIEW(...): intake, organization, program, screening, job,
 * referral. */
#ifndef SENDA_UI_RECORD_FORM_H
#define SENDA_UI_RECORD_FORM_H

#include <stdbool.h>
#include "senda/record.h"
#include "ui/form.h"
#include "ui/view.h"

struct record_form;

struct record_form_ops {
	const record_kind *kind;
	/* The fields of the form when they are not the kind's (NULL: the
	 * kind's table, its FF_FORM fields). */
	const field_desc *fields;
	size_t nfields;
	/* The screen's argument is the id of the record to change, or NULL
	 * for a new one: the stored record is read into rf->base (and
	 * rf->editing set) before open() is called. */
	bool by_id;
	/* Fill rf->base from the screen's argument (optional with by_id): the
	 * stored record to change (then set rf->editing), or a new one's
	 * context and defaults.
	 * May set rf->priv, and rf->fields when the form begins with other
	 * fields than ops->fields. False, with err set, when it cannot open. */
	bool (*open)(struct record_form *rf, const void *arg, senda_error *err);
	/* optional: free rf->priv */
	void (*close)(struct record_form *rf);
	/* The line above the form (a new string, in the language now);
	 * optional: by default "Changing: NAME" (name() of the record as
	 * loaded) or new_heading. */
	char *(*heading)(struct record_form *rf);
	char *(*name)(const void *rec);  /* a new string */
	const char *new_heading;         /* N_() */
	/* optional: a second line under the heading (a new string) */
	char *(*hint)(struct record_form *rf);
	/* optional: a field changed (the form may be rebuilt here) */
	void (*changed)(struct record_form *rf);
	/* optional: drawn under the form, in rows [y, y + h), when there is room */
	void (*draw_below)(struct record_form *rf, int y, int h);
	/* optional: save a new record instead of kind->create (e.g. to ask
	 * first about an unusual value; SENDA_E_CONFIRM when the user said
	 * no: nothing saved, the form stays as it is) */
	senda_err (*create)(struct record_form *rf, void *rec, senda_error *err);
	/* After a save: the message and where to go (rec is what was saved). */
	void (*saved)(struct record_form *rf, void *rec);
	const char *title_new;    /* N_(): the title for a new record */
	const char *title_edit;   /* N_(): the title when changing one (or NULL) */
};

struct record_form {
	struct view *v;
	const struct record_form_ops *ops;
	struct form form;
	void *base;           /* as loaded (what the user saw), or the new record's
			       * defaults; a save writes what the user changed */
	bool editing;         /* base is a stored record */
	char *name;           /* its name as loaded (ops->name), or NULL */
	const field_desc *fields;   /* the form's fields now (record_form_rebuild) */
	size_t nfields;
	void *priv;           /* the screen's own */
};

/* Make the form anew from the table (e.g. when a field's choice changes
 * which fields apply), keeping what was typed in fields of the same key. */
void record_form_rebuild(struct record_form *rf, const field_desc *fields, size_t n);

/* The callbacks of every record form screen. */
bool record_form_view_open(struct view *v, const void *arg);
void record_form_view_close(struct view *v);
void record_form_view_draw(struct view *v, int y, int h);
bool record_form_view_handle(struct view *v, enum action act, int key);
bool record_form_view_typing(struct view *v);
void record_form_view_lang_changed(struct view *v, enum date_order from);
const char *record_form_view_title(struct view *v);
extern const enum action record_form_keys[];
extern const enum action record_form_bar[];

#define RECORD_FORM_VIEW(NAME, TITLE, ABOUT, OPS) {                     \
	.name = (NAME), .title = (TITLE), .about = (ABOUT),              \
	.keys = record_form_keys, .bar = record_form_bar,                \
	.open = record_form_view_open, .close = record_form_view_close,  \
	.draw = record_form_view_draw, .handle = record_form_view_handle, \
	.typing = record_form_view_typing,                               \
	.lang_changed = record_form_view_lang_changed,                   \
	.title_now = record_form_view_title, .spec = (OPS) }

#endif
