/*
 * chan_history.c — see chan_history.h.
 *
 * The search: a depth-first walk over "which operation takes its step next".
 * An operation may step only if it was invoked before every not-yet-finished
 * operation returned (otherwise that one must have finished first: real time).
 * Its step is applied to the model; a step that hands a different result than
 * the recorded one (to itself, or to a waiting operation it completes) is a dead
 * end. The search succeeds when every operation has finished.
 *
 * Memoization (Lowe, "Testing for linearizability", 2017): the same model state
 * with the same set of stepped operations is explored once. The key is the full
 * state (masks + buffer + both wait queues + closed), compared exactly, so a
 * hash collision can never prune a branch that was not explored.
 */
#include "chan_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../runtimes/chan/chan.h"

void hist_init(hist_log *l)
{
	atomic_store(&l->clock, 1);
	atomic_store(&l->n, 0);
}

uint64_t hist_tick(hist_log *l)
{
	return atomic_fetch_add(&l->clock, 1);
}

bool hist_record(hist_log *l, hist_kind kind, int task, int64_t value, int status, uint64_t invoke)
{
	uint64_t ret = hist_tick(l);
	int i = atomic_fetch_add(&l->n, 1);
	if (i >= HIST_MAX_OPS) {
		atomic_store(&l->n, HIST_MAX_OPS);
		return false;
	}
	l->ops[i] = (hist_op){.kind = kind,
	                      .task = task,
	                      .value = value,
	                      .status = status,
	                      .invoke = invoke,
	                      .ret = ret};
	return true;
}

/* ---- the model */

typedef struct model {
	uint64_t stepped;            /* ops whose request step was taken            */
	uint64_t done;               /* ops finished (returned in the model)         */
	bool closed;                 /* the channel is closed                       */
	uint8_t nbuf;                /* values in the buffer                        */
	uint8_t nsend;               /* waiting senders                             */
	uint8_t nrecv;               /* waiting receivers                           */
	uint8_t buf[HIST_MAX_OPS];   /* buffer: index of the op whose value it is */
	uint8_t sendq[HIST_MAX_OPS]; /* waiting senders, oldest first          */
	uint8_t recvq[HIST_MAX_OPS]; /* waiting receivers, oldest first        */
} model;

/* Serialized state for the memo: masks, closed, then the three sequences. */
static size_t model_key(const model *m, uint8_t *key)
{
	size_t k = 0;
	memcpy(key + k, &m->stepped, 8);
	k += 8;
	memcpy(key + k, &m->done, 8);
	k += 8;
	key[k++] = m->closed;
	key[k++] = m->nbuf;
	key[k++] = m->nsend;
	key[k++] = m->nrecv;
	memcpy(key + k, m->buf, m->nbuf);
	k += m->nbuf;
	memcpy(key + k, m->sendq, m->nsend);
	k += m->nsend;
	memcpy(key + k, m->recvq, m->nrecv);
	k += m->nrecv;
	return k;
}

/* A set of keys: open addressing over FNV-1a hashes, exact comparison. */
typedef struct memo {
	size_t cap;      /* slots (a power of two)           */
	size_t used;     /* occupied slots                   */
	uint8_t **slots; /* each: [len][key bytes] or NULL   */
} memo;

static uint64_t fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* Inserts key; returns false if it was already there. */
static bool memo_insert(memo *s, const uint8_t *key, size_t len)
{
	if (2 * (s->used + 1) > s->cap) {
		memo bigger = {.cap = s->cap ? 2 * s->cap : 1024};
		bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
		for (size_t i = 0; i < s->cap; i++) {
			uint8_t *e = s->slots[i];
			if (!e)
				continue;
			size_t j = fnv(e + 1, e[0]) & (bigger.cap - 1);
			while (bigger.slots[j])
				j = (j + 1) & (bigger.cap - 1);
			bigger.slots[j] = e;
			bigger.used++;
		}
		free(s->slots);
		*s = bigger;
	}
	size_t j = fnv(key, len) & (s->cap - 1);
	while (s->slots[j]) {
		uint8_t *e = s->slots[j];
		if (e[0] == len && memcmp(e + 1, key, len) == 0)
			return false;
		j = (j + 1) & (s->cap - 1);
	}
	uint8_t *e = malloc(len + 1);
	e[0] = (uint8_t)len;
	memcpy(e + 1, key, len);
	s->slots[j] = e;
	s->used++;
	return true;
}

