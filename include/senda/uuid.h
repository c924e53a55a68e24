/* senda — row identifiers: time-ordered version-7 UUIDs (RFC 9562), and
 * deterministic ones for demo data. Ids made before are version 4 and stay
 * as they are: nothing reads the version. */
#ifndef SENDA_UUID_H
#define SENDA_UUID_H

#include <stdbool.h>
#include <stdint.h>

#define UUID_LEN 37   /* 36 characters and the NUL */

/* A new version-7 id: 48-bit Unix milliseconds, then random bits; each id
 * the process makes sorts (as text) after the one before, even within a
 * millisecond or when the clock steps back. */
void uuid_new(char out[UUID_LEN]);
/* A random version-4 id, for what must differ from its first characters
 * on: a site's id, whose first 8 name the site in every clock value (hlc.h),
 * and its user's. */
void uuid_random(char out[UUID_LEN]);
/* The same as uuid_new at a given time in milliseconds (for tests). */
void uuid_v7_at(uint64_t ms, char out[UUID_LEN]);
/* Same (seed, n) gives the same UUID, version 7 in form, and a greater n
 * a greater UUID (demo data is made in id order). */
void uuid_from_seed(uint64_t seed, uint64_t n, char out[UUID_LEN]);
bool uuid_valid(const char *s);
/* A typed id or id prefix as a lower-case search key; false when it is
 * shorter than 4 or longer than a UUID. Records are then found with
 * "id >= key AND id < key || '~'" (the prefix range). */
bool uuid_prefix_key(const char *id, char key[UUID_LEN]);
/* The short id lists show: an id's last 8 characters. Its first ones are
 * its time, shared by the ids made within a minute; the last are random.
 * An id of another length is shown whole. */
#define UUID_SHORT_LEN 8
const char *uuid_short(const char *id);
/* A typed short id (4 to 12 hex digits) as a lower-case key for the end of
 * an id, tried when no id begins with what was typed: "substr(id, 37 -
 * length(key)) = key". False for anything else. That lookup reads every
 * id of the table (no index keeps ids by their end: one would take every
 * write back to a random page). */
bool uuid_suffix_key(const char *id, char key[UUID_LEN]);

#endif
