/*
 * find_summary.c — the summary tables (summary.h), computed with the findings
 * so that their ratios join the page's family of U tests (find.h, rf_test).
 */
#include "find.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"
#include "../pairing.h"

/* Runtimes in column order: pthread, gmp, go, then others in runs.csv order. */
static int runtime_order(const report_model *m, const char **out, int max)
{
	static const char *const known[] = {"pthread", "gmp", PAIR_GO_RUNTIME};
	int n = 0;
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < m->ncfg; i++)
			if (!strcmp(m->cfg[i].row->runtime, known[k])) {
				rm_find_or_add(out, &n, max, m->cfg[i].row->runtime);
				break;
			}
	for (int i = 0; i < m->ncfg; i++)
		rm_find_or_add(out, &n, max, m->cfg[i].row->runtime);
	for (int i = 0; i < m->nxcfg; i++) /* the fairness rows' (fair/fair_sum.c) */
		if (m->xcfg[i].src == RM_FAIRNESS)
			rm_find_or_add(out, &n, max, m->xcfg[i].row->runtime);
	return n;
}

/* Whether make bench's fairness/ ran runtime rt at t workers: the summary's
 * fairness rows (fair/fair_sum.c) are in its columns too. */
static bool fairness_ran(const report_model *m, const char *rt, int t)
{
	for (int i = 0; i < m->nxcfg; i++)
		if (m->xcfg[i].src == RM_FAIRNESS && m->xcfg[i].row->threads == t &&
		    !strcmp(m->xcfg[i].row->runtime, rt))
			return true;
	return false;
}

/* Columns: every runtime at every worker count where some case has its
 * like-for-like configuration, or make bench's fairness/ ran it. */
static void columns(const report_model *m, rp_summary *s)
{
	const char *rts[16], *cases[RP_SUM_ROWS];
	int nrt = runtime_order(m, rts, 16), nc = rm_cases(m, NULL, NULL, cases, RP_SUM_ROWS);
	for (int t = 0; t < m->nthreads; t++)
		for (int r = 0; r < nrt; r++) {
			bool any = fairness_ran(m, rts[r], m->threads[t]);
			for (int h = 0; h < m->nhosts && !any; h++)
				for (int k = 0; k < nc && !any; k++)
					any =
					    rm_like(m, h, cases[k], rts[r], m->threads[t]) != NULL;
			if (!any)
				continue;
			if (s->ncols == RP_SUM_COLS) {
				s->dropped_cols++;
				continue;
			}
			s->col[s->ncols++] = (rp_sum_col){rts[r], m->threads[t]};
		}
}

/* The column of runtime rt at threads t, or -1. */
static int col_of(const rp_summary *s, const char *rt, int t)
{
	for (int c = 0; c < s->ncols; c++)
		if (s->col[c].threads == t && !strcmp(s->col[c].runtime, rt))
			return c;
	return -1;
}

rp_ratio rf_ratio(rp_findings *f, const rm_config *a, const rm_config *b)
{
	rp_ratio r = {.state = RP_RATIO_NONE, .x = NAN, .q = 1};
	if (!a || !b || a == b)
		return r;
	r.x = a->s.median / b->s.median;
	if (a->reduced || b->reduced) {
		r.state = RP_RATIO_REDUCED;
		return r;
	}
	rf_test_res t = rf_test(f, a, b);
	r.q = t.q;
	r.state = !t.can_detect ? RP_RATIO_BLIND : t.significant ? RP_RATIO_FACTOR : RP_RATIO_SAME;
	return r;
}

/* The fastest channel variant of a case at its base worker count (C runtimes:
 * Go has only its own), and the next variant on the same runtime. */
static void best_variant(const report_model *m, rp_findings *f, rp_sum_row *row)
{
	rf_case cs;
	rf_at_base(m, row->host, -1, row->wcase, &cs);
	row->best = row->next = NULL;
	for (int i = 0; i < cs.nfull && !row->best; i++) /* sorted by median */
		if (strcmp(cs.full[i]->row->runtime, PAIR_GO_RUNTIME) &&
		    !pair_no_chan(cs.full[i]->row->chan))
			row->best = cs.full[i];
	for (int i = 0; row->best && i < cs.nfull && !row->next; i++)
		if (!strcmp(cs.full[i]->row->runtime, row->best->row->runtime) &&
		    strcmp(cs.full[i]->row->chan, row->best->row->chan))
			row->next = cs.full[i];
	if (!row->next)
		row->best = NULL; /* one variant: nothing to name */
	else
		row->best_vs_next = rf_ratio(f, row->best, row->next);
}

