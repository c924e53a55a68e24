/* senda — the bundle container, for the files of src/exchange only: the
 * inner SQLite file, its checksum, the encrypted envelope. */
#ifndef SENDA_EXCHANGE_BUNDLE_H
#define SENDA_EXCHANGE_BUNDLE_H

#include <sqlite3.h>
#include "senda/exchange.h"

#define XCB_APPLICATION_ID 0x53454e42   /* "SENB" */

/* The tables of an inner file (a constant: never data). */
extern const char xcb_inner_schema[];

/* A private temporary file name ($TMPDIR or /tmp, mode 0600, created
 * empty); NULL with err filled. */
char *xcb_temp_file(senda_error *err);

/* The checksum (BLAKE2b-256, hex) over the manifest but its "checksum" row
 * and every entry, in key order. */
senda_err xcb_checksum(sqlite3 *b, char out[65], senda_error *err);

/* Write the bundle file out from the finished inner file inner: a plain
 * copy, or encrypted with pass. Through outfile (temporary, sync, rename). */
senda_err xcb_seal(const char *inner, const char *out, const char *dbpath, int flags,
		   const char *pass, size_t passlen, senda_error *err);

/* Open a bundle for reading and check it whole: envelope, layout, format
 * and version, checksum; site_id (may be NULL) is this file's site, whose
 * own bundles are refused. *b is the inner file, read-only; *tmp the
 * decrypted copy to remove after closing (NULL for a plain bundle). A
 * refusal returns SENDA_E_FORMAT with *why set. */
senda_err xcb_open(const char *path, const char *pass, size_t passlen, const char *site_id,
		   sqlite3 **b, char **tmp, xc_refusal *why, senda_error *err);
/* Close what xcb_open opened and remove the decrypted copy. */
void xcb_close(sqlite3 *b, char *tmp);

/* A manifest value of an open inner file (malloc'd), or NULL. */
char *xcb_manifest_value(sqlite3 *b, const char *key);

#endif
