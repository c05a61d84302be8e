/*
 * matrix.h — the run matrix: workloads x runtimes x channel variants x threads x
 * placements x parameter values, expanded into configurations.
 *
 * What it promises
 *   - Every combination appears exactly once, in a stable order (the order of the
 *     lists given), each with its key (docs/RESULTS.md).
 *   - A workload that uses no channel gets chan "-" once, not once per variant; the
 *     Go peer gets chan "go-native" once.
 *   - A combination that cannot run (a variant lacks a capability the workload
 *     needs; a runtime that is unavailable here; preempt=off on a runtime the
 *     kernel preempts) is kept, with skip_reason set, so it is reported as skipped
 *     with its reason rather than silently dropped.
 *   - --param preempt=on|off multiplies every configuration by its values; off
 *     adds /preempt=off to the key (on is the default: no key part).
 *   - With `floors`, the floor family (floor/floor.h) follows the selection, once,
 *     whatever the lists say: runtime "floor", chan "-", each floor's own threads,
 *     sizes and placements (the two-worker ones once per name in floor_pairs, or
 *     one skipped configuration each when there is none).
 */
#ifndef COROBENCH_MATRIX_H
#define COROBENCH_MATRIX_H

#include <stdbool.h>
#include <stdint.h>

#include "../../runtimes/chan/chan.h"
#include "../../runtimes/rt.h"
#include "../../workloads/workload.h"
#include "../results/config.h"

/* The run parameter that is not a workload's: --param preempt=on|off (values 1|0). */
#define MATRIX_PREEMPT "preempt"

/* A parameter override from the command line: name=v1,v2,... */
typedef struct matrix_param {
	const char *name; /* parameter name                   */
	int64_t *values;  /* one or more values (a sweep)     */
	int count;        /* number of values                 */
} matrix_param;

/* What to expand. */
typedef struct matrix_spec {
	const workload **workloads;
	int nworkloads;
	const char **runtimes;
	int nruntimes; /* names; may include external peers */
	const chan_variant **chans;
	int nchans;
	const int64_t *threads;
	int nthreads;
	const char **placements;
	int nplacements;
	bool quick; /* use the --quick sizes              */
	bool have_n;
	int64_t n; /* -n overrides params[0]             */
	const matrix_param *params;
	int nparams; /* --param overrides (sweeps)         */

	bool floors;                    /* --floors: the floor family too     */
	const char *const *floor_pairs; /* placements of the two-worker floors */
	int nfloor_pairs;               /* 0: those are skipped, saying ...   */
	const char *floor_pairs_why;    /* ... why (floor_pairs' message)     */
} matrix_spec;

/* Expands spec; returns a malloc'd array (free with free()) and its length, or
 * NULL with err filled (one line naming the bad value) when a parameter override
 * names no parameter of any selected workload, or a value fails validation. */
cb_config *matrix_expand(const matrix_spec *spec, int *count, char *err, size_t errlen);

/* Builds a configuration's key from its fields. */
void matrix_key(cb_config *c);

#endif
