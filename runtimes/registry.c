/* registry.c — see registry.h. */
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void registry_add(registry *r, const void *item, const char *name)
{
	if (r->count == REGISTRY_MAX) {
		fprintf(stderr, "corobench: too many %ss registered (max %d)\n", r->what,
		        REGISTRY_MAX);
		abort();
	}
	int i = r->count++;
	/* insertion sort: keeps `list` output and matrix order stable and alphabetical */
	while (i > 0 && strcmp(r->names[i - 1], name) > 0) {
		r->items[i] = r->items[i - 1];
		r->names[i] = r->names[i - 1];
		i--;
	}
	r->items[i] = item;
	r->names[i] = name;
}

const void *registry_find(const registry *r, const char *name)
{
	for (int i = 0; i < r->count; i++)
		if (strcmp(r->names[i], name) == 0)
			return r->items[i];
	return NULL;
}
