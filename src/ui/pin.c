/* senda — a PIN field (src/ui/pin.h). */
#include <config.h>

#include <string.h>

#include <sodium.h>

#include "ui/pin.h"
#include "ui/term.h"

void
pin_clear(struct pin_entry *p)
{
	sodium_memzero(p->text, sizeof p->text);
	p->n = 0;
	p->too_long = false;
}

void
pin_key(struct pin_entry *p, int key)
{
	if (p->n + 1 >= sizeof p->text) {
		p->too_long = true;
		return;
	}
	/* A character beyond ASCII is not a digit either: it stands as '?'. */
	p->text[p->n++] = key < 0x80 ? (char)key : '?';
}

void
pin_back(struct pin_entry *p)
{
	if (p->n > 0)
		p->text[--p->n] = '\0';
	p->too_long = false;
}

void
pin_draw(const struct pin_entry *p, int y, int x, int *cur_y, int *cur_x)
{
	char stars[13];
	size_t n = p->n < sizeof stars - 1 ? p->n : sizeof stars - 1;
	memset(stars, '*', n);
	stars[n] = '\0';
	term_fill(y, x, 12, ST_FIELD);
	term_put(y, x, stars, 12, ST_FIELD, false);
	*cur_y = y;
	*cur_x = x + (int)n;
}

const char *
pin_text(struct pin_entry *p)
{
	if (p->too_long)
		memset(p->text, '9', sizeof p->text - 1);
	return p->text;
}
