/*
 * mutex.c — parking under contention: T tasks increment one counter under the
 * runtime's mutex.
 *
 * Definition (docs/WORKLOADS.md): T tasks each increment one shared counter N/T
 * times under the runtime's mutex (rt_mutex: gmp parks the G; on pthreads it parks
 * the thread on its futex word). Answer: counter == N. n = N increments.
 *
 * When T does not divide N the first N mod T tasks do one more, so exactly N
 * increments happen. The counter is a plain int64_t: only the mutex makes the
 * increments safe, so a broken mutex shows as a lost update in verify().
 *
 * Timed region: spawning the T tasks, the N increments, waiting for all T.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_setup.h"
#include "workload.h"

#define MUTEX_MAX_TASKS 4096 /* far above any contention level worth measuring */

enum { P_N, P_TASKS };

typedef struct mutex_run {
	rt_mutex lock;       /* the mutex under test                      */
	int64_t counter;     /* incremented only under lock               */
	int64_t n;           /* increments in total                       */
	int tasks;           /* T                                         */
	rt_waitgroup exited; /* tasks that returned                       */
	int go_error;        /* rt_go's error when it refused a task      */
} mutex_run;

typedef struct mutex_task {
	mutex_run *r;  /* the run                      */
	int64_t count; /* increments this task does     */
} mutex_task;

static const wl_param mutex_params[] = {
    /* quick: 4 threads on 2 CPUs hand the lock over through futexes often: ~0.3-2 us
     * an increment on pthreads, so 100,000 take 30-200 ms; gmp ~5 ms. */
    {"n", "increments in total (N)", 10000000, 100000, 1, 100000000000},
    {"tasks", "tasks sharing the mutex (T)", 4, 4, 1, MUTEX_MAX_TASKS},
};

static void incrementer(void *arg)
{
	mutex_task *t = arg;
	mutex_run *r = t->r;
	for (int64_t i = 0; i < t->count; i++) {
		rt_mutex_lock(&r->lock);
		r->counter++;
		rt_mutex_unlock(&r->lock);
	}
	rt_wg_done(&r->exited);
}

typedef struct mutex_state {
	mutex_run run;     /* shared by all tasks  */
	mutex_task task[]; /* one argument per task */
} mutex_state;

static void *mutex_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	int t = (int)ctx->params[P_TASKS];
	if (!wl_tasks_fit(ctx, t, err, errlen, "mutex: %d tasks", t))
		return NULL;
	mutex_state *s =
	    wl_calloc("mutex", sizeof *s + (size_t)t * sizeof(mutex_task), err, errlen);
	if (!s)
		return NULL;
	s->run.n = ctx->params[P_N];
	s->run.tasks = t;
	rt_mutex_init(&s->run.lock);
	rt_wg_init(&s->run.exited);
	for (int i = 0; i < t; i++)
		s->task[i] = (mutex_task){.r = &s->run, .count = s->run.n / t + (i < s->run.n % t)};
	return s;
}

static void mutex_run_fn(void *state, wl_measure *m)
{
	(void)m;
	mutex_state *s = state;
	for (int i = 0; i < s->run.tasks; i++) {
		int rc = wl_go(&s->run.exited, incrementer, &s->task[i]);
		if (rc != 0) {
			s->run.go_error = rc;
			break;
		}
	}
	rt_wg_wait(&s->run.exited);
}

static bool mutex_verify(void *state, char *why, size_t whylen)
{
	mutex_state *s = state;
	if (s->run.go_error) {
		snprintf(why, whylen, "mutex: cannot spawn a task (error %d)", s->run.go_error);
		return false;
	}
	if (s->run.counter != s->run.n) {
		snprintf(why, whylen, "mutex: counter=%" PRId64 " after %d tasks, want %" PRId64,
		         s->run.counter, s->run.tasks, s->run.n);
		return false;
	}
	return true;
}

static void mutex_teardown(void *state)
{
	free(state);
}

/* Beyond the declared ranges (called once they passed): more tasks than increments
 * would start a task with nothing to do, timing a spawn rather than the mutex. */
static bool mutex_check(const int64_t *params, char *err, size_t errlen)
{
	if (params[P_TASKS] > params[P_N]) {
		snprintf(err, errlen,
		         "mutex: tasks=%" PRId64 " exceeds n=%" PRId64
		         " (a task with nothing to do)",
		         params[P_TASKS], params[P_N]);
		return false;
	}
	return true;
}

static void mutex_corrupt(void *state)
{
	((mutex_state *)state)->run.counter -= 1;
}

static const wl_def mutex_def = {
    .name = "mutex",
    .description = "T tasks increment one counter N times in all under the runtime's mutex",
    .uses_chan = false,
    .check = mutex_check,
    .setup = mutex_setup,
    .run = mutex_run_fn,
    .verify = mutex_verify,
    .teardown = mutex_teardown,
    .ops_field = WL_FIELD(mutex_state, run.n),
    .corrupt = mutex_corrupt,
};
WL_DEFINE(mutex_def, mutex_params)
