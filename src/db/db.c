/* senda — the database floor. Open with safe pragmas, refuse files that are
 * not ours before writing a byte, migrate, cache prepared statements, nest
 * transactions, keep local settings and the site's clock. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "senda/clock.h"
#include "senda/db.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/text.h"
#include "senda/uuid.h"
#include "db/migrations.h"
#include "db/internal.h"
#include "db/stmt.h"

#define BUSY_TIMEOUT_MS 3000



sqlite3 *
db_sqlite(senda_db *db)
{
	return db->h;
}

const char *
db_path(senda_db *db)
{
	return db->path;
}

const char *
db_file(senda_db *db)
{
	return db && strcmp(db->path, ":memory:") != 0 ? db->real_path : NULL;
}

int
db_depth(senda_db *db)
{
	return db->depth;
}

int
db_latest_version(void)
{
	int v = 0;
	for (int i = 0; i < senda_migrations_count; i++)
		if (senda_migrations[i].version > v)
			v = senda_migrations[i].version;
	return v;
}


/* The translated reason first, then SQLite's own (English) words. */
senda_err
db_readonly_fail(senda_error *err, const char *why, const char *sqlite_msg)
{
	if (sqlite_msg && *sqlite_msg)
		/* L10N: why senda cannot write (a sentence), then SQLite's message in English */
		return senda_fail(err, SENDA_E_READONLY, NULL, _("%s; SQLite says: %s"), why,
				  sqlite_msg);
	return senda_fail(err, SENDA_E_READONLY, NULL, "%s", why);
}

senda_err
db_error(senda_db *db, senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	int rc = sqlite3_errcode(db->h) & 0xff;
	const char *msg = sqlite3_errmsg(db->h);
	if ((rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) && db->readonly_why)
		return db_readonly_fail(err, db->readonly_why, msg);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return senda_fail(err, SENDA_E_BUSY, NULL, NULL);
	if (rc == SQLITE_NOTADB)
		return senda_fail(err, SENDA_E_NOTSENDA, NULL, NULL);
	if (rc == SQLITE_CORRUPT)
		return senda_fail(err, SENDA_E_CORRUPT, NULL, "%s", msg);
	if (rc == SQLITE_FULL)
		return senda_fail(err, SENDA_E_IO, NULL, "%s", _("the disk is full"));
	if (rc == SQLITE_IOERR) {
		/* "disk I/O error" says neither what nor why, and only in English */
		int e = sqlite3_system_errno(db->h);
		if (e == ENOSPC || e == EDQUOT)
			return senda_fail(err, SENDA_E_IO, NULL, "%s", _("the disk is full"));
		/* The system's reason ("File too large"), in the user's language. */
		return senda_fail(err, SENDA_E_IO, NULL, "%s", e ? strerror(e) : msg);
	}
	if (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN)
		return senda_fail(err, SENDA_E_IO, NULL, "%s", msg);
	return senda_fail(err, SENDA_E_DB, NULL, "%s", msg);
}

/* ---- the field log ---------------------------------------------------- */

/* The tables the exchange logs (src/exchange/tables.c xc_tables; the
 * triggers of schema/field_log.sql are on these). */
static const char *const logged_tables[] = {
	"site", "site_org", "user", "partner", "program", "esl_table", "esl_band",
	"participant", "screening", "referral", "referral_status", "placement",
	"followup", "call_attempt", "dedupe_distinct", "erasure",
};

extern const char senda_field_log_sql[];   /* src/db/field_log.c, made from the schema folder */

/* Before the log's triggers are made, a statement that would insert or
 * update a row of an exchanged table is refused while it is prepared, so
 * that no write of senda's ever misses the log: prepare (src/db/stmt.c)
 * makes them and prepares it again. */
