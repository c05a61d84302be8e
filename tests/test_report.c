/*
 * test_report.c — `corobench report` on the synthetic results directory
 * tests/data/tiny (made by tests/data/make_tiny.py): every chart kind is
 * rendered (files exist, non-empty, SVG is SVG, PNG has its magic), the page is
 * written with its sections; without gnuplot the data, scripts and page are still
 * written and the page says why there are no charts; two directories are shown
 * side by side keyed by host. No timing is asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../harness/output/file_read.h"
#include "../harness/output/report.h"
#include "support/resfix.h"

static const char fixture[] = "tests/data/tiny";

static char *slurp(const char *path)
{
	char *buf, err[300];
	size_t len;
	if (!file_read_all(path, 64u << 20, &buf, &len, err, sizeof err))
		fail_msg("%s", err);
	return buf;
}

static void expect_file(const char *dir, const char *name, const char *ext)
{
	char path[1200];
	struct stat st;
	snprintf(path, sizeof path, "%s/charts/%s.%s", dir, name, ext);
	if (stat(path, &st) != 0 || st.st_size == 0)
		fail_msg("%s missing or empty", path);
	if (!strcmp(ext, "svg")) {
		char *s = slurp(path);
		assert_true(!strncmp(s, "<?xml", 5) || !strncmp(s, "<svg", 4));
		assert_non_null(strstr(s, "</svg>"));
		free(s);
	} else if (!strcmp(ext, "png")) {
		char *s = slurp(path);
		assert_memory_equal(s, "\x89PNG\r\n\x1a\n", 8);
		free(s);
	}
}

static int run_report(char *const *dirs, int n, const char *out, char *html)
{
	report_opts o = {.out = out, .scripts = "scripts"};
	return report_run(dirs, n, &o, html, 4200);
}

static void every_chart_rendered(void **state)
{
	(void)state;
	char *out = resfix_tmpdir(), html[4200];
	char *dirs[] = {(char *)fixture};
	assert_int_equal(run_report(dirs, 1, out, html), 0);
	static const char *const charts[] = {
	    "nsop-t1",          "nsop-t2",
	    "scaling-pingpong", "latency-pingpong",
	    "c2c-tinyhost",     "counter-context-switches-t1",
	    "speedup-t1",       "placement-pingpong-t2",
	};
	for (size_t i = 0; i < sizeof charts / sizeof *charts; i++) {
		expect_file(out, charts[i], "svg");
		expect_file(out, charts[i], "png");
		expect_file(out, charts[i], "dat");
		expect_file(out, charts[i], "gp");
	}
	char *page = slurp(html);
	static const char *const must[] = {
	    "<h2 id=\"findings\">",
	    "<h2 id=\"claims\">",
	    "data:image/svg+xml;base64,",
	    "tinyhost",
	    "Synthetic CPU",
	    "4 PUs",
	    "hatched",
	    "not comparable",
	    "134x",           /* yield: pthread 1.2 µs vs gmp 8.98 ns, computed from runs.csv */
	    "lockfree lacks", /* skipped.csv shown */
	};
	for (size_t i = 0; i < sizeof must / sizeof *must; i++)
		if (!strstr(page, must[i]))
			fail_msg("report.html lacks '%s'", must[i]);
	assert_null(strstr(page, "Not rendered"));
	free(page);
	resfix_rmrf(out);
	free(out);
}

static void without_gnuplot(void **state)
{
	(void)state;
	char *out = resfix_tmpdir(), html[4200];
	char *dirs[] = {(char *)fixture};
	char *path = strdup(getenv("PATH") ? getenv("PATH") : "");
	setenv("PATH", "/nonexistent-corobench-test", 1);
	int rc = run_report(dirs, 1, out, html);
	setenv("PATH", path, 1);
	free(path);
	assert_int_equal(rc, 0);
	expect_file(out, "nsop-t1", "dat");
	expect_file(out, "nsop-t1", "gp");
	char svg[1200];
	snprintf(svg, sizeof svg, "%s/charts/nsop-t1.svg", out);
	assert_false(file_exists(svg));
	char *page = slurp(html);
	assert_non_null(strstr(page, "Charts not rendered: gnuplot not found in PATH"));
	assert_non_null(strstr(page, "<h2 id=\"findings\">"));
	assert_non_null(strstr(page, "pingpong/runtime=gmp/chan=go/threads=1/placement=none"));
	free(page);
	resfix_rmrf(out);
	free(out);
}

/* Copies the fixture's runs.csv and env.json into dir with another host name. */
static void copy_as(const char *dir, const char *host)
{
	char *runs = slurp("tests/data/tiny/runs.csv");
	assert_true(resfix_file(dir, "runs.csv", runs));
	free(runs);
	char env[200];
	snprintf(env, sizeof env, "{\"host\": \"%s\"}\n", host);
	assert_true(resfix_file(dir, "env.json", env));
}

static void two_hosts_side_by_side(void **state)
{
	(void)state;
	char *root = resfix_tmpdir(), a[600], b[600], html[4200];
	snprintf(a, sizeof a, "%s/a", root);
	snprintf(b, sizeof b, "%s/b", root);
	mkdir(a, 0755);
	mkdir(b, 0755);
	copy_as(a, "alpha");
	copy_as(b, "beta");
	char *dirs[] = {a, b};
	assert_int_equal(run_report(dirs, 2, NULL, html), 0);
	char want[700];
	snprintf(want, sizeof want, "%s/report-alpha-beta/report.html", root);
	assert_string_equal(html, want);
	char *page = slurp(html);
	assert_non_null(strstr(page, "beta takes")); /* the hosts finding */
	assert_non_null(strstr(page, "[alpha] "));   /* findings keyed by host */
	assert_non_null(strstr(page, "Host beta"));
	free(page);
	snprintf(want, sizeof want, "%s/report-alpha-beta", root);
	expect_file(want, "nsop-t1", "svg");
	char *dat;
	snprintf(want, sizeof want, "%s/report-alpha-beta/charts/nsop-t1.dat", root);
	dat = slurp(want);
	assert_non_null(strstr(dat, "# series: alpha: gmp/go"));
	assert_non_null(strstr(dat, "# series: beta: gmp/go"));
	free(dat);
	resfix_rmrf(root);
	free(root);
}

static void bad_input(void **state)
{
	(void)state;
	char *d = resfix_tmpdir(), html[4200];
	char *missing[] = {"/nonexistent/results"};
	assert_int_equal(run_report(missing, 1, d, html), 2);
	assert_true(resfix_file(d, "runs.csv", "schema,key\n"));
	char *dirs[] = {d};
	assert_int_equal(run_report(dirs, 1, NULL, html), 2); /* no runs, no columns */
	char path[700];
	snprintf(path, sizeof path, "%s/report.html", d);
	assert_false(file_exists(path)); /* nothing written for bad input */
	resfix_rmrf(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_chart_rendered),
	    cmocka_unit_test(without_gnuplot),
	    cmocka_unit_test(two_hosts_side_by_side),
	    cmocka_unit_test(bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
