/*
 * run_preview.h — what `corobench run` says before it measures: the count of
 * configurations and the estimate of the time (its first line, and all of
 * `--dry-run`), and the environment warnings (envwarn.h) for its first lines
 * and env.json.
 *
 * What it promises
 *   - The same count and estimate in `--dry-run` and in the first line of the
 *     real run with the same options (one function computes both).
 *   - --dry-run lists every configuration of the expanded matrix in run order:
 *     its key, rounds, repetitions and estimate, or `skip` and the reason; the
 *     skips a child would report for a placement this machine lacks are
 *     foreseen here (plan_preview.h); then what the estimate assumes. It creates
 *     nothing: no results directory, no topology.xml, no Go build.
 */
#ifndef COROBENCH_RUN_PREVIEW_H
#define COROBENCH_RUN_PREVIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "../../machine/envwarn.h"
#include "../../measure/counters/counter_spec.h"
#include "../../results/config.h"
#include "../../run/estimate.h"

/* What a run will do. */
typedef struct run_plan {
	const cb_config *configs; /* the expanded matrix          */
	int n;                    /* its length                   */
	int reps, warmup, rounds; /* per configuration            */
	char (*skip)[256];        /* n reasons, "" = runs (malloc'd by preview_make) */
	est_total total;          /* the estimate                 */
	bool smt_shared;          /* a configuration may put two workers on one core */
	int max_threads;          /* the most workers             */
} run_plan;

/* Fills p (free with preview_free). */
void preview_make(run_plan *p, const cb_config *configs, int n, int reps, int warmup, int rounds);
void preview_free(run_plan *p);

/* The first line: "corobench run: 24 configurations to run (4 skipped), ...". */
void preview_line(FILE *f, const run_plan *p);

/* --dry-run: the first line, every configuration, the assumptions. */
void preview_dry_run(FILE *f, const run_plan *p);

/* The environment warnings for this run (this machine, now). */
void preview_warnings(const run_plan *p, const ctr_spec *counters, envw_list *out);

#endif
