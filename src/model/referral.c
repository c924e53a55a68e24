/* senda — referrals: participant -> program, a status loop kept as history,
 * overdue flags, eligibility, and the slip the participant takes along. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/esl.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/participant.h"
#include "senda/referral.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "senda/perm.h"
#include "db/stmt.h"
#include "record_sql.h"

const char *const referral_statuses[] = {
	"referred", "contacted", "enrolled", "completed", "declined", "no_show",
	"not_completed", NULL
};

static const char *const status_labels[] = {
	/* L10N: referral status */
	N_("referred"),
	/* L10N: referral status: the partner or the participant was reached */
	N_("contacted"),
	/* L10N: referral status */
	N_("enrolled"),
	/* L10N: referral status: finished the course */
	N_("completed"),
	/* L10N: referral status: the participant said no */
	N_("declined"),
	/* L10N: referral status */
	N_("did not show"),
	/* L10N: referral status: started but did not finish */
	N_("did not complete"),
};

const struct field_choice referral_status_choices[] = {
	{ "referred", N_("referred") },
	{ "contacted", N_("contacted") },
	{ "enrolled", N_("enrolled") },
	{ "completed", N_("completed") },
	{ "declined", N_("declined") },
	{ "no_show", N_("did not show") },
	{ "not_completed", N_("did not complete") },
	{ NULL, NULL }
};

/* One line a field: column, label, type, limit, required, choices, the
 * command-line option, the CSV headers, flags. Every text is held inline
 * (FF_INLINE): refused when too long, never cut. */
