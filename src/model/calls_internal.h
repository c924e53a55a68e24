/* senda — what src/model/calls.c and call_record.c share. */
#ifndef SENDA_CALLS_INTERNAL_H
#define SENDA_CALLS_INTERNAL_H

#include <stdio.h>
#include <sqlite3.h>

/* A text column into buf ("" for NULL), cut to n. */
static inline void
copy_col(sqlite3_stmt *st, int col, char *buf, size_t n)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	snprintf(buf, n, "%s", s ? s : "");
}

#endif
