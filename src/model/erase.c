/* senda — erase a person everywhere (see senda/erase.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/stmt.h"
#include "senda/clock.h"
#include "senda/erase.h"
#include "senda/mem.h"
#include "senda/participant.h"
#include "senda/perm.h"

/* The rows of person ?1 (her record, what hangs from it, and what a merge
 * held back for her), into temp.erase_now. Every statement has the one
 * parameter. */
static const char *const gather[] = {
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id) VALUES ('participant', ?1)",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id)"
	" SELECT 'screening', id FROM screening WHERE participant_id = ?1",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id)"
	" SELECT 'referral', id FROM referral WHERE participant_id = ?1",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id)"
	" SELECT 'placement', id FROM placement WHERE participant_id = ?1",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id)"
	" SELECT 'followup', id FROM followup WHERE participant_id = ?1",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id)"
	" SELECT 'dedupe_distinct', id FROM dedupe_distinct WHERE person_a = ?1 OR person_b = ?1",
	/* Creations a merge held back (their parent had not come): hers by
	 * the person they name. */
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id) SELECT tbl, row_id FROM held_change"
	" WHERE field = '' AND tbl IN ('screening', 'referral', 'placement', 'followup')"
	" AND json_valid(value) AND json_extract(value, '$.participant_id') = ?1",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id) SELECT tbl, row_id FROM held_change"
	" WHERE field = '' AND tbl = 'dedupe_distinct' AND json_valid(value)"
	" AND ?1 IN (json_extract(value, '$.person_a'), json_extract(value, '$.person_b'))",
};

/* Then the rows hanging from those (statuses of her referrals, calls of her
 * follow-ups), here or held back; no parameter. */
static const char *const gather_children[] = {
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id) SELECT 'referral_status', x.id"
	" FROM referral_status x JOIN temp.erase_now n ON n.tbl = 'referral'"
	" AND n.row_id = x.referral_id",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id) SELECT 'call_attempt', x.id"
	" FROM call_attempt x JOIN temp.erase_now n ON n.tbl = 'followup'"
	" AND n.row_id = x.followup_id",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id) SELECT h.tbl, h.row_id"
	" FROM held_change h WHERE h.field = '' AND h.tbl = 'referral_status'"
	" AND json_valid(h.value) AND EXISTS (SELECT 1 FROM temp.erase_now n"
	" WHERE n.tbl = 'referral' AND n.row_id = json_extract(h.value, '$.referral_id'))",
	"INSERT OR IGNORE INTO temp.erase_now (tbl, row_id) SELECT h.tbl, h.row_id"
	" FROM held_change h WHERE h.field = '' AND h.tbl = 'call_attempt'"
	" AND json_valid(h.value) AND EXISTS (SELECT 1 FROM temp.erase_now n"
	" WHERE n.tbl = 'followup' AND n.row_id = json_extract(h.value, '$.followup_id'))",
};

/* Everything about those rows, then the rows, children first. */
static const char *const removal[] = {
	"DELETE FROM field_change WHERE (tbl, row_id) IN (SELECT tbl, row_id FROM temp.erase_now)",
	"DELETE FROM held_change WHERE (tbl, row_id) IN (SELECT tbl, row_id FROM temp.erase_now)",
	"DELETE FROM change_log WHERE row_id IN (SELECT row_id FROM temp.erase_now)",
	"DELETE FROM merge_conflict WHERE (tbl, row_id) IN (SELECT tbl, row_id FROM temp.erase_now)",
	"DELETE FROM call_attempt WHERE id IN (SELECT row_id FROM temp.erase_now"
	" WHERE tbl = 'call_attempt')",
	"DELETE FROM followup WHERE id IN (SELECT row_id FROM temp.erase_now WHERE tbl = 'followup')",
	"DELETE FROM referral_status WHERE id IN (SELECT row_id FROM temp.erase_now"
	" WHERE tbl = 'referral_status')",
	"DELETE FROM referral WHERE id IN (SELECT row_id FROM temp.erase_now WHERE tbl = 'referral')",
	"DELETE FROM placement WHERE id IN (SELECT row_id FROM temp.erase_now"
	" WHERE tbl = 'placement')",
	"DELETE FROM screening WHERE id IN (SELECT row_id FROM temp.erase_now"
	" WHERE tbl = 'screening')",
	"DELETE FROM dedupe_distinct WHERE id IN (SELECT row_id FROM temp.erase_now"
	" WHERE tbl = 'dedupe_distinct')",
	"DELETE FROM participant WHERE id IN (SELECT row_id FROM temp.erase_now"
	" WHERE tbl = 'participant')",
	"INSERT OR IGNORE INTO erased_row (tbl, row_id) SELECT tbl, row_id FROM temp.erase_now",
};

