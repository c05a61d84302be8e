/* metrics.c — per-repetition metric values shared by the writers (writers.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writers.h"

/* Derived metrics: the ratio of two counters of the same repetition (same time
 * window: cycles and instructions share a group, counters.h). */
static const struct {
	const char *name; /* column, summary metric and benchstat unit */
	const char *num;  /* numerator counter                          */
	const char *den;  /* denominator counter                        */
} derived[] = {
    {"IPC", "instructions", "cycles"},
    {"IPC:u", "instructions:u", "cycles:u"},
};

int derived_metrics(const char **ctrs, int nctr, const char **names)
{
	int n = 0;
	for (size_t d = 0; d < sizeof derived / sizeof derived[0]; d++) {
		bool num = false, den = false;
		for (int k = 0; k < nctr; k++) {
			num |= strcmp(ctrs[k], derived[d].num) == 0;
			den |= strcmp(ctrs[k], derived[d].den) == 0;
		}
		if (num && den)
			names[n++] = derived[d].name;
	}
	return n;
}

static bool rep_derived(const cb_rep *rep, const char *metric, double *value, bool *known)
{
	for (size_t d = 0; d < sizeof derived / sizeof derived[0]; d++) {
		if (strcmp(metric, derived[d].name) != 0)
			continue;
		*known = true;
		char kn[64], kd[64];
		snprintf(kn, sizeof kn, "ctr.%s", derived[d].num);
		snprintf(kd, sizeof kd, "ctr.%s", derived[d].den);
		const char *vn = proto_get(&rep->rec, kn), *vd = proto_get(&rep->rec, kd);
		if (!vn || !*vn || !vd || !*vd)
			return false; /* one of them not counted: no ratio */
		double n = strtod(vn, NULL), dd = strtod(vd, NULL);
		if (!(dd > 0))
			return false;
		*value = n / dd;
		return true;
	}
	*known = false;
	return false;
}

bool rep_metric(const cb_rep *rep, const char *metric, double *value)
{
	if (rep->ops == 0)
		return false;
	bool known;
	bool got = rep_derived(rep, metric, value, &known);
	if (known)
		return got;
	if (strcmp(metric, "ns_per_op") == 0) {
		*value = (double)rep->elapsed_ns / (double)rep->ops;
		return true;
	}
	if (strcmp(metric, "cpu_ns_per_op") == 0) { /* the process's CPU time per op */
		uint64_t cpu;
		if (!proto_get_u64(&rep->rec, "cpu_ns", &cpu))
			return false;
		*value = (double)cpu / (double)rep->ops;
		return true;
	}
	const char *v = proto_get(&rep->rec, metric);
	if (!v || !*v)
		return false;
	char *end;
	double x = strtod(v, &end);
	if (*end)
		return false;
	/* counters are totals over the timed region: per op like JMH's perfnorm */
	*value = strncmp(metric, "ctr.", 4) == 0 ? x / (double)rep->ops : x;
	return true;
}
