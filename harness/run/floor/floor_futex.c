/*
 * floor_futex.c — floor-futex and floor-futex-handoff: a futex ping-pong between
 * two raw threads, the floor under every blocking hand-off between OS threads.
 *
 * Definition (docs/WORKLOADS.md, "Floors"): two threads, a word each on its own
 * cache line, three states. post(w): exchange POSTED, and FUTEX_WAKE only when
 * the owner was SLEEPING. wait(w): CAS IDLE -> SLEEPING, FUTEX_WAIT while it
 * reads SLEEPING, back to IDLE. The protocol a careful C programmer writes, and
 * the pthread runtime's own park/ready without its adaptive spin
 * (runtimes/pthread/pt_park.c); tests/test_pt_floor.c measures the same one.
 * Main does post(partner); wait(main) n times; the partner wait(partner);
 * post(main) n times. n = round trips (pingpong's op).
 *
 * Timed region: the n round trips and joining the partner, which exits after
 * its last post (pingpong joins its partner inside its timed region too). The
 * partner is created in setup, confined to worker 1's CPUs (at -t 1 the one CPU
 * main has too), and is asleep on its word before run() starts.
 *
 * The two floors differ only in the threads' scheduling policy:
 *   floor-futex          the process's policy (SCHED_OTHER). On one CPU the
 *                        woken thread preempts its waker at once (wake-up
 *                        preemption), finds its own next post already possible
 *                        and the waker finds its word posted: 2 system calls and
 *                        2 switches per round trip, the kernel's cheapest.
 *   floor-futex-handoff  SCHED_BATCH, which never wake-up-preempts (the pthread
 *                        runtime's policy, docs/THREADS-BASELINE.md): each side
 *                        sleeps in FUTEX_WAIT and is woken by a FUTEX_WAKE once
 *                        per round trip, 4 system calls and 2 switches. A channel
 *                        rendezvous cannot post ahead, so this is the floor of a
 *                        channel hand-off. A process started under another policy
 *                        (chrt -f, -i, -b) keeps it, as the pthread runtime does.
 * Latency: every 16th round trip (FX_SAMPLE_EVERY) is timed with wl_ticks() and
 * recorded, as pingpong samples its round trips (same rate, so latency/ holds two
 * spectra of one op that can be drawn together): two cycle-clock reads, ~11 ns
 * each on this KVM guest, per 16 trips of 1.4 us and more: below 0.1%. Where a
 * tick or another process interrupts a round trip it shows in the tail, while
 * ns/op (elapsed / n) takes it in whole.
 *
 * Each repetition reports metric:futex_calls_per_op (FUTEX_WAKE and FUTEX_WAIT
 * calls of both threads per round trip), so the protocol that actually ran is in
 * the results: a tick can preempt a SCHED_BATCH waker between its post and its
 * wait (then that round trip takes 2 calls), and a SCHED_OTHER waker is not
 * always preempted. Across two CPUs both floors are ~4 calls (the partner sleeps
 * long before the wake-up reaches it).
 */
#include "floor.h"
#include "floor_rt.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { FX_IDLE, FX_POSTED, FX_SLEEPING };

#define FX_SAMPLE_EVERY 16 /* power of two: the test is one AND; pingpong's rate */

/* One side: the word the other side posts to and this side's own counts, on a
 * cache line of their own (the counts are written right after the word was read,
 * while the line is here anyway). */
typedef struct fx_side {
	_Alignas(64) atomic_uint word; /* posted to by the other side       */
	uint64_t calls;                /* futex system calls this side made  */
	int64_t trips;                 /* round trips this side completed    */
} fx_side;

typedef struct floor_futex {
	fx_side side[2];   /* 0: main's, 1: the partner's           */
	int64_t n;         /* round trips                           */
	const char *name;  /* which floor                           */
	pthread_t partner; /* the partner thread                    */
	bool joined;       /* run() joined it                       */
} floor_futex;
_Static_assert(sizeof(floor_futex) % 64 == 0, "aligned_alloc needs a multiple of the alignment");

