/*
 * execute.h — run one workload configuration in this process: start the runtime,
 * then for each repetition (warm-up first) run setup, the timed run(), verify and
 * teardown inside a main task, and hand each repetition's result to a callback.
 *
 * What it promises
 *   - The clock (CLOCK_MONOTONIC through rt.h's rt_nanotime(), the project's one
 *     clock) is read immediately around run(), inside the main task;
 *     before_run/after_run hooks (counters) sit just outside the clock pair
 *     (counters on, clock, run(), clock, counters off: DESIGN.md), so switching the
 *     counters never adds to elapsed_ns.
 *   - The process's CPU time (CLOCK_PROCESS_CPUTIME_ID: user + system of every
 *     thread, exited ones included) is read just outside the clock pair, inside
 *     the counters' window: cpu_ns covers what elapsed_ns covers, with or without
 *     counters (spinning buys wall time with CPU; a reader sees both). Its two
 *     reads add one system call each to the counted work, never to elapsed_ns.
 *   - A repetition's number is only ever reported with ok=true after verify passed;
 *     a failed setup or verify is reported with ok=false and a reason, and the
 *     remaining repetitions are not run (a broken configuration stays broken).
 *   - The child process (child.c) and the tests use this same function, so what the
 *     tests check is what the benchmark runs.
 */
#ifndef COROBENCH_EXECUTE_H
#define COROBENCH_EXECUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "../../runtimes/rt.h"
#include "../../workloads/workload.h"
#include "../base/status.h"

typedef struct exec_rep {
	int rep;                       /* 0-based, warm-ups included                   */
	bool warmup;                   /* a warm-up repetition (discarded by stats)    */
	bool ok;                       /* setup and verify passed                       */
	uint64_t elapsed_ns;           /* CLOCK_MONOTONIC around run()                  */
	uint64_t cpu_ns;               /* the process's CPU time over the same region   */
	uint64_t ops;                  /* workload->ops(): the n that ns/op divides by  */
	int64_t params[WL_MAX_PARAMS]; /* parameters actually used (after reduction)    */
	char why[256];                 /* failure reason when !ok                       */
	bool unavailable;              /* setup said this machine cannot run it: a skip */
} exec_rep;

typedef struct exec_request {
	const workload *wl;            /* what to run                                  */
	const chan_variant *chan;      /* NULL when the workload uses no channel       */
	int workers;                   /* -t                                           */
	int64_t params[WL_MAX_PARAMS]; /* requested parameter values                    */
	int warmup;                    /* warm-up repetitions                           */
	int reps;                      /* measured repetitions                          */
	wl_measure *measure;           /* handed to run(); may be NULL (samples dropped)*/
	/* Called around run(), just outside the clock pair (counters on/off). May be NULL. */
	void (*before_run)(void *arg);
	void (*after_run)(void *arg);
	/* Called after every repetition, outside the timed region. */
	void (*on_rep)(void *arg, const exec_rep *r);
	void *arg; /* passed to the three callbacks */
} exec_request;

/* Returns CB_OK when every repetition ran and verified; CB_EUNAVAIL when the
 * runtime refused this configuration as impossible on this machine (start gave
 * -EINVAL, e.g. more pthread CPUs than exist; err says why) or the workload's
 * setup did (wl_ctx.unavailable: c10k's connections exceed the open-files or
 * thread limit; no repetition is reported); CB_EFAIL when the
 * runtime failed to start otherwise (err filled) or a repetition failed (reported
 * through on_rep too). */
int exec_workload(const rt_runtime *rt, const rt_config *cfg, const rt_thread_hooks *hooks,
                  exec_request *req, char *err, size_t errlen);

/* A measurement context that drops every sample and metric: what run() gets when
 * exec_request.measure is NULL, and what tests that call run() directly hand it. */
wl_measure exec_nop_measure(void);

#endif
