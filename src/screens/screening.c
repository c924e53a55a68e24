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
#include "ui/fmt.h"
#include "ui/form.h"
#include "ui/term.h"

/* The five instruments with the model's labels. */
static const struct field_choice *
instrument_choices(void)
{
	static struct field_choice c[8];
	if (!c[0].value)
		for (int i = 0; esl_instruments[i] && i < 7; i++)
			c[i] = (struct field_choice){ esl_instruments[i],
						    esl_instrument_label(esl_instruments[i]) };
	return c;
}

/* The ESL levels as a choice (numbers: nothing to translate); the level's
 * name and descriptor are shown below. */
static const struct field_choice level_choices[] = {
	{ "1", "1" }, { "2", "2" }, { "3", "3" }, { "4", "4" }, { "5", "5" }, { "6", "6" },
	{ NULL, NULL }
};

struct scr {
	struct form form;
	bool oral;              /* the form has a level choice instead of a score */
	bool changed;           /* anything typed or chosen */
	char *kept_score;       /* the score typed before the oral interview was chosen */
	char *kept_level;       /* the level chosen before another test was */
	char id[UUID_LEN];
	char *name;
};

/* Labels are the model's, so that its errors find their field. */
static void
make_form(struct form *fm, bool oral)
{
	const struct form_field scored[] = {
		FORM_FIELD("instrument", N_("Instrument"), FIELD_CHOICE, true, 0, instrument_choices()),
		FORM_FIELD("date", N_("Screening date"), FIELD_DATE, true, 0, NULL),
		/* Text, not a number field: letters get a message, not a beep. */
		FORM_FIELD("score", N_("Score"), FIELD_TEXT, true, 6, NULL),
	};
	const struct form_field picked[] = {
		FORM_FIELD("instrument", N_("Instrument"), FIELD_CHOICE, true, 0, instrument_choices()),
		FORM_FIELD("date", N_("Screening date"), FIELD_DATE, true, 0, NULL),
		FORM_FIELD("level", N_("Level"), FIELD_CHOICE, true, 0, level_choices),
	};
	form_init(fm, oral ? picked : scored, 3);
}

/* Change the third field when the instrument goes to or from the oral
 * interview, keeping what was typed. */
static void
rebuild(struct scr *s)
{
	bool oral = strcmp(form_get(&s->form, "instrument"), "oral") == 0;
	if (oral == s->oral)
		return;
	char *instrument = xstrdup(form_get(&s->form, "instrument"));
	char *date = xstrdup(form_get(&s->form, "date"));
	/* What the third field held waits for the way back (cycling through
	 * the tests must not erase a typed score). */
	char **keep = s->oral ? &s->kept_level : &s->kept_score;
	free(*keep);
	*keep = xstrdup(form_get(&s->form, s->oral ? "level" : "score"));
	int cur = s->form.cur;
	form_free(&s->form);
	make_form(&s->form, oral);
	form_set(&s->form, "instrument", instrument);
	form_set(&s->form, "date", date);
	form_mark_clean(&s->form);
	const char *back = oral ? s->kept_level : s->kept_score;
	if (back && *back)
		form_set(&s->form, oral ? "level" : "score", back);
	s->form.cur = cur;
	s->oral = oral;
	free(instrument);
	free(date);
}

