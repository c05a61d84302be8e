/*
 * report_model.h — what `corobench report` knows about one or more results
 * directories, computed once and shared by the charts, the tables and the
 * findings: per host and configuration, the repetitions and their statistics.
 *
 * Vocabulary (also the charts' and the HTML's):
 *   - host: one results directory, labelled by the host that produced it
 *     (env.json), made unique ("box", "box#2") when two runs share a host;
 *   - case: the workload plus any non-default parameters of the key
 *     ("mpmc/producers=8"): what a bar group or an x position stands for;
 *   - series: the runtime and channel variant ("gmp/go", "pthread/mutex"; just
 *     the runtime when the workload uses no channel or is the Go peer's native
 *     one), prefixed "host: " when several hosts are shown;
 *   - default placement: the placement with the most configurations (most runs
 *     use the default, `none`); the charts other than the placement sweep use it,
 *     so a bar is never an average over placements;
 *   - parts: the subdirectories `make bench` fills next to the main run, each a
 *     results directory of its own (rm_source): placement/ (pingpong and mpmc
 *     under every placement), mpmc-sweep/PxP/ (mpmc with P producers and P
 *     consumers), pipeline-open/ (pipeline on a schedule: open-loop latency),
 *     counters/ (the counters pass), capacity/ (spsc and pipeline at several
 *     channel capacities: the claims' C10, docs/CLAIMS.md), and the network
 *     passes net-conns/ (echo and http against connections), net-open/ (their
 *     latency against offered load) and net-c10k/ (c10k at 10,000), and the
 *     fairness passes fairness/ (hog, wakeup, fairshare, syscall) and
 *     preempt/ (other workloads with preemption on and off). Their
 *     configurations (xcfg) feed only the charts, findings and claims made for
 *     them, so they never double the main run's
 *     bars. A part that cannot be read is kept with its error, which the charts
 *     that needed it give as their reason; it never costs the report.
 * What it promises: configurations in runs.csv order, host by host; statistics
 * computed from the repetitions (stats.h), never copied from summary.csv, so the
 * charts, tables and findings agree with `corobench compare` on the same data.
 *
 * Files: model_load.c builds the model (rm_load, rm_free); model_query.c answers
 * the questions asked of it (rm_find ... rm_like); model_names.c reads and
 * labels a runs.csv row (rm_param, the placement, loop and op labels);
 * model_metrics.c lists the figures other than ns/op the summary shows;
 * model_floors.c holds a configuration against the floors that bound it;
 * model_net.c reads the network workloads' rows (rm_net: connections, rate,
 * requests/s, whether the client set the pace, CPU and memory per request).
 * The model includes nothing else of the report: everything above reads it.
 */
#ifndef COROBENCH_REPORT_MODEL_H
#define COROBENCH_REPORT_MODEL_H

#include <stdbool.h>

#include "../../measure/stats.h"
#include "../../measure/warmup.h"
#include "../../results/floors.h"
#include "../../results/read/results_read.h"
#include "../../results/read/samples.h"

#define RM_MAX_HOSTS   16  /* side by side; more would not fit a chart legend anyway */
#define RM_MAX_THREADS 32  /* distinct -t values */
#define RM_NAME        160 /* case and series labels */

/* Which pass of `make bench` a configuration comes from (scripts/bench.sh). */
typedef enum rm_source {
	RM_MAIN,       /* DIR itself: the suite                                   */
	RM_PLACEMENT,  /* DIR/placement: the placement sweep                      */
	RM_MPMC_SWEEP, /* DIR/mpmc-sweep/PxP: P producers and P consumers         */
	RM_OPEN_LOOP,  /* DIR/pipeline-open: pipeline with --param rate=R         */
	RM_COUNTERS,   /* DIR/counters: --counters, apart from the timed suite     */
	RM_CAPACITY,   /* DIR/capacity: spsc, pipeline at --param cap=0,1,1024     */
	RM_NET_CONNS,  /* DIR/net-conns: echo, http at several connection counts  */
	RM_NET_OPEN,   /* DIR/net-open: http (echo) open loop at several rates     */
	RM_NET_C10K,   /* DIR/net-c10k: c10k at 10,000 connections                 */
	RM_FAIRNESS,   /* DIR/fairness: hog, wakeup, fairshare, syscall (issue 20)  */
	RM_PREEMPT,    /* DIR/preempt: hand-offs, switches, spawns on gmp and Go
	                  with --param preempt=on,off: what preemption costs    */
} rm_source;

