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
 *     bits 4-17   run: acquisitions left to the id below (who took the word last)
 *                 before the one that biases the lock to it
 *     bits 18-31  id: the bias holder, or the last thread that took the word
 *   The bias holder marks itself inside in its own thread record (inside = the
 *   lock), never in the lock: a thread that was the bias holder once may still be
 *   in the middle of a fast-path attempt (preempted there) when the lock has long
 *   been revoked and biased to another thread, and a mark in the lock would then
 *   be overwritten under the new holder. (The first version kept it in the lock;
 *   mpmc at two workers lost or duplicated a value in ~1 run in 20.) Thread ids
 *   and records are chan_guard's (small, unique among live threads;
 *   CHAN_GUARD_NOID is never biased to).
 *
 * Protocol (an asymmetric Dekker handshake, as gmp's runnext and chan_barrier.h)
 *   - Bias holder k, fast path: if the word says BIASED|k and k is inside no
 *     other lock through its bias: k.inside = lock; a compiler barrier; if the
 *     word still says BIASED|k it is inside; else k.inside = NULL and the slow
 *     path. Release: k.inside = NULL (release).
 *   - Everyone else, and k when the fast path fails (or k is already inside
 *     another lock through its bias: select holds several): CAS TAKEN into a word
 *     without it. If the word was biased to another thread j, revoke: heavy fence
 *     (membarrier: a full barrier on every running thread of the process), then
 *     wait while j.inside is this lock. Either j's second word load came after
 *     that barrier and saw TAKEN (it backs off), or its inside store came before
 *     it and is seen here (we wait until it leaves). The CAS stores the state the
 *     word takes on release (run, strikes, bias), so the release clears TAKEN.
 *   - Which release: my inside == this lock.
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
 * revocation. 64: a one-worker ring of 503 channels runs biased after 32 laps,
 * and a lock shared by two threads rarely sees one of them 64 times in a row. */
#define CHAN_LOCK_BIAS_AFTER 64u

#define CHAN_LOCK_TAKEN   1u
#define CHAN_LOCK_BIASED  2u
#define CHAN_LOCK_STRIKE1 (1u << 2) /* one revocation */
#define CHAN_LOCK_STRIKES (3u << 2)
#define CHAN_LOCK_RUN1    (1u << 4) /* one in the run field */
#define CHAN_LOCK_RUNS    (0x3fffu << 4)
#define CHAN_LOCK_IDSHIFT 18

/* 8 bytes, with the channel's closed flag: lock and flag then fit in one line with
 * the channel's header and wait queues (chan_go.c's layout). */
typedef struct chan_lock {
	atomic_uint word; /* TAKEN | BIASED | strikes | run | id (above)           */
	uint16_t closed;  /* not the lock's: the channel's closed flag (go_chan)  */
	uint16_t spare;   /* unused                                              */
} chan_lock;

/* The word of a lock biased to thread id and free, strikes masked out. */
static inline uint32_t chan_lock_biased_word(uint16_t id)
{
	/* NOID: TAKEN set, and no word with its strikes masked out equals it */
	return id >= CHAN_GUARD_NOID ? 0xffffffffu
	                             : (uint32_t)id << CHAN_LOCK_IDSHIFT | CHAN_LOCK_BIASED;
}

static inline chan_guard_rec *chan_lock_me(void)
{
	chan_guard_rec *r = chan_guard_mine_get();
	if (__builtin_expect(!r, 0))
		r = chan_guard_register();
	return r;
}

/* The run field of a word a thread starts a run on, by strikes: acquisitions left
 * (after this one) before the one that biases the lock. Not const: a test shortens
 * the runs to make biases come and go often. */
extern uint32_t chan_lock_run0[4];

/* The state a free word w that is not biased moves to when thread me takes it
 * through the word (stored with TAKEN; the release only clears TAKEN), or 0 when
 * me's run is over (chan_lock.c then decides whether to bias). */
static inline uint32_t chan_lock_next(uint32_t w, const chan_guard_rec *me)
{
	if ((w ^ me->idword) >> CHAN_LOCK_IDSHIFT) /* another thread took it last */
		return (w & CHAN_LOCK_STRIKES) | me->idword |
		       chan_lock_run0[(w & CHAN_LOCK_STRIKES) / CHAN_LOCK_STRIKE1];
	if (__builtin_expect(w & CHAN_LOCK_RUNS, 1)) /* one more in our run */
		return w - CHAN_LOCK_RUN1;
	return 0;
}

void chan_lock_slow(chan_lock *l, chan_guard_rec *me);

/* Takes l if that needs no waiting and no revocation: through the bias, or by one
 * CAS of a free word that is not biased to another thread. */
static inline bool chan_lock_try(chan_lock *l, chan_guard_rec *me)
{
	uint32_t b = me->bword;
	uint32_t w = atomic_load_explicit(&l->word, memory_order_relaxed);
	if ((w & ~CHAN_LOCK_STRIKES) == b) {
		if (atomic_load_explicit(&me->inside, memory_order_relaxed))
			return false; /* inside another one already: the word's way */
		atomic_store_explicit(&me->inside, l, memory_order_relaxed);
		/* chan_fence_light() without its test: a biased lock implies membarrier */
		atomic_signal_fence(memory_order_seq_cst);
		w = atomic_load_explicit(&l->word, memory_order_acquire);
		if (__builtin_expect((w & ~CHAN_LOCK_STRIKES) == b, 1))
			return true;
		atomic_store_explicit(&me->inside, NULL, memory_order_relaxed);
		return false;
	}
	uint32_t next;
	return !(w & (CHAN_LOCK_TAKEN | CHAN_LOCK_BIASED)) && (next = chan_lock_next(w, me)) &&
	       atomic_compare_exchange_strong_explicit(&l->word, &w, next | CHAN_LOCK_TAKEN,
	                                               memory_order_acquire, memory_order_relaxed);
}

static inline void chan_lock_acquire(chan_lock *l)
{
	chan_guard_rec *me = chan_lock_me();
	if (!chan_lock_try(l, me))
		chan_lock_slow(l, me);
}

/* Must run on the thread that took l. Through the bias: inside = NULL. Through the
 * word: clear TAKEN (only the holder writes the word while it is set). */
static inline void chan_lock_release(chan_lock *l)
{
	chan_guard_rec *me = chan_guard_mine_get(); /* registered by acquire */
	if (atomic_load_explicit(&me->inside, memory_order_relaxed) == l) {
		atomic_store_explicit(&me->inside, NULL, memory_order_release);
		return;
	}
	uint32_t w = atomic_load_explicit(&l->word, memory_order_relaxed);
	atomic_store_explicit(&l->word, w & ~CHAN_LOCK_TAKEN, memory_order_release);
}

static inline void chan_lock_init(chan_lock *l)
{
	atomic_init(&l->word, 0);
	l->closed = 0;
	l->spare = 0;
}

#endif
