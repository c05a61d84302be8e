/*
 * chan_faa.c — the `faa` channel variant: the segment-based fetch-and-add channel
 * of Koval, Alistarh and Elizarov ("Fast and Scalable Channels in Kotlin
 * Coroutines", PPoPP 2023; kotlinx.coroutines' BufferedChannel), over park/ready.
 *
 * The idea
 *   A conceptually infinite array of cells and three counters: S (sends ever
 *   started), R (receives ever started) and B (the end of the logical buffer,
 *   capacity + receives that finished their cell). A send takes cell s = FAA(S),
 *   a receive cell r = FAA(R): each cell is met by exactly one sender and one
 *   receiver, so they synchronize on that cell alone and never contend with the
 *   others. Each cell's state word says who got there first:
 *
 *     EMPTY --sender, s < R or s < B--> BUFFERED --receiver--> DONE_RCV
 *     EMPTY --sender must wait--------> sender waiter --receiver: RESUMING_BY_RCV--> DONE_RCV
 *                                                     --expandBuffer: RESUMING_BY_EB--> BUFFERED
 *     EMPTY --receiver, r >= S-------> receiver waiter --sender hands over--> DONE_RCV
 *     EMPTY --receiver, r < S (a sender is on its way)--> POISONED: the sender retries
 *     EMPTY --expandBuffer-----------> IN_BUFFER: the coming sender buffers
 *     waiter --close: RESUMING_BY_CLOSE--> INTERRUPTED_SEND / CELL_CLOSED
 *     INTERRUPTED_SEND / _RCV: a try_ operation that would have waited (the
 *       counterpart retries elsewhere); CELL_CLOSED: marked by close.
 *
 *   After every receive that finished with its cell (took a value, parked, poisoned
 *   it, or installed INTERRUPTED_RCV), expandBuffer() takes b = FAA(B) and adds
 *   cell b to the buffer: if a sender waits there, it is resumed and its element
 *   becomes BUFFERED. Capacity 0 has no buffer and no expandBuffer.
 *
 * A waiter lives on its parked task's stack and is gone once a counterpart has
 * claimed it and readied the task; so nobody reads a waiter it has not claimed,
 * and a claim is made only by whoever first moved the cell out of the waiter
 * state (RESUMING_BY_*), except a sender meeting a receiver waiter, which no one
 * else can claim (close cancels only receivers at or past the final S, where no
 * sender comes). Whether a waiter is a sender is the low bit of the cell state
 * (WAITER_SENDER), not read from the waiter: expandBuffer read w->sender before
 * its CAS, and TSan caught that read landing in a newer frame of the same stack
 * after a receiver had resumed the sender.
 *
 * Cells live in segments of FAA_SEG cells in a linked list. Finding cell i is a
 * walk from a per-counter hint (sendSeg, recvSeg, ebSeg) to segment i/FAA_SEG,
 * appending segments at the tail as needed.
 *
 * Memory reclamation (the paper leans on the JVM's garbage collector)
 *   Each cell has 2 participants (its sender index, its receiver index) plus one
 *   (its expandBuffer index) for cells at or past the capacity; each participant
 *   adds 1 to its segment's `done` when it will not touch the segment again. A
 *   segment whose `done` reached its total is finished. Finished segments are
 *   taken off the head of the list, in order, under `seg_lock`, and kept on a free
 *   list for reuse (type-stable memory: never returned to malloc before destroy).
 *   A walker holding a stale pointer may land on a recycled segment: it validates
 *   the segment's id before and after reading `next`, and restarts from the head
 *   when the id is not what the walk expects. The walker's own target segment can
 *   never be recycled under it: its own participation is still missing.
 *   Appends and recycling take `seg_lock` (once per FAA_SEG cells), so the list
 *   structure itself never races. Cost: one more atomic add per participant per
 *   cell, on the segment's line; it shows in the benchmarks, and it is the price
 *   of running without a garbage collector.
 *
 * Close (Go's semantics: waiting senders fail, receivers drain, then closed)
 *   close sets the top bit of S (a sender that sees it fails); seals the list
 *   (no more segments); then, under seg_lock, walks every cell: empty cells become
 *   CELL_CLOSED (a sender still on its way to one fails, a receiver retries);
 *   waiting senders are cancelled (CHAN_CLOSED); waiting receivers whose cell is
 *   at or past the final S are cancelled (no sender will ever come), those below
 *   are left to the sender that took their cell before the close. A receive
 *   reports closed once S is closed and R has passed it: every send that claimed
 *   a cell before the close has a receiver. A receiver or expandBuffer that takes
 *   a parked sender's cell after CLOSED_BIT is set cancels that sender itself
 *   (cancel_if_closed): a blocked send never completes after the close.
 *
 * try_send / try_recv: a quick check of the counters first (would it wait?); if
 *   not obviously waiting, the full operation runs with an "already interrupted"
 *   waiter (INTERRUPTED_SEND / _RCV), as kotlinx.coroutines does.
 *   They may fail spuriously, so the variant does not declare CHAN_CAP_EXACT_TRY:
 *   B counts a slot free only once the receive that emptied it has finished its
 *   cell, so while an earlier receiver is still between its cell and its
 *   expandBuffer a later one can have returned, and a try_send then sees a full
 *   buffer that, in the order the receives took effect, has room. The history
 *   checker found such histories under qemu (about 1 run of test_chan_history in
 *   60; never in 200 native runs). A try op never succeeds wrongly: a try_send on
 *   an unbuffered channel completes only with a parked receiver (send_cell).
 *
 * Not supported: select. A select case must not claim a cell it may not use, and
 * FAA claims cells unconditionally. kotlinx.coroutines makes select sound with a
 * registration phase in which a counterpart that meets a select still registering
 * marks the cell and retries (TRY_SELECT_REREGISTER), and the select re-registers
 * the clause; that protocol is not built here, and a select without it would lose
 * elements or wake two cases. The variant declares no CHAN_CAP_SELECT, so select
 * workloads skip it with that reason.
 */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rt.h"
