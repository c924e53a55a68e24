/* senda — the question about a field that two writers changed (see
 * ui/conflict.h). */
#include <config.h>

#include <stdlib.h>

#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/width.h"
#include "ui/conflict.h"

struct question {
	struct form *mine;
	const char *key;
	void (*fill)(struct form *, const void *);
	const void *current;
};

static char *
make_question(void *ctx)
{
	const struct question *q = ctx;
	struct form_field *fld = form_find(q->mine, q->key);
	struct form theirs;
	form_init(&theirs, q->mine->f, q->mine->n);
	q->fill(&theirs, q->current);
	char *now = text_fit(form_shown(&theirs, q->key), 40, false);
	char *mine = text_fit(form_shown(q->mine, q->key), 40, false);
	form_free(&theirs);
	/* L10N: asked when saving; %1$s is a field's label, %2$s the value
	 * someone else saved meanwhile, %3$s the value the user typed.
	 * Yes keeps the user's value, No the other. */
	char *text = xasprintf(_("%1$s was changed by someone else while you were editing. "
				 "Now saved: \"%2$s\". Yours: \"%3$s\". Keep yours?"),
			       fld ? _(fld->label) : q->key, *now ? now : _("(empty)"),
			       *mine ? mine : _("(empty)"));
	free(now);
	free(mine);
	return text;
}

bool
ui_ask_conflict(struct ui *ui, struct form *fm, const char *key,
		void (*fill)(struct form *, const void *), const void *current)
{
	struct question q = { fm, key, fill, current };
	return ui_confirm_made(ui, make_question, &q);
}

int
ui_ask_conflicts(struct ui *ui, struct form *fm, const char *const *cols, int n,
		 const char *(*key_of)(const char *col),
		 void (*fill)(struct form *, const void *), const void *current,
		 const char **theirs)
{
	int nt = 0;
	for (int i = 0; i < n; i++)
		if (!ui_ask_conflict(ui, fm, key_of ? key_of(cols[i]) : cols[i], fill, current))
			theirs[nt++] = cols[i];
	return nt;
}
