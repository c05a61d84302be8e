/*
 * pairclass.h — how close two PUs are: the pair classes of two-party placements
 * (`-p smt`, `l2`, `l3`, `cross-l3`, `cross-numa`, `cross-package`) and of the
 * core-to-core latency matrix (c2c.h).
 *
 * What it promises
 *   A pair of distinct PUs has exactly one class, its closest shared level:
 *
 *     smt            same core (SMT siblings)
 *     l2             same L2 cache, different cores
 *     l3             same L3 cache, different L2 caches
 *     cross-l3       no shared cache, same NUMA node and package: different
 *                    last-level caches (on a machine without L3, such as a Xeon
 *                    Phi, different L2 tiles, the LLC there)
 *     cross-numa     same package, different NUMA nodes
 *     cross-package  different packages
 *
 *   Caches are checked first: two PUs sharing an L3 are `l3` even when a
 *   sub-NUMA clustering mode puts them in different NUMA nodes, because a
 *   cache-line hand-off between them never leaves that L3. Packages are checked
 *   before NUMA nodes, so on a machine whose one NUMA node spans two packages a
 *   pair across them is `cross-package`. hwloc Groups (arm clusters, dies) are
 *   not classes of their own: PUs in one cluster under one L3 are `l3`.
 *
 *   pc_find returns the first pair of a class among candidate PUs, in candidate
 *   order (the first PU that has a partner of that class, and its first partner),
 *   so a plan is deterministic for a given topology.
 */
#ifndef COROBENCH_PAIRCLASS_H
#define COROBENCH_PAIRCLASS_H

#include <stdbool.h>

#include "topology.h"

typedef enum pc_class {
	PC_SMT,
	PC_L2,
	PC_L3,
	PC_CROSS_L3,
	PC_CROSS_NUMA,
	PC_CROSS_PACKAGE,
	PC_COUNT /* number of classes */
} pc_class;

/* CLI name: "smt", "l2", ..., "cross-package". */
const char *pc_name(pc_class c);
/* Human label for summaries: "same core (SMT)", "same L3", "cross package". */
const char *pc_label(pc_class c);
/* The class named s, or -1. */
int pc_parse(const char *s);
/* The class of two distinct PUs of one topology. */
pc_class pc_of(const topo_pu *a, const topo_pu *b);
/* The first pair of class c among the candidate PUs cand[0..n) (indexes into
 * t->pus). True with *ia, *ib (cand order: ia before ib); false when none. */
bool pc_find(const topo *t, pc_class c, const int *cand, int n, int *ia, int *ib);

#endif
