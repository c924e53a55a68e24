/* senda — a list over any number of rows: only the rows near the screen
 * are asked for (offset, limit), as the person scrolls. */
#ifndef SENDA_UI_LIST_H
#define SENDA_UI_LIST_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/uuid.h"
#include "ui/action.h"

struct list_row {
	char id[UUID_LEN];
	char *text;      /* the line as shown, already fitted to the width */
};

/* Fill up to limit rows from offset, formatted for width columns; return
 * how many were filled (0 at the end, -1 on error). */
typedef int (*list_fetch_fn)(void *ctx, int64_t offset, int limit, int width,
			     struct list_row *rows);

struct list {
	int64_t count;            /* rows in all */
	int64_t top, sel;
	list_fetch_fn fetch;
	void *ctx;
	struct list_row *cache;   /* rows [cache_off, cache_off + cache_n) */
	int64_t cache_off;
	int cache_n, cache_cap, cache_width;
	int height;               /* rows shown at the last draw */
	int64_t fetched;          /* rows asked for since the start (for tests) */
	bool shown_only;          /* ask for the rows shown, no screen above or below */
};

void list_init(struct list *l, list_fetch_fn fetch, void *ctx);
void list_free(struct list *l);
/* New content of count rows: forget the cache, selection to the top. */
void list_reset(struct list *l, int64_t count);
/* Forget the cache only (the rows changed, not their number). */
void list_invalidate(struct list *l);

/* Up, down, page up/down, first, last. True when handled. */
bool list_handle(struct list *l, enum action a);
void list_draw(struct list *l, int y, int x, int h, int w);
/* The selected row, or NULL when the list is empty. */
const struct list_row *list_selected(struct list *l);

#endif
