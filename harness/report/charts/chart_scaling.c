/*
 * chart_scaling.c — how throughput scales with workers (charts.h, 2), every
 * workload in one chart:
 *   - exactly two worker counts (make bench runs 1 and 2): grouped bars, a
 *     group per workload, a bar per runtime: throughput at N workers over
 *     throughput at 1, i.e. median ns/op at 1 / median ns/op at N, whiskers its
 *     percentile-bootstrap 95% CI (ratio_ci.h); dashed line at 1 (no change);
 *   - three or more: small multiples, a panel per workload, a line per runtime:
 *     throughput (10^9 / ns per op) against workers, log2 x; its CI the same
 *     transform of the ns/op CI (order statistics commute with a decreasing
 *     map, so it is exactly the order-statistic CI of ops/s).
 *
 * Decisions
 *   - Each runtime on its like-for-like channel (model: rm_like, pairing.h):
 *     the question is how the runtime scales; how each channel variant does
 *     is in the tables and in `corobench compare DIR --by threads=1,N`.
 *   - The default placement; reduced-size points are hatched or ringed.
 *   - Omitted, with the reason, when every workload ran at one worker count.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"
#include "../../measure/ratio_ci.h"
#include "charts.h"
#include "plot.h"

static const char *const runtimes[] = {"pthread", "gmp", "go"};
#define NRT 3

/* Runtimes of the main run: the three corobench knows, in that order, then
 * others in runs.csv order. */
static int runtime_list(const report_model *m, const char **out, int max)
{
	int n = 0;
	for (int r = 0; r < NRT; r++)
		for (int i = 0; i < m->ncfg; i++)
			if (!strcmp(m->cfg[i].row->runtime, runtimes[r])) {
				rm_find_or_add(out, &n, max, runtimes[r]);
				break;
			}
	for (int i = 0; i < m->ncfg; i++)
		rm_find_or_add(out, &n, max, m->cfg[i].row->runtime);
	return n;
}

/* Two worker counts: throughput at hi over throughput at lo, as bars. */
static bool scaling_bars(rp_ctx *c, const char *const *cases, int nc, const char **rts, int nrt)
{
	const report_model *m = c->m;
	int lo = m->threads[0], hi = m->threads[1];
	rp_bars *b = calloc(1, sizeof *b);
	static char labels[RM_MAX_HOSTS][8][RM_NAME];
	if (!b)
		return false;
	for (int h = 0; h < m->nhosts; h++)
		for (int r = 0; r < nrt && r < 8; r++) {
			if (m->nhosts > 1)
				snprintf(labels[h][r], RM_NAME, "%.60s: %.60s", m->hosts[h].label,
				         rts[r]);
			else
				snprintf(labels[h][r], RM_NAME, "%.60s", rts[r]);
			for (int k = 0; k < nc; k++) {
				const rm_config *a = rm_like(m, h, cases[k], rts[r], lo);
				const rm_config *z = rm_like(m, h, cases[k], rts[r], hi);
				ratio_ci x;
				if (a && z &&
				    ratio_ci_medians(z->g->x, z->g->n, a->g->x, a->g->n, 0.95, &x))
					rp_bars_set(b, labels[h][r], cases[k], x.ratio, x.lo, x.hi,
					            a->reduced || z->reduced);
			}
		}
	char title[200], caption[900], ylabel[120];
	snprintf(title, sizeof title, "Scaling: throughput at %d workers over %d, placement %s", hi,
	         lo, m->placement);
	snprintf(ylabel, sizeof ylabel, "throughput at %d / at %d workers (x)", hi, lo);
	snprintf(caption, sizeof caption,
	         "For each workload and runtime, on its like-for-like channel (the go variant, "
	         "Go's own channels on go): the median ns per op at %d worker%s divided by the "
	         "median at %d. Above the dashed line (1) the extra workers bought throughput; "
	         "below it, hand-offs between cores cost more than the parallelism gained. "
	         "Whiskers: 95%% CI of the ratio (percentile bootstrap).",
	         lo, lo > 1 ? "s" : "", hi);
	rp_style st = {.name = "scaling",
	               .title = title,
	               .caption = caption,
	               .ylabel = ylabel,
	               .xlabel = "",
	               .footnote = rp_reduced_note,
	               .refline = 1,
	               .reflabel = "no change = 1",
	               .fmt = fmt_times,
	               .yformat = "%g"};
	rp_chart *ch = b->nseries ? rp_bars_emit(c, b, &st) : NULL;
	if (ch)
		ch->story = true;
	free(b);
	return ch != NULL;
}

