/* senda — the users screen, for coordinators: who uses senda here, their
 * roles and whether they have a PIN; a adds a user (name, role, PIN typed
 * twice), r changes the selected user's role, p gives her a new PIN (which
 * also unlocks her name), x disables her. Users other sites' bundles
 * brought are listed too, and cannot log in here. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/user.h"
#include "ui/keys.h"
#include "ui/line.h"
#include "ui/pin.h"
#include "ui/term.h"

enum users_mode {
	MODE_LIST,
	MODE_NAME,      /* the new user's name */
	MODE_ROLE,      /* a role: the new user's, or the selected one's */
	MODE_PIN,       /* a PIN: the new user's, or the selected one's */
	MODE_PIN_AGAIN,
};

struct users {
	senda_user *u;
	int n, cap, sel;
	enum users_mode mode;
	bool adding;          /* the modes are steps of a new user */
	struct line name;
	int role;
	struct pin_entry pin, again;
	char msg[512];        /* a refusal of the form, shown under it */
};

static int
add_row(const senda_user *u, void *ctx)
{
	struct users *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->u = xrealloc(s->u, (size_t)s->cap * sizeof *s->u);
	}
	s->u[s->n] = *u;
	s->u[s->n++].name = xstrdup(u->name);
	return 0;
}

static void
load(struct view *v)
{
	struct users *s = v->priv;
	for (int i = 0; i < s->n; i++)
		user_free(&s->u[i]);
	s->n = 0;
	senda_error err = { 0 };
	if (user_list(v->ui->db, add_row, s, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	if (s->sel >= s->n)
		s->sel = s->n - 1;
	if (s->sel < 0)
		s->sel = 0;
}

static bool
users_open(struct view *v, const void *arg)
{
	(void)arg;
	struct users *s = xcalloc(1, sizeof *s);
	v->priv = s;
	line_init(&s->name, USER_NAME_MAX);
	load(v);
	return true;
}

static void
users_close(struct view *v)
{
	struct users *s = v->priv;
	for (int i = 0; i < s->n; i++)
		user_free(&s->u[i]);
	free(s->u);
	line_free(&s->name);
	pin_clear(&s->pin);
	pin_clear(&s->again);
	free(s);
}

static void
to_list(struct users *s)
{
	s->mode = MODE_LIST;
	s->adding = false;
	line_clear(&s->name);
	pin_clear(&s->pin);
	pin_clear(&s->again);
}

/* The selected user, when she is one of this site's and not disabled. */
static const senda_user *
selected(struct view *v)
{
	struct users *s = v->priv;
	if (s->sel >= s->n)
		return NULL;
	const senda_user *u = &s->u[s->sel];
	if (!u->here || u->disabled) {
		/* L10N: the users screen, for a user who cannot be changed here */
		ui_msg(v->ui, MSG_ERROR, _("%s cannot be changed here (disabled, or of another site)."),
		       u->name);
		return NULL;
	}
	return u;
}

static const char *
state_text(const senda_user *u, char *buf, size_t n)
{
	if (u->disabled)
		snprintf(buf, n, "%s", _("disabled"));
	else if (!u->here)
		snprintf(buf, n, "%s", _("of another site"));
	else if (u->locked_ms > 0)
		/* L10N: the users screen: the name is locked after wrong PINs */
		snprintf(buf, n, "%s", _("locked"));
	else if (!u->has_pin)
		snprintf(buf, n, "%s", _("no PIN"));
	else
		buf[0] = '\0';
	return buf;
}

static void
users_draw(struct view *v, int y, int h)
{
	struct users *s = v->priv;
	int row = y + 1;
	int nw = term_col(COLS, 16, 3, 40);
	/* L10N: column heading in the users screen */
	term_put(row, 2, _("Name"), nw, ST_HEADING, false);
	/* L10N: column heading in the users screen */
	term_put(row, 3 + nw, _("Role"), 16, ST_HEADING, false);
	/* L10N: column heading in the users screen */
	term_put(row, 20 + nw, _("State"), COLS - 22 - nw, ST_HEADING, false);
	row++;
	int form_rows = s->mode == MODE_LIST ? 0 : 5;
	for (int i = 0; i < s->n && row < y + h - form_rows; i++, row++) {
		enum style st = i == s->sel && s->mode == MODE_LIST ? ST_SELECTED : ST_NORMAL;
		char state[64];
		term_fill(row, 1, COLS - 2, st);
		term_put(row, 2, s->u[i].name, nw, st, false);
		term_put(row, 3 + nw, role_label((enum senda_role)s->u[i].role), 16, st, false);
		term_put(row, 20 + nw, state_text(&s->u[i], state, sizeof state), COLS - 22 - nw, st,
			 false);
	}
	if (s->mode == MODE_LIST)
		return;
	row = y + h - form_rows;
	const char *who = s->adding ? line_text(&s->name)
			  : s->sel < s->n ? s->u[s->sel].name : "";
	switch (s->mode) {
	case MODE_NAME: {
		/* L10N: the users screen: the new user's name */
		int w = term_put(row, 2, _("New user's name:"), COLS / 2, ST_NORMAL, false);
		v->cur_y = row;
		v->cur_x = line_draw(&s->name, row, 3 + w, COLS - w - 5, ST_FIELD);
		break;
	}
	case MODE_ROLE: {
		/* L10N: the users screen; %s is a user's name */
		char *q = xasprintf(_("Role of %s:"), who);
		int w = term_put(row, 2, q, COLS / 2, ST_NORMAL, false);
		free(q);
		char *r = xasprintf("< %s >", role_label((enum senda_role)s->role));
		term_put(row, 3 + w, r, COLS - w - 5, ST_SELECTED, false);
		free(r);
		/* L10N: the users screen, under the role being chosen */
		term_put(row + 1, 2, _("Space or Up and Down change it; Enter takes it."), COLS - 4,
			 ST_HINT, false);
		break;
	}
	case MODE_PIN:
	case MODE_PIN_AGAIN: {
		/* L10N: the users screen; %s is a user's name */
		char *q = xasprintf(s->mode == MODE_PIN ? _("New PIN for %s (4 to 8 digits):")
				    : _("The same PIN again:"), who);
		int w = term_put(row, 2, q, COLS - 16, ST_NORMAL, false);
		free(q);
		pin_draw(s->mode == MODE_PIN ? &s->pin : &s->again, row, 3 + w, &v->cur_y, &v->cur_x);
		break;
	}
	default:
		break;
	}
	if (s->msg[0])
		term_put(row + 2, 2, s->msg, COLS - 4, ST_ERROR, false);
}

static void
form_error(struct users *s, const senda_error *err)
{
	senda_error_text(err, s->msg, sizeof s->msg);
}

/* Enter in a step of the form. */
static void
step(struct view *v)
{
	struct users *s = v->priv;
	senda_error err = { 0 };
	s->msg[0] = '\0';
	switch (s->mode) {
	case MODE_NAME:
		s->role = ROLE_ESL;
		s->mode = MODE_ROLE;
		return;
	case MODE_ROLE:
		if (s->adding) {
			s->mode = MODE_PIN;
			return;
		}
		if (user_set_role(v->ui->db, s->u[s->sel].name, s->role, &err) != SENDA_OK) {
			form_error(s, &err);
			return;
		}
		/* L10N: the users screen; a user's name, then her role */
		ui_msg(v->ui, MSG_OK, _("%s is now %s."), s->u[s->sel].name,
		       role_label((enum senda_role)s->role));
		break;
	case MODE_PIN:
		if (user_pin_check(pin_text(&s->pin), &err) != SENDA_OK) {
			pin_clear(&s->pin);
			form_error(s, &err);
			return;
		}
		s->mode = MODE_PIN_AGAIN;
		return;
	case MODE_PIN_AGAIN: {
		if (strcmp(s->pin.text, s->again.text) != 0) {
			pin_clear(&s->pin);
			pin_clear(&s->again);
			s->mode = MODE_PIN;
			/* L10N: the users screen */
			snprintf(s->msg, sizeof s->msg, "%s", _("The two PINs differ: type it again."));
			return;
		}
		char *name = xstrdup(s->adding ? line_text(&s->name) : s->u[s->sel].name);
		senda_err e = s->adding
			? user_add(v->ui->db, name, s->role, s->pin.text, NULL, &err)
			: user_set_pin(v->ui->db, name, s->pin.text, &err);
		if (e != SENDA_OK) {
			pin_clear(&s->pin);
			pin_clear(&s->again);
			form_error(s, &err);
			/* A name or role refused: back to the start of the form. */
			s->mode = s->adding ? MODE_NAME : MODE_PIN;
			free(name);
			return;
		}
		if (s->adding)
			/* L10N: the users screen; a user's name, then her role */
			ui_msg(v->ui, MSG_OK, _("%s was added as %s."), name,
			       role_label((enum senda_role)s->role));
		else
			/* L10N: the users screen; %s is a user's name */
			ui_msg(v->ui, MSG_OK, _("%s has a new PIN."), name);
		free(name);
		break;
	}
	default:
		return;
	}
	to_list(s);
	load(v);
}

static bool
users_handle(struct view *v, enum action act, int key)
{
	struct users *s = v->priv;
	if (s->mode == MODE_LIST) {
		const senda_user *u;
		switch (act) {
		case ACT_UP: if (s->sel > 0) s->sel--; return true;
		case ACT_DOWN: if (s->sel + 1 < s->n) s->sel++; return true;
		case ACT_NEW_USER:
			to_list(s);
			s->adding = true;
			s->mode = MODE_NAME;
			s->msg[0] = '\0';
			return true;
		case ACT_ROLE:
			if ((u = selected(v))) {
				s->role = u->role;
				s->mode = MODE_ROLE;
				s->msg[0] = '\0';
			}
			return true;
		case ACT_PIN:
			if (selected(v)) {
				s->mode = MODE_PIN;
				s->msg[0] = '\0';
			}
			return true;
		case ACT_DISABLE:
			if ((u = selected(v)) &&
			    /* L10N: the users screen; %s is a user's name */
			    ui_confirm_with(v->ui, N_("Disable %s? She can no longer log in."), u->name)) {
				senda_error err = { 0 };
				char *name = xstrdup(u->name);
				if (user_disable(v->ui->db, name, &err) != SENDA_OK)
					ui_error(v->ui, &err);
				else
					/* L10N: %s is a user's name */
					ui_msg(v->ui, MSG_OK, _("%s can no longer log in."), name);
				free(name);
				load(v);
			}
			return true;
		default:
			return false;
		}
	}
	if (act == ACT_BACK || key == K_CTRL('c')) {
		to_list(s);
		s->msg[0] = '\0';
		return true;
	}
	if (act == ACT_CHOOSE || act == ACT_SAVE) {
		step(v);
		return true;
	}
	switch (s->mode) {
	case MODE_NAME:
		if (act == ACT_NONE && key_is_text(key))
			line_insert(&s->name, key);
		else if (act == ACT_DEL_BACK)
			line_delete_back(&s->name);
		else if (act == ACT_LEFT)
			line_left(&s->name);
		else if (act == ACT_RIGHT)
			line_right(&s->name);
		return true;
	case MODE_ROLE:
		if (act == ACT_UP)
			s->role = (s->role + ROLE__COUNT - 1) % ROLE__COUNT;
		else if (act == ACT_DOWN || act == ACT_CYCLE)
			s->role = (s->role + 1) % ROLE__COUNT;
		return true;
	case MODE_PIN:
	case MODE_PIN_AGAIN: {
		struct pin_entry *p = s->mode == MODE_PIN ? &s->pin : &s->again;
		if (act == ACT_NONE && key_is_text(key))
			pin_key(p, key);
		else if (act == ACT_DEL_BACK)
			pin_back(p);
		return true;
	}
	default:
		return true;
	}
}

static bool
users_typing(struct view *v)
{
	enum users_mode m = ((struct users *)v->priv)->mode;
	return m == MODE_NAME || m == MODE_PIN || m == MODE_PIN_AGAIN;
}

static const enum action list_keys[] = {
	ACT_NEW_USER, ACT_ROLE, ACT_PIN, ACT_DISABLE, ACT_UP, ACT_DOWN, ACT_BACK, ACT_NONE
};
static const enum action list_bar[] = {
	ACT_NEW_USER, ACT_ROLE, ACT_PIN, ACT_DISABLE, ACT_BACK, ACT_NONE
};
static const enum action text_keys[] = {
	ACT_CHOOSE, ACT_SAVE, ACT_DEL_BACK, ACT_LEFT, ACT_RIGHT, ACT_BACK, ACT_NONE
};
static const enum action role_keys[] = {
	ACT_CHOOSE, ACT_UP, ACT_DOWN, ACT_CYCLE, ACT_BACK, ACT_NONE
};
static const enum action form_bar[] = { ACT_CHOOSE, ACT_BACK, ACT_NONE };

static const enum action *
users_keys_now(struct view *v)
{
	enum users_mode m = ((struct users *)v->priv)->mode;
	return m == MODE_LIST ? list_keys : m == MODE_ROLE ? role_keys : text_keys;
}

static const enum action *
users_bar_now(struct view *v)
{
	return ((struct users *)v->priv)->mode == MODE_LIST ? list_bar : form_bar;
}

const struct view_ops users_view = {
	.name = "users",
	/* L10N: title of the users screen */
	.title = N_("Users"),
	.about = N_("The people who use senda here. A coordinator may do everything; ESL "
		    "staff screen English levels and see names, languages and ESL history, "
		    "without phones or wages; volunteers make the follow-up calls; the hub "
		    "merges, reviews and reports. With more than one user, each one logs in "
		    "with her PIN of 4 to 8 digits."),
	.keys = list_keys,
	.bar = list_bar,
	.open = users_open,
	.close = users_close,
	.draw = users_draw,
	.handle = users_handle,
	.typing = users_typing,
	.keys_now = users_keys_now,
	.bar_now = users_bar_now,
	.resume = load,
};
