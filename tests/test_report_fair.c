/*
 * test_report_fair.c — the fairness workloads in the report (issue 20): a
 * results directory shaped like `corobench run -w hog,wakeup,fairshare,
 * syscall,pingpong -r pthread,gmp,go -t 1,2` plus the same at one worker with
 * --param preempt=off, written with the columns those workloads and gmp
 * record (schema 2: metric:fairness_jain, units_min, units_max,
 * wakeup_late_ns, preemptions, spares_lent), latency/ histograms for wakeup
 * and syscall, failures.csv with the watchdog's rounds of gmp's hog without
 * preemption (a hostile reason) and skipped.csv with pthread's preempt=off.
 * Checked:
 *   - the summary's fairness rows (findings/fair/fair_sum.c): fairshare's
 *     Jain index with its interval, wakeup's p99 lateness from the histogram
 *     with the median per repetition, a row per case (preempt=off its own);
 *     the page's rows ("0.98", "9.8 ms", a red "&gt;50 ms" over F1's bound,
 *     the failed and skipped cells, escaped reasons), the sentence that
 *     explains them, and the two figures gone from "Other figures";
 *   - make bench's layout (fairness/, preempt/ beside a main run with
 *     pingpong): the same rows from fairness/, F1 from there with hog held
 *     against the main run's pingpong, and what preemption costs (topic
 *     preemption: on over off per case, their geometric mean);
 *   - the findings (topic fairness): per workload and worker count, preempt
 *     on against off, factors only where the test supports them;
 *   - F1 on the page: its row, its anchor, a verdict per runtime.
 * Samples are deterministic; nothing is timed. Charts only where gnuplot is.
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
#include "../harness/report/findings/findings.h"
#include "../harness/report/report.h"
#include "support/resfix.h"

#define REPS 10
#define OPS  100000

/* One configuration of the fixture. */
typedef struct fcfg {
	const char *workload, *runtime; /* "wakeup", "gmp"                      */
	int threads;                    /* -t                                   */
	bool off;                       /* --param preempt=off                  */
	double ns;                      /* ns per op (center)                   */
	double jain;                    /* metric:fairness_jain (0: empty)      */
	double late;                    /* metric:wakeup_late_ns (0: empty)     */
	double preempts;                /* metric:preemptions (-1: empty)       */
	double spares;                  /* metric:spares_lent (-1: empty)       */
	double p50, p99;                /* its histogram, µs (0: none)          */
} fcfg;

static const char *chan_of(const fcfg *c)
{
	if (!strcmp(c->runtime, "go"))
		return "go-native";
	return strcmp(c->workload, "fairshare") ? "go" : "-";
}

static void key_of(const fcfg *c, char *out, size_t len)
{
	snprintf(out, len, "%s/runtime=%s/chan=%s/threads=%d/placement=none%s", c->workload,
	         c->runtime, chan_of(c), c->threads, c->off ? "/preempt=off" : "");
}

