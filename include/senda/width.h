/* senda — fitting text into terminal columns (display width, not bytes). */
#ifndef SENDA_WIDTH_H
#define SENDA_WIDTH_H

#include <stdbool.h>
#include <stddef.h>

/* A newly allocated copy of valid UTF-8 s that takes at most cols display
 * columns: cut with "…" when longer, padded with spaces to exactly cols when
 * pad is true. Control characters are shown as U+FFFD. */
char *text_fit(const char *s, size_t cols, bool pad);

/* Bytes text_fit_to may write for a text of len bytes in cols columns,
 * the final '\0' included. */
#define TEXT_FIT_ROOM(len, cols) ((len) * 3 + (cols) + 8)
/* The same into out (TEXT_FIT_ROOM bytes), without allocating, for output
 * of many rows; returns the bytes written before the '\0'. */
size_t text_fit_to(char *out, const char *s, size_t cols, bool pad);

#endif
