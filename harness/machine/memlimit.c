/* memlimit.c — see memlimit.h. */
#include "memlimit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"

/* The walk's state: the tightest limit so far and its file. */
typedef struct limit_walk {
	const char *root; /* the machine's root ("" here)   */
	uint64_t best;    /* bytes; 0 while none was seen   */
	char *where;      /* the file that set best, or NULL */
	size_t wlen;      /* its size                        */
} limit_walk;

static bool memory_controller(const char *ctrls)
{
	return strcmp(ctrls, "memory") == 0;
}

static void limit_dir(const char *dir, bool v2, void *arg)
{
	limit_walk *w = arg;
	const char *file = v2 ? "memory.max" : "memory.limit_in_bytes";
	char path[4400], buf[64];
	snprintf(path, sizeof path, "%s%s/%s", w->root, dir, file);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	bool got = fgets(buf, sizeof buf, f) != NULL;
	fclose(f);
	if (!got || strncmp(buf, "max", 3) == 0)
		return;
	char *end;
	unsigned long long v = strtoull(buf, &end, 10);
	if (end == buf || v >= (1ULL << 62)) /* v1's "unlimited": LONG_MAX rounded to pages */
		return;
	if (!w->best || v < w->best) {
		w->best = v;
		if (w->where && w->wlen)
			snprintf(w->where, w->wlen, "%s/%s", dir, file);
	}
}

bool memlimit_read(const char *root, uint64_t *bytes, char *where, size_t wlen)
{
	limit_walk w = {root ? root : "", 0, where, wlen};
	cgroup_walk(w.root, memory_controller, limit_dir, &w);
	if (w.best)
		*bytes = w.best;
	return w.best != 0;
}
