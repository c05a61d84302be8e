/*
 * spawn.c — the cost of creating a task that becomes runnable, runs and exits.
 *
 * Definition (docs/WORKLOADS.md): wait group add N; spawn N tasks that each call
 * done and exit; wait. The spawner does not yield between spawns.
 * Answer: all N ran exactly once. n = N tasks.
 *
 * Each task marks its own byte of `ran` before done(); verify() checks every byte
 * is 1 (a task run twice would leave 2; one never run, 0). The bytes of tasks on
 * different CPUs share cache lines, which costs a few misses per task against the
 * >= 200 ns a spawn costs on the fastest runtime we compare (Go at P=2); a shared
 * atomic counter would cost more and prove less.
 *
 * The task's argument is its byte; the wait group is found through `spawn_cur`,
 * the one run in progress in this process (the harness runs one repetition at a
 * time), so spawning allocates nothing per task in the workload itself.
 *
 * The spawner does not yield, so nothing bounds how many tasks are alive at once
 * (pthreads on one CPU may create all N before any runs): a runtime holding fewer
 * live tasks than N runs the largest N it can hold (row marked reduced).
 *
 * Memory: peak RSS and bytes per task through wl_mem (see wl_mem.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_mem.h"
#include "wl_setup.h"
#include "workload.h"

typedef struct spawn_run {
	int64_t n;       /* tasks to spawn                                  */
	uint8_t *ran;    /* ran[i]: times task i ran (must end as 1)        */
	rt_waitgroup wg; /* add(N) before the spawns; each task calls done  */
	int64_t spawned; /* tasks rt_go accepted                            */
	int go_error;    /* rt_go's error when it refused one, else 0       */
} spawn_run;

static spawn_run *spawn_cur; /* the run in progress (see the header comment) */
static wl_mem spawn_mem;     /* RSS baseline of this process (wl_mem.h)      */

static const wl_param spawn_params[] = {
    /* quick: pthread create + exit costs 26-56 us here, so 5,000 tasks take
     * 0.13-0.3 s a repetition, and stay below the ~10,000 live threads pthreads
     * hold (pt_limits.c) so the quick suite compares equal sizes; gmp ~1-4 ms. */
    {"n", "tasks spawned (N)", 1000000, 5000, 1, 1000000000},
};

static void task(void *arg)
{
	uint8_t *mine = arg;
	(*mine)++;
	rt_wg_done(&spawn_cur->wg);
}

static void *spawn_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	if (ctx->params[0] > wl_task_budget(ctx->rt))
		ctx->params[0] = wl_task_budget(ctx->rt);
	spawn_run *s = calloc(1, sizeof *s);
	if (s)
		s->ran = calloc((size_t)ctx->params[0], 1);
	if (!s || !s->ran) {
		free(s);
		snprintf(err, errlen, "spawn: out of memory for %" PRId64 " tasks", ctx->params[0]);
		return NULL;
	}
	s->n = ctx->params[0];
	rt_wg_init(&s->wg);
	/* Fault in `ran` now: first-touch page faults (2-4 us per 4 KiB here) belong to
	 * setup, not to the spawns they would otherwise be charged to. */
	for (int64_t i = 0; i < s->n; i += 4096)
		((volatile uint8_t *)s->ran)[i] = 0; /* volatile: calloc'd zero, not elided */
	wl_mem_prepare(&spawn_mem);
	return s;
}

static void spawn_run_fn(void *state, wl_measure *m)
{
	spawn_run *s = state;
	spawn_cur = s;
	rt_wg_add(&s->wg, s->n);
	int64_t i = 0;
	for (; i < s->n; i++) {
		int rc = rt_go(task, &s->ran[i]);
		if (rc != 0) {
			s->go_error = rc;
			break;
		}
	}
	s->spawned = i;
	if (i < s->n)
		rt_wg_add(&s->wg, -(s->n - i)); /* tasks never spawned will not call done */
	rt_wg_wait(&s->wg);
	wl_mem_report(&spawn_mem, m, (uint64_t)s->n);
}

static bool spawn_verify(void *state, char *why, size_t whylen)
{
	spawn_run *s = state;
	if (s->go_error) {
		snprintf(why, whylen, "spawn: spawn %" PRId64 " of %" PRId64 " failed (error %d)",
		         s->spawned + 1, s->n, s->go_error);
		return false;
	}
	for (int64_t i = 0; i < s->n; i++)
		if (s->ran[i] != 1) {
			snprintf(why, whylen, "spawn: task %" PRId64 " ran %d times, want once", i,
			         s->ran[i]);
			return false;
		}
	return true;
}

static void spawn_teardown(void *state)
{
	spawn_run *s = state;
	if (spawn_cur == s)
		spawn_cur = NULL;
	free(s->ran);
	free(s);
}

static void spawn_corrupt(void *state)
{
	spawn_run *s = state;
	s->ran[s->n / 2] = 2; /* one task ran twice */
}

static const wl_def spawn_def = {
    .name = "spawn",
    .description = "spawn N tasks that each call done on a wait group; peak RSS per task",
    .uses_chan = false,
    .setup = spawn_setup,
    .run = spawn_run_fn,
    .verify = spawn_verify,
    .teardown = spawn_teardown,
    .ops_field = WL_FIELD(spawn_run, n),
    .corrupt = spawn_corrupt,
};
WL_DEFINE(spawn_def, spawn_params)
