/* senda — the bundle container: a SQLite file inside, plain or sealed with
 * a passphrase (libsodium: Argon2id key, XChaCha20-Poly1305 secretstream in
 * chunks), and a BLAKE2b checksum over its content. doc/bundle-format.md. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "db/stmt.h"
#include "exchange/bundle.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/outfile.h"
#include "senda/perm.h"
#include "senda/tmpfile.h"

const char xcb_inner_schema[] =
	"PRAGMA application_id = 1397050946;"
	"CREATE TABLE manifest (key TEXT PRIMARY KEY NOT NULL, value TEXT);"
	"CREATE TABLE entry (tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL,"
	" clock TEXT NOT NULL, site TEXT NOT NULL, value, prev_clock TEXT,"
	" who TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (tbl, row_id, field, clock, site)) WITHOUT ROWID;";

/* Format 2: the entries are the log's own records (field_change's very
 * table, its index too, so that a full export copies both as VACUUM copies
 * them, record by record), a creation's value NULL: the row is in its row
 * table. */
const char xcb_inner_schema_v2[] =
	"PRAGMA application_id = 1397050946;"
	"CREATE TABLE manifest (key TEXT PRIMARY KEY NOT NULL, value TEXT);"
	"CREATE TABLE entry (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id TEXT NOT NULL,"
	" field TEXT NOT NULL, clock TEXT NOT NULL, site TEXT NOT NULL, value, prev_clock TEXT,"
	" who TEXT NOT NULL DEFAULT '', UNIQUE (tbl, row_id, field, clock, site));";

/* The envelope: magic, version, algorithm, limits, salt, a key check, the
 * secretstream header; then chunks of (length, ciphertext). */
static const char MAGIC[16] = "SENDABUNDLE-ENC\n";
#define ENV_VERSION 1u
#define CHUNK 65536u
#define KCV_LEN 16
#define HEADER_LEN (16 + 4 + 4 + 8 + 8 + crypto_pwhash_SALTBYTES + KCV_LEN \
		    + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
/* What a bundle may ask of the key derivation when it is read. */
#define OPS_WRITE 3u
#define MEM_WRITE (32u * 1024u * 1024u)
#define OPS_MAX 16u
#define MEM_MAX (256u * 1024u * 1024u)

static const char SQLITE_MAGIC[16] = "SQLite format 3";   /* and its NUL */

const char *
xc_refusal_text(xc_refusal r)
{
	switch (r) {
	case XC_OK: return "";
	case XC_NOT_BUNDLE: return _("This file is not a senda bundle.");
	case XC_TRUNCATED: return _("The bundle is cut short (the copy did not finish). "
				    "Copy it again from the site that made it.");
	case XC_WRONG_PASS: return _("The passphrase does not open this bundle.");
	case XC_TAMPERED: return _("The bundle was changed after it was made (its checksum "
				   "or authentication fails). Ask for a new one.");
	case XC_NEWER: return _("A newer version of senda made this bundle. Install the "
				"newer senda to merge it.");
	case XC_OWN_SITE: return _("This bundle was made by this very site; there is "
				   "nothing in it to merge.");
	case XC_NEEDS_PASS: return _("The bundle is encrypted: a passphrase is needed.");
	}
	return "";
}

static senda_err
refuse(senda_error *err, xc_refusal *why, xc_refusal r)
{
	if (why)
		*why = r;
	return senda_fail(err, SENDA_E_FORMAT, NULL, "%s", xc_refusal_text(r));
}

char *
xcb_temp_file(senda_error *err)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	char *path = xasprintf("%s/senda-bundle-XXXXXX", dir);
	/* The inner file holds the bundle in clear: removed on Ctrl-C too,
	 * and what a process stopped by SIGKILL left is swept. */
	tmpfile_sweep(dir, "senda-bundle-");
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	int fd = mkstemp(path);   /* mode 0600 */
	if (fd >= 0)
		tmpfile_track(path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		senda_fail(err, SENDA_E_IO, NULL, "%s: %s", dir, strerror(errno));
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* ---- the envelope ------------------------------------------------------- */

static void
put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The key check: a keyed BLAKE2b of a fixed text, so that a wrong
 * passphrase is told apart from a changed file. */
static void
key_check(const unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES],
	  unsigned char out[KCV_LEN])
{
	static const char text[] = "senda bundle key check";
	crypto_generichash(out, KCV_LEN, (const unsigned char *)text, sizeof text - 1, key,
			   crypto_secretstream_xchacha20poly1305_KEYBYTES);
}

