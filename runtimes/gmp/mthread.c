/*
 * mthread.c — the Ms: one OS thread per P (plus spares that take the P of an M
 * blocked in a system call, syscall.c), each pinned to its P's CPU set, running
 * the harness's thread hooks, and using its own thread stack as g0, the scheduler
 * stack.
 *
 * What it promises
 *   - An M pins itself (pthread_setaffinity_np to the pin plan's set for its P)
 *     and then calls on_thread_start, before it runs any G; on_thread_exit runs
 *     on it after its last G, when stop() ends it.
 *   - g0 is the top part of the thread's stack below the thread's own frame: the
 *     M enters g0 with gmp_mcall, saving its own context in m->base, and leaves it
 *     (gmp_mexit) by resuming m->base, so the thread function returns normally.
 *   - A new M starts idle: it sleeps on its note until wakep or sysmon hands it
 *     work, and then runs as a spinning M. A spare is created already pinned to
 *     the CPU set of the P it is made for (no migration for the counters to see).
 *   - With preemption on, each M has a signal stack (preempt.c).
 */
#include <errno.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "asan.h"
#include "tsan.h"
#include "gmp.h"
#include "preempt.h"

/* An M's thread stack: g0 runs the scheduler, park callbacks (short: a spinlock
 * release, a wait-queue push) and the thread hooks. 256 KiB is ample; ASan's
 * redzones and fake frames need more. */
#if GMP_ASAN
#define M_STACK (4u << 20)
#else
#define M_STACK (256u << 10)
#endif
/* Room left above g0 for the thread function's frame and the registers gmp_mcall
 * saves there (checked at the first entry to g0). */
#define G0_MARGIN (16u << 10)

__thread gmp_m *gmp_tls_m;

gmp_m *gmp_getm_slow(void)
{
	return gmp_tls_m;
}

int gmp_mpin(pthread_t t, int set)
{
	if (!gmp_s.pin_sets)
		return 0;
	return -pthread_setaffinity_np(t, sizeof(cpu_set_t), &gmp_s.pin_sets[set]);
}

static void m_g0_main(void *arg)
{
	gmp_m *m = arg;
	gmp_g0_enter(m);
	if ((char *)m->base.sp <= m->g0_sp) {
		fprintf(stderr, "corobench: gmp: M %d: g0 would overlap its thread's frame\n",
		        m->id);
		abort();
	}
	atomic_fetch_add(&gmp_s.mstarted, 1);
	syscall(SYS_futex, &gmp_s.mstarted, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	/* Start idle (start() or sysmon put the P where a waker finds it). */
	bool woken = gmp_note_sleep(&m->park, 0);
	if (woken && !atomic_load(&gmp_s.stopping))
		m->spinning = true;
	gmp_schedule(m);
}

static void *m_main(void *arg)
{
	gmp_m *m = arg;
	gmp_tls_m = m;
	m->tid = (pid_t)syscall(SYS_gettid);
	if (m->id < gmp_s.nprocs) {
		int rc = gmp_mpin(pthread_self(), m->id);
		int zero = 0;
		if (rc)
			atomic_compare_exchange_strong(&gmp_s.mstart_err, &zero, rc);
	}
	const rt_thread_hooks *h = gmp_s.hooks;
	if (h && h->on_thread_start)
		h->on_thread_start(h->arg);
	gmp_preempt_mstart(m);

	pthread_attr_t attr;
	void *lo = NULL;
	size_t size = 0;
	if (pthread_getattr_np(pthread_self(), &attr) == 0) {
		pthread_attr_getstack(&attr, &lo, &size);
		pthread_attr_destroy(&attr);
	}
	m->g0_lo = lo;
	m->g0_size = size;
	m->g0_sp = (char *)(((uintptr_t)__builtin_frame_address(0) - G0_MARGIN) & ~(uintptr_t)15);

	m->g0_fiber = gmp_tsan_current(); /* base and g0 share the thread: one fiber */
	gmp_asan_start(&m->base_fake, m->g0_lo, m->g0_size);
	gmp_mcall(&m->base, m, m_g0_main, m->g0_sp);
	gmp_asan_finish(m->base_fake);

	gmp_preempt_mexit(m);
	if (h && h->on_thread_exit)
		h->on_thread_exit(h->arg);
	gmp_tls_m = NULL;
	return NULL;
}

GMP_NORETURN void gmp_mexit(gmp_m *m)
{
	if (m->spinning) {
		m->spinning = false;
		atomic_fetch_sub(&gmp_s.nmspinning, 1);
	}
	gmp_asan_start(&m->g0_fake, m->g0_lo, m->g0_size);
	if (GMP_ASAN && m->g0_lo) /* g0's abandoned frames lie below the thread's frame */
		gmp_asan_unpoison(m->g0_lo, (size_t)((char *)m->base.sp - (char *)m->g0_lo));
	gmp_gogo(&m->base);
}

int gmp_mstart(gmp_m *m)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, M_STACK);
	gmp_p *p = __atomic_load_n(&m->p, __ATOMIC_RELAXED);
	if (m->id >= gmp_s.nprocs && p && gmp_s.pin_sets) /* a spare, made for p */
		pthread_attr_setaffinity_np(&attr, sizeof(cpu_set_t), &gmp_s.pin_sets[p->id]);
	int rc = pthread_create(&m->thread, &attr, m_main, m);
	pthread_attr_destroy(&attr);
	if (rc)
		return -rc;
	m->started = true;
	return 0;
}

void gmp_mjoin(gmp_m *m)
{
	if (m->started)
		pthread_join(m->thread, NULL);
	m->started = false;
}