static int
log_guard(void *p, int action, const char *table, const char *column, const char *dbname,
	  const char *trigger)
{
	senda_db *db = p;
	(void)column;
	(void)trigger;
	if (db->log != LOG_WANTED || (action != SQLITE_INSERT && action != SQLITE_UPDATE) ||
	    !table || !dbname || strcmp(dbname, "main") != 0)
		return SQLITE_OK;
	for (size_t i = 0; i < sizeof logged_tables / sizeof logged_tables[0]; i++)
		if (strcmp(table, logged_tables[i]) == 0) {
			db->log_refused = true;
			return SQLITE_DENY;
		}
	return SQLITE_OK;
}

senda_err
db_field_log(senda_db *db, senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	if (db->log != LOG_WANTED)
		return SENDA_OK;
	if (!sqlite3_get_autocommit(db->h))
		return senda_fail(err, SENDA_E_DB, NULL, "%s",
				  "the field log is made outside a transaction");
	char *msg = NULL;
	/* All of them or none. The SQL is a constant built into the binary,
	 * never data. */
	if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err);
	if (sqlite3_exec(db->h, senda_field_log_sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db->h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
		senda_err e = senda_fail(err, SENDA_E_DB, NULL, "field log: %s",
					 msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		return e;
	}
	db->log = LOG_ON;
	db->log_refused = false;
	sqlite3_set_authorizer(db->h, NULL, NULL);
	return SENDA_OK;
}

/* ---- transactions ---------------------------------------------------- */

senda_err
db_begin(senda_db *db, senda_error *err)
{
	static const char begin[] = "BEGIN IMMEDIATE";
	static const char savepoint[] = "SAVEPOINT senda_nested";
	if (!db || !db->h)
		return db_closed(err);
	if (db->depth == 0 && db->log == LOG_WANTED) {
		senda_err e = db_field_log(db, err);
		if (e != SENDA_OK)
			return e;
	}
	if (db->depth > 0 && db->bulk) {
		db->depth++;   /* no savepoint: see db_bulk_load */
		return SENDA_OK;
	}
	const char *sql = db->depth == 0 ? begin : savepoint;
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err);
	if (db->depth == 0)
		db->doomed = false;
	db->depth++;
	return SENDA_OK;
}

senda_err
db_commit(senda_db *db, senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	if (db->depth <= 0)
		return senda_fail(err, SENDA_E_DB, NULL, "%s", "commit without begin");
	if (db->depth > 1 && db->bulk) {
		db->depth--;
		return SENDA_OK;
	}
	if (db->depth == 1 && db->doomed) {
		db_rollback(db);
		return senda_fail(err, SENDA_E_DB, NULL, "%s",
				  "a part of this bulk transaction failed: none of it was saved");
	}
	const char *sql = db->depth == 1 ? "COMMIT" : "RELEASE senda_nested";
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		senda_err e = db_error(db, err);
		db_rollback(db);
		return e;
	}
	db->depth--;
	if (db->depth == 0)
		db->clock_ready = 0; /* reload the clock state from the file next time */
	return SENDA_OK;
}

void
db_rollback(senda_db *db)
{
	if (db->depth <= 0)
		return;
	if (db->depth > 1 && db->bulk) {
		db->depth--;
		db->doomed = true;   /* the outermost commit rolls back */
		return;
	}
	if (db->depth == 1) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		db->doomed = false;
	} else
		sqlite3_exec(db->h, "ROLLBACK TO senda_nested; RELEASE senda_nested",
			     NULL, NULL, NULL);
	db->depth--;
	db->clock_ready = 0;
}

/* ---- settings, identity, clock --------------------------------------- */

senda_err
db_setting(senda_db *db, const char *key, char **out, senda_error *err)
{
	return db_text(db, out, err, "SELECT value FROM setting WHERE key = ?", "t", key);
}

senda_err
db_set_setting(senda_db *db, const char *key, const char *value, senda_error *err)
{
	return db_exec(db, err,
		       "INSERT INTO setting (key, value) VALUES (?, ?) "
		       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		       "tt", key, value);
}

