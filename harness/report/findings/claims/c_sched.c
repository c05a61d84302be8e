/*
 * c_sched.c — C5 (goroutine scheduling is simple and automatic: a global run
 * queue plus per-processor local queues). The queues themselves are design,
 * not a measurement (runtimes/gmp/sched.c, Go's runtime/proc.go); what a run
 * shows is what "automatic" promises: tasks spread over the workers without
 * the program placing them, and a task that never yields does not stop the
 * others. docs/CLAIMS.md has the rule in full.
 *
 *   - fork-join (fib, skynet) on each coroutine runtime: ns/op at the most
 *     workers below ns/op at the fewest (U test), i.e. the scheduler put the
 *     tasks on the other workers by itself;
 *   - hog (issue 20, when present): at 1 worker, on each coroutine runtime,
 *     the ping-pong beside a spinning task completes (rows in runs.csv)
 *     rather than failing (a timeout in failures.csv); rows run with
 *     preemption deliberately off (--param preempt=off) are left out;
 *   - wakeup (issue 20, when present): how late a sleeper wakes beside busy
 *     tasks, p99 per runtime, shown.
 * hog and wakeup are read from make bench's fairness/ where it has them, else
 * from the main run (F1, c_fair.c, holds them to the full rule).
 */
#include <stdio.h>
#include <string.h>

#include "claim.h"
#include "../../../base/units.h"

static const char *const forkjoin[] = {"fib", "skynet"};

#define N_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

/* Fork-join work on each coroutine runtime, fewest workers against most. */
static void spread(cl_ctx *x)
{
	for (int w = 0; w < N_OF(forkjoin); w++)
		if (cl_need(x, forkjoin[w], "fork-join workload"))
			for (int r = 0; r < 2; r++)
				cl_gain(x, forkjoin[w], cl_coroutines[r], 0);
	if (cl_threads_max(x) <= cl_threads_min(x))
		cl_note(x, "tasks spread over workers: run -t 1,N");
}

/* Where host h's `workload` is (make bench's fairness/, else the main run),
 * and whether it is anywhere (else cl_need's note). */
static bool where(cl_ctx *x, const char *workload, int *part)
{
	*part = rm_workload_part(x->m, x->h, RM_FAIRNESS, workload);
	return *part >= 0 || cl_need(x, workload, "fairness and preemption, issue 20");
}

/* hog at the fewest workers on each coroutine runtime: completed or not. */
static void hog(cl_ctx *x)
{
	const report_model *m = x->m;
	int part;
	if (!where(x, "hog", &part))
		return;
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg, t0 = 0;
	for (int i = 0; i < n; i++)
		if (list[i].host == x->h && list[i].part == part &&
		    !strcmp(list[i].row->workload, "hog") && (!t0 || list[i].row->threads < t0))
			t0 = list[i].row->threads;
	for (int r = 0; r < 2; r++) {
		const rm_config *c = NULL;
		for (int i = 0; i < n && !c; i++) {
			const rm_config *k = &list[i];
			if (k->host == x->h && k->part == part &&
			    !strcmp(k->row->workload, "hog") &&
			    !strcmp(k->row->runtime, cl_coroutines[r]) && k->row->threads == t0 &&
			    !strstr(k->row->params, "preempt=off"))
				c = k;
		}
		char where_[160], kinds[120];
		snprintf(where_, sizeof where_, "hog t=%d %.40s", t0, cl_coroutines[r]);
		int failed =
		    cl_failures(x, part, "hog", cl_coroutines[r], NULL, NULL, kinds, sizeof kinds);
		if (c) {
			cl_used(x, c);
			char v[32];
			fmt_time_ns(v, sizeof v, c->s.median);
			cl_fact(
			    x, RP_EV_HOLDS, where_, "results",
			    "hog, %s at %d worker%s: the ping-pong beside a task that never yields "
			    "completed in all %d repetitions (%s per round trip)",
			    c->rt_chan, t0, t0 > 1 ? "s" : "", c->g->n, v);
		} else if (failed) {
			cl_fact(x, RP_EV_DOES_NOT, where_, "results",
			        "hog, %s at %d worker%s: %d round%s failed (%s): the spinning task "
			        "stopped the others",
			        cl_coroutines[r], t0, t0 > 1 ? "s" : "", failed,
			        failed > 1 ? "s" : "", kinds);
		}
	}
}

/* wakeup (when present): the p99 of how late a sleeper woke, per series. */
static void wakeup(cl_ctx *x)
{
	const report_model *m = x->m;
	int part;
	bool any = false;
	if (where(x, "wakeup", &part)) {
		const rm_config *list = part < 0 ? m->cfg : m->xcfg;
		int n = part < 0 ? m->ncfg : m->nxcfg;
		for (int i = 0; i < n; i++) {
			const rm_config *c = &list[i];
			const hgrm_file *hf;
			if (c->host != x->h || c->part != part ||
			    strcmp(c->row->workload, "wakeup") || !(hf = rm_hgrm_of(m, c)))
				continue;
			char v[32], w[80];
			fmt_time_ns(v, sizeof v, hgrm_value_at(hf, 0.99) * 1000);
			snprintf(w, sizeof w, "wakeup t=%d %.40s", c->row->threads, c->rt_chan);
			cl_used(x, c);
			cl_info(x, w, part < 0 ? "latency-wakeup" : "results",
			        "wakeup, %s, t=%d: p99 lateness %s (descriptive)", c->rt_chan,
			        c->row->threads, v);
			any = true;
		}
	}
	if (!any)
		cl_note(x, "how late a sleeper wakes beside busy tasks: the wakeup workload (issue "
		           "20), not in this run");
}

void claim_c5(cl_ctx *x)
{
	spread(x);
	hog(x);
	wakeup(x);
	cl_note(x, "the queues themselves (one global run queue, per-P local queues, runnext, "
	           "stealing) are design, not a measurement: runtimes/gmp/sched.c, Go's "
	           "runtime/proc.go");
	cl_end(x);
}
