/*
 * yield.c — the bare switch through the scheduler.
 *
 * Definition (docs/WORKLOADS.md): two yielders per worker (2W tasks at -t W)
 * yield N times in all, N/2W each, while main waits on a wait group (pthreads:
 * sched_yield). Answer: every loop completed. n = N yields.
 *
 * Why two per worker: a yield is only a switch when another task is runnable
 * where it yields. With two tasks in all, two or more workers give each its own
 * worker, and a yield with nothing else runnable returns at once (gmp: 2-3 ns,
 * a check of the run queues), so "yield at -t 2" measured no switch at all.
 * With two per worker every worker has a partner to switch to. Stealing (gmp),
 * the kernel's balancing (pthreads) or Go's global run queue may still leave a
 * yielder alone for a while, so it is measured, not assumed:
 *
 * metric:switched_yields — the share of yields that resumed another task. Each
 * worker has a slot (a cache line) holding the id of the last task that yielded
 * on it. A yielder stores its id in its worker's slot, yields, and counts a
 * switch when the slot holds another id once it runs again: another task ran on
 * that worker in between (two tasks on one worker never run at once, so the
 * slot cannot be overwritten by a task merely running beside it). The worker is
 * the CPU (sched_getcpu: a thread for pthreads, an M for gmp; glibc reads it
 * from rseq, ~1 ns); the Go peer uses its P (wl_yield.go). Yields whose CPU
 * cannot be read are left out of the share (none on Linux >= 4.18 with glibc).
 *
 * For N not a multiple of 2W the first N mod 2W tasks yield once more, so
 * exactly N yields happen and ns/op divides by what ran. Each task counts its own
 * yields in its own cache line; verify() checks every count.
 *
 * Timed region: spawning the 2W tasks, the N yields, the wait.
 */
#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "wl_define.h"
#include "wl_setup.h"
#include "workload.h"

typedef struct yield_run yield_run;

typedef struct yield_task {
	yield_run *y;     /* the run                                       */
	int id;           /* 1-based: what it stores in a slot (0: nobody) */
	int64_t want;     /* yields this task must do                      */
	int64_t done;     /* yields it did                                 */
	int64_t switched; /* of them, yields after which another task ran  */
	int64_t unknown;  /* yields whose worker could not be read         */
	char pad[WL_CACHE_LINE - sizeof(yield_run *) - sizeof(int) - 4 * sizeof(int64_t) -
	         sizeof(int)]; /* own line */
} yield_task;
_Static_assert(sizeof(yield_task) == WL_CACHE_LINE, "yield_task: one cache line");

/* One worker's last yielder, alone in its cache line. */
typedef struct yield_slot {
	atomic_int last;                       /* id of the last task that yielded here */
	char pad[WL_CACHE_LINE - sizeof(int)]; /* own line                              */
} yield_slot;

struct yield_run {
	yield_task *task;    /* the 2W yielders (cache-line aligned)             */
	int ntasks;          /* 2W                                               */
	yield_slot *slot;    /* one per CPU index sched_getcpu may return        */
	int nslots;          /* their count                                      */
	int64_t n;           /* yields in total                                  */
	rt_waitgroup exited; /* yielders that returned                           */
	int go_error;        /* rt_go's error when it refused a task, else 0     */
};

static const wl_param yield_params[] = {
    /* quick: sched_yield costs ~0.3-1 us here, so 100,000 yields take 30-100 ms;
     * gmp (~50 ns) 5 ms. */
    {"n", "yields in total (N), split over two tasks per worker", 10000000, 100000, 2,
     100000000000},
};

static void yielder(void *arg)
{
	yield_task *t = arg;
	yield_run *y = t->y;
	int64_t i = 0, switched = 0, unknown = 0;
	for (; i < t->want; i++) {
		int c = sched_getcpu();
		if (c < 0 || c >= y->nslots) {
			rt_yield();
			unknown++;
			continue;
		}
		atomic_store_explicit(&y->slot[c].last, t->id, memory_order_relaxed);
		rt_yield();
		switched += atomic_load_explicit(&y->slot[c].last, memory_order_relaxed) != t->id;
	}
	t->done = i;
	t->switched = switched;
	t->unknown = unknown;
	rt_wg_done(&y->exited);
}

