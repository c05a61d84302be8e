/*
 * runq.h — the owner's side of a P's run queue, inline: these run in every switch
 * (runq.c has the thieves' side, overflow and the global queue).
 *
 * runnext without locked instructions
 *   Go CASes runnext on both sides because thieves may take it. Here the owner
 *   reads and writes it with plain loads and stores inside a tiny critical section
 *   announced in rn_busy, and a thief -- which takes runnext only from a victim that
 *   has not scheduled for a while (sched.c), a rare event -- pays instead: it raises
 *   rn_steal, issues membarrier(PRIVATE_EXPEDITED) (a full fence on every running
 *   thread of the process), waits until rn_busy is clear and then exchanges
 *   runnext. Either the owner's critical section started after that fence and sees
 *   rn_steal (and uses an atomic exchange), or it started before and the thief sees
 *   rn_busy and waits for it (an asymmetric Dekker handshake, as liburcu and
 *   Folly's hazard pointers use). On x86-64 the owner side costs two plain stores
 *   and a load; a CAS costs ~8 ns here. Where membarrier is missing, rn_steal stays
 *   1 for good and both sides use atomic exchanges.
 */
#ifndef GMP_RUNQ_H
#define GMP_RUNQ_H

#include "gmp.h"

#define GMP_RQ_MASK (GMP_RUNQ_SIZE - 1)

void gmp_runqput_slow(gmp_p *p, gmp_g *g); /* ring full: half of it goes global */

/* Replaces runnext with g (NULL: takes it); returns the previous occupant. Owner only. */
GMP_INLINE gmp_g *gmp_runnext_swap(gmp_p *p, gmp_g *g)
{
	gmp_g *old;
	atomic_store_explicit(&p->rn_busy, 1, memory_order_relaxed);
	atomic_signal_fence(memory_order_seq_cst);
	/* acquire: after a thief clears rn_steal we must see the runnext it left */
	if (__builtin_expect(atomic_load_explicit(&p->rn_steal, memory_order_acquire) == 0, 1)) {
		old = atomic_load_explicit(&p->runnext, memory_order_relaxed);
		/* release: a thief's exchange that takes g must also see what was
		 * written into g before (gmp_go's fn/arg, a parked G's context via its
		 * waker). Free on x86 (a MOV); an STLR on arm64. Relaxed would lean on
		 * the thief's membarrier alone, which C11 does not know about. */
		atomic_store_explicit(&p->runnext, g, memory_order_release);
	} else {
		old = atomic_exchange(&p->runnext, g);
	}
	atomic_store_explicit(&p->rn_busy, 0, memory_order_release);
	return old;
}

/* Puts g at the ring's tail. Owner only. */
GMP_INLINE void gmp_runq_tail(gmp_p *p, gmp_g *g)
{
	uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
	uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
	if (__builtin_expect(t - h < GMP_RUNQ_SIZE, 1)) {
		atomic_store_explicit(&p->runq[t & GMP_RQ_MASK], g, memory_order_relaxed);
		atomic_store_explicit(&p->runqtail, t + 1, memory_order_release);
		return;
	}
	gmp_runqput_slow(p, g);
}

/* Makes g runnable on p: in runnext (its previous occupant goes to the tail) or at
 * the tail. Returns true when the ring grew (work another P could steal). */
GMP_INLINE bool gmp_runqput(gmp_p *p, gmp_g *g, bool next)
{
	if (next && !(g = gmp_runnext_swap(p, g)))
		return false;
	gmp_runq_tail(p, g);
	return true;
}

/* The next G to run from p's own queues: runnext, then the ring's head. */
GMP_INLINE gmp_g *gmp_runqget(gmp_p *p)
{
	if (atomic_load_explicit(&p->runnext, memory_order_relaxed)) {
		gmp_g *g = gmp_runnext_swap(p, NULL);
		if (g) /* NULL: a thief was quicker */
			return g;
	}
	for (;;) {
		uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
		uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
		if (t == h)
			return NULL;
		gmp_g *g = atomic_load_explicit(&p->runq[h & GMP_RQ_MASK], memory_order_relaxed);
		if (atomic_compare_exchange_weak_explicit(
		        &p->runqhead, &h, h + 1, memory_order_release, memory_order_relaxed)) {
			/* The next G is usually cold (queued long ago: spawn, skynet);
			 * fetch it while this one runs. A stale slot is harmless. */
			if (h + 1 != t)
				__builtin_prefetch(atomic_load_explicit(
				    &p->runq[(h + 1) & GMP_RQ_MASK], memory_order_relaxed));
			return g;
		}
	}
}

#endif
