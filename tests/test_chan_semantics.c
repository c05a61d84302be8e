/*
 * test_chan_semantics.c — Go's channel semantics, checked on every registered
 * channel variant x every registered runtime x 1 and 2 workers (chan_matrix.h).
 *
 * Ported scenarios (Go 1.19 sources), sizes cut so that the whole file runs in
 * seconds on pthreads, where every task is an OS thread:
 *   src/runtime/chan_test.go: TestChan (capacities 0..N: blocking, non-blocking,
 *     close, FIFO, multiset with 4x4), TestNonblockRecvRace, TestNonblockSelectRace
 *     (1 and 2), TestSelfSelect, TestSelectStress, TestSelectFairness,
 *     TestSelectDuplicateChannel, TestPseudoRandomSend, TestMultiConsumer.
 *   test/chan/: closedchan.go, doubleselect.go, fifo.go (async and sync chain),
 *     goroutines.go, nonblock.go, select3.go (the parts that apply), sieve1.go.
 * Not checked: the zeroed element Go hands to a receive that reports closed
 * (chan.h does not promise it; the go variant does it).
 * Plus: element sizes 0..100 bytes, try_send/try_recv edge cases, close while
 * several tasks are blocked, FIFO per sender under several producers/consumers.
 *
 * "Blocks" is checked the way Go checks it: a task that must stay blocked is
 * given a few milliseconds to misbehave (a correct channel can never fail this;
 * a slow machine can only hide a bug, never invent one). No timed assertions.
 *
 * COROBENCH_TEST_SCALE=N (support/scale.h) divides the rounds of the nonblock
 * races (at least 25) and perfifo's values per producer (at least 100) by N.
 */
#include "support/chan_matrix.h"
#include "support/scale.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_CHECK_NS 3000000ull /* 3 ms for a task that must stay blocked */

static const size_t capacities[] = {0, 1, 2, 3, 5, 10, 17};
#define NCAPS (sizeof capacities / sizeof capacities[0])

/* A context handed to a scenario's main task. */
typedef struct sc_ctx {
	const cm_env *env; /* where we run            */
	size_t cap;        /* capacity under test     */
} sc_ctx;

/* Runs main_fn once per capacity the variant declares (and `extra` caps allow). */
static void for_caps(const cm_env *env, rt_fn main_fn, const size_t *caps, size_t ncaps)
{
	int ran = 0;
	for (size_t i = 0; i < ncaps; i++) {
		if (!cm_has(env->v, cm_caps_for_capacity(caps[i])))
			continue;
		sc_ctx ctx = {.env = env, .cap = caps[i]};
		cm_run(env, main_fn, &ctx);
		ran++;
	}
	if (!ran)
		skip();
}

/* The smallest capacity >= want the variant can make (0 when unbuffered). */
static size_t cap_at_least(const chan_variant *v, size_t want)
{
	if (want == 0 && !cm_has(v, CHAN_CAP_UNBUFFERED))
		return 1;
	return want;
}

/* ---- generic tasks */

typedef struct io_task {
	chan *c;          /* channel                                          */
	int64_t from, n;  /* send from..from+n-1, or receive n values        */
	int64_t step;     /* value step for senders (1 unless set)           */
	atomic_int done;  /* set when the task finished its operations       */
	int status;       /* last status                                     */
	int64_t got;      /* last value received                             */
	int64_t sum;      /* sum of received values                          */
	int64_t count;    /* values received                                 */
	rt_waitgroup *wg; /* done() at the end, if set                        */
} io_task;

static void sender_task(void *arg)
{
	io_task *t = arg;
	int64_t step = t->step ? t->step : 1;
	for (int64_t i = 0; i < t->n; i++) {
		t->status = chan_send_i64(t->c, t->from + i * step);
		if (t->status != CHAN_OK)
			break;
	}
	atomic_store(&t->done, 1);
	if (t->wg)
		rt_wg_done(t->wg);
}

static void receiver_task(void *arg)
{
	io_task *t = arg;
	for (int64_t i = 0; i < t->n; i++) {
		int64_t v = 77;
		t->status = chan_recv_i64(t->c, &v);
		if (t->status != CHAN_OK) {
			t->got = v;
			break;
		}
		t->got = v;
		t->sum += v;
		t->count++;
	}
	atomic_store(&t->done, 1);
	if (t->wg)
		rt_wg_done(t->wg);
}

static void go_task(rt_waitgroup *wg, rt_fn fn, io_task *t)
{
	t->wg = wg;
	rt_wg_add(wg, 1);
	if (rt_go(fn, t) != 0) {
		RTS_EXPECT(!"rt_go failed");
		rt_wg_done(wg);
	}
}

/* ==== TestChan (src/runtime/chan_test.go) */

static void testchan_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	size_t cap = x->cap;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	int64_t val;

	/* Receive from an empty channel blocks; a send releases it. */
	chan *c = cm_make(v, 8, cap);
	if (!c)
		return;
	io_task r = {.c = c, .n = 1};
	go_task(&wg, receiver_task, &r);
	rt_sleep_ns(BLOCK_CHECK_NS);
	RTS_EXPECT(atomic_load(&r.done) == 0);
	RTS_EXPECT(chan_send_i64(c, 0) == CHAN_OK);
	rt_wg_wait(&wg);
	RTS_EXPECT(r.status == CHAN_OK && r.got == 0);

	/* A non-blocking receive does not block. */
	RTS_EXPECT(chan_try_recv(c, &val) == CHAN_WOULDBLOCK);

	/* Send to a full channel blocks; receives release it, in FIFO order. */
	for (size_t i = 0; i < cap; i++)
		RTS_EXPECT(chan_try_send(c, &(int64_t){(int64_t)i}) == CHAN_OK);
	io_task s = {.c = c, .from = (int64_t)cap, .n = 1};
	go_task(&wg, sender_task, &s);
	rt_sleep_ns(BLOCK_CHECK_NS);
	RTS_EXPECT(atomic_load(&s.done) == 0);
	/* A non-blocking send does not block (a second producer: MP variants only). */
	if (cm_has(v, CHAN_CAP_MULTI_PRODUCER))
		RTS_EXPECT(chan_try_send(c, &(int64_t){-1}) == CHAN_WOULDBLOCK);
	for (size_t i = 0; i <= cap; i++) {
		RTS_EXPECT(chan_recv_i64(c, &val) == CHAN_OK);
		RTS_EXPECT(val == (int64_t)i);
	}
	rt_wg_wait(&wg);
	RTS_EXPECT(s.status == CHAN_OK);
	chan_destroy(c);

	if (cm_has(v, CHAN_CAP_CLOSE)) {
		/* Receives from a closed channel drain it, then report closed with zero. */
		c = cm_make(v, 8, cap);
		for (size_t i = 0; i < cap; i++)
			RTS_EXPECT(chan_send_i64(c, (int64_t)i + 1) == CHAN_OK);
		RTS_EXPECT(chan_close(c) == CHAN_OK);
		for (size_t i = 0; i < cap; i++) {
			RTS_EXPECT(chan_recv_i64(c, &val) == CHAN_OK);
			RTS_EXPECT(val == (int64_t)i + 1);
		}
		for (int k = 0; k < 3; k++) {
			val = 99;
			RTS_EXPECT(chan_recv_i64(c, &val) == CHAN_CLOSED);
		}
		chan_destroy(c);

		/* Close unblocks a receive. */
		c = cm_make(v, 8, cap);
		io_task r2 = {.c = c, .n = 1};
		go_task(&wg, receiver_task, &r2);
		rt_sleep_ns(BLOCK_CHECK_NS);
		RTS_EXPECT(atomic_load(&r2.done) == 0);
		RTS_EXPECT(chan_close(c) == CHAN_OK);
		rt_wg_wait(&wg);
		RTS_EXPECT(r2.status == CHAN_CLOSED);
		chan_destroy(c);
	}

	/* 100 integers from one sender arrive uncorrupted, in FIFO order. */
	c = cm_make(v, 8, cap);
	io_task s3 = {.c = c, .from = 0, .n = 100};
	go_task(&wg, sender_task, &s3);
	for (int64_t i = 0; i < 100; i++) {
		RTS_EXPECT(chan_recv_i64(c, &val) == CHAN_OK);
		RTS_EXPECT(val == i);
	}
	rt_wg_wait(&wg);
	chan_destroy(c);

	/* 4 senders x 250, 4 receivers: every value received exactly once. */
	if (cm_has(v, CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER)) {
		c = cm_make(v, 8, cap);
		io_task snd[4], rcv[4];
		for (int i = 0; i < 4; i++) {
			snd[i] = (io_task){.c = c, .from = i * 250, .n = 250};
			rcv[i] = (io_task){.c = c, .n = 250};
			go_task(&wg, sender_task, &snd[i]);
			go_task(&wg, receiver_task, &rcv[i]);
		}
		rt_wg_wait(&wg);
		int64_t sum = 0, count = 0;
		for (int i = 0; i < 4; i++) {
			sum += rcv[i].sum;
			count += rcv[i].count;
			RTS_EXPECT(snd[i].status == CHAN_OK);
		}
		RTS_EXPECT(count == 1000);
		RTS_EXPECT(sum == 999 * 1000 / 2);
		chan_destroy(c);
	}
}

