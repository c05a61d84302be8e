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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"

void find_hosts(const report_model *m, rp_findings *f)
{
	for (int h = 1; h < m->nhosts; h++) {
		int n = 0, faster = 0, slower = 0, blind = 0;
		double *x = malloc(sizeof *x * (size_t)(m->ncfg + 1));
		if (!x)
			return;
		for (int i = 0; i < m->ncfg; i++) {
			const rm_config *a = &m->cfg[i], *b = NULL;
			if (a->host != 0)
				continue;
			for (int j = 0; j < m->ncfg && !b; j++)
				if (m->cfg[j].host == h && !strcmp(m->cfg[j].g->key, a->g->key))
					b = &m->cfg[j];
			if (!b || a->s.median <= 0 || b->s.median <= 0)
				continue;
			rf_test_res r = rf_test(f, a, b);
			x[n++] = b->s.median / a->s.median;
			faster += r.significant && b->s.median < a->s.median;
			slower += r.significant && b->s.median > a->s.median;
			blind += !r.can_detect;
		}
		if (n == 0) {
			rf_add(f, "hosts", "%s and %s have no configuration in common.",
			       m->hosts[0].label, m->hosts[h].label);
			free(x);
			continue;
		}
		char g[32], qual[200], bl[160] = "";
		rf_geomean(x, n, "common configurations", fmt_times, g, sizeof g, qual,
		           sizeof qual);
		free(x);
		if (blind)
			snprintf(bl, sizeof bl,
			         " (%d of them with too few repetitions for any test to reach "
			         "significance)",
			         blind);
		rf_add(f, "hosts",
		       "%s takes %s the time of %s (geometric mean over %d common configurations; "
		       "%s); "
		       "significantly faster on %d, slower on %d, no significant difference on "
		       "%d%s.",
		       m->hosts[h].label, g, m->hosts[0].label, n, qual, faster, slower,
		       n - faster - slower, bl);
	}
}
