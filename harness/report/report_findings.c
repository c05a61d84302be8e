/*
 * report_findings.c — see report_findings.h. One function per kind of finding,
 * in page order: cost per op, speed-up over pthreads, scaling, latency (closed
 * loop, then open loop from pipeline-open/), the core-to-core floor, placement,
 * channel scaling (mpmc-sweep/), counters (the main run's, else the counters
 * pass's), memory, hosts against each other, stability and sizes; then the
 * claims.
 *
 * Shared rules: findings look at the default placement and, per case, at the
 * lowest thread count where at least two configurations ran (the one every
 * runtime can run); at most FIND_LIST entries are listed in one sentence.
 */
#include "report_findings.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../measure/mannwhitney.h"
#include "../measure/ratio_ci.h"
#include "../base/units.h"

#define FIND_LIST      6    /* configurations named in one sentence      */
#define FIND_SCALING   16   /* scaling sentences at most                 */
#define FIND_COUNTERS  12   /* counter sentences at most                 */
#define FIND_PLACEMENT 12   /* placement sentences at most               */
#define ALPHA          0.05 /* significance level                        */

static void add(rp_findings *f, const char *topic, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(rp_findings *f, const char *topic, const char *fmt, ...)
{
	if (f->n == RP_MAX_FINDINGS)
		return;
	rp_finding *x = &f->items[f->n++];
	snprintf(x->topic, sizeof x->topic, "%s", topic);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->text, sizeof x->text, fmt, ap);
	va_end(ap);
}

/* "[host] " when several hosts are shown, else "". */
static const char *host_tag(const report_model *m, int h, char *buf, size_t len)
{
	if (m->nhosts < 2)
		return "";
	snprintf(buf, len, "[%.100s] ", m->hosts[h].label);
	return buf;
}

static void fmt_p(char *buf, size_t len, double p)
{
	snprintf(buf, len, p < 0.001 ? "p=%.1g" : "p=%.3f", p);
}

/* Configurations of host h's main run (part -1) or part, case, threads, default
 * placement; full-size ones into full[] sorted by median, reduced ones into red[]. */
static void gather(const report_model *m, int h, int part, const char *wcase, int threads,
                   const rm_config **full, int *nf, const rm_config **red, int *nr, int max)
{
	*nf = *nr = 0;
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg;
	for (int i = 0; i < n; i++) {
		const rm_config *c = &list[i];
		if (c->host != h || c->part != part || c->row->threads != threads ||
		    strcmp(c->wcase, wcase) || strcmp(c->row->placement, m->placement))
			continue;
		if (c->reduced) {
			if (*nr < max)
				red[(*nr)++] = c;
			continue;
		}
		if (*nf == max)
			continue;
		int k = (*nf)++;
		while (k > 0 && full[k - 1]->s.median > c->s.median) {
			full[k] = full[k - 1];
			k--;
		}
		full[k] = c;
	}
}

/* The lowest thread count at which the case has at least two configurations
 * (in host h's main run, part -1, or part). */
static int base_threads(const report_model *m, int h, int part, const char *wcase)
{
	for (int t = 0; t < m->nthreads; t++) {
		const rm_config *full[64], *red[64];
		int nf, nr;
		gather(m, h, part, wcase, m->threads[t], full, &nf, red, &nr, 64);
		if (nf + nr >= 2)
			return m->threads[t];
	}
	return m->nthreads ? m->threads[0] : 1;
}

/* Appends "; a, b ran a reduced size and are left out" when there are any. */
static void reduced_tail(char *buf, size_t len, const rm_config **red, int nr)
{
	size_t w = strlen(buf);
	for (int i = 0; i < nr && w < len; i++)
		w += (size_t)snprintf(buf + w, len - w, "%s%s", i ? ", " : " (", red[i]->series);
	if (nr && w < len)
		snprintf(buf + w, len - w, " ran a reduced size and %s left out)",
		         nr > 1 ? "are" : "is");
}

