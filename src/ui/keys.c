/* senda — reading keys, and naming them for people. */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "senda/i18n.h"
#include "ui/keys.h"
#include "ui/term.h"

/* Key sequences that terminals send but their terminfo entry may not name
 * (tmux sends ESC [ 1 ~ for Home under TERM=xterm, the Linux console
 * ESC [ [ A for F1, ...). Taught to curses when it does not know them. */
static const struct {
	const char *seq;
	int code;
} extra_keys[] = {
	{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
	{ "\033OH", KEY_HOME }, { "\033[4~", KEY_END }, { "\033[8~", KEY_END },
	{ "\033[F", KEY_END }, { "\033OF", KEY_END }, { "\033[3~", KEY_DC },
	{ "\033[2~", KEY_IC }, { "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	{ "\033[A", KEY_UP }, { "\033OA", KEY_UP }, { "\033[B", KEY_DOWN },
	{ "\033OB", KEY_DOWN }, { "\033[C", KEY_RIGHT }, { "\033OC", KEY_RIGHT },
	{ "\033[D", KEY_LEFT }, { "\033OD", KEY_LEFT }, { "\033[Z", KEY_BTAB },
	{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) }, { "\033[11~", KEY_F(1) },
	{ "\033[12~", KEY_F(2) }, { "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
	{ "\033[21~", KEY_F(10) },
};

void
key_setup(void)
{
	for (size_t i = 0; i < sizeof extra_keys / sizeof extra_keys[0]; i++)
		if (key_defined(extra_keys[i].seq) == 0)
			define_key(extra_keys[i].seq, extra_keys[i].code);
}

/* One character or key code, as wget_wch would return it (OK with a
 * character, KEY_CODE_YES with a key code, ERR on a time-out or an
 * interruption), but the bytes of a character are never lost: wget_wch
 * drops the bytes of a character read so far when a key code comes between
 * them (KEY_RESIZE, when the window changes size while text arrives), so
 * the é of " Inés" typed just before a resize could vanish. Here the bytes
 * read so far wait, in the conversion state, for the rest. */
static int
read_wch(wint_t *out)
{
	static mbstate_t st;
	for (;;) {
		int c = wgetch(stdscr);
		if (c == ERR)
			return ERR;
		if (c >= KEY_MIN) {
			*out = (wint_t)c;
			return KEY_CODE_YES;
		}
		char b = (char)(unsigned char)c;
		wchar_t wc;
		size_t r = mbrtowc(&wc, &b, 1, &st);
		if (r == (size_t)-2)
			continue;   /* more bytes to come */
		if (r == (size_t)-1) {
			/* Not a character: drop what came before; this byte may
			 * begin the next one. */
			memset(&st, 0, sizeof st);
			r = mbrtowc(&wc, &b, 1, &st);
			if (r == (size_t)-2)
				continue;
			if (r == (size_t)-1) {
				memset(&st, 0, sizeof st);
				continue;
			}
		}
		*out = r == 0 ? 0 : (wint_t)wc;
		return OK;
	}
}

/* The rest of an escape sequence curses did not know (after ESC [, ESC O,
 * or a string such as ESC ] ... BEL): read and drop it, so that it never
 * turns into typed text. */
static void
swallow_sequence(int intro)
{
	bool string = intro == ']' || intro == 'P' || intro == '_' || intro == '^';
	wtimeout(stdscr, 50);
	for (int n = 0; n < (string ? 512 : 16); n++) {
		wint_t ch;
		int rc = read_wch(&ch);
		if (rc == KEY_CODE_YES)
			ungetch((int)ch);   /* a key (a resize): not part of it, kept */
		if (rc != OK)
			break;
		if (string) {
			if (ch == K_ESC) {   /* ESC \ ends the string: drop the \ too */
				if (read_wch(&ch) == KEY_CODE_YES)
					ungetch((int)ch);
				break;
			}
			if (ch == 7)
				break;
		} else if (intro == 'O' || (ch >= 0x40 && ch <= 0x7e && !(n == 0 && ch == '['))) {
			break;   /* the final byte */
		}
	}
	wtimeout(stdscr, -1);
}

int
key_read(void)
{
	return key_read_within(-1);
}

/* The window changed size and curses was not told: a SIGWINCH that came
 * between curses' look for one and its wait for a key is only seen at the
 * next key (the quit question once stayed drawn for 80 columns in a window
 * of 40). Asked while waiting; the screen is made the new size. */
static bool
size_changed_unseen(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 &&
	    ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) != 0)
		return false;
	if (ws.ws_row == 0 || ws.ws_col == 0 || !is_term_resized(ws.ws_row, ws.ws_col))
		return false;
	return resize_term(ws.ws_row, ws.ws_col) == OK;
}

static long
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* How long a wait for a key lasts before the size is looked at again. */
#define SIZE_LOOK_MS 500

int
key_read_within(int ms)
{
	long until = ms >= 0 ? now_ms() + ms : 0;
	for (;;) {
		wint_t ch;
		long left = ms >= 0 ? until - now_ms() : SIZE_LOOK_MS;
		if (left < 0)
			left = 0;
		wtimeout(stdscr, (int)(left < SIZE_LOOK_MS ? left : SIZE_LOOK_MS));
		int rc = read_wch(&ch);
		wtimeout(stdscr, -1);
		if (rc == ERR && size_changed_unseen())
			return K_FN(KEY_RESIZE);
		/* Nothing typed in time; an interruption or a look at the size
		 * before the time is up waits on. */
		if (rc == ERR && ms >= 0 && now_ms() >= until)
			return K_NONE;
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_ENTER)
				return K_ENTER;
			return K_FN((int)ch);
		}
		if (ch == '\n')
			return K_ENTER;
		if (ch == 127 || ch == 8)
			return K_FN(KEY_BACKSPACE);
		if (ch != K_ESC)
			return (int)ch;
		/* Esc: a second key soon after makes Alt-x (Esc 2 = F2). */
		wtimeout(stdscr, ESC_FOLLOW_MS);
		rc = read_wch(&ch);
		wtimeout(stdscr, -1);
		if (rc == ERR)
			return K_ESC;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ungetch(KEY_RESIZE);   /* the window changed: Esc, then that */
			return K_ESC;
		}
		if (rc == KEY_CODE_YES)
			return K_FN((int)ch);   /* Esc then a function key: the key */
		if (ch == K_ESC)
			return K_ESC;
		if (ch == '[' || ch == 'O' || ch == ']' || ch == 'P' || ch == '_' || ch == '^') {
			swallow_sequence((int)ch);
			continue;
		}
		if (ch == '\n' || ch == '\r')
			return K_ALT(K_ENTER);
		return K_ALT((int)ch);
	}
}

