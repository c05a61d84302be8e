/*
 * chan_spsc.c — the `spsc` channel variant: a single-producer single-consumer ring
 * with cached indices (Lamport's ring as refined by FastForward, MCRingBuffer and
 * B-Queue), blocking through park/ready with an asymmetric Dekker handshake.
 *
 * Contract: at most one task sends at a time and at most one task receives at a
 * time (the roles may pass from task to task when the hand-over is ordered, e.g.
 * by a wait group). close may come from any task. Capacity must be > 0. The
 * variant declares neither multi-producer nor multi-consumer nor unbuffered, so
 * the harness never gives it a workload that breaks this; nothing checks it at
 * run time (a check would cost what the variant exists to save).
 *
 * Layout (64-byte lines; P = written by the producer only, C = by the consumer)
 *
 *   | hdr, buf              | read-only after make
 *   | P: tail, tail_slot, head_cache, in_send
 *   | C: head, head_slot, tail_cache
 *   | P: pub_tail           | the producer's published index
 *   | C: pub_head           | the consumer's published index
 *   | recv_waiter, send_waiter, closed | written only to park, wake or close
 *   | ring of capacity elements
 *
 * Fast paths (no locked instruction, no fence instruction)
 *   send: if the cached head says full, re-read pub_head (once per "apparent
 *   full": in streaming, once per ~capacity messages); copy the element; publish
 *   tail with a release store; light fence; look at recv_waiter.
 *   recv: symmetric, with tail_cache / pub_tail / send_waiter.
 *   The other side's index is read only when the cached copy runs out, so each
 *   side pulls the other's progress in batches and the index lines move between
 *   cores rarely. That is the batching this variant does.
 *
 * Rejected: batched *publication* (publishing tail or head every k messages, as
 * MCRingBuffer does). A send that returned must be visible to the next try_recv,
 * and a slot freed by a receive must be usable by the next try_send (Go's
 * semantics, checked by the history tests); lazy publication breaks both, or
 * needs a flush that costs what it saves. A release store to a line the other
 * side rarely reads is nearly free on x86, so per-message publication keeps
 * exact semantics at little cost.
 *
 * Blocking: the side that finds the ring empty (full) spins and yields
 * (chan_spin_until), then parks: its park callback stores its task in
 * recv_waiter (send_waiter), issues chan_fence_heavy(), and re-checks; the other
 * side, after each publication, issues chan_fence_light() and wakes whoever it
 * finds there (an exchange, so exactly one waker). The pair of fences is a
 * store-load barrier on both sides (chan_barrier.h), so the check after the
 * publication and the re-check after the announcement cannot both miss.
 *
 * Close from any task: a send checks `closed` between raising in_send and
 * publishing (a Dekker pair with the closer), and the closer waits until no send
 * is in flight before marking the channel CLOSED. So once CLOSED, pub_tail is
 * final: receivers drain up to it and then report closed, and no send that
 * returned OK can be lost. A send that sees CLOSING waits for CLOSED before it
 * reports closed (the close's linearization point is the CLOSED store).
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "../rt.h"
#include "chan.h"
#include "chan_barrier.h"
#include "chan_guard.h"
#include "chan_impl.h"

enum { OPEN = 0, CLOSING = 1, CLOSED = 2 };

typedef struct spsc_chan {
	chan hdr;           /* variant, elem_size, capacity                        */
	unsigned char *buf; /* the ring, right after this struct                   */

	alignas(CHAN_CACHELINE) size_t tail; /* P: messages ever written            */
	size_t tail_slot;    /* P: tail % capacity (no division on the fast path)     */
	size_t head_cache;   /* P: pub_head as last read                             */
	atomic_uint in_send; /* P: 1 from a send's closed check until it published  */

	alignas(CHAN_CACHELINE) size_t head; /* C: messages ever read               */
	size_t head_slot;  /* C: head % capacity                                      */
	size_t tail_cache; /* C: pub_tail as last read                               */

	alignas(CHAN_CACHELINE) atomic_size_t pub_tail; /* P publishes tail here     */
	alignas(CHAN_CACHELINE) atomic_size_t pub_head; /* C publishes head here     */

	alignas(CHAN_CACHELINE) _Atomic(rt_task *) recv_waiter; /* parked receiver  */
	_Atomic(rt_task *) send_waiter; /* parked sender                              */
	atomic_uint closed;             /* OPEN, CLOSING, CLOSED                       */
} spsc_chan;

static const chan_variant chan_spsc_variant;

#define RELAXED memory_order_relaxed
#define ACQUIRE memory_order_acquire
#define RELEASE memory_order_release

/* ---- park / wake through a waiter word */

typedef struct parking {
	_Atomic(rt_task *) *slot; /* where to announce ourselves           */
	bool (*ready)(void *);    /* re-check after the announcement        */
	void *arg;                /* the channel                            */
} parking;

