/*
 * test_page.c — report.html answers its question on the first screen (issue
 * 16), checked on the page written for a synthetic run: the summary comes
 * first (before the claims, the charts and the findings), a row per workload
 * named by its op, a column per runtime and worker count on the like-for-like
 * channel (Go's own channels beside the C runtimes' go variant), cells with
 * the median, the interval and the ratios, and cells that say "not measured"
 * (with skipped.csv's reason), "no such variant" (Go beside a row on another
 * variant), "reduced size", a failed round; the fastest
 * channel variant beside each row; a second table of figures that are not
 * ns/op, each with its unit; findings grouped per workload; the details
 * folded; every heading with an anchor and every link of the table of
 * contents pointing at one. Without gnuplot too (no chart is needed).
 * No timing is asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/base/file_read.h"
#include "../harness/report/report.h"
#include "support/resfix.h"

#define REPS 6

static char *page, *root;

static int setup(void **state)
{
	(void)state;
	static double ns[32][REPS], mem[32][REPS];
	static resfix_cfg c[32];
	static resfix_more x[32];
	int n = 0;
	for (int t = 1; t <= 2; t++) {
		static const char *const rts[] = {"pthread", "gmp"};
		for (int r = 0; r < 2; r++)
			for (int v = 0; v < 2; v++) {
				resfix_samples(ns[n], REPS, (r ? 90 : 9000) * (1 + 0.5 * v), 0.01,
				               n + 1);
				c[n] = (resfix_cfg){"pingpong", rts[r], v ? "mutex" : "go",
				                    t,          "none", ns[n],
				                    REPS,       false};
				n++;
			}
		resfix_samples(ns[n], REPS, 250, 0.01, n + 1);
		c[n] = (resfix_cfg){"pingpong", "go", "go-native", t, "none", ns[n], REPS, false};
		n++;
		for (int r = 0; r < 2; r++) { /* spawn: no channel; Go only at 1 worker */
			resfix_samples(ns[n], REPS, r ? 60 : 38000, 0.01, n + 1);
			resfix_samples(mem[n], REPS, r ? 300 : 9000, 0.01, n + 50);
			c[n] =
			    (resfix_cfg){"spawn", rts[r], "-", t, "none", ns[n], REPS, t == 2 && r};
			x[n].extra = mem[n];
			n++;
		}
	}
	for (int r = 0; r < 2; r++) { /* spsc on lockfree only: Go has no such variant */
		static const char *const rts[] = {"pthread", "gmp"};
		resfix_samples(ns[n], REPS, r ? 20 : 35, 0.01, n + 70);
		c[n] = (resfix_cfg){"spsc", rts[r], "lockfree", 1, "none", ns[n], REPS, false};
		n++;
	}
	resfix_samples(ns[n], REPS, 40, 0.01, 97);
	c[n] = (resfix_cfg){"spsc", "go", "go-native", 1, "none", ns[n], REPS, false};
	n++;
	resfix_samples(ns[n], REPS, 3800, 0.01, 99);
	resfix_samples(mem[n], REPS, 2600, 0.01, 98);
	c[n] = (resfix_cfg){"spawn", "go", "go-native", 1, "none", ns[n], REPS, false};
	x[n].extra = mem[n];
	n++;
	root = resfix_tmpdir();
	assert_true(resfix_write_more(root, "pagehost", "metric:bytes_per_task", c, x, n));
	assert_true(resfix_file(root, "skipped.csv",
	                        "key,reason\n"
	                        "spawn/runtime=go/chan=go-native/threads=2/placement=none,"
	                        "the Go peer <b>was not built</b>\n"));
	assert_true(resfix_file(root, "failures.csv",
	                        "key,round,kind,reason\n"
	                        "pingpong/runtime=gmp/chan=go/threads=1/placement=none,2,timeout,"
	                        "ran past 60 s\n"));
	char *dirs[] = {root}, html[4200], out[700];
	snprintf(out, sizeof out, "%s/out", root);
	report_opts o = {.out = out};
	char *path = strdup(getenv("PATH") ? getenv("PATH") : "");
	setenv("PATH", "/nonexistent-corobench-test", 1); /* no gnuplot: tables alone */
	int rc = report_run(dirs, 1, &o, html, sizeof html);
	setenv("PATH", path, 1);
	free(path);
	assert_int_equal(rc, 0);
	size_t len;
	char err[300];
	assert_true(file_read_all(html, 64u << 20, &page, &len, err, sizeof err));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(page);
	resfix_rmrf(root);
	free(root);
	return 0;
}