static void find_cost(const report_model *m, rp_findings *f)
{
	const char *cases[64];
	int nc = rm_cases(m, NULL, NULL, cases, 64);
	for (int h = 0; h < m->nhosts; h++)
		for (int k = 0; k < nc; k++) {
			int t = base_threads(m, h, -1, cases[k]);
			const rm_config *full[64], *red[64];
			int nf, nr;
			gather(m, h, -1, cases[k], t, full, &nf, red, &nr, 64);
			if (nf == 0)
				continue;
			char list[500] = "", tag[140], v[32];
			const char *noun = rm_op_noun(cases[k]);
			/* the fastest FIND_LIST - 1, then "..." and the slowest */
			for (int i = 0; i < nf; i++) {
				if (nf > FIND_LIST && i >= FIND_LIST - 1 && i < nf - 1)
					continue;
				fmt_time_ns(v, sizeof v, full[i]->s.median);
				size_t w = strlen(list);
				snprintf(list + w, sizeof list - w, "%s%s on %s",
				         i == 0                          ? ""
				         : i == nf - 1 && nf > FIND_LIST ? ", ..., "
				                                         : ", ",
				         v, full[i]->series);
			}
			char tail[600] = "";
			if (nf >= 2) {
				const rm_config *a = full[0], *b = full[nf - 1];
				mw_result r;
				char p[32], x[32];
				mw_test(a->g->x, a->g->n, b->g->x, b->g->n, MW_TWO_SIDED, &r);
				fmt_p(p, sizeof p, r.p);
				fmt_times(x, sizeof x, b->s.median / a->s.median);
				if (r.p < ALPHA)
					snprintf(tail, sizeof tail,
					         "; %s costs %s as much as %s (%s)", b->series, x,
					         a->series, p);
				else
					snprintf(
					    tail, sizeof tail,
					    "; fastest and slowest are not significantly different "
					    "(%s, %d+%d reps)",
					    p, a->g->n, b->g->n);
			}
			reduced_tail(tail, sizeof tail, red, nr);
			add(f, "cost", "%s%s, threads=%d: one %s costs %s%s.",
			    host_tag(m, h, tag, sizeof tag), cases[k], t, noun, list, tail);
		}
}

static void find_speedup(const report_model *m, rp_findings *f)
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
			char tag[140], g[32], b[32], w[32];
			fmt_times(g, sizeof g, exp(logsum / n));
			fmt_times(b, sizeof b, best);
			fmt_times(w, sizeof w, worst);
			if (n == 1)
				add(f, "speed-up",
				    "%s%s is %s the speed of pthreads on %s (threads=%d).",
				    host_tag(m, h, tag, sizeof tag), series[s], g, best_case, t);
			else
				add(f, "speed-up",
				    "%sOver %d workloads at threads=%d, %s runs at %s the speed of "
				    "pthreads "
				    "(geometric mean of pthread time / its time), from %s on %s to "
				    "%s on %s.",
				    host_tag(m, h, tag, sizeof tag), n, t, series[s], g, w,
				    worst_case, b, best_case);
		}
	}
}

static void find_scaling(const report_model *m, rp_findings *f)
{
	if (m->nthreads < 2)
		return;
	int count = 0;
	for (int i = 0; i < m->ncfg && count < FIND_SCALING; i++) {
		const rm_config *lo = &m->cfg[i];
		if (lo->row->threads != m->threads[0] || strcmp(lo->row->placement, m->placement) ||
		    lo->reduced)
			continue;
		/* the same series and case at the highest thread count it ran */
		const rm_config *hi = NULL;
		for (int t = m->nthreads - 1; t > 0 && !hi; t--)
			hi = rm_find(m, lo->host, lo->wcase, lo->rt_chan, m->threads[t],
			             m->placement);
		if (!hi || hi->reduced)
			continue;
		mw_result r;
		mw_test(lo->g->x, lo->g->n, hi->g->x, hi->g->n, MW_TWO_SIDED, &r);
		if (r.p >= ALPHA)
			continue;
		char tag[140], x[32], p[32];
		fmt_times(x, sizeof x, lo->s.median / hi->s.median);
		fmt_p(p, sizeof p, r.p);
		add(f, "scaling", "%s%s on %s: %d threads give %s the throughput of %d (%s).",
		    host_tag(m, lo->host, tag, sizeof tag), lo->wcase, lo->series, hi->row->threads,
		    x, lo->row->threads, p);
		count++;
	}
}

