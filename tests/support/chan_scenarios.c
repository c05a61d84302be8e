/* chan_scenarios.c — see chan_scenarios.h. */
#include "chan_scenarios.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAUSE_NS 20000000u /* 20 ms: "has it completed early?" look-ahead */

/* Common state: the variant, the channels, a wait group for spawned tasks. */
typedef struct chs_state {
	const chan_variant *v;  /* under test                                    */
	chan *a, *b;            /* the channels of the scenario                  */
	rt_waitgroup wg;        /* spawned tasks                                 */
	atomic_int flag;        /* set by a task once its operation returned     */
	int64_t value;          /* what a task received / sends                   */
	int status;             /* what its operation returned                    */
	atomic_int statuses[8]; /* per task results (close_wakes)               */
} chs_state;

static bool has(const chan_variant *v, unsigned caps)
{
	return (v->caps & caps) == caps;
}

static void need(const chan_variant *v, unsigned caps)
{
	if (!has(v, caps))
		skip();
}

/* ---- FIFO order and capacity; try_* never block; ring wrap-around */

/* A wider element than int64, so whole elements must be copied. */
typedef struct wide {
	int64_t a, b, c; /* a = sequence, b = ~a, c = a * 3 */
} wide;

static wide mkwide(int64_t i)
{
	return (wide){i, ~i, i * 3};
}

static void fifo_main(void *p)
{
	chs_state *st = p;
	enum { CAP = 8 };
	chan *c = chan_make(st->v, sizeof(wide), CAP);
	RTS_EXPECT(c != NULL);
	if (!c)
		return;
	wide w;
	RTS_EXPECT(chan_try_recv(c, &w) == CHAN_WOULDBLOCK);
	for (int i = 0; i < CAP; i++) {
		wide x = mkwide(i);
		RTS_EXPECT(chan_try_send(c, &x) == CHAN_OK);
	}
	wide extra = mkwide(99);
	RTS_EXPECT(chan_try_send(c, &extra) == CHAN_WOULDBLOCK); /* full at capacity */
	for (int i = 0; i < CAP; i++) {
		RTS_EXPECT(chan_recv(c, &w) == CHAN_OK);
		RTS_EXPECT(memcmp(&w, &(wide){i, ~(int64_t)i, i * 3}, sizeof w) == 0);
	}
	RTS_EXPECT(chan_try_recv(c, &w) == CHAN_WOULDBLOCK);
	/* Wrap the ring many times with 5 in flight: order must hold across the seam. */
	int64_t next_in = 0, next_out = 0;
	for (int round = 0; round < 200; round++) {
		while (next_in - next_out < 5) {
			wide x = mkwide(next_in++);
			RTS_EXPECT(chan_send(c, &x) == CHAN_OK);
		}
		RTS_EXPECT(chan_recv(c, &w) == CHAN_OK && w.a == next_out && w.b == ~next_out &&
		           w.c == next_out * 3);
		next_out++;
	}
	RTS_EXPECT(chan_recv(c, NULL) == CHAN_OK); /* discard */
	chan_destroy(c);
}

static void chs_fifo(const rt_runtime *rt, int workers, const chan_variant *v)
{
	need(v, CHAN_CAP_BUFFERED);
	chs_state st = {.v = v};
	rts_run(rt, workers, fifo_main, &st);
}

/* ---- unbuffered: try_* never succeed without a partner; rendezvous */

static void rendezvous_sender(void *p)
{
	chs_state *st = p;
	st->status = chan_send_i64(st->a, 7);
	atomic_store(&st->flag, 1);
	rt_wg_done(&st->wg);
}

static void rendezvous_receiver(void *p)
{
	chs_state *st = p;
	st->status = chan_recv_i64(st->b, &st->value);
	atomic_store(&st->flag, 1);
	rt_wg_done(&st->wg);
}

static void rendezvous_main(void *p)
{
	chs_state *st = p;
	int64_t v = 0;
	st->a = chan_make(st->v, sizeof(int64_t), 0);
	st->b = chan_make(st->v, sizeof(int64_t), 0);
	RTS_EXPECT(st->a && st->b);
	if (!st->a || !st->b)
		return;
	RTS_EXPECT(chan_try_send(st->a, &v) == CHAN_WOULDBLOCK);
	RTS_EXPECT(chan_try_recv(st->a, &v) == CHAN_WOULDBLOCK);
	/* Sender first: its send must not return before we receive. */
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, 1);
	RTS_EXPECT(rt_go(rendezvous_sender, st) == 0);
	rt_sleep_ns(PAUSE_NS);
	RTS_EXPECT(atomic_load(&st->flag) == 0);
	RTS_EXPECT(chan_recv_i64(st->a, &v) == CHAN_OK && v == 7);
	rt_wg_wait(&st->wg);
	RTS_EXPECT(atomic_load(&st->flag) == 1 && st->status == CHAN_OK);
	/* Receiver first: our send hands the value over and completes. */
	atomic_store(&st->flag, 0);
	rt_wg_add(&st->wg, 1);
	RTS_EXPECT(rt_go(rendezvous_receiver, st) == 0);
	rt_sleep_ns(PAUSE_NS);
	RTS_EXPECT(atomic_load(&st->flag) == 0);
	RTS_EXPECT(chan_send_i64(st->b, 11) == CHAN_OK);
	rt_wg_wait(&st->wg);
	RTS_EXPECT(st->status == CHAN_OK && st->value == 11);
	chan_destroy(st->a);
	chan_destroy(st->b);
}

