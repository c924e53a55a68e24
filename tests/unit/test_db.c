/* senda — unit tests of the database floor. */
#include <config.h>

#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "dbq.h"
#include "db/migrations.h"
#include "senda/db.h"
#include "db/stmt.h"
#include "senda/hlc.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/site.h"
#include "senda/clock.h"
#include "senda/esl.h"
#include "senda/participant.h"
#include "senda/referral.h"
#include "senda/stats.h"

static char tmpdir[256];

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/senda-test-db-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
remove_tmpdir(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *
tmpfile_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static senda_db *
open_memory(void)
{
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(NULL, DB_MEMORY, &db, &err), SENDA_OK);
	return db;
}

/* Read a whole file, for before/after comparisons. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = xmalloc((size_t)n + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
raw_sql(const char *path, const char *sql)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

START_TEST(memory_db_is_migrated)
{
	senda_db *db = open_memory();
	ck_assert_int_eq(T_GET(int, db_schema_version, db), db_latest_version());
	ck_assert_int_ge(db_latest_version(), 1);
	ck_assert_int_eq(T_INT(db, "PRAGMA application_id", NULL), SENDA_APPLICATION_ID);
	ck_assert_int_eq(T_INT(db, "PRAGMA foreign_keys", NULL), 1);
	ck_assert_int_eq(T_INT(db, "PRAGMA secure_delete", NULL), 1);
	ck_assert_int_eq(T_INT(db, "PRAGMA synchronous", NULL), 2);
	db_close(db);
}
END_TEST

START_TEST(migration_runs_twice)
{
	senda_db *db = open_memory();
	senda_error err = { 0 };
	ck_assert_int_eq(site_setup(db, "Sede", "Ana", "es", &err), SENDA_OK);
	int64_t before = T_INT(db, "SELECT count(*) FROM sqlite_schema", NULL);
	/* Every migration built in (their numbers may have gaps: each branch
	 * is given its own). */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < senda_migrations_count; i++)
			ck_assert_int_eq(db_rerun_migration(db, senda_migrations[i].version, &err),
					 SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM sqlite_schema", NULL), before);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM site", NULL), 1);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM esl_level", NULL), 6);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM esl_table", NULL), 4);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM esl_band", NULL), 23);
	ck_assert_int_eq(T_GET(int, db_schema_version, db), db_latest_version());
	db_close(db);
}
END_TEST