const char *
db_site_id(senda_db *db)
{
	return db->site_id;
}

const char *
db_user_id(senda_db *db)
{
	return db->user_id;
}

void
db_set_actor(senda_db *db, const char *user_id, int role)
{
	if (!db)
		return;
	db->actor_id[0] = '\0';
	if (user_id && strlen(user_id) < UUID_LEN)
		strcpy(db->actor_id, user_id);
	db->actor_role = role;
}

int
db_actor_role(senda_db *db)
{
	return db ? db->actor_role : 0;
}

const char *
db_actor_id(senda_db *db)
{
	if (!db)
		return "";
	return db->actor_id[0] ? db->actor_id : db->user_id;
}

/* One id from settings into dst; never set reads as "". */
static senda_err
load_id(senda_db *db, const char *key, char dst[UUID_LEN], senda_error *err)
{
	char *v = NULL;
	senda_err e = db_setting(db, key, &v, err);
	dst[0] = '\0';
	if (e == SENDA_OK && strlen(v) < UUID_LEN)
		strcpy(dst, v);
	free(v);
	return e == SENDA_E_NOTFOUND ? SENDA_OK : e;
}

senda_err
db_reload_identity(senda_db *db, senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	db->clock_ready = 0;
	senda_err e = load_id(db, "site_id", db->site_id, err);
	if (e == SENDA_OK)
		e = load_id(db, "user_id", db->user_id, err);
	if (e != SENDA_OK)
		db->site_id[0] = db->user_id[0] = '\0';
	return e;
}

senda_err
db_tick(senda_db *db, char out[HLC_LEN], senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	if (!db->clock_ready) {
		char *last = NULL;
		senda_err e = db_setting(db, "clock", &last, err);
		if (e != SENDA_OK && e != SENDA_E_NOTFOUND)
			return e;
		const char *node = db->site_id[0] ? db->site_id : "00000000";
		if (hlc_init(&db->clock, node, last) != 0)
			hlc_init(&db->clock, node, NULL);
		free(last);
		db->clock_ready = 1;
	}
	hlc_tick(&db->clock, clock_now_ms(), out);
	return db_set_setting(db, "clock", out, err);
}

senda_err
db_clock_receive(senda_db *db, const char *remote, senda_error *err)
{
	char now[HLC_LEN];
	if (!db || !db->h)
		return db_closed(err);
	if (hlc_parse(remote, NULL, NULL, NULL) != 0)
		return senda_fail(err, SENDA_E_FORMAT, NULL, "%s", "clock");
	/* Load the state as db_tick does, raise it, save it. */
	senda_err e = db_tick(db, now, err);
	if (e != SENDA_OK)
		return e;
	if (hlc_receive(&db->clock, remote, clock_now_ms()) != 0)
		return senda_fail(err, SENDA_E_FORMAT, NULL, "%s", "clock");
	snprintf(now, sizeof now, "%013lld-%05u-%.8s", (long long)db->clock.ms,
		 (unsigned)db->clock.counter, db->clock.node);
	return db_set_setting(db, "clock", now, err);
}

/* ---- open / close ---------------------------------------------------- */

static bool
dir_exists(const char *path)
{
	char *copy = xstrdup(path);
	struct stat sb;
	bool ok = stat(dirname(copy), &sb) == 0 && S_ISDIR(sb.st_mode);
	free(copy);
	return ok;
}

/* SQLite writes beside the database (its -wal and -shm files): a folder
 * senda cannot write in, or a file it cannot write, means read-only. The
 * reason, translated and naming what, or NULL when both are writable. */
static char *
readonly_reason(const char *path)
{
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	char *why = NULL;
	if (access(dir, W_OK) != 0)
		/* L10N: %s is the folder that holds the database */
		why = xasprintf(_("the folder %s cannot be written"), dir);
	else if (access(path, W_OK) != 0)
		/* L10N: %s is the database file, or its -wal or -shm file */
		why = xasprintf(_("the file %s cannot be written"), path);
	for (int i = 0; i < 2 && !why; i++) {
		char *side = xasprintf("%s%s", path, i ? "-shm" : "-wal");
		if (access(side, F_OK) == 0 && access(side, W_OK) != 0)
			why = xasprintf(_("the file %s cannot be written"), side);
		free(side);
	}
	free(copy);
	return why;
}

