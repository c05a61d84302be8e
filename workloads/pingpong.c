/*
 * pingpong.c — the cost of one blocking round trip between two tasks.
 *
 * Definition (docs/WORKLOADS.md): two unbuffered channels a, b. A spawned partner
 * loops `v = recv(a); send(b, v + 1)` until a is closed. Main does
 * `send(a, v); v = recv(b)` N times from v = 0. Answer: v == N. n = N round trips.
 *
 * Timed region: spawning the partner, the N round trips, closing a and waiting for
 * the partner to exit (one more hand-off; 1/N of the total).
 *
 * Latency: every 16th round trip (PP_SAMPLE_EVERY) is timed with wl_ticks() and
 * recorded through m->record_ns. A sampled iteration pays two rdtsc reads (~11 ns
 * each here) and the record call; spread over 16 trips that is ~1.5 ns per trip,
 * 0.6% of Go's 258 ns round trip. Sampling by iteration number, not by time, keeps
 * the sample unbiased: slow trips are as likely to be sampled as fast ones. A
 * round trip is closed-loop by nature (the next send waits for the reply), so the
 * sample is exactly what one caller experiences.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_fault.h"
#include "wl_setup.h"
#include "workload.h"

#define PP_SAMPLE_EVERY 16 /* power of two: the test is one AND */

typedef struct pingpong {
	chan *a, *b;         /* main -> partner, partner -> main; unbuffered        */
	int64_t n;           /* round trips                                          */
	int64_t v;           /* main's value after the loop: N when all went well    */
	int64_t partner_n;   /* values the partner answered (== N)                   */
	rt_waitgroup exited; /* the partner is done with both channels              */
	wl_fault fault;      /* a runtime/channel error seen during run, else ""     */
} pingpong;

static const wl_param pingpong_params[] = {
    /* quick: a pthread round trip is two futex hand-offs, 11 us on one CPU and up to
     * 120 us across two vCPUs here, so 2,000 trips take 22-240 ms a repetition;
     * gmp (~0.3 us) still runs 0.6 ms, 30,000x the clock's resolution. */
    {"n", "round trips (N)", 1000000, 2000, 1, 100000000000},
};

static void partner(void *arg)
{
	pingpong *s = arg;
	int64_t v;
	while (chan_recv(s->a, &v) == CHAN_OK) {
		s->partner_n++;
		v++;
		if (chan_send(s->b, &v) != CHAN_OK) {
			wl_fault_set(&s->fault, "partner: send on b failed");
			break;
		}
	}
	rt_wg_done(&s->exited);
}

static void pingpong_teardown(void *state);

static void *pingpong_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	pingpong *s = wl_calloc("pingpong", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->n = ctx->params[0];
	rt_wg_init(&s->exited);
	s->a = wl_chan_make(ctx, "pingpong", sizeof(int64_t), 0, err, errlen);
	s->b = s->a ? wl_chan_make(ctx, "pingpong", sizeof(int64_t), 0, err, errlen) : NULL;
	if (!s->b) {
		pingpong_teardown(s);
		return NULL;
	}
	return s;
}

static void pingpong_run(void *state, wl_measure *m)
{
	pingpong *s = state;
	int rc = wl_go(&s->exited, partner, s);
	if (rc != 0) {
		wl_fault_set(&s->fault, "cannot spawn the partner (error %d)", rc);
		return;
	}
	int64_t v = 0;
	for (int64_t i = 0; i < s->n; i++) {
		bool sampled = (i & (PP_SAMPLE_EVERY - 1)) == 0;
		uint64_t t0 = sampled ? wl_ticks() : 0;
		if (chan_send(s->a, &v) != CHAN_OK || chan_recv(s->b, &v) != CHAN_OK) {
			wl_fault_set(&s->fault, "round trip %" PRId64 " failed", i);
			break;
		}
		if (sampled)
			m->record_ns(m, (uint64_t)((double)(wl_ticks() - t0) * m->ns_per_tick));
	}
	s->v = v;
	chan_close(s->a);
	rt_wg_wait(&s->exited);
}

static bool pingpong_verify(void *state, char *why, size_t whylen)
{
	pingpong *s = state;
	if (wl_fault_report(&s->fault, "pingpong", why, whylen))
		return false;
	if (s->v != s->n || s->partner_n != s->n) {
		snprintf(why, whylen,
		         "pingpong: v=%" PRId64 " after %" PRId64
		         " round trips (partner answered %" PRId64 "), want v=%" PRId64,
		         s->v, s->n, s->partner_n, s->n);
		return false;
	}
	return true;
}

static void pingpong_teardown(void *state)
{
	pingpong *s = state;
	wl_chan_free(s->a);
	wl_chan_free(s->b);
	free(s);
}

static void pingpong_corrupt(void *state)
{
	((pingpong *)state)->v += 1;
}

static const wl_def pingpong_def = {
    .name = "pingpong",
    .description = "round trips over two unbuffered channels; round-trip latency histogram",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_UNBUFFERED | CHAN_CAP_CLOSE,
    .records_latency = true,
    .setup = pingpong_setup,
    .run = pingpong_run,
    .verify = pingpong_verify,
    .teardown = pingpong_teardown,
    .ops_field = WL_FIELD(pingpong, n),
    .corrupt = pingpong_corrupt,
};
WL_DEFINE(pingpong_def, pingpong_params)
