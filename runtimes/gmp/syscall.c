/*
 * syscall.c — a G that blocks in a system call hands its P to another M, as Go's
 * entersyscall/exitsyscall/handoffp do, so -t N workers keep running Gs while some
 * Ms sleep in the kernel.
 *
 * The protocol (Go's, with gmp's Ms)
 *   - entersyscall (rt_syscall_enter, called by the G just before a call that may
 *     block): the P's status becomes P_SYSCALL with a release store. From then on
 *     the P is free: nobody runs it, and whoever wins a CAS P_SYSCALL -> P_RUNNING
 *     owns it. Its queues stay as they were; spinning Ps may steal from them.
 *   - exitsyscall (rt_syscall_exit): the G's M tries that CAS. Won (the call was
 *     short, or nobody needed the P): it goes on, two atomic operations in all.
 *     Lost (sysmon handed the P to another M): the G goes to the global run queue
 *     with a wakep (an idle P takes it, as Go's exitsyscall0 takes an idle P), and
 *     this M becomes a spare: it sleeps, without a P, until a hand-off needs it.
 *     A G never runs without a P, so at most -t Gs run at once.
 *   - the hand-off (gmp_retake, sysmon): a P in the same call for one more look
 *     (GMP_SYSCALL_GRACE_NS: Go retakes after one sysmon tick, 20 us or more) with
 *     work waiting on it (the same test as preemption's: runnext, ring, a timer
 *     due, or global work and no idle P) gets a spare M: an idle one, or a new
 *     thread while fewer than GMP_MAX_SPARES extra Ms exist (each is a 256-KiB
 *     stack). sysmon wins the CAS, binds P and M (p->m, m->p), pins the M to the
 *     P's CPU set and wakes it, spinning. The spare is then simply the P's M; the
 *     M that made the call becomes a spare when it returns.
 *   Any M may win the CAS, not only the one whose G made the call: a P handed to
 *   M2, whose own G then enters a call, is P_SYSCALL again, and M1 returning from
 *   its older call may take it. That is right (the P is free) and the loser finds
 *   out at its own CAS.
 *
 * Between enter and exit the G calls nothing of gmp's (rt.h) and is never
 * preempted (preempt.c's rule 2): its M is in the kernel or about to be, and its
 * P may be someone else's. It reads errno before exit: after a lost CAS it may
 * resume on another thread.
 *
 * What it costs: nothing for a G that makes no call (no other path reads these
 * states but sysmon, stealing and stop's quiescence check). A call: a relaxed
 * increment, two stores and a CAS. A hand-off: a futex wake (or a thread
 * creation, the first times), and for the G that made the call a trip through
 * the global queue.
 *
 * What was rejected: lending a spare P beside the blocked one (gmp before issue
 * 20): once the call returned, both Ps ran Gs until the spare found itself idle,
 * so -t 1 ran two workers at once.
 */
#include "preempt.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

/* How long a call must last before its P is handed off: Go retakes a P after one
 * sysmon tick (20 us at the fastest). Shorter calls never pay a hand-off. */
#define GMP_SYSCALL_GRACE_NS 20000ull

void gmp_entersyscall(void)
{
	gmp_m *m = gmp_getm();
	if (!m || !m->curg)
		return; /* outside any G: nothing to hand off */
	gmp_p *p = m->p;
	atomic_store_explicit(&m->incall, true, memory_order_relaxed);
	atomic_store_explicit(&p->syscalltick,
	                      atomic_load_explicit(&p->syscalltick, memory_order_relaxed) + 1,
	                      memory_order_relaxed);
	atomic_store_explicit(&p->status, P_SYSCALL, memory_order_release);
}

/* Puts m on the spare list and sleeps until a hand-off gives it a P; from g0. */
static GMP_NORETURN void spare_wait(gmp_m *m)
{
	__atomic_store_n(&m->p, NULL, __ATOMIC_RELAXED);
	gmp_lock_acquire(&gmp_s.lock);
	m->sparelink = gmp_s.mspare;
	gmp_s.mspare = m;
	gmp_lock_release(&gmp_s.lock);
	for (;;) {
		gmp_note_sleep(&m->park, 0);
		if (atomic_load(&gmp_s.stopping))
			gmp_mexit(m);
		if (__atomic_load_n(&m->p, __ATOMIC_ACQUIRE))
			break;
	}
	m->spinning = true; /* counted by the hand-off */
	gmp_schedule(m);
}

/* g0 half of a lost exitsyscall: the G waits in the global queue for a P. */
static void exitsyscall_m(void *arg)
{
	gmp_g *g = arg;
	gmp_m *m = gmp_getm();
	gmp_g0_enter(m);
	gmp_stack_check(g);
	atomic_store_explicit(&m->incall, false, memory_order_relaxed);
	atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_relaxed);
	gmp_globrunqput(g);
	gmp_wakep();
	spare_wait(m);
}

