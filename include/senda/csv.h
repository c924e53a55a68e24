/* senda — CSV (RFC 4180) reading and writing over UTF-8 buffers, and whole
 * files read into memory. No curses. */
#ifndef SENDA_CSV_H
#define SENDA_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include "senda/error.h"

/* Largest file senda reads whole (CSV for a directory, a table): 32 MiB. */
#define CSV_FILE_MAX (32u * 1024 * 1024)

/* ---- reading ----------------------------------------------------------- */

typedef struct csv_reader {
	const char *p, *end;    /* what is left to read */
	char sep;               /* ',' or ';' */
	int line;               /* line of the file at p (1-based) */
	int record;             /* records read so far (1 = the header) */
} csv_reader;

typedef struct csv_record {
	char **field;           /* NUL-terminated copies */
	size_t n, cap;
	int line;               /* line of the file where the record starts */
} csv_record;

/* ',' unless the first line (outside quotes) has no comma but has a
 * semicolon: spreadsheets in Spanish locales write ';'. */
char csv_detect_separator(const char *buf, size_t len);

/* Start reading buf (UTF-8; a byte-order mark is skipped). sep 0 = detect. */
void csv_reader_init(csv_reader *r, const char *buf, size_t len, char sep);

void csv_record_init(csv_record *rec);
void csv_record_free(csv_record *rec);

/* Read the next record into rec (its old fields are freed). Quoted fields
 * may hold separators, doubled quotes and line breaks; records end with LF
 * or CRLF. Returns 1 for a record, 0 at the end, -1 on a malformed file
 * (unterminated quote, NUL byte) with err filled (SENDA_E_IO, detail naming
 * the record and line). A stray quote inside an unquoted field is taken
 * literally, as spreadsheets do. */
int csv_read(csv_reader *r, csv_record *rec, senda_error *err);

/* True when every field of rec is empty (spreadsheets write ",,,," lines). */
bool csv_record_blank(const csv_record *rec);

/* The cells of rec up to its last non-empty one: trailing empty cells (which
 * spreadsheets add) do not count. */
size_t csv_record_used(const csv_record *rec);

/* Undo csv_put_field's formula defusing in place: one leading "'" before
 * = + - @ TAB or CR (after any further "'") is dropped. */
void csv_undo_defuse(char *field);

/* ---- writing ----------------------------------------------------------- */

typedef struct csv_buf {
	char *s;
	size_t len, cap;
} csv_buf;

void csv_buf_free(csv_buf *b);
void csv_buf_add(csv_buf *b, const char *s, size_t n);

/* Append one field (after a separator unless first). The field is quoted
 * when it holds the separator, a quote, CR or LF, or leading/trailing
 * spaces. A field starting with = + - @ TAB or CR gets a "'" in front so
 * that a spreadsheet shows it as text instead of running it as a formula
 * (CSV injection); so does a field that already starts with "'" before
 * one ("'=x" becomes "''=x"), so that csv_undo_defuse, which removes one
 * "'" again on import, gives back exactly what was exported. */
void csv_put_field(csv_buf *b, const char *field, char sep, bool first);
/* Append n fields and the record's CRLF. */
void csv_put_record(csv_buf *b, const char *const *fields, size_t n, char sep);

/* ---- files ------------------------------------------------------------- */

/* Read a whole file (at most CSV_FILE_MAX bytes) into a NUL-terminated
 * buffer; *len excludes the NUL. "-" reads standard input. */
senda_err csv_load_file(const char *path, char **buf, size_t *len, senda_error *err);

/* Files are written through senda/outfile.h. */

#endif
