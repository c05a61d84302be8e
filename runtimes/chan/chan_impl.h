/*
 * chan_impl.h — small helpers shared by the channel variants (the files of runtimes/chan/).
 * Not part of the chan.h interface: workloads and the harness never include it.
 *
 * What it promises
 *   - chan_elem_copy/chan_elem_zero: element moves of elem_size bytes, with the
 *     8-byte element (what every workload sends) done as one load and one store
 *     instead of a memcpy call (~2 ns of call overhead per message on the
 *     reference machine, a fifth of the spsc goal of 10 ns).
 *   - chan_rand: a per-thread 64-bit generator (wyrand) for select's poll order.
 *     Per-thread, not per-task: a task only uses it between two parks, so
 *     migrating to another thread later cannot split a draw.
 *   - chan_pollorder: a uniformly random permutation of 0..n-1 (Fisher-Yates),
 *     which makes "first ready case in poll order" uniform over the ready cases,
 *     as Go's select promises.
 *   - chan_lockorder: the indices 0..n-1 sorted by a per-case address, so that a
 *     select locks its channels in one global order (no deadlock between two
 *     selects over the same channels) and can skip duplicates.
 *   - CHAN_CACHELINE: the destructive-interference size used to keep a producer's
 *     and a consumer's hot words apart (64 bytes on x86-64 and most arm64 cores).
 */
#ifndef COROBENCH_CHAN_IMPL_H
#define COROBENCH_CHAN_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../rt.h"
#include "chan.h"

#define CHAN_CACHELINE 64

static inline void chan_elem_copy(void *dst, const void *src, size_t size)
{
	if (!dst)
		return; /* a receive that discards */
	if (size == sizeof(uint64_t))
		memcpy(dst, src, sizeof(uint64_t)); /* one mov each way once inlined */
	else if (size)
		memcpy(dst, src, size);
}

/* Go zeroes the destination of a receive that reports closed. */
static inline void chan_elem_zero(void *dst, size_t size)
{
	if (dst && size)
		memset(dst, 0, size);
}

/* Next value of this thread's generator. */
uint64_t chan_rand(void);

/* A value uniform in [0, n) (Lemire's multiply-shift; bias < n / 2^64). */
static inline uint32_t chan_randn(uint32_t n)
{
	return (uint32_t)(((unsigned __int128)chan_rand() * n) >> 64);
}

/* order[0..n) := a uniformly random permutation of 0..n-1. */
void chan_pollorder(uint16_t *order, int n);

/* order[0..n) := 0..n-1 sorted by key[i] ascending, starting from the poll order
 * so that cases on one channel keep a random relative order (Go does the same:
 * a select of two sends on one channel queues them in random order, or the
 * first would always win once both are parked). */
void chan_lockorder(uint16_t *order, const uintptr_t *key, const uint16_t *poll, int n);

/* Most cases a select keeps on its own stack; larger selects allocate. Go's own
 * limit is 65536 cases (uint16 indices), which is also ours. */
#define CHAN_SELECT_STACK 16
#define CHAN_SELECT_MAX   65536

/* Sizes for a channel allocation: header struct plus a ring of cap elements,
 * failing (false) on overflow. */
static inline bool chan_ring_bytes(size_t head, size_t elem, size_t cap, size_t *total)
{
	size_t ring;
	if (__builtin_mul_overflow(elem, cap, &ring) || __builtin_add_overflow(head, ring, total))
		return false;
	return true;
}

/* Spin, then yield, before parking: the lock-free variants' wait policy.
 * CHAN_SPIN_PAUSES PAUSEs first (~32 ns each on the reference EPYC VM, so 16 are
 * ~0.5 us: long enough for a partner running on another CPU to publish, a tenth of
 * a futex wake), then CHAN_SPIN_YIELDS yields: on gmp a yield runs the partner if
 * it shares our P (with one P nothing else can make us ready); on pthreads it is a
 * sched_yield (~1.5 us). Only then does the caller pay for a park (and, for the
 * variants using chan_barrier.h, a heavy fence). */
#define CHAN_SPIN_PAUSES 16
#define CHAN_SPIN_YIELDS 4

/* Returns true as soon as ready(arg) holds, false when the budget is spent. */
static inline bool chan_spin_until(bool (*ready)(void *), void *arg)
{
	for (int i = 0; i < CHAN_SPIN_PAUSES; i++) {
		if (ready(arg))
			return true;
		rt_cpu_relax();
	}
	for (int i = 0; i < CHAN_SPIN_YIELDS; i++) {
		rt_yield();
		if (ready(arg))
			return true;
	}
	return false;
}

#endif