/* Writes DIR/runs.csv, env.json and the histograms from c[0..n). */
static void write_dir(const char *dir, const fcfg *c, int n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	fprintf(f, "schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,"
	           "n_requested,n,size_reduced,round,rep,elapsed_ns,cpu_ns,ns_per_op,ops_per_sec,"
	           "migrated,metric:fairness_jain,metric:preemptions,metric:spares_lent,"
	           "metric:units_max,metric:units_min,metric:wakeup_late_ns\n");
	for (int i = 0; i < n; i++) {
		double ns[REPS], jain[REPS], late[REPS];
		char key[200];
		key_of(&c[i], key, sizeof key);
		resfix_samples(ns, REPS, c[i].ns, 0.01, 100 + (unsigned)i);
		resfix_samples(jain, REPS, c[i].jain, 0.002, 200 + (unsigned)i);
		resfix_samples(late, REPS, c[i].late, 0.02, 300 + (unsigned)i);
		for (int r = 0; r < REPS; r++) {
			fprintf(
			    f,
			    "2,%s,%s,%s,%s,%d,none,,0,n=%d%s,%d,%d,0,%d,%d,%.0f,%.0f,%.6f,%.6f,0,",
			    key, c[i].workload, c[i].runtime, chan_of(&c[i]), c[i].threads, OPS,
			    c[i].off ? ";preempt=off" : "", OPS, OPS, r / 2, 1 + r % 2, ns[r] * OPS,
			    ns[r] * OPS, ns[r], 1e9 / ns[r]);
			if (c[i].jain > 0)
				fprintf(f, "%.6f", jain[r] > 1 ? 1 : jain[r]);
			fputc(',', f);
			if (c[i].preempts >= 0)
				fprintf(f, "%.0f", c[i].preempts);
			fputc(',', f);
			if (c[i].spares >= 0)
				fprintf(f, "%.0f", c[i].spares);
			fputc(',', f);
			if (c[i].jain > 0) /* units a task got, of OPS over 4 tasks */
				fprintf(f, "%.0f,%.0f", OPS / 4 * (2 - c[i].jain),
				        OPS / 4 * c[i].jain);
			else
				fputc(',', f);
			fputc(',', f);
			if (c[i].late > 0)
				fprintf(f, "%.0f", late[r]);
			fputc('\n', f);
		}
		if (c[i].p99 > 0)
			assert_true(resfix_hgrm(dir, key, c[i].p50, c[i].p99, c[i].p99 * 1.2));
	}
	fclose(f);
	assert_true(resfix_file(dir, "runs.csv", text));
	free(text);
	assert_true(resfix_file(dir, "env.json",
	                        "{\"schema\": 1, \"host\": \"h\", \"started\": "
	                        "\"2026-01-01T00:00:00Z\"}\n"));
}

/* Every runtime at 1 and 2 workers, and gmp, go at 1 with preemption off. */
static const fcfg cfgs[] = {
    /* workload, runtime, t, off, ns, jain, late, preempts, spares, p50, p99 */
    {"pingpong", "pthread", 1, false, 5000, 0, 0, -1, -1, 0, 0},
    {"pingpong", "gmp", 1, false, 100, 0, 0, 0, 0, 0, 0},
    {"pingpong", "go", 1, false, 150, 0, 0, -1, -1, 0, 0},
    {"hog", "pthread", 1, false, 10000, 0, 0, -1, -1, 0, 0},
    {"hog", "gmp", 1, false, 220, 0, 0, 9, 0, 0, 0},
    {"hog", "go", 1, false, 150, 0, 0, -1, -1, 0, 0},
    {"hog", "go", 1, true, 400, 0, 0, -1, -1, 0, 0},
    {"hog", "gmp", 2, false, 120, 0, 0, 0, 0, 0, 0},
    {"wakeup", "pthread", 1, false, 1.06e6, 0, 60000, -1, -1, 60, 200},
    {"wakeup", "gmp", 1, false, 1.005e6, 0, 5e6, 40, 0, 5000, 9800},
    {"wakeup", "go", 1, false, 1.009e6, 0, 9e6, -1, -1, 9000, 19000},
    {"wakeup", "gmp", 1, true, 3e6, 0, 2e9, 0, 0, 2e6, 4e6},
    {"wakeup", "gmp", 2, false, 1.004e6, 0, 4e6, 40, 0, 4000, 9000},
    {"fairshare", "pthread", 1, false, 12, 0.999, 0, -1, -1, 0, 0},
    {"fairshare", "gmp", 1, false, 11, 0.98, 0, 30, 0, 0, 0},
    {"fairshare", "go", 1, false, 11.5, 0.99, 0, -1, -1, 0, 0},
    {"fairshare", "gmp", 1, true, 10, 0.25, 0, 0, 0, 0, 0},
    {"syscall", "pthread", 1, false, 12000, 0, 0, -1, -1, 20, 150},
    {"syscall", "gmp", 1, false, 300, 0, 0, 10, 55, 18, 60},
    {"syscall", "go", 1, false, 450, 0, 0, -1, -1, 21, 80},
};

