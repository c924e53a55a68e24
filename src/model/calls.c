/* senda — follow-up calls: rules, scheduling, the call list
 * (include/senda/calls.h; one call and retention are in call_record.c). */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/calls.h"
#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/placement.h"
#include "senda/text.h"
#include "db/stmt.h"
#include "calls_internal.h"

/* ---- rules ------------------------------------------------------------- */

static const char *const rule_kinds[] = { "job", "exit", "referral" };

static bool
known_kind(const char *k)
{
	for (size_t i = 0; i < sizeof rule_kinds / sizeof rule_kinds[0]; i++)
		if (k && strcmp(k, rule_kinds[i]) == 0)
			return true;
	return false;
}

static char *
dup_col(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return xstrdup(s ? s : "");
}

senda_err
call_rules_list(senda_db *db, call_rule_fn fn, void *ctx, senda_error *err)
{
	senda_err e = perm_require(db, PERM_CALLS, err);
	if (e != SENDA_OK)
		return e;
	static const char sql[] = "SELECT id, kind, amount, active, max_attempts FROM call_rule"
				  " ORDER BY CASE kind WHEN 'job' THEN 0 WHEN 'exit' THEN 1 ELSE 2 END,"
				  " amount, id";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		call_rule r = { 0 };
		copy_col(st, 0, r.id, sizeof r.id);
		copy_col(st, 1, r.kind, sizeof r.kind);
		r.amount = sqlite3_column_int(st, 2);
		r.active = sqlite3_column_int(st, 3) != 0;
		r.max_attempts = sqlite3_column_int(st, 4);
		if (fn(&r, ctx)) {
			sqlite3_reset(st);
			return SENDA_OK;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* A rule changed: the next look at the calls schedules again. */
/* The marker of the last scheduling through this process's handle, for
 * when nothing was to be done (and so nothing written to the file). */
static char fresh_mark[64];
static const senda_db *fresh_db;

static senda_err
mark_stale(senda_db *db, senda_error *err)
{
	fresh_db = NULL;
	return db_exec(db, err, "DELETE FROM setting WHERE key = 'calls_scheduled'", NULL);
}

static senda_err
check_amount(const char *kind, int amount, senda_error *err)
{
	int max = strcmp(kind, "exit") == 0 ? 12 : 3660;
	if (amount < 1 || amount > max)
		/* L10N: a follow-up rule's number of days (or quarters) is out of range */
		return senda_fail(err, SENDA_E_RANGE, N_("After"), _("from 1 to %d"), max);
	return SENDA_OK;
}

senda_err
call_rule_set(senda_db *db, const char *id, int amount, int active, int max_attempts,
	      senda_error *err)
{
	senda_err e = perm_require(db, PERM_CALL_RULES, err);
	if (e != SENDA_OK)
		return e;
	char *kind = NULL;
	e = db_text(db, &kind, err, "SELECT kind FROM call_rule WHERE id = ?", "t", id);
	if (e == SENDA_E_NOTFOUND)
		/* L10N: %s is a follow-up rule's id, e.g. job30 */
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, _("no follow-up rule %s"), id);
	if (e != SENDA_OK)
		return e;
	if (amount != -1)
		e = check_amount(kind, amount, err);
	free(kind);
	if (e != SENDA_OK)
		return e;
	if (active != -1 && active != 0 && active != 1)
		return senda_fail(err, SENDA_E_CHOICE, NULL, NULL);
	if (max_attempts != -1 && (max_attempts < 1 || max_attempts > 20))
		/* L10N: the number of tries of a call before it is "unreachable" */
		return senda_fail(err, SENDA_E_RANGE, N_("Attempts"), _("from 1 to %d"), 20);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_exec(db, err, "UPDATE call_rule SET amount = CASE WHEN ?2 = -1 THEN amount"
			 " ELSE ?2 END, active = CASE WHEN ?3 = -1 THEN active ELSE ?3 END,"
			 " max_attempts = CASE WHEN ?4 = -1 THEN max_attempts ELSE ?4 END"
			 " WHERE id = ?1", "tiii", id, amount, active, max_attempts)) != SENDA_OK ||
	    (e = mark_stale(db, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
call_rule_add(senda_db *db, const char *kind, int amount, char id_out[CALL_RULE_ID_MAX],
	      senda_error *err)
{
	senda_err e = perm_require(db, PERM_CALL_RULES, err);
	if (e != SENDA_OK)
		return e;
	if (!known_kind(kind))
		/* L10N: the kinds of follow-up rules; the words stay in English */
		return senda_fail(err, SENDA_E_CHOICE, N_("Kind"), "%s", _("job, exit or referral"));
	if ((e = check_amount(kind, amount, err)) != SENDA_OK)
		return e;
	snprintf(id_out, CALL_RULE_ID_MAX, "%s%s%d", kind, strcmp(kind, "exit") == 0 ? "_q" : "",
		 amount);
	int64_t have = 0;
	if ((e = db_int(db, &have, err, "SELECT count(*) FROM call_rule WHERE id = ?", "t",
			id_out)) != SENDA_OK)
		return e;
	if (have)
		/* L10N: %s is a follow-up rule's id, e.g. job180 */
		return senda_fail(err, SENDA_E_EXISTS, NULL, _("the rule %s is there already"), id_out);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_exec(db, err, "INSERT INTO call_rule (id, kind, amount) VALUES (?, ?, ?)",
			 "tti", id_out, kind, amount)) != SENDA_OK ||
	    (e = mark_stale(db, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

char *
call_rule_text(const call_rule *r)
{
	if (strcmp(r->kind, "job") == 0)
		/* L10N: a follow-up rule: a call %d days after a job starts */
		return xasprintf(P_("%d day after a job starts", "%d days after a job starts",
				    (unsigned long)r->amount), r->amount);
	if (strcmp(r->kind, "exit") == 0)
		/* L10N: a follow-up rule: a call in the Nth quarter after the quarter
		 * a person left the program (exit: 90 days with no service) */
		return xasprintf(_("quarter %d after the exit quarter"), r->amount);
	/* L10N: a follow-up rule: a check-in call when a referral has had no
	 * answer for %d days */
	return xasprintf(P_("a referral with no answer for %d day",
			    "a referral with no answer for %d days", (unsigned long)r->amount),
			 r->amount);
}

/* ---- scheduling -------------------------------------------------------- */

static int
setting_int(senda_db *db, const char *key, int dflt, senda_error *err, senda_err *e)
{
	char *v = NULL;
	*e = db_setting(db, key, &v, err);
	if (*e == SENDA_E_NOTFOUND) {
		*e = SENDA_OK;
		senda_error_clear(err);
		return dflt;
	}
	int n = v ? atoi(v) : dflt;
	free(v);
	return n > 0 ? n : dflt;
}

/* The calls the rules ask for as of ?1 (today), into temp.call_want. A
 * person who may not be called (no consent to be contacted, do not call,
 * deleted) is asked for by none. ?2 is the days without service after
 * which a person has exited, ?3 the earliest due date worth a new call,
 * ?4 this site (CALLABLE).
 *
 * Only the calls that can change something are kept: those due on ?3 or
 * after (a new call, or one withdrawn and asked for again) and those that
 * are in the file already (to move or to keep; a call in the file that is
 * not asked for is withdrawn). The rest, calls long past that were never
 * made, would change nothing: neither their id is derived nor their row
 * written. A call of the file is found by its person, rule and anchor,
 * which are what its id is derived from (senda_call_id) and never change:
 * the same call as by its id, through the index of the person's calls. */
static const char want_make[] =
	"CREATE TEMP TABLE IF NOT EXISTS call_want (id TEXT PRIMARY KEY NOT NULL, pid TEXT NOT NULL,"
	" rule TEXT NOT NULL, anchor TEXT NOT NULL, due TEXT NOT NULL, purpose TEXT NOT NULL)"
	" WITHOUT ROWID";
static const char want_clear[] = "DELETE FROM temp.call_want";
/* Each query for every person (ALL) or for the people touched since the
 * last scheduling only (TOUCHED: temp.call_dirty, see dirty_fill). */
#define ALL(col) ""
#define TOUCHED(col) " AND " col " IN (SELECT pid FROM temp.call_dirty)"
/* A person this site may call by its rules: hers (?4, the site she was
 * registered at: each site schedules only its own people, by its own
 * rules, so that two sites' rules never undo each other's calls; the
 * others' calls come in merges and are made here as they are). */
#define CALLABLE(pid) \
	" EXISTS (SELECT 1 FROM participant p WHERE p.id = " pid " AND p.deleted = 0" \
	"  AND p.consent_contact = 1 AND p.do_not_call = 0 AND p.site_id = ?4)"
#define WANTED(due, pid, rule, anchor) \
	" (" due " >= ?3 OR EXISTS (SELECT 1 FROM followup fu INDEXED BY followup_participant" \
	"  WHERE fu.participant_id = " pid " AND fu.rule_id = " rule " AND fu.anchor = " anchor "))"
/* In the order of the table's key: sorted first, then appended, which
 * costs less than the same rows put in at random places. */
#define IN_ORDER " ORDER BY 1"
#define WANT_JOB(F) \
	"INSERT OR IGNORE INTO temp.call_want (id, pid, rule, anchor, due, purpose)" \
	" SELECT senda_call_id(c.pid, c.rule, c.anchor), c.pid, c.rule, c.anchor, c.due," \
	"  'placement'" \
	" FROM (SELECT pl.participant_id AS pid, r.id AS rule, pl.id AS anchor," \
	"  date(pl.start_date, '+' || r.amount || ' days') AS due" \
	"  FROM call_rule r JOIN placement pl ON pl.deleted = 0" \
	"  WHERE r.kind = 'job' AND r.active = 1" F("pl.participant_id") ") c" \
	" WHERE" WANTED("c.due", "c.pid", "c.rule", "c.anchor") " AND" CALLABLE("c.pid") IN_ORDER
#define WANT_EXIT(F) \
	/* A referral's latest change is its status_on (the day of its \
	 * status, referred_on at first): no need to read its history. An \
	 * enrolled referral is a service still open: no exit (its flag, \
	 * found in the same pass as the last service). */ \
	"WITH svc (pid, d, open) AS (" \
	"  SELECT participant_id, screened_on, 0 FROM screening WHERE deleted = 0" F("participant_id") \
	"  UNION ALL SELECT participant_id, max(referred_on, status_on), status = 'enrolled'" \
	"   FROM referral WHERE deleted = 0" F("participant_id") \
	"  UNION ALL SELECT participant_id, start_date, 0 FROM placement WHERE deleted = 0" \
	F("participant_id") ")," \
	" ex (pid, d) AS MATERIALIZED (SELECT pid, max(d) FROM svc GROUP BY pid" \
	"  HAVING max(d) <= date(?1, '-' || ?2 || ' days') AND max(open) = 0)," \
	" exq (pid, d, q) AS (SELECT pid, d, CAST(substr(d, 1, 4) AS INTEGER) * 4" \
	"  + (CAST(substr(d, 6, 2) AS INTEGER) - 1) / 3 FROM ex WHERE" CALLABLE("ex.pid") ")," \
	" c (pid, rule, anchor, due) AS (SELECT x.pid, r.id, x.d," \
	"  printf('%04d-%02d-01', (x.q + r.amount) / 4, ((x.q + r.amount) % 4) * 3 + 1)" \
	"  FROM exq x JOIN call_rule r ON r.kind = 'exit' AND r.active = 1)" \
	" INSERT OR IGNORE INTO temp.call_want (id, pid, rule, anchor, due, purpose)" \
	" SELECT senda_call_id(c.pid, c.rule, c.anchor), c.pid, c.rule, c.anchor, c.due, 'retention'" \
	" FROM c WHERE" WANTED("c.due", "c.pid", "c.rule", "c.anchor") IN_ORDER
#define WANT_REFERRAL(F) \
	"INSERT OR IGNORE INTO temp.call_want (id, pid, rule, anchor, due, purpose)" \
	" SELECT senda_call_id(c.pid, c.rule, c.anchor), c.pid, c.rule, c.anchor, c.due," \
	"  'referral'" \
	" FROM (SELECT f.participant_id AS pid, r.id AS rule, f.id AS anchor," \
	"  date(f.status_on, '+' || r.amount || ' days') AS due" \
	"  FROM call_rule r JOIN referral f ON f.deleted = 0" \
	"   AND f.status IN ('referred', 'contacted')" \
	"   AND f.status_on <= date(?1, '-' || r.amount || ' days')" \
	"  WHERE r.kind = 'referral' AND r.active = 1" F("f.participant_id") ") c" \
	" WHERE" WANTED("c.due", "c.pid", "c.rule", "c.anchor") " AND" CALLABLE("c.pid") IN_ORDER

/* ?1 site, ?2 now, ?3 clock, ?4 user, ?5 the earliest due date worth a
 * new call (a call due long ago is too late to make). */
static const char sched_add[] =
	"INSERT INTO followup (id, site_id, created_at, updated_at, updated_by, participant_id,"
	" purpose, due_on, status, rule_id, anchor)"
	" SELECT w.id, ?1, ?2, ?3, ?4, w.pid, w.purpose, w.due, 'open', w.rule, w.anchor"
	" FROM temp.call_want w WHERE w.due >= ?5"
	" AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.id = w.id)";
/* An open call not tried yet follows its date (a moved start). Only the
 * calls this site made (?3) are moved, revived or withdrawn here. */
static const char sched_move[] =
	"UPDATE followup SET due_on = w.due, updated_at = ?1, updated_by = ?2"
	" FROM temp.call_want w WHERE followup.id = w.id AND followup.status = 'open'"
	" AND followup.site_id = ?3"
	" AND followup.deleted = 0 AND followup.due_on <> w.due"
	" AND NOT EXISTS (SELECT 1 FROM call_attempt a WHERE a.followup_id = followup.id"
	"  AND a.deleted = 0)";
/* A call withdrawn before and asked for again (consent given again). */
static const char sched_revive[] =
	"UPDATE followup SET status = 'open', result = '', due_on = w.due, updated_at = ?1,"
	" updated_by = ?2 FROM temp.call_want w WHERE followup.id = w.id"
	" AND followup.status = 'cancelled' AND followup.result = 'withdrawn'"
	" AND followup.deleted = 0 AND w.due >= ?3 AND followup.site_id = ?4";
#define SCHED_WITHDRAW(F) \
	"UPDATE followup SET status = 'cancelled', result = 'withdrawn', updated_at = ?1," \
	" updated_by = ?2 WHERE status = 'open' AND deleted = 0 AND rule_id <> ''" \
	" AND site_id = ?3" F("participant_id") \
	" AND NOT EXISTS (SELECT 1 FROM temp.call_want w WHERE w.id = followup.id)" \
	" AND NOT EXISTS (SELECT 1 FROM call_attempt a WHERE a.followup_id = followup.id" \
	"  AND a.deleted = 0)"

/* The people the field log shows touched after entry ?1 (a write here or
 * a merge's): the person, her jobs, referrals, screenings, calls and
 * their attempts; nothing else is read by the rules above. */
static const char dirty_make[] =
	"CREATE TEMP TABLE IF NOT EXISTS call_dirty (pid TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID";
static const char dirty_clear[] = "DELETE FROM temp.call_dirty";
static const char dirty_fill[] =
	"INSERT OR IGNORE INTO temp.call_dirty (pid)"
	" SELECT CASE c.tbl WHEN 'participant' THEN c.row_id"
	"  WHEN 'placement' THEN (SELECT participant_id FROM placement WHERE id = c.row_id)"
	"  WHEN 'referral' THEN (SELECT participant_id FROM referral WHERE id = c.row_id)"
	"  WHEN 'screening' THEN (SELECT participant_id FROM screening WHERE id = c.row_id)"
	"  WHEN 'followup' THEN (SELECT participant_id FROM followup WHERE id = c.row_id)"
	"  WHEN 'call_attempt' THEN (SELECT f.participant_id FROM call_attempt a"
	"   JOIN followup f ON f.id = a.followup_id WHERE a.id = c.row_id) END AS pid"
	" FROM (SELECT DISTINCT tbl, row_id FROM field_change WHERE seq > ?1 AND tbl IN"
	"  ('participant', 'placement', 'referral', 'screening', 'followup', 'call_attempt')) c"
	" WHERE pid IS NOT NULL";

static senda_err
exec_changes(senda_db *db, int64_t *n, senda_err e)
{
	if (e == SENDA_OK && n)
		*n = sqlite3_changes(db_sqlite(db));
	return e;
}

/* What the last scheduling saw: the day, and the newest entry of the
 * field log (every write of an exchanged table, a merge's too). */
static senda_err
sched_marker(senda_db *db, sdate today, char **out, senda_error *err)
{
	int64_t seq = 0;
	senda_err e = db_int(db, &seq, err, "SELECT coalesce(max(seq), 0) FROM field_change", NULL);
	if (e != SENDA_OK)
		return e;
	char day[11];
	date_to_iso(today, day);
	*out = xasprintf("%s %" PRId64 " %.8s", day, seq, db_site_id(db));
	return SENDA_OK;
}

static senda_err schedule_all(senda_db *db, sdate today, int64_t since,
			      call_sched_result *res, senda_error *err);

senda_err
calls_schedule(senda_db *db, sdate today, call_sched_result *res, senda_error *err)
{
	call_sched_result r = { 0, 0, 0 };
	senda_err e = perm_require(db, PERM_CALLS, err);
	if (e != SENDA_OK)
		return e;
	/* The whole file is read at random (every person with a job, a
	 * service or a referral): a bigger page cache for the file and for
	 * the temporary tables while it lasts, as the original is given back
	 * at the end. Not bigger than 6 and 2 MB: no command may take more
	 * than 32 MB at 500,000 people (issue 9). A cache as big as the pages
	 * the first scheduling writes (256 MB: 371 MB of memory at 500,000
	 * people) spared writing them to the log twice, but measured no
	 * faster on this machine (bench/RESULTS-calls.md, run 4). */
	if ((e = db_exec(db, err, "PRAGMA main.cache_size = -6144", NULL)) != SENDA_OK ||
	    (e = db_exec(db, err, "PRAGMA temp.cache_size = -2048", NULL)) != SENDA_OK)
		return e;
	/* No foreign key looked up for each new call (a fifth of the first
	 * scheduling's time): every call is made for a person read in the
	 * same transaction (CALLABLE), and no call's person is changed. Set
	 * outside a transaction only (inside one SQLite ignores it, and the
	 * keys stay checked); back as it was after. */
	int64_t fk = 0;
	if ((e = db_int(db, &fk, err, "PRAGMA foreign_keys", NULL)) != SENDA_OK)
		return e;
	if (fk && (e = db_exec(db, err, "PRAGMA foreign_keys = OFF", NULL)) != SENDA_OK)
		return e;
	e = schedule_all(db, today, -1, &r, err);
	/* back to the handle's own (src/db/db.c DEFAULT_CACHE) */
	senda_error again = { 0 };
	senda_err back = fk ? db_exec(db, &again, "PRAGMA foreign_keys = ON", NULL) : SENDA_OK;
	if (back == SENDA_OK)
		back = db_exec(db, &again, "PRAGMA main.cache_size = -2000", NULL);
	if (back == SENDA_OK)
		back = db_exec(db, &again, "PRAGMA temp.cache_size = -2000", NULL);
	if (e == SENDA_OK && back != SENDA_OK) {
		if (err)
			*err = again;
		e = back;
	}
	if (e == SENDA_OK && res)
		*res = r;
	return e;
}

/* since: -1 for every person of the file, else only the people the field
 * log shows touched after its entry `since` (the same day, the same rules:
 * no one else's calls can have changed). */
static senda_err
schedule_all(senda_db *db, sdate today, int64_t since, call_sched_result *res,
	     senda_error *err)
{
	static const char *const want_job[2] = { WANT_JOB(ALL), WANT_JOB(TOUCHED) };
	static const char *const want_exit[2] = { WANT_EXIT(ALL), WANT_EXIT(TOUCHED) };
	static const char *const want_referral[2] = { WANT_REFERRAL(ALL), WANT_REFERRAL(TOUCHED) };
	static const char *const sched_withdraw[2] = { SCHED_WITHDRAW(ALL),
							 SCHED_WITHDRAW(TOUCHED) };
	int k = since >= 0;
	call_sched_result r = { 0, 0, 0 };
	senda_err e;
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	char day[11], earliest[11], now[21], clock[HLC_LEN];
	date_to_iso(today, day);
	int exit_days = setting_int(db, "call_exit_days", 90, err, &e);
	int lookback = e == SENDA_OK ? setting_int(db, "call_lookback_days", 90, err, &e) : 0;
	date_to_iso(date_from_days(date_to_days(today) - lookback), earliest);
	clock_timestamp(now);
	const char *who = db_actor_id(db), *site = db_site_id(db);
	char *mark = NULL;
	if (e == SENDA_OK)
		e = db_exec(db, err, want_make, NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, want_clear, NULL);
	if (e == SENDA_OK && k)
		e = db_exec(db, err, dirty_make, NULL);
	if (e == SENDA_OK && k)
		e = db_exec(db, err, dirty_clear, NULL);
	if (e == SENDA_OK && k)
		e = db_exec(db, err, dirty_fill, "I", since);
	if (e == SENDA_OK)
		e = db_exec(db, err, want_job[k], "titt", day, exit_days, earliest, site);
	if (e == SENDA_OK)
		e = db_exec(db, err, want_exit[k], "titt", day, exit_days, earliest, site);
	if (e == SENDA_OK)
		e = db_exec(db, err, want_referral[k], "titt", day, exit_days, earliest, site);
	if (e == SENDA_OK)
		e = db_tick(db, clock, err);
	/* The calls of the file first, then the new ones: a new call is
	 * asked for with its date, so neither moved nor withdrawn, and the
	 * first scheduling of a file reads no call for nothing. */
	if (e == SENDA_OK)
		e = exec_changes(db, &r.moved, db_exec(db, err, sched_move, "ttt", clock, who, site));
	int64_t revived = 0;
	if (e == SENDA_OK)
		e = exec_changes(db, &revived,
				 db_exec(db, err, sched_revive, "tttt", clock, who, earliest, site));
	if (e == SENDA_OK)
		e = exec_changes(db, &r.withdrawn,
				 db_exec(db, err, sched_withdraw[k], "ttt", clock, who, site));
	if (e == SENDA_OK)
		e = exec_changes(db, &r.added, db_exec(db, err, sched_add, "ttttt",
							   db_site_id(db), now, clock, who, earliest));
	r.added += revived;
	bool changed = r.added + r.moved + r.withdrawn > 0;
	if (e == SENDA_OK)
		e = sched_marker(db, today, &mark, err);
	if (e == SENDA_OK && changed)
		e = db_set_setting(db, "calls_scheduled", mark, err);
	if (e != SENDA_OK || !changed) {
		/* Nothing to do writes nothing, not even the clock: opening the
		 * list or home leaves the file as it was. */
		db_rollback(db);
		if (e != SENDA_OK) {
			free(mark);
			return e;
		}
		/* The marker is kept in the file once it has one (calls were
		 * made from rules), so that the next process does not schedule
		 * again after an edit that changed no call; a file that never
		 * had any is left as it was, and this handle remembers it. */
		char *was = NULL;
		e = db_setting(db, "calls_scheduled", &was, err);
		if (e == SENDA_E_NOTFOUND) {
			senda_error_clear(err);
			e = SENDA_OK;
		} else if (e == SENDA_OK && strcmp(was, mark) != 0)
			e = db_set_setting(db, "calls_scheduled", mark, err);
		free(was);
	} else
		e = db_commit(db, err);
	if (e == SENDA_OK) {
		/* This handle knows the file is up to date till the next change. */
		snprintf(fresh_mark, sizeof fresh_mark, "%s", mark);
		fresh_db = db;
		if (res)
			*res = r;
	}
	free(mark);
	return e;
}

/* What calls_schedule_if_stale has to do: nothing (*fresh), the people
 * touched since the log's entry *since, or (*since < 0) the whole file. */
static senda_err
plan(senda_db *db, sdate today, bool *fresh_out, int64_t *since_out, senda_error *err)
{
	*fresh_out = true;
	*since_out = -1;
	senda_err e = perm_require(db, PERM_CALLS, err);
	if (e != SENDA_OK)
		return e;
	/* --today before the clock's day: looking back (catching up on paper
	 * sheets) schedules nothing. Calls made or withdrawn as of a past day
	 * would travel to the other sites and fight today's; the list is the
	 * calls the file has (the caller says so). */
	if (clock_today_set_back())
		return SENDA_OK;
	char *mark = NULL, *was = NULL;
	if ((e = sched_marker(db, today, &mark, err)) != SENDA_OK)
		return e;
	if (fresh_db == db && strcmp(fresh_mark, mark) == 0) {
		free(mark);
		return SENDA_OK;
	}
	e = db_setting(db, "calls_scheduled", &was, err);
	bool fresh = e == SENDA_OK && was && strcmp(was, mark) == 0;
	if (e == SENDA_E_NOTFOUND) {
		senda_error_clear(err);
		e = SENDA_OK;
	}
	/* The same day, the same site and the rules unchanged (a rule's
	 * change removes the marker): only the people touched since. */
	int64_t since = -1, now_seq = -1;
	char was_day[11] = "", now_day[11] = "", was_site[9] = "", now_site[9] = "";
	bool same = e == SENDA_OK && was &&
		    sscanf(was, "%10s %" SCNd64 " %8s", was_day, &since, was_site) == 3 &&
		    sscanf(mark, "%10s %" SCNd64 " %8s", now_day, &now_seq, now_site) == 3 &&
		    strcmp(was_day, now_day) == 0 && strcmp(was_site, now_site) == 0 &&
		    since >= 0 && since <= now_seq;
	if (!same)
		since = -1;
	free(mark);
	free(was);
	if (e != SENDA_OK)
		return e;
	*fresh_out = fresh;
	*since_out = since;
	return SENDA_OK;
}

senda_err
calls_schedule_if_stale(senda_db *db, sdate today, senda_error *err)
{
	bool fresh = true;
	int64_t since = -1;
	senda_err e = plan(db, today, &fresh, &since, err);
	if (e != SENDA_OK || fresh)
		return e;
	if (since < 0)
		return calls_schedule(db, today, NULL, err);
	return schedule_all(db, today, since, NULL, err);
}

senda_err
calls_schedule_whole_pending(senda_db *db, sdate today, bool *whole, senda_error *err)
{
	bool fresh = true;
	int64_t since = -1;
	senda_err e = plan(db, today, &fresh, &since, err);
	*whole = e == SENDA_OK && !fresh && since < 0;
	return e;
}

/* ---- the call list ----------------------------------------------------- */

void
call_row_free(call_row *r)
{
	free(r->first_name);
	free(r->phone);
	free(r->language);
	free(r->best_time);
	free(r->call_at);
	memset(r, 0, sizeof *r);
}

/* Only what a volunteer may see of a person. */
#define CALL_COLS \
	"f.id, f.participant_id," \
	" CASE WHEN p.preferred_name <> '' THEN p.preferred_name ELSE p.given_names END," \
	" p.phone, p.language, p.best_time, f.purpose, f.rule_id, coalesce(r.kind, '')," \
	" coalesce(r.amount, 0), f.due_on, f.call_at," \
	" (SELECT count(*) FROM call_attempt a WHERE a.followup_id = f.id AND a.deleted = 0)"
/* A person whose phone a call found wrong (phone_bad, schema 013) is on
 * no list while her phone is that number. */
#define NOT_HELD " AND (p.phone_bad = '' OR senda_phone_digits(p.phone_bad)" \
	" <> senda_phone_digits(p.phone))"
#define CALL_FROM \
	" FROM followup f JOIN participant p ON p.id = f.participant_id" \
	" LEFT JOIN call_rule r ON r.id = f.rule_id" \
	" WHERE f.deleted = 0 AND f.status = 'open' AND p.deleted = 0" \
	" AND p.consent_contact = 1 AND p.do_not_call = 0" NOT_HELD

static void
read_call(sqlite3_stmt *st, call_row *r, const char *today)
{
	memset(r, 0, sizeof *r);
	copy_col(st, 0, r->id, sizeof r->id);
	copy_col(st, 1, r->participant_id, sizeof r->participant_id);
	r->first_name = dup_col(st, 2);
	r->phone = dup_col(st, 3);
	r->language = dup_col(st, 4);
	r->best_time = dup_col(st, 5);
	copy_col(st, 6, r->purpose, sizeof r->purpose);
	copy_col(st, 7, r->rule_id, sizeof r->rule_id);
	copy_col(st, 8, r->rule_kind, sizeof r->rule_kind);
	r->rule_amount = sqlite3_column_int(st, 9);
	copy_col(st, 10, r->due_on, sizeof r->due_on);
	r->call_at = dup_col(st, 11);
	r->attempts = sqlite3_column_int(st, 12);
	int c = strcmp(r->due_on, today);
	r->when = c < 0 ? CALL_OVERDUE : c == 0 ? CALL_DUE_TODAY : CALL_UPCOMING;
}

senda_err
calls_list(senda_db *db, sdate today, const call_filter *f, call_fn fn, void *ctx,
	   senda_error *err)
{
	senda_err e = perm_require(db, PERM_CALLS, err);
	if (e != SENDA_OK)
		return e;
	static const char sql[] = "SELECT " CALL_COLS CALL_FROM
		" AND (?1 IS NULL OR f.due_on <= ?1) AND (?2 IS NULL OR f.assigned_to = ?2)"
		" AND (?3 IS NULL OR p.language = ?3) AND (?4 IS NULL OR f.purpose = ?4)"
		/* the best time as a time of day (unknown last), not as text
		 * ("10:00" came before "9:00") */
		" ORDER BY f.due_on, senda_time_of_day(p.best_time) IS NULL,"
		" senda_time_of_day(p.best_time), f.id LIMIT ?5";
	char day[11];
	date_to_iso(today, day);
	call_filter none = { 0 };
	if (!f)
		f = &none;
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "ttttI", f->due_only ? day : NULL,
			 f->mine ? db_actor_id(db) : NULL, f->language, f->purpose,
			 (int64_t)(f->limit > 0 ? f->limit : -1))) != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		call_row r;
		read_call(st, &r, day);
		int stop = fn(&r, ctx);
		call_row_free(&r);
		if (stop) {
			sqlite3_reset(st);
			return SENDA_OK;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
calls_due_count(senda_db *db, sdate today, int64_t *out, senda_error *err)
{
	*out = 0;
	char day[11];
	date_to_iso(today, day);
	/* No perm_require: a number, nothing of anyone (the home screen). */
	return db_int(db, out, err, "SELECT count(*) FROM followup f"
		      " JOIN participant p ON p.id = f.participant_id"
		      " WHERE f.deleted = 0 AND f.status = 'open' AND f.due_on <= ?"
		      " AND p.deleted = 0 AND p.consent_contact = 1 AND p.do_not_call = 0" NOT_HELD,
		      "t", day);
}

senda_err
calls_get(senda_db *db, const char *id, sdate today, call_row *out, senda_error *err)
{
	memset(out, 0, sizeof *out);
	senda_err e = perm_require(db, PERM_CALLS, err);
	if (e != SENDA_OK)
		return e;
	char key[UUID_LEN];
	if (!id || !uuid_prefix_key(id, key))
		/* L10N: %s is what was typed as a call's id */
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, _("no open call %s"), id ? id : "");
	static const char sql[] = "SELECT " CALL_COLS CALL_FROM
		" AND f.id >= ?1 AND f.id < ?1 || '~' LIMIT 2";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "t", key)) != SENDA_OK)
		return e;
	char day[11];
	date_to_iso(today, day);
	int rc = sqlite3_step(st), n = 0;
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		if (n++) {
			call_row_free(out);
			sqlite3_reset(st);
			return senda_fail(err, SENDA_E_AMBIGUOUS, NULL, "%s", id);
		}
		read_call(st, out, day);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		call_row_free(out);
		return db_error(db, err);
	}
	if (!n)
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, _("no open call %s"), id);
	return SENDA_OK;
}

