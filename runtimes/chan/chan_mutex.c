/*
 * chan_mutex.c — the `mutex` channel variant: the textbook bounded buffer a pthreads
 * programmer writes (one lock, a ring buffer, two FIFO queues of blocked tasks),
 * blocking only through rt_park/rt_ready so it runs on every runtime. It is the
 * baseline the other variants are measured against.
 *
 *   struct chan_mutex (one allocation)
 *   +-----------+------+--------+------+-------+-------+-------+------------------+
 *   | chan hdr  | lock | closed | head | count | sendq | recvq | ring: capacity x |
 *   |           |      |        |      |       |       |       | elem_size bytes  |
 *   +-----------+------+--------+------+-------+-------+-------+------------------+
 *
 * Invariants (all under `lock`)
 *   - recvq non-empty => the ring is empty (a receiver only waits for nothing);
 *   - sendq non-empty => the ring is full (0 slots when unbuffered);
 *   - a waiter is on at most one queue, and only its waker touches it until it is
 *     readied: the waker copies the element, writes status, then readies.
 *
 * Hand-off, as Go's chan.go does it: a sender that finds a parked receiver copies
 * straight into the receiver's destination and readies it; a receiver that takes
 * from a full ring refills the freed slot from the oldest parked sender, so FIFO
 * order per sender holds and a woken sender never has to retake the lock. Unbuffered
 * channels are the same code with a zero-slot ring: send completes only when a
 * receiver took the value (it was copied by the receiver, or into a receiver).
 *
 * close: marks the channel closed and wakes every parked task; receivers get
 * CHAN_CLOSED (the ring was empty, or they would not be parked), senders get
 * CHAN_CLOSED (their value was not delivered). Receives then drain the ring, and
 * only an empty closed channel reports CHAN_CLOSED, with *elem zeroed (Go's zero
 * value).
 *
 * No select: doing it soundly needs a waiter on several queues at once with a
 * "first one wins" flag and all locks taken in address order (chan.go's selectgo);
 * the `go` variant is the select reference. This one stays the simple baseline.
 *
 * The lock is an rt_spinlock, not a mutex that parks: critical sections are a few
 * dozen instructions plus one element copy, and park's unlock callback releases it
 * (rt_unlock_spinlock) once the task is really parked, so no wake-up is lost.
 */
#include <stdlib.h>
#include <string.h>

#include "../rt.h"
#include "chan.h"

/* The channel; the ring follows the struct in the same allocation. */
typedef struct chan_mutex {
	chan hdr;            /* variant, elem_size, capacity                          */
	rt_spinlock lock;    /* guards everything below                               */
	bool closed;         /* close() was called                                    */
	size_t head;         /* ring index of the oldest buffered element             */
	size_t count;        /* buffered elements, <= capacity                        */
	rt_waitq sendq;      /* parked senders; waiter.data = the element to send     */
	rt_waitq recvq;      /* parked receivers; waiter.data = destination or NULL   */
	unsigned char *ring; /* capacity * elem_size bytes, right after the struct */
} chan_mutex;

extern const chan_variant chan_mutex_variant;

static chan *cm_make(size_t elem_size, size_t capacity)
{
	if (elem_size && capacity > (SIZE_MAX - sizeof(chan_mutex)) / elem_size)
		return NULL;
	chan_mutex *c = calloc(1, sizeof *c + capacity * elem_size);
	if (!c)
		return NULL;
	c->hdr =
	    (chan){.variant = &chan_mutex_variant, .elem_size = elem_size, .capacity = capacity};
	c->ring = (unsigned char *)(c + 1);
	return &c->hdr;
}

static void cm_destroy(chan *ch)
{
	free(ch);
}

/* Address of ring position i, for i < 2 * capacity (head < capacity, count <=
 * capacity): a compare instead of a division on every operation. */
static void *slot(chan_mutex *c, size_t i)
{
	if (i >= c->hdr.capacity)
		i -= c->hdr.capacity;
	return c->ring + i * c->hdr.elem_size;
}

/* Copies one element; dst NULL is a receive that discards. Zero-size elements
 * (Go's chan struct{}) may come with NULL pointers: nothing to copy. */
static void copy(chan_mutex *c, void *dst, const void *src)
{
	if (dst && c->hdr.elem_size)
		memcpy(dst, src, c->hdr.elem_size);
}

/* A receive that reports CHAN_CLOSED yields the zero value, as Go's `v, ok := <-c`. */
static void zero(chan_mutex *c, void *dst)
{
	if (dst && c->hdr.elem_size)
		memset(dst, 0, c->hdr.elem_size);
}

/* Hands `elem` to the oldest parked receiver, if any; called with the lock held,
 * returns with it released when it delivered (true). */
