/*
 * find.h — what the kinds of finding share (findings.h). Each kind is one file
 * and one function that appends its sentences to rp_findings; find_all.c calls
 * them in the order of the page. The helpers below are theirs alone.
 *
 * Shared rules: findings look at the default placement and, per case, at the
 * lowest thread count where at least two configurations ran (the one every
 * runtime can run, rf_base_threads); at most FIND_LIST configurations are named
 * in one sentence; a difference is stated as a factor only when rf_test's
 * Benjamini-Hochberg q is below FIND_ALPHA; a configuration is named with its
 * failed rounds (rf_name); when several hosts are shown, a sentence about one
 * host opens with its tag (rf_add_host).
 */
#ifndef COROBENCH_REPORT_FIND_H
#define COROBENCH_REPORT_FIND_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"

#define FIND_LIST  6    /* configurations named in one sentence      */
#define FIND_ALPHA 0.05 /* significance level                        */

/* The kinds, in page order (one file each: find_<kind>.c; the claims:
 * find_claims.c and claims/; fairness: fair/). */
void find_summary(const report_model *m, rp_findings *f);      /* the summary tables        */
void find_speedup(const report_model *m, rp_findings *f);      /* over all workloads        */
void find_runtimes(const report_model *m, rp_findings *f);     /* runtime against runtime   */
void find_floors(const report_model *m, rp_findings *f);       /* distance from the floor   */
void find_scaling(const report_model *m, rp_findings *f);      /* with workers              */
void find_variants(const report_model *m, rp_findings *f);     /* variant against variant   */
void find_latency(const report_model *m, rp_findings *f);      /* closed loop, main run     */
void find_open_loop(const report_model *m, rp_findings *f);    /* pipeline-open/            */
void find_net(const report_model *m, rp_findings *f);          /* net-*: network servers    */
void find_net_summary(const report_model *m, rp_findings *f);  /* their summary table       */
void find_fair_summary(const report_model *m, rp_findings *f); /* fairness in the ns/op table */
void find_fair(const report_model *m, rp_findings *f);         /* hog, wakeup, fairshare, syscall */
void find_preempt_cost(const report_model *m, rp_findings *f); /* preempt/: what preemption costs */
void find_c2c(const report_model *m, rp_findings *f);          /* core-to-core floor        */
void find_placement(const report_model *m, rp_findings *f);    /* placement sweep           */
void find_channels(const report_model *m, rp_findings *f);     /* mpmc-sweep/               */
void find_counters_memory(const report_model *m, rp_findings *f); /* extra columns             */
void find_hosts(const report_model *m, rp_findings *f);           /* hosts against each other  */
void find_quality(const report_model *m, rp_findings *f);         /* stability and sizes       */
void find_gmp_go(const report_model *m, rp_findings *f);          /* gmp within 2x of Go       */
void find_claims(const report_model *m, rp_findings *f);          /* the claims table          */

