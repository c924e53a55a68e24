/* senda — temporary files removed on a signal (see include/senda/tmpfile.h).
 * An export writes people's names, phones and birth dates into a temporary
 * file before it renames it into place (or encrypts it): Ctrl-C in the
 * middle left that file behind, hidden (.NAME.XXXXXX) beside the export or
 * in $TMPDIR, in clear. */
#include <config.h>

#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "senda/mem.h"
#include "senda/tmpfile.h"

static const char *const suffix[] = { "", "-journal", "-wal", "-shm" };
#define NSUFFIX (sizeof suffix / sizeof suffix[0])

/* Made before the signal can come, so that the handler only unlinks
 * (async-signal-safe). As many as are open at once: a merge holds a
 * private copy of every bundle it takes (a hub's of twenty sites), so the
 * table grows, with the signals blocked (never while the handler reads
 * it). */
static char *(*tracked)[NSUFFIX];
static size_t ntracked;
static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
#define NSIGS (sizeof sigs / sizeof sigs[0])
static struct sigaction before[NSIGS];
static bool installed;

static void
on_signal(int sig)
{
	for (size_t i = 0; i < ntracked; i++)
		for (size_t j = 0; j < NSUFFIX; j++)
			if (tracked[i][j])
				unlink(tracked[i][j]);
	for (size_t k = 0; k < NSIGS; k++) {
		if (sigs[k] != sig)
			continue;
		/* The handler that was there before (the interface's restores the
		 * terminal), or what the signal does by default. */
		sigaction(sig, &before[k], NULL);
		if (before[k].sa_handler != SIG_DFL && before[k].sa_handler != SIG_IGN &&
		    !(before[k].sa_flags & SA_SIGINFO)) {
			before[k].sa_handler(sig);
			return;
		}
		if (before[k].sa_handler == SIG_IGN)
			return;
		raise(sig);
	}
}

static void
block(sigset_t *old, bool on)
{
	if (on) {
		sigset_t all;
		sigemptyset(&all);
		for (size_t k = 0; k < NSIGS; k++)
			sigaddset(&all, sigs[k]);
		sigprocmask(SIG_BLOCK, &all, old);
	} else {
		sigprocmask(SIG_SETMASK, old, NULL);
	}
}

void
tmpfile_track(const char *path)
{
	sigset_t old;
	block(&old, true);
	if (!installed) {
		installed = true;
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		for (size_t k = 0; k < NSIGS; k++) {
			sigaction(sigs[k], NULL, &before[k]);
			if (before[k].sa_handler != SIG_IGN)   /* nohup's SIGHUP stays ignored */
				sigaction(sigs[k], &sa, NULL);
		}
	}
	size_t i = 0;
	while (i < ntracked && tracked[i][0])
		i++;
	if (i == ntracked) {
		size_t more = ntracked ? ntracked * 2 : 16;
		tracked = xrealloc(tracked, more * sizeof *tracked);
		memset(tracked + ntracked, 0, (more - ntracked) * sizeof *tracked);
		ntracked = more;
	}
	for (size_t j = 0; j < NSUFFIX; j++)
		tracked[i][j] = xasprintf("%s%s", path, suffix[j]);
	block(&old, false);
}

void
tmpfile_untrack(const char *path)
{
	sigset_t old;
	block(&old, true);
	for (size_t i = 0; i < ntracked; i++) {
		if (!tracked[i][0] || strcmp(tracked[i][0], path) != 0)
			continue;
		for (size_t j = 0; j < NSUFFIX; j++) {
			free(tracked[i][j]);
			tracked[i][j] = NULL;
		}
		break;
	}
	block(&old, false);
}

/* name is prefix, six characters of mkstemp's alphabet, then one of the
 * suffixes. */
static bool
ours(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0)
		return false;
	const char *x = name + n;
	for (int i = 0; i < 6; i++, x++) {
		bool alnum = (*x >= 'a' && *x <= 'z') || (*x >= 'A' && *x <= 'Z') ||
			     (*x >= '0' && *x <= '9');
		if (!alnum)
			return false;
	}
	for (size_t j = 0; j < NSUFFIX; j++)
		if (strcmp(x, suffix[j]) == 0)
			return true;
	return false;
}

int
tmpfile_sweep(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int removed = 0;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!ours(e->d_name, prefix))
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    !(st.st_mode & 077) && st.st_mtime < now - 3600 && unlink(p) == 0)
			removed++;
		free(p);
	}
	closedir(d);
	return removed;
}
