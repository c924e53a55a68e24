/* senda — a PIN field: what is typed is kept (and wiped after use) but
 * shown as stars; anything may be typed, so that a letter or a PIN of 100
 * digits reaches the model and is told what is wrong with it. */
#ifndef SENDA_UI_PIN_H
#define SENDA_UI_PIN_H

#include <stdbool.h>
#include <stddef.h>

/* Longer than any PIN, so that a long one is told as too long. */
#define PIN_ENTRY_MAX 128

struct pin_entry {
	char text[PIN_ENTRY_MAX];
	size_t n;
	bool too_long;
};

void pin_clear(struct pin_entry *p);
/* A printable key typed into the field. */
void pin_key(struct pin_entry *p, int key);
void pin_back(struct pin_entry *p);
/* Stars in 12 columns at y, x; the cursor's place into *cur_y, *cur_x. */
void pin_draw(const struct pin_entry *p, int y, int x, int *cur_y, int *cur_x);
/* The PIN as typed, for the model to judge (one too long for the field
 * stays too long). */
const char *pin_text(struct pin_entry *p);

#endif
