/* test_envwarn.c — the environment warnings (harness/machine/envwarn.h) on a
 * fake /sys and /proc built in a temporary directory: each condition warns with
 * what it saw, what it may do and the fix; a quiet machine warns of nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../harness/base/format/json_read.h"
#include "../harness/machine/envwarn.h"
#include "support/resfix.h"

static char root[256];

/* Writes text to root/path, making its directories. */
static void put(const char *path, const char *text)
{
	char full[1024];
	snprintf(full, sizeof full, "%s%s", root, path);
	for (char *s = full + strlen(root) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(full, 0777);
			*s = '/';
		}
	FILE *f = fopen(full, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/corobench-envwarn-XXXXXX");
	assert_non_null(mkdtemp(root));
	/* a quiet, well set-up machine: 4 CPUs, performance, no boost, THP madvise */
	put("/sys/devices/system/cpu/online", "0-3\n");
	for (int i = 0; i < 4; i++) {
		char p[128];
		snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", i);
		put(p, "performance\n");
	}
	put("/sys/devices/system/cpu/cpufreq/boost", "0\n");
	put("/sys/devices/system/cpu/smt/active", "1\n");
	put("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
	put("/proc/self/cgroup", "0::/bench.slice/run.scope\n");
	put("/sys/fs/cgroup/cpu.max", "max 100000\n");
	put("/sys/fs/cgroup/bench.slice/cpu.max", "max 100000\n");
	put("/sys/fs/cgroup/bench.slice/run.scope/cpu.max", "max 100000\n");
	put("/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme sse2\n");
	put("/proc/sys/kernel/perf_event_paranoid", "1\n");
	put("/proc/self/status", "Name:\tcorobench\nCapEff:\t0000000000000000\n");
	put("/proc/loadavg", "0.10 0.20 0.30 1/100 1234\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	resfix_rmrf(root);
	return 0;
}

static const envw_input quiet_run = {.cpus_used = 2, .reps = 10};

static const envw_item *find(const envw_list *l, const char *id)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->item[i].id, id) == 0)
			return &l->item[i];
	return NULL;
}

static void quiet_machine_has_no_warning(void **state)
{
	(void)state;
	envw_list l;
	envw_check(root, &quiet_run, &l);
	for (int i = 0; i < l.n; i++)
		print_message("unexpected: %s: %s\n", l.item[i].id, l.item[i].what);
	assert_int_equal(l.n, 0);
}

/* Each condition alone: its warning, with all three parts said. */
static void each_condition_warns(void **state)
{
	(void)state;
	struct {
		const char *path, *bad, *good, *id, *seen;
	} cases[] = {
	    {"/sys/devices/system/cpu/cpu2/cpufreq/scaling_governor", "powersave\n",
	     "performance\n", "governor", "powersave"},
	    {"/sys/devices/system/cpu/cpufreq/boost", "1\n", "0\n", "turbo", "boost"},
	    {"/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n",
	     "always [madvise] never\n", "thp", "[always]"},
	    {"/sys/fs/cgroup/bench.slice/cpu.max", "150000 100000\n", "max 100000\n", "cgroup",
	     "1.5 CPUs"},
	    {"/proc/cpuinfo", "flags\t\t: fpu hypervisor sse2\n", "flags\t\t: fpu sse2\n",
	     "hypervisor", "hypervisor"},
	    {"/proc/loadavg", "3.50 1.0 1.0 1/100 1\n", "0.10 0.20 0.30 1/100 1\n", "load", "3.50"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		put(cases[i].path, cases[i].bad);
		envw_list l;
		envw_check(root, &quiet_run, &l);
		put(cases[i].path, cases[i].good);
		const envw_item *w = find(&l, cases[i].id);
		if (!w)
			fail_msg("no '%s' warning for %s", cases[i].id, cases[i].path);
		assert_int_equal(l.n, 1);
		assert_non_null(strstr(w->what, cases[i].seen));
		assert_true(strlen(w->effect) > 20 && strlen(w->fix) > 5);
	}
}

static void smt_reps_and_perf_depend_on_the_run(void **state)
{
	(void)state;
	envw_list l;
	envw_input in = quiet_run;
	in.smt_shared = true;
	envw_check(root, &in, &l);
	assert_non_null(find(&l, "smt"));
	put("/sys/devices/system/cpu/smt/active", "0\n"); /* SMT off: nothing to share */
	envw_check(root, &in, &l);
	assert_null(find(&l, "smt"));
	put("/sys/devices/system/cpu/smt/active", "1\n");

	in = quiet_run;
	in.reps = 5;
	envw_check(root, &in, &l);
	assert_non_null(find(&l, "reps"));

	/* paranoid 2: only kernel-mode counting is denied; 3: everything */
	in = quiet_run;
	in.counters = true;
	put("/proc/sys/kernel/perf_event_paranoid", "2\n");
	envw_check(root, &in, &l);
	assert_null(find(&l, "perf")); /* user-space events only */
	in.counters_kernel = true;
	envw_check(root, &in, &l);
	assert_non_null(find(&l, "perf"));
	put("/proc/self/status", "CapEff:\t0000004000000000\n"); /* CAP_PERFMON */
	envw_check(root, &in, &l);
	assert_null(find(&l, "perf"));
	put("/proc/self/status", "CapEff:\t0000000000000000\n");
	put("/proc/sys/kernel/perf_event_paranoid", "3\n");
	in.counters_kernel = false;
	envw_check(root, &in, &l);
	assert_non_null(strstr(find(&l, "perf")->effect, "every counter"));
	in.counters = false; /* no counters asked: paranoid does not matter */
	envw_check(root, &in, &l);
	assert_null(find(&l, "perf"));
	put("/proc/sys/kernel/perf_event_paranoid", "1\n");
}

static void warnings_are_json(void **state)
{
	(void)state;
	put("/proc/loadavg", "9.99 1 1 1/1 1\n");
	envw_input in = quiet_run;
	in.reps = 3;
	envw_list l;
	envw_check(root, &in, &l);
	put("/proc/loadavg", "0.10 0.20 0.30 1/100 1234\n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int count = 0;
	fputs("{\n", f);
	envw_json(f, &count, &l);
	fputs("\n}\n", f);
	fclose(f);
	jsonr_doc d;
	char err[200];
	assert_true(jsonr_parse(buf, len, &d, err, sizeof err));
	assert_string_equal(jsonr_get(&d, "warnings[0].id"), "load");
	assert_string_equal(jsonr_get(&d, "warnings[1].id"), "reps");
	assert_non_null(jsonr_get(&d, "warnings[1].fix"));
	jsonr_free(&d);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(quiet_machine_has_no_warning),
	    cmocka_unit_test(each_condition_warns),
	    cmocka_unit_test(smt_reps_and_perf_depend_on_the_run),
	    cmocka_unit_test(warnings_are_json),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
