/* senda — the numbers on the home screen. No curses here. */
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
	int64_t participants;       /* live participants in the file */
	int64_t referrals_overdue;  /* open referrals with no change in overdue_days */
	int overdue_days;           /* the setting referral_overdue_days */
};

/* Count, as of today. */
senda_err stats_home(senda_db *db, sdate today, struct home_stats *out,
		     senda_error *err);

#endif
