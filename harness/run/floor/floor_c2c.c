/*
 * floor_c2c.c — floor-c2c: a cache line bounced between two threads pinned to
 * two PUs, the floor under every cross-core hand-off (`corobench c2c`'s
 * protocol, harness/machine/c2c.h, as a configuration of the run).
 *
 * Definition (docs/WORKLOADS.md, "Floors"): one line (128-byte aligned and
 * padded: Intel's adjacent-line prefetcher pulls pairs of lines) holds a
 * sequence number. Main stores 2k+1 and spins until it reads 2k+2; the responder
 * on the other PU spins until it reads 2k+1 and stores 2k+2. Plain loads in the
 * spins, no PAUSE (~140 cycles on Skylake and later: it would be measured). n =
 * round trips: the line goes there and back, pingpong's op; c2c.csv's figures
 * are half of one (RTT/2).
 *
 * Latency: every 64th round trip (FC_SAMPLE_EVERY) is timed with wl_ticks() and
 * recorded (latency/, as pingpong's round trips): two cycle-clock reads, ~11 ns
 * each on this KVM guest, per 64 trips of 250 ns and more: ~0.1% (every 16th, as
 * pingpong, would cost ~0.5%). A spinning side that loses its CPU (another process,
 * the hypervisor) stalls the round trip for a time slice: ns/op (elapsed / n) takes
 * the stall in whole, the sampled percentiles keep it in the tail, as `corobench
 * c2c`'s minimum and median of 100-trip samples do.
 *
 * Timed region: the n round trips and joining the responder. It is created in
 * setup on worker 1's PU and is spinning before run() starts. A side that sees
 * no answer for 10 s (a PU taken away, a stopped thread) gives up; the
 * repetition then fails its answer check with the reason, never hangs.
 */
#include "floor.h"
#include "floor_rt.h"

#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FC_GONE_NS      10000000000ull /* 10 s without an answer: the other side is gone */
#define FC_SAMPLE_EVERY 64             /* power of two: the test is one AND         */

typedef struct floor_c2c {
	_Alignas(128) atomic_uint_fast64_t seq; /* 2k+1: ping k; 2k+2: pong k     */
	char pad[128 - sizeof(atomic_uint_fast64_t)];
	int64_t n;           /* round trips                                        */
	int64_t answered;    /* round trips the responder answered                 */
	int64_t trips;       /* round trips main completed                         */
	atomic_bool ready;   /* the responder runs on its PU                       */
	atomic_bool abort;   /* a side gave up: the other stops                    */
	pthread_t responder; /* the responder thread                               */
	bool joined;         /* run() joined it                                    */
} floor_c2c;
_Static_assert(sizeof(floor_c2c) % 128 == 0, "aligned_alloc needs a multiple of the alignment");

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Spins until the line reads `want`; false on abort or after FC_GONE_NS. The
 * clock is read once per 65536 spins (>= 65 us), never on the fast path. */
static bool fc_wait(floor_c2c *s, uint64_t want)
{
	uint64_t since = 0;
	for (uint32_t spins = 1;; spins++) {
		if (atomic_load_explicit(&s->seq, memory_order_acquire) == want)
			return true;
		if ((spins & 0xffff) == 0) {
			uint64_t t = now_ns();
			if (!since)
				since = t;
			if (atomic_load(&s->abort) || t - since > FC_GONE_NS) {
				atomic_store(&s->abort, true);
				return false;
			}
		}
	}
}

static void *fc_responder(void *arg)
{
	floor_c2c *s = arg;
	atomic_store(&s->ready, true);
	for (int64_t k = 0; k < s->n; k++) {
		if (!fc_wait(s, 2 * (uint64_t)k + 1))
			return NULL;
		atomic_store_explicit(&s->seq, 2 * (uint64_t)k + 2, memory_order_release);
		s->answered++;
	}
	return NULL;
}

static void *fc_setup(wl_ctx *ctx, char *err, size_t errlen)
{
	if (floor_workers() < 2) {
		snprintf(err, errlen, "%s: needs two workers on two PUs (got %d)", FLOOR_C2C,
		         floor_workers());
		return NULL;
	}
	floor_c2c *s = aligned_alloc(128, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "%s: out of memory", FLOOR_C2C);
		return NULL;
	}
	memset(s, 0, sizeof *s);
	s->n = ctx->params[0];
	int rc = floor_thread_start(&s->responder, fc_responder, s, 1);
	if (rc) {
		snprintf(err, errlen, "%s: cannot start the responder thread: %s", FLOOR_C2C,
		         strerror(rc));
		free(s);
		return NULL;
	}
	while (!atomic_load(&s->ready))
		sched_yield();
	return s;
}

static void fc_run(void *state, wl_measure *m)
{
	floor_c2c *s = state;
	for (int64_t k = 0; k < s->n; k++) {
		bool sampled = (k & (FC_SAMPLE_EVERY - 1)) == 0;
		uint64_t t0 = sampled ? wl_ticks() : 0;
		atomic_store_explicit(&s->seq, 2 * (uint64_t)k + 1, memory_order_release);
		if (!fc_wait(s, 2 * (uint64_t)k + 2))
			break;
		s->trips++;
		if (sampled)
			m->record_ns(m, (uint64_t)((double)(wl_ticks() - t0) * m->ns_per_tick));
	}
	pthread_join(s->responder, NULL);
	s->joined = true;
}

static bool fc_verify(void *state, char *why, size_t whylen)
{
	floor_c2c *s = state;
	if (s->trips != s->n || s->answered != s->n) {
		snprintf(why, whylen,
		         "%s: %" PRId64 " of %" PRId64 " round trips completed (%" PRId64
		         " answered)%s",
		         FLOOR_C2C, s->trips, s->n, s->answered,
		         atomic_load(&s->abort) ? ": a side saw no answer for 10 s" : "");
		return false;
	}
	return true;
}

static uint64_t fc_ops(void *state)
{
	return (uint64_t)((floor_c2c *)state)->n;
}

static void fc_teardown(void *state)
{
	floor_c2c *s = state;
	if (!s->joined) { /* run() not called (execute.h says it always is): stop it */
		atomic_store(&s->abort, true);
		pthread_join(s->responder, NULL);
	}
	free(s);
}

/* 250-300 ns a round trip between the two vCPUs of the development KVM guest
 * (WORKLOADS.md: ~100 ns one way on the reference machine), 50-200 ns on bare
 * metal: 2,000,000 take 0.1-0.6 s, the quick 50,000 (floor.c) 3-15 ms. */
static const wl_param fc_params[] = {
    {"n", "round trips of the line", 2000000, 100000, 1, 100000000000},
};

const workload floor_c2c_wl = {
    .name = FLOOR_C2C,
    .description = "cache line bounced between two pinned threads (c2c); ns per round trip",
    .params = fc_params,
    .nparams = 1,
    .records_latency = true,
    .setup = fc_setup,
    .run = fc_run,
    .verify = fc_verify,
    .ops = fc_ops,
    .teardown = fc_teardown,
};
