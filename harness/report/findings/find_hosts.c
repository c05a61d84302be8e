/*
 * find_hosts.c — hosts against each other (find.h): every host after the first
 * against the first, over the configurations they have in common (same key):
 * the geometric mean of the time ratio, and on how many the U test finds the
 * host significantly faster, slower, or neither.
 *
 * What it promises: nothing with one host; a host with nothing in common with
 * the first is said to have none.
 */
#include "find.h"

#include <math.h>
#include <string.h>

#include "../../measure/mannwhitney.h"
#include "../../base/units.h"

void find_hosts(const report_model *m, rp_findings *f)
{
	for (int h = 1; h < m->nhosts; h++) {
		int n = 0, faster = 0, slower = 0;
		double logsum = 0;
		for (int i = 0; i < m->ncfg; i++) {
			const rm_config *a = &m->cfg[i], *b = NULL;
			if (a->host != 0)
				continue;
			for (int j = 0; j < m->ncfg && !b; j++)
				if (m->cfg[j].host == h && !strcmp(m->cfg[j].g->key, a->g->key))
					b = &m->cfg[j];
			if (!b)
				continue;
			mw_result r;
			mw_test(a->g->x, a->g->n, b->g->x, b->g->n, MW_TWO_SIDED, &r);
			logsum += log(b->s.median / a->s.median);
			n++;
			faster += r.p < FIND_ALPHA && b->s.median < a->s.median;
			slower += r.p < FIND_ALPHA && b->s.median > a->s.median;
		}
		if (n == 0) {
			rf_add(f, "hosts", "%s and %s have no configuration in common.",
			       m->hosts[0].label, m->hosts[h].label);
			continue;
		}
		char g[32];
		fmt_times(g, sizeof g, exp(logsum / n));
		rf_add(f, "hosts",
		       "%s takes %s the time of %s (geometric mean over %d common configurations); "
		       "significantly faster on %d, slower on %d, no significant difference on %d.",
		       m->hosts[h].label, g, m->hosts[0].label, n, faster, slower,
		       n - faster - slower);
	}
}
