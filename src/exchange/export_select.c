/* senda — what an export sends: its destination (a known site, by name or
 * id, or a kind of site) and whether that site is of this organization,
 * the rows that changed since the last export there (in temp.xc_touch),
 * the people without consent to share left out unless it is; and this
 * site's own profile (kind, organization), which says where it belongs.
 * export.c writes the bundle. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/stmt.h"
#include "exchange/export.h"
#include "senda/clock.h"
#include "senda/exchange.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/perm.h"

static bool
is_kind(const char *s)
{
	static const char *const kinds[] = { "community", "college", "hub", "other" };
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(s, kinds[i]) == 0)
			return true;
	return false;
}

/* The destination: a known site (by name or id: recorded by its id) or a
 * kind ("kind:hub"); NULL is "any". same_org: a known site of this
 * organization. */
senda_err
destination(senda_db *db, const char *to, char *dest, size_t n, bool *same_org,
	    senda_error *err)
{
	*same_org = false;
	if (!to || !*to) {
		snprintf(dest, n, "any");
		return SENDA_OK;
	}
	char *id = NULL;
	senda_err e = db_text(db, &id, err,
		"SELECT id FROM site WHERE deleted = 0 AND (id = ?1 OR name = ?1)"
		" ORDER BY id = ?1 DESC LIMIT 1", "t", to);
	if (e == SENDA_E_NOTFOUND) {
		if (is_kind(to)) {
			snprintf(dest, n, "kind:%s", to);
			return SENDA_OK;
		}
		return senda_fail(err, SENDA_E_NOTFOUND, N_("Destination"), "%s", to);
	}
	if (e != SENDA_OK)
		return e;
	snprintf(dest, n, "%s", id);
	int64_t same = 0;
	e = db_int(db, &same, err,
		"SELECT count(*) FROM site_org a JOIN site_org b ON a.organization = b.organization"
		" WHERE a.id = ? AND b.id = ? AND a.organization <> '' AND a.deleted = 0"
		" AND b.deleted = 0", "tt", db_site_id(db), id);
	*same_org = e == SENDA_OK && (same > 0 || strcmp(id, db_site_id(db)) == 0);
	free(id);
	return e;
}

/* The rows to send, in temp.xc_touch; people without consent left out
 * (counted in *left) unless same_org. *all: every row of the log goes
 * (a full export from which nobody is left out): temp.xc_touch is not
 * made, the entries are read from the log itself. */
