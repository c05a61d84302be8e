/* registry.c — the workload registry (workload.h). */
#include <string.h>

#include "../runtimes/registry.h"
#include "workload.h"

static registry workloads = {.what = "workload"};

void wl_register(const workload *w)
{
	registry_add(&workloads, w, w->name);
}
const workload *wl_find(const char *name)
{
	return registry_find(&workloads, name);
}
int wl_count(void)
{
	return workloads.count;
}
const workload *wl_at(int i)
{
	return workloads.items[i];
}

int wl_param_index(const workload *w, const char *name)
{
	for (int i = 0; i < w->nparams; i++)
		if (strcmp(w->params[i].name, name) == 0)
			return i;
	return -1;
}