static int
derive(unsigned char *key, const char *pass, size_t passlen, const unsigned char *salt,
       uint64_t ops, uint64_t mem)
{
	return crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, pass, passlen,
			     salt, ops, (size_t)mem, crypto_pwhash_ALG_ARGON2ID13);
}

static senda_err
io_fail(senda_error *err, const char *path)
{
	return senda_fail(err, SENDA_E_IO, NULL, "%s: %s", path, strerror(errno));
}

/* A failed write of the private copy into $TMPDIR (the folder of tmp):
 * the system's reason, in the user's language, and where. */
static senda_err
copy_fail(senda_error *err, const char *tmp, int e)
{
	const char *slash = strrchr(tmp, '/');
	char *dir = slash ? xasprintf("%.*s", (int)(slash - tmp), tmp) : xstrdup(".");
	if (e == ENOSPC || e == EDQUOT || e == EFBIG)
		/* L10N: %s is the temporary folder ($TMPDIR), then the system's
		 * reason ("No space left on device") */
		senda_fail(err, SENDA_E_IO, NULL, _("there is no room in %s for the bundle's "
			"private copy (%s); free some space there, or set TMPDIR to another "
			"folder"), dir, strerror(e));
	else
		/* L10N: %s is the temporary folder ($TMPDIR), then the system's reason */
		senda_fail(err, SENDA_E_IO, NULL, _("the bundle's private copy could not be "
			"written in %s (%s)"), dir, strerror(e));
	free(dir);
	return SENDA_E_IO;
}

