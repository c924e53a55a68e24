/* senda — one follow-up call: the script in the participant's language
 * (greeting with the caller's name, the purpose, the questions), then the
 * outcome in one key; "reached" first takes the answers as fields (still
 * working there, hours a week, hourly wage now, a raise or a new position,
 * in training, anything needed), "call back" the time given. What follows
 * (the next try, unreachable, the job's new wage) is the model's rule
 * (call_record). Of the person it shows what a volunteer may see: first
 * name, phone, language, best time, purpose. No SQL here. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/calls.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/money.h"
#include "senda/perm.h"
#include "senda/text.h"
#include "ui/line.h"
#include "ui/term.h"

enum { MODE_SCRIPT, MODE_ANSWERS, MODE_CALLBACK };
enum { Q_WORKING, Q_HOURS, Q_WAGE, Q_RAISE, Q_TRAINING, Q_NEEDS, NQ };

/* The questions, asked in the participant's language. */
static const char *const questions[NQ] = {
	/* L10N: a question of the follow-up call's script, asked on the phone */
	N_("Are you still working there?"),
	/* L10N: a question of the follow-up call's script */
	N_("How many hours a week?"),
	/* L10N: a question of the follow-up call's script */
	N_("What is your hourly wage now?"),
	/* L10N: a question of the follow-up call's script */
	N_("Did you get a raise or a new position?"),
	/* L10N: a question of the follow-up call's script */
	N_("Are you in training or taking classes?"),
	/* L10N: a question of the follow-up call's script */
	N_("Is there anything you need?"),
};

struct call_scr {
	call_row r;
	char *caller;
	int mode;
	struct line f[NQ];
	int cur;
	struct line when;
	int scroll;   /* rows of the script scrolled off the top */
};

