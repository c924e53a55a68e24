/* senda — a person's history: the change log of their record and of their
 * screenings, referrals and jobs, newest first. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "senda/calls.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/participant.h"
#include "senda/placement.h"
#include "senda/referral.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "participant_internal.h"

static const char *
text_or_empty(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

senda_err
participant_history(senda_db *db, const char *id, participant_change_fn fn,
		    void *ctx, senda_error *err)
{
	PERM_CHECK_ANY(db, PERM_PEOPLE_LIST, PERM_REVIEW, err);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT c.tbl, c.updated_at, c.created_at, c.field, c.old_value, c.new_value,"
		" coalesce(u.name, ''), c.site_id,"
		" coalesce(s.instrument, r.code, j.employer, ''),"
		/* a job recorded: its wage then, the one its first change of
		 * wage replaced (a call, edit-job), else the wage it still has */
		" coalesce(s.score, g.name, CASE WHEN c.field = '' THEN coalesce((SELECT w.old_value"
		"  FROM change_log w WHERE w.row_id = c.row_id AND w.tbl = 'placement'"
		"  AND w.field = 'wage_cents' ORDER BY w.updated_at LIMIT 1), j.wage_cents)"
		"  ELSE j.wage_cents END, ''), coalesce(s.level, ''), c.row_id"
		" FROM change_log c"
		" LEFT JOIN user u ON u.id = c.updated_by"
		" LEFT JOIN screening s ON c.tbl = 'screening' AND s.id = c.row_id"
		" LEFT JOIN referral r ON c.tbl = 'referral' AND r.id = c.row_id"
		" LEFT JOIN program g ON g.id = r.program_id"
		" LEFT JOIN placement j ON c.tbl = 'placement' AND j.id = c.row_id"
		" WHERE (c.tbl = 'participant' AND c.row_id = ?1)"
		" OR (c.tbl = 'screening' AND c.row_id IN"
		"     (SELECT id FROM screening WHERE participant_id = ?1))"
		" OR (c.tbl = 'referral' AND c.row_id IN"
		"     (SELECT id FROM referral WHERE participant_id = ?1))"
		" OR (c.tbl = 'placement' AND c.row_id IN"
		"     (SELECT id FROM placement WHERE participant_id = ?1))"
		/* every try of her calls, whatever the call's purpose */
		" OR (c.tbl = 'call_attempt' AND c.row_id IN"
		"     (SELECT a.id FROM call_attempt a JOIN followup f ON f.id = a.followup_id"
		"      WHERE f.participant_id = ?1))"
		" ORDER BY c.updated_at DESC, c.tbl, c.field", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", id);
	if (e != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		participant_change c = {
			text_or_empty(st, 0), text_or_empty(st, 1), text_or_empty(st, 2),
			text_or_empty(st, 3),
			(const char *)sqlite3_column_text(st, 4),
			(const char *)sqlite3_column_text(st, 5),
			text_or_empty(st, 6), text_or_empty(st, 7),
			text_or_empty(st, 8), text_or_empty(st, 9), text_or_empty(st, 10),
		};
		/* A change of a field her role may not see is told without its
		 * values; the referrals and jobs of a role that may not see them
		 * are left out. */
		enum senda_role role = (enum senda_role)db_actor_role(db);
		if (strcmp(c.tbl, "participant") == 0 && participant_column_hidden(db, c.field))
			c.old_value = c.new_value = NULL;
		if ((strcmp(c.tbl, "referral") == 0 && !perm_allowed(role, PERM_REFERRAL)) ||
		    (strcmp(c.tbl, "placement") == 0 && !perm_allowed(role, PERM_PLACEMENT)) ||
		    (strcmp(c.tbl, "call_attempt") == 0 && !perm_allowed(role, PERM_CALLS)))
			continue;
		/* A try of a call: its outcome and answers in words (d1). */
		char *call = NULL;
		if (strcmp(c.tbl, "call_attempt") == 0) {
			if (*c.field)
				continue;   /* a try's own fields are not edited */
			senda_err ce = call_attempt_text(db, text_or_empty(st, 11), &call, err);
			if (ce == SENDA_E_NOTFOUND) {
				senda_error_clear(err);
				continue;
			}
			if (ce != SENDA_OK) {
				sqlite3_reset(st);
				return ce;
			}
			c.d1 = call;
		}
		int stop = fn(&c, ctx);
		free(call);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

static const char *
status_text(const char *code)
{
	const char *l = referral_status_label(code);
	return l ? _(l) : (code ? code : "—");
}

char *
participant_change_text(const participant_change *c, char *buf, size_t n)
{
	if (strcmp(c->tbl, "participant") == 0 && strcmp(c->field, "do_not_call") == 0) {
		bool was = c->old_value && strcmp(c->old_value, "1") == 0;
		bool now = c->new_value && strcmp(c->new_value, "1") == 0;
		/* L10N: in the history: the field's label, old and new value (yes, no) */
		snprintf(buf, n, _("%s: %s → %s"), _(participant_field_label(c->field)),
			 was ? _("yes") : _("no"), now ? _("yes") : _("no"));
	} else if (strcmp(c->tbl, "participant") == 0 && strcmp(c->field, "phone_bad") == 0) {
		/* L10N: in the history: a follow-up call found this phone number
		 * wrong (or out of service); her calls wait for a new one */
		snprintf(buf, n, _("Phone found wrong on a call: %s (calls held until it is changed)"),
			 c->new_value && *c->new_value ? c->new_value : "—");
	} else if (strcmp(c->tbl, "screening") == 0) {
		const char *label = esl_instrument_label(c->d1);
		char score[16] = "";
		if (*c->d2)
			snprintf(score, sizeof score, " %s", c->d2);
		/* L10N: in the history: test, score, ESL level */
		snprintf(buf, n, _("English screening: %s%s, level %s"), label ? _(label) : c->d1,
			 score, c->d3);
	} else if (strcmp(c->tbl, "referral") == 0 && !*c->field) {
		/* L10N: in the history: program, reference code */
		snprintf(buf, n, _("Referred to %s (%s)"), c->d2, c->d1);
	} else if (strcmp(c->tbl, "referral") == 0 && strcmp(c->field, "status") == 0) {
		/* L10N: in the history: reference code, old status, new status */
		snprintf(buf, n, _("Referral %s: %s → %s"), c->d1, status_text(c->old_value),
			 status_text(c->new_value));
	} else if (strcmp(c->tbl, "referral") == 0) {
		/* L10N: in the history: reference code, credential earned */
		snprintf(buf, n, _("Referral %s: credential %s"), c->d1,
			 c->new_value && *c->new_value ? c->new_value : "—");
	} else if (strcmp(c->tbl, "placement") == 0 && strcmp(c->field, "wage_cents") == 0) {
		char was[32], now[32];
		money_format(c->old_value ? strtoll(c->old_value, NULL, 10) : -1, was, sizeof was);
		money_format(c->new_value ? strtoll(c->new_value, NULL, 10) : -1, now, sizeof now);
		/* L10N: in the history: employer, old and new hourly wage (said on a
		 * follow-up call) */
		snprintf(buf, n, _("Wage at %s: %s → %s an hour"), c->d1, *was ? was : "—", now);
	} else if (strcmp(c->tbl, "placement") == 0 && strcmp(c->field, "hours_week") == 0) {
		/* L10N: in the history: employer, old and new hours a week */
		snprintf(buf, n, _("Hours at %s: %s → %s a week"), c->d1,
			 c->old_value ? c->old_value : "—", c->new_value ? c->new_value : "—");
	} else if (strcmp(c->tbl, "call_attempt") == 0) {
		snprintf(buf, n, "%s", c->d1);
	} else if (strcmp(c->tbl, "placement") == 0 && *c->field) {
		/* Another field of a job changed (its start moved, it ended). */
		const field_desc *f = field_find(placement_fields, placement_nfields, c->field);
		/* L10N: in the history: employer, the job's field, old and new value */
		snprintf(buf, n, _("Job at %s: %s: %s → %s"), c->d1, f ? _(f->label) : c->field,
			 c->old_value && *c->old_value ? c->old_value : "—",
			 c->new_value && *c->new_value ? c->new_value : "—");
	} else if (strcmp(c->tbl, "placement") == 0) {
		char wage[32];
		money_format(*c->d2 ? strtoll(c->d2, NULL, 10) : -1, wage, sizeof wage);
		/* L10N: in the history: employer, hourly wage */
		snprintf(buf, n, _("Job recorded: %s, %s an hour"), c->d1, wage);
	} else {
		return NULL;
	}
	return buf;
}
