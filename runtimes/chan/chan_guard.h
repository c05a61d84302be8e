/*
 * chan_guard.h — lets chan_destroy() wait for operations still finishing on the
 * channel, so that "receive the result, then destroy the channel" (what Go code
 * does with a one-shot channel, and what the fib workload does) is safe with the
 * lock-free variants.
 *
 * The problem
 *   A lock-based channel's last touch in an operation is its unlock, after which
 *   the partner may do anything. A lock-free operation publishes its value first
 *   and then still touches the channel (looks for a sleeper to wake, counts its
 *   segment done): a receiver that got the value may destroy the channel under
 *   it. Reference counting every operation would cost two more locked
 *   instructions per message, as much as the variants save.
 *
 * The guard
 *   Each OS thread has a record with one word, `cur`. An operation stores its
 *   channel there before its publishing store and clears it (release) after its
 *   last access; chan_guard_wait(c), called by destroy, waits until no record
 *   holds c. No fence is needed: whoever may destroy c learned that the operation
 *   took effect through c's publication (a release store that comes after the
 *   guard store), so it also sees the guard; and the release that clears the guard
 *   orders the operation's last access before the destroyer's free.
 *   The window between enter and exit must not yield or park: on gmp a task may
 *   resume on another thread, whose record would then be the wrong one. Ops
 *   therefore guard only their non-blocking tails (a park is covered by chan.h's
 *   rule that no task may be blocked on a channel being destroyed), and an op that
 *   parked enters its next window through a fresh read of the record
 *   (chan_guard_mine_get).
 *
 * Cost: a thread-local load (through a call off x86-64) and two plain stores per
 * operation; destroy scans one record per thread that ever used a guarded channel
 * (records are reused after their thread exits, so the list is as long as the
 * most threads alive at once).
 */
#ifndef COROBENCH_CHAN_GUARD_H
#define COROBENCH_CHAN_GUARD_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* One per OS thread. */
typedef struct chan_guard_rec {
	_Atomic(const void *) cur;    /* the channel this thread is finishing an op on */
	atomic_bool in_use;           /* owned by a live thread                       */
	uint16_t id;                  /* small thread id, unique among live threads   */
	uint32_t bword;               /* a lock word biased to this thread (chan_lock.h) */
	uint32_t idword;              /* its id where a lock word has it (chan_lock.h) */
	_Atomic(const void *) inside; /* the lock this thread is inside of through its
	                               * bias, or NULL; only this thread writes it
	                               * (chan_lock.h)                                */
	struct chan_guard_rec *next;  /* all records ever made (push-only list)        */
} chan_guard_rec;

/* chan_guard_rec.id: records are numbered 1, 2, ... as they are made, and a record
 * passes with its number to the next thread once its thread exits, so ids stay as
 * small as the most threads alive at once. CHAN_GUARD_NOID: past 16382 records
 * (14 bits: chan_lock.h's word; no channel lock is ever biased to such a thread). */
#define CHAN_GUARD_NOID 0x3fffu

extern __thread chan_guard_rec *chan_guard_mine;
chan_guard_rec *chan_guard_register(void);

/* The record with this id (chan_lock.h's revocation); ids come from live records. */
chan_guard_rec *chan_guard_by_id(uint16_t id);

/* This thread's record, or NULL: read afresh at every call, because faa guards
 * the tail of an operation that parked, and on gmp the task may come back on
 * another OS thread. Inline only on x86-64, where every access is a load through
 * %fs and so always names the running thread. Elsewhere the compiler keeps the
 * thread pointer in a register for the whole function (aarch64: one MRS of
 * tpidr_el0 in faa_send_impl and faa_send, used again after the park), so an
 * inline read after a migration named the old thread's record: the guard marked
 * the wrong record and cleared another thread's mark, and a destroy could free
 * the channel under an operation still finishing (test_chan_stress under qemu:
 * faa/gmp/t=2/destroy_after_recv, repeated, died of SIGSEGV within 1-53 rounds;
 * none in 3,000 since; scripts/check-tls.sh keeps it so). Out of line under TSan
 * too: its read hook takes an address computed once per function, so after a
 * migration it named the old thread's variable (a false report). */
#if defined(__SANITIZE_THREAD__) || defined(COROBENCH_SANITIZE_THREAD) || !defined(__x86_64__)
chan_guard_rec *chan_guard_mine_get(void);
#else
static inline chan_guard_rec *chan_guard_mine_get(void)
{
	return chan_guard_mine;
}
#endif

static inline void chan_guard_enter(const void *c)
{
	chan_guard_rec *r = chan_guard_mine_get();
	if (__builtin_expect(!r, 0))
		r = chan_guard_register();
	atomic_store_explicit(&r->cur, c, memory_order_relaxed);
}

static inline void chan_guard_exit(void)
{
	atomic_store_explicit(&chan_guard_mine_get()->cur, NULL, memory_order_release);
}

/* Waits until no thread is inside a guarded window on c (destroy calls this). */
void chan_guard_wait(const void *c);

#endif
