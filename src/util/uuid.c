/* senda — row identifiers: time-ordered version-7 UUIDs (RFC 9562: 48-bit
 * Unix milliseconds, then random bits from libsodium), so that new rows go
 * to the end of every index on an id instead of all over it; and
 * deterministic ones for demo data, ordered by their counter. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Stamp VERSION and the RFC 9562 variant (binary 10), and write the text
 * form. */
static void
format(unsigned char b[16], unsigned version, char out[UUID_LEN])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;

	b[6] = (unsigned char)((b[6] & 0x0f) | (version << 4));
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 0x0f];
	}
	*p = '\0';
}

static void
put_be48(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 6; i++)
		p[i] = (unsigned char)(v >> (8 * (5 - i)));
}

/* The 74 bits after the timestamp (12 of rand_a, 62 of rand_b), kept as
 * one number so that it can be counted up. */
struct tail {
	uint64_t hi;   /* the 12 bits of rand_a */
	uint64_t lo;   /* the 62 bits of rand_b */
};

#define TAIL_HI_MAX 0xfffULL
#define TAIL_LO_MAX 0x3fffffffffffffffULL

static void
put_tail(unsigned char b[16], struct tail t)
{
	b[6] = (unsigned char)(t.hi >> 8);
	b[7] = (unsigned char)t.hi;
	for (int i = 0; i < 8; i++)
		b[8 + i] = (unsigned char)(t.lo >> (8 * (7 - i)));
	/* format() overwrites the top two bits of b[8] with the variant: lo
	 * holds only 62 bits, so nothing is lost. */
}

static uint64_t
wall_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Version 7, monotonic within the process (RFC 9562 section 6.2, method 2,
 * "monotonic random"): a new millisecond starts from fresh random bits,
 * with the top bit of rand_a clear to leave room for counting; another id
 * in the same millisecond (or after the clock stepped back) adds a random
 * increment to the previous 74 bits. Should they run out, the timestamp
 * moves one millisecond ahead of the clock. Ids made by other processes or
 * sites are told apart by their random bits. */
void
uuid_v7_at(uint64_t ms, char out[UUID_LEN])
{
	static uint64_t last_ms;
	static struct tail last;
	static bool started;
	unsigned char b[16];

	if (out == NULL)
		return;
	ensure_sodium();
	ms &= 0xffffffffffffULL;
	if (!started || ms > last_ms) {
		randombytes_buf(b, sizeof b);
		last.hi = ((uint64_t)b[0] << 8 | b[1]) & (TAIL_HI_MAX >> 1);
		last.lo = 0;
		for (int i = 8; i < 16; i++)
			last.lo = last.lo << 8 | b[i];
		last.lo &= TAIL_LO_MAX;
		last_ms = ms;
		started = true;
	} else {
		/* 1 to 2^32: random enough to guess badly, small enough that
		 * billions of ids fit in one millisecond. */
		uint64_t step = (uint64_t)randombytes_random() + 1;
		if (last.lo > TAIL_LO_MAX - step) {
			last.lo = last.lo - (TAIL_LO_MAX - step) - 1;
			if (last.hi == TAIL_HI_MAX) {
				last.hi = 0;
				last_ms = (last_ms + 1) & 0xffffffffffffULL;
			} else {
				last.hi++;
			}
		} else {
			last.lo += step;
		}
	}
	put_be48(b, last_ms);
	put_tail(b, last);
	format(b, 7, out);
}

void
uuid_new(char out[UUID_LEN])
{
	uuid_v7_at(wall_ms(), out);
}

void
uuid_random(char out[UUID_LEN])
{
	unsigned char b[16];

	if (out == NULL)
		return;
	ensure_sodium();
	randombytes_buf(b, sizeof b);
	format(b, 4, out);
}

static void
put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Demo ids: version 7 in form, with the counter in the timestamp field
 * (milliseconds after DEMO_EPOCH_MS) so that they sort in the order they
 * are made, and the rest from a keyed hash of the seed and the counter. */
#define DEMO_EPOCH_MS 1577836800000ULL   /* 2020-01-01T00:00:00Z */

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
	put_be48(b, DEMO_EPOCH_MS + n);
	format(b, 7, out);
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

const char *
uuid_short(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	return n == UUID_LEN - 1 ? id + (UUID_LEN - 1 - UUID_SHORT_LEN) : id ? id : "";
}

bool
uuid_suffix_key(const char *id, char key[UUID_LEN])
{
	size_t n = id ? strlen(id) : 0;
	if (n < 4 || n > 12)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_hex(id[i]))
			return false;
	for (size_t i = 0; i <= n; i++)
		key[i] = (char)(id[i] >= 'A' && id[i] <= 'Z' ? id[i] + 32 : id[i]);
	return true;
}
