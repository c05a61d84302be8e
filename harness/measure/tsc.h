/*
 * tsc.h — calibration of the cycle clock that latency samples use (wl_ticks()).
 *
 * What it is for
 *   Workloads read rdtsc (cntvct_el0 on arm64) around sampled operations because it
 *   costs ~11 ns here against ~20 ns for clock_gettime, and hand the tick deltas
 *   to wl_measure with ns_per_tick. This module measures ns_per_tick once per
 *   process against CLOCK_MONOTONIC.
 *
 * What it promises
 *   - tsc_ns_per_tick() calibrates on first use (3 windows of 5 ms: ~15 ms, once)
 *     and returns the median window's ratio; later calls return the cached value.
 *     Call it in the parent before forking children and they inherit it for free.
 *   - The error of a 5 ms window is the clock-read jitter over the window:
 *     ~100 ns / 5 ms = 2e-5, far below the histogram's 1e-3 resolution.
 *   - tsc_invariant() says whether the CPU declares an invariant TSC (constant_tsc
 *     and nonstop_tsc in /proc/cpuinfo on x86; always true on arm64, whose generic
 *     timer is constant by architecture). Without it tick deltas across a frequency
 *     change are wrong; the environment record should say so.
 */
#ifndef COROBENCH_TSC_H
#define COROBENCH_TSC_H

#include <stdbool.h>

double tsc_ns_per_tick(void);
bool tsc_invariant(void);

#endif
