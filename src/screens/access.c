/* senda — the access log of one record: who opened it, when, and how (on
 * this screen or with `senda show`), newest first, the last 90 days. Opened
 * from the record with a; a coordinator's view (the model refuses others). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/record_pathway.h"
#include "screens/screens.h"
#include "senda/access.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "ui/fmt.h"
#include "ui/term.h"

struct access_row {
	char *at, *who;
	enum access_how how;
};

struct access_screen {
	char *name;     /* whose record, as shown */
	struct access_row *rows;
	int n, cap;
	int scroll;
};

static int
add_row(const access_entry *a, void *ctx)
{
	struct access_screen *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->rows = xrealloc(s->rows, (size_t)s->cap * sizeof *s->rows);
	}
	s->rows[s->n].at = xstrdup(a->at);
	s->rows[s->n].who = text_inert(a->user_name);
	s->rows[s->n].how = a->how;
	s->n++;
	return 0;
}

static void
free_rows(struct access_screen *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->rows[i].at);
		free(s->rows[i].who);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = s->cap = 0;
}

static bool
access_open(struct view *v, const void *arg)
{
	struct access_screen *s = xcalloc(1, sizeof *s);
	senda_error err = { 0 };
	participant p;
	if (access_list(v->ui->db, arg, 0, add_row, s, &err) != SENDA_OK ||
	    participant_get(v->ui->db, arg, &p, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		free_rows(s);
		free(s);
		return false;
	}
	char name[512];
	participant_display_name(&p, name, sizeof name);
	participant_free(&p);
	s->name = text_inert(name);
	v->priv = s;
	return true;
}

static void
access_close(struct view *v)
{
	struct access_screen *s = v->priv;
	free_rows(s);
	free(s->name);
	free(s);
}

static void
access_draw(struct view *v, int y, int h)
{
	struct access_screen *s = v->priv;
	struct canvas c = { y, h, s->scroll, 0 };
	canvas_text(&c, 1, s->name ? s->name : "", ST_HEADING);
	c.row++;
	if (s->n == 0)
		canvas_text(&c, 2, _("Nobody opened this record in the last 90 days."), ST_HINT);
	for (int i = 0; i < s->n; i++) {
		int sy;
		if (canvas_visible(&c, &sy)) {
			char when[40];
			fmt_timestamp(s->rows[i].at, when, sizeof when);
			int x = 2 + term_put(sy, 2, when, 17, ST_HINT, false) + 2;
			int ww = term_col(COLS, 20, 4, 40);
			const char *who = *s->rows[i].who ? s->rows[i].who : _("(unknown)");
			term_put(sy, x, who, ww, ST_NORMAL, false);
			x += ww + 2;
			/* L10N: how a record was opened: on the record screen */
			const char *how = s->rows[i].how == ACCESS_SHOW ? _("with 'senda show'")
				: s->rows[i].how == ACCESS_PRIVACY ? _("with 'senda privacy'")
				: _("on the record screen");
			term_put(sy, x, how, COLS - x - 1, ST_NORMAL, false);
		}
		c.row++;
	}
	canvas_marks(&c);
}

static bool
access_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct access_screen *s = v->priv;
	int page = LINES - 5, most = s->n + 2 - (LINES - 3);
	switch (act) {
	case ACT_UP: s->scroll--; break;
	case ACT_DOWN: s->scroll++; break;
	case ACT_PGUP: s->scroll -= page; break;
	case ACT_PGDN: s->scroll += page; break;
	case ACT_FIRST: s->scroll = 0; break;
	case ACT_LAST: s->scroll = most; break;
	default: return false;
	}
	if (s->scroll > most)
		s->scroll = most;
	if (s->scroll < 0)
		s->scroll = 0;
	return true;
}

static const enum action access_keys[] = {
	ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_NONE
};
static const enum action access_bar[] = { ACT_BACK, ACT_NONE };

const struct view_ops access_view = {
	.name = "access-log",
	/* L10N: title of the screen of who opened a record */
	.title = N_("Access log"),
	.about = N_("Who opened this participant's record and when, newest first: on the record "
		    "screen or with 'senda show'. Kept 90 days on this computer only, never sent to "
		    "other sites. 'senda access-log' lists every record's."),
	.keys = access_keys,
	.bar = access_bar,
	.open = access_open,
	.close = access_close,
	.draw = access_draw,
	.handle = access_handle,
};
