/* senda — a person's calls in words, whatever their purpose: every try
 * with its outcome and answers, and the calls not made yet (the record's
 * calls section, the history; include/senda/calls.h). */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/calls.h"
#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/date.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/money.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "calls_internal.h"

#define LINE_COLS \
	"SELECT f.due_on, f.status, f.result, f.purpose, coalesce(r.kind, ''), coalesce(r.amount, 0)," \
	" a.id, a.called_at, a.outcome, a.still_working, a.hours_week, a.wage_cents, a.got_raise," \
	" a.in_training, a.needs, a.note" \
	" FROM followup f LEFT JOIN call_rule r ON r.id = f.rule_id"

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

static void
add(char **s, const char *piece)
{
	char *t = xasprintf("%s%s%s", *s, **s ? "; " : "", piece);
	free(*s);
	*s = t;
}

static const char *
yes_no(int v)
{
	/* L10N: an answer on a follow-up call */
	return v ? _("yes") : _("no");
}

static void
day_words(const char *iso, char *buf, size_t n)
{
	sdate d;
	char day[11];
	snprintf(day, sizeof day, "%.10s", iso);
	if (date_from_iso(day, &d) == DATE_OK)
		date_words(d, i18n_lang(), buf, n);
	else
		snprintf(buf, n, "%s", iso);
}

/* One row of LINE_COLS in words (malloc'd); *when gets the day it is of. */
static char *
line_text(sqlite3_stmt *st, char when[11])
{
	call_row r;
	memset(&r, 0, sizeof r);
	copy_col(st, 3, r.purpose, sizeof r.purpose);
	copy_col(st, 4, r.rule_kind, sizeof r.rule_kind);
	r.rule_amount = sqlite3_column_int(st, 5);
	char purpose[160], day[64];
	call_purpose_text(&r, i18n_lang(), purpose, sizeof purpose);
	char *s = xstrdup("");
	if (sqlite3_column_type(st, 6) == SQLITE_NULL) {
		/* A call not tried: when it is due and how it stands. */
		snprintf(when, 11, "%.10s", col_text(st, 0));
		const char *status = col_text(st, 1), *result = col_text(st, 2);
		const char *how;
		if (strcmp(status, "open") == 0)
			/* L10N: on the record: a follow-up call not made yet */
			how = _("not made yet");
		else if (strcmp(result, "withdrawn") == 0)
			/* L10N: on the record: a call the rules no longer ask for */
			how = _("withdrawn");
		else if (strcmp(result, "do_not_call") == 0)
			/* L10N: on the record: a call cancelled because the person
			 * asked not to be called */
			how = _("cancelled: do not call");
		else
			/* L10N: on the record: a call closed without being made */
			how = _("cancelled");
		day_words(when, day, sizeof day);
		/* L10N: on the record: due day, the call's purpose, how it stands */
		char *t = xasprintf(_("Call due %s, %s: %s"), day, purpose, how);
		free(s);
		return t;
	}
	snprintf(when, 11, "%.10s", col_text(st, 7));
	int o = call_outcome_from_code(col_text(st, 8));
	add(&s, o >= 0 ? _(call_outcome_label((enum call_outcome)o)) : col_text(st, 8));
	if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
		/* L10N: an answer on a follow-up call: still working at the job */
		char *t = xasprintf(_("still working there: %s"), yes_no(sqlite3_column_int(st, 9)));
		add(&s, t);
		free(t);
	}
	if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
		/* L10N: an answer on a follow-up call */
		char *t = xasprintf(_("%d hours a week"), sqlite3_column_int(st, 10));
		add(&s, t);
		free(t);
	}
	if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
		char wage[32];
		money_format(sqlite3_column_int64(st, 11), wage, sizeof wage);
		/* L10N: an answer on a follow-up call: the hourly wage now */
		char *t = xasprintf(_("%s an hour"), wage);
		add(&s, t);
		free(t);
	}
	if (sqlite3_column_type(st, 12) != SQLITE_NULL) {
		/* L10N: an answer on a follow-up call */
		char *t = xasprintf(_("a raise or a new position: %s"),
				    yes_no(sqlite3_column_int(st, 12)));
		add(&s, t);
		free(t);
	}
	if (sqlite3_column_type(st, 13) != SQLITE_NULL) {
		/* L10N: an answer on a follow-up call */
		char *t = xasprintf(_("in training: %s"), yes_no(sqlite3_column_int(st, 13)));
		add(&s, t);
		free(t);
	}
	if (*col_text(st, 14)) {
		/* L10N: an answer on a follow-up call: what the person needs */
		char *t = xasprintf(_("needs: %s"), col_text(st, 14));
		add(&s, t);
		free(t);
	}
	if (*col_text(st, 15)) {
		/* L10N: on the record: the caller's note on a call */
		char *t = xasprintf(_("note: %s"), col_text(st, 15));
		add(&s, t);
		free(t);
	}
	day_words(when, day, sizeof day);
	/* L10N: on the record and in the history: the day of a call, its
	 * purpose, then its outcome and answers */
	char *t = xasprintf(_("Call on %s, %s: %s"), day, purpose, s);
	free(s);
	return t;
}

