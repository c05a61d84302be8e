/*
 * scale.h — COROBENCH_TEST_SCALE: one honest knob that shortens the stress loops
 * of the runtime, channel and workload tests where every operation is expensive
 * (qemu-user's TCG emulation, `make test-arm64`: a futex hand-off or a thread
 * creation costs 10-100x what it costs natively).
 *
 * What it promises
 *   - COROBENCH_TEST_SCALE=N (an integer >= 1; unset or 1: the full tests) divides
 *     the iteration counts of the loops that call ts_iters() by N, never below the
 *     floor the call site names (the least that still exercises what the loop is
 *     there for). Every scenario, every variant x runtime x worker count and every
 *     check still runs: only repetitions of the same thing are dropped.
 *   - A scaled binary says so on stdout, once, naming N, so a log never passes
 *     off a shortened run as the full one.
 *   - A bad value (not an integer, < 1, > 1000) is one line on stderr naming it and
 *     exit status 2, as for any bad input.
 */
#ifndef COROBENCH_TEST_SCALE_H
#define COROBENCH_TEST_SCALE_H

/* N from COROBENCH_TEST_SCALE (1 when unset). */
int ts_scale(void);

/* n / N, but at least min(n, floor). */
long ts_iters(long n, long floor);

#endif