static void find_latency(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++)
		for (int i = 0; i < m->hosts[h].dir.nhgrm; i++) {
			const hgrm_file *x = &m->hosts[h].dir.hgrm[i];
			const rm_config *c = rm_config_of_stem(m, h, -1, x->name);
			/* one thread count is enough for a sentence; the chart has them all */
			if (c && m->nthreads > 1 && c->row->threads != m->threads[0])
				continue;
			char tag[140], p50[32], p99[32], p999[32], mx[32];
			/* .hgrm values are in µs (harness/measure/latency.h) */
			fmt_time_ns(p50, sizeof p50, hgrm_value_at(x, 0.5) * 1000);
			fmt_time_ns(p99, sizeof p99, hgrm_value_at(x, 0.99) * 1000);
			fmt_time_ns(p999, sizeof p999, hgrm_value_at(x, 0.999) * 1000);
			fmt_time_ns(mx, sizeof mx, x->pts[x->npts - 1].value * 1000);
			double tail = hgrm_value_at(x, 0.999) / hgrm_value_at(x, 0.5);
			char t[32];
			fmt_times(t, sizeof t, tail);
			char what[400];
			if (c)
				snprintf(what, sizeof what, "%s on %s, threads=%d", c->wcase,
				         c->series, c->row->threads);
			else
				snprintf(what, sizeof what, "%s", x->name);
			add(f, "latency",
			    "%sLatency of %s: median %s, p99 %s, p99.9 %s (%s the median), maximum "
			    "%s over "
			    "%llu samples.",
			    host_tag(m, h, tag, sizeof tag), what, p50, p99, p999, t, mx,
			    (unsigned long long)x->total);
		}
}

/* Channel scaling (mpmc P x P, make bench's mpmc-sweep/): per host and thread
 * count, the fastest and slowest series at the largest P, and how the fastest
 * one's throughput changed from the smallest P. */
static void find_channels(const report_model *m, rp_findings *f)
{
	const rm_config **src = calloc((size_t)(m->ncfg + m->nxcfg) + 1, sizeof *src);
	if (!src)
		return;
	int n = rm_source_configs(m, RM_MPMC_SWEEP, "mpmc", src);
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
			mw_result r;
			mw_test(best->g->x, best->g->n, worst->g->x, worst->g->n, MW_TWO_SIDED, &r);
			char tag[140], bn[32], wn[32], br[32], x[32], p[32], tail[300] = "";
			fmt_time_ns(bn, sizeof bn, best->s.median);
			fmt_time_ns(wn, sizeof wn, worst->s.median);
			fmt_number(br, sizeof br, 1e9 / best->s.median);
			fmt_times(x, sizeof x, worst->s.median / best->s.median);
			fmt_p(p, sizeof p, r.p);
			/* the fastest series at the smallest P */
			for (int i = 0; i < n && pmin < pmax; i++) {
				const rm_config *c = src[i];
				if (c->host != h || c->row->threads != best->row->threads ||
				    c->mpmc_p != pmin || c->reduced ||
				    strcmp(c->series, best->series) ||
				    strcmp(c->row->placement, best->row->placement))
					continue;
				mw_result q;
				char y[32], qp[32];
				mw_test(c->g->x, c->g->n, best->g->x, best->g->n, MW_TWO_SIDED, &q);
				fmt_times(y, sizeof y, c->s.median / best->s.median);
				fmt_p(qp, sizeof qp, q.p);
				if (q.p < ALPHA)
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
			if (r.p < ALPHA)
				add(f, "channels",
				    "%sChannel scaling, mpmc %lld producer%s x %lld consumer%s, "
				    "threads=%d: fastest %s at %s per message (%s messages/s), "
				    "slowest %s at %s (%s as long, %s)%s.",
				    host_tag(m, h, tag, sizeof tag), pmax, pl, pmax, pl,
				    m->threads[t], best->series, bn, br, worst->series, wn, x, p,
				    tail);
			else
				add(f, "channels",
				    "%sChannel scaling, mpmc %lld producer%s x %lld consumer%s, "
				    "threads=%d: the variants are not significantly different (%s "
				    "at "
				    "%s to %s at %s, %s)%s.",
				    host_tag(m, h, tag, sizeof tag), pmax, pl, pmax, pl,
				    m->threads[t], best->series, bn, worst->series, wn, p, tail);
		}
	free(src);
}

/* The schedule metrics of one open-loop pass (workloads/pipeline.c): sends over
 * one period late, and the most a send was late. Results written before the
 * source reported them have neither (the `have_` flags are then false). */
typedef struct source_lag {
	bool have_late; /* late was read                       */
	bool have_lag;  /* lag was read                        */
	smp_set late;   /* metric:source_late_events, by key   */
	smp_set lag;    /* metric:source_lag_max_ns, by key    */
} source_lag;

