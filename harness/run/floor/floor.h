/*
 * floor.h — the floor family: the costs nothing can beat on this machine,
 * measured in the same run as the runtimes (`corobench run --floors`; make bench
 * runs them once per results directory that the report compares runtimes in).
 *
 * The floors (docs/WORKLOADS.md, "Floors", has the exact definitions)
 *
 *   floor-switch         a raw register switch between two stacks on one thread
 *                        (floor_switch.h: exactly the ABI's callee-saved
 *                        registers, nothing else). ns/op: one switch, yield's op.
 *   floor-futex          a futex ping-pong between two threads, on one CPU and
 *                        across two: the kernel's cheapest blocking round trip
 *                        (2 system calls per round trip on one CPU: the woken
 *                        side preempts its waker and finds its next post made).
 *                        ns/op: one round trip, pingpong's op.
 *   floor-futex-handoff  the same protocol with the threads SCHED_BATCH (no
 *                        wake-up preemption, the pthread runtime's policy): each
 *                        side sleeps in FUTEX_WAIT and is woken by a FUTEX_WAKE
 *                        once per round trip, 4 system calls, which is what a
 *                        channel hand-off needs (a rendezvous cannot post ahead).
 *                        One CPU. ns/op: one round trip.
 *   floor-c2c            a cache line bounced between two pinned threads (the
 *                        protocol of `corobench c2c`, harness/machine/c2c.h).
 *                        ns/op: one round trip of the line; c2c.csv reports half.
 *
 * Where they live, and why here
 *   A floor is not a runtime workload: workloads/ are written once against rt.h
 *   and know no particular runtime, while a floor is what is left when there is
 *   no runtime at all (raw threads on the plan's CPUs, its own switch). Put in
 *   the registries they would join `-w all` and `-r all` and every "each workload
 *   on each runtime" test, each needing an exception. So, like c2c ("not a runtime
 *   workload: the harness runs it directly"), they belong to the harness, in the
 *   run layer because it is the matrix machinery that runs them: each floor is a
 *   `workload` table and the configurations run on a pseudo-runtime `floor` (start
 *   and run_main only, not registered), so the matrix, the child process,
 *   repetitions and warm-ups, the counters, the placement plan and migration
 *   check, the statistics and every writer treat a floor row as any other. The
 *   names and the bound mapping are in harness/results/floors.h (the report
 *   reads them from there: it may not include this layer's folder).
 *
 * What it promises
 *   - Floors run whatever -w, -r, -c, -t and -p select: the family is the same
 *     set of configurations in every results directory (floor_count/floor_at),
 *     added once by matrix_expand when the spec asks for it.
 *   - Sizes: each configuration's own (floor_def.n, n_quick with --quick), so
 *     that a repetition takes 10-50 ms quick and 0.1-0.5 s normally; -n and
 *     --param do not apply (they are sized for the selected workloads: a register
 *     switch and a futex round trip across two vCPUs differ by 10^4).
 *   - One-worker floors run at placement none, confined to the first CPU of the
 *     process's affinity mask: where the pthread runtime confines `-t 1`. Two-
 *     worker floors run once per pair class this machine can plan (one thread
 *     pinned on each PU of the class's first pair); with none (one usable PU) they
 *     are one skipped row each, with the reason.
 *   - Counters: the run's --counters, switched as for any configuration, so a
 *     floor and the runtimes of one results directory are measured with the
 *     counters in the same state (counting costs ~0.35 us per pthread round trip).
 */
#ifndef COROBENCH_FLOOR_H
#define COROBENCH_FLOOR_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../runtimes/rt.h"
#include "../../../workloads/workload.h"
#include "../../results/floors.h"

#define FLOOR_MAX_PAIRS 6 /* pair classes (pairclass.h's PC_COUNT) */

/* One configuration of the family (before the pair classes are expanded). */
typedef struct floor_def {
	const workload *wl; /* the floor                                         */
	int threads;        /* workers: 1 (one CPU) or 2 (two PUs)                  */
	bool pairs;         /* two workers: once per pair class this machine has   */
	int64_t n;          /* ops per repetition (why: floor.c's table)           */
	int64_t n_quick;    /* with --quick                                        */
} floor_def;

/* The pseudo-runtime every floor configuration names (runtime=floor): start and
 * run_main only; a floor never spawns through it. Not registered (rt_find and
 * `-r all` do not see it). */
extern const rt_runtime floor_runtime;

int floor_count(void);
const floor_def *floor_at(int i);

/* The floors' tables, for the tests. */
extern const workload floor_switch_wl, floor_futex_wl, floor_futex_handoff_wl, floor_c2c_wl;

/* The pair classes (placement names) this machine can plan two workers on, in
 * pairclass.h's order, honouring --cpukind: the placements of the two-worker
 * floors. Returns how many (0 on a one-PU machine) and, when none, why in err. */
int floor_pairs(const char *names[FLOOR_MAX_PAIRS], char *err, size_t errlen);

#endif
