/* senda — showing stored values to people: dates in the interface
 * language's order, money, yes/no, language and schooling names. */
#ifndef SENDA_UI_FMT_H
#define SENDA_UI_FMT_H

#include <stddef.h>
#include <stdint.h>
#include "senda/date.h"
#include "senda/field.h"

/* The translated name of a participant's language code (the code itself
 * when senda has no name for it). */
const char *fmt_language(const char *code);

/* ISO date as typed in the interface language's order ("03/04/1990"). */
char *fmt_date(const char *iso, char *buf, size_t n);
/* Cents as "15.50" ("" for -1). */
char *fmt_money(int64_t cents, char *buf, size_t n);
/* "Yes" / "No" / "" for 1 / 0 / -1, translated. */
const char *fmt_yes_no(int v);

/* A value from the change log for column (raw as stored; NULL = empty),
 * made readable and inert. */
char *fmt_value(const char *column, const char *raw, char *buf, size_t n);

/* A UTC timestamp "2026-11-30T12:00:00Z" as local date and time in the
 * interface language's order ("11/30/2026 07:00"). */
char *fmt_timestamp(const char *utc, char *buf, size_t n);

/* Parse a whole number; -1 when it is not one (or above max). */
int fmt_parse_int(const char *s, int max);

#endif