/* For a read-only file: SQLite then reads a WAL database without the -shm
 * file it cannot create in a read-only folder (and makes no side files
 * beside a read-only one, which would later stop writes). Used only when
 * no -wal file holds changes; a writer elsewhere at the same time could
 * make what this connection reads inconsistent, never change the file. */
char *
db_immutable_uri(const char *path)
{
	size_t n = strlen(path);
	char *u = xmalloc(n * 3 + 32), *o = u;
	/* "file:///abs/path" for an absolute path, "file:rel/path" else. */
	o += sprintf(o, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if (*s == '%' || *s == '?' || *s == '#' || *s <= ' ' || *s >= 0x7f)
			o += sprintf(o, "%%%02X", *s);
		else
			*o++ = (char)*s;
	}
	strcpy(o, "?immutable=1");
	return u;
}

/* Create an empty file readable by its owner only. */
static senda_err
create_private(const char *path, senda_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return senda_fail(err, errno == EEXIST ? SENDA_E_EXISTS : SENDA_E_IO,
				  NULL, "%s: %s", path, strerror(errno));
	close(fd);
	return SENDA_OK;
}

/* Look at a file before any pragma that writes: is it ours, and not newer? */
static senda_err
inspect(senda_db *db, bool fresh, senda_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, "PRAGMA application_id", -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err) == SENDA_E_NOTSENDA
			? senda_fail(err, SENDA_E_NOTSENDA, NULL, "%s", db->path)
			: (err ? err->code : SENDA_E_DB);
	int rc = sqlite3_step(st);
	int64_t app = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		senda_err e = db_error(db, err);
		if (e == SENDA_E_NOTSENDA || e == SENDA_E_DB)
			return senda_fail(err, SENDA_E_NOTSENDA, NULL, "%s", db->path);
		return e;
	}
	int64_t objects = 0;
	senda_err e = db_int(db, &objects, err, "SELECT count(*) FROM sqlite_schema", NULL);
	if (e == SENDA_E_NOTSENDA || e == SENDA_E_DB || e == SENDA_E_NOTFOUND)
		return senda_fail(err, SENDA_E_NOTSENDA, NULL, "%s", db->path);
	if (e != SENDA_OK)
		return e;
	/* An empty SQLite file (no tables, no mark) has nothing to lose. */
	(void)fresh;
	if (app != SENDA_APPLICATION_ID && !(app == 0 && objects == 0))
		return senda_fail(err, SENDA_E_NOTSENDA, NULL, "%s", db->path);
	int version = 0;
	if ((e = db_schema_version(db, &version, err)) != SENDA_OK)
		return e;
	if (version > db_latest_version())
		return senda_fail(err, SENDA_E_NEWER, NULL, "%s", db->path);
	return SENDA_OK;
}

/* Once, before SQLite starts: the journal of a statement or savepoint
 * stays in memory up to STMT_JOURNAL_MEMORY and only a bigger one goes to a
 * temporary file (temp_store = FILE). SQLite's default, 64 KiB, sends the
 * savepoint of nearly every record saved to a file, a write call per page
 * (dozens a participant); with no bound at all (temp_store = MEMORY) a big
 * statement grew in memory without end. Not more than 128 KiB: SQLite
 * 3.40 fails the spill of a bigger one to its file ("database or disk is
 * full", tests/unit/test_db.c big_statement_in_a_transaction), so that any
 * statement that changed more than that many pages of a file inside a
 * transaction (a merge, an import) failed. */
#define STMT_JOURNAL_MEMORY (128 * 1024)

