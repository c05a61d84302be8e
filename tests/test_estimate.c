/* test_estimate.c — the time estimate of `run --dry-run` (harness/run/estimate.h)
 * and the runtime keys of `run --go` (harness/run/peer/go_build.h). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/run/estimate.h"
#include "../harness/run/peer/go_build.h"

static cb_config config(const char *wl, const char *runtime, int threads, int64_t n)
{
	cb_config c;
	memset(&c, 0, sizeof c);
	c.wl = wl_find(wl);
	assert_non_null(c.wl);
	c.runtime = runtime;
	c.rt = strncmp(runtime, "go", 2) == 0 ? NULL : rt_find(runtime);
	c.threads = threads;
	c.params[0] = n;
	return c;
}

static double table(const char *wl, const char *rt, int t)
{
	for (const est_cost *c = est_costs; c->workload; c++)
		if (!strcmp(c->workload, wl) && !strcmp(c->runtime, rt))
			return t <= 1 ? c->ns_t1 : c->ns_t2;
	fail_msg("no cost row for %s/%s", wl, rt);
	return 0;
}

static void time_is_reps_times_cost_plus_rounds(void **state)
{
	(void)state;
	cb_config c = config("pingpong", "gmp", 1, 2000);
	bool known;
	double ns = est_config_ns(&c, 10, 1, 5, &known);
	assert_true(known);
	double want = 15 * table("pingpong", "gmp", 1) * 2000 + 5 * EST_ROUND_C_NS;
	assert_true(fabs(ns - want) < 1e-6 * want);
	/* linear in n; more workers costed as 2 */
	cb_config big = config("pingpong", "gmp", 8, 20000);
	double ns8 = est_config_ns(&big, 10, 1, 5, NULL);
	assert_true(fabs(ns8 - (15 * table("pingpong", "gmp", 2) * 20000 + 5 * EST_ROUND_C_NS)) <
	            1e-6 * ns8);
	/* the Go peer's rounds cost an exec; go@1.23 is costed as go */
	cb_config go = config("pingpong", "go@1.23", 1, 2000);
	double nsgo = est_config_ns(&go, 10, 1, 5, &known);
	assert_true(known);
	assert_true(fabs(nsgo - (15 * table("pingpong", "go", 1) * 2000 + 5 * EST_ROUND_PEER_NS)) <
	            1e-6 * nsgo);
}

static void growth_follows_the_workload(void **state)
{
	(void)state;
	/* fib(k+1) spawns phi times the tasks of fib(k); sieve's work is K^2 */
	cb_config f27 = config("fib", "gmp", 1, 27), f28 = config("fib", "gmp", 1, 28);
	double a = est_config_ns(&f27, 1, 0, 1, NULL) - EST_ROUND_C_NS;
	double b = est_config_ns(&f28, 1, 0, 1, NULL) - EST_ROUND_C_NS;
	assert_true(fabs(b / a - 1.618034) < 1e-4);
	cb_config s1 = config("sieve", "gmp", 1, 100), s2 = config("sieve", "gmp", 1, 200);
	a = est_config_ns(&s1, 1, 0, 1, NULL) - EST_ROUND_C_NS;
	b = est_config_ns(&s2, 1, 0, 1, NULL) - EST_ROUND_C_NS;
	assert_true(fabs(b / a - 4) < 1e-9);
}

static void skips_and_unknowns_are_counted(void **state)
{
	(void)state;
	est_total t = {0};
	cb_config c = config("spsc", "gmp", 1, 100000);
	est_add(&t, &c, false, 10, 1, 5);
	est_add(&t, &c, true, 10, 1, 5);
	assert_int_equal(t.run, 1);
	assert_int_equal(t.skipped, 1);
	assert_int_equal(t.unknown, 0);
	cb_config odd = config("spsc", "gmp", 1, 100000);
	odd.runtime = "someday"; /* a runtime the table does not know */
	est_add(&t, &odd, false, 10, 1, 5);
	assert_int_equal(t.unknown, 1);
	char buf[64];
	est_format(200e9, buf, sizeof buf);
	assert_string_equal(buf, "about 3 min 20 s");
	est_format(0.5e9, buf, sizeof buf);
	assert_string_equal(buf, "under 1 s");
	est_format(7530e9, buf, sizeof buf);
	assert_string_equal(buf, "about 2 h 5 min");
}

static void go_keys_name_the_version(void **state)
{
	(void)state;
	char err[600];
	go_toolchain g[3];
	memset(g, 0, sizeof g);
	snprintf(g[0].version, sizeof g[0].version, "go1.19.8");
	snprintf(g[1].version, sizeof g[1].version, "go1.23.4");
	assert_true(go_runtime_names(g, 2, err, sizeof err));
	assert_string_equal(g[0].name, "go@1.19");
	assert_string_equal(g[1].name, "go@1.23");
	/* same major.minor: the whole version tells them apart */
	snprintf(g[2].version, sizeof g[2].version, "go1.23.0");
	assert_true(go_runtime_names(g, 3, err, sizeof err));
	assert_string_equal(g[0].name, "go@1.19");
	assert_string_equal(g[1].name, "go@1.23.4");
	assert_string_equal(g[2].name, "go@1.23.0");
	/* a release candidate */
	snprintf(g[1].version, sizeof g[1].version, "go1.24rc1");
	assert_true(go_runtime_names(g, 2, err, sizeof err));
	assert_string_equal(g[1].name, "go@1.24");
	/* one version twice: bad input naming the path */
	snprintf(g[1].version, sizeof g[1].version, "go1.19.8");
	snprintf(g[1].path, sizeof g[1].path, "/opt/other/go");
	assert_false(go_runtime_names(g, 2, err, sizeof err));
	assert_non_null(strstr(err, "/opt/other/go"));
	/* not a Go: named */
	assert_false(go_toolchain_version("/bin/true", &g[0], err, sizeof err));
	assert_non_null(strstr(err, "'/bin/true'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(time_is_reps_times_cost_plus_rounds),
	    cmocka_unit_test(growth_follows_the_workload),
	    cmocka_unit_test(skips_and_unknowns_are_counted),
	    cmocka_unit_test(go_keys_name_the_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
