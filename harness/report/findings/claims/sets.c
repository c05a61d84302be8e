/*
 * sets.c — the sets of comparisons several claims' rules make (claim.h):
 * coroutines against threads at every worker count (C2, C6, C7), a series at
 * its fewest workers against its most (C1, C4, C5), and the reference
 * channel against the mutex-protected queue (C3, C8). Each builds the
 * comparison's words and chart the same way wherever it is used.
 */
#include <stdio.h>
#include <string.h>

#include "claim.h"

/* The chart of report.html that shows column col of case w at `threads`:
 * ns/op bars, a counter's bars, or the results table for a metric. */
static void chart_of(const char *col, int threads, char *out, size_t len)
{
	if (!col) {
		cl_anchor(out, len, "nsop-t%d", threads);
	} else if (rm_is_counter(col)) {
		char ev[64];
		snprintf(ev, sizeof ev, "%.*s", (int)strlen(col) - 3, col); /* less "/op" */
		cl_anchor(out, len, "counter-%s-t%d", ev, threads);
	} else {
		snprintf(out, len, "results");
	}
}

int cl_vs_threads(cl_ctx *x, int part, const char *w, const char *col, double k)
{
	const report_model *m = x->m;
	int n = 0;
	for (int r = 0; r < 2; r++)
		for (int t = 0; t < m->nthreads; t++) {
			int th = m->threads[t];
			const rm_config *co = cl_cfg(x, part, w, cl_coroutines[r], NULL, th);
			const rm_config *pt = cl_cfg(x, part, w, "pthread", NULL, th);
			if (!co || !pt)
				continue;
			if (!strcmp(w, "yield") &&
			    !(cl_yield_switched(x, co) && cl_yield_switched(x, pt)))
				continue;
			char where[160], anchor[64];
			const char *what = !col                          ? "time"
			                   : !strncmp(col, "metric:", 7) ? col + 7
			                                                 : col;
			snprintf(where, sizeof where, "%.40s %.40s t=%d %.40s", w, what, th,
			         co->rt_chan);
			chart_of(col, th, anchor, sizeof anchor);
			cl_cmp c = {.a = co,
			            .b = pt,
			            .k = k,
			            .col = col,
			            .inverse = true,
			            .where = where,
			            .anchor = anchor,
			            .what = "pthread over coroutine"};
			n += cl_compare(x, &c) >= 0;
		}
	return n;
}

void cl_gain(cl_ctx *x, const char *w, const char *rt, double eff)
{
	const report_model *m = x->m;
	const rm_config *lo = NULL, *hi = NULL;
	for (int t = 0; t < m->nthreads && !lo; t++)
		lo = cl_cfg(x, -1, w, rt, NULL, m->threads[t]);
	for (int t = m->nthreads - 1; lo && t >= 0 && !hi && m->threads[t] > lo->row->threads; t--)
		hi = cl_cfg(x, -1, w, rt, lo->row->chan, m->threads[t]);
	if (!hi)
		return;
	int n = lo->row->threads, N = hi->row->threads;
	char where[160], anchor[64], what[64], la[16], lb[16];
	snprintf(where, sizeof where, "%.40s %.40s t=%d->%d", w, lo->rt_chan, n, N);
	cl_anchor(anchor, sizeof anchor, "%s", "scaling"); /* one chart, every workload */
	snprintf(what, sizeof what, "throughput %d->%d workers", n, N);
	snprintf(la, sizeof la, "t=%d", N);
	snprintf(lb, sizeof lb, "t=%d", n);
	cl_cmp c = {.a = hi,
	            .b = lo,
	            .k = eff > 0 ? n / (eff * N) : 1,
	            .inverse = true,
	            .where = where,
	            .anchor = anchor,
	            .what = what,
	            .la = la,
	            .lb = lb};
	cl_compare(x, &c);
}

void cl_vs_mutex(cl_ctx *x, const char *w, double k, bool info)
{
	static const char *const rts[] = {"gmp", "pthread"};
	for (int r = 0; r < 2; r++)
		for (int t = 0; t < x->m->nthreads; t++) {
			int th = x->m->threads[t];
			const rm_config *ch = cl_cfg(x, -1, w, rts[r], "go", th);
			const rm_config *mx = cl_cfg(x, -1, w, rts[r], "mutex", th);
			if (!ch || !mx)
				continue;
			char where[160], anchor[64];
			snprintf(where, sizeof where, "%.40s t=%d %s", w, th, rts[r]);
			cl_anchor(anchor, sizeof anchor, "nsop-t%d", th);
			cl_cmp c = {.a = ch,
			            .b = mx,
			            .k = k,
			            .where = where,
			            .anchor = anchor,
			            .what = "channel over mutex queue",
			            .info = info};
			cl_compare(x, &c);
		}
}
