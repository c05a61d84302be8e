/*
 * hog.c — Go's PingPongHog: a ping-pong that shares its worker with a task that
 * never yields.
 *
 * Definition (docs/WORKLOADS.md): one task spins on a non-blocking check of a
 * stop flag (no yield, no channel operation: wl_spin.h) while main and a partner
 * bounce a value over two unbuffered channels N times, as in pingpong. Answer:
 * v == N. n = N round trips; every 16th round trip's latency is recorded.
 *
 * Timed region: the partner's spawn, the N round trips, closing the channel and
 * joining the partner. The hog is spawned in setup(), which returns only once it
 * spins, and stopped in teardown(): the round trips compete with it from the
 * first one, and its start-up is not timed.
 *
 * What it shows: at one worker, a runtime that preempts gives the pair and the
 * hog turns (10 ms slices on gmp and Go, where the pair's hand-offs through
 * runnext share one slice; CFS's on threads), so ns/op is about twice pingpong's
 * and the latency histogram's tail is a slice. A runtime that does not preempt
 * never returns from setup(): a watchdog failure whose reason is the hog's report.
 * Below ~10 slices of work (n of ~100,000 on gmp) ns/op mostly reflects the pair's
 * first slice, before the hog's first turn.
 */
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_pair.h"
#include "wl_setup.h"
#include "wl_spin.h"
#include "workload.h"

typedef struct hog {
	wl_pair pair; /* main and its partner              */
	wl_spin spin; /* the hog                            */
} hog;

static const wl_param hog_params[] = {
    /* 1,000,000 round trips (as pingpong): 70-250 ms of the pair's own time on gmp
     * and Go (70-250 ns each), so 7-25 slices each way at one worker; pthreads at
     * one CPU take ~5 s (5 us a round trip past a spinning thread). quick: 100,000,
     * about one slice of the pair on gmp (it shows the hog's turn, not a share). */
    {"n", "round trips (N)", 1000000, 100000, 1, 100000000000},
};

static void hog_teardown(void *state)
{
	hog *s = state;
	wl_spin_stop(&s->spin);
	wl_pair_free(&s->pair);
	free(s);
}

static void *hog_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	hog *s = wl_calloc("hog", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	if (!wl_pair_make(&s->pair, ctx, "hog", ctx->params[0], err, errlen)) {
		hog_teardown(s);
		return NULL;
	}
	int rc = wl_spin_start(&s->spin, "hog", "the ping-pong", 1);
	if (rc != 0) {
		snprintf(err, errlen, "hog: cannot spawn the hog (error %d)", rc);
		hog_teardown(s);
		return NULL;
	}
	return s;
}

static void hog_run(void *state, wl_measure *m)
{
	hog *s = state;
	wl_pair_run(&s->pair, m, true, &s->spin);
}

static bool hog_verify(void *state, char *why, size_t whylen)
{
	return wl_pair_verify(&((hog *)state)->pair, "hog", why, whylen);
}

static void hog_corrupt(void *state)
{
	((hog *)state)->pair.v += 1;
}

static const wl_def hog_def = {
    .name = "hog",
    .description = "ping-pong beside a task that never yields (Go's PingPongHog)",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_UNBUFFERED | CHAN_CAP_CLOSE,
    .records_latency = true,
    .setup = hog_setup,
    .run = hog_run,
    .verify = hog_verify,
    .teardown = hog_teardown,
    .ops_field = WL_FIELD(hog, pair.n),
    .corrupt = hog_corrupt,
};
WL_DEFINE(hog_def, hog_params)