/* Three or more worker counts: a panel per workload, a line per runtime. */
static bool scaling_panels(rp_ctx *c, const char *const *cases, int nc, const char **rts, int nrt)
{
	const report_model *m = c->m;
	rp_lines *l = calloc(1, sizeof *l);
	static char labels[RM_MAX_HOSTS][8][RM_NAME];
	if (!l)
		return false;
	l->max_lines = RP_MAX_SERIES; /* a panel per workload, never split */
	l->always_panels = true;
	l->cols = nc < 4 ? nc : 4;
	l->panel_height = 260;
	for (int k = 0; k < nc; k++)
		for (int h = 0; h < m->nhosts; h++)
			for (int r = 0; r < nrt && r < 8; r++) {
				if (m->nhosts > 1)
					snprintf(labels[h][r], RM_NAME, "%.60s: %.60s",
					         m->hosts[h].label, rts[r]);
				else
					snprintf(labels[h][r], RM_NAME, "%.60s", rts[r]);
				bool started = false;
				for (int t = 0; t < m->nthreads; t++) {
					const rm_config *cfg =
					    rm_like(m, h, cases[k], rts[r], m->threads[t]);
					if (!cfg)
						continue;
					if (!started &&
					    !(started = rp_lines_series(l, labels[h][r])))
						break;
					l->facet[l->nseries - 1] = cases[k];
					rp_lines_point(l, m->threads[t], 1e9 / cfg->s.median,
					               1e9 / cfg->s.ci_high, 1e9 / cfg->s.ci_low,
					               cfg->reduced);
				}
			}
	char title[200], caption[900];
	snprintf(title, sizeof title, "Throughput vs workers, placement %s", m->placement);
	snprintf(caption, sizeof caption,
	         "A panel per workload: operations per second (10^9 / median ns per op) against "
	         "the number of workers (-t: Ps for gmp, GOMAXPROCS for go, CPUs for pthread), "
	         "log2 x, each runtime on its like-for-like channel (the go variant, Go's own "
	         "channels on go). Rising: the runtime turns workers into throughput. Whiskers: "
	         "95%% CI (min..max below 6 repetitions); a ringed point ran a reduced size.");
	rp_style st = rp_throughput_style("scaling", title, caption, "workers", "ops per second");
	st.width = 1200;
	rp_chart *ch = l->nseries ? rp_lines_emit(c, l, &st, "lines") : NULL;
	if (ch)
		ch->story = true;
	free(l);
	return ch != NULL;
}

static bool at_placement(const rm_config *cfg, const void *arg)
{
	return strcmp(cfg->row->placement, (const char *)arg) == 0;
}

void rp_chart_scaling(rp_ctx *c)
{
	const report_model *m = c->m;
	const char *cases[RP_MAX_GROUPS], *rts[8];
	int nc = rm_cases(m, at_placement, m->placement, cases, RP_MAX_GROUPS);
	int nrt = runtime_list(m, rts, 8);
	bool drawn = m->nthreads == 2  ? scaling_bars(c, cases, nc, rts, nrt)
	             : m->nthreads > 2 ? scaling_panels(c, cases, nc, rts, nrt)
	                               : false;
	if (!drawn)
		rp_omit(c, "Throughput vs workers: every workload ran at one worker count, or no "
		           "runtime ran its like-for-like channel at two (run with -t 1,2,...)");
}
