/*
 * test_report_floors.c — the floors in the report (issue 21), on a synthetic
 * results directory with the floor rows `corobench run --floors` writes
 * (runtime=floor: floor-switch, floor-futex on one CPU and per pair class
 * across two, floor-futex-handoff, floor-c2c per pair class) beside pingpong,
 * yield and ring on gmp, go and pthread at 1 and 2 workers, and a placement/
 * part with floors of its own:
 *   - a floor row is never a runtime: not in the model's configurations, the
 *     thread counts or the default placement; not a bar, a series, a summary
 *     column, a "floor" finding, a latency chart of its own;
 *   - each configuration is held against the floor rows floors.h points to,
 *     of its own directory, at the floor's value (the lower of its least
 *     disturbed repetition and its sampled median), an unpinned one against
 *     the lowest pair class, a pinned one against its own; yield only where
 *     its yields switched; the headline is the highest floor it stays above;
 *   - the charts mark the bars and overlay the sampled floors on
 *     latency-pingpong (at most 6 lines a panel), the summary has the
 *     distance table and the floors' values, the findings a sentence.
 * Ratios are computed from chosen samples, so they are exact; nothing is
 * timed. The claims' use of the floors: test_claims_floors.c.
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
#include "../harness/report/findings/findings.h"
#include "../harness/report/report.h"
#include "support/resfix.h"

#define N 10

static char *root, html[4200];
static report_model M;
static rp_findings F; /* a few MB: static */
static bool have_gnuplot;

/* Ten samples whose median is med and whose least is lo. */
static const double *around(double med, double lo)
{
	static double store[64][N];
	static int used;
	assert_true(used < 64);
	double *x = store[used++];
	for (int i = 0; i < N; i++)
		x[i] = i == 0 ? lo : med * (1 + 0.002 * (i - 5)); /* median of 1..9: med */
	/* the median of 10 is the mean of the 5th and 6th: med*0.998 and med */
	x[5] = med;
	x[4] = med;
	return x;
}

#define CFG(w, rt, ch, t, pl, med, lo) ((resfix_cfg){w, rt, ch, t, pl, around(med, lo), N, false})

static void write_main(const char *dir)
{
	static const double yes[N] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	static const double no[N] = {.97, .97, .97, .97, .97, .97, .97, .97, .97, .97};
	resfix_cfg c[] = {
	    CFG("pingpong", "gmp", "go", 1, "none", 80, 70),
	    CFG("pingpong", "pthread", "go", 1, "none", 2000, 1900),
	    CFG("pingpong", "go", "go-native", 1, "none", 300, 280),
	    CFG("pingpong", "gmp", "go", 2, "none", 75, 70),
	    CFG("pingpong", "pthread", "go", 2, "none", 2800, 2600),
	    CFG("pingpong", "go", "go-native", 2, "none", 350, 330),
	    CFG("yield", "gmp", "-", 1, "none", 14, 13),
	    CFG("yield", "go", "go-native", 1, "none", 85, 80),
	    CFG("ring", "gmp", "go", 1, "none", 80, 75),
	    CFG("ring", "pthread", "go", 1, "none", 2600, 2500),
	    /* the floors: value = min, except where the samples' median is lower */
	    CFG("floor-switch", "floor", "-", 1, "none", 6, 4),
	    CFG("floor-futex", "floor", "-", 1, "none", 1500, 1400),
	    CFG("floor-futex", "floor", "-", 2, "smt", 60000, 50000),
	    CFG("floor-futex", "floor", "-", 2, "l3", 45000, 40000),
	    CFG("floor-futex-handoff", "floor", "-", 1, "none", 2100, 1900),
	    CFG("floor-c2c", "floor", "-", 2, "smt", 900, 300),
	    CFG("floor-c2c", "floor", "-", 2, "l3", 800, 250),
	};
	resfix_more x[sizeof c / sizeof c[0]] = {0};
	x[6].extra = yes; /* gmp's yields switched, Go's 97% */
	x[7].extra = no;
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		if (strcmp(c[i].workload, "yield"))
			x[i].extra = NULL;
	assert_true(resfix_write_more(dir, "floorhost", "metric:switched_yields", c, x,
	                              (int)(sizeof c / sizeof c[0])));
	/* latency: pingpong's round trips and the sampled floors (µs) */
	static const char *const keys[] = {
	    "pingpong/runtime=gmp/chan=go/threads=1/placement=none",
	    "pingpong/runtime=pthread/chan=go/threads=1/placement=none",
	    "pingpong/runtime=go/chan=go-native/threads=1/placement=none",
	    "pingpong/runtime=gmp/chan=go/threads=2/placement=none",
	    "pingpong/runtime=pthread/chan=go/threads=2/placement=none",
	    "pingpong/runtime=go/chan=go-native/threads=2/placement=none",
	    "floor-futex/runtime=floor/chan=-/threads=1/placement=none",
	    "floor-futex/runtime=floor/chan=-/threads=2/placement=smt",
	    "floor-futex/runtime=floor/chan=-/threads=2/placement=l3",
	    "floor-futex-handoff/runtime=floor/chan=-/threads=1/placement=none",
	    "floor-c2c/runtime=floor/chan=-/threads=2/placement=smt",
	    "floor-c2c/runtime=floor/chan=-/threads=2/placement=l3",
	};
	static const double p50[] = {0.08, 2, 0.3, 0.075, 2.8, 0.35, 1.5, 55, 42, 1.6, 0.22, 0.2};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		assert_true(resfix_hgrm(dir, keys[i], p50[i], p50[i] * 3, p50[i] * 10));
}

