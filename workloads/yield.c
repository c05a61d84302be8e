/*
 * yield.c — the bare switch through the scheduler.
 *
 * Definition (docs/WORKLOADS.md): two tasks each yield N/2 times while main waits on
 * a wait group (pthreads: sched_yield). Answer: both loops completed.
 * n = N yields.
 *
 * For odd N the first task yields the extra time, so exactly N yields happen and
 * ns/op divides by what ran. Each task counts its own yields in its own cache line;
 * verify() checks both counts.
 *
 * Timed region: spawning both tasks, the N yields, the wait.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_setup.h"
#include "workload.h"

typedef struct yield_run yield_run;

typedef struct yield_task {
	yield_run *y; /* the run                                */
	int64_t want; /* yields this task must do               */
	int64_t done; /* yields it did                          */
	char pad[WL_CACHE_LINE - sizeof(yield_run *) - 2 * sizeof(int64_t)]; /* own line */
} yield_task;

struct yield_run {
	yield_task task[2];  /* the two yielders (cache-line aligned allocation) */
	int64_t n;           /* yields in total                                  */
	rt_waitgroup exited; /* yielders that returned                           */
	int go_error;        /* rt_go's error when it refused a task, else 0     */
};

static const wl_param yield_params[] = {
    /* quick: sched_yield costs ~0.3-1 us here, so 100,000 yields take 30-100 ms;
     * gmp (~50 ns) 5 ms. */
    {"n", "yields in total (N), split over two tasks", 10000000, 100000, 2, 100000000000},
};

static void yielder(void *arg)
{
	yield_task *t = arg;
	int64_t i = 0;
	for (; i < t->want; i++)
		rt_yield();
	t->done = i;
	rt_wg_done(&t->y->exited);
}

static void *yield_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	yield_run *y = wl_alloc_lines(sizeof *y);
	if (!y) {
		snprintf(err, errlen, "yield: out of memory");
		return NULL;
	}
	*y = (yield_run){.n = ctx->params[0]};
	y->task[0] = (yield_task){.y = y, .want = y->n - y->n / 2};
	y->task[1] = (yield_task){.y = y, .want = y->n / 2};
	rt_wg_init(&y->exited);
	return y;
}

static void yield_run_fn(void *state, wl_measure *m)
{
	(void)m;
	yield_run *y = state;
	for (int i = 0; i < 2; i++) {
		int rc = wl_go(&y->exited, yielder, &y->task[i]);
		if (rc != 0)
			y->go_error = rc;
	}
	rt_wg_wait(&y->exited);
}

static bool yield_verify(void *state, char *why, size_t whylen)
{
	yield_run *y = state;
	if (y->go_error) {
		snprintf(why, whylen, "yield: cannot spawn a yielder (error %d)", y->go_error);
		return false;
	}
	for (int i = 0; i < 2; i++)
		if (y->task[i].done != y->task[i].want) {
			snprintf(why, whylen,
			         "yield: task %d yielded %" PRId64 " times, want %" PRId64, i,
			         y->task[i].done, y->task[i].want);
			return false;
		}
	return true;
}

static void yield_teardown(void *state)
{
	free(state);
}

static void yield_corrupt(void *state)
{
	((yield_run *)state)->task[1].done -= 1;
}

static const wl_def yield_def = {
    .name = "yield",
    .description = "two tasks yield N/2 times each: the bare scheduler switch",
    .uses_chan = false,
    .setup = yield_setup,
    .run = yield_run_fn,
    .verify = yield_verify,
    .teardown = yield_teardown,
    .ops_field = WL_FIELD(yield_run, n),
    .corrupt = yield_corrupt,
};
WL_DEFINE(yield_def, yield_params)
