/* senda — the review of possible duplicates, reached from home: every pair
 * of the file at or above the threshold (the model's scan), one at a time,
 * the two records side by side and what matched under them. s: the same
 * person (the records are linked: both kept, the link travels); d:
 * different people (remembered, travels, never proposed again at any
 * site); n: next, undecided. No SQL here. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "ui/fmt.h"
#include "ui/term.h"

struct dups {
	dedupe_pair *p;
	size_t n, i;            /* the pairs; the one shown */
	size_t decided;
	participant a, b;       /* its two records (loaded while i < n) */
	enum { NOTHING, LINKED, DIFFERENT } last;   /* the last decision here, for u */
	size_t last_i;          /* its pair */
	char last_other[UUID_LEN];   /* the record linked (taken out of the group by u) */
	size_t skipped;         /* pairs left undecided (n) */
	struct dedupe_weights *w;   /* the file's, for the evidence; NULL: defaults */
};

/* What matched, said again in the language of the moment (F2). */
static void
say_evidence(struct dups *d)
{
	if (d->i >= d->n)
		return;
	char *ev = NULL;
	dedupe_score(&d->a, &d->b, d->w, &ev);
	if (ev) {
		free(d->p[d->i].evidence);
		d->p[d->i].evidence = ev;
	}
}

/* The pair i and after: the first whose two records are still there
 * (one may have been deleted, or linked, since the scan). */
static void
load(struct dups *d, struct ui *ui)
{
	participant_free(&d->a);
	participant_free(&d->b);
	participant_init(&d->a);
	participant_init(&d->b);
	for (; d->i < d->n; d->i++) {
		senda_error err = { 0 };
		participant_free(&d->a);
		participant_free(&d->b);
		participant_init(&d->a);
		participant_init(&d->b);
		if (participant_get(ui->db, d->p[d->i].a, &d->a, &err) == SENDA_OK &&
		    participant_get(ui->db, d->p[d->i].b, &d->b, &err) == SENDA_OK) {
			say_evidence(d);
			return;
		}
	}
}

static bool
dups_open(struct view *v, const void *arg)
{
	(void)arg;
	struct dups *d = xcalloc(1, sizeof *d);
	participant_init(&d->a);
	participant_init(&d->b);
	senda_error err = { 0 };
	if (dedupe_scan(v->ui->db, &d->p, &d->n, NULL, &err) != SENDA_OK) {
		ui_error(v->ui, &err);
		participant_free(&d->a);
		participant_free(&d->b);
		free(d);
		return false;
	}
	if (dedupe_weights_load(v->ui->db, &d->w, &err) != SENDA_OK)
		d->w = NULL;   /* the evidence then says no "rare name" */
	v->priv = d;
	load(d, v->ui);
	return true;
}

static void
dups_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	say_evidence(v->priv);
}

static void
dups_close(struct view *v)
{
	struct dups *d = v->priv;
	participant_free(&d->a);
	participant_free(&d->b);
	dedupe_pairs_free(d->p, d->n);
	dedupe_weights_free(d->w);
	free(d);
}

/* One record's lines in a column: label over value, the value inert. A
 * field either record has takes a line in both, so that the two columns
 * stay side by side, line for line. */
static int
column(const participant *p, const participant *other, int y, int x, int w, int maxy)
{
	char buf[256], date[64];
	participant_display_name(p, buf, sizeof buf);
	term_put(y++, x, buf, w, ST_HEADING, false);
	struct {
		const char *label;      /* a field's label (N_()) */
		const char *value;
	} rows[] = {
		{ participant_field_label("preferred_name"), p->preferred_name },
		{ participant_field_label("birth_date"),
		  *p->birth_date ? fmt_date(p->birth_date, date, sizeof date) : "" },
		{ participant_field_label("phone"), p->phone },
		{ participant_field_label("phone_alt"), p->phone_alt },
		{ participant_field_label("email"), p->email },
		{ participant_field_label("country"), p->country },
	};
	const char *theirs[] = { other->preferred_name, other->birth_date, other->phone,
				 other->phone_alt, other->email, other->country };
	_Static_assert(sizeof theirs / sizeof theirs[0] == sizeof rows / sizeof rows[0], "rows");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0] && y < maxy; i++) {
		bool mine = rows[i].value && *rows[i].value;
		if (!mine && !(theirs[i] && *theirs[i]))
			continue;
		if (!mine) {
			y++;   /* the other record's line */
			continue;
		}
		char *val = text_inert(rows[i].value);
		char *line = xasprintf("%s: %s", rows[i].label ? _(rows[i].label) : "", val ? val : "");
		term_put(y++, x, line, w, ST_NORMAL, false);
		free(line);
		free(val);
	}
	if (y < maxy) {
		char when[64];
		fmt_timestamp(p->created_at, when, sizeof when);
		/* L10N: under a record in the duplicates review: when it was made */
		char *line = xasprintf(_("Intake: %s"), when);
		term_put(y++, x, line, w, ST_HINT, false);
		free(line);
	}
	return y;
}

