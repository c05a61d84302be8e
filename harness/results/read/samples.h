/*
 * samples.h — the repetitions of a results directory grouped by configuration:
 * for one metric (ns_per_op, an `<event>/op` counter or a `metric:<name>`), each
 * configuration key with its samples. What `compare`, the report's statistics and
 * its findings are computed from (raw repetitions, never pre-digested medians, so
 * a test can be run on them).
 *
 * What it promises: groups in order of first appearance in runs.csv (the run
 * matrix's order, which is meaningful: workloads, then runtimes, ...); within a
 * group, samples in file order; NaN values (not counted) left out, and a group
 * whose samples are all NaN left out; O(n log n) in the rows.
 */
#ifndef COROBENCH_SAMPLES_H
#define COROBENCH_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>

#include "results_read.h"

/* One configuration's samples of one metric. */
typedef struct smp_group {
	const char *key;     /* configuration key                               */
	const rr_run *first; /* its first runs.csv row (workload, runtime, ...) */
	double *x;           /* n samples                                       */
	int *rep;            /* n repetition numbers (for the warm-up check)    */
	int n;               /* count (>= 1)                                    */
	bool reduced;        /* some row had size_reduced = 1                   */
} smp_group;

/* All configurations of a directory for one metric. */
typedef struct smp_set {
	smp_group *g;    /* groups                              */
	int n;           /* count                               */
	char metric[96]; /* the metric                          */
	double *xs;      /* storage of every group's x          */
	int *reps;       /* storage of every group's rep        */
} smp_set;

/* Groups d's rows. An unknown metric is an error listing the available ones. */
bool samples_group(const rr_dir *d, const char *metric, smp_set *s, char *err, size_t errlen);
/* The same for an optional column (a counter, a workload's metric): false, with
 * nothing to free and no message, when d lacks it or it cannot be read. */
bool samples_group_if_present(const rr_dir *d, const char *metric, smp_set *s);
void samples_free(smp_set *s);
/* The group of key, or NULL (linear: a few hundred keys). */
const smp_group *samples_find(const smp_set *s, const char *key);

/* The value of a key component: "runtime" of "pingpong/runtime=gmp/..." is
 * "gmp"; "workload" is the first component. Copies into out; false if absent. */
bool key_component(const char *key, const char *field, char *out, size_t len);
/* key without the component `field` ("pingpong/chan=go/threads=1/..."). */
void key_without(const char *key, const char *field, char *out, size_t len);

#endif
