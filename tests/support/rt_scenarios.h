/*
 * rt_scenarios.h — runtime-generic test scenarios for rt.h: the same bodies run on
 * every runtime (test_rt_pthread.c runs them on "pthread"; gmp's test runs them on
 * "gmp").
 *
 * What it promises
 *   - Each scenario starts the runtime with `workers` workers, runs its body as the
 *     main task, stops the runtime and fails the current cmocka test if anything was
 *     wrong. Task bodies never call cmocka (its asserts longjmp, which is only valid
 *     on the test's own thread): they record failures with RTS_EXPECT, and
 *     rts_run() reports the first one on the test thread.
 *   - A lost wake-up shows as a hang; rts_watchdog() turns a hang into a failed
 *     test binary (SIGALRM) instead of a stalled CI.
 *   - No timed assertions: sleeps only ever check lower bounds ("slept at least")
 *     or orders separated by tens of milliseconds.
 */
#ifndef COROBENCH_TEST_RT_SCENARIOS_H
#define COROBENCH_TEST_RT_SCENARIOS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../runtimes/rt.h"

/* Record a failure (first message kept) from any task or thread. */
void rts_expect(bool ok, const char *what, const char *file, int line);
#define RTS_EXPECT(cond) rts_expect((cond), #cond, __FILE__, __LINE__)

/* Start rt with `workers` (and counting thread hooks), run fn(arg) as the main task,
 * stop, then fail the cmocka test if a RTS_EXPECT failed or the hooks were
 * unbalanced. */
void rts_run(const rt_runtime *rt, int workers, rt_fn fn, void *arg);
/* The same with a whole configuration (preempt_off, pinning, ...). */
void rts_run_cfg(const rt_runtime *rt, const rt_config *cfg, rt_fn fn, void *arg);

/* Kill the test binary with SIGALRM after `seconds` (a hang = a lost wake-up);
 * five times that under TSan (tsan_build.h). */
void rts_watchdog(unsigned seconds);

/* One generic scenario. */
typedef struct rts_scenario {
	const char *name;                              /* test name stem */
	void (*fn)(const rt_runtime *rt, int workers); /* the body       */
} rts_scenario;

extern const rts_scenario rts_scenarios[];
extern const int rts_scenario_count;

/* Appends one cmocka test per scenario and per entry of workers[] to tests[]
 * (names "scenario/t=N"), for runtime `rt_name`. Returns how many were added
 * (at most max). The strings and states live until the process exits. */
int rts_add_tests(struct CMUnitTest *tests, int max, const char *rt_name, const int *workers,
                  int nworkers);

/* The main() of a runtime's conformance binary (test_rt_pthread, test_gmp): every
 * scenario at 1 and 2 workers, then the runtime's own tests (at most 16), as
 * cmocka group `group` under a 120 s watchdog. Returns cmocka's exit status. */
int rts_main(const char *group, const char *rt_name, const struct CMUnitTest *own, size_t nown);

/* The scenarios, callable one by one. */
void rts_spawn_join(const rt_runtime *rt, int workers);
void rts_park_ready_race(const rt_runtime *rt, int workers);
void rts_park_ready_pairs(const rt_runtime *rt, int workers);
void rts_ready_in_unlock(const rt_runtime *rt, int workers);
void rts_unlock_cancels(const rt_runtime *rt, int workers);
void rts_waitgroup(const rt_runtime *rt, int workers);
void rts_mutex_counter(const rt_runtime *rt, int workers);
void rts_mutex_starvation(const rt_runtime *rt, int workers);
void rts_yield(const rt_runtime *rt, int workers);
void rts_sleep_order(const rt_runtime *rt, int workers);
void rts_stop_waits(const rt_runtime *rt, int workers); /* stop() drains live tasks */

/* CLOCK_MONOTONIC in ns, for lower-bound checks. */
uint64_t rts_now_ns(void);

#endif