bool rp_geo_out(const char *wcase)
{
	size_t n = strcspn(wcase, "/");
	return (n == 6 && !strncmp(wcase, "wakeup", n)) || strstr(wcase, "/preempt=off") != NULL;
}

/* The geometric mean of column c's ratios (vs pthread or vs Go). */
static void geo(const rp_summary *s, int c, bool vs_go, rp_sum_geo *g)
{
	double x[RP_SUM_ROWS];
	int n = 0;
	for (int r = 0; r < s->nrows; r++) {
		if (s->row[r].geo_out)
			continue;
		const rp_ratio *q = vs_go ? &s->row[r].cell[c].vs_go : &s->row[r].cell[c].vs_pt;
		if (q->state != RP_RATIO_NONE && q->state != RP_RATIO_REDUCED && q->x > 0)
			x[n++] = q->x;
	}
	g->n = n;
	if (n >= 2)
		rf_geomean_ci(x, n, &g->x, &g->lo, &g->hi);
}

/* The column `metric` of host h's main run, or of its counters pass for a
 * counter the main run lacks; *from_counters says which. */
static bool metric_samples(const report_model *m, int h, const char *metric, smp_set *s, int *part)
{
	*part = -1;
	if (samples_group_if_present(rm_dir(m, h, -1), metric, s))
		return true;
	*part = rm_part_of(m, h, RM_COUNTERS);
	return *part >= 0 && samples_group_if_present(rm_dir(m, h, *part), metric, s);
}

/* CPU time per op of each configuration of host h's main run (cpu_ns / n of
 * its rows), as a sample set keyed like the others; false when runs.csv has
 * no cpu_ns. */
static bool cpu_samples(const report_model *m, int h, smp_set *s)
{
	const rr_dir *d = rm_dir(m, h, -1);
	memset(s, 0, sizeof *s);
	int rows = 0;
	for (int i = 0; i < d->nruns; i++)
		rows += !isnan(d->runs[i].cpu_ns) && d->runs[i].n > 0;
	if (!rows)
		return false;
	s->g = calloc((size_t)m->ncfg + 1, sizeof *s->g);
	s->xs = calloc((size_t)rows, sizeof *s->xs);
	if (!s->g || !s->xs) {
		samples_free(s);
		return false;
	}
	int used = 0;
	for (int c = 0; c < m->ncfg; c++) {
		if (m->cfg[c].host != h)
			continue;
		smp_group *g = &s->g[s->n];
		g->key = m->cfg[c].g->key;
		g->x = s->xs + used;
		for (int i = 0; i < d->nruns; i++) {
			const rr_run *r = &d->runs[i];
			if (!isnan(r->cpu_ns) && r->n > 0 && !strcmp(r->key, g->key))
				g->x[g->n++] = r->cpu_ns / (double)r->n;
		}
		used += g->n;
		s->n += g->n > 0;
	}
	return s->n > 0;
}

/* The rows of the other figures: per host, metric and case with a value. */
static void extra_rows(const report_model *m, rp_summary *s)
{
	for (int h = 0; h < m->nhosts; h++)
		for (int k = 0; k < rm_metric_count(); k++) {
			const rm_metric *mt = rm_metric_at(k);
			smp_set set;
			int part = -1;
			if (!strcmp(mt->column, RM_CPU_NS)
			        ? !cpu_samples(m, h, &set)
			        : !metric_samples(m, h, mt->column, &set, &part))
				continue;
			for (int r = 0; r < s->nrows && s->nextra < RP_SUM_EXTRA; r++) {
				if (s->row[r].host != h)
					continue;
				rp_extra_row *x = &s->extra[s->nextra];
				memset(x, 0, sizeof *x);
				bool any = false;
				for (int c = 0; c < s->ncols; c++) {
					const rm_config *cfg = s->row[r].cell[c].cfg;
					const smp_group *g =
					    cfg ? samples_find(&set, cfg->g->key) : NULL;
					if (!g)
						continue;
					stats_summarize(g->x, g->n, &x->cell[c]);
					x->have[c] = any = true;
				}
				if (!any)
					continue;
				x->host = h;
				x->wcase = s->row[r].wcase;
				x->metric = mt;
				x->from_counters = part >= 0;
				s->nextra++;
			}
			samples_free(&set);
		}
}

