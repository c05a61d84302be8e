/* envwarn.c — see envwarn.h. */
#include "envwarn.h"

#include <ctype.h>
#include <glob.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/format/json.h"
#include "cgroup.h"

/* First line of root+path, trimmed of its newline; false when unreadable. */
static bool read_line(const char *root, const char *path, char *buf, size_t len)
{
	char full[4096];
	snprintf(full, sizeof full, "%s%s", root, path);
	FILE *f = fopen(full, "r");
	if (!f)
		return false;
	bool ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

static envw_item *add(envw_list *l, const char *id)
{
	if (l->n == ENVW_MAX)
		return NULL;
	envw_item *w = &l->item[l->n++];
	memset(w, 0, sizeof *w);
	snprintf(w->id, sizeof w->id, "%s", id);
	return w;
}

/* Online CPUs: the count of root/sys/devices/system/cpu/online ("0-3,6"). */
static int online_cpus(const char *root)
{
	char buf[1024];
	if (!read_line(root, "/sys/devices/system/cpu/online", buf, sizeof buf)) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		return n > 0 ? (int)n : 1;
	}
	int count = 0;
	for (char *p = buf; *p;) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p)
			break;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		count += b >= a ? (int)(b - a + 1) : 0;
		p = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	return count > 0 ? count : 1;
}

static void check_governor(const char *root, envw_list *l)
{
	char pat[4096];
	snprintf(pat, sizeof pat, "%s/sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor",
	         root);
	glob_t g;
	if (glob(pat, 0, NULL, &g) != 0)
		return; /* no cpufreq (most VMs): nothing to say */
	int other = 0;
	char example[64] = "";
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char buf[64];
		if (!read_line("", g.gl_pathv[i], buf, sizeof buf) ||
		    strcmp(buf, "performance") == 0)
			continue;
		if (!other++)
			snprintf(example, sizeof example, "%s", buf);
	}
	envw_item *w = other ? add(l, "governor") : NULL;
	if (w) {
		snprintf(w->what, sizeof w->what,
		         "frequency governor '%.40s' (not performance) on %d of %zu CPUs", example,
		         other, g.gl_pathc);
		snprintf(w->effect, sizeof w->effect,
		         "the clock follows the load, so a repetition may start slow and speed "
		         "up: short repetitions and the first configurations look slower, and "
		         "the medians drift with the ramp");
		snprintf(w->fix, sizeof w->fix,
		         "sudo cpupower frequency-set -g performance (or write performance to "
		         "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor)");
	}
	globfree(&g);
}

static void check_turbo(const char *root, envw_list *l)
{
	char buf[32];
	const char *how = NULL;
	if (read_line(root, "/sys/devices/system/cpu/cpufreq/boost", buf, sizeof buf) &&
	    strcmp(buf, "1") == 0)
		how = "cpufreq/boost is 1";
	else if (read_line(root, "/sys/devices/system/cpu/intel_pstate/no_turbo", buf,
	                   sizeof buf) &&
	         strcmp(buf, "0") == 0)
		how = "intel_pstate/no_turbo is 0";
	envw_item *w = how ? add(l, "turbo") : NULL;
	if (!w)
		return;
	snprintf(w->what, sizeof w->what, "turbo/boost is on (%s)", how);
	snprintf(w->effect, sizeof w->effect,
	         "the clock runs above base while the chip is cool and falls back as it "
	         "heats or as more cores wake: repetitions differ by up to the turbo range "
	         "(often 10-30%%) and the order of the configurations matters");
	snprintf(w->fix, sizeof w->fix,
	         "echo 0 | sudo tee /sys/devices/system/cpu/cpufreq/boost (acpi-cpufreq, "
	         "amd-pstate), or echo 1 | sudo tee "
	         "/sys/devices/system/cpu/intel_pstate/no_turbo");
}

