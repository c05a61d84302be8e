/*
 * test_chan_stress.c — every variant x every runtime at 16x-32x oversubscription
 * (32 tasks on 1 or 2 workers): lost wake-ups show as hangs (the watchdog fails
 * the binary), lost, duplicated or reordered messages as failed checks.
 *
 *   mpmc:    16 producers x 16 consumers on one channel (capacities 0, 1, 64);
 *            every message exactly once, FIFO per producer as seen by each
 *            consumer. Variants without several producers/consumers run 16
 *            independent producer/consumer pairs instead (same task count).
 *   close:   16 senders and 16 receivers parked on one channel, then close: all
 *            wake, receivers drain what senders managed to send, nothing lost.
 *   select:  16 tasks selecting over sends to 4 channels, 16 over receives from
 *            them (one case per channel), conservation per channel.
 *   destroy: a channel destroyed as soon as its one value (and its close) came,
 *            while the sender may still be finishing (Go's one-shot channel).
 *
 * COROBENCH_TEST_SCALE=N (support/scale.h) divides MSGS and the destroy rounds
 * by N (at least 100 and 30); the task counts, and so the oversubscription, stay.
 */
#include "support/chan_matrix.h"
#include "support/scale.h"

#include <stdlib.h>
#include <string.h>

enum { NTASK = 16, MSGS = 1500 };

static const size_t stress_caps[] = {0, 1, 64};

typedef struct st_ctx {
	const cm_env *env; /* where         */
	size_t cap;        /* capacity      */
} st_ctx;

/* ---- mpmc / pairs */

typedef struct st_task {
	chan *c;             /* channel                                 */
	int id;              /* producer id (sender side)               */
	int nprod;           /* producers feeding this channel          */
	int64_t msgs;        /* messages per producer: MSGS, scaled     */
	unsigned char *seen; /* nprod * MSGS flags (receiver side)      */
	atomic_int *dups;    /* duplicates seen                          */
	rt_waitgroup *wg;    /* done at the end                          */
} st_task;

static void st_producer(void *arg)
{
	st_task *t = arg;
	for (int64_t i = 0; i < t->msgs; i++)
		RTS_EXPECT(chan_send_i64(t->c, ((int64_t)t->id << 32) | i) == CHAN_OK);
	rt_wg_done(t->wg);
}

static void st_consumer(void *arg)
{
	st_task *t = arg;
	int64_t *last = malloc(sizeof(int64_t) * (size_t)t->nprod), v;
	for (int i = 0; i < t->nprod; i++)
		last[i] = -1;
	while (chan_recv_i64(t->c, &v) == CHAN_OK) {
		int who = (int)(v >> 32) - t->id;
		int64_t seq = v & 0xffffffff;
		if (who < 0 || who >= t->nprod || seq >= MSGS) {
			RTS_EXPECT(!"message from nowhere");
			continue;
		}
		RTS_EXPECT(seq > last[who]); /* FIFO per producer */
		last[who] = seq;
		if (__atomic_exchange_n(&t->seen[who * MSGS + seq], 1, __ATOMIC_RELAXED))
			atomic_fetch_add(t->dups, 1);
	}
	free(last);
	rt_wg_done(t->wg);
}

static void mpmc_main(void *arg)
{
	st_ctx *x = arg;
	const chan_variant *v = x->env->v;
	bool shared = cm_has(v, CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER);
	int nchan = shared ? 1 : NTASK;
	int per = shared ? NTASK : 1; /* producers per channel */
	chan *cs[NTASK];
	for (int i = 0; i < nchan; i++)
		if (!(cs[i] = cm_make(v, 8, x->cap)))
			return;
	unsigned char *seen = calloc(NTASK * MSGS, 1);
	atomic_int dups = 0;
	rt_waitgroup prod, cons;
	rt_wg_init(&prod);
	rt_wg_init(&cons);
	st_task p[NTASK], q[NTASK];
	int64_t msgs = ts_iters(MSGS, 100);
	for (int i = 0; i < NTASK; i++) {
		int ch = shared ? 0 : i;
		int base = shared ? 0 : i; /* first producer id on this channel */
		p[i] = (st_task){.c = cs[ch], .id = i, .msgs = msgs, .wg = &prod};
		q[i] = (st_task){.c = cs[ch],
		                 .id = base,
		                 .nprod = per,
		                 .seen = seen + (size_t)base * MSGS,
		                 .dups = &dups,
		                 .wg = &cons};
	}
	cm_spawn_n(&cons, NTASK, st_consumer, q, sizeof q[0]);
	cm_spawn_n(&prod, NTASK, st_producer, p, sizeof p[0]);
	rt_wg_wait(&prod);
	for (int i = 0; i < nchan; i++)
		RTS_EXPECT(chan_close(cs[i]) == CHAN_OK);
	rt_wg_wait(&cons);
	RTS_EXPECT(atomic_load(&dups) == 0);
	int missing = 0;
	for (int i = 0; i < NTASK; i++)
		for (int64_t k = 0; k < msgs; k++)
			missing += !seen[i * MSGS + k];
	RTS_EXPECT(missing == 0);
	free(seen);
	for (int i = 0; i < nchan; i++)
		chan_destroy(cs[i]);
}

