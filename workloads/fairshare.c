/*
 * fairshare.c — how evenly K CPU-bound tasks share the workers.
 *
 * Definition (docs/WORKLOADS.md): K tasks (`tasks`, default 4) take N units of
 * work one at a time from a shared counter (an atomic fetch-and-add) until it
 * passes N; a unit is a fixed computation on its number (FS_ROUNDS rounds of a
 * 64-bit mix, ~10 ns). No task yields or blocks. n = N units: ns/op is the time
 * per unit, all tasks together. Each task counts its units; the repetition
 * reports metric:units_min and metric:units_max (the fewest and most units a
 * task got) and metric:fairness_jain, Jain's index (sum x)^2 / (K sum x^2): 1
 * when every task got N/K, 1/K when one got everything. Answer: the counts add
 * up to N and the XOR of every unit's result equals the single-threaded
 * reference (computed once per process and size, outside any timed region).
 *
 * Timed region: spawning the K tasks, the N units, joining them. The work is
 * fixed, not the time: the harness owns the clock.
 *
 * What it shows: at one worker a cooperative runtime runs the tasks one after
 * the other (the last spawned takes everything: index 1/K); a preempting one
 * gives each 10-ms slices in turn, so over many slices each gets about N/K;
 * threads share by CFS. With K <= workers, each task has a worker.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_fault.h"
#include "wl_setup.h"
#include "workload.h"

#define FS_ROUNDS 8 /* ~32 cycles: a unit costs about what taking it does at t=1 */

typedef struct fs_slot {
	int64_t units; /* units this task did             */
	uint64_t acc;  /* XOR of their results            */
	char pad[WL_CACHE_LINE - 16];
} fs_slot;

typedef struct fairshare {
	int64_t n;            /* units                                  */
	int64_t tasks;        /* K                                      */
	_Atomic int64_t next; /* the shared counter                     */
	fs_slot *slot;        /* one per task, a cache line each        */
	rt_waitgroup done;    /* every task returned                    */
	uint64_t want;        /* the reference XOR                      */
	wl_fault fault;       /* a spawn that failed                    */
} fairshare;

typedef struct fs_arg {
	fairshare *s; /* the shared state */
	int64_t i;    /* its slot         */
} fs_arg;

static const wl_param fairshare_params[] = {
    /* 20,000,000 units: ~0.4 s at one worker (~20 ns a unit with its fetch-and-add),
     * 40 slices of 10 ms, 10 per task; quick 2,000,000 (4 slices: one each). */
    {"n", "units of work (N)", 20000000, 2000000, 1, 100000000000},
    {"tasks", "CPU-bound tasks sharing them (K)", 4, 4, 1, 10000},
};

static inline uint64_t unit(uint64_t x)
{
	for (int i = 0; i < FS_ROUNDS; i++) {
		x ^= x >> 33;
		x *= 0xff51afd7ed558ccdull;
	}
	return x;
}

/* The XOR of unit(0..n-1), computed once per size per process (a child runs one
 * configuration: every repetition asks for the same n). */
static uint64_t reference(int64_t n)
{
	static int64_t ref_n = -1;
	static uint64_t ref;
	if (ref_n != n) {
		uint64_t x = 0;
		for (int64_t u = 0; u < n; u++)
			x ^= unit((uint64_t)u);
		ref = x;
		ref_n = n;
	}
	return ref;
}

static void worker(void *arg)
{
	fs_arg *a = arg;
	fairshare *s = a->s;
	int64_t mine = 0;
	uint64_t acc = 0;
	for (;;) {
		int64_t u = atomic_fetch_add_explicit(&s->next, 1, memory_order_relaxed);
		if (u >= s->n)
			break;
		acc ^= unit((uint64_t)u);
		mine++;
	}
	s->slot[a->i].units = mine;
	s->slot[a->i].acc = acc;
	rt_wg_done(&s->done);
}

static void fairshare_teardown(void *state)
{
	fairshare *s = state;
	free(s->slot);
	free(s);
}

static void *fairshare_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	fairshare *s = wl_calloc("fairshare", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->n = ctx->params[0];
	s->tasks = ctx->params[1];
	if (!wl_tasks_fit(ctx, s->tasks, err, errlen, "fairshare: %" PRId64 " tasks", s->tasks)) {
		free(s);
		return NULL;
	}
	s->slot = wl_alloc_lines((size_t)s->tasks * sizeof *s->slot);
	if (!s->slot) {
		snprintf(err, errlen, "fairshare: out of memory");
		free(s);
		return NULL;
	}
	rt_wg_init(&s->done);
	s->want = reference(s->n);
	return s;
}

static void fairshare_run(void *state, wl_measure *m)
{
	fairshare *s = state;
	fs_arg *args = malloc((size_t)s->tasks * sizeof *args);
	if (!args) {
		wl_fault_set(&s->fault, "out of memory for %" PRId64 " task arguments", s->tasks);
		return;
	}
	for (int64_t i = 0; i < s->tasks; i++) {
		args[i] = (fs_arg){.s = s, .i = i};
		int rc = wl_go(&s->done, worker, &args[i]);
		if (rc != 0) {
			wl_fault_set(&s->fault, "cannot spawn task %" PRId64 " (error %d)", i, rc);
			break;
		}
	}
	rt_wg_wait(&s->done);
	free(args);
	double sum = 0, sq = 0;
	int64_t lo = INT64_MAX, hi = 0;
	for (int64_t i = 0; i < s->tasks; i++) {
		double x = (double)s->slot[i].units;
		sum += x;
		sq += x * x;
		lo = s->slot[i].units < lo ? s->slot[i].units : lo;
		hi = s->slot[i].units > hi ? s->slot[i].units : hi;
	}
	m->metric(m, "units_min", (double)lo);
	m->metric(m, "units_max", (double)hi);
	if (sq > 0)
		m->metric(m, "fairness_jain", sum * sum / ((double)s->tasks * sq));
}

static bool fairshare_verify(void *state, char *why, size_t whylen)
{
	fairshare *s = state;
	if (wl_fault_report(&s->fault, "fairshare", why, whylen))
		return false;
	int64_t units = 0;
	uint64_t acc = 0;
	for (int64_t i = 0; i < s->tasks; i++) {
		units += s->slot[i].units;
		acc ^= s->slot[i].acc;
	}
	if (units != s->n || acc != s->want) {
		snprintf(why, whylen,
		         "fairshare: the tasks did %" PRId64 " units of %" PRId64
		         ", results XOR %016" PRIx64 ", want %016" PRIx64,
		         units, s->n, acc, s->want);
		return false;
	}
	return true;
}

static void fairshare_corrupt(void *state)
{
	((fairshare *)state)->slot[0].units += 1;
}

static const wl_def fairshare_def = {
    .name = "fairshare",
    .description = "K CPU-bound tasks share N units of work; units per task, Jain's index",
    .setup = fairshare_setup,
    .run = fairshare_run,
    .verify = fairshare_verify,
    .teardown = fairshare_teardown,
    .ops_field = WL_FIELD(fairshare, n),
    .corrupt = fairshare_corrupt,
};
WL_DEFINE(fairshare_def, fairshare_params)