static void source_lag_load(const report_model *m, int h, source_lag *sl)
{
	int part = rm_part_of(m, h, RM_OPEN_LOOP);
	const rr_dir *d = part >= 0 ? rm_dir(m, h, part) : NULL;
	*sl = (source_lag){0};
	sl->have_late = samples_group_if_present(d, "metric:source_late_events", &sl->late);
	sl->have_lag = samples_group_if_present(d, "metric:source_lag_max_ns", &sl->lag);
}

static void source_lag_free(source_lag *sl)
{
	if (sl->have_late)
		samples_free(&sl->late);
	if (sl->have_lag)
		samples_free(&sl->lag);
}

/* Appends c's series to `behind` when its source fell behind the schedule:
 * with the late-events metric, when the median repetition sent any event over
 * one period late (saying the share, and how late when the lag metric is
 * there); without it, when its time per event exceeds the period by 10% (the
 * backlog, not noise). */
static void note_behind(const source_lag *sl, const rm_config *c, long long rate, char *behind,
                        size_t len)
{
	size_t w = strlen(behind);
	const smp_group *gl = sl->have_late ? samples_find(&sl->late, c->g->key) : NULL;
	const smp_group *gm = sl->have_lag ? samples_find(&sl->lag, c->g->key) : NULL;
	long long n = 0;
	if (gl && rm_param(c->row, "n", &n) && n > 0) {
		double late = stats_median(gl->x, gl->n);
		if (late <= 0)
			return;
		char lag[48] = "";
		if (gm) {
			char v[32];
			fmt_time_ns(v, sizeof v, stats_median(gm->x, gm->n));
			snprintf(lag, sizeof lag, ", up to %s", v);
		}
		snprintf(behind + w, len - w, "%s%s (%.2g%% of its events over one period late%s)",
		         w ? ", " : "", c->series, 100.0 * late / (double)n, lag);
	} else if (c->s.median > 1.1 * 1e9 / (double)rate) {
		char per[32];
		fmt_time_ns(per, sizeof per, c->s.median);
		snprintf(behind + w, len - w, "%s%s (%s per event)", w ? ", " : "", c->series, per);
	}
}

/* Open-loop latency (make bench's pipeline-open/): per host, workload and
 * thread count, the p99 of each series (with its closed-loop twin's), and
 * which series fell behind the schedule (its latencies then include the
 * backlog, not only the pipeline's own delay). */
static void find_open_loop(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++) {
		source_lag sl;
		source_lag_load(m, h, &sl);
		for (int t = 0; t < m->nthreads; t++) {
			const rm_config *cs[64];
			double p99[64]; /* cs[i]'s p99, in µs (.hgrm: harness/measure/latency.h) */
			int n = 0;
			for (int i = 0; i < m->nxcfg && n < 64; i++) {
				const rm_config *c = &m->xcfg[i];
				if (c->src != RM_OPEN_LOOP || c->host != h ||
				    c->row->threads != m->threads[t])
					continue;
				const hgrm_file *hf = rm_hgrm_of(m, c);
				if (!hf)
					continue;
				/* by p99, ascending */
				double v = hgrm_value_at(hf, 0.99);
				int k = n++;
				while (k > 0 && p99[k - 1] > v) {
					cs[k] = cs[k - 1];
					p99[k] = p99[k - 1];
					k--;
				}
				cs[k] = c;
				p99[k] = v;
			}
			if (n == 0)
				continue;
			char list[500] = "", behind[600] = "", loop[64], tag[140];
			long long rate = 0;
			rm_loop_label(cs[0]->row, loop, sizeof loop);
			rm_param(cs[0]->row, "rate", &rate);
			for (int i = 0; i < n; i++) {
				const rm_config *c = cs[i], *twin = rm_closed_loop_twin(m, c);
				const hgrm_file *tf = twin ? rm_hgrm_of(m, twin) : NULL;
				char v[32], cl[80] = "";
				fmt_time_ns(v, sizeof v, p99[i] * 1000);
				if (tf) {
					char tv[32];
					fmt_time_ns(tv, sizeof tv, hgrm_value_at(tf, 0.99) * 1000);
					snprintf(cl, sizeof cl, " (closed loop %s)", tv);
				}
				size_t w = strlen(list);
				if (i < FIND_LIST)
					snprintf(list + w, sizeof list - w, "%s%s on %s%s",
					         i ? ", " : "", v, c->series, cl);
				if (rate > 0)
					note_behind(&sl, c, rate, behind, sizeof behind);
			}
			char due[32], tail[700] = "";
			if (rate > 0 && behind[0]) {
				fmt_time_ns(due, sizeof due, 1e9 / (double)rate);
				snprintf(
				    tail, sizeof tail,
				    " Behind the schedule of one event every %s: %s, so the tail "
				    "includes that backlog.",
				    due, behind);
			}
			add(f, "latency",
			    "%s%s, %s, threads=%d (latency from each event's due time): p99 %s.%s",
			    host_tag(m, h, tag, sizeof tag), cs[0]->row->workload, loop,
			    m->threads[t], list, tail);
		}
		source_lag_free(&sl);
	}
}

