/* counter_scale.c — see counter_scale.h. */
#include "counter_scale.h"

/* a - b for cumulative counters; a counter that went backwards (it cannot, but a
 * bad reading must not turn into a huge unsigned number) gives 0. */
static uint64_t delta(uint64_t a, uint64_t b)
{
	return a >= b ? a - b : 0;
}

ctr_value ctr_scale(ctr_raw before, ctr_raw after)
{
	ctr_value v = {0};
	uint64_t count = delta(after.count, before.count);
	uint64_t enabled = delta(after.enabled, before.enabled);
	uint64_t running = delta(after.running, before.running);
	v.raw = count;
	if (enabled == 0 || running == 0)
		return v; /* not taken: no estimate exists */
	v.taken = true;
	if (running >= enabled) { /* counted the whole time: exact */
		v.value = (double)count;
		v.ratio = 1.0;
		return v;
	}
	v.value = (double)((long double)count * (long double)enabled / (long double)running);
	v.ratio = (double)running / (double)enabled;
	return v;
}
