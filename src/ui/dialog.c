/* senda — the yes/no question, answered with the interface language's
 * keys (y/n, s/n). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/text.h"
#include "ui/keys.h"
#include "ui/line.h"
#include "ui/term.h"
#include "ui/view.h"

/* The first character of a translated one-letter answer. */
static int
answer_key(const char *s)
{
	wchar_t wc = 0;
	if (mbtowc(&wc, s, strlen(s)) <= 0)
		return 0;
	return (int)towlower((wint_t)wc);
}

static void
draw_box(const char *question)
{
	/* L10N: the key that answers yes in a question (Spanish: s) */
	const char *yes = _("y");
	/* L10N: the key that answers no in a question (Spanish: n) */
	const char *no = _("n");
	/* L10N: the answers under a question: key and word for yes, then for no */
	char *hint = xasprintf(_("%s = %s     %s = %s"), yes, _("Yes"), no, _("No"));
	char lines[6][TERM_LINE];
	int w = COLS - 8 < 60 ? COLS - 8 : 60;
	int n = term_wrap(question, w, lines, 5);
	int bw = term_width(hint);
	for (int i = 0; i < n; i++)
		if (term_width(lines[i]) > bw)
			bw = term_width(lines[i]);
	bw += 4;
	int bh = n + 4;   /* border, question, blank, answers, border */
	int y0 = (LINES - bh) / 2, x0 = (COLS - bw) / 2;
	for (int i = 0; i < bh; i++)
		term_fill(y0 + i, x0, bw, ST_DIALOG);
	attr_t a = term_style(ST_DIALOG);
	attron(a);
	mvhline(y0, x0 + 1, ACS_HLINE, bw - 2);
	mvhline(y0 + bh - 1, x0 + 1, ACS_HLINE, bw - 2);
	mvvline(y0 + 1, x0, ACS_VLINE, bh - 2);
	mvvline(y0 + 1, x0 + bw - 1, ACS_VLINE, bh - 2);
	mvaddch(y0, x0, ACS_ULCORNER);
	mvaddch(y0, x0 + bw - 1, ACS_URCORNER);
	mvaddch(y0 + bh - 1, x0, ACS_LLCORNER);
	mvaddch(y0 + bh - 1, x0 + bw - 1, ACS_LRCORNER);
	attroff(a);
	for (int i = 0; i < n; i++)
		term_put(y0 + 1 + i, x0 + 2, lines[i], bw - 4, ST_DIALOG, false);
	term_put(y0 + bh - 2, x0 + 2, hint, bw - 4, ST_DIALOG, false);
	free(hint);
	curs_set(0);
	refresh();
}

/* A key for a dialog, or 0 when the dialog is only to be drawn again: a
 * resize, F2 (the language), Ctrl-L, and any key while the window is too
 * small (the dialog is not on the screen: nothing typed then answers it).
 * Read through ui_read_key, so that the idle lock comes over a dialog too
 * (the erase's name prompt read keys past it). */
static int
dialog_key(struct ui *ui)
{
	int k = ui_read_key(ui);
	if (k == K_FN(KEY_RESIZE))
		return 0;
	if (ui->msg_shown)
		ui_msg_clear(ui);
	enum action a = action_for_key(NULL, k);
	if (a == ACT_LANG) {
		ui_switch_lang(ui);
		return 0;
	}
	if (a == ACT_REDRAW) {
		clearok(curscr, TRUE);
		return 0;
	}
	if (term_too_small()) {
		beep();
		return 0;
	}
	return k;
}

/* The question's text is made anew at each draw, so that F2 translates it. */
static bool
ask_made(struct ui *ui, char *(*make)(void *), void *ctx)
{
	for (;;) {
		ui_draw(ui);
		if (!term_too_small()) {
			char *text = make(ctx);
			/* A question starts with a capital, also when it starts
			 * with a detail such as "a wage of $0.00 an hour". */
			char *sentence = text_sentence(text);
			draw_box(sentence);
			free(sentence);
			free(text);
		}
		int k = dialog_key(ui);
		if (!k)
			continue;
		if (k == K_ESC)
			return false;
		int low = key_is_text(k) ? (int)towlower((wint_t)k) : 0;
		if (low && low == answer_key(_("y")))
			return true;
		if (low && low == answer_key(_("n")))
			return false;
		beep();
	}
}

