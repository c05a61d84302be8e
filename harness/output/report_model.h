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
 *   - placement sweep: DIR/placement/, a results directory of its own that
 *     `make bench` fills with pingpong and mpmc under every placement; its
 *     configurations (scfg) feed the placement chart and findings only, so they
 *     never double the main run's bars. Without it, the placement chart uses the
 *     main run's placements.
 * What it promises: configurations in runs.csv order, host by host; statistics
 * computed from the repetitions (stats.h), never copied from summary.csv, so the
 * charts, tables and findings agree with `corobench compare` on the same data.
 */
#ifndef COROBENCH_REPORT_MODEL_H
#define COROBENCH_REPORT_MODEL_H

#include <stdbool.h>

#include "../measure/stats.h"
#include "../measure/warmup.h"
#include "results_read.h"
#include "samples.h"

#define RM_MAX_HOSTS   16  /* side by side; more would not fit a chart legend anyway */
#define RM_MAX_THREADS 32  /* distinct -t values */
#define RM_NAME        160 /* case and series labels */

/* One results directory. */
typedef struct rm_host {
	rr_dir dir;       /* the loaded directory                    */
	char label[128];  /* host name, unique among the hosts shown */
	smp_set ns;       /* ns_per_op repetitions by configuration  */
	rr_dir sweep;     /* DIR/placement (make bench's sweep)      */
	bool have_sweep;  /* sweep loaded                            */
	smp_set sweep_ns; /* its ns_per_op repetitions              */
} rm_host;

/* One configuration of one host. */
typedef struct rm_config {
	int host;              /* index into report_model.hosts             */
	const smp_group *g;    /* its ns_per_op repetitions                  */
	const rr_run *row;     /* its first runs.csv row                     */
	char wcase[RM_NAME];   /* workload + non-default parameters          */
	char series[RM_NAME];  /* runtime[/chan], "host: " prefixed if needed */
	char rt_chan[RM_NAME]; /* runtime[/chan] without the host            */
	stats_summary s;       /* ns_per_op statistics                       */
	warmup_check warm;     /* were early repetitions slower              */
	bool reduced;          /* size_reduced: not comparable to full size  */
} rm_config;

/* Everything the report draws from. */
typedef struct report_model {
	rm_host *hosts;              /* nhosts loaded directories              */
	int nhosts;                  /* count                                  */
	rm_config *cfg;              /* every configuration of every host      */
	int ncfg;                    /* count                                  */
	rm_config *scfg;             /* the placement sweeps' configurations */
	int nscfg;                   /* count                                 */
	char placement[64];          /* the default placement                  */
	int threads[RM_MAX_THREADS]; /* distinct thread counts, ascending      */
	int nthreads;                /* count                                  */
} report_model;

/* Loads every directory (errors name the directory and file: exit 2). */
bool rm_load(report_model *m, char *const *dirs, int ndirs, char *err, size_t errlen);
void rm_free(report_model *m);

/* The configuration of host h matching the given fields (series compared by
 * rt_chan), or NULL. */
const rm_config *rm_find(const report_model *m, int host, const char *wcase, const char *rt_chan,
                         int threads, const char *placement);

/* Distinct values, in first-appearance order, of the configurations accepted by
 * `keep` (NULL: all): cases or series. Returns the count; names point into m. */
int rm_cases(const report_model *m, bool (*keep)(const rm_config *, const void *), const void *arg,
             const char **out, int max);
int rm_series(const report_model *m, bool (*keep)(const rm_config *, const void *), const void *arg,
              const char **out, int max);

/* The configuration of host h whose latency file is latency/<stem>.hgrm (the
 * key with '/' as '_', harness/measure/latency.h), or NULL. */
const rm_config *rm_config_of_stem(const report_model *m, int host, const char *stem);

/* The pthread configuration cfg is held against for a speed-up: same host,
 * case, threads, placement and channel variant; for the Go peer's native
 * channels (no pthread twin) pthread with the `go` variant, else the first
 * pthread variant, with *subst set. NULL when there is none. */
const rm_config *rm_pthread_partner(const report_model *m, const rm_config *cfg, bool *subst);

/* The noun of one op of a workload or case ("round trip" for pingpong,
 * docs/WORKLOADS.md's n; "op" if unknown). */
const char *rm_op_noun(const char *workload);

#endif
