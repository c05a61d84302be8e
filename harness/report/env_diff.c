/* env_diff.c — see env_diff.h. */
#include "env_diff.h"

#include <string.h>

#include "safe_text.h"

/* Appends "field 'x' vs 'y'" for each differing field of fields; true if any. */
static bool differ(const rr_dir *a, const rr_dir *b, const char *const *fields, char *out,
                   size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; fields[i]; i++) {
		const char *x = jsonr_get(&a->env, fields[i]), *y = jsonr_get(&b->env, fields[i]);
		if (!x || !y || strcmp(x, y) == 0)
			continue;
		char sx[200], sy[200];
		safe_text(sx, sizeof sx, x);
		safe_text(sy, sizeof sy, y);
		if (used < len)
			used += (size_t)snprintf(out + used, len - used, "%s%s '%s' vs '%s'",
			                         used ? ", " : "", fields[i], sx, sy);
	}
	return used > 0;
}

int env_diff_print(FILE *f, const rr_dir *a, const rr_dir *b)
{
	if (!a->have_env || !b->have_env) {
		fprintf(f,
		        "note: %s has no env.json: whether A and B ran on the same machine and "
		        "build cannot be told.\n",
		        !a->have_env ? "A" : "B");
		return 1;
	}
	static const char *const machine[] = {"host", "cpu_model", "online_cpus",
	                                      "arch", "kernel",    NULL};
	static const char *const build[] = {"compiler", "cflags", NULL};
	static const char *const go[] = {"go_version", NULL};
	char what[1600];
	int n = 0;
	if (differ(a, b, machine, what, sizeof what)) {
		fprintf(f,
		        "note: A and B ran on different machines (%s): a difference below may be "
		        "the machine's, not the change's.\n",
		        what);
		n++;
	}
	if (differ(a, b, build, what, sizeof what)) {
		fprintf(f,
		        "note: A and B were built differently (%s): a difference below may be the "
		        "compiler's.\n",
		        what);
		n++;
	}
	if (differ(a, b, go, what, sizeof what)) {
		fprintf(f, "note: A and B measured different Gos (%s).\n", what);
		n++;
	}
	return n;
}
