/* senda — the terminal layer. */
#include <config.h>

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/text.h"
#include "senda/width.h"
#include "ui/keys.h"
#include "ui/term.h"

static bool started;
static bool colour;

bool
term_usable(char *why, size_t n)
{
	const char *t = getenv("TERM");
	int err = 0;
	if (!t || !*t || strcmp(t, "dumb") == 0 ||
	    setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		/* L10N: %s is the value of TERM, e.g. "dumb" */
		snprintf(why, n, _("senda: this terminal (TERM=%s) cannot show the interface. "
				   "Use a terminal such as xterm, the Linux console or tmux, "
				   "or the commands (see senda --help)."),
			 t && *t ? t : "");
		return false;
	}
	/* A terminal that cannot move the cursor cannot show screens. */
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (char *)-1 && tigetflag("hc") <= 0 && tigetflag("gn") <= 0;
	del_curterm(cur_term);
	if (!ok) {
		snprintf(why, n, _("senda: this terminal (TERM=%s) cannot show the interface. "
				   "Use a terminal such as xterm, the Linux console or tmux, "
				   "or the commands (see senda --help)."), t);
		return false;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(why, n, "%s", _("senda: the interface needs a terminal; "
					 "to use senda from a script, give a command (see senda --help)."));
		return false;
	}
	return true;
}

bool
term_has_fkey(int n)
{
	char cap[8];
	snprintf(cap, sizeof cap, "kf%d", n);
	const char *s = tigetstr(cap);
	return s && s != (char *)-1 && *s;
}

static void
on_fatal(int sig)
{
	/* Not async-signal-safe in theory; in practice the one chance to give
	 * the person their terminal back (htop and others do the same). */
	if (started)
		endwin();
	started = false;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
				    SIGTERM, SIGINT, SIGHUP, SIGQUIT };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

enum { PAIR_TITLE = 1, PAIR_BAR_KEY, PAIR_ERROR, PAIR_OK, PAIR_SELECTED,
       PAIR_FIELD, PAIR_REQUIRED, PAIR_HINT, PAIR_DIALOG };

static void
start_colour(void)
{
	const char *nc = getenv("NO_COLOR");
	colour = !(nc && *nc) && has_colors();
	if (!colour)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_BAR_KEY, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_FIELD, -1, -1);
	init_pair(PAIR_REQUIRED, COLOR_RED, -1);
	init_pair(PAIR_HINT, COLOR_CYAN, -1);
	init_pair(PAIR_DIALOG, COLOR_WHITE, COLOR_BLUE);
}

void
term_start(void)
{
	set_escdelay(25);
	initscr();
	started = true;
	catch_signals();
	atexit(term_stop);
	raw();            /* Ctrl-S and Ctrl-C come to us, not to the tty */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	key_setup();
	meta(stdscr, TRUE);
	start_colour();
	curs_set(0);
}

void
term_stop(void)
{
	if (!started)
		return;
	started = false;
	curs_set(1);
	endwin();
}

attr_t
term_style(enum style s)
{
	switch (s) {
	case ST_TITLE: return colour ? COLOR_PAIR(PAIR_TITLE) | A_BOLD : A_REVERSE;
	case ST_BAR: return A_NORMAL;
	case ST_BAR_KEY: return colour ? COLOR_PAIR(PAIR_BAR_KEY) : A_REVERSE;
	case ST_ERROR: return colour ? COLOR_PAIR(PAIR_ERROR) | A_BOLD : A_BOLD;
	case ST_OK: return colour ? COLOR_PAIR(PAIR_OK) : A_NORMAL;
	case ST_SELECTED: return colour ? COLOR_PAIR(PAIR_SELECTED) : A_REVERSE;
	case ST_FIELD: return A_UNDERLINE;
	case ST_FIELD_FOCUS: return A_UNDERLINE | A_BOLD;
	case ST_LABEL_FOCUS: return A_BOLD;
	case ST_REQUIRED: return colour ? COLOR_PAIR(PAIR_REQUIRED) | A_BOLD : A_BOLD;
	case ST_HINT: return colour ? COLOR_PAIR(PAIR_HINT) : A_NORMAL;
	case ST_HEADING: return A_BOLD;
	case ST_DIALOG: return colour ? COLOR_PAIR(PAIR_DIALOG) : A_REVERSE;
	default: return A_NORMAL;
	}
}

bool
term_too_small(void)
{
	return COLS < TERM_MIN_COLS || LINES < TERM_MIN_LINES;
}

int
term_width(const char *s)
{
	return s ? (int)text_width(s) : 0;
}

