/* senda — money as typed and shown (see senda/money.h). */
#include <config.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "senda/money.h"

#define MONEY_DIGITS 7   /* up to $9,999,999.99 */

/* A word for dollars after the amount, any case ("dólares" with its accent
 * in UTF-8 or without). */
static const char *
skip_currency_word(const char *s)
{
	static const char *const words[] = { "usd", "dollars", "dolares", "dólares", "dls", NULL };
	for (int i = 0; words[i]; i++) {
		size_t n = strlen(words[i]);
		if (strncasecmp(s, words[i], n) == 0)
			return s + n;
	}
	if (strncmp(s, "DÓLARES", strlen("DÓLARES")) == 0)
		return s + strlen("DÓLARES");
	return s;
}

int64_t
money_parse(const char *s)
{
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (*s == '$')
		s++;
	while (*s == ' ')
		s++;
	int64_t whole = 0, cents = 0;
	int digits = 0, decimals = 0;
	for (;;) {
		if (isdigit((unsigned char)*s)) {
			whole = whole * 10 + (*s++ - '0');
			if (++digits > MONEY_DIGITS)
				return -1;
			continue;
		}
		/* A thousands separator only after a digit and before exactly three. */
		if (*s == ',' && digits && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
		    isdigit((unsigned char)s[3]) && !isdigit((unsigned char)s[4])) {
			s++;
			continue;
		}
		break;
	}
	if (*s == '.' || *s == ',') {
		s++;
		for (; isdigit((unsigned char)*s); s++) {
			if (++decimals > 2)
				return -1;
			cents = cents * 10 + (*s - '0');
		}
		if (decimals == 1)
			cents *= 10;
	}
	while (*s == ' ')
		s++;
	s = skip_currency_word(s);
	while (*s == ' ')
		s++;
	if (*s || (digits == 0 && decimals == 0))
		return -1;
	return whole * 100 + cents;
}

char *
money_format(int64_t cents, char *buf, size_t n)
{
	if (cents < 0)
		snprintf(buf, n, "%s", "");
	else
		snprintf(buf, n, "$%" PRId64 ".%02d", cents / 100, (int)(cents % 100));
	return buf;
}
