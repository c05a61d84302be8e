/*
 * find_speedup.c — speed-up over pthreads (find.h): for each host and each
 * non-pthread series, at the lowest thread count and the default placement,
 * the geometric mean over workloads of pthread's median / its median (its
 * pthread partner: rm_pthread_partner), with the worst and the best workload.
 *
 * What it promises: only pairs where both sides ran full size are counted; a
 * series with no partner anywhere gets no sentence.
 */
#include "find.h"

#include <math.h>
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
			double logsum = 0, best = 0, worst = INFINITY;
			const char *best_case = "", *worst_case = "";
			int n = 0;
			for (int i = 0; i < m->ncfg; i++) {
				const rm_config *c = &m->cfg[i];
				bool subst;
				if (c->host != h || strcmp(c->rt_chan, series[s]) ||
				    c->row->threads != t ||
				    strcmp(c->row->placement, m->placement) || c->reduced)
					continue;
				const rm_config *pt = rm_pthread_partner(m, c, &subst);
				if (!pt || pt->reduced)
					continue;
				double x = pt->s.median / c->s.median;
				logsum += log(x);
				n++;
				if (x > best) {
					best = x;
					best_case = c->wcase;
				}
				if (x < worst) {
					worst = x;
					worst_case = c->wcase;
				}
			}
			if (n == 0)
				continue;
			char g[32], b[32], w[32];
			fmt_times(g, sizeof g, exp(logsum / n));
			fmt_times(b, sizeof b, best);
			fmt_times(w, sizeof w, worst);
			if (n == 1)
				rf_add_host(f, m, h, "speed-up",
				            "%s is %s the speed of pthreads on %s (threads=%d).",
				            series[s], g, best_case, t);
			else
				rf_add_host(
				    f, m, h, "speed-up",
				    "Over %d workloads at threads=%d, %s runs at %s the speed of "
				    "pthreads "
				    "(geometric mean of pthread time / its time), from %s on %s to "
				    "%s on %s.",
				    n, t, series[s], g, w, worst_case, b, best_case);
		}
	}
}