static void chs_rendezvous(const rt_runtime *rt, int workers, const chan_variant *v)
{
	need(v, CHAN_CAP_UNBUFFERED);
	chs_state st = {.v = v};
	rts_run(rt, workers, rendezvous_main, &st);
}

/* ---- blocking: a send on a full channel and a recv on an empty one wait */

static void blocked_sender(void *p)
{
	chs_state *st = p;
	st->status = chan_send_i64(st->a, 2);
	atomic_store(&st->flag, 1);
	rt_wg_done(&st->wg);
}

static void blocking_main(void *p)
{
	chs_state *st = p;
	int64_t v;
	st->a = chan_make(st->v, sizeof(int64_t), 2);
	st->b = chan_make(st->v, sizeof(int64_t), 4);
	RTS_EXPECT(st->a && st->b);
	if (!st->a || !st->b)
		return;
	RTS_EXPECT(chan_send_i64(st->a, 0) == CHAN_OK && chan_send_i64(st->a, 1) == CHAN_OK);
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, 1);
	RTS_EXPECT(rt_go(blocked_sender, st) == 0); /* channel full: it must wait */
	rt_sleep_ns(PAUSE_NS);
	RTS_EXPECT(atomic_load(&st->flag) == 0);
	RTS_EXPECT(chan_recv_i64(st->a, &v) == CHAN_OK && v == 0);
	rt_wg_wait(&st->wg);
	RTS_EXPECT(atomic_load(&st->flag) == 1 && st->status == CHAN_OK);
	RTS_EXPECT(chan_recv_i64(st->a, &v) == CHAN_OK && v == 1);
	RTS_EXPECT(chan_recv_i64(st->a, &v) == CHAN_OK && v == 2); /* the parked one, last */
	/* An empty buffered channel: the receiver waits until we send. */
	atomic_store(&st->flag, 0);
	rt_wg_add(&st->wg, 1);
	RTS_EXPECT(rt_go(rendezvous_receiver, st) == 0);
	rt_sleep_ns(PAUSE_NS);
	RTS_EXPECT(atomic_load(&st->flag) == 0);
	RTS_EXPECT(chan_send_i64(st->b, 42) == CHAN_OK);
	rt_wg_wait(&st->wg);
	RTS_EXPECT(st->status == CHAN_OK && st->value == 42);
	chan_destroy(st->a);
	chan_destroy(st->b);
}

static void chs_blocking(const rt_runtime *rt, int workers, const chan_variant *v)
{
	need(v, CHAN_CAP_BUFFERED);
	chs_state st = {.v = v};
	rts_run(rt, workers, blocking_main, &st);
}

/* ---- close: drain then CLOSED; send on closed and close twice are errors */

static void close_main(void *p)
{
	chs_state *st = p;
	int64_t v = 0;
	bool buffered = has(st->v, CHAN_CAP_BUFFERED);
	chan *c = chan_make(st->v, sizeof(int64_t), buffered ? 4 : 0);
	RTS_EXPECT(c != NULL);
	if (!c)
		return;
	int queued = buffered ? 3 : 0;
	for (int i = 0; i < queued; i++)
		RTS_EXPECT(chan_send_i64(c, 100 + i) == CHAN_OK);
	RTS_EXPECT(chan_close(c) == CHAN_OK);
	RTS_EXPECT(chan_close(c) == CHAN_CLOSED);
	RTS_EXPECT(chan_send_i64(c, 1) == CHAN_CLOSED);
	RTS_EXPECT(chan_try_send(c, &v) == CHAN_CLOSED);
	for (int i = 0; i < queued; i++)
		RTS_EXPECT(chan_recv_i64(c, &v) == CHAN_OK && v == 100 + i);
	v = 99;
	RTS_EXPECT(chan_recv_i64(c, &v) == CHAN_CLOSED && v == 0); /* Go's zero value */
	v = 99;
	RTS_EXPECT(chan_recv_i64(c, &v) == CHAN_CLOSED && v == 0);
	v = 99;
	RTS_EXPECT(chan_try_recv(c, &v) == CHAN_CLOSED && v == 0);
	RTS_EXPECT(chan_recv(c, NULL) == CHAN_CLOSED);
	chan_destroy(c);
}

