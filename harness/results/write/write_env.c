/* write_env.c — env.json: everything about the machine and the build that can
 * bias a result (writers.h; DESIGN.md "Record everything that can bias a result").
 * Its sections (env_counters.c, env_placement.c) add the counters' statuses and
 * the topology; the run adds the Go peer's through cb_run.env_extra. A value that cannot be read
 * says why ("unavailable: <path> missing") rather than being left out. */
#include <hwloc.h>
#include <perfmon/pfmlib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../../../runtimes/rt.h"
#include "../../../workloads/workload.h"
#include "../../measure/tsc.h"
#include "../../base/atomic_file.h"
#include "../../base/format/json.h"
#include "writers.h"

#ifndef COROBENCH_GIT_REV
#define COROBENCH_GIT_REV "unknown"
#endif
#ifndef COROBENCH_CFLAGS
#define COROBENCH_CFLAGS "unknown"
#endif

/* First line of a file, trimmed; or "unavailable: <path>". */
static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, (int)len, f)) {
		snprintf(buf, len, "unavailable: %s not readable", path);
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

void env_cpu_model(char *buf, size_t len)
{
	snprintf(buf, len, "unknown");
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		/* x86: "model name"; arm64 has no model name, only "CPU part" */
		if (strncmp(line, "model name", 10) == 0) {
			char *colon = strchr(line, ':');
			if (colon) {
				snprintf(buf, len, "%s", colon + 2);
				buf[strcspn(buf, "\n")] = '\0';
			}
			break;
		}
	}
	fclose(f);
}

/* Median cost of one call of a clock, over 1000 batches of 100 calls. */
static double clock_overhead_ns(bool tsc)
{
	enum { BATCHES = 1000, CALLS = 100 };
	static double cost[BATCHES];
	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = rt_nanotime();
		volatile uint64_t sink = 0;
		for (int i = 0; i < CALLS; i++)
			sink += tsc ? wl_ticks() : rt_nanotime();
		(void)sink;
		cost[b] = (double)(rt_nanotime() - t0) / CALLS;
	}
	/* insertion sort of 1000 doubles is cheap enough and keeps this file free of
	 * a stats dependency for one median */
	for (int i = 1; i < BATCHES; i++) {
		double v = cost[i];
		int j = i - 1;
		for (; j >= 0 && cost[j] > v; j--)
			cost[j + 1] = cost[j];
		cost[j + 1] = v;
	}
	return cost[BATCHES / 2];
}

bool write_env_json(const cb_run *run, const results_rows *rows, char *err, size_t errlen)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/env.json", run->outdir);
	atomic_file a;
	if (!atomic_open(&a, path, err, errlen))
		return false;
	FILE *f = a.f;
	int n = 0;
	char buf[512];
	struct utsname u;
	uname(&u);
	fputs("{\n", f);
	json_kv_int(f, &n, "schema", RESULTS_SCHEMA);
	gethostname(buf, sizeof buf);
	json_kv_str(f, &n, "host", buf);
	json_kv_str(f, &n, "started", run->started);
	json_kv_str(f, &n, "command", run->command);
	/* Incomplete from the first write on: only the last write of a run that
	 * reached its end says "complete": "yes", so a run killed in any way (SIGKILL
	 * included, which no handler sees) leaves "no" behind. */
	json_kv_str(f, &n, "complete", run->complete ? "yes" : "no");
	json_kv_str(f, &n, "interrupted", run->complete ? "no" : "yes");
	if (!run->complete)
		json_kv_str(f, &n, "stop_reason",
		            run->stop_reason[0]
		                ? run->stop_reason
		                : "not finished: still running, or killed (SIGKILL, "
		                  "power loss) before its end");
	json_kv_uint(f, &n, "seed", (unsigned long long)run->seed);
	json_kv_int(f, &n, "reps", run->reps);
	json_kv_int(f, &n, "warmup", run->warmup);
	json_kv_int(f, &n, "rounds", run->rounds);
	if (run->rounds_requested && run->rounds_requested != run->rounds)
		json_kv_int(f, &n, "rounds_requested", run->rounds_requested);
	if (run->adjusted[0])
		json_kv_str(f, &n, "adjusted", run->adjusted);
	json_kv_num(f, &n, "timeout_s", run->timeout_s);
	if (rows) { /* what each file holds: a reader checks a cut file against it */
		char raw[256];
		snprintf(raw, sizeof raw,
		         "{\"runs.csv\": %ld, \"summary.csv\": %ld, \"failures.csv\": %ld, "
		         "\"skipped.csv\": %ld}",
		         rows->runs, rows->summary, rows->failures, rows->skipped);
		json_kv_raw(f, &n, "rows", raw);
	}
	env_cpu_model(buf, sizeof buf);
	json_kv_str(f, &n, "cpu_model", buf);
	json_kv_int(f, &n, "online_cpus", sysconf(_SC_NPROCESSORS_ONLN));
	json_kv_str(f, &n, "arch", u.machine);
	snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.version);
	json_kv_str(f, &n, "kernel", buf);
	json_kv_str(f, &n, "compiler", "gcc-compatible " __VERSION__);
	json_kv_str(f, &n, "cflags", COROBENCH_CFLAGS);
	json_kv_str(f, &n, "git_revision", COROBENCH_GIT_REV);
	read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof buf);
	json_kv_str(f, &n, "governor", buf);
	read_line("/sys/devices/system/cpu/cpufreq/boost", buf, sizeof buf);
	if (strncmp(buf, "unavailable", 11) == 0)
		read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", buf, sizeof buf);
	json_kv_str(f, &n, "boost", buf);
	read_line("/sys/devices/system/cpu/smt/active", buf, sizeof buf);
	json_kv_str(f, &n, "smt_active", buf);
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", buf,
	          sizeof buf);
	json_kv_str(f, &n, "clocksource", buf);
	read_line("/proc/sys/kernel/perf_event_paranoid", buf, sizeof buf);
	json_kv_str(f, &n, "perf_event_paranoid", buf);
	unsigned hv = hwloc_get_api_version();
	snprintf(buf, sizeof buf, "%u.%u.%u", hv >> 16, (hv >> 8) & 0xff, hv & 0xff);
	json_kv_str(f, &n, "hwloc_api_version", buf);
	int pv = pfm_get_version();
	snprintf(buf, sizeof buf, "%d.%d", PFM_MAJ_VERSION(pv), PFM_MIN_VERSION(pv));
	json_kv_str(f, &n, "libpfm4_api_version", buf);
	/* measured once per process: env.json is rewritten after every round */
	static double clock_ns = -1, cycle_ns, ticks_per_ns;
	if (clock_ns < 0) {
		clock_ns = clock_overhead_ns(false);
		cycle_ns = clock_overhead_ns(true);
		ticks_per_ns = 1.0 / tsc_ns_per_tick(); /* the calibration latency samples use */
	}
	json_kv_num(f, &n, "clock_gettime_overhead_ns", clock_ns);
	json_kv_num(f, &n, "cycle_clock_overhead_ns", cycle_ns);
	json_kv_num(f, &n, "cycle_clock_ticks_per_ns", ticks_per_ns);
	json_kv_str(f, &n, "cycle_clock_invariant", tsc_invariant() ? "yes" : "no");
	env_counters_section(f, &n, run);
	env_placement_section(f, &n, run);
	env_slurm_section(f, &n, run);
	if (run->env_extra)
		run->env_extra(f, &n, run);
	fputs("\n}\n", f);
	return atomic_commit(&a, err, errlen);
}
