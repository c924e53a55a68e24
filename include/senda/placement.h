/* senda — job placements: the job a participant got, and the wage change
 * since intake. */
#ifndef SENDA_PLACEMENT_H
#define SENDA_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"
#include "senda/money.h"
#include "senda/uuid.h"

typedef struct placement {
	char id[UUID_LEN];
	char participant_id[UUID_LEN];
	/* 120, 120 and 80 characters of up to 4 bytes: what the model takes. */
	char employer[120 * 4 + 1];        /* required */
	char job_title[120 * 4 + 1];
	char sector[80 * 4 + 1];
	char start_date[11];       /* required */
	char end_date[11];         /* "" while the job lasts */
	int64_t wage_cents;        /* hourly; required */
	int hours_week;            /* -1 unknown */
	int benefits;              /* -1 unknown, 0, 1 */
} placement;

/* Record a placement. A wage of 0 or of $100 an hour or more returns
 * SENDA_E_CONFIRM unless confirmed; above $10,000 an hour it is refused. */
senda_err placement_create(senda_db *db, placement *p, bool confirmed, senda_error *err);

typedef int (*placement_fn)(const placement *p, void *ctx);
/* Newest start first. */
senda_err placement_list(senda_db *db, const char *participant_id, placement_fn fn,
			 void *ctx, senda_error *err);

/* Percent change from the wage at intake; false when either is unknown or
 * the intake wage was 0. */
bool placement_wage_change(int64_t intake_cents, int64_t new_cents, double *percent);


#endif
