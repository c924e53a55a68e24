/* senda — job placements: the job a participant got, and the wage change
 * since intake. */
#ifndef SENDA_PLACEMENT_H
#define SENDA_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"
#include "senda/field.h"
#include "senda/money.h"
#include "senda/record.h"
#include "senda/uuid.h"

/* Highest hourly wage senda takes: $10,000. */
#define PLACEMENT_WAGE_MAX INT64_C(1000000)

/* Text fields are never NULL after placement_init or a read ("" when
 * empty); unknown numbers and answers are -1. */
typedef struct placement {
	char id[UUID_LEN];
	char participant_id[UUID_LEN];
	char *employer;            /* required, 120 characters */
	char *job_title;           /* 120 characters */
	char *sector;              /* 80 characters */
	char start_date[11];       /* required */
	char end_date[11];         /* "" while the job lasts */
	int64_t wage_cents;        /* hourly; required */
	int hours_week;            /* -1 unknown */
	int benefits;              /* -1 unknown, 0, 1 */
} placement;

/* The placement's fields (senda/field.h), in the order of its form: the
 * model validates, reads and writes by it; the form, place's options and
 * their --help are made from it. */
extern const field_desc placement_fields[];
extern const size_t placement_nfields;
/* The placement as a kind of record (senda/record.h): made, never edited. */
extern const record_kind placement_kind;

void placement_init(placement *p);
void placement_free(placement *p);

/* Normalise and check every field, then the placement's own rules against
 * the participant (a start after their birth, not more than a year ahead,
 * an end not before the start). A wage of 0 or of $100 an hour or more
 * returns SENDA_E_CONFIRM unless confirmed; above $10,000 an hour it is
 * refused. err->key names the field. */
senda_err placement_validate(senda_db *db, placement *p, bool confirmed, senda_error *err);

/* Record a placement (validated as above). */
senda_err placement_create(senda_db *db, placement *p, bool confirmed, senda_error *err);
/* Change a job: p is base (as read) with the fields the user changed; a
 * field another writer changed since is a conflict (SENDA_E_CONFLICT), as
 * for every record. A changed wage of $0 or of $100 an hour or more wants
 * confirmed (else SENDA_E_CONFIRM). Its calls follow at the next
 * scheduling (a moved start moves those not tried yet). */
SENDA_MUST_USE senda_err placement_update(senda_db *db, const placement *base, placement *p,
					  bool confirmed, senda_error *err);

/* By id or unique id prefix; out is initialised here. */
senda_err placement_get(senda_db *db, const char *id, placement *out, senda_error *err);

typedef int (*placement_fn)(const placement *p, void *ctx);
/* Newest start first. */
senda_err placement_list(senda_db *db, const char *participant_id, placement_fn fn,
			 void *ctx, senda_error *err);

/* Percent change from the wage at intake; false when either is unknown or
 * the intake wage was 0. */
bool placement_wage_change(int64_t intake_cents, int64_t new_cents, double *percent);

#endif