static void for_stress_caps(const cm_env *env, rt_fn fn)
{
	int ran = 0;
	for (size_t i = 0; i < sizeof stress_caps / sizeof stress_caps[0]; i++) {
		if (!cm_has(env->v, cm_caps_for_capacity(stress_caps[i])))
			continue;
		cm_run(env, fn, &(st_ctx){.env = env, .cap = stress_caps[i]});
		ran++;
	}
	if (!ran)
		skip();
}

static void sc_mpmc(const cm_env *env)
{
	for_stress_caps(env, mpmc_main);
}

/* ---- close with everyone parked */

typedef struct cl_task {
	chan *c;          /* channel                                   */
	bool sender;      /* sends until closed, else receives          */
	int64_t moved;    /* values sent OK / received                  */
	int64_t sum;      /* their sum                                  */
	rt_waitgroup *wg; /* done at the end                            */
} cl_task;

static void cl_worker(void *arg)
{
	cl_task *t = arg;
	int64_t v = 1;
	if (t->sender) {
		while (chan_send_i64(t->c, v) == CHAN_OK) {
			t->moved++;
			t->sum += v++;
		}
	} else {
		while (chan_recv_i64(t->c, &v) == CHAN_OK) {
			t->moved++;
			t->sum += v;
			if (t->moved % 64 == 0)
				rt_sleep_ns(50000); /* let senders pile up */
		}
	}
	rt_wg_done(t->wg);
}

static void close_main(void *arg)
{
	st_ctx *x = arg;
	chan *c = cm_make(x->env->v, 8, x->cap);
	if (!c)
		return;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	cl_task t[2 * NTASK];
	for (int i = 0; i < 2 * NTASK; i++)
		t[i] = (cl_task){.c = c, .sender = i < NTASK, .wg = &wg};
	cm_spawn_n(&wg, 2 * NTASK, cl_worker, t, sizeof t[0]);
	rt_sleep_ns(5000000); /* everyone busy or parked */
	RTS_EXPECT(chan_close(c) == CHAN_OK);
	rt_wg_wait(&wg);
	int64_t sent = 0, recvd = 0, ssum = 0, rsum = 0;
	for (int i = 0; i < 2 * NTASK; i++) {
		if (t[i].sender) {
			sent += t[i].moved;
			ssum += t[i].sum;
		} else {
			recvd += t[i].moved;
			rsum += t[i].sum;
		}
	}
	RTS_EXPECT(sent == recvd && ssum == rsum);
	chan_destroy(c);
}

static void sc_close(const cm_env *env)
{
	for_stress_caps(env, close_main);
}

/* ---- select over 4 channels, 16 senders and 16 receivers */

enum { SEL_MSGS = 400 };

typedef struct sel_task {
	chan **cs;          /* the 4 channels                  */
	bool sender;        /* sends (else receives)           */
	atomic_long *count; /* per channel: sent - received    */
	rt_waitgroup *wg;   /* done at the end                 */
} sel_task;