static void sc_testchan(const cm_env *env)
{
	for_caps(env, testchan_main, capacities, NCAPS);
}

/* ==== try_send / try_recv edge cases */

static void tryops_main(void *arg)
{
	sc_ctx *x = arg;
	chan *c = cm_make(x->env->v, 8, x->cap);
	if (!c)
		return;
	int64_t v;
	for (size_t round = 0; round < 3; round++) {
		for (size_t i = 0; i < x->cap; i++)
			RTS_EXPECT(chan_try_send(c, &(int64_t){(int64_t)(round * 100 + i)}) ==
			           CHAN_OK);
		RTS_EXPECT(chan_try_send(c, &(int64_t){-1}) == CHAN_WOULDBLOCK);
		for (size_t i = 0; i < x->cap; i++) {
			RTS_EXPECT(chan_try_recv(c, &v) == CHAN_OK);
			RTS_EXPECT(v == (int64_t)(round * 100 + i));
		}
		RTS_EXPECT(chan_try_recv(c, &v) == CHAN_WOULDBLOCK);
	}
	/* Interleaved: one in, one out keeps exactly the FIFO. */
	if (x->cap > 0) {
		for (int64_t i = 0; i < 1000; i++) {
			RTS_EXPECT(chan_try_send(c, &i) == CHAN_OK);
			RTS_EXPECT(chan_try_recv(c, &v) == CHAN_OK && v == i);
		}
		/* A receive that discards (elem NULL). */
		RTS_EXPECT(chan_try_send(c, &(int64_t){5}) == CHAN_OK);
		RTS_EXPECT(chan_try_recv(c, NULL) == CHAN_OK);
		RTS_EXPECT(chan_try_recv(c, &v) == CHAN_WOULDBLOCK);
	}
	if (cm_has(x->env->v, CHAN_CAP_CLOSE)) {
		if (x->cap > 0)
			RTS_EXPECT(chan_try_send(c, &(int64_t){42}) == CHAN_OK);
		RTS_EXPECT(chan_close(c) == CHAN_OK);
		RTS_EXPECT(chan_try_send(c, &(int64_t){1}) == CHAN_CLOSED);
		if (x->cap > 0)
			RTS_EXPECT(chan_try_recv(c, &v) == CHAN_OK && v == 42);
		v = 3;
		RTS_EXPECT(chan_try_recv(c, &v) == CHAN_CLOSED);
	}
	chan_destroy(c);
}

static void sc_tryops(const cm_env *env)
{
	for_caps(env, tryops_main, capacities, NCAPS);
}

/* ==== element sizes: a sender task and the main task move elements of 0..100
 * bytes; buffer copies and direct hand-offs of every size, no overrun. */

typedef struct echo_ctx {
	chan *c;          /* channel                  */
	size_t es;        /* element size             */
	int n;            /* elements                 */
	rt_waitgroup *wg; /* done at the end          */
} echo_ctx;

static void bytes_sender(void *arg)
{
	echo_ctx *e = arg;
	unsigned char out[100];
	for (int i = 0; i < e->n; i++) {
		for (size_t b = 0; b < e->es; b++)
			out[b] = (unsigned char)(i * 7 + b);
		RTS_EXPECT(chan_send(e->c, out) == CHAN_OK);
	}
	rt_wg_done(e->wg);
}

static void elemsize_sync_main(void *arg)
{
	sc_ctx *x = arg;
	static const size_t sizes[] = {0, 1, 3, 8, 24, 100};
	rt_waitgroup wg;
	rt_wg_init(&wg);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t es = sizes[k];
		chan *c = cm_make(x->env->v, es, x->cap);
		if (!c)
			return;
		echo_ctx e = {.c = c, .es = es, .n = 200, .wg = &wg};
		rt_wg_add(&wg, 1);
		RTS_EXPECT(rt_go(bytes_sender, &e) == 0);
		for (int i = 0; i < e.n; i++) {
			unsigned char in[101];
			memset(in, 0xee, sizeof in);
			RTS_EXPECT(chan_recv(c, in) == CHAN_OK);
			for (size_t b = 0; b < es; b++)
				RTS_EXPECT(in[b] == (unsigned char)(i * 7 + b));
			RTS_EXPECT(in[es] == 0xee);
		}
		rt_wg_wait(&wg);
		chan_destroy(c);
	}
}

static void sc_elemsize(const cm_env *env)
{
	static const size_t caps[] = {0, 1, 4};
	for_caps(env, elemsize_sync_main, caps, 3);
}

/* ==== closedchan.go, and close while several tasks are blocked */