static bool give_to_receiver(chan_mutex *c, const void *elem)
{
	rt_waiter *w = rt_waitq_pop(&c->recvq);
	if (!w)
		return false;
	copy(c, w->data, elem);
	w->status = CHAN_OK;
	rt_task *t = w->task;
	rt_spin_unlock(&c->lock);
	rt_ready(t);
	return true;
}

/* send / try_send: with block=false never parks. */
static int cm_send_impl(chan *ch, const void *elem, bool block)
{
	chan_mutex *c = (chan_mutex *)ch;
	rt_spin_lock(&c->lock);
	if (c->closed) {
		rt_spin_unlock(&c->lock);
		return CHAN_CLOSED;
	}
	if (give_to_receiver(c, elem))
		return CHAN_OK;
	if (c->count < c->hdr.capacity) {
		copy(c, slot(c, c->head + c->count), elem);
		c->count++;
		rt_spin_unlock(&c->lock);
		return CHAN_OK;
	}
	if (!block) {
		rt_spin_unlock(&c->lock);
		return CHAN_WOULDBLOCK;
	}
	rt_waiter w = {.task = rt_self(), .data = (void *)elem, .status = CHAN_OK};
	rt_waitq_push(&c->sendq, &w);
	rt_park(rt_unlock_spinlock, &c->lock);
	return w.status; /* CHAN_OK: a receiver took it; CHAN_CLOSED: closed meanwhile */
}

/* recv / try_recv: with block=false never parks. */
static int cm_recv_impl(chan *ch, void *elem, bool block)
{
	chan_mutex *c = (chan_mutex *)ch;
	rt_spin_lock(&c->lock);
	rt_waiter *s;
	if (c->count > 0) {
		copy(c, elem, slot(c, c->head));
		if (++c->head == c->hdr.capacity)
			c->head = 0;
		c->count--;
		s = rt_waitq_pop(&c->sendq); /* the ring was full: refill the freed slot */
		if (s) {
			copy(c, slot(c, c->head + c->count), s->data);
			c->count++;
		}
	} else if ((s = rt_waitq_pop(&c->sendq)) != NULL) {
		copy(c, elem, s->data); /* unbuffered: take straight from the sender */
	} else if (c->closed) {
		rt_spin_unlock(&c->lock);
		zero(c, elem);
		return CHAN_CLOSED;
	} else if (!block) {
		rt_spin_unlock(&c->lock);
		return CHAN_WOULDBLOCK;
	} else {
		rt_waiter w = {.task = rt_self(), .data = elem, .status = CHAN_OK};
		rt_waitq_push(&c->recvq, &w);
		rt_park(rt_unlock_spinlock, &c->lock);
		if (w.status == CHAN_CLOSED)
			zero(c, elem);
		return w.status; /* CHAN_OK: a sender filled *elem; CHAN_CLOSED */
	}
	rt_task *t = s ? s->task : NULL;
	if (s)
		s->status = CHAN_OK;
	rt_spin_unlock(&c->lock);
	if (t)
		rt_ready(t);
	return CHAN_OK;
}

static int cm_send(chan *ch, const void *elem)
{
	return cm_send_impl(ch, elem, true);
}
static int cm_try_send(chan *ch, const void *elem)
{
	return cm_send_impl(ch, elem, false);
}
static int cm_recv(chan *ch, void *elem)
{
	return cm_recv_impl(ch, elem, true);
}
static int cm_try_recv(chan *ch, void *elem)
{
	return cm_recv_impl(ch, elem, false);
}

static int cm_close(chan *ch)
{
	chan_mutex *c = (chan_mutex *)ch;
	rt_spin_lock(&c->lock);
	if (c->closed) {
		rt_spin_unlock(&c->lock);
		return CHAN_CLOSED;
	}
	c->closed = true;
	rt_waiter *receivers = c->recvq.head, *senders = c->sendq.head;
	c->recvq = (rt_waitq){0};
	c->sendq = (rt_waitq){0};
	rt_spin_unlock(&c->lock);
	rt_ready_all(receivers, CHAN_CLOSED);
	rt_ready_all(senders, CHAN_CLOSED);
	return CHAN_OK;
}

const chan_variant chan_mutex_variant = {
    .name = "mutex",
    .description = "one lock, a ring buffer, FIFO queues of parked tasks (the textbook "
                   "bounded buffer)",
    .caps = CHAN_CAP_UNBUFFERED | CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE | CHAN_CAP_MULTI_PRODUCER |
            CHAN_CAP_MULTI_CONSUMER | CHAN_CAP_EXACT_TRY,
    .make = cm_make,
    .destroy = cm_destroy,
    .send = cm_send,
    .recv = cm_recv,
    .try_send = cm_try_send,
    .try_recv = cm_try_recv,
    .close = cm_close,
    .select = NULL,
};

CHAN_REGISTER(chan_mutex_variant)