START_TEST(new_file_is_private_and_wal)
{
	make_tmpdir();
	char *path = tmpfile_path("new.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	umask(022);   /* even with a lax umask the file is the owner's alone */
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	char *mode = T_TEXT(db, "PRAGMA journal_mode", NULL);
	ck_assert_str_eq(mode, "wal");
	free(mode);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

/* Big sorts and statement journals go to temporary files, not memory
 * (issue 9, item 6); a bulk load leaves the log for a rollback journal and
 * comes back to it. */
START_TEST(temp_store_file_and_bulk_load)
{
	make_tmpdir();
	char *path = tmpfile_path("bulk.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "PRAGMA temp_store", NULL), 1);   /* 1 = FILE */
	/* One thread: the connection has no mutex to take on every call. */
	ck_assert_ptr_null(sqlite3_db_mutex(db_sqlite(db)));
	ck_assert_int_eq(T_INT(db, "PRAGMA cache_size", NULL), -2000);
	ck_assert_int_eq(db_bulk_load(db, true, &err), SENDA_OK);
	char *mode = T_TEXT(db, "PRAGMA journal_mode", NULL);
	ck_assert_str_eq(mode, "truncate");
	free(mode);
	/* A bigger page cache while loading (8 MB), the default after. */
	ck_assert_int_eq(T_INT(db, "PRAGMA cache_size", NULL), -8192);
	ck_assert_int_eq(db_bulk_load(db, false, &err), SENDA_OK);
	mode = T_TEXT(db, "PRAGMA journal_mode", NULL);
	ck_assert_str_eq(mode, "wal");
	free(mode);
	ck_assert_int_eq(T_INT(db, "PRAGMA cache_size", NULL), -2000);
	/* Another connection on the file: the log stays. */
	senda_db *other = NULL;
	ck_assert_int_eq(db_open(path, 0, &other, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(other, "SELECT count(*) FROM setting", NULL) >= 0, 1);
	ck_assert_int_eq(db_bulk_load(db, true, &err), SENDA_OK);
	mode = T_TEXT(db, "PRAGMA journal_mode", NULL);
	ck_assert_str_eq(mode, "wal");
	free(mode);
	ck_assert_int_eq(T_INT(db, "PRAGMA cache_size", NULL), -2000);
	db_close(other);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

/* Write calls of this process so far (/proc/self/io syscw), or -1. */
static long long
write_calls(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	long long n = -1;
	char line[128];
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "syscw: %lld", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

/* During a bulk load an inner transaction is no savepoint (SQLite kept
 * every page a savepoint changed and wrote them to a temporary file past
 * 128 KiB: 74 write calls a demo person): a load of records each in its
 * own inner transaction writes hardly more than its pages; an inner
 * rollback makes the outermost commit fail, and nothing of it is saved. */
START_TEST(bulk_load_inner_transactions)
{
	make_tmpdir();
	char *path = tmpfile_path("bulk.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "CREATE TABLE t (a TEXT PRIMARY KEY, b TEXT)"
				 " WITHOUT ROWID", NULL), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "CREATE INDEX t_b ON t (b)", NULL), SENDA_OK);
	ck_assert_int_eq(db_bulk_load(db, true, &err), SENDA_OK);
	/* A file big enough that every inner transaction changes pages that
	 * were there before it (the last ones of the table and its index). */
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
				 " SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO t"
				 " SELECT printf('%08d', i), hex(randomblob(40)) FROM n", NULL),
			 SENDA_OK);
	ck_assert_int_eq(db_commit(db, &err), SENDA_OK);
	/* (No ck_assert in the loop: Check writes down each one it passes.) */
	long long before = write_calls();
	senda_err e = db_begin(db, &err);
	for (int i = 0; i < 2000 && e == SENDA_OK; i++) {
		char key[16];
		snprintf(key, sizeof key, "x%07d", i);
		e = db_begin(db, &err);
		/* Many pages a record, as a person's row, indexes and logs are. */
		for (int k = 0; k < 40 && e == SENDA_OK; k++) {
			char sub[24];
			snprintf(sub, sizeof sub, "%s-%02d", key, k);
			e = db_exec(db, &err, "INSERT INTO t (a, b) VALUES (?,"
				    " printf('%08d', abs(random()) % 20000))", "t", sub);
		}
		if (e == SENDA_OK)
			e = db_commit(db, &err);
	}
	if (e == SENDA_OK)
		e = db_commit(db, &err);
	long long calls = write_calls() - before;
	ck_assert_int_eq(e, SENDA_OK);
	if (before >= 0)   /* the file is a few thousand pages; savepoints wrote 100,000 */
		ck_assert_msg(calls < 20000, "%lld write calls", calls);
	/* An inner rollback: the outer commit fails, none of it is kept. */
	int64_t rows = T_INT(db, "SELECT count(*) FROM t", NULL);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "INSERT INTO t (a, b) VALUES ('y1', '')", NULL),
			 SENDA_OK);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "INSERT INTO t (a, b) VALUES ('y2', '')", NULL),
			 SENDA_OK);
	db_rollback(db);
	ck_assert_int_eq(db_depth(db), 1);
	ck_assert_int_eq(db_commit(db, &err), SENDA_E_DB);
	senda_error_clear(&err);
	ck_assert_int_eq(db_depth(db), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM t", NULL), rows);
	ck_assert_int_eq(db_bulk_load(db, false, &err), SENDA_OK);
	/* After it, inner transactions are savepoints again. */
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "INSERT INTO t (a, b) VALUES ('y1', '')", NULL),
			 SENDA_OK);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "INSERT INTO t (a, b) VALUES ('y2', '')", NULL),
			 SENDA_OK);
	db_rollback(db);
	ck_assert_int_eq(db_commit(db, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM t", NULL), rows + 1);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

/* One statement that changes megabytes of a file inside a transaction:
 * its statement journal outgrows what is kept in memory and goes to a
 * temporary file (SQLite 3.40 failed that with "database or disk is full"
 * when more than about 128 KiB was kept in memory first). */
START_TEST(big_statement_in_a_transaction)
{
	make_tmpdir();
	char *path = tmpfile_path("big.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "CREATE TABLE big (k TEXT PRIMARY KEY, v, b INTEGER"
				 " NOT NULL DEFAULT 0) WITHOUT ROWID", NULL), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT"
				 " i + 1 FROM c WHERE i < 20000) INSERT INTO big (k, v) SELECT"
				 " printf('%08d', i), randomblob(500) FROM c", NULL), SENDA_OK);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "INSERT INTO setting (key, value) VALUES ('x', '1')",
				 NULL), SENDA_OK);
	senda_err e = db_exec(db, &err, "UPDATE big SET b = 1", NULL);
	ck_assert_msg(e == SENDA_OK, "the update failed: %s", err.detail);
	ck_assert_int_eq(db_commit(db, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM big WHERE b = 1", NULL), 20000);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(refuses_text_file_untouched)
{
	make_tmpdir();
	char *path = tmpfile_path("notes.txt");
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 200; i++)
		fprintf(f, "line %d of somebody's notes, not a database\n", i);
	fclose(f);
	size_t n1, n2;
	char *before = slurp(path, &n1);
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_E_NOTSENDA);
	ck_assert_ptr_null(db);
	char *after = slurp(path, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(before, after, n1), 0);
	char *wal = tmpfile_path("notes.txt-wal");
	ck_assert_int_ne(access(wal, F_OK), 0);
	free(wal);
	free(before);
	free(after);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(refuses_foreign_sqlite_untouched)
{
	make_tmpdir();
	char *path = tmpfile_path("other.db");
	raw_sql(path, "CREATE TABLE invoices (n INTEGER); INSERT INTO invoices VALUES (1), (2);");
	size_t n1, n2;
	char *before = slurp(path, &n1);
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_E_NOTSENDA);
	char *after = slurp(path, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(before, after, n1), 0);
	free(before);
	free(after);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(refuses_newer_schema)
{
	make_tmpdir();
	char *path = tmpfile_path("newer.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	db_close(db);
	raw_sql(path, "PRAGMA user_version = 999");
	size_t n1, n2;
	char *before = slurp(path, &n1);
	db = NULL;
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_E_NEWER);
	char *after = slurp(path, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(before, after, n1), 0);
	char buf[512];
	senda_error_text(&err, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "newer"));
	free(before);
	free(after);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(missing_folder_and_file)
{
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open("/nonexistent-senda-dir/x/senda.db", DB_CREATE, &db, &err),
			 SENDA_E_NODIR);
	ck_assert_int_ne(access("/nonexistent-senda-dir", F_OK), 0);
	make_tmpdir();
	char *path = tmpfile_path("absent.db");
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_E_NOFILE);
	ck_assert_int_ne(access(path, F_OK), 0);
	free(path);
	remove_tmpdir();
}
END_TEST