static void yield_teardown(void *state)
{
	yield_run *y = state;
	free(y->task);
	free(y->slot);
	free(y);
}

static void *yield_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	int ntasks = 2 * (ctx->workers > 0 ? ctx->workers : 1);
	if (!wl_tasks_fit(ctx, ntasks, err, errlen, "yield: %d yielders (two per worker)", ntasks))
		return NULL;
	yield_run *y = wl_calloc("yield", sizeof *y, err, errlen);
	if (!y)
		return NULL;
	y->n = ctx->params[0];
	y->ntasks = ntasks;
	/* sched_getcpu returns an index below the kernel's nr_cpu_ids, which the
	 * configured count may understate (possible but absent CPUs): CPU_SETSIZE
	 * slots (64 KiB) cover every machine glibc's cpu_set_t can describe */
	long conf = sysconf(_SC_NPROCESSORS_CONF);
	y->nslots = conf > CPU_SETSIZE ? (int)conf : CPU_SETSIZE;
	y->task = wl_alloc_lines(sizeof *y->task * (size_t)ntasks);
	y->slot = wl_alloc_lines(sizeof *y->slot * (size_t)y->nslots);
	if (!y->task || !y->slot) {
		snprintf(err, errlen, "yield: out of memory");
		yield_teardown(y);
		return NULL;
	}
	for (int i = 0; i < ntasks; i++)
		y->task[i] =
		    (yield_task){.y = y, .id = i + 1, .want = y->n / ntasks + (i < y->n % ntasks)};
	rt_wg_init(&y->exited);
	return y;
}

static void yield_run_fn(void *state, wl_measure *m)
{
	yield_run *y = state;
	for (int i = 0; i < y->ntasks; i++) {
		int rc = wl_go(&y->exited, yielder, &y->task[i]);
		if (rc != 0)
			y->go_error = rc;
	}
	rt_wg_wait(&y->exited);
	int64_t switched = 0, known = 0;
	for (int i = 0; i < y->ntasks; i++) {
		switched += y->task[i].switched;
		known += y->task[i].done - y->task[i].unknown;
	}
	if (known > 0)
		m->metric(m, "switched_yields", (double)switched / (double)known);
}

static bool yield_verify(void *state, char *why, size_t whylen)
{
	yield_run *y = state;
	if (y->go_error) {
		snprintf(why, whylen, "yield: cannot spawn a yielder (error %d)", y->go_error);
		return false;
	}
	int64_t total = 0;
	for (int i = 0; i < y->ntasks; i++) {
		const yield_task *t = &y->task[i];
		if (t->done != t->want || t->switched < 0 || t->unknown < 0 ||
		    t->switched + t->unknown > t->done) {
			snprintf(why, whylen,
			         "yield: task %d yielded %" PRId64 " times (want %" PRId64
			         "), %" PRId64 " switched, %" PRId64 " on an unknown worker",
			         i, t->done, t->want, t->switched, t->unknown);
			return false;
		}
		total += t->done;
	}
	if (total != y->n) {
		snprintf(why, whylen, "yield: %" PRId64 " yields in all, want %" PRId64, total,
		         y->n);
		return false;
	}
	return true;
}

static void yield_corrupt(void *state)
{
	yield_run *y = state;
	y->task[y->ntasks - 1].done -= 1;
}

static const wl_def yield_def = {
    .name = "yield",
    .description = "two tasks per worker yield N times in all: the bare scheduler switch",
    .uses_chan = false,
    .setup = yield_setup,
    .run = yield_run_fn,
    .verify = yield_verify,
    .teardown = yield_teardown,
    .ops_field = WL_FIELD(yield_run, n),
    .corrupt = yield_corrupt,
};
WL_DEFINE(yield_def, yield_params)
