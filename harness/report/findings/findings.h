/*
 * findings.h — sentences computed from the measurements: what a reader
 * would otherwise work out from the tables ("a gmp yield costs 9.1 ns, a pthread
 * yield 1.2 µs: 133x, p = 1e-08"), and a small table of the claims usually made
 * about goroutines, channels and threads, each checked against this run.
 *
 * What it promises: every number in a finding comes from runs.csv through the
 * report model (medians, Mann-Whitney p, ratios of medians); a difference
 * between two configurations is only stated as a factor when the U test finds
 * it significant at 0.05, otherwise the sentence says it is not significant
 * (the geometric means over many workloads, speed-up and host against host,
 * are stated as measured, the latter with its count of significant
 * differences); configurations that ran a reduced size are never compared with
 * full-size ones (the finding says they were left out); a claim whose
 * workloads were not run is marked "not measured", not guessed.
 *
 * Files: find_all.c makes them in page order, one file per kind (find_*.c,
 * claims.c) over the helpers they share (find.h). Only the model lies below.
 */
#ifndef COROBENCH_REPORT_FINDINGS_H
#define COROBENCH_REPORT_FINDINGS_H

#include "../model/report_model.h"

#define RP_MAX_FINDINGS 96
#define RP_MAX_CLAIMS   24

/* One generated sentence. */
typedef struct rp_finding {
	char topic[32];  /* "cost", "scaling", "speed-up", "stability", ...  */
	char text[1200]; /* the sentence (UTF-8, not yet HTML-escaped)       */
} rp_finding;

/* One claim and what this run says about it. */
typedef struct rp_claim {
	const char *claim;   /* the claim as usually made                       */
	char host[128];      /* which host's measurements                       */
	char measured[500];  /* the numbers                                     */
	const char *verdict; /* holds / does not hold / not significant / not measured */
} rp_claim;

/* The findings of one report. */
typedef struct rp_findings {
	rp_finding items[RP_MAX_FINDINGS]; /* in page order     */
	int n;                             /* count             */
	rp_claim claims[RP_MAX_CLAIMS];    /* the claims table  */
	int nclaims;                       /* count             */
} rp_findings;

/* Computes every finding and claim of m into f (f is cleared first). */
void rp_findings_make(const report_model *m, rp_findings *f);

#endif
