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
 */
#include <stdio.h>
#include <stdlib.h>

#include "gmp.h"

static void sift_up(gmp_timer *h, int i)
{
	gmp_timer x = h[i];
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (h[parent].when <= x.when)
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = x;
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
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

void gmp_timers_add(gmp_p *p, gmp_g *g, uint64_t when)
{
	gmp_timers *t = &p->timers;
	gmp_lock_acquire(&t->lock);
	if (t->n == t->cap) {
		int cap = t->cap ? 2 * t->cap : 64;
		gmp_timer *h = realloc(t->heap, (size_t)cap * sizeof *h);
		if (!h) {
			fprintf(stderr, "gmp: out of memory for the timer heap\n");
			abort();
		}
		t->heap = h;
		t->cap = cap;
	}
	t->heap[t->n] = (gmp_timer){.when = when, .g = g};
	sift_up(t->heap, t->n++);
	atomic_store(&t->when0, t->heap[0].when);
	gmp_lock_release(&t->lock);
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
		gmp_g *g = t->heap[0].g;
		t->heap[0] = t->heap[--t->n];
		if (t->n > 0)
			sift_down(t->heap, t->n, 0);
		/* runnext when it is free (Go's timers goready into runnext): a sleeper
		 * runs as soon as the P schedules, not behind every G in the ring (the
		 * wakeup workload, 4 hogs on one P: median lateness 49 ms at the ring's
		 * tail, 9.1 ms now, the rest of the running hog's slice). Never
		 * displacing a G already there: that one is a hand-off in flight, and a
		 * kick would queue it behind whatever waits in the ring (syscall at one
		 * P, the pair's partner queued behind the hog: 20 us a round trip, not
		 * 0.2). */
		gmp_ready_on(into, g, !atomic_load_explicit(&into->runnext, memory_order_relaxed));
		n++;
	}
	atomic_store(&t->when0, t->n ? t->heap[0].when : 0);
	gmp_lock_release(&t->lock);
	return n;
}

void gmp_timers_move(gmp_p *from, gmp_p *to)
{
	gmp_lock_acquire(&from->timers.lock);
	while (from->timers.n > 0) {
		gmp_timer x = from->timers.heap[--from->timers.n];
		gmp_timers_add(to, x.g, x.when);
	}
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
