/*
 * sieve.c — the classic concurrent prime sieve of Go's documentation: a chain of
 * K filter tasks, each blocked on the previous one; scheduler locality along a
 * long pipeline of unbuffered hand-offs.
 *
 * Definition (docs/WORKLOADS.md): a generator sends 2, 3, 4, ... on an unbuffered
 * channel; main receives a prime, records it, spawns filter(in, out, prime) (loop
 * `i = recv(in); if i % prime: send(out, i)`) on a new unbuffered channel and
 * continues from that channel, until K primes. Answer: p_K (p_2000 == 17389), and
 * every prime on the way, against a plain sieve of Eratosthenes run in setup.
 *
 * Parameter n is K. ops = the channel receives needed to deliver 2..p_K: every
 * number i <= p_K is received by the filter of each prime below its smallest prime
 * factor, by the filter of that factor (which drops it), or, for a prime, by main
 * (2,042,625 for K = 2000). setup() counts it exactly; run() does at least that
 * many receives (a few more numbers are in flight when main stops).
 *
 * Timed region: the K primes, then the shutdown, which Go's version leaks but a
 * benchmark that runs repetitions cannot: main sets `stop`, the generator sees it
 * before its next send and closes its channel, each filter drops (never forwards)
 * what it receives once it sees `stop` and forwards the close when its input is
 * drained, main drains the last channel until closed and waits for every task.
 *
 * Why filters drop after `stop`: when main stops receiving, every filter may hold
 * one number it is sending, and the generator one more. Forwarding them all the
 * way down would cost up to ~K^2/2 extra hand-offs, scheduling-dependent (measured
 * at K = 2000: 137k-1.23M receives beyond the 2.04M that ops() counts, overstating
 * ns/op by 7-60%). Dropping moves each held number at most one hop: the shutdown
 * costs at most ~2K hand-offs (one held number and one close per link), 0.2% of
 * ops at K = 2000 and ~3% at the quick K = 100. K filters plus the generator are
 * alive at the end, so a runtime holding fewer live tasks runs the largest K that
 * fits (row marked reduced).
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "wl_define.h"
#include "wl_fault.h"
#include "wl_setup.h"
#include "workload.h"

typedef struct sieve sieve;

typedef struct sieve_filter {
	sieve *s;          /* the run                                 */
	chan *in, *out;    /* from the previous stage, onward         */
	int64_t prime;     /* the prime this filter removes           */
	uint64_t received; /* receives it did, stored when it returns */
} sieve_filter;

struct sieve {
	int64_t k;             /* primes to find (K)                                */
	int64_t *want;         /* the first K primes, from a sequential sieve       */
	uint64_t receives;     /* receives needed to deliver 2..p_K (ops)           */
	int64_t *got;          /* the primes main received, in order                */
	int64_t found;         /* how many main received                            */
	chan **links;          /* K channels: links[0] from the generator           */
	sieve_filter *filters; /* K-1 filter arguments                              */
	atomic_bool stop;      /* main has its K primes: the generator stops         */
	rt_waitgroup exited;   /* generator and filters that returned               */
	wl_fault fault;        /* spawn failure or unexpected channel result, else "" */
};

static const wl_param sieve_params[] = {
    /* quick: every receive is an unbuffered hand-off; K = 100 needs 5,845 of them,
     * 30-350 ms on pthreads (5-60 us each), ~1 ms on gmp. (K = 2000: 2,042,625.) */
    {"n", "primes to find (K); ops = channel receives to deliver them", 2000, 100, 1, 100000},
};

static void generator(void *arg)
{
	sieve *s = arg;
	for (int64_t i = 2; !atomic_load_explicit(&s->stop, memory_order_relaxed); i++)
		if (chan_send(s->links[0], &i) != CHAN_OK)
			break;
	chan_close(s->links[0]);
	rt_wg_done(&s->exited);
}

static void filter(void *arg)
{
	sieve_filter *f = arg;
	int64_t i;
	uint64_t received = 0; /* a local: no shared counter in the hot loop */
	while (chan_recv(f->in, &i) == CHAN_OK) {
		received++;
		if (atomic_load_explicit(&f->s->stop, memory_order_relaxed))
			continue; /* main has its K primes: drain, never forward (header) */
		if (i % f->prime && chan_send(f->out, &i) != CHAN_OK)
			break;
	}
	f->received = received; /* published to main by the wait group */
	chan_close(f->out);
	rt_wg_done(&f->s->exited);
}

