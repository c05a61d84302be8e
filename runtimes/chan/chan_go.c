/*
 * chan_go.c — the `go` channel variant: Go's runtime/chan.go and select.go over
 * rt.h's park/ready. The semantic reference for every other variant.
 *
 * Design (as in Go)
 *   One lock per channel guards everything: a ring buffer of `capacity` elements
 *   (qcount, sendx, recvx), the closed flag, and two FIFO queues of parked waiters
 *   (recvq, sendq). A waiter is a sudog: a small record on the parked task's own
 *   stack saying who it is, where its element lives, and (for select) which select
 *   it belongs to.
 *
 *   - send: a parked receiver is served first, by copying the element straight into
 *     the receiver's destination (direct hand-off: the buffer is skipped, one copy
 *     instead of two, and FIFO order is kept because a parked receiver implies an
 *     empty buffer). Otherwise the element goes into the buffer if there is room,
 *     otherwise the sender parks on sendq with a pointer to its element.
 *   - recv: a parked sender means the buffer is full (or capacity is 0): take the
 *     head of the buffer and move the sender's element into the freed tail slot
 *     (capacity 0: copy straight from the sender), then ready the sender. Otherwise
 *     take from the buffer, otherwise report closed-and-drained, otherwise park.
 *   - close: mark closed and ready every parked task: receivers report closed (and
 *     get a zeroed element), senders report CHAN_CLOSED (Go panics instead).
 *   - select: random poll order (fairness); first a pass that tries the cases one
 *     lock at a time (not in Go: a select over ready channels then costs about
 *     one receive); if none is ready, Go's algorithm: lock every channel in address order
 *     (no deadlock with another select; duplicates locked once), pass 1 takes the
 *     first ready case in poll order; if none and blocking, pass 2 enqueues one
 *     sudog per case, parks, and the waker claims the select by CAS on its
 *     "selected" word (Go's g.selectDone), so exactly one case wins even when
 *     several channels fire at once; pass 3 (after the wake-up, all locks taken
 *     again) unlinks the losing sudogs.
 *
 * Invariants (Go's): at least one of recvq and sendq is empty, except for a select
 * waiting to both send and receive on the same channel; qcount > 0 implies recvq
 * is empty; qcount < capacity implies sendq is empty.
 *
 * Differences from Go, and why
 *   - Go readies a G while holding the channel lock only to record it; here the
 *     waker takes the sudog off the queue under the lock, releases the lock, then
 *     calls rt_ready. On pthreads ready is a futex wake (a system call, ~1.4 us
 *     here): doing it under the lock would stretch every critical section by that.
 *     The sudog stays valid because its task cannot run before that ready.
 *   - select's pass 0 (select_fast): Go locks every channel of a select before it
 *     looks at any; with the lock a spin lock and the case usually ready, that
 *     made a select over two ready channels 3x a plain receive here. Pass 0 takes
 *     the first ready case one lock at a time and leaves every decision that
 *     needs a consistent view (nothing ready, park) to Go's passes.
 *   - Blocking send/recv (go_send, go_recv) test the common cases first, a plain
 *     parked partner and then the buffer, with the partner unlinked in place and
 *     the rendezvous copy inline; the parking path is its own small function
 *     whose sudog learns its task in the park callback instead of from rt_self()
 *     (one indirect call fewer). The header, the lock and the wait queues share
 *     one cache line. Same decisions as Go's chansend/chanrecv (see send / recv
 *     below); callgrind on ping-pong: 638 -> 490 instructions per round trip,
 *     docs/GMP-FLOOR.md.
 *   - Errors instead of panics (chan.h); a send case on a closed channel in select
 *     is "ready" and reports CHAN_CLOSED in its status.
 *   - The lock is a spin lock (never held across park: park's unlock callback
 *     releases it once the task is parked), where Go has a futex-backed mutex;
 *     and a biased one (chan_lock.h): a lock one thread keeps taking -- every
 *     channel of a one-worker gmp program -- is taken and released with plain
 *     stores, no locked instruction (ping-pong 59 -> 51 ns a round trip, ring
 *     32 -> 27 ns a hop, docs/GMP-FLOOR.md).
 *   - The unlocked fast paths of try_send/try_recv (Go's "!block" checks) read
 *     qcount, closed and the queue heads with relaxed atomic loads, which is what
 *     Go's plain loads are on the machines it runs on, and keeps TSan quiet.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

#include "../rt.h"
#include "chan.h"
#include "chan_impl.h"
#include "chan_lock.h"

typedef struct go_sel go_sel;
typedef struct go_chan go_chan;

static const chan_variant chan_go_variant;

/* A parked task waiting on one channel (Go's sudog). Lives on that task's stack. */
typedef struct sudog {
	struct sudog *next;  /* next in recvq/sendq (toward the newest)               */
	struct sudog *prev;  /* previous (toward the oldest); select removes from middle */
	struct sudog *glink; /* close(): the list of sudogs to ready after unlocking    */
	rt_task *task;       /* who to ready                                            */
	void *elem;          /* send: the value; recv: destination (NULL: discard)      */
	go_sel *sel;         /* NULL for a plain send/recv, else the select waiting      */
	go_chan *c;          /* the channel this sudog is queued on                     */
	int index;           /* select: the case index                                   */
	bool is_send;        /* queued on sendq (true) or recvq (false)                 */
	bool success;        /* set by the waker: true = value passed, false = closed   */
} sudog;

