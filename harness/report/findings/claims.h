/*
 * claims.h — the claims table as data: the claims of docs/CLAIMS.md (C1-C12,
 * the article's claims about coroutines, channels and threads; N1-N2, what
 * issue 18 asks of the network servers; F1, what issue 20 asks of a runtime
 * beside a task that never yields), each held against one host's
 * results by the rule written beside it there. The
 * page (page/html_claims.c) and `corobench claims` (cli/claims_print.c) render
 * the same rows; neither computes anything.
 *
 * A row is one claim on one host: the verdict (exactly one of five), the
 * sentence that says where, the coverage (what was measured, what was not and
 * what would measure it), and the evidence items behind the verdict, each
 * with its numbers, its 95% interval, its Benjamini-Hochberg q and the chart
 * that shows it.
 *
 * What it promises: every verdict follows from the evidence items by the one
 * aggregation rule of docs/CLAIMS.md ("Verdicts"), except where a claim's rule
 * says it cannot be measured from a results directory (C3, C9); every number
 * comes from runs.csv through the report model; strings are not yet escaped
 * (they hold names read from the results: escape them on output).
 */
#ifndef COROBENCH_REPORT_CLAIMS_H
#define COROBENCH_REPORT_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>

#define RP_NCLAIMS  15 /* C1..C12, N1, N2, F1: rows of the table, in its order */
#define RP_CLAIM_RT 4  /* runtimes a row gives a verdict of their own (F1)     */

/* F1's bound on the p99 of how late a sleeper wakes beside tasks that never
 * yield (claims/c_fair.c says why 50 ms); the summary flags a p99 over it. */
#define RP_F1_LATE_NS 50e6
#define RP_EVID_MAX   24 /* evidence items listed per row; the rest are counted  */

/* A claim's verdict on one host. */
typedef enum rp_verdict {
	RP_HOLDS,        /* every comparison the rule makes holds, significantly   */
	RP_DOES_NOT,     /* some do not hold, significantly, and none holds         */
	RP_MIXED,        /* some hold, some do not: the text says where             */
	RP_NOT_MEASURED, /* nothing the rule needs was run: the text says what would */
	RP_CANNOT_TELL,  /* measured, but the repetitions or the test cannot decide */
} rp_verdict;

/* "holds", "does not hold", "mixed", "not measured", "cannot tell". */
const char *rp_verdict_name(rp_verdict v);
/* The inverse, also accepting '-' or '_' for the spaces ("does-not-hold"). */
bool rp_verdict_parse(const char *s, rp_verdict *v);

/* What one evidence item says under the claim's rule. */
typedef enum rp_outcome {
	RP_EV_HOLDS,       /* the comparison supports the claim (q < 0.05)        */
	RP_EV_DOES_NOT,    /* it contradicts the claim (q < 0.05)                 */
	RP_EV_CANNOT_TELL, /* not significant, or the repetitions cannot be       */
	RP_EV_INFO,        /* shown beside the verdict, not part of it            */
} rp_outcome;

/* "holds", "does not hold", "cannot tell", "info". */
const char *rp_outcome_name(rp_outcome o);

/* A claim and its rule, as docs/CLAIMS.md states them. */
typedef struct rp_claim_def {
	const char *id;    /* "C7"                                                 */
	const char *title; /* a few words for a table column ("switch cost")       */
	const char *claim; /* the claim in one line                                */
	const char *rule;  /* the rule in one line (docs/CLAIMS.md has it in full)  */
} rp_claim_def;

/* The definition of claim i (0 .. RP_NCLAIMS-1: C1 .. C12, N1, N2, F1). */
const rp_claim_def *rp_claim_def_at(int i);

/* One measurement that bears on a claim. */
typedef struct rp_evidence {
	rp_outcome outcome; /* what it says under the rule                        */
	char where[80];     /* the comparison in a few words ("pingpong t=1 gmp/go") */
	char text[232];     /* the sentence with its numbers                      */
	char anchor[64];    /* id of the chart or section of report.html, or ""    */
	double value;       /* the ratio the rule reads (NAN: none)                */
	double lo, hi;      /* its 95% bootstrap interval (NAN: none)              */
	double bound;       /* the rule's bound on value (NAN: none)               */
	bool at_least;      /* the rule needs value >= bound (else <= bound)       */
	double q;           /* the U test's Benjamini-Hochberg q (NAN: no test)    */
	bool failed_rounds; /* rests on a configuration with failed rounds        */
} rp_evidence;

/* One runtime's share of a row whose rule gives a verdict per runtime (F1):
 * its items, aggregated by the same rule as the row's (docs/CLAIMS.md). */
typedef struct rp_claim_rt {
	char runtime[24];           /* "pthread", "gmp", "go"                */
	rp_verdict verdict;         /* from its items alone                  */
	int nholds, ndoes, ncannot; /* its items by outcome (info not counted) */
} rp_claim_rt;

/* "pthread holds (3 of 3), gmp does not hold (1 of 3), go not measured": the
 * verdict of each runtime of a row that gives them (F1), into out ("" when
 * the row gives none). defs.c. */
struct rp_claim;
void rp_claim_by_runtime(const struct rp_claim *c, char *out, size_t len);

/* One claim held against one host. */
typedef struct rp_claim {
	int idx;                     /* 0 .. RP_NCLAIMS-1 (rp_claim_def_at)      */
	const rp_claim_def *def;     /* its id, claim and rule                   */
	int host;                    /* index into the model's hosts             */
	char host_label[128];        /* that host's label                        */
	rp_verdict verdict;          /* one of five                              */
	char verdict_text[480];      /* the verdict and where ("mixed: holds on ...") */
	char measured[400];          /* coverage: workloads, runtimes, workers    */
	char not_measured[900];      /* what was not, and what would measure it   */
	int nholds, ndoes, ncannot;  /* items by outcome (all, listed or not)     */
	int ninfo;                   /* information items                         */
	rp_evidence ev[RP_EVID_MAX]; /* the items, in the rule's order           */
	int nev;                     /* listed                                   */
	int nleft;                   /* counted above but not listed (full)       */
	rp_claim_rt rt[RP_CLAIM_RT]; /* a verdict per runtime, when the rule
	                                gives one (F1); else none             */
	int nrt;                     /* count                                 */
} rp_claim;

#endif
