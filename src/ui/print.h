/* senda — sending a text to the printer with lp, for the screens (the
 * command line has `senda slip --print`). */
#ifndef SENDA_UI_PRINT_H
#define SENDA_UI_PRINT_H

#include <stdbool.h>

/* Is there an lp command on PATH? */
bool print_available(void);

/* Give text to `lp -s`; true when lp took it. Nothing reaches the screen. */
bool print_text(const char *text);

#endif
