/* senda — writing output files safely (see include/senda/outfile.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/tmpfile.h"

/* The database's own files: a write onto any of them destroys records. */
static const char *const db_suffix[] = { "", "-wal", "-shm", "-journal" };
#define NSUFFIX (sizeof db_suffix / sizeof db_suffix[0])

bool
outfile_is_stdout(const char *path)
{
	return path && strcmp(path, "-") == 0;
}

/* Split path into its folder ("." when none) and last name. */
static char *
folder_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	if (!slash)
		return xstrdup(".");
	return xstrndup(path, (size_t)(slash - path) + (slash == path));
}

/* The real folder (symbolic links and .. resolved) + "/" + the last name;
 * NULL with errno set when the folder cannot be resolved. */
char *
outfile_resolved(const char *path)
{
	const char *base;
	char *dir = folder_of(path, &base);
	char *real = realpath(dir, NULL);
	int e = errno;
	free(dir);
	if (!real) {
		errno = e;
		return NULL;
	}
	char *r = xasprintf("%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
	free(real);
	return r;
}

/* Is path (resolved as rpath; sb when it exists) one of the database's files? */
static bool
is_database(const char *rpath, const struct stat *sb, const char *dbpath)
{
	if (!dbpath || !*dbpath)
		return false;
	char *rdb = outfile_resolved(dbpath);
	bool same = false;
	for (size_t i = 0; i < NSUFFIX && !same; i++) {
		char *f = xasprintf("%s%s", dbpath, db_suffix[i]);
		struct stat db;
		if (sb && stat(f, &db) == 0 && db.st_dev == sb->st_dev && db.st_ino == sb->st_ino)
			same = true;
		free(f);
		if (!same && rdb) {
			char *r = xasprintf("%s%s", rdb, db_suffix[i]);
			same = strcmp(r, rpath) == 0;
			free(r);
		}
	}
	free(rdb);
	return same;
}

/* A failed write, in words that say what to do. */
static senda_err
write_fail(senda_error *err, const char *path, int e)
{
	if (e == ENOENT || e == ENOTDIR)
		return senda_fail(err, SENDA_E_NODIR, NULL, "%s", path);
	if (e == ENOSPC || e == EDQUOT || e == EFBIG)
		/* L10N: %s is a file's path */
		return senda_fail(err, SENDA_E_IO, NULL, _("there is no room on the disk for %s; "
			"nothing was written. Free some space or choose another place"), path);
	if (e == EACCES || e == EPERM || e == EROFS)
		/* L10N: %s is a file's path, then the system's reason */
		return senda_fail(err, SENDA_E_IO, NULL, _("%s cannot be written there (%s); "
			"choose another folder"), path, strerror(e));
	/* L10N: %s is a file's path, then the system's reason */
	return senda_fail(err, SENDA_E_IO, NULL, _("%s was not written (%s); try again, or "
		"choose another place"), path, strerror(e));
}

senda_err
outfile_check(const char *path, const char *dbpath, int flags, senda_error *err)
{
	if (outfile_is_stdout(path))
		return SENDA_OK;
	if (!path || !*path)
		return senda_fail(err, SENDA_E_REQUIRED, N_("File name"), NULL);
	const char *base;
	free(folder_of(path, &base));
	struct stat sb;
	bool exists = lstat(path, &sb) == 0;
	if (!exists && errno != ENOENT)
		return write_fail(err, path, errno);
	char *rpath = outfile_resolved(path);
	if (!rpath)
		return write_fail(err, path, errno);
	bool db = is_database(rpath, exists ? &sb : NULL, dbpath);
	free(rpath);
	if (db)
		/* L10N: %s is the path the user gave for an output file */
		return senda_fail(err, SENDA_E_IO, NULL, _("%s is the open database or one of its "
			"files; choose another name"), path);
	if (exists && S_ISLNK(sb.st_mode))
		/* L10N: %s is a path; "link" is a symbolic link */
		return senda_fail(err, SENDA_E_IO, NULL, _("%s is a symbolic link, which senda never "
			"follows; name the file itself"), path);
	if ((exists && !S_ISREG(sb.st_mode)) || !*base || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0)
		/* L10N: %s is a path, e.g. of a folder */
		return senda_fail(err, SENDA_E_IO, NULL, _("%s is not a plain file; choose a file "
			"name"), path);
	if (exists && !(flags & OUTFILE_FORCE))
		return senda_fail(err, SENDA_E_EXISTS, NULL, "%s", path);
	return SENDA_OK;
}

static void
release(outfile *of)
{
	if (of->fd >= 0)
		close(of->fd);
	of->fd = -1;
	if (of->tmp)
		tmpfile_untrack(of->tmp);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
}

static void
remove_tmp(outfile *of)
{
	if (!of->tmp)
		return;
	for (size_t i = 0; i < NSUFFIX; i++) {
		char *f = xasprintf("%s%s", of->tmp, db_suffix[i]);
		unlink(f);
		free(f);
	}
}

senda_err
outfile_begin(outfile *of, const char *path, const char *dbpath, int flags,
	      senda_error *err)
{
	memset(of, 0, sizeof *of);
	of->fd = -1;
	senda_err e = outfile_check(path, dbpath, flags, err);
	if (e != SENDA_OK)
		return e;
	of->path = xstrdup(path);
	of->flags = flags;
	of->to_stdout = outfile_is_stdout(path);
	if (of->to_stdout) {
		/* Beside the database: its folder is private to its owner. */
		const char *base, *tmpdir = getenv("TMPDIR");
		char *dir = dbpath && *dbpath ? folder_of(dbpath, &base)
			: xstrdup(tmpdir && *tmpdir ? tmpdir : "/tmp");
		of->tmp = xasprintf("%s/.senda-out.XXXXXX", dir);
		tmpfile_sweep(dir, ".senda-out.");
		free(dir);
	} else {
		const char *base;
		char *dir = folder_of(path, &base);
		of->tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
		/* What an export stopped by SIGKILL left here (see tmpfile.h). */
		char *prefix = xasprintf(".%s.", base);
		tmpfile_sweep(dir, prefix);
		free(prefix);
		free(dir);
	}
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);   /* made and tracked at once */
	of->fd = mkostemp(of->tmp, O_CLOEXEC);
	if (of->fd >= 0)
		tmpfile_track(of->tmp);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (of->fd < 0 && of->to_stdout && dbpath && *dbpath) {
		/* The database's folder may be read-only: $TMPDIR will do. */
		const char *tmpdir = getenv("TMPDIR");
		free(of->tmp);
		of->tmp = xasprintf("%s/.senda-out.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
		sigprocmask(SIG_BLOCK, &all, &old);
		of->fd = mkostemp(of->tmp, O_CLOEXEC);
		if (of->fd >= 0)
			tmpfile_track(of->tmp);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (of->fd < 0) {
		int errnum = errno;
		e = write_fail(err, of->to_stdout ? of->tmp : path, errnum);
		release(of);
		return e;
	}
	if (fchmod(of->fd, 0600) != 0) {
		e = write_fail(err, path, errno);
		outfile_abort(of);
		return e;
	}
	return SENDA_OK;
}

static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t k = write(fd, data, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return errno;
		if (k == 0)
			return EIO;
		data += k;
		len -= (size_t)k;
	}
	return 0;
}

senda_err
outfile_put(outfile *of, const void *data, size_t len, senda_error *err)
{
	int e = write_all(of->fd, data, len);
	return e ? write_fail(err, of->path, e) : SENDA_OK;
}

void
outfile_abort(outfile *of)
{
	remove_tmp(of);
	release(of);
}

/* rename(2) that never replaces: renameat2's RENAME_NOREPLACE, else a hard
 * link (which fails on an existing name), else (FAT has no links) a last look
 * before renaming. */
static int
rename_new(const char *from, const char *to)
{
#ifdef HAVE_RENAMEAT2
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
#endif
	if (link(from, to) == 0) {
		unlink(from);   /* were this to fail, only a second name is left */
		return 0;
	}
	if (errno == EEXIST)
		return -1;
	struct stat sb;
	if (lstat(to, &sb) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* Copy the finished temporary to standard output. */
static senda_err
copy_to_stdout(outfile *of, senda_error *err)
{
	fflush(stdout);
	if (lseek(of->fd, 0, SEEK_SET) < 0)
		return write_fail(err, of->tmp, errno);
	char buf[65536];
	for (;;) {
		ssize_t k = read(of->fd, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return write_fail(err, of->tmp, errno);
		if (k == 0)
			return SENDA_OK;
		int e = write_all(STDOUT_FILENO, buf, (size_t)k);
		if (e)
			/* L10N: %s is the system's reason */
			return senda_fail(err, SENDA_E_IO, NULL, _("standard output: %s"), strerror(e));
	}
}

senda_err
outfile_commit(outfile *of, senda_error *err)
{
	senda_err e = SENDA_OK;
	if (of->to_stdout) {
		e = copy_to_stdout(of, err);
		outfile_abort(of);
		return e;
	}
	int errnum = fsync(of->fd) != 0 ? errno : 0;
	if (close(of->fd) != 0 && !errnum)
		errnum = errno;
	of->fd = -1;
	if (!errnum) {
		/* The folder may have changed since the check: look once more. */
		e = outfile_check(of->path, NULL, of->flags, err);
		if (e == SENDA_OK &&
		    ((of->flags & OUTFILE_FORCE) ? rename(of->tmp, of->path) : rename_new(of->tmp, of->path)) != 0)
			errnum = errno;
	}
	if (e == SENDA_OK && errnum == EEXIST)
		e = senda_fail(err, SENDA_E_EXISTS, NULL, "%s", of->path);
	else if (e == SENDA_OK && errnum)
		e = write_fail(err, of->path, errnum);
	if (e != SENDA_OK) {
		outfile_abort(of);
		return e;
	}
	/* The rename itself must reach the disk too. */
	const char *base;
	char *dir = folder_of(of->path, &base);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	tmpfile_untrack(of->tmp);
	free(of->tmp);
	of->tmp = NULL;
	release(of);
	return SENDA_OK;
}

senda_err
outfile_write(const char *path, const void *data, size_t len, const char *dbpath, int flags,
	      senda_error *err)
{
	outfile of;
	senda_err e = outfile_begin(&of, path, dbpath, flags, err);
	if (e != SENDA_OK)
		return e;
	if ((e = outfile_put(&of, data, len, err)) != SENDA_OK) {
		outfile_abort(&of);
		return e;
	}
	return outfile_commit(&of, err);
}
