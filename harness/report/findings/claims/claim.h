/*
 * claim.h — the engine under the claims' rules (claims.h, docs/CLAIMS.md):
 * one row per claim and host, filled by the claim's rule through these
 * helpers, so that every rule compares, counts and words the same way.
 *
 * A rule
 *   1. opens its row (cl_begin);
 *   2. finds the configurations it compares (cl_cfg: main run or a part,
 *      default placement, full size only) and says what it lacks (cl_need,
 *      cl_note: each note says what would measure it);
 *   3. adds evidence: cl_compare for "a <= k * b" (a U test of a's repetitions
 *      against k times b's, one of the page's Benjamini-Hochberg family), or
 *      cl_fact for what is not a test (answers checked, a run that completed),
 *      or cl_info for what is shown but does not count;
 *   4. closes it (cl_end), which turns the counts into the verdict by the one
 *      aggregation rule (docs/CLAIMS.md, "Verdicts"):
 *        no item that counts                 -> not measured (the notes say what would)
 *        some hold and some do not           -> mixed (where each)
 *        some do not, none holds             -> does not hold
 *        none does not, some cannot tell     -> cannot tell
 *        every item holds                    -> holds
 *
 * cl_compare's outcome: holds when q < FIND_ALPHA and median(a) < k *
 * median(b); does not hold when q < FIND_ALPHA and median(a) > k * median(b);
 * cannot tell otherwise (not significant, or the repetitions cannot reach
 * significance at all). Two columns that are 0 on both sides say nothing and
 * become information. Configurations with failed rounds are named with them.
 */
#ifndef COROBENCH_REPORT_CLAIM_H
#define COROBENCH_REPORT_CLAIM_H

#include <stdbool.h>
#include <stddef.h>

#include "../find.h"

#define CL_MAX_COLS 8  /* metric columns one row reads (each loaded once)    */
#define CL_MAX_LIST 24 /* workloads, runtimes of one row's coverage         */

/* One metric column loaded for a row: a results directory's samples of it. */
typedef struct cl_col {
	int part;         /* -1: the main run; else the host's part            */
	const char *name; /* the column ("metric:bytes_per_task")             */
	bool ok;          /* the directory has it                             */
	smp_set s;        /* its samples (when ok)                            */
} cl_col;

/* The row being filled, and what its rule has used so far. */
typedef struct cl_ctx {
	const report_model *m;       /* the model                            */
	rp_findings *f;              /* the page's findings (the U test family) */
	int h;                       /* the host                             */
	rp_claim *c;                 /* the row; NULL when the table is full  */
	const char *wl[CL_MAX_LIST]; /* workloads used, first-use order      */
	int nwl;                     /* count                                */
	const char *rt[CL_MAX_LIST]; /* runtimes used                        */
	int nrt;                     /* count                                */
	const char *fl[CL_MAX_LIST]; /* floor rows used (runtime=floor): never
	                                a runtime of the coverage             */
	int nfl;                     /* count                                */
	bool thr[RM_MAX_THREADS];    /* m->threads[i] was used                */
	char parts[160];             /* the parts used ("counters/, mpmc-sweep/") */
	bool failed;                 /* an item rests on failed rounds        */
	cl_col col[CL_MAX_COLS];     /* metric columns loaded                 */
	int ncol;                    /* count                                 */
	int nzero;                   /* comparisons left out: 0 on both sides */
	char zero_cols[120];         /* their columns                         */
	const char *noun;            /* what an item is in the verdict's text
	                                ("comparisons", the default)          */
	int rt_at;                   /* the runtime whose items are being added
	                                (c->rt[rt_at], cl_runtime), or -1     */
	int rt_base[3];              /* the row's holds, does-not, cannot-tell
	                                counts when it opened                 */
} cl_ctx;

/* Opens the row of claim idx (0-based) for host h. */
void cl_begin(cl_ctx *x, const report_model *m, rp_findings *f, int h, int idx);

/* Closes the row: the verdict from the items (above), the coverage text, and
 * the loaded columns freed. */
void cl_end(cl_ctx *x);

/* Closes a row whose claim a results directory cannot decide (C3, C9):
 * verdict v, its text `why`; the items stay as evidence. */
void cl_end_as(cl_ctx *x, rp_verdict v, const char *why);

/* Appends a "not measured" note ("; "-separated): what is missing and what
 * would measure it. */