bool
key_is_text(int k)
{
	if (k <= 0 || (k & (KEY_FN_FLAG | KEY_ALT_FLAG)) || k > 0x10FFFF)
		return false;
	if (k < 0x20 || (k >= 0x7f && k < 0xa0))
		return false;
	return iswprint((wint_t)k) || k >= 0xa0;
}

bool
key_available(int k)
{
	if (!(k & KEY_FN_FLAG))
		return true;
	int c = k & ~KEY_FN_FLAG;
	/* Function keys: what terminfo says, not what key_setup taught curses. */
	if (c >= KEY_F(1) && c <= KEY_F(63))
		return term_has_fkey(c - KEY_F0);
	return has_key(c) == TRUE;
}

static const char *
fn_name(int c)
{
	switch (c) {
	/* L10N: names of keys, as printed on a Spanish keyboard where one is */
	case KEY_UP: return C_("key", "Up");
	case KEY_DOWN: return C_("key", "Down");
	case KEY_LEFT: return C_("key", "Left");
	case KEY_RIGHT: return C_("key", "Right");
	/* L10N: the Home key */
	case KEY_HOME: return C_("key", "Home");
	/* L10N: the End key */
	case KEY_END: return C_("key", "End");
	/* L10N: the Page Up key */
	case KEY_PPAGE: return C_("key", "PgUp");
	/* L10N: the Page Down key */
	case KEY_NPAGE: return C_("key", "PgDn");
	/* L10N: the Backspace key */
	case KEY_BACKSPACE: return C_("key", "Backspace");
	/* L10N: the Delete key */
	case KEY_DC: return C_("key", "Delete");
	/* L10N: Shift and Tab together */
	case KEY_BTAB: return C_("key", "Shift-Tab");
	default: return NULL;
	}
}

char *
key_label(int k, bool esc_form, char *buf, size_t n)
{
	if (k & KEY_ALT_FLAG) {
		char inner[32];
		key_label(k & ~KEY_ALT_FLAG, false, inner, sizeof inner);
		snprintf(buf, n, esc_form ? "Esc %s" : "Alt-%s", inner);
	} else if (k & KEY_FN_FLAG) {
		int c = k & ~KEY_FN_FLAG;
		const char *s = fn_name(c);
		if (s)
			snprintf(buf, n, "%s", s);
		else if (c >= KEY_F(1) && c <= KEY_F(24))
			snprintf(buf, n, "F%d", c - KEY_F0);
		else
			snprintf(buf, n, "#%d", c);
	} else if (k == K_ENTER) {
		/* L10N: the Enter key ("Intro" on Spanish keyboards) */
		snprintf(buf, n, "%s", C_("key", "Enter"));
	} else if (k == K_TAB) {
		snprintf(buf, n, "Tab");
	} else if (k == K_ESC) {
		snprintf(buf, n, "Esc");
	} else if (k == ' ') {
		/* L10N: the space bar */
		snprintf(buf, n, "%s", C_("key", "Space"));
	} else if (k > 0 && k < 0x20) {
		snprintf(buf, n, "Ctrl-%c", k + '@');
	} else {
		snprintf(buf, n, "%lc", (wint_t)k);
	}
	return buf;
}