static void check_smt(const char *root, const envw_input *in, envw_list *l)
{
	char buf[32];
	if (!in->smt_shared ||
	    !read_line(root, "/sys/devices/system/cpu/smt/active", buf, sizeof buf) ||
	    strcmp(buf, "1") != 0)
		return;
	envw_item *w = add(l, "smt");
	if (!w)
		return;
	snprintf(w->what, sizeof w->what,
	         "SMT is active and this run may put two workers on sibling hardware threads "
	         "of one core");
	snprintf(w->effect, sizeof w->effect,
	         "siblings share a core's execution units and caches: each runs slower than "
	         "alone, and unpinned workers land on siblings or not at random, which "
	         "widens the intervals");
	snprintf(w->fix, sizeof w->fix,
	         "-p cores or -p scatter (one worker per core), or echo off | sudo tee "
	         "/sys/devices/system/cpu/smt/control");
}

static void check_thp(const char *root, envw_list *l)
{
	char buf[128];
	if (!read_line(root, "/sys/kernel/mm/transparent_hugepage/enabled", buf, sizeof buf) ||
	    !strstr(buf, "[always]"))
		return;
	envw_item *w = add(l, "thp");
	if (!w)
		return;
	snprintf(w->what, sizeof w->what, "transparent huge pages are [always] on");
	snprintf(w->effect, sizeof w->effect,
	         "heaps and task stacks may be backed by 2 MiB pages whenever the kernel "
	         "finds room or khugepaged gets to them: page faults, peak RSS, bytes per "
	         "task and spawn costs change from run to run");
	snprintf(w->fix, sizeof w->fix,
	         "echo madvise | sudo tee /sys/kernel/mm/transparent_hugepage/enabled");
}

/* The CPU quota of one cgroup directory, in CPUs; 0 when unlimited or absent. */
static double quota_at(const char *root, const char *dir, bool v2)
{
	char path[4096], buf[128];
	if (v2) {
		snprintf(path, sizeof path, "%s/cpu.max", dir);
		long long q, p;
		if (!read_line(root, path, buf, sizeof buf) ||
		    sscanf(buf, "%lld %lld", &q, &p) != 2 || p <= 0)
			return 0; /* "max 100000": no quota */
		return q > 0 ? (double)q / (double)p : 0;
	}
	char pb[64];
	snprintf(path, sizeof path, "%s/cpu.cfs_quota_us", dir);
	bool ok = read_line(root, path, buf, sizeof buf);
	snprintf(path, sizeof path, "%s/cpu.cfs_period_us", dir);
	if (!ok || !read_line(root, path, pb, sizeof pb))
		return 0;
	long long q = atoll(buf), p = atoll(pb);
	return q > 0 && p > 0 ? (double)q / (double)p : 0;
}

static bool cpu_controller(const char *ctrls)
{
	return strstr(ctrls, "cpu") && !strstr(ctrls, "cpuset");
}

/* The walk's state: the tightest quota so far. */
typedef struct quota_walk {
	const char *root; /* the machine's root ("" here)      */
	double best;      /* CPUs; 0 while no quota was seen   */
} quota_walk;

static void quota_dir(const char *dir, bool v2, void *arg)
{
	quota_walk *w = arg;
	double q = quota_at(w->root, dir, v2);
	if (q > 0 && (w->best == 0 || q < w->best))
		w->best = q;
}

/* The tightest quota of this process's cgroup and its ancestors (each level's
 * limit applies to everything below it), in CPUs; 0 when none. */
static double cgroup_quota(const char *root)
{
	quota_walk w = {root, 0};
	cgroup_walk(root, cpu_controller, quota_dir, &w);
	return w.best;
}

