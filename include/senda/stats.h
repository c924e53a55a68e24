/* senda — the numbers on the home screen and in 'senda check'. No curses
 * here. A file that cannot be read is an error, never a 0. */
#ifndef SENDA_STATS_H
#define SENDA_STATS_H

#include <stdint.h>
#include "senda/date.h"
#include "senda/db.h"
#include "senda/error.h"

struct home_stats {
	int64_t calls_due;          /* open follow-ups due today or earlier */
	int64_t referrals_waiting;  /* referrals still "referred" or "contacted" */
	int64_t intakes_week;       /* participants added in the last 7 days */
	int64_t participants;       /* live participants in the file, a person linked to another record (the same person met twice) once */
	int64_t referrals_overdue;  /* open referrals with no change in overdue_days */
	int overdue_days;           /* the setting referral_overdue_days */
};

/* Count, as of today. On an error *out is all zeros and must not be shown. */
SENDA_MUST_USE senda_err stats_home(senda_db *db, sdate today, struct home_stats *out,
				    senda_error *err);

#define STATS_NCOUNTS 7

/* The file at a glance, for 'senda check'. */
struct file_stats {
	int schema_version;
	char *site_name;            /* malloc'd; NULL before init */
	struct {
		const char *label;  /* N_() */
		int64_t n;
	} counts[STATS_NCOUNTS];    /* participants, screenings, referrals... */
};

/* Fill out (free with stats_file_free). On an error only the labels are
 * set (for laying out a report) and nothing is left to free. */
SENDA_MUST_USE senda_err stats_file(senda_db *db, struct file_stats *out, senda_error *err);
void stats_file_free(struct file_stats *s);

#endif
