/*
 * child.h — the child side of one (configuration, round): runs in a forked
 * process, starts the runtime, runs warm-up and measured repetitions through
 * exec_workload, and reports each as a protocol record on `fd` (docs/RESULTS.md).
 *
 * What it promises: exactly one `kind=rep` record per repetition that verified,
 * a `kind=fail` record for the first one that did not (no number for it), an
 * info record with the parameters actually used, and `kind=done` at the end.
 * A crash or hang is detected by the parent (missing done, signal, watchdog).
 */
#ifndef COROBENCH_CHILD_H
#define COROBENCH_CHILD_H

#include "../results/config.h"

struct ctr_spec;

typedef struct child_job {
	const cb_config *cfg;            /* what to run                          */
	int round;                       /* which round of the configuration     */
	int warmup;                      /* warm-up repetitions                  */
	int reps;                        /* measured repetitions                 */
	int fd;                          /* where records go                     */
	const char *outdir;              /* results directory (latency files)    */
	const struct ctr_spec *counters; /* --counters; NULL or empty: none */
} child_job;

/* Runs the job; returns the exit status the child process should use (0). */
int child_run(const child_job *job);

#endif