void find_summary(const report_model *m, rp_findings *f)
{
	rp_summary *s = &f->sum;
	memset(s, 0, sizeof *s);
	columns(m, s);
	const char *cases[RP_SUM_ROWS];
	int nc = rm_cases(m, NULL, NULL, cases, RP_SUM_ROWS);
	for (int h = 0; h < m->nhosts; h++)
		for (int k = 0; k < nc && s->nrows < RP_SUM_ROWS; k++) {
			rp_sum_row *row = &s->row[s->nrows];
			row->host = h;
			row->wcase = cases[k];
			row->chan = rm_case_chan(m, h, cases[k]);
			row->geo_out = rp_geo_out(cases[k]);
			bool any = false;
			for (int c = 0; c < s->ncols; c++) {
				row->cell[c].cfg =
				    rm_like(m, h, cases[k], s->col[c].runtime, s->col[c].threads);
				any = any || row->cell[c].cfg;
			}
			if (!any)
				continue;
			for (int c = 0; c < s->ncols; c++) {
				int pt = col_of(s, "pthread", s->col[c].threads);
				int go = col_of(s, PAIR_GO_RUNTIME, s->col[c].threads);
				rp_cell *x = &row->cell[c];
				x->vs_pt = rf_ratio(f, x->cfg, pt >= 0 ? row->cell[pt].cfg : NULL);
				x->vs_go = rf_ratio(f, x->cfg, go >= 0 ? row->cell[go].cfg : NULL);
			}
			best_variant(m, f, row);
			s->nrows++;
		}
	for (int c = 0; c < s->ncols; c++) {
		geo(s, c, false, &s->geo_pt[c]);
		geo(s, c, true, &s->geo_go[c]);
	}
	extra_rows(m, s);
}

const char *rp_skip_reason(const report_model *m, int host, const char *wcase, const char *runtime,
                           int threads)
{
	const csvr_table *t = &m->hosts[host].dir.skipped;
	const char *chan = rm_case_chan(m, host, wcase), *other = NULL;
	bool go = !strcmp(runtime, PAIR_GO_RUNTIME);
	for (int r = 0; r < t->nrows && t->ncols >= 2; r++) {
		const char *key = csvr_cell(t, r, 0);
		char c[RM_NAME], rt[64], ch[64], th[16];
		rm_case_of_key(key, c, sizeof c);
		if (strcmp(c, wcase) || !key_component(key, "runtime", rt, sizeof rt) ||
		    strcmp(rt, runtime) || !key_component(key, "threads", th, sizeof th) ||
		    atoi(th) != threads || !key_component(key, "chan", ch, sizeof ch))
			continue;
		if (go ? pair_is_like(runtime, ch) : !strcmp(ch, chan))
			return csvr_cell(t, r, 1);
		other = other ? other : csvr_cell(t, r, 1);
	}
	/* no variant of the case ran here: the reason one of them was skipped */
	return other;
}

int rp_fail_rounds(const report_model *m, int host, int part, const char *wcase,
                   const char *runtime, int threads, char *why, size_t len)
{
	const csvr_table *t = &rm_dir(m, host, part)->failures;
	int ck = csvr_col(t, "key"), kk = csvr_col(t, "kind"), rk = csvr_col(t, "reason"), n = 0;
	if (len)
		why[0] = '\0';
	for (int r = 0; ck >= 0 && r < t->nrows; r++) {
		const char *key = csvr_cell(t, r, ck);
		char c[RM_NAME], rt[64], th[16];
		rm_case_of_key(key, c, sizeof c);
		if (strcmp(c, wcase) || !key_component(key, "runtime", rt, sizeof rt) ||
		    strcmp(rt, runtime) || !key_component(key, "threads", th, sizeof th) ||
		    atoi(th) != threads)
			continue;
		if (!n++ && len)
			snprintf(why, len, "%.20s: %s", kk >= 0 ? csvr_cell(t, r, kk) : "?",
			         rk >= 0 ? csvr_cell(t, r, rk) : "");
	}
	return n;
}
