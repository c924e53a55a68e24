/* senda — a one-line text editor: UTF-8 buffer, cursor moves by user-
 * perceived character (grapheme cluster, so e + combining accent is one),
 * display by terminal columns (wide characters take two). */
#ifndef SENDA_UI_LINE_H
#define SENDA_UI_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include "ui/term.h"

struct line {
	char *buf;        /* valid UTF-8, NUL-terminated */
	size_t len, cap;
	size_t cur;       /* cursor, a byte offset at a character boundary */
	size_t max;       /* most characters (code points) allowed; 0 = any */
	int hscroll;      /* first display column shown */
};

void line_init(struct line *l, size_t max);
void line_free(struct line *l);
/* Replace the text (cursor at its end). Invalid UTF-8 becomes "". */
void line_set(struct line *l, const char *s);
const char *line_text(const struct line *l);

/* Insert a character at the cursor. False when the field is full. */
bool line_insert(struct line *l, int ch);
void line_left(struct line *l);
void line_right(struct line *l);
void line_start(struct line *l);
void line_end(struct line *l);
bool line_delete_back(struct line *l);
bool line_delete_fwd(struct line *l);
void line_clear(struct line *l);

/* Draw in width columns at y, x; returns the screen column of the cursor. */
int line_draw(struct line *l, int y, int x, int width, enum style st);

#endif