#include "chan.h"
#include "chan_guard.h"
#include "chan_impl.h"

/* Cells per segment: Kotlin's SEGMENT_SIZE. 32 state words are 4 cache lines; a
 * segment append (a lock and a malloc or a free-list pop) is paid once per 32
 * operations of each kind. */
#define FAA_SEG 32

#define CLOSED_BIT ((uint64_t)1 << 63)
#define DEAD_ID    UINT64_MAX /* a segment on the free list */

/* Cell states; values >= WAITER_MIN are pointers to an faa_waiter. */
enum {
	EMPTY = 0,
	BUFFERED,
	IN_BUFFER,
	POISONED,
	DONE_RCV,
	INTERRUPTED_SEND,
	INTERRUPTED_RCV,
	CELL_CLOSED,
	RESUMING_BY_RCV,
	RESUMING_BY_EB,
	RESUMING_BY_CLOSE,
	WAITER_MIN = 64,
};

/* Low bit of a waiter state: the waiter is a sender (waiters are 8-aligned). */
#define WAITER_SENDER ((uintptr_t)1)

/* faa_waiter.state */
enum { W_WAITING = 0, W_CLAIMED, W_CANCELLED };

/* A parked sender or receiver; lives on its task's stack. */
typedef struct faa_waiter {
	rt_task *task;     /* who to ready                                        */
	atomic_uint state; /* W_WAITING until a counterpart claims or close cancels */
	bool sender;       /* a sender (its element is in the cell) or a receiver  */
	void *elem;        /* receiver: destination (NULL: discard)               */
} faa_waiter;

typedef struct faa_seg {
	atomic_uint_fast64_t id;         /* segment number, DEAD_ID when free      */
	_Atomic(struct faa_seg *) next;  /* the next segment (id + 1), or NULL     */
	atomic_uint done;                /* participations finished                */
	unsigned total;                  /* participations in all (2 or 3 per cell) */
	struct faa_seg *free_next;       /* free list, under seg_lock              */
	atomic_uintptr_t state[FAA_SEG]; /* cell states                            */
	alignas(8) unsigned char data[]; /* FAA_SEG elements                       */
} faa_seg;

typedef struct faa_chan {
	chan hdr; /* variant, elem_size, capacity */

	alignas(CHAN_CACHELINE) atomic_uint_fast64_t S; /* sends started | CLOSED_BIT */
	alignas(CHAN_CACHELINE) atomic_uint_fast64_t R; /* receives started           */
	alignas(CHAN_CACHELINE) atomic_uint_fast64_t B; /* end of the logical buffer  */

	alignas(CHAN_CACHELINE) _Atomic(faa_seg *) send_seg; /* walk hints             */
	_Atomic(faa_seg *) recv_seg;
	_Atomic(faa_seg *) eb_seg;

	alignas(CHAN_CACHELINE) rt_spinlock seg_lock; /* guards the fields below   */
	_Atomic(faa_seg *) head; /* oldest live segment (read unlocked by walkers)  */
	faa_seg *free_list;      /* recycled segments                               */
	bool sealed;             /* closed: no more appends                         */
} faa_chan;

