/* senda — the access log (see senda/access.h). */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "db/stmt.h"
#include "senda/access.h"
#include "senda/clock.h"
#include "senda/participant.h"
#include "senda/perm.h"
#include "senda/uuid.h"

static const char *const how_names[] = { "screen", "show", "privacy" };

senda_err
access_record(senda_db *db, const char *pid, enum access_how how, senda_error *err)
{
	senda_err e = perm_require(db, PERM_PEOPLE_LIST, err);
	if (e != SENDA_OK)
		return e;
	char now[21];
	clock_timestamp(now);
	if ((e = db_begin(db, err)) != SENDA_OK)
		return e;
	e = db_exec(db, err, "INSERT INTO access_log (at, user_id, participant_id, how)"
		    " VALUES (?, ?, ?, ?)", "tttt", now, db_actor_id(db), pid,
		    how_names[(unsigned)how < 3 ? how : 0]);
	/* Kept 90 days: what is older goes (read through the index on at). */
	if (e == SENDA_OK)
		e = db_exec(db, err, "DELETE FROM access_log WHERE at < strftime('%Y-%m-%dT%H:%M:%SZ',"
			    " ?, '-90 days')", "t", now);
	if (e != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, err);
}

senda_err
access_list(senda_db *db, const char *pid, int limit,
	    int (*fn)(const access_entry *e, void *ctx), void *ctx, senda_error *err)
{
	senda_err e = perm_require(db, PERM_ACCESS_LOG, err);
	if (e != SENDA_OK)
		return e;
	char id[UUID_LEN] = "";
	if (pid) {
		participant p;
		if ((e = participant_get(db, pid, &p, err)) != SENDA_OK)
			return e;
		snprintf(id, sizeof id, "%s", p.id);
		participant_free(&p);
	}
	sqlite3_stmt *st = db_prepare(db,
		"SELECT a.at, coalesce(u.name, ''), a.participant_id, coalesce(trim(p.given_names"
		" || ' ' || p.first_surname || ' ' || p.second_surname), ''), a.how"
		" FROM access_log a LEFT JOIN user u ON u.id = a.user_id"
		" LEFT JOIN participant p ON p.id = a.participant_id"
		" WHERE ?1 = '' OR a.participant_id = ?1 ORDER BY a.at DESC, a.seq DESC"
		" LIMIT CASE WHEN ?2 > 0 THEN ?2 ELSE -1 END", err);
	if (!st)
		return err->code;
	if ((e = db_bind(db, st, err, "ti", id, limit)) != SENDA_OK)
		return e;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *how = (const char *)sqlite3_column_text(st, 4);
		access_entry a = {
			(const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			!how ? ACCESS_SCREEN : strcmp(how, "show") == 0 ? ACCESS_SHOW
				: strcmp(how, "privacy") == 0 ? ACCESS_PRIVACY : ACCESS_SCREEN,
		};
		if (fn(&a, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	db_reset(st);
	return rc == SQLITE_DONE ? SENDA_OK : db_error(db, err);
}