senda_err
xcb_seal(const char *inner, const char *out, const char *dbpath, int flags,
	 const char *pass, size_t passlen, senda_error *err)
{
	if (sodium_init() < 0)
		return senda_fail(err, SENDA_E_IO, NULL, "%s", "libsodium");
	FILE *in = fopen(inner, "rb");
	if (!in)
		return io_fail(err, inner);
	outfile of;
	senda_err e = outfile_begin(&of, out, dbpath, flags, err);
	if (e != SENDA_OK) {
		fclose(in);
		return e;
	}
	unsigned char *buf = xmalloc(CHUNK), *cbuf = NULL;
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char header[HEADER_LEN];
	crypto_secretstream_xchacha20poly1305_state ss;
	if (pass) {
		unsigned char *p = header;
		memcpy(p, MAGIC, 16); p += 16;
		put_u32(p, ENV_VERSION); p += 4;
		put_u32(p, (uint32_t)crypto_pwhash_ALG_ARGON2ID13); p += 4;
		put_u64(p, OPS_WRITE); p += 8;
		put_u64(p, MEM_WRITE); p += 8;
		unsigned char *salt = p;
		randombytes_buf(salt, crypto_pwhash_SALTBYTES); p += crypto_pwhash_SALTBYTES;
		if (derive(key, pass, passlen, salt, OPS_WRITE, MEM_WRITE) != 0) {
			e = senda_fail(err, SENDA_E_NOMEM, NULL, NULL);
			goto fail;
		}
		key_check(key, p); p += KCV_LEN;
		crypto_secretstream_xchacha20poly1305_init_push(&ss, p, key);
		if ((e = outfile_put(&of, header, HEADER_LEN, err)) != SENDA_OK)
			goto fail;
		cbuf = xmalloc(4 + CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
	}
	size_t n;
	bool last = false;
	while (!last) {
		n = fread(buf, 1, CHUNK, in);
		if (ferror(in)) {
			e = io_fail(err, inner);
			goto fail;
		}
		if (n < CHUNK) {
			/* Look one byte ahead: a file that is a whole number of
			 * chunks still ends with a (short) final chunk. */
			last = true;
		} else {
			int c = fgetc(in);
			if (c == EOF)
				last = true;
			else
				ungetc(c, in);
		}
		if (!pass) {
			if (n && (e = outfile_put(&of, buf, n, err)) != SENDA_OK)
				goto fail;
			continue;
		}
		unsigned long long clen = 0;
		crypto_secretstream_xchacha20poly1305_push(
			&ss, cbuf + 4, &clen, buf, n, header, HEADER_LEN,
			last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		put_u32(cbuf, (uint32_t)clen);
		if ((e = outfile_put(&of, cbuf, 4 + (size_t)clen, err)) != SENDA_OK)
			goto fail;
	}
	fclose(in);
	sodium_memzero(key, sizeof key);
	free(buf);
	free(cbuf);
	return outfile_commit(&of, err);
fail:
	fclose(in);
	sodium_memzero(key, sizeof key);
	free(buf);
	free(cbuf);
	outfile_abort(&of);
	return e;
}

/* Decrypt the envelope of f (header already read) into the file tmp. */
static senda_err
open_envelope(FILE *f, const unsigned char *header, const char *pass, size_t passlen,
	      const char *tmp, xc_refusal *why, senda_error *err)
{
	const unsigned char *p = header + 16;
	uint32_t version = get_u32(p), alg = get_u32(p + 4);
	uint64_t ops = get_u64(p + 8), mem = get_u64(p + 16);
	const unsigned char *salt = p + 24;
	const unsigned char *kcv = salt + crypto_pwhash_SALTBYTES;
	const unsigned char *ssh = kcv + KCV_LEN;
	if (version > ENV_VERSION)
		return refuse(err, why, XC_NEWER);
	if (version == 0 || alg != (uint32_t)crypto_pwhash_ALG_ARGON2ID13 ||
	    ops < crypto_pwhash_OPSLIMIT_MIN || ops > OPS_MAX ||
	    mem < crypto_pwhash_MEMLIMIT_MIN || mem > MEM_MAX)
		return refuse(err, why, XC_TAMPERED);
	if (!pass)
		return refuse(err, why, XC_NEEDS_PASS);
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES], check[KCV_LEN];
	if (derive(key, pass, passlen, salt, ops, mem) != 0)
		return senda_fail(err, SENDA_E_NOMEM, NULL, NULL);
	key_check(key, check);
	if (sodium_memcmp(check, kcv, KCV_LEN) != 0) {
		sodium_memzero(key, sizeof key);
		return refuse(err, why, XC_WRONG_PASS);
	}
	crypto_secretstream_xchacha20poly1305_state ss;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&ss, ssh, key) != 0) {
		sodium_memzero(key, sizeof key);
		return refuse(err, why, XC_TAMPERED);
	}
	sodium_memzero(key, sizeof key);
	FILE *out = fopen(tmp, "wb");
	if (!out)
		return copy_fail(err, tmp, errno);
	size_t cmax = CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES;
	unsigned char *cbuf = xmalloc(cmax), *buf = xmalloc(CHUNK);
	senda_err e = SENDA_OK;
	bool final = false;
	while (!final) {
		unsigned char lenb[4];
		size_t got = fread(lenb, 1, 4, f);
		if (got < 4) {
			e = ferror(f) ? io_fail(err, "bundle") : refuse(err, why, XC_TRUNCATED);
			break;
		}
		uint32_t clen = get_u32(lenb);
		if (clen < crypto_secretstream_xchacha20poly1305_ABYTES || clen > cmax) {
			e = refuse(err, why, XC_TAMPERED);
			break;
		}
		if (fread(cbuf, 1, clen, f) != clen) {
			e = ferror(f) ? io_fail(err, "bundle") : refuse(err, why, XC_TRUNCATED);
			break;
		}
		unsigned long long mlen = 0;
		unsigned char tag = 0;
		if (crypto_secretstream_xchacha20poly1305_pull(&ss, buf, &mlen, &tag, cbuf, clen,
							       header, HEADER_LEN) != 0) {
			e = refuse(err, why, XC_TAMPERED);
			break;
		}
		if (mlen && fwrite(buf, 1, (size_t)mlen, out) != mlen) {
			e = copy_fail(err, tmp, errno);
			break;
		}
		final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	}
	if (e == SENDA_OK && fgetc(f) != EOF)
		e = refuse(err, why, XC_TAMPERED);   /* something after the end */
	if (fclose(out) != 0 && e == SENDA_OK)
		e = copy_fail(err, tmp, errno);
	sodium_memzero(buf, CHUNK);
	free(buf);
	free(cbuf);
	return e;
}

/* A plain bundle copied, from the descriptor fd already open on it (so
 * that the name may be renamed or swapped afterwards: what is read is what
 * was opened), into the private file tmp: what is checked and what is
 * merged are then the same bytes, whoever writes the bundle meanwhile. */
