/*
 * find_channels.c — channel scaling (find.h), from make bench's mpmc-sweep/ (or
 * the main run's mpmc with producers = consumers = P): per host and thread
 * count, the fastest and slowest series at the largest P, and how the fastest
 * one's throughput changed from the smallest P.
 *
 * What it promises: the default placement and full-size runs only; a single P
 * from the main run is left to find_cost, which already says it.
 */
#include "find.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"

/* Channel scaling (mpmc P x P, make bench's mpmc-sweep/): per host and thread
 * count, the fastest and slowest series at the largest P, and how the fastest
 * one's throughput changed from the smallest P. */
void find_channels(const report_model *m, rp_findings *f)
{
	int n;
	const rm_config **src = rm_source_configs(m, RM_MPMC_SWEEP, "mpmc", &n);
	if (!src)
		return;
	for (int h = 0; h < m->nhosts; h++)
		for (int t = 0; t < m->nthreads; t++) {
			const rm_config *best = NULL, *worst = NULL;
			long long pmin = 0, pmax = 0;
			for (int i = 0; i < n; i++) {
				const rm_config *c = src[i];
				long long p = c->mpmc_p;
				if (!p || c->host != h || c->row->threads != m->threads[t] ||
				    c->reduced || strcmp(c->row->placement, m->placement))
					continue;
				pmin = !pmin || p < pmin ? p : pmin;
				if (p > pmax) {
					pmax = p;
					best = worst = NULL;
				}
				if (p < pmax)
					continue;
				best = !best || c->s.median < best->s.median ? c : best;
				worst = !worst || c->s.median > worst->s.median ? c : worst;
			}
			/* one P outside a sweep is the main run's mpmc: find_cost says it */
			if (!best || best == worst || (pmin == pmax && best->src != RM_MPMC_SWEEP))
				continue;
			rf_test_res r = rf_test(f, best, worst);
			char bn[32], wn[32], br[32], x[32], p[120], tail[400] = "";
			fmt_time_ns(bn, sizeof bn, best->s.median);
			fmt_time_ns(wn, sizeof wn, worst->s.median);
			fmt_number(br, sizeof br, 1e9 / best->s.median);
			fmt_times(x, sizeof x, worst->s.median / best->s.median);
			rf_fmt_q(p, sizeof p, &r);
			/* the fastest series at the smallest P */
			for (int i = 0; i < n && pmin < pmax; i++) {
				const rm_config *c = src[i];
				if (c->host != h || c->row->threads != best->row->threads ||
				    c->mpmc_p != pmin || c->reduced ||
				    strcmp(c->series, best->series) ||
				    strcmp(c->row->placement, best->row->placement))
					continue;
				rf_test_res q = rf_test(f, c, best);
				char y[32], qp[120];
				fmt_times(y, sizeof y, c->s.median / best->s.median);
				rf_fmt_q(qp, sizeof qp, &q);
				if (q.significant)
					snprintf(tail, sizeof tail,
					         "; its throughput at %lldx%lld is %s that at "
					         "%lldx%lld (%s)",
					         pmax, pmax, y, pmin, pmin, qp);
				else
					snprintf(
					    tail, sizeof tail,
					    "; its throughput at %lldx%lld is not significantly "
					    "different from %lldx%lld (%s)",
					    pmax, pmax, pmin, pmin, qp);
				break;
			}
			const char *pl = pmax > 1 ? "s" : "";
			if (r.significant)
				rf_add_host(
				    f, m, h, "channels",
				    "Channel scaling, mpmc %lld producer%s x %lld consumer%s, "
				    "threads=%d: fastest %s at %s per message (%s messages/s), "
				    "slowest %s at %s (%s as long, %s)%s.",
				    pmax, pl, pmax, pl, m->threads[t], best->series, bn, br,
				    worst->series, wn, x, p, tail);
			else
				rf_add_host(
				    f, m, h, "channels",
				    "Channel scaling, mpmc %lld producer%s x %lld consumer%s, "
				    "threads=%d: no difference between the variants is stated (%s "
				    "at "
				    "%s to %s at %s, %s)%s.",
				    pmax, pl, pmax, pl, m->threads[t], best->series, bn,
				    worst->series, wn, p, tail);
		}
	free(src);
}