static const char put_setting[] = "INSERT INTO setting (key, value) VALUES (?, ?)";

START_TEST(nested_transactions)
{
	senda_db *db = open_memory();
	senda_error err = { 0 };
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, put_setting, "tt", "outer", "1"), SENDA_OK);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_depth(db), 2);
	ck_assert_int_eq(db_exec(db, &err, put_setting, "tt", "inner", "2"), SENDA_OK);
	db_rollback(db);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, put_setting, "tt", "inner2", "3"), SENDA_OK);
	ck_assert_int_eq(db_commit(db, &err), SENDA_OK);
	ck_assert_int_eq(db_commit(db, &err), SENDA_OK);
	ck_assert_int_eq(db_depth(db), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM setting WHERE key = 'outer'", NULL), 1);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM setting WHERE key = 'inner'", NULL), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM setting WHERE key = 'inner2'", NULL), 1);
	/* An outer rollback takes everything with it. */
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, put_setting, "tt", "gone", "4"), SENDA_OK);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, put_setting, "tt", "gone2", "5"), SENDA_OK);
	ck_assert_int_eq(db_commit(db, &err), SENDA_OK);
	db_rollback(db);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM setting WHERE key LIKE 'gone%'", NULL), 0);
	ck_assert_int_ne(db_commit(db, &err), SENDA_OK);   /* commit without begin */
	db_close(db);
}
END_TEST

START_TEST(second_writer_is_told_busy)
{
	make_tmpdir();
	char *path = tmpfile_path("busy.db");
	senda_db *a = NULL, *b = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &a, &err), SENDA_OK);
	ck_assert_int_eq(db_open(path, 0, &b, &err), SENDA_OK);
	sqlite3_busy_timeout(db_sqlite(b), 100);
	ck_assert_int_eq(db_begin(a, &err), SENDA_OK);
	ck_assert_int_eq(db_begin(b, &err), SENDA_E_BUSY);
	ck_assert_int_eq(db_depth(b), 0);
	db_rollback(a);
	ck_assert_int_eq(db_begin(b, &err), SENDA_OK);
	db_rollback(b);
	db_close(a);
	db_close(b);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(settings_round_trip)
{
	senda_db *db = open_memory();
	senda_error err = { 0 };
	char *v = (char *)"?";
	ck_assert_int_eq(db_setting(db, "k", &v, &err), SENDA_E_NOTFOUND);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(db_set_setting(db, "k", "Señora Ñuñoa", &err), SENDA_OK);
	v = T_GET(char *, db_setting, db, "k");
	ck_assert_str_eq(v, "Señora Ñuñoa");
	free(v);
	ck_assert_int_eq(db_set_setting(db, "k", "otro", &err), SENDA_OK);
	v = T_GET(char *, db_setting, db, "k");
	ck_assert_str_eq(v, "otro");
	free(v);
	db_close(db);
}
END_TEST

START_TEST(clock_survives_reopen_and_wrong_clock)
{
	make_tmpdir();
	char *path = tmpfile_path("clock.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	setenv("SENDA_NOW", "2026-06-01T10:00:00Z", 1);
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Sede", "Ana", "en", &err), SENDA_OK);
	char a[HLC_LEN], b[HLC_LEN], c[HLC_LEN];
	ck_assert_int_eq(db_tick(db, a, &err), SENDA_OK);
	ck_assert_int_eq(db_tick(db, b, &err), SENDA_OK);
	ck_assert_int_lt(strcmp(a, b), 0);
	db_close(db);
	/* The laptop's clock is set back a year: values still go forward. */
	setenv("SENDA_NOW", "2025-06-01T10:00:00Z", 1);
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_OK);
	ck_assert_int_eq(db_tick(db, c, &err), SENDA_OK);
	ck_assert_int_lt(strcmp(b, c), 0);
	ck_assert_int_eq(hlc_parse(c, NULL, NULL, NULL), 0);
	db_close(db);
	unsetenv("SENDA_NOW");
	free(path);
	remove_tmpdir();
}
END_TEST

static const char count_sql[] = "SELECT count(*) FROM setting";

START_TEST(statement_cache_and_binding)
{
	senda_db *db = open_memory();
	senda_error err = { 0 };
	sqlite3_stmt *s1 = db_prepare(db, count_sql, &err);
	sqlite3_stmt *s2 = db_prepare(db, count_sql, &err);
	ck_assert_ptr_eq(s1, s2);
	ck_assert_int_eq(db_exec(db, &err, put_setting, "tt", "n", NULL), SENDA_OK);
	/* A NULL value is "nothing there", told apart from an error. */
	int64_t v = 7;
	ck_assert_int_eq(db_int(db, &v, &err, "SELECT value FROM setting WHERE key = ?", "t", "n"),
			 SENDA_E_NOTFOUND);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(T_INT(db, "SELECT ? + ?", "iI", 40, (int64_t)2), 42);
	char *t = T_TEXT(db, "SELECT ? || ?", "tt", "'; DROP TABLE setting; --", "x");
	ck_assert_str_eq(t, "'; DROP TABLE setting; --x");
	free(t);
	ck_assert_int_eq(T_INT(db, count_sql, NULL), 1);
	ck_assert_ptr_null(db_prepare(db, "SELECT * FROM no_such_table", &err));
	ck_assert_int_eq(err.code, SENDA_E_DB);
	db_close(db);
}
END_TEST

