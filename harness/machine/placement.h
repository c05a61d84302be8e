/*
 * placement.h — where each worker runs: placement policies (`-p`), the plan they
 * make for a topology, and the migration check that tells whether the plan held.
 *
 * Policies (names are part of the CLI; `corobench plan` shows any of them)
 *
 *   none           no pinning; the OS scheduler places the workers.
 *   compact        PUs in hwloc logical order: SMT siblings first, then the next
 *                  core of the same cache domain (likwid-pin's default order).
 *   cores          one worker per physical core (its first PU), cores in logical
 *                  order, so one cache domain fills before the next.
 *   scatter        spread: each next worker goes to the least used package, then
 *                  within it the least used NUMA node, then L3, then hwloc Group
 *                  (arm cluster), then L2; ties go to the lowest logical index. All
 *                  cores get a worker before any SMT sibling does. With as many
 *                  workers as packages, one worker per package.
 *   smt l2 l3 cross-l3 cross-numa cross-package
 *                  two workers on the first pair of PUs whose closest shared
 *                  level is exactly that (pairclass.h); refused with the reason
 *                  when the machine has no such pair.
 *   cpus:LIST      explicit OS indexes, worker i on the i-th listed PU
 *                  (`cpus:0,2,4-7`); indexes the machine lacks are refused.
 *
 * Decisions
 *   - More workers than the policy has places (PUs; cores for `cores`; listed
 *     PUs for `cpus:`) is refused, never wrapped: two pinned workers on one PU
 *     measure time slicing, not the placement asked for. Oversubscription is
 *     measured with `-p none`. Fewer workers than a `cpus:` list: the first ones.
 *   - Pair classes place exactly two workers.
 *   - Hybrid CPUs (hwloc cpukinds, two kinds or more): every policy but `cpus:`
 *     uses all PUs of the most performant kind before any other, and the plan's
 *     note says so; `--cpukind K` restricts the plan to kind K (cpukind.h).
 *   - A plan for binding (PL_BIND) requires the topology to be this system
 *     (topology.h); `plan` and `topo` make plans for any topology.
 *   - Plans are prefix-stable: the first k workers of an n-worker plan are the
 *     k-worker plan (so a `-t 1,2,4,8` sweep adds workers, never moves them).
 *
 * The child's call site
 *
 *     topo *t;  pl_plan plan;  char err[PL_ERR_LEN];
 *     if (topo_open(&t, NULL, NULL, err, sizeof err) != 0) ...fail
 *     int rc = pl_plan_make(t, placement, workers, cpukind, PL_BIND, &plan, err, sizeof err);
 *     if (rc == CB_EUNAVAIL) ...skip with reason err;  else if (rc) ...bad input, exit 2
 *     cfg.pin_sets = plan.pin_sets;          // NULL for none
 *     // info: pus=plan.pus pair_class=plan.pair_class; note plan.note on stderr
 *     pl_check chk;  pl_check_init(&chk, &plan);
 *     // every worker thread at the end of its run: pl_check_self(&chk)
 *     // rep record: migrated=pl_check_migrated(&chk) (-1: leave the column empty)
 *     pl_plan_free(&plan);  topo_close(t);
 *
 * The parent validates a `-p` list before anything runs: pl_policy_split +
 * pl_policy_check for syntax (exit 2), and may call pl_plan_make on this system
 * to sort what cannot run here (CB_EUNAVAIL: skipped.csv) from bad input
 * (CB_EINVAL: exit 2).
 */
#ifndef COROBENCH_PLACEMENT_H
#define COROBENCH_PLACEMENT_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>

#include "../base/status.h"
#include "pairclass.h"
#include "topology.h"

#define PL_ERR_LEN 512 /* a message naming a 60-char value plus a list of kinds */

/* pl_plan_make's statuses (status.h): CB_EINVAL for bad input (an unknown policy,
 * a bad cpus: list, an unknown kind: exit 2), CB_EUNAVAIL when this machine cannot
 * do it (no such pair, too many workers, not this system: skip, say why). */

enum {
	PL_BIND = 1u << 0, /* the plan will pin threads of this process */
};

/* A plan: where each of `workers` workers runs. */
typedef struct pl_plan {
	int workers;            /* how many workers the plan places                        */
	bool pinned;            /* false for `none` (pu, pin_sets NULL; pus "")            */
	int *pu;                /* workers entries: index into topo->pus                   */
	cpu_set_t *pin_sets;    /* workers sets of one PU each, for rt_config.pin_sets;
	                         * NULL when unpinned or when a PU's OS index is beyond
	                         * CPU_SETSIZE (a plan for binding then fails)              */
	char *pus;              /* OS indexes, ';'-separated, for runs.csv `pus`; "" if none */
	const char *pair_class; /* class of the two PUs when exactly two are pinned
	                         * (pairclass.h names), else ""                         */
	char note[512];         /* what the user should know (hybrid preference); ""    */
} pl_plan;

/* Syntax check of one policy, with no machine: true, or false with err naming it. */
bool pl_policy_check(const char *policy, char *err, size_t errlen);

/* Splits a `-p` LIST on commas, keeping the numbers of a cpus: list with it:
 * "compact,cpus:0,2,4-7,scatter" -> {"compact", "cpus:0,2,4-7", "scatter"}. Items
 * are malloc'd (parse_list_free); each is syntax-checked; duplicates are refused. */
bool pl_policy_split(const char *list, char ***items, int *count, char *err, size_t errlen);

/* Makes the plan of `policy` for `workers` workers on topology t. cpukind: NULL
 * or a --cpukind value. Returns CB_OK, CB_EINVAL or CB_EUNAVAIL (err filled). */
int pl_plan_make(const topo *t, const char *policy, int workers, const char *cpukind,
                 unsigned flags, pl_plan *out, char *err, size_t errlen);
void pl_plan_free(pl_plan *p);

/* How many PUs a cpus: policy lists (its natural worker count); 0 for the other
 * policies and for a policy that does not parse. */
int pl_policy_count(const char *policy);

/* Names of the policies, for `corobench list` and messages. */
extern const char *const pl_policy_names[];

#endif