static const chan_variant chan_faa_variant;

#define RELAXED memory_order_relaxed
#define ACQUIRE memory_order_acquire
#define RELEASE memory_order_release
#define ACQ_REL memory_order_acq_rel
/* The counters S, R and B take part in store-buffering pairs: a sender adds to S
 * and then reads B (and R); expandBuffer adds to B and then reads S; a receiver
 * adds to R and then reads S. With acquire/release alone both sides of a pair may
 * read the other's old value (C11 allows it, and so does arm64 once acquire loads
 * compile to LDAPR, as with -march=armv8.3-a and later): the sender at cell b
 * then parks although expandBuffer just made b part of the buffer, and
 * expandBuffer, seeing no sender at b yet, leaves it parked -- a buffered send
 * that blocks with the buffer empty. Kotlin's counters are volatile (seq_cst);
 * so are ours: every RMW on S, R, B and every load of one counter after an RMW
 * on another. On x86 this is the code it was (LOCK XADD, MOV); on arm64 an LDAR.
 * See docs/MEMORY-MODEL.md. */
#define SEQ_CST memory_order_seq_cst

static inline bool is_waiter(uintptr_t st)
{
	return st >= WAITER_MIN;
}

static inline faa_waiter *waiter_of(uintptr_t st)
{
	return (faa_waiter *)(st & ~WAITER_SENDER);
}

static inline bool waiter_is_sender(uintptr_t st)
{
	return (st & WAITER_SENDER) != 0;
}

static inline void *cell_data(faa_chan *c, faa_seg *g, unsigned i)
{
	return g->data + (size_t)i * c->hdr.elem_size;
}

static inline uint64_t counter(uint64_t v)
{
	return v & ~CLOSED_BIT;
}

/* ---- segments */

static size_t seg_bytes(const faa_chan *c)
{
	return sizeof(faa_seg) + FAA_SEG * c->hdr.elem_size;
}

/* Participations in segment id: sender + receiver per cell, plus expandBuffer
 * for the cells at or past the capacity (the first `capacity` cells start in the
 * buffer); capacity 0 has no expandBuffer. */
static unsigned seg_total(const faa_chan *c, uint64_t id)
{
	uint64_t first = id * FAA_SEG, cap = c->hdr.capacity;
	unsigned eb = 0;
	if (cap > 0)
		for (unsigned i = 0; i < FAA_SEG; i++)
			eb += first + i >= cap;
	return 2 * FAA_SEG + eb;
}

/* Under seg_lock: a fresh or recycled segment with the given id. */
static faa_seg *seg_new(faa_chan *c, uint64_t id)
{
	faa_seg *g = c->free_list;
	if (g)
		c->free_list = g->free_next;
	else if (!(g = aligned_alloc(CHAN_CACHELINE, (seg_bytes(c) + CHAN_CACHELINE - 1) &
	                                                 ~(size_t)(CHAN_CACHELINE - 1))))
		return NULL;
	atomic_store_explicit(&g->next, NULL, RELAXED);
	atomic_store_explicit(&g->done, 0, RELAXED);
	g->total = seg_total(c, id);
	g->free_next = NULL;
	for (unsigned i = 0; i < FAA_SEG; i++)
		atomic_store_explicit(&g->state[i], EMPTY, RELAXED);
	atomic_store_explicit(&g->id, id, RELEASE); /* last: walkers validate by id */
	return g;
}

/* Returns the segment after g (appending it if needed), or NULL when g was
 * recycled meanwhile (restart), or when g is the tail of a sealed list (*sealed:
 * the channel is closed and the segment will never exist). Only a walker that
 * really stands on the tail may conclude "sealed": one on a recycled segment
 * must restart, or it would skip a live cell. */
static faa_seg *seg_next_slow(faa_chan *c, faa_seg *g, uint64_t id, bool *sealed)
{
	faa_seg *n = NULL;
	*sealed = false;
	rt_spin_lock(&c->seg_lock);
	if (atomic_load_explicit(&g->id, RELAXED) == id) {
		n = atomic_load_explicit(&g->next, RELAXED);
		if (!n && c->sealed)
			*sealed = true; /* g is the tail of a sealed list */
		else if (!n && (n = seg_new(c, id + 1)) != NULL)
			atomic_store_explicit(&g->next, n, RELEASE);
	}
	rt_spin_unlock(&c->seg_lock);
	return n;
}