static void memo_free(memo *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slots[i]);
	free(s->slots);
}

typedef struct search {
	const hist_op *ops; /* the history                          */
	int n;              /* its length                           */
	size_t capacity;    /* channel capacity                      */
	bool spurious_try;  /* a try op may fail without a cause     */
	memo seen;          /* explored states                       */
	long steps;         /* states expanded (for messages)        */
	int deepest;        /* most ops finished on any path         */
	model best;         /* the model at that deepest point       */
} search;

static bool is_send(hist_kind k)
{
	return k == HIST_SEND || k == HIST_TRY_SEND;
}

static void finish(model *m, int i)
{
	m->done |= 1ull << i;
}

static uint8_t pop(uint8_t *q, uint8_t *n)
{
	uint8_t v = q[0];
	memmove(q, q + 1, --*n);
	return v;
}

/* A waiting receiver r completes with sender s's value. */
static bool recv_gets(const search *s, int r, int from)
{
	return s->ops[r].status == CHAN_OK && s->ops[r].value == s->ops[from].value;
}

/* Applies op i's step to m. Returns false if a recorded result contradicts it. */
static bool step(const search *s, model *m, int i)
{
	const hist_op *o = &s->ops[i];
	m->stepped |= 1ull << i;
	/* The weaker contract of a variant without CHAN_CAP_EXACT_TRY: a try op on an
	 * open channel may report WOULDBLOCK whatever the state, and changes nothing. */
	if (s->spurious_try && (o->kind == HIST_TRY_SEND || o->kind == HIST_TRY_RECV) &&
	    o->status == CHAN_WOULDBLOCK && !m->closed) {
		finish(m, i);
		return true;
	}
	switch (o->kind) {
	case HIST_SEND:
	case HIST_TRY_SEND:
		if (m->closed) {
			finish(m, i);
			return o->status == CHAN_CLOSED;
		}
		if (m->nrecv) {
			int r = pop(m->recvq, &m->nrecv);
			finish(m, r);
			finish(m, i);
			return o->status == CHAN_OK && recv_gets(s, r, i);
		}
		if (m->nbuf < s->capacity) {
			m->buf[m->nbuf++] = (uint8_t)i;
			finish(m, i);
			return o->status == CHAN_OK;
		}
		if (o->kind == HIST_TRY_SEND) {
			finish(m, i);
			return o->status == CHAN_WOULDBLOCK;
		}
		if (o->status == CHAN_WOULDBLOCK)
			return false;
		m->sendq[m->nsend++] = (uint8_t)i;
		return true;
	case HIST_RECV:
	case HIST_TRY_RECV:
		if (m->nbuf) {
			int from = pop(m->buf, &m->nbuf);
			finish(m, i);
			if (!recv_gets(s, i, from))
				return false;
			if (m->nsend) {
				int w = pop(m->sendq, &m->nsend);
				m->buf[m->nbuf++] = (uint8_t)w;
				finish(m, w);
				return s->ops[w].status == CHAN_OK;
			}
			return true;
		}
		if (m->nsend) {
			int w = pop(m->sendq, &m->nsend);
			finish(m, w);
			finish(m, i);
			return s->ops[w].status == CHAN_OK && recv_gets(s, i, w);
		}
		if (m->closed) {
			finish(m, i);
			return o->status == CHAN_CLOSED;
		}
		if (o->kind == HIST_TRY_RECV) {
			finish(m, i);
			return o->status == CHAN_WOULDBLOCK;
		}
		if (o->status == CHAN_WOULDBLOCK)
			return false;
		m->recvq[m->nrecv++] = (uint8_t)i;
		return true;
	case HIST_CLOSE:
		finish(m, i);
		if (m->closed)
			return o->status == CHAN_CLOSED;
		m->closed = true;
		while (m->nrecv) {
			int r = pop(m->recvq, &m->nrecv);
			finish(m, r);
			if (s->ops[r].status != CHAN_CLOSED)
				return false;
		}
		while (m->nsend) {
			int w = pop(m->sendq, &m->nsend);
			finish(m, w);
			if (s->ops[w].status != CHAN_CLOSED)
				return false;
		}
		return o->status == CHAN_OK;
	}
	return false;
}

