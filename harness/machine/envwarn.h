/*
 * envwarn.h — what about this machine, right now, can bias the numbers of a run:
 * the warnings `corobench run` prints in its first lines and records in env.json
 * (`warnings`, docs/RESULTS.md), for the report's header to show.
 *
 * Checked (each only where the kernel exposes it; a file that is absent, as in
 * most VMs for cpufreq, gives no warning rather than a guess):
 *   governor    a CPU's scaling_governor is not `performance`
 *   turbo       cpufreq/boost is 1, or intel_pstate/no_turbo is 0
 *   smt         SMT is active and the run may put two workers on one core
 *               (the caller says: a pinned plan with siblings, or unpinned
 *               workers on an SMT machine)
 *   thp         transparent huge pages `[always]`
 *   cgroup      a CPU quota (cgroup v2 cpu.max, or v1 cfs_quota_us/period) of this
 *               process's cgroup or an ancestor below the CPUs the run uses
 *   hypervisor  the CPU flag `hypervisor`, /sys/hypervisor/type, or a VM vendor
 *               in the DMI product strings
 *   perf        counters were asked for and perf_event_paranoid denies them to
 *               this unprivileged process (>= 3: all; 2: kernel-mode counting,
 *               i.e. events without `:u`); CAP_PERFMON or CAP_SYS_ADMIN bypass it
 *   load        the 1-minute load average above 0.5 per online CPU at the start
 *   reps        fewer than 6 measured repetitions: no 95% interval exists
 * Each warning says what was seen, what it may do to the numbers, and how to
 * fix it. None stops a run: a laptop or a VM is a normal place to measure, as
 * long as the numbers say where they come from.
 *
 * Testing: every path is read under `root` ("" for the real machine), so a test
 * builds a fake /sys and /proc in a directory and checks each warning.
 */
#ifndef COROBENCH_ENVWARN_H
#define COROBENCH_ENVWARN_H

#include <stdbool.h>
#include <stdio.h>

#define ENVW_MAX 12

/* What the run is about to do. */
typedef struct envw_input {
	int cpus_used;        /* the most workers (-t) any configuration asks for       */
	bool smt_shared;      /* some configuration may put two workers on one core      */
	bool counters;        /* --counters asked for at least one event                */
	bool counters_kernel; /* some event counts kernel mode too (no :u)              */
	int reps;             /* measured repetitions per configuration                  */
} envw_input;

/* One warning. */
typedef struct envw_item {
	char id[16];      /* governor, turbo, smt, thp, cgroup, hypervisor, perf, load, reps */
	char what[200];   /* what was seen ("governor powersave on 2 of 2 CPUs")        */
	char effect[300]; /* what it may do to the numbers                              */
	char fix[240];    /* how to fix it                                              */
} envw_item;

typedef struct envw_list {
	envw_item item[ENVW_MAX]; /* in the order of the list above */
	int n;                    /* count                          */
} envw_list;

/* Fills out from the machine under root ("" or NULL: this machine). */
void envw_check(const char *root, const envw_input *in, envw_list *out);

/* Prints each as "warning: WHAT: EFFECT. Fix: FIX" with the given prefix. */
void envw_print(FILE *f, const char *prefix, const envw_list *l);

/* env.json's `"warnings": [{"id", "what", "effect", "fix"}, ...]` (an empty array
 * when there is none), through json.h's json_kv_raw. */
void envw_json(FILE *f, int *count, const envw_list *l);

#endif
