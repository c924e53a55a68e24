/* senda — what a merge left for a person: conflicts to review and changes
 * held back; keeping the winner or taking the other value. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/stmt.h"
#include "exchange/tables.h"
#include "senda/changelog.h"
#include "senda/exchange.h"
#include "senda/field.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/partner.h"
#include "senda/review.h"
#include "senda/perm.h"

senda_err
xc_review_counts(senda_db *db, int64_t *conflicts, int64_t *held, senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	*conflicts = *held = 0;
	senda_err e = db_int(db, conflicts, err, "SELECT count(*) FROM merge_conflict"
			     " WHERE reviewed = 0 AND deleted = 0", NULL);
	if (e == SENDA_OK)
		e = db_int(db, held, err, "SELECT count(*) FROM held_change", NULL);
	if (e != SENDA_OK)
		*conflicts = *held = 0;
	return e;
}

/* The field table of a kind of record that has one here, or NULL. */
static const field_desc *
field_of(const char *tbl, const char *field)
{
	if (strcmp(tbl, "participant") == 0)
		return field_find(participant_fields, participant_nfields, field);
	if (strcmp(tbl, "partner") == 0)
		return field_find(partner_fields, partner_nfields, field);
	return NULL;
}

static char *
label_of(const char *tbl, const char *field)
{
	const field_desc *f = field_of(tbl, field);
	if (f)
		return xstrdup(_(f->label));
	if (!*field)
		/* L10N: on the conflict review screen: a change that makes a new record */
		return xstrdup(_("(a new record)"));
	if (strcmp(field, "deleted") == 0)
		/* L10N: on the conflict review screen: the field that says a record is deleted */
		return xstrdup(_("Deleted"));
	if (strcmp(field, "status") == 0)
		return xstrdup(_("Status"));
	if (strcmp(field, "name") == 0)
		return xstrdup(_("Name"));
	return xstrdup(field);
}

static char *
shown_of(const char *tbl, const char *field, const char *stored)
{
	if (!stored)
		return xstrdup("");
	const field_desc *f = field_of(tbl, field);
	if (f)
		return field_shown(f, stored);
	if (!*field)
		return xstrdup("");
	return xstrdup(stored);
}

/* The record as people know it: a person's name, an organization's, a
 * program's, a referral's code with the person's name; a record not here is
 * named by its kind and id. *out is set on SENDA_OK; a file that cannot be
 * read is an error. */
static senda_err
record_of(senda_db *db, const char *tbl, const char *row_id, char **out, senda_error *err)
{
	static const struct {
		const char *tbl, *sql;
	} how[] = {
#define PNAME "rtrim(p.first_surname || ' ' || p.second_surname) || ', ' || p.given_names"
		{ "participant", "SELECT " PNAME " FROM participant p WHERE p.id = ?" },
		{ "partner", "SELECT name FROM partner WHERE id = ?" },
		{ "program", "SELECT g.name || ' (' || coalesce(o.name, '') || ')' FROM program g"
			     " LEFT JOIN partner o ON o.id = g.partner_id WHERE g.id = ?" },
		{ "referral", "SELECT r.code || ' · ' || " PNAME " FROM referral r"
			      " JOIN participant p ON p.id = r.participant_id WHERE r.id = ?" },
		{ "referral_status", "SELECT r.code || ' · ' || " PNAME " FROM referral_status s"
				     " JOIN referral r ON r.id = s.referral_id"
				     " JOIN participant p ON p.id = r.participant_id WHERE s.id = ?" },
		{ "screening", "SELECT " PNAME " FROM screening s JOIN participant p"
			       " ON p.id = s.participant_id WHERE s.id = ?" },
		{ "placement", "SELECT " PNAME " FROM placement s JOIN participant p"
			       " ON p.id = s.participant_id WHERE s.id = ?" },
		{ "followup", "SELECT " PNAME " FROM followup s JOIN participant p"
			      " ON p.id = s.participant_id WHERE s.id = ?" },
		{ "site", "SELECT name FROM site WHERE id = ?" },
		{ "user", "SELECT name FROM user WHERE id = ?" },
#undef PNAME
	};
	for (size_t i = 0; i < sizeof how / sizeof how[0]; i++) {
		if (strcmp(how[i].tbl, tbl) != 0)
			continue;
		senda_error e2 = { 0 };
		senda_err e = db_text(db, out, &e2, how[i].sql, "t", row_id);
		if (e == SENDA_OK)
			return SENDA_OK;
		if (e != SENDA_E_NOTFOUND) {
			*err = e2;
			return e;
		}
		break;
	}
	int t = xc_table_index(tbl);
	const char *what = t >= 0 ? _(xc_table_label((size_t)t)) : tbl;
	/* L10N: on the conflict review screen: a record not found here; %s is
	 * its kind (Participants, Referrals...) and its id */
	*out = xasprintf(_("%s, not in this file: %.8s"), what, row_id);
	return SENDA_OK;
}

