/*
 * find_scaling.c — scaling with threads (find.h): for each configuration at the
 * lowest thread count, the same case and series at the highest thread count it
 * ran, and the throughput factor between them ("4 threads give 3.1x the
 * throughput of 1").
 *
 * What it promises: a sentence only where the U test finds the two different
 * (q < FIND_ALPHA, rf_test) and both ran full size; at most FIND_SCALING sentences.
 */
#include "find.h"

#include <string.h>

#include "../../base/units.h"

#define FIND_SCALING 16 /* scaling sentences at most */

void find_scaling(const report_model *m, rp_findings *f)
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
		rf_test_res r = rf_test(f, lo, hi);
		if (!r.significant)
			continue;
		char x[32], p[120], fl[100], fh[100];
		fmt_times(x, sizeof x, lo->s.median / hi->s.median);
		rf_fmt_q(p, sizeof p, &r);
		rm_failed_note(lo, fl, sizeof fl);
		rm_failed_note(hi, fh, sizeof fh);
		rf_add_host(f, m, lo->host, "scaling",
		            "%s on %s: %d threads%s give %s the throughput of %d%s (%s).",
		            lo->wcase, lo->series, hi->row->threads, fh, x, lo->row->threads, fl,
		            p);
		count++;
	}
}
