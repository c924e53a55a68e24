/* senda — the database floor: open with safe pragmas, refuse foreign files,
 * run the built-in migrations, nested transactions, local settings, the
 * site's hybrid logical clock. The handle is opaque: SQLite itself and the
 * statement helpers are in src/db/stmt.h, which only the model and the
 * exchange include. */
#ifndef SENDA_DB_H
#define SENDA_DB_H

#include <stdbool.h>
#include <stdint.h>
#include "senda/error.h"
#include "senda/hlc.h"

#define SENDA_APPLICATION_ID 0x53454e44   /* "SEND" */

typedef struct senda_db senda_db;

enum db_open_flags {
	DB_CREATE = 1,     /* create the file if missing (mode 0600) */
	DB_READONLY = 2,
	DB_MEMORY = 4      /* path is ignored: a private in-memory database */
};

/* Open (and migrate) a senda database. Refuses, without writing anything, a
 * file that is not senda's or that a newer senda wrote. */
SENDA_MUST_USE senda_err db_open(const char *path, int flags, senda_db **out,
				 senda_error *err);
void db_close(senda_db *db);

/* The path the database was opened with (":memory:" for DB_MEMORY). */
const char *db_path(senda_db *db);
/* The path of the open database file, for refusing to write onto it
 * (outfile_check); NULL for an in-memory database. */
const char *db_file(senda_db *db);
/* PRAGMA user_version. */
SENDA_MUST_USE senda_err db_schema_version(senda_db *db, int *out, senda_error *err);
int db_latest_version(void);                 /* newest migration built in */

/* Apply migrations newer than user_version; each in its own transaction.
 * Every migration is also safe to run twice. */
SENDA_MUST_USE senda_err db_migrate(senda_db *db, senda_error *err);
/* Run migration `version` again regardless of user_version (for tests). */
SENDA_MUST_USE senda_err db_rerun_migration(senda_db *db, int version, senda_error *err);

/* Nested transactions: the outermost is BEGIN IMMEDIATE, inner ones are
 * savepoints. Every begin needs exactly one commit or rollback. */
SENDA_MUST_USE senda_err db_begin(senda_db *db, senda_error *err);
SENDA_MUST_USE senda_err db_commit(senda_db *db, senda_error *err);
void db_rollback(senda_db *db);
int db_depth(senda_db *db);

/* A bulk load (demo data), outside any transaction: on, the file leaves
 * its write-ahead log for a rollback journal, which keeps the old content
 * of changed pages only, not a second copy of every new page, so that a
 * load that mostly adds pages writes them once instead of twice; off, back
 * to the log. On is best effort: with another program on the file, or a
 * file without a log (in memory, read-only), nothing changes. While it is
 * on, an inner transaction (db_begin inside another) is not a savepoint:
 * SQLite kept the old content of every page a savepoint changed, dozens a
 * record, and wrote it to a temporary file once there was more than
 * STMT_JOURNAL_MEMORY of it (74 writes a demo person). An inner rollback
 * then cannot undo its part alone: the outermost commit rolls the whole
 * transaction back and fails, as a bulk load stops at its first error. */
SENDA_MUST_USE senda_err db_bulk_load(senda_db *db, bool on, senda_error *err);

/* Local settings (never exported): key/value text. *out is malloc'd; a key
 * that was never set is SENDA_E_NOTFOUND (*out NULL), told apart from a
 * file that cannot be read (SENDA_E_BUSY, SENDA_E_DB...). */
SENDA_MUST_USE senda_err db_setting(senda_db *db, const char *key, char **out,
				    senda_error *err);
SENDA_MUST_USE senda_err db_set_setting(senda_db *db, const char *key, const char *value,
					senda_error *err);

/* This file's site and user (from settings; "" before init). */
const char *db_site_id(senda_db *db);
const char *db_user_id(senda_db *db);
/* The acting user (src/model/perm.h): who logged in on this handle and the
 * role (an enum senda_role) the model checks. Before any login the handle
 * acts as the file's user with the coordinator's role (0). */
void db_set_actor(senda_db *db, const char *user_id, int role);
int db_actor_role(senda_db *db);
const char *db_actor_id(senda_db *db);

/* Reload site/user after init changed them. On an error both read as ""
 * and the error is returned. */
SENDA_MUST_USE senda_err db_reload_identity(senda_db *db, senda_error *err);

/* A new hybrid-logical-clock value for a change made now; the clock state is
 * saved in settings inside the caller's transaction. */
SENDA_MUST_USE senda_err db_tick(senda_db *db, char out[HLC_LEN], senda_error *err);
/* Take in a clock value seen in another site's change (a merge), so that
 * every later local value sorts after it; saved like db_tick's. A value
 * that is not a clock is SENDA_E_FORMAT, nothing changed. */
SENDA_MUST_USE senda_err db_clock_receive(senda_db *db, const char *remote, senda_error *err);

/* The file's structure (SQLite's quick_check; with DB_CHECK_FULL its whole
 * integrity_check, which also compares every index with its table and is
 * many times slower), foreign keys, the participant tally, the schema
 * version and the search index. ok is set true when all pass; problems are
 * passed to report (may be NULL) one line at a time; progress (may be NULL)
 * is told each step as it starts: its number from 1, how many there are,
 * and what it checks (translated). */
#define DB_CHECK_FULL 1
/* The steps db_check tells progress of. */
#define DB_CHECK_STEPS 4
/* The counts kept by triggers (participants, open and waiting referrals,
 * waiting referrals and intakes by day) are compared with fresh counts;
 * derived (may be NULL) is set to how many of the problems are in data
 * derived from the records (those counts, the full-text index), which
 * db_rebuild_counts rebuilds without changing a record. */
SENDA_MUST_USE senda_err db_check(senda_db *db, int flags, bool *ok, int *derived,
		   void (*report)(const char *line, void *ctx),
		   void (*progress)(int step, int steps, const char *what, void *ctx),
		   void *ctx, senda_error *err);

/* Rebuild what db_check compares with the records: the kept counts from
 * fresh counts, the full-text index from the participants. One
 * transaction; no record changes. */
SENDA_MUST_USE senda_err db_rebuild_counts(senda_db *db, senda_error *err);

/* Copy the whole database to path with SQLite's online backup (mode 0600),
 * through outfile: into a temporary file, then renamed; "-" is standard
 * output. A backup written to a file is remembered (db_file_modes). Refuses an existing file unless flags has OUTFILE_FORCE, and
 * always the database itself, a symbolic link and anything not a file. */
SENDA_MUST_USE senda_err db_backup(senda_db *db, const char *path, int flags,
				   senda_error *err);

/* The files that hold the records: the database, its -wal and -shm (when
 * they exist), and the backups db_backup wrote that still exist. fn gets
 * each one's path and permission bits (st_mode & 07777). */
enum db_file_kind { DB_FILE_DATA, DB_FILE_WAL, DB_FILE_SHM, DB_FILE_BACKUP };
SENDA_MUST_USE senda_err db_file_modes(senda_db *db,
				       void (*fn)(const char *path, enum db_file_kind kind,
						  unsigned mode, void *ctx),
				       void *ctx, senda_error *err);

/* The default file: $SENDA_DB, else $XDG_DATA_HOME/senda/senda.db, else
 * ~/.local/share/senda/senda.db. With make_folder, its folder is created with
 * mode 0700 (only commands that create the file ask for that). malloc'd; NULL
 * with err filled when no home can be found or made. */
char *db_default_path(bool make_folder, senda_error *err);

#endif
