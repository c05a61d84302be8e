/*
 * find_all.c — rp_findings_make (findings.h): the kinds of finding in the order
 * of the page, one file each (find.h), then the claims, run until the page's
 * family of U tests is known and adjusted (Benjamini-Hochberg).
 */
#include "find.h"

#include <string.h>

/* One pass over every kind of finding. */
static void all_kinds(const report_model *m, rp_findings *f)
{
	f->n = 0;
	f->nclaims = 0;
	f->added = 0;
	find_summary(m, f);
	find_net_summary(m, f);
	find_fair_summary(m, f);
	find_speedup(m, f);
	find_runtimes(m, f);
	find_floors(m, f);
	find_scaling(m, f);
	find_variants(m, f);
	find_latency(m, f);
	find_open_loop(m, f);
	find_net(m, f);
	find_fair(m, f);
	find_preempt_cost(m, f);
	find_c2c(m, f);
	find_placement(m, f);
	find_channels(m, f);
	find_counters_memory(m, f);
	find_hosts(m, f);
	find_quality(m, f);
	find_gmp_go(m, f);
	find_claims(m, f);
}

/* The findings run until the family of U tests is known: the first pass
 * collects it, BH adjusts it, and the next pass writes the sentences with the
 * q-values. A sentence may depend on an earlier test's verdict (a capped list
 * of significant ones), so a later pass can meet a test the family lacks: it
 * joins the family (judged by Bonferroni meanwhile) and the pass is repeated,
 * at most FIND_PASSES times. */
#define FIND_PASSES 4

void rp_findings_make(const report_model *m, rp_findings *f)
{
	memset(f, 0, sizeof *f);
	for (int pass = 0; pass < FIND_PASSES; pass++) {
		all_kinds(m, f);
		if (pass > 0 && f->added == 0)
			return;
		rf_adjust(f);
	}
}
