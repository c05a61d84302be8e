/*
 * test_chan_history.c — linearizability of every channel variant on every runtime,
 * checked by the history checker (support/chan_history.h) on small random runs;
 * and the checker itself, on hand-written histories it must accept or reject
 * (a checker that accepts everything would make the first half worthless).
 *
 * One random run: a fresh channel of capacity 0, 1, 2 or 4 (those the variant
 * declares); 1-2 producers and 1-2 consumers (as many as the variant declares it
 * can take) each issue 4 random operations (blocking or try_), with random
 * yields in between; the main task closes the channel after a random delay (and
 * sometimes closes it again), which also releases whoever is still blocked.
 * Every operation is recorded with tickets from one atomic counter. 40 runs per
 * capacity and configuration (COROBENCH_TEST_SCALE=N: 40/N, at least 8).
 */
#include "support/chan_history.h"
#include "support/chan_matrix.h"
#include "support/scale.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the checker on hand-written histories */

#define OP(k, t, v, st, a, b)                                                                      \
	(hist_op)                                                                                  \
	{                                                                                          \
		.kind = HIST_##k, .task = t, .value = v, .status = CHAN_##st, .invoke = a,         \
		.ret = b                                                                           \
	}

static bool check_as(const hist_op *ops, int n, size_t cap, bool spurious_try)
{
	char why[512];
	return hist_check(ops, n, cap, spurious_try, why, sizeof why);
}

static bool check(const hist_op *ops, int n, size_t cap)
{
	return check_as(ops, n, cap, false);
}

static void test_checker_accepts(void **state)
{
	(void)state;
	/* sequential buffered send then receive */
	hist_op a[] = {OP(SEND, 0, 1, OK, 1, 2), OP(RECV, 1, 1, OK, 3, 4)};
	assert_true(check(a, 2, 1));
	/* rendezvous: overlapping send and receive */
	hist_op b[] = {OP(SEND, 0, 7, OK, 1, 4), OP(RECV, 1, 7, OK, 2, 3)};
	assert_true(check(b, 2, 0));
	/* FIFO of two senders, the second blocked on the full buffer */
	hist_op c[] = {OP(SEND, 0, 1, OK, 1, 2), OP(SEND, 1, 2, OK, 3, 8), OP(RECV, 2, 1, OK, 4, 5),
	               OP(RECV, 2, 2, OK, 6, 7)};
	assert_true(check(c, 4, 1));
	/* a blocked sender released by close */
	hist_op d[] = {OP(SEND, 0, 1, CLOSED, 1, 4), OP(CLOSE, 1, 0, OK, 2, 3)};
	assert_true(check(d, 2, 0));
	/* buffered values drain after close, then closed */
	hist_op e[] = {OP(SEND, 0, 1, OK, 1, 2), OP(CLOSE, 0, 0, OK, 3, 4),
	               OP(RECV, 1, 1, OK, 5, 6), OP(RECV, 1, 0, CLOSED, 7, 8),
	               OP(CLOSE, 1, 0, CLOSED, 9, 10)};
	assert_true(check(e, 5, 2));
	/* a full buffer: the blocked sender's value moves into the freed slot */
	hist_op f[] = {OP(SEND, 0, 1, OK, 1, 2),
	               OP(SEND, 0, 2, OK, 3, 9),
	               OP(TRY_SEND, 1, 3, WOULDBLOCK, 4, 5),
	               OP(RECV, 2, 1, OK, 7, 8),
	               OP(RECV, 2, 2, OK, 10, 11),
	               OP(TRY_RECV, 2, 0, WOULDBLOCK, 12, 13)};
	assert_true(check(f, 6, 1));
}

