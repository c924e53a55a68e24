/* senda bench — replay search-as-you-type without a terminal: for every
 * prefix of some names, as a person types them, run the search the People
 * screen runs (one screenful of rows) and time it. Prints median and worst
 * per keystroke in milliseconds. Usage: search_replay DB [ROWS] */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "senda/db.h"
#include "senda/i18n.h"
#include "senda/participant.h"

static const char *const typed[] = {
	"maria jose nunez", "garcia lopez", "hernandez", "xochitl", "lopez garcia",
	"jose luis", "zuniga", "guadalupe reyes", "ana sofia", "castaneda",
	"iñaki ibáñez", "m", "rodriguez perez", "quiñones", "begoña",
};

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
count_row(const participant *p, void *ctx)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [ROWS]\n", argv[0]);
		return 2;
	}
	int rows = argc > 2 ? atoi(argv[2]) : 20;
	i18n_init();
	senda_db *db;
	senda_error err = { 0 };
	if (db_open(argv[1], DB_READONLY, &db, &err) != SENDA_OK) {
		char buf[400];
		fprintf(stderr, "%s\n", senda_error_text(&err, buf, sizeof buf));
		return 1;
	}
	double times[2000], worst = -1;
	char worst_text[64] = "";
	int n = 0, found = 0;
	for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++) {
		size_t len = strlen(typed[t]);
		for (size_t k = 1; k <= len && n < 2000; k++) {
			char prefix[64];
			snprintf(prefix, sizeof prefix, "%.*s", (int)k, typed[t]);
			/* Keystrokes inside a multi-byte letter do not search. */
			if ((prefix[k - 1] & 0xc0) == 0xc0)
				continue;
			double t0 = now_ms();
			participant_search(db, prefix, rows, count_row, &found, &err);
			times[n] = now_ms() - t0;
			if (times[n] > worst) {
				worst = times[n];
				snprintf(worst_text, sizeof worst_text, "%s", prefix);
			}
			n++;
		}
	}
	qsort(times, (size_t)n, sizeof times[0], cmp);
	double t0 = now_ms();
	int listed = 0;
	int64_t total = 0;
	if (participant_list(db, 0, rows, count_row, &listed, &err) != SENDA_OK ||
	    participant_count(db, &total, &err) != SENDA_OK) {
		char buf[512];
		fprintf(stderr, "search_replay: %s\n", senda_error_text(&err, buf, sizeof buf));
		return 1;
	}
	double first = now_ms() - t0;
	printf("participants            %lld\n", (long long)total);
	printf("keystrokes replayed     %d (rows per screen %d, rows found %d)\n", n, rows, found);
	printf("keystroke median        %.3f ms\n", times[n / 2]);
	printf("keystroke p95           %.3f ms\n", times[(n * 95) / 100]);
	printf("keystroke worst         %.3f ms (\"%s\")\n", times[n - 1], worst_text);
	printf("first list page+count   %.3f ms\n", first);
	db_close(db);
	return 0;
}
