/* senda — a bundle is read as it was when it was opened (issue 10): the
 * checksum of format 2 is taken over the file's bytes when xcb_open opens
 * it, the merge reads the entries much later; a plain bundle written in
 * between (another program writing the USB stick's file) or replaced under
 * its name must not be what is read. xcb_open reads both kinds from a
 * private copy in $TMPDIR; these tests hold it to that, to the copy's
 * failures (said, nothing left behind) and to what is no bundle (a FIFO,
 * a folder, an empty file). Sites in memory; bundles in a private folder,
 * which is $TMPDIR too. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "exchange/bundle.h"
#include "senda/db.h"
#include "senda/exchange.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/participant.h"
#include "senda/site.h"

static char dir[256];

static void
make_dir(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/senda-bo-XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* The private copies go here too: what is left is seen. */
	setenv("TMPDIR", dir, 1);
	setenv("SENDA_NOW", "2026-11-30T12:00:00Z", 1);
}

static void
remove_dir(void)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || strcmp(e->d_name, "..") == 0))
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		if (rmdir(p) != 0)
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Files named senda-bundle-* in $TMPDIR (the private copies). */
static int
copies_left(void)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, "senda-bundle-", 13) == 0;
	closedir(d);
	return n;
}

static senda_db *
site(const char *name)
{
	senda_db *db = NULL;
	senda_error err = { 0 };
	ck_assert_int_eq(db_open(NULL, DB_MEMORY, &db, &err), SENDA_OK);
	ck_assert_int_eq(site_setup(db, name, "Ana Ruiz", "en", &err), SENDA_OK);
	return db;
}

static void
add(senda_db *db, const char *given)
{
	participant p;
	participant_init(&p);
	participant_set(&p.given_names, given);
	participant_set(&p.first_surname, "Peña");
	p.consent_share = 1;
	senda_error err = { 0 };
	ck_assert_msg(participant_create(db, &p, &err) == SENDA_OK, "add: %s", err.detail);
	participant_free(&p);
}

/* A full plain export of db, of the given format, to dir/name; its path. */
static char *
export_plain(senda_db *db, const char *name, int format)
{
	char *path = xasprintf("%s/%s", dir, name);
	xc_export_opts o = { .full = true, .out = path, .out_flags = OUTFILE_FORCE };
	xc_export_result res;
	senda_error err = { 0 };
	int old = xc_export_format(format);
	senda_err e = xc_export(db, &o, &res, &err);
	xc_export_format(old);
	ck_assert_msg(e == SENDA_OK, "export: %s", err.detail);
	return path;
}

static void
copy_bytes(const char *from, int to_fd)
{
	FILE *in = fopen(from, "rb");
	ck_assert_ptr_nonnull(in);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		ck_assert_int_eq(write(to_fd, buf, n), (ssize_t)n);
	fclose(in);
}

