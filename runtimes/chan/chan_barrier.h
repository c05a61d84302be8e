/*
 * chan_barrier.h — an asymmetric store-load barrier for the lock-free variants'
 * "publish, then look for a sleeper" handshakes (Dekker's pattern).
 *
 * The problem
 *   A producer publishes a value, then checks whether the consumer went to sleep;
 *   the consumer announces that it sleeps, then re-checks for a value. Each side
 *   needs a store-load barrier between its store and its load, or both can miss
 *   each other (x86 lets a load pass an earlier store; so does every weaker
 *   architecture) and the consumer sleeps forever. A full fence costs one locked
 *   instruction: 6-13 ns on the reference machine (lock orq after a store: 13 ns;
 *   CAS: 6 ns), which would be most of the spsc goal of 10 ns per message.
 *
 * The fix (Linux membarrier(2); the same trick as liburcu and folly's
 * asymmetricHeavyBarrier)
 *   The frequent side (every send and receive) issues chan_fence_light(): only a
 *   compiler barrier. The rare side (a task about to park) issues
 *   chan_fence_heavy(): membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), which makes
 *   every running thread of the process execute a full barrier before it returns.
 *   Either that barrier lands after the light side's store (so the heavy side's
 *   next load sees it) or before it (so the light side's next load sees the heavy
 *   side's store, made visible by the system call's own barrier). A thread that is
 *   not running has passed a context switch, itself a full barrier.
 *   Cost: ~2-3 us per heavy fence here (a system call under KPTI, plus an IPI to
 *   the other vCPU), paid only on the way to a park, which costs more anyway on
 *   pthreads (a futex sleep, ~5-30 us) and which spinning and yielding first make
 *   rare on gmp.
 *
 * What it promises
 *   - chan_fence_light() on one side and chan_fence_heavy() on the other order each
 *     side's earlier stores before its later loads, as a pair of seq_cst fences
 *     would. Two light fences order nothing.
 *   - Where membarrier is unavailable (kernel < 4.14, seccomp, or the environment
 *     variable COROBENCH_CHAN_MEMBARRIER=0, which exists to measure the
 *     difference), both are full fences: correct, slower.
 *   - chan_barrier_mode() says which one is in use ("membarrier" or "fence").
 */
#ifndef COROBENCH_CHAN_BARRIER_H
#define COROBENCH_CHAN_BARRIER_H

#include <stdatomic.h>
#include <stdbool.h>

extern bool chan_barrier_asym; /* membarrier registered: light fences are free */

static inline void chan_fence_light(void)
{
	if (__builtin_expect(chan_barrier_asym, 1))
		atomic_signal_fence(memory_order_seq_cst); /* the compiler must not reorder */
	else
		atomic_thread_fence(memory_order_seq_cst);
}

void chan_fence_heavy(void);

const char *chan_barrier_mode(void);

#endif
