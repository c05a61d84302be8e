/*
 * chan_lockfree.c — the `lockfree` channel variant: Dmitry Vyukov's bounded MPMC
 * queue (a ring of cells, each with a sequence number; senders and receivers
 * claim positions by compare-and-swap), with blocking through two eventcounts
 * (eventcount.h), close, and select.
 *
 * The ring (capacity c, any c > 0; a power of two indexes by mask, others by %)
 *
 *   cell i: | seq | element |     seq == 2 pos        : free for the send at pos
 *                                 seq == 2 pos + 1    : holds the value sent at pos
 *                                 seq == 2 (pos + c)  : freed by the receive at pos
 *
 *   (Vyukov's original stores pos, pos+1, pos+c: with c == 1, "holds the value
 *   sent at pos" and "freed for pos+1" are then the same number, and a sender
 *   overwrites an unreceived value. Doubling keeps every capacity >= 1 exact.)
 *   enq: next send position (top bit: CLOSED)   deq: next receive position
 *
 *   send: read enq; if its cell's seq == 2 pos, CAS enq pos -> pos+1, write the
 *   element, publish seq = 2 pos + 1 (release). recv: if seq == 2 pos + 1, CAS
 *   deq, read, publish seq = 2 (pos + c). One CAS per operation, no lock; senders and receivers
 *   touch different counters, and each cell's line only when they reach it.
 *
 * Linearizability (the history tests check it). Vyukov's queue as published
 * reports "empty" when the cell at deq is claimed by a sender that has not yet
 * published, even if a later send has already returned, and "full" symmetrically;
 * that is not linearizable. Here a receiver that finds its cell unpublished
 * reports empty only if enq == its position (nobody claimed it); otherwise the
 * sender is between its CAS and its publish (a few instructions) and the receiver
 * waits for it (spin, then yield: on an oversubscribed pthread run the sender may
 * be preempted). Senders do the same with claimed-but-unreleased cells.
 *
 * Close sets the top bit of enq with one fetch_or: a sender's CAS from a position
 * without the bit then fails, so the positions ever claimed are exactly those
 * below enq at the close. A receiver reports closed when enq is closed and its
 * position reached enq: every value sent before the close is received first.
 *
 * Blocking: spin and yield (chan_spin_until), then ec_prepare / re-try /
 * ec_wait on `not_empty` (receivers) or `not_full` (senders). Every successful
 * send does ec_notify_one(not_empty), every receive ec_notify_one(not_full):
 * a light fence and one load when nobody waits. close notifies everyone.
 *
 * Select: poll the cases in random order (try each once); if none is ready and
 * blocking, announce on every case's eventcount, fence once, poll again, then
 * ec_wait_any (first notifier claims the select by CAS). A select woken by one
 * eventcount that then takes another case passes the notification on. A
 * non-blocking select that finds nothing reports WOULDBLOCK only if every
 * channel's (enq, deq) pair was unchanged from before its poll to after it (a
 * double collect; the counters only grow), so nothing was ready at one instant
 * between the two reads, as Go's select (which locks them all) guarantees.
 *
 * Capacity 0 is not supported: a rendezvous needs a waiting partner to hand the
 * value to, which a ring of cells does not have (see the `go` and `faa`
 * variants). make(…, 0) returns NULL and the variant does not declare it.
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "../rt.h"
#include "chan.h"
#include "chan_guard.h"
#include "chan_impl.h"
#include "eventcount.h"

#define CLOSED_BIT ((size_t)1 << (sizeof(size_t) * 8 - 1))

#define RELAXED memory_order_relaxed
#define ACQUIRE memory_order_acquire
#define RELEASE memory_order_release

typedef struct lf_cell {
	atomic_size_t seq;    /* see the table above                      */
	unsigned char data[]; /* elem_size bytes                          */
} lf_cell;

typedef struct lf_chan {
	chan hdr;             /* variant, elem_size, capacity                     */
	unsigned char *cells; /* capacity cells of cell_size bytes, after this    */
	size_t cell_size;     /* sizeof(seq) + elem_size, rounded up to 8          */
	size_t mask;          /* capacity - 1 when a power of two >= 2, else 0     */

	alignas(CHAN_CACHELINE) atomic_size_t enq;    /* next send position | CLOSED */
	alignas(CHAN_CACHELINE) atomic_size_t deq;    /* next receive position       */
	alignas(CHAN_CACHELINE) eventcount not_empty; /* receivers wait here      */
	alignas(CHAN_CACHELINE) eventcount not_full;  /* senders wait here        */
} lf_chan;