static bool dfs(search *s, const model *m)
{
	uint64_t all = s->n == 64 ? ~0ull : (1ull << s->n) - 1;
	if (m->done == all)
		return true;
	uint8_t key[8 + 8 + 4 + 3 * HIST_MAX_OPS];
	if (!memo_insert(&s->seen, key, model_key(m, key)))
		return false;
	s->steps++;
	int ndone = __builtin_popcountll(m->done);
	if (ndone > s->deepest) {
		s->deepest = ndone;
		s->best = *m;
	}
	/* Real time: the earliest return among unfinished ops bounds who may step. */
	uint64_t bound = UINT64_MAX;
	for (int j = 0; j < s->n; j++)
		if (!(m->done >> j & 1) && s->ops[j].ret < bound)
			bound = s->ops[j].ret;
	for (int i = 0; i < s->n; i++) {
		if (m->stepped >> i & 1 || s->ops[i].invoke > bound)
			continue;
		model next = *m;
		if (step(s, &next, i) && dfs(s, &next))
			return true;
	}
	return false;
}

static const char *kind_name(hist_kind k)
{
	static const char *const names[] = {"send", "recv", "try_send", "try_recv", "close"};
	return names[k];
}

static const char *status_name(int st)
{
	switch (st) {
	case CHAN_OK:
		return "ok";
	case CHAN_CLOSED:
		return "closed";
	case CHAN_WOULDBLOCK:
		return "wouldblock";
	default:
		return "?";
	}
}

void hist_format(const hist_op *ops, int n, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && used < len; i++) {
		const hist_op *o = &ops[i];
		int w = snprintf(buf + used, len - used, "  #%d task %d [%llu,%llu] %s", i, o->task,
		                 (unsigned long long)o->invoke, (unsigned long long)o->ret,
		                 kind_name(o->kind));
		if (w < 0)
			return;
		used += (size_t)w;
		if (used >= len)
			return;
		if (is_send(o->kind))
			w = snprintf(buf + used, len - used, "(%lld) -> %s\n", (long long)o->value,
			             status_name(o->status));
		else if (o->kind != HIST_CLOSE && o->status == CHAN_OK)
			w = snprintf(buf + used, len - used, " -> %lld\n", (long long)o->value);
		else
			w = snprintf(buf + used, len - used, " -> %s\n", status_name(o->status));
		if (w < 0)
			return;
		used += (size_t)w;
	}
}

bool hist_check(const hist_op *ops, int n, size_t capacity, bool spurious_try, char *why,
                size_t whylen)
{
	if (n > HIST_MAX_OPS) {
		snprintf(why, whylen, "history of %d operations exceeds %d", n, HIST_MAX_OPS);
		return false;
	}
	/* Buffer indices are bytes; a capacity beyond the op count never fills. */
	search s = {.ops = ops,
	            .n = n,
	            .capacity = capacity > HIST_MAX_OPS ? HIST_MAX_OPS : capacity,
	            .spurious_try = spurious_try};
	model m0 = {0};
	bool ok = dfs(&s, &m0);
	if (!ok && why && whylen) {
		char stuck[256] = "";
		size_t used = 0;
		for (int i = 0; i < n && used < sizeof stuck; i++)
			if (!(s.best.done >> i & 1)) {
				int w = snprintf(stuck + used, sizeof stuck - used, " #%d", i);
				if (w < 0)
					break;
				used += (size_t)w;
			}
		snprintf(why, whylen,
		         "not linearizable (capacity %zu, %d ops, %ld states): at best %d ops "
		         "finish; never finished:%s",
		         capacity, n, s.steps, s.deepest, stuck);
	}
	memo_free(&s.seen);
	return ok;
}