static void
dups_draw(struct view *v, int y, int h)
{
	struct dups *d = v->priv;
	char lines[8][TERM_LINE];
	int row = y + 1;
	if (d->i >= d->n) {
		const char *none = d->n == 0
			/* L10N: the duplicates review when the scan found nothing */
			? _("No possible duplicates in the file.")
			: d->skipped == 0
			/* L10N: the duplicates review after the last pair */
			? _("No more pairs to review. Esc goes back.")
			/* L10N: the duplicates review after the last pair, some left
			 * undecided with n */
			: _("No more pairs to review now; those left undecided (n) are proposed "
			    "again next time. u takes the last decision back; Esc goes back.");
		int n = term_wrap(none, COLS - 4, lines, 4);
		for (int i = 0; i < n; i++)
			term_put(row++, 2, lines[i], COLS - 4, ST_HINT, false);
		return;
	}
	/* L10N: the duplicates review: pair number, pairs found, match score (0-100) */
	char *head = xasprintf(_("Possible duplicate %zu of %zu (score %d)"), d->i + 1, d->n,
			       d->p[d->i].score);
	term_put(row++, 2, head, COLS - 4, ST_HEADING, false);
	free(head);
	row++;
	int w = (COLS - 6) / 2, bottom = y + h - 4;
	int ya = column(&d->a, &d->b, row, 2, w, bottom);
	int yb = column(&d->b, &d->a, row, 4 + w, w, bottom);
	row = (ya > yb ? ya : yb) + 1;
	/* L10N: before the evidence in the duplicates review */
	char *why = xasprintf(_("What matched: %s"), d->p[d->i].evidence);
	int n = term_wrap(why, COLS - 4, lines, 3);
	free(why);
	for (int i = 0; i < n && row < y + h; i++)
		term_put(row++, 2, lines[i], COLS - 4, ST_NORMAL, false);
}

static void
next(struct view *v)
{
	struct dups *d = v->priv;
	d->i++;
	load(d, v->ui);
}

/* u: the last decision of this screen taken back, its pair shown again. */
static bool
undo(struct view *v)
{
	struct dups *d = v->priv;
	senda_error err = { 0 };
	if (d->last == NOTHING) {
		/* L10N: u on the duplicates review with nothing decided yet */
		ui_msg(v->ui, MSG_INFO, "%s", _("Nothing decided here yet to take back."));
		return true;
	}
	senda_err e = d->last == LINKED
		? dedupe_unlink(v->ui->db, d->last_other, NULL, &err)
		: dedupe_forget_different(v->ui->db, d->p[d->last_i].a, d->p[d->last_i].b, &err);
	if (e != SENDA_OK) {
		ui_error(v->ui, &err);
		return true;
	}
	/* L10N: after u on the duplicates review */
	ui_msg(v->ui, MSG_OK, "%s", d->last == LINKED
	       ? _("Taken back: the two records are no longer linked.")
	       : _("Taken back: the two may be one person again."));
	d->last = NOTHING;
	d->i = d->last_i;
	load(d, v->ui);
	return true;
}

static bool
dups_handle(struct view *v, enum action act, int key)
{
	(void)key;
	struct dups *d = v->priv;
	if (act == ACT_UNDO_PAIR)
		return undo(v);
	if (d->i >= d->n)
		return false;
	senda_error err = { 0 };
	char buf[256];
	switch (act) {
	case ACT_SAME_PERSON:
		if (dedupe_link(v->ui->db, d->a.id, d->b.id, &err) != SENDA_OK) {
			ui_error(v->ui, &err);
			return true;
		}
		/* L10N: after "same person" in the duplicates review; %s: the name */
		ui_msg(v->ui, MSG_OK, _("Linked as one person: %s. u takes it back."),
		       participant_display_name(&d->a, buf, sizeof buf));
		d->last = LINKED;
		d->last_i = d->i;
		memcpy(d->last_other, d->b.id, UUID_LEN);
		next(v);
		return true;
	case ACT_DIFFERENT:
		if (dedupe_mark_different(v->ui->db, d->a.id, d->b.id, &err) != SENDA_OK) {
			ui_error(v->ui, &err);
			return true;
		}
		/* L10N: after "different people" in the duplicates review */
		ui_msg(v->ui, MSG_OK, "%s", _("Marked as different people: not proposed again. "
					      "u takes it back."));
		d->last = DIFFERENT;
		d->last_i = d->i;
		next(v);
		return true;
	case ACT_NEXT_PAIR:
		d->skipped++;
		next(v);
		return true;
	default:
		return false;
	}
}

static const enum action dups_keys[] = {
	ACT_SAME_PERSON, ACT_DIFFERENT, ACT_NEXT_PAIR, ACT_UNDO_PAIR, ACT_BACK, ACT_NONE
};

const struct view_ops duplicates_view = {
	.name = "duplicates",
	/* L10N: title of the duplicates review screen */
	.title = N_("Possible duplicates"),
	.about = N_("Every pair of records in the file that may be the same person, best "
		    "matches first: the two records side by side and what matched (names, "
		    "surnames in any order, nicknames, birth date, phone). s links them as "
		    "the same person (both records and their histories are kept); d marks "
		    "them as different people, so that the pair is never proposed again at "
		    "any site; n leaves the pair for later."),
	.keys = dups_keys,
	.bar = dups_keys,
	.open = dups_open,
	.close = dups_close,
	.draw = dups_draw,
	.handle = dups_handle,
	.lang_changed = dups_lang_changed,
};
