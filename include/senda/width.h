/* senda — fitting text into terminal columns (display width, not bytes). */
#ifndef SENDA_WIDTH_H
#define SENDA_WIDTH_H

#include <stdbool.h>
#include <stddef.h>

/* A newly allocated copy of valid UTF-8 s that takes at most cols display
 * columns: cut with "…" when longer, padded with spaces to exactly cols when
 * pad is true. Control characters are shown as U+FFFD. */
char *text_fit(const char *s, size_t cols, bool pad);

#endif
