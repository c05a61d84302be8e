/*
 * test_gmp_indirection.c — what rt.h's function table costs (DESIGN.md: "measure
 * what the indirection costs, a benchmark, not a guess").
 *
 * Workloads call rt_yield(), which loads rt_current, loads ->yield and makes an
 * indirect call; gmp's own code could call gmp_yield() directly. This binary times
 * both, in the same process, interleaved, on one P:
 *   - "call": a G alone yields (nobody to yield to: gmp_yield returns at once), so
 *     the loop is the call itself -- the indirection's cost at its most visible;
 *   - "switch": two Gs yield to each other, so each yield is a real switch through
 *     the scheduler -- the indirection's cost relative to real work.
 * Times are the M thread's CPU time (the G never leaves its one M), minimum over
 * ROUNDS alternating rounds, so a loaded machine inflates neither side. It prints
 * the figures (`make test` shows them) and asserts only that both paths did the
 * same number of yields: no timed assertions.
 */
#include "support/rt_scenarios.h"

#include <stdio.h>
#include <time.h>

#include "../runtimes/gmp/gmp.h"

#define CALLS    2000000 /* per round, "call"    */
#define SWITCHES 500000  /* per round, "switch"  */
#define ROUNDS   7

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

typedef struct bench {
	bool direct;      /* gmp_yield() rather than rt_yield() */
	long n;           /* yields per G                      */
	atomic_long done; /* yields done (both Gs)             */
	rt_waitgroup wg;  /* the yielders                      */
} bench;

static void yielder(void *arg)
{
	bench *b = arg;
	long n = b->n;
	if (b->direct)
		for (long i = 0; i < n; i++)
			gmp_yield();
	else
		for (long i = 0; i < n; i++)
			rt_yield();
	atomic_fetch_add(&b->done, n);
	rt_wg_done(&b->wg);
}

/* One round: `gs` yielders of n yields each; returns CPU ns per yield. */
static double round_ns(bool direct, int gs, long n, long *done)
{
	bench b = {.direct = direct, .n = n};
	rt_wg_init(&b.wg);
	rt_wg_add(&b.wg, gs);
	uint64_t t0 = thread_cpu_ns();
	if (gs == 1) {
		yielder(&b); /* alone on the P: every yield takes the fast path */
	} else {
		for (int i = 0; i < gs; i++)
			RTS_EXPECT(rt_go(yielder, &b) == 0);
		rt_wg_wait(&b.wg);
	}
	uint64_t t1 = thread_cpu_ns();
	*done += atomic_load(&b.done);
	return (double)(t1 - t0) / (double)(gs * n);
}

typedef struct result {
	double call[2], sw[2]; /* [0] table, [1] direct: min ns per yield */
	long done[2];          /* yields done per path                    */
} result;

static void bench_main(void *arg)
{
	result *r = arg;
	for (int k = 0; k < 2; k++)
		r->call[k] = r->sw[k] = 1e18;
	for (int round = 0; round < ROUNDS; round++)
		for (int k = 0; k < 2; k++) {
			double c = round_ns(k, 1, CALLS, &r->done[k]);
			double s = round_ns(k, 2, SWITCHES / 2, &r->done[k]);
			r->call[k] = c < r->call[k] ? c : r->call[k];
			r->sw[k] = s < r->sw[k] ? s : r->sw[k];
		}
}

static void test_indirection_cost(void **state)
{
	(void)state;
	result r = {0};
	rts_run(rt_find("gmp"), 1, bench_main, &r);
	assert_int_equal(r.done[0], r.done[1]);
	assert_int_equal(r.done[0], (long)ROUNDS * (CALLS + SWITCHES));
	printf("# rt.h indirection on gmp (min of %d rounds, thread CPU time, ns per yield):\n"
	       "#   yield, nobody to yield to:  direct %.2f  via rt_current->yield %.2f  "
	       "(+%.2f)\n"
	       "#   yield, two Gs switching:     direct %.2f  via rt_current->yield %.2f  "
	       "(+%.2f)\n",
	       ROUNDS, r.call[1], r.call[0], r.call[0] - r.call[1], r.sw[1], r.sw[0],
	       r.sw[0] - r.sw[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_indirection_cost),
	};
	rts_watchdog(120);
	return cmocka_run_group_tests_name("gmp_indirection", tests, NULL, NULL);
}
