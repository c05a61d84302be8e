/*
 * select.c — the cost of a select over ready channels, against a plain receive.
 *
 * Definition: K channels of capacity 1024 (K = the `cases` parameter), each fed
 * by its own producer task; producer k sends its share of 0..N-1 (N/K values,
 * the last takes the remainder). Main receives N values with chan_select over
 * the K receive cases. cases=0 is the baseline: one channel, one producer, and
 * main receives with a plain chan_recv. Producers keep their channels full (they
 * block when the buffer is), so a select mostly finds every case ready, which is
 * what the goal is about ("select over two ready channels costs at most
 * twice a plain receive": compare cases=2 with cases=0 in one run).
 * Answer: sum == N(N-1)/2 over exactly N values. n = N messages (ns/op is per
 * received message, producer side included in both modes).
 *
 * Channels are not closed: main stops after N values (a closed case would be
 * "ready" forever and turn the tail of the run into a busy loop), then waits for
 * the producers. Timed region: spawning the producers through their return.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_check.h"
#include "wl_define.h"
#include "wl_fault.h"
#include "wl_setup.h"
#include "workload.h"

#define SELECT_CAPACITY 1024 /* as spsc/mpmc: deep enough to batch wake-ups */
#define MAX_CASES       8

typedef struct sel_state sel_state;

/* One producer: its channel and its range of values. */
typedef struct feeder {
	sel_state *s;     /* the workload                  */
	chan *ch;         /* its channel                   */
	int64_t from, to; /* sends from..to-1              */
} feeder;

struct sel_state {
	int64_t n;              /* messages                                  */
	int cases;              /* 0: plain recv; K: select over K channels  */
	int nchan;              /* channels (max(1, cases))                  */
	feeder feed[MAX_CASES]; /* producers                                 */
	int64_t sum;            /* what main summed                          */
	int64_t received;       /* values main received                      */
	rt_waitgroup exited;    /* producers returned                        */
	wl_fault fault;         /* an unexpected channel result              */
};

static const wl_param select_params[] = {
    /* quick: like spsc's 100,000 messages: 10 ms typical on pthreads, ~5 ms on gmp */
    {"n", "messages (N)", 10000000, 100000, 1, 3000000000},
    {"cases", "receive cases per select (0: plain chan_recv on one channel)", 2, 2, 0, MAX_CASES},
};

static void feed(void *arg)
{
	feeder *f = arg;
	for (int64_t v = f->from; v < f->to; v++)
		if (chan_send(f->ch, &v) != CHAN_OK) {
			wl_fault_set(&f->s->fault, "producer: send %" PRId64 " failed", v);
			break;
		}
	rt_wg_done(&f->s->exited);
}

static void select_teardown(void *state)
{
	sel_state *s = state;
	for (int k = 0; k < s->nchan; k++)
		wl_chan_free(s->feed[k].ch);
	free(s);
}

static void *select_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	sel_state *s = wl_calloc("select", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->n = ctx->params[0];
	s->cases = (int)ctx->params[1];
	s->nchan = s->cases ? s->cases : 1;
	rt_wg_init(&s->exited);
	int64_t share = s->n / s->nchan;
	for (int k = 0; k < s->nchan; k++) {
		feeder *f = &s->feed[k];
		f->s = s;
		f->from = k * share;
		f->to = k == s->nchan - 1 ? s->n : (k + 1) * share;
		f->ch = wl_chan_make(ctx, "select", sizeof(int64_t), SELECT_CAPACITY, err, errlen);
		if (!f->ch) {
			select_teardown(s);
			return NULL;
		}
	}
	return s;
}

/* After a fault: closing the channels makes every producer still blocked in a send
 * return (CHAN_CLOSED), so run() can wait for them before teardown frees what they
 * use. A producer that sees the close records nothing new: the first fault stays. */
static void stop_producers(sel_state *s, int started)
{
	for (int k = 0; k < started; k++)
		chan_close(s->feed[k].ch);
	rt_wg_wait(&s->exited);
}

static void select_run(void *state, wl_measure *m)
{
	(void)m;
	sel_state *s = state;
	int64_t v, sum = 0, got = 0;
	for (int k = 0; k < s->nchan; k++) {
		int rc = wl_go(&s->exited, feed, &s->feed[k]);
		if (rc != 0) {
			wl_fault_set(&s->fault, "cannot spawn producer %d (error %d)", k, rc);
			stop_producers(s, k);
			return;
		}
	}
	if (s->cases == 0) {
		for (; got < s->n; got++) {
			if (chan_recv(s->feed[0].ch, &v) != CHAN_OK) {
				wl_fault_set(&s->fault, "recv %" PRId64 " failed", got);
				break;
			}
			sum += v;
		}
	} else {
		chan_case cs[MAX_CASES];
		for (int k = 0; k < s->cases; k++)
			cs[k] = (chan_case){.ch = s->feed[k].ch, .elem = &v};
		for (; got < s->n; got++) {
			int k = chan_select(cs, s->cases, true);
			if (k < 0 || cs[k].status != CHAN_OK) {
				wl_fault_set(&s->fault, "select %" PRId64 " returned %d", got, k);
				break;
			}
			sum += v;
		}
	}
	s->sum = sum;
	s->received = got;
	if (got == s->n)
		rt_wg_wait(&s->exited);
	else
		stop_producers(s, s->nchan);
}

static bool select_verify(void *state, char *why, size_t whylen)
{
	sel_state *s = state;
	if (wl_fault_report(&s->fault, "select", why, whylen))
		return false;
	return wl_check_received("select:", s->n, s->received, s->sum, why, whylen);
}

/* Beyond the declared ranges (called once they passed): each of the K channels
 * needs at least one value, or its producer would have no share of 0..N-1. */
static bool select_check(const int64_t *params, char *err, size_t errlen)
{
	if (params[0] < params[1]) {
		snprintf(err, errlen,
		         "select: n=%" PRId64 " is below cases=%" PRId64
		         " (every channel needs a value)",
		         params[0], params[1]);
		return false;
	}
	return true;
}

static void select_corrupt(void *state)
{
	((sel_state *)state)->sum += 1;
}

static const wl_def select_def = {
    .name = "select",
    .description = "main receives N values by select over K ready channels (K=0: plain recv)",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_BUFFERED | CHAN_CAP_SELECT | CHAN_CAP_CLOSE, /* close: fault path */
    .check = select_check,
    .setup = select_setup,
    .run = select_run,
    .verify = select_verify,
    .teardown = select_teardown,
    .ops_field = WL_FIELD(sel_state, n),
    .corrupt = select_corrupt,
};
WL_DEFINE(select_def, select_params)