struct fixed_question {
	const char *question;   /* N_() */
	const char *arg;        /* for its %s, or NULL */
};

static char *
make_fixed(void *ctx)
{
	const struct fixed_question *q = ctx;
	return q->arg ? xasprintf(_(q->question), q->arg) : xstrdup(_(q->question));
}

/* question is an N_() string, with one %s for arg when arg is not NULL. */
static bool
ask(struct ui *ui, const char *question, const char *arg)
{
	struct fixed_question q = { question, arg };
	return ask_made(ui, make_fixed, &q);
}

bool
ui_confirm_made(struct ui *ui, char *(*make)(void *ctx), void *ctx)
{
	return ask_made(ui, make, ctx);
}

bool
ui_confirm(struct ui *ui, const char *question)
{
	return ask(ui, question, NULL);
}

bool
ui_confirm_with(struct ui *ui, const char *question, const char *arg)
{
	return ask(ui, question, arg ? arg : "");
}

/* ---- a line of text asked for ------------------------------------------- */

/* The question, then the line being typed, then what Enter and Esc do. */
static void
draw_text_box(const char *question, struct line *l)
{
	/* L10N: under a question that asks for text: what Enter and Esc do */
	const char *hint = _("Enter = confirm     Esc = cancel");
	char lines[6][TERM_LINE];
	int w = COLS - 8 < 60 ? COLS - 8 : 60;
	int n = term_wrap(question, w, lines, 5);
	int bw = w + 4;
	int bh = n + 6;   /* border, question, blank, line, blank, answers, border */
	int y0 = (LINES - bh) / 2, x0 = (COLS - bw) / 2;
	for (int i = 0; i < bh; i++)
		term_fill(y0 + i, x0, bw, ST_DIALOG);
	attr_t a = term_style(ST_DIALOG);
	attron(a);
	mvhline(y0, x0 + 1, ACS_HLINE, bw - 2);
	mvhline(y0 + bh - 1, x0 + 1, ACS_HLINE, bw - 2);
	mvvline(y0 + 1, x0, ACS_VLINE, bh - 2);
	mvvline(y0 + 1, x0 + bw - 1, ACS_VLINE, bh - 2);
	mvaddch(y0, x0, ACS_ULCORNER);
	mvaddch(y0, x0 + bw - 1, ACS_URCORNER);
	mvaddch(y0 + bh - 1, x0, ACS_LLCORNER);
	mvaddch(y0 + bh - 1, x0 + bw - 1, ACS_LRCORNER);
	attroff(a);
	for (int i = 0; i < n; i++)
		term_put(y0 + 1 + i, x0 + 2, lines[i], bw - 4, ST_DIALOG, false);
	int cx = line_draw(l, y0 + n + 2, x0 + 2, bw - 4, ST_FIELD_FOCUS);
	term_put(y0 + bh - 2, x0 + 2, hint, bw - 4, ST_DIALOG, false);
	curs_set(1);
	move(y0 + n + 2, cx);
	refresh();
}

char *
ui_ask_text(struct ui *ui, char *(*make)(void *ctx), void *ctx, size_t max_chars)
{
	struct line l;
	line_init(&l, max_chars);
	char *typed = NULL;
	for (;;) {
		ui_draw(ui);
		if (!term_too_small()) {
			char *text = make(ctx);
			draw_text_box(text, &l);
			free(text);
		}
		int k = dialog_key(ui);
		if (!k)
			continue;
		if (k == K_ESC)
			break;
		if (k == K_ENTER) {
			typed = xstrdup(line_text(&l));
			break;
		}
		if (k == K_FN(KEY_BACKSPACE))
			line_delete_back(&l);
		else if (k == K_FN(KEY_LEFT))
			line_left(&l);
		else if (k == K_FN(KEY_RIGHT))
			line_right(&l);
		else if (k == K_CTRL('u'))
			line_clear(&l);
		else if (key_is_text(k) && !line_insert(&l, k))
			beep();
	}
	line_free(&l);
	curs_set(0);
	return typed;
}
