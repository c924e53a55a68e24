/* senda — the ESL score tables: each test's table with its version,
 * effective date, source, whether it was verified, and its ranges with the
 * level names. Up and Down choose a table; r retires it or brings it back.
 * New versions come in as CSV on the command line (senda levels import). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/record_pathway.h"
#include "screens/screens.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "ui/term.h"

struct levels {
	esl_table *t;
	int n, cap;
	int sel;
	int scroll, body_h;
	bool follow;
	bool paged;          /* scrolled by pages: select a table now in view */
	int *head_row;       /* the row of each table's heading, at the last draw */
	char *names[2][7];   /* level names, [0] English, [1] Spanish */
};

static int
add_table(const esl_table *t, void *ctx)
{
	struct levels *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->t = xrealloc(l->t, (size_t)l->cap * sizeof *l->t);
		l->head_row = xrealloc(l->head_row, (size_t)l->cap * sizeof *l->head_row);
	}
	l->head_row[l->n] = -1;
	l->t[l->n++] = *t;
	return 0;
}

static void
load(struct view *v)
{
	struct levels *l = v->priv;
	senda_error err = { 0 };
	l->n = 0;
	if (esl_tables(v->ui->db, true, add_table, l, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
}

static bool
levels_open(struct view *v, const void *arg)
{
	(void)arg;
	struct levels *l = xcalloc(1, sizeof *l);
	v->priv = l;
	senda_error err = { 0 };
	senda_err e = SENDA_OK;
	for (int i = 1; i <= 6 && (e == SENDA_OK || e == SENDA_E_NOTFOUND); i++) {
		e = esl_level_name(v->ui->db, i, "en", &l->names[0][i], &err);
		if (e == SENDA_OK || e == SENDA_E_NOTFOUND)
			e = esl_level_name(v->ui->db, i, "es", &l->names[1][i], &err);
	}
	load(v);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
		ui_error(v->ui, &err);   /* after load, whose message would hide it */
	return true;
}

static void
levels_close(struct view *v)
{
	struct levels *l = v->priv;
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 7; i++)
			free(l->names[k][i]);
	free(l->t);
	free(l->head_row);
	free(l);
}

static const char *
level_name(const struct levels *l, int level)
{
	if (level < 1 || level > 6)
		return "";
	const char *n = l->names[strcmp(i18n_lang(), "es") == 0][level];
	return n ? n : "";
}

static void
band_row(struct canvas *c, const struct levels *l, const esl_band *b)
{
	int sy;
	if (canvas_visible(c, &sy)) {
		char num[32], range[48];
		/* L10N: an ESL level in the table of ranges */
		snprintf(num, sizeof num, _("level %d"), b->level);
		if (b->min < 0)
			snprintf(range, sizeof range, "≤ %d", b->max);
		else if (b->max < 0)
			snprintf(range, sizeof range, "%d +", b->min);
		else
			snprintf(range, sizeof range, "%d–%d", b->min, b->max);
		term_put(sy, 4, num, 10, ST_NORMAL, true);
		term_put(sy, 15, range, 10, ST_HEADING, true);
		term_put(sy, 26, level_name(l, b->level), COLS - 27, ST_NORMAL, false);
	}
	c->row++;
}

/* The notes of the tables senda ships with (schema/002_esl_tables.sql),
 * so that they are shown in the interface language; an imported table's
 * source is shown as it was written. */
static const char *const shipped_sources[] = {
	/* L10N: the source of a shipped ESL table (a document's name) */
	N_("NRS EFL table 2006 (BEST Literacy)"),
	/* L10N: the source of a shipped ESL table */
	N_("State adult-education notices, 2016 (BEST Plus 2.0)"),
	/* L10N: the source of a shipped ESL table */
	N_("NRS EFL table effective 2006-07-01 (CASAS reading or listening)"),
	/* L10N: the source of a shipped ESL table, and a warning */
	N_("State manual FY2018 (TABE CLAS-E reading); level 6 range not confirmed"),
};

static const char *
source_text(const char *source)
{
	for (size_t i = 0; i < sizeof shipped_sources / sizeof shipped_sources[0]; i++)
		if (strcmp(source, shipped_sources[i]) == 0)
			return _(shipped_sources[i]);
	return source;
}

static void
table_block(struct canvas *c, struct levels *l, int i, int *sel_row)
{
	const esl_table *t = &l->t[i];
	const char *label = esl_instrument_label(t->instrument);
	char day[64];
	sdate d;
	day[0] = '\0';
	if (date_from_iso(t->effective_date, &d) == DATE_OK)
		date_words(d, i18n_lang(), day, sizeof day);
	/* L10N: an ESL table: test name, version, effective date */
	char *head = xasprintf(_("%s — %s, in effect from %s"), label ? _(label) : t->instrument,
			       t->version, day);
	char *flags = xasprintf("%s%s%s", t->retired ? _("(retired)") : "",
				t->retired && !t->verified ? " " : "",
				t->verified ? "" : _("(not verified)"));
	int sy;
	if (i == l->sel)
		*sel_row = c->row;
	l->head_row[i] = c->row;
	if (canvas_visible(c, &sy)) {
		enum style st = i == l->sel ? ST_SELECTED : ST_HEADING;
		term_fill(sy, 1, COLS - 2, i == l->sel ? ST_SELECTED : ST_NORMAL);
		term_put(sy, 1, head, COLS - 2, st, false);
	}
	c->row++;
	if (*flags)
		canvas_text(c, 4, flags, ST_ERROR);
	free(head);
	free(flags);
	/* L10N: where an ESL table's ranges come from */
	char *src = xasprintf(_("Source: %s"), source_text(t->source));
	canvas_text(c, 4, src, ST_HINT);
	free(src);
	for (int b = 0; b < t->nbands; b++)
		band_row(c, l, &t->bands[b]);
	const esl_band *top = t->nbands ? &t->bands[t->nbands - 1] : NULL;
	char *tail = NULL;
	if (top && top->level == 6 && top->max >= 0)
		/* L10N: the score above which a learner has exited ESL */
		tail = xasprintf(_("above %d: exited ESL"), top->max);
	else if (top && top->level < 6)
		/* L10N: an ESL table whose top level's scores are not known */
		tail = xasprintf(_("level %d and above: range not confirmed"), top->level + 1);
	if (tail)
		canvas_text(c, 4, tail, ST_HINT);
	free(tail);
	c->row++;
}

static void
levels_draw(struct view *v, int y, int h)
{
	struct levels *l = v->priv;
	struct canvas c = { y, h, l->scroll, 0 };
	char lines[4][TERM_LINE];
	int n = term_wrap(_("To add a new version of a table, import a CSV file on the command "
			    "line: senda levels import FILE (senda levels export FILE writes the "
			    "present ones as an example). The oral interview has no table: the "
			    "screener picks the level."), COLS - 4, lines, 4);
	for (int i = 0; i < n; i++)
		canvas_text(&c, 2, lines[i], ST_HINT);
	c.row++;
	int sel_row = -1;
	for (int i = 0; i < l->n; i++)
		table_block(&c, l, i, &sel_row);
	if (l->n == 0)
		canvas_text(&c, 2, _("No ESL tables in this file."), ST_NORMAL);
	l->body_h = c.row;
	if (l->paged && l->n > 0) {
		/* After Page Up or Down the selection is a table in view: the
		 * first whose heading is on the screen, else the one whose
		 * ranges fill it. Never one out of sight (r acts on it). */
		l->paged = false;
		int pick = -1;
		for (int i = 0; i < l->n && pick < 0; i++)
			if (l->head_row[i] >= l->scroll && l->head_row[i] < l->scroll + h)
				pick = i;
		for (int i = 0; i < l->n && pick < 0; i++)
			if (l->head_row[i] < l->scroll &&
			    (i + 1 == l->n || l->head_row[i + 1] >= l->scroll + h))
				pick = i;
		bool in_view = l->head_row[l->sel] >= l->scroll &&
			       l->head_row[l->sel] < l->scroll + h;
		if (pick >= 0 && pick != l->sel && !in_view) {
			l->sel = pick;
			canvas_clear(y, h);
			levels_draw(v, y, h);
			return;
		}
	}
	if (l->follow && sel_row >= 0) {
		l->follow = false;
		int end = sel_row + 2 + (l->n ? l->t[l->sel].nbands + 1 : 0);
		int want = l->scroll;
		if (end > want + h)
			want = end - h;
		if (sel_row < want)
			want = sel_row;
		if (want != l->scroll) {
			l->scroll = want;
			canvas_clear(y, h);
			levels_draw(v, y, h);
			return;
		}
	}
	if (l->scroll > 0 && l->scroll > l->body_h - h) {
		l->scroll = l->body_h > h ? l->body_h - h : 0;
		canvas_clear(y, h);
		levels_draw(v, y, h);
		return;
	}
	canvas_marks(&c);
}

static void
retire(struct view *v)
{
	struct levels *l = v->priv;
	if (l->n == 0)
		return;
	esl_table *t = &l->t[l->sel];
	bool to = !t->retired;
	const char *label = esl_instrument_label(t->instrument);
	/* The question names the table: the test and its version. */
	char *what = xasprintf("%s (%s)", label ? _(label) : t->instrument, t->version);
	bool yes = ui_confirm_with(v->ui, to
			/* L10N: %s is the ESL table: its test and version, e.g.
			 * "BEST Literacy (NRS 2006-2016)" */
			? N_("Retire the table %s? New screenings will no longer use it; past "
			     "screenings keep their levels.")
			/* L10N: %s is the ESL table: its test and version */
			: N_("Bring the table %s back into use for new screenings?"), what);
	free(what);
	if (!yes)
		return;
	senda_error err = { 0 };
	if (esl_table_retire(v->ui->db, t->id, to, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return;
	}
	ui_msg(v->ui, MSG_OK, "%s", to ? _("The table is retired: new screenings no longer use it.")
	       : _("The table is in use again."));
	load(v);
}

static bool
levels_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct levels *l = v->priv;
	int page = LINES - 5;
	switch (act) {
	case ACT_RETIRE: retire(v); return true;
	case ACT_UP:
	case ACT_DOWN:
		if (l->n == 0)
			return true;
		l->sel += act == ACT_UP ? -1 : 1;
		if (l->sel < 0)
			l->sel = 0;
		if (l->sel >= l->n)
			l->sel = l->n - 1;
		l->follow = true;
		return true;
	case ACT_PGUP: l->scroll -= page; l->paged = true; break;
	case ACT_PGDN: l->scroll += page; l->paged = true; break;
	case ACT_FIRST: l->scroll = 0; l->sel = 0; break;
	case ACT_LAST: l->scroll = l->body_h; l->sel = l->n ? l->n - 1 : 0; break;
	default: return false;
	}
	if (l->scroll > l->body_h - (LINES - 3))
		l->scroll = l->body_h - (LINES - 3);
	if (l->scroll < 0)
		l->scroll = 0;
	return true;
}

static const enum action levels_keys[] = {
	ACT_RETIRE, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST,
	ACT_SEARCH, ACT_NONE
};
static const enum action levels_bar[] = { ACT_RETIRE, ACT_BACK, ACT_NONE };

const struct view_ops levels_view = {
	.name = "levels",
	/* L10N: title of the screen of ESL score tables */
	.title = N_("ESL score tables"),
	.about = N_("The tables that turn a test score into an ESL level, one per test and "
		    "version, each with the date it takes effect and where its ranges come "
		    "from. A screening uses the newest table in effect on its date that is not "
		    "retired. Up and Down choose a table; r retires it or brings it back. New "
		    "versions are added by importing a CSV file on the command line: senda "
		    "levels import FILE."),
	.keys = levels_keys,
	.bar = levels_bar,
	.open = levels_open,
	.close = levels_close,
	.draw = levels_draw,
	.handle = levels_handle,
	.resume = load,
};