static char *root;

/* gmp's hog without preemption: every round killed by the watchdog (a
 * hostile reason), into DIR/failures.csv; pthread's preempt=off skipped. */
static void failures_and_skips(const char *dir)
{
	char f[600];
	int w = snprintf(f, sizeof f, "key,round,kind,reason\n");
	for (int r = 0; r < 5; r++)
		w += snprintf(f + w, sizeof f - (size_t)w,
		              "hog/runtime=gmp/chan=go/threads=1/placement=none/preempt=off,%d,"
		              "timeout,\"hog: no progress <b>for</b> 2 s\"\n",
		              r);
	assert_true(resfix_file(dir, "failures.csv", f));
	assert_true(
	    resfix_file(dir, "skipped.csv",
	                "key,reason\nhog/runtime=pthread/chan=go/threads=1/placement=none/"
	                "preempt=off,\"preempt=off: the kernel <i>preempts</i> threads\"\n"));
}

/* A plain run: every configuration in the main run. */
static void make_fixture(void)
{
	root = resfix_tmpdir();
	assert_non_null(root);
	write_dir(root, cfgs, (int)(sizeof cfgs / sizeof cfgs[0]));
	failures_and_skips(root);
}

/* make bench's layout: pingpong in the main run, the fairness workloads in
 * fairness/, pingpong and ring with preemption on and off in preempt/. */
static const fcfg preempt_cfgs[] = {
    {"pingpong", "gmp", 1, false, 100, 0, 0, 0, 0, 0, 0},
    {"pingpong", "gmp", 1, true, 99, 0, 0, 0, 0, 0, 0},
    {"pingpong", "go", 1, false, 150, 0, 0, -1, -1, 0, 0},
    {"pingpong", "go", 1, true, 140, 0, 0, -1, -1, 0, 0},
    {"ring", "gmp", 1, false, 60, 0, 0, 0, 0, 0, 0},
    {"ring", "gmp", 1, true, 60, 0, 0, 0, 0, 0, 0},
    {"ring", "go", 1, false, 90, 0, 0, -1, -1, 0, 0},
    {"ring", "go", 1, true, 91, 0, 0, -1, -1, 0, 0},
};

static void make_bench_fixture(void)
{
	root = resfix_tmpdir();
	assert_non_null(root);
	fcfg main_c[3], fair_c[32];
	int nm = 0, nf = 0;
	for (size_t i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
		if (!strcmp(cfgs[i].workload, "pingpong") && !cfgs[i].off)
			main_c[nm++] = cfgs[i];
		else if (strcmp(cfgs[i].workload, "pingpong"))
			fair_c[nf++] = cfgs[i];
	}
	write_dir(root, main_c, nm);
	assert_true(resfix_file(root, "fairness/.made", "") &&
	            resfix_file(root, "preempt/.made", ""));
	char sub[600];
	snprintf(sub, sizeof sub, "%s/fairness", root);
	write_dir(sub, fair_c, nf);
	failures_and_skips(sub);
	snprintf(sub, sizeof sub, "%s/preempt", root);
	write_dir(sub, preempt_cfgs, (int)(sizeof preempt_cfgs / sizeof preempt_cfgs[0]));
}

static void drop_fixture(void)
{
	resfix_rmrf(root);
	free(root);
	root = NULL;
}

static void has(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("lacks '%s'", needle);
}

static char *slurp(const char *path)
{
	char *buf, err[300];
	size_t len;
	if (!file_read_all(path, 64u << 20, &buf, &len, err, sizeof err))
		fail_msg("%s", err);
	return buf;
}

static rp_findings F; /* a few MB: static */

/* The summary row of case wcase, or fail. */
static const rp_sum_row *row_of(const char *wcase)
{
	for (int r = 0; r < F.sum.nrows; r++)
		if (!strcmp(F.sum.row[r].wcase, wcase))
			return &F.sum.row[r];
	fail_msg("no summary row %s", wcase);
	return NULL;
}