/* Under seg_lock: recycle finished segments from the head, never the tail. */
static void seg_recycle_locked(faa_chan *c)
{
	for (;;) {
		faa_seg *h = atomic_load_explicit(&c->head, RELAXED);
		faa_seg *n = atomic_load_explicit(&h->next, RELAXED);
		if (!n || atomic_load_explicit(&h->done, ACQUIRE) != h->total)
			return;
		atomic_store_explicit(&c->head, n, RELEASE);
		atomic_store_explicit(&h->id, DEAD_ID, RELEASE);
		h->free_next = c->free_list;
		c->free_list = h;
	}
}

/* A participant is finished with segment g (it must not touch g afterwards). */
static void seg_done(faa_chan *c, faa_seg *g)
{
	unsigned total = g->total; /* read before the add: g may be recycled after it */
	if (atomic_fetch_add_explicit(&g->done, 1, ACQ_REL) + 1 != total)
		return;
	rt_spin_lock(&c->seg_lock);
	seg_recycle_locked(c);
	rt_spin_unlock(&c->seg_lock);
}

/* The segment holding cell index `cell`, starting from *hint. NULL only once the
 * list is sealed and the segment does not exist (the channel is closed). */
static faa_seg *seg_find(faa_chan *c, _Atomic(faa_seg *) *hint, uint64_t cell)
{
	uint64_t target = cell / FAA_SEG;
	faa_seg *g = atomic_load_explicit(hint, ACQUIRE);
	for (;;) {
		uint64_t id = atomic_load_explicit(&g->id, ACQUIRE);
		if (id == target) {
			/* acquire: h may be a segment another task just appended, and
			 * h->id is read through it (TSan: relaxed left its allocation
			 * unordered before this read) */
			faa_seg *h = atomic_load_explicit(hint, ACQUIRE);
			if (h != g && atomic_load_explicit(&h->id, RELAXED) < target)
				atomic_store_explicit(hint, g,
				                      RELEASE); /* a hint: races are fine */
			return g;
		}
		if (id > target) { /* recycled (DEAD_ID or reused) or a hint past us */
			g = atomic_load_explicit(&c->head, ACQUIRE);
			continue;
		}
		faa_seg *n = atomic_load_explicit(&g->next, ACQUIRE);
		if (atomic_load_explicit(&g->id, ACQUIRE) != id) {
			g = atomic_load_explicit(&c->head,
			                         ACQUIRE); /* recycled while we read next */
			continue;
		}
		if (!n) {
			bool sealed;
			n = seg_next_slow(c, g, id, &sealed);
			if (!n) {
				if (sealed)
					return NULL;
				g = atomic_load_explicit(&c->head, ACQUIRE);
				continue;
			}
		}
		g = n;
	}
}

/* ---- waiters */

/* Settles a waiter as W_CLAIMED or W_CANCELLED and returns its task (read while w
 * is still ours: once the task is readied, w may be gone). Exactly one participant
 * settles each waiter, the one that owns its cell: whoever moved a sender waiter's
 * cell to RESUMING_*, or, for a receiver waiter, the sender that took its cell
 * (FAA hands each index to one sender), or close for cells at or past the final S,
 * where no sender comes. So the waiter is always found W_WAITING; anything else
 * means that invariant broke, and going on would ready a task twice or leave a
 * cell RESUMING forever, so it stops the process with a message instead. */
static rt_task *settle_waiter(faa_waiter *w, unsigned to)
{
	rt_task *t = w->task;
	unsigned was = atomic_exchange_explicit(&w->state, to, ACQ_REL);
	if (was != W_WAITING) {
		fprintf(stderr, "corobench: chan faa: a waiter settled twice (state %u, then %u)\n",
		        was, to);
		abort();
	}
	return t;
}

/* Called by whoever has just moved a sender waiter's cell to RESUMING_BY_RCV or
 * RESUMING_BY_EB. Go fails every blocked sender at close, so once close has set
 * CLOSED_BIT a parked sender must not complete: the cell's owner cancels it, as
 * close_cell would, and the cell becomes INTERRUPTED_SEND. Without this a receiver
 * that came after the close took the parked sender's value (the history checker
 * under TSan: try_recv -> 33 after try_send -> closed, capacity 0). Ordering:
 * the owner's CAS and this load and close's fetch_or are all seq_cst, so an owner
 * that does not see the bit took the cell before the close and the hand-over is
 * linearized there. Returns true when it cancelled. */
static bool cancel_if_closed(faa_chan *c, faa_seg *g, unsigned i, faa_waiter *w)
{
	if (!(atomic_load_explicit(&c->S, SEQ_CST) & CLOSED_BIT))
		return false;
	rt_task *t = settle_waiter(w, W_CANCELLED);
	atomic_store_explicit(&g->state[i], INTERRUPTED_SEND, RELEASE);
	rt_ready(t);
	return true;
}

