/* senda — row identifiers: random version-4 UUIDs (libsodium), and
 * deterministic ones for demo data. */
#ifndef SENDA_UUID_H
#define SENDA_UUID_H

#include <stdbool.h>
#include <stdint.h>

#define UUID_LEN 37   /* 36 characters and the NUL */

void uuid_new(char out[UUID_LEN]);
/* Same (seed, n) gives the same UUID, a valid version 4 one. */
void uuid_from_seed(uint64_t seed, uint64_t n, char out[UUID_LEN]);
bool uuid_valid(const char *s);
/* A typed id or id prefix as a lower-case search key; false when it is
 * shorter than 4 or longer than a UUID. Records are then found with
 * "id >= key AND id < key || '~'" (the prefix range). */
bool uuid_prefix_key(const char *id, char key[UUID_LEN]);

#endif