senda_err
select_rows(senda_db *db, int64_t since, const char *dest_site, bool same_org, int64_t *left,
	    bool *all, senda_error *err)
{
	*left = 0;
	*all = false;
	if (since == 0 && !*dest_site) {
		int64_t some_out = 0;
		senda_err e = same_org ? SENDA_OK : db_int(db, &some_out, err,
			"SELECT EXISTS (SELECT 1 FROM participant WHERE consent_share <> 1)", NULL);
		if (e != SENDA_OK)
			return e;
		if (!some_out) {
			*all = true;
			return SENDA_OK;
		}
	}
	static const char *const setup[] = {
		"CREATE TEMP TABLE IF NOT EXISTS xc_touch (tbl TEXT NOT NULL, row_id TEXT NOT NULL,"
		" PRIMARY KEY (tbl, row_id)) WITHOUT ROWID",
		"CREATE TEMP TABLE IF NOT EXISTS xc_out (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID",
		"DELETE FROM temp.xc_touch",
		"DELETE FROM temp.xc_out",
	};
	senda_err e = SENDA_OK;
	for (size_t i = 0; i < sizeof setup / sizeof setup[0] && e == SENDA_OK; i++)
		e = db_exec(db, err, setup[i], NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, "INSERT OR IGNORE INTO temp.xc_touch (tbl, row_id)"
			    " SELECT tbl, row_id FROM field_change WHERE seq > ? AND site <> ?"
			    " ORDER BY tbl, row_id", "It", since, dest_site);
	if (e != SENDA_OK || same_org)
		return e;
	/* A person who gave her consent to share since the last export: her
	 * records made before, left out then, travel now, whole (a touched
	 * row carries all its history). */
	static const char *const newly[] = {
		"CREATE TEMP TABLE IF NOT EXISTS xc_newly (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID",
		"DELETE FROM temp.xc_newly",
		"INSERT OR IGNORE INTO temp.xc_newly (id) SELECT f.row_id FROM field_change f"
		" JOIN participant p ON p.id = f.row_id WHERE f.tbl = 'participant'"
		" AND f.field = 'consent_share' AND f.seq > ?1 AND p.consent_share = 1",
		"INSERT OR IGNORE INTO temp.xc_touch (tbl, row_id) SELECT 'screening', id"
		" FROM screening WHERE participant_id IN (SELECT id FROM temp.xc_newly)",
		"INSERT OR IGNORE INTO temp.xc_touch (tbl, row_id) SELECT 'referral', id"
		" FROM referral WHERE participant_id IN (SELECT id FROM temp.xc_newly)",
		"INSERT OR IGNORE INTO temp.xc_touch (tbl, row_id) SELECT 'referral_status', x.id"
		" FROM referral_status x JOIN referral r ON r.id = x.referral_id"
		" WHERE r.participant_id IN (SELECT id FROM temp.xc_newly)",
		"INSERT OR IGNORE INTO temp.xc_touch (tbl, row_id) SELECT 'placement', id"
		" FROM placement WHERE participant_id IN (SELECT id FROM temp.xc_newly)",
		"INSERT OR IGNORE INTO temp.xc_touch (tbl, row_id) SELECT 'followup', id"
		" FROM followup WHERE participant_id IN (SELECT id FROM temp.xc_newly)",
		"INSERT OR IGNORE INTO temp.xc_touch (tbl, row_id) SELECT 'call_attempt', x.id"
		" FROM call_attempt x JOIN followup f ON f.id = x.followup_id"
		" WHERE f.participant_id IN (SELECT id FROM temp.xc_newly)",
		"INSERT OR IGNORE INTO temp.xc_touch (tbl, row_id) SELECT 'dedupe_distinct', id"
		" FROM dedupe_distinct WHERE person_a IN (SELECT id FROM temp.xc_newly)"
		" OR person_b IN (SELECT id FROM temp.xc_newly)",
	};
	for (size_t i = 0; i < sizeof newly / sizeof newly[0] && e == SENDA_OK; i++)
		e = i == 2 ? db_exec(db, err, newly[i], "I", since) : db_exec(db, err, newly[i], NULL);
	if (e != SENDA_OK)
		return e;
	/* A person travels with all her records or not at all. */
	e = db_exec(db, err, "INSERT INTO temp.xc_out (id) SELECT id FROM participant"
		    " WHERE consent_share <> 1", NULL);
	if (e == SENDA_OK)
		e = db_int(db, left, err,
			"SELECT count(*) FROM temp.xc_out o WHERE"
			" EXISTS (SELECT 1 FROM temp.xc_touch t WHERE t.tbl = 'participant'"
			"  AND t.row_id = o.id)"
			" OR EXISTS (SELECT 1 FROM screening s JOIN temp.xc_touch t ON t.tbl ="
			"  'screening' AND t.row_id = s.id WHERE s.participant_id = o.id)"
			" OR EXISTS (SELECT 1 FROM referral r JOIN temp.xc_touch t ON t.tbl ="
			"  'referral' AND t.row_id = r.id WHERE r.participant_id = o.id)"
			" OR EXISTS (SELECT 1 FROM referral r JOIN referral_status x ON"
			"  x.referral_id = r.id JOIN temp.xc_touch t ON t.tbl = 'referral_status'"
			"  AND t.row_id = x.id WHERE r.participant_id = o.id)"
			" OR EXISTS (SELECT 1 FROM placement s JOIN temp.xc_touch t ON t.tbl ="
			"  'placement' AND t.row_id = s.id WHERE s.participant_id = o.id)"
			" OR EXISTS (SELECT 1 FROM followup s JOIN temp.xc_touch t ON t.tbl ="
			"  'followup' AND t.row_id = s.id WHERE s.participant_id = o.id)"
			" OR EXISTS (SELECT 1 FROM followup f JOIN call_attempt x ON"
			"  x.followup_id = f.id JOIN temp.xc_touch t ON t.tbl = 'call_attempt'"
			"  AND t.row_id = x.id WHERE f.participant_id = o.id)", NULL);
	static const char *const drop[] = {
		"DELETE FROM temp.xc_touch WHERE tbl = 'participant' AND row_id IN"
		" (SELECT id FROM temp.xc_out)",
		"DELETE FROM temp.xc_touch WHERE tbl = 'screening' AND row_id IN"
		" (SELECT id FROM screening WHERE participant_id IN (SELECT id FROM temp.xc_out))",
		"DELETE FROM temp.xc_touch WHERE tbl = 'referral' AND row_id IN"
		" (SELECT id FROM referral WHERE participant_id IN (SELECT id FROM temp.xc_out))",
		"DELETE FROM temp.xc_touch WHERE tbl = 'referral_status' AND row_id IN"
		" (SELECT x.id FROM referral_status x JOIN referral r ON r.id = x.referral_id"
		"  WHERE r.participant_id IN (SELECT id FROM temp.xc_out))",
		"DELETE FROM temp.xc_touch WHERE tbl = 'placement' AND row_id IN"
		" (SELECT id FROM placement WHERE participant_id IN (SELECT id FROM temp.xc_out))",
		"DELETE FROM temp.xc_touch WHERE tbl = 'followup' AND row_id IN"
		" (SELECT id FROM followup WHERE participant_id IN (SELECT id FROM temp.xc_out))",
		"DELETE FROM temp.xc_touch WHERE tbl = 'call_attempt' AND row_id IN"
		" (SELECT x.id FROM call_attempt x JOIN followup f ON f.id = x.followup_id"
		"  WHERE f.participant_id IN (SELECT id FROM temp.xc_out))",
		/* a "different people" decision names both: it goes with both only */
		"DELETE FROM temp.xc_touch WHERE tbl = 'dedupe_distinct' AND row_id IN"
		" (SELECT id FROM dedupe_distinct WHERE person_a IN (SELECT id FROM temp.xc_out)"
		"  OR person_b IN (SELECT id FROM temp.xc_out))",
	};
	for (size_t i = 0; i < sizeof drop / sizeof drop[0] && e == SENDA_OK; i++)
		e = db_exec(db, err, drop[i], NULL);
	return e;
}

