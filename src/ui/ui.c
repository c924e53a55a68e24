/* senda — the interface: the stack of screens, the title bar, the message
 * line, the key bar, language switching and the main loop. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screens/screens.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/perm.h"
#include "senda/user.h"
#include "senda/site.h"
#include "senda/ui.h"
#include "ui/fmt.h"
#include "ui/keys.h"
#include "ui/term.h"
#include "ui/view.h"

/* ---- the stack ----------------------------------------------------------- */

bool
ui_push(struct ui *ui, const struct view_ops *ops, const void *arg)
{
	struct view *v = xcalloc(1, sizeof *v);
	v->ops = ops;
	v->ui = ui;
	v->below = ui->top;
	v->cur_y = v->cur_x = -1;
	if (!ops->open(v, arg)) {
		free(v);
		return false;
	}
	ui->top = v;
	return true;
}

static void
close_top(struct ui *ui)
{
	struct view *v = ui->top;
	if (!v)
		return;
	ui->top = v->below;
	v->ops->close(v);
	free(v);
}

void
ui_pop(struct ui *ui)
{
	close_top(ui);
	if (!ui->top)
		ui->quit = true;
	else if (ui->top->ops->resume)
		ui->top->ops->resume(ui->top);
}

bool
ui_replace(struct ui *ui, const struct view_ops *ops, const void *arg)
{
	close_top(ui);
	if (ui_push(ui, ops, arg))
		return true;
	if (!ui->top)
		ui->quit = true;
	else if (ui->top->ops->resume)
		ui->top->ops->resume(ui->top);
	return false;
}

/* ---- messages -------------------------------------------------------------- */

/* The most lines a long message takes above the key bar. */
#define MSG_LINES 3

void
ui_msg(struct ui *ui, enum msg_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m;
	int r = vasprintf(&m, fmt, ap);
	va_end(ap);
	if (r < 0)
		xalloc_die();
	free(ui->msg);
	ui->msg = m;
	ui->msg_kind = kind;
	ui->msg_shown = false;
}

void
ui_msg_clear(struct ui *ui)
{
	free(ui->msg);
	ui->msg = NULL;
}

void
ui_say_now(const char *text)
{
	if (term_too_small())
		return;
	term_fill(LINES - 2, 0, COLS, ST_NORMAL);
	term_put(LINES - 2, 1, text, COLS - 2, ST_NORMAL, false);
	refresh();
}

void
ui_error(struct ui *ui, const senda_error *err)
{
	char buf[512];
	ui_msg(ui, MSG_ERROR, "%s", senda_error_text(err, buf, sizeof buf));
}

void
ui_load_names(struct ui *ui)
{
	free(ui->site);
	free(ui->user);
	ui->site = ui->user = NULL;
	if (!ui->db)
		return;
	senda_error err = { 0 };
	senda_err e = site_name(ui->db, &ui->site, &err);
	if (e == SENDA_OK || e == SENDA_E_NOTFOUND)
		e = site_user_name(ui->db, &ui->user, &err);
	if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
		ui_error(ui, &err);
}

/* ---- what the acting user may do ----------------------------------------------- */

bool
ui_may(struct ui *ui, enum action a)
{
	int p = action_perm(a);
	return p < 0 || !ui->db ||
	       perm_allowed((enum senda_role)db_actor_role(ui->db), (enum senda_perm)p);
}

/* ---- drawing ---------------------------------------------------------------- */

static void
draw_title(struct ui *ui)
{
	term_fill(0, 0, COLS, ST_TITLE);
	char *left = xasprintf(" senda · %s", _(view_title(ui->top)));
	char *right = NULL;
	if (ui->site && ui->user)
		right = xasprintf("%s · %s ", ui->site, ui->user);
	int rw = right ? term_width(right) : 0;
	int lw = term_width(left);
	if (rw > COLS - lw - 2)
		rw = COLS - lw - 2;
	term_put(0, 0, left, COLS, ST_TITLE, false);
	if (right && rw > 8)
		term_put(0, COLS - rw, right, rw, ST_TITLE, false);
	free(left);
	free(right);
}

