/*
 * counter_scale.h — turning a raw perf reading into a count, honestly.
 *
 * What it is for
 *   When more events are asked for than the PMU has counters, the kernel
 *   time-shares them (multiplexing): each event counts only while it is on a
 *   counter (time_running) out of the time it was enabled (time_enabled). The
 *   usual estimate, and the one `perf stat` prints, is raw * enabled / running,
 *   with running/enabled shown as the fraction of time counted. This module does
 *   that arithmetic, on deltas between two cumulative readings (the set is read
 *   after every repetition and never reset: PERF_EVENT_IOC_RESET does not clear
 *   the counts that exited inherited threads folded into the parent, see
 *   counters.h).
 *
 * What it promises
 *   - running == 0 (never scheduled on a counter) or enabled == 0 (never enabled)
 *     gives taken = false: there is no count, and the writers leave the cell empty.
 *     It never turns into a 0.
 *   - running == enabled gives value == raw exactly and ratio 1 (not multiplexed).
 *   - No overflow: the scaling is done in long double (64-bit mantissa on x86).
 */
#ifndef COROBENCH_COUNTER_SCALE_H
#define COROBENCH_COUNTER_SCALE_H

#include <stdbool.h>
#include <stdint.h>

/* One reading of one event: cumulative since the set was opened. */
typedef struct ctr_raw {
	uint64_t count;   /* the kernel's count                              */
	uint64_t enabled; /* ns the event was enabled (summed over threads)  */
	uint64_t running; /* ns it was on a counter (summed over threads)    */
} ctr_raw;

/* The count of one event over one repetition. */
typedef struct ctr_value {
	bool taken;   /* false: no count exists (never ran on a counter)       */
	double value; /* raw * enabled / running: the estimated count          */
	double ratio; /* running / enabled in [0, 1]; 1 = counted all the time */
	uint64_t raw; /* the count actually observed (unscaled)                */
} ctr_value;

/* The value over the interval between two cumulative readings (after - before). */
ctr_value ctr_scale(ctr_raw before, ctr_raw after);

/* True when the value was scaled (counted for only part of the time). */
static inline bool ctr_value_multiplexed(const ctr_value *v)
{
	return v->taken && v->ratio < 1.0;
}

#endif
