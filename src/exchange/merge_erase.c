/* senda — a merge and erased people: tombstones taken in first (the
 * person erased here), then every entry about an erased person left out,
 * so that a bundle made before an erasure brings nothing of hers back. */
#include <config.h>

#include <stdlib.h>

#include "db/stmt.h"
#include "exchange/merge.h"
#include "exchange/tables.h"
#include "senda/erase.h"
#include "senda/mem.h"

/* The entries of people erased (a tombstone here, or coming in this
 * merge): rows about them are listed in erased_row, as the erasure listed
 * what it removed, and then left out, so that a bundle made before the
 * erasure brings nothing of hers back, in whatever order the bundles come.
 * Every statement is run on temp.xc_in, and again on held_change. */
static const char *const erased_rows_in[] = {
	"INSERT OR IGNORE INTO erased_row (tbl, row_id) SELECT tbl, row_id FROM %s WHERE"
	" field = '' AND tbl IN ('screening', 'referral', 'placement', 'followup')"
	" AND json_valid(value) AND json_extract(value, '$.participant_id') IN"
	" (SELECT id FROM erasure)",
	"INSERT OR IGNORE INTO erased_row (tbl, row_id) SELECT tbl, row_id FROM %s WHERE"
	" field = '' AND tbl = 'dedupe_distinct' AND json_valid(value)"
	" AND (json_extract(value, '$.person_a') IN (SELECT id FROM erasure)"
	"  OR json_extract(value, '$.person_b') IN (SELECT id FROM erasure))",
	"INSERT OR IGNORE INTO erased_row (tbl, row_id) SELECT x.tbl, x.row_id FROM %s x WHERE"
	" x.field = '' AND x.tbl = 'referral_status' AND json_valid(x.value) AND EXISTS"
	" (SELECT 1 FROM erased_row e WHERE e.tbl = 'referral'"
	"  AND e.row_id = json_extract(x.value, '$.referral_id'))",
	"INSERT OR IGNORE INTO erased_row (tbl, row_id) SELECT x.tbl, x.row_id FROM %s x WHERE"
	" x.field = '' AND x.tbl = 'call_attempt' AND json_valid(x.value) AND EXISTS"
	" (SELECT 1 FROM erased_row e WHERE e.tbl = 'followup'"
	"  AND e.row_id = json_extract(x.value, '$.followup_id'))",
};
#define ERASED_ENTRY "((tbl = 'participant' AND row_id IN (SELECT id FROM erasure))" \
	" OR (tbl, row_id) IN (SELECT tbl, row_id FROM erased_row))"

/* Tombstones first: each new one is taken in (as any creation) and the
 * person erased here; then what concerns an erased person is left out. */
senda_err
take_erasures(struct merge *m, senda_error *err)
{
	int ti = xc_table_index("erasure");
	if (ti < 0)
		return SENDA_OK;
	sqlite3_stmt *st = db_prepare(m->db,
		"SELECT tbl, row_id, field, clock, site, value, prev_clock, who, from_held, reason"
		" FROM temp.xc_in WHERE tbl = 'erasure' AND field = ''"
		" AND NOT EXISTS (SELECT 1 FROM erasure e WHERE e.id = xc_in.row_id)"
		" ORDER BY clock, site, row_id", err);
	if (!st)
		return err->code;
	senda_err r = SENDA_OK;
	int rc;
	/* One at a time: erase_local writes while the list is read. */
	while (r == SENDA_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct entry e = {
			col_dup(st, 0), col_dup(st, 1), col_dup(st, 2), col_dup(st, 3),
			col_dup(st, 4), col_dup(st, 6), col_dup(st, 7),
			sqlite3_value_dup(sqlite3_column_value(st, 5)),
			sqlite3_column_int(st, 8), col_dup(st, 9)
		};
		sqlite3_reset(st);
		int64_t before = m->rep->table[ti].created;
		if (!e.tbl || !e.row_id || !e.field || !e.clock || !e.site) {
			m->rep->table[ti].refused++;
		} else {
			r = merge_apply(m, &e, err);
			if (r == SENDA_OK && m->rep->table[ti].created > before) {
				int64_t rows = 0;
				r = erase_local(m->db, e.row_id, m->clock, &rows, err);
				m->erased++;
			}
		}
		/* Taken (or held, or refused): not applied again below. */
		if (r == SENDA_OK)
			r = db_exec(m->db, err, "DELETE FROM temp.xc_in WHERE tbl = ? AND row_id = ?"
				    " AND field = ? AND clock = ? AND site = ?", "ttttt", e.tbl,
				    e.row_id, e.field, e.clock, e.site);
		entry_free(&e);
	}
	db_reset(st);
	if (r != SENDA_OK)
		return r;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(m->db, err);
	int64_t erasures = 0;
	if ((r = db_int(m->db, &erasures, err, "SELECT count(*) FROM erasure", NULL)) != SENDA_OK ||
	    erasures == 0)
		return r;
	static const char *const from[] = { "temp.xc_in", "held_change" };
	for (size_t f = 0; f < 2 && r == SENDA_OK; f++)
		for (size_t i = 0; i < sizeof erased_rows_in / sizeof erased_rows_in[0] &&
		     r == SENDA_OK; i++) {
			/* The table names are the two constants above. */
			char *sql = xasprintf(erased_rows_in[i], from[f]);
			char *msg = NULL;
			if (sqlite3_exec(m->h, sql, NULL, NULL, &msg) != SQLITE_OK)
				r = senda_fail(err, SENDA_E_DB, NULL, "%s", msg ? msg : "?");
			sqlite3_free(msg);
			free(sql);
		}
	/* What is left out counts as superseded (unchanged). */
	sqlite3_stmt *cnt = r == SENDA_OK ? db_prepare(m->db,
		"SELECT tbl, count(*) FROM temp.xc_in WHERE from_held = 0 AND " ERASED_ENTRY
		" GROUP BY tbl", err) : NULL;
	if (r == SENDA_OK && !cnt)
		r = err->code;
	while (r == SENDA_OK && (rc = sqlite3_step(cnt)) == SQLITE_ROW) {
		int k = xc_table_index((const char *)sqlite3_column_text(cnt, 0));
		if (k >= 0)
			m->rep->table[k].unchanged += sqlite3_column_int64(cnt, 1);
	}
	if (cnt) {
		db_reset(cnt);
		if (r == SENDA_OK && rc != SQLITE_DONE)
			r = db_error(m->db, err);
	}
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "DELETE FROM temp.xc_in WHERE " ERASED_ENTRY, NULL);
	if (r == SENDA_OK)
		r = db_exec(m->db, err, "DELETE FROM held_change WHERE " ERASED_ENTRY, NULL);
	if (r == SENDA_OK && sqlite3_changes(m->h) > 0)
		m->wrote = true;
	return r;
}