static const char *must(const char *needle)
{
	const char *p = strstr(page, needle);
	if (!p)
		fail_msg("report.html lacks '%s'", needle);
	return p;
}

static void summary_comes_first(void **state)
{
	(void)state;
	const char *sum = must("<h2 id=\"summary\">"), *claims = must("<h2 id=\"claims\">");
	const char *charts = must("<h2 id=\"charts\">"), *find = must("<h2 id=\"findings\">");
	const char *details = must("<h2 id=\"details\">");
	assert_true(sum < claims && claims < charts && charts < find && find < details);
	/* nothing but the title, the run and the contents before it: no list */
	const char *li = strstr(page, "<li>");
	assert_true(!li || li > sum);
}

static void rows_are_ops_and_columns_like_for_like(void **state)
{
	(void)state;
	must("one round trip<br><span class=\"wl\">pingpong</span>");
	must("one spawn<br><span class=\"wl\">spawn</span>");
	must("<th colspan=\"3\" class=\"t\">1 worker</th>");
	must("<th>pthread</th><th>gmp</th><th>go</th>");
	/* pingpong on gmp/go: 90 ns, 0.01x pthread's 9 µs, 0.36x Go's 250 ns */
	must("<b>90 ns</b>");
	must(">0.01x pt</span>");
	must(">0.36x go</span>");
	/* the fastest variant: go on gmp, mutex 1.5x slower */
	must("<td><b>go</b> <span class=\"wl\">on gmp</span><br><span class=\"r\">0.67x the mutex "
	     "variant</span></td>");
	/* the geometric mean row */
	must("every workload<br>");
}

static void cells_say_what_limits_them(void **state)
{
	(void)state;
	/* Go's spawn at 2 workers was skipped: the reason, escaped */
	must("title=\"skipped: the Go peer &lt;b&gt;was not built&lt;/b&gt;\">skipped</td>");
	/* gmp's spawn at 2 workers ran a reduced size: said, and not compared */
	must("reduced size</span>");
	must("n/c pt</span>");
	/* Go has no partner for a row on another variant (spsc on lockfree here) */
	must("\">no such variant</td>");
	/* the failed round */
	must("<span class=\"flag\">1 failed round: timeout</span>");
}

static void other_figures_have_units(void **state)
{
	(void)state;
	const char *other = must("<summary><h3 id=\"summary-other\">Other figures (");
	assert_true(other < must("<h2 id=\"claims\">"));
	must("memory per task <span class=\"unit\">(bytes)</span>");
	must("<b>300 B</b>");
}

static void findings_grouped_and_details_folded(void **state)
{
	(void)state;
	must("<h3 id=\"findings-workloads\">");
	must("<summary><b>one round trip</b> <span class=\"wl\">pingpong</span>");
	must("threads=1: a round trip costs 90 ns on gmp [1 failed round: timeout], 250 ns on go, "
	     "9.03 µs on pthread");
	static const char *const folds[] = {"results", "skipped", "machine", "method"};
	for (int i = 0; i < 4; i++) {
		char want[200];
		snprintf(want, sizeof want, "<details class=\"fold\"><summary><h3 id=\"%s\">",
		         folds[i]);
		must(want);
	}
	must("pair them (and Go's with no channel"); /* the method says how pairs are made */
}

static void every_heading_has_an_anchor(void **state)
{
	(void)state;
	int headings = 0;
	for (const char *p = page; (p = strstr(p, "<h")); p++) {
		if (p[2] < '1' || p[2] > '6')
			continue;
		headings++;
		if (strncmp(p + 3, " id=\"", 5))
			fail_msg("a heading without an anchor: %.80s", p);
	}
	assert_true(headings > 10);
	/* every link of the table of contents points at an anchor of the page */
	const char *nav = must("<nav class=\"toc\">"), *end = strstr(nav, "</nav>");
	int links = 0;
	for (const char *p = nav; (p = strstr(p, "href=\"#")) && p < end; p++) {
		char id[64], want[80];
		sscanf(p + 7, "%63[^\"]", id);
		snprintf(want, sizeof want, "id=\"%s\"", id);
		must(want);
		links++;
	}
	assert_true(links >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(summary_comes_first),
	    cmocka_unit_test(rows_are_ops_and_columns_like_for_like),
	    cmocka_unit_test(cells_say_what_limits_them),
	    cmocka_unit_test(other_figures_have_units),
	    cmocka_unit_test(findings_grouped_and_details_folded),
	    cmocka_unit_test(every_heading_has_an_anchor),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
