/*
 * c_memory.c — C2 (concurrent code accesses memory more efficiently) and C6
 * (a goroutine costs few resources: a small stack of its own, only
 * scheduling state saved on a switch): coroutines (gmp, go) against pthread
 * on what a task costs in memory, time and memory traffic. docs/CLAIMS.md has
 * the rules in full.
 *
 * C2 asks "less than a thread" (factor 1) of every memory measure the run
 * has: bytes per task (spawn, skynet: metric:bytes_per_task), the memory
 * counters of the counters source (page faults, cache misses per op) and
 * bytes per connection (c10k: metric:bytes_per_conn, when present).
 * C6 asks "at most a tenth of a thread" (C6_FACTOR) of spawn's and skynet's
 * time and bytes per task, and "within C6_FLOOR times the bare register
 * switch" of a coroutine yield when the run has the floors: the floor-switch
 * row that harness/results/floors.h says bounds yield (model_floors.c), its
 * repetitions like any comparison's.
 */
#include <stdio.h>
#include <string.h>

#include "claim.h"

#define C6_FACTOR 0.1 /* a task at most a tenth of a thread's cost            */
#define C6_FLOOR  10  /* a yield within 10x the register-switch floor        */

static const char *const per_task[] = {"spawn", "skynet"};

#define N_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

/* Whether a counter column measures memory traffic: faults and cache misses
 * (not branch misses). */
static bool memory_counter(const char *col)
{
	return rm_is_counter(col) && !strstr(col, "branch") &&
	       (strstr(col, "fault") || strstr(col, "miss"));
}

/* C2's counters: every memory counter of the counters source, on every
 * workload there. */
static void memory_counters(cl_ctx *x)
{
	int part;
	if (!rm_counter_source(x->m, x->h, &part)) {
		cl_note(x, "page faults and cache misses per op: no counters here (make bench's "
		           "counters/ pass, or run --counters default)");
		return;
	}
	const rr_dir *d = rm_dir(x->m, x->h, part);
	const rm_config *list = part < 0 ? x->m->cfg : x->m->xcfg;
	int nl = part < 0 ? x->m->ncfg : x->m->nxcfg, said = 0;
	bool misses = false;
	for (int k = 0; k < d->nextra; k++) {
		const char *col = d->extra_names[k];
		if (!memory_counter(col))
			continue;
		const char *cases[32];
		int nc = 0;
		for (int i = 0; i < nl; i++)
			if (list[i].host == x->h && list[i].part == part)
				rm_find_or_add(cases, &nc, 32, list[i].wcase);
		int n = 0;
		for (int c = 0; c < nc; c++)
			n += cl_vs_threads(x, part, cases[c], col, 1);
		said += n > 0;
		misses = misses || (n > 0 && strstr(col, "miss"));
	}
	if (!misses)
		cl_note(x, "cache misses per op: no cache-miss counter with values here (hardware "
		           "counters: env.json says why not)");
	if (!said)
		cl_note(x, "page faults per op: no page-fault counter with values here");
}

/* C2's bytes per connection: every case of c10k in the main run (its
 * connections are a parameter: "c10k/conns=1000" at --quick). Returns how
 * many comparisons had the column. */
static int per_conn(cl_ctx *x)
{
	const char *cases[32];
	int nc = 0, n = 0;
	for (int i = 0; i < x->m->ncfg; i++)
		if (x->m->cfg[i].host == x->h && !strcmp(x->m->cfg[i].row->workload, "c10k"))
			rm_find_or_add(cases, &nc, 32, x->m->cfg[i].wcase);
	for (int c = 0; c < nc; c++)
		n += cl_vs_threads(x, -1, cases[c], "metric:bytes_per_conn", 1);
	return n;
}

void claim_c2(cl_ctx *x)
{
	int with = 0;
	for (int w = 0; w < N_OF(per_task); w++)
		if (cl_need(x, per_task[w], "per-task workload"))
			with += cl_vs_threads(x, -1, per_task[w], "metric:bytes_per_task", 1);
	if (!with)
		cl_note(x, "bytes per task: no metric:bytes_per_task on spawn or skynet here");
	memory_counters(x);
	if (cl_need(x, "c10k", "network servers, issue 18") && !per_conn(x))
		cl_note(x, "bytes per connection: c10k without metric:bytes_per_conn");
	cl_end(x);
}

/* C6's floor: a coroutine yield against the register-switch floor that
 * bounds it (harness/results/floors.h through model_floors.c: the floor-switch
 * row of the same results directory), when the run has floor rows: yield <=
 * C6_FLOOR x per_op x the floor's repetitions. */
static void switch_floor(cl_ctx *x)
{
	const report_model *m = x->m;
	bool any = false;
	for (int i = 0; i < m->nfloor && !any; i++)
		any = m->floor[i].host == x->h && m->floor[i].part < 0;
	if (!any) {
		cl_note(x,
		        "a yield against the register-switch floor: no floor rows (runtime=floor) "
		        "in this run (corobench run --floors; make bench runs them)");
		return;
	}
	int n = 0;
	for (int r = 0; r < 2; r++)
		for (int t = 0; t < m->nthreads; t++) {
			const rm_config *y =
			    cl_cfg(x, -1, "yield", cl_coroutines[r], NULL, m->threads[t]);
			if (!y || !cl_yield_switched(x, y))
				continue;
			rm_floor_ref fr[RM_MAX_BOUNDS];
			int nr = rm_floor_refs(m, y, fr, RM_MAX_BOUNDS);
			for (int k = 0; k < nr; k++) {
				if (!fr[k].row || strcmp(fr[k].b->floor, FLOOR_SWITCH))
					continue;
				char where[160], anchor[64];
				snprintf(where, sizeof where, "yield t=%d %.40s vs %s",
				         m->threads[t], y->rt_chan, fr[k].b->floor);
				cl_anchor(anchor, sizeof anchor, "nsop-t%d", m->threads[t]);
				cl_cmp c = {.a = y,
				            .b = fr[k].row,
				            .k = C6_FLOOR * fr[k].b->per_op,
				            .where = where,
				            .anchor = anchor,
				            .what = "yield over the register switch"};
				cl_compare(x, &c);
				n++;
			}
		}
	if (!n)
		cl_note(x,
		        "a yield against the register-switch floor: no coroutine yield here with "
		        "a floor-switch row to hold it against");
}

void claim_c6(cl_ctx *x)
{
	for (int w = 0; w < N_OF(per_task); w++) {
		if (!cl_need(x, per_task[w], "per-task workload"))
			continue;
		cl_vs_threads(x, -1, per_task[w], NULL, C6_FACTOR);
		if (!cl_vs_threads(x, -1, per_task[w], "metric:bytes_per_task", C6_FACTOR))
			cl_note(x, "%s: no metric:bytes_per_task here", per_task[w]);
	}
	switch_floor(x);
	cl_end(x);
}
