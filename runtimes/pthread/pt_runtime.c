/*
 * pt_runtime.c — the `pthread` runtime: one OS thread per task, the baseline every
 * other runtime is held against. This file is its rt_runtime table, start/stop,
 * yield and sleep; threads, park/ready, CPUs and limits live in their own files
 * (pt.h lists them).
 *
 * Decisions
 *   - -t is the number of CPUs the task threads are confined to (pt_cpus.c).
 *   - go() threads get PT_DEFAULT_STACK unless cfg->stack_size says otherwise.
 *   - max_live_tasks is measured from this machine at start (pt_limits.c), since
 *     it depends on the stack size; it is also computed once at load so that
 *     `corobench list` can show it.
 *   - caps: RT_CAP_PREEMPT (the kernel preempts threads); not RT_CAP_MANY_TASKS.
 */
#include "pt.h"

#include <errno.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

/* Default stack of a go() thread: 256 KiB. Workload tasks are shallow (a loop of
 * channel operations, fib below its cutoff: a few KiB), but the thread hooks run on
 * these threads too (perf_event_open + libpfm4 encoding, formatted messages: tens of
 * KiB) and sanitizer builds roughly triple frame sizes. Only touched pages cost
 * memory; the 256 KiB are address space (2.5 GiB for the 10,000-thread cap, nothing
 * on a 48-bit address space), versus glibc's 8 MiB default (80 GiB). */
#define PT_DEFAULT_STACK (256u << 10)

pt_state pt;

static rt_runtime pthread_runtime;

static size_t page_round(size_t n)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t p = page > 0 ? (size_t)page : 4096;
	size_t min = (size_t)PTHREAD_STACK_MIN; /* a sysconf() call in glibc >= 2.34 */
	if (n < min)
		n = min;
	return (n + p - 1) / p * p;
}

static int pt_start(const rt_config *cfg, const rt_thread_hooks *hooks)
{
	if (pt.started)
		return -EBUSY;
	int rc = pt_cpus_choose(cfg, &pt.cpus, &pt.ncpus);
	if (rc != 0)
		return rc;
	pt.hooks = hooks ? *hooks : (rt_thread_hooks){0};
	pt.stack_size = page_round(cfg->stack_size ? cfg->stack_size : PT_DEFAULT_STACK);
	pt.spin_limit = pt_spin_calibrate(pt.ncpus);
	pthread_runtime.max_live_tasks = pt_limits_live_tasks(pt.stack_size);
	rc = pt_threads_setup();
	if (rc != 0)
		return rc;
	pt.started = 1;
	return 0;
}

static void pt_stop(void)
{
	if (!pt.started)
		return;
	pt_threads_teardown(); /* every go() thread has finished */
	pt.started = 0;
	pt.hooks = (rt_thread_hooks){0};
	pt.spin_limit = 0;
}

static void pt_yield(void)
{
	sched_yield();
}

/* Sleeps until an absolute CLOCK_MONOTONIC deadline, so signals (EINTR) neither
 * shorten nor stretch the sleep. */
static void pt_sleep_ns(uint64_t ns)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	uint64_t sum = (uint64_t)t.tv_nsec + ns % 1000000000u;
	t.tv_sec += (time_t)(ns / 1000000000u + sum / 1000000000u);
	t.tv_nsec = (long)(sum % 1000000000u);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
		;
}

static rt_runtime pthread_runtime = {
    .name = "pthread",
    .description = "one OS thread per task; park/ready on a per-thread futex word",
    .caps = RT_CAP_PREEMPT,
    .start = pt_start,
    .stop = pt_stop,
    .run_main = pt_run_main,
    .go = pt_go,
    .yield = pt_yield,
    .self = pt_self,
    .sleep_ns = pt_sleep_ns,
    .park = pt_park,
    .ready = pt_ready,
};

__attribute__((constructor)) static void pt_register(void)
{
	pthread_runtime.max_live_tasks = pt_limits_live_tasks(PT_DEFAULT_STACK);
	rt_register(&pthread_runtime);
}