/* The first k primes by a sieve of Eratosthenes, and the receive count (ops). */
static bool reference(sieve *s)
{
	int64_t limit = 16; /* p_k < k (ln k + ln ln k) for k >= 6; grow until enough */
	for (;;) {
		char *composite = calloc((size_t)limit + 1, 1);
		if (!composite)
			return false;
		int64_t found = 0;
		for (int64_t i = 2; i <= limit && found < s->k; i++) {
			if (composite[i])
				continue;
			s->want[found++] = i;
			for (int64_t j = i * i; j <= limit; j += i)
				composite[j] = 1;
		}
		free(composite);
		if (found == s->k)
			break;
		limit *= 2;
	}
	/* Number i is received by the filter of every prime below its smallest prime
	 * factor q, then by q's filter (which drops it) or, if i itself is prime, main. */
	int64_t last = s->want[s->k - 1];
	uint64_t total = 0;
	for (int64_t i = 2; i <= last; i++) {
		int64_t j = 0;
		while (j < s->k && s->want[j] < i && i % s->want[j])
			j++;
		total += (uint64_t)j + 1; /* j filters passed, plus the one that took it */
	}
	s->receives = total;
	return true;
}

static void sieve_teardown(void *state)
{
	sieve *s = state;
	if (s->links)
		for (int64_t i = 0; i < s->k; i++)
			wl_chan_free(s->links[i]);
	free(s->links);
	free(s->filters);
	free(s->want);
	free(s->got);
	free(s);
}

static void *sieve_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	if (ctx->params[0] > wl_task_budget(ctx->rt))
		ctx->params[0] = wl_task_budget(ctx->rt); /* K-1 filters + generator live */
	sieve *s = wl_calloc("sieve", sizeof *s, err, errlen);
	if (!s)
		return NULL;
	s->k = ctx->params[0];
	rt_wg_init(&s->exited);
	s->want = calloc((size_t)s->k, sizeof *s->want);
	s->got = calloc((size_t)s->k, sizeof *s->got);
	s->links = calloc((size_t)s->k, sizeof *s->links);
	s->filters = calloc((size_t)s->k, sizeof *s->filters);
	if (!s->want || !s->got || !s->links || !s->filters || !reference(s)) {
		snprintf(err, errlen, "sieve: out of memory");
		sieve_teardown(s);
		return NULL;
	}
	for (int64_t i = 0; i < s->k; i++)
		if (!(s->links[i] = wl_chan_make(ctx, "sieve", sizeof(int64_t), 0, err, errlen))) {
			sieve_teardown(s);
			return NULL;
		}
	return s;
}

static bool start(sieve *s, rt_fn fn, void *arg)
{
	int rc = wl_go(&s->exited, fn, arg);
	if (rc == 0)
		return true;
	wl_fault_set(&s->fault, "cannot spawn a task (error %d)", rc);
	return false;
}

static void sieve_run(void *state, wl_measure *m)
{
	sieve *s = state;
	chan *in = s->links[0];
	if (start(s, generator, s)) {
		for (int64_t k = 0; k < s->k; k++) {
			int64_t p;
			if (chan_recv(in, &p) != CHAN_OK) {
				wl_fault_set(&s->fault, "the chain closed early");
				break;
			}
			s->got[s->found++] = p;
			if (k + 1 == s->k)
				break;
			sieve_filter *f = &s->filters[k];
			*f = (sieve_filter){.s = s, .in = in, .out = s->links[k + 1], .prime = p};
			if (!start(s, filter, f))
				break;
			in = f->out;
		}
	}
	/* Shutdown: stop the generator, let the close run down the chain, drain it. */
	atomic_store(&s->stop, true);
	if (s->found < s->k) /* a fault left the chain cut: close from the front too */
		chan_close(s->links[0]);
	uint64_t drained = 0;
	while (chan_recv(in, NULL) == CHAN_OK)
		drained++;
	rt_wg_wait(&s->exited);
	/* What the timed region did beyond ops(): numbers above p_K already in the
	 * chain when main stopped, plus the shutdown (header). Shown, not hidden. */
	uint64_t done = (uint64_t)s->found + drained;
	for (int64_t k = 0; k + 1 < s->found; k++)
		done += s->filters[k].received;
	m->metric(m, "receives_beyond_ops", (double)done - (double)s->receives);
}

static bool sieve_verify(void *state, char *why, size_t whylen)
{
	sieve *s = state;
	if (wl_fault_report(&s->fault, "sieve", why, whylen))
		return false;
	for (int64_t i = 0; i < s->k; i++)
		if (i >= s->found || s->got[i] != s->want[i]) {
			snprintf(why, whylen,
			         "sieve: prime #%" PRId64 " is %" PRId64 ", want %" PRId64, i + 1,
			         i < s->found ? s->got[i] : -1, s->want[i]);
			return false;
		}
	return true;
}

static void sieve_corrupt(void *state)
{
	sieve *s = state;
	s->got[s->k - 1] += 2; /* an odd number that is not the K-th prime */
}

static const wl_def sieve_def = {
    .name = "sieve",
    .description = "Go's concurrent prime sieve: a chain of K filter tasks finds K primes",
    .uses_chan = true,
    .chan_caps = CHAN_CAP_UNBUFFERED | CHAN_CAP_CLOSE,
    .setup = sieve_setup,
    .run = sieve_run,
    .verify = sieve_verify,
    .teardown = sieve_teardown,
    .ops_field = WL_FIELD(sieve, receives),
    .corrupt = sieve_corrupt,
};
WL_DEFINE(sieve_def, sieve_params)