static void fx_post(atomic_uint *w, uint64_t *calls)
{
	if (atomic_exchange(w, FX_POSTED) == FX_SLEEPING) {
		syscall(SYS_futex, (uint32_t *)w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		++*calls;
	}
}

static void fx_wait(atomic_uint *w, uint64_t *calls)
{
	unsigned expect = FX_IDLE;
	if (atomic_compare_exchange_strong(w, &expect, FX_SLEEPING))
		while (atomic_load(w) == FX_SLEEPING) {
			syscall(SYS_futex, (uint32_t *)w, FUTEX_WAIT_PRIVATE, FX_SLEEPING, NULL,
			        NULL, 0);
			++*calls;
		}
	atomic_store_explicit(w, FX_IDLE, memory_order_relaxed);
}

static void *fx_partner(void *arg)
{
	floor_futex *s = arg;
	fx_side *me = &s->side[1], *home = &s->side[0];
	for (int64_t i = 0; i < s->n; i++) {
		fx_wait(&me->word, &me->calls);
		fx_post(&home->word, &me->calls);
		me->trips++;
	}
	return NULL;
}

/* SCHED_BATCH for the calling thread unless the process runs under a policy of
 * its own choosing (the pthread runtime's rule, pt_runtime.c). */
static int fx_batch(void)
{
	if (sched_getscheduler(0) != SCHED_OTHER)
		return 0;
	struct sched_param none = {.sched_priority = 0};
	return sched_setscheduler(0, SCHED_BATCH, &none) == 0 ? 0 : errno;
}

static void *fx_setup(wl_ctx *ctx, const char *name, bool batch, char *err, size_t errlen)
{
	floor_futex *s = aligned_alloc(64, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	memset(s, 0, sizeof *s);
	s->n = ctx->params[0];
	s->name = name;
	int rc = batch ? fx_batch() : 0;
	if (rc) {
		snprintf(err, errlen, "%s: SCHED_BATCH refused: %s", name, strerror(rc));
		free(s);
		return NULL;
	}
	/* created after the policy is set: the partner inherits it */
	rc = floor_thread_start(&s->partner, fx_partner, s, 1);
	if (rc) {
		snprintf(err, errlen, "%s: cannot start the partner thread: %s", name,
		         strerror(rc));
		free(s);
		return NULL;
	}
	/* until the partner sleeps on its word: its start-up is not a round trip
	 * (on one CPU the yield lets it run) */
	while (atomic_load(&s->side[1].word) != FX_SLEEPING)
		sched_yield();
	return s;
}

static void *fx_setup_plain(wl_ctx *ctx, char *err, size_t errlen)
{
	return fx_setup(ctx, FLOOR_FUTEX, false, err, errlen);
}

static void *fx_setup_handoff(wl_ctx *ctx, char *err, size_t errlen)
{
	return fx_setup(ctx, FLOOR_FUTEX_HANDOFF, true, err, errlen);
}

static void fx_run(void *state, wl_measure *m)
{
	floor_futex *s = state;
	fx_side *me = &s->side[0], *partner = &s->side[1];
	for (int64_t i = 0; i < s->n; i++) {
		bool sampled = (i & (FX_SAMPLE_EVERY - 1)) == 0;
		uint64_t t0 = sampled ? wl_ticks() : 0;
		fx_post(&partner->word, &me->calls);
		fx_wait(&me->word, &me->calls);
		me->trips++;
		if (sampled)
			m->record_ns(m, (uint64_t)((double)(wl_ticks() - t0) * m->ns_per_tick));
	}
	pthread_join(s->partner, NULL);
	s->joined = true;
	m->metric(m, "futex_calls_per_op",
	          (double)(me->calls + partner->calls) / (double)(s->n ? s->n : 1));
}

static bool fx_verify(void *state, char *why, size_t whylen)
{
	floor_futex *s = state;
	if (s->side[0].trips != s->n || s->side[1].trips != s->n) {
		snprintf(why, whylen,
		         "%s: main made %" PRId64 " round trips and the partner %" PRId64
		         ", want %" PRId64 " each",
		         s->name, s->side[0].trips, s->side[1].trips, s->n);
		return false;
	}
	return true;
}

static uint64_t fx_ops(void *state)
{
	return (uint64_t)((floor_futex *)state)->n;
}

/* run() always follows a setup that succeeded (execute.h) and joins the
 * partner; were it ever skipped, the partner is driven to its end here. */
static void fx_teardown(void *state)
{
	floor_futex *s = state;
	if (!s->joined) {
		for (int64_t i = s->side[0].trips; i < s->n; i++) {
			fx_post(&s->side[1].word, &s->side[0].calls);
			fx_wait(&s->side[0].word, &s->side[0].calls);
		}
		pthread_join(s->partner, NULL);
	}
	free(s);
}

/* One CPU: 1.4-1.9 us a round trip on the reference machine (THREADS-BASELINE.md);
 * two vCPUs 45-56 us (floor.c sizes those configurations down). */
static const wl_param fx_params[] = {
    {"n", "round trips", 200000, 10000, 1, 100000000000},
};

const workload floor_futex_wl = {
    .name = FLOOR_FUTEX,
    .description = "futex ping-pong of two threads, the kernel's cheapest (2 calls on one "
                   "CPU); ns per round trip",
    .params = fx_params,
    .nparams = 1,
    .records_latency = true,
    .setup = fx_setup_plain,
    .run = fx_run,
    .verify = fx_verify,
    .ops = fx_ops,
    .teardown = fx_teardown,
};

const workload floor_futex_handoff_wl = {
    .name = FLOOR_FUTEX_HANDOFF,
    .description = "futex ping-pong, SCHED_BATCH: 4 calls, as a channel hand-off needs; ns per "
                   "round trip",
    .params = fx_params,
    .nparams = 1,
    .records_latency = true,
    .setup = fx_setup_handoff,
    .run = fx_run,
    .verify = fx_verify,
    .ops = fx_ops,
    .teardown = fx_teardown,
};