/* SENDA_SQL_PROFILE=FILE, for bench/ (bench/sql-profile.py sums it): the
 * run time of every statement, as SQLite's profile callback gives it,
 * appended to FILE a line each, "nanoseconds<TAB>the statement's first 150
 * characters". Only the SQL's text is written, with its parameters: never a
 * value bound to them. A file that cannot be opened: nothing written. */
static FILE *profile_file;

static int
profile_line(unsigned type, void *ctx, void *stmt, void *ns)
{
	(void)type;
	(void)ctx;
	const char *q = sqlite3_sql(stmt);
	if (profile_file)
		fprintf(profile_file, "%lld\t%.150s\n", (long long)*(sqlite3_int64 *)ns, q ? q : "?");
	return 0;
}

static void
profile_start(sqlite3 *h)
{
	const char *path = getenv("SENDA_SQL_PROFILE");
	if (!path || !*path)
		return;
	if (!profile_file)
		profile_file = fopen(path, "a");
	if (profile_file)
		sqlite3_trace_v2(h, SQLITE_TRACE_PROFILE, profile_line, NULL);
}

static void
configure_sqlite(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	/* SQLITE_MISUSE when SQLite has already started (a program that used
	 * it before opening senda's file): then its default stays. */
	int rc = sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMT_JOURNAL_MEMORY);
	/* No count of the memory SQLite holds (senda never asks for it): with
	 * it, every allocation takes and releases a global mutex and updates
	 * the count, a fifth of what reading a file's schema costs. */
	rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)rc;
}

static senda_err
apply_pragmas(senda_db *db, bool memory, bool readonly, senda_error *err)
{
	static const char *const always[] = {
		"PRAGMA foreign_keys = ON",
		"PRAGMA secure_delete = ON",
		"PRAGMA synchronous = FULL",
		/* Set here only: changing it later drops every TEMP object of
		 * the connection, the field log's triggers too (db_field_log). */
		"PRAGMA temp_store = FILE",
	};
	for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
		if (sqlite3_exec(db->h, always[i], NULL, NULL, NULL) != SQLITE_OK)
			return db_error(db, err);
	if (!memory && !readonly &&
	    sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err);
	return SENDA_OK;
}

/* The journal mode, lower case, into mode (at most 15 characters). */
static senda_err
journal_mode(senda_db *db, const char *sql, char mode[16], senda_error *err)
{
	sqlite3_stmt *st = NULL;
	mode[0] = '\0';
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		snprintf(mode, 16, "%s", m ? m : "");
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? SENDA_OK : db_error(db, err);
}

/* Pages of cache (negative: KiB) during a bulk load, and SQLite's default. */
#define BULK_CACHE "-8192"
#define DEFAULT_CACHE "-2000"

/* During a bulk load the C library keeps the memory freed at the top of
 * its heap instead of giving it back after every statement: SQLite's
 * statement journals come and go with each row, and glibc's default (trim
 * above 128 KiB) gave the pages back and faulted them in again each time,
 * a third of demo's time (785,000 page faults for 20,000 people, then
 * 6,000). The peak is not higher: what is kept is what was in use. */
#define BULK_TRIM (64 * 1024 * 1024)
#define DEFAULT_TRIM (128 * 1024)

static void
heap_trim(int bytes)
{
#if defined HAVE_MALLOPT && defined M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, bytes);
#else
	(void)bytes;
#endif
}