/* The cell of runtime rt at t workers in row r. */
static const rp_cell *cell_of(const rp_sum_row *r, const char *rt, int t)
{
	for (int c = 0; c < F.sum.ncols; c++)
		if (F.sum.col[c].threads == t && !strcmp(F.sum.col[c].runtime, rt))
			return &r->cell[c];
	fail_msg("no column %s t=%d", rt, t);
	return NULL;
}

/* The fairness row of case wcase, or fail. */
static const rp_fair_row *fair_of(const char *wcase)
{
	for (int r = 0; r < F.sum.nfair; r++)
		if (!strcmp(F.sum.fair[r].wcase, wcase))
			return &F.sum.fair[r];
	fail_msg("no fairness row %s", wcase);
	return NULL;
}

/* The cell of runtime rt at t workers in fairness row w. */
static const rp_fair_cell *fcell_of(const rp_fair_row *w, const char *rt, int t)
{
	for (int c = 0; c < F.sum.ncols; c++)
		if (F.sum.col[c].threads == t && !strcmp(F.sum.col[c].runtime, rt))
			return &w->cell[c];
	fail_msg("no column %s t=%d", rt, t);
	return NULL;
}

/* The summary's fairness rows, from the main run or from fairness/. */
static void check_fair_rows(int part)
{
	assert_int_equal(F.sum.nfair, 4); /* fairshare, wakeup, each with its preempt=off */
	const rp_fair_row *w = fair_of("fairshare");
	assert_int_equal(w->kind, RP_FAIR_JAIN);
	assert_int_equal(w->part, part);
	const rp_fair_cell *y = fcell_of(w, "gmp", 1);
	assert_non_null(y->cfg);
	assert_true(fabs(y->s.median - 0.98) < 0.005);
	assert_int_equal(y->s.n, REPS);
	assert_true(y->s.ci_exact);
	assert_null(fcell_of(w, "gmp", 2)->cfg); /* not run: not measured */
	assert_int_equal(fcell_of(w, "gmp", 2)->failed, 0);
	y = fcell_of(fair_of("fairshare/preempt=off"), "gmp", 1);
	assert_true(fabs(y->s.median - 0.25) < 0.005);
	y = fcell_of(fair_of("fairshare/preempt=off"), "pthread", 1);
	assert_null(y->cfg);
	w = fair_of("wakeup");
	assert_int_equal(w->kind, RP_FAIR_LATE);
	y = fcell_of(w, "gmp", 1);
	assert_true(fabs(y->p99 - 9.8e6) < 1); /* µs in the file, ns here */
	assert_true(fabs(y->p50 - 5e6) < 1);
	assert_int_equal(y->count, 1000);
	assert_true(fabs(y->s.median - 5e6) < 0.05e6); /* per repetition */
}

static void summary_cells(void **state)
{
	(void)state;
	make_fixture();
	report_model m;
	char err[600];
	assert_true(rm_load(&m, &root, 1, err, sizeof err));
	rp_findings_make(&m, &F);
	check_fair_rows(-1);
	/* wakeup (its op is a sleep) and the preempt=off rows stay out of the
	 * geometric means; hog, fairshare and syscall are costs and count */
	assert_true(row_of("wakeup")->geo_out && row_of("hog/preempt=off")->geo_out);
	assert_false(row_of("hog")->geo_out || row_of("fairshare")->geo_out ||
	             row_of("syscall")->geo_out);
	assert_non_null(cell_of(row_of("wakeup"), "gmp", 2)->cfg);
	rm_free(&m);
	drop_fixture();
}

/* make bench's layout: the same rows from fairness/, F1 from there, hog held
 * against the main run's pingpong, and what preemption costs from preempt/. */