senda_err
xc_site_profile(senda_db *db, const char *kind, const char *org, senda_error *err)
{
	PERM_CHECK(db, PERM_ADMIN, err);
	if (!db_site_id(db)[0])
		return senda_fail(err, SENDA_E_NOTINIT, NULL, NULL);
	if (kind && *kind && !is_kind(kind))
		return senda_fail(err, SENDA_E_CHOICE, N_("Kind"), "%s", kind);
	char clock[HLC_LEN], now[21];
	clock_timestamp(now);
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	if ((e = db_tick(db, clock, err)) == SENDA_OK && kind && *kind)
		e = db_exec(db, err, "UPDATE site SET kind = ?, updated_at = ?, updated_by = ?"
			    " WHERE id = ? AND kind <> ?1", "tttt", kind, clock, db_actor_id(db),
			    db_site_id(db));
	if (e == SENDA_OK && org && *org)
		e = db_exec(db, err,
			"INSERT INTO site_org (id, site_id, created_at, updated_at, updated_by,"
			" organization) VALUES (?1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE"
			" SET organization = excluded.organization, updated_at = excluded.updated_at,"
			" updated_by = excluded.updated_by WHERE organization <> excluded.organization",
			"ttttt", db_site_id(db), now, clock, db_actor_id(db), org);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
xc_destination_same_org(senda_db *db, const char *to, bool *same_org, senda_error *err)
{
	char dest[128];
	return destination(db, to, dest, sizeof dest, same_org, err);
}