senda_err
calls_of_person(senda_db *db, const char *participant_id, call_line_fn fn, void *ctx,
		senda_error *err)
{
	senda_err e = perm_require(db, PERM_CALLS, err);
	if (e != SENDA_OK)
		return e;
	static const char sql[] = LINE_COLS
		" LEFT JOIN call_attempt a ON a.followup_id = f.id AND a.deleted = 0"
		" WHERE f.participant_id = ?1 AND f.deleted = 0"
		" AND (a.id IS NOT NULL OR f.status = 'open' OR f.result <> 'withdrawn')"
		" ORDER BY coalesce(a.called_at, f.due_on) DESC, f.id, a.called_at DESC";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "t", participant_id)) != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char when[11];
		char *text = line_text(st, when);
		int stop = fn(when, text, ctx);
		free(text);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
call_attempt_text(senda_db *db, const char *attempt_id, char **out, senda_error *err)
{
	*out = NULL;
	senda_err e = perm_require(db, PERM_CALLS, err);
	if (e != SENDA_OK)
		return e;
	static const char sql[] = LINE_COLS
		" JOIN call_attempt a ON a.followup_id = f.id WHERE a.id = ?1";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "t", attempt_id)) != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char when[11];
		*out = line_text(st, when);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SENDA_OK;
	return rc == SQLITE_DONE ? senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", attempt_id)
				 : db_error(db, err);
}

/* ---- do not call ------------------------------------------------------- */

senda_err
calls_do_not_call(senda_db *db, const char *participant_id, bool *out, senda_error *err)
{
	*out = false;
	PERM_CHECK_ANY(db, PERM_PEOPLE_LIST, PERM_CALLS, err);
	int64_t v = 0;
	senda_err e = db_int(db, &v, err, "SELECT do_not_call FROM participant WHERE id = ?", "t",
			     participant_id);
	if (e == SENDA_OK)
		*out = v != 0;
	return e;
}

senda_err
calls_call_again(senda_db *db, const char *participant_id, senda_error *err)
{
	senda_err e = perm_require(db, PERM_CALL_AGAIN, err);
	if (e != SENDA_OK)
		return e;
	char clock[HLC_LEN];
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) == SENDA_OK)
		e = db_exec(db, err, "UPDATE participant SET do_not_call = 0, updated_at = ?2,"
			    " updated_by = ?3 WHERE id = ?1 AND do_not_call = 1 AND deleted = 0", "ttt",
			    participant_id, clock, db_actor_id(db));
	if (e == SENDA_OK && sqlite3_changes(db_sqlite(db)) == 0)
		/* L10N: "call again" for a person who never asked not to be called */
		e = senda_fail(err, SENDA_E_STATE, NULL, "%s", _("the person had not asked not to be called"));
	if (e == SENDA_OK)
		e = changelog_add(db, "participant", participant_id, "do_not_call", "1", "0", clock, err);
	/* Her calls that "do not call" closed before any try are the rules'
	 * again: withdrawn, so that the scheduling opens those still wanted. */
	if (e == SENDA_OK)
		e = db_exec(db, err, "UPDATE followup SET result = 'withdrawn', updated_at = ?2,"
			    " updated_by = ?3 WHERE participant_id = ?1 AND status = 'cancelled'"
			    " AND result = 'do_not_call' AND rule_id <> '' AND deleted = 0"
			    " AND NOT EXISTS (SELECT 1 FROM call_attempt a"
			    "  WHERE a.followup_id = followup.id AND a.deleted = 0)", "ttt",
			    participant_id, clock, db_actor_id(db));
	if (e == SENDA_OK)
		return db_commit(db, err);
	db_rollback(db);
	return e;
}

senda_err
calls_phone_held(senda_db *db, const char *participant_id, char **out, senda_error *err)
{
	*out = NULL;
	PERM_CHECK_ANY(db, PERM_PEOPLE_LIST, PERM_CALLS, err);
	return db_text(db, out, err, "SELECT CASE WHEN phone_bad <> '' AND senda_phone_digits(phone_bad) = senda_phone_digits(phone)"
		       " THEN phone_bad ELSE '' END FROM participant WHERE id = ?", "t",
		       participant_id);
}
