/* rt_registry.c — the runtime registry and the current-runtime pointer (rt.h). */
#include "registry.h"
#include "rt.h"

const rt_runtime *rt_current;

static registry runtimes = {.what = "runtime"};

void rt_register(const rt_runtime *rt)
{
	registry_add(&runtimes, rt, rt->name);
}
const rt_runtime *rt_find(const char *name)
{
	return registry_find(&runtimes, name);
}
int rt_count(void)
{
	return runtimes.count;
}
const rt_runtime *rt_at(int i)
{
	return runtimes.items[i];
}