#define RM_MAX_PARTS 16 /* make bench makes 12 (4 mpmc points); room for a longer sweep */

/* One subdirectory of a host: a results directory of its own. */
typedef struct rm_part {
	char name[64];        /* below the host's directory: "mpmc-sweep/2x2"      */
	rm_source src;        /* which pass wrote it                               */
	bool ok;              /* loaded; else err says why it is left out          */
	char err[RR_ERR_LEN]; /* why it could not be read                          */
	rr_dir dir;           /* the loaded directory (when ok)                    */
	smp_set ns;           /* its ns_per_op repetitions (when ok)               */
} rm_part;

/* One results directory. */
typedef struct rm_host {
	rr_dir dir;                  /* the loaded directory                    */
	char label[128];             /* host name, unique among the hosts shown */
	smp_set ns;                  /* ns_per_op repetitions by configuration  */
	rm_part parts[RM_MAX_PARTS]; /* its subdirectories, as found             */
	int nparts;                  /* count                                    */
} rm_host;

/* One configuration of one host. */
typedef struct rm_config {
	int host;              /* index into report_model.hosts             */
	int part;              /* -1: the host's main run; else its parts[] */
	rm_source src;         /* RM_MAIN, or the part's pass               */
	const smp_group *g;    /* its ns_per_op repetitions                  */
	const rr_run *row;     /* its first runs.csv row                     */
	char wcase[RM_NAME];   /* workload + non-default parameters          */
	char series[RM_NAME];  /* runtime[/chan], "host: " prefixed if needed */
	char rt_chan[RM_NAME]; /* runtime[/chan] without the host            */
	stats_summary s;       /* ns_per_op statistics                       */
	warmup_check warm;     /* were early repetitions slower              */
	bool reduced;          /* size_reduced: not comparable to full size  */
	long long mpmc_p;      /* P when producers = consumers = P, else 0   */
	int failed_rounds;     /* rounds in failures.csv for its key: its
	                          repetitions are those the other rounds left */
	char failed_kinds[64]; /* their kinds ("timeout", "crash, verify")    */
} rm_config;

/* Everything the report draws from. */
typedef struct report_model {
	rm_host *hosts;              /* nhosts loaded directories              */
	int nhosts;                  /* count                                  */
	rm_config *cfg;              /* every configuration of every host      */
	int ncfg;                    /* count                                  */
	rm_config *xcfg;             /* every part's configurations, in order */
	int nxcfg;                   /* count                                 */
	rm_config *floor;            /* the floor rows (runtime=floor) of every
	                                host and part, in order: never in cfg or
	                                xcfg, so never compared as a runtime;
	                                read through model_floors.c           */
	int nfloor;                  /* count                                 */
	char placement[64];          /* the default placement                  */
	int threads[RM_MAX_THREADS]; /* distinct thread counts, ascending      */
	int nthreads;                /* count                                  */
} report_model;

/* --- model_load.c --- */

/* Loads every directory (errors name the directory and file: exit 2). */
bool rm_load(report_model *m, char *const *dirs, int ndirs, char *err, size_t errlen);
void rm_free(report_model *m);

/* The case of a configuration key: its workload and the components that are
 * not configuration fields ("select/cases=0" of
 * "select/runtime=gmp/chan=go/threads=1/placement=none/cases=0"). */
void rm_case_of_key(const char *key, char *out, size_t len);

/* --- model_query.c --- */

/* The configuration of host h matching the given fields (series compared by
 * rt_chan), or NULL. */
const rm_config *rm_find(const report_model *m, int host, const char *wcase, const char *rt_chan,
                         int threads, const char *placement);

/* The index of name in list[0..*n) (compared by content), appending it when it
 * is not there yet; -1 when it is not there and the list already holds max.
 * Every "distinct values, in first-appearance order" list of the report is built
 * with it; name must outlive the list. */
