/* senda — the bundle container, for the files of src/exchange only: the
 * inner SQLite file, its checksum, the encrypted envelope. */
#ifndef SENDA_EXCHANGE_BUNDLE_H
#define SENDA_EXCHANGE_BUNDLE_H

#include <stdbool.h>
#include <sqlite3.h>
#include <sodium.h>
#include "senda/exchange.h"

#define XCB_APPLICATION_ID 0x53454e42   /* "SENB" */

/* The tables of an inner file of format 1 and of format 2 (constants:
 * never data). A format-2 file also has a table "row_TABLE" for every
 * table whose creations it carries, made by the export from its schema. */
extern const char xcb_inner_schema[];
extern const char xcb_inner_schema_v2[];
#define XCB_ROW_PREFIX "row_"

/* A private temporary file name ($TMPDIR or /tmp, mode 0600, created
 * empty); NULL with err filled. */
char *xcb_temp_file(senda_error *err);

/* The checksum (BLAKE2b-256, hex) over the manifest but its "checksum" row
 * and every entry, in key order. */
senda_err xcb_checksum(sqlite3 *b, char out[65], senda_error *err);
/* The query manifest_sql's rows (the manifest but its "checksum" row, in
 * key order), and any query's, hashed into h (bundle_sum.c). */
extern const char manifest_sql[];
senda_err hash_query(sqlite3 *b, crypto_generichash_state *h, const char *sql, senda_error *err);

/* Write the bundle file out from the finished inner file inner: a plain
 * copy, or encrypted with pass. Through outfile (temporary, sync, rename). */
senda_err xcb_seal(const char *inner, const char *out, const char *dbpath, int flags,
		   const char *pass, size_t passlen, senda_error *err);

/* The checksum of a bundle taken by its reader (the merge) as it reads
 * the entries once, instead of a read of its own: the manifest hashed when
 * the bundle is opened, then every row of xcb_entries_sql (the entries in
 * key order) as it is stepped; the sum it must come to. */
typedef struct xcb_sum {
	crypto_generichash_state h;
	char want[65];
	bool done;   /* format 2: the file's checksum was checked when opened */
} xcb_sum;
extern const char xcb_entries_sql[];
/* Hash the row st is on (every column). */
void xcb_sum_row(xcb_sum *s, sqlite3_stmt *st);
/* After the last row: is the checksum the manifest's? */
bool xcb_sum_ok(xcb_sum *s);
/* For the writer (the export), hashing as it copies: a sum begun; the rows
 * of a query hashed (the manifest's, manifest_sql's order); one value
 * hashed as hash_value hashes it once stored (v is not changed); the sum
 * at the end, in hex. */
void xcb_sum_init(xcb_sum *s);
senda_err xcb_sum_query(sqlite3 *h, xcb_sum *s, const char *sql, senda_error *err);
void xcb_sum_value(xcb_sum *s, sqlite3_value *v);
void xcb_sum_hex(xcb_sum *s, char out[65]);
/* Open a bundle for reading and check it whole: envelope, layout, format
 * and version, checksum; site_id (may be NULL) is this file's site, whose
 * own bundles are refused. *b is the inner file, read-only, and *tmp its
 * private copy in $TMPDIR (xcb_temp_file), to remove after closing: the
 * decrypted envelope, or a plain bundle's bytes copied from the descriptor
 * opened on path, so that what is checked is what is read, whatever
 * happens to path meanwhile. A
 * refusal returns SENDA_E_FORMAT with *why set. later not NULL: the
 * entries are not read here, the checksum is left to the reader
 * (xcb_sum_row, xcb_sum_ok), which writes nothing before it is right. */
senda_err xcb_open(const char *path, const char *pass, size_t passlen, const char *site_id,
		   sqlite3 **b, char **tmp, xcb_sum *later, xc_refusal *why, senda_error *err);
/* The checksum of format 2, over the file's bytes: BLAKE2b-256 (hex, into
 * out) of the file at path with the first 64 bytes equal to marker (64
 * characters) read as 64 '0' characters; *where is their offset, -1 when
 * the marker is not in the file. */
senda_err xcb_file_sum(const char *path, const char *marker, char out[65], int64_t *where,
		       senda_error *err);
/* The length of that marker (bundle_sum.c, bundle.c). */
#define MARK_LEN 64
/* The format version of an open inner file (its manifest's), 0 if none. */
int xcb_format(sqlite3 *b);
/* A reader of an open inner file's entries: entries steps through them
 * (format 1: in key order; format 2: in the order of the file when the
 * rows are read with them, else in key order, its key only), its columns
 * 0-4 the key; xcb_reader_fetch gives the rest of the entry it is on. */
typedef struct xcb_reader {
	sqlite3 *b;
	sqlite3_stmt *entries;
	int format;
	bool rows_inline;      /* format 2: the rows read with the entries */
	bool lazy;             /* format 2: column 5 is the seq; rest reads the rest */
	sqlite3_stmt *rest;
	size_t n;
	char **tbl;            /* format 2: the tables that have a row table */
	sqlite3_stmt **row;    /* each one's row as a JSON object (?1 = id) */
} xcb_reader;
/* SENDA_E_FORMAT for a file senda did not write (a row table of a name it
 * never writes). rows_inline: every creation's row read with the entries,
 * in the file's order (cheaper when most are new here), else the key in
 * its order and the rest (a creation's row too) when asked for (a bundle
 * merged again reads its index only). */
senda_err xcb_reader_open(sqlite3 *b, bool rows_inline, xcb_reader *r, senda_error *err);
/* The value, prev_clock and who of the entry entries is on (v[0..2]); a
 * creation's value of format 2 its row as a JSON object (NULL when there
 * is none); valid until the next call or step. */
senda_err xcb_reader_fetch(xcb_reader *r, sqlite3_value **v, senda_error *err);
void xcb_reader_close(xcb_reader *r);
/* Close what xcb_open opened and remove its private copy. */
void xcb_close(sqlite3 *b, char *tmp);

/* A manifest value of an open inner file (malloc'd), or NULL. */
char *xcb_manifest_value(sqlite3 *b, const char *key);

#endif
