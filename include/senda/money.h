/* senda — money as people type it and as senda shows it: one parser for
 * every form, command and file, so that ".5", "15.", "1,234.50" and "$16"
 * mean the same everywhere. No curses, no SQL. */
#ifndef SENDA_MONEY_H
#define SENDA_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Cents for an amount as typed: digits with an optional "$" before and
 * "USD"/"dollars"/"dólares" after; "," before exactly three digits
 * separates thousands ("1,234.50"), otherwise "." or "," starts at most two
 * decimals ("15.5", "15,50", ".5", "15."). -1 when it is not an amount
 * (empty, negative, letters, three decimals, more than $9,999,999.99). */
int64_t money_parse(const char *s);

/* "$15.50" into buf; "" for a negative (unknown) amount. */
char *money_format(int64_t cents, char *buf, size_t n);

#endif
