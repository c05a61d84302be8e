/*
 * chan_matrix.h — run channel test scenarios over EVERY registered channel
 * variant (chan_variant_at) x EVERY registered runtime (rt_at) x a list of worker
 * counts, as one cmocka test each ("variant/runtime/t=N/scenario").
 *
 * What it promises
 *   - A scenario declares the capabilities it needs; on a variant that lacks one
 *     the test is reported SKIPPED by cmocka (never silently dropped), with the
 *     missing capability named on stdout. Variants and runtimes added later are
 *     picked up with no edit here.
 *   - Scenario bodies run on the test thread and start the runtime through
 *     cm_run() (rts_run underneath: failures recorded from tasks with RTS_EXPECT
 *     are reported on the test thread, hooks checked, runtime stopped).
 *   - cm_caps_for_capacity(): the capability a capacity needs (0: unbuffered,
 *     > 0: buffered), so a scenario can loop over capacities 0..N and run the
 *     ones the variant declares.
 */
#ifndef COROBENCH_TEST_CHAN_MATRIX_H
#define COROBENCH_TEST_CHAN_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include "../../runtimes/chan/chan.h"
#include "../../runtimes/rt.h"
#include "rt_scenarios.h"

/* Where one test runs. */
typedef struct cm_env {
	const chan_variant *v; /* the variant under test */
	const rt_runtime *rt;  /* the runtime            */
	int workers;           /* -t                     */
} cm_env;

/* One scenario: a body run once per (variant, runtime, workers). */
typedef struct cm_scenario {
	const char *name;                /* test name stem                       */
	unsigned needs;                  /* CHAN_CAP_* required                   */
	void (*body)(const cm_env *env); /* on the test thread; calls cm_run     */
} cm_scenario;

/* Appends one cmocka test per variant x runtime x workers x scenario; returns how
 * many (at most max). Names and states live until exit. */
int cm_add_tests(struct CMUnitTest *tests, int max, const cm_scenario *sc, int nsc,
                 const int *workers, int nworkers);

/* Runs fn(arg) as the main task of env->rt with env->workers workers. */
void cm_run(const cm_env *env, rt_fn fn, void *arg);

/* CHAN_CAP_UNBUFFERED for 0, CHAN_CAP_BUFFERED otherwise. */
static inline unsigned cm_caps_for_capacity(size_t cap)
{
	return cap == 0 ? CHAN_CAP_UNBUFFERED : CHAN_CAP_BUFFERED;
}

static inline bool cm_has(const chan_variant *v, unsigned caps)
{
	return (v->caps & caps) == caps;
}

/* ---- helpers for task bodies */

/* Spawns n tasks running fn(args + i * stride), counted on wg (added here). */
void cm_spawn_n(rt_waitgroup *wg, int n, rt_fn fn, void *args, size_t stride);

/* A task-safe make: records a failure (and returns NULL) if the variant refuses a
 * capacity it declares. */
chan *cm_make(const chan_variant *v, size_t elem_size, size_t cap);

#endif
