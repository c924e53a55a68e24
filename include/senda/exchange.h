/* senda — exchange between sites: export bundles, read them, merge them.
 *
 * A bundle is a SQLite file (the manifest and the field log entries it
 * carries), encrypted by default with a passphrase (Argon2id key,
 * XChaCha20-Poly1305 secretstream; doc/bundle-format.md). Merging applies
 * every (table, row, field) as a last-writer-wins register ordered by
 * (hybrid clock, site id): idempotent, order-independent, no edit lost;
 * concurrent edits of one field pick the same winner everywhere and both
 * values go to merge_conflict for review.
 *
 * No curses: the command line and the screens call these the same way; a
 * progress callback tells how far a long export or merge has come. */
#ifndef SENDA_EXCHANGE_H
#define SENDA_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "senda/db.h"
#include "senda/error.h"
#include "senda/hlc.h"

/* The bundle format this senda writes (and the newest it reads); it
 * reads every older one too (doc/bundle-format.md). */
#define XC_FORMAT_VERSION 2

/* done of total steps (entries); total may be 0 when not known yet. */
typedef void (*xc_progress)(void *ctx, int64_t done, int64_t total);

/* Why a bundle was refused; nothing was written in either file. */
typedef enum xc_refusal {
	XC_OK = 0,
	XC_NOT_BUNDLE,      /* not a senda bundle at all */
	XC_TRUNCATED,       /* cut short (a copy that did not finish) */
	XC_WRONG_PASS,      /* the passphrase does not open it */
	XC_TAMPERED,        /* authentication or checksum fails */
	XC_NEWER,           /* a newer senda wrote it */
	XC_OWN_SITE,        /* made by this very site */
	XC_NEEDS_PASS       /* encrypted, and no passphrase was given */
} xc_refusal;

/* The translated sentence for a refusal. */
const char *xc_refusal_text(xc_refusal r);

/* The tables that travel, in the order rows are created. */
extern const char *const xc_tables[];
extern const size_t xc_ntables;
/* The label (N_()) of xc_tables[i], for a merge summary and the review. */
const char *xc_table_label(size_t i);

/* Per table: what a merge did. */
typedef struct xc_counts {
	int64_t created;    /* rows new here */
	int64_t updated;    /* fields changed here */
	int64_t unchanged;  /* entries already here, or superseded */
	int64_t conflicts;  /* concurrent edits put up for review */
	int64_t held;       /* held back: clock far ahead, or row missing */
	int64_t refused;    /* refused by a rule of the file (a unique name...) */
} xc_counts;

typedef struct xc_report {
	xc_counts table[24];   /* indexed like xc_tables */
	int64_t bundles;       /* bundles merged */
	int64_t entries;       /* entries read */
	char max_clock[HLC_LEN];   /* the newest clock taken in ("" none) */
} xc_report;

/* True when the report shows nothing new written. */
bool xc_report_nothing_new(const xc_report *r);
/* The summary's first line, "Merged 2 bundles (1 change read).", in the
 * user's language (malloc'd; no newline). */
char *xc_report_merged(const xc_report *r);

/* A merge of at least n new entries (2048 unless told) takes the rows never
 * seen here in bulk, a few statements per table; a smaller one goes entry
 * by entry, which costs less than preparing those statements. The result
 * is the same (tests set 0 to have both ways checked). Returns the old n. */
size_t xc_merge_bulk_min(size_t n);
/* A merge of bundles holding at least n entries in all (100,000 unless
 * told), more than the file holds, is big: a bigger page cache while it
 * runs, and the indexes in the order of no id made again at its end (the
 * same result; the cache comes back after it, whatever happens). Returns
 * the old n. */
size_t xc_merge_big_min(size_t n);
/* The bundle format the export writes: XC_FORMAT_VERSION unless told (the
 * tests make version 1 bundles, as sites already hold, to merge them with
 * version 2 ones). Returns the old one. */
int xc_export_format(int version);

/* ---- export ------------------------------------------------------------ */

