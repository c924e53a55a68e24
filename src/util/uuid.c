/* senda — version-4 UUIDs: random ones from libsodium, deterministic ones
 * (for demo data) from a keyed hash of a seed and a counter. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "senda/i18n.h"
#include "senda/uuid.h"

static void
ensure_sodium(void)
{
	static bool ready;

	if (ready)
		return;
	/* sodium_init is idempotent: 0 the first time, 1 afterwards. */
	if (sodium_init() < 0) {
		fputs(_("senda: cannot initialize libsodium"), stderr);
		fputc('\n', stderr);
		abort();
	}
	ready = true;
}

/* Stamp version 4 and the RFC 4122 variant, and write the text form. */
static void
format(unsigned char b[16], char out[UUID_LEN])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;

	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 0x0f];
	}
	*p = '\0';
}

void
uuid_new(char out[UUID_LEN])
{
	unsigned char b[16];

	if (out == NULL)
		return;
	ensure_sodium();
	randombytes_buf(b, sizeof b);
	format(b, out);
}

static void
put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

void
uuid_from_seed(uint64_t seed, uint64_t n, char out[UUID_LEN])
{
	unsigned char in[16], b[16];

	if (out == NULL)
		return;
	ensure_sodium();
	put_le64(in, seed);
	put_le64(in + 8, n);
	crypto_generichash(b, sizeof b, in, sizeof in, NULL, 0);
	format(b, out);
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
	    || (c >= 'A' && c <= 'F');
}

/* The 8-4-4-4-12 hex form; version and variant are not checked. */
bool
uuid_valid(const char *s)
{
	if (s == NULL || strnlen(s, UUID_LEN) != UUID_LEN - 1)
		return false;
	for (int i = 0; i < UUID_LEN - 1; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!is_hex(s[i])) {
			return false;
		}
	}
	return true;
}

bool
uuid_prefix_key(const char *id, char key[UUID_LEN])
{
	size_t n = id ? strlen(id) : 0;
	if (n < 4 || n >= UUID_LEN)
		return false;
	for (size_t i = 0; i <= n; i++)
		key[i] = (char)(id[i] >= 'A' && id[i] <= 'Z' ? id[i] + 32 : id[i]);
	return true;
}
