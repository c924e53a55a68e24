/* senda — ESL screening: which test, when, the score. As the score is
 * typed, the level, its name and what it means appear below the field
 * (above the top range: exited ESL). For the oral interview the screener
 * picks the level instead of typing a score. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/clock.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "ui/record_form.h"
#include "ui/term.h"

struct scr {
	bool oral;              /* the form has a level choice instead of a score */
	char *kept_score;       /* the score typed before the oral interview was chosen */
	char *kept_level;       /* the level chosen before another test was */
	char *name;
};

/* The screening's fields in the form: instrument, date, then the score,
 * or for the oral interview the level (copied from screening_fields). */
static const field_desc *
form_fields(bool oral)
{
	static field_desc scored[3], picked[3];
	if (!scored[0].key) {
		const char *const sk[] = { "instrument", "screened_on", "score" };
		const char *const pk[] = { "instrument", "screened_on", "level" };
		for (int i = 0; i < 3; i++) {
			scored[i] = *field_find(screening_fields, screening_nfields, sk[i]);
			picked[i] = *field_find(screening_fields, screening_nfields, pk[i]);
			scored[i].required = picked[i].required = true;
		}
	}
	return oral ? picked : scored;
}

/* The day typed, or today when it is not a date yet. */
static sdate
typed_day(struct record_form *rf)
{
	sdate d;
	if (form_date(form_find(&rf->form, "screened_on"), &d) != DATE_OK)
		d = clock_today();
	return d;
}

/* "Level 5: High Intermediate ESL" and its descriptor, wrapped. */
static int
show_level(struct view *v, int row, int end, int level, const char *head)
{
	char *name = NULL, *desc = NULL;
	senda_error err = { 0 };
	senda_err e = esl_level_name(v->ui->db, level, i18n_lang(), &name, &err);
	if (e == SENDA_OK || e == SENDA_E_NOTFOUND)
		e = esl_level_descriptor(v->ui->db, level, i18n_lang(), &desc, &err);
	int style = ST_NORMAL;
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND) {
		/* The reason in place of the descriptor, not a blank. */
		free(desc);
		desc = xstrdup(senda_error_text(&err, (char[512]){ 0 }, 512));
		style = ST_ERROR;
	}
	char *line = head ? xstrdup(head)
		/* L10N: ESL level number, its name */
		: xasprintf(_("Level %d: %s"), level, name ? name : "");
	if (row < end)
		term_put(row++, 4, line, COLS - 6, ST_HEADING, false);
	char lines[4][TERM_LINE];
	int n = desc ? term_wrap(desc, COLS - 8, lines, 4) : 0;
	for (int i = 0; i < n && row < end; i++)
		term_put(row++, 6, lines[i], COLS - 8, style, false);
	free(line);
	free(name);
	free(desc);
	return row;
}

static int
show_wrapped(int row, int end, const char *text, enum style st)
{
	char lines[4][TERM_LINE];
	int n = term_wrap(text, COLS - 6, lines, 4);
	for (int i = 0; i < n && row < end; i++)
		term_put(row++, 4, lines[i], COLS - 6, st, false);
	return row;
}

static bool
negative(const char *t)
{
	t += strspn(t, " ");
	return *t == '-' && t[1] >= '0' && t[1] <= '9';
}

/* What the score typed so far means, below the form. */
static void
draw_result(struct record_form *rf, int row, int end)
{
	struct scr *s = rf->priv;
	struct view *v = rf->v;
	const char *ins = form_get(&rf->form, "instrument");
	if (s->oral) {
		show_level(v, row, end, atoi(form_get(&rf->form, "level")), NULL);
		return;
	}
	const char *typed = form_get(&rf->form, "score");
	if (!typed[strspn(typed, " ")]) {
		show_wrapped(row, end, _("Type the score: the ESL level appears here as you type."),
			     ST_HINT);
		return;
	}
	int score = esl_parse_score(typed);
	if (score < 0) {
		show_wrapped(row, end, negative(typed)
			     ? _("A score cannot be negative.")
			     : _("A score is a whole number: digits only, no letters."), ST_ERROR);
		return;
	}
	esl_result r;
	senda_error err = { 0 };
	senda_err e = esl_lookup(v->ui->db, ins, score, typed_day(rf), &r, &err);
	char buf[512];
	if (e != SENDA_OK) {
		if (r.outcome == ESL_BELOW)
			/* L10N: %s says what the lowest score of the table is */
			snprintf(buf, sizeof buf, _("Below this test's table (%s): check the score."),
				 err.detail);
		else
			senda_error_text(&err, buf, sizeof buf);
		show_wrapped(row, end, buf, ST_ERROR);
		return;
	}
	switch (r.outcome) {
	case ESL_EXITED:
		/* L10N: %d is the top score of level 6 */
		snprintf(buf, sizeof buf, _("Has exited ESL: the score is above %d, the top of level 6."),
			 r.top_score);
		row = show_wrapped(row, end, buf, ST_OK);
		show_level(v, row, end, 6, NULL);
		break;
	case ESL_ABOVE_KNOWN:
		snprintf(buf, sizeof buf,
			 /* L10N: %d is the highest confirmed level (5 for TABE CLAS-E) */
			 _("Above level %d: the level 6 range is not confirmed for this test — "
			   "record an oral interview instead."), r.level);
		show_wrapped(row, end, buf, ST_ERROR);
		break;
	default:
		row = show_level(v, row, end, r.level, NULL);
		if (row + 1 < end) {
			/* L10N: the version of the ESL table used */
			char *table = xasprintf(_("Table: %s"), r.version);
			term_put(row + 1, 4, table, COLS - 6, ST_HINT, false);
			free(table);
		}
		break;
	}
}

