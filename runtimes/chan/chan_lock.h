/*
 * chan_lock.h — the go variant's channel lock: a spin lock that biases itself to a
 * thread that keeps taking it. The bias holder then takes and releases it with
 * plain stores, no locked instruction; any other thread revokes the bias first,
 * for the price of one membarrier.
 *
 * Why
 *   With one gmp worker every task runs on one OS thread, and every channel
 *   operation took its lock with an xchg: four per ping-pong round trip, 10.6 of
 *   60 ns on the dev machine, the largest single item of the hand-off
 *   (docs/GMP-FLOOR.md). Nothing else was taking those locks: a lock taken over
 *   and over by one thread is the common case of a channel used by the tasks of
 *   one worker (any hand-off chain that runnext keeps on its P), and it is the
 *   case biased locking (Kawachiya et al., OOPSLA 2002; Dice et al.'s quickly
 *   reacquirable locks) makes free. The channel stays Go's: one lock guards
 *   everything; only the lock's implementation changed.
 *
 * The lock word
 *     bit 0       TAKEN: held through the word (a CAS took it)
 *     bit 1       BIASED: free for the bias holder (the id below), and for nobody
 *                 else without a revocation
 *     bits 2-3    strikes: revocations so far (saturates at 3)
 *     bits 4-17   run: how many times in a row the id below took the word
 *     bits 18-31  id: the bias holder, or the last thread that took the word
 *   and `held`: the bias holder's id while it is inside through the bias, else 0.
 *   Only the bias holder writes `held`. Thread ids are chan_guard_rec's (small,
 *   unique among live threads; CHAN_GUARD_NOID is never biased to).
 *
 * Protocol (an asymmetric Dekker handshake, as gmp's runnext and chan_barrier.h)
 *   - Bias holder k, fast path: if the word says BIASED|k: held = k; a compiler
 *     barrier; if the word still says BIASED|k it is inside; else held = 0 and the
 *     slow path. Release: held = 0 (release).
 *   - Everyone else, and k when the fast path fails: CAS TAKEN into a word without
 *     it. If the word was biased to another thread, revoke: heavy fence
 *     (membarrier: a full barrier on every running thread of the process), then
 *     wait until held is 0. Either the holder's second word load came after that
 *     barrier and saw TAKEN (it backs off), or its held store came before it and
 *     is seen here (we wait until it leaves). Release: store the word's next state.
 *   - Which release: `held == my id`. (A holder that revoked may see the old bias
 *     holder's held set for a moment while that one backs off; never its own id.)
 *   - Biasing: a thread that took the word CHAN_LOCK_BIAS_AFTER << 4 * strikes
 *     times in a row (64, 1024, 16384) releases it as BIASED|itself; after three
 *     revocations a lock stays unbiased. A lock thus costs at most three heavy
 *     fences (~2-3 us each here) in its life, however its users move between
 *     threads, and a lock passed between threads (a pthread ping-pong, fib's
 *     one-shot channels) is never biased: it costs a plain spin lock (one CAS)
 *     plus a compare.
 *   - Without membarrier (chan_barrier.h) nothing is ever biased.
 *
 * What it asks of callers: release on the thread that took the lock. Both runtimes
 * run park's unlock callback on the parking task's thread (gmp on g0 of the same
 * M), and nothing parks or yields while holding a channel lock. (A preemption
 * that moved a task between threads inside a channel's critical section would
 * break this, as it would break the spin lock's promise of short sections.)
 */
#ifndef COROBENCH_CHAN_LOCK_H
#define COROBENCH_CHAN_LOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "chan_barrier.h"
#include "chan_guard.h"

/* Acquisitions in a row before a lock first biases itself; 16x more after each
 * revocation. 64: a one-worker ring of 503 channels runs biased after 64 laps,
 * and a lock shared by two threads rarely sees one of them 64 times in a row. */
#define CHAN_LOCK_BIAS_AFTER 64u

#define CHAN_LOCK_TAKEN   1u
#define CHAN_LOCK_BIASED  2u
#define CHAN_LOCK_STRIKE1 (1u << 2) /* one revocation */
#define CHAN_LOCK_STRIKES (3u << 2)
#define CHAN_LOCK_RUN1    (1u << 4) /* one in the run field */
#define CHAN_LOCK_RUNS    (0x3fffu << 4)
#define CHAN_LOCK_IDSHIFT 18

/* 8 bytes, with the channel's closed flag in the last two: lock and flag then fit
 * in one line with the channel's header and wait queues (chan_go.c's layout). */
