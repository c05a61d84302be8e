/*
 * summary.h — the tables that open the page (issue 16), computed with the
 * findings because their ratios are U tests of the page's family
 * (findings.h: Benjamini-Hochberg).
 *
 * The ns/op table: a row per host and case (the workload and its non-default
 * parameters), named on the page by its op ("one round trip"); a column per
 * runtime and worker count, each runtime on its like-for-like channel (the
 * C runtimes' `go` variant, Go's own channels: ../pairing.h, rm_like); a
 * cell: the configuration (its median and interval, its flags), and its time
 * as a ratio to pthread's and to Go's at the same worker count, a factor only
 * where the test supports it (rp_ratio); beside the row the fastest channel
 * variant at the case's base worker count, against the next variant of the
 * same runtime. A last row per column: the geometric mean of its ratios over
 * the workloads, with a bootstrap interval (find.h, rf_geomean).
 *
 * The table of other figures: a row per host, metric (rm_metric: memory per
 * task, CPU time per op, ...) and case that has it, the same columns, a cell
 * the median of that column for the like-for-like configuration (counters
 * from the counters pass when the main run has none).
 *
 * The network servers' table (rp_net_sum): make bench's network passes (or
 * the run's own echo, http and c10k) by what a server is asked: requests per
 * second against connections, p99 against offered load, memory per
 * connection; a column per runtime, Go's net/http apart.
 *
 * The rows of the fairness workloads (issue 20) carry their figure in each
 * cell beside ns/op (rp_fair_cell): fairshare's Jain index, the p99 lateness
 * of wakeup's sleeper and of syscall's blocked calls.
 *
 * What it promises: a cell without a configuration is "not measured", with
 * the reason skipped.csv gives for it when there is one; a reduced-size cell
 * is never held against a full-size one; columns in the order pthread, gmp,
 * go, then other runtimes, each at every worker count that has a cell.
 */
#ifndef COROBENCH_REPORT_SUMMARY_H
#define COROBENCH_REPORT_SUMMARY_H

#include "../model/report_model.h"

#define RP_SUM_COLS  24 /* runtimes x worker counts                     */
#define RP_SUM_ROWS  96 /* hosts x cases                                */
#define RP_SUM_EXTRA 64 /* hosts x metrics x cases                      */

/* What a ratio may say. */
typedef enum rp_ratio_state {
	RP_RATIO_NONE,    /* no partner (or the partner is this cell)      */
	RP_RATIO_FACTOR,  /* significant: the factor is stated             */
	RP_RATIO_SAME,    /* not significantly different                   */
	RP_RATIO_BLIND,   /* too few repetitions for any test to say       */
	RP_RATIO_REDUCED, /* a side ran a reduced size: not comparable     */
} rp_ratio_state;

/* This median over another's, and what the U test lets the page say. */
typedef struct rp_ratio {
	rp_ratio_state state; /* see above                                */
	double x;             /* this median / the other's                */
	double q;             /* Benjamini-Hochberg adjusted p            */
} rp_ratio;

/* One cell of the ns/op table. */
typedef struct rp_cell {
	const rm_config *cfg; /* NULL: not measured                       */
	rp_ratio vs_pt;       /* against pthread, same worker count       */
	rp_ratio vs_go;       /* against Go, same worker count            */
} rp_cell;

/* A column: a runtime at a worker count. */
typedef struct rp_sum_col {
	const char *runtime; /* points into the model                   */
	int threads;         /* -t                                       */
} rp_sum_col;

/* One row of the ns/op table. */
typedef struct rp_sum_row {
	int host;                  /* index into the model's hosts                */
	const char *wcase;         /* the case (points into the model)           */
	const char *chan;          /* the C runtimes' channel in this row        */
	rp_cell cell[RP_SUM_COLS]; /* one per column                              */
	const rm_config *best;     /* fastest channel variant at the base workers,
	                              NULL when the case has one variant or none */
	const rm_config *next;     /* the next variant on the same runtime        */
	rp_ratio best_vs_next;     /* best's time over next's                     */
	bool geo_out;              /* left out of the geometric means over the
	                              workloads (rp_geo_out)                      */
} rp_sum_row;

/* The geometric mean of a column's ratios over the rows. */
typedef struct rp_sum_geo {
	int n;         /* rows it is over (0: none)                        */
	double x;      /* the geometric mean                               */
	double lo, hi; /* its 95% bootstrap interval, NaN: too few rows    */
} rp_sum_geo;

/* One row of the table of other figures. */
typedef struct rp_extra_row {
	int host;                        /* index into the hosts         */
	const char *wcase;               /* the case                     */
	const rm_metric *metric;         /* the figure                   */
	bool from_counters;              /* read from the counters pass  */
	stats_summary cell[RP_SUM_COLS]; /* its statistics per column    */
	bool have[RP_SUM_COLS];          /* a value exists               */
} rp_extra_row;

/* What a row of the fairness figures holds (fair/fair_sum.c). */
typedef enum rp_fair_kind {
	RP_FAIR_JAIN, /* fairshare: Jain's index of the work the tasks got      */
	RP_FAIR_LATE, /* wakeup: how late a sleeper beside busy tasks ran again */
} rp_fair_kind;

