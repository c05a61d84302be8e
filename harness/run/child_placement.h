/*
 * child_placement.h — placement in `corobench run` (harness/machine/placement.h):
 * the parent's checks before anything forks, the plan a child starts its runtime
 * with, the facts its records carry, and topology.xml in the results directory.
 *
 * Records (docs/RESULTS.md, "Child protocol"):
 *   info:  pus=<os;os;...>       the PUs of the plan, empty when unpinned
 *          pair_class=<class>    when the plan pins exactly two workers
 *          placement_note=<text> hybrid preference and affinity limits, when any
 *   rep:   migrated=0|1          pinned plans only (the column stays empty for none)
 *
 * Who decides what
 *   - Bad input is exit 2 in the parent before anything runs: an unknown policy
 *     or malformed cpus: list (pl_policy_split, in run_options.c), a cpus: index or
 *     --cpukind this machine lacks, a topology that is not this system
 *     (HWLOC_XMLFILE in the environment): child_placement_check.
 *   - What this machine cannot do (a pair class it lacks, more workers than
 *     places) is a skipped configuration with the reason (skipped.csv), so a
 *     `-p compact,scatter,cross-package -t 1,2,4` sweep runs everywhere and says
 *     what it could not run.
 *   - The migration check: every runtime thread checks itself when it exits
 *     (rt_thread_hooks.on_thread_exit) and the main task's thread after each run()
 *     (after_run); the cpu-migrations counter, when --counters has it, is the
 *     second witness (migrate.h).
 */
#ifndef COROBENCH_CHILD_PLACEMENT_H
#define COROBENCH_CHILD_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "../../runtimes/rt.h"
#include "../machine/migrate.h"
#include "../machine/placement.h"
#include "../results/protocol.h"

/* A child's placement. */
typedef struct child_placement {
	topo *t;               /* this system; NULL for `none`                  */
	pl_plan plan;          /* the plan (plan.pin_sets go to rt_config)      */
	pl_check check;        /* the migration check                           */
	rt_thread_hooks hooks; /* on_thread_exit: the check on each thread      */
} child_placement;

/* Parent: true when `policy` can be planned for `threads` workers on this machine;
 * false only for bad input (CB_EINVAL), with one line naming the value in err
 * (exit 2). What this machine cannot do is left to the child, which reports it as
 * a skip. */
bool child_placement_check(const char *policy, int threads, char *err, size_t errlen);

/* Parent: remembers --cpukind (NULL: none) after checking it against this system.
 * False with err naming the value (exit 2). Children inherit it through fork. */
bool child_placement_configure(const char *cpukind, char *err, size_t errlen);

/* The --cpukind of this run (NULL: none), for the Go peer's plan (peer.c). */
const char *child_placement_cpukind(void);

/* Parent: writes this system's topology.xml into the results directory (temp then
 * rename). False with err; the run goes on without it. */
bool child_placement_export(const char *outdir, char *err, size_t errlen);

/* Child: makes the plan. CB_OK ready; CB_EUNAVAIL this machine cannot run it
 * (err: why, a skip); CB_EFAIL an error (err). */
int child_placement_open(child_placement *p, const char *policy, int workers, char *err,
                         size_t errlen);
/* The main task's thread, after run(): the check (one sched_getcpu, ~20 ns). */
void child_placement_after_run(child_placement *p);
void child_placement_info(const child_placement *p, proto_writer *w);
/* migrations: the cpu-migrations count of the repetition, or < 0 when not counted. */
void child_placement_rep(child_placement *p, double migrations, proto_writer *w);
void child_placement_close(child_placement *p);

#endif