/* The per-pair-class figures of c2c_summary.csv ("same core: 18 ns"). */
static void c2c_classes(const report_model *m, int h, rp_findings *f)
{
	const csvr_table *t = &m->hosts[h].dir.c2c_summary;
	int cl = csvr_col(t, "label"), cm = csvr_col(t, "median_ns"), cp = csvr_col(t, "pairs");
	char list[600] = "", tag[140];
	for (int r = 0; r < t->nrows; r++) {
		double v;
		char ns[32];
		if (!csvr_double(csvr_cell(t, r, cm), &v))
			continue;
		fmt_time_ns(ns, sizeof ns, v);
		size_t w = strlen(list);
		snprintf(list + w, sizeof list - w, "%s%s %s (%s pairs)", w ? "; " : "",
		         csvr_cell(t, r, cl), ns, csvr_cell(t, r, cp));
	}
	if (list[0])
		add(f, "c2c", "%sCore to core by pair class (median one-way latency): %s.",
		    host_tag(m, h, tag, sizeof tag), list);
}

static void find_c2c(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++) {
		const c2c_matrix *x = &m->hosts[h].dir.c2c;
		int bi = -1, bj = -1, wi = -1, wj = -1, n = 0;
		double *all = malloc(sizeof *all * (size_t)(x->npu * x->npu + 1));
		if (!all)
			continue;
		for (int i = 0; i < x->npu; i++)
			for (int j = 0; j < x->npu; j++) {
				double v = x->ns[i * x->npu + j];
				if (isnan(v))
					continue;
				all[n++] = v;
				if (bi < 0 || v < x->ns[bi * x->npu + bj])
					bi = i, bj = j;
				if (wi < 0 || v > x->ns[wi * x->npu + wj])
					wi = i, wj = j;
			}
		if (n > 0) {
			char tag[140], lo[32], hi[32], med[32];
			fmt_time_ns(lo, sizeof lo, x->ns[bi * x->npu + bj]);
			fmt_time_ns(hi, sizeof hi, x->ns[wi * x->npu + wj]);
			fmt_time_ns(med, sizeof med, stats_median(all, n));
			add(f, "c2c",
			    "%sCore to core, one way: from %s (PU %d to %d) to %s (PU %d to %d), "
			    "median %s "
			    "over %d pairs: no cross-core hand-off can be faster.",
			    host_tag(m, h, tag, sizeof tag), lo, x->pu[bi], x->pu[bj], hi,
			    x->pu[wi], x->pu[wj], med, n);
		}
		free(all);
		c2c_classes(m, h, f);
	}
}

/* Distinct cases of host h's main run (part -1) or part. */
static int part_cases(const report_model *m, int h, int part, const char **out, int max)
{
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg, nc = 0;
	for (int i = 0; i < n; i++)
		if (list[i].host == h && list[i].part == part)
			rm_find_or_add(out, &nc, max, list[i].wcase);
	return nc;
}

/* Sentences for one extra column (counter or metric) across series, per case at
 * the case's base thread count; `bytes` formats as memory. Counters are read
 * where rm_counter_source finds them (the main run, else the counters pass);
 * metrics from the main run. */