static bool
scr_open(struct view *v, const void *arg)
{
	participant p;
	senda_error err = { 0 };
	if (participant_get(v->ui->db, arg, &p, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return false;
	}
	struct scr *s = xcalloc(1, sizeof *s);
	char name[512], day[32], iso[11];
	snprintf(s->id, sizeof s->id, "%s", p.id);
	s->name = xstrdup(participant_display_name(&p, name, sizeof name));
	participant_free(&p);
	make_form(&s->form, false);
	date_to_iso(clock_today(), iso);
	form_set(&s->form, "date", fmt_date(iso, day, sizeof day));
	form_mark_clean(&s->form);
	s->form.cur = 0;
	v->priv = s;
	return true;
}

static void
scr_close(struct view *v)
{
	struct scr *s = v->priv;
	form_free(&s->form);
	free(s->kept_score);
	free(s->kept_level);
	free(s->name);
	free(s);
}

/* The day typed, or today when it is not a date yet. */
static sdate
typed_day(struct scr *s)
{
	sdate d;
	if (form_date(form_find(&s->form, "date"), &d) != DATE_OK)
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
draw_result(struct view *v, int row, int end)
{
	struct scr *s = v->priv;
	const char *ins = form_get(&s->form, "instrument");
	if (s->oral) {
		show_level(v, row, end, atoi(form_get(&s->form, "level")), NULL);
		return;
	}
	const char *typed = form_get(&s->form, "score");
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
	senda_err e = esl_lookup(v->ui->db, ins, score, typed_day(s), &r, &err);
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

static void
scr_draw(struct view *v, int y, int h)
{
	struct scr *s = v->priv;
	/* L10N: above the screening form; %s is the participant's name */
	char *head = xasprintf(_("English screening: %s"), s->name);
	term_put(y, 2, head, COLS - 4, ST_HEADING, false);
	free(head);
	int fh = form_lines(&s->form);
	if (fh > h - 2)
		fh = h - 2;
	form_draw(&s->form, y + 2, fh, &v->cur_y, &v->cur_x);
	int row = y + 2 + fh + 1;
	if (row < y + h)
		draw_result(v, row, y + h);
}

static void
save(struct view *v)
{
	struct scr *s = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&s->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	screening sc;
	screening_init(&sc);
	snprintf(sc.participant_id, sizeof sc.participant_id, "%s", s->id);
	xstrset(&sc.instrument, form_get(&s->form, "instrument"));
	sdate d;
	form_date(form_find(&s->form, "date"), &d);
	date_to_iso(d, sc.screened_on);
	senda_error err = { 0 };
	sc.score = -1;
	if (s->oral) {
		sc.level = atoi(form_get(&s->form, "level"));
	} else {
		const char *typed = form_get(&s->form, "score");
		sc.score = esl_parse_score(typed);
		if (sc.score < 0) {
			senda_fail(&err, SENDA_E_NUMBER, N_("Score"), NULL);
			form_model_error(&s->form, &err);
			ui_error(ui, &err);
			screening_free(&sc);
			return;
		}
	}
	senda_err saved = screening_create(ui->db, &sc, &err);
	screening_free(&sc);   /* its level stays */
	if (saved != SENDA_OK) {
		form_model_error(&s->form, &err);
		ui_error(ui, &err);
		return;
	}
	char *name = NULL;
	senda_err e = esl_level_name(ui->db, sc.level, i18n_lang(), &name, &err);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND) {
		char why[512];
		/* L10N: the screening is saved; %d its ESL level, %s why the level's
		 * name could not be read */
		ui_msg(ui, MSG_ERROR, _("Screening saved: level %d. Its name could not be read: %s"),
		       sc.level, senda_error_text(&err, why, sizeof why));
	} else if (sc.exited)
		ui_msg(ui, MSG_OK, "%s", _("Screening saved: has exited ESL."));
	else
		/* L10N: ESL level number, its name */
		ui_msg(ui, MSG_OK, _("Screening saved: level %d, %s."), sc.level, name ? name : "");
	free(name);
	ui_pop(ui);
}

static bool
scr_handle(struct view *v, enum action act, int key)
{
	struct scr *s = v->priv;
	if (act == ACT_SAVE) {
		save(v);
		return true;
	}
	if (act == ACT_BACK) {
		if (!s->changed ||
		    ui_confirm(v->ui, N_("Leave without saving? What you typed here will be lost.")))
			ui_pop(v->ui);
		return true;
	}
	enum form_result r = form_handle(&s->form, act, key);
	if (s->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", s->form.notice);
	if (r == FORM_CHANGED) {
		s->changed = true;
		rebuild(s);
	}
	return r != FORM_IGNORED;
}

static bool
scr_typing(struct view *v)
{
	(void)v;
	return true;
}

static void
scr_lang_changed(struct view *v, enum date_order from)
{
	struct scr *s = v->priv;
	form_relang(&s->form, from);
}

static const enum action scr_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE, ACT_NONE
};
static const enum action scr_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

const struct view_ops screening_view = {
	.name = "screening",
	/* L10N: title of the ESL screening form */
	.title = N_("English screening"),
	.about = N_("Record an English placement test. Choose the test with Left and Right, "
		    "check the date, and type the score: the ESL level, its name and what it "
		    "means appear below as you type. A score above the top of level 6 means "
		    "the person has exited ESL. For the oral interview, choose the level "
		    "yourself. The level is found in the score table in effect on the "
		    "screening date."),
	.keys = scr_keys,
	.bar = scr_bar,
	.open = scr_open,
	.close = scr_close,
	.draw = scr_draw,
	.handle = scr_handle,
	.typing = scr_typing,
	.lang_changed = scr_lang_changed,
};
