/*
 * mpmc.c — channel throughput under contention: P producers and C consumers on
 * one buffered channel.
 *
 * Definition (docs/WORKLOADS.md): one channel of capacity 1024; producer p sends the
 * integers of [p*N/P, (p+1)*N/P) and C consumers receive until closed, keeping
 * local sums. Main waits for the producers, closes, waits for the consumers.
 * Default P = C = 4. Answer: total == N(N-1)/2 (and exactly N values received).
 * n = N messages.
 *
 * Timed region: spawning all P + C tasks, the N messages, the close, and waiting
 * for every consumer to return.
 *
 * Each consumer's sum sits in its own cache line: consumers on different CPUs
 * writing neighbouring words would add false-sharing misses that belong to the
 * workload, not to the channel under test.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_check.h"
#include "wl_define.h"
#include "wl_fault.h"
#include "wl_setup.h"
#include "workload.h"

#define MPMC_CAPACITY  1024 /* the definition's buffer                            */
#define MPMC_MAX_TASKS 4096 /* per side; far above any sensible contention study */

enum { P_N, P_PRODUCERS, P_CONSUMERS };

typedef struct mpmc mpmc;

typedef struct mpmc_slot {
	mpmc *s;     /* the run                                                   */
	int64_t lo;  /* producer: first value to send; consumer: unused           */
	int64_t hi;  /* producer: one past the last value                          */
	int64_t sum; /* consumer: sum of the values it received                    */
	int64_t got; /* consumer: how many values it received                      */
	char pad[WL_CACHE_LINE - sizeof(mpmc *) - 4 * sizeof(int64_t)]; /* own line */
} mpmc_slot;

struct mpmc {
	chan *ch;                 /* capacity MPMC_CAPACITY                         */
	int64_t n;                /* messages                                        */
	int producers, consumers; /* P, C                                            */
	mpmc_slot *prod, *cons;   /* one slot per task, cache-line aligned           */
	rt_waitgroup prod_done;   /* producers that returned                         */
	rt_waitgroup cons_done;   /* consumers that returned                         */
	int64_t total, received;  /* sums over consumers, after run                 */
	wl_fault fault;           /* an unexpected channel result or spawn error     */
};

static const wl_param mpmc_params[] = {
    /* quick: same reasoning as spsc (100,000 messages: ~10-50 ms on pthreads, where
     * 8 threads share one lock on 2 CPUs; ~3 ms on gmp). */
    {"n", "messages (N)", 10000000, 100000, 1, 3000000000},
    {"producers", "producer tasks (P)", 4, 4, 1, MPMC_MAX_TASKS},
    {"consumers", "consumer tasks (C)", 4, 4, 1, MPMC_MAX_TASKS},
};

static void producer(void *arg)
{
	mpmc_slot *p = arg;
	for (int64_t v = p->lo; v < p->hi; v++)
		if (chan_send(p->s->ch, &v) != CHAN_OK) {
			wl_fault_set(&p->s->fault, "send of %" PRId64 " failed", v);
			break;
		}
	rt_wg_done(&p->s->prod_done);
}

static void consumer(void *arg)
{
	mpmc_slot *c = arg;
	int64_t v, sum = 0, got = 0;
	while (chan_recv(c->s->ch, &v) == CHAN_OK) {
		sum += v;
		got++;
	}
	c->sum = sum;
	c->got = got;
	rt_wg_done(&c->s->cons_done);
}

static void mpmc_teardown(void *state)
{
	mpmc *s = state;
	wl_chan_free(s->ch);
	free(s->prod);
	free(s->cons);
	free(s);
}

static void *mpmc_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	int p = (int)ctx->params[P_PRODUCERS], c = (int)ctx->params[P_CONSUMERS];
	if (!wl_tasks_fit(ctx, p + c, err, errlen, "mpmc: %d producers + %d consumers", p, c))
		return NULL;
	mpmc *s = wl_calloc("mpmc", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->n = ctx->params[P_N];
	s->producers = p;
	s->consumers = c;
	rt_wg_init(&s->prod_done);
	rt_wg_init(&s->cons_done);
	s->prod = wl_alloc_lines(sizeof(mpmc_slot) * (size_t)p);
	s->cons = wl_alloc_lines(sizeof(mpmc_slot) * (size_t)c);
	if (!s->prod || !s->cons) {
		snprintf(err, errlen, "mpmc: out of memory");
		mpmc_teardown(s);
		return NULL;
	}
	s->ch = wl_chan_make(ctx, "mpmc", sizeof(int64_t), MPMC_CAPACITY, err, errlen);
	if (!s->ch) {
		mpmc_teardown(s);
		return NULL;
	}
	for (int i = 0; i < p; i++)
		s->prod[i] = (mpmc_slot){.s = s, .lo = i * s->n / p, .hi = (i + 1) * s->n / p};
	for (int i = 0; i < c; i++)
		s->cons[i] = (mpmc_slot){.s = s};
	return s;
}

/* Spawns count tasks of fn over slots; returns how many started. */
static int spawn_side(mpmc *s, rt_fn fn, mpmc_slot *slots, int count, rt_waitgroup *wg)
{
	for (int i = 0; i < count; i++) {
		int rc = wl_go(wg, fn, &slots[i]);
		if (rc != 0) {
			wl_fault_set(&s->fault, "cannot spawn task %d (error %d)", i, rc);
			return i;
		}
	}
	return count;
}

static void mpmc_run(void *state, wl_measure *m)
{
	(void)m;
	mpmc *s = state;
	/* Consumers first, so producers never start against a channel nobody drains. */
	if (spawn_side(s, consumer, s->cons, s->consumers, &s->cons_done) < s->consumers)
		chan_close(s->ch); /* producers then fail fast instead of filling it forever */
	spawn_side(s, producer, s->prod, s->producers, &s->prod_done);
	rt_wg_wait(&s->prod_done);
	chan_close(s->ch);
	rt_wg_wait(&s->cons_done);
	for (int i = 0; i < s->consumers; i++) {
		s->total += s->cons[i].sum;
		s->received += s->cons[i].got;
	}
}

static bool mpmc_verify(void *state, char *why, size_t whylen)
{
	mpmc *s = state;
	if (wl_fault_report(&s->fault, "mpmc", why, whylen))
		return false;
	return wl_check_received("mpmc: consumers", s->n, s->received, s->total, why, whylen);
}

static void mpmc_corrupt(void *state)
{
	((mpmc *)state)->received -= 1;
}

static const wl_def mpmc_def = {
    .name = "mpmc",
    .description = "P producers and C consumers share one channel of capacity 1024",
    .uses_chan = true,
    .chan_caps =
        CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE | CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER,
    .setup = mpmc_setup,
    .run = mpmc_run,
    .verify = mpmc_verify,
    .teardown = mpmc_teardown,
    .ops_field = WL_FIELD(mpmc, n),
    .corrupt = mpmc_corrupt,
};
WL_DEFINE(mpmc_def, mpmc_params)