static int find_extra(const report_model *m, rp_findings *f, const char *col, bool bytes,
                      int budget)
{
	int said = 0;
	for (int h = 0; h < m->nhosts && said < budget; h++) {
		smp_set s;
		int part = -1;
		if (!bytes && !rm_counter_source(m, h, &part))
			continue;
		if (!samples_group_if_present(rm_dir(m, h, part), col, &s))
			continue;
		const char *cases[64];
		int nc = part_cases(m, h, part, cases, 64);
		for (int k = 0; k < nc && said < budget; k++) {
			int t = base_threads(m, h, part, cases[k]);
			const rm_config *full[64], *red[64];
			int nf, nr;
			gather(m, h, part, cases[k], t, full, &nf, red, &nr, 64);
			char list[500] = "";
			double lo = INFINITY, hi = -INFINITY;
			int n = 0;
			for (int i = 0; i < nf; i++) {
				const smp_group *g = samples_find(&s, full[i]->g->key);
				if (!g)
					continue;
				double med = stats_median(g->x, g->n);
				char v[32];
				if (bytes)
					fmt_bytes(v, sizeof v, med);
				else
					snprintf(v, sizeof v, "%.3g", med);
				lo = fmin(lo, med);
				hi = fmax(hi, med);
				if (n++ < FIND_LIST) {
					size_t w = strlen(list);
					snprintf(list + w, sizeof list - w, "%s%s %s",
					         n > 1 ? ", " : "", full[i]->series, v);
				}
			}
			/* a counter only says something when runtimes differ (2x) */
			if (n == 0 || (!bytes && (n < 2 || hi <= 2 * lo)))
				continue;
			char tag[140];
			add(f, bytes ? "memory" : "counters", "%s%s, %s, threads=%d%s: %s.",
			    host_tag(m, h, tag, sizeof tag), col, cases[k], t,
			    part >= 0 ? " (counters pass)" : "", list);
			said++;
		}
		samples_free(&s);
	}
	return said;
}

/* The extra columns of host 0 (and the counter columns of its counters pass
 * when the main run has none), each said once over every host. */
static void find_counters_memory(const report_model *m, rp_findings *f)
{
	if (m->nhosts == 0)
		return;
	int budget = FIND_COUNTERS, part;
	const rr_dir *d = &m->hosts[0].dir;
	for (int k = 0; k < d->nextra && budget > 0; k++) {
		const char *col = d->extra_names[k];
		bool mem =
		    strncmp(col, "metric:", 7) == 0 && (strstr(col, "rss") || strstr(col, "bytes"));
		if (mem || rm_is_counter(col))
			budget -= find_extra(m, f, col, mem, budget);
	}
	if (!rm_counter_source(m, 0, &part) || part < 0)
		return;
	d = rm_dir(m, 0, part);
	for (int k = 0; k < d->nextra && budget > 0; k++)
		if (rm_is_counter(d->extra_names[k]))
			budget -= find_extra(m, f, d->extra_names[k], false, budget);
}

/* Per case, series and thread count over the placement source (the sweep when
 * there is one): the best and the worst placement, when they differ. */
static void find_placement(const report_model *m, rp_findings *f)
{
	const rm_config **src = calloc((size_t)(m->ncfg + m->nxcfg) + 1, sizeof *src);
	if (!src)
		return;
	int n = rm_source_configs(m, RM_PLACEMENT, NULL, src), said = 0;
	for (int i = 0; i < n && said < FIND_PLACEMENT; i++) {
		const rm_config *a = src[i], *best = a, *worst = a;
		int count = 0;
		bool first = true;
		for (int j = 0; j < n; j++) {
			const rm_config *b = src[j];
			if (b->host != a->host || b->row->threads != a->row->threads ||
			    strcmp(b->wcase, a->wcase) || strcmp(b->rt_chan, a->rt_chan) ||
			    b->reduced)
				continue;
			if (j < i) { /* this group was said at its first member */
				first = false;
				break;
			}
			count++;
			best = b->s.median < best->s.median ? b : best;
			worst = b->s.median > worst->s.median ? b : worst;
		}
		if (!first || count < 2 || a->reduced)
			continue;
		mw_result r;
		mw_test(best->g->x, best->g->n, worst->g->x, worst->g->n, MW_TWO_SIDED, &r);
		char tag[140], bl[40], wl[40], x[32], p[32], bn[160], wn[160];
		fmt_time_ns(bl, sizeof bl, best->s.median);
		fmt_time_ns(wl, sizeof wl, worst->s.median);
		fmt_times(x, sizeof x, worst->s.median / best->s.median);
		fmt_p(p, sizeof p, r.p);
		rm_placement_label(best->row, -1, bn, sizeof bn);
		rm_placement_label(worst->row, -1, wn, sizeof wn);
		if (r.p < ALPHA)
			add(f, "placement",
			    "%s%s on %s, threads=%d, over %d placements: best %s at %s, worst %s "
			    "at %s "
			    "(%s, %s).",
			    host_tag(m, a->host, tag, sizeof tag), a->wcase, a->series,
			    a->row->threads, count, bn, bl, wn, wl, x, p);
		else
			add(f, "placement",
			    "%s%s on %s, threads=%d: placement makes no significant difference "
			    "over %d "
			    "placements (%s to %s, %s).",
			    host_tag(m, a->host, tag, sizeof tag), a->wcase, a->series,
			    a->row->threads, count, bl, wl, p);
		said++;
	}
	free(src);
}