static void make_bench_layout(void **state)
{
	(void)state;
	make_bench_fixture();
	report_model m;
	char err[600];
	assert_true(rm_load(&m, &root, 1, err, sizeof err));
	rp_findings_make(&m, &F);
	int part = rm_part_of(&m, 0, RM_FAIRNESS);
	assert_true(part >= 0 && rm_part_of(&m, 0, RM_PREEMPT) >= 0);
	check_fair_rows(part);
	/* the gmp cell whose every round failed, in fairness/'s failures.csv */
	const rp_fair_cell *y = fcell_of(fair_of("fairshare"), "pthread", 1);
	assert_non_null(y->cfg);
	const rp_claim *c = NULL;
	for (int i = 0; i < F.nclaims; i++)
		if (!strcmp(F.claims[i].def->id, "F1"))
			c = &F.claims[i];
	assert_non_null(c);
	assert_int_equal(c->verdict, RP_HOLDS);
	assert_int_equal(c->nrt, 3);
	bool across = false, off = false;
	for (int i = 0; i < c->nev; i++) {
		across = across || strstr(c->ev[i].text, "hog's round trip (fairness/) over plain "
		                                         "pingpong's (the main run)");
		off = off || strstr(c->ev[i].text, "gmp preempt=off t=1 (the counter-case, not "
		                                   "counted): the watchdog killed hog");
	}
	assert_true(across && off);
	has(c->measured, "from the main run and fairness/");
	/* C5 reads hog from fairness/ too */
	for (int i = 0; i < F.nclaims; i++)
		if (!strcmp(F.claims[i].def->id, "C5")) {
			bool hog = false;
			for (int e = 0; e < F.claims[i].nev; e++)
				hog = hog || !strcmp(F.claims[i].ev[e].where, "hog t=1 gmp");
			assert_true(hog);
		}
	static char all[16384];
	all[0] = '\0';
	for (int i = 0; i < F.n; i++)
		if (!strcmp(F.items[i].topic, "fairness") ||
		    !strcmp(F.items[i].topic, "preemption")) {
			size_t w = strlen(all);
			snprintf(all + w, sizeof all - w, "%s | ", F.items[i].text);
		}
	printf("# %s\n", all);
	has(all, "hog (fairness/), 1 worker: a round trip beside a task that never yields takes "
	         "pthread 10 µs");
	has(all, "hog (fairness/), 1 worker, preemption off against on: go 40");
	has(all,
	    "gmp: no repetition completed, 5 rounds failed (timeout: hog: no progress <b>for</b> "
	    "2 s)");
	has(all, "pingpong (preempt/), time with preemption on over time with it off: gmp t=1 ");
	has(all, "go t=1 1.07x (q=");
	has(all, "ring (preempt/), time with preemption on over time with it off: gmp t=1 not "
	         "significantly different (q=");
	has(all, "Over 2 workloads (preempt/), go at 1 worker takes ");
	has(all,
	    " its time with preemption off when preemption is on (geometric mean; descriptive");
	rm_free(&m);
	drop_fixture();
}

/* The findings of topic fairness, joined with " | ". */
static void fairness_findings(char *out, size_t len)
{
	out[0] = '\0';
	for (int i = 0; i < F.n; i++)
		if (!strcmp(F.items[i].topic, "fairness")) {
			size_t w = strlen(out);
			snprintf(out + w, len - w, "%s | ", F.items[i].text);
		}
}