static bool
call_open(struct view *v, const void *arg)
{
	senda_error err = { 0 };
	struct call_scr *c = xcalloc(1, sizeof *c);
	if (calls_get(v->ui->db, arg, clock_today(), &c->r, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		call_row_free(&c->r);
		free(c);
		return false;
	}
	/* A call not due yet is refused here, before its answers are typed
	 * (saving would refuse it after). */
	if (call_may_make(&c->r, clock_today(), &err) != SENDA_OK ||
	    calls_caller_name(v->ui->db, &c->caller, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		call_row_free(&c->r);
		free(c->caller);
		free(c);
		return false;
	}
	for (int i = 0; i < NQ; i++)
		line_init(&c->f[i], i == Q_NEEDS ? 500 : 12);
	line_init(&c->when, 16);
	v->priv = c;
	return true;
}

static void
call_close(struct view *v)
{
	struct call_scr *c = v->priv;
	call_row_free(&c->r);
	free(c->caller);
	for (int i = 0; i < NQ; i++)
		line_free(&c->f[i]);
	line_free(&c->when);
	free(c);
}

static const char *
lang_name(const char *code)
{
	/* L10N: a participant's language, on the call screen */
	return strcmp(code, "en") == 0 ? _("English") : strcmp(code, "es") == 0 ? _("Spanish") : code;
}

/* One row of the script as laid out: text at x (a question: its number,
 * for its answer field beside it). */
struct vrow {
	char text[TERM_LINE];
	int x;
	int q;   /* the question of the row, or -1 */
};

static int
add_wrapped(struct vrow *rows, int n, int max, const char *text, int width)
{
	char lines[12][TERM_LINE];
	int k = term_wrap(text, width, lines, 12);
	for (int i = 0; i < k && n < max; i++) {
		memcpy(rows[n].text, lines[i], sizeof rows[n].text);
		rows[n].x = 2;
		rows[n++].q = -1;
	}
	return n;
}

/* The script scrolls under its first line, the hint and the field of the
 * time to call back stay at the bottom: at 60 columns by 16 lines every
 * question is reached (the one answered is kept in view; Up and Down
 * scroll the script). */
static void
call_draw(struct view *v, int y, int h)
{
	struct call_scr *c = v->priv;
	const char *pl = c->r.language;
	int last = y + h;
	/* L10N: the call screen's first line: name, phone, language, best time
	 * to call, tries so far */
	char *who = xasprintf(_("%s  %s  %s  best time: %s  tries so far: %d"), c->r.first_name,
			      c->r.phone, lang_name(pl), *c->r.best_time ? c->r.best_time : "—",
			      c->r.attempts);
	term_put(y, 1, who, COLS - 2, ST_HEADING, false);
	free(who);
	/* The bottom: the hint (and the field of the time to call back). */
	const char *hint = c->mode == MODE_SCRIPT
		? _("The outcome in one key: r reached (then the answers), n no answer, m left a "
		    "message, w wrong number, d disconnected, f refused, c call back, x do not call "
		    "again.")
		: c->mode == MODE_ANSWERS
		? _("Type the answers (yes or no, hours, the wage); Tab moves on. F10 saves the call "
		    "as reached; Esc goes back to the outcomes.")
		: _("A time (18:30), a day (2026-12-24), or both; Enter saves. Esc goes back.");
	char hl[8][TERM_LINE];
	int nh = term_wrap(hint, COLS - 4, hl, 4);
	int bottom = nh + (c->mode == MODE_CALLBACK ? 2 : 0);
	int body_y = y + 2, body_h = last - bottom - 1 - body_y;
	if (body_h < 3) {   /* no room for the hint: the script first */
		bottom = 0;
		body_h = last - body_y;
	}
	/* The script, laid out. */
	struct vrow rows[64];
	int n = 0, width = COLS - 4;
	/* L10N: the greeting of the call's script: the person's first name, the
	 * caller's name, the organization */
	char *hello = xasprintf(i18n_gettext_in(pl, N_("Hello, may I speak with %s? My name is %s, "
						       "I am calling from %s.")),
				c->r.first_name, *c->caller ? c->caller : "—",
				v->ui->site ? v->ui->site : "");
	n = add_wrapped(rows, n, 64, hello, width);
	free(hello);
	char purpose[160];
	call_purpose_text(&c->r, pl, purpose, sizeof purpose);
	/* L10N: in the call's script: %s is what the call is about */
	char *about = xasprintf(i18n_gettext_in(pl, N_("I am calling to ask %s.")), purpose);
	n = add_wrapped(rows, n, 64, about, width);
	free(about);
	rows[n].text[0] = '\0';
	rows[n++].q = -1;
	int first_q = n;
	for (int i = 0; i < NQ; i++, n++) {
		snprintf(rows[n].text, sizeof rows[n].text, "%d. %s", i + 1,
			 i18n_gettext_in(pl, questions[i]));
		rows[n].x = 2;
		rows[n].q = i;
	}
	rows[n].text[0] = '\0';
	rows[n++].q = -1;
	/* L10N: the end of the call's script */
	n = add_wrapped(rows, n, 64, i18n_gettext_in(pl, N_("Thank you for your time!")), width);
	/* Scrolled so that the question answered is in view. */
	int most = n - body_h > 0 ? n - body_h : 0;
	if (c->mode == MODE_ANSWERS) {
		int qr = first_q + c->cur;
		if (qr < c->scroll)
			c->scroll = qr;
		if (qr >= c->scroll + body_h)
			c->scroll = qr - body_h + 1;
	}
	if (c->scroll > most)
		c->scroll = most;
	if (c->scroll < 0)
		c->scroll = 0;
	v->cur_y = v->cur_x = -1;
	/* beside a question its answer, 10 columns at least */
	int qw = c->mode != MODE_ANSWERS ? COLS - 4 : COLS - 2 - 10 - 3 > 46 ? 46 : COLS - 2 - 10 - 3;
	for (int k = 0; k < body_h && c->scroll + k < n; k++) {
		const struct vrow *r = &rows[c->scroll + k];
		int row = body_y + k;
		if (r->q < 0) {
			term_put(row, r->x, r->text, COLS - r->x - 2, ST_NORMAL, true);
			continue;
		}
		bool focus = r->q == c->cur && c->mode == MODE_ANSWERS;
		term_put(row, 2, r->text, qw, focus ? ST_LABEL_FOCUS : ST_NORMAL, true);
		if (c->mode == MODE_ANSWERS) {
			int fx = 2 + qw + 1;
			int x = line_draw(&c->f[r->q], row, fx, COLS - fx - 2,
					  focus ? ST_FIELD_FOCUS : ST_FIELD);
			if (focus) {
				v->cur_y = row;
				v->cur_x = x;
			}
		}
	}
	term_scroll_marks(body_y, body_h, c->scroll > 0, c->scroll + body_h < n);
	if (!bottom)
		return;
	int row = last - bottom;
	if (c->mode == MODE_CALLBACK) {
		/* L10N: on the call screen, before the field for the time to call back */
		const char *label = _("Call back at:");
		int w = term_width(label);
		term_put(row, 2, label, w, ST_LABEL_FOCUS, false);
		v->cur_y = row;
		v->cur_x = line_draw(&c->when, row, 3 + w, 20, ST_FIELD_FOCUS);
		row += 2;
	}
	for (int k = 0; k < nh && row < last; k++, row++)
		term_put(row, 2, hl[k], COLS - 4, ST_HINT, false);
}

static bool
call_typing(struct view *v)
{
	return ((struct call_scr *)v->priv)->mode != MODE_SCRIPT;
}

static bool
volunteer(struct view *v)
{
	return db_actor_role(v->ui->db) == ROLE_VOLUNTEER;
}

/* What was saved, on the message line; the list comes back. */
static void
done(struct view *v, enum call_outcome o, const call_done *d, int64_t wage)
{
	char msg[256];
	/* L10N: after a call was saved; %s is its outcome ("no answer") */
	int n = snprintf(msg, sizeof msg, _("Call saved: %s."), _(call_outcome_label(o)));
	if (*d->next_due && n > 0 && (size_t)n < sizeof msg)
		/* L10N: after a call was saved: the day and the time of day of the next try */
		n += snprintf(msg + n, sizeof msg - (size_t)n, _(" Next try: %s, %s."), d->next_due,
			      *d->next_at ? call_at_text(d->next_at) : "—");
	else if (strcmp(d->result, "unreachable") == 0 && n > 0 && (size_t)n < sizeof msg)
		n += snprintf(msg + n, sizeof msg - (size_t)n, "%s", _(" No more tries: unreachable."));
	if (*d->placement_id && wage >= 0 && n > 0 && (size_t)n < sizeof msg) {
		char w[32];
		money_format(wage, w, sizeof w);
		/* L10N: after a call was saved; %s is the new hourly wage */
		snprintf(msg + n, sizeof msg - (size_t)n, _(" The job's wage is now %s."), w);
	}
	struct ui *ui = v->ui;
	ui_pop(ui);
	ui_msg(ui, MSG_OK, "%s", msg);
}

static void
save(struct view *v, enum call_outcome o, call_answers *a)
{
	struct call_scr *c = v->priv;
	senda_error err = { 0 };
	call_done d;
	senda_err e = call_record(v->ui->db, c->r.id, o, a, &d, &err);
	if (e == SENDA_E_CONFIRM) {
		/* An odd wage, asked as the job's form asks. */
		char *detail = xstrdup(err.detail);
		bool yes = ui_confirm_with(v->ui, N_("%s — save anyway?"), detail);
		free(detail);
		if (!yes) {
			ui_msg(v->ui, MSG_INFO, "%s", _("Nothing was saved."));
			return;
		}
		a->wage_confirmed = true;
		senda_error_clear(&err);
		e = call_record(v->ui->db, c->r.id, o, a, &d, &err);
	}
	if (e != SENDA_OK) {
		ui_error(v->ui, &err);
		return;
	}
	done(v, o, &d, a->wage_cents);
}

static int
yes_no(struct view *v, struct call_scr *c, int q)
{
	const char *t = line_text(&c->f[q]);
	if (!*t)
		return -1;
	int yn = text_yes_no(t);
	if (yn < 0) {
		c->cur = q;
		ui_msg(v->ui, MSG_ERROR, "%s", _("Answer yes or no (or leave it empty)."));
		return -2;
	}
	return yn;
}

static void
save_answers(struct view *v)
{
	struct call_scr *c = v->priv;
	call_answers a;
	call_answers_init(&a);
	if ((a.still_working = yes_no(v, c, Q_WORKING)) == -2 ||
	    (a.got_raise = yes_no(v, c, Q_RAISE)) == -2 ||
	    (a.in_training = yes_no(v, c, Q_TRAINING)) == -2)
		return;
	const char *hours = line_text(&c->f[Q_HOURS]);
	if (*hours) {
		char *end;
		long n = strtol(hours, &end, 10);
		if (*end || n < 0 || n > call_hours_max()) {
			c->cur = Q_HOURS;
			/* L10N: on the call screen; %d is the most hours a week */
			ui_msg(v->ui, MSG_ERROR, _("Hours a week: a whole number from 0 to %d."),
			       call_hours_max());
			return;
		}
		a.hours_week = (int)n;
	}
	const char *wage = line_text(&c->f[Q_WAGE]);
	if (*wage && (a.wage_cents = money_parse(wage)) < 0) {
		c->cur = Q_WAGE;
		ui_msg(v->ui, MSG_ERROR, "%s", _("The wage: an amount such as 16.50."));
		return;
	}
	const char *needs = line_text(&c->f[Q_NEEDS]);
	a.needs = *needs ? needs : NULL;
	save(v, CALL_REACHED, &a);
}

static bool
edit_line(struct line *l, enum action act, int key)
{
	switch (act) {
	case ACT_LEFT: line_left(l); return true;
	case ACT_RIGHT: line_right(l); return true;
	case ACT_LINE_START: line_start(l); return true;
	case ACT_LINE_END: line_end(l); return true;
	case ACT_DEL_BACK: line_delete_back(l); return true;
	case ACT_DEL_FWD: line_delete_fwd(l); return true;
	case ACT_CLEAR: line_clear(l); return true;
	case ACT_NONE: line_insert(l, key); return true;
	default: return false;
	}
}

static bool
answers_typed(const struct call_scr *c)
{
	for (int i = 0; i < NQ; i++)
		if (*line_text(&c->f[i]))
			return true;
	return false;
}

static bool
call_handle(struct view *v, enum action act, int key)
{
	struct call_scr *c = v->priv;
	if (act == ACT_HELP && volunteer(v)) {
		ui_msg(v->ui, MSG_INFO, "%s", _("The keys are on the bar below; Esc goes back to the "
						"call list."));
		return true;
	}
	if (c->mode == MODE_ANSWERS) {
		switch (act) {
		case ACT_NEXT_FIELD: c->cur = (c->cur + 1) % NQ; return true;
		case ACT_PREV_FIELD: c->cur = (c->cur + NQ - 1) % NQ; return true;
		case ACT_SAVE: save_answers(v); return true;
		case ACT_BACK:
			/* Back to the outcomes: what was typed is dropped, asked
			 * first as the forms ask before they drop what was typed. */
			if (answers_typed(c) && !ui_confirm(v->ui, N_("Discard the answers you typed?")))
				return true;
			for (int i = 0; i < NQ; i++)
				line_clear(&c->f[i]);
			c->mode = MODE_SCRIPT;
			return true;
		default: return edit_line(&c->f[c->cur], act, key);
		}
	}
	if (c->mode == MODE_CALLBACK) {
		switch (act) {
		case ACT_NEXT_FIELD:
		case ACT_SAVE: {
			call_answers a;
			call_answers_init(&a);
			a.callback_at = line_text(&c->when);
			save(v, CALL_CALLBACK, &a);
			return true;
		}
		case ACT_BACK:
			if (*line_text(&c->when) &&
			    !ui_confirm(v->ui, N_("Discard the time you typed?")))
				return true;
			line_clear(&c->when);
			c->mode = MODE_SCRIPT;
			return true;
		default: return edit_line(&c->when, act, key);
		}
	}
	call_answers none;
	call_answers_init(&none);
	switch (act) {
	case ACT_UP: c->scroll--; return true;     /* clamped when drawn */
	case ACT_DOWN: c->scroll++; return true;
	case ACT_REACHED: c->mode = MODE_ANSWERS; c->cur = 0; return true;
	case ACT_CALLBACK: c->mode = MODE_CALLBACK; return true;
	case ACT_NO_ANSWER: save(v, CALL_NO_ANSWER, &none); return true;
	case ACT_VOICEMAIL: save(v, CALL_VOICEMAIL, &none); return true;
	case ACT_WRONG_NUMBER: save(v, CALL_WRONG_NUMBER, &none); return true;
	case ACT_DISCONNECTED: save(v, CALL_DISCONNECTED, &none); return true;
	case ACT_REFUSED: save(v, CALL_REFUSED, &none); return true;
	case ACT_DO_NOT_CALL:
		if (ui_confirm(v->ui, N_("Never call this person again?")))
			save(v, CALL_DO_NOT_CALL, &none);
		return true;
	default: return false;
	}
}

static const enum action script_keys[] = {
	ACT_REACHED, ACT_NO_ANSWER, ACT_VOICEMAIL, ACT_WRONG_NUMBER, ACT_DISCONNECTED,
	ACT_REFUSED, ACT_CALLBACK, ACT_DO_NOT_CALL, ACT_BACK, ACT_UP, ACT_DOWN, ACT_NONE
};
static const enum action script_bar[] = {
	ACT_REACHED, ACT_NO_ANSWER, ACT_CALLBACK, ACT_DO_NOT_CALL, ACT_BACK, ACT_NONE
};
static const enum action answer_keys[] = {
	ACT_SAVE, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_BACK, ACT_LEFT, ACT_RIGHT, ACT_LINE_START,
	ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_NONE
};
static const enum action answer_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };
static const enum action when_keys[] = {
	ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_LEFT, ACT_RIGHT, ACT_LINE_START, ACT_LINE_END,
	ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_NONE
};
static const enum action when_bar[] = { ACT_SAVE, ACT_BACK, ACT_NONE };

static const enum action *
call_keys_now(struct view *v)
{
	int m = ((struct call_scr *)v->priv)->mode;
	return m == MODE_ANSWERS ? answer_keys : m == MODE_CALLBACK ? when_keys : script_keys;
}

static const enum action *
call_bar_now(struct view *v)
{
	int m = ((struct call_scr *)v->priv)->mode;
	return m == MODE_ANSWERS ? answer_bar : m == MODE_CALLBACK ? when_bar : script_bar;
}

const struct view_ops call_view = {
	.name = "call",
	/* L10N: title of the screen of one follow-up call */
	.title = N_("Call"),
	.about = N_("One follow-up call: the script in the person's language, then the outcome "
		    "in one key. r (reached) takes the answers: still working there, hours a "
		    "week, hourly wage now (it updates the job), a raise or a new position, in "
		    "training, anything needed; F10 saves. n (no answer) and m (message left) "
		    "bring the call back tomorrow at another time of day, until it is "
		    "unreachable; c takes the time to call back; x means never again."),
	.keys = script_keys,
	.bar = script_bar,
	.open = call_open,
	.close = call_close,
	.draw = call_draw,
	.handle = call_handle,
	.typing = call_typing,
	.keys_now = call_keys_now,
	.bar_now = call_bar_now,
};
