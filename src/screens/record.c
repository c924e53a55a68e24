/* senda — a participant's record: a summary; the pathway (ESL screenings,
 * programs they can enter, referrals, jobs; see record_pathway.c); then a
 * timeline of every change from the change log, newest first. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/record_linked.h"
#include "screens/record_pathway.h"
#include "screens/screens.h"
#include "senda/access.h"
#include "senda/clock.h"
#include "senda/erase.h"
#include "senda/calls.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/participant.h"
#include "senda/perm.h"
#include "senda/placement.h"
#include "senda/review.h"
#include "senda/text.h"
#include "ui/fmt.h"
#include "ui/term.h"

struct change {
	char *at, *tbl, *field, *old_value, *new_value, *who;
	char *d1, *d2, *d3;     /* what a screening, referral or job change is about */
};

struct record {
	char id[UUID_LEN];
	participant p;
	bool loaded;
	struct change *ch;
	int nch, cap;
	int scroll;
	int body_h;     /* lines of content at the last draw */
	struct pathway pw;
	struct linked ln;   /* her other records (the same person, linked) */
	int sel;        /* the selected referral, -1 when there is none */
	bool follow;    /* scroll the selected referral into view */
	bool dnc;       /* she asked not to be called again */
	char *held;     /* the phone a call found wrong, while it is hers ("" none) */
};

static void
free_changes(struct record *r)
{
	for (int i = 0; i < r->nch; i++) {
		free(r->ch[i].at);
		free(r->ch[i].tbl);
		free(r->ch[i].d1);
		free(r->ch[i].d2);
		free(r->ch[i].d3);
		free(r->ch[i].field);
		free(r->ch[i].old_value);
		free(r->ch[i].new_value);
		free(r->ch[i].who);
	}
	r->nch = 0;
}

static int
add_change(const participant_change *c, void *ctx)
{
	struct record *r = ctx;
	if (r->nch == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->ch = xrealloc(r->ch, (size_t)r->cap * sizeof *r->ch);
	}
	struct change *d = &r->ch[r->nch++];
	d->at = xstrdup(c->at);
	d->tbl = xstrdup(c->tbl);
	d->d1 = xstrdup(c->d1);
	d->d2 = xstrdup(c->d2);
	d->d3 = xstrdup(c->d3);
	d->field = xstrdup(c->field);
	d->old_value = c->old_value ? xstrdup(c->old_value) : NULL;
	d->new_value = c->new_value ? xstrdup(c->new_value) : NULL;
	d->who = xstrdup(c->user_name);
	return 0;
}

/* A concurrent edit found by a merge: both values go in the history, one
 * line each (the field's label in d1, the value in new_value, d2 "kept" or
 * "other"). */
static void
push_conflict(struct record *r, const char *label, const char *value, const char *at,
	      const char *which)
{
	if (r->nch == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->ch = xrealloc(r->ch, (size_t)r->cap * sizeof *r->ch);
	}
	struct change *d = &r->ch[r->nch++];
	d->at = xstrdup(at);
	d->tbl = xstrdup("merge_conflict");
	d->d1 = xstrdup(label);
	d->d2 = xstrdup(which);
	d->d3 = xstrdup("");
	d->field = xstrdup("");
	d->old_value = NULL;
	d->new_value = xstrdup(value);
	d->who = xstrdup("");
}

static int
add_conflict(const char *label, const char *kept, const char *other, const char *at,
	     bool reviewed, void *ctx)
{
	(void)reviewed;
	/* The other value first: newest first, the kept one reads on top. */
	push_conflict(ctx, label, other, at, "other");
	push_conflict(ctx, label, kept, at, "kept");
	return 0;
}

/* Newest first, as the change log comes. */
static int
by_time_desc(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	return strcmp(y->at, x->at);
}

