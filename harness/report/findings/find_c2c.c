/*
 * find_c2c.c — the core-to-core floor (find.h): per host with a c2c matrix, the
 * fastest and slowest one-way latency between two PUs and the median over all
 * pairs (no cross-core hand-off can be faster), then the figures per pair class
 * from c2c_summary.csv when there is one.
 *
 * What it promises: unmeasured cells (the diagonal) are left out of every
 * figure; nothing is said for a host without a matrix or summary.
 */
#include "find.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"

/* The per-pair-class figures of c2c_summary.csv ("same core: 18 ns"). */
static void c2c_classes(const report_model *m, int h, rp_findings *f)
{
	const csvr_table *t = &m->hosts[h].dir.c2c_summary;
	int cl = csvr_col(t, "label"), cm = csvr_col(t, "median_ns"), cp = csvr_col(t, "pairs");
	char list[600] = "";
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
		rf_add_host(f, m, h, "c2c",
		            "Core to core by pair class (median one-way latency): %s.", list);
}

void find_c2c(const report_model *m, rp_findings *f)
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
			char lo[32], hi[32], med[32];
			fmt_time_ns(lo, sizeof lo, x->ns[bi * x->npu + bj]);
			fmt_time_ns(hi, sizeof hi, x->ns[wi * x->npu + wj]);
			fmt_time_ns(med, sizeof med, stats_median(all, n));
			rf_add_host(
			    f, m, h, "c2c",
			    "Core to core, one way: from %s (PU %d to %d) to %s (PU %d to %d), "
			    "median %s "
			    "over %d pairs: no cross-core hand-off can be faster.",
			    lo, x->pu[bi], x->pu[bj], hi, x->pu[wi], x->pu[wj], med, n);
		}
		free(all);
		c2c_classes(m, h, f);
	}
}
