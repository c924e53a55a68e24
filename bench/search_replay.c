/* senda bench — replay search-as-you-type without a terminal: for every
 * prefix of some names, as a person types them, do what the People screen
 * (src/screens/people.c) does on a keystroke, and time it: count the
 * matches (a bounded count), then read the rows the list shows when it
 * first draws: ROWS of them (the list's shown_only), never more than the
 * count, and one more than counted when the count stopped early. Prints median and worst per keystroke in
 * milliseconds. Under callgrind (--collect-atstart=no) each keystroke's
 * instructions are dumped on their own: the count as "count:TEXT", the
 * rows as "page:TEXT".
 * With RUNS, the whole replay runs RUNS times and each keystroke keeps its
 * fastest time, so that another program's load does not pass for the
 * keystroke's own cost. Usage: search_replay DB [ROWS [RUNS]] */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "senda/db.h"
#include "senda/i18n.h"
#include "senda/participant.h"

#if defined __has_include
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_DUMP_STATS_AT
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(s) ((void)(s))
#endif


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

static int
fail(const senda_error *err)
{
	char buf[512];
	fprintf(stderr, "search_replay: %s\n", senda_error_text(err, buf, sizeof buf));
	return 1;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [ROWS [RUNS]]\n", argv[0]);
		return 2;
	}
	int rows = argc > 2 ? atoi(argv[2]) : 19;   /* the list's rows at 80x24 */
	int runs = argc > 3 ? atoi(argv[3]) : 1;
	i18n_init();
	senda_db *db;
	senda_error err = { 0 };
	if (db_open(argv[1], DB_READONLY, &db, &err) != SENDA_OK) {
		char buf[400];
		fprintf(stderr, "%s\n", senda_error_text(&err, buf, sizeof buf));
		return 1;
	}
	double times[2000], worst = -1;
	char worst_text[64] = "", texts[2000][64];
	int n = 0, found = 0;
	for (int run = 0; run < (runs > 0 ? runs : 1); run++, n = 0)
	for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++) {
		size_t len = strlen(typed[t]);
		for (size_t k = 1; k <= len && n < 2000; k++) {
			char prefix[64];
			snprintf(prefix, sizeof prefix, "%.*s", (int)k, typed[t]);
			/* Keystrokes inside a multi-byte letter do not search. */
			if ((prefix[k - 1] & 0xc0) == 0xc0)
				continue;
			double t0 = now_ms();
			char label[80];
			CALLGRIND_TOGGLE_COLLECT;
			int64_t count = 0;
			bool exact = true;
			if (participant_search_count(db, prefix, &count, &exact, &err) != SENDA_OK)
				return fail(&err);
			CALLGRIND_TOGGLE_COLLECT;
			snprintf(label, sizeof label, "count:%s", prefix);
			CALLGRIND_DUMP_STATS_AT(label);
			if (!exact)
				count++;   /* the list's rows: one more than counted */
			int want = count < rows ? (int)count : rows;
			participant_mark mark = { 0 };
			CALLGRIND_TOGGLE_COLLECT;
			if (want > 0 && participant_search_page(db, prefix, &mark, want, count_row, &found,
								&err) != SENDA_OK)
				return fail(&err);
			CALLGRIND_TOGGLE_COLLECT;
			double took = now_ms() - t0;
			if (run == 0 || took < times[n])
				times[n] = took;
			snprintf(label, sizeof label, "page:%s", prefix);
			CALLGRIND_DUMP_STATS_AT(label);
			participant_mark_free(&mark);
			snprintf(texts[n], sizeof texts[n], "%s", prefix);
			n++;
		}
	}
	n = 0;
	for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++)
		for (size_t k = 1; k <= strlen(typed[t]) && n < 2000; k++)
			if ((typed[t][k - 1] & 0xc0) != 0xc0)
				n++;
	for (int i = 0; i < n; i++)
		if (times[i] > worst) {
			worst = times[i];
			snprintf(worst_text, sizeof worst_text, "%s", texts[i]);
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
	printf("keystrokes replayed     %d (count, then up to %d rows; rows read %d; "
	       "fastest of %d runs)\n", n, rows, found / (runs > 0 ? runs : 1), runs > 0 ? runs : 1);
	printf("keystroke median        %.3f ms\n", times[n / 2]);
	printf("keystroke p95           %.3f ms\n", times[(n * 95) / 100]);
	printf("keystroke worst         %.3f ms (\"%s\")\n", times[n - 1], worst_text);
	printf("first list page+count   %.3f ms\n", first);
	db_close(db);
	return 0;
}
