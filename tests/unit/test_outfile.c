/* senda unit tests — outfile, the one writer of every output file: what it
 * refuses, and that a refused or failed write leaves nothing behind. */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"

static char dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/senda-test-outfile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *
at(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char buf[256];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

/* Names in dir other than those listed (NULL-terminated), one a line. */
static char *
others(const char *const *keep)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	char *list = xstrdup("");
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		bool kept = false;
		for (size_t i = 0; keep[i]; i++)
			kept |= !strcmp(e->d_name, keep[i]);
		if (!kept) {
			char *l = xasprintf("%s%s\n", list, e->d_name);
			free(list);
			list = l;
		}
	}
	closedir(d);
	return list;
}

START_TEST(refuses_the_database_by_name_and_by_inode)
{
	char *db = at("p.db"), *wal = at("p.db-wal"), *hard = at("hard.db");
	char *odd = xasprintf("%s/./p.db-shm", dir);
	put(db, "the records");
	ck_assert_int_eq(link(db, hard), 0);
	senda_error err = { 0 };
	/* The database itself, an absent -wal, another spelling of -shm, a hard link. */
	ck_assert_int_eq(outfile_check(db, db, OUTFILE_FORCE, &err), SENDA_E_IO);
	ck_assert_ptr_nonnull(strstr(err.detail, "is the open database"));
	ck_assert_int_eq(outfile_check(wal, db, OUTFILE_FORCE, &err), SENDA_E_IO);
	ck_assert_int_eq(outfile_check(odd, db, OUTFILE_FORCE, &err), SENDA_E_IO);
	ck_assert_int_eq(outfile_check(hard, db, OUTFILE_FORCE, &err), SENDA_E_IO);
	ck_assert_int_eq(outfile_write(wal, "x", 1, db, OUTFILE_FORCE, &err), SENDA_E_IO);
	ck_assert_int_eq(access(wal, F_OK), -1);
	char *text = slurp(db);
	ck_assert_str_eq(text, "the records");
	free(text);
	/* Another file beside it is fine; with no database, so is any name. */
	char *other = at("p.csv");
	ck_assert_int_eq(outfile_check(other, db, 0, &err), SENDA_OK);
	ck_assert_int_eq(outfile_check(wal, NULL, 0, &err), SENDA_OK);
	free(other);
	free(db);
	free(wal);
	free(hard);
	free(odd);
}
END_TEST

START_TEST(refuses_links_folders_and_existing_files)
{
	char *target = at("target"), *link = at("link"), *dangling = at("dangling");
	char *nowhere = at("nowhere"), *sub = at("sub");
	put(target, "keep");
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(symlink(nowhere, dangling), 0);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	senda_error err = { 0 };
	ck_assert_int_eq(outfile_write(link, "x", 1, NULL, OUTFILE_FORCE, &err), SENDA_E_IO);
	ck_assert_ptr_nonnull(strstr(err.detail, "symbolic link"));
	ck_assert_int_eq(outfile_write(dangling, "x", 1, NULL, OUTFILE_FORCE, &err), SENDA_E_IO);
	ck_assert_int_eq(access(nowhere, F_OK), -1);
	ck_assert_int_eq(outfile_write(sub, "x", 1, NULL, OUTFILE_FORCE, &err), SENDA_E_IO);
	ck_assert_int_eq(outfile_write(target, "new", 3, NULL, 0, &err), SENDA_E_EXISTS);
	char *text = slurp(target);
	ck_assert_str_eq(text, "keep");
	free(text);
	ck_assert_int_eq(outfile_write(target, "new", 3, NULL, OUTFILE_FORCE, &err), SENDA_OK);
	text = slurp(target);
	ck_assert_str_eq(text, "new");
	free(text);
	struct stat sb;
	ck_assert_int_eq(lstat(link, &sb), 0);
	ck_assert(S_ISLNK(sb.st_mode));
	char *missing = at("no/such/file");
	ck_assert_int_eq(outfile_write(missing, "x", 1, NULL, 0, &err), SENDA_E_NODIR);
	const char *keep[] = { "target", "link", "dangling", "sub", NULL };
	char *left = others(keep);
	ck_assert_str_eq(left, "");
	free(left);
	free(missing);
	free(target);
	free(link);
	free(dangling);
	free(nowhere);
	free(sub);
}
END_TEST

/* A file that appears between begin and commit is never replaced without
 * OUTFILE_FORCE (the loser of two racing writers is told, and removes only
 * its own temporary). */
START_TEST(commit_never_replaces_a_file_that_appeared)
{
	char *path = at("race.txt");
	senda_error err = { 0 };
	outfile of;
	ck_assert_int_eq(outfile_begin(&of, path, NULL, 0, &err), SENDA_OK);
	ck_assert_int_eq(outfile_put(&of, "mine", 4, &err), SENDA_OK);
	put(path, "theirs");
	ck_assert_int_eq(outfile_commit(&of, &err), SENDA_E_EXISTS);
	char *text = slurp(path);
	ck_assert_str_eq(text, "theirs");
	free(text);
	const char *keep[] = { "race.txt", NULL };
	char *left = others(keep);
	ck_assert_str_eq(left, "");
	free(left);
	/* Aborted, nothing is left either. */
	char *other = at("other.txt");
	ck_assert_int_eq(outfile_begin(&of, other, NULL, 0, &err), SENDA_OK);
	outfile_abort(&of);
	ck_assert_int_eq(access(other, F_OK), -1);
	left = others(keep);
	ck_assert_str_eq(left, "");
	free(left);
	free(other);
	free(path);
}
END_TEST

START_TEST(written_file_is_private)
{
	char *path = at("out.txt");
	senda_error err = { 0 };
	umask(022);
	ck_assert_int_eq(outfile_write(path, "hello\n", 6, NULL, 0, &err), SENDA_OK);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(sb.st_size, 6);
	free(path);
}
END_TEST

int
main(void)
{
	i18n_init();
	Suite *s = suite_create("outfile");
	TCase *tc = tcase_create("outfile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, refuses_the_database_by_name_and_by_inode);
	tcase_add_test(tc, refuses_links_folders_and_existing_files);
	tcase_add_test(tc, commit_never_replaces_a_file_that_appeared);
	tcase_add_test(tc, written_file_is_private);
	suite_add_tcase(s, tc);
	return run_suite_tap(s);
}