static void check_cgroup(const char *root, const envw_input *in, envw_list *l)
{
	double q = cgroup_quota(root);
	if (q <= 0 || q >= (double)in->cpus_used)
		return;
	envw_item *w = add(l, "cgroup");
	if (!w)
		return;
	snprintf(w->what, sizeof w->what,
	         "a cgroup CPU quota of %.2g CPUs, below the %d CPUs this run uses", q,
	         in->cpus_used);
	snprintf(w->effect, sizeof w->effect,
	         "once the group has used its quota in a period (usually 100 ms) the kernel "
	         "stops all its threads until the next one: repetitions with more workers "
	         "than the quota stall, and the times measure the throttling, not the "
	         "runtime");
	snprintf(w->fix, sizeof w->fix,
	         "-t at most %d, or raise the quota (docker run --cpus, systemd CPUQuota=, "
	         "the cgroup's cpu.max)",
	         (int)q > 0 ? (int)q : 1);
}

static void check_hypervisor(const char *root, envw_list *l)
{
	char how[160] = "";
	char full[4096], line[4096];
	snprintf(full, sizeof full, "%s/proc/cpuinfo", root);
	FILE *f = fopen(full, "r");
	while (f && !how[0] && fgets(line, sizeof line, f))
		if (strncmp(line, "flags", 5) == 0 && strstr(line, " hypervisor"))
			snprintf(how, sizeof how, "the CPU flag 'hypervisor'");
	if (f)
		fclose(f);
	char buf[128];
	if (!how[0] && read_line(root, "/sys/hypervisor/type", buf, sizeof buf) && buf[0])
		snprintf(how, sizeof how, "/sys/hypervisor/type says %.60s", buf);
	static const char *const dmi[] = {"/sys/class/dmi/id/sys_vendor",
	                                  "/sys/class/dmi/id/product_name"};
	static const char *const vms[] = {"QEMU",
	                                  "KVM",
	                                  "VMware",
	                                  "VirtualBox",
	                                  "Xen",
	                                  "Bochs",
	                                  "Amazon EC2",
	                                  "Google Compute Engine",
	                                  "Virtual Machine",
	                                  "Firecracker",
	                                  NULL};
	for (size_t i = 0; !how[0] && i < sizeof dmi / sizeof dmi[0]; i++) {
		if (!read_line(root, dmi[i], buf, sizeof buf))
			continue;
		for (int k = 0; vms[k] && !how[0]; k++)
			if (strstr(buf, vms[k]))
				snprintf(how, sizeof how, "%s says %.60s", dmi[i], buf);
	}
	envw_item *w = how[0] ? add(l, "hypervisor") : NULL;
	if (!w)
		return;
	snprintf(w->what, sizeof w->what, "running under a hypervisor (%s)", how);
	snprintf(w->effect, sizeof w->effect,
	         "vCPUs are threads of the host: they may be preempted or moved, a wake-up "
	         "across vCPUs goes through the hypervisor (tens of microseconds), other "
	         "guests share the caches, and hardware counters are usually absent");
	snprintf(w->fix, sizeof w->fix,
	         "compare ratios inside one run rather than absolute numbers across runs; "
	         "for absolute numbers use bare metal or dedicated, pinned vCPUs");
}

/* Does this process hold CAP_PERFMON (38) or CAP_SYS_ADMIN (21)? */
static bool perf_privileged(const char *root)
{
	char full[4096], line[256];
	snprintf(full, sizeof full, "%s/proc/self/status", root);
	FILE *f = fopen(full, "r");
	if (!f)
		return false;
	uint64_t caps = 0;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "CapEff:", 7) == 0)
			caps = strtoull(line + 7, NULL, 16);
	fclose(f);
	return (caps >> 38 & 1) || (caps >> 21 & 1);
}

