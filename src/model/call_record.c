/* senda — one follow-up call: its outcome and answers recorded, the next
 * try scheduled, a wage taken into the job; and a job's retention
 * (include/senda/calls.h). */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "senda/calls.h"
#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"
#include "senda/placement.h"
#include "senda/text.h"
#include "db/stmt.h"
#include "calls_internal.h"

#define CALL_TEXT_MAX 500

/* ---- one call ---------------------------------------------------------- */

/* Each outcome: its code (stored, travels), its label (the history, "Call
 * saved: ...") and its key's label on the call screen's bar (the same
 * msgids as src/ui/action.c's, so that both languages' words are taken). */
static const struct {
	const char *code, *label, *key;
} outcomes[CALL__OUTCOMES] = {
	/* L10N: a call's outcome */
	[CALL_REACHED] = { "reached", N_("reached"), N_("Reached") },
	/* L10N: a call's outcome */
	[CALL_NO_ANSWER] = { "no_answer", N_("no answer"), N_("No answer") },
	/* L10N: a call's outcome */
	[CALL_VOICEMAIL] = { "voicemail", N_("left a message"), N_("Message") },
	/* L10N: a call's outcome */
	[CALL_WRONG_NUMBER] = { "wrong_number", N_("wrong number"), N_("Wrong number") },
	/* L10N: a call's outcome: the number is no longer in service */
	[CALL_DISCONNECTED] = { "disconnected", N_("disconnected"), N_("Disconnected") },
	/* L10N: a call's outcome: the person did not want to answer */
	[CALL_REFUSED] = { "refused", N_("refused"), N_("Refused to talk") },
	/* L10N: a call's outcome: call back at a time the person gave */
	[CALL_CALLBACK] = { "callback", N_("call back"), N_("Call back") },
	/* L10N: a call's outcome: the person asked never to be called again */
	[CALL_DO_NOT_CALL] = { "do_not_call", N_("do not call again"), N_("Do not call") },
};

const char *
call_outcome_code(enum call_outcome o)
{
	return (unsigned)o < CALL__OUTCOMES ? outcomes[o].code : "";
}

int
call_outcome_from_code(const char *code)
{
	for (int i = 0; code && i < CALL__OUTCOMES; i++)
		if (strcmp(code, outcomes[i].code) == 0)
			return i;
	return -1;
}

/* What was typed, to compare: folded (capitals, accents), - and _ as
 * spaces, one space between words (malloc'd; NULL if not UTF-8). */
static char *
outcome_words(const char *s)
{
	char *f = text_fold(s);
	if (!f)
		return NULL;
	char *o = f;
	bool space = true;
	for (const char *p = f; *p; p++) {
		char ch = *p == '-' || *p == '_' || *p == '\t' ? ' ' : *p;
		if (ch == ' ' && space)
			continue;
		space = ch == ' ';
		*o++ = ch;
	}
	if (o > f && o[-1] == ' ')
		o--;
	*o = '\0';
	return f;
}

static bool
same_words(const char *want, const char *name)
{
	char *w = outcome_words(name);
	bool same = w && strcmp(want, w) == 0;
	free(w);
	return same;
}

int
call_outcome_parse(const char *typed)
{
	static const char *const langs[] = { "en", "es" };
	char *want = typed ? outcome_words(typed) : NULL;
	int found = -1;
	for (int i = 0; want && *want && found < 0 && i < CALL__OUTCOMES; i++) {
		if (same_words(want, outcomes[i].code))
			found = i;
		for (size_t l = 0; found < 0 && l < sizeof langs / sizeof langs[0]; l++)
			if (same_words(want, i18n_gettext_in(langs[l], outcomes[i].label)) ||
			    same_words(want, i18n_gettext_in(langs[l], outcomes[i].key)))
				found = i;
	}
	free(want);
	return found;
}

char *
call_outcome_codes(void)
{
	char *s = xstrdup("");
	for (int i = 0; i < CALL__OUTCOMES; i++) {
		char *code = xstrdup(outcomes[i].code);
		for (char *p = code; *p; p++)
			if (*p == '_')
				*p = '-';
		char *t = xasprintf("%s%s%s", s, i ? ", " : "", code);
		free(code);
		free(s);
		s = t;
	}
	return s;
}