static void find_hosts(const report_model *m, rp_findings *f)
{
	for (int h = 1; h < m->nhosts; h++) {
		int n = 0, faster = 0, slower = 0;
		double logsum = 0;
		for (int i = 0; i < m->ncfg; i++) {
			const rm_config *a = &m->cfg[i], *b = NULL;
			if (a->host != 0)
				continue;
			for (int j = 0; j < m->ncfg && !b; j++)
				if (m->cfg[j].host == h && !strcmp(m->cfg[j].g->key, a->g->key))
					b = &m->cfg[j];
			if (!b)
				continue;
			mw_result r;
			mw_test(a->g->x, a->g->n, b->g->x, b->g->n, MW_TWO_SIDED, &r);
			logsum += log(b->s.median / a->s.median);
			n++;
			faster += r.p < ALPHA && b->s.median < a->s.median;
			slower += r.p < ALPHA && b->s.median > a->s.median;
		}
		if (n == 0) {
			add(f, "hosts", "%s and %s have no configuration in common.",
			    m->hosts[0].label, m->hosts[h].label);
			continue;
		}
		char g[32];
		fmt_times(g, sizeof g, exp(logsum / n));
		add(f, "hosts",
		    "%s takes %s the time of %s (geometric mean over %d common configurations); "
		    "significantly faster on %d, slower on %d, no significant difference on %d.",
		    m->hosts[h].label, g, m->hosts[0].label, n, faster, slower,
		    n - faster - slower);
	}
}

static void find_quality(const report_model *m, rp_findings *f)
{
	int unstable = 0, warm = 0, reduced = 0;
	const rm_config *eu = NULL, *ew = NULL;
	for (int i = 0; i < m->ncfg; i++) {
		const rm_config *c = &m->cfg[i];
		if (c->s.unstable && !unstable++)
			eu = c;
		if (c->warm.slower && !warm++)
			ew = c;
		if (c->reduced) {
			reduced++;
			char tag[140];
			add(f, "sizes",
			    "%s%s ran n=%lld instead of the %lld asked (the runtime could "
			    "not reach it): its numbers are per op but not comparable.",
			    host_tag(m, c->host, tag, sizeof tag), c->g->key, (long long)c->row->n,
			    (long long)c->row->n_requested);
		}
	}
	if (unstable)
		add(f, "stability",
		    "%d of %d configurations are unstable (95%% CI half-width above 5%% of the "
		    "median), "
		    "e.g. %s at ±%.0f%%: read their differences with care, or run more "
		    "repetitions.",
		    unstable, m->ncfg, eu->g->key, eu->s.rel_err * 100);
	else
		add(f, "stability",
		    "All %d configurations are stable: every 95%% CI half-width is within 5%% of "
		    "its "
		    "median.",
		    m->ncfg);
	if (warm) {
		char note[200];
		warmup_note(&ew->warm, -1, note, sizeof note);
		add(f, "stability",
		    "In %d configuration(s) the first repetitions of each round were slower (e.g. "
		    "%s: "
		    "%s): raise --warmup.",
		    warm, ew->g->key, note);
	}
}

/* Claims: the fastest coroutine runtime (gmp, go) against the fastest pthread
 * configuration of the same case, at the case's base thread count. */