static const chan_variant chan_lockfree_variant;

static inline lf_cell *cell_at(lf_chan *c, size_t pos)
{
	size_t i = c->mask ? pos & c->mask : pos % c->hdr.capacity;
	return (lf_cell *)(c->cells + i * c->cell_size);
}

/* ---- one attempt each: CHAN_OK, CHAN_WOULDBLOCK or CHAN_CLOSED */

static int try_send_once(lf_chan *c, const void *elem)
{
	size_t cap = c->hdr.capacity, pos = atomic_load_explicit(&c->enq, RELAXED);
	unsigned spins = 0;
	for (;;) {
		if (pos & CLOSED_BIT)
			return CHAN_CLOSED;
		lf_cell *cell = cell_at(c, pos);
		size_t seq = atomic_load_explicit(&cell->seq, ACQUIRE);
		intptr_t dif = (intptr_t)(seq - 2 * pos);
		if (dif == 0) {
			if (atomic_compare_exchange_weak_explicit(&c->enq, &pos, pos + 1, RELAXED,
			                                          RELAXED)) {
				chan_elem_copy(cell->data, elem, c->hdr.elem_size);
				chan_guard_enter(c); /* until notify_other: see chan_guard.h */
				atomic_store_explicit(&cell->seq, 2 * pos + 1, RELEASE);
				return CHAN_OK;
			}
			continue; /* pos reloaded by the failed CAS */
		}
		if (dif < 0) {
			size_t d = atomic_load_explicit(&c->deq, ACQUIRE);
			if (d + cap <= pos)
				return CHAN_WOULDBLOCK; /* c values claimed and not received */
			rt_backoff(&spins);             /* the receiver of pos-c is copying out */
		}
		pos = atomic_load_explicit(&c->enq, RELAXED);
	}
}

static int try_recv_once(lf_chan *c, void *elem)
{
	size_t pos = atomic_load_explicit(&c->deq, RELAXED);
	unsigned spins = 0;
	for (;;) {
		lf_cell *cell = cell_at(c, pos);
		size_t seq = atomic_load_explicit(&cell->seq, ACQUIRE);
		intptr_t dif = (intptr_t)(seq - (2 * pos + 1));
		if (dif == 0) {
			if (atomic_compare_exchange_weak_explicit(&c->deq, &pos, pos + 1, RELAXED,
			                                          RELAXED)) {
				chan_elem_copy(elem, cell->data, c->hdr.elem_size);
				chan_guard_enter(c);
				atomic_store_explicit(&cell->seq, 2 * (pos + c->hdr.capacity),
				                      RELEASE);
				return CHAN_OK;
			}
			continue;
		}
		if (dif < 0) {
			size_t e = atomic_load_explicit(&c->enq, ACQUIRE);
			if ((e & ~CLOSED_BIT) <= pos)
				return e & CLOSED_BIT ? CHAN_CLOSED : CHAN_WOULDBLOCK;
			rt_backoff(&spins); /* the sender of pos is copying in */
		}
		pos = atomic_load_explicit(&c->deq, RELAXED);
	}
}

/* ---- blocking */

typedef struct attempt {
	lf_chan *c; /* channel                         */
	void *elem; /* element to send / destination   */
	bool send;  /* direction                       */
	int st;     /* last result                     */
} attempt;

static bool attempt_done(void *arg)
{
	attempt *a = arg;
	a->st = a->send ? try_send_once(a->c, a->elem) : try_recv_once(a->c, a->elem);
	return a->st != CHAN_WOULDBLOCK;
}

static int wait_until_done(attempt *a)
{
	eventcount *ec = a->send ? &a->c->not_full : &a->c->not_empty;
	for (;;) {
		if (chan_spin_until(attempt_done, a))
			return a->st;
		uint32_t key = ec_prepare(ec);
		if (attempt_done(a)) {
			ec_cancel(ec);
			return a->st;
		}
		ec_wait(ec, key);
	}
}

/* After a successful operation: wake one waiter of the other side; this ends the
 * guarded window the publishing store opened. */
static inline void notify_other(lf_chan *c, bool sent)
{
	ec_notify_one(sent ? &c->not_empty : &c->not_full);
	chan_guard_exit();
}