/* The select a sudog belongs to; on the selecting task's stack. */
struct go_sel {
	atomic_uint done; /* 0 while waiting; the waker that CASes 0->1 owns the wake-up */
	sudog *winner;    /* written by that waker before rt_ready                      */
};

typedef struct waitq {
	sudog *first; /* oldest; read without the lock (relaxed) by try fast paths */
	sudog *last;  /* newest                                                    */
} waitq;

/* Layout: a hand-off on an unbuffered channel (the lock, the closed flag, the
 * wait queues, the header the dispatch and the copy read) touches the first
 * 64-byte line only; the ring's bookkeeping is on the second, which unbuffered
 * channels never touch (hot paths test capacity before qcount).
 *
 *   line 0  hdr (variant, elem_size, capacity) | lock (with closed) | recvq | sendq
 *   line 1  qcount | sendx | recvx | buf ...
 */
struct go_chan {
	chan hdr;           /* variant, elem_size, capacity                         */
	chan_lock lock;     /* guards every field below (biased spin lock); its
	                     * lock.closed is 1 once closed, read unlocked by the
	                     * fast paths                                       */
	waitq recvq;        /* parked receivers, FIFO                               */
	waitq sendq;        /* parked senders, FIFO                                 */
	size_t qcount;      /* elements in the buffer; read unlocked by fast paths  */
	size_t sendx;       /* next slot a send fills                               */
	size_t recvx;       /* next slot a recv empties                             */
	unsigned char *buf; /* capacity * elem_size bytes, right after this struct  */
};
_Static_assert(offsetof(go_chan, qcount) == CHAN_CACHELINE,
               "a hand-off on an unbuffered channel touches one line");

#define LOAD(p)     __atomic_load_n((p), __ATOMIC_RELAXED)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

/* ---- wait queues (under the channel lock) */

static void waitq_enqueue(waitq *q, sudog *sg)
{
	sg->next = NULL;
	sg->prev = q->last;
	if (q->last)
		q->last->next = sg;
	else
		STORE(&q->first, sg);
	q->last = sg;
}

static void waitq_unlink(waitq *q, sudog *sg)
{
	if (sg->prev)
		sg->prev->next = sg->next;
	else
		STORE(&q->first, sg->next);
	if (sg->next)
		sg->next->prev = sg->prev;
	else
		q->last = sg->prev;
	sg->next = sg->prev = NULL;
}

/* The oldest waiter that can still be woken. A sudog of a select that another
 * channel already won is dropped from the queue on the way (Go's dequeue). */
