/*
 * test_report.c — `corobench report` on the synthetic results directory
 * tests/data/tiny (made by tests/data/make_tiny.py): every chart kind is
 * rendered (files exist, non-empty, SVG is SVG, PNG has its magic), the page is
 * written with its sections; without gnuplot the data, scripts and page are still
 * written and the page says why there are no charts; two directories are shown
 * side by side keyed by host; make bench's subdirectories (mpmc-sweep/,
 * pipeline-open/, counters/) give their charts and findings, and a partial or
 * damaged one costs only its chart, with the reason. No timing is asserted.
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

#include "../harness/base/file_read.h"
#include "../harness/report/report.h"
#include "../harness/report/charts/gnuplot.h"
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
	report_opts o = {.out = out}; /* the templates built into the binary */
	return report_run(dirs, n, &o, html, 4200);
}

/* Tests that look at rendered SVG/PNG need gnuplot; without it they are skipped
 * (without_gnuplot checks what the report does then). */
static void need_gnuplot(void)
{
	char g[4096];
	if (!gp_find_gnuplot(g, sizeof g)) {
		printf("# gnuplot not on PATH: skipped (charts cannot be rendered here)\n");
		skip();
	}
}

static void every_chart_rendered(void **state)
{
	(void)state;
	need_gnuplot();
	char *out = resfix_tmpdir(), html[4200];
	char *dirs[] = {(char *)fixture};
	assert_int_equal(run_report(dirs, 1, out, html), 0);
	static const char *const charts[] = {
	    "nsop-t1",      "nsop-t2",
	    "scaling",      "latency-pingpong",
	    "c2c-tinyhost", "counter-context-switches-t1",
	    "speedup-t1",   "placement-pingpong-t2",
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
	need_gnuplot();
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

/*
 * make bench's results tree: the main run and its subdirectories
 * (placement/ is covered by the tiny fixture), built with resfix:
 *   mpmc-sweep/PxP/  mpmc, P = 1, 2, 4, 8, on gmp/go, gmp/mutex and pthread/go,
 *                    1 and 2 threads (4x4 keyed without parameters: the default);
 *   pipeline-open/   pipeline at rate=100000 on gmp/go (keeps the 10 µs
 *                    schedule: no late events) and pthread/go (15 µs per
 *                    event, 150,000 of its 1,000,000 events late: behind);
 *   counters/        pingpong with a context-switches/op column;
 * the main run has pingpong and the closed-loop pipeline, no counter column.
 */
#define TREE_REPS 5 /* the fewest with which a U test can reach p < 0.05 (p = 0.008) */

static void tree_cfg(resfix_cfg *c, const char *wl, const char *rt, const char *chan, int t,
                     double *ns, double center, unsigned seed)
{
	resfix_samples(ns, TREE_REPS, center, 0.02, seed);
	*c = (resfix_cfg){.workload = wl,
	                  .runtime = rt,
	                  .chan = chan,
	                  .threads = t,
	                  .placement = "none",
	                  .ns = ns,
	                  .n = TREE_REPS};
}

static void make_tree(const char *root)
{
	static double ns[64][TREE_REPS], cs[2][TREE_REPS], late[2][TREE_REPS];
	static char params[8][64], tails[8][64];
	resfix_cfg c[16];
	resfix_more x[16];
	int k = 0;
	memset(x, 0, sizeof x);
	/* main: pingpong, closed-loop pipeline with latency files */
	tree_cfg(&c[k], "pingpong", "gmp", "go", 1, ns[k], 150, 1);
	k++;
	tree_cfg(&c[k], "pingpong", "pthread", "go", 1, ns[k], 11000, 2);
	k++;
	for (int t = 1; t <= 2; t++)
		for (int r = 0; r < 2; r++, k++) {
			tree_cfg(&c[k], "pipeline", r ? "pthread" : "gmp", "go", t, ns[k],
			         r ? 1500 : 300, (unsigned)k);
			x[k].params = "workers=4;rate=0";
		}
	assert_true(resfix_write_more(root, "treehost", NULL, c, x, k));
	static const char *const closed[] = {
	    "pipeline/runtime=gmp/chan=go/threads=1/placement=none",
	    "pipeline/runtime=pthread/chan=go/threads=1/placement=none",
	    "pipeline/runtime=gmp/chan=go/threads=2/placement=none",
	    "pipeline/runtime=pthread/chan=go/threads=2/placement=none",
	};
	for (int i = 0; i < 4; i++)
		assert_true(resfix_hgrm(root, closed[i], 2 + i, 8 + i, 40 + i));

	/* mpmc-sweep/PxP: gmp/go scales, gmp/mutex flat, pthread/go worsens with P */
	for (int p = 1, j = 0; p <= 8; p *= 2, j++) {
		char dir[700];
		snprintf(dir, sizeof dir, "%s/mpmc-sweep/%dx%d", root, p, p);
		snprintf(params[j], sizeof params[j], "producers=%d;consumers=%d", p, p);
		snprintf(tails[j], sizeof tails[j], "/producers=%d/consumers=%d", p, p);
		k = 0;
		for (int t = 1; t <= 2; t++) {
			static const char *const rt[] = {"gmp", "gmp", "pthread"};
			static const char *const ch[] = {"go", "mutex", "go"};
			const double center[] = {40.0 / p, 60, 100.0 * p};
			for (int v = 0; v < 3; v++, k++) {
				tree_cfg(&c[k], "mpmc", rt[v], ch[v], t, ns[k], center[v],
				         (unsigned)(100 + 10 * p + k));
				x[k].params = params[j];
				x[k].key_tail = p == 4 ? NULL : tails[j];
			}
		}
		assert_true(resfix_write_more(dir, "treehost", NULL, c, x, k));
	}

	/* pipeline-open: the source on a 10 µs schedule */
	char dir[700];
	snprintf(dir, sizeof dir, "%s/pipeline-open", root);
	k = 0;
	for (int r = 0; r < 2; r++, k++) {
		tree_cfg(&c[k], "pipeline", r ? "pthread" : "gmp", "go", 1, ns[k],
		         r ? 15000 : 10000, (unsigned)(200 + r));
		for (int i = 0; i < TREE_REPS; i++)
			late[r][i] = r ? 150000 : 0;
		x[k] = (resfix_more){.params = "workers=4;rate=100000",
		                     .key_tail = "/rate=100000",
		                     .extra = late[r]};
	}
	assert_true(resfix_write_more(dir, "treehost", "metric:source_late_events", c, x, k));
	assert_true(resfix_hgrm(
	    dir, "pipeline/runtime=gmp/chan=go/threads=1/placement=none/rate=100000", 3, 12, 90));
	assert_true(resfix_hgrm(
	    dir, "pipeline/runtime=pthread/chan=go/threads=1/placement=none/rate=100000", 800, 4000,
	    9000));

	/* counters/: the separate counters pass */
	snprintf(dir, sizeof dir, "%s/counters", root);
	k = 0;
	for (int r = 0; r < 2; r++, k++) {
		tree_cfg(&c[k], "pingpong", r ? "pthread" : "gmp", "go", 1, ns[k], r ? 12000 : 160,
		         (unsigned)(300 + r));
		resfix_samples(cs[r], TREE_REPS, r ? 2.0 : 0.001, 0.02, 400 + (unsigned)r);
		x[k] = (resfix_more){.extra = cs[r]};
	}
	assert_true(resfix_write_more(dir, "treehost", "context-switches/op", c, x, k));
}

static char *expect_in(const char *path, const char *const *must, size_t n)
{
	char *text = slurp(path);
	for (size_t i = 0; i < n; i++)
		if (!strstr(text, must[i]))
			fail_msg("%s lacks '%s'", path, must[i]);
	return text;
}

static void bench_tree_charts_and_findings(void **state)
{
	(void)state;
	need_gnuplot();
	char *root = resfix_tmpdir(), html[4200], path[1200];
	make_tree(root);
	char *dirs[] = {root};
	assert_int_equal(run_report(dirs, 1, NULL, html), 0);
	static const char *const charts[] = {"channels-t1", "channels-t2", "latency-pipeline-open",
	                                     "latency-pipeline", "counter-context-switches-t1"};
	for (size_t i = 0; i < sizeof charts / sizeof *charts; i++) {
		expect_file(root, charts[i], "svg");
		expect_file(root, charts[i], "png");
	}
	/* four P per line, messages/s = 10^9 / ns: gmp/go at 8x8 ran 5 ns */
	snprintf(path, sizeof path, "%s/charts/channels-t1.dat", root);
	static const char *const chan_dat[] = {"# series: gmp/go",
	                                       "# series: gmp/mutex",
	                                       "# series: pthread/go",
	                                       "\n1 ",
	                                       "\n2 ",
	                                       "\n4 ",
	                                       "\n8 "};
	free(expect_in(path, chan_dat, sizeof chan_dat / sizeof *chan_dat));
	snprintf(path, sizeof path, "%s/charts/latency-pipeline-open.dat", root);
	static const char *const open_dat[] = {
	    "# series: gmp/go, threads=1, open loop, 100,000 events/s",
	    "# series: gmp/go, threads=1, closed loop",
	    "# series: pthread/go, threads=1, open loop, 100,000 events/s",
	};
	free(expect_in(path, open_dat, sizeof open_dat / sizeof *open_dat));
	static const char *const page_must[] = {
	    /* the counters chart says where its counts come from, and why */
	    "The counts come from the separate counters pass",
	    "inherited counters add work to every thread creation",
	    /* the open-loop chart and why to read it */
	    "pipeline: latency by percentile, open loop, 100,000 events/s vs closed loop",
	    "no coordinated omission",
	    /* findings from each new source, computed */
	    "Channel scaling, mpmc 8 producers x 8 consumers, threads=1: fastest gmp/go at ",
	    "slowest pthread/go at ",
	    /* q depends on the whole page's family (the claims' tests are in it too):
	     * significant, whatever its last digits */
	    "x as long, q=0.0",
	    "); its throughput at 8x8 is ",
	    "pipeline, open loop, 100,000 events/s, threads=1 (latency from each event&#39;s due "
	    "time): p99 12 µs on gmp/go (closed loop 8 µs), 4 ms on pthread/go (closed loop 9 µs)",
	    "Behind the schedule of one event every 10 µs: pthread/go (15% of its events over one "
	    "period late), so the tail includes that backlog.",
	    "context-switches/op, pingpong, threads=1 (counters pass)",
	    /* the subdirectories' tables */
	    "mpmc-sweep/8x8",
	    "Counters pass",
	};
	free(expect_in(html, page_must, sizeof page_must / sizeof *page_must));
	char *page = slurp(html);
	assert_null(strstr(page, "Not rendered"));
	assert_null(strstr(page, "Channel scaling: no mpmc-sweep"));
	free(page);
	resfix_rmrf(root);
	free(root);
}

/* A partial or damaged subdirectory costs its chart only, with one line why. */
static void bench_tree_degrades(void **state)
{
	(void)state;
	char *root = resfix_tmpdir(), html[4200], path[1200];
	make_tree(root);
	/* one sweep point left, a damaged open-loop runs.csv, no counters pass */
	for (int p = 2; p <= 8; p *= 2) {
		snprintf(path, sizeof path, "%s/mpmc-sweep/%dx%d", root, p, p);
		char *rm = resfix_tmpdir(); /* resfix_rmrf only removes its own paths */
		char moved[1500];
		snprintf(moved, sizeof moved, "%s/%dx%d", rm, p, p);
		assert_int_equal(rename(path, moved), 0);
		resfix_rmrf(rm);
		free(rm);
	}
	snprintf(path, sizeof path, "%s/pipeline-open", root);
	assert_true(resfix_file(path, "runs.csv", "schema,key\n"));
	snprintf(path, sizeof path, "%s/counters", root);
	char gone[1500];
	snprintf(gone, sizeof gone, "%s/counters-gone", root);
	assert_int_equal(rename(path, gone), 0);
	char *dirs[] = {root};
	assert_int_equal(run_report(dirs, 1, NULL, html), 0);
	static const char *const page_must[] = {
	    "Channel scaling: mpmc-sweep/ has one producer/consumer count",
	    "Open-loop latency: pipeline-open/ could not be read",
	    "Counters per op: neither runs.csv nor a counters/ pass has",
	    "left out: ",
	};
	char *page = expect_in(html, page_must, sizeof page_must / sizeof *page_must);
	assert_null(strstr(page, "Channel scaling, mpmc 8 producers")); /* only 1x1 is left */
	free(page);
	snprintf(path, sizeof path, "%s/charts/channels-t1.svg", root);
	assert_false(file_exists(path));
	snprintf(path, sizeof path, "%s/charts/latency-pipeline.svg", root);
	char g[4096];
	if (gp_find_gnuplot(g, sizeof g))
		assert_true(file_exists(path)); /* the main run's charts are still drawn */
	resfix_rmrf(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_chart_rendered),           cmocka_unit_test(without_gnuplot),
	    cmocka_unit_test(two_hosts_side_by_side),         cmocka_unit_test(bad_input),
	    cmocka_unit_test(bench_tree_charts_and_findings), cmocka_unit_test(bench_tree_degrades),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