#define COPY_BUF (256u * 1024u)
static senda_err
copy_plain(int fd, const char *path, const char *tmp, senda_error *err)
{
	int out = open(tmp, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
	if (out < 0)
		return copy_fail(err, tmp, errno);
	unsigned char *buf = xmalloc(COPY_BUF);
	senda_err e = SENDA_OK;
	off_t at = 0;
	for (;;) {
		ssize_t n = pread(fd, buf, COPY_BUF, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = io_fail(err, path);
			break;
		}
		if (n == 0)
			break;
		at += n;
		for (ssize_t done = 0; done < n && e == SENDA_OK;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				e = copy_fail(err, tmp, w < 0 ? errno : EIO);
			else
				done += w;
		}
		if (e != SENDA_OK)
			break;
	}
	/* The bytes read held people's data in clear. */
	sodium_memzero(buf, COPY_BUF);
	free(buf);
	if (close(out) != 0 && e == SENDA_OK)
		e = copy_fail(err, tmp, errno);   /* a network folder says ENOSPC here */
	return e;
}

/* A SQLite file laid out whole: its size is what its header says. */
static xc_refusal
check_layout(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return XC_NOT_BUNDLE;
	unsigned char h[100];
	size_t n = fread(h, 1, sizeof h, f);
	struct stat sb;
	int st = fstat(fileno(f), &sb);
	fclose(f);
	if (n < 16 || memcmp(h, SQLITE_MAGIC, 16) != 0)
		return XC_NOT_BUNDLE;
	if (n < sizeof h || st != 0)
		return XC_TRUNCATED;
	uint32_t page = (uint32_t)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)))
		return XC_TAMPERED;
	uint32_t count = (uint32_t)h[28] << 24 | (uint32_t)h[29] << 16 | (uint32_t)h[30] << 8 | h[31];
	uint64_t want = (uint64_t)page * count;
	if (count == 0 || (uint64_t)sb.st_size < want || sb.st_size % page)
		return XC_TRUNCATED;
	if ((uint64_t)sb.st_size > want)
		return XC_TAMPERED;
	return XC_OK;
}

static xc_refusal
refusal_of_sqlite(int rc)
{
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB || rc == SQLITE_IOERR
		? XC_TAMPERED : XC_NOT_BUNDLE;
}

/* The inner file: senda's bundle, a version this senda reads, its
 * checksum right. */
static senda_err
check_inner(sqlite3 *b, const char *path, const char *site_id, xcb_sum *later, xc_refusal *why,
	    senda_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(b, "PRAGMA application_id", -1, &st, NULL);
	int64_t app = -1;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		app = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (app < 0)
		return refuse(err, why, refusal_of_sqlite(rc));
	if (app != XCB_APPLICATION_ID)
		return refuse(err, why, XC_NOT_BUNDLE);
	char *format = xcb_manifest_value(b, "format");
	char *version = xcb_manifest_value(b, "format_version");
	char *site = xcb_manifest_value(b, "site_id");
	char *sum = xcb_manifest_value(b, "checksum");
	senda_err e = SENDA_OK;
	if (!format || strcmp(format, "senda-bundle") != 0 || !version || !site || !sum)
		/* senda's application id and no manifest to read: a bundle
		 * whose bytes were changed (one in its manifest's page). */
		e = refuse(err, why, XC_TAMPERED);
	else if (atol(version) > XC_FORMAT_VERSION || atol(version) < 1)
		e = refuse(err, why, atol(version) < 1 ? XC_TAMPERED : XC_NEWER);
	else if (atol(version) >= 2) {
		/* Format 2: the file's bytes, once, before any entry is read. */
		bool hex = strlen(sum) == MARK_LEN;
		for (size_t i = 0; hex && i < MARK_LEN; i++)
			hex = (sum[i] >= '0' && sum[i] <= '9') || (sum[i] >= 'a' && sum[i] <= 'f');
		char have[65];
		int64_t where = -1;
		senda_error cerr = { 0 };
		if (!hex)
			e = refuse(err, why, XC_TAMPERED);
		else if (xcb_file_sum(path, sum, have, &where, &cerr) != SENDA_OK)
			e = senda_fail(err, cerr.code, NULL, "%s", cerr.detail);
		else if (where < 0 || strcmp(have, sum) != 0)
			e = refuse(err, why, XC_TAMPERED);
		else if (later)
			later->done = true;
	} else if (later) {
		/* The manifest now; the entries as the reader reads them. */
		senda_error cerr = { 0 };
		crypto_generichash_init(&later->h, NULL, 0, 32);
		snprintf(later->want, sizeof later->want, "%s", sum);
		if (hash_query(b, &later->h, manifest_sql, &cerr) != SENDA_OK)
			e = refuse(err, why, XC_TAMPERED);
	} else {
		char have[65];
		senda_error cerr = { 0 };
		if (xcb_checksum(b, have, &cerr) != SENDA_OK || strcmp(have, sum) != 0)
			e = refuse(err, why, XC_TAMPERED);
	}
	if (e == SENDA_OK && site_id && *site_id && strcmp(site, site_id) == 0)
		e = refuse(err, why, XC_OWN_SITE);
	free(format);
	free(version);
	free(site);
	free(sum);
	return e;
}

