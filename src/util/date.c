/* senda — calendar dates (proleptic Gregorian). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <stdio.h>
#include <string.h>

#include "senda/date.h"

#define YEAR_MIN 1900
#define YEAR_MAX 2200

/* Month names for date_words. Not through gettext: the language is a
 * parameter, not the interface language. */
static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"
};
static const char *const months_es[12] = {
	"enero", "febrero", "marzo", "abril", "mayo", "junio",
	"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"
};

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && is_leap(y))
		return 29;
	return dim[m - 1];
}

bool
date_is_valid(int y, int m, int d)
{
	return d >= 1 && d <= date_days_in_month(y, m);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Read a run of 1..max digits at *p; returns its length (0 when there are
 * no digits or too many, which is a syntax error either way). */
static int
read_field(const char **p, int max, int *value)
{
	const char *s = *p;
	int n = 0, v = 0;

	while (is_digit(s[n])) {
		if (n == max)
			return 0;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*value = v;
	*p = s + n;
	return n;
}

/* Year range first, then whether the day exists. */
static enum date_status
check(int y, int m, int d)
{
	if (y < YEAR_MIN || y > YEAR_MAX)
		return DATE_RANGE;
	if (!date_is_valid(y, m, d))
		return DATE_INVALID;
	return DATE_OK;
}

enum date_status
date_parse(const char *in, enum date_order order, sdate *out)
{
	const char *p = in;
	int f[3], len[3];
	char sep = 0;
	sdate r;
	enum date_status st;

	if (in == NULL)
		return DATE_EMPTY;
	while (is_blank(*p))
		p++;
	if (*p == '\0')
		return DATE_EMPTY;

	/* Three fields of at most 4 digits, one separator used twice. */
	for (int i = 0; i < 3; i++) {
		if (i > 0) {
			if (*p != '/' && *p != '-' && *p != '.')
				return DATE_SYNTAX;
			if (sep == 0)
				sep = *p;
			else if (*p != sep)
				return DATE_SYNTAX;
			p++;
		}
		len[i] = read_field(&p, 4, &f[i]);
		if (len[i] == 0)
			return DATE_SYNTAX;
	}
	while (is_blank(*p))
		p++;
	if (*p != '\0')
		return DATE_SYNTAX;

	if (len[0] == 4) {
		/* Year first: ISO order whatever the user's order. */
		if (len[1] > 2 || len[2] > 2)
			return DATE_SYNTAX;
		r.y = f[0];
		r.m = f[1];
		r.d = f[2];
	} else {
		/* Day and month take one or two digits; the year exactly four. */
		if (len[0] > 2 || len[1] > 2 || len[2] != 4)
			return DATE_SYNTAX;
		r.y = f[2];
		if (order == DATE_DMY) {
			r.d = f[0];
			r.m = f[1];
		} else {
			r.m = f[0];
			r.d = f[1];
		}
	}
	st = check(r.y, r.m, r.d);
	if (st == DATE_OK && out != NULL)
		*out = r;
	return st;
}

void
date_to_iso(sdate d, char buf[11])
{
	if (buf == NULL)
		return;
	snprintf(buf, 11, "%04d-%02d-%02d", d.y, d.m, d.d);
}

enum date_status
date_from_iso(const char *iso, sdate *out)
{
	sdate r;
	enum date_status st;

	if (iso == NULL || *iso == '\0')
		return DATE_EMPTY;
	if (strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return DATE_SYNTAX;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(iso[i]))
			return DATE_SYNTAX;
	r.y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100
	    + (iso[2] - '0') * 10 + (iso[3] - '0');
	r.m = (iso[5] - '0') * 10 + (iso[6] - '0');
	r.d = (iso[8] - '0') * 10 + (iso[9] - '0');
	st = check(r.y, r.m, r.d);
	if (st == DATE_OK && out != NULL)
		*out = r;
	return st;
}

/* "es", "es_MX", "es-419" are Spanish; everything else is English. */
static bool
is_spanish(const char *lang)
{
	return lang != NULL && lang[0] == 'e' && lang[1] == 's'
	    && (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-');
}

char *
date_words(sdate d, const char *lang, char *buf, size_t n)
{
	if (buf == NULL || n == 0)
		return buf;
	if (d.m < 1 || d.m > 12) {
		/* No name for such a month; show the numbers. */
		snprintf(buf, n, "%04d-%02d-%02d", d.y, d.m, d.d);
	} else if (is_spanish(lang)) {
		snprintf(buf, n, "%d de %s de %d", d.d, months_es[d.m - 1], d.y);
	} else {
		snprintf(buf, n, "%s %d, %d", months_en[d.m - 1], d.d, d.y);
	}
	return buf;
}

char *
date_format(sdate d, enum date_order order, char *buf, size_t n)
{
	if (buf == NULL || n == 0)
		return buf;
	if (order == DATE_DMY)
		snprintf(buf, n, "%02d/%02d/%04d", d.d, d.m, d.y);
	else
		snprintf(buf, n, "%02d/%02d/%04d", d.m, d.d, d.y);
	return buf;
}

int
date_cmp(sdate a, sdate b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* Someone born on 29 February turns a year older on 1 March in common
 * years. If on precedes birth, the result is negative. */
int
date_years_between(sdate birth, sdate on)
{
	int years;

	if (date_cmp(on, birth) < 0)
		return -date_years_between(on, birth);
	years = on.y - birth.y;
	if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
		years--;
	return years;
}

/*
 * Day numbers. Count years from 1 March, so that the leap day falls at the
 * end of the counted year, and group them in 400-year eras of 146097 days
 * (the Gregorian cycle repeats exactly every 400 years). Within a year that
 * starts in March, the month lengths 31 30 31 30 31 | 31 30 31 30 31 | 31 28
 * follow (153 * m + 2) / 5 for the days before month m (m = 0 for March).
 * Day 0 of era 0 is 0000-03-01, which is 719468 days before 1970-01-01.
 */
#define EPOCH_SHIFT 719468L
#define ERA_DAYS 146097L

static long
floor_div(long a, long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

long
date_to_days(sdate d)
{
	long y = d.y - (d.m <= 2);                   /* year starting in March */
	long era = floor_div(y, 400);
	long yoe = y - era * 400;                    /* 0..399 */
	long mp = d.m > 2 ? d.m - 3 : d.m + 9;       /* March = 0 */
	long doy = (153 * mp + 2) / 5 + d.d - 1;     /* 0..365 */
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * ERA_DAYS + doe - EPOCH_SHIFT;
}

sdate
date_from_days(long days)
{
	long z = days + EPOCH_SHIFT;
	long era = floor_div(z, ERA_DAYS);
	long doe = z - era * ERA_DAYS;               /* 0..146096 */
	/* Remove the leap days before doe to find the year of the era. */
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / (ERA_DAYS - 1)) / 365;
	long doy = doe - (yoe * 365 + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	sdate r;

	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}
