/* senda — people: every participant by surname, and search as you type
 * (accent-, case- and order-insensitive, by the model's full-text index).
 * The full list is read a window at a time, never whole. */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/text.h"
#include "senda/width.h"
#include "ui/fmt.h"
#include "ui/keys.h"
#include "ui/line.h"
#include "ui/list.h"
#include "ui/term.h"


struct hit {
	char id[UUID_LEN];
	char *name, *birth, *phone;
};

struct people {
	struct view *v;
	struct list list;
	bool searching;
	struct line query;
	struct hit *hits;       /* the search results read so far, in name order */
	int nhits, cap;
	participant_mark mark;  /* where they end */
	bool hits_end;          /* no more to read */
	int64_t nfound;         /* matches: the count, or at least that many */
	bool found_exact;
	bool from_hits;         /* the list shows hits, not everyone */
	char why[512];          /* the list could not be read: why, else "" */
};

/* One list line: name, date of birth, phone, in columns. */
static char *
row_text(const char *name, const char *birth_iso, const char *phone, int width)
{
	int bw = 12, pw = 18;
	int nw = width - bw - pw - 3;
	if (nw < 16) {
		pw = 0;
		nw = width - bw - 2;
	}
	char birth[32];
	fmt_date(birth_iso, birth, sizeof birth);
	char *a = text_fit(name, (size_t)(nw > 0 ? nw : 0), true);
	char *b = text_fit(birth, (size_t)bw, true);
	char *c = text_fit(pw ? phone : "", (size_t)pw, false);
	char *s = xasprintf(" %s %s %s", a, b, c);
	free(a);
	free(b);
	free(c);
	return s;
}

struct fill {
	struct list_row *rows;
	int n, width;
};

static int
fill_row(const participant *p, void *ctx)
{
	struct fill *f = ctx;
	char name[512];
	participant_display_name(p, name, sizeof name);
	snprintf(f->rows[f->n].id, UUID_LEN, "%s", p->id);
	f->rows[f->n].text = row_text(name, p->birth_date, p->phone, f->width);
	f->n++;
	return 0;
}

static int add_hit(const participant *p, void *ctx);

/* Read hits until there are `want` of them or no more: false when the file
 * could not be read (then said on screen). */
static bool
more_hits(struct people *pp, int64_t want)
{
	while (!pp->hits_end && pp->nhits < want) {
		int had = pp->nhits, ask = (int)(want - pp->nhits);
		senda_error err = { 0 };
		if (participant_search_page(pp->v->ui->db, line_text(&pp->query), &pp->mark, ask,
					    add_hit, pp, &err) != SENDA_OK) {
			senda_error_text(&err, pp->why, sizeof pp->why);
			ui_error(pp->v->ui, &err);
			return false;
		}
		if (pp->nhits - had < ask)
			pp->hits_end = true;
	}
	/* A count that stopped early grows as the hits are read, and the list
	 * reaches a screenful past them (End goes on from there), until they
	 * run out: then the count is exact. */
	if (!pp->found_exact) {
		if (pp->nhits > pp->nfound)
			pp->nfound = pp->nhits;
		if (pp->hits_end) {
			pp->found_exact = true;
			pp->nfound = pp->nhits;
			pp->list.count = pp->nhits;
		} else if (pp->list.count < pp->nfound + pp->list.height)
			pp->list.count = pp->nfound + pp->list.height;
	}
	return true;
}

static int
fetch(void *ctx, int64_t offset, int limit, int width, struct list_row *rows)
{
	struct people *pp = ctx;
	if (pp->from_hits) {
		/* The hits are read as the list asks for them, a page at a time. */
		if (!more_hits(pp, offset + limit))
			return -1;
		int n = 0;
		for (int64_t i = offset; i < pp->nhits && n < limit; i++, n++) {
			const struct hit *h = &pp->hits[i];
			snprintf(rows[n].id, UUID_LEN, "%s", h->id);
			rows[n].text = row_text(h->name, h->birth, h->phone, width);
		}
		return n;
	}
	struct fill f = { rows, 0, width };
	senda_error err = { 0 };
	if (participant_list(pp->v->ui->db, offset, limit, fill_row, &f, &err) != SENDA_OK) {
		ui_error(pp->v->ui, &err);
		return f.n ? f.n : -1;
	}
	return f.n;
}

