/* senda — what the file holds about people, for `senda privacy`: the
 * counts for the whole file, and what it holds about one person (for a
 * participant who asks). */
#ifndef SENDA_PRIVACY_H
#define SENDA_PRIVACY_H

#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"

typedef struct privacy_counts {
	int64_t people;         /* live participant records */
	int64_t share;          /* of those, with consent to share with partners */
	int64_t contact;        /* of those, with consent to be contacted */
	int64_t screenings, referrals, placements, followups, calls;
	int64_t history;        /* change-log entries (old and new values) */
	int64_t access;         /* access-log entries (kept 90 days) */
	int64_t erased;         /* people erased (tombstones) */
	int64_t sites;          /* other sites this file knows */
	int64_t exports;        /* bundles made from this file */
	int64_t backups;        /* backups senda wrote */
} privacy_counts;

/* The whole file. Needs PERM_REPORTS. */
SENDA_MUST_USE senda_err privacy_file(senda_db *db, privacy_counts *out, senda_error *err);

/* What the file holds about one person (id or a unique prefix): the
 * records of each kind that are about her, her history, who opened her
 * record, her linked records (people, share, contact: 1 and her consents).
 * Needs PERM_PEOPLE_LIST and PERM_CONTACT (the answer lists her phone). */
SENDA_MUST_USE senda_err privacy_person(senda_db *db, const char *id, privacy_counts *out,
					senda_error *err);

#endif
