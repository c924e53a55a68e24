/* senda — the database's checks (integrity, foreign keys, the search
 * index, the tally) and its online backup. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "db/internal.h"
#include "db/stmt.h"

/* ---- check and backup ------------------------------------------------ */

static bool
is_busy(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Rows of a check that are not okword are problems. A statement that could
 * not run because another program holds the file sets *busy: that is no
 * finding about the file. */
static int
report_rows(senda_db *db, const char *sql, const char *okword,
	    void (*report)(const char *, void *), void *ctx, bool *busy)
{
	sqlite3_stmt *st = db_prepare(db, sql, NULL);
	int problems = 0;
	if (!st) {
		if (is_busy(sqlite3_errcode(db->h)))
			*busy = true;
		else if (report)
			report(sqlite3_errmsg(db->h), ctx);
		return *busy ? 0 : 1;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (okword && t && strcmp(t, okword) == 0)
			continue;
		problems++;
		if (report) {
			char *line = xasprintf("%s%s%s", t ? t : "",
					       sqlite3_column_count(st) > 1 ? " " : "",
					       sqlite3_column_count(st) > 1
					       ? (const char *)sqlite3_column_text(st, 1) : "");
			report(line, ctx);
			free(line);
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if (is_busy(rc)) {
			*busy = true;
			return problems;
		}
		problems++;
		if (report)
			report(sqlite3_errmsg(db->h), ctx);
	}
	return problems;
}

/* One number for a check; false (and *busy when that is why) if it could
 * not be read. */
static bool
check_int(senda_db *db, const char *sql, int64_t *out, bool *busy)
{
	sqlite3_stmt *st = db_prepare(db, sql, NULL);
	if (!st) {
		*busy = *busy || is_busy(sqlite3_errcode(db->h));
		return false;
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		*busy = *busy || is_busy(rc);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

/* The counts kept by triggers (schema/001_base.sql, 003_kept_counts.sql),
 * taken afresh from the records: what the check compares and what the
 * repair writes. Keep them in step with the schema's triggers. */
#define FRESH_PARTICIPANTS "SELECT count(*) FROM participant WHERE deleted = 0"
#define FRESH_OPEN "SELECT count(*) FROM referral" \
	" WHERE deleted = 0 AND status IN ('referred', 'contacted', 'enrolled')"
#define FRESH_WAITING "SELECT count(*) FROM referral" \
	" WHERE deleted = 0 AND status IN ('referred', 'contacted')"
#define FRESH_WAITING_DAYS "SELECT status_on, count(*) FROM referral" \
	" WHERE deleted = 0 AND status IN ('referred', 'contacted') GROUP BY status_on"
#define FRESH_INTAKE_DAYS "SELECT substr(created_at, 1, 10), count(*) FROM participant" \
	" WHERE deleted = 0 GROUP BY substr(created_at, 1, 10)"

/* The days on which a tally_day count differs from the fresh one. */
#define WRONG_DAYS(name, fresh) "SELECT count(DISTINCT d) FROM (" \
	" SELECT * FROM (SELECT day AS d, n FROM tally_day WHERE name = '" name "'" \
	"  EXCEPT " fresh ")" \
	" UNION ALL SELECT * FROM (" fresh \
	"  EXCEPT SELECT day, n FROM tally_day WHERE name = '" name "'))"

/* A kept count against a fresh one: a problem (told with both numbers)
 * when they differ or the kept row is missing. */
static int
check_kept(senda_db *db, const char *sql, const char *name, const char *fmt,
	   void (*report)(const char *, void *), void *ctx, bool *busy)
{
	sqlite3_stmt *st = db_prepare(db, sql, NULL);
	if (!st) {
		*busy = *busy || is_busy(sqlite3_errcode(db->h));
		return *busy ? 0 : 1;
	}
	int rc = sqlite3_step(st);
	int problems = 0;
	if (rc == SQLITE_ROW) {
		bool missing = sqlite3_column_type(st, 0) == SQLITE_NULL;
		int64_t kept = sqlite3_column_int64(st, 0), fresh = sqlite3_column_int64(st, 1);
		if (missing || kept != fresh) {
			problems = 1;
			char *line = missing
				/* L10N: %s is the name of a count kept in the file,
				 * e.g. referral_open */
				? xasprintf(_("the kept count %s is missing"), name)
				: xasprintf(fmt, kept, fresh);
			if (report)
				report(line, ctx);
			free(line);
		}
	} else if (is_busy(rc)) {
		*busy = true;
	} else {
		problems = 1;
		if (report)
			report(sqlite3_errmsg(db->h), ctx);
	}
	sqlite3_reset(st);
	return problems;
}

/* A count by day against a fresh one: *wrong, the days that differ.
 * False when it could not be read (a problem unless *busy). */
static bool
check_days(senda_db *db, const char *sql, int64_t *wrong, bool *busy)
{
	*wrong = 0;
	return check_int(db, sql, wrong, busy);
}

/* Report a line made from fmt and n. */
static void
report_n(void (*report)(const char *, void *), void *ctx, const char *fmt, int64_t n)
{
	if (!report)
		return;
	char *line = xasprintf(fmt, n);
	report(line, ctx);
	free(line);
}

senda_err
db_check(senda_db *db, int flags, bool *ok, int *derived,
	 void (*report)(const char *, void *),
	 void (*progress)(int, int, const char *, void *), void *ctx, senda_error *err)
{
	enum { STEPS = DB_CHECK_STEPS };
	*ok = false;
	int derived_n = 0;
	if (derived)
		*derived = 0;
	if (!db || !db->h)
		return db_closed(err);
	/* The search index's check is a write: read-only, the check cannot run. */
	if (db->readonly_why)
		return db_readonly_fail(err, db->readonly_why, NULL);
	int problems = 0;
	bool busy = false;
	*ok = false;
	/* One read snapshot for every check, so that they agree with each other
	 * while another program writes. */
	if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err);
	bool full = flags & DB_CHECK_FULL;
	if (progress)
		progress(1, STEPS, full ? _("the whole file, every index against its table")
				       : _("the file's structure"), ctx);
	/* quick_check reads every page and record but does not look up each
	 * row in each of its indexes: a tenth of the time of integrity_check. */
	problems += report_rows(db, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", "ok",
				report, ctx, &busy);
	if (progress)
		/* L10N: a step of 'senda check': links between records (foreign keys) */
		progress(2, STEPS, _("links between records"), ctx);
	problems += report_rows(db, "PRAGMA foreign_key_check", NULL, report, ctx, &busy);
	if (progress)
		progress(3, STEPS, _("counts and schema version"), ctx);
	int64_t tally = -1, rows = -2, app = 0;
	if (check_int(db, "SELECT n FROM tally WHERE name = 'participant'", &tally, &busy) &&
	    check_int(db, FRESH_PARTICIPANTS, &rows, &busy) &&
	    tally != rows) {
		derived_n++;
		if (report)
			report(_("the count of participants does not match the records"), ctx);
	}
	derived_n += check_kept(db, "SELECT (SELECT n FROM tally WHERE name = 'referral_open'), ("
				FRESH_OPEN ")", "referral_open",
				/* L10N: 'senda check': the first number is the count
				 * the file keeps, the second the one counted now */
				_("the count of open referrals is %" PRId64 "; the records have %" PRId64),
				report, ctx, &busy);
	derived_n += check_kept(db, "SELECT (SELECT n FROM tally WHERE name = 'referral_waiting'), ("
				FRESH_WAITING ")", "referral_waiting",
				/* L10N: 'senda check': as for open referrals; these wait
				 * for the program's answer (referred or contacted) */
				_("the count of referrals waiting for an answer is %" PRId64
				  "; the records have %" PRId64),
				report, ctx, &busy);
	int64_t wrong = 0;
	if (!check_days(db, WRONG_DAYS("referral_waiting", FRESH_WAITING_DAYS), &wrong, &busy))
		derived_n += !busy;
	else if (wrong > 0) {
		derived_n++;
		/* L10N: 'senda check': the count of waiting referrals by day, from
		 * which the overdue ones are told */
		report_n(report, ctx, P_("the count of waiting referrals by day (the overdue ones) "
					 "is wrong on %" PRId64 " day",
					 "the count of waiting referrals by day (the overdue ones) "
					 "is wrong on %" PRId64 " days", (unsigned long)wrong), wrong);
	}
	if (!check_days(db, WRONG_DAYS("intake", FRESH_INTAKE_DAYS), &wrong, &busy))
		derived_n += !busy;
	else if (wrong > 0) {
		derived_n++;
		/* L10N: 'senda check': the count of people added by day, from which
		 * the home screen tells this week's intakes */
		report_n(report, ctx, P_("the count of intakes by day (this week's intakes) "
					 "is wrong on %" PRId64 " day",
					 "the count of intakes by day (this week's intakes) "
					 "is wrong on %" PRId64 " days", (unsigned long)wrong), wrong);
	}
	if (check_int(db, "PRAGMA application_id", &app, &busy) && app != SENDA_APPLICATION_ID) {
		problems++;
		if (report)
			report(_("the file is not marked as a senda database"), ctx);
	}
	int version = 0;
	senda_err ve = db_schema_version(db, &version, NULL);
	if (ve == SENDA_E_BUSY)
		busy = true;
	else if (ve != SENDA_OK || version != db_latest_version()) {
		problems++;
		if (report)
			report(_("the schema version is not the one this senda expects"), ctx);
	}
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	/* The search index's own check is written as an INSERT: it needs the
	 * write lock (waiting for it as long as any write does), which another
	 * program may hold. Then it cannot run, and that says nothing about the
	 * index. */
	if (progress && !busy)
		progress(4, STEPS, _("the search index"), ctx);
	int rc = busy ? SQLITE_OK
		: sqlite3_exec(db->h, "INSERT INTO participant_fts (participant_fts)"
			       " VALUES ('integrity-check')", NULL, NULL, NULL);
	if (is_busy(rc))
		busy = true;
	else if (rc != SQLITE_OK) {
		derived_n++;
		if (report)
			report(_("the search index does not match the records"), ctx);
	}
	if (busy)
		return senda_fail(err, SENDA_E_BUSY, NULL, "%s",
				  _("the check could not run; this says nothing about the file"));
	*ok = problems == 0 && derived_n == 0;
	if (derived)
		*derived = derived_n;
	return SENDA_OK;
}

senda_err
db_rebuild_counts(senda_db *db, senda_error *err)
{
	static const char *const sql[] = {
		"INSERT OR REPLACE INTO tally (name, n) SELECT 'participant', (" FRESH_PARTICIPANTS ")",
		"INSERT OR REPLACE INTO tally (name, n) SELECT 'referral_open', (" FRESH_OPEN ")",
		"INSERT OR REPLACE INTO tally (name, n) SELECT 'referral_waiting', (" FRESH_WAITING ")",
		"DELETE FROM tally_day WHERE name IN ('referral_waiting', 'intake')",
		"INSERT INTO tally_day (name, day, n) SELECT 'referral_waiting', * FROM ("
			FRESH_WAITING_DAYS ")",
		"INSERT INTO tally_day (name, day, n) SELECT 'intake', * FROM (" FRESH_INTAKE_DAYS ")",
		/* The full-text index: its own index from its rows, then its rows
		 * from the records. */
		"INSERT INTO participant_fts (participant_fts) VALUES ('rebuild')",
		"DELETE FROM participant_fts",
		"INSERT INTO participant_fts (rowid, names) SELECT rowid, given_names || ' ' ||"
			" first_surname || ' ' || second_surname || ' ' || preferred_name"
			" FROM participant WHERE deleted = 0",
	};
	if (!db || !db->h)
		return db_closed(err);
	if (db->readonly_why)
		return db_readonly_fail(err, db->readonly_why, NULL);
	senda_err e = db_begin(db, err);
	for (size_t i = 0; e == SENDA_OK && i < sizeof sql / sizeof *sql; i++)
		e = db_exec(db, err, sql[i], NULL);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
db_backup(senda_db *db, const char *path, int flags, senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	outfile of;
	senda_err e = outfile_begin(&of, path, db_file(db), flags, err);
	if (e != SENDA_OK)
		return e;
	sqlite3 *to = NULL;
	int rc = sqlite3_open_v2(of.tmp, &to, SQLITE_OPEN_READWRITE, NULL);
	sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(to, "main", db->h, "main") : NULL;
	if (b) {
		do {
			rc = sqlite3_backup_step(b, 256);
			if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(50);
		} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
		sqlite3_backup_finish(b);
	}
	if (!b || rc != SQLITE_DONE) {
		int full = to && (sqlite3_errcode(to) == SQLITE_FULL ||
				  sqlite3_system_errno(to) == ENOSPC ||
				  sqlite3_system_errno(to) == EFBIG);
		if (full)
			/* L10N: %s is a file's path */
			e = senda_fail(err, SENDA_E_IO, NULL, _("there is no room on the disk for %s; "
				"nothing was written. Free some space or choose another place"), path);
		else
			e = senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path,
				       to ? sqlite3_errmsg(to) : "?");
		sqlite3_close(to);
		outfile_abort(&of);
		return e;
	}
	sqlite3_close(to);
	if ((e = outfile_commit(&of, err)) != SENDA_OK || outfile_is_stdout(path))
		return e;
	/* Remembered, so that `senda check` looks at its mode and an erasure
	 * names the older copies that still hold the person. A file opened
	 * read-only cannot remember it: the backup is made all the same. */
	char *real = realpath(path, NULL);
	char now[21];
	clock_timestamp(now);
	e = db_exec(db, err, "INSERT INTO backup_made (path, made_at) VALUES (?, ?)"
		    " ON CONFLICT (path) DO UPDATE SET made_at = excluded.made_at", "tt",
		    real ? real : path, now);
	free(real);
	return e == SENDA_E_READONLY && db->readonly_why ? SENDA_OK : e;
}

/* One file's mode for db_file_modes; missing files are not told. */
static void
tell_mode(const char *path, enum db_file_kind kind,
	  void (*fn)(const char *path, enum db_file_kind kind, unsigned mode, void *ctx),
	  void *ctx)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		fn(path, kind, (unsigned)(sb.st_mode & 07777), ctx);
}

senda_err
db_file_modes(senda_db *db,
	      void (*fn)(const char *path, enum db_file_kind kind, unsigned mode, void *ctx),
	      void *ctx, senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	const char *file = db_file(db);
	if (!file)
		return SENDA_OK;
	tell_mode(file, DB_FILE_DATA, fn, ctx);
	for (int i = 0; i < 2; i++) {
		char *side = xasprintf("%s%s", file, i ? "-shm" : "-wal");
		tell_mode(side, i ? DB_FILE_SHM : DB_FILE_WAL, fn, ctx);
		free(side);
	}
	sqlite3_stmt *st = db_prepare(db, "SELECT path FROM backup_made ORDER BY made_at, path",
				      err);
	if (!st)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		if (p)
			tell_mode(p, DB_FILE_BACKUP, fn, ctx);
	}
	db_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