static void test_checker_rejects(void **state)
{
	(void)state;
	/* a value nobody sent */
	hist_op a[] = {OP(SEND, 0, 1, OK, 1, 2), OP(RECV, 1, 5, OK, 3, 4)};
	assert_false(check(a, 2, 1));
	/* FIFO violated */
	hist_op b[] = {OP(SEND, 0, 1, OK, 1, 2), OP(SEND, 0, 2, OK, 3, 4), OP(RECV, 1, 2, OK, 5, 6),
	               OP(RECV, 1, 1, OK, 7, 8)};
	assert_false(check(b, 4, 2));
	/* rendezvous violated: the send returned before any receiver came */
	hist_op c[] = {OP(SEND, 0, 1, OK, 1, 2), OP(RECV, 1, 1, OK, 3, 4)};
	assert_false(check(c, 2, 0));
	/* capacity exceeded */
	hist_op d[] = {OP(SEND, 0, 1, OK, 1, 2), OP(SEND, 0, 2, OK, 3, 4)};
	assert_false(check(d, 2, 1));
	/* send after close succeeded */
	hist_op e[] = {OP(CLOSE, 0, 0, OK, 1, 2), OP(SEND, 1, 1, OK, 3, 4)};
	assert_false(check(e, 2, 4));
	/* closed reported while a value sent before the close was still buffered */
	hist_op f[] = {OP(SEND, 0, 1, OK, 1, 2), OP(CLOSE, 0, 0, OK, 3, 4),
	               OP(RECV, 1, 0, CLOSED, 5, 6)};
	assert_false(check(f, 3, 1));
	/* try_recv found nothing although a value was buffered */
	hist_op g[] = {OP(SEND, 0, 1, OK, 1, 2), OP(TRY_RECV, 1, 0, WOULDBLOCK, 3, 4)};
	assert_false(check(g, 2, 1));
	/* the same value received twice */
	hist_op h[] = {OP(SEND, 0, 1, OK, 1, 2), OP(RECV, 1, 1, OK, 3, 4),
	               OP(RECV, 1, 1, OK, 5, 6)};
	assert_false(check(h, 3, 2));
	/* a blocked sender that "succeeded" though nobody received */
	hist_op i[] = {OP(SEND, 0, 1, OK, 1, 4), OP(CLOSE, 1, 0, OK, 2, 3)};
	assert_false(check(i, 2, 0));
	/* try_send refused with room in the buffer */
	hist_op j[] = {OP(TRY_SEND, 0, 1, WOULDBLOCK, 1, 2)};
	assert_false(check(j, 1, 1));
	/* double close both succeeded */
	hist_op k[] = {OP(CLOSE, 0, 0, OK, 1, 2), OP(CLOSE, 1, 0, OK, 3, 4)};
	assert_false(check(k, 2, 0));
}

/* The relaxation for variants without CHAN_CAP_EXACT_TRY: a spurious WOULDBLOCK
 * of a try op on an open channel fits, nothing else does. */
static void test_checker_spurious_try(void **state)
{
	(void)state;
	/* try_send refused with room in the buffer; try_recv with a value buffered */
	hist_op j[] = {OP(TRY_SEND, 0, 1, WOULDBLOCK, 1, 2)};
	assert_true(check_as(j, 1, 1, true));
	hist_op g[] = {OP(SEND, 0, 1, OK, 1, 2), OP(TRY_RECV, 1, 0, WOULDBLOCK, 3, 4)};
	assert_true(check_as(g, 2, 1, true));
	/* but never after a close: a try op on a closed channel reports CLOSED */
	hist_op e[] = {OP(CLOSE, 0, 0, OK, 1, 2), OP(TRY_SEND, 1, 1, WOULDBLOCK, 3, 4)};
	assert_false(check_as(e, 2, 1, true));
	/* and two try ops never complete each other on an unbuffered channel: this
	 * history came from faa under qemu before chan_faa.c's send_cell stopped
	 * rendezvousing a try_send with a receiver that was not parked */
	hist_op p[] = {OP(TRY_SEND, 0, 17, OK, 10, 11), OP(TRY_RECV, 1, 17, OK, 6, 19)};
	assert_false(check_as(p, 2, 0, true));
	/* a value nobody sent is still wrong */
	hist_op a[] = {OP(SEND, 0, 1, OK, 1, 2), OP(TRY_RECV, 1, 5, OK, 3, 4)};
	assert_false(check_as(a, 2, 1, true));
}

/* ---- random runs */

enum { RUNS = 40, OPS_PER_TASK = 4, MAX_SIDE = 2 };

typedef struct hr_task {
	hist_log *log;    /* shared history           */
	chan *c;          /* channel                  */
	int id;           /* task number              */
	bool producer;    /* sends (else receives)    */
	uint64_t rng;     /* xorshift state           */
	rt_waitgroup *wg; /* done at the end          */
} hr_task;

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static void maybe_pause(uint64_t *rng)
{
	unsigned r = (unsigned)(xorshift(rng) % 8);
	if (r < 2)
		rt_yield();
	else if (r == 2)
		rt_sleep_ns(20000);
}

