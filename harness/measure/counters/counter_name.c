/* counter_name.c — see counter_name.h. The names are perf's (tools/perf/util/
 * parse-events.c), so a column reads like `perf stat` output, except that
 * context-switches is spelled ctx-switches (short enough for a benchstat unit). */
#include "counter_name.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const hw_names[] = {
    [PERF_COUNT_HW_CPU_CYCLES] = "cycles",
    [PERF_COUNT_HW_INSTRUCTIONS] = "instructions",
    [PERF_COUNT_HW_CACHE_REFERENCES] = "cache-references",
    [PERF_COUNT_HW_CACHE_MISSES] = "cache-misses",
    [PERF_COUNT_HW_BRANCH_INSTRUCTIONS] = "branches",
    [PERF_COUNT_HW_BRANCH_MISSES] = "branch-misses",
    [PERF_COUNT_HW_BUS_CYCLES] = "bus-cycles",
    [PERF_COUNT_HW_STALLED_CYCLES_FRONTEND] = "stalled-cycles-frontend",
    [PERF_COUNT_HW_STALLED_CYCLES_BACKEND] = "stalled-cycles-backend",
    [PERF_COUNT_HW_REF_CPU_CYCLES] = "ref-cycles",
};

static const char *const sw_names[] = {
    [PERF_COUNT_SW_CPU_CLOCK] = "cpu-clock",
    [PERF_COUNT_SW_TASK_CLOCK] = "task-clock",
    [PERF_COUNT_SW_PAGE_FAULTS] = "page-faults",
    [PERF_COUNT_SW_CONTEXT_SWITCHES] = "ctx-switches",
    [PERF_COUNT_SW_CPU_MIGRATIONS] = "cpu-migrations",
    [PERF_COUNT_SW_PAGE_FAULTS_MIN] = "minor-faults",
    [PERF_COUNT_SW_PAGE_FAULTS_MAJ] = "major-faults",
    [PERF_COUNT_SW_ALIGNMENT_FAULTS] = "alignment-faults",
    [PERF_COUNT_SW_EMULATION_FAULTS] = "emulation-faults",
};

/* PERF_TYPE_HW_CACHE: config = cache | op << 8 | result << 16. */
static const char *const cache_names[] = {"L1-dcache", "L1-icache", "LLC", "dTLB",
                                          "iTLB",      "branch",    "node"};
static const char *const op_access[] = {"loads", "stores", "prefetches"};
static const char *const op_miss[] = {"load-misses", "store-misses", "prefetch-misses"};

static const char *lookup(const char *const *t, size_t n, uint64_t i)
{
	return i < n ? t[i] : NULL;
}

bool ctr_generic_name(const struct perf_event_attr *a, char *out, size_t outlen)
{
	char base[48];
	const char *name = NULL;
	switch (a->type) {
	case PERF_TYPE_HARDWARE:
		name = lookup(hw_names, COUNT(hw_names), a->config);
		break;
	case PERF_TYPE_SOFTWARE:
		name = lookup(sw_names, COUNT(sw_names), a->config);
		break;
	case PERF_TYPE_HW_CACHE: {
		uint64_t cache = a->config & 0xff, op = (a->config >> 8) & 0xff;
		uint64_t res = (a->config >> 16) & 0xff;
		const char *c = lookup(cache_names, COUNT(cache_names), cache);
		const char *o = res == PERF_COUNT_HW_CACHE_RESULT_ACCESS
		                    ? lookup(op_access, COUNT(op_access), op)
		                : res == PERF_COUNT_HW_CACHE_RESULT_MISS
		                    ? lookup(op_miss, COUNT(op_miss), op)
		                    : NULL;
		if (c && o && (a->config >> 24) == 0) {
			snprintf(base, sizeof base, "%s-%s", c, o);
			name = base;
		}
		break;
	}
	default:
		break;
	}
	if (!name)
		return false;
	const char *mod = "";
	if (a->exclude_kernel && !a->exclude_user)
		mod = ":u";
	else if (a->exclude_user && !a->exclude_kernel)
		mod = ":k";
	snprintf(out, outlen, "%s%s", name, mod);
	return true;
}

void ctr_sanitize(const char *s, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	size_t i = 0;
	for (; s[i] && i + 1 < outlen; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || strchr("_.:+-", c);
		out[i] = ok ? c : '_';
	}
	out[i] = '\0';
	if (i == 0 && outlen > 1)
		snprintf(out, outlen, "_");
}
