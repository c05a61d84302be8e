/*
 * find_quality.c — how far the numbers can be trusted (find.h): each
 * configuration that ran a reduced size, how many configurations are unstable
 * (95% CI half-width above 5% of the median) or all stable, and how many were
 * slower in their first repetitions (raise --warmup).
 *
 * What it promises: the stability sentence is always there (a reader sees the
 * run was checked); each other sentence names an example configuration.
 */
#include "find.h"

void find_quality(const report_model *m, rp_findings *f)
{
	int unstable = 0, warm = 0, reduced = 0;
	const rm_config *eu = NULL, *ew = NULL;
	for (int i = 0; i < m->ncfg; i++) {
		const rm_config *c = &m->cfg[i];
		if (c->s.unstable && !unstable++)
			eu = c;
		if (c->warm.slower && !warm++)
			ew = c;
		if (c->reduced) {
			reduced++;
			rf_add_host(f, m, c->host, "sizes",
			            "%s ran n=%lld instead of the %lld asked (the runtime could "
			            "not reach it): its numbers are per op but not comparable.",
			            c->g->key, (long long)c->row->n,
			            (long long)c->row->n_requested);
		}
	}
	if (unstable)
		rf_add(f, "stability",
		       "%d of %d configurations are unstable (95%% CI half-width above 5%% of the "
		       "median), "
		       "e.g. %s at ±%.0f%%: read their differences with care, or run more "
		       "repetitions.",
		       unstable, m->ncfg, eu->g->key, eu->s.rel_err * 100);
	else
		rf_add(
		    f, "stability",
		    "All %d configurations are stable: every 95%% CI half-width is within 5%% of "
		    "its "
		    "median.",
		    m->ncfg);
	if (warm) {
		char note[200];
		warmup_note(&ew->warm, -1, note, sizeof note);
		rf_add(
		    f, "stability",
		    "In %d configuration(s) the first repetitions of each round were slower (e.g. "
		    "%s: "
		    "%s): raise --warmup.",
		    warm, ew->g->key, note);
	}
}
