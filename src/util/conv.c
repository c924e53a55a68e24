/* senda — character encodings through iconv (glibc or GNU libiconv). UTF-8
 * checks come from GNU libunistring. */
#include <config.h>

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "senda/conv.h"
#include "senda/i18n.h"
#include "senda/mem.h"

bool
conv_is_utf8(const char *name)
{
	char n[8];
	size_t o = 0;
	if (!name)
		return false;
	for (const char *s = name; *s; s++) {
		if (*s == '-' || *s == '_')
			continue;
		if (o == sizeof n - 1)
			return false;
		n[o++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	}
	n[o] = '\0';
	return strcmp(n, "utf8") == 0;
}

/* An encoding name as iconv takes it: short, printable ASCII, and without
 * "/" so that nobody slips //IGNORE (silent loss) in through a name. */
static bool
name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > 30)
		return false;
	for (const char *s = name; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '/')
			return false;
	return true;
}

static senda_err
unknown_encoding(const char *name, senda_error *err)
{
	/* L10N: %s is the encoding name the user gave */
	return senda_fail(err, SENDA_E_CHOICE, N_("Encoding"),
			  _("senda does not know the encoding “%s”; try UTF-8 or WINDOWS-1252"),
			  name ? name : "");
}

static iconv_t
open_cd(const char *to, const char *from, const char *name, senda_error *err)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1) {
		if (errno == EINVAL)
			unknown_encoding(name, err);
		else
			senda_fail(err, SENDA_E_IO, N_("Encoding"), "%s: %s", name, strerror(errno));
	}
	return cd;
}

bool
conv_known(const char *name)
{
	if (!name_ok(name))
		return false;
	if (conv_is_utf8(name))
		return true;
	iconv_t a = iconv_open(CONV_UTF8, name);
	if (a == (iconv_t)-1)
		return false;
	iconv_close(a);
	iconv_t b = iconv_open(name, CONV_UTF8);
	if (b == (iconv_t)-1)
		return false;
	iconv_close(b);
	return true;
}

bool
conv_cp1252_defined(unsigned char c)
{
	return c != 0x81 && c != 0x8D && c != 0x8F && c != 0x90 && c != 0x9D;
}

static int
line_of(const char *start, const char *p)
{
	int line = 1;
	for (; start < p; start++)
		if (*start == '\n')
			line++;
	return line;
}

const char *
conv_detect(const char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)buf;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return CONV_UTF16;
	if (memchr(buf, '\0', len))
		return NULL;
	if (u8_check((const uint8_t *)buf, len) == NULL)
		return CONV_UTF8;
	for (size_t i = 0; i < len; i++)
		if (!conv_cp1252_defined(u[i]))
			return NULL;
	return CONV_CP1252;
}

/* Room for n more bytes and a terminating NUL (4 bytes, for UTF-16/32). */
static void
reserve(char **o, size_t *cap, size_t used, size_t n)
{
	while (used + n + 4 > *cap) {
		*cap *= 2;
		*o = xrealloc(*o, *cap);
	}
}

static void
finish(char *o, size_t used, char **out, size_t *outlen)
{
	memset(o + used, 0, 4);
	*out = o;
	if (outlen)
		*outlen = used;
}

/* Convert in through cd. Without loss, bytes cd cannot convert are an error
 * naming their line (counted in what was converted so far) and the encoding
 * `what`. With loss, a character cd cannot take (the input is valid UTF-8)
 * is counted in *loss and skipped, or written as "?" when replace is set. */
static senda_err
run(iconv_t cd, const char *in, size_t len, const char *what, bool replace, char **out,
    size_t *outlen, conv_loss *loss, senda_error *err)
{
	size_t cap = len + len / 2 + 64, used = 0;
	char *o = xmalloc(cap);
	char *ip = (char *)in;
	size_t il = len;
	const char *counted = in;
	int line = 1;
	for (int flushing = 0; flushing < 2;) {
		reserve(&o, &cap, used, 16);
		char *op = o + used;
		size_t ol = cap - used - 4;
		size_t r = flushing ? iconv(cd, NULL, NULL, &op, &ol)
				    : iconv(cd, &ip, &il, &op, &ol);
		used = (size_t)(op - o);
		if (r != (size_t)-1) {
			flushing++;
			continue;
		}
		if (errno == E2BIG) {
			cap *= 2;
			o = xrealloc(o, cap);
			continue;
		}
		if (!loss) {
			/* EILSEQ or EINVAL: bytes that are not text in `what`. */
			int bad = line_of(o, o + used);
			free(o);
			/* L10N: %d is a line of a file, %s an encoding name */
			return senda_fail(err, SENDA_E_UTF8, NULL, _("line %d is not valid %s"),
					  bad, what);
		}
		if (errno != EILSEQ || il == 0) {
			free(o);
			return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
		}
		int k = u8_mblen((const uint8_t *)ip, il);
		if (k < 1)
			k = 1;
		for (; counted < ip; counted++)
			if (*counted == '\n')
				line++;
		if (loss->chars++ == 0) {
			size_t n = (size_t)k < sizeof loss->first ? (size_t)k : sizeof loss->first - 1;
			loss->first_line = line;
			memcpy(loss->first, ip, n);
			loss->first[n] = '\0';
		}
		if (replace)
			o[used++] = '?';
		ip += k;
		il -= (size_t)k;
	}
	finish(o, used, out, outlen);
	return SENDA_OK;
}

