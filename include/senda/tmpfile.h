/* senda — temporary files that hold people's data, removed when the
 * process is stopped by a signal as well as when the work ends. */
#ifndef SENDA_TMPFILE_H
#define SENDA_TMPFILE_H

/* Remember path (and its SQLite companions path-journal, -wal, -shm):
 * should SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE (a reader that went
 * away: `senda export-csv --out - | head`) stop the process, they are
 * removed before it ends (then the signal's earlier handler runs, or it
 * ends the process as it would have). SIGKILL and a power cut cannot be
 * caught: see tmpfile_sweep. */
void tmpfile_track(const char *path);
/* Forget path (it was removed or renamed into place). */
void tmpfile_untrack(const char *path);
/* Remove what an earlier process stopped by SIGKILL left in dir: files
 * named prefix followed by six characters (mkstemp's XXXXXX) and
 * optionally -journal, -wal or -shm, that belong to this user, are
 * modified more than an hour ago and that no other user may read.
 * Returns how many were removed. */
int tmpfile_sweep(const char *dir, const char *prefix);

#endif