static int op(chan *ch, void *elem, bool send, bool block)
{
	lf_chan *c = (lf_chan *)ch;
	attempt a = {.c = c, .elem = elem, .send = send};
	if (!attempt_done(&a) && block)
		wait_until_done(&a);
	if (a.st == CHAN_OK)
		notify_other(c, send);
	else if (a.st == CHAN_CLOSED && !send)
		chan_elem_zero(elem, c->hdr.elem_size);
	return a.st;
}

static int lf_send(chan *c, const void *elem)
{
	return op(c, (void *)elem, true, true);
}
static int lf_recv(chan *c, void *elem)
{
	return op(c, elem, false, true);
}
static int lf_try_send(chan *c, const void *elem)
{
	return op(c, (void *)elem, true, false);
}
static int lf_try_recv(chan *c, void *elem)
{
	return op(c, elem, false, false);
}

static int lf_close(chan *ch)
{
	lf_chan *c = (lf_chan *)ch;
	chan_guard_enter(c);
	int st = CHAN_CLOSED;
	if (!(atomic_fetch_or(&c->enq, CLOSED_BIT) & CLOSED_BIT)) {
		ec_notify_all(&c->not_empty);
		ec_notify_all(&c->not_full);
		st = CHAN_OK;
	}
	chan_guard_exit();
	return st;
}

/* ---- select */

typedef struct lsel {
	chan_case *cases; /* the caller's cases                         */
	int n;            /* how many                                   */
	uint16_t *poll;   /* random poll order                          */
	uint16_t *order;  /* cases sorted by their eventcount's address */
	eventcount **es;  /* es[k] = eventcount of case order[k]        */
	uint32_t *keys;   /* announcement keys, parallel to es           */
	ec_waiter *ws;    /* one waiter per case                         */
	size_t *snap;     /* 2 counters per case (double collect)        */
	uintptr_t *addr;  /* scratch for the lock order                  */
	bool sorted;      /* order and es computed (only once we wait)   */
	int ready;        /* case the last poll took, or -1              */
} lsel;

static eventcount *case_ec(const chan_case *cs)
{
	lf_chan *c = (lf_chan *)cs->ch;
	return cs->send ? &c->not_full : &c->not_empty;
}

/* Tries every case once in poll order; returns the first that completed. */
static int poll_cases(lsel *s)
{
	for (int k = 0; k < s->n; k++) {
		int i = s->poll[k];
		chan_case *cs = &s->cases[i];
		attempt a = {.c = (lf_chan *)cs->ch, .elem = cs->elem, .send = cs->send};
		if (!attempt_done(&a))
			continue;
		cs->status = a.st;
		if (a.st == CHAN_OK)
			notify_other(a.c, cs->send);
		else if (!cs->send)
			chan_elem_zero(cs->elem, a.c->hdr.elem_size);
		return i;
	}
	return -1;
}

static void collect(const lsel *s, size_t *into)
{
	for (int i = 0; i < s->n; i++) {
		lf_chan *c = (lf_chan *)s->cases[i].ch;
		into[2 * i] = atomic_load_explicit(&c->enq, ACQUIRE);
		into[2 * i + 1] = atomic_load_explicit(&c->deq, ACQUIRE);
	}
}

static int select_nonblocking(lsel *s, size_t *before, size_t *after)
{
	for (;;) {
		collect(s, before);
		int k = poll_cases(s);
		if (k >= 0)
			return k;
		collect(s, after);
		bool same = true;
		for (int i = 0; i < 2 * s->n && same; i++)
			same = before[i] == after[i];
		if (same)
			return CHAN_WOULDBLOCK; /* nothing was ready between the collects */
	}
}

/* The eventcounts in address order, computed the first time the select waits:
 * a select that finds a ready case at once (the common case) never pays for it. */
static void sort_eventcounts(lsel *s)
{
	if (s->sorted)
		return;
	for (int i = 0; i < s->n; i++)
		s->addr[i] = (uintptr_t)case_ec(&s->cases[i]);
	chan_lockorder(s->order, s->addr, s->poll, s->n);
	for (int k = 0; k < s->n; k++)
		s->es[k] = case_ec(&s->cases[s->order[k]]);
	s->sorted = true;
}

static bool poll_took_one(void *arg)
{
	lsel *s = arg;
	return (s->ready = poll_cases(s)) >= 0;
}

