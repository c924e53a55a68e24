/* senda — a form: labelled fields (text, date, phone, number, money,
 * choice), moving with Tab / Shift-Tab / Enter, per-field checks with the
 * message beside or below the field, scrolling when it does not fit. */
#ifndef SENDA_UI_FORM_H
#define SENDA_UI_FORM_H

#include <stdbool.h>
#include "senda/date.h"
#include "senda/error.h"
#include "ui/action.h"
#include "ui/fmt.h"
#include "ui/line.h"

enum field_type { FIELD_TEXT, FIELD_DATE, FIELD_PHONE, FIELD_NUMBER, FIELD_MONEY,
		  FIELD_CHOICE };

/* Declare fields with FORM_TEXT(...) and friends; the state after `max` is
 * the form's own. */
struct form_field {
	const char *key;      /* the model's column name, e.g. "given_names" */
	const char *label;    /* N_(): the model's label, so its errors find the field */
	enum field_type type;
	bool required;
	int max;              /* characters, or for numbers the highest value */
	const struct field_choice *choices;   /* FIELD_CHOICE, NULL-ended */
	/* state */
	struct line line;
	int sel;              /* chosen choice; -1 = the value in `other` */
	char *other;          /* a stored value that is none of the choices */
	char *error;          /* translated, shown beside or below the field */
	char *orig;           /* the value when loaded, to tell changes */
	bool before_today;    /* FIELD_DATE: a day before today (a date of birth) */
};

#define FORM_FIELD(k, l, t, r, m, c) { k, l, t, r, m, c, { 0 }, 0, NULL, NULL, NULL, false }

struct form {
	struct form_field *f;
	int n;
	int cur;              /* the field with the cursor */
	int top;              /* first layout line shown */
	bool enter_submits;   /* Enter in the last field saves */
	char notice[160];     /* a message for the message line, or "" */
	int recent;           /* the field refused last (its message is shown first) */
};

enum form_result { FORM_IGNORED, FORM_HANDLED, FORM_CHANGED, FORM_SUBMIT };

void form_init(struct form *fm, const struct form_field *defs, int n);
void form_free(struct form *fm);

struct form_field *form_find(struct form *fm, const char *key);
/* Set or read a field by key: text as typed, or a choice's value. */
void form_set(struct form *fm, const char *key, const char *value);
const char *form_get(struct form *fm, const char *key);

/* A field's value as the user sees it: a choice's translated label, or the
 * text as typed. */
const char *form_shown(struct form *fm, const char *key);

/* Remember the values now as the unchanged state. */
void form_mark_clean(struct form *fm);
bool form_dirty(const struct form *fm);

/* Handle a key (act is ACT_NONE for typed text). */
enum form_result form_handle(struct form *fm, enum action act, int key);

/* Draw in rows [y, y + h); sets the cursor position. */
void form_draw(struct form *fm, int y, int h, int *cur_y, int *cur_x);
/* A one-field prompt on rows y to last (not included): hint wrapped, a
 * blank line, the form's two rows; returns the row after them. */
int form_draw_prompt(struct form *fm, const char *hint, int y, int last, int *cur_y,
		     int *cur_x);

/* Check every field's own rules (required, dates, numbers, phones); put the
 * cursor on the first problem. True when all pass. */
bool form_check(struct form *fm);

/* Show msg at the field whose key is key (the model's column, as in
 * senda_error.key), and put the cursor there. False when there is none. */
bool form_set_error(struct form *fm, const char *key, const char *msg);

/* Show a model's error beside the field err->key names, with the detail;
 * false when no field has that key. */
bool form_model_error(struct form *fm, const senda_error *err);

/* Lines the form takes: one a field, whatever its message, and a last one
 * for a message too long to stand beside its field. */
int form_lines(struct form *fm);

/* The interface language changed from `from`: retype dates in the new order
 * so that they keep meaning the same day. */
void form_relang(struct form *fm, enum date_order from);

/* Parse a date field in the interface language's order. */
enum date_status form_date(struct form_field *fld, sdate *out);

#endif