struct row {
	char id[UUID_LEN];
	char *tbl, *row_id, *field, *kept, *other, *site, *reason;
	bool kept_null;
};

static char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

static void
rows_free(struct row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].tbl); free(r[i].row_id); free(r[i].field); free(r[i].kept);
		free(r[i].other); free(r[i].site); free(r[i].reason);
	}
	free(r);
}

/* Read every row of st (columns: id, tbl, row_id, field, kept, other, site,
 * reason) before anything else is asked of the file. */
static senda_err
read_rows(senda_db *db, sqlite3_stmt *st, struct row **out, size_t *n, senda_error *err)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct row *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		const unsigned char *id = sqlite3_column_text(st, 0);
		snprintf(r->id, sizeof r->id, "%s", id ? (const char *)id : "");
		r->tbl = col(st, 1);
		r->row_id = col(st, 2);
		r->field = col(st, 3);
		r->kept_null = sqlite3_column_type(st, 4) == SQLITE_NULL;
		r->kept = col(st, 4);
		r->other = col(st, 5);
		r->site = col(st, 6);
		r->reason = col(st, 7);
		if (!r->tbl || !r->row_id || !r->field) {
			free(r->tbl); free(r->row_id); free(r->field); free(r->kept);
			free(r->other); free(r->site); free(r->reason);
			(*n)--;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(db, err);
	}
	return SENDA_OK;
}

/* A creation held back carries the row as a JSON object: its name, when it
 * has one, says what it is. *out NULL when it has none. */
static senda_err
record_of_json(senda_db *db, const char *tbl, const char *json, char **out, senda_error *err)
{
	*out = NULL;
	if (!json)
		return SENDA_OK;
	char *s = NULL;
	senda_error e2 = { 0 };
	senda_err e;
	if (strcmp(tbl, "participant") == 0)
		e = db_text(db, &s, &e2, "SELECT rtrim(coalesce(json_extract(?1, '$.first_surname'), '')"
			    " || ' ' || coalesce(json_extract(?1, '$.second_surname'), '')) || ', '"
			    " || json_extract(?1, '$.given_names') WHERE json_valid(?1)", "t", json);
	else if (strcmp(tbl, "referral") == 0)
		e = db_text(db, &s, &e2, "SELECT json_extract(?1, '$.code') WHERE json_valid(?1)",
			    "t", json);
	else
		e = db_text(db, &s, &e2, "SELECT json_extract(?1, '$.name') WHERE json_valid(?1)",
			    "t", json);
	if (e == SENDA_E_NOTFOUND)
		return SENDA_OK;   /* no name in it */
	if (e != SENDA_OK) {
		*err = e2;
		return e;
	}
	*out = s;
	return SENDA_OK;
}

/* Pass one row to fn; *stop when fn says so. */
static senda_err
give(senda_db *db, const struct row *r, bool held, int (*fn)(const xc_pending *, void *),
     void *ctx, bool *stop, senda_error *err)
{
	xc_pending p = { 0 };
	p.held = held;
	snprintf(p.id, sizeof p.id, "%s", held ? "" : r->id);
	p.tbl = r->tbl;
	p.row_id = r->row_id;
	p.field = r->field;
	p.deleted = !held && strcmp(r->field, "deleted") == 0;
	senda_err e = SENDA_OK;
	if (held && !*r->field)
		e = record_of_json(db, r->tbl, r->other, &p.record, err);
	if (e == SENDA_OK && !p.record)
		e = record_of(db, r->tbl, r->row_id, &p.record, err);
	if (e != SENDA_OK)
		return e;
	p.field_label = label_of(r->tbl, p.deleted ? "deleted" : r->field);
	if (p.deleted) {
		/* An edit that came for a record deleted here: it stays deleted. */
		/* L10N: on the conflict review screen: the value kept is "the record is deleted" */
		p.kept = xstrdup(_("deleted"));
		p.other = r->other ? xstrdup(r->other) : xstrdup("");
	} else {
		p.kept = held ? xstrdup("") : shown_of(r->tbl, r->field, r->kept);
		p.other = shown_of(r->tbl, r->field, r->other);
	}
	p.other_site = r->site ? r->site : (char *)"";
	p.reason = r->reason ? r->reason : (char *)"";
	p.can_take = !held && !p.deleted;
	*stop = fn(&p, ctx) != 0;
	free(p.record);
	free(p.field_label);
	free(p.kept);
	free(p.other);
	return SENDA_OK;
}

