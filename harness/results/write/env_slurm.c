/*
 * env_slurm.c — env.json's "slurm" section, written only inside a Slurm job
 * (SLURM_JOB_ID set): which job, node and partition measured, and what the job
 * was given there: the CPUs this process may run on (its affinity, which
 * Slurm's task/affinity or task/cgroup set, and which the pin plans already
 * keep to: topology.h), the CPUs the job holds on the node, and the memory
 * (Slurm's --mem and the cgroup limit that enforces it, machine/memlimit.h).
 * `corobench fleet --slurm` and the report key a node's results by
 * slurm.node and slurm.partition (docs/SLURM.md).
 *
 *   "slurm": {"job_id": "17", "node": "n01", "partition": "debug",
 *             "cluster": "c", "job_nodes": "n[01-04]", "step_id": "0",
 *             "cpus_on_node": "64", "cpus_per_task": "8",
 *             "cpus_granted": "0-7", "cpus_granted_count": 8,
 *             "mem_per_node_mb": "0", "memory_limit": "unlimited"}
 *
 * Values from Slurm's environment are copied as strings (absent ones left
 * out); cpus_granted is what sched_getaffinity says as the section is written.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../machine/memlimit.h"
#include "../../base/format/json.h"
#include "writers.h"

/* The CPUs of set as a list: "0-3,8,10-11". */
static int cpu_list(const cpu_set_t *set, char *buf, size_t len)
{
	size_t w = 0;
	int n = 0;
	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, set))
			continue;
		int e = c;
		while (e + 1 < CPU_SETSIZE && CPU_ISSET(e + 1, set))
			e++;
		int k = e > c ? snprintf(buf + w, len - w, "%s%d-%d", w ? "," : "", c, e)
		              : snprintf(buf + w, len - w, "%s%d", w ? "," : "", c);
		if (k < 0 || (size_t)k >= len - w)
			break;
		w += (size_t)k;
		n += e - c + 1;
		c = e;
	}
	return n;
}

void env_slurm_section(FILE *f, int *count, const cb_run *run)
{
	(void)run;
	if (!getenv("SLURM_JOB_ID"))
		return;
	static const struct {
		const char *key; /* in env.json   */
		const char *env; /* Slurm's name  */
	} vars[] = {
	    {"job_id", "SLURM_JOB_ID"},
	    {"array_job_id", "SLURM_ARRAY_JOB_ID"},
	    {"array_task_id", "SLURM_ARRAY_TASK_ID"},
	    {"step_id", "SLURM_STEP_ID"},
	    {"node", "SLURMD_NODENAME"},
	    {"partition", "SLURM_JOB_PARTITION"},
	    {"cluster", "SLURM_CLUSTER_NAME"},
	    {"job_nodes", "SLURM_JOB_NODELIST"},
	    {"restart_count", "SLURM_RESTART_COUNT"},
	    {"cpus_on_node", "SLURM_CPUS_ON_NODE"},
	    {"cpus_per_task", "SLURM_CPUS_PER_TASK"},
	    {"mem_per_node_mb", "SLURM_MEM_PER_NODE"},
	    {"mem_per_cpu_mb", "SLURM_MEM_PER_CPU"},
	};
	int n = 0;
	json_kv_raw(f, count, "slurm", "{\n");
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i].env);
		if (v)
			json_kv_str(f, &n, vars[i].key, v);
	}
	cpu_set_t set;
	char buf[1024];
	if (sched_getaffinity(0, sizeof set, &set) == 0) {
		int k = cpu_list(&set, buf, sizeof buf);
		json_kv_str(f, &n, "cpus_granted", buf);
		json_kv_int(f, &n, "cpus_granted_count", k);
	} else {
		json_kv_str(f, &n, "cpus_granted", "unavailable: sched_getaffinity failed");
	}
	uint64_t lim;
	char where[600];
	if (memlimit_read(NULL, &lim, where, sizeof where)) {
		snprintf(buf, sizeof buf, "%.0f MiB (%s)", (double)lim / 1048576.0, where);
		json_kv_str(f, &n, "memory_limit", buf);
		json_kv_uint(f, &n, "memory_limit_bytes", (unsigned long long)lim);
	} else {
		json_kv_str(f, &n, "memory_limit", "unlimited (no cgroup memory limit)");
	}
	fputs("\n  }", f);
}
