/*
 * pt_cpus.c — which CPUs the pthread runtime's task threads may run on.
 *
 * `-t N` for pthreads means "the threads are confined to N CPUs" (DESIGN.md): tasks
 * are still one thread each, however many there are. Two cases:
 *   - a pin plan (cfg->pin_sets, one set per worker): every task thread may run on
 *     the union of the sets. Threads are not assigned one set each: tasks come and
 *     go, and the kernel balances them within the union. Overlapping sets (two
 *     workers on one PU) give a union smaller than N, which is what was asked.
 *   - no pin plan: the first N CPUs, in CPU number order, of the affinity mask the
 *     process has now (so `taskset -c 4-7 corobench ... -t 2` uses CPUs 4 and 5, and
 *     `-t 1` really means one CPU). Asking for more CPUs than the mask holds is an
 *     error (-EINVAL), not a silent "all of them": a row labelled threads=4 must not
 *     have run on 2 CPUs.
 */
#include "pt.h"

#include <errno.h>

int pt_cpus_choose(const rt_config *cfg, cpu_set_t *out, int *count)
{
	CPU_ZERO(out);
	*count = 0;
	if (cfg->workers < 1)
		return -EINVAL;
	if (cfg->pin_sets) {
		for (int i = 0; i < cfg->workers; i++)
			CPU_OR(out, out, &cfg->pin_sets[i]);
	} else {
		cpu_set_t mask;
		if (sched_getaffinity(0, sizeof mask, &mask) != 0)
			return -errno;
		int taken = 0;
		for (int cpu = 0; cpu < CPU_SETSIZE && taken < cfg->workers; cpu++) {
			if (CPU_ISSET(cpu, &mask)) {
				CPU_SET(cpu, out);
				taken++;
			}
		}
		if (taken < cfg->workers)
			return -EINVAL;
	}
	*count = CPU_COUNT(out);
	return *count > 0 ? 0 : -EINVAL;
}
