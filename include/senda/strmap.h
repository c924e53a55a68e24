/* senda — a map from strings to strings (open addressing, FNV-1a): constant
 * time lookups for work over many records, such as an import. No curses. */
#ifndef SENDA_STRMAP_H
#define SENDA_STRMAP_H

#include <stddef.h>

typedef struct strmap strmap;

strmap *strmap_new(void);
void strmap_free(strmap *m);

/* The value stored under key, or NULL. */
const char *strmap_get(const strmap *m, const char *key);

/* Store a copy of value under a copy of key, replacing what was there. */
void strmap_put(strmap *m, const char *key, const char *value);

size_t strmap_count(const strmap *m);

#endif