START_TEST(check_finds_broken_reference)
{
	make_tmpdir();
	char *path = tmpfile_path("fk.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	bool ok = false;
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(db_check(db, 0, &ok, NULL, NULL, NULL, NULL, &err), SENDA_OK);
	ck_assert(ok);
	db_close(db);
	raw_sql(path, "PRAGMA foreign_keys = OFF; INSERT INTO screening (id, site_id, created_at,"
		" updated_at, participant_id, instrument, level, screened_on) VALUES ('s', 'x',"
		" 'now', 'now', 'nobody', 'casas', 3, '2026-01-01');");
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_OK);
	ck_assert_int_eq(db_check(db, 0, &ok, NULL, NULL, NULL, NULL, &err), SENDA_OK);
	ck_assert(!ok);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(backup_copies_and_refuses_overwrite)
{
	make_tmpdir();
	char *path = tmpfile_path("main.db"), *copy = tmpfile_path("copy.db");
	senda_db *db = NULL, *b = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Sede Norte", "Ana", "es", &err), SENDA_OK);
	ck_assert_int_eq(db_backup(db, copy, 0, &err), SENDA_OK);
	struct stat sb;
	ck_assert_int_eq(stat(copy, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(db_backup(db, copy, 0, &err), SENDA_E_EXISTS);
	ck_assert_int_eq(db_open(copy, 0, &b, &err), SENDA_OK);
	char *name = T_GET(char *, site_name, b);
	ck_assert_str_eq(name, "Sede Norte");
	free(name);
	db_close(b);
	db_close(db);
	free(path);
	free(copy);
	remove_tmpdir();
}
END_TEST

/* Privacy by design: no column may hold immigration status, document
 * numbers or SSN. */
START_TEST(schema_has_no_forbidden_columns)
{
	senda_db *db = open_memory();
	regex_t re;
	ck_assert_int_eq(regcomp(&re, "ssn|social_sec|immigra|visa|passport|alien|a_number|"
				 "document_n|doc_num|green_card|citizenship|legal_status|(^|_)itin($|_)",
				 REG_EXTENDED | REG_ICASE | REG_NOSUB), 0);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db),
		"SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p"
		" WHERE m.type = 'table'", -1, &st, NULL), SQLITE_OK);
	int columns = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 1);
		ck_assert_msg(regexec(&re, col, 0, NULL, 0) != 0, "forbidden column %s", col);
		columns++;
	}
	sqlite3_finalize(st);
	regfree(&re);
	ck_assert_int_gt(columns, 100);
	db_close(db);
}
END_TEST

/* Every exchanged table carries the columns merging needs. */
START_TEST(schema_rows_carry_merge_columns)
{
	senda_db *db = open_memory();
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(db_sqlite(db),
		"SELECT m.name, sum(p.name IN ('id', 'site_id', 'created_at', 'updated_at',"
		" 'updated_by', 'deleted')) FROM sqlite_schema m, pragma_table_info(m.name) p"
		" WHERE m.type = 'table' AND m.name NOT IN ('setting', 'esl_level', 'tally', 'tally_day',"
		" 'field_change', 'held_change', 'export_mark')"
		" AND m.name NOT LIKE 'participant_fts%' AND m.name <> 'name_prefix'" /* derived, local */
		" AND m.name <> 'nickname'" /* local: each site's own nicknames */
		/* local: what an erasure removed, who opened what, the backups made */
		" AND m.name NOT IN ('erased_row', 'access_log', 'backup_made')"
		" AND m.name <> 'user_lock'" /* local: PINs tried at this laptop */
		" AND m.name <> 'call_rule'" /* local: each site's own follow-up rules */
		" GROUP BY m.name", -1, &st, NULL), SQLITE_OK);
	int tables = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ck_assert_msg(sqlite3_column_int(st, 1) == 6, "table %s lacks merge columns",
			      sqlite3_column_text(st, 0));
		tables++;
	}
	sqlite3_finalize(st);
	ck_assert_int_ge(tables, 14);
	db_close(db);
}
END_TEST