#define RF(c, l, k, m, r, ch, o, en, es, fl) \
	{ #c, l, k, offsetof(referral, c), m, r, ch, o, en, es, FT_LWW, fl }
const field_desc referral_fields[] = {
	RF(referred_on, N_("Referral date"), FK_DATE, 0, true, NULL, "date", "referred_on",
	   "fecha_referencia", FF_FORM | FF_TODAY),
	RF(note, N_("Note"), FK_TEXT, REFERRAL_NOTE_MAX, false, NULL, "note", "note", "nota",
	   FF_FORM | FF_INLINE),
};
const size_t referral_nfields = sizeof referral_fields / sizeof referral_fields[0];

/* The first three are columns of referral, in this order (see REF_COLS). */
const field_desc referral_status_fields[] = {
	RF(status, N_("Status"), FK_CHOICE, 15, true, referral_status_choices, NULL, "status",
	   "estado", FF_FORM | FF_INLINE),
	RF(status_on, N_("Status date"), FK_DATE, 0, true, NULL, "date", "status_on",
	   "fecha_estado", FF_FORM | FF_TODAY),
	RF(credential, N_("Credential"), FK_TEXT, REFERRAL_CREDENTIAL_MAX, false, NULL,
	   "credential", "credential", "credencial", FF_FORM | FF_INLINE),
	RF(note, N_("Note"), FK_TEXT, REFERRAL_NOTE_MAX, false, NULL, "note", "note", "nota",
	   FF_FORM | FF_INLINE),
};
const size_t referral_status_nfields =
	sizeof referral_status_fields / sizeof referral_status_fields[0];
#define NSTATUS_COLS 3

static int
status_index(const char *code)
{
	for (int i = 0; code && referral_statuses[i]; i++)
		if (strcmp(code, referral_statuses[i]) == 0)
			return i;
	return -1;
}

const char *
referral_status_label(const char *code)
{
	int i = status_index(code);
	return i < 0 ? NULL : status_labels[i];
}

bool
referral_status_final(const char *code)
{
	int i = status_index(code);
	return i >= 3;
}

/* Which moves are ordinary (1), need a confirmation (2), or are the same
 * status (0). Rows: from; columns: to (order of referral_statuses). */
static const unsigned char moves[7][7] = {
	/*               ref con enr com dec nos ncp */
	/* referred  */ { 0,  1,  1,  2,  1,  1,  2 },
	/* contacted */ { 2,  0,  1,  2,  1,  1,  2 },
	/* enrolled  */ { 2,  2,  0,  1,  2,  2,  1 },
	/* completed */ { 2,  2,  2,  0,  2,  2,  2 },
	/* declined  */ { 2,  2,  2,  2,  0,  2,  2 },
	/* no_show   */ { 2,  2,  2,  2,  2,  0,  2 },
	/* not_compl */ { 2,  2,  2,  2,  2,  2,  0 },
};

/* ---- reading ------------------------------------------------------------ */

/* A column into a fixed field: its bytes as SQLite has them, cut (at a
 * character's start, never inside one) only if longer than the field, which
 * nothing the model writes is. One copy, no format to interpret: the list of
 * open referrals reads 157,000 rows of eleven columns at a hub. */
static void
col(char *dst, size_t n, sqlite3_stmt *st, int c)
{
	const unsigned char *s = sqlite3_column_text(st, c);
	size_t len = s ? (size_t)sqlite3_column_bytes(st, c) : 0;
	if (len >= n) {
		len = n - 1;
		while (len > 0 && (s[len] & 0xc0) == 0x80)
			len--;
	}
	if (len)
		memcpy(dst, s, len);
	dst[len] = '\0';
}

#define REF_COLS "r.id, r.participant_id, r.program_id, r.referred_on, r.referred_by," \
	" r.status, r.status_on, r.credential, r.code, coalesce(g.name, ''), coalesce(p.name, '')"

static void
read_ref(sqlite3_stmt *st, referral *r, sdate today, int overdue_days)
{
	/* Every text field is written by col; only the numbers need clearing. */
	r->days_in_status = 0;
	r->overdue = false;
	col(r->id, sizeof r->id, st, 0);
	col(r->participant_id, sizeof r->participant_id, st, 1);
	col(r->program_id, sizeof r->program_id, st, 2);
	record_read_cols(st, 3, referral_fields, 1, r);   /* referred_on */
	col(r->referred_by, sizeof r->referred_by, st, 4);
	record_read_cols(st, 5, referral_status_fields, NSTATUS_COLS, r);
	col(r->code, sizeof r->code, st, 8);
	col(r->program_name, sizeof r->program_name, st, 9);
	col(r->partner_name, sizeof r->partner_name, st, 10);
	sdate on;
	if (date_from_iso(r->status_on, &on) == DATE_OK)
		r->days_in_status = (int)(date_to_days(today) - date_to_days(on));
	/* Overdue: still waiting for an answer (referred or contacted) after the
	 * set number of days. An enrolled person is on a course that may last
	 * weeks: no news there is not late. */
	r->overdue = (strcmp(r->status, "referred") == 0 || strcmp(r->status, "contacted") == 0) &&
		     r->days_in_status > overdue_days;
}

senda_err
referral_overdue_days(senda_db *db, int *days, senda_error *err)
{
	char *v = NULL;
	senda_err e = db_setting(db, "referral_overdue_days", &v, err);
	int n = e == SENDA_OK ? atoi(v) : 14;
	free(v);
	*days = n > 0 ? n : 14;
	/* Never set: the default. A file that cannot be read: its error. */
	return e == SENDA_E_NOTFOUND ? SENDA_OK : e;
}

senda_err
referral_set_overdue_days(senda_db *db, int days, senda_error *err)
{
	PERM_CHECK(db, PERM_ADMIN, err);
	if (days < 1 || days > 365)
		return senda_fail(err, SENDA_E_RANGE, N_("Days"), "1–365");
	char buf[16];
	snprintf(buf, sizeof buf, "%d", days);
	return db_set_setting(db, "referral_overdue_days", buf, err);
}

senda_err
referral_get(senda_db *db, const char *id, referral *out, senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	char key[UUID_LEN];
	if (!uuid_prefix_key(id, key))
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT " REF_COLS " FROM referral r"
		" LEFT JOIN program g ON g.id = r.program_id"
		" LEFT JOIN partner p ON p.id = g.partner_id"
		" WHERE r.deleted = 0 AND ((r.id >= ?1 AND r.id < ?1 || '~') OR r.code = upper(?2))"
		" LIMIT 2", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	int days = 14;
	senda_err e = referral_overdue_days(db, &days, err);
	if (e == SENDA_OK)
		e = db_bind(db, st, err, "tt", key, id);
	if (e != SENDA_OK)
		return e;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		e = rc == SQLITE_DONE ? senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id)
				      : db_error(db, err);
		sqlite3_reset(st);
		return e;
	}
	read_ref(st, out, clock_today(), days);
	rc = sqlite3_step(st);
	e = rc == SQLITE_ROW ? senda_fail(err, SENDA_E_AMBIGUOUS, NULL, "%s", id)
		: rc != SQLITE_DONE ? db_error(db, err) : SENDA_OK;
	sqlite3_reset(st);
	return e;
}

