/*
 * chan.h — one interface, several channel implementations ("variants").
 *
 * What it is for
 *   Workloads make, send on, receive from, close and select over channels without
 *   knowing which implementation they got: the variant is chosen by the harness
 *   (`-c go,mutex,lockfree,...`). Every variant blocks only through rt.h's
 *   park/ready, so every variant runs on every runtime.
 *
 * What it promises (Go's semantics, with errors instead of panics)
 *   - capacity 0 is a rendezvous: send completes only once a receiver has taken the
 *     value. capacity c > 0 buffers up to c values, FIFO per sender.
 *   - recv on a closed channel returns the buffered values first, then CHAN_CLOSED.
 *   - send on a closed channel returns CHAN_CLOSED (Go panics); a sender blocked when
 *     the channel is closed wakes with CHAN_CLOSED.
 *   - close of a closed channel returns CHAN_CLOSED (Go panics).
 *   - try_send / try_recv never block: CHAN_WOULDBLOCK when they would.
 *   - select over n cases of the same variant: picks one ready case uniformly at
 *     random among the ready ones (Go's fairness); with block=false returns
 *     CHAN_WOULDBLOCK when none is ready. A recv case on a closed channel is ready
 *     and reports CHAN_CLOSED in its `status`.
 *   - A variant declares what it supports (CHAN_CAP_*). Calling an operation it does
 *     not support returns CHAN_UNSUPPORTED; the harness never runs a workload on a
 *     variant that lacks a capability the workload needs: it skips it with a reason.
 *   - Elements are copied by value, elem_size bytes (a workload usually sends an
 *     int64_t).
 */
#ifndef COROBENCH_CHAN_H
#define COROBENCH_CHAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results of channel operations. */
enum {
	CHAN_OK = 0,
	CHAN_CLOSED = -1,      /* closed (and drained, for receives)              */
	CHAN_WOULDBLOCK = -2,  /* try_* / non-blocking select: nothing ready      */
	CHAN_UNSUPPORTED = -3, /* this variant lacks the capability               */
	CHAN_NOMEM = -4,       /* make could not allocate                         */
};

/* Capabilities a variant declares. */
enum {
	CHAN_CAP_UNBUFFERED = 1u << 0,     /* capacity 0 (rendezvous)                       */
	CHAN_CAP_BUFFERED = 1u << 1,       /* capacity > 0                                  */
	CHAN_CAP_CLOSE = 1u << 2,          /* close, and recv reporting closed-and-drained   */
	CHAN_CAP_SELECT = 1u << 3,         /* select over several channels                  */
	CHAN_CAP_MULTI_PRODUCER = 1u << 4, /* several tasks may send concurrently      */
	CHAN_CAP_MULTI_CONSUMER = 1u << 5, /* several tasks may receive concurrently   */
	/* try_send/try_recv report WOULDBLOCK only when the operation would block at
	 * some instant during the call (linearizable). Without it a try operation may
	 * also fail spuriously; it still never succeeds wrongly, loses or reorders a
	 * value (faa: chan_faa.c says when). */
	CHAN_CAP_EXACT_TRY = 1u << 6,
	CHAN_CAP_ALL = (1u << 7) - 1,
};

typedef struct chan_variant chan_variant;

/* Every variant's channel struct begins with this header. */
typedef struct chan {
	const chan_variant *variant; /* which implementation; used for dispatch */
	size_t elem_size;            /* bytes per element                        */
	size_t capacity;             /* 0 = unbuffered                           */
} chan;

/* One case of a select. */
typedef struct chan_case {
	chan *ch;   /* the channel                                                    */
	bool send;  /* true: send *elem; false: receive into *elem                   */
	void *elem; /* value to send, or where to put the received value (may be NULL
	             * for a receive that discards)                                  */
	int status; /* out: CHAN_OK or CHAN_CLOSED for the chosen case               */
} chan_case;

struct chan_variant {
	const char *name;        /* CLI name: "go", "mutex", ...                        */
	const char *description; /* one line for `corobench list`                       */
	unsigned caps;           /* CHAN_CAP_* flags                                    */

	chan *(*make)(size_t elem_size, size_t capacity); /* NULL: no memory / unsupported */
	void (*destroy)(chan *c); /* no task may be blocked on it                      */
	int (*send)(chan *c, const void *elem);
	int (*recv)(chan *c, void *elem); /* elem may be NULL to discard */
	int (*try_send)(chan *c, const void *elem);
	int (*try_recv)(chan *c, void *elem);
	int (*close)(chan *c);
	/* Returns the chosen case index (>= 0) or CHAN_WOULDBLOCK / CHAN_UNSUPPORTED.
	 * NULL when the variant has no select. */
	int (*select)(chan_case *cases, int n, bool block);
};

/* Registry: variants register themselves from their own file (CHAN_REGISTER). */
void chan_register(const chan_variant *v);
const chan_variant *chan_find(const char *name); /* NULL if unknown */
int chan_variant_count(void);
const chan_variant *chan_variant_at(int i); /* sorted by name */

#define CHAN_REGISTER(var)                                                                         \
	__attribute__((constructor)) static void chan_register_##var(void)                         \
	{                                                                                          \
		chan_register(&var);                                                               \
	}

/* Writes a comma-separated list of cap names ("unbuffered,buffered,...") into buf. */
void chan_caps_string(unsigned caps, char *buf, size_t len);

static inline chan *chan_make(const chan_variant *v, size_t elem_size, size_t capacity)
{
	return v->make(elem_size, capacity);
}
static inline void chan_destroy(chan *c)
{
	c->variant->destroy(c);
}
static inline int chan_send(chan *c, const void *elem)
{
	return c->variant->send(c, elem);
}
static inline int chan_recv(chan *c, void *elem)
{
	return c->variant->recv(c, elem);
}
static inline int chan_try_send(chan *c, const void *elem)
{
	return c->variant->try_send(c, elem);
}
static inline int chan_try_recv(chan *c, void *elem)
{
	return c->variant->try_recv(c, elem);
}
static inline int chan_close(chan *c)
{
	return c->variant->close(c);
}

/* All cases must be channels of the same variant (n >= 1). */
static inline int chan_select(chan_case *cases, int n, bool block)
{
	const chan_variant *v = cases[0].ch->variant;
	return v->select ? v->select(cases, n, block) : CHAN_UNSUPPORTED;
}

/* Convenience for the common int64 element. */
static inline int chan_send_i64(chan *c, int64_t v)
{
	return chan_send(c, &v);
}
static inline int chan_recv_i64(chan *c, int64_t *v)
{
	return chan_recv(c, v);
}

#endif