static sudog *waitq_dequeue(waitq *q)
{
	for (;;) {
		sudog *sg = q->first;
		if (!sg)
			return NULL;
		waitq_unlink(q, sg);
		if (sg->sel) {
			unsigned expect = 0;
			if (!atomic_compare_exchange_strong_explicit(&sg->sel->done, &expect, 1,
			                                             memory_order_acq_rel,
			                                             memory_order_relaxed))
				continue; /* that select has been won elsewhere */
			sg->sel->winner = sg;
		}
		return sg;
	}
}

/* Remove sg if it is still queued: a waker may have dropped it already
 * (Go's dequeueSudoG). Unlinked sudogs have prev == next == NULL. */
static void waitq_remove(waitq *q, sudog *sg)
{
	if (!sg->prev && q->first != sg)
		return;
	waitq_unlink(q, sg);
}

/* ---- buffer slots */

static inline void *slot(go_chan *c, size_t i)
{
	return c->buf + i * c->hdr.elem_size;
}

static inline size_t ring_next(go_chan *c, size_t i)
{
	return ++i == c->hdr.capacity ? 0 : i;
}

static bool is_full(go_chan *c)
{
	if (c->hdr.capacity == 0)
		return LOAD(&c->recvq.first) == NULL;
	return LOAD(&c->qcount) == c->hdr.capacity;
}

/* Acquire, unlike is_full: chanrecv's fast path needs "empty" observed before
 * "not closed" (Go's comment in chanrecv; its atomic loads are LDAR on arm64). A
 * relaxed load may be satisfied after the later load of closed on arm64: a
 * try_recv that overlaps a close followed by the last receive then sees "not
 * closed" from before the close and "empty" from after the receive, and reports
 * WOULDBLOCK, which was true at no instant (the channel went from non-empty to
 * closed). The send side's order does not
 * matter (chansend's comment), so is_full stays relaxed. */
static bool is_empty(go_chan *c)
{
	if (c->hdr.capacity == 0)
		return __atomic_load_n(&c->sendq.first, __ATOMIC_ACQUIRE) == NULL;
	return __atomic_load_n(&c->qcount, __ATOMIC_ACQUIRE) == 0;
}

/* ---- the four moves, all under the lock; each returns the task to ready (or NULL) */

/* Hand elem to the parked receiver sg (Go's send()). */
static rt_task *send_direct(go_chan *c, sudog *sg, const void *elem)
{
	chan_elem_copy(sg->elem, elem, c->hdr.elem_size);
	sg->success = true;
	return sg->task;
}

/* Take from the parked sender sg (Go's recv()): the buffer is full or absent. */
static rt_task *recv_from_sender(go_chan *c, sudog *sg, void *elem)
{
	size_t es = c->hdr.elem_size;
	if (c->hdr.capacity == 0) {
		chan_elem_copy(elem, sg->elem, es);
	} else {
		void *s = slot(c, c->recvx);
		chan_elem_copy(elem, s, es);
		chan_elem_copy(s, sg->elem, es);
		c->recvx = ring_next(c, c->recvx);
		c->sendx = c->recvx;
	}
	sg->success = true;
	return sg->task;
}

static void buf_put(go_chan *c, const void *elem)
{
	chan_elem_copy(slot(c, c->sendx), elem, c->hdr.elem_size);
	c->sendx = ring_next(c, c->sendx);
	STORE(&c->qcount, c->qcount + 1);
}

static void buf_take(go_chan *c, void *elem)
{
	chan_elem_copy(elem, slot(c, c->recvx), c->hdr.elem_size);
	c->recvx = ring_next(c, c->recvx);
	STORE(&c->qcount, c->qcount - 1);
}

/* ---- send / recv
 *
 * go_send and go_recv are the blocking operations with the common cases first,
 * under the lock: a parked partner that is not a select (the hand-off), then
 * the buffer, then park. Everything else (a select's sudog at the head of the
 * queue, a closed channel) and the non-blocking forms go through send_locked /
 * recv_locked, which are Go's chansend/chanrecv after the lock. Both orders are
 * Go's: a closed channel has empty wait queues (close drains them under the
 * lock, and no waiter enqueues once closed is set), so taking a parked partner
 * before looking at closed decides the same; and a parked sender implies a full
 * buffer, so taking from it before the buffer is what chanrecv does. */

