/* senda — keys as one int: a character, a curses function key, or Alt (or
 * Esc then) a character. */
#ifndef SENDA_UI_KEYS_H
#define SENDA_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define KEY_FN_FLAG  0x1000000   /* a curses KEY_* code */
#define KEY_ALT_FLAG 0x2000000   /* Alt-x, or Esc then x */
#define K_FN(k)   (KEY_FN_FLAG | (k))
#define K_ALT(c)  (KEY_ALT_FLAG | (c))
#define K_CTRL(c) ((c) & 0x1f)
#define K_ESC     27
#define K_ENTER   '\r'           /* also what '\n' and KEY_ENTER become */
#define K_TAB     '\t'
#define K_NONE    0

/* How long after a lone Esc a second key still makes "Esc x" = Alt-x, so
 * that Esc 2 works as F2 where there are no function keys. Esc alone waits
 * this long before it acts. */
#define ESC_FOLLOW_MS 200

/* Teach curses the key sequences terminals send without naming them in
 * terminfo. After initscr. */
void key_setup(void);

/* Wait for the next key (blocking). Backspace and Delete-as-backspace come
 * back as K_FN(KEY_BACKSPACE), all Enter keys as K_ENTER. */
int key_read(void);
/* The same, waiting at most ms milliseconds (-1: for ever): K_NONE when
 * nothing was typed by then. */
int key_read_within(int ms);

/* A character that goes into a text field (not a control character). */
bool key_is_text(int k);

/* The key's name as shown in the key bar and the help ("Ctrl-S", "F2",
 * "Enter" translated). With esc_form, Alt-x is written "Esc x". */
char *key_label(int k, bool esc_form, char *buf, size_t n);

/* False for a function key this terminal does not have. */
bool key_available(int k);

#endif
