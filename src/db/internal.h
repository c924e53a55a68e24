/* senda — the inside of the database handle, for the files of src/db only. */
#ifndef SENDA_DB_INTERNAL_H
#define SENDA_DB_INTERNAL_H

#include <sqlite3.h>
#include "senda/db.h"
#include "senda/hlc.h"
#include "senda/uuid.h"

/* A prepared statement kept for its SQL text (src/db/stmt.c). */
struct cached {
	const char *sql;
	sqlite3_stmt *st;
};

struct senda_db {
	sqlite3 *h;
	char *path;              /* as the user named it, for messages */
	char *real_path;         /* the file itself, links resolved */
	int depth;
	struct cached *cache;
	size_t ncache, capcache;
	char site_id[UUID_LEN];
	char user_id[UUID_LEN];
	/* The acting user (db_set_actor): "" means the file's user. */
	char actor_id[UUID_LEN];
	int actor_role;
	hlc clock;
	int clock_ready;
	/* Why the file was opened read-only although the caller did not ask:
	 * a translated sentence naming the folder or the file, or NULL. */
	char *readonly_why;
	/* The field log's TEMP triggers (db_field_log): LOG_OFF before the
	 * migrations have run and on a read-only connection, LOG_WANTED until
	 * they are made (a statement that would write an exchanged table is
	 * refused, log_refused set), LOG_ON after. */
	int log;
	bool log_refused;
	/* A bulk load (db_bulk_load): inner transactions are not savepoints;
	 * doomed when one of them was rolled back (the outermost commit then
	 * rolls back instead). */
	bool bulk, doomed;
};

enum { LOG_OFF, LOG_WANTED, LOG_ON };

/* Make the field log's TEMP triggers on this connection, outside any
 * transaction (one would take them away again if it rolled back). */
senda_err db_field_log(senda_db *db, senda_error *err);

/* "No database is open" (a NULL handle). */
senda_err db_closed(senda_error *err);
/* The translated reason a file is read-only, then SQLite's words. */
senda_err db_readonly_fail(senda_error *err, const char *why, const char *sqlite_msg);

/* Register senda's SQL functions (src/db/sqlfn.c) on a connection. */
int db_register_functions(sqlite3 *h);

#endif