START_TEST(default_path_is_private_folder)
{
	make_tmpdir();
	char *xdg = tmpfile_path("xdg");
	senda_error err = { 0 };
	unsetenv("SENDA_DB");
	setenv("XDG_DATA_HOME", xdg, 1);
	char *p = db_default_path(true, &err);
	char *want = xasprintf("%s/senda/senda.db", xdg);
	ck_assert_str_eq(p, want);
	char *dir = xasprintf("%s/senda", xdg);
	struct stat sb;
	ck_assert_int_eq(stat(dir, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0700);
	setenv("SENDA_DB", "/elsewhere/x.db", 1);
	char *q = db_default_path(false, &err);
	ck_assert_str_eq(q, "/elsewhere/x.db");
	unsetenv("SENDA_DB");
	unsetenv("XDG_DATA_HOME");
	free(p);
	free(q);
	free(want);
	free(dir);
	free(xdg);
	remove_tmpdir();
}
END_TEST

/* ---- every helper reports its error ------------------------------------ */

/* A file with a site, closed, so that everything is in the file itself. */
static char *
made_file(const char *name)
{
	char *path = tmpfile_path(name);
	senda_error err = { 0 };
	ck_assert_int_eq(site_create_file(path, "Centro", "Ana", "en", NULL, &err), SENDA_OK);
	return path;
}

static void
assert_closed_error(senda_err e, const senda_error *err)
{
	ck_assert_int_eq(e, SENDA_E_DB);
	ck_assert_int_eq(err->code, SENDA_E_DB);
	ck_assert_str_eq(err->detail, "no database is open");
}

START_TEST(closed_handle_is_an_error_everywhere)
{
	senda_db *db = NULL;   /* what a caller holds once the file is closed */
	senda_error err = { 0 };
	int64_t n = 5;
	char *t = (char *)"x";
	int v = 9;
	bool ok = true;
	char clock[HLC_LEN];
	assert_closed_error(db_int(db, &n, &err, "SELECT 1", NULL), &err);
	ck_assert_int_eq(n, 0);
	assert_closed_error(db_text(db, &t, &err, "SELECT 'a'", NULL), &err);
	ck_assert_ptr_null(t);
	assert_closed_error(db_exec(db, &err, "SELECT 1", NULL), &err);
	ck_assert_ptr_null(db_prepare(db, "SELECT 1", &err));
	ck_assert_int_eq(err.code, SENDA_E_DB);
	assert_closed_error(db_bind(db, NULL, &err, NULL), &err);
	assert_closed_error(db_bind_from(db, NULL, &err, 1, NULL), &err);
	assert_closed_error(db_error(db, &err), &err);
	assert_closed_error(db_begin(db, &err), &err);
	assert_closed_error(db_commit(db, &err), &err);
	assert_closed_error(db_setting(db, "k", &t, &err), &err);
	assert_closed_error(db_set_setting(db, "k", "v", &err), &err);
	assert_closed_error(db_schema_version(db, &v, &err), &err);
	assert_closed_error(db_reload_identity(db, &err), &err);
	assert_closed_error(db_tick(db, clock, &err), &err);
	assert_closed_error(db_check(db, 0, &ok, NULL, NULL, NULL, NULL, &err), &err);
	ck_assert(!ok);
	assert_closed_error(db_backup(db, "/nonexistent/x.db", 0, &err), &err);
	/* ...and the model above them: */
	assert_closed_error(participant_count(db, &n, &err), &err);
}
END_TEST

START_TEST(bad_sql_reaches_the_caller)
{
	senda_db *db = open_memory();
	senda_error err = { 0 };
	int64_t n = 5;
	char *t = (char *)"x";
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT nothing FROM site", NULL), SENDA_E_DB);
	ck_assert_int_eq(err.code, SENDA_E_DB);
	ck_assert_ptr_nonnull(strstr(err.detail, "nothing"));
	ck_assert_int_eq(n, 0);
	senda_error_clear(&err);
	ck_assert_int_eq(db_text(db, &t, &err, "SELEC 'a'", NULL), SENDA_E_DB);
	ck_assert_ptr_nonnull(strstr(err.detail, "syntax error"));
	ck_assert_ptr_null(t);
	senda_error_clear(&err);
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM nowhere", NULL), SENDA_E_DB);
	ck_assert_ptr_nonnull(strstr(err.detail, "nowhere"));
	/* A statement that fails while it runs, not when it is prepared. */
	senda_error_clear(&err);
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT abs(-9223372036854775807 - 1)", NULL),
			 SENDA_E_DB);
	ck_assert_ptr_nonnull(strstr(err.detail, "overflow"));
	/* No row and a NULL value are not errors, and are told apart from them. */
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT 1 WHERE 0", NULL), SENDA_E_NOTFOUND);
	ck_assert_int_eq(db_text(db, &t, &err, "SELECT NULL", NULL), SENDA_E_NOTFOUND);
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT 0", NULL), SENDA_OK);
	ck_assert_int_eq(n, 0);
	db_close(db);
}
END_TEST

static const char two_params[] = "SELECT ? || ?";

START_TEST(wrong_type_string_is_refused)
{
	senda_db *db = open_memory();
	senda_error err = { 0 };
	int64_t n = 5;
	char *t = NULL;
	/* Too few, too many, none for a statement that has some. */
	ck_assert_int_eq(db_text(db, &t, &err, two_params, "t", "a"), SENDA_E_DB);
	ck_assert_ptr_nonnull(strstr(err.detail, "1 values from parameter 1 for 2 parameters"));
	ck_assert_ptr_null(t);
	ck_assert_int_eq(db_text(db, &t, &err, two_params, "ttt", "a", "b", "c"), SENDA_E_DB);
	ck_assert_ptr_nonnull(strstr(err.detail, "3 values"));
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT ?", NULL), SENDA_E_DB);
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM setting WHERE key = ?", "tt", "a", "b"),
			 SENDA_E_DB);
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM setting", "t", "a"), SENDA_E_DB);
	/* ?1 twice is one parameter. */
	ck_assert_int_eq(db_text(db, &t, &err, "SELECT ?1 || ?1", "t", "ab"), SENDA_OK);
	ck_assert_str_eq(t, "abab");
	free(t);
	/* A letter that is no type. */
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT ?", "x", 1), SENDA_E_DB);
	ck_assert_ptr_nonnull(strstr(err.detail, "unknown type letter 'x'"));
	/* db_bind and db_bind_from on a prepared statement. */
	sqlite3_stmt *st = db_prepare(db, two_params, &err);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(db_bind(db, st, &err, "t", "a"), SENDA_E_DB);
	ck_assert_int_eq(db_bind(db, st, &err, "tt", "a", "b"), SENDA_OK);
	ck_assert_int_eq(db_bind_from(db, st, &err, 2, "tt", "a", "b"), SENDA_E_DB);
	ck_assert_int_eq(db_bind_from(db, st, &err, 0, "t", "a"), SENDA_E_DB);
	ck_assert_int_eq(db_bind_from(db, st, &err, 2, "t", "z"), SENDA_OK);
	db_reset(st);
	/* The failed ones bound nothing: the statement still runs as bound last. */
	ck_assert_int_eq(db_bind(db, st, &err, "ti", "a", 7), SENDA_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "a7");
	db_reset(st);
	db_close(db);
}
END_TEST