senda_err
conv_to_utf8(const char *from, const char *in, size_t len, char **out, size_t *outlen,
	     senda_error *err)
{
	*out = NULL;
	if (outlen)
		*outlen = 0;
	if (!name_ok(from))
		return unknown_encoding(from, err);
	if (conv_is_utf8(from)) {
		const uint8_t *bad = u8_check((const uint8_t *)in, len);
		if (bad)
			/* L10N: %d is a line of a file, %s an encoding name */
			return senda_fail(err, SENDA_E_UTF8, NULL, _("line %d is not valid %s"),
					  line_of(in, (const char *)bad), CONV_UTF8);
		char *o = xmalloc(len + 4);
		memcpy(o, in, len);
		finish(o, len, out, outlen);
		return SENDA_OK;
	}
	iconv_t cd = open_cd(CONV_UTF8, from, from, err);
	if (cd == (iconv_t)-1)
		return err ? err->code : SENDA_E_CHOICE;
	senda_err e = run(cd, in, len, from, false, out, outlen, NULL, err);
	iconv_close(cd);
	return e;
}

senda_err
conv_from_utf8(const char *to, const char *in, size_t len, bool translit, char **out,
	       size_t *outlen, conv_loss *loss, senda_error *err)
{
	conv_loss scratch;
	if (!loss)
		loss = &scratch;
	memset(loss, 0, sizeof *loss);
	*out = NULL;
	if (outlen)
		*outlen = 0;
	if (!name_ok(to))
		return unknown_encoding(to, err);
	if (u8_check((const uint8_t *)in, len) != NULL)
		return senda_fail(err, SENDA_E_UTF8, NULL, NULL);
	if (conv_is_utf8(to)) {
		char *o = xmalloc(len + 4);
		memcpy(o, in, len);
		finish(o, len, out, outlen);
		return SENDA_OK;
	}
	/* First pass without transliteration: it finds and counts exactly the
	 * characters the target lacks. */
	iconv_t cd = open_cd(to, CONV_UTF8, to, err);
	if (cd == (iconv_t)-1)
		return err ? err->code : SENDA_E_CHOICE;
	senda_err e = run(cd, in, len, to, false, out, outlen, loss, err);
	iconv_close(cd);
	if (e != SENDA_OK || loss->chars == 0)
		return e;
	free(*out);
	*out = NULL;
	if (!translit)
		return senda_fail(err, SENDA_E_IO, NULL,
				  /* L10N: count of characters, encoding, the first such
				     character, its line */
				  P_("%zu character cannot be written in %s: “%s” on line %d",
				     "%zu characters cannot be written in %s; the first is “%s” on line %d",
				     (unsigned long)loss->chars),
				  loss->chars, to, loss->first, loss->first_line);
	char *tl = xasprintf("%s//TRANSLIT", to);
	cd = open_cd(tl, CONV_UTF8, to, err);
	free(tl);
	if (cd == (iconv_t)-1)
		return err ? err->code : SENDA_E_CHOICE;
	conv_loss again = { 0 };
	e = run(cd, in, len, to, true, out, outlen, &again, err);
	iconv_close(cd);
	return e;
}

/* Up to 3 line numbers, as "2, 5, 9" or "2, 5, 9…" when there are more. */
struct lines {
	int first[3];
	int n;                  /* how many lines in all */
	int last;               /* the last line counted (each line once) */
};

static void
lines_add(struct lines *l, int line)
{
	if (l->n > 0 && l->last == line)
		return;
	if (l->n < 3)
		l->first[l->n] = line;
	l->n++;
	l->last = line;
}

static void
lines_text(const struct lines *l, char *buf, size_t cap)
{
	buf[0] = '\0';
	for (int i = 0; i < l->n && i < 3; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, cap - len, "%s%d", i ? ", " : "", l->first[i]);
	}
	if (l->n > 3) {
		size_t len = strlen(buf);
		snprintf(buf + len, cap - len, "…");
	}
}

