/* senda — the lazy list widget. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "senda/mem.h"
#include "ui/list.h"
#include "ui/term.h"

void
list_init(struct list *l, list_fetch_fn fetch, void *ctx)
{
	memset(l, 0, sizeof *l);
	l->fetch = fetch;
	l->ctx = ctx;
	l->height = 10;
	l->anchor_at = -1;
}

static void
drop_rows(struct list *l)
{
	for (int i = 0; i < l->cache_n; i++)
		free(l->cache[i].text);
	l->cache_n = 0;
	l->cache_off = 0;
}

void
list_invalidate(struct list *l)
{
	/* The rows go; where one of them stands stays known, so that a pager
	 * can start from it (the top row, else the first one read). */
	if (l->cache_n > 0) {
		int64_t at = l->top >= l->cache_off && l->top < l->cache_off + l->cache_n
			? l->top : l->cache_off;
		memcpy(l->anchor, l->cache[at - l->cache_off].id, UUID_LEN);
		l->anchor_at = at;
	}
	drop_rows(l);
}

void
list_set_pager(struct list *l, list_page_fn page)
{
	if (page != l->page) {
		drop_rows(l);
		l->anchor_at = -1;
	}
	l->page = page;
}

void
list_free(struct list *l)
{
	list_invalidate(l);
	free(l->cache);
	l->cache = NULL;
	l->cache_cap = 0;
}

void
list_reset(struct list *l, int64_t count)
{
	drop_rows(l);
	l->anchor_at = -1;   /* new rows: no position is known */
	l->count = count;
	l->top = l->sel = 0;
}

void
list_place_get(const struct list *l, struct list_place *p)
{
	p->top = l->top;
	p->sel = l->sel;
	p->id[0] = '\0';
	if (l->top >= l->cache_off && l->top < l->cache_off + l->cache_n)
		memcpy(p->id, l->cache[l->top - l->cache_off].id, UUID_LEN);
	else if (l->anchor_at == l->top)
		memcpy(p->id, l->anchor, UUID_LEN);
}

void
list_place_set(struct list *l, const struct list_place *p)
{
	drop_rows(l);
	l->top = p->top;
	l->sel = p->sel;
	l->anchor_at = p->id[0] ? p->top : -1;
	if (p->id[0])
		memcpy(l->anchor, p->id, UUID_LEN);
}

static void
room(struct list *l, int want)
{
	if (want > l->cache_cap) {
		l->cache = xrealloc(l->cache, (size_t)want * sizeof *l->cache);
		l->cache_cap = want;
	}
	memset(l->cache, 0, (size_t)want * sizeof *l->cache);
}

static int64_t
clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* With a pager: read about three screens around rows [from, from + n) by
 * key, starting next to a row already known (one in the cache, else the
 * anchor), or from either end. Moving by a line or a page, or coming back
 * to a kept place, always finds one; false when none is near enough. */
static bool
page_in(struct list *l, int64_t from, int n, int width)
{
	int want = n * 3;
	int64_t ko = l->cache_off, kn = l->cache_n;   /* the rows known */
	if (kn == 0 && l->anchor_at >= 0) {
		ko = l->anchor_at;
		kn = 1;
	}
	enum list_from how;
	int64_t at = 0;
	char id[UUID_LEN] = "";
	if (from - n <= 0 || l->count <= want) {
		how = LIST_FIRST;
	} else if (from + 2 * n >= l->count) {
		how = LIST_LAST;
	} else if (kn == 0) {
		return false;
	} else if (from >= ko) {
		/* Down: from a known row at most a screen above the window. */
		at = clamp64(from - n, ko, ko + kn - 1);
		if (at + want < from + n)
			return false;
		how = LIST_AT;
	} else {
		/* Up: the rows before a known row at most two screens below. */
		at = clamp64(from + 2 * n, ko, ko + kn - 1);
		if (at < from + n || at - want > from)
			return false;
		how = LIST_BEFORE;
	}
	if (how == LIST_AT || how == LIST_BEFORE)
		memcpy(id, l->cache_n ? l->cache[at - l->cache_off].id : l->anchor, UUID_LEN);
	drop_rows(l);
	room(l, want);
	int got = l->page(l->ctx, how, id, want, width, l->cache);
	l->fetched += got > 0 ? got : 0;
	l->cache_n = got > 0 ? got : 0;
	if (got < 0)
		return true;
	switch (how) {
	case LIST_FIRST:
	case LIST_AT:
	case LIST_AFTER:
		l->cache_off = how == LIST_FIRST ? 0 : at;
		/* Fewer rows than counted: the file changed under us. */
		if (got < want && l->cache_off + got < l->count)
			l->count = l->cache_off + got;
		break;
	case LIST_LAST:
		l->cache_off = l->count - got;
		if (got < want && l->cache_off > 0) {
			l->cache_off = 0;
			l->count = got;
		}
		break;
	case LIST_BEFORE:
		l->cache_off = at - got;
		if (got < want && l->cache_off > 0) {
			/* These are the very first rows: the file changed under
			 * us. Number them from 0 and move the view with them. */
			int64_t shift = l->cache_off;
			l->cache_off = 0;
			l->count -= shift;
			l->top -= shift;
			l->sel -= shift;
			if (l->top < 0)
				l->top = 0;
			if (l->sel < 0)
				l->sel = 0;
		}
		break;
	}
	return true;
}