/* ---- expandBuffer */

/* Adds cell b to the buffer. Returns false when b's sender was interrupted (the
 * caller then adds the next cell instead). */
static bool eb_cell(faa_chan *c, faa_seg *g, unsigned i)
{
	unsigned spins = 0;
	for (;;) {
		uintptr_t st = atomic_load_explicit(&g->state[i], ACQUIRE);
		if (st == EMPTY) {
			if (atomic_compare_exchange_strong(&g->state[i], &st, IN_BUFFER))
				return true; /* the sender on its way will buffer */
			continue;
		}
		if (is_waiter(st)) {
			if (!waiter_is_sender(st))
				return true; /* a receiver waits: its sender meets it there */
			faa_waiter *w = waiter_of(st);
			if (!atomic_compare_exchange_strong(&g->state[i], &st, RESUMING_BY_EB))
				continue;
			if (cancel_if_closed(c, g, i, w))
				return false; /* its send fails: the next cell instead */
			rt_task *t = settle_waiter(w, W_CLAIMED);
			atomic_store_explicit(&g->state[i], BUFFERED, RELEASE);
			rt_ready(t);
			return true;
		}
		if (st == INTERRUPTED_SEND)
			return false;
		if (st == RESUMING_BY_RCV || st == RESUMING_BY_CLOSE) {
			rt_backoff(&spins);
			continue;
		}
		return true; /* BUFFERED, IN_BUFFER, DONE_RCV, POISONED, INTERRUPTED_RCV, CLOSED */
	}
}

static void expand_buffer(faa_chan *c)
{
	if (c->hdr.capacity == 0)
		return;
	for (;;) {
		uint64_t b = atomic_fetch_add_explicit(&c->B, 1, SEQ_CST);
		uint64_t s = counter(atomic_load_explicit(&c->S, SEQ_CST));
		faa_seg *g = seg_find(c, &c->eb_seg, b);
		if (!g)
			return; /* closed and sealed past b */
		bool finished = b >= s || eb_cell(c, g, (unsigned)(b % FAA_SEG));
		seg_done(c, g);
		if (finished)
			return;
	}
}

/* ---- send */

enum { R_DONE, R_RETRY, R_CLOSED, R_WOULDBLOCK, R_PARK };

/* One look at a sender's cell. R_PARK: the caller must park with the cell's
 * expected state in *seen. */
static int send_cell(faa_chan *c, faa_seg *g, unsigned i, uint64_t s, bool try, uintptr_t *seen)
{
	for (;;) {
		uintptr_t st = atomic_load_explicit(&g->state[i], ACQUIRE);
		if (st == EMPTY) {
			uint64_t r = atomic_load_explicit(&c->R, SEQ_CST);
			uint64_t b = atomic_load_explicit(&c->B, SEQ_CST);
			/* Buffer the element here when the buffer has room, or when this
			 * cell's receiver is on its way (s < r). Not the second for a
			 * try_send on an unbuffered channel: that receiver may itself be a
			 * try_recv, and two non-blocking operations must never complete
			 * each other (Go: a non-blocking send needs a receiver already
			 * waiting, which here is a parked waiter in the cell). Seen by the
			 * history checker under qemu: try_send(17) -> ok with only a
			 * concurrent try_recv -> 17, capacity 0. */
			bool room = c->hdr.capacity > 0 && (s < b || s < r);
			if (room || (s < r && !try)) {
				if (atomic_compare_exchange_strong(&g->state[i], &st, BUFFERED))
					return R_DONE;
				continue;
			}
			if (try) {
				if (atomic_compare_exchange_strong(&g->state[i], &st,
				                                   INTERRUPTED_SEND))
					return R_WOULDBLOCK;
				continue;
			}
			*seen = st;
			return R_PARK;
		}
		if (st == IN_BUFFER) {
			if (atomic_compare_exchange_strong(&g->state[i], &st, BUFFERED))
				return R_DONE;
			continue;
		}
		if (is_waiter(st)) { /* a receiver waits here: hand the element over */
			faa_waiter *w = waiter_of(st);
			chan_elem_copy(w->elem, cell_data(c, g, i), c->hdr.elem_size);
			rt_task *t = settle_waiter(w, W_CLAIMED);
			atomic_store_explicit(&g->state[i], DONE_RCV, RELEASE);
			rt_ready(t);
			return R_DONE;
		}
		if (st == CELL_CLOSED)
			return R_CLOSED;
		return R_RETRY; /* POISONED, INTERRUPTED_RCV */
	}
}