senda_err
xc_review_list(senda_db *db, int (*fn)(const xc_pending *p, void *ctx), void *ctx,
	       senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT c.id, c.tbl, c.row_id, c.field, c.kept_value, c.other_value,"
		" coalesce(s.name, c.other_site), ''"
		" FROM merge_conflict c LEFT JOIN site s ON s.id = c.other_site"
		" WHERE c.reviewed = 0 AND c.deleted = 0 ORDER BY c.created_at, c.id", err);
	if (!st)
		return err->code;
	struct row *r;
	size_t n;
	senda_err e = read_rows(db, st, &r, &n, err);
	if (e != SENDA_OK)
		return e;
	bool stopped = false;
	for (size_t i = 0; i < n && !stopped && e == SENDA_OK; i++)
		e = give(db, &r[i], false, fn, ctx, &stopped, err);
	rows_free(r, n);
	if (stopped || e != SENDA_OK)
		return e;
	st = db_prepare(db,
		"SELECT '', h.tbl, h.row_id, h.field, NULL, h.value,"
		" coalesce(s.name, h.site), h.reason"
		" FROM held_change h LEFT JOIN site s ON s.id = h.site"
		" ORDER BY h.held_at, h.clock, h.tbl, h.row_id, h.field", err);
	if (!st)
		return err->code;
	if ((e = read_rows(db, st, &r, &n, err)) != SENDA_OK)
		return e;
	for (size_t i = 0; i < n && !stopped && e == SENDA_OK; i++)
		e = give(db, &r[i], true, fn, ctx, &stopped, err);
	rows_free(r, n);
	return e;
}

static senda_err
mark_reviewed(senda_db *db, const char *id, senda_error *err)
{
	char clock[HLC_LEN];
	senda_err e = db_tick(db, clock, err);
	if (e != SENDA_OK)
		return e;
	return db_exec(db, err, "UPDATE merge_conflict SET reviewed = 1, updated_at = ?,"
		       " updated_by = ? WHERE id = ?", "ttt", clock, db_actor_id(db), id);
}

senda_err
xc_conflict_keep(senda_db *db, const char *id, senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	int64_t n = 0;
	e = db_int(db, &n, err, "SELECT count(*) FROM merge_conflict WHERE id = ?", "t", id);
	if (e == SENDA_OK && n == 0)
		e = senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s",
			       _("that conflict is not in this file any more"));
	if (e == SENDA_OK)
		e = mark_reviewed(db, id, err);
	if (e == SENDA_OK)
		return db_commit(db, err);
	db_rollback(db);
	return e;
}

static senda_err
take_participant(senda_db *db, const char *row_id, const field_desc *f, const char *value,
		 senda_error *err)
{
	participant base, p;
	senda_err e = participant_get(db, row_id, &base, err);
	if (e != SENDA_OK)
		return e;
	if ((e = participant_get(db, row_id, &p, err)) != SENDA_OK) {
		participant_free(&base);
		return e;
	}
	field_store(f, &p, value);
	e = participant_update(db, &base, &p, NULL, err);
	participant_free(&base);
	participant_free(&p);
	return e;
}

static senda_err
take_partner(senda_db *db, const char *row_id, const field_desc *f, const char *value,
	     senda_error *err)
{
	partner base, p;
	senda_err e = partner_get(db, row_id, &base, err);
	if (e != SENDA_OK)
		return e;
	if ((e = partner_get(db, row_id, &p, err)) != SENDA_OK) {
		partner_free(&base);
		return e;
	}
	field_store(f, &p, value);
	e = partner_update(db, &base, &p, NULL, err);
	partner_free(&base);
	partner_free(&p);
	return e;
}

/* A table without a model function for one field: the column is checked
 * against the schema's travelling columns, then written with a new clock
 * (the triggers log it for the next export) and put in the change log. */
