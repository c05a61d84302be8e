/*
 * faults.c — deliberately broken workloads, linked only into
 * build/corobench-faults (never into build/corobench), so that only the tests can
 * select them. Each breaks in one way the harness must survive: a crash inside a
 * task, a deadlock, a wrong answer, a failing setup. tests/e2e_faults.sh runs
 * them beside a healthy workload and checks that each yields a failure row with
 * its reason while the healthy one completes and is written.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../workloads/workload.h"

static const wl_param fault_params[] = {
    {"n", "operations (unused beyond ns/op)", 1000, 1000, 1, 1000000},
};

typedef struct fault_state {
	int64_t n;            /* what ops() reports          */
	rt_waitgroup wg;      /* joins the crashing task     */
	volatile int64_t sum; /* work for the verify fault   */
} fault_state;

static void *fault_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	fault_state *s = calloc(1, sizeof *s);
	if (s)
		s->n = ctx->params[0];
	return s;
}

static uint64_t fault_ops(void *state)
{
	return (uint64_t)((fault_state *)state)->n;
}
static void fault_teardown(void *state)
{
	free(state);
}
static bool fault_verify_ok(void *state, char *why, size_t len)
{
	(void)state;
	(void)why;
	(void)len;
	return true;
}

/* --- crash: a spawned task writes through a NULL pointer */
static void crash_task(void *arg)
{
	fault_state *s = arg;
	volatile int *volatile p = NULL;
	*p = 42; /* SIGSEGV inside a task, not in the harness */
	rt_wg_done(&s->wg);
}

static void crash_run(void *state, wl_measure *m)
{
	(void)m;
	fault_state *s = state;
	rt_wg_init(&s->wg);
	rt_wg_add(&s->wg, 1);
	rt_go(crash_task, s);
	rt_wg_wait(&s->wg);
}

static const workload fault_crash = {
    .name = "fault-crash",
    .description = "test only: a task dies of SIGSEGV",
    .params = fault_params,
    .nparams = 1,
    .setup = fault_setup,
    .run = crash_run,
    .verify = fault_verify_ok,
    .ops = fault_ops,
    .teardown = fault_teardown,
};
WL_REGISTER(fault_crash)

/* --- hang: the main task parks and nobody will ever ready it (a deadlock) */
static bool stay_parked(rt_task *self, void *arg)
{
	(void)self;
	(void)arg;
	return true;
}

static void hang_run(void *state, wl_measure *m)
{
	(void)state;
	(void)m;
	rt_park(stay_parked, NULL);
}

static const workload fault_hang = {
    .name = "fault-hang",
    .description = "test only: the main task deadlocks",
    .params = fault_params,
    .nparams = 1,
    .setup = fault_setup,
    .run = hang_run,
    .verify = fault_verify_ok,
    .ops = fault_ops,
    .teardown = fault_teardown,
};
WL_REGISTER(fault_hang)

/* --- verify: computes a sum, then reports it wrong */
static void sum_run(void *state, wl_measure *m)
{
	(void)m;
	fault_state *s = state;
	for (int64_t i = 0; i < s->n; i++)
		s->sum += i;
}

static bool wrong_verify(void *state, char *why, size_t len)
{
	fault_state *s = state;
	snprintf(why, len, "sum == %lld, want %lld (deliberately wrong)", (long long)s->sum,
	         (long long)s->sum + 1);
	return false;
}

static const workload fault_verify = {
    .name = "fault-verify",
    .description = "test only: the answer check fails",
    .params = fault_params,
    .nparams = 1,
    .setup = fault_setup,
    .run = sum_run,
    .verify = wrong_verify,
    .ops = fault_ops,
    .teardown = fault_teardown,
};
WL_REGISTER(fault_verify)

/* --- setup: refuses to start */
static void *failing_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	(void)ctx;
	snprintf(err, errlen, "setup refused (deliberately)");
	return NULL;
}

static const workload fault_setup_fails = {
    .name = "fault-setup",
    .description = "test only: setup fails",
    .params = fault_params,
    .nparams = 1,
    .setup = failing_setup,
    .run = sum_run,
    .verify = fault_verify_ok,
    .ops = fault_ops,
    .teardown = fault_teardown,
};
WL_REGISTER(fault_setup_fails)

/* --- flaky: the first round (child process) runs fine, every later one crashes.
 * The rounds of a configuration run one after the other, so a marker file
 * tells them apart: the first setup creates $COROBENCH_FAULT_MARK, a later one
 * finds it. Without the variable it never crashes. Shows that a configuration
 * with numbers and a failed round says so (summary.csv's failed_rounds). */
static bool later_round(void)
{
	const char *mark = getenv("COROBENCH_FAULT_MARK");
	if (!mark || !*mark)
		return false;
	FILE *f = fopen(mark, "r");
	if (f) {
		fclose(f);
		return true;
	}
	f = fopen(mark, "w");
	if (f)
		fclose(f);
	return false;
}

static void *flaky_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	fault_state *s = fault_setup(ctx, err, errlen);
	static int checked = -1; /* once per process: every repetition of a round alike */
	if (checked < 0)
		checked = later_round();
	if (s && checked) {
		volatile int *volatile p = NULL;
		*p = 42; /* SIGSEGV: a crashed round */
	}
	return s;
}

static const workload fault_flaky = {
    .name = "fault-flaky",
    .description = "test only: the first round runs, later rounds crash",
    .params = fault_params,
    .nparams = 1,
    .setup = flaky_setup,
    .run = sum_run,
    .verify = fault_verify_ok,
    .ops = fault_ops,
    .teardown = fault_teardown,
};
WL_REGISTER(fault_flaky)