/* Park the calling task as a plain (non-select) waiter of c, whose lock the caller
 * holds, until a partner completes the operation or close wakes it (the waker
 * fills in success before it readies us). */
static int park_send(go_chan *c, const void *elem);
static int park_recv(go_chan *c, void *elem);

/* Takes the head of q, a plain waiter (sel == NULL): unlinks it. A plain sudog
 * is never looked at again once dequeued (its owner resumes and returns), so its
 * own links are left as they are. */
static inline void waitq_pop_plain(waitq *q, sudog *sg)
{
	sudog *next = sg->next;
	STORE(&q->first, next);
	if (next)
		next->prev = NULL;
	else
		q->last = NULL;
}

static int send_locked(go_chan *c, const void *elem, bool block)
{
	if (c->lock.closed) {
		chan_lock_release(&c->lock);
		return CHAN_CLOSED;
	}
	sudog *sg = waitq_dequeue(&c->recvq);
	if (sg) {
		rt_task *t = send_direct(c, sg, elem);
		chan_lock_release(&c->lock);
		rt_ready(t);
		return CHAN_OK;
	}
	if (c->qcount < c->hdr.capacity) {
		buf_put(c, elem);
		chan_lock_release(&c->lock);
		return CHAN_OK;
	}
	if (!block) {
		chan_lock_release(&c->lock);
		return CHAN_WOULDBLOCK;
	}
	return park_send(c, elem);
}

static int recv_locked(go_chan *c, void *elem, bool block)
{
	if (c->lock.closed && c->qcount == 0) {
		chan_lock_release(&c->lock);
		chan_elem_zero(elem, c->hdr.elem_size);
		return CHAN_CLOSED;
	}
	sudog *sg = waitq_dequeue(&c->sendq);
	if (sg) {
		rt_task *t = recv_from_sender(c, sg, elem);
		chan_lock_release(&c->lock);
		rt_ready(t);
		return CHAN_OK;
	}
	if (c->qcount > 0) {
		buf_take(c, elem);
		chan_lock_release(&c->lock);
		return CHAN_OK;
	}
	if (!block) {
		chan_lock_release(&c->lock);
		return CHAN_WOULDBLOCK;
	}
	return park_recv(c, elem);
}

/* park's unlock callback for a plain waiter: the sudog learns its task here (one
 * indirect call fewer than rt_self() before enqueueing: the lock is held until
 * the line below, so no waker can see the sudog without its task). */
static bool park_commit(rt_task *self, void *arg)
{
	sudog *sg = arg;
	sg->task = self;
	chan_lock_release(&sg->c->lock);
	return true;
}

/* Queues me (on the caller's stack) as a plain waiter on q and parks. */
static inline void park_on(go_chan *c, waitq *q, sudog *me, void *elem, bool is_send)
{
	me->elem = elem;
	me->sel = NULL;
	me->c = c;
	me->is_send = is_send;
	waitq_enqueue(q, me);
	rt_park(park_commit, me);
}

static int park_send(go_chan *c, const void *elem)
{
	sudog me;
	park_on(c, &c->sendq, &me, (void *)elem, true);
	return me.success ? CHAN_OK : CHAN_CLOSED;
}

static int park_recv(go_chan *c, void *elem)
{
	sudog me;
	park_on(c, &c->recvq, &me, elem, false);
	if (me.success)
		return CHAN_OK;
	chan_elem_zero(elem, c->hdr.elem_size);
	return CHAN_CLOSED;
}

/* The tails of go_send and go_recv's common paths, out of line so that those two
 * call nothing but in tail position and need no saved registers: the lock's
 * contended path, and the ready after a hand-off. */