int rm_find_or_add(const char **list, int *n, int max, const char *name);

/* Distinct values, in first-appearance order, of the configurations accepted by
 * `keep` (NULL: all): cases or series. Returns the count; names point into m. */
int rm_cases(const report_model *m, bool (*keep)(const rm_config *, const void *), const void *arg,
             const char **out, int max);
int rm_series(const report_model *m, bool (*keep)(const rm_config *, const void *), const void *arg,
              const char **out, int max);

/* The results directory of host h's main run (part -1) or of one of its parts. */
const rr_dir *rm_dir(const report_model *m, int host, int part);

/* The first loaded part of host h from pass src, or -1. */
int rm_part_of(const report_model *m, int host, rm_source src);

/* Where host h's `workload` is read from for pass src: the pass's part when
 * it is loaded and has the workload, else the main run (-1). make bench runs
 * the fairness workloads in fairness/; a plain run has them in the main run. */
int rm_workload_part(const report_model *m, int host, rm_source src, const char *workload);

/* A part of host h from pass src that could not be read (its err says why),
 * or NULL. */
const rm_part *rm_part_unreadable(const report_model *m, int host, rm_source src);

/* The configuration of host h's main run (part -1) or part whose latency file
 * is latency/<stem>.hgrm (the key with '/' as '_', harness/measure/latency.h),
 * or NULL. */
const rm_config *rm_config_of_stem(const report_model *m, int host, int part, const char *stem);

/* The floor row (report_model.floor) of host h's main run (part -1) or part
 * whose latency file is latency/<stem>.hgrm, or NULL. */
const rm_config *rm_floor_of_stem(const report_model *m, int host, int part, const char *stem);

/* The configuration of host h's main run (part -1) or part with this key, or NULL. */
const rm_config *rm_config_of_key(const report_model *m, int host, int part, const char *key);

/* The configurations a pass's chart and findings draw from: for each host that
 * has a loaded part of pass src, that part's configurations; for the others,
 * their main run's (of `workload` only, when not NULL), so a plain
 * `corobench run` with -p ... or --param producers=... still gets the chart.
 * Returns them in a new array (the caller frees it), their count in *n; NULL
 * when out of memory. */
const rm_config **rm_source_configs(const report_model *m, rm_source src, const char *workload,
                                    int *n);

/* The latency file (latency/<stem>.hgrm) of a configuration, or NULL. */
const hgrm_file *rm_hgrm_of(const report_model *m, const rm_config *cfg);

/* The main run's closed-loop (rate=0) configuration of the same host,
 * workload, runtime/variant, threads and placement as an open-loop one, or NULL. */
const rm_config *rm_closed_loop_twin(const report_model *m, const rm_config *open);

/* Whether an extra column is a counter (`<event>/op`, not `metric:<name>`). */
bool rm_is_counter(const char *col);

/* Where host h's counters are: its main run (*part = -1) when runs.csv has a
 * counter column, else its counters pass (DIR/counters) when that has one.
 * False when neither has. */
bool rm_counter_source(const report_model *m, int host, int *part);

/* The pthread configuration cfg is held against for a speed-up: same host,
 * case, threads and placement, paired like for like (../pairing.h): the same
 * channel variant; for the Go peer's own channels pthread with the `go`
 * variant (or without a channel), with *subst set. NULL when there is none. */
const rm_config *rm_pthread_partner(const report_model *m, const rm_config *cfg, bool *subst);

/* The channel a case is compared on across runtimes in host h's main run
 * (the summary table, the findings): the `go` variant when some C runtime ran
 * it (Go's own channels pair with it), "-" when the case uses no channel, else
 * the first variant a C runtime ran. Points into the model. */
const char *rm_case_chan(const report_model *m, int host, const char *wcase);

/* The like-for-like configuration of `runtime` for a case in host h's main
 * run at `threads`, default placement: on rm_case_chan's channel; for Go on
 * its own channels, only when that channel is `go` or none. NULL: not run. */
const rm_config *rm_like(const report_model *m, int host, const char *wcase, const char *runtime,
                         int threads);

/* " [1 failed round: timeout]" when cfg had failed rounds, else "": what a
 * sentence or a table cell appends to a configuration it names. */