void cl_note(cl_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether host h's main run has rows of `workload`; when not, a note saying
 * so and what would measure it: "-w <workload>" for a workload of this build,
 * else `why_absent` (a workload that later work adds: "network servers"). */
bool cl_need(cl_ctx *x, const char *workload, const char *why_absent);

/* Host h's configuration of case wcase, runtime rt and channel variant chan
 * (NULL: the reference one: "go", else none ("-"), else the Go peer's own) at
 * `threads` workers, default placement, full size; in the main run (part -1)
 * or a part. NULL when there is none (a note says so when it ran only at a
 * reduced size). */
const rm_config *cl_cfg(cl_ctx *x, int part, const char *wcase, const char *rt, const char *chan,
                        int threads);

/* Records that c was used (the coverage: workload, runtime, workers, part;
 * a floor row (harness/results/floors.h) as one of the floors). */
void cl_used(cl_ctx *x, const rm_config *c);

/* The repetitions of c's column col (NULL: ns_per_op), or NULL when its
 * directory lacks the column or c has no value in it. */
const smp_group *cl_samples(cl_ctx *x, const rm_config *c, const char *col);

/* The rounds in failures.csv of host h's main run (part -1) or part whose key
 * has this workload, runtime and variant (NULL: any) and, when kind is not
 * NULL, this kind ("verify": a wrong answer); their distinct kinds into
 * `kinds` (may be NULL). */
int cl_failures(const cl_ctx *x, int part, const char *workload, const char *rt, const char *chan,
                const char *kind, char *kinds, size_t len);

/* One comparison of a claim's rule: a <= k * b. */
typedef struct cl_cmp {
	const rm_config *a, *b; /* the claim: a's column is at most k times b's      */
	double k;               /* the factor                                       */
	const char *col;        /* NULL: ns_per_op; else a counter or metric column  */
	bool inverse;           /* show b/a, which the rule needs >= 1/k (a gain,
	                           "pthread takes 104x gmp's time"), else a/b <= k   */
	const char *where;      /* the comparison in a few words                    */
	const char *anchor;     /* the chart that shows it, or NULL                 */
	const char *what;       /* what the ratio is ("throughput 1->2 workers")     */
	bool info;              /* shown with its test, not part of the verdict      */
	const char *la, *lb;    /* a's and b's names in the text where both are one
	                           series ("t=2", "P=8"); NULL: runtime/variant      */
} cl_cmp;

/* Tests and adds the comparison; returns its outcome (RP_EV_INFO for an info
 * comparison), or -1 when a side has no value in the column, or RP_EV_INFO
 * without an item when the column is 0 on both sides (that says nothing:
 * cl_end notes how many). */
int cl_compare(cl_ctx *x, const cl_cmp *c);

/* A new item under outcome o (counted there, and in the where-list of the
 * verdict), or NULL when the list is full (counted, not listed); the caller
 * fills its text and numbers. cl_fact, cl_compare and cl_quantile are made of
 * it. */
rp_evidence *cl_item(cl_ctx *x, rp_outcome o, const char *where);

/* The one aggregation rule (above) over counts of items. */
rp_verdict cl_verdict_of(int nholds, int ndoes, int ncannot);

/* --- per_rt.c: a verdict per runtime (F1) --- */

/* The items added from now on, until the next cl_runtime or cl_end, are
 * runtime rt's: its own verdict, by the same aggregation, goes to the row's
 * rt[] (at most RP_CLAIM_RT runtimes; the row's verdict is still over every
 * item). */
void cl_runtime(cl_ctx *x, const char *rt);
/* Closes the runtime opened last (cl_end calls it). */
void cl_runtime_close(cl_ctx *x);

/* --- quantile.c: a quantile of a latency histogram against a bound --- */

/* One test of a configuration's latency histogram (latency/<key>.hgrm, all
 * its repetitions merged): its quantile p at most `bound_ns`, i.e. at most a
 * share 1 - p of its samples above the bound. */
typedef struct cl_quant {
	const rm_config *a; /* the configuration                                */
	double p;           /* the quantile (0.99)                              */
	double bound_ns;    /* the bound on it                                  */
	const char *where;  /* the test in a few words                          */
	const char *anchor; /* the chart that shows it, or NULL                 */
	const char *noun;   /* what a sample is ("wake-ups")                    */
	const char *what;   /* what the quantile is ("lateness")                */
	bool info;          /* shown with its test, not part of the verdict      */
} cl_quant;

/* Counts the samples above the bound (from the histogram's rows: the count
 * at the last row at or below it), tests that count against the share 1 - p
 * (rf_test_share: the exact binomial test, one of the page's family) and adds
 * the item: holds when the share over the bound is significantly below
 * 1 - p, does not hold when significantly above, cannot tell otherwise
 * (value: the share over the bound, ci95 its Wilson interval, bound 1 - p).
 * Too few samples to show p at all: the next quantile they can show (p95,
 * p90), said in the item. Returns its outcome, or -1 when the configuration
 * has no histogram. */
int cl_quantile(cl_ctx *x, const cl_quant *q);

/* Adds an item that is not a test (outcome given). */
void cl_fact(cl_ctx *x, rp_outcome o, const char *where, const char *anchor, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Adds an information item (shown, not part of the verdict). */
void cl_info(cl_ctx *x, const char *where, const char *anchor, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* --- sets.c: the sets of comparisons several rules make --- */

/* Each coroutine runtime (gmp, go) against pthread on case w of the main run
 * (part -1) or a part, at every worker count, in column col (NULL: ns/op):
 * coroutine <= k * pthread, shown as pthread over coroutine. yield's time and
 * switches count only where its yields switched (cl_yield_switched). Returns
 * how many comparisons had the column. */
int cl_vs_threads(cl_ctx *x, int part, const char *w, const char *col, double k);

/* Workload w on runtime rt (its reference variant), the fewest workers n it
 * ran against the most N: ns/op at N <= k * ns/op at n, k = n / (eff N), or
 * k = 1 when eff is 0 (any gain); shown as the throughput gain. Nothing when
 * it ran at one worker count. */
void cl_gain(cl_ctx *x, const char *w, const char *rt, double eff);

/* The reference channel (chan=go) against the mutex-protected queue
 * (chan=mutex) on workload w, gmp and pthread, every worker count:
 * channel <= k * mutex queue; as information only when info. */
void cl_vs_mutex(cl_ctx *x, const char *w, double k, bool info);

/* A chart's id on report.html from a name, with rp_stem's rule (charts/plot.h:
 * [A-Za-z0-9._-] kept, every other byte '_'). */
void cl_anchor(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The highest and lowest thread counts host h ran (0 when none). */
int cl_threads_max(const cl_ctx *x);
int cl_threads_min(const cl_ctx *x);

/* The rules, one function per claim (claims/c_*.c), in the order of the table. */
void claim_c1(cl_ctx *x);  /* c_cores.c:    concurrency uses the cores      */
void claim_c2(cl_ctx *x);  /* c_memory.c:   memory used more efficiently    */
void claim_c3(cl_ctx *x);  /* c_correct.c:  correct programs easier         */
void claim_c4(cl_ctx *x);  /* c_cores.c:    scales with hardware and load   */
void claim_c5(cl_ctx *x);  /* c_sched.c:    scheduling simple and automatic */
void claim_c6(cl_ctx *x);  /* c_memory.c:   a goroutine costs little        */
void claim_c7(cl_ctx *x);  /* c_switch.c:   a switch is cheap               */
void claim_c8(cl_ctx *x);  /* c_chan.c:     data moved without shared vars  */
void claim_c9(cl_ctx *x);  /* c_correct.c:  a FIFO that blocks              */
void claim_c10(cl_ctx *x); /* c_chan.c:     asynchronous is efficient       */
void claim_c11(cl_ctx *x); /* c_chan.c:     one sender or receiver at once  */
void claim_c12(cl_ctx *x); /* c_correct.c:  channels isolate data           */
void claim_n1(cl_ctx *x);  /* c_net.c:      10,000 connections, less memory */
void claim_n2(cl_ctx *x);  /* c_net.c:      gmp's requests/s at least Go's  */
void claim_f1(cl_ctx *x);  /* c_fair.c:     a CPU-bound task stops no other */

/* Share of a yield configuration's yields that must have resumed another
 * task for it to measure a switch (metric:switched_yields). */
#define CL_SWITCHED 0.99

/* Whether c's yields switched (CL_SWITCHED of them); a note says why not
 * (column absent, or too few switched). c_switch.c. */
bool cl_yield_switched(cl_ctx *x, const rm_config *c);

/* The coroutine runtimes a rule holds against pthread. */
extern const char *const cl_coroutines[2]; /* "gmp", "go" */

#endif
