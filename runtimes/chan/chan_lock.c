/* chan_lock.c — the lock's slow paths: take the word, revoking a bias; the end of a
 * run (chan_lock.h). */
#include "chan_lock.h"

#include "../rt.h"

/* 64, 1024, 16384 acquisitions in a row bias a lock with 0, 1, 2 strikes (the
 * first of them sets the run, the last finds it at 0); with 3, never (a full run,
 * so that the slow path looks only once per 16384). */
uint32_t chan_lock_run0[4] = {
    (CHAN_LOCK_BIAS_AFTER - 2) * CHAN_LOCK_RUN1,
    (16 * CHAN_LOCK_BIAS_AFTER - 2) * CHAN_LOCK_RUN1,
    (256 * CHAN_LOCK_BIAS_AFTER - 2) * CHAN_LOCK_RUN1,
    CHAN_LOCK_RUNS,
};
_Static_assert(256 * CHAN_LOCK_BIAS_AFTER - 2 <= 0x3fff, "the run field has 14 bits");

/* The end of a run: bias the lock to me, or (three strikes, no membarrier, no id)
 * start a full run again, so that the next 16383 acquisitions stay on the fast
 * CAS path (with the run left at 0, every later one came here: mpmc at two
 * workers, once its lock had three strikes, took this slow path for 70 million
 * acquisitions in 80 million, 24 ns a message against 16 before the bias). */
static uint32_t run_over(uint32_t w, const chan_guard_rec *me)
{
	uint32_t strikes = w & CHAN_LOCK_STRIKES;
	if (strikes != CHAN_LOCK_STRIKES && chan_barrier_asym && me->id < CHAN_GUARD_NOID)
		return me->bword | strikes;
	return w | CHAN_LOCK_RUNS;
}

void chan_lock_slow(chan_lock *l, chan_guard_rec *me)
{
	for (unsigned spins = 0;; rt_backoff(&spins)) {
		uint32_t w = atomic_load_explicit(&l->word, memory_order_relaxed);
		if (w & CHAN_LOCK_TAKEN)
			continue;
		bool revoke = (w & CHAN_LOCK_BIASED) && (w >> CHAN_LOCK_IDSHIFT) != me->id;
		uint32_t next;
		if (revoke) { /* one more strike, and a run of ours */
			uint32_t strikes = w & CHAN_LOCK_STRIKES;
			if (strikes != CHAN_LOCK_STRIKES)
				strikes += CHAN_LOCK_STRIKE1;
			next = strikes | me->idword | chan_lock_run0[strikes / CHAN_LOCK_STRIKE1];
		} else if (w & CHAN_LOCK_BIASED) { /* our own bias, taken the slow way */
			next = w;
		} else if (!(next = chan_lock_next(w, me))) {
			next = run_over(w, me);
		}
		if (!atomic_compare_exchange_weak_explicit(&l->word, &w, next | CHAN_LOCK_TAKEN,
		                                           memory_order_acquire,
		                                           memory_order_relaxed))
			continue;
		if (revoke) {
			/* After this fence the bias holder either sees TAKEN (and backs off)
			 * or its inside mark is visible here: wait until it leaves. */
			chan_guard_rec *holder =
			    chan_guard_by_id((uint16_t)(w >> CHAN_LOCK_IDSHIFT));
			chan_fence_heavy();
			for (unsigned s = 0;
			     atomic_load_explicit(&holder->inside, memory_order_acquire) == l;)
				rt_backoff(&s);
		}
		return;
	}
}
