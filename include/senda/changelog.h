/* senda — the change log: one row per edit of one field. */
#ifndef SENDA_CHANGELOG_H
#define SENDA_CHANGELOG_H

#include "senda/db.h"
#include "senda/error.h"

/* Record that field of tbl/row_id went from old_value to new_value at clock
 * (an HLC value). field "" records the creation of the row. Call inside the
 * transaction that makes the change. */
senda_err changelog_add(senda_db *db, const char *tbl, const char *row_id,
			const char *field, const char *old_value,
			const char *new_value, const char *clock, senda_error *err);

#endif
