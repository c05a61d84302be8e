/*
 * findings.h — sentences computed from the measurements: what a reader
 * would otherwise work out from the tables ("a gmp yield costs 9.1 ns, a pthread
 * yield 1.2 µs: 133x, p = 1e-08"), and a small table of the claims usually made
 * about goroutines, channels and threads, each checked against this run
 * (claims.h: C1-C12 and the network servers' N1-N2, by the rules of
 * docs/CLAIMS.md).
 *
 * What it promises: every number in a finding comes from runs.csv through the
 * report model (medians, Mann-Whitney p, ratios of medians). Every U test the
 * findings and claims of one page make is one family: its p-values are
 * adjusted with Benjamini and Hochberg's step-up procedure (the q-values; the
 * false discovery rate of the page's "significant" statements is then at most
 * FIND_ALPHA), and a difference is stated as a factor only when q < 0.05;
 * otherwise the sentence says it is not significant, or, when the
 * repetitions are too few for any test to reach p < 0.05 (3+3: the smallest
 * exact p is 0.1), says that instead. A geometric mean over configurations
 * carries a bootstrap 95% interval over those configurations, or is labelled
 * descriptive when they are too few. Configurations that ran a reduced size
 * are never compared with full-size ones; a configuration with failed rounds
 * is named with them wherever it is used; one without a 95% interval (fewer
 * than 6 repetitions) is never called stable; a claim states its coverage
 * (on how many of the run's workloads it holds, and which were not
 * measured); a claim whose workloads were not run is "not measured".
 *
 * The page groups them (rp_section): per workload, one short sentence per
 * comparison people ask for (runtime against runtime at each worker count,
 * each on its like-for-like channel; scaling from the fewest to the most
 * workers), channel variant against variant apart, then the rest.
 *
 * Files: find_all.c makes them in page order, one file per kind (find_*.c)
 * over the helpers they share (find.h); find_summary.c the summary tables
 * (summary.h); then the claims (find_claims.c, one file per group of claims under
 * claims/, their engine claims/claim.h). Only the model lies below.
 *
 * Size: with the claims of RM_MAX_HOSTS hosts and the summary an rp_findings
 * is a few MB: keep it static or on the heap, never on a thread's stack.
 */
#ifndef COROBENCH_REPORT_FINDINGS_H
#define COROBENCH_REPORT_FINDINGS_H

#include "../model/report_model.h"
#include "claims.h"
#include "summary.h"

#define RP_MAX_FINDINGS 256
#define RP_MAX_CLAIMS   (RP_NCLAIMS * RM_MAX_HOSTS) /* every claim on every host */

/* Where a finding goes on the page. */
typedef enum rp_section {
	RP_SEC_OVERALL,  /* over every workload: the geometric means          */
	RP_SEC_WORKLOAD, /* one workload: runtime against runtime, scaling     */
	RP_SEC_VARIANTS, /* one workload: channel variant against variant      */
	RP_SEC_MORE,     /* latency, placement, channel scaling, counters,
	                    memory, the core-to-core floor, hosts             */
	RP_SEC_TRUST,    /* stability, sizes, failed rounds                    */
} rp_section;

/* One generated sentence. */
typedef struct rp_finding {
	char topic[32];      /* "runtimes", "scaling", "variants", "latency", ...  */
	rp_section section;  /* from the topic (find.c)                           */
	char group[RM_NAME]; /* the case a workload finding is about, else ""     */
	char text[1200];     /* the sentence (UTF-8, not yet HTML-escaped)        */
} rp_finding;

#define RP_MAX_TESTS 4096 /* U tests of one page: the family BH adjusts   */

/* One U test of the page's family (find.h, rf_test). */
typedef struct rp_test {
	const void *a, *b; /* the two groups of repetitions compared (unordered
	                      when tag is 0)                                     */
	unsigned tag;      /* 0: ns_per_op as measured; else which column and
	                      which factor a claim's rule compared (rf_test_k)    */
	double p;          /* two-sided Mann-Whitney p                          */
	double q;          /* Benjamini-Hochberg adjusted over the family        */
} rp_test;

/* The findings of one report. */
typedef struct rp_findings {
	rp_finding items[RP_MAX_FINDINGS]; /* in page order                    */
	int n;                             /* count                            */
	rp_claim claims[RP_MAX_CLAIMS];    /* the claims table: C1..N2 for
	                                      host 0, then for host 1, ...      */
	int nclaims;                       /* count                            */
	rp_summary sum;                    /* the summary tables (summary.h)   */
	rp_test tests[RP_MAX_TESTS];       /* the family of U tests            */
	int ntests;                        /* count                            */
	bool adjusted;                     /* q-values computed over the family */
	int added;                         /* tests added during this pass     */
} rp_findings;

/* Computes every finding and claim of m into f (f is cleared first). */
void rp_findings_make(const report_model *m, rp_findings *f);

#endif
