/*
 * find_claims.c — the claims table (findings.h, claims.h): every claim of
 * docs/CLAIMS.md (the article's C1-C12, the network servers' N1-N2, F1 on a
 * task that never yields) held
 * against every host, host by host, by the rule written
 * beside it there. The rules are one file per group under claims/ (c_*.c),
 * over the engine they share (claims/claim.h: the comparisons, the coverage
 * and the verdict).
 *
 * Rules (docs/CLAIMS.md has each claim's in full):
 *   - a comparison counts only where rf_test_k's q (the page's
 *     Benjamini-Hochberg family) is below FIND_ALPHA; where the repetitions
 *     cannot reach significance at all, or q is above it, it "cannot tell";
 *   - the verdict follows from the comparisons by one aggregation rule: holds
 *     (every comparison holds), does not hold, mixed (where each), cannot
 *     tell, not measured (nothing the rule needs ran: the row says what
 *     would measure it);
 *   - every row states its coverage (workloads, runtimes, workers, parts
 *     used) and what was not measured;
 *   - a configuration with failed rounds is named with them, and the verdict
 *     says that it rests on one;
 *   - reduced-size configurations are never compared with full-size ones.
 */
#include "find.h"

#include "claims/claim.h"

/* The rules, in the order of the table. */
static void (*const rules[RP_NCLAIMS])(cl_ctx *) = {
    claim_c1, claim_c2,  claim_c3,  claim_c4,  claim_c5, claim_c6, claim_c7, claim_c8,
    claim_c9, claim_c10, claim_c11, claim_c12, claim_n1, claim_n2, claim_f1,
};

void find_claims(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++)
		for (int i = 0; i < RP_NCLAIMS; i++) {
			cl_ctx x;
			cl_begin(&x, m, f, h, i);
			rules[i](&x);
		}
}
