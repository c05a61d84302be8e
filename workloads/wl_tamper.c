/* wl_tamper.c — the registry of test-only answer corrupters (wl_tamper.h). */
#include "wl_tamper.h"

#include "../runtimes/registry.h"

static registry tampers = {.what = "workload tamper hook"};

void wl_tamper_register(const wl_tamper *t)
{
	registry_add(&tampers, t, t->workload);
}
const wl_tamper *wl_tamper_find(const char *workload)
{
	return registry_find(&tampers, workload);
}
