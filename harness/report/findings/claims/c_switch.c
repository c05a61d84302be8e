/*
 * c_switch.c — C7 (a goroutine switch is cheap: a few registers, no system
 * call, unlike a thread switch): each coroutine runtime's hand-off against
 * pthread's on the hand-off workloads, in time per op and in context switches
 * per op, at every worker count; beside them, when the run has floor rows,
 * each one's distance from the floor that bounds it (harness/results/floors.h).
 * docs/CLAIMS.md has the rule in full.
 *
 * yield measures a switch only when the yield resumed another task (a yield
 * that finds no other task returns at once): a yield configuration counts
 * only when metric:switched_yields says at least CL_SWITCHED of its yields
 * switched, and yield is left out, with a note, where the column is absent.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "claim.h"
#include "../../../base/units.h"

/* C7's factor: a coroutine hand-off at most a tenth of a thread's (the order
 * of magnitude the claim is usually made with). */
#define C7_FACTOR 0.1

static const char *const handoff[] = {"yield", "pingpong", "ring", "sieve"};

#define N_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

bool cl_yield_switched(cl_ctx *x, const rm_config *c)
{
	const smp_group *g = cl_samples(x, c, "metric:switched_yields");
	if (!g) {
		cl_note(x,
		        "yield: runs.csv has no metric:switched_yields, so whether its yields "
		        "switched tasks is unknown (yield not counted; a newer corobench records "
		        "it)");
		return false;
	}
	double v = stats_median(g->x, g->n);
	v = v > 1 ? v / 100 : v; /* a share, or a percentage */
	if (v >= CL_SWITCHED)
		return true;
	cl_note(x,
	        "yield %s t=%d: %.2f%% of its yields switched (median), under %.0f%% (not counted)",
	        c->rt_chan, c->row->threads, v * 100, CL_SWITCHED * 100);
	return false;
}

/* The context-switch counter column of a directory, or NULL. */
static const char *switch_col(const rr_dir *d)
{
	static const char *const names[] = {"ctx-switches/op", "context-switches/op", "cs/op"};
	for (int i = 0; i < N_OF(names); i++)
		if (results_extra(d, names[i]) >= 0)
			return names[i];
	return NULL;
}

/* The floors (when the run has floor rows): each hand-off's distance from the
 * floor that bounds it (harness/results/floors.h, model_floors.c), one item
 * per workload and worker count, shown beside the verdict, not part of it. */
static void floors(cl_ctx *x)
{
	const report_model *m = x->m;
	int rows = 0, shown = 0;
	for (int i = 0; i < m->nfloor; i++)
		rows += m->floor[i].host == x->h && m->floor[i].part < 0;
	if (!rows) {
		cl_note(x,
		        "distance from the floors (a register switch, a futex hand-off): no floor "
		        "rows (runtime=floor) in this run (corobench run --floors; make bench "
		        "runs them)");
		return;
	}
	static const char *const rts[] = {"gmp", "go", "pthread"};
	for (int w = 0; w < N_OF(handoff); w++)
		for (int t = 0; t < m->nthreads; t++) {
			char text[600] = "", where[80];
			for (int r = 0; r < N_OF(rts); r++) {
				const rm_config *c =
				    cl_cfg(x, -1, handoff[w], rts[r], NULL, m->threads[t]);
				const rm_config *row;
				char d[200];
				if (!c || !(row = rf_floor_brief(m, c, d, sizeof d)))
					continue;
				size_t len = strlen(text);
				snprintf(text + len, sizeof text - len, "%s%s %s", len ? "; " : "",
				         c->rt_chan, d);
				cl_used(x, c);
				cl_used(x, row);
			}
			if (!text[0])
				continue;
			snprintf(where, sizeof where, "%s t=%d from the floor", handoff[w],
			         m->threads[t]);
			cl_info(x, where, "summary-floors", "%s t=%d, distance from the floor: %s",
			        handoff[w], m->threads[t], text);
			shown++;
		}
	if (!shown)
		cl_note(x,
		        "distance from the floors: no hand-off workload here that a floor of this "
		        "run bounds");
}

void claim_c7(cl_ctx *x)
{
	for (int w = 0; w < N_OF(handoff); w++)
		if (cl_need(x, handoff[w], "hand-off workload"))
			cl_vs_threads(x, -1, handoff[w], NULL, C7_FACTOR);
	int part;
	const char *col = NULL;
	if (!rm_counter_source(x->m, x->h, &part) || !(col = switch_col(rm_dir(x->m, x->h, part))))
		cl_note(x, "context switches per op: no context-switch counter here (make bench's "
		           "counters/ pass, or run --counters default)");
	else
		for (int w = 0; w < N_OF(handoff); w++)
			cl_vs_threads(x, part, handoff[w], col, C7_FACTOR);
	floors(x);
	cl_end(x);
}
