/*
 * rt_sync.c — the spin lock's slow path, wait groups and mutexes of rt.h, written
 * once over rt_park/rt_ready so that they run unchanged on every runtime.
 *
 * Design
 *   The spin lock guards critical sections of a few dozen instructions (a queue
 *   push, a counter update): about 50-100 ns even with a cache miss. Its slow path
 *   spins SPIN_LOCK_SPINS times, then gives the CPU away (sched_yield) and spins
 *   again. It never parks: the lock is not a task-level lock, and the holder is
 *   always running code (park's unlock callback releases the lock of a task going
 *   to sleep), so a holder that does not release within a few microseconds has been
 *   preempted by the kernel, or shares our CPU, and yielding is what lets it finish.
 *
 *   The wait group is Go's sync.WaitGroup: add(delta) moves the counter, wait()
 *   parks until it is zero, the transition to zero releases every waiter at once.
 *   A negative counter is a bug in the caller (Go panics): we abort with a message.
 *   Waiters are detached from the queue under the lock and readied after it is
 *   released, so a waiter readied first cannot contend on the lock with the waker.
 *
 *   The mutex is Go's sync.Mutex without its normal (barging) mode: it always runs
 *   in what Go calls starvation mode. Hand-off policy: unlock with parked waiters
 *   keeps `held` true and hands ownership to the oldest waiter (FIFO), so no newcomer
 *   can barge past a woken waiter and nobody starves. The price is the lock convoy:
 *   under contention every hand-off waits for a wake-up (a futex wake across vCPUs is
 *   ~30 us on the reference machine, a G switch ~100 ns on gmp) while the lock sits
 *   idle. Barging (Go's normal mode) is faster under contention but unfair, and its
 *   starvation fallback needs a timer; we chose the predictable policy, and spin
 *   briefly before parking so that short critical sections rarely reach the queue.
 *
 *   Rejected: parking inside rt_spin_lock (a spin lock guarding a few instructions
 *   does not need it, and park itself takes these locks on some runtimes).
 */
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>

/* Spins of the spin lock's slow path before each sched_yield. One rt_cpu_relax
 * (PAUSE) is ~32 ns on the reference AMD EPYC VM (10-140 cycles elsewhere), so 64
 * spins are ~2 us here: twenty times the longest critical section we guard. A holder
 * still holding after that is not running, and only yielding helps it. */
#define SPIN_LOCK_SPINS 64

/* Mutex spinning before parking: Go's sync.Mutex does 4 rounds of 30 PAUSEs
 * (runtime_doSpin, active_spin = 4, active_spin_cnt = 30); same here, ~4 us on the
 * reference machine, well under the ~30 us a futex sleep + cross-vCPU wake costs. */
#define MUTEX_SPIN_ROUNDS 4
#define MUTEX_SPIN_PAUSES 30

void rt_spin_lock_slow(rt_spinlock *l)
{
	for (;;) {
		for (int i = 0; i < SPIN_LOCK_SPINS; i++) {
			if (rt_spin_trylock(l))
				return;
			rt_cpu_relax();
		}
		sched_yield();
	}
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
	m->waiters = (rt_waitq){0};
}

void rt_mutex_lock(rt_mutex *m)
{
	for (int round = 0;; round++) {
		rt_spin_lock(&m->lock);
		if (!held(m)) {
			set_held(m, true);
			rt_spin_unlock(&m->lock);
			return;
		}
		if (round == MUTEX_SPIN_ROUNDS)
			break; /* still held: park, with m->lock held */
		rt_spin_unlock(&m->lock);
		for (int i = 0; i < MUTEX_SPIN_PAUSES && held(m); i++)
			rt_cpu_relax();
	}
	rt_waiter w = {.task = rt_self()};
	rt_waitq_push(&m->waiters, &w);
	rt_park(rt_unlock_spinlock, &m->lock);
	/* Readied by rt_mutex_unlock: it handed us the mutex with held still true. */
}

void rt_mutex_unlock(rt_mutex *m)
{
	rt_spin_lock(&m->lock);
	if (!held(m)) {
		rt_spin_unlock(&m->lock);
		fprintf(stderr, "corobench: rt_mutex_unlock of an unlocked mutex\n");
		abort();
	}
	rt_waiter *w = rt_waitq_pop(&m->waiters);
	if (!w)
		set_held(m, false);
	rt_spin_unlock(&m->lock);
	if (w)
		rt_ready(w->task); /* hand-off: held stays true, w now owns the mutex */
}
