/*
 * spsc.c — channel throughput with one producer and one consumer.
 *
 * Definition (docs/WORKLOADS.md): one channel of capacity C (default 1024; `cap`:
 * 0 is unbuffered, a rendezvous per message). A spawned producer sends 0..N-1,
 * then closes. Main receives until closed and sums.
 * Answer: sum == N(N-1)/2 (and exactly N values received). n = N messages.
 *
 * Timed region: spawning the producer, the N messages, the close, and waiting for
 * the producer task to return (so teardown may destroy the channel).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_check.h"
#include "wl_define.h"
#include "wl_fault.h"
#include "wl_setup.h"
#include "workload.h"

#define SPSC_MAX_CAPACITY (1 << 20) /* 8 MiB of int64 slots: beyond is a typo */

typedef struct spsc {
	chan *ch;            /* capacity cap (default 1024)                   */
	int64_t n;           /* messages                                      */
	int64_t sum;         /* what main summed                              */
	int64_t received;    /* how many values main received                 */
	rt_waitgroup exited; /* the producer returned                         */
	wl_fault fault;      /* an unexpected channel result or spawn error   */
} spsc;

static const wl_param spsc_params[] = {
    /* quick: buffered messages cost ~0.1 us on pthreads when neither side sleeps,
     * but up to one 5-60 us wake-up per message when the consumer keeps draining
     * the buffer empty; 100,000 messages are 10 ms typical, 6 s at that worst;
     * gmp (~35 ns) runs 3.5 ms. */
    {"n", "messages (N)", 10000000, 100000, 1, 3000000000},
    /* 1024 by default: deep enough to batch wake-ups; 0 and 1 for the claim
     * that buffering makes channels efficient (docs/CLAIMS.md, C10) */
    {"cap", "channel capacity (0: unbuffered)", 1024, 1024, 0, SPSC_MAX_CAPACITY},
};

static void producer(void *arg)
{
	spsc *s = arg;
	for (int64_t i = 0; i < s->n; i++)
		if (chan_send(s->ch, &i) != CHAN_OK) {
			wl_fault_set(&s->fault, "producer: send %" PRId64 " failed", i);
			break;
		}
	chan_close(s->ch);
	rt_wg_done(&s->exited);
}

static void *spsc_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	spsc *s = wl_calloc("spsc", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->n = ctx->params[0];
	rt_wg_init(&s->exited);
	s->ch = wl_chan_make(ctx, "spsc", sizeof(int64_t), (size_t)ctx->params[1], err, errlen);
	if (!s->ch) {
		free(s);
		return NULL;
	}
	return s;
}

static void spsc_run(void *state, wl_measure *m)
{
	(void)m;
	spsc *s = state;
	int rc = wl_go(&s->exited, producer, s);
	if (rc != 0) {
		wl_fault_set(&s->fault, "cannot spawn the producer (error %d)", rc);
		return;
	}
	int64_t v, sum = 0, got = 0;
	while (chan_recv(s->ch, &v) == CHAN_OK) {
		sum += v;
		got++;
	}
	s->sum = sum;
	s->received = got;
	rt_wg_wait(&s->exited);
}

static bool spsc_verify(void *state, char *why, size_t whylen)
{
	spsc *s = state;
	if (wl_fault_report(&s->fault, "spsc", why, whylen))
		return false;
	return wl_check_received("spsc:", s->n, s->received, s->sum, why, whylen);
}

static void spsc_teardown(void *state)
{
	spsc *s = state;
	wl_chan_free(s->ch);
	free(s);
}

static void spsc_corrupt(void *state)
{
	((spsc *)state)->sum -= 1;
}

/* cap = 0 is a rendezvous per message: the variant needs unbuffered channels. */
static unsigned spsc_caps(const int64_t *params)
{
	return (params[1] ? CHAN_CAP_BUFFERED : CHAN_CAP_UNBUFFERED) | CHAN_CAP_CLOSE;
}

static const wl_def spsc_def = {
    .name = "spsc",
    .description = "one producer sends N integers to main over a channel of capacity cap (1024)",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE,
    .chan_caps_for = spsc_caps,
    .setup = spsc_setup,
    .run = spsc_run,
    .verify = spsc_verify,
    .teardown = spsc_teardown,
    .ops_field = WL_FIELD(spsc, n),
    .corrupt = spsc_corrupt,
};
WL_DEFINE(spsc_def, spsc_params)
