/*
 * rt_gmp.c — gmp's rt.h table: start, stop and run_main, around the operations of
 * park.c. Registers the runtime as "gmp".
 *
 * What it promises
 *   - start(cfg): cfg->workers Ps and as many Ms, each M pinned to
 *     cfg->pin_sets[i] when given (a failed pin fails start with its errno);
 *     returns once every M has run on_thread_start. Stack size: cfg->stack_size
 *     rounded up to pages (at least GMP_MIN_STACK), 0 = GMP_DEFAULT_STACK.
 *   - run_main(fn, arg) runs fn as a G (with a GMP_MAIN_STACK stack, kept across
 *     calls) and returns when fn has returned and the G is off its stack. Gs fn
 *     spawned may still be alive; they keep running on the Ps meanwhile.
 *   - stop() first lets the Gs that can still make progress finish: it waits until
 *     the runtime is quiescent -- every P idle, no G runnable, no G sleeping on a
 *     timer (Go's "all goroutines are asleep" condition). Then it ends every M,
 *     runs on_thread_exit on each, and frees every G, stack, P and M, the Gs still
 *     parked included: those can never run again (only a task can ready a task),
 *     so "shutdown with blocked Gs" drops them. A G that never blocks keeps stop()
 *     waiting, as it would keep a pthread join waiting.
 *   - Preemption (cfg->preempt_off false, the default): a G that keeps waiting
 *     work off its P for 10 ms is stopped (preempt.c); off, gmp is cooperative.
 *   - Blocking system calls bracketed by rt_syscall_enter/exit hand their P to
 *     another M when they last and work waits (syscall.c); an unbracketed one
 *     holds its P and M (Go's RawSyscall), other Ps steal its queued Gs.
 *   - stats: preemptions, deferred preemption signals, hand-offs (rt_stats).
 */
#include <errno.h>
#include <stdio.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "asan.h"
#include "gmp.h"
#include "netpoll.h"
#include "preempt.h"

/* 64 KiB: room for libc (printf needs a few KiB) and the deepest recursion the
 * workloads use (fib below its cutoff), while a shallow G touches one 4-KiB page:
 * only touched pages cost memory. ASan's redzones triple frame sizes. */
#if GMP_ASAN
#define GMP_DEFAULT_STACK (256u << 10)
#else
#define GMP_DEFAULT_STACK (64u << 10)
#endif
#define GMP_MIN_STACK (16u << 10)
/* The main task runs the harness's setup/verify code: give it more. */
#define GMP_MAIN_STACK (1u << 20)

gmp_p *gmp_p_new(int id)
{
	gmp_p *p = aligned_alloc(GMP_CACHELINE, sizeof *p);
	if (!p)
		return NULL;
	memset(p, 0, sizeof *p);
	p->id = id;
	p->rand = 0x9e3779b97f4a7c15ull * (uint64_t)(id + 1) | 1;
	p->globcheck = GMP_GLOBAL_PERIOD;
	atomic_store(&p->rn_steal, gmp_s.asym ? 0 : 1); /* runq.h */
	return p;
}

void gmp_p_free(gmp_p *p)
{
	if (!p)
		return;
	gmp_timers_fini(p);
	free(p);
}

static void teardown(void)
{
	int n = atomic_load(&gmp_s.nallp);
	for (int i = 0; i < n; i++)
		gmp_p_free(gmp_s.allp[i]);
	n = atomic_load(&gmp_s.nallm);
	for (int i = 0; i < n; i++)
		free(gmp_s.allm[i]);
	free(gmp_s.allp);
	free(gmp_s.allm);
	free((void *)gmp_s.pin_sets);
	free(gmp_s.gq);
	if (gmp_s.main_stack_hi)
		gmp_stack_unmap_private(gmp_s.main_stack_hi, gmp_s.main_stack_size);
	gmp_netpoll_fini();
	gmp_gpool_fini();
	gmp_stack_fini();
	memset(&gmp_s, 0, sizeof gmp_s);
}

static void stop_threads(void)
{
	atomic_store(&gmp_s.stopping, true);
	gmp_sysmon_stop();
	gmp_wake_all();
	int n = atomic_load(&gmp_s.nallm);
	for (int i = 0; i < n; i++)
		gmp_mjoin(gmp_s.allm[i]);
	gmp_preempt_stop();
}

