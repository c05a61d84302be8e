/*
 * wl_mem.h — peak memory of a repetition, for the workloads that create many
 * tasks (skynet, spawn): "peak_rss_bytes" and "bytes_per_task".
 *
 * How it measures (and why this way)
 *   - The kernel keeps the process's resident-set high-water mark (VmHWM in
 *     /proc/self/status). It is process-wide and only rises, so on its own it would
 *     report the warm-up's peak for every later repetition. Since Linux 4.0,
 *     writing "5" to /proc/self/clear_refs resets it to the current RSS; setup()
 *     does that outside the timed region (wl_mem_prepare), so the VmHWM read at the
 *     end of run() is the peak of this repetition alone. Where the reset is not
 *     permitted the value is the process's peak so far; a child process runs one
 *     configuration only, so that is still the peak of this workload (its warm-up
 *     included), never of another one.
 *   - bytes_per_task = (peak - baseline) / tasks, baseline = VmRSS the first time
 *     this workload prepared in this process (after the runtime started, before any
 *     task of the workload existed). Memory a runtime caches between repetitions
 *     (stack pools, freed thread stacks glibc keeps) is therefore still charged to
 *     the workload: it is memory the workload needs the process to hold. The
 *     baseline includes the harness and the runtime's fixed footprint, which are
 *     not per task.
 *   - Reading VmHWM costs ~8 us (measured here: 1000 reads of /proc/self/status in
 *     8 ms); it happens once, after the timed work, inside run(): 0.1% of a 10 ms
 *     repetition, the smallest (gmp, --quick) we run.
 */
#ifndef COROBENCH_WL_MEM_H
#define COROBENCH_WL_MEM_H

#include <stdint.h>

#include "workload.h"

/* Per-workload memory baseline (a static in the workload's file). */
typedef struct wl_mem {
	int64_t baseline; /* VmRSS bytes before this workload's first repetition; 0 unset */
} wl_mem;

/* In setup(): takes the baseline once, resets the high-water mark if permitted. */
void wl_mem_prepare(wl_mem *mem);

/* At the end of run(): reports peak_rss_bytes and bytes_per_task through m. */
void wl_mem_report(const wl_mem *mem, wl_measure *m, uint64_t tasks);

/* VmHWM / VmRSS of this process in bytes; -1 when /proc cannot be read. */
int64_t wl_mem_status(const char *field);

#endif