static bool
load(struct view *v)
{
	struct record *r = v->priv;
	senda_error err = { 0 };
	if (r->loaded)
		participant_free(&r->p);
	r->loaded = false;
	free_changes(r);
	if (participant_get(v->ui->db, r->id, &r->p, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return false;
	}
	r->loaded = true;
	if (calls_do_not_call(v->ui->db, r->p.id, &r->dnc, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	free(r->held);
	r->held = NULL;
	if (calls_phone_held(v->ui->db, r->p.id, &r->held, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	if (participant_history(v->ui->db, r->p.id, add_change, r, &err) != SENDA_OK)
		ui_error(v->ui, &err);
	int logged = r->nch;
	if (ui_may(v->ui, ACT_REVIEW) &&
	    xc_record_conflicts(v->ui->db, "participant", r->p.id, add_conflict, r, &err)
	    != SENDA_OK)
		ui_error(v->ui, &err);
	if (r->nch > logged)
		qsort(r->ch, (size_t)r->nch, sizeof *r->ch, by_time_desc);
	pathway_load(v->ui, &r->p, &r->pw);
	linked_free(&r->ln);
	linked_load(v->ui, r->p.id, &r->ln);
	if (r->sel >= r->pw.nref)
		r->sel = r->pw.nref - 1;
	if (r->sel < 0 && r->pw.nref > 0)
		r->sel = 0;
	return true;
}

static bool
record_open(struct view *v, const void *arg)
{
	struct record *r = xcalloc(1, sizeof *r);
	v->priv = r;
	snprintf(r->id, sizeof r->id, "%s", (const char *)arg);
	r->sel = -1;
	if (!load(v)) {
		pathway_free(&r->pw);
		free_changes(r);
		free(r->ch);
		free(r->held);
		free(r);
		return false;
	}
	/* Who opened it, in the access log (once an opening, not at every
	 * return from a form); a file that cannot be written still shows it. */
	senda_error err = { 0 };
	senda_err e = access_record(v->ui->db, r->p.id, ACCESS_SCREEN, &err);
	if (e != SENDA_OK && e != SENDA_E_READONLY)
		ui_error(v->ui, &err);
	return true;
}

static void
record_close(struct view *v)
{
	struct record *r = v->priv;
	if (r->loaded)
		participant_free(&r->p);
	free_changes(r);
	free(r->ch);
	pathway_free(&r->pw);
	linked_free(&r->ln);
	free(r->held);
	free(r);
}

static void
record_resume(struct view *v)
{
	load(v);
}

/* ---- drawing ------------------------------------------------------------ */

static void
pair(int y, int x, int w, int lw, const char *label, const char *value)
{
	term_put(y, x, label, lw, ST_HINT, false);
	term_put(y, x + lw + 1, value, w - lw - 2, ST_NORMAL, false);
}

static int
label_width(const char *const (*rows)[2], size_t n, int most)
{
	int w = 0;
	for (size_t i = 0; i < n; i++)
		if (*rows[i][0] && term_width(_(rows[i][0])) > w)
			w = term_width(_(rows[i][0]));
	return w < most ? w : most;
}

static void
summary(struct canvas *c, senda_db *db, const participant *p)
{
	char birth[64] = "", age[32] = "", wage[32] = "", years[16] = "";
	sdate b;
	if (*p->birth_date && date_from_iso(p->birth_date, &b) == DATE_OK) {
		int n = date_years_between(b, clock_today());
		date_words(b, i18n_lang(), birth, sizeof birth);
		/* L10N: a person's age in the record */
		snprintf(age, sizeof age, P_("%d year", "%d years", (unsigned long)n), n);
	}
	if (p->wage_cents >= 0)
		money_format(p->wage_cents, wage, sizeof wage);
	if (p->years_in_us >= 0)
		snprintf(years, sizeof years, "%d", p->years_in_us);
	const char *sch = participant_schooling_label(p->schooling);
	/* What the model blanked for her role is said, not left looking empty. */
	enum senda_role role = (enum senda_role)db_actor_role(db);
	/* L10N: in the record, instead of a phone or a wage the user's role may not see */
	const char *hidden = _("(not for your role)");
	bool contact = perm_allowed(role, PERM_CONTACT);
	if (!perm_allowed(role, PERM_PLACEMENT))
		snprintf(wage, sizeof wage, "%s", hidden);
	/* L10N: short labels in the record's summary; at most 16 columns */
	const char *const left[][2] = {
		{ N_("Born"), birth }, { N_("Phone"), contact ? p->phone : hidden },
		{ N_("Other phone"), contact ? p->phone_alt : hidden },
		{ N_("E-mail"), contact ? p->email : hidden },
		{ N_("Best time"), p->best_time }, { N_("Country"), p->country },
	};
	const char *const right[][2] = {
		{ N_("Age"), age }, { N_("Language"), fmt_language(p->language) },
		{ N_("Years in US"), years }, { N_("Employed"), fmt_yes_no(p->employed) },
		{ N_("Hourly wage"), wage }, { "", "" },
	};
	const char *const wide[][2] = {
		{ N_("Schooling"), sch ? _(sch) : "" },
		{ N_("Work interests"), p->work_interests },
		{ N_("How they heard"), p->heard_from },
	};
	const size_t n = sizeof left / sizeof left[0], nw = sizeof wide / sizeof wide[0];
	bool two = COLS >= 76;
	int rcw = two ? 34 : 0, lcw = COLS - 2 - rcw;
	int llw = label_width(left, n, 18), rlw = label_width(right, n, 16);
	int wlw = label_width(wide, nw, 22);
	if (wlw < llw)
		wlw = llw;
	for (size_t i = 0; i < n * (two ? 1 : 2) + nw; i++) {
		int sy;
		if (i == (two ? n : 2 * n))
			c->row++;   /* a blank line before the wide rows */
		const char *const *a = i < n ? left[i] : (!two && i < 2 * n) ? right[i - n]
			: wide[i - (two ? n : 2 * n)];
		bool is_wide = two ? i >= n : i >= 2 * n;
		if (canvas_visible(c, &sy) && *a[0]) {
			char *va = text_inert(a[1]);
			pair(sy, 2, is_wide ? COLS - 2 : lcw, is_wide ? wlw : llw, _(a[0]), va ? va : "");
			free(va);
			if (two && !is_wide && *right[i][0]) {
				char *vb = text_inert(right[i][1]);
				pair(sy, 2 + lcw, rcw, rlw, _(right[i][0]), vb ? vb : "");
				free(vb);
			}
		}
		c->row++;
	}
}

/* Under the name, before anything else: what she agreed to. */
static void
consent_line(struct canvas *c, const participant *p, bool dnc, const char *held)
{
	char consent[200];
	/* L10N: in the record: the two consent answers */
	snprintf(consent, sizeof consent, _("to be contacted: %s · to share with partners: %s"),
		 fmt_yes_no(p->consent_contact), fmt_yes_no(p->consent_share));

	int sy;
	if (canvas_visible(c, &sy)) {
		/* L10N: in the record, at the top: the label of the consent line */
		const char *label = _("Consent");
		int lw = term_width(label);
		term_put(sy, 2, label, lw, ST_HINT, false);
		term_put(sy, 2 + lw + 1, consent, COLS - lw - 4,
			 p->consent_share && p->consent_contact ? ST_NORMAL : ST_HEADING, false);
	}
	c->row++;
	if (dnc)
		/* L10N: in the record, under the consent answers: she asked never
		 * to be called again; C lets her be called again */
		canvas_text(c, 2, _("Do not call: this person asked not to be called again (C: call again)"),
			    ST_HEADING);
	if (held && *held) {
		/* L10N: in the record, under the consent answers: a call found the
		 * phone number (%s) wrong; her calls wait for a new one (e: edit) */
		char *t = xasprintf(_("Wrong number: %s; calls are held until the phone is changed (e)"),
				    held);
		char *safe = text_inert(t);
		canvas_text(c, 2, safe ? safe : "", ST_HEADING);
		free(safe);
		free(t);
	}
}

static void
timeline(struct canvas *c, const struct record *r)
{
	canvas_text(c, 1, _("History (newest first)"), ST_HEADING);
	for (int i = 0; i < r->nch; i++) {
		const struct change *ch = &r->ch[i];
		char when[40], what[600];
		fmt_timestamp(ch->at, when, sizeof when);
		participant_change pc = { ch->tbl, "", ch->at, ch->field, ch->old_value,
					  ch->new_value, ch->who, "", ch->d1, ch->d2, ch->d3 };
		if (strcmp(ch->tbl, "merge_conflict") == 0) {
			char *t = xasprintf(strcmp(ch->d2, "kept") == 0
				/* L10N: in the history: the same field changed at two sites
				 * at once (a merge conflict); field, the value kept */
				? _("%s, conflict: kept %s")
				/* L10N: in the history: the same field changed at two sites
				 * at once (a merge conflict); field, the value not kept */
				: _("%s, conflict: other %s"),
				ch->d1, *ch->new_value ? ch->new_value : "—");
			char *safe = text_inert(t);
			snprintf(what, sizeof what, "%s", safe ? safe : "");
			free(safe);
			free(t);
		} else if (participant_change_text(&pc, what, sizeof what)) {
			char *safe = text_inert(what);
			snprintf(what, sizeof what, "%s", safe ? safe : "");
			free(safe);
		} else if (!*ch->field) {
			/* L10N: in the history: the record was created */
			snprintf(what, sizeof what, "%s", _("Intake recorded"));
		} else {
			const char *label = participant_field_label(ch->field);
			char a[256], b[256];
			fmt_value(ch->field, ch->old_value, a, sizeof a);
			fmt_value(ch->field, ch->new_value, b, sizeof b);
			/* L10N: in the history: field, old value, new value */
			snprintf(what, sizeof what, _("%s: %s → %s"),
				 label ? _(label) : ch->field, a, b);
		}
		int sy;
		if (canvas_visible(c, &sy)) {
			int x = 2 + term_put(sy, 2, when, 17, ST_HINT, false) + 2;
			char *who = text_inert(ch->who);
			/* Wider terminals give the names room (up to 40 columns). */
			int ww = term_col(COLS, 14, 4, 40);
			x += term_put(sy, x, who ? who : "", ww, ST_NORMAL, false) + 2;
			free(who);
			int wx = 2 + 17 + 2 + ww + 2 - 1;
			if (x < wx)
				x = wx;
			term_put(sy, x, what, COLS - x - 1, ST_NORMAL, false);
		}
		c->row++;
	}
}

static void
record_draw(struct view *v, int y, int h)
{
	struct record *r = v->priv;
	if (!r->loaded)
		return;
	struct canvas c = { y, h, r->scroll, 0 };
	char name[512];
	participant_display_name(&r->p, name, sizeof name);
	if (*r->p.preferred_name) {
		char *pref = text_inert(r->p.preferred_name);
		char *full = xasprintf("%s  (%s)", name, pref ? pref : "");
		canvas_text(&c, 1, full, ST_HEADING);
		free(full);
		free(pref);
	} else {
		canvas_text(&c, 1, name, ST_HEADING);
	}
	consent_line(&c, &r->p, r->dnc, r->held);
	c.row++;
	summary(&c, v->ui->db, &r->p);
	c.row++;
	int sel_row;
	pathway_draw(&c, &r->pw, r->sel, &sel_row);
	linked_draw(&c, &r->ln);
	c.row++;
	timeline(&c, r);
	r->body_h = c.row;
	if (r->follow && sel_row >= 0) {
		r->follow = false;
		if (sel_row < r->scroll || sel_row >= r->scroll + h) {
			r->scroll = sel_row - h / 2 > 0 ? sel_row - h / 2 : 0;
			canvas_clear(y, h);
			record_draw(v, y, h);
			return;
		}
	}
	if (r->scroll > 0 && r->scroll > r->body_h - h) {
		r->scroll = r->body_h > h ? r->body_h - h : 0;
		canvas_clear(y, h);
		record_draw(v, y, h);   /* the window grew: draw again */
		return;
	}
	canvas_marks(&c);
}

static void
open_referral(struct view *v)
{
	struct record *r = v->priv;
	if (r->sel < 0 || r->sel >= r->pw.nref) {
		ui_msg(v->ui, MSG_INFO, "%s",
		       _("No referral to open. Press r to refer this participant to a program."));
		return;
	}
	char id[UUID_LEN];
	snprintf(id, sizeof id, "%s", r->pw.ref[r->sel].id);
	struct referral_arg arg = { id, false };
	ui_push(v->ui, &referral_view, &arg);
}

static char *
erase_question(void *ctx)
{
	/* L10N: the first question before erasing a person; %s is her name */
	return xasprintf(_("Erase %s everywhere? Her record, screenings, referrals, jobs, "
			   "follow-ups, calls and their history are removed from this file, and "
			   "from the other sites when they merge this site's next bundle."),
			 (const char *)ctx);
}

static char *
erase_sure(void *ctx)
{
	(void)ctx;
	/* L10N: the second question before erasing a person */
	return xstrdup(_("Are you sure? Nothing of this person can be brought back. If the person "
			 "is in a spreadsheet you import from, delete the row there too: an import "
			 "would add the person again."));
}

static char *
erase_type_name(void *ctx)
{
	/* L10N: the last step before erasing: %s is the name to type (the person may be a man or a woman: no gendered words) */
	return xasprintf(_("To erase, type the name: %s"), (const char *)ctx);
}

/* The name typed is hers: accents, capitals and spaces do not matter. */
static bool
same_name(const char *typed, const char *name)
{
	char *a = text_fold_words(typed), *b = text_fold_words(name);
	bool same = a && b && *b && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

static void
erase_record(struct view *v)
{
	struct record *r = v->priv;
	struct ui *ui = v->ui;
	if (!perm_allowed((enum senda_role)db_actor_role(ui->db), PERM_ERASE)) {
		senda_error err = { 0 };
		if (perm_require(ui->db, PERM_ERASE, &err) != SENDA_OK)
			ui_error(ui, &err);
		return;
	}
	char shown[512];
	participant_display_name(&r->p, shown, sizeof shown);
	char *plain = xasprintf("%s %s%s%s", r->p.given_names, r->p.first_surname,
				*r->p.second_surname ? " " : "", r->p.second_surname);
	char *safe = text_inert(plain), *safe_shown = text_inert(shown);
	bool go = ui_confirm_made(ui, erase_question, safe_shown) &&
		  ui_confirm_made(ui, erase_sure, NULL);
	char *typed = go ? ui_ask_text(ui, erase_type_name, safe, 200) : NULL;
	if (go && !typed)
		go = false;
	if (go && !same_name(typed, plain)) {
		ui_msg(ui, MSG_ERROR, "%s", _("The name typed is not this person's. Nothing was erased."));
		go = false;
	} else if (!go) {
		ui_msg(ui, MSG_INFO, "%s", _("Nothing was erased."));
	}
	free(typed);
	free(plain);
	free(safe);
	if (!go) {
		free(safe_shown);
		return;
	}
	erase_result res;
	senda_error err = { 0 };
	if (erase_person(ui->db, r->p.id, &res, &err) != SENDA_OK) {
		free(safe_shown);
		ui_error(ui, &err);
		return;
	}
	ui_pop(ui);   /* the record is gone: back to where it was opened from */
	if (res.files_clean)
		/* L10N: after an erasure in the interface; %s is her name */
		ui_msg(ui, MSG_OK, _("Erased: %s. Other sites erase this person too when they merge "
				     "this site's next bundle."), safe_shown);
	else
		/* L10N: after an erasure, when another program has the file open */
		ui_msg(ui, MSG_OK, _("Erased: %s. Close senda everywhere: the last one to close "
				     "empties the file's log, which may still hold this person."), safe_shown);
	free(safe_shown);
}

/* C: she asked not to be called again; a coordinator lets her be called
 * again, after a question (an edit of hers that travels). */
static void
call_again(struct view *v)
{
	struct record *r = v->priv;
	if (!r->dnc) {
		/* L10N: C on a record of a person who may be called */
		ui_msg(v->ui, MSG_INFO, "%s", _("This person has not asked not to be called."));
		return;
	}
	/* L10N: the question of C on the record */
	if (!ui_confirm(v->ui, N_("This person asked not to be called again. Allow calls again?")))
		return;
	senda_error err = { 0 };
	if (calls_call_again(v->ui->db, r->p.id, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		return;
	}
	load(v);
	/* L10N: after C on the record */
	ui_msg(v->ui, MSG_OK, "%s", _("Calls allowed again: the follow-up calls are made again."));
}

static void
select_referral(struct record *r, int dir)
{
	if (r->pw.nref == 0)
		return;
	r->sel = r->sel < 0 ? 0 : (r->sel + dir + r->pw.nref) % r->pw.nref;
	r->follow = true;
}

static bool
record_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct record *r = v->priv;
	int page = LINES - 5;
	switch (act) {
	case ACT_EDIT: ui_push(v->ui, &intake_view, r->p.id); return true;
	case ACT_SCREEN: ui_push(v->ui, &screening_view, r->p.id); return true;
	case ACT_REFER: ui_push(v->ui, &refer_view, r->p.id); return true;
	case ACT_PLACE: ui_push(v->ui, &placement_view, r->p.id); return true;
	case ACT_EDIT_JOB:
		/* her newest job (the jobs are newest start first) */
		if (r->pw.njob > 0)
			ui_push(v->ui, &placement_edit_view, r->pw.job[0].id);
		else
			/* L10N: J on a record with no job */
			ui_msg(v->ui, MSG_INFO, "%s", _("No job to change: press j to record one."));
		return true;
	case ACT_OPEN_ITEM: open_referral(v); return true;
	case ACT_ERASE: erase_record(v); return true;
	case ACT_CALL_AGAIN: call_again(v); return true;
	case ACT_ACCESS_LOG: ui_push(v->ui, &access_view, r->p.id); return true;
	case ACT_NEXT_ITEM: select_referral(r, 1); return true;
	case ACT_PREV_ITEM: select_referral(r, -1); return true;
	case ACT_UP: r->scroll--; break;
	case ACT_DOWN: r->scroll++; break;
	case ACT_PGUP: r->scroll -= page; break;
	case ACT_PGDN: r->scroll += page; break;
	case ACT_FIRST: r->scroll = 0; break;
	case ACT_LAST: r->scroll = r->body_h; break;
	default: return false;
	}
	int most = r->body_h - (LINES - 3);
	if (r->scroll > most)
		r->scroll = most;
	if (r->scroll < 0)
		r->scroll = 0;
	return true;
}

static const enum action record_keys[] = {
	ACT_EDIT, ACT_SCREEN, ACT_REFER, ACT_PLACE, ACT_EDIT_JOB, ACT_CALL_AGAIN, ACT_NEXT_ITEM, ACT_PREV_ITEM, ACT_OPEN_ITEM,
	ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_SEARCH,
	ACT_ACCESS_LOG, ACT_ERASE, ACT_NONE
};
static const enum action record_bar[] = {
	ACT_EDIT, ACT_SCREEN, ACT_REFER, ACT_PLACE, ACT_BACK, ACT_OPEN_ITEM, ACT_NONE
};

const struct view_ops record_view = {
	.name = "record",
	/* L10N: title of one participant's record */
	.title = N_("Participant record"),
	.about = N_("One participant: the summary; English screenings and the level gained; "
		    "the programs they can enter now and what is missing for the others; "
		    "referrals; jobs and the wage change since intake; then everything that "
		    "happened, newest first. Press e to change the information, s to record a "
		    "screening, r to refer, j to record a job. Tab selects a referral and Enter "
		    "opens it. The consent line at the top says what she agreed to. A "
		    "coordinator sees who opened the record with a, and erases the person "
		    "everywhere, at her request, with X."),
	.keys = record_keys,
	.bar = record_bar,
	.open = record_open,
	.close = record_close,
	.draw = record_draw,
	.handle = record_handle,
	.resume = record_resume,
};