typedef struct parking {
	faa_chan *c;      /* channel                                   */
	faa_seg *g;       /* segment of the cell                       */
	unsigned i;       /* cell                                      */
	uintptr_t expect; /* state the install must replace            */
	faa_waiter *w;    /* our waiter                                */
	bool installed;   /* out: the waiter went in                   */
} parking;

/* Park callback: install the waiter only now that we are parked, so a counterpart
 * can never ready a task that is still running. A receiver then expands the
 * buffer (exactly once per receive, as the algorithm requires). */
static bool install(rt_task *self, void *arg)
{
	parking *p = arg;
	p->w->task = self;
	uintptr_t mine = (uintptr_t)p->w | (p->w->sender ? WAITER_SENDER : 0);
	/* From the CAS on, a counterpart may resume us and, its op done, destroy the
	 * channel while this callback still finishes the cell (seg_done,
	 * expand_buffer): a guarded tail like any op's (chan_guard.h). TSan caught
	 * seg_done's add racing skynet's destroy on pthreads. */
	bool receiver = !p->w->sender;
	faa_chan *c = p->c;
	chan_guard_enter(c);
	p->installed = atomic_compare_exchange_strong(&p->g->state[p->i], &p->expect, mine);
	if (p->installed) {
		seg_done(c, p->g); /* the counterpart finishes the cell for us */
		if (receiver)
			expand_buffer(c);
	}
	chan_guard_exit();
	return p->installed; /* false: the cell moved on, look again */
}

static int faa_send_impl(faa_chan *c, const void *elem, bool try)
{
	for (;;) {
		uint64_t s0 = atomic_load_explicit(&c->S, ACQUIRE);
		if (s0 & CLOSED_BIT)
			return CHAN_CLOSED;
		if (try) {
			uint64_t r = atomic_load_explicit(&c->R, ACQUIRE);
			uint64_t b = atomic_load_explicit(&c->B, ACQUIRE);
			if (s0 >= r && (c->hdr.capacity == 0 || s0 >= b))
				return CHAN_WOULDBLOCK; /* would wait: no cell claimed */
		}
		uint64_t sc = atomic_fetch_add_explicit(&c->S, 1, SEQ_CST);
		if (sc & CLOSED_BIT)
			return CHAN_CLOSED;
		faa_seg *g = seg_find(c, &c->send_seg, sc);
		if (!g)
			return CHAN_CLOSED;
		unsigned i = (unsigned)(sc % FAA_SEG);
		chan_elem_copy(cell_data(c, g, i), elem, c->hdr.elem_size);
		for (;;) {
			uintptr_t seen;
			int r = send_cell(c, g, i, sc, try, &seen);
			if (r == R_PARK) {
				faa_waiter w = {.sender = true};
				atomic_init(&w.state, W_WAITING);
				parking p = {.c = c, .g = g, .i = i, .expect = seen, .w = &w};
				chan_guard_exit(); /* parked: chan.h's rule covers us */
				rt_park(install, &p);
				chan_guard_enter(c);
				if (!p.installed)
					continue; /* same cell, new state */
				return atomic_load_explicit(&w.state, ACQUIRE) == W_CLAIMED
				           ? CHAN_OK
				           : CHAN_CLOSED;
			}
			seg_done(c, g);
			if (r == R_DONE)
				return CHAN_OK;
			if (r == R_CLOSED)
				return CHAN_CLOSED;
			if (r == R_WOULDBLOCK)
				return CHAN_WOULDBLOCK;
			break; /* R_RETRY: a new cell */
		}
	}
}

/* ---- receive */

