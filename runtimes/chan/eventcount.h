/*
 * eventcount.h — an eventcount over rt.h's park/ready: lets a lock-free structure
 * block ("wait until the condition I just saw false may have changed") without
 * making its fast path pay for the waiting. Dmitry Vyukov's design (also folly's
 * EventCount and Go's notifyList), with the store-load handshake split
 * asymmetrically (chan_barrier.h).
 *
 * Protocol (the condition is whatever the caller checks, e.g. "ring not empty")
 *
 *     waiter                                  notifier
 *     key = ec_prepare(e)                     make the condition true (publish)
 *     if (condition) { ec_cancel(e); done }   ec_notify_one(e) / ec_notify_all(e)
 *     ec_wait(e, key)     -- returns at once if a notify came after prepare
 *     loop (re-check)
 *
 *   ec_prepare announces the waiter (a waiter count in the state word) and issues
 *   the heavy fence; ec_notify_* issue the light fence and read the state word:
 *   when nobody waits, that load is all a notify costs (no locked instruction, no
 *   fence instruction, no write to a shared line). Either the notifier sees the
 *   waiter, or the waiter's re-check sees the condition.
 *   A notify that finds waiters bumps the epoch (so announced waiters that have
 *   not parked yet do not park) and readies one (all) of the parked ones.
 *
 * Select: ec_wait_any parks one task on several eventcounts at once; the first
 * notifier to claim the waiter's shared word (compare-and-swap, as Go's
 * selectDone) readies it, later ones skip it. The caller learns which eventcount
 * woke it, and must pass the notification on (ec_notify_one) if it then consumes
 * from another channel: otherwise a waiter behind it could sleep past a value.
 *
 * What it promises
 *   - No lost wake-up: a waiter that prepared before a notify either returns from
 *     ec_wait or is readied by that notify (or a later one).
 *   - Spurious returns from ec_wait are allowed; callers loop and re-check.
 *   - notify_one readies at most one parked waiter, in FIFO order.
 */
#ifndef COROBENCH_EVENTCOUNT_H
#define COROBENCH_EVENTCOUNT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "../rt.h"
#include "chan_barrier.h"

typedef struct ec_select ec_select;
typedef struct eventcount eventcount;

/* A parked task on one eventcount's queue; lives on the task's stack. */
typedef struct ec_waiter {
	struct ec_waiter *next; /* toward the newest                          */
	struct ec_waiter *prev; /* toward the oldest                          */
	rt_task *task;          /* who to ready                               */
	ec_select *sel;         /* NULL for a single wait, else the select     */
	bool queued;            /* on the queue (under the eventcount's lock)  */
} ec_waiter;

/* Shared by the waiters of one ec_wait_any. */
struct ec_select {
	atomic_uint claimed; /* 0 while waiting; the notifier that CASes 0->1 wakes it */
	eventcount *woke_by; /* which eventcount did (written before rt_ready)         */
};

struct eventcount {
	/* high 32 bits: epoch (bumped by every notify that found waiters);
	 * low 32 bits: waiters announced (prepared, parked, or just woken). */
	atomic_uint_fast64_t state;
	rt_spinlock lock; /* guards the queue                               */
	ec_waiter *head;  /* oldest parked waiter                           */
	ec_waiter *tail;  /* newest                                         */
};

#define EC_WAITERS_MASK 0xffffffffull

void ec_init(eventcount *e);

/* Announce a waiter; returns the key for ec_wait. Includes the heavy fence. */
uint32_t ec_prepare(eventcount *e);
/* Announce without the fence (ec_wait_any callers fence once for all). */
uint32_t ec_announce(eventcount *e);
/* Withdraw an announcement (the condition turned true after all). */
void ec_cancel(eventcount *e);

/* Park unless a notify came since the key was taken; withdraws on return. */
void ec_wait(eventcount *e, uint32_t key);

/* Park on n eventcounts (n >= 1; duplicates allowed) until one notifies, unless
 * one already did since its key was taken. ws: n waiters of the caller's.
 * Withdraws all n announcements on return. Returns the eventcount that woke the
 * caller, or NULL if it returned without parking. */
eventcount *ec_wait_any(eventcount **es, const uint32_t *keys, ec_waiter *ws, int n);

void ec_notify_slow(eventcount *e, bool all);

static inline void ec_notify_one(eventcount *e)
{
	chan_fence_light();
	if (__builtin_expect(
	        (atomic_load_explicit(&e->state, memory_order_relaxed) & EC_WAITERS_MASK) == 0, 1))
		return;
	ec_notify_slow(e, false);
}

static inline void ec_notify_all(eventcount *e)
{
	chan_fence_light();
	if ((atomic_load_explicit(&e->state, memory_order_relaxed) & EC_WAITERS_MASK) == 0)
		return;
	ec_notify_slow(e, true);
}

#endif