/* placement/: pingpong on two pinned pairs, with its own floor-c2c rows. */
static void write_placement(const char *dir)
{
	resfix_cfg c[] = {
	    CFG("pingpong", "gmp", "go", 2, "compact", 600, 580),
	    CFG("pingpong", "gmp", "go", 2, "scatter", 900, 880),
	    CFG("floor-c2c", "floor", "-", 2, "smt", 310, 300),
	    CFG("floor-c2c", "floor", "-", 2, "l3", 460, 450),
	};
	resfix_more x[4] = {{.pair_class = "smt"}, {.pair_class = "l3"}};
	assert_true(resfix_write_more(dir, "floorhost", NULL, c, x, 4));
}

static int setup(void **state)
{
	(void)state;
	char g[4096], err[800], sub[1200];
	have_gnuplot = gp_find_gnuplot(g, sizeof g);
	root = resfix_tmpdir();
	write_main(root);
	snprintf(sub, sizeof sub, "%s/placement", root);
	write_placement(sub);
	char *dirs[] = {root};
	if (!rm_load(&M, dirs, 1, err, sizeof err))
		fail_msg("%s", err);
	rp_findings_make(&M, &F);
	report_opts o = {0};
	assert_int_equal(report_run(dirs, 1, &o, html, sizeof html), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_free(&M);
	resfix_rmrf(root);
	free(root);
	return 0;
}

static char *slurp(const char *rel)
{
	char path[1400], *buf, err[300];
	size_t len;
	snprintf(path, sizeof path, "%s/%s", root, rel);
	if (!file_read_all(path, 64u << 20, &buf, &len, err, sizeof err))
		fail_msg("%s", err);
	return buf;
}

static const rm_config *cfg(const char *w, const char *rt_chan, int t, const char *pl)
{
	const rm_config *c = rm_find(&M, 0, w, rt_chan, t, pl);
	if (!c)
		fail_msg("no %s %s t=%d", w, rt_chan, t);
	return c;
}

/* The floor rows are apart: never a configuration, a thread count or the
 * default placement's vote. */
static void floors_are_not_configurations(void **state)
{
	(void)state;
	for (int i = 0; i < M.ncfg; i++)
		assert_string_not_equal(M.cfg[i].row->runtime, "floor");
	for (int i = 0; i < M.nxcfg; i++)
		assert_string_not_equal(M.xcfg[i].row->runtime, "floor");
	assert_int_equal(M.nfloor, 7 + 2);
	assert_string_equal(M.placement, "none");
	assert_int_equal(M.ncfg, 10);
	for (int c = 0; c < F.sum.ncols; c++)
		assert_string_not_equal(F.sum.col[c].runtime, "floor");
	for (int i = 0; i < F.n; i++)
		if (strstr(F.items[i].text, "on floor") || strstr(F.items[i].group, "floor-"))
			fail_msg("a floor as a runtime: %s", F.items[i].text);
}

/* Each bound against the right row, at the right number. */
static void distances_are_exact(void **state)
{
	(void)state;
	rm_floor_ref r[RM_MAX_BOUNDS];
	/* gmp t=1: 80 / (2 x floor-switch's min 4) = 10x */
	int n = rm_floor_refs(&M, cfg("pingpong", "gmp/go", 1, "none"), r, RM_MAX_BOUNDS);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].b->floor, FLOOR_SWITCH);
	assert_int_equal(r[0].num, RM_FLOOR_MIN);
	assert_true(fabs(r[0].ratio - 10) < 1e-9);
	/* pthread t=1: the hand-off's sampled median 1.6 µs is below its min 1.9 µs */
	n = rm_floor_refs(&M, cfg("pingpong", "pthread/go", 1, "none"), r, RM_MAX_BOUNDS);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].b->floor, FLOOR_FUTEX_HANDOFF);
	assert_int_equal(r[0].num, RM_FLOOR_SAMPLED);
	assert_true(fabs(r[0].ratio - 2000.0 / 1600) < 1e-6);
	assert_string_equal(r[1].b->floor, FLOOR_FUTEX);
	assert_true(fabs(r[1].value - 1400) < 1e-9); /* min 1.4 µs under the median 1.5 */
	assert_int_equal(rm_floor_headline(r, n), 0);
	/* pthread t=2, unpinned: floor-futex across two CPUs is its lowest pair class
	 * (l3's sampled 42 µs), far above 2.8 µs: the headline is the hand-off */
	n = rm_floor_refs(&M, cfg("pingpong", "pthread/go", 2, "none"), r, RM_MAX_BOUNDS);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].b->floor, FLOOR_FUTEX);
	assert_string_equal(r[0].row->row->placement, "l3");
	assert_true(fabs(r[0].value - 40000) < 1e-6); /* l3's min 40 µs, not smt's */
	assert_true(r[0].ratio < 1);
	assert_string_equal(r[rm_floor_headline(r, n)].b->floor, FLOOR_FUTEX_HANDOFF);
	/* go t=2: floor-c2c's lowest class (l3: sampled 200 ns) is the highest below */
	n = rm_floor_refs(&M, cfg("pingpong", "go", 2, "none"), r, RM_MAX_BOUNDS);
	int h = rm_floor_headline(r, n);
	assert_string_equal(r[h].b->floor, FLOOR_C2C);
	assert_true(fabs(r[h].ratio - 350.0 / 200) < 1e-6);
	/* ring on pthread: half a hand-off per hop */
	n = rm_floor_refs(&M, cfg("ring", "pthread/go", 1, "none"), r, RM_MAX_BOUNDS);
	assert_true(n == 1 && fabs(r[0].ratio - 2600.0 / 800) < 1e-6);
	/* yield: gmp's switched, Go's did not (97%): no distance, with why */
	n = rm_floor_refs(&M, cfg("yield", "gmp", 1, "none"), r, RM_MAX_BOUNDS);
	assert_true(n == 1 && !r[0].na[0] && fabs(r[0].ratio - 14.0 / 4) < 1e-9);
	n = rm_floor_refs(&M, cfg("yield", "go", 1, "none"), r, RM_MAX_BOUNDS);
	assert_true(n == 1 && strstr(r[0].na, "97% of its yields switched"));
	assert_int_equal(rm_floor_headline(r, n), -1);
}