static bool park_commit(rt_task *self, void *arg)
{
	parking *p = arg;
	/* Release: the waker dereferences self (rt_ready). Under pthreads self is
	 * this thread's TLS task struct, so relaxed left its initialization unordered
	 * before the waker's access (TSan: a race with the TLS set-up). On x86 this is
	 * the same plain store; it is the park path anyway. */
	atomic_store_explicit(p->slot, self, RELEASE);
	chan_fence_heavy();
	if (!p->ready(p->arg))
		return true; /* sleep: whoever changes the state will find us */
	rt_task *expect = self;
	if (atomic_compare_exchange_strong(p->slot, &expect, NULL))
		return false; /* withdrawn before anyone saw us: do not sleep */
	return true;          /* a waker took us; its rt_ready is on its way */
}

static void wait_for(_Atomic(rt_task *) *slot, bool (*ready)(void *), void *arg)
{
	if (chan_spin_until(ready, arg))
		return;
	parking p = {.slot = slot, .ready = ready, .arg = arg};
	rt_park(park_commit, &p);
}

/* After a publication (preceded by chan_fence_light): wake a parked partner. */
static inline void wake(_Atomic(rt_task *) *slot)
{
	if (__builtin_expect(atomic_load_explicit(slot, RELAXED) == NULL, 1))
		return;
	rt_task *t = atomic_exchange(slot, NULL);
	if (t)
		rt_ready(t);
}

/* ---- predicates (read by spinners and by park_commit) */

static bool space_or_closed(void *arg)
{
	spsc_chan *c = arg;
	return c->tail - atomic_load_explicit(&c->pub_head, ACQUIRE) < c->hdr.capacity ||
	       atomic_load_explicit(&c->closed, ACQUIRE) != OPEN;
}

static bool data_or_closed(void *arg)
{
	spsc_chan *c = arg;
	return atomic_load_explicit(&c->pub_tail, ACQUIRE) != c->head ||
	       atomic_load_explicit(&c->closed, ACQUIRE) == CLOSED;
}

static bool is_closed(void *arg)
{
	return atomic_load_explicit(&((spsc_chan *)arg)->closed, ACQUIRE) == CLOSED;
}

static void wait_closed(spsc_chan *c)
{
	while (!is_closed(c))
		(void)chan_spin_until(is_closed, c); /* a close in progress: a few us */
}

/* ---- send */

static int send_closed(spsc_chan *c)
{
	atomic_store_explicit(&c->in_send, 0, RELEASE);
	wait_closed(c);
	return CHAN_CLOSED;
}

/* The ring looked full: wait for room or close. Entered and left with in_send
 * raised and `closed` checked after raising it. */
static int wait_space(spsc_chan *c)
{
	for (;;) {
		atomic_store_explicit(&c->in_send, 0, RELEASE); /* a closer may proceed */
		wait_for(&c->send_waiter, space_or_closed, c);
		atomic_store_explicit(&c->in_send, 1, RELAXED);
		chan_fence_light();
		if (atomic_load_explicit(&c->closed, RELAXED) != OPEN)
			return send_closed(c);
		c->head_cache = atomic_load_explicit(&c->pub_head, ACQUIRE);
		if (c->tail - c->head_cache < c->hdr.capacity)
			return CHAN_OK;
	}
}

static int spsc_send_impl(spsc_chan *c, const void *elem, bool block)
{
	atomic_store_explicit(&c->in_send, 1, RELAXED);
	chan_fence_light(); /* pairs with the closer's heavy fence */
	if (atomic_load_explicit(&c->closed, RELAXED) != OPEN)
		return send_closed(c);
	size_t cap = c->hdr.capacity;
	if (c->tail - c->head_cache == cap) {
		c->head_cache = atomic_load_explicit(&c->pub_head, ACQUIRE);
		if (c->tail - c->head_cache == cap) {
			if (!block) {
				atomic_store_explicit(&c->in_send, 0, RELEASE);
				return CHAN_WOULDBLOCK;
			}
			int st = wait_space(c);
			if (st != CHAN_OK)
				return st;
		}
	}
	chan_elem_copy(c->buf + c->tail_slot * c->hdr.elem_size, elem, c->hdr.elem_size);
	c->tail++;
	if (++c->tail_slot == cap)
		c->tail_slot = 0;
	chan_guard_enter(c); /* the receiver may destroy c once it sees pub_tail */
	atomic_store_explicit(&c->pub_tail, c->tail, RELEASE);
	atomic_store_explicit(&c->in_send, 0, RELEASE);
	chan_fence_light(); /* pairs with the receiver's heavy fence in park_commit */
	wake(&c->recv_waiter);
	chan_guard_exit();
	return CHAN_OK;
}

