/* senda — a list over any number of rows: only the rows near the screen
 * are asked for, as the person scrolls: by offset (lists held in memory),
 * or, with a pager, by key next to a row already read, so that a page deep
 * in 500,000 rows costs what the first one does. */
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

/* Where a pager starts: the first rows, the last ones, the rows after the
 * row id, that row and those after it, or the rows just before it. */
enum list_from { LIST_FIRST, LIST_LAST, LIST_AFTER, LIST_AT, LIST_BEFORE };

/* Fill up to limit rows, in list order whatever the direction, starting as
 * from says; return how many were filled (-1 on error). */
typedef int (*list_page_fn)(void *ctx, enum list_from from, const char *id, int limit,
			    int width, struct list_row *rows);

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
	list_page_fn page;        /* set: rows are read by key (fetch only as a last resort) */
	char anchor[UUID_LEN];    /* with the cache empty, a row known to be */
	int64_t anchor_at;        /* at this position (-1: none) */
	bool shown_only;          /* ask for the rows shown, no screen above or below */
};

/* Where the list stands: its top and selected rows, and the top row's id. */
struct list_place {
	int64_t top, sel;
	char id[UUID_LEN];        /* "" when the top row was not read */
};

void list_init(struct list *l, list_fetch_fn fetch, void *ctx);
void list_free(struct list *l);
/* New content of count rows: forget the cache, selection to the top. */
void list_reset(struct list *l, int64_t count);
/* Forget the cache only (the rows changed, not their number). */
void list_invalidate(struct list *l);
/* Read rows by key with page from now on (NULL: by offset with fetch). */
void list_set_pager(struct list *l, list_page_fn page);
/* Keep the place before a list_reset of the same rows, and go back there
 * after it (by the top row's key, not by reading every row above it). */
void list_place_get(const struct list *l, struct list_place *p);
void list_place_set(struct list *l, const struct list_place *p);

/* Up, down, page up/down, first, last. True when handled. */
bool list_handle(struct list *l, enum action a);
void list_draw(struct list *l, int y, int x, int h, int w);
/* The selected row, or NULL when the list is empty. */
const struct list_row *list_selected(struct list *l);

#endif