senda_err
xcb_open(const char *path, const char *pass, size_t passlen, const char *site_id,
	 sqlite3 **b, char **tmp, xcb_sum *later, xc_refusal *why, senda_error *err)
{
	*b = NULL;
	*tmp = NULL;
	if (why)
		*why = XC_OK;
	if (sodium_init() < 0)
		return senda_fail(err, SENDA_E_IO, NULL, "%s", "libsodium");
	struct stat sb;
	if (stat(path, &sb) != 0)
		return io_fail(err, path);
	if (!S_ISREG(sb.st_mode))
		return refuse(err, why, XC_NOT_BUNDLE);
	/* Not blocking: a FIFO put in its place since is opened without a
	 * writer, and refused by what the descriptor is, before any read. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return io_fail(err, path);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		int saved = errno;
		bool reg = S_ISREG(sb.st_mode);
		close(fd);
		errno = saved;
		return reg ? io_fail(err, path) : refuse(err, why, XC_NOT_BUNDLE);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return io_fail(err, path);
	}
	unsigned char header[HEADER_LEN];
	size_t n = fread(header, 1, HEADER_LEN, f);
	senda_err e = SENDA_OK;
	bool sealed = n >= 16 && memcmp(header, MAGIC, 16) == 0;
	if (ferror(f))
		e = io_fail(err, path);
	else if (sealed && n < HEADER_LEN)
		e = refuse(err, why, XC_TRUNCATED);
	else if (!sealed && (n < 16 || memcmp(header, SQLITE_MAGIC, 16) != 0))
		e = refuse(err, why, n > 0 && n < 16 && memcmp(header, MAGIC, n) == 0
			   ? XC_TRUNCATED : XC_NOT_BUNDLE);
	else if (!(*tmp = xcb_temp_file(err)))
		e = err ? err->code : SENDA_E_IO;
	/* Both kinds are read from a private copy: the decrypted inner file,
	 * or the plain bundle's bytes as they were when it was opened (hashed
	 * at the open, read by the merge much later: the file on the USB stick
	 * may be written, or another put under its name, in between). */
	else if (sealed)
		e = open_envelope(f, header, pass, passlen, *tmp, why, err);
	else
		e = copy_plain(fileno(f), path, *tmp, err);
	fclose(f);
	const char *inner = *tmp;
	if (e == SENDA_OK) {
		xc_refusal r = check_layout(inner);
		if (r != XC_OK)
			e = refuse(err, why, r);
	}
	if (e == SENDA_OK) {
		/* NOMUTEX: read by this thread only; without the connection's
		 * mutex, every column the checksum and the merge read is not a
		 * lock and an unlock. Immutable: the copy is ours and never
		 * changes, so SQLite makes no -wal or -shm beside it, not even for
		 * a file whose header says WAL (a senda database given as a
		 * bundle, refused later, left both in $TMPDIR). */
		char *uri = db_immutable_uri(inner);
		int rc = sqlite3_open_v2(uri, b, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW |
					 SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
		free(uri);
		if (rc != SQLITE_OK)
			e = refuse(err, why, refusal_of_sqlite(rc));
		else
			e = check_inner(*b, inner, site_id, later, why, err);
	}
	if (e != SENDA_OK) {
		xcb_close(*b, *tmp);
		*b = NULL;
		*tmp = NULL;
	}
	return e;
}

void
xcb_close(sqlite3 *b, char *tmp)
{
	if (b)
		sqlite3_close(b);
	if (tmp) {
		unlink(tmp);
		/* Opened immutable, SQLite makes neither; should one appear all
		 * the same (an SQLite that ignores immutable=1), it holds the
		 * bundle's pages in clear too, and goes with its file. */
		char *side = xasprintf("%s-wal", tmp);
		unlink(side);
		free(side);
		side = xasprintf("%s-shm", tmp);
		unlink(side);
		free(side);
		tmpfile_untrack(tmp);
		free(tmp);
	}
}

bool
xc_bundle_encrypted(const char *path)
{
	char h[16];
	/* A FIFO or a device is no bundle: never waited on (xcb_open refuses
	 * it). */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat sb;
	ssize_t n = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? pread(fd, h, sizeof h, 0) : -1;
	close(fd);
	return n == 16 && memcmp(h, MAGIC, 16) == 0;
}

/* ---- the manifest for a reader ----------------------------------------- */

void
xc_manifest_free(xc_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->key[i]);
		free(m->value[i]);
	}
	free(m->key);
	free(m->value);
	m->n = 0;
	m->key = m->value = NULL;
}

