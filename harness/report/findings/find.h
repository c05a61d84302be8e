/*
 * find.h — what the kinds of finding share (findings.h). Each kind is one file
 * and one function that appends its sentences to rp_findings; findings.c calls
 * them in the order of the page. The helpers below are theirs alone.
 *
 * Shared rules: findings look at the default placement and, per case, at the
 * lowest thread count where at least two configurations ran (the one every
 * runtime can run, rf_base_threads); at most FIND_LIST configurations are named
 * in one sentence; a difference is stated as a factor only when the
 * Mann-Whitney U test gives p < FIND_ALPHA; when several hosts are shown, a
 * sentence about one host opens with its tag (rf_host_tag).
 */
#ifndef COROBENCH_REPORT_FIND_H
#define COROBENCH_REPORT_FIND_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"

#define FIND_LIST  6    /* configurations named in one sentence      */
#define FIND_ALPHA 0.05 /* significance level                        */

/* The kinds, in page order (one file each: find_<kind>.c, claims.c). */
void find_cost(const report_model *m, rp_findings *f);            /* cost per op, per workload */
void find_speedup(const report_model *m, rp_findings *f);         /* over pthreads             */
void find_scaling(const report_model *m, rp_findings *f);         /* with threads              */
void find_latency(const report_model *m, rp_findings *f);         /* closed loop, main run     */
void find_open_loop(const report_model *m, rp_findings *f);       /* pipeline-open/            */
void find_c2c(const report_model *m, rp_findings *f);             /* core-to-core floor        */
void find_placement(const report_model *m, rp_findings *f);       /* placement sweep           */
void find_channels(const report_model *m, rp_findings *f);        /* mpmc-sweep/               */
void find_counters_memory(const report_model *m, rp_findings *f); /* extra columns             */
void find_hosts(const report_model *m, rp_findings *f);           /* hosts against each other  */
void find_quality(const report_model *m, rp_findings *f);         /* stability and sizes       */
void find_claims(const report_model *m, rp_findings *f);          /* the claims table          */

/* Appends a finding (dropped once RP_MAX_FINDINGS are there; text cut to fit). */
void rf_add(rp_findings *f, const char *topic, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "[host] " when several hosts are shown, else "". */
const char *rf_host_tag(const report_model *m, int h, char *buf, size_t len);

/* "p=0.012", or "p=1e-05" below 0.001. */
void rf_fmt_p(char *buf, size_t len, double p);

/* Configurations of host h's main run (part -1) or part, case, threads, default
 * placement; full-size ones into full[] sorted by median, reduced ones into red[]. */
void rf_gather(const report_model *m, int h, int part, const char *wcase, int threads,
               const rm_config **full, int *nf, const rm_config **red, int *nr, int max);

/* The lowest thread count at which the case has at least two configurations
 * (in host h's main run, part -1, or part). */
int rf_base_threads(const report_model *m, int h, int part, const char *wcase);

/* Appends " (a, b ran a reduced size and are left out)" when there are any. */
void rf_reduced_tail(char *buf, size_t len, const rm_config **red, int nr);

#endif
