/* senda — wall clock, which SENDA_NOW can pin. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "senda/clock.h"

#define MS_PER_DAY 86400000LL

static int
two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* SENDA_NOW as milliseconds since the epoch. False when it is unset, or not
 * one of the two accepted forms (then the real clock is used). Read on every
 * call, so that tests may change it with setenv. */
static bool
pinned_ms(int64_t *ms)
{
	const char *v = getenv("SENDA_NOW");
	char date[11];
	sdate d;
	int h = 0, mi = 0, s = 0;
	size_t len;

	if (v == NULL)
		return false;
	len = strlen(v);
	if (len != 10 && len != 20)
		return false;
	memcpy(date, v, 10);
	date[10] = '\0';
	if (date_from_iso(date, &d) != DATE_OK)
		return false;
	if (len == 20) {
		if (v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[19] != 'Z')
			return false;
		h = two_digits(v + 11);
		mi = two_digits(v + 14);
		s = two_digits(v + 17);
		if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
			return false;
	}
	*ms = (int64_t)date_to_days(d) * MS_PER_DAY
	    + ((int64_t)h * 3600 + mi * 60 + s) * 1000;
	return true;
}

int64_t
clock_now_ms(void)
{
	struct timespec ts;
	int64_t ms;

	if (pinned_ms(&ms))
		return ms;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
clock_lock_ms(void)
{
	struct timespec ts;
	int64_t ms;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t real = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	return pinned_ms(&ms) && ms < real ? ms : real;
}

/* Floor division, for instants before 1970. */
static int64_t
div_floor(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static bool today_set;
static sdate today_fixed;

void
clock_set_today(const sdate *d)
{
	today_set = d != NULL;
	if (d)
		today_fixed = *d;
}

sdate
clock_today(void)
{
	int64_t ms;
	time_t t;
	struct tm tm;
	sdate d;

	if (today_set)
		return today_fixed;
	if (pinned_ms(&ms))
		return date_from_days((long)div_floor(ms, MS_PER_DAY));
	t = time(NULL);
	if (localtime_r(&t, &tm) == NULL)
		return date_from_days((long)div_floor((int64_t)t, 86400));
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

bool
clock_today_given(void)
{
	return today_set;
}

bool
clock_today_set_back(void)
{
	if (!today_set)
		return false;
	today_set = false;
	sdate own = clock_today();
	today_set = true;
	return date_to_days(today_fixed) < date_to_days(own);
}

void
clock_timestamp(char buf[21])
{
	int64_t ms, days, sec;
	sdate d;
	char tmp[64];   /* room for any int, though years have four digits */

	if (buf == NULL)
		return;
	ms = clock_now_ms();
	days = div_floor(ms, MS_PER_DAY);
	sec = (ms - days * MS_PER_DAY) / 1000;
	d = date_from_days((long)days);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.y, d.m,
	    d.d, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	memcpy(buf, tmp, 20);
	buf[20] = '\0';
}

static struct timespec start_mark;

void
clock_mark_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &start_mark);
}

double
clock_since_start_ms(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start_mark.tv_sec) * 1e3 +
	       (double)(now.tv_nsec - start_mark.tv_nsec) / 1e6;
}