void rm_failed_note(const rm_config *cfg, char *out, size_t len);

/* --- model_metrics.c --- */

/* How a figure other than ns/op is printed. */
typedef enum rm_unit {
	RM_UNIT_NS,    /* a time: "1.2 µs"                    */
	RM_UNIT_BYTES, /* a size: "2.0 KiB"                   */
	RM_UNIT_COUNT, /* a count per op: "0.5", "1.2k"       */
	RM_UNIT_RATIO, /* a dimensionless figure: "0.987"     */
} rm_unit;

/* A figure the summary shows beside ns/op (model_metrics.c's table). */
typedef struct rm_metric {
	const char *column; /* its runs.csv column ("metric:bytes_per_task")  */
	const char *label;  /* what the page calls it ("memory per task")     */
	const char *unit;   /* the unit the page names ("bytes")              */
	rm_unit kind;       /* how its values are printed                     */
	const char *what;   /* one sentence: what it measures                 */
} rm_metric;

#define RM_CPU_NS "cpu_ns" /* the column a figure per op is derived from */

int rm_metric_count(void);
const rm_metric *rm_metric_at(int i); /* NULL outside [0, count) */
/* A value of the metric with its unit. */
void rm_metric_fmt(const rm_metric *mt, double v, char *buf, size_t len);

/* --- model_floors.c --- */

/* bounds of one configuration (floors.h has 3 at most) */
#define RM_MAX_BOUNDS 4
/* the share of a yield's yields that must switch for the register-switch
 * floor to bound it (floors.c) */
#define RM_SWITCHED 0.99

/* Which number of a floor row is its value (docs/RESULTS.md, "Floors"). */
typedef enum rm_floor_num {
	RM_FLOOR_MIN,     /* the least disturbed repetition: the min of its ns/op */
	RM_FLOOR_SAMPLED, /* the median of its sampled round trips (.hgrm)        */
} rm_floor_num;

/* One bound of a configuration, held against the floor row it points to. */
typedef struct rm_floor_ref {
	const floor_bound *b; /* the bound (floors.h): floor, per_op, why         */
	const rm_config *row; /* the floor row used (its own results directory);
	                         NULL: that floor did not run there              */
	double value;         /* the row's floor value, ns per floor op          */
	rm_floor_num num;     /* which number value is                           */
	double ns;            /* per_op x value: the floor of one workload op    */
	double ratio;         /* the configuration's median / ns                 */
	char na[120];         /* "" where the bound applies; else why not (a
	                         yield whose yields did not switch)              */
} rm_floor_ref;

/* The bounds of cfg (a configuration of cfg or xcfg), each with the floor row
 * of cfg's own results directory that floor_row_matches (for an unpinned
 * configuration and a two-worker floor: the row with the lowest value), in
 * floors.h's order; at most max into out. Returns how many (0: unbounded, or
 * a floor row itself). */
int rm_floor_refs(const report_model *m, const rm_config *cfg, rm_floor_ref *out, int max);

/* The reference a distance is read against: among those with a row that
 * apply, the highest floor at or below the median (the tightest the
 * measurement respects); when every one is above it, the lowest (the
 * configuration is then below its floors, which the page flags); -1 when
 * none has a row. */
int rm_floor_headline(const rm_floor_ref *r, int n);

/* A floor row's value (docs/RESULTS.md): the lower of its least disturbed
 * repetition and, where it left samples (latency/), their median; *num says
 * which. */
double rm_floor_value(const report_model *m, const rm_config *floor_row, rm_floor_num *num);

/* "the least disturbed repetition" or "the median of its samples". */
const char *rm_floor_num_name(rm_floor_num num);

/* What the floor of a bound is, in a few words ("register switch", "futex
 * round trip across two CPUs"). */
const char *rm_floor_noun(const floor_bound *b);

/* --- model_net.c --- */

/* Share of a repetition's requests the open-loop client may send over one
 * period late (metric:source_late_events / n) before its point is flagged:
 * beyond 1% the p99 is partly the client's own lateness. */
#define RM_NET_LATE 0.01