/* One cell of the fairness figures: a configuration's figure, or why none. */
typedef struct rp_fair_cell {
	const rm_config *cfg;     /* NULL: none (then failed or skip say why)       */
	stats_summary s;          /* JAIN: metric:fairness_jain per repetition;
	                             LATE: metric:wakeup_late_ns (each repetition's
	                             median lateness); n = 0 where the rows lack it */
	double p99, p50;          /* LATE: from latency/<key>.hgrm (every repetition
	                             merged: no interval), ns; NaN without one      */
	unsigned long long count; /* LATE: the samples in the histogram            */
	int failed;               /* no cfg: rounds in failures.csv                 */
	char why[200];            /* their first kind and reason                    */
	const char *skip;         /* no cfg: skipped.csv's reason, or NULL          */
} rp_fair_cell;

#define RP_FAIR_ROWS 16 /* hosts x cases of fairshare and wakeup */

/* One row of the fairness figures, in the ns/op table's columns. */
typedef struct rp_fair_row {
	int host;                       /* index into the hosts              */
	rp_fair_kind kind;              /* what its cells hold               */
	const char *wcase;              /* "wakeup", "wakeup/preempt=off"    */
	int part;                       /* -1: the main run; else fairness/  */
	rp_fair_cell cell[RP_SUM_COLS]; /* one per column of the table       */
} rp_fair_row;

#define RP_NET_COLS 6  /* pthread, gmp, go, go/net/http, others          */
#define RP_NET_ROWS 32 /* hosts x (workloads x connections, rates, c10k) */

/* What a row of the network table holds. */
typedef enum rp_net_kind {
	RP_NET_RPS, /* requests per second, closed loop (net-conns/)          */
	RP_NET_P99, /* p99 latency at an offered rate, open loop (net-open/)  */
	RP_NET_MEM, /* memory per connection (c10k, net-c10k/)                */
} rp_net_kind;

/* One cell of the network table: a configuration's figures. */
typedef struct rp_net_cell {
	bool have;        /* measured (else skip names skipped.csv's reason)     */
	const char *skip; /* why not, from skipped.csv, or NULL                */
	rm_net x;         /* its figures (model_net.c)                            */
	double p99;       /* RP_NET_P99: its p99 in µs (NaN: no latency file)     */
	rp_ratio vs;      /* RP_NET_RPS: its time per request against Go's (own
	                     parser); RP_NET_MEM: its bytes per connection against
	                     pthread's; a factor only where the test supports it  */
} rp_net_cell;

/* One row of the network table. */
typedef struct rp_net_row {
	int host;                      /* index into the hosts              */
	rp_net_kind kind;              /* what its cells hold               */
	const char *workload;          /* echo, http, c10k                  */
	long long conns;               /* connections (RPS, MEM)            */
	long long rate;                /* offered requests/s (P99)          */
	int threads;                   /* workers                           */
	const char *placement;         /* placement                         */
	const char *source;            /* "net-conns/", ... or "main run"   */
	rp_net_cell cell[RP_NET_COLS]; /* one per column                    */
} rp_net_row;

/* The network servers' table (findings/net/net_sum.c): per host, requests per
 * second by workload and connections, p99 by offered rate, memory per
 * connection; a column per runtime, Go's net/http server apart. */
typedef struct rp_net_sum {
	char col[RP_NET_COLS][64];   /* "pthread", "gmp", "go", "go/net/http"   */
	int ncols;                   /* count                                    */
	rp_net_row row[RP_NET_ROWS]; /* rows, host by host                     */
	int nrows;                   /* count                                    */
} rp_net_sum;

/* The tables. */
typedef struct rp_summary {
	rp_sum_col col[RP_SUM_COLS];      /* the columns                           */
	int ncols;                        /* count                                 */
	rp_sum_row row[RP_SUM_ROWS];      /* ns/op rows, host by host, in runs.csv
	                                     order of their cases                  */
	int nrows;                        /* count                                 */
	rp_sum_geo geo_pt[RP_SUM_COLS];   /* per column: over pthread              */
	rp_sum_geo geo_go[RP_SUM_COLS];   /* per column: over Go                   */
	rp_extra_row extra[RP_SUM_EXTRA]; /* rows of the other figures             */
	int nextra;                       /* count                                 */
	int dropped_cols;                 /* columns beyond RP_SUM_COLS left out   */
	rp_net_sum net;                   /* the network servers' table            */
	rp_fair_row fair[RP_FAIR_ROWS];   /* the fairness figures, host by host    */
	int nfair;                        /* count                                 */
} rp_summary;

/* Whether a case stays out of the geometric means over workloads (the
 * summary's last row, the speed-up findings): wakeup, whose op is a sleep of
 * a fixed period (its time is the period plus how late the sleeper woke,
 * which the row's own figure shows), and a case run with preemption
 * deliberately off (--param preempt=off: claim F1's counter-case, not a
 * cost). find_summary.c. */
bool rp_geo_out(const char *wcase);

/* The rounds failures.csv of host h's main run (part -1) or part holds for a
 * case on `runtime` at `threads` (any variant: a configuration whose every
 * round failed has no row to name its variant), and the first one's kind and
 * reason into why ("timeout: ..."); 0 when none. find_summary.c. */
int rp_fail_rounds(const report_model *m, int host, int part, const char *wcase,
                   const char *runtime, int threads, char *why, size_t len);

/* The reason skipped.csv of host h gives for the like-for-like configuration
 * of `runtime` in a case at `threads` (else for another variant of it that
 * was skipped), or NULL. */
const char *rp_skip_reason(const report_model *m, int host, const char *wcase, const char *runtime,
                           int threads);

#endif
