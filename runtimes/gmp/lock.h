/*
 * lock.h — gmp's internal lock and note (Go's runtime mutex and note), both on a
 * Linux futex.
 *
 * What it is for
 *   gmp_lock guards the few shared structures that are not lock-free: the global
 *   run queue, the idle-P list, the global G and stack caches, a P's timer heap.
 *   Critical sections are a few dozen instructions, so it spins first; it sleeps
 *   in the kernel only when the holder was descheduled.
 *   gmp_note is a one-shot wake-up: an idle M sleeps on its note until another M
 *   hands it work (or its next timer is due).
 *
 * What it promises
 *   - gmp_lock/gmp_unlock: mutual exclusion with acquire/release ordering.
 *   - gmp_note_wakeup after gmp_note_clear is never lost: a sleeper that arrives
 *     late returns at once. gmp_note_sleep returns true when woken (and re-arms
 *     the note), false when the deadline (CLOCK_MONOTONIC ns, 0 = none) passed.
 */
#ifndef GMP_LOCK_H
#define GMP_LOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct gmp_lock {
	atomic_uint state; /* 0 free, 1 held, 2 held and someone may sleep on it */
} gmp_lock;

void gmp_lock_slow(gmp_lock *l);
void gmp_unlock_slow(gmp_lock *l);

static inline void gmp_lock_acquire(gmp_lock *l)
{
	unsigned zero = 0;
	if (!atomic_compare_exchange_strong_explicit(&l->state, &zero, 1, memory_order_acquire,
	                                             memory_order_relaxed))
		gmp_lock_slow(l);
}

static inline void gmp_lock_release(gmp_lock *l)
{
	if (atomic_exchange_explicit(&l->state, 0, memory_order_release) == 2)
		gmp_unlock_slow(l);
}

typedef struct gmp_note {
	atomic_uint key; /* 1 once woken; the sleeper resets it to 0 */
} gmp_note;

void gmp_note_wakeup(gmp_note *n);
bool gmp_note_sleep(gmp_note *n, uint64_t deadline_ns);

#endif
