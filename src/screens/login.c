/* senda — the login (choose your name, type your PIN) when the file has
 * more than one user or a PIN, and the idle lock: after some minutes
 * without a key the screen is blanked and asks the PIN of whoever is
 * logged in; the screens below are kept as they were, with whatever was
 * being typed, and come back after the PIN. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/site.h"
#include "senda/user.h"
#include "ui/keys.h"
#include "ui/pin.h"
#include "ui/term.h"

/* ---- the login screen ------------------------------------------------------- */

struct login {
	senda_user *users;
	int n, cap, sel;
	bool typing;          /* the PIN of users[sel] is being typed */
	struct pin_entry pin;
	char msg[512];        /* the last refusal, in the language of the moment */
};

static int
add_user(const senda_user *u, void *ctx)
{
	struct login *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->users = xrealloc(l->users, (size_t)l->cap * sizeof *l->users);
	}
	l->users[l->n] = *u;
	l->users[l->n++].name = xstrdup(u->name);
	return 0;
}

static void
free_users(struct login *l)
{
	for (int i = 0; i < l->n; i++)
		user_free(&l->users[i]);
	free(l->users);
	l->users = NULL;
	l->n = l->cap = 0;
}

static bool
login_open(struct view *v, const void *arg)
{
	(void)arg;
	struct login *l = xcalloc(1, sizeof *l);
	v->priv = l;
	senda_error err = { 0 };
	if (user_logins(v->ui->db, add_user, l, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	return true;
}

static void
login_close(struct view *v)
{
	struct login *l = v->priv;
	pin_clear(&l->pin);
	free_users(l);
	free(l);
}

static void
login_draw(struct view *v, int y, int h)
{
	struct login *l = v->priv;
	int row = y + 1;
	/* L10N: the login screen, above the list of names */
	row += term_put_wrapped(row, y + h, _("Who are you? Choose your name and type your PIN."),
				ST_HEADING);
	row++;
	for (int i = 0; i < l->n && row < y + h - 4; i++, row++) {
		bool sel = i == l->sel;
		char *line = xasprintf(" %s  (%s) ", l->users[i].name,
				       role_label((enum senda_role)l->users[i].role));
		term_put(row, 3, line, COLS - 6, sel ? ST_SELECTED : ST_NORMAL, false);
		free(line);
	}
	row++;
	if (l->typing && l->sel < l->n) {
		/* L10N: the login screen; %s is the chosen user's name */
		char *ask = xasprintf(_("PIN for %s:"), l->users[l->sel].name);
		int w = term_put(row, 3, ask, COLS - 20, ST_NORMAL, false);
		free(ask);
		pin_draw(&l->pin, row, 3 + w + 1, &v->cur_y, &v->cur_x);
		row += 2;
	}
	if (l->msg[0])
		term_put_wrapped(row, y + h, l->msg, ST_ERROR);
	else if (!l->typing)
		/* L10N: the login screen's hint */
		term_put_wrapped(row, y + h, _("Up and Down choose, Enter asks for the PIN."), ST_HINT);
}

/* Logged in: her language, her name in the title bar, and home. */
static void
logged_in(struct view *v, const senda_user *u)
{
	struct ui *ui = v->ui;
	/* Her language when she chose one (F2); until then the language the
	 * login screen is in (the one she just read) stays. */
	if (site_user_lang_chosen(ui->db) && i18n_known_lang(u->ui_lang) &&
	    strcmp(u->ui_lang, i18n_lang()) != 0)
		ui_switch_lang(ui);
	ui_msg_clear(ui);
	ui_load_names(ui);
	ui_logged_in(ui);
	/* A volunteer has the call list and the call screen only. */
	ui_replace(ui, db_actor_role(ui->db) == ROLE_VOLUNTEER ? &calls_view : &home_view, NULL);
}

static bool
login_handle(struct view *v, enum action act, int key)
{
	struct login *l = v->priv;
	if (key == K_CTRL('c')) {
		if (l->typing) {
			pin_clear(&l->pin);
			l->typing = false;
			/* L10N: the login screen, after Ctrl-C at the PIN */
			snprintf(l->msg, sizeof l->msg, "%s", _("The PIN was not sent; choose your name again."));
			return true;
		}
		ui_pop(v->ui);
		return true;
	}
	if (!l->typing) {
		switch (act) {
		case ACT_UP: if (l->sel > 0) l->sel--; l->msg[0] = '\0'; return true;
		case ACT_DOWN: if (l->sel + 1 < l->n) l->sel++; l->msg[0] = '\0'; return true;
		case ACT_CHOOSE:
			if (l->n > 0) {
				l->typing = true;
				l->msg[0] = '\0';
			}
			return true;
		default: return false;
		}
	}
	switch (act) {
	case ACT_NONE:
		if (key_is_text(key))
			pin_key(&l->pin, key);
		return true;
	case ACT_DEL_BACK:
		pin_back(&l->pin);
		return true;
	case ACT_BACK:
		pin_clear(&l->pin);
		l->typing = false;
		l->msg[0] = '\0';
		return true;
	case ACT_CHOOSE: {
		senda_error err = { 0 };
		senda_user u;
		senda_err e = user_login(v->ui->db, l->users[l->sel].name, pin_text(&l->pin), &u, &err);
		pin_clear(&l->pin);
		if (e != SENDA_OK) {
			senda_error_text(&err, l->msg, sizeof l->msg);
			return true;
		}
		logged_in(v, &u);   /* closes this screen */
		user_free(&u);
		return true;
	}
	default:
		return true;   /* nothing else while the PIN is typed */
	}
}

static bool
login_typing(struct view *v)
{
	return ((struct login *)v->priv)->typing;
}

static const enum action names_keys[] = { ACT_UP, ACT_DOWN, ACT_CHOOSE, ACT_QUIT, ACT_NONE };
static const enum action names_bar[] = { ACT_CHOOSE, ACT_QUIT, ACT_NONE };
static const enum action pin_keys[] = { ACT_CHOOSE, ACT_DEL_BACK, ACT_BACK, ACT_NONE };
static const enum action pin_bar[] = { ACT_CHOOSE, ACT_BACK, ACT_NONE };

static const enum action *
login_keys_now(struct view *v)
{
	return login_typing(v) ? pin_keys : names_keys;
}

static const enum action *
login_bar_now(struct view *v)
{
	return login_typing(v) ? pin_bar : names_bar;
}

const struct view_ops login_view = {
	.name = "login",
	/* L10N: title of the login screen */
	.title = N_("Log in"),
	.about = N_("Several people use senda on this computer, each with her own PIN of 4 to "
		    "8 digits. After 5 wrong PINs the name is locked for a minute, then longer; "
		    "a coordinator can give a new PIN."),
	.keys = names_keys,
	.bar = names_bar,
	.open = login_open,
	.close = login_close,
	.draw = login_draw,
	.handle = login_handle,
	.typing = login_typing,
	.keys_now = login_keys_now,
	.bar_now = login_bar_now,
};

/* ---- the idle lock ------------------------------------------------------------ */

/* Nothing of the screens below: the title, who must type her PIN, the field. */
static void
lock_draw(struct ui *ui, const struct pin_entry *pin, const char *msg)
{
	erase();
	term_fill(0, 0, COLS, ST_TITLE);
	/* L10N: the title bar while the screen is locked */
	char *title = xasprintf(" senda · %s", _("Locked"));
	term_put(0, 0, title, COLS, ST_TITLE, false);
	free(title);
	int row = 2;
	/* L10N: the idle lock; %s is the logged-in user's name */
	char *text = xasprintf(_("The screen locked itself after a while without a key. %s, "
				 "type your PIN to go on where you were."),
			       ui->user ? ui->user : "");
	row += term_put_wrapped(row, LINES - 3, text, ST_HEADING);
	free(text);
	row++;
	/* L10N: the idle lock, before the PIN field */
	int w = term_put(row, 3, _("PIN:"), 20, ST_NORMAL, false);
	int cy, cx;
	pin_draw(pin, row, 3 + w + 1, &cy, &cx);
	if (msg && *msg)
		term_put_wrapped(row + 2, LINES - 3, msg, ST_ERROR);
	term_fill(LINES - 1, 0, COLS, ST_BAR);
	/* L10N: the idle lock's key bar */
	term_put(LINES - 1, 1, _("Enter: unlock   F2: language"), COLS - 2, ST_BAR, false);
	curs_set(1);
	move(cy, cx);
	refresh();
}

void
login_idle_lock(struct ui *ui)
{
	/* Blank the whole terminal first, the copy curses keeps included, and
	 * its scrollback (xterm's E3; other terminals ignore it). */
	clear();
	refresh();
	putp("\033[3J");
	fflush(stdout);
	struct pin_entry pin;
	memset(&pin, 0, sizeof pin);
	char msg[512] = "";
	/* What the message under the PIN is, so that F2 says it again in the
	 * other language: an unlock refused (its words were made in the
	 * language of then: after F2 only what they mean is said again), or
	 * the answer to Ctrl-C. */
	enum { LOCK_NO_MSG, LOCK_REFUSED, LOCK_NOTHING_SENT } said = LOCK_NO_MSG;
	senda_err refused = SENDA_OK;
	for (;;) {
		if (said == LOCK_NOTHING_SENT)
			/* L10N: the idle lock, after Ctrl-C or Esc */
			snprintf(msg, sizeof msg, "%s", _("Nothing was sent. Type your PIN, then Enter."));
		if (term_too_small())
			term_draw_too_small();   /* says nothing of what is locked */
		else
			lock_draw(ui, &pin, msg);
		int key = key_read();
		if (key == K_FN(KEY_RESIZE))
			continue;
		if (key == K_FN(KEY_F(2)) || key == K_ALT('2')) {
			ui_switch_lang(ui);
			ui_msg_clear(ui);
			if (said == LOCK_REFUSED)
				snprintf(msg, sizeof msg, "%s", senda_strerror(refused));
			continue;
		}
		if (key == K_CTRL('c') || key == K_ESC) {
			pin_clear(&pin);
			said = LOCK_NOTHING_SENT;
			continue;
		}
		if (key == K_FN(KEY_BACKSPACE)) {
			pin_back(&pin);
			continue;
		}
		if (key == K_ENTER) {
			senda_error err = { 0 };
			senda_err e = user_unlock(ui->db, pin_text(&pin), &err);
			pin_clear(&pin);
			if (e == SENDA_OK)
				break;
			senda_error_text(&err, msg, sizeof msg);
			said = LOCK_REFUSED;
			refused = e;
			continue;
		}
		if (key_is_text(key))
			pin_key(&pin, key);
	}
	pin_clear(&pin);
	clearok(curscr, TRUE);   /* the screens below are drawn again, whole */
}