const char *
call_outcome_label(enum call_outcome o)
{
	return (unsigned)o < CALL__OUTCOMES ? outcomes[o].label : "";
}

int
call_hours_max(void)
{
	const field_desc *f = field_find(placement_fields, placement_nfields, "hours_week");
	return f ? (int)f->max : 0;
}

void
call_answers_init(call_answers *a)
{
	memset(a, 0, sizeof *a);
	a->still_working = a->hours_week = a->got_raise = a->in_training = -1;
	a->wage_cents = -1;
}

static senda_err
check_text(const char *s, const char *field, senda_error *err)
{
	if (!s)
		return SENDA_OK;
	if (!text_valid(s))
		return senda_fail(err, SENDA_E_UTF8, field, NULL);
	if (text_has_control(s))
		return senda_fail(err, SENDA_E_CONTROL, field, NULL);
	if (text_chars(s) > CALL_TEXT_MAX)
		return senda_fail(err, SENDA_E_TOOLONG, field, "%d", CALL_TEXT_MAX);
	return SENDA_OK;
}

static bool
yes_no_ok(int v)
{
	return v == -1 || v == 0 || v == 1;
}

static senda_err
check_answers(const call_answers *a, senda_error *err)
{
	senda_err e;
	if (!yes_no_ok(a->still_working) || !yes_no_ok(a->got_raise) || !yes_no_ok(a->in_training))
		return senda_fail(err, SENDA_E_CHOICE, NULL, NULL);
	if (a->hours_week != -1 && (a->hours_week < 0 || a->hours_week > call_hours_max()))
		/* L10N: a field of the call screen */
		return senda_fail(err, SENDA_E_RANGE, N_("Hours a week"), "0–%d", call_hours_max());
	if (a->wage_cents != -1 && (a->wage_cents < 0 || a->wage_cents > PLACEMENT_WAGE_MAX))
		/* L10N: a field of the call screen */
		return senda_fail(err, SENDA_E_RANGE, N_("Hourly wage now"), NULL);
	/* As the job's own form asks: one typo would change the wage history. */
	if (!a->wage_confirmed && a->wage_cents == 0)
		return senda_fail(err, SENDA_E_CONFIRM, N_("Hourly wage now"), "%s",
				  _("a wage of $0.00 an hour"));
	if (!a->wage_confirmed && a->wage_cents >= 10000)
		return senda_fail(err, SENDA_E_CONFIRM, N_("Hourly wage now"), "%s",
				  _("$100 an hour or more: is it the hourly wage?"));
	/* L10N: a field of the call screen */
	if ((e = check_text(a->needs, N_("Anything you need"), err)) != SENDA_OK)
		return e;
	/* L10N: a field of the call screen */
	return check_text(a->note, N_("Note"), err);
}

/* "DATE HH:MM", "DATE" or "HH:MM" (DATE as dates are typed) into a day (today when only
 * a time) and a time ("" when only a day); not before today. */
static senda_err
parse_callback(const char *s, sdate today, char day[11], char at[6], senda_error *err)
{
	/* L10N: a field of the call screen: when to call back */
	const char *field = N_("Call back at");
	at[0] = '\0';
	date_to_iso(today, day);
	if (!s || !*s)
		return senda_fail(err, SENDA_E_REQUIRED, field, NULL);
	size_t len = strlen(s);
	const char *time = NULL;
	if (len == 5)
		time = s;
	else if (len == 10 || (len == 16 && s[10] == ' ')) {
		char d[11];
		memcpy(d, s, 10);
		d[10] = '\0';
		sdate dd;
		/* as dates are typed everywhere (MM/DD/YYYY, DD/MM/YYYY), or ISO */
		if (date_parse(d, field_date_order(), &dd) != DATE_OK)
			return senda_fail(err, SENDA_E_DATE, field, NULL);
		if (date_cmp(dd, today) < 0)
			return senda_fail(err, SENDA_E_DATE_ORDER, field, NULL);
		date_to_iso(dd, day);
		if (len == 16)
			time = s + 11;
	} else
		return senda_fail(err, SENDA_E_DATE, field, NULL);
	if (time) {
		if (!(time[0] >= '0' && time[0] <= '2' && time[1] >= '0' && time[1] <= '9' &&
		      time[2] == ':' && time[3] >= '0' && time[3] <= '5' && time[4] >= '0' &&
		      time[4] <= '9') || (time[0] - '0') * 10 + (time[1] - '0') > 23)
			return senda_fail(err, SENDA_E_DATE, field, NULL);
		memcpy(at, time, 5);
		at[5] = '\0';
	}
	return SENDA_OK;
}

