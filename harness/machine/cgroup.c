/* cgroup.c — see cgroup.h. */
#include "cgroup.h"

#include <stdio.h>
#include <string.h>

void cgroup_walk(const char *root, bool (*match)(const char *controllers),
                 void (*fn)(const char *dir, bool v2, void *arg), void *arg)
{
	char full[4096];
	snprintf(full, sizeof full, "%s/proc/self/cgroup", root);
	FILE *f = fopen(full, "r");
	if (!f)
		return;
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		/* v2: "0::/path"; v1: "N:cpu,cpuacct:/path" */
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c2 = '\0';
		const char *ctrl = c1 + 1, *cg = c2 + 1;
		bool v2 = !*ctrl;
		char base[256];
		if (v2)
			snprintf(base, sizeof base, "/sys/fs/cgroup");
		else if (match(ctrl)) /* the mount is named after the controllers */
			snprintf(base, sizeof base, "/sys/fs/cgroup/%.200s", ctrl);
		else
			continue;
		char dir[2048];
		snprintf(dir, sizeof dir, "%s%s", base, strcmp(cg, "/") == 0 ? "" : cg);
		for (;;) {
			fn(dir, v2, arg);
			if (strlen(dir) <= strlen(base))
				break;
			*strrchr(dir, '/') = '\0';
		}
	}
	fclose(f);
}