static void check_perf(const char *root, const envw_input *in, envw_list *l)
{
	char buf[32];
	if (!in->counters ||
	    !read_line(root, "/proc/sys/kernel/perf_event_paranoid", buf, sizeof buf) ||
	    perf_privileged(root))
		return;
	int p = atoi(buf);
	if (p < 2 || (p == 2 && !in->counters_kernel))
		return;
	envw_item *w = add(l, "perf");
	if (!w)
		return;
	snprintf(w->what, sizeof w->what,
	         "kernel.perf_event_paranoid is %d and this process lacks CAP_PERFMON", p);
	snprintf(w->effect, sizeof w->effect,
	         p >= 3 ? "every counter asked for will be denied: its columns stay empty "
	                  "(env.json says denied), the times are still measured"
	                : "events that count kernel mode (no :u) will be denied: their columns "
	                  "stay empty (env.json says denied), the times are still measured");
	snprintf(w->fix, sizeof w->fix,
	         "sudo sysctl kernel.perf_event_paranoid=%s, or run as root or with "
	         "CAP_PERFMON%s",
	         p >= 3 ? "2 (user-space counting, EVENT:u) or 1" : "1",
	         p == 2 ? ", or count user space only (EVENT:u)" : "");
}

static void check_load(const char *root, envw_list *l)
{
	char buf[128];
	if (!read_line(root, "/proc/loadavg", buf, sizeof buf))
		return;
	double load = atof(buf);
	int cpus = online_cpus(root);
	if (load <= 0.5 * cpus)
		return;
	envw_item *w = add(l, "load");
	if (!w)
		return;
	snprintf(w->what, sizeof w->what,
	         "load average %.2f at the start, above 0.5 per CPU (%d online)", load, cpus);
	snprintf(w->effect, sizeof w->effect,
	         "other work competes for the CPUs: repetitions are slowed at random, the "
	         "intervals widen and cross-CPU hand-offs wait for a CPU");
	snprintf(w->fix, sizeof w->fix,
	         "run on a quiet machine (stop other jobs, wait for the load to fall), or "
	         "compare only configurations of one run, whose rounds were interleaved");
}

static void check_reps(const envw_input *in, envw_list *l)
{
	if (in->reps >= 6)
		return;
	envw_item *w = add(l, "reps");
	if (!w)
		return;
	snprintf(w->what, sizeof w->what, "%d measured repetition(s) per configuration", in->reps);
	snprintf(w->effect, sizeof w->effect,
	         "below 6 no 95%% confidence interval of the median exists: the tables show "
	         "min..max, nothing is called stable, and compare cannot tell a difference "
	         "(its gate wants 10 a side)");
	snprintf(w->fix, sizeof w->fix, "--reps 10 (the default) or more");
}

void envw_check(const char *root, const envw_input *in, envw_list *out)
{
	if (!root)
		root = "";
	memset(out, 0, sizeof *out);
	check_governor(root, out);
	check_turbo(root, out);
	check_smt(root, in, out);
	check_thp(root, out);
	check_cgroup(root, in, out);
	check_hypervisor(root, out);
	check_perf(root, in, out);
	check_load(root, out);
	check_reps(in, out);
}

void envw_print(FILE *f, const char *prefix, const envw_list *l)
{
	for (int i = 0; i < l->n; i++)
		fprintf(f, "%swarning: %s: %s. Fix: %s\n", prefix, l->item[i].what,
		        l->item[i].effect, l->item[i].fix);
}

void envw_json(FILE *f, int *count, const envw_list *l)
{
	char *raw = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&raw, &len);
	if (!m)
		return;
	fputc('[', m);
	for (int i = 0; i < l->n; i++) {
		const envw_item *w = &l->item[i];
		fputs(i ? ",\n    {" : "\n    {", m);
		const char *kv[4][2] = {
		    {"id", w->id}, {"what", w->what}, {"effect", w->effect}, {"fix", w->fix}};
		for (int k = 0; k < 4; k++) {
			fputs(k ? ", " : "", m);
			json_string(m, kv[k][0]);
			fputs(": ", m);
			json_string(m, kv[k][1]);
		}
		fputc('}', m);
	}
	fputs(l->n ? "\n  ]" : "]", m);
	fclose(m);
	json_kv_raw(f, count, "warnings", raw);
	free(raw);
}
