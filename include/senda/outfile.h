/* senda — every file senda writes goes through here: never onto the open
 * database (or its -wal, -shm, -journal), never over an existing file unless
 * asked, never through a symbolic link; written under a temporary name in
 * the same folder, synced, renamed, the folder synced. A failed write leaves
 * neither the file nor the temporary behind. "-" is standard output. No
 * curses. */
#ifndef SENDA_OUTFILE_H
#define SENDA_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include "senda/error.h"

enum outfile_flags {
	OUTFILE_FORCE = 1      /* an existing regular file may be replaced */
};

typedef struct outfile {
	char *path;            /* the name asked for */
	char *tmp;             /* the temporary file being written, or NULL */
	int fd;                /* open on tmp, or -1 */
	int flags;
	bool to_stdout;        /* path is "-": tmp is copied to standard output */
} outfile;

/* True for "-", the name of standard output (and, for imports, input). */
bool outfile_is_stdout(const char *path);

/* The real folder of path (symbolic links and .. resolved) + "/" + its last
 * name, which is not followed; NULL with errno set when the folder cannot
 * be resolved. A new string. */
char *outfile_resolved(const char *path);

/* May path be written? dbpath is the open database (db_path; NULL for none).
 * Refuses, with err filled and nothing touched: the database itself or one of
 * its side files, compared by device and inode when the file exists and by
 * resolved path (real folder + name) when it does not (SENDA_E_IO); a
 * symbolic link (SENDA_E_IO); anything but a regular file (SENDA_E_IO); an
 * existing file without OUTFILE_FORCE (SENDA_E_EXISTS, detail the path); a
 * missing folder (SENDA_E_NODIR). "-" is always allowed. */
senda_err outfile_check(const char *path, const char *dbpath, int flags, senda_error *err);

/* Check path, then create the temporary file (mode 0600) in its folder. For
 * "-" the temporary goes beside the database (or in $TMPDIR). Writers that
 * need a name (SQLite) use of->tmp. Every successful begin needs exactly
 * one outfile_commit or outfile_abort. */
senda_err outfile_begin(outfile *of, const char *path, const char *dbpath, int flags,
			senda_error *err);
/* Append to the temporary file. */
senda_err outfile_put(outfile *of, const void *data, size_t len, senda_error *err);
/* fsync the temporary, rename it onto path (never over a file that appeared
 * meanwhile unless OUTFILE_FORCE: SENDA_E_EXISTS), fsync the folder; for "-"
 * copy it to standard output. On failure the temporary is removed and path
 * is as it was. of is released either way. */
senda_err outfile_commit(outfile *of, senda_error *err);
/* Remove the temporary (and any -journal, -wal, -shm SQLite left beside it). */
void outfile_abort(outfile *of);

/* All of it for a buffer: begin, put, commit. */
senda_err outfile_write(const char *path, const void *data, size_t len, const char *dbpath,
			int flags, senda_error *err);

#endif