static void closed_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	chan *c = cm_make(v, 8, x->cap);
	if (!c)
		return;
	int64_t val;
	if (x->cap >= 2) {
		RTS_EXPECT(chan_send_i64(c, 1) == CHAN_OK);
		RTS_EXPECT(chan_send_i64(c, 2) == CHAN_OK);
	}
	RTS_EXPECT(chan_close(c) == CHAN_OK);
	RTS_EXPECT(chan_close(c) == CHAN_CLOSED); /* Go panics */
	RTS_EXPECT(chan_send_i64(c, 3) == CHAN_CLOSED);
	RTS_EXPECT(chan_try_send(c, &(int64_t){3}) == CHAN_CLOSED);
	if (x->cap >= 2) {
		RTS_EXPECT(chan_recv_i64(c, &val) == CHAN_OK && val == 1);
		RTS_EXPECT(chan_try_recv(c, &val) == CHAN_OK && val == 2);
	}
	for (int i = 0; i < 3; i++) {
		val = 5;
		RTS_EXPECT(chan_recv_i64(c, &val) == CHAN_CLOSED);
		val = 5;
		RTS_EXPECT(chan_try_recv(c, &val) == CHAN_CLOSED);
	}
	if (cm_has(v, CHAN_CAP_SELECT)) {
		chan *open = cm_make(v, 8, x->cap);
		val = 5;
		chan_case cs[2] = {{.ch = open, .elem = &val}, {.ch = c, .elem = &val}};
		for (int i = 0; i < 10; i++) {
			int k = chan_select(cs, 2, true);
			RTS_EXPECT(k == 1 && cs[1].status == CHAN_CLOSED);
			k = chan_select(cs, 2, false);
			RTS_EXPECT(k == 1 && cs[1].status == CHAN_CLOSED);
		}
		/* A send case on a closed channel is ready and reports closed. */
		chan_case sc[1] = {{.ch = c, .send = true, .elem = &val}};
		RTS_EXPECT(chan_select(sc, 1, true) == 0 && sc[0].status == CHAN_CLOSED);
		chan_destroy(open);
	}
	chan_destroy(c);
}

static void close_blocked_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	int nsend = cm_has(v, CHAN_CAP_MULTI_PRODUCER) ? 3 : 1;
	int nrecv = cm_has(v, CHAN_CAP_MULTI_CONSUMER) ? 3 : 1;

	/* Senders blocked on a full channel wake with CHAN_CLOSED; what was buffered
	 * is still received, then closed. */
	chan *c = cm_make(v, 8, x->cap);
	if (!c)
		return;
	for (size_t i = 0; i < x->cap; i++)
		RTS_EXPECT(chan_send_i64(c, (int64_t)i) == CHAN_OK);
	io_task s[3];
	for (int i = 0; i < nsend; i++) {
		s[i] = (io_task){.c = c, .from = 1000 + i, .n = 1};
		go_task(&wg, sender_task, &s[i]);
	}
	rt_sleep_ns(BLOCK_CHECK_NS);
	for (int i = 0; i < nsend; i++)
		RTS_EXPECT(atomic_load(&s[i].done) == 0);
	RTS_EXPECT(chan_close(c) == CHAN_OK);
	rt_wg_wait(&wg);
	for (int i = 0; i < nsend; i++)
		RTS_EXPECT(s[i].status == CHAN_CLOSED);
	int64_t val;
	for (size_t i = 0; i < x->cap; i++)
		RTS_EXPECT(chan_recv_i64(c, &val) == CHAN_OK && val == (int64_t)i);
	RTS_EXPECT(chan_recv_i64(c, &val) == CHAN_CLOSED);
	chan_destroy(c);

	/* Receivers blocked on an empty channel all wake with CHAN_CLOSED. */
	c = cm_make(v, 8, x->cap);
	io_task r[3];
	for (int i = 0; i < nrecv; i++) {
		r[i] = (io_task){.c = c, .n = 1};
		go_task(&wg, receiver_task, &r[i]);
	}
	rt_sleep_ns(BLOCK_CHECK_NS);
	RTS_EXPECT(chan_close(c) == CHAN_OK);
	rt_wg_wait(&wg);
	for (int i = 0; i < nrecv; i++)
		RTS_EXPECT(r[i].status == CHAN_CLOSED);
	chan_destroy(c);
}

static void sc_closed(const cm_env *env)
{
	for_caps(env, closed_main, capacities, NCAPS);
}

static void sc_close_blocked(const cm_env *env)
{
	static const size_t caps[] = {0, 1, 4};
	for_caps(env, close_blocked_main, caps, 3);
}

/* ==== TestNonblockRecvRace: a try_recv racing with close never reports "empty"
 * when a value or the close is there. */

typedef struct race_ctx {
	chan *c1, *c2;    /* channels                       */
	rt_waitgroup *wg; /* done at the end                */
	int bad;          /* the task saw nothing ready     */
} race_ctx;

static void nb_recv_task(void *arg)
{
	race_ctx *r = arg;
	int64_t v;
	if (chan_try_recv(r->c1, &v) == CHAN_WOULDBLOCK)
		r->bad = 1;
	rt_wg_done(r->wg);
}

static void nb_recv_race_main(void *arg)
{
	sc_ctx *x = arg;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	long rounds = ts_iters(200, 25); /* a new task per round: pthread creations */
	for (long i = 0; i < rounds; i++) {
		chan *c = cm_make(x->env->v, 8, 1);
		if (!c)
			return;
		RTS_EXPECT(chan_send_i64(c, 1) == CHAN_OK);
		race_ctx r = {.c1 = c, .wg = &wg};
		rt_wg_add(&wg, 1);
		RTS_EXPECT(rt_go(nb_recv_task, &r) == 0);
		RTS_EXPECT(chan_close(c) == CHAN_OK);
		int64_t v;
		int st = chan_recv_i64(c, &v);
		RTS_EXPECT(st == CHAN_OK || st == CHAN_CLOSED);
		rt_wg_wait(&wg);
		RTS_EXPECT(!r.bad);
		chan_destroy(c);
	}
}

static void sc_nb_recv_race(const cm_env *env)
{
	cm_run(env, nb_recv_race_main, &(sc_ctx){.env = env});
}

/* ==== TestNonblockSelectRace and TestNonblockSelectRace2 */

static void nb_select_task(void *arg)
{
	race_ctx *r = arg;
	int64_t v;
	chan_case cs[2] = {{.ch = r->c1, .elem = &v}, {.ch = r->c2, .elem = &v}};
	if (chan_select(cs, 2, false) < 0)
		r->bad = 1;
	rt_wg_done(r->wg);
}

static void nb_select_race_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	bool with_close = x->cap == 1; /* cap field reused: 0 = Race, 1 = Race2 */
	rt_waitgroup wg;
	rt_wg_init(&wg);
	long rounds = ts_iters(300, 25);
	for (long i = 0; i < rounds; i++) {
		chan *c1 = cm_make(v, 8, 1);
		chan *c2 = cm_make(v, 8, with_close ? cap_at_least(v, 0) : 1);
		if (!c1 || !c2)
			return;
		RTS_EXPECT(chan_send_i64(c1, 1) == CHAN_OK);
		race_ctx r = {.c1 = c1, .c2 = c2, .wg = &wg};
		rt_wg_add(&wg, 1);
		RTS_EXPECT(rt_go(nb_select_task, &r) == 0);
		if (with_close)
			RTS_EXPECT(chan_close(c2) == CHAN_OK);
		else
			RTS_EXPECT(chan_send_i64(c2, 1) == CHAN_OK);
		int64_t val;
		(void)chan_try_recv(c1, &val);
		rt_wg_wait(&wg);
		RTS_EXPECT(!r.bad);
		chan_destroy(c1);
		chan_destroy(c2);
	}
}

static void sc_nb_select_race(const cm_env *env)
{
	cm_run(env, nb_select_race_main, &(sc_ctx){.env = env, .cap = 0});
}