static int gmp_start(const rt_config *cfg, const rt_thread_hooks *hooks)
{
	if (gmp_s.allp)
		return -EBUSY; /* one runtime per process at a time (rt.h) */
	if (!cfg || cfg->workers < 1 || cfg->workers > GMP_MAX_PROCS)
		return -EINVAL;
	memset(&gmp_s, 0, sizeof gmp_s);
	int np = cfg->workers;
	size_t ss = cfg->stack_size ? cfg->stack_size : GMP_DEFAULT_STACK;
	if (ss < GMP_MIN_STACK)
		ss = GMP_MIN_STACK;
	gmp_stack_init(ss);
	gmp_s.nprocs = np;
	gmp_s.stack_size = gmp_stack_usable();
	gmp_s.main_stack_size = ss > GMP_MAIN_STACK ? ss : GMP_MAIN_STACK;
	if (hooks) {
		gmp_s.hooks_copy = *hooks;
		gmp_s.hooks = &gmp_s.hooks_copy;
	}
	gmp_s.allp = calloc((size_t)np, sizeof *gmp_s.allp);
	gmp_s.allm = calloc((size_t)(np + GMP_MAX_SPARES), sizeof *gmp_s.allm);
	if (!gmp_s.allp || !gmp_s.allm)
		goto nomem;
	if (cfg->pin_sets) {
		cpu_set_t *sets = malloc((size_t)np * sizeof *sets);
		if (!sets)
			goto nomem;
		memcpy(sets, cfg->pin_sets, (size_t)np * sizeof *sets);
		gmp_s.pin_sets = sets;
	}
	gmp_ctx_init_fp();
	gmp_s.asym = gmp_runq_init_asym();
	for (int i = 0; i < np; i++) {
		gmp_p *p = gmp_p_new(i);
		gmp_m *m = aligned_alloc(GMP_CACHELINE, sizeof *m);
		if (m)
			memset(m, 0, sizeof *m);
		gmp_s.allp[i] = p;
		gmp_s.allm[i] = m;
		atomic_store(&gmp_s.nallp, i + 1);
		atomic_store(&gmp_s.nallm, i + 1);
		if (!p || !m)
			goto nomem;
		m->id = i;
		m->p = p;
		p->m = m;
	}
	for (int i = np - 1; i >= 0; i--) { /* all idle; P0 is the first woken */
		gmp_p *p = gmp_s.allp[i];
		atomic_store(&p->status, P_IDLE);
		p->idlelink = gmp_s.pidle;
		gmp_s.pidle = p;
	}
	atomic_store(&gmp_s.npidle, np);
	int prc = gmp_preempt_start(!cfg->preempt_off); /* before the Ms: their signal stacks */
	if (prc) {
		teardown();
		return prc;
	}
	for (int i = 0; i < np; i++) {
		int rc = gmp_mstart(gmp_s.allm[i]);
		if (rc) {
			stop_threads();
			teardown();
			return rc;
		}
	}
	unsigned started;
	while ((started = atomic_load(&gmp_s.mstarted)) < (unsigned)np)
		syscall(SYS_futex, &gmp_s.mstarted, FUTEX_WAIT_PRIVATE, started, NULL, NULL, 0);
	int rc = atomic_load(&gmp_s.mstart_err);
	if (!rc)
		rc = gmp_sysmon_start();
	if (rc) {
		stop_threads();
		teardown();
		return rc;
	}
	return 0;
nomem:
	teardown();
	return -ENOMEM;
}

/* Every P idle, nothing queued, no timer pending: no G can ever run again. */
static bool quiescent(void)
{
	if (atomic_load(&gmp_s.runqsize) != 0)
		return false;
	int n = atomic_load(&gmp_s.nallp);
	for (int i = 0; i < n; i++) {
		gmp_p *p = gmp_s.allp[i];
		if (atomic_load(&p->status) != P_IDLE || gmp_timers_next(p) != 0 ||
		    !gmp_runqempty(p))
			return false;
	}
	return true;
}

static void gmp_stop(void)
{
	if (!gmp_s.allp)
		return;
	/* Poll: 50 us at first (a test's stop is usually immediate), backing off to
	 * 1 ms so a long drain costs no CPU. */
	for (long wait = 50000; !quiescent(); wait = wait < 1000000 ? 2 * wait : wait)
		nanosleep(&(struct timespec){.tv_nsec = wait}, NULL);
	stop_threads();
	teardown();
}

static int gmp_run_main(rt_fn fn, void *arg)
{
	if (gmp_getm())
		return -EDEADLK; /* from inside a G: the caller would wait for itself */
	if (!gmp_s.allp)
		return -EINVAL;
	if (!gmp_s.main_stack_hi) {
		gmp_s.main_stack_hi = gmp_stack_map_private(gmp_s.main_stack_size);
		if (!gmp_s.main_stack_hi)
			return -ENOMEM;
	}
	gmp_g *g = gmp_gfget(NULL);
	if (!g)
		return -ENOMEM;
	g->fn = fn;
	g->arg = arg;
	g->main = true;
	g->stack_hi = gmp_s.main_stack_hi;
	if (GMP_ASAN)
		gmp_asan_unpoison(g->stack_hi - gmp_g_stack_size(g), gmp_g_stack_size(g));
	gmp_ctx_make(&g->ctx, g->stack_hi, gmp_gstart);
#if GMP_TSAN
	if (!g->tsan_fiber)
		g->tsan_fiber = gmp_tsan_fiber_get();
#endif
	atomic_store(&g->status, G_RUNNABLE);
	gmp_globrunqput(g);
	gmp_wakep();
	gmp_note_sleep(&gmp_s.main_note, 0);
	return 0;
}

static void gmp_stats(rt_stats *out)
{
	out->preemptions = atomic_load_explicit(&gmp_s.npreempt, memory_order_relaxed);
	out->deferred = atomic_load_explicit(&gmp_s.ndeferred, memory_order_relaxed);
	out->spares = atomic_load_explicit(&gmp_s.nhandoff, memory_order_relaxed);
}

/* RT_CAP_PREEMPT: workload code is preempted (preempt.c) unless started with
 * preempt_off. */
static const rt_runtime gmp_runtime = {
    .name = "gmp",
    .description = "Go-style M:N coroutines: G/M/P, work stealing, asm context switch",
    .caps = RT_CAP_MANY_TASKS | RT_CAP_PREEMPT | RT_CAP_PREEMPT_OFF,
    .max_live_tasks = 10000000,
    .start = gmp_start,
    .stop = gmp_stop,
    .run_main = gmp_run_main,
    .go = gmp_go,
    .yield = gmp_yield,
    .self = gmp_self,
    .sleep_ns = gmp_sleep_ns,
    .park = gmp_park,
    .ready = gmp_ready,
    .syscall_enter = gmp_entersyscall,
    .syscall_exit = gmp_exitsyscall,
    .stats = gmp_stats,
    .fd_open = gmp_fd_open,
    .fd_wait = gmp_fd_wait,
    .fd_close = gmp_fd_close,
    .fd_num = gmp_fd_num,
};

RT_REGISTER(gmp_runtime)
