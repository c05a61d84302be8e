/*
 * fair_sum.c — the fairness workloads' figures in the summary's ns/op table
 * (summary.h: rp_fair_cell), so that the first screen says how fairly each
 * runtime shared the workers and how late a task woke beside tasks that
 * never yield, per runtime and worker count:
 *   - fairshare: Jain's index of the units the tasks got (metric:fairness_jain,
 *     its median and interval over the repetitions: 1 = equal shares, 1/K =
 *     one of K tasks took all);
 *   - wakeup: the p99 of how late the sleeper ran again after its period, from
 *     latency/<key>.hgrm (every repetition merged: a histogram has no
 *     repetitions to give a percentile an interval), with the p50 and
 *     metric:wakeup_late_ns (each repetition's median lateness, its median
 *     and interval) beside it;
 *   - syscall: the p99 of how long a blocked call's return waited to run.
 * The cell keeps the ns/op table's flags (unstable, failed rounds, reduced,
 * not measured); the figure adds its own (an unstable Jain index).
 */
#include "../find.h"

#include <math.h>
#include <string.h>

#include "../../../measure/latency.h"

/* What a case's row adds: by its workload (the case before its parameters). */
static rp_fair_kind kind_of(const char *wcase)
{
	size_t n = strcspn(wcase, "/");
	if (n == 9 && !strncmp(wcase, "fairshare", n))
		return RP_FAIR_JAIN;
	if ((n == 6 && !strncmp(wcase, "wakeup", n)) || (n == 7 && !strncmp(wcase, "syscall", n)))
		return RP_FAIR_LATE;
	return RP_FAIR_NONE;
}

/* The repetitions of column col of host h's main run, once per host. */
typedef struct col_cache {
	int host;  /* the host loaded, -1: none */
	bool ok;   /* the column is there       */
	smp_set s; /* its samples               */
} col_cache;

static const smp_group *samples(const report_model *m, col_cache *c, const char *col,
                                const rm_config *cfg)
{
	if (c->host != cfg->host) {
		if (c->ok)
			samples_free(&c->s);
		c->host = cfg->host;
		c->ok = samples_group_if_present(rm_dir(m, cfg->host, -1), col, &c->s);
	}
	return c->ok ? samples_find(&c->s, cfg->g->key) : NULL;
}

void find_fair_summary(const report_model *m, rp_findings *f)
{
	rp_summary *s = &f->sum;
	col_cache jain = {.host = -1}, late = {.host = -1};
	for (int r = 0; r < s->nrows; r++) {
		rp_fair_kind k = kind_of(s->row[r].wcase);
		for (int c = 0; k != RP_FAIR_NONE && c < s->ncols; c++) {
			rp_cell *x = &s->row[r].cell[c];
			if (!x->cfg)
				continue;
			rp_fair_cell *y = &x->fair;
			memset(y, 0, sizeof *y);
			y->p99 = y->p50 = NAN;
			const smp_group *g = samples(m, k == RP_FAIR_JAIN ? &jain : &late,
			                             k == RP_FAIR_JAIN ? "metric:fairness_jain"
			                                               : "metric:wakeup_late_ns",
			                             x->cfg);
			if (g)
				stats_summarize(g->x, g->n, &y->s);
			const hgrm_file *h = k == RP_FAIR_LATE ? rm_hgrm_of(m, x->cfg) : NULL;
			if (h && h->total) {
				y->p99 = hgrm_value_at(h, 0.99) * LAT_UNIT_NS;
				y->p50 = hgrm_value_at(h, 0.5) * LAT_UNIT_NS;
				y->count = (unsigned long long)h->total;
			}
			if (y->s.n || !isnan(y->p99))
				y->kind = k;
			y->bounded = k == RP_FAIR_LATE && !strncmp(s->row[r].wcase, "wakeup", 6);
		}
	}
	if (jain.ok)
		samples_free(&jain.s);
	if (late.ok)
		samples_free(&late.s);
}
