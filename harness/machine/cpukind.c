/* cpukind.c — see cpukind.h. */
#include "cpukind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/parse.h"

bool ck_hybrid(const topo *t)
{
	return t->nkinds >= 2;
}

/* True when one of kind k's infos has the value spec. */
static bool info_matches(const topo *t, int k, const char *spec)
{
	unsigned n = 0;
	struct hwloc_info_s *infos = NULL;
	if (hwloc_cpukinds_get_info(t->h, (unsigned)k, NULL, NULL, &n, &infos, 0) != 0)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (strcasecmp(infos[i].value, spec) == 0)
			return true;
	return false;
}

static int list_kinds(const topo *t, const char *spec, char *err, size_t errlen)
{
	char q[72], kinds[256] = "";
	parse_quote(spec, q, sizeof q);
	for (int k = 0; k < t->nkinds; k++) {
		char d[160];
		ck_describe(t, k, d, sizeof d);
		size_t used = strlen(kinds);
		snprintf(kinds + used, sizeof kinds - used, "%s%s", k ? "; " : "", d);
	}
	snprintf(err, errlen, "bad --cpukind '%s': %s%s", q,
	         t->nkinds ? "no such CPU kind; this machine has "
	                   : "hwloc reports no CPU kinds here",
	         kinds);
	return -1;
}

int ck_resolve(const topo *t, const char *spec, int *kind, char *err, size_t errlen)
{
	if (t->nkinds == 0 || !spec || !*spec)
		return list_kinds(t, spec ? spec : "", err, errlen);
	if (strcasecmp(spec, "performance") == 0) {
		*kind = t->nkinds - 1;
		return 0;
	}
	if (strcasecmp(spec, "efficiency") == 0) {
		*kind = 0;
		return 0;
	}
	char *end;
	long v = strtol(spec, &end, 10);
	if (*end == '\0' && end != spec && v >= 0 && v < t->nkinds) {
		*kind = (int)v;
		return 0;
	}
	for (int k = t->nkinds - 1; k >= 0; k--)
		if (info_matches(t, k, spec)) {
			*kind = k;
			return 0;
		}
	return list_kinds(t, spec, err, errlen);
}

void ck_describe(const topo *t, int kind, char *buf, size_t len)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	unsigned n = 0;
	struct hwloc_info_s *infos = NULL;
	int eff = -1;
	if (hwloc_cpukinds_get_info(t->h, (unsigned)kind, set, &eff, &n, &infos, 0) != 0) {
		snprintf(buf, len, "kind %d", kind);
		hwloc_bitmap_free(set);
		return;
	}
	char pus[96], info[96] = "";
	hwloc_bitmap_list_snprintf(pus, sizeof pus, set);
	for (unsigned i = 0; i < n; i++) {
		size_t used = strlen(info);
		snprintf(info + used, sizeof info - used, "%s=%s, ", infos[i].name, infos[i].value);
	}
	snprintf(buf, len, "kind %d (%sPUs %s)", kind, info, pus);
	hwloc_bitmap_free(set);
}