static bool
time_ok(const char *t)
{
	return t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' && t[2] == ':' &&
	       t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' && t[5] == '\0' &&
	       (t[0] - '0') * 10 + (t[1] - '0') <= 23;
}

/* When a call was made, as typed ("DATE" or "DATE HH:MM", local time; noon
 * when no time is given), into its day and its UTC timestamp; not in the
 * future. */
static senda_err
parse_called(const char *s, sdate *day, char ts[21], senda_error *err)
{
	/* L10N: senda call --called: when the call was made */
	const char *field = N_("Called on");
	char d[32];
	const char *sp = strchr(s, ' ');
	size_t n = sp ? (size_t)(sp - s) : strlen(s);
	if (n >= sizeof d)
		return senda_fail(err, SENDA_E_DATE, field, NULL);
	memcpy(d, s, n);
	d[n] = '\0';
	if (date_parse(d, field_date_order(), day) != DATE_OK)
		return senda_fail(err, SENDA_E_DATE, field, NULL);
	int h = 12, mi = 0;
	if (sp) {
		char t[6];
		/* "9:30" is "09:30" */
		snprintf(t, sizeof t, "%s%s", strlen(sp + 1) == 4 ? "0" : "", sp + 1);
		if (strlen(sp + 1) < 4 || strlen(sp + 1) > 5 || !time_ok(t))
			return senda_fail(err, SENDA_E_DATE, field, NULL);
		h = (t[0] - '0') * 10 + (t[1] - '0');
		mi = (t[3] - '0') * 10 + (t[4] - '0');
	}
	struct tm tm = { 0 };
	tm.tm_year = day->y - 1900;
	tm.tm_mon = day->m - 1;
	tm.tm_mday = day->d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	struct tm u;
	if (t == (time_t)-1 || !gmtime_r(&t, &u))
		return senda_fail(err, SENDA_E_DATE, field, NULL);
	if ((int64_t)t * 1000 > clock_now_ms())
		return senda_fail(err, SENDA_E_FUTURE, field, NULL);
	if (strftime(ts, 21, "%Y-%m-%dT%H:%M:%SZ", &u) != 20)
		return senda_fail(err, SENDA_E_DATE, field, NULL);
	return SENDA_OK;
}

static const char *const slots[] = { "morning", "afternoon", "evening" };