/* A pinned configuration of a part meets its own directory's row of its class. */
static void a_part_uses_its_own_floors(void **state)
{
	(void)state;
	int checked = 0;
	for (int i = 0; i < M.nxcfg; i++) {
		const rm_config *c = &M.xcfg[i];
		rm_floor_ref r[RM_MAX_BOUNDS];
		int n = rm_floor_refs(&M, c, r, RM_MAX_BOUNDS);
		for (int k = 0; k < n; k++)
			if (!strcmp(r[k].b->floor, FLOOR_C2C)) {
				assert_int_equal(r[k].row->part, c->part);
				assert_string_equal(r[k].row->row->placement, c->row->pair_class);
				checked++;
			}
	}
	assert_int_equal(checked, 2);
}

/* The distinct fills of an SVG's polygons but white (test_charts.c's count). */
static int fills(const char *svg)
{
	unsigned seen[64];
	int n = 0;
	for (const char *p = svg; (p = strstr(p, "<polygon fill = 'rgb(")); p++) {
		unsigned r, g, b;
		if (sscanf(p, "<polygon fill = 'rgb(%u, %u, %u)'", &r, &g, &b) != 3)
			continue;
		unsigned v = r << 16 | g << 8 | b;
		int k = 0;
		while (k < n && seen[k] != v)
			k++;
		if (k == n && v != 0xffffff && n < 64)
			seen[n++] = v;
	}
	return n;
}

/* The charts: marks on the bars, no floor bar or chart, the floors' samples
 * under latency-pingpong, six lines a panel at most. */