senda_err
db_bulk_load(senda_db *db, bool on, senda_error *err)
{
	if (!db || !db->h)
		return db_closed(err);
	char mode[16];
	senda_err e = journal_mode(db, "PRAGMA journal_mode", mode, err);
	if (e != SENDA_OK)
		return e;
	if (on) {
		if (strcmp(mode, "wal") != 0 || db->depth > 0)
			return SENDA_OK;
		/* Refused while another connection has the file: then the log stays. */
		if (journal_mode(db, "PRAGMA journal_mode = TRUNCATE", mode, NULL) != SENDA_OK ||
		    strcmp(mode, "truncate") != 0) {
			sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
			return SENDA_OK;
		}
		/* A bigger page cache (16 MB: the whole command stays far under
		 * 32 MB) keeps a commit's pages in memory instead of spilling them
		 * to the file and reading them back. */
		sqlite3_exec(db->h, "PRAGMA cache_size = " BULK_CACHE, NULL, NULL, NULL);
		heap_trim(BULK_TRIM);
		db->bulk = true;
		return SENDA_OK;
	}
	db->bulk = false;
	if (strcmp(mode, "truncate") != 0)
		return SENDA_OK;
	sqlite3_exec(db->h, "PRAGMA cache_size = " DEFAULT_CACHE, NULL, NULL, NULL);
	heap_trim(DEFAULT_TRIM);
	if ((e = journal_mode(db, "PRAGMA journal_mode = WAL", mode, err)) != SENDA_OK)
		return e;
	return strcmp(mode, "wal") == 0 ? SENDA_OK
		: senda_fail(err, SENDA_E_BUSY, NULL, "%s", db->path ? db->path : "");
}

static senda_err db_open_real(const char *path, const char *shown, int flags, bool memory,
			      bool readonly, bool fresh, senda_db **out, senda_error *err);

/* The database's real path: a folder reached through symbolic links (a
 * linked home, say) is resolved, because SQLite opens with NOFOLLOW; a link
 * to an existing database file is followed to it, so that its -wal and -shm
 * sit beside the real file. NULL (err set) for a link to nothing. */
static char *
real_db_path(const char *path, senda_error *err)
{
	struct stat lsb;
	if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode)) {
		char *real = realpath(path, NULL);
		if (!real)
			senda_fail(err, SENDA_E_NOFILE, NULL, _("%s is a symbolic link to a file that "
							      "does not exist"), path);
		return real;
	}
	char *r = outfile_resolved(path);
	return r ? r : xstrdup(path);   /* a missing folder is told below */
}

senda_err
db_open(const char *user_path, int flags, senda_db **out, senda_error *err)
{
	*out = NULL;
	bool memory = flags & DB_MEMORY;
	bool readonly = flags & DB_READONLY;
	bool fresh = false;
	char *real = NULL;
	if (!memory && user_path && *user_path && !(real = real_db_path(user_path, err)))
		return err ? err->code : SENDA_E_NOFILE;
	/* Opened by its real path; named in messages as the user named it. */
	senda_err oe = db_open_real(real ? real : user_path, user_path, flags, memory, readonly,
				    fresh, out, err);
	free(real);
	return oe;
}

