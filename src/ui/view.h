/* senda — screens ("views", as in tig): each screen is one file exporting
 * one struct of callbacks; the interface keeps a stack of open screens. */
#ifndef SENDA_UI_VIEW_H
#define SENDA_UI_VIEW_H

#include <stdarg.h>
#include <stdbool.h>
#include "senda/date.h"
#include "senda/db.h"
#include "senda/error.h"
#include "ui/action.h"

struct ui;
struct view;

struct view_ops {
	const char *name;             /* "home", "people", ... */
	const char *title;            /* N_(): shown in the title bar */
	const char *about;            /* N_(): a paragraph for the help screen */
	const enum action *keys;      /* every action it offers, ACT_NONE ended */
	const enum action *bar;       /* the ones on the key bar, most wanted first */
	bool (*open)(struct view *v, const void *arg);   /* false: not opened */
	void (*close)(struct view *v);
	void (*draw)(struct view *v, int y, int h);      /* rows [y, y + h) */
	/* act is ACT_NONE for text typed while typing() is true. True when
	 * handled; unhandled Help opens help, Back/Quit close the screen. */
	bool (*handle)(struct view *v, enum action act, int key);
	/* optional */
	bool (*typing)(struct view *v);     /* printable keys are text now */
	const enum action *(*keys_now)(struct view *v);  /* keys for the mode now */
	const enum action *(*bar_now)(struct view *v);   /* bar for the mode now */
	void (*resume)(struct view *v);     /* on top again: reload */
	void (*lang_changed)(struct view *v, enum date_order from);
	const char *(*title_now)(struct view *v);   /* N_(): the title for the mode now */
	const void *spec;     /* a generic screen's own table (ui/record_form.h) */
};

struct view {
	const struct view_ops *ops;
	struct ui *ui;
	void *priv;
	struct view *below;
	int cur_y, cur_x;     /* where to show the cursor; -1 = hidden */
};

/* The screen's title now (an N_() string: translate it with _()). */
static inline const char *
view_title(struct view *v)
{
	return v->ops->title_now ? v->ops->title_now(v) : v->ops->title;
}

enum msg_kind { MSG_INFO, MSG_OK, MSG_ERROR };

struct ui {
	senda_db *db;         /* NULL until first-run setup made the file */
	char *path;
	char *site, *user;    /* for the title bar */
	struct view *top;
	char *msg;            /* the message line (NULL: none) */
	enum msg_kind msg_kind;
	bool msg_shown;
	bool quit;
	int idle_s;           /* seconds without a key before the idle lock; 0: never */
	bool lock_on_idle;    /* the logged-in user has a PIN to unlock with */
};

/* Open a screen on top; false (and a message) when it could not open. */
bool ui_push(struct ui *ui, const struct view_ops *ops, const void *arg);
/* Close the top screen; the one below resumes. The last one quits. */
void ui_pop(struct ui *ui);
/* Close the top screen and open another in its place. */
bool ui_replace(struct ui *ui, const struct view_ops *ops, const void *arg);

void ui_msg(struct ui *ui, enum msg_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_error(struct ui *ui, const senda_error *err);
/* No message on the message line. */
void ui_msg_clear(struct ui *ui);
/* Say text on the message line at once, before a step that takes long
 * (it stays until the screen is drawn again). */
void ui_say_now(const char *text);

/* Read the site's and user's names again (after setup). */
void ui_load_names(struct ui *ui);

/* Someone logged in (or the only user opened the file): read the idle
 * lock's setting for her. */
void ui_logged_in(struct ui *ui);

/* The next key (key_read); after the idle lock's time without one, the
 * lock first (login_idle_lock), then a resize, so that the caller draws
 * its screen again. For every loop that waits for a key. */
int ui_read_key(struct ui *ui);

/* Whether the acting user's role may do a (action_perm). */
bool ui_may(struct ui *ui, enum action a);

/* Draw everything: title, the top screen, message line, key bar. */
void ui_draw(struct ui *ui);

/* F2: the other language, remembered for the user. */
void ui_switch_lang(struct ui *ui);

/* Ask a yes/no question (an N_() string, translated at each draw so that
 * F2 works here too). y/n in English, s/n in Spanish; Esc is no. */
bool ui_confirm(struct ui *ui, const char *question);
/* The same with one %s in question for arg (text already in the user's
 * language, e.g. a model's err->detail). */
bool ui_confirm_with(struct ui *ui, const char *question, const char *arg);
/* The same with a question that make(ctx) writes (a string to free), at
 * each draw, in the language of the moment. */
bool ui_confirm_made(struct ui *ui, char *(*make)(void *ctx), void *ctx);
/* Ask for a line of text (at most max_chars characters; 0: any) under a
 * question that make(ctx) writes at each draw: what was typed (valid UTF-8,
 * to free) when Enter is pressed, NULL for Esc. */
char *ui_ask_text(struct ui *ui, char *(*make)(void *ctx), void *ctx, size_t max_chars);

#endif
