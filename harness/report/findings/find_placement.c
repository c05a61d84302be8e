/*
 * find_placement.c — placement (find.h): per host, case, series and thread
 * count over the placement source (make bench's placement/ sweep, else the main
 * run), the best and the worst placement and how many times the best the worst
 * takes, or that placement makes no significant difference.
 *
 * What it promises: a group is said once, at its first configuration, and only
 * when it ran under at least two placements at full size; at most
 * FIND_PLACEMENT sentences.
 */
#include "find.h"

#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"

#define FIND_PLACEMENT 12 /* placement sentences at most */

/* Per case, series and thread count over the placement source (the sweep when
 * there is one): the best and the worst placement, when they differ. */
void find_placement(const report_model *m, rp_findings *f)
{
	int n, said = 0;
	const rm_config **src = rm_source_configs(m, RM_PLACEMENT, NULL, &n);
	if (!src)
		return;
	for (int i = 0; i < n && said < FIND_PLACEMENT; i++) {
		const rm_config *a = src[i], *best = a, *worst = a;
		int count = 0;
		bool first = true;
		for (int j = 0; j < n; j++) {
			const rm_config *b = src[j];
			if (b->host != a->host || b->row->threads != a->row->threads ||
			    strcmp(b->wcase, a->wcase) || strcmp(b->rt_chan, a->rt_chan) ||
			    b->reduced)
				continue;
			if (j < i) { /* this group was said at its first member */
				first = false;
				break;
			}
			count++;
			best = b->s.median < best->s.median ? b : best;
			worst = b->s.median > worst->s.median ? b : worst;
		}
		if (!first || count < 2 || a->reduced)
			continue;
		rf_test_res r = rf_test(f, best, worst);
		char bl[40], wl[40], x[32], p[120], bn[260], wn[260];
		fmt_time_ns(bl, sizeof bl, best->s.median);
		fmt_time_ns(wl, sizeof wl, worst->s.median);
		fmt_times(x, sizeof x, worst->s.median / best->s.median);
		rf_fmt_q(p, sizeof p, &r);
		rm_placement_label(best->row, -1, bn, 160);
		rm_placement_label(worst->row, -1, wn, 160);
		rm_failed_note(best, bn + strlen(bn), 100);
		rm_failed_note(worst, wn + strlen(wn), 100);
		if (r.significant)
			rf_add_host(
			    f, m, a->host, "placement",
			    "%s on %s, threads=%d, over %d placements: best %s at %s, worst %s "
			    "at %s "
			    "(%s, %s).",
			    a->wcase, a->series, a->row->threads, count, bn, bl, wn, wl, x, p);
		else if (!r.can_detect)
			rf_add_host(f, m, a->host, "placement",
			            "%s on %s, threads=%d, over %d placements: %s to %s; no factor "
			            "is stated, %s.",
			            a->wcase, a->series, a->row->threads, count, bl, wl, p);
		else
			rf_add_host(
			    f, m, a->host, "placement",
			    "%s on %s, threads=%d: placement makes no significant difference "
			    "over %d "
			    "placements (%s to %s, %s).",
			    a->wcase, a->series, a->row->threads, count, bl, wl, p);
		said++;
	}
	free(src);
}