int
term_put(int y, int x, const char *s, int cols, enum style st, bool pad)
{
	if (cols <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + cols > COLS)
		cols = COLS - x;
	char *fit = text_fit(s ? s : "", (size_t)cols, pad);
	int w = term_width(fit);
	attr_t a = term_style(st);
	attron(a);
	mvaddstr(y, x, fit);
	attroff(a);
	free(fit);
	return w;
}

void
term_fill(int y, int x, int cols, enum style st)
{
	term_put(y, x, "", cols, st, true);
}

int
term_col(int width, int base, int div, int most)
{
	int w = base + (width > 80 && div > 0 ? (width - 80) / div : 0);
	return w < most ? w : most > base ? most : base;
}

void
term_scroll_marks(int y, int h, bool above, bool below)
{
	if (h <= 0 || COLS < 2)
		return;
	if (above)
		term_put(y, COLS - 1, "↑", 1, ST_HEADING, false);
	if (below)
		term_put(y + h - 1, COLS - 1, "↓", 1, ST_HEADING, false);
}

void
term_progress(int row, const char *what, int64_t done, int64_t total)
{
	char num[64];
	if (total > 0)
		/* L10N: progress: rows or changes done, of all */
		snprintf(num, sizeof num, _("%" PRId64 " of %" PRId64), done, total);
	else
		snprintf(num, sizeof num, "%" PRId64, done);
	int ww = term_width(what), nw = term_width(num);
	int bw = COLS - 4 - ww - nw - 4;
	int x = 2 + term_put(row, 2, what, ww, ST_HEADING, false) + 1;
	if (bw > 4) {
		int fill = total > 0 ? (int)((double)bw * (double)(done > total ? total : done)
					     / (double)total) : 0;
		char *bar = xmalloc((size_t)bw + 3);
		bar[0] = '[';
		for (int i = 0; i < bw; i++)
			bar[1 + i] = i < fill ? '#' : '-';
		bar[bw + 1] = ']';
		bar[bw + 2] = '\0';
		x += term_put(row, x, bar, bw + 2, ST_NORMAL, false) + 1;
		free(bar);
	}
	term_put(row, x, num, nw, ST_NORMAL, false);
}

int
term_put_wrapped(int y, int last, const char *text, enum style st)
{
	char out[8][TERM_LINE];
	int n = term_wrap(text, COLS - 4, out, 8);
	int i = 0;
	for (; i < n && y + i < last; i++)
		term_put(y + i, 2, out[i], COLS - 4, st, false);
	return i;
}

int
term_wrap(const char *text, int width, char out[][TERM_LINE], int max)
{
	int n = 0;
	size_t used = 0;
	char line[TERM_LINE] = "";
	const char *p = text;
	while (*p && n < max) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		if (len > TERM_LINE / 2)
			len = TERM_LINE / 2;   /* no word is that long; stay valid anyway */
		char cand[TERM_LINE * 2];
		snprintf(cand, sizeof cand, "%s%s%.*s", line, used ? " " : "", (int)len, p);
		p += len;
		size_t clen = strlen(cand);
		if (used && (term_width(cand) > width || clen >= TERM_LINE)) {
			memcpy(out[n++], line, used + 1);
			memcpy(line, p - len, len);
			line[len] = '\0';
			used = len;
		} else {
			memcpy(line, cand, clen + 1);
			used = clen;
		}
	}
	if (used && n < max)
		memcpy(out[n++], line, used + 1);
	return n;
}

void
term_draw_too_small(void)
{
	char rows[8][TERM_LINE];
	char *need = xasprintf(_("senda needs at least %d columns and %d lines."),
			       TERM_MIN_COLS, TERM_MIN_LINES);
	int width = COLS > 4 ? COLS - 2 : COLS;
	int n = term_wrap(_("Please make the window larger."), width, rows, 4);
	int m = term_wrap(need, width, rows + n, 4);
	free(need);
	int gap = 1;
	if (n + gap + m > LINES)
		gap = 0;
	if (n + m > LINES) {
		/* A tiny window: the need in short, so that nothing is cut. */
		/* L10N: the smallest window, in columns x lines, when there is
		 * no room for the whole sentence */
		need = xasprintf(_("At least %d×%d."), TERM_MIN_COLS, TERM_MIN_LINES);
		m = term_wrap(need, width, rows + n, 4);
		free(need);
	}
	erase();
	int top = (LINES - (n + m + gap)) / 2;
	if (top < 0)
		top = 0;
	for (int i = 0; i < n + m; i++) {
		int y = top + i + (i >= n ? gap : 0);
		int w = term_width(rows[i]);
		term_put(y, w < COLS ? (COLS - w) / 2 : 0, rows[i], COLS,
			 i < n ? ST_HEADING : ST_NORMAL, false);
	}
	curs_set(0);
	refresh();
}
