/* senda — formatting values for the screens. */
#include <config.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "senda/i18n.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/text.h"
#include "senda/money.h"
#include "ui/fmt.h"

const char *
fmt_language(const char *code)
{
	/* The model's list of languages (its field table's choices). */
	const char *label = field_choice_label(participant_languages, code);
	return label ? _(label) : code ? code : "";
}

char *
fmt_date(const char *iso, char *buf, size_t n)
{
	sdate d;
	if (iso && date_from_iso(iso, &d) == DATE_OK)
		date_format(d, field_date_order(), buf, n);
	else
		snprintf(buf, n, "%s", iso ? iso : "");
	return buf;
}

char *
fmt_money(int64_t cents, char *buf, size_t n)
{
	/* As money_format, without the "$": this is what a form field holds. */
	money_format(cents, buf, n);
	if (buf[0] == '$')
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

const char *
fmt_yes_no(int v)
{
	/* L10N: an answer shown in forms and records */
	return v == 1 ? _("Yes") : v == 0 ? _("No") : "";
}

char *
fmt_value(const char *column, const char *raw, char *buf, size_t n)
{
	if (!raw || !*raw) {
		/* L10N: in the history, a field that had no value */
		snprintf(buf, n, "%s", _("(empty)"));
		return buf;
	}
	/* As the participant's field table says the field is shown. */
	const field_desc *f = field_find(participant_fields, participant_nfields, column);
	char *v = f ? field_shown(f, raw) : text_inert(raw);
	snprintf(buf, n, "%s", v ? v : "");
	free(v);
	return buf;
}

char *
fmt_timestamp(const char *utc, char *buf, size_t n)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!utc || sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
			   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(buf, n, "%s", utc ? utc : "");
		return buf;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm local;
	localtime_r(&t, &local);
	sdate d = { local.tm_year + 1900, local.tm_mon + 1, local.tm_mday };
	char day[16];
	date_format(d, field_date_order(), day, sizeof day);
	snprintf(buf, n, "%s %02d:%02d", day, local.tm_hour, local.tm_min);
	return buf;
}

int
fmt_parse_int(const char *s, int max)
{
	while (*s == ' ')
		s++;
	long v = 0;
	int digits = 0;
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (*s - '0');
		if (++digits > 9)
			return -1;
	}
	while (*s == ' ')
		s++;
	if (*s || !digits || v > max)
		return -1;
	return (int)v;
}
