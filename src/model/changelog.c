/* senda — the change log. */
#include <config.h>

#include "senda/changelog.h"
#include "senda/clock.h"
#include "senda/uuid.h"
#include "db/stmt.h"

senda_err
changelog_add(senda_db *db, const char *tbl, const char *row_id, const char *field,
	      const char *old_value, const char *new_value, const char *clock,
	      senda_error *err)
{
	char id[UUID_LEN], now[21];
	uuid_new(id);
	clock_timestamp(now);
	return db_exec(db, err,
		       "INSERT INTO change_log (id, site_id, created_at, updated_at, updated_by,"
		       " tbl, row_id, field, old_value, new_value)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       "tttttttttt", id, db_site_id(db), now, clock, db_actor_id(db),
		       tbl, row_id, field, old_value, new_value);
}