static void claim_factor(const report_model *m, rp_findings *f, int h, const char *wl,
                         double factor, const char *claim)
{
	if (f->nclaims == RP_MAX_CLAIMS)
		return;
	rp_claim *c = &f->claims[f->nclaims++];
	c->claim = claim;
	snprintf(c->host, sizeof c->host, "%s", m->hosts[h].label);
	int t = base_threads(m, h, -1, wl);
	const rm_config *full[64], *red[64], *co = NULL, *th = NULL;
	int nf, nr;
	gather(m, h, -1, wl, t, full, &nf, red, &nr, 64);
	for (int i = 0; i < nf; i++) { /* sorted: the first of each kind is the fastest */
		bool is_thread = !strcmp(full[i]->row->runtime, "pthread");
		if (is_thread && !th)
			th = full[i];
		if (!is_thread && !co)
			co = full[i];
	}
	if (!co || !th) {
		snprintf(
		    c->measured, sizeof c->measured,
		    "needs %s on pthread and on gmp or go (full size): run -w %s -r pthread,gmp",
		    wl, wl);
		c->verdict = "not measured";
		return;
	}
	mw_result r;
	mw_test(co->g->x, co->g->n, th->g->x, th->g->n, MW_TWO_SIDED, &r);
	double x = th->s.median / co->s.median;
	char a[32], b[32], xs[32], p[32];
	fmt_time_ns(a, sizeof a, co->s.median);
	fmt_time_ns(b, sizeof b, th->s.median);
	fmt_times(xs, sizeof xs, x);
	fmt_p(p, sizeof p, r.p);
	snprintf(c->measured, sizeof c->measured,
	         "%s: %s on %s vs %s on %s per %s, threads=%d: %s (%s)", wl, a, co->series, b,
	         th->series, rm_op_noun(wl), t, xs, p);
	c->verdict = r.p >= ALPHA ? "not significant" : x >= factor ? "holds" : "does not hold";
}

static void claim_gmp_vs_go(const report_model *m, rp_findings *f, int h)
{
	if (f->nclaims == RP_MAX_CLAIMS)
		return;
	rp_claim *c = &f->claims[f->nclaims++];
	c->claim = "gmp, a G-M-P scheduler in C, is within 2x of Go's runtime on every workload.";
	snprintf(c->host, sizeof c->host, "%s", m->hosts[h].label);
	const char *cases[64];
	int nc = rm_cases(m, NULL, NULL, cases, 64), n = 0, over = 0;
	double worst = 0;
	const char *worst_case = "";
	for (int k = 0; k < nc; k++) {
		int t = base_threads(m, h, -1, cases[k]);
		const rm_config *full[64], *red[64], *gm = NULL, *go = NULL;
		int nf, nr;
		gather(m, h, -1, cases[k], t, full, &nf, red, &nr, 64);
		for (int i = 0; i < nf; i++) {
			if (!strcmp(full[i]->row->runtime, "gmp") && !gm)
				gm = full[i];
			if (!strcmp(full[i]->row->runtime, "go") && !go)
				go = full[i];
		}
		if (!gm || !go)
			continue;
		mw_result r;
		mw_test(gm->g->x, gm->g->n, go->g->x, go->g->n, MW_TWO_SIDED, &r);
		double x = gm->s.median / go->s.median;
		n++;
		over += x > 2 && r.p < ALPHA;
		if (x > worst) {
			worst = x;
			worst_case = cases[k];
		}
	}
	if (n == 0) {
		snprintf(c->measured, sizeof c->measured,
		         "needs the same workloads on gmp and go: run -r gmp,go");
		c->verdict = "not measured";
		return;
	}
	char w[32];
	fmt_times(w, sizeof w, worst);
	snprintf(c->measured, sizeof c->measured,
	         "%d workloads on both; worst: %s, where gmp takes %s Go's time; %d significantly "
	         "beyond 2x",
	         n, worst_case, w, over);
	c->verdict = over ? "does not hold" : "holds";
}

void rp_findings_make(const report_model *m, rp_findings *f)
{
	memset(f, 0, sizeof *f);
	find_cost(m, f);
	find_speedup(m, f);
	find_scaling(m, f);
	find_latency(m, f);
	find_open_loop(m, f);
	find_c2c(m, f);
	find_placement(m, f);
	find_channels(m, f);
	find_counters_memory(m, f);
	find_hosts(m, f);
	find_quality(m, f);
	for (int h = 0; h < m->nhosts; h++) {
		claim_factor(m, f, h, "yield", 10,
		             "Switching between coroutines (a yield) costs at least 10x less than "
		             "between OS threads.");
		claim_factor(m, f, h, "spawn", 10,
		             "Starting a goroutine-like task costs at least 10x less than starting "
		             "an OS thread.");
		claim_factor(m, f, h, "pingpong", 10,
		             "An unbuffered channel round trip between coroutines is at least 10x "
		             "faster than between OS threads.");
		claim_factor(m, f, h, "skynet", 10,
		             "A million short-lived tasks (skynet) run at least 10x faster as "
		             "coroutines than as OS threads.");
		claim_gmp_vs_go(m, f, h);
	}
}
