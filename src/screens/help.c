/* senda — help: made from the action table, for the screen it was opened
 * from, so it always tells the keys as they are. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/ui.h"
#include "ui/keys.h"
#include "ui/term.h"

struct help {
	struct view *of;
	int scroll, body_h;
};

static bool
help_open(struct view *v, const void *arg)
{
	struct help *h = xcalloc(1, sizeof *h);
	h->of = (struct view *)arg;
	v->priv = h;
	return true;
}

static void
help_close(struct view *v)
{
	free(v->priv);
}

static const enum action *
keys_of(struct view *of)
{
	return of->ops->keys_now ? of->ops->keys_now(of) : of->ops->keys;
}

static void
help_draw(struct view *v, int y, int h)
{
	struct help *hp = v->priv;
	struct view *of = hp->of;
	int row = 0;
#define EMIT(x, s, st) do { int sy_ = y + row - hp->scroll; \
	if (row >= hp->scroll && sy_ < y + h) term_put(sy_, x, s, COLS - (x) - 1, st, false); \
	row++; } while (0)
	/* L10N: heading of the help screen; %s is the screen's title */
	char *head = xasprintf(_("Help: %s"), _(view_title(of)));
	EMIT(1, head, ST_HEADING);
	free(head);
	row++;
	char lines[10][TERM_LINE];
	if (of->ops->about) {
		int n = term_wrap(_(of->ops->about), COLS - 4, lines, 10);
		for (int i = 0; i < n; i++)
			EMIT(2, lines[i], ST_NORMAL);
		row++;
	}
	/* L10N: heading above the list of keys in the help screen */
	EMIT(1, _("Keys"), ST_HEADING);
	const enum action *lists[2] = { keys_of(of), action_globals };
	bool typing = of->ops->typing && of->ops->typing(of);
	int kw = 22;
	for (int l = 0; l < 2; l++)
		for (const enum action *a = lists[l]; *a != ACT_NONE; a++) {
			char keys[160];
			if (!ui_may(v->ui, *a) ||
			    !*action_keys_text_in(lists[0], *a, typing, keys, sizeof keys))
				continue;
			int n = term_wrap(_(action_def(*a)->help), COLS - kw - 5, lines, 10);
			for (int i = 0; i < n; i++) {
				int sy = y + row - hp->scroll;
				if (row >= hp->scroll && sy < y + h) {
					if (i == 0)
						term_put(sy, 2, keys, kw, ST_BAR_KEY, false);
					term_put(sy, 2 + kw + 1, lines[i], COLS - kw - 4, ST_NORMAL, false);
				}
				row++;
			}
		}
	int n = 0;
	if (typing)
		row++, n = term_wrap(_("In forms, letters, ? and q are typed into the field: use F1 for "
			    "this help and Esc to go back there."), COLS - 4, lines, 4);
	for (int i = 0; i < n; i++)
		EMIT(2, lines[i], ST_HINT);
#undef EMIT
	hp->body_h = row;
	term_scroll_marks(y, h, hp->scroll > 0, row > hp->scroll + h);
}

void
ui_print_keys(void)
{
	for (const struct action_group *g = action_groups; g->title; g++) {
		if (g != action_groups)
			putchar('\n');
		printf("%s:\n", _(g->title));
		for (int a = (int)g->first; a < (int)g[1].first; a++) {
			char keys[160];
			if (!*action_keys_text((enum action)a, false, keys, sizeof keys))
				continue;
			const struct action_def *d = action_def((enum action)a);
			printf("  %s\t%s\t%s\n", keys, _(d->label), _(d->help));
		}
	}
	putchar('\n');
	puts(_("In forms, letters, ? and q are typed into the field: use F1 for "
	       "this help and Esc to go back there."));
}

static bool
help_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct help *hp = v->priv;
	int page = LINES - 5;
	switch (act) {
	case ACT_HELP: ui_pop(v->ui); return true;
	case ACT_UP: hp->scroll--; break;
	case ACT_DOWN: hp->scroll++; break;
	case ACT_PGUP: hp->scroll -= page; break;
	case ACT_PGDN: hp->scroll += page; break;
	case ACT_FIRST: hp->scroll = 0; break;
	case ACT_LAST: hp->scroll = hp->body_h; break;
	default: return false;
	}
	if (hp->scroll > hp->body_h - (LINES - 3))
		hp->scroll = hp->body_h - (LINES - 3);
	if (hp->scroll < 0)
		hp->scroll = 0;
	return true;
}

static const enum action help_keys[] = {
	ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_NONE
};
static const enum action help_bar[] = { ACT_BACK, ACT_NONE };

const struct view_ops help_view = {
	.name = "help",
	/* L10N: title of the help screen */
	.title = N_("Help"),
	.about = NULL,
	.keys = help_keys,
	.bar = help_bar,
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.handle = help_handle,
};
