/* senda — hybrid logical clock (Kulkarni et al., "Logical Physical Clocks",
 * 2014): a wall time that never goes backwards, and a counter that orders
 * events within one millisecond. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "senda/hlc.h"

#define MS_MAX      9999999999999LL   /* 13 digits, the year 2286 */
#define COUNTER_MAX 99999u            /* 5 digits */

/* Site ids are UUIDs; their first 8 characters are hex. Accept letters and
 * digits, so that every value sorts plainly as ASCII. */
static bool
is_node_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
	    || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The first 8 characters of node, padded with '0'; a character that could
 * not be parsed back becomes '0'. */
static void
set_node(hlc *c, const char *node)
{
	size_t i = 0;

	if (node != NULL)
		for (; i < 8 && node[i] != '\0'; i++)
			c->node[i] = is_node_char(node[i]) ? node[i] : '0';
	for (; i < 8; i++)
		c->node[i] = '0';
	c->node[8] = '\0';
}

int
hlc_parse(const char *s, int64_t *ms, uint32_t *counter, char node[9])
{
	int64_t m = 0;
	uint32_t n = 0;
	int i;

	if (s == NULL || strnlen(s, HLC_LEN) != HLC_LEN - 1)
		return -1;
	for (i = 0; i < 13; i++) {
		if (!is_digit(s[i]))
			return -1;
		m = m * 10 + (s[i] - '0');
	}
	if (s[13] != '-' || s[19] != '-')
		return -1;
	for (i = 14; i < 19; i++) {
		if (!is_digit(s[i]))
			return -1;
		n = n * 10 + (uint32_t)(s[i] - '0');
	}
	for (i = 20; i < 28; i++)
		if (!is_node_char(s[i]))
			return -1;
	if (ms != NULL)
		*ms = m;
	if (counter != NULL)
		*counter = n;
	if (node != NULL) {
		memcpy(node, s + 20, 8);
		node[8] = '\0';
	}
	return 0;
}

int
hlc_init(hlc *c, const char *node, const char *last)
{
	if (c == NULL)
		return -1;
	c->ms = 0;
	c->counter = 0;
	set_node(c, node);
	if (last == NULL || *last == '\0')
		return 0;
	if (hlc_parse(last, &c->ms, &c->counter, NULL) < 0) {
		c->ms = 0;
		c->counter = 0;
		return -1;
	}
	return 0;
}

/* Keep the counter within 5 digits by moving on to the next millisecond:
 * the value still sorts after everything before it. At the very end of the
 * 13-digit range the clock stays put rather than break the format. */
static void
normalize(hlc *c)
{
	if (c->counter > COUNTER_MAX) {
		if (c->ms < MS_MAX) {
			c->ms++;
			c->counter = 0;
		} else {
			c->counter = COUNTER_MAX;
		}
	}
}

static int64_t
clamp_ms(int64_t ms)
{
	if (ms < 0)
		return 0;
	return ms > MS_MAX ? MS_MAX : ms;
}

static void
format(const hlc *c, char out[HLC_LEN])
{
	snprintf(out, HLC_LEN, "%013lld-%05u-%.8s", (long long)c->ms,
	    (unsigned)c->counter, c->node);
}

void
hlc_tick(hlc *c, int64_t now_ms, char out[HLC_LEN])
{
	if (c == NULL)
		return;
	now_ms = clamp_ms(now_ms);
	if (now_ms > c->ms) {
		c->ms = now_ms;
		c->counter = 0;
	} else {
		c->counter++;   /* wall clock stood still or went back */
		normalize(c);
	}
	if (out != NULL)
		format(c, out);
}

int
hlc_receive(hlc *c, const char *remote, int64_t now_ms)
{
	int64_t rms, l;
	uint32_t rc;

	if (c == NULL || hlc_parse(remote, &rms, &rc, NULL) < 0)
		return -1;
	now_ms = clamp_ms(now_ms);
	l = c->ms;
	if (rms > l)
		l = rms;
	if (now_ms > l)
		l = now_ms;

	if (l == c->ms && l == rms)
		c->counter = (c->counter > rc ? c->counter : rc) + 1;
	else if (l == c->ms)
		c->counter++;
	else if (l == rms)
		c->counter = rc + 1;
	else
		c->counter = 0;
	c->ms = l;
	normalize(c);
	return 0;
}
