/* senda — unit tests of the temporary files removed on a signal
 * (src/util/tmpfile.c): an export stopped by Ctrl-C left a hidden file of
 * names, phones and birth dates beside its output. Each case runs in a
 * child process of its own, which the signal ends. */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/tmpfile.h"

static char dir[] = "/tmp/senda-tmpfile-test-XXXXXX";

static bool
exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void
make(const char *path, mode_t mode)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("Quispe, Zenaida, 1990-02-28\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

/* The test runner (Check) has handlers of its own for SIGINT and SIGTERM,
 * which kill the whole test: a child starts as a plain process does. */
static void
plain_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
}

static int handled;
static void
earlier_handler(int sig)
{
	(void)sig;
	handled = 1;
}

/* A child tracks a file (and its -journal), then gets sig: the files are
 * gone and the child ended as the signal ends a process. */
static void
stopped_by(int sig)
{
	char *path = xasprintf("%s/.out.csv.AbC123", dir);
	char *journal = xasprintf("%s-journal", path);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		plain_signals();
		make(path, 0600);
		make(journal, 0600);
		tmpfile_track(path);
		raise(sig);
		_exit(3);   /* not reached: the signal ends the child */
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), sig);
	ck_assert(!exists(path));
	ck_assert(!exists(journal));
	free(path);
	free(journal);
}

START_TEST(a_signal_removes_the_tracked_files)
{
	stopped_by(SIGINT);
	stopped_by(SIGTERM);
	stopped_by(SIGHUP);
}
END_TEST

/* A merge holds a private copy of every bundle it takes at once (a hub's
 * twenty sites and more): every one of them is removed by the signal, not
 * the first sixteen only. */
START_TEST(a_signal_removes_every_tracked_file_however_many)
{
	enum { N = 40 };
	char *path[N];
	for (int i = 0; i < N; i++)
		path[i] = xasprintf("%s/senda-bundle-M%05d", dir, i);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		plain_signals();
		for (int i = 0; i < N; i++) {
			make(path[i], 0600);
			tmpfile_track(path[i]);
		}
		tmpfile_untrack(path[3]);   /* a slot freed is used again */
		tmpfile_track(path[3]);
		raise(SIGTERM);
		_exit(3);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	for (int i = 0; i < N; i++) {
		ck_assert_msg(!exists(path[i]), "%s was left", path[i]);
		free(path[i]);
	}
}
END_TEST

START_TEST(an_untracked_file_stays_and_an_earlier_handler_still_runs)
{
	char *kept = xasprintf("%s/renamed.csv", dir);
	char *gone = xasprintf("%s/.x.csv.QwErTy", dir);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		plain_signals();
		signal(SIGTERM, earlier_handler);   /* as curses does */
		make(kept, 0600);
		make(gone, 0600);
		tmpfile_track(kept);
		tmpfile_track(gone);
		tmpfile_untrack(kept);   /* renamed into place: the export's */
		raise(SIGTERM);
		_exit(handled ? 7 : 8);   /* the earlier handler ran; the child goes on */
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 7);
	ck_assert(exists(kept));
	ck_assert(!exists(gone));
	unlink(kept);
	free(kept);
	free(gone);
}
END_TEST

/* An output file begun and never finished: Ctrl-C removes its temporary. */
START_TEST(an_output_file_stopped_halfway_leaves_nothing)
{
	char *out = xasprintf("%s/people.csv", dir);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		plain_signals();
		outfile of;
		senda_error err = { 0 };
		if (outfile_begin(&of, out, NULL, 0, &err) != SENDA_OK)
			_exit(4);
		outfile_put(&of, "given,surname\nZenaida,Quispe\n", 29, &err);
		raise(SIGINT);
		_exit(5);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert(!exists(out));
	char *ls = xasprintf("ls -A %s | grep -c people", dir);
	FILE *p = popen(ls, "r");
	int n = -1;
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	ck_assert_int_eq(n, 0);
	free(ls);
	free(out);
}
END_TEST

static void
age(const char *path, int seconds)
{
	struct timeval tv[2];
	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= seconds;
	tv[1] = tv[0];
	ck_assert_int_eq(utimes(path, tv), 0);
}

START_TEST(the_sweep_removes_only_old_private_leftovers_of_ours)
{
	static const struct {
		const char *name;
		mode_t mode;
		int age;
		bool removed;
	} f[] = {
		{ ".out.csv.AbC123", 0600, 7200, true },           /* left by SIGKILL */
		{ ".out.csv.AbC123-journal", 0600, 7200, true },
		{ ".out.csv.ZzZ999", 0600, 60, false },            /* another export, now */
		{ ".out.csv.AbC12", 0600, 7200, false },           /* not six characters */
		{ ".out.csv.AbC123.bak", 0600, 7200, false },
		{ ".out.csv.QQQ111", 0644, 7200, false },          /* not one of ours */
		{ "out.csv", 0600, 7200, false },                  /* the export itself */
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		char *p = xasprintf("%s/%s", dir, f[i].name);
		make(p, f[i].mode);
		age(p, f[i].age);
		free(p);
	}
	ck_assert_int_eq(tmpfile_sweep(dir, ".out.csv."), 2);
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		char *p = xasprintf("%s/%s", dir, f[i].name);
		ck_assert_msg(exists(p) == !f[i].removed, "%s", f[i].name);
		unlink(p);
		free(p);
	}
}
END_TEST

int
main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	Suite *s = suite_create("tmpfile");
	TCase *tc = tcase_create("tmpfile");
	tcase_add_test(tc, a_signal_removes_the_tracked_files);
	tcase_add_test(tc, a_signal_removes_every_tracked_file_however_many);
	tcase_add_test(tc, an_untracked_file_stays_and_an_earlier_handler_still_runs);
	tcase_add_test(tc, an_output_file_stopped_halfway_leaves_nothing);
	tcase_add_test(tc, the_sweep_removes_only_old_private_leftovers_of_ours);
	suite_add_tcase(s, tc);
	int r = run_suite_tap(s);
	rmdir(dir);
	return r;
}
