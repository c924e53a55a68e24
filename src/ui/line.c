/* senda — the one-line editor, on libunistring. */
#include <config.h>

#include <string.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "senda/mem.h"
#include "senda/text.h"
#include "ui/line.h"

static const uint8_t *
u(const char *s)
{
	return (const uint8_t *)s;
}

void
line_init(struct line *l, size_t max)
{
	memset(l, 0, sizeof *l);
	l->cap = 32;
	l->buf = xmalloc(l->cap);
	l->buf[0] = '\0';
	l->max = max;
}

void
line_free(struct line *l)
{
	free(l->buf);
	l->buf = NULL;
	l->len = l->cap = l->cur = 0;
}

void
line_set(struct line *l, const char *s)
{
	if (!s || !text_valid(s))
		s = "";
	size_t n = strlen(s);
	if (n + 1 > l->cap) {
		l->cap = n + 32;
		l->buf = xrealloc(l->buf, l->cap);
	}
	memcpy(l->buf, s, n + 1);
	l->len = l->cur = n;
	l->hscroll = 0;
}

const char *
line_text(const struct line *l)
{
	return l->buf;
}

bool
line_insert(struct line *l, int ch)
{
	uint8_t enc[6];
	int n = u8_uctomb(enc, (ucs4_t)ch, sizeof enc);
	if (n <= 0)
		return false;
	if (l->max && u8_mbsnlen(u(l->buf), l->len) >= l->max)
		return false;
	if (l->len + (size_t)n + 1 > l->cap) {
		l->cap = (l->len + (size_t)n + 1) * 2;
		l->buf = xrealloc(l->buf, l->cap);
	}
	memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur + 1);
	memcpy(l->buf + l->cur, enc, (size_t)n);
	l->len += (size_t)n;
	l->cur += (size_t)n;
	return true;
}

/* Byte offset of the grapheme boundary after / before pos. */
static size_t
next_boundary(const struct line *l, size_t pos)
{
	if (pos >= l->len)
		return l->len;
	const uint8_t *p = u8_grapheme_next(u(l->buf) + pos, u(l->buf) + l->len);
	return p ? (size_t)(p - u(l->buf)) : l->len;
}

static size_t
prev_boundary(const struct line *l, size_t pos)
{
	if (pos == 0)
		return 0;
	const uint8_t *p = u8_grapheme_prev(u(l->buf) + pos, u(l->buf));
	return p ? (size_t)(p - u(l->buf)) : 0;
}

void
line_left(struct line *l)
{
	l->cur = prev_boundary(l, l->cur);
}

void
line_right(struct line *l)
{
	l->cur = next_boundary(l, l->cur);
}

void
line_start(struct line *l)
{
	l->cur = 0;
}

void
line_end(struct line *l)
{
	l->cur = l->len;
}

static void
cut(struct line *l, size_t from, size_t to)
{
	memmove(l->buf + from, l->buf + to, l->len - to + 1);
	l->len -= to - from;
	l->cur = from;
}

bool
line_delete_back(struct line *l)
{
	if (l->cur == 0)
		return false;
	cut(l, prev_boundary(l, l->cur), l->cur);
	return true;
}

bool
line_delete_fwd(struct line *l)
{
	if (l->cur >= l->len)
		return false;
	cut(l, l->cur, next_boundary(l, l->cur));
	return true;
}

void
line_clear(struct line *l)
{
	l->buf[0] = '\0';
	l->len = l->cur = 0;
	l->hscroll = 0;
}

/* Columns of the grapheme [a, b): the widest of its characters (combining
 * marks are 0); a control character shows as one replacement character. */
static int
cluster_width(const struct line *l, size_t a, size_t b, bool *control)
{
	int w = 0;
	*control = false;
	for (size_t i = a; i < b;) {
		ucs4_t c;
		int n = u8_mbtouc(&c, u(l->buf) + i, b - i);
		/* C0, C1, bidirectional and invisible characters, as text_inert
		 * shows them: nothing typed or stored drives the terminal. */
		if (text_char_is_control(c))
			*control = true;
		int cw = uc_width(c, "UTF-8");
		if (cw > w)
			w = cw;
		i += n > 0 ? (size_t)n : 1;
	}
	return *control ? 1 : w;
}

static int
col_of(const struct line *l, size_t pos)
{
	int col = 0;
	bool ctl;
	for (size_t i = 0; i < pos;) {
		size_t j = next_boundary(l, i);
		col += cluster_width(l, i, j, &ctl);
		i = j;
	}
	return col;
}

int
line_draw(struct line *l, int y, int x, int width, enum style st)
{
	if (width < 2)
		width = 2;
	int curcol = col_of(l, l->cur);
	if (curcol < l->hscroll)
		l->hscroll = curcol;
	if (curcol >= l->hscroll + width)
		l->hscroll = curcol - width + 1;
	term_fill(y, x, width, st);
	attr_t a = term_style(st);
	attron(a);
	int col = 0;
	bool ctl;
	for (size_t i = 0; i < l->len;) {
		size_t j = next_boundary(l, i);
		int w = cluster_width(l, i, j, &ctl);
		if (col >= l->hscroll) {
			if (col + w > l->hscroll + width)
				break;
			move(y, x + col - l->hscroll);
			if (ctl)
				addstr("\xef\xbf\xbd");
			else
				addnstr(l->buf + i, (int)(j - i));
		}
		col += w;
		i = j;
	}
	attroff(a);
	return x + curcol - l->hscroll;
}
