/* senda — the numbers on the home screen. */
#include <config.h>

#include <string.h>

#include "senda/participant.h"
#include "senda/referral.h"
#include "senda/stats.h"

/* One count; false (err filled) when SQLite fails. */
static bool
count(senda_db *db, const char *sql, const char *arg, int64_t *out, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return false;
	if (arg && db_bind(db, st, "t", arg) != SENDA_OK) {
		db_reset(st);
		db_error(db, err);
		return false;
	}
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_reset(st);
	if (rc != SQLITE_ROW) {
		db_error(db, err);
		return false;
	}
	return true;
}

senda_err
stats_home(senda_db *db, sdate today, struct home_stats *out, senda_error *err)
{
	char day[11], week_start[11];
	memset(out, 0, sizeof *out);
	date_to_iso(today, day);
	date_to_iso(date_from_days(date_to_days(today) - 6), week_start);
	if (!count(db, "SELECT count(*) FROM followup WHERE deleted = 0"
		   " AND status = 'open' AND due_on <= ?", day, &out->calls_due, err) ||
	    !count(db, "SELECT count(*) FROM referral WHERE deleted = 0"
		   " AND status IN ('referred', 'contacted')", NULL,
		   &out->referrals_waiting, err) ||
	    !count(db, "SELECT count(*) FROM participant WHERE deleted = 0"
		   " AND created_at >= ?", week_start, &out->intakes_week, err) ||
	    false)
		return err ? err->code : SENDA_E_DB;
	out->participants = participant_count(db);
	out->referrals_overdue = referral_overdue_count(db);
	out->overdue_days = referral_overdue_days(db);
	return SENDA_OK;
}