static void charts_mark_the_floors(void **state)
{
	(void)state;
	char *dat = slurp("charts/nsop-t1.dat"), *gp = slurp("charts/nsop-t1.gp");
	assert_null(strstr(dat, "# series: floor"));
	assert_non_null(strstr(dat, "# marks: floor-switch\n"));
	assert_non_null(strstr(dat, "# marks: floor-futex-handoff\n"));
	assert_non_null(strstr(gp, "\nnmarks = 3\n"));
	assert_non_null(strstr(dat, " 8 0.")); /* gmp's round trip: a mark at 2 x 4 ns */
	free(dat);
	free(gp);
	char *page = slurp("report.html"); /* the caption names the marks */
	assert_non_null(strstr(page, "at per op x the floor: pingpong: 2 x floor-switch, "
	                             "floor-futex-handoff, floor-futex; yield: floor-switch; ring: "
	                             "floor-switch, 0.5 x floor-futex-handoff."));
	free(page);
	char path[1400];
	snprintf(path, sizeof path, "%s/charts/latency-floor-futex.gp", root);
	assert_false(file_exists(path));
	snprintf(path, sizeof path, "%s/charts/latency-unmatched.gp", root);
	assert_false(file_exists(path));
	gp = slurp("charts/latency-pingpong.gp");
	assert_non_null(strstr(gp, "'floor-futex-handoff'"));
	assert_non_null(strstr(gp, "'floor-c2c (l3)'")); /* unpinned: the lowest class */
	assert_null(strstr(gp, "'floor-c2c (smt)'"));
	for (int p = 1;; p++) {
		char a[32], b[32];
		snprintf(a, sizeof a, "pfirst[%d] = ", p);
		snprintf(b, sizeof b, "plast[%d] = ", p);
		const char *fa = strstr(gp, a), *fb = strstr(gp, b);
		if (!fa)
			break;
		int first = atoi(fa + strlen(a)), last = atoi(fb + strlen(b));
		assert_true(last >= first && last - first + 1 <= 6);
	}
	free(gp);
	dat = slurp("charts/placement-pingpong-t2.dat");
	assert_non_null(strstr(dat, "# marks: floor-c2c\n")); /* placement/'s own rows */
	assert_non_null(strstr(dat, " 300 ")); /* compact (smt) against smt's 300 ns */
	assert_non_null(strstr(dat, " 450 ")); /* scatter (l3) against l3's 450 ns */
	free(dat);
	static const char *const other[] = {"charts/speedup-t1.dat", "charts/speedup-t2.dat",
	                                    "charts/scaling.dat"};
	for (int i = 0; i < 3; i++) { /* never a runtime of a comparison */
		dat = slurp(other[i]);
		assert_null(strstr(dat, "floor"));
		free(dat);
	}
	if (have_gnuplot) { /* rendered: a mark is a line, never a fill of its own */
		char *svg = slurp("charts/nsop-t1.svg");
		gp = slurp("charts/nsop-t1.gp");
		assert_non_null(strstr(svg, "floor-switch")); /* in the legend */
		assert_int_equal(fills(svg), atoi(strstr(gp, "\nnseries = ") + 11));
		free(svg);
		free(gp);
	}
}

/* The page: the distance table and the floors' values under the summary; the
 * floor rows in the table of every configuration; the method says how. */
static void the_page_gives_the_distances(void **state)
{
	(void)state;
	char *page = slurp("report.html");
	assert_null(strstr(page, "<th>floor</th>"));
	const char *t = strstr(page, "id=\"summary-floors\"");
	assert_non_null(t);
	assert_non_null(strstr(t, "<b>10x</b> <span class=\"wl\">2 x floor-switch"));
	assert_non_null(strstr(t, "<b>1.25x</b> <span class=\"wl\">floor-futex-handoff"));
	assert_non_null(strstr(t, "0.07x floor-futex (l3), below it"));
	assert_non_null(strstr(t, "<b>floor-futex-handoff</b> 1.6 µs (the median of its samples"));
	assert_non_null(strstr(t, "<b>floor-switch</b> 4 ns (the least disturbed repetition"));
	assert_non_null(strstr(t, "does not apply")); /* Go's yield */
	assert_non_null(
	    strstr(page, ">floor-switch/runtime=floor/chan=-/threads=1/placement=none<"));
	assert_non_null(strstr(page, "<li>Floors: the costs nothing can beat"));
	free(page);
}

/* The findings: one sentence per hand-off workload and worker count. */
static void findings_say_the_distance(void **state)
{
	(void)state;
	int n = 0;
	for (int i = 0; i < F.n; i++) {
		if (strcmp(F.items[i].topic, "floors"))
			continue;
		n++;
		if (!strcmp(F.items[i].group, "pingpong") && strstr(F.items[i].text, "threads=1"))
			assert_non_null(strstr(
			    F.items[i].text, "gmp's is 10x two register switches (2 x "
			                     "floor-switch, 4 ns: the least disturbed repetition"));
	}
	assert_int_equal(n, 4); /* pingpong at 1 and 2, yield and ring at 1 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(floors_are_not_configurations),
	    cmocka_unit_test(distances_are_exact),
	    cmocka_unit_test(a_part_uses_its_own_floors),
	    cmocka_unit_test(charts_mark_the_floors),
	    cmocka_unit_test(the_page_gives_the_distances),
	    cmocka_unit_test(findings_say_the_distance),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
