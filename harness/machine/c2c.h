/*
 * c2c.h — the core-to-core latency matrix (docs/WORKLOADS.md, `c2c`): for every
 * ordered pair of PUs (a, b), a thread pinned to a and a thread pinned to b
 * bounce one cache line; the minimum and the median round trip over `samples`
 * samples of `round_trips` round trips each, reported as RTT/2 in ns.
 *
 * How one pair is measured
 *   One 64-byte-aligned line holds a sequence number. The initiator (on a)
 *   stores 2k+1 and spins until it reads 2k+2; the responder (on b) spins until
 *   it reads 2k+1 and stores 2k+2. Each round trip moves the line a -> b -> a,
 *   two transfers, so RTT/2 is the one-way hand-off cost: the physical floor
 *   under every cross-core wake-up a runtime does. Plain loads in the spin (no
 *   PAUSE): PAUSE costs ~140 cycles on Skylake and later, which would land in the
 *   measurement. 1000 untimed round trips warm the line and the clocks first.
 *   A sample is CLOCK_MONOTONIC around `round_trips` round trips (vDSO ~20-50 ns
 *   per read, below 0.3% of a 100-round-trip sample at ~100 ns per trip).
 *
 * What it promises
 *   - Only threads pinned where asked are measured: a pin that fails stops the
 *     measurement with the reason (c2c needs binding; a loaded topology is
 *     refused). A partner that stops answering for 10 s is an error,
 *     never a hang.
 *   - The diagonal (a PU with itself) is not measured: NaN in the matrices.
 *   - Numbers are never clamped: a preempted sample is kept in the median
 *     (which resists it) and is what the minimum ignores.
 */
#ifndef COROBENCH_C2C_H
#define COROBENCH_C2C_H

#include <stddef.h>

#include "topology.h"

#define C2C_SAMPLES     1000 /* samples per ordered pair (WORKLOADS.md)  */
#define C2C_ROUND_TRIPS 100  /* round trips per sample (WORKLOADS.md)    */

typedef struct c2c_opts {
	int samples;     /* samples per ordered pair; 0: C2C_SAMPLES            */
	int round_trips; /* round trips per sample; 0: C2C_ROUND_TRIPS          */
	/* Called after each ordered pair (from the measuring thread); may be NULL. */
	void (*progress)(void *arg, int done, int total);
	void *arg; /* passed to progress */
} c2c_opts;

typedef struct c2c_result {
	int n;             /* PUs measured                                        */
	int *pu;           /* n indexes into topo->pus (the order of rows/columns) */
	double *min_ns;    /* n*n, [from*n + to]: minimum RTT/2; NaN on diagonal  */
	double *median_ns; /* n*n: median RTT/2; NaN on the diagonal             */
	int samples;       /* samples per pair actually used                      */
	int round_trips;   /* round trips per sample actually used                */
} c2c_result;

/* Measures every ordered pair of the PUs pus[0..n) (indexes into t->pus; n >= 2).
 * 0, or -1 with err (binding refused or failed, out of memory, no answer). */
int c2c_measure(const topo *t, const int *pus, int n, const c2c_opts *o, c2c_result *m, char *err,
                size_t errlen);
void c2c_result_free(c2c_result *m);

#endif