static senda_err
take_column(senda_db *db, const char *tbl, const char *row_id, const char *field,
	    const char *value, senda_error *err)
{
	xc_table_info *info = NULL;
	senda_err e = xc_table_infos(db, &info, err);
	if (e != SENDA_OK)
		return e;
	int t = xc_table_index(tbl);
	bool ok = t >= 0 && xc_table_has_field(&info[t], field) && !xc_column_local(field);
	xc_table_infos_free(info);
	if (!ok)
		return senda_fail(err, SENDA_E_STATE, NULL, "%s",
				  _("this value cannot be taken here; it stays as it is"));
	char *old = NULL;
	char *q = xasprintf("SELECT \"%s\" FROM \"%s\" WHERE id = ?", field, tbl);
	sqlite3 *h = db_sqlite(db);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, q, -1, &st, NULL) != SQLITE_OK) {
		free(q);
		return db_error(db, err);
	}
	free(q);
	sqlite3_bind_text(st, 1, row_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		old = col(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s",
				  _("that record is not in this file"));
	if (rc != SQLITE_ROW)
		return db_error(db, err);
	char clock[HLC_LEN];
	if ((e = db_tick(db, clock, err)) != SENDA_OK) {
		free(old);
		return e;
	}
	q = xasprintf("UPDATE \"%s\" SET \"%s\" = ?, updated_at = ?, updated_by = ? WHERE id = ?",
		      tbl, field);
	if (sqlite3_prepare_v2(h, q, -1, &st, NULL) != SQLITE_OK) {
		free(q);
		free(old);
		return db_error(db, err);
	}
	free(q);
	if (value)
		sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, clock, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, db_actor_id(db), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, row_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(old);
		return db_error(db, err);
	}
	e = changelog_add(db, tbl, row_id, field, old, value, clock, err);
	free(old);
	return e;
}

senda_err
xc_conflict_take(senda_db *db, const char *id, senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	sqlite3_stmt *st = db_prepare(db, "SELECT tbl, row_id, field, other_value FROM"
				      " merge_conflict WHERE id = ?", err);
	if (!st) {
		db_rollback(db);
		return err->code;
	}
	if ((e = db_bind(db, st, err, "t", id)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	int rc = sqlite3_step(st);
	char *tbl = NULL, *row_id = NULL, *field = NULL, *value = NULL;
	if (rc == SQLITE_ROW) {
		tbl = col(st, 0);
		row_id = col(st, 1);
		field = col(st, 2);
		value = col(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		e = senda_fail(err, SENDA_E_NOTFOUND, NULL, "%s",
			       _("that conflict is not in this file any more"));
	else if (rc != SQLITE_ROW || !tbl || !row_id || !field)
		e = db_error(db, err);
	else if (strcmp(field, "deleted") == 0 || !*field)
		e = senda_fail(err, SENDA_E_STATE, NULL, "%s",
			       _("the record was deleted here; the other site's edit is not "
				 "brought back"));
	if (e == SENDA_OK) {
		const field_desc *f = field_of(tbl, field);
		if (f && strcmp(tbl, "participant") == 0)
			e = take_participant(db, row_id, f, value, err);
		else if (f && strcmp(tbl, "partner") == 0)
			e = take_partner(db, row_id, f, value, err);
		else
			e = take_column(db, tbl, row_id, field, value, err);
	}
	if (e == SENDA_OK)
		e = mark_reviewed(db, id, err);
	free(tbl);
	free(row_id);
	free(field);
	free(value);
	if (e == SENDA_OK)
		return db_commit(db, err);
	db_rollback(db);
	return e;
}

senda_err
xc_record_conflicts(senda_db *db, const char *tbl, const char *row_id, xc_conflict_fn fn,
		    void *ctx, senda_error *err)
{
	PERM_CHECK(db, PERM_REVIEW, err);
	sqlite3_stmt *st = db_prepare(db,
		"SELECT id, tbl, row_id, field, kept_value, other_value, created_at,"
		" CAST(reviewed AS TEXT) FROM merge_conflict WHERE tbl = ? AND row_id = ?"
		" AND deleted = 0 ORDER BY created_at DESC, id", err);
	if (!st)
		return err->code;
	senda_err e = db_bind(db, st, err, "tt", tbl, row_id);
	if (e != SENDA_OK)
		return e;
	struct row *r;
	size_t n;
	if ((e = read_rows(db, st, &r, &n, err)) != SENDA_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		bool del = strcmp(r[i].field, "deleted") == 0;
		char *label = label_of(r[i].tbl, r[i].field);
		char *kept = del ? xstrdup(_("deleted")) : shown_of(r[i].tbl, r[i].field, r[i].kept);
		char *other = del ? xstrdup(r[i].other ? r[i].other : "")
				  : shown_of(r[i].tbl, r[i].field, r[i].other);
		int stop = fn(label, kept, other, r[i].site ? r[i].site : "",
			      r[i].reason && strcmp(r[i].reason, "1") == 0, ctx);
		free(label);
		free(kept);
		free(other);
		if (stop)
			break;
	}
	rows_free(r, n);
	return SENDA_OK;
}
