/* metrics.c — per-repetition metric values shared by the writers (writers.h). */
#include <stdlib.h>
#include <string.h>

#include "writers.h"

bool rep_metric(const cb_rep *rep, const char *metric, double *value)
{
	if (rep->ops == 0)
		return false;
	if (strcmp(metric, "ns_per_op") == 0) {
		*value = (double)rep->elapsed_ns / (double)rep->ops;
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