/* The time of day after the one this try was made at. */
static const char *
next_slot(const char *call_at)
{
	int now = -1;
	for (int i = 0; i < 3; i++)
		if (strcmp(call_at, slots[i]) == 0)
			now = i;
	if (now < 0) {
		time_t t = (time_t)(clock_now_ms() / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		now = tm.tm_hour < 12 ? 0 : tm.tm_hour < 17 ? 1 : 2;
	}
	return slots[(now + 1) % 3];
}

struct call_state {
	char participant_id[UUID_LEN];
	char rule_kind[12];
	char anchor[64];
	char call_at[24];
	int max_attempts;
	int attempts;
};

static senda_err
load_state(senda_db *db, const char *id, struct call_state *s, senda_error *err)
{
	static const char sql[] = "SELECT f.participant_id, coalesce(r.kind, ''), f.anchor, f.call_at,"
		" coalesce(r.max_attempts, 4),"
		" (SELECT count(*) FROM call_attempt a WHERE a.followup_id = f.id AND a.deleted = 0)"
		" FROM followup f LEFT JOIN call_rule r ON r.id = f.rule_id WHERE f.id = ?";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", id);
	if (e != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_col(st, 0, s->participant_id, sizeof s->participant_id);
		copy_col(st, 1, s->rule_kind, sizeof s->rule_kind);
		copy_col(st, 2, s->anchor, sizeof s->anchor);
		copy_col(st, 3, s->call_at, sizeof s->call_at);
		s->max_attempts = sqlite3_column_int(st, 4);
		s->attempts = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return SENDA_OK;
	return rc == SQLITE_DONE ? senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id)
				 : db_error(db, err);
}

static char *
num_text(int64_t v)
{
	return v < 0 ? NULL : xasprintf("%" PRId64, v);
}

/* The job a wage said on the phone belongs to: the one the call is about,
 * else her newest. "" when she has none. */
static senda_err
job_of_call(senda_db *db, const struct call_state *s, char out[UUID_LEN], senda_error *err)
{
	char *id = NULL;
	senda_err e;
	if (strcmp(s->rule_kind, "job") == 0)
		e = db_text(db, &id, err, "SELECT id FROM placement WHERE id = ? AND deleted = 0", "t",
			    s->anchor);
	else
		e = db_text(db, &id, err, "SELECT id FROM placement WHERE participant_id = ?"
			    " AND deleted = 0 ORDER BY start_date DESC, created_at DESC LIMIT 1", "t",
			    s->participant_id);
	out[0] = '\0';
	if (e == SENDA_E_NOTFOUND) {
		senda_error_clear(err);
		return SENDA_OK;
	}
	if (e == SENDA_OK)
		snprintf(out, UUID_LEN, "%s", id);
	free(id);
	return e;
}

/* A column of the job from the phone: the new value and its history. */
static senda_err
update_job(senda_db *db, const char *job, const char *col, int64_t v, const char *clock,
	   senda_error *err)
{
	int64_t old = -1;
	senda_err e;
	if (strcmp(col, "wage_cents") == 0)
		e = db_int(db, &old, err, "SELECT coalesce(wage_cents, -1) FROM placement WHERE id = ?",
			   "t", job);
	else
		e = db_int(db, &old, err, "SELECT coalesce(hours_week, -1) FROM placement WHERE id = ?",
			   "t", job);
	if (e != SENDA_OK || old == v)
		return e;
	if (strcmp(col, "wage_cents") == 0)
		e = db_exec(db, err, "UPDATE placement SET wage_cents = ?2, updated_at = ?3,"
			    " updated_by = ?4 WHERE id = ?1", "tItt", job, v, clock, db_actor_id(db));
	else
		e = db_exec(db, err, "UPDATE placement SET hours_week = ?2, updated_at = ?3,"
			    " updated_by = ?4 WHERE id = ?1", "tItt", job, v, clock, db_actor_id(db));
	char *a = num_text(old), *b = num_text(v);
	if (e == SENDA_OK)
		e = changelog_add(db, "placement", job, col, a, b, clock, err);
	free(a);
	free(b);
	return e;
}

static senda_err
do_not_call(senda_db *db, const struct call_state *s, const char *clock, senda_error *err)
{
	senda_err e = db_exec(db, err, "UPDATE participant SET do_not_call = 1, updated_at = ?2,"
			      " updated_by = ?3 WHERE id = ?1 AND do_not_call = 0", "ttt",
			      s->participant_id, clock, db_actor_id(db));
	if (e == SENDA_OK && sqlite3_changes(db_sqlite(db)) > 0)
		e = changelog_add(db, "participant", s->participant_id, "do_not_call", "0", "1",
				  clock, err);
	if (e == SENDA_OK)
		e = db_exec(db, err, "UPDATE followup SET status = 'cancelled', result = 'do_not_call',"
			    " updated_at = ?2, updated_by = ?3 WHERE participant_id = ?1"
			    " AND status = 'open' AND deleted = 0", "ttt", s->participant_id, clock,
			    db_actor_id(db));
	return e;
}

/* A wrong number or a number no longer in service: her phone is marked
 * bad (as it is now), and while it is that number her open calls are held
 * (CALL_FROM); a new phone releases them. */
static senda_err
phone_bad(senda_db *db, const struct call_state *s, const char *clock, senda_error *err)
{
	char *was = NULL, *phone = NULL;
	senda_err e = db_text(db, &was, err, "SELECT phone_bad FROM participant WHERE id = ?", "t",
			      s->participant_id);
	if (e == SENDA_OK)
		e = db_text(db, &phone, err, "SELECT phone FROM participant WHERE id = ?", "t",
			    s->participant_id);
	if (e == SENDA_OK && *phone && strcmp(was, phone) != 0) {
		e = db_exec(db, err, "UPDATE participant SET phone_bad = phone, updated_at = ?2,"
			    " updated_by = ?3 WHERE id = ?1", "ttt", s->participant_id, clock,
			    db_actor_id(db));
		if (e == SENDA_OK)
			e = changelog_add(db, "participant", s->participant_id, "phone_bad",
					  *was ? was : NULL, phone, clock, err);
	}
	free(was);
	free(phone);
	return e;
}

static senda_err
record_in_tx(senda_db *db, const char *id, enum call_outcome o, const call_answers *a,
	     sdate today, const char *called, call_done *out, senda_error *err)
{
	struct call_state s = { 0 };
	senda_err e = load_state(db, id, &s, err);
	if (e != SENDA_OK)
		return e;
	char day[11], cb_day[11], cb_at[6], now[21], clock[HLC_LEN], aid[UUID_LEN];
	date_to_iso(today, day);
	if (o == CALL_CALLBACK &&
	    (e = parse_callback(a->callback_at, today, cb_day, cb_at, err)) != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) != SENDA_OK)
		return e;
	clock_timestamp(now);
	uuid_new(aid);
	const char *who = db_actor_id(db);
	char job[UUID_LEN] = "";
	/* Her wage and hours now are the job's only while she works there: a
	 * wage at a job she left is not a raise there. */
	if (o == CALL_REACHED && a->still_working != 0 && (a->wage_cents >= 0 || a->hours_week >= 0) &&
	    (e = job_of_call(db, &s, job, err)) != SENDA_OK)
		return e;
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO call_attempt (id, site_id, created_at,"
				      " updated_at, updated_by, followup_id, called_at, outcome, note,"
				      " caller, still_working, hours_week, wage_cents, got_raise,"
				      " in_training, needs, callback_at, placement_id) VALUES (?1, ?2,"
				      " ?3, ?4, ?5, ?6, ?17, ?7, ?8, ?5, ?9, ?10, ?11, ?12, ?13, ?14,"
				      " ?15, ?16)", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind_from(db, st, err, 1, "ttttttt", aid, db_site_id(db), now, clock, who, id,
			      call_outcome_code(o))) != SENDA_OK ||
	    (e = db_bind_from(db, st, err, 17, "t", called && *called ? called : now)) != SENDA_OK ||
	    (e = db_bind_from(db, st, err, 8, "t", a->note ? a->note : "")) != SENDA_OK)
		return e;
	int nums[] = { a->still_working, a->hours_week };
	for (int i = 0; i < 2 && e == SENDA_OK; i++)
		e = nums[i] < 0 ? db_bind_from(db, st, err, 9 + i, "n")
				: db_bind_from(db, st, err, 9 + i, "i", nums[i]);
	if (e == SENDA_OK)
		e = a->wage_cents < 0 ? db_bind_from(db, st, err, 11, "n")
				      : db_bind_from(db, st, err, 11, "I", a->wage_cents);
	int more[] = { a->got_raise, a->in_training };
	for (int i = 0; i < 2 && e == SENDA_OK; i++)
		e = more[i] < 0 ? db_bind_from(db, st, err, 12 + i, "n")
				: db_bind_from(db, st, err, 12 + i, "i", more[i]);
	if (e == SENDA_OK)
		e = db_bind_from(db, st, err, 14, "ttt", a->needs ? a->needs : "",
				 o == CALL_CALLBACK ? a->callback_at : "", job);
	if (e != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, err);
	if (e == SENDA_OK)
		e = changelog_add(db, "call_attempt", aid, "", NULL, NULL, clock, err);
	if (e != SENDA_OK)
		return e;

	const char *result = "";
	const char *next_at = "";
	char next_day[11] = "";
	switch (o) {
	case CALL_REACHED: result = "reached"; break;
	case CALL_WRONG_NUMBER: result = "wrong_number"; break;
	case CALL_DISCONNECTED: result = "disconnected"; break;
	case CALL_REFUSED: result = "refused"; break;
	case CALL_DO_NOT_CALL: result = "do_not_call"; break;
	case CALL_NO_ANSWER:
	case CALL_VOICEMAIL:
		if (s.attempts + 1 >= s.max_attempts)
			result = "unreachable";
		else {
			date_to_iso(date_from_days(date_to_days(today) + 1), next_day);
			next_at = next_slot(s.call_at);
		}
		break;
	case CALL_CALLBACK:
		memcpy(next_day, cb_day, sizeof next_day);
		next_at = cb_at;
		break;
	default:
		return senda_fail(err, SENDA_E_CHOICE, NULL, NULL);
	}
	if (*result)
		e = db_exec(db, err, "UPDATE followup SET status = 'done', result = ?2,"
			    " updated_at = ?3, updated_by = ?4 WHERE id = ?1", "tttt", id, result, clock,
			    who);
	else
		/* Still open: the next try, and hers now (the list's "mine"). */
		e = db_exec(db, err, "UPDATE followup SET due_on = ?2, call_at = ?3,"
			    " assigned_to = ?4, updated_at = ?5, updated_by = ?4 WHERE id = ?1",
			    "ttttt", id, next_day, next_at, who, clock);
	if (e == SENDA_OK && o == CALL_DO_NOT_CALL)
		e = do_not_call(db, &s, clock, err);
	if (e == SENDA_OK && (o == CALL_WRONG_NUMBER || o == CALL_DISCONNECTED))
		e = phone_bad(db, &s, clock, err);
	if (e == SENDA_OK && *job && a->wage_cents >= 0)
		e = update_job(db, job, "wage_cents", a->wage_cents, clock, err);
	if (e == SENDA_OK && *job && a->hours_week >= 0)
		e = update_job(db, job, "hours_week", a->hours_week, clock, err);
	if (e == SENDA_OK && out) {
		memset(out, 0, sizeof *out);
		snprintf(out->result, sizeof out->result, "%s", result);
		snprintf(out->next_due, sizeof out->next_due, "%s", next_day);
		snprintf(out->next_at, sizeof out->next_at, "%s", next_at);
		snprintf(out->placement_id, sizeof out->placement_id, "%s", job);
	}
	return e;
}

