/* senda — one referral: program, partner, status and its history. c moves
 * the status along (a change the model finds odd asks first); w writes the
 * slip to a file, and offers it to the printer when lp is there. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screens/record_pathway.h"
#include "screens/screens.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/participant.h"
#include "senda/partner.h"
#include "senda/referral.h"
#include "ui/fmt.h"
#include "ui/form.h"
#include "ui/keys.h"
#include "ui/print.h"
#include "ui/term.h"

#define PATH_MAX_CHARS 1024

enum mode { VIEW, STATUS, SLIP };

struct hist {
	char *status, *on, *note, *by;
};

struct rv {
	char id[UUID_LEN];
	referral r;
	char *person;
	char *credential_offered;   /* what the program leads to */
	struct hist *h;
	int nh, cap;
	enum mode mode;
	struct form form;
	bool has_form;
	struct field_choice choices[8];
	int scroll, body_h;
};

static void
free_hist(struct rv *rv)
{
	for (int i = 0; i < rv->nh; i++) {
		free(rv->h[i].status);
		free(rv->h[i].on);
		free(rv->h[i].note);
		free(rv->h[i].by);
	}
	rv->nh = 0;
}

static int
add_hist(const referral_change *c, void *ctx)
{
	struct rv *rv = ctx;
	if (rv->nh == rv->cap) {
		rv->cap = rv->cap ? rv->cap * 2 : 8;
		rv->h = xrealloc(rv->h, (size_t)rv->cap * sizeof *rv->h);
	}
	struct hist *h = &rv->h[rv->nh++];
	h->status = xstrdup(c->status ? c->status : "");
	h->on = xstrdup(c->changed_on ? c->changed_on : "");
	h->note = xstrdup(c->note ? c->note : "");
	h->by = xstrdup(c->changed_by ? c->changed_by : "");
	return 0;
}