/* Appends a finding (dropped once RP_MAX_FINDINGS are there; text cut to fit). */
void rf_add(rp_findings *f, const char *topic, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* rf_add for a finding about host h: when several hosts are shown, the text
 * opens with its tag, "[host] ". */
void rf_add_host(rp_findings *f, const report_model *m, int h, const char *topic, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

/* rf_add_host for a finding about one case (the page groups them by it). */
void rf_add_case(rp_findings *f, const report_model *m, int h, const char *topic, const char *wcase,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* A configuration's runtime in a sentence, with its failed rounds
 * ("gmp [1 failed round: timeout]"). */
const char *rf_rt_name(const rm_config *c, char *buf, size_t len);

/* "p=0.012", or "p=1e-05" below 0.001. */
void rf_fmt_p(char *buf, size_t len, double p);

/* A two-sided U test of a's repetitions against b's, one of the page's
 * family (findings.h): p, its Benjamini-Hochberg q (find_all.c runs the
 * findings until the family is known), whether q < FIND_ALPHA, and whether
 * the repetitions could reach p < FIND_ALPHA at all. */
typedef struct rf_test_res {
	double p, q;      /* raw and adjusted                                  */
	bool significant; /* q < FIND_ALPHA                                    */
	bool can_detect;  /* mw_min_p(na, nb) < FIND_ALPHA                     */
	int na, nb;       /* repetitions                                       */
	double min_p;     /* the smallest p these repetitions could give       */
} rf_test_res;
rf_test_res rf_test(rp_findings *f, const rm_config *a, const rm_config *b);

/* The test a claim's rule makes (claims/claim.h): xa (na repetitions of
 * configuration a's column col; NULL: ns_per_op) against k times xb (b's), two
 * sided. One of the family, keyed by a, b, col and k; with col NULL and k == 1
 * it is rf_test's test of a against b, so the same comparison made by a
 * finding and a claim counts once. */
rf_test_res rf_test_k(rp_findings *f, const rm_config *a, const rm_config *b, const char *col,
                      double k, const double *xa, int na, const double *xb, int nb);

/* A quantile against a bound (claims/quantile.c): `over` of the n samples of
 * configuration a lie above `bound`, tested against the share p0 (a p99 at
 * most the bound: p0 = 0.01) by the exact two-sided binomial test
 * (measure/binom.h), one of the family, keyed by a, `what` and the bound.
 * can_detect: whether n samples could show a share significantly below p0
 * at all (min_p: the p of none over); na: n. */
rf_test_res rf_test_share(rp_findings *f, const rm_config *a, const char *what, double bound,
                          long long over, long long n, double p0);

/* a's median ns/op over b's, and what rf_test lets the page say of it (a
 * factor, not significantly different, too few repetitions, a reduced size);
 * RP_RATIO_NONE when a side is missing or a == b. find_summary.c. */
rp_ratio rf_ratio(rp_findings *f, const rm_config *a, const rm_config *b);

/* "q=0.012" for a test; for one that could not reach significance "3+3
 * repetitions cannot reach significance (smallest possible p = 0.1)". */
void rf_fmt_q(char *buf, size_t len, const rf_test_res *r);

/* Adjusts the family's p-values (Benjamini-Hochberg step-up). */
void rf_adjust(rp_findings *f);

/* A configuration's name in a sentence: its series and, when it had failed
 * rounds, the note ("gmp/go [1 failed round: timeout]"). */
const char *rf_name(const rm_config *c, char *buf, size_t len);

/* The geometric mean of x[0..n) (> 0), formatted by fmt into val, and into
 * qual its 95% percentile-bootstrap interval over the n values (resampled
 * with replacement, fixed seed): "95% bootstrap CI over the 6 workloads: 3.0x
 * to 43x"; with fewer than FIND_GEO_MIN values "descriptive: 3 workloads are
 * too few for an interval". */
#define FIND_GEO_MIN 5
void rf_geomean(const double *x, int n, const char *what, void (*fmt)(char *, size_t, double),
                char *val, size_t vlen, char *qual, size_t qlen);
/* The same as numbers: *g the geometric mean, [*lo, *hi] its interval (NaN,
 * and false, with fewer than FIND_GEO_MIN values). */
bool rf_geomean_ci(const double *x, int n, double *g, double *lo, double *hi);

/* c's distance from its floors (model_floors.c), the headline first: "10x
 * two register switches (2 x floor-switch, 3.46 ns: the least disturbed
 * repetition), ..."; a floor row's value is given the first time `said` (rows
 * named so far, "|"-separated) lacks it. False when c has no bound with a
 * floor row here (nothing is written). find_floors.c. */
bool rf_floor_distance(const report_model *m, const rm_config *c, char *said, size_t slen,
                       char *out, size_t len);

/* The same in brief, the headline only: "9.4x 2 x floor-switch"; returns the
 * floor row it is against, or NULL (nothing written). */
const rm_config *rf_floor_brief(const report_model *m, const rm_config *c, char *out, size_t len);

#define FIND_MAX_CASE 64 /* configurations of one case at one thread count */

/* The configurations of one case that a sentence compares (rf_at_base). */
typedef struct rf_case {
	int threads;                             /* the case's base thread count          */
	const rm_config *full[FIND_MAX_CASE];    /* full-size ones, lowest median first   */
	int nfull;                               /* count                                 */
	const rm_config *reduced[FIND_MAX_CASE]; /* reduced-size ones, in runs.csv order */
	int nreduced;                            /* count                                 */
} rf_case;

/* The configurations of case wcase in host h's main run (part -1) or part, at
 * the default placement and the case's base thread count: the lowest at which
 * it has at least two configurations, else the lowest of the run. */
void rf_at_base(const report_model *m, int h, int part, const char *wcase, rf_case *c);

#endif
