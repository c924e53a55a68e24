/* senda bench — the home screen's counts without a terminal: open the file
 * and read them (stats_home) N times, so that callgrind can take the cost
 * of the counts net of opening (N = 0). Usage: home_counts DB [N] */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "senda/clock.h"
#include "senda/db.h"
#include "senda/i18n.h"
#include "senda/stats.h"

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [N]\n", argv[0]);
		return 2;
	}
	int times = argc > 2 ? atoi(argv[2]) : 1;
	i18n_init();
	senda_db *db;
	senda_error err = { 0 };
	char buf[512];
	if (db_open(argv[1], DB_READONLY, &db, &err) != SENDA_OK) {
		fprintf(stderr, "home_counts: %s\n", senda_error_text(&err, buf, sizeof buf));
		return 1;
	}
	struct home_stats s = { 0 };
	for (int i = 0; i < times; i++)
		if (stats_home(db, clock_today(), &s, &err) != SENDA_OK) {
			fprintf(stderr, "home_counts: %s\n", senda_error_text(&err, buf, sizeof buf));
			return 1;
		}
	printf("calls due %" PRId64 ", waiting %" PRId64 ", overdue %" PRId64
	       ", intakes of the week %" PRId64 ", participants %" PRId64 "\n",
	       s.calls_due, s.referrals_waiting, s.referrals_overdue, s.intakes_week,
	       s.participants);
	db_close(db);
	return 0;
}