/* The field log's triggers live on the connection, not in the file
 * (schema 007): a connection that only reads never parses them (SQLite
 * parses every trigger stored in a file on its first statement: three
 * quarters of the home screen's cost), and every write still logs. */
#define STORED_LOG_TRIGGERS "SELECT count(*) FROM main.sqlite_schema WHERE type = 'trigger'" \
	" AND (substr(name, 1, 3) = 'xc_' OR substr(name, 1, 4) = 'log_')"
#define TEMP_TRIGGERS "SELECT count(*) FROM temp.sqlite_schema WHERE type = 'trigger'"

START_TEST(field_log_made_on_the_first_write)
{
	make_tmpdir();
	char *path = tmpfile_path("log.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Sede", "Ana", "es", &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, TEMP_TRIGGERS, NULL), 32);   /* two a table, 16 tables */
	db_close(db);

	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, STORED_LOG_TRIGGERS, NULL), 0);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM site", NULL), 1);
	ck_assert_int_eq(T_INT(db, TEMP_TRIGGERS, NULL), 0);      /* reading made none */
	/* A write outside any transaction makes them first, then logs. */
	ck_assert_int_eq(db_exec(db, &err, "UPDATE site SET name = 'Sede Norte',"
				 " updated_at = '2099-01-01T00:00:00.000Z-0000-x'", NULL), SENDA_OK);
	ck_assert_int_eq(T_INT(db, TEMP_TRIGGERS, NULL), 32);   /* two a table, 16 tables */
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM field_change WHERE tbl = 'site'"
			       " AND field = 'name' AND value = 'Sede Norte'", NULL), 1);
	db_close(db);

	/* db_begin makes them before its transaction. */
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_OK);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, TEMP_TRIGGERS, NULL), 32);   /* two a table, 16 tables */
	ck_assert_int_eq(db_exec(db, &err, "UPDATE user SET name = 'Ana María',"
				 " updated_at = '2099-01-01T00:00:00.000Z-0000-y'", NULL), SENDA_OK);
	ck_assert_int_eq(db_commit(db, &err), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM field_change WHERE tbl = 'user'"
			       " AND field = 'name' AND value = 'Ana María'", NULL), 1);
	/* The tables they are on. */
	char *tables = T_TEXT(db, "SELECT group_concat(tbl_name, ' ') FROM (SELECT DISTINCT"
			      " tbl_name FROM temp.sqlite_schema ORDER BY 1)", NULL);
	db_close(db);

	/* A transaction senda did not open, before them: every write of an
	 * exchanged table is refused, never left out of the log. */
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_OK);
	sqlite3 *h = db_sqlite(db);
	ck_assert_int_eq(sqlite3_exec(h, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	int n = 0;
	for (char *t = strtok(tables, " "); t; t = strtok(NULL, " "), n++) {
		sqlite3_stmt *st = NULL;
		char *sql = xasprintf("UPDATE %s SET updated_at = updated_at", t);
		ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_AUTH, "%s", sql);
		free(sql);
		sql = xasprintf("INSERT INTO %s SELECT * FROM %s", t, t);
		ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_AUTH, "%s", sql);
		free(sql);
	}
	ck_assert_int_eq(n, 16);
	ck_assert_int_eq(db_exec(db, &err, "UPDATE site SET name = 'x'", NULL), SENDA_E_DB);
	senda_error_clear(&err);
	/* Other tables are not the log's. */
	ck_assert_int_eq(db_exec(db, &err, "UPDATE setting SET value = value", NULL), SENDA_OK);
	ck_assert_int_eq(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	char *name = T_GET(char *, site_name, db);
	ck_assert_str_eq(name, "Sede Norte");
	free(name);
	db_close(db);
	free(tables);
	free(path);
	remove_tmpdir();
}
END_TEST

/* A file of schema 6 holds the log's triggers: migration 7 takes them out
 * of it, and its writes are logged as before. */
