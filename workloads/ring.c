/*
 * ring.c — a token passed around a ring of 503 tasks (the "thread ring" of the
 * Computer Language Benchmarks Game): the cost of one hand-off to a task that has
 * been asleep, with 503 tasks' worth of scheduler state.
 *
 * Definition (docs/WORKLOADS.md): 503 tasks, 503 unbuffered channels. Member i
 * receives from ring[i] and sends to ring[(i+1) % 503]. Main sends the token N into
 * ring[0]; a member receiving t > 0 sends t - 1 on; the member receiving 0 sends its
 * index to main on a `done` channel. Answer: index == N mod 503. n = N hops.
 *
 * Timed region: the N hops only. The 503 members are spawned in setup() and shut
 * down in teardown() (close every link, wait for all members), both outside the
 * clock: creating 503 OS threads costs 13-28 ms on pthreads (26-56 us each here),
 * as much as the 5,000 hops of a --quick run, and would turn "ns per hop" into
 * "ns per hop plus thread creation". With a million hops and coroutines the
 * difference is nil, which is why the definition does not need to say.
 * The ring size is fixed by the definition: a runtime that cannot hold 504 live
 * tasks fails setup with that reason instead of running a different ring.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_fault.h"
#include "wl_setup.h"
#include "workload.h"

#define RING_SIZE 503 /* the benchmark's classic ring: prime, so no aliasing with N */

typedef struct ring ring;

typedef struct ring_member {
	ring *r; /* the ring it belongs to */
	int idx; /* its position, 0..502   */
} ring_member;

struct ring {
	int64_t n;                     /* hops (the token's initial value)          */
	chan *link[RING_SIZE];         /* link[i]: into member i; unbuffered         */
	chan *done;                    /* member holding 0 -> main; unbuffered       */
	ring_member member[RING_SIZE]; /* each member's argument                     */
	int spawned;                   /* members started (== RING_SIZE once set up) */
	rt_waitgroup exited;           /* members that returned                      */
	int64_t winner;                /* index main received on done                */
	wl_fault fault;                /* an unexpected channel result, else ""      */
};

static const wl_param ring_params[] = {
    /* quick: every hop wakes a sleeping thread on pthreads, 5-60 us, so 5,000 hops
     * take 25-300 ms; gmp at ~150 ns a hop runs 0.75 ms. */
    {"n", "hops of the token (N)", 10000000, 5000, 1, 100000000000},
};

static void member_main(void *arg)
{
	ring_member *mb = arg;
	ring *r = mb->r;
	chan *in = r->link[mb->idx], *out = r->link[(mb->idx + 1) % RING_SIZE];
	int64_t t;
	while (chan_recv(in, &t) == CHAN_OK) {
		int rc;
		if (t > 0) {
			t--;
			rc = chan_send(out, &t);
		} else {
			int64_t idx = mb->idx;
			rc = chan_send(r->done, &idx);
		}
		if (rc != CHAN_OK) /* CHAN_CLOSED only if teardown closed a faulty run */
			break;
	}
	rt_wg_done(&r->exited);
}

static void ring_teardown(void *state)
{
	ring *r = state;
	for (int i = 0; i < RING_SIZE; i++)
		if (r->link[i])
			chan_close(r->link[i]);
	if (r->done)
		chan_close(r->done);
	rt_wg_wait(&r->exited); /* members parked in recv wake with CHAN_CLOSED */
	for (int i = 0; i < RING_SIZE; i++)
		wl_chan_free(r->link[i]);
	wl_chan_free(r->done);
	free(r);
}

static void *ring_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	if (wl_task_budget(ctx->rt) < RING_SIZE) {
		snprintf(err, errlen, "ring: needs %d live tasks, runtime %s holds at most %zu",
		         RING_SIZE + 1, ctx->rt->name, ctx->rt->max_live_tasks);
		return NULL;
	}
	ring *r = wl_calloc("ring", sizeof *r, err, errlen);
	if (!r)
		return NULL;
	r->n = ctx->params[0];
	rt_wg_init(&r->exited);
	for (int i = 0; i < RING_SIZE; i++)
		if (!(r->link[i] = wl_chan_make(ctx, "ring", sizeof(int64_t), 0, err, errlen)))
			goto fail;
	if (!(r->done = wl_chan_make(ctx, "ring", sizeof(int64_t), 0, err, errlen)))
		goto fail;
	for (int i = 0; i < RING_SIZE; i++) {
		r->member[i] = (ring_member){.r = r, .idx = i};
		int rc = wl_go(&r->exited, member_main, &r->member[i]);
		if (rc != 0) {
			snprintf(err, errlen, "ring: cannot spawn member %d of %d (error %d)", i,
			         RING_SIZE, rc);
			goto fail;
		}
		r->spawned++;
	}
	return r;
fail:
	ring_teardown(r);
	return NULL;
}

static void ring_run(void *state, wl_measure *m)
{
	(void)m;
	ring *r = state;
	if (chan_send(r->link[0], &r->n) != CHAN_OK || chan_recv(r->done, &r->winner) != CHAN_OK)
		wl_fault_set(&r->fault, "the token was lost (a channel reported closed)");
}

static bool ring_verify(void *state, char *why, size_t whylen)
{
	ring *r = state;
	if (wl_fault_report(&r->fault, "ring", why, whylen))
		return false;
	if (r->winner != r->n % RING_SIZE) {
		snprintf(why, whylen, "ring: member %" PRId64 " got the 0 token, want %" PRId64,
		         r->winner, r->n % RING_SIZE);
		return false;
	}
	return true;
}

static void ring_corrupt(void *state)
{
	((ring *)state)->winner += 1;
}

static const wl_def ring_def = {
    .name = "ring",
    .description = "a token passed N hops around 503 tasks on unbuffered channels",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_UNBUFFERED | CHAN_CAP_CLOSE,
    .setup = ring_setup,
    .run = ring_run,
    .verify = ring_verify,
    .teardown = ring_teardown,
    .ops_field = WL_FIELD(ring, n),
    .corrupt = ring_corrupt,
};
WL_DEFINE(ring_def, ring_params)
