/*
 * eventcount.c — see eventcount.h.
 *
 * The queue is doubly linked so that a select can take its losing waiters out of
 * the middle; a waiter's `queued` flag (under the eventcount's lock) says whether
 * it is still there: a notifier may already have dropped it (a select claimed by
 * another eventcount). Notifiers unlink under the lock, release it, then ready:
 * on pthreads rt_ready is a futex wake (~1.4 us of system call here), which must
 * not stretch the critical section every other notifier waits on.
 */
#include "eventcount.h"

static inline uint32_t epoch_of(uint64_t state)
{
	return (uint32_t)(state >> 32);
}

void ec_init(eventcount *e)
{
	atomic_init(&e->state, 0);
	atomic_init(&e->lock.locked, 0);
	e->head = e->tail = NULL;
}

uint32_t ec_announce(eventcount *e)
{
	return epoch_of(atomic_fetch_add_explicit(&e->state, 1, memory_order_relaxed));
}

uint32_t ec_prepare(eventcount *e)
{
	uint32_t key = ec_announce(e);
	chan_fence_heavy(); /* the announcement before the caller's re-check */
	return key;
}

void ec_cancel(eventcount *e)
{
	atomic_fetch_sub_explicit(&e->state, 1, memory_order_relaxed);
}

/* ---- the queue (under e->lock) */

static void push(eventcount *e, ec_waiter *w)
{
	w->next = NULL;
	w->prev = e->tail;
	if (e->tail)
		e->tail->next = w;
	else
		e->head = w;
	e->tail = w;
	w->queued = true;
}

static void unlink_waiter(eventcount *e, ec_waiter *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		e->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	else
		e->tail = w->prev;
	w->next = w->prev = NULL;
	w->queued = false;
}

static bool epoch_is(eventcount *e, uint32_t key)
{
	return epoch_of(atomic_load_explicit(&e->state, memory_order_relaxed)) == key;
}

void ec_wait(eventcount *e, uint32_t key)
{
	ec_waiter w = {.task = rt_self()};
	rt_spin_lock(&e->lock);
	if (!epoch_is(e, key)) {
		rt_spin_unlock(&e->lock);
		ec_cancel(e);
		return;
	}
	push(e, &w);
	rt_park(rt_unlock_spinlock, &e->lock);
	ec_cancel(e); /* the notifier unlinked w before readying us */
}

void ec_notify_slow(eventcount *e, bool all)
{
	ec_waiter *wake = NULL;
	rt_spin_lock(&e->lock);
	/* Announced waiters that have not parked yet will see the new epoch. */
	atomic_fetch_add_explicit(&e->state, 1ull << 32, memory_order_relaxed);
	ec_waiter *w;
	while ((w = e->head) != NULL) {
		unlink_waiter(e, w);
		if (w->sel) {
			unsigned expect = 0;
			if (!atomic_compare_exchange_strong_explicit(&w->sel->claimed, &expect, 1,
			                                             memory_order_acq_rel,
			                                             memory_order_relaxed))
				continue; /* that select was woken elsewhere: drop its waiter */
			w->sel->woke_by = e;
		}
		w->next = wake; /* unlinked: the link is ours until we ready it */
		wake = w;
		if (!all)
			break;
	}
	rt_spin_unlock(&e->lock);
	while (wake) {
		w = wake;
		wake = w->next; /* read before ready: w lives on the woken task's stack */
		rt_ready(w->task);
	}
}

/* ---- several eventcounts (sorted by address, duplicates adjacent) */

typedef struct many {
	eventcount **es; /* the eventcounts */
	int n;           /* how many        */
} many;

static void lock_many(const many *m)
{
	for (int i = 0; i < m->n; i++)
		if (i == 0 || m->es[i] != m->es[i - 1])
			rt_spin_lock(&m->es[i]->lock);
}

static void unlock_many(const many *m)
{
	for (int i = m->n - 1; i >= 0; i--)
		if (i == 0 || m->es[i] != m->es[i - 1])
			rt_spin_unlock(&m->es[i]->lock);
}

static bool unlock_many_cb(rt_task *self, void *arg)
{
	(void)self;
	unlock_many(arg);
	return true;
}

eventcount *ec_wait_any(eventcount **es, const uint32_t *keys, ec_waiter *ws, int n)
{
	many m = {.es = es, .n = n};
	ec_select sel = {.woke_by = NULL};
	atomic_init(&sel.claimed, 0);
	rt_task *self = rt_self();
	lock_many(&m);
	bool moved = false;
	for (int i = 0; i < n && !moved; i++)
		moved = !epoch_is(es[i], keys[i]);
	if (!moved) {
		for (int i = 0; i < n; i++) {
			ws[i] = (ec_waiter){.task = self, .sel = &sel};
			push(es[i], &ws[i]);
		}
		rt_park(unlock_many_cb, &m);
		/* Claimed by sel.woke_by, which unlinked that waiter; unlink the rest. */
		for (int i = 0; i < n; i++) {
			rt_spin_lock(&es[i]->lock);
			if (ws[i].queued)
				unlink_waiter(es[i], &ws[i]);
			rt_spin_unlock(&es[i]->lock);
		}
	} else {
		unlock_many(&m);
	}
	for (int i = 0; i < n; i++)
		ec_cancel(es[i]);
	return sel.woke_by;
}
