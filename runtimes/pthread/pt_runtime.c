/*
 * pt_runtime.c — the `pthread` runtime: one OS thread per task, the baseline every
 * other runtime is held against. This file is its rt_runtime table, start/stop,
 * yield and sleep, and the design note below; threads, park/ready, CPUs and limits
 * live in their own files (pt.h lists them).
 *
 * What one park and one ready cost (the protocol is pt_park.c's; numbers from
 * tests/test_pt_floor.c on the reference 2-vCPU KVM guest, quiet, medians)
 *   - park, when the task really sleeps: one FUTEX_WAIT (130 ns as a bare system
 *     call) and one context switch away from the task. With two CPUs or more it
 *     first spins up to 5 us (adaptive, pt_park.c); a ready that lands during the
 *     spin, or before the park got that far, ends it with no system call and no
 *     switch.
 *   - ready of a sleeping task: one FUTEX_WAKE (84 ns bare) that puts the task on
 *     a run queue; it runs when its CPU picks it, which on one CPU is when the
 *     waker blocks (see SCHED_BATCH below), and on an idle vCPU costs an IPI and a
 *     VM entry. Ready of a task not yet asleep: one atomic exchange, nothing else.
 *   - so one blocking hand-off costs 2 system calls and 1 switch, and a pingpong
 *     round trip 4 and 2: 1.86-1.95 us on one CPU through any unbuffered channel,
 *     against 1.82 us for two threads doing the same 4 futex calls by hand (the
 *     futex floor: ~0.45 us of system calls, ~0.7 us per switch with its wake-up).
 *     A ring hop is 1 switch, 1.07-1.13 us. Across two vCPUs a sleeping partner's
 *     wake is the cost: 45-56 us per round trip pinned apart (the vCPU halts).
 *
 * Why the task threads run SCHED_BATCH (pt_thread.c sets it)
 *   On one CPU the kernel preempts a SCHED_OTHER waker in favour of the thread it
 *   wakes whenever the wakee's deadline is earlier (wake-up preemption), which
 *   after a channel hand-off it usually is. For a rendezvous that is the wrong
 *   order: the woken partner's next step needs its waker (pingpong's partner sends
 *   back on b before main got to recv(b)), so it parks again at once, and the
 *   waker runs only to ready it again. Measured before the change: 3.63 switches
 *   per pingpong round trip instead of 2 (perf sched: the extra ones are the
 *   waker leaving the CPU runnable, preempted inside its FUTEX_WAKE), 1.05-1.4 per
 *   ring hop instead of 1, and 2.5-2.6 us per round trip (3.2-3.4 with counters).
 *
 *   SCHED_BATCH threads do not wake-up-preempt ("BATCH and IDLE tasks do not
 *   preempt others", check_preempt_wakeup_fair in kernel/sched/fair.c; CFS had the
 *   same rule): a readied task waits until its waker blocks or uses up its slice,
 *   as a readied G waits in Go's runnext. Otherwise the policy is SCHED_OTHER's
 *   (same nice, same fair share, no privilege needed). Now 2.00 switches per round
 *   trip, 1.00 per hop. What it costs: a woken thread that shares its CPU with a
 *   waker that keeps computing waits for the tick (a slice, ~0.7-3 ms) instead of
 *   running at once, and the task threads never preempt another process on
 *   waking, so on a loaded machine they wait for the tick more often.
 *
 *   The futex floor under SCHED_OTHER is faster, 1.41 us: there the woken thread
 *   does preempt, finds its partner's post already made (a one-way post needs no
 *   partner), and its waker then finds its own word posted: 2 system calls per
 *   round trip instead of 4. A rendezvous cannot post ahead (the send completes
 *   only with a receiver), so its floor is the 4-call one.
 *
 *   Rejected: a deferred FUTEX_WAKE (ready only records the task; the waker wakes
 *   it when it next parks): a waker that goes on computing, blocks in a system
 *   call of its own or exits would have to flush it on every path, and with no
 *   bound on the delay; with wake-up preemption kept, it would make pingpong
 *   cheaper but leave every ring member runnable in its flush, to be scheduled
 *   again only to sleep (2 switches per hop). Parking by sched_yield on one CPU
 *   (no FUTEX_WAKE at all): a parked thread stays runnable, so every switch would
 *   visit every parked thread (503 in ring). A wake-and-wait in one call: not in
 *   mainline futex; io_uring's linked futex wake + wait needs a ring per thread
 *   and is disabled in many containers, not what the baseline should depend on.
 *   docs/THREADS-BASELINE.md has the evidence, and every workload's switches per
 *   op before and after against the fewest its definition needs.
 *
 * Decisions
 *   - -t is the number of CPUs the task threads are confined to (pt_cpus.c).
 *   - Task threads run SCHED_BATCH (above) when the process runs SCHED_OTHER (a
 *     policy chosen with chrt is kept); if the kernel refuses it they run
 *     SCHED_OTHER and pay the extra switches.
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
    .description = "one OS thread per task, SCHED_BATCH; park/ready on a per-thread futex word",
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
    .fd_open = pt_fd_open,
    .fd_wait = pt_fd_wait,
    .fd_close = pt_fd_close,
    .fd_num = pt_fd_num,
};

__attribute__((constructor)) static void pt_register(void)
{
	pthread_runtime.max_live_tasks = pt_limits_live_tasks(PT_DEFAULT_STACK);
	rt_register(&pthread_runtime);
}