static void chs_close(const rt_runtime *rt, int workers, const chan_variant *v)
{
	need(v, CHAN_CAP_CLOSE);
	chs_state st = {.v = v};
	rts_run(rt, workers, close_main, &st);
}

/* ---- close wakes every blocked receiver and sender with CHAN_CLOSED */

#define BLOCKED 3 /* receivers, and senders, blocked when close comes */

typedef struct blocked_arg {
	chs_state *st; /* shared                      */
	int index;     /* slot in st->statuses        */
} blocked_arg;

static void closed_receiver(void *p)
{
	blocked_arg *a = p;
	int64_t v;
	atomic_store(&a->st->statuses[a->index], chan_recv_i64(a->st->a, &v));
	rt_wg_done(&a->st->wg);
}

static void closed_sender(void *p)
{
	blocked_arg *a = p;
	atomic_store(&a->st->statuses[a->index], chan_send_i64(a->st->b, a->index));
	rt_wg_done(&a->st->wg);
}

static void close_wakes_main(void *p)
{
	chs_state *st = p;
	blocked_arg args[2 * BLOCKED];
	size_t cap = has(st->v, CHAN_CAP_UNBUFFERED) ? 0 : 1;
	st->a = chan_make(st->v, sizeof(int64_t), cap); /* receivers wait on it (empty) */
	st->b = chan_make(st->v, sizeof(int64_t), cap); /* senders wait on it (full)    */
	RTS_EXPECT(st->a && st->b);
	if (!st->a || !st->b)
		return;
	if (cap)
		RTS_EXPECT(chan_send_i64(st->b, -1) == CHAN_OK);
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, 2 * BLOCKED);
	for (int i = 0; i < 2 * BLOCKED; i++) {
		args[i] = (blocked_arg){.st = st, .index = i};
		atomic_store(&st->statuses[i], 1); /* not a CHAN_* value: "still blocked" */
		RTS_EXPECT(rt_go(i < BLOCKED ? closed_receiver : closed_sender, &args[i]) == 0);
	}
	rt_sleep_ns(PAUSE_NS); /* let them block (correct either way) */
	for (int i = 0; i < 2 * BLOCKED; i++)
		RTS_EXPECT(atomic_load(&st->statuses[i]) == 1);
	RTS_EXPECT(chan_close(st->a) == CHAN_OK);
	RTS_EXPECT(chan_close(st->b) == CHAN_OK);
	rt_wg_wait(&st->wg);
	for (int i = 0; i < 2 * BLOCKED; i++)
		RTS_EXPECT(atomic_load(&st->statuses[i]) == CHAN_CLOSED);
	chan_destroy(st->a);
	chan_destroy(st->b);
}

static void chs_close_wakes(const rt_runtime *rt, int workers, const chan_variant *v)
{
	need(v, CHAN_CAP_CLOSE | CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER);
	chs_state st = {.v = v};
	rts_run(rt, workers, close_wakes_main, &st);
}

/* ---- many producers, many consumers: every value exactly once, FIFO per sender */

#define PRODUCERS 3
#define CONSUMERS 3
#define PER_PROD  4000 /* values per producer: 12,000 messages per run */

typedef struct mpmc_state {
	chs_state base;                          /* v, the channel (a), wg (producers) */
	size_t capacity;                         /* 0 or 16                            */
	rt_waitgroup consumers;                  /* the consumer tasks                 */
	atomic_uchar seen[PRODUCERS * PER_PROD]; /* times each value arrived       */
	atomic_int received;                     /* values received in all             */
	atomic_int order_errors;                 /* a producer's values out of order   */
} mpmc_state;

typedef struct mpmc_arg {
	mpmc_state *st; /* shared          */
	int index;      /* producer index  */
} mpmc_arg;

static void producer(void *p)
{
	mpmc_arg *a = p;
	for (int i = 0; i < PER_PROD; i++)
		RTS_EXPECT(chan_send_i64(a->st->base.a, (int64_t)a->index * PER_PROD + i) ==
		           CHAN_OK);
	rt_wg_done(&a->st->base.wg);
}

static void consumer(void *p)
{
	mpmc_state *st = p;
	int64_t last[PRODUCERS], v;
	for (int i = 0; i < PRODUCERS; i++)
		last[i] = -1;
	while (chan_recv_i64(st->base.a, &v) == CHAN_OK) {
		if (v < 0 || v >= PRODUCERS * PER_PROD) {
			RTS_EXPECT(v >= 0 && v < PRODUCERS * PER_PROD);
			continue;
		}
		int prod = (int)(v / PER_PROD);
		if (v <= last[prod]) /* one consumer sees one producer's values in order */
			atomic_fetch_add(&st->order_errors, 1);
		last[prod] = v;
		atomic_fetch_add(&st->seen[v], 1);
		atomic_fetch_add(&st->received, 1);
	}
	rt_wg_done(&st->consumers);
}

