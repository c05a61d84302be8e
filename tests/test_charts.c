/*
 * test_charts.c — every chart reads at a glance (issue 16), checked on the
 * files `corobench report` writes for a synthetic run with every channel
 * variant on pthread and gmp, Go, workloads with and without channels, a long
 * case label, two worker counts and latency files for 14 series:
 *   - every series of a bar chart has its own fill: the distinct fills of the
 *     SVG's bars are as many as the legend's series, and no two are close;
 *   - long x labels are rotated where they would not fit, and only there (the
 *     browser test, e2e_browser.sh, measures
 *     that no two labels overlap);
 *   - a latency chart of more than 6 lines is small multiples of at most 6;
 *   - throughput against workers is one chart (bars: two worker counts), not
 *     one per workload;
 *   - the core-to-core heatmap is vector cells, no embedded bitmap, with the
 *     unmeasured diagonal drawn.
 * Skipped without gnuplot (nothing is rendered then). No timing is asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/base/file_read.h"
#include "../harness/report/charts/gnuplot.h"
#include "../harness/report/report.h"
#include "support/resfix.h"

#define REPS 6

static char *root, html[4200];

static char *slurp(const char *path)
{
	char *buf, err[300];
	size_t len;
	if (!file_read_all(path, 64u << 20, &buf, &len, err, sizeof err))
		fail_msg("%s", err);
	return buf;
}

static char *chart_file(const char *name, const char *ext)
{
	char path[1200];
	snprintf(path, sizeof path, "%s/charts/%s.%s", root, name, ext);
	return slurp(path);
}

/* The fixture: pthread and gmp on every variant, Go on its own channels. */
static int setup(void **state)
{
	(void)state;
	char g[4096];
	if (!gp_find_gnuplot(g, sizeof g))
		return 0; /* each test skips */
	static const char *const variants[] = {"go", "mutex", "lockfree", "faa", "spsc"};
	static double ns[128][REPS];
	static resfix_cfg c[128];
	static resfix_more x[128];
	int n = 0;
	root = resfix_tmpdir();
	for (int t = 1; t <= 2; t++) {
		for (int r = 0; r < 2; r++)
			for (int v = 0; v < 5; v++) {
				const char *rt = r ? "pthread" : "gmp";
				double base = r ? 9000 : 80;
				resfix_samples(ns[n], REPS, base * (1 + 0.2 * v) * t, 0.02, 10 + n);
				c[n] = (resfix_cfg){"pingpong", rt,    variants[v], t,
				                    "none",     ns[n], REPS,        false};
				n++;
				resfix_samples(ns[n], REPS, base / 3 * (1 + 0.3 * v), 0.02, 10 + n);
				c[n] = (resfix_cfg){"select", rt,    variants[v], t,
				                    "none",   ns[n], REPS,        false};
				x[n] = (resfix_more){.params = "cases=0", .key_tail = "/cases=0"};
				n++;
			}
		resfix_samples(ns[n], REPS, 250 * t, 0.02, 10 + n);
		c[n] = (resfix_cfg){"pingpong", "go", "go-native", t, "none", ns[n], REPS, false};
		n++;
		resfix_samples(ns[n], REPS, 40, 0.02, 10 + n);
		c[n] = (resfix_cfg){"select", "go", "go-native", t, "none", ns[n], REPS, false};
		x[n] = (resfix_more){.params = "cases=0", .key_tail = "/cases=0"};
		n++;
		for (int r = 0; r < 3; r++) { /* no channel: the runtime alone */
			static const char *const rts[] = {"gmp", "pthread", "go"};
			resfix_samples(ns[n], REPS, r == 1 ? 1200 : 9 + 30 * r, 0.02, 10 + n);
			c[n] = (resfix_cfg){"yield", rts[r], r == 2 ? "go-native" : "-",
			                    t,       "none", ns[n],
			                    REPS,    false};
			n++;
		}
	}
	/* nine more cases at one worker count: twelve groups on nsop-t1 */
	static char tails[9][32], params[9][32];
	for (int k = 0; k < 9; k++) {
		snprintf(params[k], sizeof params[k], "cases=%d", k + 1);
		snprintf(tails[k], sizeof tails[k], "/cases=%d", k + 1);
		for (int r = 0; r < 2; r++) {
			resfix_samples(ns[n], REPS, r ? 300 : 30, 0.02, 200 + n);
			c[n] = (resfix_cfg){
			    "select", r ? "pthread" : "gmp", "go", 1, "none", ns[n], REPS, false};
			x[n] = (resfix_more){.params = params[k], .key_tail = tails[k]};
			n++;
		}
	}
	assert_true(resfix_write_more(root, "charthost", NULL, c, x, n));
	/* latency of every pingpong configuration: 2 x (5 + 5 + 1) = 22 spectra */
	for (int i = 0; i < n; i++) {
		if (strcmp(c[i].workload, "pingpong"))
			continue;
		char key[300];
		snprintf(key, sizeof key, "pingpong/runtime=%s/chan=%s/threads=%d/placement=none",
		         c[i].runtime, c[i].chan, c[i].threads);
		assert_true(resfix_hgrm(root, key, 1 + i % 7, 10 + i, 50 + i));
	}
	assert_true(resfix_file(root, "c2c.csv",
	                        "from_pu,to_pu,class,min_ns,median_ns\n"
	                        "0,1,smt,16,18\n0,2,l2,47,52\n1,0,smt,16,18\n"
	                        "1,2,l2,47,53\n2,0,l2,48,52\n2,1,l2,47,54\n"));
	char *dirs[] = {root};
	report_opts o = {0};
	assert_int_equal(report_run(dirs, 1, &o, html, sizeof html), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (root) {
		resfix_rmrf(root);
		free(root);
	}
	return 0;
}

static void need_charts(void)
{
	if (!root) {
		printf("# gnuplot not on PATH: skipped (charts cannot be rendered here)\n");
		skip();
	}
}

/* `name = <int>` of a chart script's preamble, or -1. */
static int gp_int(const char *gp, const char *name)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\n%s = ", name);
	const char *p = strstr(gp, pat);
	return p ? atoi(p + strlen(pat)) : -1;
}