static __attribute__((noinline)) int ready_ok(rt_task *t)
{
	rt_ready(t);
	return CHAN_OK;
}

static __attribute__((noinline)) int send_contended(go_chan *c, const void *elem)
{
	chan_lock_acquire(&c->lock); /* also registers a thread new to channels */
	return send_locked(c, elem, true);
}

static __attribute__((noinline)) int recv_contended(go_chan *c, void *elem)
{
	chan_lock_acquire(&c->lock);
	return recv_locked(c, elem, true);
}

/* Takes c's lock if that is quick (chan_lock_try), for go_send and go_recv. */
static inline bool lock_quick(go_chan *c)
{
	chan_guard_rec *me = chan_guard_mine_get();
	return __builtin_expect(me != NULL, 1) && chan_lock_try(&c->lock, me);
}

/* A parked sender on a buffered channel (the buffer is full): recv_locked's move,
 * for go_recv's hand-off path. */
static __attribute__((noinline)) int recv_rotate(go_chan *c, sudog *sg, void *elem)
{
	rt_task *t = recv_from_sender(c, sg, elem);
	chan_lock_release(&c->lock);
	rt_ready(t);
	return CHAN_OK;
}

/* go_send and go_recv after the lock, written once for two callers: size8 (a
 * constant) says the element is 8 bytes (what every workload sends) and, for a
 * receive, that elem is not NULL, so the copies are single moves; then nothing
 * in go_send/go_recv is a call but in tail position and they save no registers
 * (GCC kept 4 callee-saved pushes for the memcpy of other sizes). */
static inline __attribute__((always_inline)) int send_body(go_chan *c, const void *elem, bool size8)
{
	sudog *sg = c->recvq.first;
	if (__builtin_expect(sg != NULL && sg->sel == NULL, 1)) { /* the hand-off */
		waitq_pop_plain(&c->recvq, sg);
		if (!size8)
			chan_elem_copy(sg->elem, elem, c->hdr.elem_size);
		else if (sg->elem)
			memcpy(sg->elem, elem, sizeof(uint64_t));
		sg->success = true;
		rt_task *t = sg->task;
		chan_lock_release(&c->lock);
		return ready_ok(t);
	}
	if (sg || c->lock.closed)
		return send_locked(c, elem, true);
	if (c->hdr.capacity != 0 && c->qcount < c->hdr.capacity) { /* line 1 only if buffered */
		if (!size8) {
			buf_put(c, elem);
		} else {
			memcpy(c->buf + c->sendx * sizeof(uint64_t), elem, sizeof(uint64_t));
			c->sendx = ring_next(c, c->sendx);
			STORE(&c->qcount, c->qcount + 1);
		}
		chan_lock_release(&c->lock);
		return CHAN_OK;
	}
	return park_send(c, elem);
}

static inline __attribute__((always_inline)) int recv_body(go_chan *c, void *elem, bool size8)
{
	sudog *sg = c->sendq.first;
	if (__builtin_expect(sg != NULL && sg->sel == NULL, 1)) { /* the hand-off */
		waitq_pop_plain(&c->sendq, sg);
		if (c->hdr.capacity != 0)
			return recv_rotate(c, sg, elem);
		/* recv_from_sender's rendezvous */
		if (!size8)
			chan_elem_copy(elem, sg->elem, c->hdr.elem_size);
		else
			memcpy(elem, sg->elem, sizeof(uint64_t));
		sg->success = true;
		rt_task *t = sg->task;
		chan_lock_release(&c->lock);
		return ready_ok(t);
	}
	if (sg)
		return recv_locked(c, elem, true);
	if (c->hdr.capacity != 0 && c->qcount > 0) { /* line 1 only if buffered */
		if (!size8) {
			buf_take(c, elem);
		} else {
			memcpy(elem, c->buf + c->recvx * sizeof(uint64_t), sizeof(uint64_t));
			c->recvx = ring_next(c, c->recvx);
			STORE(&c->qcount, c->qcount - 1);
		}
		chan_lock_release(&c->lock);
		return CHAN_OK;
	}
	if (c->lock.closed)
		return recv_locked(c, elem, true);
	return park_recv(c, elem);
}