START_TEST(field_log_upgrade_drops_the_stored_triggers)
{
	make_tmpdir();
	char *path = tmpfile_path("old.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_CREATE, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, "Sede", "Ana", "es", &err), SENDA_OK);
	ck_assert_int_eq(db_rerun_migration(db, 4, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "PRAGMA user_version = 6", NULL), SENDA_OK);
	ck_assert_int_eq(T_INT(db, STORED_LOG_TRIGGERS, NULL), 124);
	db_close(db);
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_OK);
	ck_assert_int_eq(T_GET(int, db_schema_version, db), db_latest_version());
	ck_assert_int_eq(T_INT(db, STORED_LOG_TRIGGERS, NULL), 0);
	int64_t before = T_INT(db, "SELECT count(*) FROM field_change", NULL);
	ck_assert_int_eq(db_exec(db, &err, "UPDATE site SET name = 'Sede Norte', kind = kind,"
				 " updated_at = '2099-01-01T00:00:00.000Z-0000-x'", NULL), SENDA_OK);
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM field_change", NULL), before + 1);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(read_only_handle_refuses_writes)
{
	make_tmpdir();
	char *path = made_file("ro.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_READONLY, &db, &err), SENDA_OK);
	int64_t n = 0;
	/* Reading works... */
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT count(*) FROM site", NULL), SENDA_OK);
	ck_assert_int_eq(n, 1);
	/* ...every write says why not. */
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM site", NULL), SENDA_E_IO);
	ck_assert_ptr_nonnull(strstr(err.detail, "readonly"));
	senda_error_clear(&err);
	ck_assert_int_eq(db_int(db, &n, &err, "INSERT INTO setting (key, value) VALUES ('a', 'b')"
				" RETURNING 1", NULL), SENDA_E_IO);
	senda_error_clear(&err);
	ck_assert_int_eq(db_set_setting(db, "k", "v", &err), SENDA_E_IO);
	char clock[HLC_LEN];
	senda_error_clear(&err);
	ck_assert_int_eq(db_tick(db, clock, &err), SENDA_E_IO);
	senda_error_clear(&err);
	ck_assert_int_eq(db_begin(db, &err), SENDA_OK);
	ck_assert_int_eq(db_exec(db, &err, "UPDATE site SET name = 'x'", NULL), SENDA_E_IO);
	db_rollback(db);
	char *name = T_GET(char *, site_name, db);
	ck_assert_str_eq(name, "Centro");
	free(name);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

/* A file in the rollback-journal mode opened read-only (as a copy from
 * elsewhere would be) while another program holds its exclusive lock:
 * even reading is busy. */
static senda_db *
open_locked(const char *path, sqlite3 **holder)
{
	raw_sql(path, "PRAGMA journal_mode = DELETE");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, DB_READONLY, &db, &err), SENDA_OK);
	sqlite3_busy_timeout(db_sqlite(db), 50);
	ck_assert_int_eq(sqlite3_open(path, holder), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(*holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

START_TEST(busy_file_is_told_busy)
{
	make_tmpdir();
	char *path = made_file("busy-read.db");
	sqlite3 *holder = NULL;
	senda_db *db = open_locked(path, &holder);
	senda_error err = { 0 };
	int64_t n = 5;
	char *t = (char *)"x";
	int v = 9;
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT count(*) FROM site", NULL), SENDA_E_BUSY);
	ck_assert_int_eq(err.code, SENDA_E_BUSY);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(db_text(db, &t, &err, "SELECT name FROM site", NULL), SENDA_E_BUSY);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(db_setting(db, "site_id", &t, &err), SENDA_E_BUSY);
	ck_assert_int_eq(db_schema_version(db, &v, &err), SENDA_E_BUSY);
	ck_assert_int_eq(db_exec(db, &err, "SELECT count(*) FROM participant", NULL), SENDA_E_BUSY);
	ck_assert_int_eq(db_reload_identity(db, &err), SENDA_E_BUSY);
	ck_assert_str_eq(db_site_id(db), "");   /* reads as not set up, and says why */
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM site WHERE id = ?", &err);
	if (st) {   /* prepared before the lock when the schema was cached */
		ck_assert_int_eq(db_bind(db, st, &err, "t", "x"), SENDA_OK);
		ck_assert_int_eq(db_step_one(db, st, "x", NULL, NULL, NULL, &err), SENDA_E_BUSY);
	} else {
		ck_assert_int_eq(err.code, SENDA_E_BUSY);
	}
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	/* Once the other program lets go, the same calls work. */
	ck_assert_int_eq(db_reload_identity(db, &err), SENDA_OK);
	ck_assert_str_ne(db_site_id(db), "");
	ck_assert_int_eq(T_INT(db, "SELECT count(*) FROM site", NULL), 1);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(busy_writer_is_told_busy_by_every_write)
{
	make_tmpdir();
	char *path = made_file("busy-write.db");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_OK);
	sqlite3_busy_timeout(db_sqlite(db), 50);
	sqlite3 *holder = NULL;
	ck_assert_int_eq(sqlite3_open(path, &holder), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	int64_t n = 5;
	char clock[HLC_LEN];
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM setting WHERE key = 'x'", NULL),
			 SENDA_E_BUSY);
	ck_assert_int_eq(db_int(db, &n, &err, "INSERT INTO setting (key, value) VALUES ('a', 'b')"
				" RETURNING 1", NULL), SENDA_E_BUSY);
	ck_assert_int_eq(db_set_setting(db, "k", "v", &err), SENDA_E_BUSY);
	ck_assert_int_eq(db_tick(db, clock, &err), SENDA_E_BUSY);
	ck_assert_int_eq(db_begin(db, &err), SENDA_E_BUSY);
	/* Reading a WAL file is never blocked by a writer. */
	ck_assert_int_eq(participant_count(db, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 0);
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

/* ---- the model above: counts of a file that cannot be read ------------- */

START_TEST(counts_of_a_locked_file_are_errors_not_zero)
{
	make_tmpdir();
	char *path = made_file("counts-locked.db");
	sqlite3 *holder = NULL;
	senda_db *db = open_locked(path, &holder);
	senda_error err = { 0 };
	int64_t n = 5;
	int level = 3, days = 1;
	ck_assert_int_eq(participant_count(db, &n, &err), SENDA_E_BUSY);
	ck_assert_int_eq(referral_open_count(db, &n, &err), SENDA_E_BUSY);
	ck_assert_int_eq(referral_overdue_count(db, &n, &err), SENDA_E_BUSY);
	ck_assert_int_eq(referral_overdue_days(db, &days, &err), SENDA_E_BUSY);
	/* Not "never screened": */
	ck_assert_int_eq(screening_current_level(db, "00000000", &level, &err), SENDA_E_BUSY);
	struct home_stats hs;
	ck_assert_int_eq(stats_home(db, clock_today(), &hs, &err), SENDA_E_BUSY);
	struct file_stats fs;
	ck_assert_int_eq(stats_file(db, &fs, &err), SENDA_E_BUSY);
	ck_assert_ptr_null(fs.site_name);
	char *name = (char *)"x";
	ck_assert_int_eq(site_name(db, &name, &err), SENDA_E_BUSY);
	ck_assert_ptr_null(name);
	ck_assert_int_eq(esl_level_name(db, 3, "en", &name, &err), SENDA_E_BUSY);
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	/* Free again: the real numbers. */
	ck_assert_int_eq(participant_count(db, &n, &err), SENDA_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(screening_current_level(db, "00000000", &level, &err), SENDA_OK);
	ck_assert_int_eq(level, 0);
	ck_assert_int_eq(stats_file(db, &fs, &err), SENDA_OK);
	ck_assert_str_eq(fs.site_name, "Centro");
	ck_assert_str_eq(fs.counts[0].label, "Participants");
	stats_file_free(&fs);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

/* Overwrite the b-tree page of table tbl with garbage. */
static void
damage_table(const char *path, const char *tbl)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT rootpage, (SELECT page_size FROM"
					    " pragma_page_size) FROM sqlite_schema WHERE name = ?",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long page = sqlite3_column_int(st, 0), size = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	sqlite3_close(h);
	int fd = open(path, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	char junk[512];
	memset(junk, 0x5a, sizeof junk);
	for (long off = 0; off < size; off += (long)sizeof junk)
		ck_assert_int_eq(pwrite(fd, junk, sizeof junk, (page - 1) * size + off),
				 (ssize_t)sizeof junk);
	close(fd);
}

START_TEST(counts_of_a_damaged_file_are_errors_not_zero)
{
	make_tmpdir();
	char *path = made_file("counts-damaged.db");
	damage_table(path, "tally");
	damage_table(path, "screening");
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(path, 0, &db, &err), SENDA_OK);
	int64_t n = 5;
	ck_assert_int_eq(db_int(db, &n, &err, "SELECT n FROM tally", NULL), SENDA_E_CORRUPT);
	ck_assert_int_eq(participant_count(db, &n, &err), SENDA_E_CORRUPT);
	ck_assert_int_eq(n, 0);
	struct home_stats hs;
	ck_assert_int_eq(stats_home(db, clock_today(), &hs, &err), SENDA_E_CORRUPT);
	struct file_stats fs;
	ck_assert_int_eq(stats_file(db, &fs, &err), SENDA_E_CORRUPT);
	db_close(db);
	free(path);
	remove_tmpdir();
}
END_TEST

START_TEST(missing_tally_is_damage_not_zero)
{
	senda_db *db = open_memory();
	senda_error err = { 0 };
	ck_assert_int_eq(db_exec(db, &err, "DELETE FROM tally", NULL), SENDA_OK);
	int64_t n = 5;
	ck_assert_int_eq(participant_count(db, &n, &err), SENDA_E_CORRUPT);
	db_close(db);
}
END_TEST

int
main(void)
{
	i18n_init();
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("db");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, memory_db_is_migrated);
	tcase_add_test(tc, migration_runs_twice);
	tcase_add_test(tc, new_file_is_private_and_wal);
	tcase_add_test(tc, temp_store_file_and_bulk_load);
	tcase_add_test(tc, bulk_load_inner_transactions);
	tcase_add_test(tc, refuses_text_file_untouched);
	tcase_add_test(tc, refuses_foreign_sqlite_untouched);
	tcase_add_test(tc, refuses_newer_schema);
	tcase_add_test(tc, missing_folder_and_file);
	tcase_add_test(tc, nested_transactions);
	tcase_add_test(tc, second_writer_is_told_busy);
	tcase_add_test(tc, settings_round_trip);
	tcase_add_test(tc, clock_survives_reopen_and_wrong_clock);
	tcase_add_test(tc, statement_cache_and_binding);
	tcase_add_test(tc, check_finds_broken_reference);
	tcase_add_test(tc, backup_copies_and_refuses_overwrite);
	tcase_add_test(tc, schema_has_no_forbidden_columns);
	tcase_add_test(tc, schema_rows_carry_merge_columns);
	tcase_add_test(tc, default_path_is_private_folder);
	suite_add_tcase(s, tc);
	TCase *te = tcase_create("errors reach the caller");
	tcase_set_timeout(te, 30);
	tcase_add_test(te, closed_handle_is_an_error_everywhere);
	tcase_add_test(te, bad_sql_reaches_the_caller);
	tcase_add_test(te, wrong_type_string_is_refused);
	tcase_add_test(te, read_only_handle_refuses_writes);
	tcase_add_test(te, field_log_made_on_the_first_write);
	tcase_add_test(te, field_log_upgrade_drops_the_stored_triggers);
	tcase_add_test(te, busy_file_is_told_busy);
	tcase_add_test(te, busy_writer_is_told_busy_by_every_write);
	tcase_add_test(te, counts_of_a_locked_file_are_errors_not_zero);
	tcase_add_test(te, counts_of_a_damaged_file_are_errors_not_zero);
	tcase_add_test(te, missing_tally_is_damage_not_zero);
	tcase_add_test(te, big_statement_in_a_transaction);
	suite_add_tcase(s, te);
	return run_suite_tap(s);
}
