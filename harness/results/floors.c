/* floors.c — see floors.h. The table is docs/RESULTS.md's "Floors" table: change
 * both together. Minimum switches per op are docs/THREADS-BASELINE.md's. */
#include "floors.h"

#include <string.h>

/* Ordered per workload: within one configuration, the bound the runtime is
 * expected to approach comes first. */
const floor_bound floor_bounds[] = {
    /* pingpong: one op is a round trip, two blocking hand-offs */
    {"pingpong", 1, 1, FLOOR_RT_USER, FLOOR_SWITCH, 1, 2.0,
     "a round trip resumes each parked side once: two task switches"},
    {"pingpong", 1, 1, FLOOR_RT_THREADS, FLOOR_FUTEX_HANDOFF, 1, 1.0,
     "a rendezvous cannot post ahead: each side sleeps in FUTEX_WAIT and is woken by "
     "FUTEX_WAKE once per round trip (4 system calls, 2 switches)"},
    {"pingpong", 1, 1, FLOOR_RT_THREADS, FLOOR_FUTEX, 1, 1.0,
     "the kernel's cheapest blocking round trip (2 system calls, 2 switches), which "
     "only a protocol that posts ahead reaches"},
    {"pingpong", 2, 0, FLOOR_RT_USER, FLOOR_SWITCH, 1, 2.0,
     "each side is parked when its value arrives: two task switches per round trip on "
     "any number of workers"},
    {"pingpong", 2, 0, FLOOR_RT_THREADS, FLOOR_FUTEX, 2, 1.0,
     "both threads asleep on two CPUs: each hand-off wakes the other CPU"},
    {"pingpong", 2, 0, FLOOR_RT_THREADS, FLOOR_FUTEX_HANDOFF, 1, 1.0,
     "both threads on one of the CPUs (the kernel's choice): the one-CPU hand-off"},
    {"pingpong", 2, 0, FLOOR_RT_ANY, FLOOR_C2C, 2, 1.0,
     "when the two sides run on two CPUs, the hand-off's cache line goes there and back"},
    /* ring: one op is a hop, one blocking hand-off; 503 members, each asleep for
     * hundreds of hops (far longer than pthread's 5 us adaptive spin) */
    {"ring", 1, 0, FLOOR_RT_USER, FLOOR_SWITCH, 1, 1.0,
     "a hop resumes the parked next member: one task switch"},
    {"ring", 1, 0, FLOOR_RT_THREADS, FLOOR_FUTEX_HANDOFF, 1, 0.5,
     "a hop is one of a round trip's two hand-offs (one FUTEX_WAKE, one FUTEX_WAIT, "
     "one switch)"},
    /* sieve: one op is a receive, each a rendezvous with a parked partner */
    {"sieve", 1, 0, FLOOR_RT_USER, FLOOR_SWITCH, 1, 1.0,
     "every receive completes a rendezvous whose parked side is resumed: one task "
     "switch"},
    {"sieve", 1, 1, FLOOR_RT_THREADS, FLOOR_FUTEX_HANDOFF, 1, 0.5,
     "on one CPU every receive is one blocking hand-off"},
    /* yield: one op is a yield */
    {"yield", 1, 0, FLOOR_RT_ANY, FLOOR_SWITCH, 1, 1.0,
     "a yield that switches saves one register set and restores another: read it only "
     "where metric:switched_yields >= 0.99 (a yield alone on its worker switches "
     "nothing)"},
    {NULL, 0, 0, FLOOR_RT_ANY, NULL, 0, 0, NULL},
};

bool floor_is_row(const char *runtime)
{
	return runtime && strcmp(runtime, FLOOR_RUNTIME) == 0;
}

floor_rt_kind floor_rt_kind_of(const char *runtime)
{
	return strcmp(runtime, "pthread") == 0 ? FLOOR_RT_THREADS : FLOOR_RT_USER;
}

int floor_bounds_for(const char *workload, const char *runtime, int threads,
                     const floor_bound **out, int max)
{
	if (!workload || !runtime || floor_is_row(runtime))
		return 0;
	floor_rt_kind kind = floor_rt_kind_of(runtime);
	int n = 0;
	for (const floor_bound *b = floor_bounds; b->workload; b++) {
		if (strcmp(b->workload, workload) != 0 || threads < b->min_threads ||
		    (b->max_threads && threads > b->max_threads) ||
		    (b->rt != FLOOR_RT_ANY && b->rt != kind))
			continue;
		if (n < max)
			out[n] = b;
		n++;
	}
	return n;
}

bool floor_row_matches(const floor_bound *b, const char *pair_class, const char *row_workload,
                       const char *row_runtime, int row_threads, const char *row_placement)
{
	if (!floor_is_row(row_runtime) || strcmp(row_workload, b->floor) != 0 ||
	    row_threads != b->floor_threads)
		return false;
	if (b->floor_threads == 1)
		return strcmp(row_placement, "none") == 0;
	return !pair_class || !pair_class[0] || strcmp(row_placement, pair_class) == 0;
}
