/* chan_lock.c — the lock's slow path: take the word, revoking a bias (chan_lock.h). */
#include "chan_lock.h"

#include "../rt.h"

void chan_lock_slow(chan_lock *l, const chan_guard_rec *me)
{
	for (unsigned spins = 0;; rt_backoff(&spins)) {
		uint32_t w = atomic_load_explicit(&l->word, memory_order_relaxed);
		if ((w & CHAN_LOCK_TAKEN) || !atomic_compare_exchange_weak_explicit(
		                                 &l->word, &w, w | CHAN_LOCK_TAKEN,
		                                 memory_order_acquire, memory_order_relaxed))
			continue;
		if ((w & CHAN_LOCK_BIASED) && (w >> CHAN_LOCK_IDSHIFT) != me->id) {
			/* Revoke: after this fence the bias holder either sees TAKEN (and
			 * backs off) or its held is visible here (wait until it leaves). */
			chan_fence_heavy();
			for (unsigned s = 0;
			     atomic_load_explicit(&l->held, memory_order_acquire) != 0;)
				rt_backoff(&s);
		}
		return;
	}
}
