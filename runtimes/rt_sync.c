/*
 * rt_sync.c — the spin lock's slow path, wait groups and mutexes of rt.h, written
 * once over rt_park/rt_ready so that they run unchanged on every runtime.
 *
 * Design
 *   The spin lock guards critical sections of a few dozen instructions (a queue
 *   push, a counter update): about 50-100 ns even with a cache miss. Its slow path
 *   backs off with rt_backoff (rt.h): RT_BACKOFF_SPINS pauses, then a sched_yield,
 *   repeated until the lock is free. It never parks: the lock is not a task-level
 *   lock, and the holder is always running code (park's unlock callback releases
 *   the lock of a task going to sleep), so a holder that does not release within a
 *   few microseconds has been preempted by the kernel, or shares our CPU, and
 *   yielding is what lets it finish.
 *
 *   The wait group is Go's sync.WaitGroup: add(delta) moves the counter, wait()
 *   parks until it is zero, the transition to zero releases every waiter at once.
 *   A negative counter is a bug in the caller (Go panics): we abort with a message.
 *   Waiters are detached from the queue under the lock and readied after it is
 *   released, so a waiter readied first cannot contend on the lock with the waker.
 *
 *   The mutex is Go's sync.Mutex: a normal (barging) mode and a starvation mode.
 *   Normal mode: unlock clears `held` and readies the first parked waiter (one at a
 *   time: `woken` says one is on its way), which then competes with running tasks
 *   for the lock; a running task that asks while the lock is free takes it at once
 *   (barging), so under contention the lock moves between running tasks without a
 *   wake-up per hand-over. A woken waiter that loses re-parks at the head of the
 *   queue. Starvation mode: a waiter that has waited more than 1 ms (Go's
 *   starvationThresholdNs) sets `starving`; then unlock hands ownership directly to
 *   the head waiter (`held` stays true, nobody barges) until the waiter handed the
 *   lock is the last one or waited less than 1 ms. No timer is needed: the waiters
 *   read the clock when they park and when they are woken.
 *   Why not hand-off only (what this file did first): every unlock with a waiter
 *   then waits for a wake-up while the lock sits idle, a convoy. Measured with the
 *   mutex workload (T = 4, quick size) on a 16-core VM: gmp 2,820 ns per increment
 *   at two workers against 28 ns at one, Go 68 ns at two.
 *
 *   Rejected: parking inside rt_spin_lock (a spin lock guarding a few instructions
 *   does not need it, and park itself takes these locks on some runtimes).
 */
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>

/* Mutex spinning before parking: Go's sync.Mutex does 4 rounds of 30 PAUSEs
 * (runtime_doSpin, active_spin = 4, active_spin_cnt = 30); same here, ~4 us on the
 * reference machine, well under the ~30 us a futex sleep + cross-vCPU wake costs. */
#define MUTEX_SPIN_ROUNDS 4
#define MUTEX_SPIN_PAUSES 30

void rt_spin_lock_slow(rt_spinlock *l)
{
	for (unsigned spins = 0; !rt_spin_trylock(l);)
		rt_backoff(&spins);
}

bool rt_unlock_spinlock(rt_task *self, void *lock)
{
	(void)self;
	rt_spin_unlock(lock);
	return true;
}

/* A waiter lives on the parked task's stack and may vanish as soon as it is
 * readied: read next and task first. */
void rt_ready_all(rt_waiter *w, int status)
{
	while (w) {
		rt_waiter *next = w->next;
		rt_task *t = w->task;
		w->status = status;
		rt_ready(t);
		w = next;
	}
}

/* ---- Wait group */

void rt_wg_init(rt_waitgroup *wg)
{
	wg->lock = (rt_spinlock){0};
	wg->count = 0;
	wg->waiters = (rt_waitq){0};
}

void rt_wg_add(rt_waitgroup *wg, int64_t delta)
{
	rt_spin_lock(&wg->lock);
	int64_t v = wg->count + delta;
	if (v < 0) {
		fprintf(stderr, "corobench: rt_wg_add: negative wait group counter (%lld + %lld)\n",
		        (long long)wg->count, (long long)delta);
		abort();
	}
	wg->count = v;
	rt_waiter *released = NULL;
	if (v == 0) {
		released = wg->waiters.head;
		wg->waiters = (rt_waitq){0};
	}
	rt_spin_unlock(&wg->lock);
	rt_ready_all(released, 0);
}