/* A call is made on its day or after: an answer before it would count
 * her employed at 90 days on the job's first day, and a no-answer's next
 * try would pull the call forward. */
senda_err
call_may_make(const call_row *c, sdate today, senda_error *err)
{
	char day[11];
	date_to_iso(today, day);
	if (strcmp(c->due_on, day) > 0)
		/* L10N: %s is the date a follow-up call is due (YYYY-MM-DD) */
		return senda_fail(err, SENDA_E_STATE, NULL, _("this call is due on %s; make it then"),
				  c->due_on);
	return SENDA_OK;
}

senda_err
call_record(senda_db *db, const char *id, enum call_outcome o, const call_answers *a,
	    call_done *out, senda_error *err)
{
	senda_err e = perm_require(db, PERM_CALLS, err);
	if (e != SENDA_OK)
		return e;
	if ((unsigned)o >= CALL__OUTCOMES)
		return senda_fail(err, SENDA_E_CHOICE, NULL, NULL);
	call_answers none;
	call_answers_init(&none);
	if (!a)
		a = &none;
	if ((e = check_answers(a, err)) != SENDA_OK)
		return e;
	sdate today = clock_today();
	/* A paper sheet entered later: the day (and time) of the call. */
	char called[21] = "";
	if (a->called_on && *a->called_on &&
	    (e = parse_called(a->called_on, &today, called, err)) != SENDA_OK)
		return e;
	/* --today (a day caught up on) and no time of the call given: the call
	 * was that day (at noon, as a date without a time), not the day the
	 * sheet is typed; its next try already counts from that day. */
	if (!called[0] && clock_today_given()) {
		char real[21], day[11];
		clock_timestamp(real);
		date_to_iso(today, day);
		if (strncmp(real, day, 10) != 0)
			snprintf(called, sizeof called, "%sT12:00:00Z", day);
	}
	call_row c;
	if ((e = calls_get(db, id, today, &c, err)) != SENDA_OK)
		return e;
	if ((e = call_may_make(&c, today, err)) != SENDA_OK) {
		call_row_free(&c);
		return e;
	}
	if ((e = db_begin(db, err)) == SENDA_OK) {
		e = record_in_tx(db, c.id, o, a, today, called, out, err);
		if (e == SENDA_OK)
			e = db_commit(db, err);
		else
			db_rollback(db);
	}
	call_row_free(&c);
	return e;
}

