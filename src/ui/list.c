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
}

void
list_invalidate(struct list *l)
{
	for (int i = 0; i < l->cache_n; i++)
		free(l->cache[i].text);
	l->cache_n = 0;
	l->cache_off = 0;
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
	list_invalidate(l);
	l->count = count;
	l->top = l->sel = 0;
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
	list_invalidate(l);
	int64_t off = l->shown_only ? from : from - n;
	if (off < 0)
		off = 0;
	int want = l->shown_only ? n : n * 3;
	if (want > l->cache_cap) {
		l->cache = xrealloc(l->cache, (size_t)want * sizeof *l->cache);
		l->cache_cap = want;
	}
	memset(l->cache, 0, (size_t)want * sizeof *l->cache);
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