static void sc_nb_select_race2(const cm_env *env)
{
	cm_run(env, nb_select_race_main, &(sc_ctx){.env = env, .cap = 1});
}

/* ==== TestSelfSelect: a select that sends and receives on one channel never
 * receives its own value from an unbuffered channel. */

typedef struct self_ctx {
	chan *c;          /* shared channel             */
	int64_t p;        /* this task's value          */
	size_t cap;       /* capacity                   */
	rt_waitgroup *wg; /* done at the end            */
} self_ctx;

static void self_select_task(void *arg)
{
	self_ctx *s = arg;
	for (int i = 0; i < 400; i++) {
		int64_t out = s->p, in = -1;
		chan_case send = {.ch = s->c, .send = true, .elem = &out};
		chan_case recv = {.ch = s->c, .elem = &in};
		chan_case cs[2];
		bool send_first = s->p == 0 || i % 2 == 0;
		cs[0] = send_first ? send : recv;
		cs[1] = send_first ? recv : send;
		int k = chan_select(cs, 2, true);
		RTS_EXPECT(k == 0 || k == 1);
		if (k >= 0 && !cs[k].send && s->cap == 0)
			RTS_EXPECT(in != s->p); /* self receive */
	}
	rt_wg_done(s->wg);
}

static void self_select_main(void *arg)
{
	sc_ctx *x = arg;
	chan *c = cm_make(x->env->v, 8, x->cap);
	if (!c)
		return;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	self_ctx s[2] = {{.c = c, .p = 0, .cap = x->cap, .wg = &wg},
	                 {.c = c, .p = 1, .cap = x->cap, .wg = &wg}};
	rt_wg_add(&wg, 2);
	RTS_EXPECT(rt_go(self_select_task, &s[0]) == 0);
	RTS_EXPECT(rt_go(self_select_task, &s[1]) == 0);
	rt_wg_wait(&wg);
	chan_destroy(c);
}

static void sc_self_select(const cm_env *env)
{
	static const size_t caps[] = {0, 10};
	for_caps(env, self_select_main, caps, 2);
}

/* ==== TestSelectFairness: over two ready channels (and two never ready), each
 * is picked half the time, within six nines' margin of error. */

static void fairness_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	enum { TRIALS = 10000 };
	chan *c1 = cm_make(v, 1, TRIALS + 1), *c2 = cm_make(v, 1, TRIALS + 1);
	chan *c3 = cm_make(v, 1, 1), *c4 = cm_make(v, 1, 1);
	if (!c1 || !c2 || !c3 || !c4)
		return;
	for (int i = 0; i < TRIALS + 1; i++) {
		RTS_EXPECT(chan_send(c1, &(unsigned char){1}) == CHAN_OK);
		RTS_EXPECT(chan_send(c2, &(unsigned char){2}) == CHAN_OK);
	}
	int cnt1 = 0, cnt2 = 0;
	for (int i = 0; i < TRIALS; i++) {
		unsigned char b = 0;
		chan_case cs[4] = {{.ch = c3, .elem = &b},
		                   {.ch = c4, .elem = &b},
		                   {.ch = c1, .elem = &b},
		                   {.ch = c2, .elem = &b}};
		int k = chan_select(cs, 4, true);
		RTS_EXPECT(k == 2 || k == 3);
		if (b == 1)
			cnt1++;
		else if (b == 2)
			cnt2++;
	}
	RTS_EXPECT(cnt1 + cnt2 == TRIALS);
	double r = (double)cnt1 / TRIALS, e = fabs(r - 0.5);
	if (e > 4.891676 / (2 * sqrt(TRIALS)))
		fprintf(stderr, "unfair select: %d vs %d\n", cnt1, cnt2);
	RTS_EXPECT(e <= 4.891676 / (2 * sqrt(TRIALS)));
	chan_destroy(c1);
	chan_destroy(c2);
	chan_destroy(c3);
	chan_destroy(c4);
}

static void sc_select_fairness(const cm_env *env)
{
	cm_run(env, fairness_main, &(sc_ctx){.env = env});
}

/* ==== TestSelectDuplicateChannel: a select with the same channel twice, woken
 * through a third, leaves the first channel's queue intact. */

typedef struct dup_ctx {
	chan *c, *d, *e;  /* as in the Go test            */
	rt_waitgroup *wg; /* done at the end              */
} dup_ctx;

static void dup_a(void *arg)
{
	dup_ctx *x = arg;
	int64_t v;
	chan_case cs[3] = {
	    {.ch = x->c, .elem = &v}, {.ch = x->c, .elem = &v}, {.ch = x->d, .elem = &v}};
	RTS_EXPECT(chan_select(cs, 3, true) == 2 && v == 7);
	RTS_EXPECT(chan_send_i64(x->e, 9) == CHAN_OK);
	rt_wg_done(x->wg);
}

static void dup_b(void *arg)
{
	dup_ctx *x = arg;
	int64_t v;
	RTS_EXPECT(chan_recv_i64(x->c, &v) == CHAN_OK && v == 8);
	rt_wg_done(x->wg);
}

static void dup_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	size_t cap = cap_at_least(v, 0);
	rt_waitgroup wg;
	rt_wg_init(&wg);
	dup_ctx d = {
	    .c = cm_make(v, 8, cap), .d = cm_make(v, 8, cap), .e = cm_make(v, 8, cap), .wg = &wg};
	if (!d.c || !d.d || !d.e)
		return;
	rt_wg_add(&wg, 2);
	RTS_EXPECT(rt_go(dup_a, &d) == 0);
	rt_sleep_ns(BLOCK_CHECK_NS); /* A queues on c first */
	RTS_EXPECT(rt_go(dup_b, &d) == 0);
	rt_sleep_ns(BLOCK_CHECK_NS); /* then B */
	RTS_EXPECT(chan_send_i64(d.d, 7) == CHAN_OK);
	int64_t val;
	RTS_EXPECT(chan_recv_i64(d.e, &val) == CHAN_OK && val == 9);
	RTS_EXPECT(chan_send_i64(d.c, 8) == CHAN_OK);
	rt_wg_wait(&wg);
	chan_destroy(d.c);
	chan_destroy(d.d);
	chan_destroy(d.e);
}

static void sc_select_duplicate(const cm_env *env)
{
	cm_run(env, dup_main, &(sc_ctx){.env = env});
}

/* ==== TestPseudoRandomSend: select over two sends on one channel picks both. */

typedef struct prs_ctx {
	chan *c;          /* channel                 */
	int64_t l[100];   /* values received         */
	rt_waitgroup *wg; /* done at the end         */
} prs_ctx;

static void prs_recv(void *arg)
{
	prs_ctx *p = arg;
	for (int i = 0; i < 100; i++) {
		rt_yield();
		RTS_EXPECT(chan_recv_i64(p->c, &p->l[i]) == CHAN_OK);
	}
	rt_wg_done(p->wg);
}