static void findings(void **state)
{
	(void)state;
	make_fixture();
	report_model m;
	char err[600];
	assert_true(rm_load(&m, &root, 1, err, sizeof err));
	rp_findings_make(&m, &F);
	static char all[16384];
	fairness_findings(all, sizeof all);
	printf("# %s\n", all);
	has(all, "hog, 1 worker: a round trip beside a task that never yields takes pthread "
	         "10 µs, gmp 2");
	has(all, "; pthread against its plain pingpong: 2.0x (q=");
	has(all, "; gmp against its plain pingpong: 2.2x (q=");
	has(all, "go against its plain pingpong: not significantly different (q=");
	has(all, "gmp preempted 9 times a repetition (median)");
	has(all, "hog, 1 worker, preemption off against on: go 40");
	has(all, " ns, against on: 2.7x (q=");
	has(all,
	    "gmp: no repetition completed, 5 rounds failed (timeout: hog: no progress <b>for</b> "
	    "2 s)");
	has(all,
	    "wakeup, 1 worker: the sleeper woke late by, at p99, pthread 200 µs, gmp 9.8 ms, go "
	    "19 ms (every repetition's wake-ups merged); the median per repetition pthread "
	    "60");
	has(all, "gmp's median lateness against Go's: 0.56x (q=");
	has(all, "wakeup, 1 worker, preemption off against on: gmp 2 s, against on: ");
	has(all, "fairshare, 1 worker: Jain's index of the units the tasks got pthread 1.00, gmp "
	         "0.98, go 0.99 (1 = equal shares, 1/K = one of K tasks took all); gmp's index "
	         "against Go's: 0.99x (q=");
	has(all, "fairshare, 1 worker, preemption off against on: gmp 0.25, against on: 0.26x (q=");
	has(all, "syscall, 1 worker: a round trip beside blocked calls and a spinner takes pthread "
	         "12 µs, gmp 30");
	has(all, "; gmp's time against Go's: 0.67x (q=");
	has(all, "a blocked call's return waited, at p99, pthread 150 µs, gmp 60 µs, go 80 µs; gmp "
	         "handed a blocked worker's P to another thread 55 times a repetition (median)");
	has(all, "hog, 2 workers: a round trip beside a task that never yields takes gmp 120 ns");
	rm_free(&m);
	drop_fixture();
}

static void page(void **state)
{
	(void)state;
	char html[4200];
	make_fixture();
	report_opts o = {0};
	assert_int_equal(report_run(&root, 1, &o, html, sizeof html), 0);
	char *p = slurp(html);
	/* the fairness rows under the operations, and the sentence that explains them */
	has(p, "Under the operations, the fairness figures in the same columns: <b>Jain's "
	       "index</b>");
	has(p, "<tr class=\"fair\"><th class=\"op\">fairness, Jain's index<br><span "
	       "class=\"wl\">fairshare</span></th>");
	has(p, "median of 10 repetitions; 1 = equal shares, 1/K = one of K tasks took all\"><b>0.98"
	       "</b></span>");
	has(p, "><b>0.25</b></span>");
	has(p, "<th class=\"op\">wake-up lateness, p99<br><span class=\"wl\">wakeup</span></th>");
	has(p, "p99 of 1000 wake-ups (every repetition merged: no interval); median lateness per "
	       "repetition ");
	has(p, "><b>9.8 ms</b></span><br><span class=\"iv\">p50 5 ms</span>");
	has(p, "><b>4 s</b></span> <span class=\"flag\" title=\"over 50 ms, the bound of claim F1 "
	       "(five time slices)\">&gt;50 ms</span>");
	/* gmp's hog without preemption: every round failed, said so, escaped */
	has(p, "<td class=\"nm\" title=\"5 rounds failed, no repetition completed: timeout: hog: "
	       "no progress &lt;b&gt;for&lt;/b&gt; 2 s\"><span class=\"flag\">failed</span></td>");
	/* pthread's preempt=off skipped, escaped */
	has(p, "title=\"skipped: preempt=off: the kernel &lt;i&gt;preempts&lt;/i&gt; "
	       "threads\">skipped</td>");
	/* the two figures are the table's now, not "Other figures"' */
	assert_null(strstr(p, "fairness (Jain"));
	assert_null(strstr(p, "<b>for</b>"));
	has(p, "no progress &lt;b&gt;for&lt;/b&gt; 2 s");
	/* the findings and F1 */
	has(p, "<b>fairness</b> (");
	has(p, "<a href=\"#claim-f1\">F1</a>");
	has(p, "<details class=\"claim\" id=\"claim-f1\"><summary><b>F1</b>: A CPU-bound task "
	       "does not stop the others.");
	has(p, "Per runtime: pthread <span class=\"");
	has(p, "gmp <span class=\"holds\">holds</span>");
	free(p);
	drop_fixture();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(summary_cells),
	    cmocka_unit_test(make_bench_layout),
	    cmocka_unit_test(findings),
	    cmocka_unit_test(page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