/* One look at a receiver's cell. R_DONE: elem filled. */
static int recv_cell(faa_chan *c, faa_seg *g, unsigned i, uint64_t r, void *elem, bool try,
                     uintptr_t *seen)
{
	unsigned spins = 0;
	for (;;) {
		uintptr_t st = atomic_load_explicit(&g->state[i], ACQUIRE);
		if (st == EMPTY || st == IN_BUFFER) {
			uint64_t s = counter(atomic_load_explicit(&c->S, SEQ_CST));
			if (r < s) { /* its sender is on the way: poison, both retry */
				if (atomic_compare_exchange_strong(&g->state[i], &st, POISONED)) {
					expand_buffer(c);
					return R_RETRY;
				}
				continue;
			}
			if (try) {
				if (atomic_compare_exchange_strong(&g->state[i], &st,
				                                   INTERRUPTED_RCV)) {
					expand_buffer(c);
					return R_WOULDBLOCK;
				}
				continue;
			}
			*seen = st;
			return R_PARK;
		}
		if (st == BUFFERED) {
			if (!atomic_compare_exchange_strong(&g->state[i], &st, DONE_RCV))
				continue;
			chan_elem_copy(elem, cell_data(c, g, i), c->hdr.elem_size);
			expand_buffer(c);
			return R_DONE;
		}
		if (is_waiter(st)) { /* a sender waits here */
			faa_waiter *w = waiter_of(st);
			if (!atomic_compare_exchange_strong(&g->state[i], &st, RESUMING_BY_RCV))
				continue;
			if (cancel_if_closed(c, g, i, w))
				return R_RETRY; /* a blocked send fails at close: not ours */
			rt_task *t = settle_waiter(w, W_CLAIMED);
			chan_elem_copy(elem, cell_data(c, g, i), c->hdr.elem_size);
			atomic_store_explicit(&g->state[i], DONE_RCV, RELEASE);
			rt_ready(t);
			expand_buffer(c);
			return R_DONE;
		}
		if (st == RESUMING_BY_EB || st == RESUMING_BY_CLOSE) {
			rt_backoff(&spins);
			continue;
		}
		if (st == CELL_CLOSED) {
			expand_buffer(c);
			return R_RETRY;
		}
		return R_RETRY; /* INTERRUPTED_SEND */
	}
}

static int faa_recv_impl(faa_chan *c, void *elem, bool try)
{
	for (;;) {
		uint64_t sc = atomic_load_explicit(&c->S, ACQUIRE);
		uint64_t r0 = atomic_load_explicit(&c->R, ACQUIRE);
		if (r0 >= counter(sc)) {
			if (sc & CLOSED_BIT) {
				chan_elem_zero(elem, c->hdr.elem_size);
				return CHAN_CLOSED; /* every claimed send has its receiver */
			}
			if (try)
				return CHAN_WOULDBLOCK;
		}
		uint64_t r = atomic_fetch_add_explicit(&c->R, 1, SEQ_CST);
		faa_seg *g = seg_find(c, &c->recv_seg, r);
		if (!g)
			continue; /* sealed past r: the check above ends it */
		unsigned i = (unsigned)(r % FAA_SEG);
		for (;;) {
			uintptr_t seen;
			int res = recv_cell(c, g, i, r, elem, try, &seen);
			if (res == R_PARK) {
				faa_waiter w = {.elem = elem};
				atomic_init(&w.state, W_WAITING);
				parking p = {.c = c, .g = g, .i = i, .expect = seen, .w = &w};
				chan_guard_exit();
				rt_park(install, &p);
				chan_guard_enter(c);
				if (!p.installed)
					continue;
				if (atomic_load_explicit(&w.state, ACQUIRE) == W_CLAIMED)
					return CHAN_OK;
				chan_elem_zero(elem, c->hdr.elem_size);
				return CHAN_CLOSED;
			}
			seg_done(c, g);
			if (res == R_DONE)
				return CHAN_OK;
			if (res == R_WOULDBLOCK)
				return CHAN_WOULDBLOCK;
			break; /* R_RETRY */
		}
	}
}

/* Every operation runs guarded (chan_guard.h) except while parked: after its
 * publication it still counts its segment done, expands the buffer, ... */
static int faa_send_guarded(chan *c, const void *elem, bool try)
{
	chan_guard_enter(c);
	int st = faa_send_impl((faa_chan *)c, elem, try);
	chan_guard_exit();
	return st;
}

static int faa_recv_guarded(chan *c, void *elem, bool try)
{
	chan_guard_enter(c);
	int st = faa_recv_impl((faa_chan *)c, elem, try);
	chan_guard_exit();
	return st;
}

static int faa_send(chan *c, const void *elem)
{
	return faa_send_guarded(c, elem, false);
}
static int faa_recv(chan *c, void *elem)
{
	return faa_recv_guarded(c, elem, false);
}
static int faa_try_send(chan *c, const void *elem)
{
	return faa_send_guarded(c, elem, true);
}
static int faa_try_recv(chan *c, void *elem)
{
	return faa_recv_guarded(c, elem, true);
}

/* ---- close */