/* Step st to its end (or until fn says stop), one referral at a time. */
static senda_err
each_ref(senda_db *db, sqlite3_stmt *st, sdate today, int days, referral_fn fn, void *ctx,
	 senda_error *err)
{
	referral r;
	memset(&r, 0, sizeof r);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_ref(st, &r, today, days);
		if (fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
referral_list(senda_db *db, const char *participant_id, referral_fn fn, void *ctx,
	      senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	sqlite3_stmt *st;
	sdate today = clock_today();
	int days = 14;
	/* Read the setting before stepping: it shares the connection. */
	senda_err e = referral_overdue_days(db, &days, err);
	if (e != SENDA_OK)
		return e;
	if (participant_id) {
		st = db_prepare(db, "SELECT " REF_COLS " FROM referral r"
			" LEFT JOIN program g ON g.id = r.program_id"
			" LEFT JOIN partner p ON p.id = g.partner_id"
			" WHERE r.participant_id = ? AND r.deleted = 0"
			" ORDER BY r.referred_on DESC, r.created_at DESC", err);
		if (st && (e = db_bind(db, st, err, "t", participant_id)) != SENDA_OK)
			return e;
	} else {
		return referral_open_page(db, NULL, 0, fn, ctx, err);
	}
	if (!st)
		return err ? err->code : SENDA_E_DB;
	return each_ref(db, st, today, days, fn, ctx, err);
}

void
referral_pos_free(referral_pos *pos)
{
	free(pos->status_on);
	free(pos->created_at);
	pos->status_on = pos->created_at = NULL;
	pos->id[0] = '\0';
}

senda_err
referral_pos_of(senda_db *db, const char *id, referral_pos *pos, senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	char *on = NULL, *created = NULL;
	senda_err e = db_text(db, &on, err, "SELECT status_on FROM referral WHERE id = ?", "t", id);
	if (e == SENDA_OK)
		e = db_text(db, &created, err, "SELECT created_at FROM referral WHERE id = ?", "t",
			    id);
	if (e != SENDA_OK) {
		free(on);
		return e == SENDA_E_NOTFOUND ? senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s", id) : e;
	}
	referral_pos_free(pos);
	pos->status_on = on;
	pos->created_at = created;
	snprintf(pos->id, sizeof pos->id, "%s", id);
	return SENDA_OK;
}

senda_err
referral_open_page(senda_db *db, const char *after_id, int limit, referral_fn fn, void *ctx,
		   senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	if (!after_id)
		return referral_open_page_pos(db, NULL, limit, NULL, fn, ctx, err);
	/* The referral to start after, where it stands now (it may have
	 * closed since). */
	referral_pos at = { 0 };
	senda_err e = referral_pos_of(db, after_id, &at, err);
	if (e == SENDA_OK)
		e = referral_open_page_pos(db, &at, limit, NULL, fn, ctx, err);
	referral_pos_free(&at);
	return e;
}

/* Read as each_ref, the position (the columns after REF_COLS) into *cur
 * before each row is handed over. */
static senda_err
each_ref_pos(senda_db *db, sqlite3_stmt *st, sdate today, int days, referral_pos *cur,
	     referral_fn fn, void *ctx, senda_error *err)
{
	referral r;
	memset(&r, 0, sizeof r);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_ref(st, &r, today, days);
		if (cur) {
			const char *on = (const char *)sqlite3_column_text(st, 11);
			const char *created = (const char *)sqlite3_column_text(st, 12);
			free(cur->status_on);
			free(cur->created_at);
			cur->status_on = xstrdup(on ? on : "");
			cur->created_at = xstrdup(created ? created : "");
			memcpy(cur->id, r.id, UUID_LEN);
		}
		if (fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

senda_err
referral_open_page_pos(senda_db *db, const referral_pos *after, int limit, referral_pos *cur,
		       referral_fn fn, void *ctx, senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	sdate today = clock_today();
	int days = 14;
	senda_err e = referral_overdue_days(db, &days, err);
	if (e != SENDA_OK)
		return e;
	/* The open ones in the order of their index, read as it goes: no sort,
	 * nothing held but the row at hand. The planner would rather take
	 * referral_by_status (three equal statuses) and sort all 157,000 rows
	 * at a hub: INDEXED BY says which index (schema 3 makes it). The
	 * position to start after is bound as values, so that the index is
	 * entered there whether or not that referral is still open. */
#define OPEN_PAGE "SELECT " REF_COLS ", r.status_on, r.created_at" \
	" FROM referral r INDEXED BY referral_open_by_day" \
	" LEFT JOIN program g ON g.id = r.program_id" \
	" LEFT JOIN partner p ON p.id = g.partner_id" \
	" WHERE r.deleted = 0 AND r.status IN ('referred', 'contacted', 'enrolled')"
	bool from = after && after->status_on && after->created_at;
	sqlite3_stmt *st = db_prepare(db, from
		? OPEN_PAGE " AND (r.status_on, r.created_at, r.id) > (?1, ?2, ?3)"
		  " ORDER BY r.status_on, r.created_at, r.id LIMIT ?4"
		: OPEN_PAGE " ORDER BY r.status_on, r.created_at, r.id LIMIT ?4", err);
#undef OPEN_PAGE
	if (!st)
		return err ? err->code : SENDA_E_DB;
	if ((e = db_bind(db, st, err, "ttti", from ? after->status_on : "",
			 from ? after->created_at : "", from ? after->id : "",
			 limit > 0 ? limit : -1)) != SENDA_OK)
		return e;
	return each_ref_pos(db, st, today, days, cur, fn, ctx, err);
}

senda_err
referral_history(senda_db *db, const char *referral_id, referral_change_fn fn, void *ctx,
		 senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT s.status, s.changed_on, s.note, coalesce(u.name, s.changed_by)"
		" FROM referral_status s LEFT JOIN user u ON u.id = s.changed_by"
		" WHERE s.referral_id = ? AND s.deleted = 0 ORDER BY s.changed_on, s.updated_at", err);
	if (!st)
		return err ? err->code : SENDA_E_DB;
	senda_err e = db_bind(db, st, err, "t", referral_id);
	if (e != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		referral_change c = {
			(const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
		};
		if (fn(&c, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}

/* A count the schema keeps (schema/003_kept_counts.sql): without its
 * row the file is damaged, never "0". */
static senda_err
kept_count(senda_db *db, const char *name, int64_t *out, senda_error *err)
{
	senda_err e = db_int(db, out, err, "SELECT n FROM tally WHERE name = ?", "t", name);
	return e == SENDA_E_NOTFOUND
		? senda_fail(err, SENDA_E_CORRUPT, NULL, "no %s tally", name) : e;
}

senda_err
referral_open_count(senda_db *db, int64_t *out, senda_error *err)
{
	*out = 0;
	return kept_count(db, "referral_open", out, err);
}

senda_err
referral_waiting_count(senda_db *db, int64_t *out, senda_error *err)
{
	*out = 0;
	return kept_count(db, "referral_waiting", out, err);
}

senda_err
referral_overdue_count(senda_db *db, int64_t *out, senda_error *err)
{
	char cutoff[11];
	int days = 14;
	int64_t waiting = 0, recent = 0;
	*out = 0;
	senda_err e = referral_overdue_days(db, &days, err);
	if (e != SENDA_OK)
		return e;
	date_to_iso(date_from_days(date_to_days(clock_today()) - days), cutoff);
	/* Overdue: waiting, last changed before the cutoff. The waiting ones
	 * less those changed since: at most `days` rows read, whatever the size
	 * of the file. */
	if ((e = kept_count(db, "referral_waiting", &waiting, err)) != SENDA_OK ||
	    (e = db_int(db, &recent, err, "SELECT coalesce(sum(n), 0) FROM tally_day"
			" WHERE name = 'referral_waiting' AND day >= ?", "t", cutoff)) != SENDA_OK)
		return e;
	*out = waiting - recent;
	return SENDA_OK;
}

/* ---- writing ------------------------------------------------------------ */

/* R- and six Crockford base-32 characters from 30 bits of the id's end. */
static void
make_code(const char *id, char code[16])
{
	static const char digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	/* From the id's last 8 hex digits, random in any version (the first
	 * ones of a version-7 id are its time, shared by ids made together). */
	const char *t = uuid_short(id);
	unsigned long v = strtoul((char[9]){ t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], 0 },
				  NULL, 16) >> 2;
	strcpy(code, "R-");
	for (int i = 5; i >= 0; i--) {
		code[2 + i] = digits[v & 31];
		v >>= 5;
	}
	code[8] = '\0';
}

static senda_err
add_status_row(senda_db *db, const char *ref_id, const char *status, const char *on,
	       const char *note, const char *clock, const char *now, senda_error *err)
{
	char id[UUID_LEN];
	uuid_new(id);
	return db_exec(db, err,
		       "INSERT INTO referral_status (id, site_id, created_at, updated_at, updated_by,"
		       " referral_id, status, changed_on, note, changed_by)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "tttttttttt",
		       id, db_site_id(db), now, clock, db_actor_id(db), ref_id, status, on,
		       note ? note : "", db_actor_id(db));
}

/* A note typed for a referral or a status change, into r->note by its
 * field (checked there: refused when too long, never cut). */
static senda_err
take_note(referral *r, const char *note, senda_error *err)
{
	const field_desc *f = &referral_fields[1];
	senda_err e = field_parse(f, r, note, err);
	return e == SENDA_OK ? field_check(f, r, err) : e;
}

static senda_err
check_day(const char *iso, const char *label, sdate *out, senda_error *err)
{
	switch (date_from_iso(iso, out)) {
	case DATE_OK: break;
	case DATE_INVALID: return senda_fail(err, SENDA_E_DATE_INVALID, label, NULL);
	default: return senda_fail(err, SENDA_E_DATE, label, "%s", iso);
	}
	if (date_cmp(*out, clock_today()) > 0)
		return senda_fail(err, SENDA_E_FUTURE, label, NULL);
	return SENDA_OK;
}

/* The person agreed just now to share their information: recorded as an
 * edit of the record (dated today, in the history); participant_update is
 * a transaction of its own, nested in the caller's when there is one. */
static senda_err
record_consent(senda_db *db, const char *participant_id, senda_error *err)
{
	participant base, p;
	senda_err e = participant_get(db, participant_id, &base, err);
	if (e != SENDA_OK)
		return e;
	participant_copy(&p, &base);
	p.consent_share = 1;
	e = participant_update(db, &base, &p, NULL, err);
	participant_free(&p);
	participant_free(&base);
	return e;
}

senda_err
referral_record_consent(senda_db *db, const char *referral_id, senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	referral r;
	senda_err e = referral_get(db, referral_id, &r, err);
	return e == SENDA_OK ? record_consent(db, r.participant_id, err) : e;
}

senda_err
referral_create(senda_db *db, referral *r, const char *note, int flags, senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	participant p;
	program g;
	senda_err e = participant_get(db, r->participant_id, &p, err);
	if (e != SENDA_OK)
		return e;
	snprintf(r->participant_id, sizeof r->participant_id, "%s", p.id);
	char birth[11];
	snprintf(birth, sizeof birth, "%s", p.birth_date);
	bool consented = p.consent_share == 1;
	participant_free(&p);
	if (!consented && !(flags & REFER_CONSENT_GIVEN))
		return senda_fail(err, SENDA_E_CONSENT, N_("Consent to share with partners"), "%s",
				  _("ask them first; record their consent only if they agree"));
	if ((e = program_get(db, r->program_id, &g, err)) != SENDA_OK)
		return e;
	snprintf(r->program_id, sizeof r->program_id, "%s", g.id);
	snprintf(r->program_name, sizeof r->program_name, "%s", g.name);
	snprintf(r->partner_name, sizeof r->partner_name, "%s", g.partner_name ? g.partner_name : "");
	program_free(&g);
	if (!*r->referred_on)
		date_to_iso(clock_today(), r->referred_on);
	sdate on;
	if ((e = field_check(&referral_fields[0], r, err)) != SENDA_OK ||
	    (e = check_day(r->referred_on, N_("Referral date"), &on, err)) != SENDA_OK)
		return e;
	if (*birth && strcmp(r->referred_on, birth) < 0)
		return senda_fail(err, SENDA_E_TOOOLD, N_("Referral date"), "%s",
				  _("before the person was born"));
	if (note && (e = take_note(r, note, err)) != SENDA_OK)
		return e;
	if (!note && (e = field_check(&referral_fields[1], r, err)) != SENDA_OK)
		return e;
	if (!(flags & REFER_AGAIN)) {
		char *open_id = NULL;
		e = db_text(db, &open_id, err, "SELECT id FROM referral"
			    " WHERE participant_id = ? AND program_id = ? AND deleted = 0"
			    " AND status IN ('referred', 'contacted', 'enrolled')"
			    " ORDER BY referred_on DESC LIMIT 1", "tt",
			    r->participant_id, r->program_id);
		if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
			return e;
		referral open;
		if (open_id && (e = referral_get(db, open_id, &open, err)) == SENDA_OK) {
			char when[64] = "";
			sdate d;
			if (date_from_iso(open.referred_on, &d) == DATE_OK)
				date_words(d, i18n_lang(), when, sizeof when);
			/* L10N: %1$s a referral's code (R-7KQ2MX), %2$s its date in words */
			e = senda_fail(err, SENDA_E_CONFIRM, N_("Program"),
				       _("already referred to this program (%1$s, %2$s), and that "
					 "referral is still open"), open.code, when);
		}
		free(open_id);
		if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
			return e;
		e = SENDA_OK;
	}
	if (!*r->referred_by) {
		char *name = NULL;
		e = db_text(db, &name, err, "SELECT name FROM user WHERE id = ?", "t",
			    db_actor_id(db));
		if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
			return e;
		snprintf(r->referred_by, sizeof r->referred_by, "%s", name ? name : "");
		free(name);
	}
	uuid_new(r->id);
	make_code(r->id, r->code);
	snprintf(r->status, sizeof r->status, "referred");
	snprintf(r->status_on, sizeof r->status_on, "%s", r->referred_on);
	r->credential[0] = '\0';
	char now[21], clock[HLC_LEN];
	clock_timestamp(now);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) == SENDA_OK)
		e = db_exec(db, err,
			    "INSERT INTO referral (id, site_id, created_at, updated_at, updated_by,"
			    " participant_id, program_id, referred_on, referred_by, status, status_on,"
			    " credential, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'referred', ?, '', ?)",
			    "ttttttttttt", r->id, db_site_id(db), now, clock, db_actor_id(db),
			    r->participant_id, r->program_id, r->referred_on, r->referred_by,
			    r->referred_on, r->code);
	if (e == SENDA_OK && !consented)
		e = record_consent(db, r->participant_id, err);
	if (e == SENDA_OK)
		e = add_status_row(db, r->id, "referred", r->referred_on, r->note, clock, now, err);
	if (e == SENDA_OK)
		e = changelog_add(db, "referral", r->id, "", NULL, NULL, clock, err);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
referral_set_status(senda_db *db, const char *referral_id, const char *status,
		    const char *on_iso, const char *note, const char *credential,
		    bool confirmed, senda_error *err)
{
	PERM_CHECK(db, PERM_REFERRAL, err);
	referral r;
	senda_err e = referral_get(db, referral_id, &r, err);
	if (e != SENDA_OK)
		return e;
	int from = status_index(r.status), to = status_index(status);
	if (to < 0)
		return senda_fail(err, SENDA_E_CHOICE, N_("Status"), "%s", status ? status : "");
	if (from < 0)
		from = 0;
	if (moves[from][to] == 0)
		return senda_fail(err, SENDA_E_STATE, N_("Status"),
				  /* L10N: %s is a referral status */
				  _("the referral is already %s"), _(status_labels[to]));
	if (moves[from][to] == 2 && !confirmed) {
		if (referral_status_final(r.status))
			return senda_fail(err, SENDA_E_CONFIRM, N_("Status"),
					  /* L10N: %s is a referral status */
					  _("the referral was closed as %s; this reopens it"),
					  _(status_labels[from]));
		if (to == 3 || to == 6)
			return senda_fail(err, SENDA_E_CONFIRM, N_("Status"), "%s",
					  _("the participant was never enrolled"));
		return senda_fail(err, SENDA_E_CONFIRM, N_("Status"),
				  /* L10N: two referral statuses: from, to */
				  _("going back from %s to %s"), _(status_labels[from]),
				  _(status_labels[to]));
	}
	char on[11];
	if (on_iso && *on_iso)
		snprintf(on, sizeof on, "%s", on_iso);
	else
		date_to_iso(clock_today(), on);
	sdate d;
	if ((e = check_day(on, N_("Status date"), &d, err)) != SENDA_OK)
		return e;
	if (strcmp(on, r.status_on) < 0)
		return senda_fail(err, SENDA_E_TOOOLD, N_("Status date"),
				  /* L10N: %s is a date */
				  _("the last change was on %s"), r.status_on);
	/* The note and the credential by their fields: refused when too long. */
	referral step;
	memset(&step, 0, sizeof step);
	const field_desc *cf = &referral_status_fields[2];
	if ((e = take_note(&step, note, err)) != SENDA_OK ||
	    (e = field_parse(cf, &step, credential, err)) != SENDA_OK ||
	    (e = field_check(cf, &step, err)) != SENDA_OK)
		return e;
	const char *cred = step.credential;
	if (*cred && to != 3)
		return senda_fail(err, SENDA_E_STATE, N_("Credential"), "%s",
				  _("only a completed course gives a credential"));

	char now[21], clock[HLC_LEN];
	clock_timestamp(now);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) == SENDA_OK)
		e = db_exec(db, err,
			    "UPDATE referral SET status = ?, status_on = ?, credential = ?,"
			    " updated_at = ?, updated_by = ? WHERE id = ?", "tttttt",
			    status, on, cred, clock, db_actor_id(db), r.id);
	if (e == SENDA_OK)
		e = add_status_row(db, r.id, status, on, step.note, clock, now, err);
	if (e == SENDA_OK)
		e = changelog_add(db, "referral", r.id, "status", r.status, status, clock, err);
	if (e == SENDA_OK && strcmp(cred, r.credential) != 0)
		e = changelog_add(db, "referral", r.id, "credential", r.credential, cred, clock, err);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

/* ---- eligibility -------------------------------------------------------- */

static bool
has_diploma(const char *schooling)
{
	static const char *const ok[] = {
		"diploma_abroad", "hs_us", "ged", "some_college", "degree", NULL
	};
	for (int i = 0; ok[i]; i++)
		if (strcmp(schooling, ok[i]) == 0)
			return true;
	return false;
}

struct elig_item {
	program prog;
	eligibility e;
};

struct elig_collect {
	struct elig_item *items;
	size_t n;
	int level;
	bool diploma;
};

static int
elig_collect_fn(const program *g, void *ctx)
{
	struct elig_collect *c = ctx;
	c->items = xrealloc(c->items, (c->n + 1) * sizeof *c->items);
	struct elig_item *it = &c->items[c->n++];
	/* Keep a deep copy: the callback's program goes away. */
	program_init(&it->prog);
	memcpy(it->prog.id, g->id, sizeof g->id);
	memcpy(it->prog.partner_id, g->partner_id, sizeof g->partner_id);
	free(it->prog.name);
	it->prog.name = xstrdup(g->name);
	free(it->prog.kind);
	it->prog.kind = xstrdup(g->kind);
	it->prog.min_esl_level = g->min_esl_level;
	it->prog.needs_diploma = g->needs_diploma;
	free(it->prog.partner_name);
	it->prog.partner_name = xstrdup(g->partner_name ? g->partner_name : "");
	free(it->prog.credential);
	it->prog.credential = xstrdup(g->credential ? g->credential : "");
	it->e.needs_level = g->min_esl_level;
	it->e.has_level = c->level;
	it->e.needs_diploma = g->needs_diploma && !c->diploma;
	it->e.eligible = (g->min_esl_level == 0 || c->level >= g->min_esl_level) &&
			 !it->e.needs_diploma;
	return 0;
}

senda_err
eligibility_list(senda_db *db, const char *participant_id, eligibility_fn fn, void *ctx,
		 senda_error *err)
{
	PERM_CHECK(db, PERM_SCREENING, err);
	participant p;
	senda_err e = participant_get(db, participant_id, &p, err);
	if (e != SENDA_OK)
		return e;
	int level = 0;
	e = screening_current_level(db, p.id, &level, err);
	struct elig_collect c = { NULL, 0, level, has_diploma(p.schooling) };
	participant_free(&p);
	if (e != SENDA_OK)
		return e;
	e = program_list(db, NULL, elig_collect_fn, &c, err);
	for (int pass = 0; pass < 2 && e == SENDA_OK; pass++)
		for (size_t i = 0; i < c.n; i++)
			if (c.items[i].e.eligible == (pass == 0) && fn(&c.items[i].prog, &c.items[i].e, ctx))
				goto done;
done:
	for (size_t i = 0; i < c.n; i++)
		program_free(&c.items[i].prog);
	free(c.items);
	return e;
}

char *
eligibility_text(const eligibility *e, char *buf, size_t n)
{
	char level[160] = "";
	if (e->needs_level && e->has_level < e->needs_level) {
		if (e->has_level == 0)
			/* L10N: eligibility: the program's minimum ESL level */
			snprintf(level, sizeof level, _("needs level %d, not screened yet"), e->needs_level);
		else
			/* L10N: eligibility: the program's minimum ESL level, the person's level */
			snprintf(level, sizeof level, _("needs level %d, has %d"), e->needs_level,
				 e->has_level);
	}
	if (e->eligible)
		snprintf(buf, n, "%s", _("can enter now"));
	else if (*level && e->needs_diploma)
		/* L10N: two missing requirements joined */
		snprintf(buf, n, _("%s; needs a high-school diploma or GED"), level);
	else if (e->needs_diploma)
		snprintf(buf, n, "%s", _("needs a high-school diploma or GED"));
	else
		snprintf(buf, n, "%s", level);
	return buf;
}

/* ---- kinds (senda/record.h) ------------------------------------------------ */

static void referral_init_v(void *r) { memset(r, 0, sizeof(referral)); }
static void referral_release_v(void *r) { (void)r; }   /* holds no pointer */
static void referral_copy_v(void *d, const void *s) { memcpy(d, s, sizeof(referral)); }

static senda_err referral_validate_v(void *r, senda_error *err)
{
	return field_check_all(referral_fields, referral_nfields, r, err);
}
static senda_err referral_status_validate_v(void *r, senda_error *err)
{
	return field_check_all(referral_status_fields, referral_status_nfields, r, err);
}
static senda_err referral_get_v(senda_db *db, const char *id, void *o, senda_error *err)
{
	return referral_get(db, id, o, err);
}
static senda_err referral_create_v(senda_db *db, void *r, senda_error *err)
{
	return referral_create(db, r, NULL, 0, err);
}
static senda_err referral_status_write_v(senda_db *db, void *rec, senda_error *err)
{
	referral *r = rec;
	return referral_set_status(db, r->id, r->status, r->status_on, r->note, r->credential,
				   false, err);
}

const record_kind referral_kind = {
	"referral", referral_fields, sizeof referral_fields / sizeof referral_fields[0],
	sizeof(referral), referral_init_v, referral_release_v, referral_copy_v,
	referral_validate_v, referral_get_v, referral_create_v, NULL,
};
const record_kind referral_status_kind = {
	"referral", referral_status_fields,
	sizeof referral_status_fields / sizeof referral_status_fields[0], sizeof(referral),
	referral_init_v, referral_release_v, referral_copy_v, referral_status_validate_v,
	referral_get_v, NULL, referral_status_write_v,
};
