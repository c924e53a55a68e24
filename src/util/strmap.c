/* senda — a map from strings to strings with open addressing (linear
 * probing, FNV-1a hash), grown at half full. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "senda/mem.h"
#include "senda/strmap.h"

struct slot {
	char *key, *value;
};

struct strmap {
	struct slot *slots;
	size_t cap, n;          /* cap is a power of two */
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return h;
}

strmap *
strmap_new(void)
{
	strmap *m = xcalloc(1, sizeof *m);
	m->cap = 64;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	return m;
}

void
strmap_free(strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		free(m->slots[i].value);
	}
	free(m->slots);
	free(m);
}

static struct slot *
find(const strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

const char *
strmap_get(const strmap *m, const char *key)
{
	return find(m, key)->value;
}

static void
grow(strmap *m)
{
	struct slot *old = m->slots;
	size_t oldcap = m->cap;
	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key) = old[i];
	free(old);
}

void
strmap_put(strmap *m, const char *key, const char *value)
{
	struct slot *s = find(m, key);
	if (s->key) {
		free(s->value);
		s->value = xstrdup(value);
		return;
	}
	s->key = xstrdup(key);
	s->value = xstrdup(value);
	if (++m->n * 2 > m->cap)
		grow(m);
}

size_t
strmap_count(const strmap *m)
{
	return m->n;
}