static void mpmc_main(void *p)
{
	mpmc_state *st = p;
	mpmc_arg args[PRODUCERS];
	st->base.a = chan_make(st->base.v, sizeof(int64_t), st->capacity);
	RTS_EXPECT(st->base.a != NULL);
	if (!st->base.a)
		return;
	rt_wg_init(&st->base.wg);
	rt_wg_init(&st->consumers);
	rt_wg_add(&st->consumers, CONSUMERS);
	for (int i = 0; i < CONSUMERS; i++)
		RTS_EXPECT(rt_go(consumer, st) == 0);
	rt_wg_add(&st->base.wg, PRODUCERS);
	for (int i = 0; i < PRODUCERS; i++) {
		args[i] = (mpmc_arg){.st = st, .index = i};
		RTS_EXPECT(rt_go(producer, &args[i]) == 0);
	}
	rt_wg_wait(&st->base.wg);
	RTS_EXPECT(chan_close(st->base.a) == CHAN_OK);
	rt_wg_wait(&st->consumers);
	chan_destroy(st->base.a);
}

static void mpmc(const rt_runtime *rt, int workers, const chan_variant *v, size_t capacity)
{
	need(v, CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER | CHAN_CAP_CLOSE |
	            (capacity ? CHAN_CAP_BUFFERED : CHAN_CAP_UNBUFFERED));
	mpmc_state *st = calloc(1, sizeof *st);
	assert_non_null(st);
	st->base.v = v;
	st->capacity = capacity;
	rts_run(rt, workers, mpmc_main, st);
	int missing = 0, dup = 0;
	for (int i = 0; i < PRODUCERS * PER_PROD; i++) {
		missing += atomic_load(&st->seen[i]) == 0;
		dup += atomic_load(&st->seen[i]) > 1;
	}
	int received = atomic_load(&st->received), order = atomic_load(&st->order_errors);
	free(st);
	assert_int_equal(missing, 0);
	assert_int_equal(dup, 0);
	assert_int_equal(received, PRODUCERS * PER_PROD);
	assert_int_equal(order, 0);
}

static void chs_mpmc_unbuffered(const rt_runtime *rt, int workers, const chan_variant *v)
{
	mpmc(rt, workers, v, 0);
}

static void chs_mpmc_buffered(const rt_runtime *rt, int workers, const chan_variant *v)
{
	mpmc(rt, workers, v, 16);
}

/* ---- the table and the cmocka glue */

const chs_scenario chs_scenarios[] = {
    {"fifo_capacity", chs_fifo},          {"rendezvous", chs_rendezvous},
    {"blocking", chs_blocking},           {"close", chs_close},
    {"close_wakes", chs_close_wakes},     {"mpmc_unbuffered", chs_mpmc_unbuffered},
    {"mpmc_buffered", chs_mpmc_buffered},
};
const int chs_scenario_count = sizeof chs_scenarios / sizeof chs_scenarios[0];

/* What one generated test runs. */
typedef struct chs_case {
	const chs_scenario *s; /* the scenario        */
	const char *variant;   /* variant to find     */
	const char *rt_name;   /* runtime to find     */
	int workers;           /* -t                  */
} chs_case;

static void run_case(void **state)
{
	const chs_case *c = *state;
	const rt_runtime *rt = rt_find(c->rt_name);
	const chan_variant *v = chan_find(c->variant);
	if (!rt || !v)
		fail_msg("runtime %s or variant %s is not registered", c->rt_name, c->variant);
	c->s->fn(rt, c->workers, v);
}

#define MAX_CASES 128 /* 7 scenarios x a few worker counts x a few variants */

static chs_case cases[MAX_CASES]; /* static: they must outlive the test run */
static char names[MAX_CASES][96]; /* "variant/runtime/scenario/t=N"          */
static int ncases;                /* used entries                            */

int chs_add_tests(struct CMUnitTest *tests, int max, const char *variant, const char *rt_name,
                  const int *workers, int nworkers)
{
	int n = 0;
	for (int i = 0; i < chs_scenario_count; i++)
		for (int w = 0; w < nworkers && n < max && ncases < MAX_CASES; w++) {
			chs_case *c = &cases[ncases];
			char *name = names[ncases++];
			*c = (chs_case){.s = &chs_scenarios[i],
			                .variant = variant,
			                .rt_name = rt_name,
			                .workers = workers[w]};
			snprintf(name, sizeof names[0], "%s/%s/%s/t=%d", variant, rt_name,
			         chs_scenarios[i].name, workers[w]);
			tests[n++] = (struct CMUnitTest){
			    .name = name, .test_func = run_case, .initial_state = c};
		}
	return n;
}