static void prs_main(void *arg)
{
	sc_ctx *x = arg;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	prs_ctx *p = calloc(1, sizeof *p);
	p->c = cm_make(x->env->v, 8, x->cap);
	p->wg = &wg;
	if (!p->c) {
		free(p);
		return;
	}
	rt_wg_add(&wg, 1);
	RTS_EXPECT(rt_go(prs_recv, p) == 0);
	for (int i = 0; i < 100; i++) {
		int64_t one = 1, zero = 0;
		chan_case cs[2] = {{.ch = p->c, .send = true, .elem = &one},
		                   {.ch = p->c, .send = true, .elem = &zero}};
		RTS_EXPECT(chan_select(cs, 2, true) >= 0);
	}
	rt_wg_wait(&wg);
	int n0 = 0, n1 = 0;
	for (int i = 0; i < 100; i++)
		*(p->l[i] == 0 ? &n0 : &n1) += 1;
	RTS_EXPECT(n0 > 10 && n1 > 10); /* P(false failure) ~ 1e-17 */
	chan_destroy(p->c);
	free(p);
}

static void sc_pseudo_random_send(const cm_env *env)
{
	static const size_t caps[] = {0, 100};
	for_caps(env, prs_main, caps, 2);
}

/* ==== TestSelectStress: 4 channels (two unbuffered, capacities 2 and 3), 4
 * senders and 4 receivers on single channels plus one select sender and one
 * select receiver over all four, chaotically, N values per channel per side. */

enum { SS_N = 1000 };

typedef struct ss_ctx {
	chan *c[4];       /* the channels                          */
	int idx;          /* single-channel task: its channel; select task: 1 = sends */
	rt_waitgroup *wg; /* done at the end                       */
	int64_t got[4];   /* select receiver: values per channel   */
} ss_ctx;

static void ss_send1(void *arg)
{
	ss_ctx *s = arg;
	for (int i = 0; i < SS_N; i++)
		RTS_EXPECT(chan_send_i64(s->c[s->idx], 1) == CHAN_OK);
	rt_wg_done(s->wg);
}

static void ss_recv1(void *arg)
{
	ss_ctx *s = arg;
	int64_t v;
	for (int i = 0; i < SS_N; i++)
		RTS_EXPECT(chan_recv_i64(s->c[s->idx], &v) == CHAN_OK);
	rt_wg_done(s->wg);
}

/* The select sender (s->idx == 1) or receiver (0): one select over the channels
 * that still owe values, until SS_N went through each. */
static void ss_select(void *arg)
{
	ss_ctx *s = arg;
	int n[4] = {0};
	for (int i = 0; i < 4 * SS_N; i++) {
		chan_case cs[4];
		int64_t v[4] = {1, 1, 1, 1};
		int map[4], m = 0;
		for (int k = 0; k < 4; k++)
			if (n[k] < SS_N) {
				cs[m] = (chan_case){.ch = s->c[k], .send = s->idx, .elem = &v[m]};
				map[m++] = k;
			}
		int k = chan_select(cs, m, true);
		RTS_EXPECT(k >= 0 && k < m && cs[k].status == CHAN_OK);
		if (k >= 0)
			n[map[k]]++;
	}
	rt_wg_done(s->wg);
}

static void select_stress_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	ss_ctx base = {.wg = &wg};
	size_t caps[4] = {cap_at_least(v, 0), cap_at_least(v, 0), 2, 3};
	for (int k = 0; k < 4; k++)
		if (!(base.c[k] = cm_make(v, 8, caps[k])))
			return;
	ss_ctx single[8];
	for (int k = 0; k < 4; k++) {
		single[k] = base;
		single[k].idx = k;
		single[4 + k] = base;
		single[4 + k].idx = k;
	}
	rt_wg_add(&wg, 10);
	for (int k = 0; k < 4; k++) {
		RTS_EXPECT(rt_go(ss_send1, &single[k]) == 0);
		RTS_EXPECT(rt_go(ss_recv1, &single[4 + k]) == 0);
	}
	ss_ctx sel_s = base, sel_r = base;
	sel_s.idx = 1;
	RTS_EXPECT(rt_go(ss_select, &sel_s) == 0);
	RTS_EXPECT(rt_go(ss_select, &sel_r) == 0);
	rt_wg_wait(&wg);
	int64_t v0;
	for (int k = 0; k < 4; k++) {
		RTS_EXPECT(chan_try_recv(base.c[k], &v0) == CHAN_WOULDBLOCK);
		chan_destroy(base.c[k]);
	}
}

static void sc_select_stress(const cm_env *env)
{
	cm_run(env, select_stress_main, &(sc_ctx){.env = env});
}

/* ==== TestMultiConsumer: 23 workers range over q and forward to r. */

typedef struct mc_ctx {
	chan *q, *r;       /* work in, results out       */
	int w;             /* worker index               */
	rt_waitgroup *wg;  /* workers                    */
	int64_t expect;    /* feeder: expected sum       */
	int niter;         /* values to feed             */
	rt_waitgroup *all; /* feeder + workers done     */
} mc_ctx;

static const int pn[] = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};

static void mc_worker(void *arg)
{
	mc_ctx *m = arg;
	int64_t v;
	while (chan_recv_i64(m->q, &v) == CHAN_OK) {
		if (pn[m->w % 10] == v)
			rt_yield(); /* mess with the fifo-ish nature of range */
		RTS_EXPECT(chan_send_i64(m->r, v) == CHAN_OK);
	}
	rt_wg_done(m->wg);
}

static void mc_feeder(void *arg)
{
	mc_ctx *m = arg;
	for (int i = 0; i < m->niter; i++) {
		int64_t v = pn[i % 10];
		m->expect += v;
		RTS_EXPECT(chan_send_i64(m->q, v) == CHAN_OK);
	}
	RTS_EXPECT(chan_close(m->q) == CHAN_OK);
	rt_wg_wait(m->wg);
	RTS_EXPECT(chan_close(m->r) == CHAN_OK);
	rt_wg_done(m->all);
}

static void multi_consumer_main(void *arg)
{
	sc_ctx *x = arg;
	enum { NWORK = 23 };
	rt_waitgroup wg, all;
	rt_wg_init(&wg);
	rt_wg_init(&all);
	chan *q = cm_make(x->env->v, 8, NWORK * 3), *r = cm_make(x->env->v, 8, NWORK * 3);
	if (!q || !r)
		return;
	mc_ctx w[NWORK];
	for (int i = 0; i < NWORK; i++)
		w[i] = (mc_ctx){.q = q, .r = r, .w = i, .wg = &wg};
	cm_spawn_n(&wg, NWORK, mc_worker, w, sizeof w[0]);
	mc_ctx feeder = {.q = q, .r = r, .wg = &wg, .niter = 20000, .all = &all};
	rt_wg_add(&all, 1);
	RTS_EXPECT(rt_go(mc_feeder, &feeder) == 0);
	int64_t n = 0, s = 0, v;
	while (chan_recv_i64(r, &v) == CHAN_OK) {
		n++;
		s += v;
	}
	rt_wg_wait(&all);
	RTS_EXPECT(n == feeder.niter && s == feeder.expect);
	chan_destroy(q);
	chan_destroy(r);
}

static void sc_multi_consumer(const cm_env *env)
{
	cm_run(env, multi_consumer_main, &(sc_ctx){.env = env});
}

/* ==== doubleselect.go: a select sender over 4 channels, 4 muxes into one
 * channel, one receiver: no value is delivered twice, none lost. */

enum { DS_N = 2000 };

typedef struct ds_ctx {
	chan *in, *out;   /* mux: from, to                    */
	chan **cs;        /* sender: the four channels         */
	rt_waitgroup *wg; /* done at the end                   */
} ds_ctx;