senda_err
erase_local(senda_db *db, const char *pid, const char *clock, int64_t *rows, senda_error *err)
{
	senda_err e = db_exec(db, err, "CREATE TEMP TABLE IF NOT EXISTS erase_now (tbl TEXT NOT NULL,"
			      " row_id TEXT NOT NULL, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID", NULL);
	if (e == SENDA_OK)
		e = db_exec(db, err, "DELETE FROM temp.erase_now", NULL);
	for (size_t i = 0; e == SENDA_OK && i < sizeof gather / sizeof gather[0]; i++)
		e = db_exec(db, err, gather[i], "t", pid);
	for (size_t i = 0; e == SENDA_OK && i < sizeof gather_children / sizeof gather_children[0];
	     i++)
		e = db_exec(db, err, gather_children[i], NULL);
	int64_t n = 0;
	/* Rows of the tables only (not the held entries, counted with them). */
	if (e == SENDA_OK)
		e = db_int(db, &n, err,
			   "SELECT (SELECT count(*) FROM participant WHERE id = ?1)"
			   " + (SELECT count(*) FROM temp.erase_now n WHERE n.tbl <> 'participant'"
			   "  AND NOT EXISTS (SELECT 1 FROM held_change h WHERE h.tbl = n.tbl"
			   "  AND h.row_id = n.row_id AND h.field = ''))", "t", pid);
	/* The name search index, by the names stored now (before they go). */
	if (e == SENDA_OK)
		e = participant_names_before(db, pid, err);
	if (e == SENDA_OK)
		e = db_exec(db, err, "DELETE FROM access_log WHERE participant_id = ?", "t", pid);
	for (size_t i = 0; e == SENDA_OK && i < sizeof removal / sizeof removal[0]; i++)
		e = db_exec(db, err, removal[i], NULL);
	/* Her other records (the same person elsewhere, linked) stay, their
	 * link to her gone. */
	if (e == SENDA_OK)
		e = db_exec(db, err, "UPDATE participant SET linked_to = NULL, updated_at = ?2,"
			    " updated_by = ?3 WHERE linked_to = ?1", "ttt", pid, clock,
			    db_actor_id(db));
	if (e == SENDA_OK)
		e = db_exec(db, err, "DELETE FROM temp.erase_now", NULL);
	if (e == SENDA_OK && rows)
		*rows += n;
	return e;
}

senda_err
erase_scrub_indexes(senda_db *db, senda_error *err)
{
	/* 'optimize' merges every segment of the index into one, leaving out
	 * what was deleted: the old segments' pages are freed, and zeroed
	 * (secure_delete). SQLite 3.40 has no 'secure-delete' option. */
	senda_err e = db_exec(db, err,
			      "INSERT INTO participant_fts (participant_fts) VALUES ('optimize')", NULL);
	int64_t stat4 = 0;
	if (e == SENDA_OK)
		e = db_int(db, &stat4, err, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
			   " AND name IN ('sqlite_stat3', 'sqlite_stat4')", NULL);
	/* The samples of ANALYZE are index keys: names, phones, dates. */
	if (e == SENDA_OK && stat4 > 0)
		e = db_exec(db, err, "ANALYZE", NULL);
	return e;
}

senda_err
erase_flush_files(senda_db *db, bool *clean, senda_error *err)
{
	*clean = false;
	if (db_depth(db) > 0 || !db_file(db)) {
		*clean = !db_file(db);   /* in memory: no file to hold anything */
		return SENDA_OK;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db_sqlite(db), "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL)
	    != SQLITE_OK)
		return db_error(db, err);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*clean = sqlite3_column_int(st, 0) == 0;
	sqlite3_finalize(st);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return SENDA_OK;
	return rc == SQLITE_ROW ? SENDA_OK : db_error(db, err);
}

senda_err
erase_person(senda_db *db, const char *id, erase_result *res, senda_error *err)
{
	memset(res, 0, sizeof *res);
	senda_err e = perm_require(db, PERM_ERASE, err);
	if (e != SENDA_OK)
		return e;
	participant p;
	if ((e = participant_get(db, id, &p, err)) != SENDA_OK)
		return e;
	snprintf(res->id, sizeof res->id, "%s", p.id);
	participant_free(&p);
	char clock[HLC_LEN], now[21];
	clock_timestamp(now);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	e = db_tick(db, clock, err);
	/* The tombstone first: its log entry is what travels. */
	if (e == SENDA_OK)
		e = db_exec(db, err, "INSERT INTO erasure (id, site_id, created_at, updated_at,"
			    " updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
			    "ttttt", res->id, db_site_id(db), now, clock, db_actor_id(db));
	if (e == SENDA_OK)
		e = erase_local(db, res->id, clock, &res->rows, err);
	if (e == SENDA_OK)
		e = erase_scrub_indexes(db, err);
	if (e != SENDA_OK) {
		db_rollback(db);
		res->rows = 0;
		return e;
	}
	if ((e = db_commit(db, err)) != SENDA_OK) {
		res->rows = 0;
		return e;
	}
	return erase_flush_files(db, &res->files_clean, err);
}

senda_err
erase_backups(senda_db *db, void (*fn)(const char *path, const char *made_at, void *ctx),
	      void *ctx, senda_error *err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT path, made_at FROM backup_made ORDER BY made_at,"
				      " path", err);
	if (!st)
		return err->code;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *at = (const char *)sqlite3_column_text(st, 1);
		if (path && access(path, F_OK) == 0)
			fn(path, at ? at : "", ctx);
	}
	db_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}
