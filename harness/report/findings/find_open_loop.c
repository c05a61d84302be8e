/*
 * find_open_loop.c — open-loop latency (find.h), from make bench's
 * pipeline-open/: per host, workload and thread count, the p99 of each series
 * measured from each event's due time, beside its closed-loop twin's, and which
 * series fell behind the schedule (their tail then includes the backlog).
 *
 * What it promises: series are listed by p99, ascending; "behind the schedule"
 * comes from the source's own metrics when the results have them
 * (metric:source_late_events, metric:source_lag_max_ns), else from a time per
 * event over the period by more than 10%.
 */
#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../../base/units.h"

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
void find_open_loop(const report_model *m, rp_findings *f)
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
			char list[500] = "", behind[600] = "", loop[64];
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
			rf_add_host(
			    f, m, h, "latency",
			    "%s, %s, threads=%d (latency from each event's due time): p99 %s.%s",
			    cs[0]->row->workload, loop, m->threads[t], list, tail);
		}
		source_lag_free(&sl);
	}
}