/* Everyone, by key next to a row already shown: any page of the list costs
 * what the first one does. */
static int
page(void *ctx, enum list_from from, const char *id, int limit, int width,
     struct list_row *rows)
{
	static const enum participant_page_from how[] = {
		[LIST_FIRST] = PAGE_FIRST, [LIST_LAST] = PAGE_LAST, [LIST_AFTER] = PAGE_AFTER,
		[LIST_AT] = PAGE_AT, [LIST_BEFORE] = PAGE_BEFORE,
	};
	struct people *pp = ctx;
	struct fill f = { rows, 0, width };
	senda_error err = { 0 };
	if (participant_page(pp->v->ui->db, how[from], id, limit, fill_row, &f, &err) != SENDA_OK) {
		ui_error(pp->v->ui, &err);
		return f.n ? f.n : -1;
	}
	return f.n;
}

static void
free_hits(struct people *pp)
{
	for (int i = 0; i < pp->nhits; i++) {
		free(pp->hits[i].name);
		free(pp->hits[i].birth);
		free(pp->hits[i].phone);
	}
	pp->nhits = 0;
	pp->hits_end = false;
	participant_mark_free(&pp->mark);
}

static int
add_hit(const participant *p, void *ctx)
{
	struct people *pp = ctx;
	if (pp->nhits == pp->cap) {
		pp->cap = pp->cap ? pp->cap * 2 : 64;
		pp->hits = xrealloc(pp->hits, (size_t)pp->cap * sizeof *pp->hits);
	}
	struct hit *h = &pp->hits[pp->nhits++];
	char name[512];
	participant_display_name(p, name, sizeof name);
	snprintf(h->id, sizeof h->id, "%s", p->id);
	h->name = xstrdup(name);
	h->birth = xstrdup(p->birth_date);
	h->phone = xstrdup(p->phone);
	return 0;
}

static bool
blank(const char *s)
{
	return s[strspn(s, " ")] == '\0';
}

/* Show everyone, or what the query finds. */
static void
reload(struct people *pp)
{
	const char *q = line_text(&pp->query);
	free_hits(pp);
	pp->from_hits = !blank(q);
	/* Hits stay in pp->hits as they are read: the list asks only for the
	 * rows it shows, so that a keystroke reads one screenful. */
	pp->list.shown_only = pp->from_hits;
	pp->why[0] = '\0';
	list_set_pager(&pp->list, pp->from_hits ? NULL : page);
	senda_error err = { 0 };
	if (!pp->from_hits) {
		int64_t n = 0;
		if (participant_count(pp->v->ui->db, &n, &err) != SENDA_OK) {
			/* Not "no participants yet": the file could not be read. */
			senda_error_text(&err, pp->why, sizeof pp->why);
			ui_error(pp->v->ui, &err);
			n = 0;
		}
		list_reset(&pp->list, n);
		return;
	}
	/* The count only: the list reads the hits it shows (fetch). */
	pp->nfound = 0;
	pp->found_exact = true;
	if (participant_search_count(pp->v->ui->db, q, &pp->nfound, &pp->found_exact,
				     &err) != SENDA_OK) {
		senda_error_text(&err, pp->why, sizeof pp->why);
		ui_error(pp->v->ui, &err);
		pp->nfound = 0;
		pp->found_exact = true;
	}
	list_reset(&pp->list, pp->found_exact ? pp->nfound : pp->nfound + 1);
	/* Until the first rows are read the list holds one more than counted. */
	/* None among the rows counted: the first hit, if any, says. */
	if (!pp->found_exact && pp->nfound == 0)
		more_hits(pp, 1);
}

