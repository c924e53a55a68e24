/* senda — checked allocation: these never return NULL; running out of memory
 * ends the program with a message (there is nothing sensible to do instead). */
#ifndef SENDA_MEM_H
#define SENDA_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
/* Replace *slot (freed) with a copy of v; NULL = "". */
void xstrset(char **slot, const char *v);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Say "out of memory" and abort; for allocations made by other libraries
 * (libunistring) that report failure with NULL. */
_Noreturn void xalloc_die(void);

#endif