static int64_t
count(sqlite3 *b, const char *sql)
{
	sqlite3_stmt *st = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(b, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Open a's bundle (as the merge does: a small cache, emptied), then write
 * b's bundle over a's file, in place (another program writing the stick's
 * file), or put it under a's name; what is read through the connection is
 * still a's. Both formats (format 1 is hashed as read, format 2 when
 * opened). */
static void
open_then_change(int format, bool rename_over)
{
	make_dir();
	senda_db *a = site("Sede A"), *bb = site("Sede B");
	add(a, "Rosa");
	add(bb, "Luis");
	add(bb, "Noé");
	add(bb, "Li");
	char *pa = export_plain(a, "a.bundle", format), *pb = export_plain(bb, "b.bundle", format);
	sqlite3 *b = NULL;
	char *tmp = NULL;
	xcb_sum later;
	xc_refusal why = XC_OK;
	senda_error err = { 0 };
	ck_assert_msg(xcb_open(pa, NULL, 0, NULL, &b, &tmp, &later, &why, &err) == SENDA_OK,
		      "open: %s", err.detail);
	sqlite3_exec(b, "PRAGMA cache_size = -256", NULL, NULL, NULL);
	sqlite3_db_release_memory(b);
	if (rename_over) {
		ck_assert_int_eq(rename(pb, pa), 0);
	} else {
		int fd = open(pa, O_WRONLY | O_TRUNC);
		ck_assert_int_ge(fd, 0);
		copy_bytes(pb, fd);
		ck_assert_int_eq(close(fd), 0);
	}
	char *site_id = xcb_manifest_value(b, "site_id");
	ck_assert_ptr_nonnull(site_id);
	ck_assert_str_eq(site_id, db_site_id(a));
	ck_assert_int_eq(count(b, format >= 2 ? "SELECT count(*) FROM row_participant"
			       : "SELECT count(*) FROM entry WHERE tbl = 'participant' AND field = ''"),
			 1);
	free(site_id);
	ck_assert_ptr_nonnull(tmp);   /* a plain bundle has its private copy too */
	xcb_close(b, tmp);
	ck_assert_int_eq(copies_left(), 0);
	free(pa);
	free(pb);
	db_close(a);
	db_close(bb);
	remove_dir();
}

START_TEST(a_plain_bundle_written_over_after_the_open_is_read_as_opened)
{
	open_then_change(XC_FORMAT_VERSION, false);
}
END_TEST

START_TEST(a_plain_bundle_of_format_1_written_over_is_read_as_opened)
{
	open_then_change(1, false);
}
END_TEST

START_TEST(a_plain_bundle_replaced_under_its_name_is_read_as_opened)
{
	open_then_change(XC_FORMAT_VERSION, true);
}
END_TEST

/* The copy cannot be written (the file size limit stands for a full disk:
 * the same failed write): said with the system's reason, not a refusal
 * of the bundle, and no copy left behind. */
START_TEST(a_copy_that_cannot_be_written_says_why_and_leaves_nothing)
{
	make_dir();
	senda_db *a = site("Sede A");
	add(a, "Rosa");
	char *pa = export_plain(a, "a.bundle", XC_FORMAT_VERSION);
	struct stat sb;
	ck_assert_int_eq(stat(pa, &sb), 0);
	ck_assert_int_gt(sb.st_size, 16384);
	struct rlimit before, small;
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &before), 0);
	small = before;
	small.rlim_cur = 16384;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	sqlite3 *b = NULL;
	char *tmp = NULL;
	xc_refusal why = XC_OK;
	senda_error err = { 0 };
	senda_err e = xcb_open(pa, NULL, 0, NULL, &b, &tmp, NULL, &why, &err);
	setrlimit(RLIMIT_FSIZE, &before);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_int_eq(e, SENDA_E_IO);
	ck_assert_int_eq(why, XC_OK);
	ck_assert_ptr_null(b);
	ck_assert_ptr_null(tmp);
	ck_assert_msg(strstr(err.detail, strerror(EFBIG)) && strstr(err.detail, dir),
		      "detail: %s", err.detail);
	ck_assert_int_eq(copies_left(), 0);
	free(pa);
	db_close(a);
	remove_dir();
}
END_TEST

static xc_refusal
refusal_of(const char *path)
{
	sqlite3 *b = NULL;
	char *tmp = NULL;
	xc_refusal why = XC_OK;
	senda_error err = { 0 };
	ck_assert_int_eq(xcb_open(path, NULL, 0, NULL, &b, &tmp, NULL, &why, &err), SENDA_E_FORMAT);
	ck_assert_ptr_null(tmp);
	return why;
}

/* What is no bundle is refused as such before anything is read: a FIFO
 * without a writer (not waited on: the test would time out, its case
 * has 10 seconds), a folder, an
 * empty file; and xc_bundle_encrypted does not wait on the FIFO either. */
START_TEST(a_fifo_a_folder_an_empty_file_are_no_bundles)
{
	make_dir();
	char *fifo = xasprintf("%s/fifo.bundle", dir), *sub = xasprintf("%s/folder.bundle", dir),
	     *empty = xasprintf("%s/empty.bundle", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	FILE *f = fopen(empty, "wb");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert(!xc_bundle_encrypted(fifo));
	ck_assert_int_eq(refusal_of(fifo), XC_NOT_BUNDLE);
	ck_assert_int_eq(refusal_of(sub), XC_NOT_BUNDLE);
	ck_assert_int_eq(refusal_of(empty), XC_NOT_BUNDLE);
	ck_assert_int_eq(copies_left(), 0);
	free(fifo);
	free(sub);
	free(empty);
	remove_dir();
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("bundle_open");
	TCase *tc = tcase_create("private copy");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_plain_bundle_written_over_after_the_open_is_read_as_opened);
	tcase_add_test(tc, a_plain_bundle_of_format_1_written_over_is_read_as_opened);
	tcase_add_test(tc, a_plain_bundle_replaced_under_its_name_is_read_as_opened);
	tcase_add_test(tc, a_copy_that_cannot_be_written_says_why_and_leaves_nothing);
	suite_add_tcase(s, tc);
	TCase *tn = tcase_create("no bundle");
	tcase_set_timeout(tn, 10);
	tcase_add_test(tn, a_fifo_a_folder_an_empty_file_are_no_bundles);
	suite_add_tcase(s, tn);
	return run_suite_tap(s);
}