typedef struct chan_lock {
	atomic_uint word;      /* TAKEN | BIASED | strikes | run | id (above)          */
	_Atomic uint16_t held; /* the bias holder's id while inside by the bias, or 0 */
	uint16_t closed;       /* not the lock's: the channel's closed flag (go_chan)  */
} chan_lock;

/* The word of a lock biased to thread id and free, strikes masked out. */
static inline uint32_t chan_lock_biased_word(uint16_t id)
{
	/* NOID: TAKEN set, and no word with its strikes masked out equals it */
	return id >= CHAN_GUARD_NOID ? 0xffffffffu
	                             : (uint32_t)id << CHAN_LOCK_IDSHIFT | CHAN_LOCK_BIASED;
}

static inline const chan_guard_rec *chan_lock_me(void)
{
	const chan_guard_rec *r = chan_guard_mine_get();
	if (__builtin_expect(!r, 0))
		r = chan_guard_register();
	return r;
}

void chan_lock_slow(chan_lock *l, const chan_guard_rec *me);

/* Takes l if that needs no waiting and no revocation: through the bias, or by one
 * CAS of a free word that is not biased to another thread. */
static inline bool chan_lock_try(chan_lock *l, const chan_guard_rec *me)
{
	uint32_t b = me->bword;
	uint32_t w = atomic_load_explicit(&l->word, memory_order_relaxed);
	if ((w & ~CHAN_LOCK_STRIKES) == b) {
		atomic_store_explicit(&l->held, me->id, memory_order_relaxed);
		/* chan_fence_light() without its test: a biased lock implies membarrier */
		atomic_signal_fence(memory_order_seq_cst);
		w = atomic_load_explicit(&l->word, memory_order_acquire);
		if (__builtin_expect((w & ~CHAN_LOCK_STRIKES) == b, 1))
			return true;
		atomic_store_explicit(&l->held, 0, memory_order_relaxed);
		return false;
	}
	return !(w & (CHAN_LOCK_TAKEN | CHAN_LOCK_BIASED)) &&
	       atomic_compare_exchange_strong_explicit(&l->word, &w, w | CHAN_LOCK_TAKEN,
	                                               memory_order_acquire, memory_order_relaxed);
}

static inline void chan_lock_acquire(chan_lock *l)
{
	const chan_guard_rec *me = chan_lock_me();
	if (!chan_lock_try(l, me))
		chan_lock_slow(l, me);
}

/* Releases a lock taken through the word: its next state (above). Only the holder
 * writes the word while TAKEN is set, so a load and a store do. */
static inline void chan_unlock_word(chan_lock *l, const chan_guard_rec *me)
{
	uint32_t w = atomic_load_explicit(&l->word, memory_order_relaxed);
	uint32_t id = me->id, strikes = w & CHAN_LOCK_STRIKES, next;
	if ((w >> CHAN_LOCK_IDSHIFT) != id || id >= CHAN_GUARD_NOID) {
		if ((w & CHAN_LOCK_BIASED) && strikes != CHAN_LOCK_STRIKES)
			strikes += CHAN_LOCK_STRIKE1; /* we revoked another thread's bias */
		next = id << CHAN_LOCK_IDSHIFT | strikes | CHAN_LOCK_RUN1;
	} else if (w & CHAN_LOCK_BIASED) { /* the bias holder came the slow way */
		next = w & ~CHAN_LOCK_TAKEN;
	} else if ((w & CHAN_LOCK_RUNS) + CHAN_LOCK_RUN1 <
	           (strikes == CHAN_LOCK_STRIKES
	                ? CHAN_LOCK_RUNS
	                : (CHAN_LOCK_BIAS_AFTER * CHAN_LOCK_RUN1) << strikes)) {
		next = (w & ~CHAN_LOCK_TAKEN) + CHAN_LOCK_RUN1; /* (strikes is 4 per strike) */
	} else if (strikes != CHAN_LOCK_STRIKES && chan_barrier_asym) {
		next = me->bword | strikes;
	} else { /* never biased again: the run stays at its cap */
		next = w & ~CHAN_LOCK_TAKEN;
	}
	atomic_store_explicit(&l->word, next, memory_order_release);
}

static inline void chan_lock_release(chan_lock *l)
{
	const chan_guard_rec *me = chan_guard_mine_get(); /* registered by acquire */
	if (atomic_load_explicit(&l->held, memory_order_relaxed) == me->id)
		atomic_store_explicit(&l->held, 0, memory_order_release);
	else
		chan_unlock_word(l, me);
}

static inline void chan_lock_init(chan_lock *l)
{
	atomic_init(&l->word, 0);
	atomic_init(&l->held, 0);
	l->closed = 0;
}

#endif
