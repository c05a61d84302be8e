/*
 * chan_scenarios.h — variant-generic semantic tests of chan.h: the same bodies run
 * for every channel variant on any runtime (test_chan_mutex.c runs them for
 * "mutex" on "pthread"; other variants and runtimes call them too).
 *
 * What it promises
 *   - Each scenario checks chan.h's promises exactly (FIFO, capacity, blocking,
 *     rendezvous, close semantics, many producers and consumers) through
 *     rts_run(), so failures inside tasks are reported on the test thread.
 *   - A scenario that needs a capability the variant does not declare is skipped
 *     (cmocka skip), never run wrongly.
 *   - "Does not complete early" checks sleep 20 ms and look: a bug can only be
 *     missed by them, never invented, so they are not timed assertions.
 */
#ifndef COROBENCH_TEST_CHAN_SCENARIOS_H
#define COROBENCH_TEST_CHAN_SCENARIOS_H

#include "../../runtimes/chan/chan.h"
#include "rt_scenarios.h"

/* One generic scenario. */
typedef struct chs_scenario {
	const char *name; /* test name stem */
	void (*fn)(const rt_runtime *rt, int workers, const chan_variant *v);
} chs_scenario;

extern const chs_scenario chs_scenarios[];
extern const int chs_scenario_count;

/* Appends one cmocka test per scenario and per workers[] entry, named
 * "variant/runtime/scenario/t=N". Returns how many were added (at most max). */
int chs_add_tests(struct CMUnitTest *tests, int max, const char *variant, const char *rt_name,
                  const int *workers, int nworkers);

#endif