/* Make sure rows [from, from + n) are in the cache: fetch a window around
 * them of about three screens. */
static void
ensure(struct list *l, int64_t from, int n, int width)
{
	if (width != l->cache_width)
		list_invalidate(l);
	l->cache_width = width;
	if (from < 0)
		from = 0;
	if (from + n > l->count)
		n = (int)(l->count - from);
	if (n <= 0)
		return;
	if (from >= l->cache_off && from + n <= l->cache_off + l->cache_n)
		return;
	if (l->page && page_in(l, from, n, width))
		return;
	drop_rows(l);
	l->anchor_at = -1;
	/* shown_only: no screen above or below (each row costs a search). */
	int64_t off = l->shown_only ? from : from - n;
	if (off < 0)
		off = 0;
	int want = l->shown_only ? n : n * 3;
	room(l, want);
	int got = l->fetch(l->ctx, off, want, width, l->cache);
	l->fetched += got > 0 ? got : 0;
	l->cache_off = off;
	l->cache_n = got > 0 ? got : 0;
	/* Fewer rows than counted: the file changed under us. */
	if (got >= 0 && got < want && off + got < l->count)
		l->count = off + got;
}

static const struct list_row *
row_at(struct list *l, int64_t i)
{
	if (i < l->cache_off || i >= l->cache_off + l->cache_n)
		return NULL;
	return &l->cache[i - l->cache_off];
}

static void
clamp(struct list *l)
{
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + l->height)
		l->top = l->sel - l->height + 1;
	if (l->top < 0)
		l->top = 0;
}

bool
list_handle(struct list *l, enum action a)
{
	int page = l->height > 1 ? l->height - 1 : 1;
	switch (a) {
	case ACT_UP: l->sel--; break;
	case ACT_DOWN: l->sel++; break;
	case ACT_PGUP: l->sel -= page; l->top -= page; break;
	case ACT_PGDN: l->sel += page; l->top += page; break;
	case ACT_FIRST: l->sel = 0; break;
	case ACT_LAST: l->sel = l->count - 1; break;
	default: return false;
	}
	if (l->top > l->count - l->height)
		l->top = l->count - l->height;
	clamp(l);
	return true;
}

void
list_draw(struct list *l, int y, int x, int h, int w)
{
	l->height = h > 0 ? h : 1;
	clamp(l);
	ensure(l, l->top, h, w);
	for (int i = 0; i < h; i++) {
		int64_t r = l->top + i;
		const struct list_row *row = r < l->count ? row_at(l, r) : NULL;
		if (!row)
			continue;
		term_put(y + i, x, row->text, w, r == l->sel ? ST_SELECTED : ST_NORMAL, true);
	}
	term_scroll_marks(y, h, l->top > 0, l->top + h < l->count);
}

const struct list_row *
list_selected(struct list *l)
{
	if (l->count <= 0)
		return NULL;
	clamp(l);
	ensure(l, l->top, l->height, l->cache_width);
	return row_at(l, l->sel);
}