void rt_wg_done(rt_waitgroup *wg)
{
	rt_wg_add(wg, -1);
}

void rt_wg_wait(rt_waitgroup *wg)
{
	rt_spin_lock(&wg->lock);
	if (wg->count == 0) {
		rt_spin_unlock(&wg->lock);
		return;
	}
	rt_waiter w = {.task = rt_self()};
	rt_waitq_push(&wg->waiters, &w);
	rt_park(rt_unlock_spinlock, &wg->lock);
}

/* ---- Mutex. `held` is read without the spin lock while spinning, so every access
 * to it is atomic (relaxed: the spin lock orders the real hand-over). */

static bool held(const rt_mutex *m)
{
	return __atomic_load_n(&m->held, __ATOMIC_RELAXED);
}
static void set_held(rt_mutex *m, bool v)
{
	__atomic_store_n(&m->held, v, __ATOMIC_RELAXED);
}

void rt_mutex_init(rt_mutex *m)
{
	m->lock = (rt_spinlock){0};
	set_held(m, false);
	m->starving = false;
	m->woken = false;
	m->waiters = (rt_waitq){0};
}

/* What unlock tells the waiter it readies (rt_waiter.status). */
enum { MUTEX_RETRY, MUTEX_HANDED };

/* Go's starvationThresholdNs: a waiter kept out longer than this turns hand-off on. */
#define MUTEX_STARVATION_NS 1000000

void rt_mutex_lock(rt_mutex *m)
{
	uint64_t wait_start = 0; /* when this task first parked; 0: not yet */
	bool awoke = false;      /* readied by a normal-mode unlock          */
	for (;;) {
		for (int round = 0;; round++) {
			rt_spin_lock(&m->lock);
			if (awoke) { /* our retry is under way: unlock may wake another */
				m->woken = false;
				awoke = false;
			}
			if (!held(m) && !m->starving) {
				set_held(m, true);
				rt_spin_unlock(&m->lock);
				return;
			}
			if (round == MUTEX_SPIN_ROUNDS || m->starving)
				break; /* park, with m->lock held */
			rt_spin_unlock(&m->lock);
			for (int i = 0; i < MUTEX_SPIN_PAUSES && held(m); i++)
				rt_cpu_relax();
		}
		rt_waiter w = {.task = rt_self()};
		if (wait_start == 0) {
			wait_start = rt_nanotime();
			rt_waitq_push(&m->waiters, &w);
		} else {
			/* A woken waiter that lost: back to the head, as Go's LIFO re-queue,
			 * and if it has been kept out too long, no more barging. */
			if (rt_nanotime() - wait_start > MUTEX_STARVATION_NS)
				m->starving = true;
			rt_waitq_push_front(&m->waiters, &w);
		}
		rt_park(rt_unlock_spinlock, &m->lock);
		if (w.status == MUTEX_HANDED) {
			/* Starvation hand-off: we own it (held stayed true). Leave starvation
			 * mode when nobody else waits or we did not wait long (Go's rule). */
			rt_spin_lock(&m->lock);
			if (!m->waiters.head || rt_nanotime() - wait_start < MUTEX_STARVATION_NS)
				m->starving = false;
			rt_spin_unlock(&m->lock);
			return;
		}
		awoke = true;
	}
}

void rt_mutex_unlock(rt_mutex *m)
{
	rt_spin_lock(&m->lock);
	if (!held(m)) {
		rt_spin_unlock(&m->lock);
		fprintf(stderr, "corobench: rt_mutex_unlock of an unlocked mutex\n");
		abort();
	}
	rt_waiter *w = NULL;
	if (m->starving && (w = rt_waitq_pop(&m->waiters))) {
		w->status = MUTEX_HANDED; /* held stays true: w owns the mutex */
	} else {
		if (m->starving)
			m->starving = false; /* nobody left to hand to */
		set_held(m, false);
		if (!m->woken && (w = rt_waitq_pop(&m->waiters))) {
			m->woken = true;
			w->status = MUTEX_RETRY;
		}
	}
	rt_spin_unlock(&m->lock);
	if (w)
		rt_ready(w->task);
}