static void sel_worker(void *arg)
{
	sel_task *t = arg;
	for (int i = 0; i < SEL_MSGS; i++) {
		int64_t v[4] = {1, 1, 1, 1};
		chan_case cs[4];
		for (int k = 0; k < 4; k++)
			cs[k] = (chan_case){.ch = t->cs[k], .send = t->sender, .elem = &v[k]};
		int k = chan_select(cs, 4, true);
		RTS_EXPECT(k >= 0 && k < 4 && cs[k].status == CHAN_OK);
		if (k >= 0 && k < 4)
			atomic_fetch_add(&t->count[k], t->sender ? 1 : -1);
	}
	rt_wg_done(t->wg);
}

static void select_main(void *arg)
{
	st_ctx *x = arg;
	chan *cs[4];
	for (int k = 0; k < 4; k++)
		if (!(cs[k] = cm_make(x->env->v, 8, x->cap)))
			return;
	atomic_long count[4] = {0};
	rt_waitgroup wg;
	rt_wg_init(&wg);
	sel_task t[2 * NTASK];
	for (int i = 0; i < 2 * NTASK; i++)
		t[i] = (sel_task){.cs = cs, .sender = i % 2 == 0, .count = count, .wg = &wg};
	cm_spawn_n(&wg, 2 * NTASK, sel_worker, t, sizeof t[0]);
	rt_wg_wait(&wg);
	int64_t v;
	for (int k = 0; k < 4; k++) {
		RTS_EXPECT(atomic_load(&count[k]) == 0); /* as many received as sent */
		RTS_EXPECT(chan_try_recv(cs[k], &v) == CHAN_WOULDBLOCK);
		chan_destroy(cs[k]);
	}
}

static void sc_select(const cm_env *env)
{
	for_stress_caps(env, select_main);
}

/* ---- destroy right after the value (or the close) arrived: what Go code does
 * with a one-shot channel (and the fib workload). The sender may still be
 * finishing its send or close when main destroys; ASan catches a touch after
 * the free. */

typedef struct once_task {
	chan *c;          /* the one-shot channel                 */
	bool close;       /* close after sending                  */
	rt_waitgroup *wg; /* done at the end                      */
} once_task;

static void once_sender(void *arg)
{
	once_task *t = arg;
	RTS_EXPECT(chan_send_i64(t->c, 42) == CHAN_OK);
	if (t->close)
		RTS_EXPECT(chan_close(t->c) == CHAN_OK);
	rt_wg_done(t->wg);
}

static void destroy_main(void *arg)
{
	st_ctx *x = arg;
	bool can_close = cm_has(x->env->v, CHAN_CAP_CLOSE);
	rt_waitgroup wg;
	rt_wg_init(&wg);
	long rounds = ts_iters(300, 30); /* a new task per round: pthread creations */
	once_task *t = calloc((size_t)rounds, sizeof *t);
	for (long i = 0; i < rounds; i++) {
		chan *c = cm_make(x->env->v, 8, x->cap);
		if (!c)
			break;
		t[i] = (once_task){.c = c, .close = can_close && i % 2, .wg = &wg};
		rt_wg_add(&wg, 1);
		RTS_EXPECT(rt_go(once_sender, &t[i]) == 0);
		int64_t v;
		RTS_EXPECT(chan_recv_i64(c, &v) == CHAN_OK && v == 42);
		if (t[i].close)
			RTS_EXPECT(chan_recv_i64(c, &v) == CHAN_CLOSED);
		chan_destroy(c); /* the sender may not have returned yet */
	}
	rt_wg_wait(&wg);
	free(t);
}

static void sc_destroy(const cm_env *env)
{
	for_stress_caps(env, destroy_main);
}

static const cm_scenario scenarios[] = {
    {"destroy_after_recv", 0, sc_destroy},
    {"mpmc_oversubscribed", CHAN_CAP_CLOSE, sc_mpmc},
    {"close_with_parked", CHAN_CAP_CLOSE | CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER,
     sc_close},
    {"select_oversubscribed", CHAN_CAP_SELECT | CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER,
     sc_select},
};

int main(void)
{
	static const int workers[] = {1, 2};
	enum { MAX = 256 };
	static struct CMUnitTest tests[MAX];
	int n =
	    cm_add_tests(tests, MAX, scenarios, sizeof scenarios / sizeof scenarios[0], workers, 2);
	rts_watchdog(300);
	return _cmocka_run_group_tests("chan_stress", tests, (size_t)n, NULL, NULL);
}