/* ---- recv */

/* The ring looked empty: returns CHAN_OK once data is there (tail_cache fresh),
 * CHAN_CLOSED once closed and drained, or CHAN_WOULDBLOCK. */
static int recv_empty(spsc_chan *c, bool block)
{
	for (;;) {
		if (atomic_load_explicit(&c->closed, ACQUIRE) == CLOSED) {
			/* CLOSED: no send is in flight, pub_tail is final */
			c->tail_cache = atomic_load_explicit(&c->pub_tail, ACQUIRE);
			return c->head == c->tail_cache ? CHAN_CLOSED : CHAN_OK;
		}
		if (!block)
			return CHAN_WOULDBLOCK;
		wait_for(&c->recv_waiter, data_or_closed, c);
		c->tail_cache = atomic_load_explicit(&c->pub_tail, ACQUIRE);
		if (c->head != c->tail_cache)
			return CHAN_OK;
	}
}

static int spsc_recv_impl(spsc_chan *c, void *elem, bool block)
{
	if (c->head == c->tail_cache) {
		c->tail_cache = atomic_load_explicit(&c->pub_tail, ACQUIRE);
		if (c->head == c->tail_cache) {
			int st = recv_empty(c, block);
			if (st != CHAN_OK) {
				if (st == CHAN_CLOSED)
					chan_elem_zero(elem, c->hdr.elem_size);
				return st;
			}
		}
	}
	chan_elem_copy(elem, c->buf + c->head_slot * c->hdr.elem_size, c->hdr.elem_size);
	c->head++;
	if (++c->head_slot == c->hdr.capacity)
		c->head_slot = 0;
	chan_guard_enter(c);
	atomic_store_explicit(&c->pub_head, c->head, RELEASE);
	chan_fence_light(); /* pairs with the sender's heavy fence in park_commit */
	wake(&c->send_waiter);
	chan_guard_exit();
	return CHAN_OK;
}

static int spsc_send(chan *c, const void *elem)
{
	return spsc_send_impl((spsc_chan *)c, elem, true);
}
static int spsc_recv(chan *c, void *elem)
{
	return spsc_recv_impl((spsc_chan *)c, elem, true);
}
static int spsc_try_send(chan *c, const void *elem)
{
	return spsc_send_impl((spsc_chan *)c, elem, false);
}
static int spsc_try_recv(chan *c, void *elem)
{
	return spsc_recv_impl((spsc_chan *)c, elem, false);
}

static bool no_send_in_flight(void *arg)
{
	return atomic_load_explicit(&((spsc_chan *)arg)->in_send, ACQUIRE) == 0;
}

static int spsc_close(chan *ch)
{
	spsc_chan *c = (spsc_chan *)ch;
	unsigned expect = OPEN;
	if (!atomic_compare_exchange_strong(&c->closed, &expect, CLOSING)) {
		wait_closed(c);
		return CHAN_CLOSED;
	}
	chan_fence_heavy(); /* pairs with the sender's light fence after in_send */
	while (!no_send_in_flight(c))
		(void)chan_spin_until(no_send_in_flight, c);
	chan_guard_enter(c); /* a receiver that sees CLOSED may destroy c */
	atomic_store_explicit(&c->closed, CLOSED, RELEASE);
	atomic_thread_fence(memory_order_seq_cst); /* pairs with park_commit's heavy fence */
	wake(&c->recv_waiter);
	wake(&c->send_waiter);
	chan_guard_exit();
	return CHAN_OK;
}

static chan *spsc_make(size_t elem_size, size_t capacity)
{
	size_t total;
	if (capacity == 0 || !chan_ring_bytes(sizeof(spsc_chan), elem_size, capacity, &total))
		return NULL;
	spsc_chan *c;
	if (posix_memalign((void **)&c, CHAN_CACHELINE, total) != 0)
		return NULL;
	*c = (spsc_chan){
	    .hdr = {.variant = &chan_spsc_variant, .elem_size = elem_size, .capacity = capacity},
	    .buf = (unsigned char *)(c + 1)};
	return &c->hdr;
}

static void spsc_destroy(chan *c)
{
	chan_guard_wait(c);
	free(c);
}

static const chan_variant chan_spsc_variant = {
    .name = "spsc",
    .description = "single-producer single-consumer ring: cached indices, no locked "
                   "instruction per message, asymmetric-fence parking",
    .caps = CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE | CHAN_CAP_EXACT_TRY,
    .make = spsc_make,
    .destroy = spsc_destroy,
    .send = spsc_send,
    .recv = spsc_recv,
    .try_send = spsc_try_send,
    .try_recv = spsc_try_recv,
    .close = spsc_close,
    .select = NULL,
};
CHAN_REGISTER(chan_spsc_variant)