static senda_err
db_open_real(const char *path, const char *shown, int flags, bool memory, bool readonly,
	     bool fresh, senda_db **out, senda_error *err)
{
	if (!memory) {
		struct stat sb;
		if (!path || !*path)
			return senda_fail(err, SENDA_E_NOFILE, NULL, NULL);
		if (!dir_exists(path))
			return senda_fail(err, SENDA_E_NODIR, NULL, "%s", shown);
		if (stat(path, &sb) != 0) {
			if (!(flags & DB_CREATE) || readonly)
				return senda_fail(err, SENDA_E_NOFILE, NULL, "%s", shown);
			senda_err e = create_private(path, err);
			if (e != SENDA_OK)
				return e;
			fresh = true;
		} else if (!S_ISREG(sb.st_mode)) {
			return senda_fail(err, SENDA_E_NOTSENDA, NULL, "%s", shown);
		} else if (sb.st_size == 0) {
			fresh = true;
		}
	}
	senda_db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(memory ? ":memory:" : shown);
	db->real_path = xstrdup(memory ? ":memory:" : path);
	/* Where senda cannot write, open read-only: reading commands (list,
	 * search, show...) still work, and the first write says why it cannot. */
	char *uri = NULL;
	if (!memory && (db->readonly_why = readonly_reason(shown)) != NULL) {
		if (fresh) {
			senda_err e = db_readonly_fail(err, db->readonly_why, NULL);
			db_close(db);
			return e;
		}
		readonly = true;
		char *wal = xasprintf("%s-wal", path);
		struct stat sb;
		bool has_wal = stat(wal, &sb) == 0 && sb.st_size > 0;
		free(wal);
		if (!has_wal)
			uri = db_immutable_uri(path);
	}
	/* NOMUTEX: senda has one thread, and a connection is only ever used by
	 * it; without the connection's mutex every sqlite3_column_* call of a
	 * long listing does not lock and unlock it (a fifth of `senda referrals`
	 * a row). */
	int oflags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
		| SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0);
	configure_sqlite();
	int orc = sqlite3_open_v2(memory ? ":memory:" : uri ? uri : path, &db->h, oflags, NULL);
	free(uri);
	if (orc != SQLITE_OK) {
		senda_err e = db->readonly_why
			? db_readonly_fail(err, db->readonly_why, db->h ? sqlite3_errmsg(db->h) : NULL)
			: senda_fail(err, SENDA_E_IO, NULL, "%s: %s", shown,
				     db->h ? sqlite3_errmsg(db->h) : "?");
		db_close(db);
		return e;
	}
	sqlite3_extended_result_codes(db->h, 0);
	if (db_register_functions(db->h) != SQLITE_OK) {
		senda_err e = db_error(db, err);
		db_close(db);
		return e;
	}
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	profile_start(db->h);
	senda_err e = inspect(db, fresh || memory, err);
	if (e == SENDA_OK)
		e = apply_pragmas(db, memory, readonly, err);
	int version = 0;
	if (e == SENDA_OK && !readonly)
		e = db_migrate(db, err);
	else if (e == SENDA_OK && db->readonly_why &&
		 (e = db_schema_version(db, &version, err)) == SENDA_OK &&
		 version < db_latest_version())
		/* An older schema needs a migration, which is a write. */
		e = db_readonly_fail(err, db->readonly_why, NULL);
	if (e == SENDA_OK)
		e = db_reload_identity(db, err);
	if (e != SENDA_OK) {
		db_close(db);
		return e;
	}
	/* The field log's triggers are made before the first write (a
	 * connection that only reads never parses them); till then the guard
	 * stops any write of an exchanged table that would miss them. A
	 * read-only connection writes nothing: SQLite refuses it first. */
	if (!readonly) {
		db->log = LOG_WANTED;
		sqlite3_set_authorizer(db->h, log_guard, db);
	}
	*out = db;
	return SENDA_OK;
}

void
db_close(senda_db *db)
{
	if (!db)
		return;
	while (db->depth > 0)
		db_rollback(db);
	for (size_t i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	free(db->cache);
	sqlite3_close(db->h);
	free(db->path);
	free(db->real_path);
	free(db->readonly_why);
	free(db);
}

/* ---- default location ------------------------------------------------ */

static senda_err
make_dirs(char *path, senda_error *err)
{
	for (char *p = path + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(path, 0700) != 0 && errno != EEXIST) {
				senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path, strerror(errno));
				*p = c;
				return SENDA_E_IO;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return SENDA_OK;
}

char *
db_default_path(bool make_folder, senda_error *err)
{
	const char *env = getenv("SENDA_DB");
	if (env && *env)
		return xstrdup(env);
	char *dir;
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		dir = xasprintf("%s/senda", xdg);
	else if (home && *home)
		dir = xasprintf("%s/.local/share/senda", home);
	else {
		senda_fail(err, SENDA_E_NODIR, NULL, "%s", "$HOME");
		return NULL;
	}
	if (make_folder) {
		if (make_dirs(dir, err) != SENDA_OK) {
			free(dir);
			return NULL;
		}
		chmod(dir, 0700);
	}
	char *path = xasprintf("%s/senda.db", dir);
	free(dir);
	return path;
}
