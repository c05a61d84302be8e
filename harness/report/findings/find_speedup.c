/*
 * find_speedup.c — speed-up over pthreads (find.h): for each host and each
 * non-pthread series, at the lowest thread count and the default placement,
 * the geometric mean over workloads of pthread's median / its median (its
 * pthread partner: rm_pthread_partner), with the worst and the best workload.
 *
 * What it promises: only pairs where both sides ran full size are counted; a
 * series with no partner anywhere gets no sentence; the geometric mean carries
 * a bootstrap interval over the workloads, or is labelled descriptive
 * (rf_geomean); with one workload the factor is stated only when the U test
 * supports it (rf_test).
 */
#include "find.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../base/units.h"

void find_speedup(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++) {
		const char *series[64];
		int ns = 0;
		int t = m->nthreads ? m->threads[0] : 1;
		for (int i = 0; i < m->ncfg; i++) {
			const rm_config *c = &m->cfg[i];
			if (c->host == h && strcmp(c->row->runtime, "pthread"))
				rm_find_or_add(series, &ns, 64, c->rt_chan);
		}
		for (int s = 0; s < ns; s++) {
			double x[64], best = 0, worst = INFINITY;
			const rm_config *only = NULL, *only_pt = NULL;
			const char *best_case = "", *worst_case = "";
			int n = 0, failed = 0;
			for (int i = 0; i < m->ncfg && n < 64; i++) {
				const rm_config *c = &m->cfg[i];
				bool subst;
				if (c->host != h || strcmp(c->rt_chan, series[s]) ||
				    c->row->threads != t ||
				    strcmp(c->row->placement, m->placement) || c->reduced)
					continue;
				const rm_config *pt = rm_pthread_partner(m, c, &subst);
				if (!pt || pt->reduced)
					continue;
				x[n++] = pt->s.median / c->s.median;
				failed += c->failed_rounds > 0 || pt->failed_rounds > 0;
				only = c;
				only_pt = pt;
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
				continue;
			char b[32], w[32], geo[300], fail[120] = "";
			if (failed)
				snprintf(fail, sizeof fail,
				         " (%d of them with failed rounds: see the results tables)",
				         failed);
			if (n == 1) {
				/* one workload: a factor only where the U test supports it */
				rf_test_res r = rf_test(f, only, only_pt);
				char q[120], nm[200], pn[200];
				rf_fmt_q(q, sizeof q, &r);
				fmt_times(b, sizeof b, best);
				rf_name(only, nm, sizeof nm);
				rf_name(only_pt, pn, sizeof pn);
				if (r.significant)
					rf_add_host(
					    f, m, h, "speed-up",
					    "%s is %s the speed of %s on %s (threads=%d, %s).", nm,
					    b, pn, best_case, t, q);
				else if (!r.can_detect)
					rf_add_host(
					    f, m, h, "speed-up",
					    "%s against %s on %s (threads=%d): no factor is "
					    "stated, %s.",
					    nm, pn, best_case, t, q);
				else
					rf_add_host(
					    f, m, h, "speed-up",
					    "%s and %s on %s (threads=%d) are not significantly "
					    "different (%s).",
					    nm, pn, best_case, t, q);
				continue;
			}
			char qual[200];
			rf_geomean(x, n, "workloads", fmt_times, geo, sizeof geo, qual,
			           sizeof qual);
			fmt_times(b, sizeof b, best);
			fmt_times(w, sizeof w, worst);
			rf_add_host(
			    f, m, h, "speed-up",
			    "Over %d workloads at threads=%d, %s runs at %s the speed of "
			    "pthreads (geometric mean of pthread time / its time; %s), from %s "
			    "on %s to %s on %s%s.",
			    n, t, series[s], geo, qual, w, worst_case, b, best_case, fail);
		}
	}
}