/* A file that is not valid UTF-8 but holds UTF-8 characters (é as two
 * bytes) mixes two encodings: reading it all as Windows-1252 would store
 * "CafÃ©". Refuse it, naming lines of each kind. */
static bool
mixed_encodings(const char *buf, size_t len, senda_error *err)
{
	struct lines good = { { 0 }, 0, 0 }, bad = { { 0 }, 0, 0 };
	const uint8_t *p = (const uint8_t *)buf, *end = p + len;
	int line = 1;
	while (p < end) {
		if (*p < 0x80) {
			if (*p == '\n')
				line++;
			p++;
			continue;
		}
		int k = u8_mblen(p, (size_t)(end - p));
		if (k > 1) {
			lines_add(&good, line);
			p += k;
		} else {
			lines_add(&bad, line);
			p++;
		}
	}
	if (good.n == 0 || bad.n == 0)
		return false;
	char g[48], b[48];
	lines_text(&good, g, sizeof g);
	lines_text(&bad, b, sizeof b);
	senda_fail(err, SENDA_E_UTF8, NULL,
		   /* L10N: %s are lists of line numbers, e.g. "2, 5, 9" */
		   _("the file mixes encodings (lines in UTF-8: %s; lines in another encoding, "
		     "such as Windows-1252: %s). Save it again as “CSV UTF-8”, or name its "
		     "encoding"), g, b);
	return true;
}

senda_err
conv_decode(const char *buf, size_t len, const char *encoding, char **out, size_t *outlen,
	    char *used, senda_error *err)
{
	used[0] = '\0';
	if (encoding && *encoding) {
		if (!name_ok(encoding))
			return unknown_encoding(encoding, err);
		snprintf(used, 32, "%s", conv_is_utf8(encoding) ? CONV_UTF8 : encoding);
		return conv_to_utf8(encoding, buf, len, out, outlen, err);
	}
	const char *enc = conv_detect(buf, len);
	if ((!enc || strcmp(enc, CONV_CP1252) == 0) && !memchr(buf, '\0', len) &&
	    mixed_encodings(buf, len, err)) {
		*out = NULL;
		if (outlen)
			*outlen = 0;
		return SENDA_E_UTF8;
	}
	if (!enc) {
		*out = NULL;
		if (memchr(buf, '\0', len))
			return senda_fail(err, SENDA_E_UTF8, NULL, "%s",
					  _("this is not a text file (a spreadsheet must be saved as CSV "
					    "first)"));
		/* The first byte Windows-1252 lacks. */
		const char *p = buf;
		while (p < buf + len && conv_cp1252_defined((unsigned char)*p))
			p++;
		return senda_fail(err, SENDA_E_UTF8, NULL,
				  /* L10N: %d is a line of the file */
				  _("line %d is neither UTF-8 nor Windows-1252; save the file as "
				    "“CSV UTF-8” or name its encoding"), line_of(buf, p));
	}
	snprintf(used, 32, "%s", enc);
	return conv_to_utf8(enc, buf, len, out, outlen, err);
}

senda_err
conv_decode_buffer(char **buf, size_t *len, const char *encoding, char *used,
		   senda_error *err)
{
	const char *enc = encoding && *encoding ? encoding : conv_detect(*buf, *len);
	if (enc && name_ok(enc) && conv_is_utf8(enc) &&
	    !u8_check((const uint8_t *)*buf, *len)) {
		snprintf(used, 32, "%s", CONV_UTF8);
		/* Four bytes more, zero (as conv_to_utf8 leaves them). */
		size_t n = *len;
		char *o = xrealloc(*buf, n + 4);
		finish(o, n, buf, len);
		return SENDA_OK;
	}
	/* An encoding given for a file that is UTF-8 (with letters beyond
	 * ASCII) would garble every accent ("GÃ³mez"): refused, not imported. */
	if (encoding && *encoding && name_ok(encoding) && !conv_is_utf8(encoding) &&
	    !u8_check((const uint8_t *)*buf, *len)) {
		for (size_t i = 0; i < *len; i++)
			if ((unsigned char)(*buf)[i] >= 0x80)
				return senda_fail(err, SENDA_E_UTF8, NULL,
						  /* L10N: %s is the encoding given (--encoding) */
						  _("the file is written in UTF-8, not in %s: read as %s "
						    "its accents would be garbled (“Ã³” for “ó”). Leave "
						    "out --encoding, or give UTF-8"), encoding, encoding);
	}
	/* Anything else (and every error) as conv_decode does it. */
	char *out = NULL;
	size_t outlen = 0;
	senda_err e = conv_decode(*buf, *len, encoding, &out, &outlen, used, err);
	free(*buf);
	*buf = out;
	*len = out ? outlen : 0;
	return e;
}