static void ds_sender(void *arg)
{
	ds_ctx *d = arg;
	for (int64_t i = 0; i < DS_N; i++) {
		chan_case cs[4];
		for (int k = 0; k < 4; k++)
			cs[k] = (chan_case){.ch = d->cs[k], .send = true, .elem = &i};
		RTS_EXPECT(chan_select(cs, 4, true) >= 0);
	}
	for (int k = 0; k < 4; k++)
		RTS_EXPECT(chan_close(d->cs[k]) == CHAN_OK);
	rt_wg_done(d->wg);
}

static void ds_mux(void *arg)
{
	ds_ctx *d = arg;
	int64_t v;
	while (chan_recv_i64(d->in, &v) == CHAN_OK)
		RTS_EXPECT(chan_send_i64(d->out, v) == CHAN_OK);
	rt_wg_done(d->wg);
}

typedef struct ds_closer {
	rt_waitgroup *muxes; /* the four muxes          */
	chan *cmux;          /* closed when they finish */
	rt_waitgroup *wg;    /* done at the end         */
} ds_closer;

static void ds_close_task(void *arg)
{
	ds_closer *c = arg;
	rt_wg_wait(c->muxes);
	RTS_EXPECT(chan_close(c->cmux) == CHAN_OK);
	rt_wg_done(c->wg);
}

static void doubleselect_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	size_t cap = cap_at_least(v, 0);
	rt_waitgroup wg, muxes;
	rt_wg_init(&wg);
	rt_wg_init(&muxes);
	chan *cs[4], *cmux = cm_make(v, 8, cap);
	for (int k = 0; k < 4; k++)
		cs[k] = cm_make(v, 8, cap);
	ds_ctx snd = {.cs = cs, .wg = &wg}, mux[4];
	for (int k = 0; k < 4; k++)
		mux[k] = (ds_ctx){.in = cs[k], .out = cmux, .wg = &muxes};
	rt_wg_add(&wg, 2);
	RTS_EXPECT(rt_go(ds_sender, &snd) == 0);
	cm_spawn_n(&muxes, 4, ds_mux, mux, sizeof mux[0]);
	ds_closer closer = {.muxes = &muxes, .cmux = cmux, .wg = &wg};
	RTS_EXPECT(rt_go(ds_close_task, &closer) == 0);
	unsigned char *seen = calloc(DS_N, 1);
	int64_t val;
	int n = 0;
	while (chan_recv_i64(cmux, &val) == CHAN_OK) {
		RTS_EXPECT(val >= 0 && val < DS_N);
		if (val >= 0 && val < DS_N) {
			RTS_EXPECT(!seen[val]); /* duplicate */
			seen[val] = 1;
		}
		n++;
	}
	rt_wg_wait(&wg);
	RTS_EXPECT(n == DS_N);
	free(seen);
	for (int k = 0; k < 4; k++)
		chan_destroy(cs[k]);
	chan_destroy(cmux);
}

static void sc_doubleselect(const cm_env *env)
{
	cm_run(env, doubleselect_main, &(sc_ctx){.env = env});
}

/* ==== fifo.go: AsynchFifo and the synchronous chain. */

enum { FIFO_N = 60 };

typedef struct chain_ctx {
	chan *ch, *in, *out; /* shared data channel; token in and out */
	int64_t val;         /* value this link must receive          */
	rt_waitgroup *wg;    /* done at the end                       */
} chain_ctx;

static void chain_link(void *arg)
{
	chain_ctx *c = arg;
	int64_t v;
	RTS_EXPECT(chan_recv_i64(c->in, &v) == CHAN_OK);
	RTS_EXPECT(chan_recv_i64(c->ch, &v) == CHAN_OK && v == c->val);
	RTS_EXPECT(chan_send_i64(c->out, 1) == CHAN_OK);
	rt_wg_done(c->wg);
}

static void fifo_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	int64_t val;
	/* Asynch: a buffered channel delivers in order. */
	if (cm_has(v, CHAN_CAP_BUFFERED)) {
		chan *ch = cm_make(v, 8, FIFO_N);
		for (int64_t i = 0; i < FIFO_N; i++)
			RTS_EXPECT(chan_send_i64(ch, i) == CHAN_OK);
		for (int64_t i = 0; i < FIFO_N; i++)
			RTS_EXPECT(chan_recv_i64(ch, &val) == CHAN_OK && val == i);
		chan_destroy(ch);
	}
	/* Synch chain: each link takes its turn receiving from ch. */
	rt_waitgroup wg;
	rt_wg_init(&wg);
	size_t cap = x->cap;
	chan *ch = cm_make(v, 8, cap);
	chan *tokens[FIFO_N + 1];
	for (int i = 0; i <= FIFO_N; i++)
		tokens[i] = cm_make(v, 8, cap);
	chain_ctx links[FIFO_N];
	for (int i = 0; i < FIFO_N; i++)
		links[i] = (chain_ctx){
		    .ch = ch, .in = tokens[i], .out = tokens[i + 1], .val = i, .wg = &wg};
	cm_spawn_n(&wg, FIFO_N, chain_link, links, sizeof links[0]);
	io_task start = {.c = tokens[0], .from = 0, .n = 1};
	go_task(&wg, sender_task, &start);
	for (int64_t i = 0; i < FIFO_N; i++)
		RTS_EXPECT(chan_send_i64(ch, i) == CHAN_OK);
	RTS_EXPECT(chan_recv_i64(tokens[FIFO_N], &val) == CHAN_OK);
	rt_wg_wait(&wg);
	chan_destroy(ch);
	for (int i = 0; i <= FIFO_N; i++)
		chan_destroy(tokens[i]);
}

static void sc_fifo(const cm_env *env)
{
	static const size_t caps[] = {0, 1};
	for_caps(env, fifo_main, caps, 2);
}

/* ==== goroutines.go: a chain of tasks each adding one. */

enum { CHAIN_N = 80 };

typedef struct add_ctx {
	chan *left, *right; /* receive from right, send to left */
	rt_waitgroup *wg;   /* done at the end                  */
} add_ctx;

static void add_one(void *arg)
{
	add_ctx *a = arg;
	int64_t v;
	RTS_EXPECT(chan_recv_i64(a->right, &v) == CHAN_OK);
	RTS_EXPECT(chan_send_i64(a->left, v + 1) == CHAN_OK);
	rt_wg_done(a->wg);
}

static void goroutines_main(void *arg)
{
	sc_ctx *x = arg;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	chan *cs[CHAIN_N + 1];
	for (int i = 0; i <= CHAIN_N; i++)
		cs[i] = cm_make(x->env->v, 8, x->cap);
	add_ctx links[CHAIN_N];
	for (int i = 0; i < CHAIN_N; i++)
		links[i] = (add_ctx){.left = cs[i], .right = cs[i + 1], .wg = &wg};
	cm_spawn_n(&wg, CHAIN_N, add_one, links, sizeof links[0]);
	io_task start = {.c = cs[CHAIN_N], .from = 1, .n = 1};
	go_task(&wg, sender_task, &start);
	int64_t v;
	RTS_EXPECT(chan_recv_i64(cs[0], &v) == CHAN_OK && v == CHAIN_N + 1);
	rt_wg_wait(&wg);
	for (int i = 0; i <= CHAIN_N; i++)
		chan_destroy(cs[i]);
}