static __attribute__((noinline)) int send_held(go_chan *c, const void *elem)
{
	return send_body(c, elem, false);
}

static __attribute__((noinline)) int recv_held(go_chan *c, void *elem)
{
	return recv_body(c, elem, false);
}

static int go_send(chan *ch, const void *elem)
{
	go_chan *c = (go_chan *)ch;
	if (__builtin_expect(!lock_quick(c), 0))
		return send_contended(c, elem);
	if (__builtin_expect(c->hdr.elem_size != sizeof(uint64_t), 0))
		return send_held(c, elem);
	return send_body(c, elem, true);
}

static int go_recv(chan *ch, void *elem)
{
	go_chan *c = (go_chan *)ch;
	if (__builtin_expect(!lock_quick(c), 0))
		return recv_contended(c, elem);
	if (__builtin_expect(c->hdr.elem_size != sizeof(uint64_t) || !elem, 0))
		return recv_held(c, elem);
	return recv_body(c, elem, true);
}

static int go_try_send(chan *ch, const void *elem)
{
	go_chan *c = (go_chan *)ch;
	/* Go's fast path: a non-blocking send on an open, full channel fails without
	 * the lock. Reading closed before full keeps the answer valid at some instant
	 * (see the long comment in Go's chansend). */
	if (!LOAD(&c->lock.closed) && is_full(c))
		return CHAN_WOULDBLOCK;
	chan_lock_acquire(&c->lock);
	return send_locked(c, elem, false);
}

static int go_try_recv(chan *ch, void *elem)
{
	go_chan *c = (go_chan *)ch;
	if (is_empty(c)) {
		/* Closed is monotonic: once seen closed (acquire), an empty channel
		 * stays empty, so the second look decides (Go's chanrecv). */
		if (!__atomic_load_n(&c->lock.closed, __ATOMIC_ACQUIRE))
			return CHAN_WOULDBLOCK;
		if (is_empty(c)) {
			chan_elem_zero(elem, c->hdr.elem_size);
			return CHAN_CLOSED;
		}
	}
	chan_lock_acquire(&c->lock);
	return recv_locked(c, elem, false);
}

static int go_close(chan *ch)
{
	go_chan *c = (go_chan *)ch;
	chan_lock_acquire(&c->lock);
	if (c->lock.closed) {
		chan_lock_release(&c->lock);
		return CHAN_CLOSED;
	}
	__atomic_store_n(&c->lock.closed, 1, __ATOMIC_RELEASE);
	sudog *glist = NULL, *sg;
	while ((sg = waitq_dequeue(&c->recvq)) != NULL) {
		sg->success = false;
		sg->glink = glist;
		glist = sg;
	}
	while ((sg = waitq_dequeue(&c->sendq)) != NULL) {
		sg->success = false;
		sg->glink = glist;
		glist = sg;
	}
	chan_lock_release(&c->lock);
	while (glist) {
		sg = glist;
		glist = sg->glink; /* read before ready: sg dies when its task runs */
		rt_ready(sg->task);
	}
	return CHAN_OK;
}

/* ---- select */

/* What a select keeps while it works: orders and sudogs, on the stack when small. */
typedef struct selstate {
	chan_case *cases; /* the caller's cases                          */
	int n;            /* how many                                    */
	uint16_t *poll;   /* random poll order                           */
	uint16_t *lock;   /* address lock order                          */
	sudog *sgs;       /* one sudog per case (pass 2)                 */
	go_sel sel;       /* the shared "selected" word and the winner   */
} selstate;

static go_chan *case_chan(const selstate *s, int i)
{
	return (go_chan *)s->cases[i].ch;
}

static void sellock(selstate *s)
{
	go_chan *prev = NULL;
	for (int k = 0; k < s->n; k++) {
		go_chan *c = case_chan(s, s->lock[k]);
		if (c != prev)
			chan_lock_acquire(&c->lock);
		prev = c;
	}
}

