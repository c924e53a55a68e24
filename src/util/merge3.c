/* senda — the three-way rule for one field (see senda/merge3.h). */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "senda/merge3.h"

static bool
same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

enum merge3
merge3(const char *base, const char *mine, const char *cur)
{
	if (same(mine, base))
		return MERGE3_THEIRS;
	if (same(cur, base))
		return MERGE3_MINE;
	if (same(cur, mine))
		return MERGE3_SAME;
	return MERGE3_CONFLICT;
}
