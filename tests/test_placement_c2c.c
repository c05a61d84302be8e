/*
 * test_placement_c2c.c — the core-to-core latency matrix (harness/machine/c2c.h)
 * on this machine, with few samples: the shape of the result (diagonal empty,
 * every pair measured, min <= median, classes from pairclass.h) and its files;
 * and the refusals (a loaded topology, fewer than two PUs). No latency value is
 * asserted: the machine is shared and noisy; `corobench c2c` reports the numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

#include "../harness/machine/c2c.h"
#include "../harness/machine/c2c_report.h"

static void matrix_shape_and_files(void **state)
{
	(void)state;
	char err[512];
	topo *t;
	assert_int_equal(topo_open(&t, NULL, NULL, err, sizeof err), 0);
	if (t->npus < 2) {
		topo_close(t);
		skip();
	}
	int n = t->npus < 4 ? t->npus : 4, pus[4] = {0, 1, 2, 3};
	c2c_opts o = {.samples = 5, .round_trips = 10};
	c2c_result m;
	if (c2c_measure(t, pus, n, &o, &m, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(m.n, n);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n; k++) {
			double lo = m.min_ns[i * n + k], md = m.median_ns[i * n + k];
			if (i == k) {
				assert_true(isnan(lo) && isnan(md));
				continue;
			}
			assert_true(isfinite(lo) && lo > 0);
			assert_true(lo <= md);
		}
	c2c_class_stats s[PC_COUNT];
	c2c_stats(t, &m, s);
	int pairs = 0;
	for (int c = 0; c < PC_COUNT; c++)
		pairs += s[c].pairs;
	assert_int_equal(pairs, n * (n - 1));

	char dir[] = "/tmp/corobench-c2c-XXXXXX", path[256], line[256];
	assert_non_null(mkdtemp(dir));
	assert_int_equal(c2c_write(t, &m, dir, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/c2c.csv", dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int rows = 0;
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "from_pu,to_pu,class,min_ns,median_ns\n");
	while (fgets(line, sizeof line, f))
		rows++;
	fclose(f);
	assert_int_equal(rows, n * (n - 1));
	char why[256];
	/* no template, then no gnuplot: each says why, and renders nothing */
	assert_false(c2c_render(dir, NULL, 0, "/usr/bin/gnuplot", n, why, sizeof why));
	assert_non_null(strstr(why, "no built-in c2c template"));
	const char tpl[] = "# a template\n";
	assert_false(c2c_render(dir, tpl, sizeof tpl - 1, NULL, n, why, sizeof why));
	assert_non_null(strstr(why, "gnuplot not found"));
	snprintf(path, sizeof path, "%s/c2c.gp", dir); /* the template, written as given */
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_string_equal(line, tpl);
	const char *names[] = {"c2c.csv", "c2c_min.csv", "c2c_median.csv", "c2c_summary.csv",
	                       "c2c.gp"};
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(rmdir(dir), 0);
	c2c_result_free(&m);
	topo_close(t);
}

static void refusals(void **state)
{
	(void)state;
	char err[512];
	topo *t;
	int pus[2] = {0, 1};
	c2c_opts o = {.samples = 1, .round_trips = 1};
	c2c_result m;
	assert_int_equal(topo_open(&t, NULL, "pack:1 core:2 pu:1", err, sizeof err), 0);
	assert_int_equal(c2c_measure(t, pus, 2, &o, &m, err, sizeof err), -1);
	assert_non_null(strstr(err, "not this system"));
	topo_close(t);
	assert_int_equal(topo_open(&t, NULL, NULL, err, sizeof err), 0);
	assert_int_equal(c2c_measure(t, pus, 1, &o, &m, err, sizeof err), -1);
	assert_non_null(strstr(err, "at least 2"));
	topo_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(matrix_shape_and_files),
	    cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