/* The distinct bar fills of an SVG ("fill = 'rgb(r, g, b)'" of polygons, white
 * left out: the hatch overlay and the background); returns their count. */
static int fills(const char *svg, unsigned rgb[64])
{
	int n = 0;
	for (const char *p = svg; (p = strstr(p, "<polygon fill = 'rgb(")); p++) {
		unsigned r, g, b;
		if (sscanf(p, "<polygon fill = 'rgb(%u, %u, %u)'", &r, &g, &b) != 3)
			continue;
		unsigned v = r << 16 | g << 8 | b;
		int k = 0;
		while (k < n && rgb[k] != v)
			k++;
		if (k == n && v != 0xffffff && n < 64)
			rgb[n++] = v;
	}
	return n;
}

static void bar_fills_match_legend(const char *name)
{
	char *gp = chart_file(name, "gp"), *svg = chart_file(name, "svg");
	unsigned rgb[64];
	int nseries = gp_int(gp, "nseries"), nfill = fills(svg, rgb);
	printf("# %s: %d series, %d distinct fills\n", name, nseries, nfill);
	assert_true(nseries > 0);
	assert_int_equal(nfill, nseries);
	/* no two fills close: at least 30 apart in RGB */
	for (int i = 0; i < nfill; i++)
		for (int j = 0; j < i; j++) {
			double d = 0;
			for (int s = 0; s < 24; s += 8) {
				double x =
				    (double)(rgb[i] >> s & 255) - (double)(rgb[j] >> s & 255);
				d += x * x;
			}
			if (sqrt(d) < 30)
				fail_msg("%s: fills #%06X and #%06X are too close", name, rgb[i],
				         rgb[j]);
		}
	free(gp);
	free(svg);
}

static void every_series_has_its_fill(void **state)
{
	(void)state;
	need_charts();
	bar_fills_match_legend("nsop-t1"); /* 13 series: gmp, pthread x 5 variants, alone, go */
	bar_fills_match_legend("nsop-t2");
	bar_fills_match_legend("speedup-t1");
	bar_fills_match_legend("scaling");
}

static void long_labels_are_rotated(void **state)
{
	(void)state;
	need_charts();
	char *gp = chart_file("nsop-t1", "gp");
	assert_true(gp_int(gp, "xrot") > 0); /* twelve groups, "select/cases=0" ... */
	free(gp);
	gp = chart_file("nsop-t2", "gp");
	assert_int_equal(gp_int(gp, "xrot"), 0); /* three groups: room to spare */
	free(gp);
}

static void latency_is_small_multiples(void **state)
{
	(void)state;
	need_charts();
	char *gp = chart_file("latency-pingpong", "gp");
	int np = gp_int(gp, "npanels");
	assert_true(gp_int(gp, "nseries") == 22);
	assert_true(np >= 4);
	for (int p = 1; p <= np; p++) {
		char a[32], b[32];
		snprintf(a, sizeof a, "pfirst[%d] = ", p);
		snprintf(b, sizeof b, "plast[%d] = ", p);
		const char *fa = strstr(gp, a), *fb = strstr(gp, b);
		assert_non_null(fa);
		assert_non_null(fb);
		int first = atoi(fa + strlen(a)), last = atoi(fb + strlen(b));
		printf("# panel %d: series %d..%d\n", p, first, last);
		assert_true(last >= first && last - first + 1 <= 6);
	}
	free(gp);
}

static void scaling_is_one_chart(void **state)
{
	(void)state;
	need_charts();
	char path[1200];
	snprintf(path, sizeof path, "%s/charts/scaling-pingpong.gp", root);
	assert_false(file_exists(path));
	char *gp = chart_file("scaling", "gp"), *dat = chart_file("scaling", "dat");
	assert_non_null(strstr(gp, "throughput at 2 workers over 1"));
	assert_non_null(strstr(dat, "\n1 \"pingpong\""));
	assert_non_null(strstr(dat, "\"select/cases=0\""));
	free(gp);
	free(dat);
}

static void heatmap_is_vector_with_its_diagonal(void **state)
{
	(void)state;
	need_charts();
	char *svg = chart_file("c2c-charthost", "svg"), *dat = chart_file("c2c-charthost", "dat");
	assert_null(strstr(svg, "<image"));      /* no bitmap for a browser to smooth */
	assert_non_null(strstr(svg, "pattern")); /* the hatched diagonal */
	assert_non_null(strstr(dat, "0 0 NaN \"\" 0 1\n"));
	free(svg);
	free(dat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_series_has_its_fill),
	    cmocka_unit_test(long_labels_are_rotated),
	    cmocka_unit_test(latency_is_small_multiples),
	    cmocka_unit_test(scaling_is_one_chart),
	    cmocka_unit_test(heatmap_is_vector_with_its_diagonal),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