static void
draw_bar(struct ui *ui)
{
	struct view *v = ui->top;
	bool typing = v->ops->typing && v->ops->typing(v);
	const enum action *bar = v->ops->bar_now ? v->ops->bar_now(v) : v->ops->bar;
	enum action items[24];
	int keys[24], n = 0, nview;
	for (const enum action *a = bar; a && *a != ACT_NONE && n < 20; a++)
		if (ui_may(ui, *a))
			items[n++] = *a;
	nview = n;
	items[n++] = ACT_HELP;
	items[n++] = ACT_LANG;
	/* Drop the screen's least wanted actions until the bar fits. */
	for (;;) {
		int w = 0;
		for (int i = 0; i < n; i++) {
			char name[48];
			keys[i] = action_bar_key(items[i], typing);
			if (keys[i] == K_NONE)
				continue;
			w += term_width(key_label(keys[i], false, name, sizeof name)) + 1
			     + term_width(_(action_def(items[i])->label)) + 2;
		}
		if (w <= COLS || nview == 0)
			break;
		/* Esc (Back) stays to the last: without it nobody finds the way out. */
		int drop = nview - 1;
		while (drop > 0 && items[drop] == ACT_BACK)
			drop--;
		memmove(&items[drop], &items[drop + 1], (size_t)(n - drop - 1) * sizeof items[0]);
		n--;
		nview--;
	}
	int y = LINES - 1, x = 0;
	term_fill(y, 0, COLS, ST_BAR);
	for (int i = 0; i < n && x < COLS; i++) {
		char name[48];
		if (keys[i] == K_NONE)
			continue;
		x += term_put(y, x, key_label(keys[i], false, name, sizeof name), COLS - x,
			      ST_BAR_KEY, false);
		x += 1;
		x += term_put(y, x, _(action_def(items[i])->label), COLS - x, ST_BAR, false);
		x += 2;
	}
}