static bool
load(struct view *v)
{
	struct rv *rv = v->priv;
	senda_db *db = v->ui->db;
	senda_error err = { 0 };
	if (referral_get(db, rv->id, &rv->r, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return false;
	}
	participant p;
	free(rv->person);
	rv->person = NULL;
	if (participant_get(db, rv->r.participant_id, &p, &err) == SENDA_OK) {
		char name[512];
		rv->person = xstrdup(participant_display_name(&p, name, sizeof name));
		participant_free(&p);
	}
	program g;
	free(rv->credential_offered);
	rv->credential_offered = NULL;
	if (program_get(db, rv->r.program_id, &g, &err) == SENDA_OK) {
		rv->credential_offered = xstrdup(g.credential ? g.credential : "");
		program_free(&g);
	}
	free_hist(rv);
	if (referral_history(db, rv->r.id, add_hist, rv, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	return true;
}

/* ---- the forms ------------------------------------------------------------ */

static void
drop_form(struct rv *rv)
{
	if (rv->has_form)
		form_free(&rv->form);
	rv->has_form = false;
	rv->mode = VIEW;
}

/* The statuses to move to, the usual next ones first. */
static void
make_choices(struct rv *rv)
{
	static const char *const next[][7] = {
		{ "contacted", "enrolled", "declined", "no_show", "completed", "not_completed", NULL },
		{ "enrolled", "declined", "no_show", "completed", "not_completed", "referred", NULL },
		{ "completed", "not_completed", "declined", "no_show", "contacted", "referred", NULL },
	};
	int row = !strcmp(rv->r.status, "referred") ? 0 : !strcmp(rv->r.status, "contacted") ? 1
		: !strcmp(rv->r.status, "enrolled") ? 2 : -1;
	int n = 0;
	if (row >= 0)
		for (int i = 0; next[row][i]; i++)
			rv->choices[n++] = (struct field_choice){ next[row][i],
				referral_status_label(next[row][i]) };
	else   /* closed: any other status reopens it */
		for (int i = 0; referral_statuses[i]; i++)
			if (strcmp(referral_statuses[i], rv->r.status))
				rv->choices[n++] = (struct field_choice){ referral_statuses[i],
					referral_status_label(referral_statuses[i]) };
	rv->choices[n] = (struct field_choice){ NULL, NULL };
}

static void
start_status(struct rv *rv)
{
	drop_form(rv);
	make_choices(rv);
	/* Labels are the model's, so that its errors find their field. */
	const struct form_field defs[] = {
		FORM_FIELD("status", N_("Status"), FIELD_CHOICE, true, 0, rv->choices),
		FORM_FIELD("date", N_("Status date"), FIELD_DATE, true, 0, NULL),
		FORM_FIELD("note", N_("Note"), FIELD_TEXT, false, 500, NULL),
		FORM_FIELD("credential", N_("Credential"), FIELD_TEXT, false, 120, NULL),
	};
	form_init(&rv->form, defs, 4);
	char iso[11], day[32];
	date_to_iso(clock_today(), iso);
	form_set(&rv->form, "date", fmt_date(iso, day, sizeof day));
	form_mark_clean(&rv->form);
	rv->has_form = true;
	rv->mode = STATUS;
}

static void
start_slip(struct rv *rv)
{
	drop_form(rv);
	const struct form_field defs[] = {
		/* L10N: where to write the referral slip */
		FORM_FIELD("path", N_("File name"), FIELD_TEXT, true, PATH_MAX_CHARS, NULL),
	};
	form_init(&rv->form, defs, 1);
	const char *home = getenv("HOME");
	/* L10N: the slip's file name; %s is the referral's code */
	char *name = xasprintf(_("referral-%s.txt"), rv->r.code);
	char *path = home && *home && access(home, W_OK) == 0
		? xasprintf("%s/%s", home, name) : xstrdup(name);
	free(name);
	form_set(&rv->form, "path", path);
	free(path);
	form_mark_clean(&rv->form);
	rv->form.enter_submits = true;
	rv->has_form = true;
	rv->mode = SLIP;
}

static bool
rv_open(struct view *v, const void *arg)
{
	const struct referral_arg *a = arg;
	struct rv *rv = xcalloc(1, sizeof *rv);
	v->priv = rv;
	snprintf(rv->id, sizeof rv->id, "%s", a->id);
	if (!load(v)) {
		free(rv);
		return false;
	}
	if (a->write_slip)
		start_slip(rv);
	return true;
}

static void
rv_close(struct view *v)
{
	struct rv *rv = v->priv;
	drop_form(rv);
	free_hist(rv);
	free(rv->h);
	free(rv->person);
	free(rv->credential_offered);
	free(rv);
}

/* ---- drawing -------------------------------------------------------------- */

static void
pair(struct canvas *c, const char *label, const char *value, enum style st)
{
	int sy;
	if (canvas_visible(c, &sy)) {
		int w = term_width(label);
		int lw = w < 16 ? 16 : w;
		term_put(sy, 2, label, lw, ST_HINT, false);
		term_put(sy, 2 + lw + 1, value, COLS - lw - 5, st, false);
	}
	c->row++;
}

static void
header(struct canvas *c, struct rv *rv)
{
	const referral *r = &rv->r;
	char *head = xasprintf("%s · %s — %s", r->code, r->program_name, r->partner_name);
	canvas_text(c, 1, head, ST_HEADING);
	free(head);
	char since[64], on[64], *status;
	sdate d;
	since[0] = on[0] = '\0';
	if (date_from_iso(r->status_on, &d) == DATE_OK)
		date_words(d, i18n_lang(), since, sizeof since);
	if (date_from_iso(r->referred_on, &d) == DATE_OK)
		date_words(d, i18n_lang(), on, sizeof on);
	const char *label = referral_status_label(r->status);
	if (r->overdue)
		/* L10N: status, since when, and that it is overdue: days without change */
		status = xasprintf(_("%s since %s — overdue: no change in %d days"),
				   label ? _(label) : r->status, since, r->days_in_status);
	else
		/* L10N: a referral's status and the day it changed */
		status = xasprintf(_("%s since %s"), label ? _(label) : r->status, since);
	/* L10N: labels in the referral screen; at most 16 columns */
	pair(c, _("Participant"), rv->person ? rv->person : "", ST_NORMAL);
	pair(c, _("Status"), status, r->overdue ? ST_ERROR : ST_NORMAL);
	free(status);
	/* L10N: when and by whom a referral was made */
	char *by = xasprintf(_("%s, by %s"), on, r->referred_by);
	pair(c, _("Referred"), by, ST_NORMAL);
	free(by);
	if (*r->credential)
		pair(c, _("Credential"), r->credential, ST_OK);
}

static void
history(struct canvas *c, struct rv *rv)
{
	canvas_text(c, 1, _("History"), ST_HEADING);
	for (int i = 0; i < rv->nh; i++) {
		const struct hist *h = &rv->h[i];
		int sy;
		if (canvas_visible(c, &sy)) {
			char day[32];
			const char *label = referral_status_label(h->status);
			fmt_date(h->on, day, sizeof day);
			int x = 2;
			x += term_put(sy, x, day, 10, ST_NORMAL, true) + 1;
			x += term_put(sy, x, label ? _(label) : h->status, 17, ST_HEADING, true) + 1;
			x += term_put(sy, x, h->by, 16, ST_HINT, true) + 1;
			term_put(sy, x, h->note, COLS - x - 1, ST_NORMAL, false);
		}
		c->row++;
	}
}

static void
rv_draw(struct view *v, int y, int h)
{
	struct rv *rv = v->priv;
	struct canvas c = { y, h, rv->mode == VIEW ? rv->scroll : 0, 0 };
	header(&c, rv);
	c.row++;
	if (rv->mode == VIEW) {
		history(&c, rv);
		c.row++;
		canvas_text(&c, 2, _("Press c to change the status, w to write the slip."), ST_HINT);
		rv->body_h = c.row;
		if (rv->scroll > 0 && rv->scroll > rv->body_h - h) {
			rv->scroll = rv->body_h > h ? rv->body_h - h : 0;
			canvas_clear(y, h);
			rv_draw(v, y, h);
			return;
		}
		canvas_marks(&c);
		return;
	}
	int top = y + c.row;
	if (rv->mode == SLIP) {
		char lines[3][TERM_LINE];
		int n = term_wrap(_("The slip is in the participant's language first, then the "
				    "other. Where should it go?"), COLS - 4, lines, 3);
		for (int i = 0; i < n && top < y + h; i++)
			term_put(top++, 2, lines[i], COLS - 4, ST_HINT, false);
		top++;
	}
	int fh = form_lines(&rv->form);
	if (fh > y + h - top)
		fh = y + h - top;
	form_draw(&rv->form, top, fh, &v->cur_y, &v->cur_x);
	if (rv->mode == STATUS && !strcmp(form_get(&rv->form, "status"), "completed") &&
	    top + fh + 1 < y + h) {
		char *hint = rv->credential_offered && *rv->credential_offered
			/* L10N: %s is the credential a program leads to, e.g. Nurse Aide I */
			? xasprintf(_("Type the credential earned, if any (this program leads to: %s)."),
				    rv->credential_offered)
			: xstrdup(_("Type the credential earned, if any."));
		term_put(top + fh + 1, 4, hint, COLS - 6, ST_HINT, false);
		free(hint);
	}
}

/* ---- actions -------------------------------------------------------------- */

static void
save_status(struct view *v)
{
	struct rv *rv = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&rv->form)) {
		ui_msg(ui, MSG_ERROR, "%s",
		       _("Please correct the field with the message beside it, then save again."));
		return;
	}
	char status[16], on[11];
	snprintf(status, sizeof status, "%s", form_get(&rv->form, "status"));
	sdate d;
	form_date(form_find(&rv->form, "date"), &d);
	date_to_iso(d, on);
	const char *note = form_get(&rv->form, "note");
	const char *cred = form_get(&rv->form, "credential");
	senda_error err = { 0 };
	senda_err e = referral_set_status(ui->db, rv->r.id, status, on, note, cred, false, &err);
	if (e == SENDA_E_CONFIRM) {
		char detail[sizeof err.detail];
		snprintf(detail, sizeof detail, "%s", err.detail);
		/* L10N: %s says what is odd, e.g. "the participant was never enrolled" */
		if (!ui_confirm_with(ui, N_("%s — save anyway?"), detail)) {
			ui_msg(ui, MSG_INFO, "%s", _("Nothing was saved."));
			return;
		}
		e = referral_set_status(ui->db, rv->r.id, status, on, note, cred, true, &err);
	}
	if (e != SENDA_OK) {
		form_model_error(&rv->form, &err);
		ui_error(ui, &err);
		return;
	}
	drop_form(rv);
	load(v);
	const char *label = referral_status_label(rv->r.status);
	/* L10N: reference code, new status */
	ui_msg(ui, MSG_OK, _("Referral %s is now: %s."), rv->r.code,
	       label ? _(label) : rv->r.status);
}

static void
write_slip(struct view *v)
{
	struct rv *rv = v->priv;
	struct ui *ui = v->ui;
	if (!form_check(&rv->form))
		return;
	const char *typed = form_get(&rv->form, "path");
	const char *home = getenv("HOME");
	char *path = typed[0] == '~' && typed[1] == '/' && home
		? xasprintf("%s%s", home, typed + 1) : xstrdup(typed);
	senda_error err = { 0 };
	int flags = 0;
	senda_err e = outfile_is_stdout(path) ? SENDA_E_IO
		: outfile_check(path, db_file(ui->db), 0, &err);
	if (outfile_is_stdout(path))
		senda_fail(&err, SENDA_E_IO, NULL, "%s",
			   _("“-” (standard output) is for the command line; give a file name"));
	if (e == SENDA_E_EXISTS) {
		if (!ui_confirm_with(ui, N_("%s is already there. Write over it?"), path)) {
			free(path);
			return;
		}
		flags = OUTFILE_FORCE;
	}
	if (e == SENDA_OK || e == SENDA_E_EXISTS) {
		e = referral_slip_write(ui->db, rv->r.id, path, flags, &err);
		/* Consent withdrawn since the referral: ask again, record a yes. */
		if (e == SENDA_E_CONSENT) {
			if (!ui_confirm(ui, N_("This person has not agreed to share their information "
					       "with partner organizations, and the slip carries their "
					       "name to the partner. Ask them now: do they agree? Yes "
					       "records their consent, dated today."))) {
				ui_msg(ui, MSG_ERROR, "%s", _("Nothing was written."));
				free(path);
				return;
			}
			senda_error_clear(&err);
			e = referral_record_consent(ui->db, rv->r.id, &err);
			if (e == SENDA_OK)
				e = referral_slip_write(ui->db, rv->r.id, path, flags, &err);
		}
	}
	if (e != SENDA_OK) {
		/* A refused or failed write: its own words (which file, what to
		 * do) are what fits on the line. */
		char msg[512];
		if (err.code == SENDA_E_IO && err.detail[0])
			snprintf(msg, sizeof msg, "%s", err.detail);
		else
			senda_error_text(&err, msg, sizeof msg);
		form_set_error(&rv->form, "path", msg);
		ui_msg(ui, MSG_ERROR, "%s", msg);
		free(path);
		return;
	}
	drop_form(rv);
	bool printed = false, tried = false;
	if (print_available() &&
	    ui_confirm(ui, N_("The slip is written. Send it to the printer too?"))) {
		char *text = referral_slip(ui->db, rv->r.id, &err);
		tried = true;
		printed = text && print_text(text);
		free(text);
	}
	if (tried && !printed)
		/* L10N: %s is a file name */
		ui_msg(ui, MSG_ERROR, _("The slip is in %s, but the printer did not take it."), path);
	else if (printed)
		/* L10N: %s is a file name */
		ui_msg(ui, MSG_OK, _("The slip is in %s and was sent to the printer."), path);
	else
		/* L10N: %s is a file name */
		ui_msg(ui, MSG_OK, _("The slip is in %s."), path);
	free(path);
}

static bool
rv_handle(struct view *v, enum action act, int key)
{
	struct rv *rv = v->priv;
	if (rv->mode == VIEW) {
		int page = LINES - 5;
		switch (act) {
		case ACT_STATUS: start_status(rv); return true;
		case ACT_SLIP: start_slip(rv); return true;
		case ACT_UP: rv->scroll--; break;
		case ACT_DOWN: rv->scroll++; break;
		case ACT_PGUP: rv->scroll -= page; break;
		case ACT_PGDN: rv->scroll += page; break;
		case ACT_FIRST: rv->scroll = 0; break;
		case ACT_LAST: rv->scroll = rv->body_h; break;
		default: return false;
		}
		if (rv->scroll > rv->body_h - (LINES - 3))
			rv->scroll = rv->body_h - (LINES - 3);
		if (rv->scroll < 0)
			rv->scroll = 0;
		return true;
	}
	if (act == ACT_SAVE || (rv->mode == SLIP && act == ACT_NEXT_FIELD && key == K_ENTER)) {
		if (rv->mode == STATUS)
			save_status(v);
		else
			write_slip(v);
		return true;
	}
	if (act == ACT_BACK) {
		if (rv->mode == SLIP || !form_dirty(&rv->form) ||
		    ui_confirm(v->ui, N_("Leave without saving? What you typed here will be lost.")))
			drop_form(rv);
		return true;
	}
	enum form_result r = form_handle(&rv->form, act, key);
	if (rv->form.notice[0])
		ui_msg(v->ui, MSG_ERROR, "%s", rv->form.notice);
	return r != FORM_IGNORED;
}

static bool
rv_typing(struct view *v)
{
	return ((struct rv *)v->priv)->mode != VIEW;
}

static void
rv_lang_changed(struct view *v, enum date_order from)
{
	struct rv *rv = v->priv;
	if (rv->has_form)
		form_relang(&rv->form, from);
}

static void
rv_resume(struct view *v)
{
	load(v);
}

static const enum action view_keys[] = {
	ACT_STATUS, ACT_SLIP, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST,
	ACT_LAST, ACT_SEARCH, ACT_NONE
};
static const enum action view_bar[] = { ACT_STATUS, ACT_SLIP, ACT_BACK, ACT_NONE };
static const enum action form_keys[] = {
	ACT_SAVE, ACT_BACK, ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_CYCLE, ACT_NONE
};
static const enum action form_bar[] = { ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE };

static const enum action *
rv_keys_now(struct view *v)
{
	return rv_typing(v) ? form_keys : view_keys;
}

static const enum action *
rv_bar_now(struct view *v)
{
	return rv_typing(v) ? form_bar : view_bar;
}

const struct view_ops referral_view = {
	.name = "referral",
	/* L10N: title of the screen of one referral */
	.title = N_("Referral"),
	.about = N_("One referral: the program, the organization, the status and every change "
		    "to it. Press c to move it along (contacted, enrolled, completed with the "
		    "credential earned, or declined, did not show, did not complete); a change "
		    "that skips a step or reopens a closed referral asks first. Press w to write "
		    "the slip to a file, in the participant's language first; when this computer "
		    "has a printer (lp), senda offers to print it too."),
	.keys = view_keys,
	.bar = view_bar,
	.open = rv_open,
	.close = rv_close,
	.draw = rv_draw,
	.handle = rv_handle,
	.typing = rv_typing,
	.keys_now = rv_keys_now,
	.bar_now = rv_bar_now,
	.resume = rv_resume,
	.lang_changed = rv_lang_changed,
};