static void sc_goroutines(const cm_env *env)
{
	static const size_t caps[] = {0, 1};
	for_caps(env, goroutines_main, caps, 2);
}

/* ==== nonblock.go: try_send/try_recv succeed once the partner is blocked. */

static bool retry_until_ok(int (*op)(chan *, void *), chan *c, void *elem)
{
	/* Up to ~10 s of 100 us naps: a liveness bound, not a speed check. */
	for (int i = 0; i < 100000; i++) {
		if (op(c, elem) == CHAN_OK)
			return true;
		rt_sleep_ns(100000);
	}
	return false;
}

static int try_send_op(chan *c, void *e)
{
	return chan_try_send(c, e);
}
static int try_recv_op(chan *c, void *e)
{
	return chan_try_recv(c, e);
}

static void nonblock_main(void *arg)
{
	sc_ctx *x = arg;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	chan *c = cm_make(x->env->v, 8, x->cap);
	if (!c)
		return;
	int64_t v = 123;
	RTS_EXPECT(chan_try_recv(c, &v) == CHAN_WOULDBLOCK);
	/* A blocked receiver makes try_send succeed (for cap 0 only then). */
	io_task r = {.c = c, .n = 1};
	go_task(&wg, receiver_task, &r);
	RTS_EXPECT(retry_until_ok(try_send_op, c, &(int64_t){123}));
	rt_wg_wait(&wg);
	RTS_EXPECT(r.status == CHAN_OK && r.got == 123);
	/* A blocked sender makes try_recv succeed. */
	for (size_t i = 0; i < x->cap; i++)
		RTS_EXPECT(chan_send_i64(c, 7) == CHAN_OK);
	io_task s = {.c = c, .from = 456, .n = 1};
	go_task(&wg, sender_task, &s);
	for (size_t i = 0; i < x->cap; i++)
		RTS_EXPECT(retry_until_ok(try_recv_op, c, &v) && v == 7);
	RTS_EXPECT(retry_until_ok(try_recv_op, c, &v) && v == 456);
	rt_wg_wait(&wg);
	chan_destroy(c);
}

static void sc_nonblock(const cm_env *env)
{
	static const size_t caps[] = {0, 1, 8};
	for_caps(env, nonblock_main, caps, 3);
}

/* ==== select3.go (what applies): non-blocking select over nothing ready; a
 * blocking select woken by a later send, by a later receive, by close. */

typedef struct late_ctx {
	chan *c;          /* channel                     */
	int what;         /* 0 send, 1 recv, 2 close     */
	rt_waitgroup *wg; /* done at the end             */
} late_ctx;

static void late_task(void *arg)
{
	late_ctx *l = arg;
	rt_sleep_ns(BLOCK_CHECK_NS);
	int64_t v;
	if (l->what == 0)
		RTS_EXPECT(chan_send_i64(l->c, 31) == CHAN_OK);
	else if (l->what == 1)
		RTS_EXPECT(chan_recv_i64(l->c, &v) == CHAN_OK && v == 17);
	else
		RTS_EXPECT(chan_close(l->c) == CHAN_OK);
	rt_wg_done(l->wg);
}

static void select3_main(void *arg)
{
	sc_ctx *x = arg;
	const chan_variant *v = x->env->v;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	chan *a = cm_make(v, 8, x->cap), *b = cm_make(v, 8, x->cap);
	if (!a || !b)
		return;
	for (size_t i = 0; i < x->cap; i++)
		RTS_EXPECT(chan_send_i64(b, 1) == CHAN_OK); /* b full */
	int64_t in = 0, out = 17;
	chan_case cs[2] = {{.ch = a, .elem = &in}, {.ch = b, .send = true, .elem = &out}};
	RTS_EXPECT(chan_select(cs, 2, false) == CHAN_WOULDBLOCK);

	/* woken by a later send on a */
	late_ctx l = {.c = a, .what = 0, .wg = &wg};
	rt_wg_add(&wg, 1);
	RTS_EXPECT(rt_go(late_task, &l) == 0);
	RTS_EXPECT(chan_select(cs, 2, true) == 0 && cs[0].status == CHAN_OK && in == 31);
	rt_wg_wait(&wg);

	/* woken by a later receive on b (b drained to make room first when buffered) */
	for (size_t i = 0; i < x->cap; i++)
		RTS_EXPECT(chan_recv_i64(b, &in) == CHAN_OK);
	for (size_t i = 0; i < x->cap; i++)
		RTS_EXPECT(chan_send_i64(b, 17) == CHAN_OK);
	late_ctx l2 = {.c = b, .what = 1, .wg = &wg};
	rt_wg_add(&wg, 1);
	RTS_EXPECT(rt_go(late_task, &l2) == 0);
	RTS_EXPECT(chan_select(cs, 2, true) == 1 && cs[1].status == CHAN_OK);
	rt_wg_wait(&wg);
	for (size_t i = 0; i < x->cap; i++)
		RTS_EXPECT(chan_recv_i64(b, &in) == CHAN_OK && in == 17);

	/* woken by close of a */
	if (cm_has(v, CHAN_CAP_CLOSE)) {
		for (size_t i = 0; i < x->cap; i++)
			RTS_EXPECT(chan_send_i64(b, 1) == CHAN_OK);
		late_ctx l3 = {.c = a, .what = 2, .wg = &wg};
		rt_wg_add(&wg, 1);
		RTS_EXPECT(rt_go(late_task, &l3) == 0);
		in = 5;
		RTS_EXPECT(chan_select(cs, 2, true) == 0 && cs[0].status == CHAN_CLOSED);
		rt_wg_wait(&wg);
	}
	chan_destroy(a);
	chan_destroy(b);
}

static void sc_select3(const cm_env *env)
{
	static const size_t caps[] = {0, 1, 3};
	for_caps(env, select3_main, caps, 3);
}

/* ==== sieve1.go: the prime sieve on chained channels, torn down by close. */

typedef struct sieve_ctx {
	chan *in, *out;   /* filter: from, to              */
	int64_t prime;    /* filter: its prime             */
	rt_waitgroup *wg; /* done at the end               */
} sieve_ctx;

static void sieve_gen(void *arg)
{
	sieve_ctx *s = arg;
	for (int64_t i = 2; i <= 600; i++)
		RTS_EXPECT(chan_send_i64(s->out, i) == CHAN_OK);
	RTS_EXPECT(chan_close(s->out) == CHAN_OK);
	rt_wg_done(s->wg);
}

static void sieve_filter(void *arg)
{
	sieve_ctx *s = arg;
	int64_t v;
	while (chan_recv_i64(s->in, &v) == CHAN_OK)
		if (v % s->prime)
			RTS_EXPECT(chan_send_i64(s->out, v) == CHAN_OK);
	RTS_EXPECT(chan_close(s->out) == CHAN_OK);
	rt_wg_done(s->wg);
}

