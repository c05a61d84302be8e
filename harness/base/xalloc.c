/* xalloc.c — see xalloc.h. */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>

static void *check(void *p, size_t size)
{
	if (!p) {
		fprintf(stderr, "corobench: out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void *xmalloc(size_t size)
{
	return check(malloc(size ? size : 1), size);
}

void *xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1), n * size);
}

void *xrealloc(void *p, size_t size)
{
	return check(realloc(p, size ? size : 1), size);
}
