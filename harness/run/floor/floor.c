/* floor.c — the floor family's configurations and their placements (floor.h). */
#include "floor.h"

#include <stdio.h>
#include <string.h>

#include "../../machine/placement.h"
#include "../child_placement.h"

/* Sizes: a repetition takes 0.1-0.6 s normally and 7-30 ms with --quick (make
 * bench runs --quick: 11 repetitions x 5 rounds of each configuration per pass),
 * at the costs measured on the 2-vCPU KVM guests of development: a switch
 * 3.4-5.4 ns; a futex round trip 1.4-1.9 us on one CPU and 40-60 us across two
 * vCPUs (each hand-off wakes a halted vCPU); a cache-line round trip 250-300 ns. */
static const floor_def floors[] = {
    /* one floor's configurations next to each other */
    {&floor_switch_wl, 1, false, 20000000, 2000000},
    {&floor_futex_wl, 1, false, 200000, 10000},
    {&floor_futex_wl, 2, true, 10000, 300},
    {&floor_futex_handoff_wl, 1, false, 200000, 10000},
    {&floor_c2c_wl, 2, true, 2000000, 50000},
};

int floor_count(void)
{
	return (int)(sizeof floors / sizeof floors[0]);
}

const floor_def *floor_at(int i)
{
	return i >= 0 && i < floor_count() ? &floors[i] : NULL;
}

int floor_pairs(const char *names[FLOOR_MAX_PAIRS], char *err, size_t errlen)
{
	_Static_assert(PC_COUNT <= FLOOR_MAX_PAIRS, "FLOOR_MAX_PAIRS holds every pair class");
	topo *t;
	if (topo_open(&t, NULL, NULL, err, errlen) != 0)
		return 0;
	int n = 0;
	for (int c = 0; c < PC_COUNT; c++) {
		pl_plan plan;
		char why[PL_ERR_LEN];
		if (pl_plan_make(t, pc_name((pc_class)c), 2, child_placement_cpukind(), PL_BIND,
		                 &plan, why, sizeof why) != CB_OK)
			continue;
		pl_plan_free(&plan);
		names[n++] = pc_name((pc_class)c);
	}
	if (n == 0) /* t->note: why fewer PUs are usable than exist (taskset, cgroups) */
		snprintf(
		    err, errlen,
		    "needs two PUs of one pair class; this machine has none (%d usable PU%s%s%s)",
		    t->npus, t->npus == 1 ? "" : "s", t->note[0] ? ": " : "", t->note);
	topo_close(t);
	return n;
}