static void selunlock(selstate *s)
{
	/* Reverse order, each channel once: the last unlock is the lowest address,
	 * which keeps the usual lock discipline (not needed for correctness). */
	for (int k = s->n - 1; k >= 0; k--) {
		go_chan *c = case_chan(s, s->lock[k]);
		if (k > 0 && case_chan(s, s->lock[k - 1]) == c)
			continue;
		chan_lock_release(&c->lock);
	}
}

static bool selparkcommit(rt_task *self, void *arg)
{
	(void)self;
	selunlock(arg);
	return true;
}

/* Does case cs complete now on c (whose lock the caller holds)? Sets its status
 * and *wake (a task to ready after unlocking). */
static bool case_ready(go_chan *c, chan_case *cs, rt_task **wake)
{
	sudog *sg;
	if (cs->send) {
		if (c->lock.closed) {
			cs->status = CHAN_CLOSED;
			return true;
		}
		if ((sg = waitq_dequeue(&c->recvq)) != NULL) {
			*wake = send_direct(c, sg, cs->elem);
			cs->status = CHAN_OK;
			return true;
		}
		if (c->qcount < c->hdr.capacity) {
			buf_put(c, cs->elem);
			cs->status = CHAN_OK;
			return true;
		}
		return false;
	}
	if ((sg = waitq_dequeue(&c->sendq)) != NULL) {
		*wake = recv_from_sender(c, sg, cs->elem);
		cs->status = CHAN_OK;
		return true;
	}
	if (c->qcount > 0) {
		buf_take(c, cs->elem);
		cs->status = CHAN_OK;
		return true;
	}
	if (c->lock.closed) {
		chan_elem_zero(cs->elem, c->hdr.elem_size);
		cs->status = CHAN_CLOSED;
		return true;
	}
	return false;
}

/* Pass 1: the first ready case in poll order, done under all locks. Returns the case
 * index (status set, *wake = task to ready after unlocking) or -1. */
static int select_ready(selstate *s, rt_task **wake)
{
	for (int k = 0; k < s->n; k++) {
		int i = s->poll[k];
		if (case_ready(case_chan(s, i), &s->cases[i], wake))
			return i;
	}
	return -1;
}

/* Pass 0 (not in Go): visit the cases in poll order one channel lock at a time
 * and take the first that is ready. When one is, which is what a busy select
 * sees, this costs one lock like a plain receive instead of one per case plus
 * the sort, and it picks the same case Go's pass 1 would (the first ready one in
 * a uniformly random order). When none is, it proves nothing (the cases were not
 * seen at one instant), so the caller runs Go's algorithm under all the locks,
 * which alone may conclude "nothing ready" or park. An unlocked peek skips the
 * channels that are plainly not ready. */
static int select_fast(selstate *s)
{
	for (int k = 0; k < s->n; k++) {
		int i = s->poll[k];
		chan_case *cs = &s->cases[i];
		go_chan *c = case_chan(s, i);
		if (!LOAD(&c->lock.closed) && (cs->send ? is_full(c) : is_empty(c)))
			continue;
		rt_task *wake = NULL;
		chan_lock_acquire(&c->lock);
		bool ok = case_ready(c, cs, &wake);
		chan_lock_release(&c->lock);
		if (wake)
			rt_ready(wake);
		if (ok)
			return i;
	}
	return -1;
}