static bool
people_open(struct view *v, const void *arg)
{
	struct people *pp = xcalloc(1, sizeof *pp);
	pp->v = v;
	v->priv = pp;
	line_init(&pp->query, 80);
	list_init(&pp->list, fetch, pp);
	pp->searching = arg && strcmp(arg, "search") == 0;
	reload(pp);
	return true;
}

static void
people_close(struct view *v)
{
	struct people *pp = v->priv;
	free_hits(pp);
	free(pp->hits);
	line_free(&pp->query);
	list_free(&pp->list);
	free(pp);
}

static void
people_resume(struct view *v)
{
	struct people *pp = v->priv;
	struct list_place at;
	list_place_get(&pp->list, &at);
	reload(pp);
	list_place_set(&pp->list, &at);
}

static void
people_draw(struct view *v, int y, int h)
{
	struct people *pp = v->priv;
	char *count;
	/* A count that stopped early is at least the hits about to be shown:
	 * read them before it is drawn ("at least 3 found" above four). */
	if (pp->from_hits && !pp->found_exact && !pp->why[0] && h > 2)
		more_hits(pp, pp->list.top + h - 2);
	if (pp->why[0])
		count = xstrdup("");
	else if (pp->from_hits)
		count = pp->found_exact
			? xasprintf(P_("%d found", "%d found", (unsigned long)pp->nfound),
				    (int)pp->nfound)
			/* L10N: the count of people a search found when counting
			 * them all would take too long */
			: xasprintf(P_("at least %d found; type more", "at least %d found; type more",
				       (unsigned long)pp->nfound), (int)pp->nfound);
	else
		count = xasprintf(P_("%" PRId64 " participant", "%" PRId64 " participants",
				     (unsigned long)pp->list.count), pp->list.count);
	int cw = term_width(count);
	term_put(y, COLS - cw - 1, count, cw, ST_HINT, false);
	free(count);
	if (pp->searching) {
		/* L10N: before the search box in the list of participants */
		const char *label = _("Search:");
		int lw = term_put(y, 1, label, 20, ST_LABEL_FOCUS, false);
		int x = 1 + lw + 1;
		v->cur_x = line_draw(&pp->query, y, x, COLS - x - cw - 3, ST_FIELD_FOCUS);
		v->cur_y = y;
	} else if (pp->query.len) {
		/* What was found stays; keys move in the list, / edits the search. */
		const char *label = _("Search:");
		int lw = term_put(y, 1, label, 20, ST_NORMAL, false);
		int x = 1 + lw + 1;
		char *q = text_inert(line_text(&pp->query));
		x += term_put(y, x, q ? q : "", COLS - x - cw - 3, ST_NORMAL, false);
		free(q);
		/* L10N: after the search text when the keys go to the list again */
		term_put(y, x + 2, _("(/ to change, Esc for everyone)"), COLS - x - cw - 5,
			 ST_HINT, false);
	} else {
		term_put(y, 1, _("Press / to search by name."), COLS - cw - 3, ST_HINT, false);
	}
	/* L10N: column headings of the list of participants; "Born" is the
	 * date of birth and must fit in 12 columns */
	char *head = row_text(_("Name"), _("Born"), _("Phone"), COLS - 2);
	term_put(y + 1, 1, head, COLS - 2, ST_HEADING, false);
	free(head);
	if (pp->why[0]) {
		char *text = xasprintf("%s %s",
				       /* L10N: in the list of participants, instead of the
					* list; followed by the reason */
				       _("The list could not be read:"), pp->why);
		char lines[8][TERM_LINE];
		int n = term_wrap(text, COLS - 4, lines, 8);
		free(text);
		for (int i = 0; i < n && 3 + i < h; i++)
			term_put(y + 3 + i, 2, lines[i], COLS - 4, ST_ERROR, false);
		return;
	}
	if (pp->list.count == 0) {
		const char *msg;
		if (pp->from_hits)
			msg = _("No one found. Check the spelling, or type fewer letters.");
		else
			msg = _("No participants yet. Press n to add the first one.");
		term_put(y + 3, 2, msg, COLS - 4, ST_NORMAL, false);
		return;
	}
	list_draw(&pp->list, y + 2, 1, h - 2, COLS - 2);
}

