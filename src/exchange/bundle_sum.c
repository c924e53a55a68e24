/* senda — a bundle's checksum, BLAKE2b-256 in hex: format 1's over the
 * manifest but its "checksum" row and every entry, in key order, taken in
 * one read or by the merge as it reads the entries (xcb_sum), and by the
 * export as it copies them; format 2's over the file's own bytes. bundle.c
 * checks it when a bundle is opened. doc/bundle-format.md. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "exchange/bundle.h"
#include "senda/mem.h"

/* ---- checksum ------------------------------------------------------------- */

static void
hash_value(crypto_generichash_state *h, sqlite3_stmt *st, int col)
{
	unsigned char tag = (unsigned char)sqlite3_column_type(st, col);
	crypto_generichash_update(h, &tag, 1);
	if (tag == SQLITE_INTEGER) {
		sqlite3_int64 v = sqlite3_column_int64(st, col);
		unsigned char b[8];
		for (int i = 0; i < 8; i++)
			b[i] = (unsigned char)((sqlite3_uint64)v >> (8 * i));
		crypto_generichash_update(h, b, 8);
	} else if (tag != SQLITE_NULL) {
		const unsigned char *p = sqlite3_column_blob(st, col);
		uint64_t n = (uint64_t)sqlite3_column_bytes(st, col);
		unsigned char b[8];
		for (int i = 0; i < 8; i++)
			b[i] = (unsigned char)(n >> (8 * i));
		crypto_generichash_update(h, b, 8);
		if (n)
			crypto_generichash_update(h, p, n);
	}
}

senda_err
hash_query(sqlite3 *b, crypto_generichash_state *h, const char *sql, senda_error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(b, sql, -1, &st, NULL) != SQLITE_OK)
		return senda_fail(err, SENDA_E_FORMAT, NULL, "%s", sqlite3_errmsg(b));
	int rc, n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < n; i++)
			hash_value(h, st, i);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return senda_fail(err, rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB
				  ? SENDA_E_CORRUPT : SENDA_E_FORMAT, NULL, "%s", sqlite3_errmsg(b));
	return SENDA_OK;
}

const char manifest_sql[] =
	"SELECT key, value FROM manifest WHERE key <> 'checksum' ORDER BY key";

const char xcb_entries_sql[] = "SELECT tbl, row_id, field, clock, site, value, prev_clock, who"
	" FROM entry ORDER BY tbl, row_id, field, clock, site";

senda_err
xcb_checksum(sqlite3 *b, char out[65], senda_error *err)
{
	crypto_generichash_state h;
	unsigned char sum[32];
	crypto_generichash_init(&h, NULL, 0, sizeof sum);
	senda_err e = hash_query(b, &h, manifest_sql, err);
	if (e == SENDA_OK)
		e = hash_query(b, &h, xcb_entries_sql, err);
	crypto_generichash_final(&h, sum, sizeof sum);
	sodium_bin2hex(out, 65, sum, sizeof sum);
	return e;
}

/* ---- format 2: the checksum over the bytes, the row tables ------------- */

#define SUM_BUF (1u << 20)

senda_err
xcb_file_sum(const char *path, const char *marker, char out[65], int64_t *where,
	     senda_error *err)
{
	*where = -1;
	out[0] = '\0';
	FILE *f = fopen(path, "rb");
	if (!f)
		return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path, strerror(errno));
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	unsigned char *buf = xmalloc(SUM_BUF + MARK_LEN);
	size_t have = 0;      /* bytes in buf not hashed yet */
	int64_t base = 0;     /* the file offset of buf[0] */
	senda_err e = SENDA_OK;
	for (;;) {
		size_t want = SUM_BUF + MARK_LEN - have;
		size_t n = fread(buf + have, 1, want, f);
		if (n < want && ferror(f)) {
			e = senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path, strerror(errno));
			break;
		}
		have += n;
		bool end = n < want;
		if (*where < 0 && have >= MARK_LEN) {
			/* The first whole occurrence in what is not hashed yet:
			 * one that began in the bytes hashed before would have
			 * been found then (MARK_LEN - 1 bytes are kept back). */
			for (size_t i = 0; i + MARK_LEN <= have; i++) {
				unsigned char *p = memchr(buf + i, marker[0], have - MARK_LEN + 1 - i);
				if (!p)
					break;
				i = (size_t)(p - buf);
				if (memcmp(p, marker, MARK_LEN) == 0) {
					*where = base + (int64_t)i;
					memset(p, '0', MARK_LEN);
					break;
				}
			}
		}
		if (end) {
			crypto_generichash_update(&h, buf, have);
			break;
		}
		size_t keep = MARK_LEN - 1, done = have - keep;
		crypto_generichash_update(&h, buf, done);
		memmove(buf, buf + done, keep);
		base += (int64_t)done;
		have = keep;
	}
	fclose(f);
	free(buf);
	unsigned char sum[32];
	crypto_generichash_final(&h, sum, sizeof sum);
	if (e == SENDA_OK)
		sodium_bin2hex(out, 65, sum, sizeof sum);
	return e;
}

void
xcb_sum_row(xcb_sum *s, sqlite3_stmt *st)
{
	if (s->done)
		return;
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++)
		hash_value(&s->h, st, i);
}

void
xcb_sum_init(xcb_sum *s)
{
	crypto_generichash_init(&s->h, NULL, 0, 32);
	s->want[0] = '\0';
	s->done = false;
}

senda_err
xcb_sum_query(sqlite3 *h, xcb_sum *s, const char *sql, senda_error *err)
{
	return hash_query(h, &s->h, sql, err);
}

void
xcb_sum_value(xcb_sum *s, sqlite3_value *v)
{
	unsigned char tag = (unsigned char)sqlite3_value_type(v);
	crypto_generichash_update(&s->h, &tag, 1);
	if (tag == SQLITE_INTEGER) {
		sqlite3_uint64 x = (sqlite3_uint64)sqlite3_value_int64(v);
		unsigned char b[8];
		for (int i = 0; i < 8; i++)
			b[i] = (unsigned char)(x >> (8 * i));
		crypto_generichash_update(&s->h, b, 8);
		return;
	}
	if (tag == SQLITE_NULL)
		return;
	/* The bytes hash_value reads of the stored value: a text's or a
	 * blob's own, a real's text (read as a blob, SQLite renders it); v
	 * itself left as it is (a copy is rendered). */
	sqlite3_value *d = tag == SQLITE_FLOAT ? sqlite3_value_dup(v) : NULL;
	if (tag == SQLITE_FLOAT && !d)
		xalloc_die();
	const void *p = tag == SQLITE_BLOB ? sqlite3_value_blob(v)
		: (const void *)sqlite3_value_text(d ? d : v);
	uint64_t n = (uint64_t)sqlite3_value_bytes(d ? d : v);
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(n >> (8 * i));
	crypto_generichash_update(&s->h, b, 8);
	if (n)
		crypto_generichash_update(&s->h, p, n);
	sqlite3_value_free(d);
}

void
xcb_sum_hex(xcb_sum *s, char out[65])
{
	unsigned char sum[32];
	crypto_generichash_final(&s->h, sum, sizeof sum);
	sodium_bin2hex(out, 65, sum, sizeof sum);
}

bool
xcb_sum_ok(xcb_sum *s)
{
	if (s->done)
		return true;
	unsigned char sum[32];
	char have[65];
	crypto_generichash_final(&s->h, sum, sizeof sum);
	sodium_bin2hex(have, sizeof have, sum, sizeof sum);
	return strcmp(have, s->want) == 0;
}