static bool
scr_open(struct record_form *rf, const void *arg, senda_error *err)
{
	participant p;
	if (participant_get(rf->v->ui->db, arg, &p, err) != SENDA_OK)
		return false;
	struct scr *s = xcalloc(1, sizeof *s);
	s->name = participant_name_new(&p);
	rf->priv = s;
	screening *sc = rf->base;
	snprintf(sc->participant_id, sizeof sc->participant_id, "%s", p.id);
	xstrset(&sc->instrument, esl_instruments[0]);
	date_to_iso(clock_today(), sc->screened_on);
	participant_free(&p);
	rf->fields = form_fields(false);
	rf->nfields = 3;
	return true;
}

static void
scr_close(struct record_form *rf)
{
	struct scr *s = rf->priv;
	if (s) {
		free(s->kept_score);
		free(s->kept_level);
		free(s->name);
		free(s);
	}
}

/* The third field follows the instrument: the score, or for the oral
 * interview the level; what was typed in the other waits for the way
 * back (cycling through the tests must not erase a typed score). */
static void
scr_changed(struct record_form *rf)
{
	struct scr *s = rf->priv;
	bool oral = strcmp(form_get(&rf->form, "instrument"), "oral") == 0;
	if (oral == s->oral)
		return;
	char **keep = s->oral ? &s->kept_level : &s->kept_score;
	xstrset(keep, form_get(&rf->form, s->oral ? "level" : "score"));
	record_form_rebuild(rf, form_fields(oral), 3);
	const char *back = oral ? s->kept_level : s->kept_score;
	const char *key = oral ? "level" : "score";
	if (back && *back)
		form_set(&rf->form, key, back);
	else if (oral)
		form_set(&rf->form, key, "1");
	s->oral = oral;
}

static char *
scr_heading(struct record_form *rf)
{
	/* L10N: above the screening form; %s is the participant's name */
	return xasprintf(_("English screening: %s"), ((struct scr *)rf->priv)->name);
}

static void
scr_below(struct record_form *rf, int y, int h)
{
	if (h > 1)
		draw_result(rf, y + 1, y + h);
}

static void
scr_saved(struct record_form *rf, void *rec)
{
	struct ui *ui = rf->v->ui;
	const screening *sc = rec;
	char *name = NULL;
	senda_error err = { 0 };
	senda_err e = esl_level_name(ui->db, sc->level, i18n_lang(), &name, &err);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND) {
		char why[512];
		/* L10N: the screening is saved; %d its ESL level, %s why the level's
		 * name could not be read */
		ui_msg(ui, MSG_ERROR, _("Screening saved: level %d. Its name could not be read: %s"),
		       sc->level, senda_error_text(&err, why, sizeof why));
	} else if (sc->exited)
		ui_msg(ui, MSG_OK, "%s", _("Screening saved: has exited ESL."));
	else
		/* L10N: ESL level number, its name */
		ui_msg(ui, MSG_OK, _("Screening saved: level %d, %s."), sc->level, name ? name : "");
	free(name);
	ui_pop(ui);
}

static const struct record_form_ops scr_form = {
	.kind = &screening_kind,
	.open = scr_open,
	.close = scr_close,
	.heading = scr_heading,
	.changed = scr_changed,
	.draw_below = scr_below,
	.saved = scr_saved,
	/* L10N: title of the ESL screening form */
	.title_new = N_("English screening"),
};

const struct view_ops screening_view = RECORD_FORM_VIEW("screening",
	/* L10N: title of the ESL screening form */
	N_("English screening"),
	N_("Record an English placement test. Choose the test with Left and Right, "
		    "check the date, and type the score: the ESL level, its name and what it "
		    "means appear below as you type. A score above the top of level 6 means "
		    "the person has exited ESL. For the oral interview, choose the level "
		    "yourself. The level is found in the score table in effect on the "
		    "screening date."),
	&scr_form);