/* A network configuration (echo, http, c10k: servers under corobench-load,
 * docs/WORKLOADS.md) as the report reads it: its parameters, what each of its
 * repetitions reported, and the statistics the charts, the summary, the
 * findings and the claims print. */
typedef struct rm_net {
	const rm_config *cfg; /* the configuration                                */
	long long conns;      /* --param conns (-1: the row has none)             */
	long long rate;       /* --param rate: 0 closed loop, > 0 requests/s due  */
	long long server;     /* --param server as runs.csv's params keep it: 0
	                         (conn) the workload's own server, 1 (nethttp)
	                         Go's net/http (the Go peer only)                */
	int reps;             /* its repetitions                                  */
	int saturated;        /* of them: the load generator saturated
	                         (metric:client_saturated > 0)                   */
	int shared;           /* of them: it shared a PU with the server
	                         (metric:client_shared > 0)                      */
	int late;             /* of them: over RM_NET_LATE of the requests sent
	                         over one period late (metric:source_late_events) */
	double late_share;    /* the median of source_late_events / n (NaN: none) */
	stats_summary rps;    /* requests (ops) per second, 10^9 / ns per op,
	                         per repetition                                   */
	stats_summary cpu;    /* CPU time per request, ns (cpu_ns / n; n = 0:
	                         runs.csv has no cpu_ns)                          */
	stats_summary mem;    /* metric:bytes_per_conn (n = 0: none)              */
	stats_summary rss;    /* metric:peak_rss_bytes (n = 0: none)              */
	char label[RM_NAME];  /* its series: the runtime ("gmp"), "go/net/http"
	                         for server=nethttp; "host: " prefixed with 2+ hosts    */
} rm_net;

/* Whether a workload is one of the network servers (echo, http, c10k). */
bool rm_is_net(const char *workload);

/* Reads cfg's rows into *out; false (out untouched) when cfg is not of a
 * network workload. */
bool rm_net_of(const report_model *m, const rm_config *cfg, rm_net *out);

/* Whether the load generator may have set the pace of any repetition
 * (saturated, or sharing a PU with the server): its throughput is then the
 * client's as much as the server's. */
bool rm_net_paced(const rm_net *n);

/* The network configurations of pass src (RM_NET_CONNS, RM_NET_OPEN,
 * RM_NET_C10K) that `keep` accepts (NULL: all): a host's part of that pass,
 * and its main run's when the host has no such part or `with_main`; of each
 * results directory only those at its most common placement among them (a
 * point is one configuration, never an average over placements). Into a new
 * array of *n (the caller frees it); NULL when out of memory. */
rm_net *rm_net_list(const report_model *m, rm_source src, bool with_main,
                    bool (*keep)(const rm_net *), int *n);

/* A rate for people: "950/s", "9.73k/s", "67.1k/s", "1.2M/s" (three digits). */
void rm_fmt_rate(char *buf, size_t len, double per_s);

/* --- model_names.c --- */

/* The runtime/variant label of a series ("gmp/go"): just the runtime when the
 * workload uses no channel ("-", "") or the Go peer's native one ("go-native");
 * each part cut to 60 characters. */
void rm_rt_chan(const char *runtime, const char *chan, char *out, size_t len);

/* The value of parameter `name` in a runs.csv row's params ("n=100;rate=0"). */
bool rm_param(const rr_run *r, const char *name, long long *value);

/* A count with its thousands grouped: "10,000", "1,024", "64". */
void rm_fmt_grouped(char *out, size_t len, long long v);

/* "open loop, 100,000 events/s" (pipeline; "requests/s" for the network
 * workloads) for a row with --param rate=R > 0, "closed loop" for rate=0, ""
 * for a workload without a rate parameter. */
void rm_loop_label(const rr_run *r, char *out, size_t len);

/* A row's placement as the report names it: the policy, plus the pair class in
 * parentheses when the run saw one ("compact (smt)"). Each part is cut to width
 * characters (a chart's tick label needs the bound), or kept whole when width < 0
 * (a findings sentence). */
void rm_placement_label(const rr_run *r, int width, char *out, size_t len);

/* The noun of one op of a workload or case ("round trip" for pingpong,
 * docs/WORKLOADS.md's n; "op" if unknown). */
const char *rm_op_noun(const char *workload);

#endif
