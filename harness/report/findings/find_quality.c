/*
 * find_quality.c — how far the numbers can be trusted (find.h): each
 * configuration that ran a reduced size, how many configurations are unstable
 * (95% CI half-width above 5% of the median) or all stable, and how many were
 * slower in their first repetitions (raise --warmup).
 *
 * What it promises: the stability sentence is always there (a reader sees the
 * run was checked); a configuration is called stable only when a 95% CI of
 * its median exists (6 or more repetitions: one repetition is never stable),
 * is within 5% of the median, and no round of it failed; each other sentence
 * names an example configuration.
 */
#include "find.h"

void find_quality(const report_model *m, rp_findings *f)
{
	int unstable = 0, warm = 0, reduced = 0, noci = 0, failed = 0;
	const rm_config *eu = NULL, *ew = NULL, *en = NULL, *ef = NULL;
	for (int i = 0; i < m->ncfg; i++) {
		const rm_config *c = &m->cfg[i];
		if (!c->s.ci_exact && !noci++)
			en = c;
		else if (c->s.ci_exact && c->s.unstable && !unstable++)
			eu = c;
		if (c->failed_rounds && !failed++)
			ef = c;
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
	/* stable: a 95% CI exists (6+ repetitions), it is within 5% of the median,
	 * and no round failed */
	int stable = 0;
	for (int i = 0; i < m->ncfg; i++)
		stable += m->cfg[i].s.ci_exact && !m->cfg[i].s.unstable && !m->cfg[i].failed_rounds;
	if (stable == m->ncfg)
		rf_add(f, "stability",
		       "All %d configurations are stable: every one has a 95%% CI of its median "
		       "(6 or more repetitions) within 5%% of the median, and no failed round.",
		       m->ncfg);
	else
		rf_add(f, "stability",
		       "%d of %d configurations are stable (a 95%% CI of the median within 5%% of "
		       "it, no failed round).",
		       stable, m->ncfg);
	if (unstable)
		rf_add(f, "stability",
		       "%d of %d configurations are unstable (95%% CI half-width above 5%% of the "
		       "median), e.g. %s at ±%.0f%%: read their differences with care, or run more "
		       "repetitions.",
		       unstable, m->ncfg, eu->g->key, eu->s.rel_err * 100);
	if (noci)
		rf_add(
		    f, "stability",
		    "%d of %d configurations have fewer than 6 repetitions (e.g. %s, %d): no 95%% "
		    "CI of the median exists for them, the tables show min..max, and they are "
		    "not called stable; run more (--reps, --rounds).",
		    noci, m->ncfg, en->g->key, en->s.n);
	if (failed) {
		char note[100];
		rm_failed_note(ef, note, sizeof note);
		rf_add(f, "stability",
		       "%d configuration(s) had failed rounds (failures.csv), e.g. %s%s: their "
		       "numbers come from the rounds that finished, and every sentence that uses "
		       "them says so.",
		       failed, ef->g->key, note);
	}
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
