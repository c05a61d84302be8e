/*
 * timer.c — each P's timer heap: Gs sleeping until a deadline (rt.h sleep_ns).
 *
 * What it promises
 *   - A sleeping G is added to the heap of the P it slept on, from g0 after its
 *     context is saved (the park callback), so a timer that fires early on
 *     another P can never resume a G that is still running.
 *   - Expired timers are run by the owner at every scheduling round, and by
 *     spinning Ps for a P that has not scheduled for a while (sched.c); Gs are
 *     readied in deadline order onto the tail of the runner's queue.
 *   - when0 is the earliest deadline, readable without the lock: an idle P's M
 *     sleeps until it (sched.c), and the common "no timers" check is one load.
 *   - Callback timers (netpoll.c's fd deadlines) run their function instead of
 *     readying a G, with the heap unlocked (the function takes the fd's lock,
 *     which the waiter holds while it adds the timer: the other order), and can
 *     be deleted through the gmp_tref the heap keeps current, so a deadline that
 *     did not fire leaves nothing behind (stop() waits for an empty heap).
 */
#include <stdio.h>
#include <stdlib.h>

#include "gmp.h"

/* Puts x at h[i], keeping its owner's reference current. */
static inline void put(gmp_timer *h, int i, gmp_timer x)
{
	h[i] = x;
	if (x.ref)
		x.ref->idx = i;
}

static void sift_up(gmp_timer *h, int i)
{
	gmp_timer x = h[i];
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (h[parent].when <= x.when)
			break;
		put(h, i, h[parent]);
		i = parent;
	}
	put(h, i, x);
}

static void sift_down(gmp_timer *h, int n, int i)
{
	gmp_timer x = h[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1].when < h[c].when)
			c++;
		if (x.when <= h[c].when)
			break;
		put(h, i, h[c]);
		i = c;
	}
	put(h, i, x);
}

/* Removes h[i] (lock held); returns it. */
static gmp_timer take(gmp_timers *t, int i)
{
	gmp_timer x = t->heap[i];
	if (x.ref)
		x.ref->idx = -1;
	if (i != --t->n) {
		put(t->heap, i, t->heap[t->n]);
		sift_down(t->heap, t->n, i);
		sift_up(t->heap, i);
	}
	return x;
}

static void add(gmp_p *p, gmp_timer x)
{
	gmp_timers *t = &p->timers;
	gmp_lock_acquire(&t->lock);
	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 64;
		gmp_timer *h = realloc(t->heap, (size_t)cap * sizeof *h);
		if (!h) {
			fprintf(stderr, "corobench: gmp: out of memory for the timer heap\n");
			abort();
		}
		t->heap = h;
		t->cap = cap;
	}
	if (x.ref)
		__atomic_store_n(&x.ref->p, p, __ATOMIC_RELEASE); /* gmp_timers_del reads it */
	put(t->heap, t->n, x);
	sift_up(t->heap, t->n++);
	atomic_store(&t->when0, t->heap[0].when);
	gmp_lock_release(&t->lock);
}

void gmp_timers_add(gmp_p *p, gmp_g *g, uint64_t when)
{
	add(p, (gmp_timer){.when = when, .g = g});
}

void gmp_timers_add_fn(gmp_p *p, uint64_t when, gmp_timer_fn fn, void *arg, uint64_t seq,
                       gmp_tref *ref)
{
	add(p, (gmp_timer){.when = when, .fn = fn, .arg = arg, .seq = seq, .ref = ref});
}

void gmp_timers_del(gmp_tref *ref)
{
	for (;;) {
		gmp_p *p = __atomic_load_n(&ref->p, __ATOMIC_ACQUIRE);
		if (!p)
			return;
		gmp_timers *t = &p->timers;
		gmp_lock_acquire(&t->lock);
		if (__atomic_load_n(&ref->p, __ATOMIC_RELAXED) !=
		    p) { /* moved to another heap meanwhile (a spare retired) */
			gmp_lock_release(&t->lock);
			continue;
		}
		if (ref->idx >= 0) {
			take(t, ref->idx);
			atomic_store(&t->when0, t->n ? t->heap[0].when : 0);
		}
		__atomic_store_n(&ref->p, NULL, __ATOMIC_RELAXED);
		gmp_lock_release(&t->lock);
		return;
	}
}

int gmp_timers_run(gmp_p *p, gmp_p *into, uint64_t now)
{
	gmp_timers *t = &p->timers;
	uint64_t w = atomic_load_explicit(&t->when0, memory_order_relaxed);
	if (w == 0 || w > now)
		return 0;
	int n = 0;
	gmp_lock_acquire(&t->lock);
	while (t->n > 0 && t->heap[0].when <= now) {
		gmp_timer x = take(t, 0);
		if (!x.fn) {
			/* runnext when it is free (Go's timers goready into runnext): a
			 * sleeper runs as soon as the P schedules, not behind every G in the
			 * ring (the wakeup workload, 4 hogs on one P: median lateness 49 ms
			 * at the ring's tail, 9.1 ms now, the rest of the running hog's
			 * slice). Never displacing a G already there: that one is a hand-off
			 * in flight, and a kick would queue it behind whatever waits in the
			 * ring (syscall at one P, the pair's partner queued behind the hog:
			 * 20 us a round trip, not 0.2). */
			gmp_ready_on(into, x.g,
			             !atomic_load_explicit(&into->runnext, memory_order_relaxed));
			n++;
			continue;
		}
		gmp_lock_release(&t->lock); /* fn takes an fd's lock: see the top */
		n += x.fn(x.arg, x.seq, into);
		gmp_lock_acquire(&t->lock);
	}
	atomic_store(&t->when0, t->n ? t->heap[0].when : 0);
	gmp_lock_release(&t->lock);
	return n;
}

void gmp_timers_move(gmp_p *from, gmp_p *to)
{
	gmp_lock_acquire(&from->timers.lock);
	while (from->timers.n > 0)
		add(to, from->timers.heap[--from->timers.n]); /* updates x.ref */
	atomic_store(&from->timers.when0, 0);
	gmp_lock_release(&from->timers.lock);
}

void gmp_timers_fini(gmp_p *p)
{
	free(p->timers.heap);
	p->timers.heap = NULL;
	p->timers.n = p->timers.cap = 0;
	atomic_store(&p->timers.when0, 0);
}
