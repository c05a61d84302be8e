/*
 * find_scaling.c — scaling with workers, per workload (find.h): for each host
 * and case, each runtime on its like-for-like channel (the summary's
 * columns) from the fewest workers to the most it ran, and how its throughput
 * changed ("1 to 2 workers: gmp 0.51x the throughput (q=0.004); go no
 * significant change (q=0.31); pthread 1.1x (q=0.02)").
 *
 * What it promises: one sentence per host and case that ran at two worker
 * counts or more; a factor only where rf_test supports it; reduced-size
 * configurations are named and never compared.
 */
#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../../base/units.h"

void find_scaling(const report_model *m, rp_findings *f)
{
	if (m->nthreads < 2)
		return;
	const rp_summary *s = &f->sum;
	int lo_t = m->threads[0], hi_t = m->threads[m->nthreads - 1];
	for (int r = 0; r < s->nrows; r++) {
		const rp_sum_row *row = &s->row[r];
		char list[1500] = "";
		int said = 0;
		for (int c = 0; c < s->ncols; c++) {
			if (s->col[c].threads != lo_t || !row->cell[c].cfg)
				continue;
			/* the same runtime at the most workers it ran */
			const rm_config *lo = row->cell[c].cfg, *hi = NULL;
			for (int k = 0; k < s->ncols; k++)
				if (!strcmp(s->col[k].runtime, s->col[c].runtime) &&
				    s->col[k].threads > lo_t && row->cell[k].cfg &&
				    (!hi || s->col[k].threads > hi->row->threads))
					hi = row->cell[k].cfg;
			if (!hi)
				continue;
			char one[700], nm[200], x[32], q[160];
			rf_rt_name(hi, nm, sizeof nm);
			if (lo->reduced || hi->reduced) {
				snprintf(one, sizeof one, "%s ran a reduced size (not compared)",
				         nm);
			} else {
				rf_test_res t = rf_test(f, lo, hi);
				rf_fmt_q(q, sizeof q, &t);
				fmt_times(x, sizeof x, lo->s.median / hi->s.median);
				if (t.significant)
					snprintf(one, sizeof one, "%s %s the throughput at %d (%s)",
					         nm, x, hi->row->threads, q);
				else if (!t.can_detect)
					snprintf(one, sizeof one, "%s: no factor, %s", nm, q);
				else
					snprintf(one, sizeof one, "%s no significant change (%s)",
					         nm, q);
			}
			size_t w = strlen(list);
			snprintf(list + w, sizeof list - w, "%s%s", said++ ? "; " : "", one);
		}
		if (said)
			rf_add_case(f, m, row->host, "scaling", row->wcase,
			            "From %d to %d workers: %s.", lo_t, hi_t, list);
	}
}
