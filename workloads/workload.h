/*
 * workload.h — the contract every workload implements.
 *
 * What it is for
 *   A workload is written once against rt.h and chan.h and runs on every runtime
 *   and every channel variant that has the capabilities it needs. The exact
 *   definitions live in ../shared/WORKLOADS.md (copied into docs/WORKLOADS.md).
 *
 * What it promises
 *   - The harness owns the clock: it calls run() between two CLOCK_MONOTONIC reads
 *     (and enables counters around it); a workload never times itself, except for
 *     latency samples recorded through the wl_measure context below.
 *   - setup() allocates and checks parameters, outside the timed region; run()
 *     does all the timed work inside a task of the runtime (it may spawn, block,
 *     ...) and returns only when every task it spawned has finished its timed work;
 *     verify() checks the answer; a repetition whose verify fails is a failure,
 *     never a number. teardown() frees.
 *   - Parameters: params[0] is always "n" (what ns/op divides by, WORKLOADS.md's n
 *     column). setup() may lower a size the runtime cannot reach (pthreads and a
 *     million live tasks: rt->max_live_tasks) by writing ctx->params; the harness
 *     records the size actually used and marks the row as reduced.
 *   - ops() returns the n actually used for ns/op.
 */
#ifndef COROBENCH_WORKLOAD_H
#define COROBENCH_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../runtimes/chan/chan.h"
#include "../runtimes/rt.h"

#define WL_MAX_PARAMS 8

/* A workload parameter, with the sizes of WORKLOADS.md. */
typedef struct wl_param {
	const char *name; /* CLI name: "n", "producers", "k", ...             */
	const char *help; /* one line                                          */
	int64_t def;      /* the normal run's value                            */
	int64_t quick;    /* the --quick value                                 */
	int64_t min, max; /* accepted range; outside it: error naming the value */
} wl_param;

/* The measurement context the harness hands to run(): cycle clock + samples. */
typedef struct wl_measure {
	/* Record one latency sample, in nanoseconds, into the workload's histogram. */
	void (*record_ns)(struct wl_measure *m, uint64_t ns);
	/* Report a named extra metric for this repetition (e.g. "peak_rss_bytes"). */
	void (*metric)(struct wl_measure *m, const char *name, double value);
	double ns_per_tick; /* calibrated: wl_ticks() delta * ns_per_tick = ns */
	void *impl;         /* the harness's histogram and metric store         */
} wl_measure;

/* Cheap cycle-clock read for latency samples (rdtsc / cntvct_el0). */
static inline uint64_t wl_ticks(void)
{
#if defined(__x86_64__)
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
#elif defined(__aarch64__)
	uint64_t v;
	__asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
#else
#error "wl_ticks: unsupported architecture"
#endif
}

/* What setup() gets. */
typedef struct wl_ctx {
	const rt_runtime *rt;          /* the runtime in use (already started)         */
	const chan_variant *chan;      /* the channel variant; NULL if !uses_chan      */
	int workers;                   /* -t                                            */
	int64_t params[WL_MAX_PARAMS]; /* values in the order of workload.params;
	                                * setup may lower a size it cannot reach  */
	const cpu_set_t *pin_sets;     /* the pin plan (workers sets), NULL: none;
	                                * the network workloads keep their load
	                                * generator off these PUs (wl_net.h)      */
	bool unavailable;              /* set by a setup that fails because this
	                                * machine cannot run it (too few open files,
	                                * threads): the configuration is skipped
	                                * with err as the reason, not failed      */
} wl_ctx;

typedef struct workload {
	const char *name;        /* CLI name                                        */
	const char *description; /* one line for `corobench list`                   */
	const wl_param *params;  /* params[0] is "n"                                */
	int nparams;             /* <= WL_MAX_PARAMS                                */
	bool uses_chan;          /* false: the channel variant does not apply        */
	unsigned chan_caps;      /* CHAN_CAP_* the workload needs                   */
	bool records_latency;    /* run() records samples via wl_measure            */
	/* NULL, or per parameter (parallel to params) NULL or the names of its values
	 * min..max, NULL-terminated: a choice rather than a size. `--param
	 * server=nethttp` and the key (`/server=nethttp`) use the name; runs.csv's
	 * columns keep the number. Use wl_param_name(). */
	const char *const *const *param_names;

	/* The CHAN_CAP_* these parameter values need, where they depend on them (a
	 * capacity parameter: 0 needs unbuffered channels); NULL: chan_caps. Use
	 * wl_chan_caps(). */
	unsigned (*chan_caps_for)(const int64_t *params);
	/* Checks a parameter combination before anything runs (the parent calls it to
	 * turn bad input into exit status 2). Returns false and writes a one-line
	 * reason naming the bad value into err. NULL: ranges alone are checked. */
	bool (*validate)(const int64_t *params, char *err, size_t errlen);
	/* Outside the timed region, inside a task. Returns NULL and writes err on
	 * failure. */
	void *(*setup)(wl_ctx *ctx, char *err, size_t errlen);
	void (*run)(void *state, wl_measure *m);
	bool (*verify)(void *state, char *why, size_t whylen);
	uint64_t (*ops)(void *state);
	void (*teardown)(void *state);
} workload;

/* The name of value v of parameter i of w, or NULL when it has none. */
static inline const char *wl_param_name(const workload *w, int i, int64_t v)
{
	const char *const *names = w->param_names ? w->param_names[i] : NULL;
	const wl_param *p = &w->params[i];
	if (!names || v < p->min || v > p->max)
		return NULL;
	for (int64_t k = p->min; k < v; k++)
		if (!names[k - p->min])
			return NULL;
	return names[v - p->min];
}

/* The channel capabilities workload w needs with these parameter values. */
static inline unsigned wl_chan_caps(const workload *w, const int64_t *params)
{
	return w->chan_caps_for ? w->chan_caps_for(params) : w->chan_caps;
}

/* Registry: workloads register themselves from their own file, before main()
 * runs: a suite workload through WL_DEFINE (wl_define.h), which also registers its
 * tamper hook; a bare `workload` table (the test-only broken workloads of
 * tests/faults/) through WL_REGISTER. The registries of runtimes, channel variants,
 * workloads (and their tamper hooks) and commands are the one place corobench uses
 * constructors: adding one of those is adding a file, with no list to edit.
 * Everything else is wired by calls and arguments that can be read. */
void wl_register(const workload *w);
const workload *wl_find(const char *name); /* NULL if unknown */
int wl_count(void);
const workload *wl_at(int i);                            /* sorted by name */
int wl_param_index(const workload *w, const char *name); /* -1 if none */

#define WL_REGISTER(var)                                                                           \
	__attribute__((constructor)) static void wl_register_##var(void)                           \
	{                                                                                          \
		wl_register(&var);                                                                 \
	}

#endif