void
ui_draw(struct ui *ui)
{
	if (term_too_small()) {
		term_draw_too_small();
		return;
	}
	erase();
	struct view *v = ui->top;
	v->cur_y = v->cur_x = -1;
	draw_title(ui);
	/* A message wider than its line takes more lines, up to MSG_LINES
	 * (until the next key): the screen is drawn in the lines above them,
	 * so that what the message says to do is not cut off and hides
	 * nothing of the screen's own (a form's last line says what is wrong
	 * with a field). */
	char lines[MSG_LINES + 1][TERM_LINE];
	int n = ui->msg && ui->msg[0] ? term_wrap(ui->msg, COLS - 2, lines, MSG_LINES + 1) : 0;
	int extra = n > MSG_LINES ? MSG_LINES - 1 : n > 1 ? n - 1 : 0;
	v->ops->draw(v, 1, LINES - 3 - extra);
	if (ui->msg && ui->msg[0]) {
		enum style st = ui->msg_kind == MSG_ERROR ? ST_ERROR
			: ui->msg_kind == MSG_OK ? ST_OK : ST_NORMAL;
		if (n <= 1) {
			term_put(LINES - 2, 1, ui->msg, COLS - 2, st, false);
		} else {
			int shown = n > MSG_LINES ? MSG_LINES : n;
			for (int i = 0; i < shown; i++) {
				int y = LINES - 1 - shown + i;
				term_fill(y, 0, COLS, ST_NORMAL);
				if (i == shown - 1 && n > shown) {
					/* more than fits: the last line ends in an ellipsis */
					char *more = xasprintf("%s %s", lines[i], lines[i + 1]);
					term_put(y, 1, more, COLS - 2, st, false);
					free(more);
				} else {
					term_put(y, 1, lines[i], COLS - 2, st, false);
				}
			}
		}
		ui->msg_shown = true;
	}
	draw_bar(ui);
	if (v->cur_y >= 0 && v->cur_x >= 0 && v->cur_x < COLS) {
		curs_set(1);
		move(v->cur_y, v->cur_x);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- language ------------------------------------------------------------- */

void
ui_switch_lang(struct ui *ui)
{
	enum date_order from = field_date_order();
	const char *to = strcmp(i18n_lang(), "es") == 0 ? "en" : "es";
	i18n_set_lang(to);
	for (struct view *v = ui->top; v; v = v->below)
		if (v->ops->lang_changed)
			v->ops->lang_changed(v, from);
	senda_error err = { 0 };
	/* Remembered for whoever is logged in; on the login screen, for nobody
	 * (the handle acts as no role until then). */
	if (ui->db && site_is_setup(ui->db) && db_actor_role(ui->db) < ROLE__COUNT &&
	    site_set_user_lang(ui->db, to, &err) != SENDA_OK) {
		ui_error(ui, &err);
		return;
	}
	ui_msg(ui, MSG_INFO, "%s", strcmp(to, "es") == 0
	       ? _("The interface is now in Spanish.")
	       : _("The interface is now in English."));
}

/* ---- the loop ---------------------------------------------------------------- */

static int
only_user(const senda_user *u, void *ctx)
{
	db_set_actor(ctx, u->id, u->role);
	return 1;
}

/* Keys that arrive while the window is too small wait here and act once it
 * is large enough again: a terminal reports the new size before the keys
 * typed just before it, and those must not be lost. */
#define PENDING_MAX 256
static int pending[PENDING_MAX];
static int npending;

static void
dispatch(struct ui *ui, int key)
{
	struct view *v = ui->top;
	bool typing = v->ops->typing && v->ops->typing(v);
	enum action act = ACT_NONE;
	if (!(typing && key_is_text(key)))
		act = action_for_key(v->ops->keys_now ? v->ops->keys_now(v) : v->ops->keys, key);
	if (term_too_small() && act != ACT_LANG) {
		if (npending < PENDING_MAX)
			pending[npending++] = key;
		return;
	}
	switch (act) {
	case ACT_LANG: ui_switch_lang(ui); return;
	case ACT_REDRAW: clearok(curscr, TRUE); return;
	default: break;
	}
	if (!ui_may(ui, act)) {
		/* Not on the bar nor in the help: the key only says so. */
		ui_msg(ui, MSG_ERROR, /* L10N: %s is a role ("ESL staff"), then what it may not do ("merge other sites' files") */
		       _("Not allowed: your role (%s) may not %s."),
		       role_label((enum senda_role)db_actor_role(ui->db)),
		       perm_label((enum senda_perm)action_perm(act)));
		return;
	}
	if (v->ops->handle(v, act, key))
		return;
	if (act == ACT_HELP)
		ui_push(ui, &help_view, v);
	else if (act == ACT_SEARCH && ui->db)
		ui_push(ui, &people_view, "search");   /* / finds a participant anywhere */
	else if (act == ACT_BACK || act == ACT_QUIT)
		ui_pop(ui);
}

/* For the benchmarks: SENDA_TIMING=FILE receives the milliseconds from the
 * start of main to the first screen on the terminal. */
static void
report_first_screen(const char *db_path)
{
	const char *path = getenv("SENDA_TIMING");
	if (!path || !*path)
		return;
	char line[32];
	int n = snprintf(line, sizeof line, "%.1f\n", clock_since_start_ms());
	/* Through outfile like every file senda writes (never the database,
	 * never through a link); a benchmark's file may be replaced. */
	outfile_write(path, line, (size_t)n, db_path, OUTFILE_FORCE, NULL);
}

/* The interface language: the one the user chose (F2, or at first-run
 * setup) is remembered; until the user has chosen, LANGUAGE (or LC_ALL,
 * LC_MESSAGES, LANG) decides; when the environment names neither English
 * nor Spanish, the language the file was set up with. */
static senda_err
choose_lang(senda_db *db, senda_error *err)
{
	if (!db || !site_is_setup(db))
		return SENDA_OK;
	char *lang = NULL;
	senda_err e = SENDA_OK;
	if (site_user_lang_chosen(db) || !*i18n_env_lang())
		e = site_user_lang(db, &lang, err);
	if (e == SENDA_E_NOTFOUND)
		e = SENDA_OK;
	if (lang)
		i18n_set_lang(lang);
	free(lang);
	return e;
}

int
ui_read_key(struct ui *ui)
{
	if (!ui->lock_on_idle || ui->idle_s <= 0)
		return key_read();
	int key = key_read_within(ui->idle_s * 1000);
	if (key != K_NONE)
		return key;
	login_idle_lock(ui);
	return K_FN(KEY_RESIZE);   /* the caller draws its screen again */
}

void
ui_logged_in(struct ui *ui)
{
	senda_error err = { 0 };
	ui->lock_on_idle = user_actor_has_pin(ui->db);
	if (user_idle_seconds(ui->db, &ui->idle_s, &err) != SENDA_OK)
		ui_error(ui, &err);
}

/* Who opens the file: with more than one user or a PIN, nobody until the
 * login screen says (*login true, and the handle may do nothing till
 * then); else the only user, as before users existed. */
static bool
start_login(struct ui *ui, bool *login)
{
	senda_error err = { 0 };
	senda_err e = user_login_needed(ui->db, login, &err);
	if (e == SENDA_OK && *login) {
		db_set_actor(ui->db, NULL, ROLE__COUNT);
		return true;
	}
	if (e == SENDA_OK)
		e = user_logins(ui->db, only_user, ui->db, &err);
	if (e != SENDA_OK) {
		char buf[512];
		term_stop();
		fprintf(stderr, "senda: %s\n", senda_error_text(&err, buf, sizeof buf));
		return false;
	}
	ui_logged_in(ui);
	return true;
}

int
ui_run(const char *db_path)
{
	char why[512];
	struct ui ui;
	memset(&ui, 0, sizeof ui);
	ui.path = xstrdup(db_path);
	if (access(db_path, F_OK) == 0) {
		senda_error err = { 0 };
		if (db_open(db_path, 0, &ui.db, &err) != SENDA_OK) {
			char buf[512];
			fprintf(stderr, "senda: %s\n", senda_error_text(&err, buf, sizeof buf));
			free(ui.path);
			return 1;
		}
		senda_err e = choose_lang(ui.db, &err);
		if (e != SENDA_OK) {
			char buf[512];
			fprintf(stderr, "senda: %s\n", senda_error_text(&err, buf, sizeof buf));
			db_close(ui.db);
			free(ui.path);
			return 1;
		}
	}
	/* After the language: a refusal is in the user's language. */
	if (!term_usable(why, sizeof why)) {
		fprintf(stderr, "%s\n", why);
		db_close(ui.db);
		free(ui.path);
		return 1;
	}
	term_start();
	bool ready = ui.db && site_is_setup(ui.db);
	bool login = false;
	if (ready && !start_login(&ui, &login)) {
		term_stop();
		db_close(ui.db);
		free(ui.path);
		return 1;
	}
	if (ready && !login)
		ui_load_names(&ui);
	/* A volunteer has the call list and the call screen only (after the
	 * login, login.c opens the same for her). */
	bool calls_only = ready && !login && db_actor_role(ui.db) == ROLE_VOLUNTEER;
	ui_push(&ui, !ready ? &setup_view : login ? &login_view : calls_only ? &calls_view : &home_view,
		NULL);
	bool first = true;
	while (!ui.quit && ui.top) {
		ui_draw(&ui);
		if (first) {
			first = false;
			report_first_screen(ui.path);
		}
		int key = ui_read_key(&ui);
		if (key == K_FN(KEY_RESIZE)) {
			/* Large enough again: the keys kept meanwhile act now. */
			for (int i = 0; i < npending && !term_too_small() && !ui.quit && ui.top; i++)
				dispatch(&ui, pending[i]);
			if (!term_too_small())
				npending = 0;
			continue;
		}
		if (ui.msg_shown)
			ui_msg_clear(&ui);
		dispatch(&ui, key);
	}
	while (ui.top)
		close_top(&ui);
	term_stop();
	db_close(ui.db);
	free(ui.path);
	free(ui.site);
	free(ui.user);
	free(ui.msg);
	return 0;
}