typedef struct xc_export_opts {
	const char *to;          /* destination: a known site's name or id, a site
				    kind (community, college, hub, other); NULL: "any" */
	bool full;               /* everything, not only what is new for `to` */
	const char *out;         /* the file to write */
	int out_flags;           /* OUTFILE_FORCE */
	const char *passphrase;  /* NULL: a plain (unencrypted) bundle */
	size_t passlen;
	xc_progress progress;
	void *ctx;
} xc_export_opts;

typedef struct xc_export_result {
	int64_t entries;         /* entries written */
	int64_t rows;            /* distinct rows they touch */
	int64_t left_out;        /* people left out: no consent to share */
	int64_t table_rows[24];  /* rows per table, indexed like xc_tables */
	char destination[128];   /* the destination as recorded in export_log */
	bool same_org;           /* the destination is of this organization */
	char up_to[HLC_LEN];     /* newest clock included ("" none) */
} xc_export_result;

SENDA_MUST_USE senda_err xc_export(senda_db *db, const xc_export_opts *o,
				   xc_export_result *res, senda_error *err);

/* Whether a destination (as xc_export_opts.to; NULL: anyone) is a site of
 * this organization, to whom people without consent to share may go too
 * (a CSV export asks the same). An unknown site is SENDA_E_NOTFOUND. */
SENDA_MUST_USE senda_err xc_destination_same_org(senda_db *db, const char *to, bool *same_org,
						 senda_error *err);

/* ---- reading a bundle ---------------------------------------------------- */

/* Is the file an encrypted bundle (so that a passphrase must be asked)?
 * False for a plain bundle and for anything else. */
bool xc_bundle_encrypted(const char *path);

typedef struct xc_manifest {
	size_t n;
	char **key, **value;    /* in key order */
} xc_manifest;
void xc_manifest_free(xc_manifest *m);
/* The value of key, or NULL. */
const char *xc_manifest_get(const xc_manifest *m, const char *key);

/* Open, decrypt and check a bundle (format, version, checksum), and read its
 * manifest (it names sites and counts people). db is the file the user acts
 * on: her role needs PERM_MERGE, checked before the bundle is opened (a
 * bundle of this very site is shown, not refused). On a refusal *why says
 * which (err too, SENDA_E_FORMAT). */
SENDA_MUST_USE senda_err xc_bundle_info(senda_db *db, const char *path, const char *pass,
					size_t passlen, xc_manifest *out, xc_refusal *why,
					senda_error *err);

/* Write the inner SQLite file of a bundle (every person in it, in clear) to
 * out (through outfile; dbpath the open database or NULL, never written
 * onto). db as for xc_bundle_info: PERM_MERGE, checked before anything is
 * read or written. */
SENDA_MUST_USE senda_err xc_bundle_decrypt(senda_db *db, const char *path, const char *pass,
					   size_t passlen, const char *out, const char *dbpath,
					   int out_flags, xc_refusal *why, senda_error *err);

/* Check a bundle held in memory (the fuzz target): 0 or the refusal. */
xc_refusal xc_bundle_check_bytes(const void *data, size_t len, const char *pass,
				 size_t passlen);

/* ---- merge --------------------------------------------------------------- */

/* Merge bundles into db in one transaction. Every bundle is opened and
 * checked first; if one is refused nothing is written, *why says why and
 * *which its index. pass may be NULL when no bundle is encrypted. rep is
 * filled (zeroed first). A merge that brings nothing new writes nothing. */
SENDA_MUST_USE senda_err xc_merge(senda_db *db, const char *const *paths, size_t n,
				  const char *pass, size_t passlen, xc_progress progress,
				  void *ctx, xc_report *rep, xc_refusal *why, size_t *which,
				  senda_error *err);

/* ---- sites ----------------------------------------------------------------- */

/* Set this site's kind (community, college, hub, other) and organization
 * ("" leaves it as it is); both travel in bundles. */
SENDA_MUST_USE senda_err xc_site_profile(senda_db *db, const char *kind, const char *org,
					 senda_error *err);

/* A content hash (BLAKE2b, hex) of every exchanged table: every column but
 * the bookkeeping (updated_at, updated_by) and the local ones (pin_hash,
 * sort_key), rows in id order. Two sites that merged the same bundles have
 * the same hash. out: 65 bytes. */
SENDA_MUST_USE senda_err xc_content_hash(senda_db *db, char out[65], senda_error *err);

#endif
