/*
 * find_speedup.c — over every workload (find.h): for each host and runtime
 * other than pthread, at the lowest worker count, each on its like-for-like
 * channel (the summary's columns), the geometric mean over workloads of
 * pthread's median / its median, with the worst and the best workload; and
 * the same for gmp against Go ("how close is gmp to Go").
 *
 * What it promises: only pairs where both sides ran full size are counted, and
 * only the cases whose op is a cost (summary.h, rp_geo_out: not wakeup's
 * sleep, not a preempt=off counter-case); a
 * runtime with no partner anywhere gets no sentence; the geometric mean
 * carries a bootstrap interval over the workloads, or is labelled descriptive
 * (rf_geomean); with one workload the factor is stated only when the U test
 * supports it (rf_test).
 */
#include "find.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../base/units.h"
#include "../pairing.h"

/* Over the rows of host h: `ref`'s time / `rt`'s time at threads t. */
static void over(const report_model *m, rp_findings *f, int h, const char *rt, const char *ref,
                 int t)
{
	const rp_summary *s = &f->sum;
	int a = -1, b = -1;
	for (int c = 0; c < s->ncols; c++)
		if (s->col[c].threads == t) {
			a = !strcmp(s->col[c].runtime, rt) ? c : a;
			b = !strcmp(s->col[c].runtime, ref) ? c : b;
		}
	if (a < 0 || b < 0)
		return;
	double x[RP_SUM_ROWS], best = 0, worst = INFINITY;
	const rm_config *only = NULL, *only_ref = NULL;
	const char *best_case = "", *worst_case = "";
	int n = 0, failed = 0;
	for (int r = 0; r < s->nrows; r++) {
		const rm_config *c = s->row[r].cell[a].cfg, *p = s->row[r].cell[b].cfg;
		if (s->row[r].host != h || s->row[r].geo_out || !c || !p || c->reduced ||
		    p->reduced)
			continue;
		x[n++] = p->s.median / c->s.median;
		failed += c->failed_rounds > 0 || p->failed_rounds > 0;
		only = c;
		only_ref = p;
		if (x[n - 1] > best) {
			best = x[n - 1];
			best_case = c->wcase;
		}
		if (x[n - 1] < worst) {
			worst = x[n - 1];
			worst_case = c->wcase;
		}
	}
	if (n == 0)
		return;
	char bs[32], ws[32], geo[300], fail[120] = "", qual[200];
	if (failed)
		snprintf(fail, sizeof fail, " (%d of them with failed rounds: see the tables)",
		         failed);
	fmt_times(bs, sizeof bs, best);
	fmt_times(ws, sizeof ws, worst);
	if (n == 1) {
		/* one workload: a factor only where the U test supports it */
		rf_test_res r = rf_test(f, only, only_ref);
		char q[160], nm[200], pn[200];
		rf_fmt_q(q, sizeof q, &r);
		rf_rt_name(only, nm, sizeof nm);
		rf_rt_name(only_ref, pn, sizeof pn);
		if (r.significant)
			rf_add_host(f, m, h, "speed-up",
			            "%s is %s the speed of %s on %s (threads=%d, %s).", nm, bs, pn,
			            best_case, t, q);
		else if (!r.can_detect)
			rf_add_host(f, m, h, "speed-up",
			            "%s against %s on %s (threads=%d): no factor is stated, %s.",
			            nm, pn, best_case, t, q);
		else
			rf_add_host(
			    f, m, h, "speed-up",
			    "%s and %s on %s (threads=%d) are not significantly different (%s).",
			    nm, pn, best_case, t, q);
		return;
	}
	rf_geomean(x, n, "workloads", fmt_times, geo, sizeof geo, qual, sizeof qual);
	rf_add_host(f, m, h, "speed-up",
	            "Over %d workloads at threads=%d, like for like, %s runs at %s the speed of %s "
	            "(geometric mean of %s's time / its time; %s), from %s on %s to %s on %s%s.",
	            n, t, rt, geo, ref, ref, qual, ws, worst_case, bs, best_case, fail);
}

void find_speedup(const report_model *m, rp_findings *f)
{
	const rp_summary *s = &f->sum;
	int t = m->nthreads ? m->threads[0] : 1;
	for (int h = 0; h < m->nhosts; h++) {
		for (int c = 0; c < s->ncols; c++)
			if (s->col[c].threads == t && strcmp(s->col[c].runtime, "pthread"))
				over(m, f, h, s->col[c].runtime, "pthread", t);
		over(m, f, h, "gmp", PAIR_GO_RUNTIME, t);
	}
}
