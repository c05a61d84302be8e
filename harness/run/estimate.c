/* estimate.c — see estimate.h. */
#include "estimate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double growth(const char *workload, double n)
{
	if (strcmp(workload, "fib") == 0)
		return pow(1.618033988749895, n);
	if (strcmp(workload, "sieve") == 0)
		return n * n;
	return n;
}

static const est_cost *find(const char *workload, const char *runtime)
{
	/* go@1.23 is costed as go: the table knows one Go */
	size_t rl = strcspn(runtime, "@");
	for (const est_cost *c = est_costs; c->workload; c++)
		if (strcmp(c->workload, workload) == 0 && strlen(c->runtime) == rl &&
		    strncmp(c->runtime, runtime, rl) == 0)
			return c;
	return NULL;
}

double est_config_ns(const cb_config *c, int reps, int warmup, int rounds, bool *known)
{
	const est_cost *row = find(c->wl->name, c->runtime);
	if (known)
		*known = row != NULL;
	double per = row ? (c->threads <= 1 ? row->ns_t1 : row->ns_t2) : EST_UNKNOWN_NS;
	double one = per * growth(c->wl->name, (double)c->params[0]);
	double start = c->rt ? EST_ROUND_C_NS : EST_ROUND_PEER_NS;
	return (double)(reps + warmup * rounds) * one + (double)rounds * start;
}

void est_add(est_total *t, const cb_config *c, bool skip, int reps, int warmup, int rounds)
{
	if (skip) {
		t->skipped++;
		return;
	}
	bool known;
	t->ns += est_config_ns(c, reps, warmup, rounds, &known);
	t->run++;
	t->unknown += !known;
}

void est_format(double ns, char *buf, size_t len)
{
	double s = ns / 1e9;
	if (s < 1)
		snprintf(buf, len, "under 1 s");
	else if (s < 60)
		snprintf(buf, len, "about %.0f s", s);
	else if (s < 3600)
		snprintf(buf, len, "about %d min %d s", (int)(s / 60), (int)fmod(s, 60));
	else if (s < 100 * 3600)
		snprintf(buf, len, "about %d h %d min", (int)(s / 3600), (int)fmod(s / 60, 60));
	else
		snprintf(buf, len, "about %.0f days", s / 86400);
}

const char *est_assumptions(void)
{
	return "a cost table measured on the 2-vCPU Intel Xeon VM corobench was built on "
	       "(docs/sample's make bench at quick sizes, harness/run/cost_table.c), scaled by "
	       "the size n (linearly; fib by 1.618^k, sieve by K^2; other parameters are not "
	       "costed, more than 2 workers cost as 2), plus 16 ms per round of a C runtime and "
	       "35 ms per round of the Go peer; it does not foresee pthread's reduced sizes or "
	       "timeouts, and another machine may be 2-5x faster or slower";
}