const char *
xc_manifest_get(const xc_manifest *m, const char *key)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (strcmp(m->key[i], key) == 0)
			return m->value[i];
	return NULL;
}

senda_err
xc_bundle_info(senda_db *db, const char *path, const char *pass, size_t passlen,
	       xc_manifest *out, xc_refusal *why, senda_error *err)
{
	sqlite3 *b;
	char *tmp;
	out->n = 0;
	out->key = out->value = NULL;
	if (why)
		*why = XC_OK;
	/* Who may merge may see what a bundle holds; the manifest names the
	 * sites and counts the people. */
	PERM_CHECK(db, PERM_MERGE, err);
	senda_err e = xcb_open(path, pass, passlen, NULL, &b, &tmp, NULL, why, err);
	if (e != SENDA_OK)
		return e;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(b, "SELECT key, coalesce(value, '') FROM manifest ORDER BY key",
			       -1, &st, NULL) == SQLITE_OK) {
		size_t cap = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (out->n == cap) {
				cap = cap ? cap * 2 : 32;
				out->key = xrealloc(out->key, cap * sizeof *out->key);
				out->value = xrealloc(out->value, cap * sizeof *out->value);
			}
			out->key[out->n] = xstrdup((const char *)sqlite3_column_text(st, 0));
			out->value[out->n] = xstrdup((const char *)sqlite3_column_text(st, 1));
			out->n++;
		}
	}
	sqlite3_finalize(st);
	xcb_close(b, tmp);
	return SENDA_OK;
}

senda_err
xc_bundle_decrypt(senda_db *db, const char *path, const char *pass, size_t passlen,
		  const char *out, const char *dbpath, int out_flags, xc_refusal *why,
		  senda_error *err)
{
	sqlite3 *b;
	char *tmp;
	if (why)
		*why = XC_OK;
	/* The inner file is every person in the bundle, phones and wages too:
	 * only for a role that may merge it. */
	PERM_CHECK(db, PERM_MERGE, err);
	senda_err e = xcb_open(path, pass, passlen, NULL, &b, &tmp, NULL, why, err);
	if (e != SENDA_OK)
		return e;
	sqlite3_close(b);
	e = xcb_seal(tmp ? tmp : path, out, dbpath, out_flags, NULL, 0, err);
	xcb_close(NULL, tmp);
	return e;
}

xc_refusal
xc_bundle_check_bytes(const void *data, size_t len, const char *pass, size_t passlen)
{
	senda_error err = { 0 };
	char *path = xcb_temp_file(&err);
	if (!path)
		return XC_NOT_BUNDLE;
	FILE *f = fopen(path, "wb");
	if (f) {
		if (len)
			fwrite(data, 1, len, f);
		fclose(f);
	}
	sqlite3 *b;
	char *tmp;
	xc_refusal why = XC_OK;
	if (xcb_open(path, pass, passlen, NULL, &b, &tmp, NULL, &why, &err) == SENDA_OK) {
		/* Read every entry, as a merge would (format 2: each creation
		 * with its row out of its row table). */
		xcb_reader rd;
		if (xcb_reader_open(b, len % 2 == 0, &rd, &err) != SENDA_OK) {
			why = XC_TAMPERED;
		} else {
			sqlite3_value *v[3];
			while (sqlite3_step(rd.entries) == SQLITE_ROW &&
			       xcb_reader_fetch(&rd, v, &err) == SENDA_OK)
				;
			xcb_reader_close(&rd);
		}
		xcb_close(b, tmp);
	} else if (why == XC_OK) {
		why = XC_NOT_BUNDLE;
	}
	unlink(path);
	tmpfile_untrack(path);
	free(path);
	return why;
}