const char *
call_purpose_text(const call_row *r, const char *lang, char *buf, size_t n)
{
	const char *s;
	if (strcmp(r->rule_kind, "job") == 0) {
		/* L10N: a call's purpose: asking how the job is going, %d days after it started */
		s = i18n_gettext_in(lang, N_("how the job is going, %d days after it started"));
		snprintf(buf, n, s, r->rule_amount);
		return buf;
	}
	if (strcmp(r->rule_kind, "exit") == 0) {
		/* L10N: a call's purpose: how work is going, in the Nth quarter
		 * after leaving the program; said in the script too ("I am calling
		 * to ask ..."): no he or she, in either language */
		s = i18n_gettext_in(lang, N_("how work is going, quarter %d after leaving the program"));
		snprintf(buf, n, s, r->rule_amount);
		return buf;
	}
	if (strcmp(r->rule_kind, "referral") == 0 || strcmp(r->purpose, "referral") == 0)
		/* L10N: a call's purpose (in the script too): no he or she */
		s = i18n_gettext_in(lang, N_("whether the program of the referral has answered"));
	else if (strcmp(r->purpose, "placement") == 0 || strcmp(r->purpose, "retention") == 0)
		/* L10N: a call's purpose */
		s = i18n_gettext_in(lang, N_("how the job is going"));
	else
		/* L10N: a call's purpose (in the script too): no he or she */
		s = i18n_gettext_in(lang, N_("how things are going"));
	snprintf(buf, n, "%s", s);
	return buf;
}

const char *
call_at_text(const char *call_at)
{
	if (!call_at)
		return "";
	if (strcmp(call_at, "morning") == 0)
		/* L10N: when to try a call again: a time of day */
		return C_("time of day", "morning");
	if (strcmp(call_at, "afternoon") == 0)
		/* L10N: when to try a call again: a time of day */
		return C_("time of day", "afternoon");
	if (strcmp(call_at, "evening") == 0)
		/* L10N: when to try a call again: a time of day */
		return C_("time of day", "evening");
	return call_at;
}

senda_err
calls_caller_name(senda_db *db, char **out, senda_error *err)
{
	*out = NULL;
	senda_err e = db_text(db, out, err, "SELECT name FROM user WHERE id = ?", "t",
			      db_actor_id(db));
	if (e == SENDA_E_NOTFOUND) {
		senda_error_clear(err);
		*out = xstrdup("");
		return SENDA_OK;
	}
	return e;
}
