/* senda — calendar dates: parse in the user's order, store ISO 8601, render
 * in words in English or Spanish. Pure functions; no clock here. */
#ifndef SENDA_DATE_H
#define SENDA_DATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sdate {
	int y, m, d;
} sdate;

enum date_order {
	DATE_MDY,   /* English (US): 03/04/1990 is March 4 */
	DATE_DMY    /* Spanish: 03/04/1990 is 3 April */
};

enum date_status {
	DATE_OK = 0,
	DATE_EMPTY,     /* nothing typed */
	DATE_SYNTAX,    /* not a date at all */
	DATE_INVALID,   /* looks like a date but does not exist (31/02/1990) */
	DATE_RANGE      /* year outside 1900..2200 */
};

/* Parse "MM/DD/YYYY" or "DD/MM/YYYY" (by order; '/', '-' or '.' separate)
 * or ISO "YYYY-MM-DD" (always accepted). Two-digit years are refused. */
enum date_status date_parse(const char *in, enum date_order order, sdate *out);

bool date_is_valid(int y, int m, int d);
int date_days_in_month(int y, int m);

/* "1990-03-04"; buf must hold 11 bytes. */
void date_to_iso(sdate d, char buf[11]);
/* Strict ISO parse; DATE_OK or an error. */
enum date_status date_from_iso(const char *iso, sdate *out);

/* In words, in the given language ("en": "March 4, 1990"; "es": "4 de marzo
 * de 1990"). Writes at most n bytes; returns buf. */
char *date_words(sdate d, const char *lang, char *buf, size_t n);

/* The date typed in the user's order, for echoing back ("03/04/1990"). */
char *date_format(sdate d, enum date_order order, char *buf, size_t n);

int date_cmp(sdate a, sdate b);
/* Whole years from birth to on (age). */
int date_years_between(sdate birth, sdate on);
/* Days since 1970-01-01 (may be negative) and back. */
long date_to_days(sdate d);
sdate date_from_days(long days);

#endif
