/* senda — the question a form asks when another writer changed, while the
 * user was editing, a field the user changed too: both values, and which
 * to keep. */
#ifndef SENDA_UI_CONFLICT_H
#define SENDA_UI_CONFLICT_H

#include <stdbool.h>
#include "ui/form.h"
#include "ui/view.h"

/* fill(scratch, current) puts the stored record into a form made like fm;
 * it is called at each draw, so that F2 translates the question and dates
 * follow the new order. True keeps the user's value (Yes), false the
 * stored one (No, Esc). */
bool ui_ask_conflict(struct ui *ui, struct form *fm, const char *key,
		     void (*fill)(struct form *scratch, const void *current),
		     const void *current);

/* Ask about each of the n columns in cols (key_of gives a column's form
 * key, or NULL when they are the same); the columns whose stored value the
 * user takes go in theirs. Returns how many. */
int ui_ask_conflicts(struct ui *ui, struct form *fm, const char *const *cols, int n,
		     const char *(*key_of)(const char *col),
		     void (*fill)(struct form *scratch, const void *current),
		     const void *current, const char **theirs);

#endif