static void
open_selected(struct people *pp)
{
	const struct list_row *r = list_selected(&pp->list);
	if (!r)
		return;
	char id[UUID_LEN];
	snprintf(id, sizeof id, "%s", r->id);
	/* Back from the record, keys go to the list, not into the search. */
	pp->searching = false;
	ui_push(pp->v->ui, &record_view, id);
}

static bool
edit_query(struct people *pp, enum action act, int key)
{
	struct line *q = &pp->query;
	bool changed = false;
	if (act == ACT_NONE && key_is_text(key))
		changed = line_insert(q, key);
	else switch (act) {
	case ACT_LEFT: line_left(q); return true;
	case ACT_RIGHT: line_right(q); return true;
	case ACT_LINE_START: line_start(q); return true;
	case ACT_LINE_END: line_end(q); return true;
	case ACT_DEL_BACK: changed = line_delete_back(q); break;
	case ACT_DEL_FWD: changed = line_delete_fwd(q); break;
	case ACT_CLEAR: changed = q->len > 0; line_clear(q); break;
	default: return false;
	}
	if (changed)
		reload(pp);
	return true;
}

static bool
people_handle(struct view *v, enum action act, int key)
{
	struct people *pp = v->priv;
	if (pp->searching && edit_query(pp, act, key))
		return true;
	if (list_handle(&pp->list, act))
		return true;
	switch (act) {
	case ACT_OPEN: open_selected(pp); return true;
	case ACT_SEARCH: pp->searching = true; return true;
	case ACT_NEW: ui_push(v->ui, &intake_view, NULL); return true;
	case ACT_IMPORT: ui_push(v->ui, &import_view, NULL); return true;
	case ACT_BACK:
		if (!pp->searching && !pp->query.len)
			return false;
		pp->searching = false;
		if (pp->query.len) {
			line_clear(&pp->query);
			reload(pp);
		}
		return true;
	default: return false;
	}
}

static bool
people_typing(struct view *v)
{
	return ((struct people *)v->priv)->searching;
}

/* Dates in the rows follow the interface language: format them again. */
static void
people_lang_changed(struct view *v, enum date_order from)
{
	(void)from;
	list_invalidate(&((struct people *)v->priv)->list);
}

static const enum action list_keys[] = {
	ACT_SEARCH, ACT_NEW, ACT_OPEN, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN,
	ACT_FIRST, ACT_LAST, ACT_IMPORT, ACT_NONE
};
static const enum action list_bar[] = { ACT_SEARCH, ACT_NEW, ACT_OPEN, ACT_BACK, ACT_NONE };
static const enum action search_keys[] = {
	ACT_OPEN, ACT_BACK, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_LEFT, ACT_RIGHT,
	ACT_LINE_START, ACT_LINE_END, ACT_DEL_BACK, ACT_DEL_FWD, ACT_CLEAR, ACT_NONE
};
static const enum action search_bar[] = { ACT_OPEN, ACT_BACK, ACT_NONE };

static const enum action *
people_keys_now(struct view *v)
{
	return people_typing(v) ? search_keys : list_keys;
}

static const enum action *
people_bar_now(struct view *v)
{
	return people_typing(v) ? search_bar : list_bar;
}

const struct view_ops people_view = {
	.name = "people",
	/* L10N: title of the list of participants */
	.title = N_("Participants"),
	.about = N_("Everyone in this file, by surname. Type / and part of a name to search: "
		    "\"nunez\" finds Núñez, \"garcia lopez\" finds López García. Up and Down "
		    "choose, Enter opens the record, Esc leaves the search."),
	.keys = list_keys,
	.bar = list_bar,
	.open = people_open,
	.close = people_close,
	.draw = people_draw,
	.handle = people_handle,
	.typing = people_typing,
	.keys_now = people_keys_now,
	.bar_now = people_bar_now,
	.resume = people_resume,
	.lang_changed = people_lang_changed,
};
