/*
 * config.h — one configuration of a run: what a row of runs.csv and summary.csv
 * describes (workload, runtime, channel variant, workers, placement, parameters)
 * and its key (docs/RESULTS.md). The matrix (harness/run/matrix.h) expands the
 * command line into these; the store and the writers of the results directory
 * read them. It lives here, in the results layer, because the results format is
 * defined by it and must not depend on the runner.
 */
#ifndef COROBENCH_CONFIG_H
#define COROBENCH_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "../../runtimes/chan/chan.h"
#include "../../runtimes/rt.h"
#include "../../workloads/workload.h"

#define MATRIX_KEY_LEN 320 /* longest configuration key, NUL included */

/* One configuration of the matrix. */
typedef struct cb_config {
	int index;                     /* position in the matrix, 0-based              */
	const workload *wl;            /* the workload                                  */
	const char *runtime;           /* runtime name ("pthread", "gmp", "go")        */
	const rt_runtime *rt;          /* in-process runtime; NULL for an external peer */
	const chan_variant *chan;      /* NULL when no C variant applies               */
	const char *chan_name;         /* "-", "go-native" or the variant's name       */
	int threads;                   /* -t: workers                                   */
	const char *placement;         /* placement policy string                      */
	int64_t params[WL_MAX_PARAMS]; /* requested parameter values                    */
	bool preempt_off;              /* --param preempt=off: /preempt=off in the key  */
	char key[MATRIX_KEY_LEN];      /* configuration key                             */
	char skip_reason[200];         /* non-empty: not run, reported as skipped       */
} cb_config;

#endif
