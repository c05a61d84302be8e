/*
 * migrate.h — did the plan hold? Each pinned worker checks, at the end of its
 * run, that the CPU it is on (sched_getcpu) is in the plan's PU set; the
 * cpu-migrations software counter (from the counters module) is a second witness.
 *
 * What it promises
 *   - pl_check_self may be called from any number of threads at once (lock-free
 *     atomics); call it on every worker thread after its timed work (the runtime's
 *     on_thread_exit hook) and on the main task's thread after run().
 *   - A thread seen on a CPU outside the union of the plan's pin sets flags the
 *     run as migrated. (A pinned thread cannot leave its set, so a flag means the
 *     runtime did not pin as planned or something re-pinned it.)
 *   - pl_check_migrations(count): when the whole plan is a single PU, a counted
 *     migration means a worker moved while counted, and flags the run too. With
 *     more PUs the count is no flag: a runtime may confine its threads to the
 *     union of the sets (the pthread runtime does: tasks come and go, the kernel
 *     balances them inside the union), and moves inside it are allowed.
 *     Open the counter after pinning: the move that pinning itself causes counts.
 *   - pl_check_migrated: -1 when the plan is unpinned (runs.csv leaves `migrated`
 *     empty), else 0 or 1. It is sticky: once flagged, every later repetition in
 *     the child says 1, since nothing tells which repetition the move fell in.
 */
#ifndef COROBENCH_MIGRATE_H
#define COROBENCH_MIGRATE_H

#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pl_plan;

typedef struct pl_check {
	bool pinned;              /* the plan pins workers; false: nothing to check          */
	bool single;              /* the plan is one PU: any counted migration is a move      */
	cpu_set_t allowed;        /* union of the plan's pin sets                             */
	atomic_int checked;       /* threads that ran pl_check_self                           */
	atomic_int outside;       /* of those, how many were on a CPU outside `allowed`       */
	atomic_int seen_cpu;      /* the last CPU seen outside (for the message), -1 if none  */
	atomic_ullong migrations; /* cpu-migrations reported through pl_check_migrations */
} pl_check;

void pl_check_init(pl_check *c, const struct pl_plan *plan);
/* On a worker thread: true when it is on a CPU of the plan (or unpinned plan). */
bool pl_check_self(pl_check *c);
/* Adds a cpu-migrations count (the software counter, summed over workers). */
void pl_check_migrations(pl_check *c, uint64_t count);
/* -1 unpinned, 0 the plan held, 1 a worker was seen outside or moved. */
int pl_check_migrated(pl_check *c);
/* One line saying what was seen ("a worker ran on CPU 5, outside PUs 0;1"). */
void pl_check_describe(pl_check *c, const struct pl_plan *plan, char *buf, size_t len);

#endif
