/* senda bench — the call list as a volunteer's screen opens it, without a
 * terminal (issue 13: "the call list at 500,000 people opens in under 50
 * ms"): open the file, act as a volunteer, schedule if stale (as the screen
 * does), then read the first CALLS_MAX (1,000) calls of the list in the
 * screen's order, N times, each timed. Prints each time in milliseconds,
 * then the median. Usage: call_list DB [N] (the file is not written when
 * its calls are up to date: run `senda calls` on it first). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "senda/calls.h"
#include "senda/clock.h"
#include "senda/db.h"
#include "senda/i18n.h"
#include "senda/perm.h"

#define SHOWN 1000   /* src/screens/calls.c CALLS_MAX */

static int n_read;

static int
take(const call_row *r, void *ctx)
{
	(void)r;
	(void)ctx;
	return ++n_read >= SHOWN;
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1000 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [N]\n", argv[0]);
		return 2;
	}
	int times = argc > 2 ? atoi(argv[2]) : 5;
	if (times < 1 || times > 1000)
		times = 5;
	i18n_init();
	senda_db *db;
	senda_error err = { 0 };
	char buf[512];
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (db_open(argv[1], 0, &db, &err) != SENDA_OK) {
		fprintf(stderr, "call_list: %s\n", senda_error_text(&err, buf, sizeof buf));
		return 1;
	}
	db_set_actor(db, "", ROLE_VOLUNTEER);
	printf("open: %.1f ms\n", ms_since(&t0));
	double *ms = calloc((size_t)times, sizeof *ms);
	sdate today = clock_today();
	for (int i = 0; i < times; i++) {
		call_filter f = { 0 };
		n_read = 0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (calls_schedule_if_stale(db, today, &err) != SENDA_OK ||
		    calls_list(db, today, &f, take, NULL, &err) != SENDA_OK) {
			fprintf(stderr, "call_list: %s\n", senda_error_text(&err, buf, sizeof buf));
			return 1;
		}
		ms[i] = ms_since(&t0);
		printf("list %d: %.1f ms, %d calls read\n", i + 1, ms[i], n_read);
	}
	qsort(ms, (size_t)times, sizeof *ms, cmp);
	printf("median %.1f ms\n", ms[times / 2]);
	free(ms);
	db_close(db);
	return 0;
}