static void sieve_main(void *arg)
{
	sc_ctx *x = arg;
	enum { NPRIMES = 100 }; /* the 100th prime is 541 */
	rt_waitgroup wg;
	rt_wg_init(&wg);
	chan *chans[NPRIMES + 1];
	sieve_ctx ctx[NPRIMES + 1];
	chans[0] = cm_make(x->env->v, 8, x->cap);
	ctx[0] = (sieve_ctx){.out = chans[0], .wg = &wg};
	rt_wg_add(&wg, 1);
	RTS_EXPECT(rt_go(sieve_gen, &ctx[0]) == 0);
	chan *cur = chans[0];
	int64_t p = 0;
	for (int i = 0; i < NPRIMES; i++) {
		RTS_EXPECT(chan_recv_i64(cur, &p) == CHAN_OK);
		chans[i + 1] = cm_make(x->env->v, 8, x->cap);
		ctx[i + 1] = (sieve_ctx){.in = cur, .out = chans[i + 1], .prime = p, .wg = &wg};
		rt_wg_add(&wg, 1);
		RTS_EXPECT(rt_go(sieve_filter, &ctx[i + 1]) == 0);
		cur = chans[i + 1];
	}
	RTS_EXPECT(p == 541);
	int64_t v, rest = 0;
	while (chan_recv_i64(cur, &v) == CHAN_OK)
		rest++; /* primes 547..599 */
	RTS_EXPECT(rest == 9);
	rt_wg_wait(&wg);
	for (int i = 0; i <= NPRIMES; i++)
		chan_destroy(chans[i]);
}

static void sc_sieve(const cm_env *env)
{
	static const size_t caps[] = {0, 1};
	for_caps(env, sieve_main, caps, 2);
}

/* ==== FIFO per sender under several producers and consumers, with conservation:
 * every value exactly once, and each consumer sees each producer's values in
 * increasing order. */

enum { PF_P = 4, PF_C = 4, PF_N = 1500 };

typedef struct pf_ctx {
	chan *c;             /* channel                               */
	int id;              /* producer id                           */
	int64_t n;           /* values per producer: PF_N, scaled       */
	unsigned char *seen; /* PF_P * PF_N flags, shared by consumers */
	atomic_int *dups;    /* duplicate deliveries                  */
	rt_waitgroup *wg;    /* done at the end                       */
} pf_ctx;

static void pf_producer(void *arg)
{
	pf_ctx *p = arg;
	for (int64_t i = 0; i < p->n; i++)
		RTS_EXPECT(chan_send_i64(p->c, ((int64_t)p->id << 32) | i) == CHAN_OK);
	rt_wg_done(p->wg);
}

static void pf_consumer(void *arg)
{
	pf_ctx *p = arg;
	int64_t last[PF_P], v;
	for (int i = 0; i < PF_P; i++)
		last[i] = -1;
	while (chan_recv_i64(p->c, &v) == CHAN_OK) {
		int who = (int)(v >> 32);
		int64_t seq = v & 0xffffffff;
		RTS_EXPECT(who >= 0 && who < PF_P && seq < PF_N);
		if (who < 0 || who >= PF_P || seq >= PF_N)
			continue;
		RTS_EXPECT(seq > last[who]); /* FIFO per sender */
		last[who] = seq;
		if (__atomic_exchange_n(&p->seen[who * PF_N + seq], 1, __ATOMIC_RELAXED))
			atomic_fetch_add(p->dups, 1);
	}
	rt_wg_done(p->wg);
}

static void perfifo_main(void *arg)
{
	sc_ctx *x = arg;
	rt_waitgroup prod, cons;
	rt_wg_init(&prod);
	rt_wg_init(&cons);
	chan *c = cm_make(x->env->v, 8, x->cap);
	if (!c)
		return;
	unsigned char *seen = calloc(PF_P * PF_N, 1);
	atomic_int dups = 0;
	pf_ctx p[PF_P], q[PF_C];
	int64_t n = ts_iters(PF_N, 100);
	for (int i = 0; i < PF_P; i++)
		p[i] = (pf_ctx){.c = c, .id = i, .n = n, .wg = &prod};
	for (int i = 0; i < PF_C; i++)
		q[i] = (pf_ctx){.c = c, .seen = seen, .dups = &dups, .wg = &cons};
	cm_spawn_n(&cons, PF_C, pf_consumer, q, sizeof q[0]);
	cm_spawn_n(&prod, PF_P, pf_producer, p, sizeof p[0]);
	rt_wg_wait(&prod);
	RTS_EXPECT(chan_close(c) == CHAN_OK);
	rt_wg_wait(&cons);
	RTS_EXPECT(atomic_load(&dups) == 0);
	int missing = 0;
	for (int i = 0; i < PF_P; i++)
		for (int64_t k = 0; k < n; k++)
			missing += !seen[i * PF_N + k];
	RTS_EXPECT(missing == 0);
	free(seen);
	chan_destroy(c);
}

static void sc_perfifo(const cm_env *env)
{
	static const size_t caps[] = {0, 1, 7, 64};
	for_caps(env, perfifo_main, caps, 4);
}

/* ==== the list */

static const cm_scenario scenarios[] = {
    {"testchan", 0, sc_testchan},
    {"tryops", 0, sc_tryops},
    {"elemsize", 0, sc_elemsize},
    {"closedchan", CHAN_CAP_CLOSE, sc_closed},
    {"close_blocked", CHAN_CAP_CLOSE, sc_close_blocked},
    {"nonblock_recv_race", CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE | CHAN_CAP_MULTI_CONSUMER,
     sc_nb_recv_race},
    {"nonblock_select_race", CHAN_CAP_BUFFERED | CHAN_CAP_SELECT | CHAN_CAP_MULTI_CONSUMER,
     sc_nb_select_race},
    {"nonblock_select_race2",
     CHAN_CAP_BUFFERED | CHAN_CAP_SELECT | CHAN_CAP_CLOSE | CHAN_CAP_MULTI_CONSUMER,
     sc_nb_select_race2},
    {"self_select", CHAN_CAP_SELECT | CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER,
     sc_self_select},
    {"select_fairness", CHAN_CAP_BUFFERED | CHAN_CAP_SELECT, sc_select_fairness},
    {"select_duplicate", CHAN_CAP_SELECT | CHAN_CAP_MULTI_CONSUMER, sc_select_duplicate},
    {"pseudo_random_send", CHAN_CAP_SELECT, sc_pseudo_random_send},
    {"select_stress",
     CHAN_CAP_BUFFERED | CHAN_CAP_SELECT | CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER,
     sc_select_stress},
    {"multi_consumer",
     CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE | CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER,
     sc_multi_consumer},
    {"doubleselect", CHAN_CAP_SELECT | CHAN_CAP_CLOSE | CHAN_CAP_MULTI_PRODUCER, sc_doubleselect},
    {"fifo", 0, sc_fifo},
    {"goroutines", 0, sc_goroutines},
    {"nonblock", 0, sc_nonblock},
    {"select3", CHAN_CAP_SELECT, sc_select3},
    {"sieve", CHAN_CAP_CLOSE, sc_sieve},
    {"perfifo", CHAN_CAP_CLOSE | CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER, sc_perfifo},
};

int main(void)
{
	static const int workers[] = {1, 2};
	enum { MAX = 1024 };
	static struct CMUnitTest tests[MAX];
	int n =
	    cm_add_tests(tests, MAX, scenarios, sizeof scenarios / sizeof scenarios[0], workers, 2);
	rts_watchdog(300);
	return _cmocka_run_group_tests("chan_semantics", tests, (size_t)n, NULL, NULL);
}