/* ---- retention --------------------------------------------------------- */

senda_err
calls_retention(senda_db *db, const char *participant_id, const char *placement_id,
		retention *out, senda_error *err)
{
	for (int i = 0; i < RET__COUNT; i++)
		out->employed[i] = -1;
	out->intake_wage = out->latest_wage = -1;
	senda_err e = perm_require(db, PERM_PLACEMENT, err);
	if (e != SENDA_OK)
		return e;
	/* Employed: as she said (still working there, yes or no); not asked,
	 * a wage or hours said on the call mean she works (the call took
	 * that wage into the job as hers now). */
	static const char sql[] = "SELECT coalesce(r.kind, ''), coalesce(r.amount, 0),"
		" CASE WHEN a.still_working IS NOT NULL THEN a.still_working"
		"  WHEN a.wage_cents > 0 OR a.hours_week > 0 THEN 1 END FROM followup f JOIN call_rule r ON r.id = f.rule_id"
		" JOIN call_attempt a ON a.followup_id = f.id AND a.deleted = 0"
		"  AND a.outcome = 'reached'"
		" WHERE f.participant_id = ?1 AND f.deleted = 0"
		" AND (r.kind = 'exit' OR (r.kind = 'job' AND (?2 IS NULL OR f.anchor = ?2)))"
		" ORDER BY a.called_at, a.id";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "tt", participant_id, placement_id)) != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		int amount = sqlite3_column_int(st, 1), slot = -1;
		if (kind && strcmp(kind, "job") == 0)
			slot = amount == 30 ? RET_JOB30 : amount == 60 ? RET_JOB60
			     : amount == 90 ? RET_JOB90 : -1;
		else if (kind && strcmp(kind, "exit") == 0)
			slot = amount == 2 ? RET_Q2 : amount == 4 ? RET_Q4 : -1;
		if (slot >= 0)
			out->employed[slot] = sqlite3_column_type(st, 2) == SQLITE_NULL
				? -1 : sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, err);
	if ((e = db_int(db, &out->intake_wage, err, "SELECT coalesce(wage_cents, -1) FROM participant"
			" WHERE id = ?", "t", participant_id)) != SENDA_OK)
		return e;
	if (placement_id)
		e = db_int(db, &out->latest_wage, err, "SELECT coalesce(wage_cents, -1) FROM placement"
			   " WHERE id = ?", "t", placement_id);
	else
		e = db_int(db, &out->latest_wage, err, "SELECT coalesce((SELECT wage_cents FROM"
			   " placement WHERE participant_id = ? AND deleted = 0 ORDER BY start_date"
			   " DESC, created_at DESC LIMIT 1), -1)", "t", participant_id);
	return e;
}

static const char *
yes_no_unknown(int v)
{
	/* L10N: an answer of retention: employed or not, or nobody knows yet */
	return v == 1 ? _("yes") : v == 0 ? _("no") : _("unknown");
}

char *
retention_text(const retention *r, int part)
{
	if (part == 0)
		/* L10N: retention of a job: employed 30, 60 and 90 days after it
		 * started; each %s is yes, no or unknown */
		return xasprintf(_("Employed at 30, 60, 90 days: %s, %s, %s"),
				 yes_no_unknown(r->employed[RET_JOB30]),
				 yes_no_unknown(r->employed[RET_JOB60]),
				 yes_no_unknown(r->employed[RET_JOB90]));
	/* L10N: retention: employed in the 2nd and the 4th quarter after the
	 * person left the program; each %s is yes, no or unknown */
	return xasprintf(_("Employed in quarter 2, 4 after exit: %s, %s"),
			 yes_no_unknown(r->employed[RET_Q2]), yes_no_unknown(r->employed[RET_Q4]));
}
