/*
 * cpukind.h — CPU kinds of hybrid processors (hwloc cpukinds): Intel P- and
 * E-cores, arm big.LITTLE. Placement prefers the most performant kind; the user
 * picks another with `--cpukind`.
 *
 * What it promises
 *   - Kinds are hwloc's: index 0 is the least performant ("efficiency" in hwloc's
 *     words ranks performance), nkinds-1 the most. A machine with fewer than two
 *     kinds is not hybrid and nothing here changes a plan.
 *   - ck_resolve accepts, case-insensitively: a kind index ("0"), `performance`
 *     (the most performant kind), `efficiency` (the least), or the value of one
 *     of the kind's hwloc infos (`IntelCore`, `IntelAtom`, a `LinuxCapacity`
 *     number). Anything else is an error naming the value and listing the kinds.
 */
#ifndef COROBENCH_CPUKIND_H
#define COROBENCH_CPUKIND_H

#include <stdbool.h>
#include <stddef.h>

#include "topology.h"

/* True when the topology has two kinds or more. */
bool ck_hybrid(const topo *t);
/* The kind `spec` names: 0 with *kind set, or -1 with err. */
int ck_resolve(const topo *t, const char *spec, int *kind, char *err, size_t errlen);
/* "kind 1 (CoreType=IntelCore, PUs 0-11)" into buf. */
void ck_describe(const topo *t, int kind, char *buf, size_t len);

#endif