/* Under seg_lock: settle one cell for close; returns a task to ready or NULL. */
static rt_task *close_cell(faa_seg *g, unsigned i, uint64_t cell, uint64_t s_final)
{
	unsigned spins = 0;
	for (;;) {
		uintptr_t st = atomic_load_explicit(&g->state[i], ACQUIRE);
		if (st == EMPTY || st == IN_BUFFER) {
			if (atomic_compare_exchange_strong(&g->state[i], &st, CELL_CLOSED))
				return NULL;
			continue;
		}
		if (st == RESUMING_BY_RCV || st == RESUMING_BY_EB) {
			rt_backoff(&spins);
			continue;
		}
		if (!is_waiter(st))
			return NULL; /* finished or interrupted cells stay as they are */
		bool sender = waiter_is_sender(st);
		if (!sender && cell < s_final)
			return NULL; /* its sender claimed the cell before the close */
		faa_waiter *w = waiter_of(st);
		/* Own the cell before touching w: a receiver or expandBuffer that got
		 * there first may already have resumed w's task, and w with it. */
		if (!atomic_compare_exchange_strong(&g->state[i], &st, RESUMING_BY_CLOSE))
			continue;
		rt_task *t = settle_waiter(w, W_CANCELLED);
		atomic_store_explicit(&g->state[i], sender ? INTERRUPTED_SEND : CELL_CLOSED,
		                      RELEASE);
		return t;
	}
}

static int faa_close(chan *ch)
{
	faa_chan *c = (faa_chan *)ch;
	chan_guard_enter(c);
	uint64_t prev = atomic_fetch_or_explicit(&c->S, CLOSED_BIT, SEQ_CST);
	if (prev & CLOSED_BIT) {
		chan_guard_exit();
		return CHAN_CLOSED;
	}
	uint64_t s_final = counter(prev);
	enum { BATCH = 64 };
	rt_task *wake[BATCH];
	int nwake = 0;
	rt_spin_lock(&c->seg_lock);
	c->sealed = true;
	for (faa_seg *g = atomic_load_explicit(&c->head, RELAXED); g;
	     g = atomic_load_explicit(&g->next, RELAXED)) {
		uint64_t first = atomic_load_explicit(&g->id, RELAXED) * FAA_SEG;
		for (unsigned i = 0; i < FAA_SEG; i++) {
			rt_task *t = close_cell(g, i, first + i, s_final);
			if (!t)
				continue;
			wake[nwake++] = t;
			if (nwake == BATCH) { /* ready outside the lock, in batches */
				rt_spin_unlock(&c->seg_lock);
				for (int k = 0; k < nwake; k++)
					rt_ready(wake[k]);
				nwake = 0;
				rt_spin_lock(&c->seg_lock);
			}
		}
	}
	rt_spin_unlock(&c->seg_lock);
	for (int k = 0; k < nwake; k++)
		rt_ready(wake[k]);
	chan_guard_exit();
	return CHAN_OK;
}

/* ---- make / destroy */

static chan *faa_make(size_t elem_size, size_t capacity)
{
	if (elem_size > (1u << 20) || capacity > (CLOSED_BIT >> 2))
		return NULL;
	faa_chan *c;
	if (posix_memalign((void **)&c, CHAN_CACHELINE, sizeof *c) != 0)
		return NULL;
	*c = (faa_chan){
	    .hdr = {.variant = &chan_faa_variant, .elem_size = elem_size, .capacity = capacity}};
	atomic_init(&c->S, 0);
	atomic_init(&c->R, 0);
	atomic_init(&c->B, capacity);
	atomic_init(&c->seg_lock.locked, 0);
	faa_seg *g = seg_new(c, 0);
	if (!g) {
		free(c);
		return NULL;
	}
	atomic_init(&c->head, g);
	atomic_init(&c->send_seg, g);
	atomic_init(&c->recv_seg, g);
	atomic_init(&c->eb_seg, g);
	return &c->hdr;
}

static void faa_destroy(chan *ch)
{
	faa_chan *c = (faa_chan *)ch;
	chan_guard_wait(c);
	faa_seg *g = atomic_load_explicit(&c->head, RELAXED);
	while (g) {
		faa_seg *n = atomic_load_explicit(&g->next, RELAXED);
		free(g);
		g = n;
	}
	for (g = c->free_list; g;) {
		faa_seg *n = g->free_next;
		free(g);
		g = n;
	}
	free(c);
}

static const chan_variant chan_faa_variant = {
    .name = "faa",
    .description = "Koval-Alistarh-Elizarov segment-based fetch-and-add channel (PPoPP'23): "
                   "cells claimed by FAA, waiters in cells; no select",
    .caps = CHAN_CAP_UNBUFFERED | CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE | CHAN_CAP_MULTI_PRODUCER |
            CHAN_CAP_MULTI_CONSUMER,
    .make = faa_make,
    .destroy = faa_destroy,
    .send = faa_send,
    .recv = faa_recv,
    .try_send = faa_try_send,
    .try_recv = faa_try_recv,
    .close = faa_close,
    .select = NULL,
};
CHAN_REGISTER(chan_faa_variant)
