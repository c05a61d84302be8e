/*
 * wl_spin.h — the CPU-bound tasks of the fairness workloads (hog, wakeup,
 * syscall): each spins on a non-blocking check of a stop flag, with no yield, no
 * channel operation and no call into the runtime, so only a runtime that preempts
 * it (or the kernel, for threads) lets anything else run beside it on its worker.
 *
 * What it promises
 *   - wl_spin_start spawns `count` spinners and returns once every one of them is
 *     spinning (it yields until then): the timed region that follows competes with
 *     them from its first instruction. On a runtime that does not preempt, with as
 *     many spinners as workers, it never returns: the configuration hangs and the
 *     harness's watchdog ends it (--timeout), with the report below as its reason.
 *   - A spinner reads the clock every 2^20 spins (~1 ms). When `progress` (what the
 *     workload's other tasks advance, once per round trip or wake-up) has not moved
 *     for WL_SPIN_STUCK_NS it prints one line on stderr, once per process, saying
 *     which workload is stuck behind a task that is not preempted; the harness puts
 *     a timed-out child's last stderr line in failures.csv.
 *   - wl_spin_stop sets the flag and waits for every spinner to return.
 */
#ifndef COROBENCH_WL_SPIN_H
#define COROBENCH_WL_SPIN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "workload.h"

/* 2 s without progress: a healthy run makes progress every slice (10 ms on gmp
 * and Go, a few ms of CFS on threads), so this is ~200 slices of nothing. */
#define WL_SPIN_STUCK_NS 2000000000ull

typedef struct wl_spin {
	const char *wl;            /* the workload's name, for the report        */
	const char *what;          /* what makes progress ("the ping-pong", ...) */
	atomic_bool stop;          /* set by wl_spin_stop                         */
	atomic_int spinning;       /* spinners that have started                  */
	_Atomic uint64_t progress; /* advanced by the workload's other tasks      */
	_Atomic uint64_t spins;    /* every spinner's count, added when it stops  */
	rt_waitgroup exited;       /* spinners that returned                      */
	int started;               /* spinners spawned                            */
} wl_spin;

/* Spawns count spinners; returns once all spin, or a negative errno when a spawn
 * failed (the ones started are stopped by wl_spin_stop). */
int wl_spin_start(wl_spin *s, const char *wl, const char *what, int count);
void wl_spin_stop(wl_spin *s); /* safe on a zeroed or partly started wl_spin */

/* The workload's other tasks call this once per unit of progress. */
static inline void wl_spin_progress(wl_spin *s)
{
	atomic_store_explicit(&s->progress,
	                      atomic_load_explicit(&s->progress, memory_order_relaxed) + 1,
	                      memory_order_relaxed);
}

#endif