void gmp_exitsyscall(void)
{
	gmp_m *m = gmp_getm();
	if (!m || !m->curg || !atomic_load_explicit(&m->incall, memory_order_relaxed))
		return;
	gmp_p *p = m->p;
	int s = P_SYSCALL;
	if (__builtin_expect(atomic_compare_exchange_strong_explicit(&p->status, &s, P_RUNNING,
	                                                             memory_order_acq_rel,
	                                                             memory_order_relaxed),
	                     1)) {
		if (__atomic_load_n(&p->m, __ATOMIC_RELAXED) != m)
			__atomic_store_n(&p->m, m,
			                 __ATOMIC_RELEASE); /* taken from another M's call */
		atomic_store_explicit(&m->incall, false, memory_order_relaxed);
		return;
	}
	gmp_switch(m, m->curg, exitsyscall_m);
}

/* An idle spare M, or a new one (not started, not counted yet); NULL when the
 * extra Ms are all in use. sysmon only. */
static gmp_m *spare_get(void)
{
	gmp_lock_acquire(&gmp_s.lock);
	gmp_m *m = gmp_s.mspare;
	if (m)
		gmp_s.mspare = m->sparelink;
	gmp_lock_release(&gmp_s.lock);
	if (m)
		return m;
	int n = atomic_load(&gmp_s.nallm);
	if (n >= gmp_s.nprocs + GMP_MAX_SPARES)
		return NULL;
	m = aligned_alloc(GMP_CACHELINE, sizeof *m);
	if (!m)
		return NULL;
	memset(m, 0, sizeof *m);
	m->id = n;
	return m;
}

static void spare_unget(gmp_m *m)
{
	if (!m->started) {
		free(m);
		return;
	}
	gmp_lock_acquire(&gmp_s.lock);
	m->sparelink = gmp_s.mspare;
	gmp_s.mspare = m;
	gmp_lock_release(&gmp_s.lock);
}

bool gmp_retake(gmp_p *p, gmp_pwatch *w, uint64_t now, uint64_t *again)
{
	*again = 0;
	uint32_t sc = atomic_load_explicit(&p->syscalltick, memory_order_relaxed);
	if (sc != w->sctick || w->sc_since == 0) { /* a call sysmon has not seen yet */
		w->sctick = sc;
		w->sc_since = now;
		*again = now + GMP_SYSCALL_GRACE_NS;
		return false;
	}
	if (now - w->sc_since < GMP_SYSCALL_GRACE_NS) {
		*again = w->sc_since + GMP_SYSCALL_GRACE_NS;
		return false;
	}
	if (!gmp_work_waiting(p, now))
		return false;
	gmp_m *sm = spare_get();
	if (!sm)
		return false;
	int s = P_SYSCALL;
	if (!atomic_compare_exchange_strong_explicit(&p->status, &s, P_RUNNING,
	                                             memory_order_acq_rel, memory_order_relaxed)) {
		spare_unget(sm); /* the call returned meanwhile */
		return false;
	}
	gmp_m *old = __atomic_load_n(&p->m, __ATOMIC_RELAXED);
	__atomic_store_n(&sm->p, p, __ATOMIC_RELAXED);
	__atomic_store_n(&p->m, sm, __ATOMIC_RELEASE);
	atomic_fetch_add(&gmp_s.nmspinning, 1); /* it wakes spinning, as a woken M */
	if (!sm->started) {
		gmp_s.allm[sm->id] = sm;
		atomic_store_explicit(&gmp_s.nallm, sm->id + 1, memory_order_release);
		if (gmp_mstart(sm) != 0) { /* no thread: the P goes back to its call */
			atomic_fetch_sub(&gmp_s.nmspinning, 1);
			__atomic_store_n(&sm->p, NULL, __ATOMIC_RELAXED);
			__atomic_store_n(&p->m, old, __ATOMIC_RELAXED);
			atomic_store_explicit(&p->status, P_SYSCALL, memory_order_release);
			return false; /* sm stays in allm, never started: freed at stop */
		}
	} else {
		gmp_mpin(sm->thread, p->id);
	}
	atomic_fetch_add_explicit(&gmp_s.nhandoff, 1, memory_order_relaxed);
	/* The spare's first G starts a slice now: the time the P spent in the call
	 * is not held against the Gs that waited through it (preempt.c). */
	w->tick_since = w->head_since = w->asked = now;
	gmp_note_wakeup(&sm->park);
	return true;
}