static void hr_worker(void *arg)
{
	hr_task *t = arg;
	for (int k = 0; k < OPS_PER_TASK; k++) {
		maybe_pause(&t->rng);
		bool try = xorshift(&t->rng) % 10 < 3;
		uint64_t at = hist_tick(t->log);
		if (t->producer) {
			int64_t v = t->id * 16 + k;
			int st = try ? chan_try_send(t->c, &v) : chan_send(t->c, &v);
			hist_record(t->log, try ? HIST_TRY_SEND : HIST_SEND, t->id, v, st, at);
		} else {
			int64_t v = -1;
			int st = try ? chan_try_recv(t->c, &v) : chan_recv(t->c, &v);
			hist_record(t->log, try ? HIST_TRY_RECV : HIST_RECV, t->id, v, st, at);
		}
	}
	rt_wg_done(t->wg);
}

typedef struct hr_ctx {
	const cm_env *env; /* where                       */
	size_t cap;        /* capacity under test         */
	int failures;      /* histories rejected          */
} hr_ctx;

static void hr_main(void *arg)
{
	hr_ctx *x = arg;
	const chan_variant *v = x->env->v;
	int np = cm_has(v, CHAN_CAP_MULTI_PRODUCER) ? MAX_SIDE : 1;
	int nc = cm_has(v, CHAN_CAP_MULTI_CONSUMER) ? MAX_SIDE : 1;
	hist_log *log = malloc(sizeof *log);
	uint64_t rng = 0x9e3779b97f4a7c15ull ^ x->cap;
	long runs = ts_iters(RUNS, 8);
	for (long run = 0; run < runs; run++) {
		hist_init(log);
		chan *c = cm_make(v, 8, x->cap);
		if (!c)
			break;
		rt_waitgroup wg;
		rt_wg_init(&wg);
		hr_task t[2 * MAX_SIDE];
		int n = 0;
		for (int i = 0; i < np + nc; i++, n++)
			t[n] = (hr_task){.log = log,
			                 .c = c,
			                 .id = i + 1,
			                 .producer = i < np,
			                 .rng = xorshift(&rng) | 1,
			                 .wg = &wg};
		cm_spawn_n(&wg, n, hr_worker, t, sizeof t[0]);
		/* close after a random delay: 0-3 yields or a short nap */
		unsigned d = (unsigned)(xorshift(&rng) % 6);
		if (d < 4)
			for (unsigned i = 0; i < d; i++)
				rt_yield();
		else
			rt_sleep_ns(d == 4 ? 50000 : 300000);
		int closes = xorshift(&rng) % 4 == 0 ? 2 : 1;
		for (int i = 0; i < closes; i++) {
			uint64_t at = hist_tick(log);
			hist_record(log, HIST_CLOSE, 0, 0, chan_close(c), at);
		}
		rt_wg_wait(&wg);
		chan_destroy(c);
		int nops = atomic_load(&log->n);
		char why[512];
		bool spurious_try = !(v->caps & CHAN_CAP_EXACT_TRY);
		if (!hist_check(log->ops, nops, x->cap, spurious_try, why, sizeof why)) {
			static char dump[8192];
			hist_format(log->ops, nops, dump, sizeof dump);
			fprintf(stderr, "%s/%s/t=%d: %s\n%s", v->name, x->env->rt->name,
			        x->env->workers, why, dump);
			x->failures++;
		}
	}
	free(log);
	RTS_EXPECT(x->failures == 0);
}

static void sc_history(const cm_env *env)
{
	static const size_t caps[] = {0, 1, 2, 4};
	int ran = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		if (!cm_has(env->v, cm_caps_for_capacity(caps[i])))
			continue;
		hr_ctx x = {.env = env, .cap = caps[i]};
		cm_run(env, hr_main, &x);
		ran++;
	}
	if (!ran)
		skip();
}

static const cm_scenario scenarios[] = {
    {"history", CHAN_CAP_CLOSE, sc_history},
};

int main(void)
{
	static const int workers[] = {1, 2};
	enum { MAX = 256 };
	static struct CMUnitTest tests[MAX];
	int n = 0;
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_checker_accepts);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_checker_rejects);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_checker_spurious_try);
	n += cm_add_tests(tests + n, MAX - n, scenarios, 1, workers, 2);
	rts_watchdog(300);
	return _cmocka_run_group_tests("chan_history", tests, (size_t)n, NULL, NULL);
}
