/* senda — wall clock. SENDA_NOW (ISO date "YYYY-MM-DD" or date-time
 * "YYYY-MM-DDTHH:MM:SSZ") pins the clock, for tests and demos. */
#ifndef SENDA_CLOCK_H
#define SENDA_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/date.h"

int64_t clock_now_ms(void);            /* milliseconds since the epoch, UTC */
/* The clock a PIN lock is timed by: SENDA_NOW only when it is earlier
 * than the real clock (tests pin the past), so that pinning the clock
 * ahead does not end a lock (it let a PIN be guessed in seconds). */
int64_t clock_lock_ms(void);
sdate clock_today(void);               /* today's date, local time */
/* Make clock_today() give d from now on (NULL: the clock again): the
 * command line's --today DATE, for tests and for catching up on paper.
 * Only the date: timestamps and the clock values of edits stay real. */
void clock_set_today(const sdate *d);
/* Whether clock_set_today gave a day before the clock's own (SENDA_NOW or
 * the real clock): a day looked back on, when nothing is scheduled. */
bool clock_today_set_back(void);
/* Whether clock_set_today gave a day (--today). */
bool clock_today_given(void);
void clock_timestamp(char buf[21]);    /* "2026-11-30T12:00:00Z" */

/* Monotonic milliseconds since clock_mark_start() (called first thing in
 * main), for reporting how long start-up took. */
void clock_mark_start(void);
double clock_since_start_ms(void);

#endif
