/*
 * topology.h — the machine a plan is made for: this system, an hwloc XML file, or
 * an hwloc synthetic description; and the per-PU facts placement needs.
 *
 * What it is for
 *   Placement (placement.h), `corobench topo`, `plan` and `c2c` all look at the
 *   machine through this one object. It wraps an hwloc topology and flattens what
 *   the policies ask about every processing unit (PU) into a table: its OS index,
 *   and the logical indexes of its core, L2, L3, NUMA node and package.
 *
 * What it promises
 *   - topo_open(NULL, NULL) is this machine; topo_open(xml, NULL) loads an hwloc
 *     XML export; topo_open(NULL, s) builds hwloc's synthetic topology s
 *     ("pack:2 numa:2 core:8 pu:2"). A loaded topology is never this system, even
 *     when HWLOC_THISSYSTEM=1 says otherwise: `this_system` is false and
 *     topo_can_bind() refuses, with a reason, so a plan made for another machine
 *     is never applied to this one (`plan` and `topo` work on any topology; `run`
 *     binds only on this system). HWLOC_XMLFILE / HWLOC_SYNTHETIC in the
 *     environment are noticed the same way (hwloc then says the topology is not
 *     this system).
 *   - The PU table holds only the PUs a plan may use, in hwloc logical order
 *     (depth-first through the tree, so SMT siblings are adjacent and a cache
 *     domain's PUs are contiguous). On this system that is hwloc's allowed set
 *     (cgroup cpuset) intersected with this process's CPU affinity (taskset):
 *     `taskset -c 2-5 corobench run -p compact` plans inside 2-5. For a loaded
 *     topology it is every PU.
 *   - Every error is one line naming the bad value (file path, synthetic string).
 */
#ifndef COROBENCH_TOPOLOGY_H
#define COROBENCH_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>

#include <hwloc.h>

/* One usable processing unit (hardware thread) and where it sits. Level indexes
 * are hwloc logical indexes, -1 when the topology has no such level (no L3 on a
 * Xeon Phi, no Package in a synthetic "core:4 pu:2"). */
typedef struct topo_pu {
	unsigned os;     /* OS index: what cpu_set_t, sched_getcpu() and taskset use  */
	int logical;     /* hwloc logical index among all PUs of the topology         */
	int core;        /* logical index of its Core; -1 when the level is absent    */
	int l2;          /* logical index of its L2 cache; -1 when absent              */
	int l3;          /* logical index of its L3 cache; -1 when absent              */
	int numa;        /* logical index of its nearest NUMA node (smallest cpuset)   */
	int package;     /* logical index of its Package; -1 when absent               */
	int smt_rank;    /* 0 for the first usable PU of its core, 1 for the next, ... */
	int kind;        /* hwloc cpukind index (higher = more performant); -1 unknown */
	hwloc_obj_t obj; /* the PU object itself                                     */
} topo_pu;

/* An opened topology. Read-only after topo_open. */
typedef struct topo {
	hwloc_topology_t h; /* the hwloc topology (also exported as topology.xml)     */
	bool this_system;   /* the machine we run on (binding allowed)                */
	char source[320];   /* "this system", "file X.xml", "synthetic 'pack:2 ...'"   */
	char note[256];     /* why usable PUs are fewer than all PUs; "" when not    */
	int npus;           /* usable PUs                                             */
	topo_pu *pus;       /* npus entries, in logical order                         */
	int nkinds;         /* hwloc cpukinds (0 when hwloc knows none)               */
} topo;

/* Opens a topology: this system when xml and synthetic are both NULL. Returns 0,
 * or -1 with err naming the path or string (the caller prints it, exits 2). */
int topo_open(topo **out, const char *xml, const char *synthetic, char *err, size_t errlen);
void topo_close(topo *t);

/* The usable PU with OS index os, or NULL (absent, or outside this process's
 * affinity). */
const topo_pu *topo_find_os(const topo *t, unsigned os);

/* True when plans for this topology may be applied to threads of this process:
 * it is this system and hwloc can bind threads here. Else false with the reason. */
bool topo_can_bind(const topo *t, char *err, size_t errlen);

/* Number of objects at a level (0 when absent), e.g. HWLOC_OBJ_L3CACHE. */
int topo_count(const topo *t, hwloc_obj_type_t type);

/* One line: "2 packages, 2 NUMA nodes, 24 L3, 192 L2, 192 cores, 384 PUs (SMT: 2
 * PUs per core)" (SMT "1-2" on hybrid parts whose cores differ). */
void topo_summary(const topo *t, char *buf, size_t len);

/* Writes the topology as hwloc XML to dir/topology.xml through a temporary name
 * and a rename, so a reader never sees half a file. 0, or -1 with err. */
int topo_export_xml(const topo *t, const char *dir, char *err, size_t errlen);

#endif
