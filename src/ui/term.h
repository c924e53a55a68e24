/* senda — the terminal: start and stop curses, styles with or without
 * colour, signals that restore the terminal, safe text output. */
#ifndef SENDA_UI_TERM_H
#define SENDA_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>

/* The smallest window the screens are laid out for (designed for 80x24). */
#define TERM_MIN_COLS 60
#define TERM_MIN_LINES 16

enum style {
	ST_NORMAL, ST_TITLE, ST_BAR, ST_BAR_KEY, ST_ERROR, ST_OK, ST_SELECTED,
	ST_FIELD, ST_FIELD_FOCUS, ST_LABEL_FOCUS, ST_REQUIRED, ST_HINT, ST_HEADING,
	ST_DIALOG, ST__COUNT
};

/* Can curses drive this terminal? Fills why (translated) when not. Call
 * before term_start; needs no screen. */
bool term_usable(char *why, size_t n);

/* Start curses (after setlocale) and catch fatal signals. */
void term_start(void);
/* Give the terminal back; safe to call twice. */
void term_stop(void);

bool term_too_small(void);
/* Does this terminal's description have function key Fn? */
bool term_has_fkey(int n);
/* The "please make the window larger" screen. */
void term_draw_too_small(void);

attr_t term_style(enum style s);

/* Print valid UTF-8 s at y, x in at most cols columns (control characters
 * shown inert, cut with an ellipsis), in style st. pad fills the rest of
 * cols with spaces. Returns the columns used. */
int term_put(int y, int x, const char *s, int cols, enum style st, bool pad);

/* Fill cols cells from y, x with spaces in style st. */
void term_fill(int y, int x, int cols, enum style st);
/* Marks in the last column of rows [y, y + h) that say the content goes on:
 * an arrow up on the first row when there is more above, down on the last
 * when there is more below. */
void term_scroll_marks(int y, int h, bool above, bool below);
/* A column of base columns at width 80 that takes one div-th of the width
 * beyond 80, up to most: on a wide terminal text columns get the room. */
int term_col(int width, int base, int div, int most);

/* Break text at spaces into at most max lines of at most width columns
 * (and fewer than TERM_LINE bytes); returns the number of lines. */
#define TERM_LINE 256
int term_wrap(const char *text, int width, char out[][TERM_LINE], int max);
/* text wrapped at column 2, COLS - 4 wide, from line y down to (not
 * including) line last, at most 8 lines; returns the lines written. */
int term_put_wrapped(int y, int last, const char *text, enum style st);
/* A progress line on row: what, a bar, "done of total" (done alone when
 * total is not known). */
void term_progress(int row, const char *what, int64_t done, int64_t total);

/* Display width of valid UTF-8 s. */
int term_width(const char *s);

#endif
