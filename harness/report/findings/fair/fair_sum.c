/*
 * fair_sum.c — the fairness figures of the summary (summary.h: rp_fair_row),
 * rows under the ns/op table in its columns (runtime and worker count), so
 * that the first screen says how fairly each runtime shared the workers and
 * how late a task woke beside tasks that never yield:
 *   - fairshare, each case: Jain's index of the work the tasks got
 *     (metric:fairness_jain, its median and interval over the repetitions:
 *     1 = equal shares, 1/K = one of K tasks took all);
 *   - wakeup, each case: the p99 of how late the sleeper ran again after its
 *     period, from latency/<key>.hgrm (every repetition merged: a histogram
 *     has no repetitions to give a percentile an interval), with the p50 and
 *     metric:wakeup_late_ns (each repetition's median lateness, its median and
 *     interval) beside it.
 * The rows come from make bench's fairness/ where it has the workload (the
 * pass scripts/bench.sh runs them in), else from the main run. A cell without
 * a configuration says why: its failed rounds (failures.csv: the watchdog's
 * reason) or skipped.csv's reason, else not measured.
 */
#include "fair.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../measure/latency.h"

const rm_config *rf_fair_find(const report_model *m, int h, int part, const char *wcase,
                              const char *rt, int t)
{
	static const char *const prefs[] = {"go", "-", "go-native", NULL};
	const rm_config *list = part < 0 ? m->cfg : m->xcfg, *best = NULL;
	int n = part < 0 ? m->ncfg : m->nxcfg, rank = 99;
	for (int i = 0; i < n; i++) {
		const rm_config *c = &list[i];
		if (c->host != h || c->part != part || c->row->threads != t ||
		    strcmp(c->wcase, wcase) || strcmp(c->row->runtime, rt))
			continue;
		int k = 0;
		while (prefs[k] && strcmp(prefs[k], c->row->chan))
			k++;
		k = k * 2 + !!strcmp(c->row->placement, m->placement);
		if (k < rank) {
			rank = k;
			best = c;
		}
	}
	return best;
}

/* skipped.csv's reason in directory `part` for the case on rt at t, or NULL. */
static const char *skip_of(const report_model *m, int h, int part, const char *wcase,
                           const char *rt, int t)
{
	const csvr_table *tb = &rm_dir(m, h, part)->skipped;
	for (int r = 0; r < tb->nrows && tb->ncols >= 2; r++) {
		const char *key = csvr_cell(tb, r, 0);
		char c[RM_NAME], v[64];
		rm_case_of_key(key, c, sizeof c);
		if (!strcmp(c, wcase) && key_component(key, "runtime", v, sizeof v) &&
		    !strcmp(v, rt) && key_component(key, "threads", v, sizeof v) && atoi(v) == t)
			return csvr_cell(tb, r, 1);
	}
	return NULL;
}

/* One cell: its configuration's figure, or why there is none. */
static void cell(const report_model *m, const rp_fair_row *w, const rp_sum_col *col,
                 const smp_set *set, rp_fair_cell *y)
{
	memset(y, 0, sizeof *y);
	y->p99 = y->p50 = NAN;
	y->cfg = rf_fair_find(m, w->host, w->part, w->wcase, col->runtime, col->threads);
	if (!y->cfg) {
		y->failed = rp_fail_rounds(m, w->host, w->part, w->wcase, col->runtime,
		                           col->threads, y->why, sizeof y->why);
		y->skip = skip_of(m, w->host, w->part, w->wcase, col->runtime, col->threads);
		return;
	}
	const smp_group *g = set ? samples_find(set, y->cfg->g->key) : NULL;
	if (g && g->n)
		stats_summarize(g->x, g->n, &y->s);
	const hgrm_file *hf = w->kind == RP_FAIR_LATE ? rm_hgrm_of(m, y->cfg) : NULL;
	if (hf && hf->total) {
		y->p99 = hgrm_value_at(hf, 0.99) * LAT_UNIT_NS;
		y->p50 = hgrm_value_at(hf, 0.5) * LAT_UNIT_NS;
		y->count = (unsigned long long)hf->total;
	}
}

/* The rows of one workload on host h: a row per case, in runs.csv order. */
static void rows(const report_model *m, rp_summary *s, int h, const char *workload,
                 rp_fair_kind kind)
{
	int part = rm_workload_part(m, h, RM_FAIRNESS, workload);
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg;
	const char *cases[RP_FAIR_ROWS];
	int nc = 0;
	for (int i = 0; i < n; i++)
		if (list[i].host == h && list[i].part == part &&
		    !strcmp(list[i].row->workload, workload))
			rm_find_or_add(cases, &nc, RP_FAIR_ROWS, list[i].wcase);
	if (!nc)
		return;
	smp_set set;
	bool ok = samples_group_if_present(
	    rm_dir(m, h, part),
	    kind == RP_FAIR_JAIN ? "metric:fairness_jain" : "metric:wakeup_late_ns", &set);
	for (int k = 0; k < nc && s->nfair < RP_FAIR_ROWS; k++) {
		rp_fair_row *w = &s->fair[s->nfair++];
		w->host = h;
		w->kind = kind;
		w->wcase = cases[k];
		w->part = part;
		for (int c = 0; c < s->ncols; c++)
			cell(m, w, &s->col[c], ok ? &set : NULL, &w->cell[c]);
	}
	if (ok)
		samples_free(&set);
}

void find_fair_summary(const report_model *m, rp_findings *f)
{
	rp_summary *s = &f->sum;
	s->nfair = 0;
	for (int h = 0; h < m->nhosts; h++) {
		rows(m, s, h, "fairshare", RP_FAIR_JAIN);
		rows(m, s, h, "wakeup", RP_FAIR_LATE);
	}
}