static int select_block(selstate *s)
{
	rt_task *self = rt_self();
	atomic_init(&s->sel.done, 0);
	s->sel.winner = NULL;
	/* Pass 2: enqueue on every channel, in lock order as Go does. */
	for (int k = 0; k < s->n; k++) {
		int i = s->lock[k];
		chan_case *cs = &s->cases[i];
		go_chan *c = case_chan(s, i);
		s->sgs[i] = (sudog){.task = self,
		                    .elem = cs->elem,
		                    .sel = &s->sel,
		                    .c = c,
		                    .index = i,
		                    .is_send = cs->send};
		waitq_enqueue(cs->send ? &c->sendq : &c->recvq, &s->sgs[i]);
	}
	rt_park(selparkcommit, s);

	/* Pass 3: the winner was unlinked by its waker; unlink the others. */
	sellock(s);
	sudog *win = s->sel.winner;
	for (int k = 0; k < s->n; k++) {
		int i = s->lock[k];
		sudog *sg = &s->sgs[i];
		if (sg == win)
			continue;
		waitq_remove(sg->is_send ? &sg->c->sendq : &sg->c->recvq, sg);
	}
	selunlock(s);

	chan_case *cs = &s->cases[win->index];
	if (win->success) {
		cs->status = CHAN_OK;
	} else {
		if (!cs->send)
			chan_elem_zero(cs->elem, win->c->hdr.elem_size);
		cs->status = CHAN_CLOSED;
	}
	return win->index;
}

static int go_select(chan_case *cases, int n, bool block)
{
	if (n < 1 && !block)
		return CHAN_WOULDBLOCK;
	if (n < 1 || n > CHAN_SELECT_MAX)
		return CHAN_UNSUPPORTED; /* Go's empty select blocks forever; we refuse */
	uint16_t poll_st[CHAN_SELECT_STACK], lock_st[CHAN_SELECT_STACK];
	uintptr_t key_st[CHAN_SELECT_STACK];
	sudog sgs_st[CHAN_SELECT_STACK];
	selstate s = {.cases = cases, .n = n, .poll = poll_st, .lock = lock_st, .sgs = sgs_st};
	uintptr_t *key = key_st;
	void *heap = NULL;
	if (n > CHAN_SELECT_STACK) {
		size_t bytes =
		    (size_t)n * (2 * sizeof(uint16_t) + sizeof(uintptr_t) + sizeof(sudog));
		heap = malloc(bytes);
		if (!heap)
			return CHAN_NOMEM;
		s.sgs = heap;
		key = (uintptr_t *)(s.sgs + n);
		s.poll = (uint16_t *)(key + n);
		s.lock = s.poll + n;
	}
	chan_pollorder(s.poll, n);
	int chosen = select_fast(&s);
	if (chosen >= 0) {
		free(heap);
		return chosen;
	}
	for (int i = 0; i < n; i++)
		key[i] = (uintptr_t)cases[i].ch;
	chan_lockorder(s.lock, key, s.poll, n);

	sellock(&s);
	rt_task *wake = NULL;
	chosen = select_ready(&s, &wake);
	if (chosen >= 0 || !block) {
		selunlock(&s);
		if (wake)
			rt_ready(wake);
		free(heap);
		return chosen >= 0 ? chosen : CHAN_WOULDBLOCK;
	}
	chosen = select_block(&s);
	free(heap);
	return chosen;
}

/* ---- make / destroy */

static chan *go_make(size_t elem_size, size_t capacity)
{
	size_t total;
	if (!chan_ring_bytes(sizeof(go_chan), elem_size, capacity, &total))
		return NULL;
	go_chan *c;
	if (posix_memalign((void **)&c, CHAN_CACHELINE, total) != 0)
		return NULL;
	*c = (go_chan){
	    .hdr = {.variant = &chan_go_variant, .elem_size = elem_size, .capacity = capacity},
	    .buf = (unsigned char *)(c + 1)};
	return &c->hdr;
}

static void go_destroy(chan *c)
{
	free(c);
}

static const chan_variant chan_go_variant = {
    .name = "go",
    .description = "Go's runtime/chan.go: one lock, ring buffer, FIFO waiter queues, "
                   "direct hand-off, select with a CAS-claimed selected word",
    .caps = CHAN_CAP_ALL,
    .make = go_make,
    .destroy = go_destroy,
    .send = go_send,
    .recv = go_recv,
    .try_send = go_try_send,
    .try_recv = go_try_recv,
    .close = go_close,
    .select = go_select,
};
CHAN_REGISTER(chan_go_variant)