static int select_blocking(lsel *s)
{
	eventcount *woke = NULL;
	for (;;) {
		int k = chan_spin_until(poll_took_one, s) ? s->ready : -1;
		if (k < 0) {
			sort_eventcounts(s);
			for (int j = 0; j < s->n; j++)
				s->keys[j] = ec_announce(s->es[j]);
			chan_fence_heavy();
			k = poll_cases(s);
			if (k < 0) {
				woke = ec_wait_any(s->es, s->keys, s->ws, s->n);
				continue;
			}
			for (int j = 0; j < s->n; j++)
				ec_cancel(s->es[j]);
		}
		/* Woken for one case but took another: pass the notification on. */
		if (woke && woke != case_ec(&s->cases[k]))
			ec_notify_one(woke);
		return k;
	}
}

static int lf_select(chan_case *cases, int n, bool block)
{
	if (n < 1 && !block)
		return CHAN_WOULDBLOCK;
	if (n < 1 || n > CHAN_SELECT_MAX)
		return CHAN_UNSUPPORTED;
	enum { S = CHAN_SELECT_STACK };
	uint16_t poll_st[S], order_st[S];
	eventcount *es_st[S];
	uint32_t keys_st[S];
	ec_waiter ws_st[S];
	size_t snap_st[4 * S];
	uintptr_t addr_st[S];
	lsel s = {.cases = cases,
	          .n = n,
	          .poll = poll_st,
	          .order = order_st,
	          .es = es_st,
	          .keys = keys_st,
	          .ws = ws_st,
	          .snap = snap_st};
	uintptr_t *addr = addr_st;
	void *heap = NULL;
	if (n > S) {
		size_t per = sizeof(ec_waiter) + sizeof(eventcount *) + 4 * sizeof(size_t) +
		             sizeof(uintptr_t) + sizeof(uint32_t) + 2 * sizeof(uint16_t);
		heap = malloc((size_t)n * per);
		if (!heap)
			return CHAN_NOMEM;
		s.ws = heap;
		s.es = (eventcount **)(s.ws + n);
		s.snap = (size_t *)(s.es + n);
		addr = (uintptr_t *)(s.snap + 4 * (size_t)n);
		s.keys = (uint32_t *)(addr + n);
		s.poll = (uint16_t *)(s.keys + n);
		s.order = s.poll + n;
	}
	chan_pollorder(s.poll, n);
	s.addr = addr;
	int k = block ? select_blocking(&s) : select_nonblocking(&s, s.snap, s.snap + 2 * n);
	free(heap);
	return k;
}

/* ---- make / destroy */

static chan *lf_make(size_t elem_size, size_t capacity)
{
	if (capacity == 0 || capacity > (CLOSED_BIT >> 2))
		return NULL;
	size_t cell = (sizeof(atomic_size_t) + elem_size + 7) & ~(size_t)7, total;
	if (!chan_ring_bytes(sizeof(lf_chan), cell, capacity, &total))
		return NULL;
	lf_chan *c;
	if (posix_memalign((void **)&c, CHAN_CACHELINE, total) != 0)
		return NULL;
	*c = (lf_chan){.hdr = {.variant = &chan_lockfree_variant,
	                       .elem_size = elem_size,
	                       .capacity = capacity},
	               .cells = (unsigned char *)(c + 1),
	               .cell_size = cell,
	               .mask = capacity >= 2 && !(capacity & (capacity - 1)) ? capacity - 1 : 0};
	atomic_init(&c->enq, 0);
	atomic_init(&c->deq, 0);
	ec_init(&c->not_empty);
	ec_init(&c->not_full);
	for (size_t i = 0; i < capacity; i++)
		atomic_init(&cell_at(c, i)->seq, 2 * i);
	return &c->hdr;
}

static void lf_destroy(chan *c)
{
	chan_guard_wait(c);
	free(c);
}

static const chan_variant chan_lockfree_variant = {
    .name = "lockfree",
    .description = "Vyukov bounded MPMC ring (per-cell sequence numbers, one CAS per "
                   "operation), eventcount blocking, close and select",
    .caps = CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE | CHAN_CAP_SELECT | CHAN_CAP_MULTI_PRODUCER |
            CHAN_CAP_MULTI_CONSUMER | CHAN_CAP_EXACT_TRY,
    .make = lf_make,
    .destroy = lf_destroy,
    .send = lf_send,
    .recv = lf_recv,
    .try_send = lf_try_send,
    .try_recv = lf_try_recv,
    .close = lf_close,
    .select = lf_select,
};
CHAN_REGISTER(chan_lockfree_variant)
