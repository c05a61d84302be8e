/*
 * floors.h — the floor family as the results see it: which rows are floors, and
 * which floor bounds which workload (docs/RESULTS.md, "Floors"; the floors
 * themselves are measured by harness/run/floor/).
 *
 * What it is for
 *   A floor is a cost nothing can beat on this machine: a register switch between
 *   two stacks, a futex round trip between two threads (the kernel's cheapest,
 *   and the one a channel hand-off needs), a cache-line round trip between two
 *   cores. `corobench run --floors` (and make bench) measures them in the same
 *   run as the runtimes, as rows keyed `runtime=floor`. This module is what a
 *   reader of the results (the report: reference lines on a chart, a runtime's
 *   distance from its floor in a table or a finding) needs to use them without
 *   knowing how they were measured: it lives in the results layer so that both
 *   the run layer (which names its floors from it) and the report can include it.
 *
 * What it promises
 *   - The names below are the floors' workload names in every results file; a
 *     floor row always has runtime FLOOR_RUNTIME and chan "-".
 *   - A bound says: on a runtime of this kind, one op of this workload costs at
 *     least per_op times one op of that floor (same threads class, same machine,
 *     same run). ns/op of the floors is defined like the workloads they bound:
 *     floor-switch per switch (yield's op), floor-futex and floor-futex-handoff
 *     per round trip (pingpong's op), floor-c2c per round trip of the line
 *     (pingpong's op; c2c.csv's figures are half a round trip). per_op turns it
 *     into the workload's op: 2 switches per pingpong round trip on a coroutine
 *     runtime, half a futex round trip per ring hop.
 *   - floor_bounds_for lists every bound of a configuration, strongest (the one
 *     the runtime is expected to approach) first; a workload with no bound (spawn,
 *     skynet, fib, mutex, the buffered channels) gets none. Several bounds of one
 *     configuration are each valid; the lowest is the floor, the others are
 *     reference lines with their own meaning (`why`).
 *   - floor_row_matches says whether a floor row is the one a bound points to.
 *     One-worker floors run once, placement none (the CPU a `-t 1` runtime is
 *     confined to). Two-worker floors run once per pair class this machine has
 *     (placement = the class name: smt, l2, l3, ...): a configuration whose plan
 *     pinned two workers (runs.csv's pair_class) is bounded by the floor of its
 *     class; an unpinned one (pair_class empty) by the lowest of them, since the
 *     kernel may have put its threads on any pair.
 */
#ifndef COROBENCH_FLOORS_H
#define COROBENCH_FLOORS_H

#include <stdbool.h>

#define FLOOR_RUNTIME       "floor"               /* runtime of every floor row          */
#define FLOOR_SWITCH        "floor-switch"        /* register switch, per switch          */
#define FLOOR_FUTEX         "floor-futex"         /* futex round trip, 2 system calls     */
#define FLOOR_FUTEX_HANDOFF "floor-futex-handoff" /* futex round trip, 4 system calls     */
#define FLOOR_C2C           "floor-c2c"           /* cache-line round trip, two cores     */

/* Which runtimes a bound applies to. */
typedef enum floor_rt_kind {
	FLOOR_RT_ANY,     /* every runtime                                           */
	FLOOR_RT_THREADS, /* a task is an OS thread: pthread                          */
	FLOOR_RT_USER,    /* a task is switched in user space: gmp, go, and any other */
} floor_rt_kind;

/* One bound: a workload's op against a floor's op. */
typedef struct floor_bound {
	const char *workload; /* the bounded workload ("pingpong")                      */
	int min_threads;      /* the bound holds from this -t ...                         */
	int max_threads;      /* ... to this one (0: no upper limit)                      */
	floor_rt_kind rt;     /* on which runtimes                                        */
	const char *floor;    /* the floor's workload name (FLOOR_*)                      */
	int floor_threads;    /* the floor row's threads: 1 or 2                          */
	double per_op;        /* floor ops per workload op: bound = per_op * floor ns/op  */
	const char *why;      /* one line: why the workload pays at least this            */
} floor_bound;

/* True for a row of the floor family (runtime == FLOOR_RUNTIME). */
bool floor_is_row(const char *runtime);

/* The kind of a runtime by name: pthread is FLOOR_RT_THREADS, every other
 * runtime but the floor itself FLOOR_RT_USER. */
floor_rt_kind floor_rt_kind_of(const char *runtime);

/* The bounds of `workload` on `runtime` at `threads` workers: up to max of them
 * into out (pointers to static data), strongest first; returns how many there
 * are (may exceed max). 0 for a floor row itself and for unbounded workloads. */
int floor_bounds_for(const char *workload, const char *runtime, int threads,
                     const floor_bound **out, int max);

/* Whether a floor row (its workload, runtime, threads and placement columns) is
 * one that bound b points to for a configuration whose runs.csv pair_class is
 * `pair_class` ("" or NULL: unpinned). For a two-worker floor and an unpinned
 * configuration every pair class matches: take the lowest median of them. */
bool floor_row_matches(const floor_bound *b, const char *pair_class, const char *row_workload,
                       const char *row_runtime, int row_threads, const char *row_placement);

/* The bounds table, for documentation and tests: every entry, then a NULL workload. */
extern const floor_bound floor_bounds[];

#endif
