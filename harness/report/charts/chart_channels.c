/*
 * chart_channels.c — the report's channel-scaling chart (charts.h, 2b):
 * mpmc's aggregate throughput against P, the number of producers and of
 * consumers (P x P), one line per runtime and channel variant, one chart per
 * thread count.
 *
 * Decisions
 *   - Source: make bench's sweep, DIR/mpmc-sweep/PxP/ (a results directory per
 *     P); a host without it falls back to its main run's mpmc configurations, so
 *     `corobench run -w mpmc --param producers=1,2,4 --param consumers=...` gets
 *     the chart too (rm_source_configs). P is read from each row's params, not
 *     from the directory name; rows with producers != consumers are left out
 *     (the chart's x is one number).
 *   - Throughput = messages per second = 10^9 / ns per message (mpmc's n is the
 *     total of messages), its CI the same transform of the ns/op CI, as the
 *     throughput-vs-threads chart does (chart_lines.c).
 *   - The default placement only: a point is one configuration, never an
 *     average over placements.
 *   - Drawn only where some line has two values of P; otherwise omitted with the
 *     reason (no sweep, one point, or the sweep's read error).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "plot.h"

/* The points of one series at one thread count, sorted by P (first of each P). */
static int series_points(const rm_config *const *src, int n, const char *series, int threads,
                         const char *placement, const rm_config **pts, int max)
{
	int np = 0;
	for (int i = 0; i < n && np < max; i++) {
		const rm_config *c = src[i];
		long long p = c->mpmc_p;
		if (!p || c->row->threads != threads || strcmp(c->series, series) ||
		    strcmp(c->row->placement, placement))
			continue;
		int k = 0;
		while (k < np && pts[k]->mpmc_p < p)
			k++;
		if (k < np && pts[k]->mpmc_p == p)
			continue;
		memmove(&pts[k + 1], &pts[k], sizeof *pts * (size_t)(np - k));
		pts[k] = c;
		np++;
	}
	return np;
}

/* The one-line reason there is no chart. */
static void omit_channels(rp_ctx *c, bool any_points)
{
	const report_model *m = c->m;
	if (!any_points && rp_omit_unreadable(c, RM_MPMC_SWEEP, "Channel scaling"))
		return;
	bool sweep = false;
	for (int h = 0; h < m->nhosts; h++)
		sweep = sweep || rm_part_of(m, h, RM_MPMC_SWEEP) >= 0;
	if (sweep)
		rp_omit(c, "Channel scaling: mpmc-sweep/ has one producer/consumer count for every "
		           "runtime and variant (the chart needs two; make bench runs P = 1, 2, 4, "
		           "8)");
	else
		rp_omit(c, "Channel scaling: no mpmc-sweep/ and the run has mpmc at one "
		           "producer/consumer count (make bench sweeps P = 1, 2, 4, 8 into "
		           "DIR/mpmc-sweep/PxP/)");
}

void rp_chart_channels(rp_ctx *c)
{
	const report_model *m = c->m;
	int n, drawn = 0, any = 0;
	const rm_config **src = rm_source_configs(m, RM_MPMC_SWEEP, "mpmc", &n);
	rp_lines *l = malloc(sizeof *l);
	if (!src || !l) {
		free(src);
		free(l);
		return;
	}
	bool from_sweep = false;
	for (int i = 0; i < n; i++)
		from_sweep = from_sweep || src[i]->src == RM_MPMC_SWEEP;
	const char *series[RP_MAX_SERIES];
	int ns = 0;
	for (int i = 0; i < n; i++)
		if (src[i]->mpmc_p)
			rm_find_or_add(series, &ns, RP_MAX_SERIES, src[i]->series);
	for (int t = 0; t < m->nthreads; t++) {
		memset(l, 0, sizeof *l);
		int most = 0;
		for (int s = 0; s < ns; s++) {
			const rm_config *pts[64];
			int np =
			    series_points(src, n, series[s], m->threads[t], m->placement, pts, 64);
			if (np == 0 || !rp_lines_series(l, series[s]))
				continue;
			for (int k = 0; k < np; k++)
				rp_lines_point(l, (double)pts[k]->mpmc_p, 1e9 / pts[k]->s.median,
				               1e9 / pts[k]->s.ci_high, 1e9 / pts[k]->s.ci_low,
				               pts[k]->reduced);
			most = np > most ? np : most;
			any += np;
		}
		if (most < 2)
			continue;
		char name[64], title[200], caption[900];
		snprintf(name, sizeof name, "channels-t%d", m->threads[t]);
		snprintf(
		    title, sizeof title,
		    "Channel scaling: mpmc throughput vs P producers x P consumers, threads=%d",
		    m->threads[t]);
		snprintf(caption, sizeof caption,
		         "Aggregate throughput of mpmc (P producers send n messages in all through "
		         "one channel of capacity 1024 to P consumers): messages per second = "
		         "10^9 / median ns per message, against P (log2 x), %d worker(s), "
		         "placement %s; one line per runtime and channel variant, whiskers: 95%% "
		         "CI (min..max below 6 repetitions). Flat: the channel serialises its "
		         "users; falling: contention costs "
		         "more than the extra parties bring. From %s; variants that cannot take "
		         "several senders and receivers are skipped (see the results tables).",
		         m->threads[t], m->placement,
		         from_sweep ? "mpmc-sweep/PxP/ (make bench)"
		                    : "the run's mpmc configurations");
		rp_style st = rp_throughput_style(name, title, caption, "P (producers = consumers)",
		                                  "messages per second (median, 95% CI)");
		rp_chart *ch = rp_lines_emit(c, l, &st, "lines");
		if (ch) /* which channel design wins: on the page, a thread count a half */
			ch->story = ch->half = true;
		drawn++;
	}
	free(src);
	free(l);
	if (drawn == 0)
		omit_channels(c, any > 0);
}
