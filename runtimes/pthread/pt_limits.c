/*
 * pt_limits.c — how many live task threads this machine can honestly hold
 * (rt_runtime.max_live_tasks): workloads that want more live tasks (skynet, spawn
 * at a million) shrink to this and say so in their results.
 *
 * Every limit a thread counts against, measured now, minus what is already used:
 *   - kernel.threads-max and kernel.pid_max (a thread is a pid), minus the threads
 *     alive on the whole system (/proc/loadavg's "running/total" field);
 *   - RLIMIT_NPROC (it counts threads; conservatively minus the system's total);
 *   - the cgroup's pids.max minus pids.current (v2, or v1's pids controller);
 *   - vm.max_map_count minus our current mappings, two per thread (glibc maps a
 *     stack and mprotects its guard page: two VMAs);
 *   - memory: MemAvailable (and the cgroup's memory limit minus usage) divided by
 *     PT_THREAD_BYTES; under strict overcommit (vm.overcommit_memory = 2) the whole
 *     stack is committed, so CommitLimit - Committed_AS divided by the stack size.
 * We take half of the smallest headroom (the machine is shared: the parent, other
 * benchmark children, the shell need pids and memory too), then cap it at
 * PT_MAX_LIVE_CAP.
 */
#include "pt.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* Memory one live thread really costs: a 16 KiB kernel stack (x86-64 THREAD_SIZE),
 * ~8 KiB of task_struct and friends, and the user stack pages it touches (TLS, the
 * thread descriptor and a few frames: ~8 KiB). */
#define PT_THREAD_BYTES (32u << 10)

/* Cap: a thread create+exit costs 26-56 us on a quiet reference machine
 * (WORKLOADS.md) and 100-250 us measured here on the shared 2-vCPU VM under load,
 * so 10,000 live threads are 0.3-2.5 s of spawning per repetition and ~320 MiB
 * (PT_THREAD_BYTES each; 10,000 blocked threads measured 90 MiB RSS here). Beyond
 * that a pthreads run measures the kernel under memory and pid pressure on a
 * shared machine (pid_max is 32768 here) rather than the runtime, and the
 * comparison the suite makes (threads vs coroutines at 10k+ tasks) is decided.
 * 10,240 rather than 10,000: c10k's thread per connection at its definition's
 * 10,000 connections needs 10,000 threads besides the main task. */
#define PT_MAX_LIVE_CAP 10240u /* c10k: 10,000 connection threads + the main one, with room */

static long long read_ll(const char *path)
{
	FILE *f = fopen(path, "r");
	long long v = -1;
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1; /* includes "max" in cgroup files: no limit */
	fclose(f);
	return v;
}

/* A "Key:   123 kB" line of /proc/meminfo, in bytes; -1 if absent. */
static long long meminfo(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long long v = -1;
	size_t klen = strlen(key);
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			if (sscanf(line + klen + 1, "%lld", &v) == 1)
				v *= 1024;
			break;
		}
	fclose(f);
	return v;
}

static long long system_threads(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	long long running = 0, total = -1;
	if (!f)
		return -1;
	if (fscanf(f, "%*s %*s %*s %lld/%lld", &running, &total) != 2)
		total = -1;
	fclose(f);
	return total;
}

static long long our_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long long n = 0;
	int c;
	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* Whether the comma-separated list `list` names `item`. */
static int list_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, item, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Directory of our cgroup for `controller` (cgroup v1), or of the unified (v2)
 * hierarchy when controller is NULL. /proc/self/cgroup lines: "id:controllers:path". */
static int cgroup_dir(const char *controller, char *out, size_t len)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[512];
	int found = 0;
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof line, f)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c1 = *c2 = '\0';
		char *ctrls = c1 + 1, *path = c2 + 1;
		path[strcspn(path, "\n")] = '\0';
		if (controller ? list_has(ctrls, controller) : strcmp(line, "0") == 0 && !*ctrls) {
			snprintf(out, len, "/sys/fs/cgroup%s%s%s", controller ? "/" : "",
			         controller ? controller : "", path);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

/* limit - usage from files `lim` and `use` in the cgroup dir; -1 if unlimited/unknown. */
static long long cgroup_room(const char *controller, const char *lim, const char *use)
{
	char dir[400], p[512];
	if (!cgroup_dir(controller, dir, sizeof dir))
		return -1;
	snprintf(p, sizeof p, "%s/%s", dir, lim);
	long long l = read_ll(p);
	snprintf(p, sizeof p, "%s/%s", dir, use);
	long long u = read_ll(p);
	if (l < 0 || u < 0 || l > (1LL << 60)) /* v1 "unlimited" is ~2^63 */
		return -1;
	return l > u ? l - u : 0;
}

static void shrink(long long *best, long long room)
{
	if (room >= 0 && room < *best)
		*best = room;
}

size_t pt_limits_live_tasks(size_t stack)
{
	long long best = 1LL << 40, sys = system_threads();
	if (sys < 0)
		sys = 0;
	long long v = read_ll("/proc/sys/kernel/threads-max");
	shrink(&best, v >= 0 ? (v > sys ? v - sys : 0) : -1);
	v = read_ll("/proc/sys/kernel/pid_max");
	shrink(&best, v >= 0 ? (v > sys ? v - sys : 0) : -1);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		shrink(&best, (long long)rl.rlim_cur > sys ? (long long)rl.rlim_cur - sys : 0);
	shrink(&best, cgroup_room(NULL, "pids.max", "pids.current"));
	shrink(&best, cgroup_room("pids", "pids.max", "pids.current"));
	v = read_ll("/proc/sys/vm/max_map_count");
	long long maps = our_mappings();
	if (v >= 0 && maps >= 0)
		shrink(&best, v > maps ? (v - maps) / 2 : 0);
	v = meminfo("MemAvailable");
	shrink(&best, v >= 0 ? v / PT_THREAD_BYTES : -1);
	v = cgroup_room(NULL, "memory.max", "memory.current");
	shrink(&best, v >= 0 ? v / PT_THREAD_BYTES : -1);
	v = cgroup_room("memory", "memory.limit_in_bytes", "memory.usage_in_bytes");
	shrink(&best, v >= 0 ? v / PT_THREAD_BYTES : -1);
	if (read_ll("/proc/sys/vm/overcommit_memory") == 2) {
		long long lim = meminfo("CommitLimit"), used = meminfo("Committed_AS");
		if (lim >= 0 && used >= 0 && stack)
			shrink(&best, lim > used ? (lim - used) / (long long)stack : 0);
	}
	best /= 2;
	if (best > PT_MAX_LIVE_CAP)
		best = PT_MAX_LIVE_CAP;
	return best < 1 ? 1 : (size_t)best;
}
