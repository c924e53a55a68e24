/* senda — migrations: schema/NNN_*.sql built into the binary, each run in
 * a transaction and safe to run twice, PRAGMA user_version the file's
 * version; never while another process has the file open. */
#include <config.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "senda/db.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "db/migrations.h"
#include "db/internal.h"
#include "db/stmt.h"

senda_err
db_schema_version(senda_db *db, int *out, senda_error *err)
{
	int64_t v = 0;
	senda_err e = db_int(db, &v, err, "PRAGMA user_version", NULL);
	*out = (int)v;
	return e;
}

/* SQLite has no ADD COLUMN IF NOT EXISTS, and every migration must be
 * safe to run twice: a migration that adds a column says so on a line of
 * its own, "-- senda-add-column: TABLE COLUMN DEFINITION", and the column
 * is added here when the table does not have it yet. The line is the
 * migration's compiled-in text, never data. */
static senda_err
add_columns(senda_db *db, const struct migration *m, senda_error *err)
{
	static const char mark[] = "-- senda-add-column: ";
	for (const char *p = strstr(m->sql, mark); p; p = strstr(p + 1, mark)) {
		const char *s = p + sizeof mark - 1, *eol = strchr(s, '\n');
		char *line = eol ? xstrndup(s, (size_t)(eol - s)) : xstrdup(s);
		char *table = line, *column = strchr(line, ' ');
		char *def = column ? strchr(column + 1, ' ') : NULL;
		if (!column || !def) {
			free(line);
			return senda_fail(err, SENDA_E_DB, NULL, "%s: %s", m->name, "senda-add-column");
		}
		*column++ = '\0';
		*def++ = '\0';
		int64_t have = 0;
		senda_err e = db_int(db, &have, err,
				     "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", "tt",
				     table, column);
		if (e == SENDA_OK && have == 0) {
			char *sql = xasprintf("ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s", table, column,
					      def);
			char *msg = NULL;
			if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK)
				e = senda_fail(err, SENDA_E_DB, NULL, "%s: %s", m->name, msg ? msg : "?");
			sqlite3_free(msg);
			free(sql);
		}
		free(line);
		if (e != SENDA_OK)
			return e;
	}
	return SENDA_OK;
}

static senda_err
run_migration(senda_db *db, const struct migration *m, senda_error *err)
{
	senda_err e = db_begin(db, err);
	if (e != SENDA_OK)
		return e;
	if ((e = add_columns(db, m, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	char *msg = NULL;
	/* The schema text is a constant built into the binary, never data. */
	if (sqlite3_exec(db->h, m->sql, NULL, NULL, &msg) != SQLITE_OK) {
		senda_fail(err, SENDA_E_DB, NULL, "%s: %s", m->name, msg ? msg : "?");
		sqlite3_free(msg);
		db_rollback(db);
		return SENDA_E_DB;
	}
	if (sqlite3_exec(db->h, "PRAGMA application_id = 1397050948", NULL, NULL, NULL) != SQLITE_OK) {
		e = db_error(db, err);
		db_rollback(db);
		return e;
	}
	int have = 0;
	if ((e = db_schema_version(db, &have, err)) != SENDA_OK) {
		db_rollback(db);
		return e;
	}
	if (have != m->version) {
		db_rollback(db);
		return senda_fail(err, SENDA_E_DB, NULL, "%s: %s", m->name,
				  "migration does not set user_version");
	}
	return db_commit(db, err);
}

/* Does another process have the file open? Every SQLite connection to a
 * file in WAL mode holds a shared lock on one byte of its -shm file (the
 * "DMS" byte, offset 128 in SQLite's unix VFS) for as long as it is open;
 * F_GETLK reports the locks of other processes only. */
static bool
open_elsewhere(senda_db *db)
{
	const char *file = db_file(db);
	if (!file)
		return false;
	char *shm = xasprintf("%s-shm", file);
	int fd = open(shm, O_RDONLY | O_CLOEXEC);
	free(shm);
	if (fd < 0)
		return false;   /* no -shm: nobody has it open in WAL mode */
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1 };
	bool held = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
	close(fd);
	return held;
}

senda_err
db_migrate(senda_db *db, senda_error *err)
{
	int have = 0;
	senda_err e = db_schema_version(db, &have, err);
	if (e != SENDA_OK)
		return e;
	if (have < db_latest_version() && open_elsewhere(db))
		/* An older senda that has the file open goes on writing it as
		 * its schema was: after migration 7 its edits would miss the
		 * field log (their triggers left the file) and never travel. */
		return senda_fail(err, SENDA_E_BUSY, NULL, "%s",
				  _("this senda must update the file's layout, and another program "
				    "(an older senda?) has it open: close senda everywhere, then "
				    "start again"));
	for (int i = 0; i < senda_migrations_count; i++) {
		if (senda_migrations[i].version <= have)
			continue;
		if ((e = run_migration(db, &senda_migrations[i], err)) != SENDA_OK)
			return e;
	}
	return SENDA_OK;
}

senda_err
db_rerun_migration(senda_db *db, int version, senda_error *err)
{
	extern const char senda_field_log_sql[];   /* src/db/field_log.c */
	for (int i = 0; i < senda_migrations_count; i++) {
		if (senda_migrations[i].version != version)
			continue;
		senda_err e = run_migration(db, &senda_migrations[i], err);
		/* A migration that makes a table again (012: call_attempt) drops
		 * the log's TEMP triggers on it with it: made again here, as they
		 * are when the connection first writes (IF NOT EXISTS: the others
		 * stay as they are). */
		if (e == SENDA_OK && db->log == LOG_ON &&
		    sqlite3_exec(db->h, senda_field_log_sql, NULL, NULL, NULL) != SQLITE_OK)
			e = db_error(db, err);
		return e;
	}
	return senda_fail(err, SENDA_E_NOTFOUND, NULL, "migration %d", version);
}

