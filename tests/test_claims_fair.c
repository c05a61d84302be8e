/*
 * test_claims_fair.c — F1, "a CPU-bound task does not stop the others"
 * (docs/CLAIMS.md; findings/claims/c_fair.c), on synthetic results
 * directories shaped like `corobench run -w hog,wakeup,fairshare,syscall,
 * pingpong -r pthread,gmp,go -t 1,2`: runs.csv with the fairness rows and
 * their metrics, latency/ histograms for wakeup and syscall, failures.csv with the
 * watchdog's rounds, skipped.csv. Each test makes a directory that gives one
 * verdict and checks the row's verdict, each runtime's, and the words that
 * say why:
 *   - holds on every runtime; a watchdog round does not hold (its reason
 *     named); a crash cannot tell; hog slower than 4x pingpong does not hold;
 *     3+3 repetitions cannot tell; mixed across runtimes;
 *   - wakeup's p99 over 50 ms does not hold, under it holds, too few
 *     wake-ups cannot tell; at more workers shown, not counted; a worker count
 *     with a free worker left out;
 *   - preempt=off rows (a watchdog round, a p99 of seconds) are shown, one
 *     item per runtime, and change no verdict;
 *   - not measured: no fairness workload; one runtime absent; one worker
 *     count missing; a skip named with its reason;
 *   - fairshare's Jain index shown (one item per runtime), not counted;
 *   - the row is the table's last (F1 after N2), and its per-runtime verdicts
 *     reach the text and JSON output with hostile strings escaped.
 * Samples are deterministic (resfix_samples, 1% spread); nothing is timed.
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

#include "../harness/cli/claims_print.h"
#include "../harness/report/findings/findings.h"
#include "support/resfix.h"

static rp_findings F; /* a few MB: static */
static report_model M;
static char *dir;

/* One directory being built: its configurations, columns, extra files. */
typedef struct fx {
	resfix_cfg c[32];
	resfix_more x[32];
	int n;
	char failures[4096]; /* failures.csv rows (header added)       */
	char skipped[2048];  /* skipped.csv rows (header added)        */
	struct {
		char key[200];
		double p50, p99, max; /* µs */
	} h[16];
	int nh;
} fx;

static fx D;    /* large: static */
static int few; /* load writes wakeup/go/t=1's histogram of `few` samples */

/* A histogram of `few` wake-ups (0: none), p99 12 ms (µs in the file), by hand. */
static void hist_few(const char *d)
{
	char text[1200];
	snprintf(text, sizeof text,
	         "       Value     Percentile TotalCount 1/(1-Percentile)\n\n"
	         "    5000.000 0.000000000000          1           1.00\n"
	         "    6000.000 0.500000000000 %10d           2.00\n"
	         "   12000.000 0.990000000000 %10d         100.00\n"
	         "   15000.000 1.000000000000 %10d\n"
	         "#[Mean    =     6500.000, StdDeviation   =     2000.000]\n"
	         "#[Max     =    15000.000, Total count    = %12d]\n",
	         few / 2, few * 99 / 100, few, few);
	assert_true(resfix_file(
	    d, "latency/wakeup_runtime=go_chan=go-native_threads=1_placement=none.hgrm", text));
}

static double S[64][12];
static int NS;

static const double *at(double center, int n)
{
	assert_true(NS < 64);
	resfix_samples(S[NS], n, center, 0.01, 4000 + (unsigned)NS);
	return S[NS++];
}

static const char *chan_of(const char *rt)
{
	return strcmp(rt, "go") ? "go" : "go-native";
}

/* The key the harness writes for a configuration (default placement). */
static void key_of(char *out, size_t len, const char *w, const char *rt, int t, const char *tail)
{
	snprintf(out, len, "%s/runtime=%s/chan=%s/threads=%d/placement=none%s", w, rt,
	         strcmp(w, "fairshare") ? chan_of(rt) : (strcmp(rt, "go") ? "-" : "go-native"), t,
	         tail ? tail : "");
}

/* A configuration of workload w on rt at t workers: ns/op around ns, n
 * repetitions, key tail (NULL or "/preempt=off"), params, metric column value
 * around `metric` (the directory's one extra column; NAN: none). */
static void cfg(fx *d, const char *w, const char *rt, int t, double ns, int n, const char *tail,
                const char *params, double metric)
{
	static double mx[64][12];
	static int k;
	assert_true(d->n < 32);
	const char *ch =
	    !strcmp(w, "fairshare") ? (strcmp(rt, "go") ? "-" : "go-native") : chan_of(rt);
	d->c[d->n] = (resfix_cfg){w, rt, ch, t, "none", at(ns, n), n, false};
	resfix_more x = {.params = params, .key_tail = tail};
	if (metric == metric) {
		resfix_samples(mx[k], n, metric, 0.01, 5000 + (unsigned)k);
		x.extra = mx[k];
		k = (k + 1) % 64;
	}
	d->x[d->n++] = x;
}

/* wakeup's histogram: p99 (µs) of how late the sleeper woke. */
static void hist(fx *d, const char *w, const char *rt, int t, const char *tail, double p50,
                 double p99, double max)
{
	assert_true(d->nh < 16);
	key_of(d->h[d->nh].key, sizeof d->h[0].key, w, rt, t, tail);
	d->h[d->nh].p50 = p50;
	d->h[d->nh].p99 = p99;
	d->h[d->nh].max = max;
	d->nh++;
}

static void failure(fx *d, const char *w, const char *rt, int t, const char *tail, const char *kind,
                    const char *reason, int rounds)
{
	char key[200];
	key_of(key, sizeof key, w, rt, t, tail);
	for (int r = 0; r < rounds; r++) {
		size_t len = strlen(d->failures);
		snprintf(d->failures + len, sizeof d->failures - len, "%s,%d,%s,\"%s\"\n", key, r,
		         kind, reason);
	}
}

/* Every runtime at 1 and 2 workers, preemption on, all well: hog at about 2x
 * pingpong, wakeup p99 10 ms (pthread 200 µs), syscall and fairshare done. */
static void healthy(fx *d, const char *col)
{
	static const char *const rts[] = {"pthread", "gmp", "go"};
	double pp[] = {5000, 100, 150}, late[] = {200, 10000, 15000};
	bool jain = col && !strcmp(col, "metric:fairness_jain");
	for (int r = 0; r < 3; r++)
		for (int t = 1; t <= 2; t++) {
			cfg(d, "pingpong", rts[r], t, pp[r], 10, NULL, NULL, NAN);
			cfg(d, "hog", rts[r], t, pp[r] * 2, 10, NULL, NULL, NAN);
			cfg(d, "wakeup", rts[r], t, 1e6 + late[r], 10, NULL, NULL, NAN);
			hist(d, "wakeup", rts[r], t, NULL, late[r] / 2, late[r], late[r] * 1.2);
			cfg(d, "syscall", rts[r], t, pp[r] * 3, 10, NULL, NULL, NAN);
			hist(d, "syscall", rts[r], t, NULL, 20, 100, 200);
			cfg(d, "fairshare", rts[r], t, 12, 10, NULL, NULL, jain ? 0.99 : NAN);
		}
}

static const rp_claim *row_of(const char *id)
{
	for (int i = 0; i < F.nclaims; i++)
		if (!strcmp(F.claims[i].def->id, id))
			return &F.claims[i];
	fail_msg("no row %s", id);
	return NULL;
}

/* Writes d (host label `host`), loads it, makes the findings; F1's row. */
static const rp_claim *load(fx *d, const char *col, const char *host)
{
	if (dir) {
		rm_free(&M);
		resfix_rmrf(dir);
		free(dir);
	}
	dir = resfix_tmpdir();
	assert_true(resfix_write_more(dir, host, col, d->c, d->x, d->n));
	char text[8192];
	if (d->failures[0]) {
		snprintf(text, sizeof text, "key,round,kind,reason\n%s", d->failures);
		assert_true(resfix_file(dir, "failures.csv", text));
	}
	if (d->skipped[0]) {
		snprintf(text, sizeof text, "key,reason\n%s", d->skipped);
		assert_true(resfix_file(dir, "skipped.csv", text));
	}
	for (int i = 0; i < d->nh; i++)
		assert_true(resfix_hgrm(dir, d->h[i].key, d->h[i].p50, d->h[i].p99, d->h[i].max));
	if (few)
		hist_few(dir);
	char err[800];
	if (!rm_load(&M, &dir, 1, err, sizeof err))
		fail_msg("%s", err);
	rp_findings_make(&M, &F);
	NS = 0;
	const rp_claim *c = row_of("F1");
	char rts[400];
	rp_claim_by_runtime(c, rts, sizeof rts);
	printf("# F1 [%s]: %s\n#   per runtime: %s\n#   measured: %s\n#   not measured: %s\n",
	       rp_verdict_name(c->verdict), c->verdict_text, rts, c->measured, c->not_measured);
	for (int e = 0; e < c->nev; e++)
		printf("#   %s: %s [%s]\n", rp_outcome_name(c->ev[e].outcome), c->ev[e].text,
		       c->ev[e].anchor);
	return c;
}

static void has(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("'%.300s%s' lacks '%s'", s, strlen(s) > 300 ? "..." : "", needle);
}

static void lacks(const char *s, const char *needle)
{
	if (strstr(s, needle))
		fail_msg("'%s' has '%s'", s, needle);
}

/* The verdict of runtime rt in row c. */
static rp_verdict rt_verdict(const rp_claim *c, const char *rt)
{
	for (int i = 0; i < c->nrt; i++)
		if (!strcmp(c->rt[i].runtime, rt))
			return c->rt[i].verdict;
	fail_msg("no runtime %s in the row", rt);
	return RP_NOT_MEASURED;
}

/* The item whose where is `where`, or fail. */
static const rp_evidence *item(const rp_claim *c, const char *where)
{
	for (int i = 0; i < c->nev; i++)
		if (!strcmp(c->ev[i].where, where))
			return &c->ev[i];
	fail_msg("no item '%s'", where);
	return NULL;
}

static void holds_everywhere(void **state)
{
	(void)state;
	memset(&D, 0, sizeof D);
	healthy(&D, NULL);
	const rp_claim *c = load(&D, NULL, "h");
	assert_int_equal(c->verdict, RP_HOLDS);
	assert_int_equal(c->nrt, 3);
	assert_string_equal(c->rt[0].runtime, "pthread");
	assert_string_equal(c->rt[1].runtime, "gmp");
	assert_string_equal(c->rt[2].runtime, "go");
	for (int i = 0; i < 3; i++) {
		assert_int_equal(c->rt[i].verdict, RP_HOLDS);
		/* hog done, hog vs pingpong, wakeup t=1, syscall done (t=2: shown) */
		assert_int_equal(c->rt[i].nholds, 4);
	}
	const rp_evidence *e = item(c, "hog t=1 gmp");
	assert_int_equal(e->outcome, RP_EV_HOLDS);
	has(e->text, "completed all 10 repetitions beside a task that never yields (200 ns per "
	             "round trip)");
	e = item(c, "hog t=1 gmp vs pingpong");
	assert_int_equal(e->outcome, RP_EV_HOLDS);
	has(e->text, "hog 200 ns vs pingpong ");
	has(e->text, " per round trip; hog's round trip over plain pingpong's 2.0x (95% CI ");
	assert_true(e->bound == 4 && !e->at_least);
	assert_string_equal(e->anchor, "nsop-t1");
	e = item(c, "wakeup t=1 go");
	assert_int_equal(e->outcome, RP_EV_HOLDS);
	has(e->text, "p99 lateness 15 ms of 1000 wake-ups, 0 (0%) over 50 ms; rule: at most 1% "
	             "over; q=");
	assert_string_equal(e->anchor, "latency-wakeup");
	assert_true(e->value == 0 && e->bound > 0.0099 && e->bound < 0.0101 && e->hi > 0);
	assert_int_equal(item(c, "wakeup t=2 go")->outcome, RP_EV_INFO); /* shown at 2 */
	e = item(c, "syscall t=1 pthread");
	assert_int_equal(e->outcome, RP_EV_HOLDS);
	has(e->text, "round trip; a blocked call's return waited 100 µs at p99)");
	has(c->measured, "workloads hog, pingpong, wakeup, syscall; runtimes pthread, gmp, go; "
	                 "workers 1, 2");
	assert_string_equal(c->verdict_text, "holds on 12 of 12 comparisons");
}

static void watchdog_and_crash(void **state)
{
	(void)state;
	memset(&D, 0, sizeof D);
	healthy(&D, NULL);
	/* gmp's hog at one worker: no rows, every round killed by the watchdog */
	for (int i = 0; i < D.n; i++)
		if (!strcmp(D.c[i].workload, "hog") && !strcmp(D.c[i].runtime, "gmp") &&
		    D.c[i].threads == 1)
			D.c[i].workload = "hog-gone"; /* out of the run */
	failure(&D, "hog", "gmp", 1, NULL, "timeout",
	        "timed out after 30 s; hog: the ping-pong made no progress for 2 s while a task "
	        "spun: the runtime did not preempt it",
	        5);
	/* go's syscall at one worker: a crash, which says nothing of fairness */
	failure(&D, "syscall", "go", 1, NULL, "crash", "killed by signal 11", 1);
	const rp_claim *c = load(&D, NULL, "h");
	assert_int_equal(c->verdict, RP_MIXED);
	assert_int_equal(rt_verdict(c, "pthread"), RP_HOLDS);
	assert_int_equal(rt_verdict(c, "gmp"), RP_MIXED); /* wakeup, syscall still hold */
	assert_int_equal(rt_verdict(c, "go"), RP_CANNOT_TELL);
	const rp_evidence *e = item(c, "hog t=1 gmp");
	assert_int_equal(e->outcome, RP_EV_DOES_NOT);
	has(e->text, "5 rounds hit the watchdog (timed out after 30 s; hog: the ping-pong made no "
	             "progress");
	assert_string_equal(e->anchor, "skipped");
	e = item(c, "syscall t=1 go");
	assert_int_equal(e->outcome, RP_EV_CANNOT_TELL);
	has(e->text, "1 round failed otherwise (crash: killed by signal 11), which says nothing "
	             "of fairness");
	has(c->verdict_text, "does not hold on hog t=1 gmp");
	has(c->verdict_text, "rests in part on configurations with failed rounds");
}

static void hog_slow_and_few(void **state)
{
	(void)state;
	/* hog at 6x pingpong on go: does not hold; gmp with 3 repetitions: cannot tell */
	memset(&D, 0, sizeof D);
	cfg(&D, "pingpong", "go", 1, 150, 10, NULL, NULL, NAN);
	cfg(&D, "hog", "go", 1, 900, 10, NULL, NULL, NAN);
	cfg(&D, "pingpong", "gmp", 1, 100, 3, NULL, NULL, NAN);
	cfg(&D, "hog", "gmp", 1, 200, 3, NULL, NULL, NAN);
	const rp_claim *c = load(&D, NULL, "h");
	assert_int_equal(rt_verdict(c, "go"), RP_MIXED); /* completed, but 6x */
	const rp_evidence *e = item(c, "hog t=1 go vs pingpong");
	assert_int_equal(e->outcome, RP_EV_DOES_NOT);
	has(e->text, "hog's round trip over plain pingpong's 6");
	e = item(c, "hog t=1 gmp vs pingpong");
	assert_int_equal(e->outcome, RP_EV_CANNOT_TELL);
	has(e->text, "3+3 repetitions cannot reach significance");
	assert_int_equal(rt_verdict(c, "gmp"), RP_CANNOT_TELL);
	assert_int_equal(rt_verdict(c, "pthread"), RP_NOT_MEASURED);
	has(c->not_measured, "hog t=1 pthread: not in this run");
	has(c->not_measured, "wakeup: ");
	/* no pingpong beside the hog: the factor is not measured, and said */
	memset(&D, 0, sizeof D);
	cfg(&D, "hog", "gmp", 1, 200, 10, NULL, NULL, NAN);
	c = load(&D, NULL, "h");
	assert_int_equal(c->verdict, RP_HOLDS);
	has(c->not_measured, "hog t=1 gmp vs pingpong: no plain pingpong on gmp/go at 1 worker "
	                     "(corobench run -w pingpong)");
}

static void wakeup_bound(void **state)
{
	(void)state;
	memset(&D, 0, sizeof D);
	/* gmp wakes 80 ms late at p99 (behind every spinner): does not hold;
	 * go's 12 ms holds; pthread's 1,000 wake-ups at 49 ms p99 but 1% of them
	 * over 50 ms: not significant either way */
	cfg(&D, "wakeup", "gmp", 1, 1.06e6, 10, NULL, NULL, NAN);
	hist(&D, "wakeup", "gmp", 1, NULL, 60000, 80000, 90000);
	cfg(&D, "wakeup", "go", 1, 1.01e6, 10, NULL, NULL, NAN);
	hist(&D, "wakeup", "go", 1, NULL, 6000, 12000, 15000);
	cfg(&D, "wakeup", "pthread", 1, 1.0e6, 10, NULL, NULL, NAN);
	hist(&D, "wakeup", "pthread", 1, NULL, 100, 49000, 60000); /* 1% over 50 ms */
	/* 4 workers, 4 spinners (the default): shown; 8 workers with hogs=4: a free
	 * worker, left out */
	cfg(&D, "wakeup", "go", 4, 1.01e6, 10, NULL, NULL, NAN);
	hist(&D, "wakeup", "go", 4, NULL, 600, 1200, 1500);
	cfg(&D, "wakeup", "go", 8, 1.0e6, 10, NULL, NULL, NAN);
	hist(&D, "wakeup", "go", 8, NULL, 60, 120, 150);
	const rp_claim *c = load(&D, NULL, "h");
	assert_int_equal(rt_verdict(c, "gmp"), RP_DOES_NOT);
	assert_int_equal(rt_verdict(c, "go"), RP_HOLDS);
	assert_int_equal(rt_verdict(c, "pthread"), RP_CANNOT_TELL);
	const rp_evidence *e = item(c, "wakeup t=1 gmp");
	assert_int_equal(e->outcome, RP_EV_DOES_NOT);
	has(e->text, "p99 lateness 80 ms of 1000 wake-ups");
	assert_true(e->value >= 0.5);
	e = item(c, "wakeup t=1 pthread");
	assert_int_equal(e->outcome, RP_EV_CANNOT_TELL);
	has(e->text, "not significant");
	assert_int_equal(item(c, "wakeup t=4 go")->outcome, RP_EV_INFO);
	for (int i = 0; i < c->nev; i++)
		lacks(c->ev[i].where, "t=8");
	has(c->not_measured, "wakeup t=8: 4 spinners leave a worker free (not counted)");

	/* too few wake-ups to show a p99 under the bound: 100 show a p95 */
	memset(&D, 0, sizeof D);
	cfg(&D, "wakeup", "go", 1, 1.01e6, 10, NULL, NULL, NAN);
	few = 100;
	c = load(&D, NULL, "h");
	e = item(c, "wakeup t=1 go");
	assert_int_equal(e->outcome, RP_EV_HOLDS);
	has(e->text, "p95 lateness 12 ms of 100 wake-ups, 0 (0%) over 50 ms; rule: at most 5% over "
	             "(100 wake-ups cannot show a p99 under it); q=");
	assert_true(e->bound > 0.049 && e->bound < 0.051);
	/* 20 cannot show even a p90: cannot tell, and why */
	few = 20;
	c = load(&D, NULL, "h");
	few = 0;
	e = item(c, "wakeup t=1 go");
	assert_int_equal(e->outcome, RP_EV_CANNOT_TELL);
	has(e->text, "p99 lateness 12 ms of 20 wake-ups, 0 (0%) over 50 ms; rule: at most 1% over; "
	             "20 wake-ups cannot show a share under 1% (none over would give p=1)");
}

static void preempt_off_shown(void **state)
{
	(void)state;
	memset(&D, 0, sizeof D);
	healthy(&D, NULL);
	/* gmp without preemption: hog never completes at one worker, wakeup wakes
	 * seconds late; go with asyncpreemptoff still completes */
	failure(&D, "hog", "gmp", 1, "/preempt=off", "timeout",
	        "timed out after 30 s (killed); see --timeout; stderr: hog: the ping-pong made no "
	        "progress for 2 s while a task spinning without a yield held its worker: the "
	        "runtime did not preempt it",
	        5);
	cfg(&D, "wakeup", "gmp", 1, 3e6, 10, "/preempt=off", "preempt=off", NAN);
	hist(&D, "wakeup", "gmp", 1, "/preempt=off", 2e6, 4e6, 5e6);
	cfg(&D, "hog", "go", 1, 400, 10, "/preempt=off", "preempt=off", NAN);
	size_t len = strlen(D.skipped);
	snprintf(D.skipped + len, sizeof D.skipped - len,
	         "hog/runtime=pthread/chan=go/threads=1/placement=none/preempt=off,"
	         "\"preempt=off: the kernel preempts threads\"\n");
	const rp_claim *c = load(&D, NULL, "h");
	assert_int_equal(c->verdict, RP_HOLDS); /* the counter-case changes nothing */
	for (int i = 0; i < 3; i++)
		assert_int_equal(c->rt[i].verdict, RP_HOLDS);
	const rp_evidence *e = item(c, "gmp preempt=off t=1");
	assert_int_equal(e->outcome, RP_EV_INFO);
	has(e->text, "gmp preempt=off t=1 (the counter-case, not counted): the watchdog killed hog "
	             "(the runtime did not preempt it); completed: wakeup p99 4 s");
	assert_string_equal(e->anchor, "skipped");
	e = item(c, "go preempt=off t=1");
	assert_int_equal(e->outcome, RP_EV_INFO);
	has(e->text, "go preempt=off t=1 (the counter-case, not counted): completed: hog 40");
	for (int i = 0; i < c->nev; i++)
		lacks(c->ev[i].where, "pthread preempt=off");
	lacks(c->not_measured, "preempt=off");
}

static void not_measured(void **state)
{
	(void)state;
	memset(&D, 0, sizeof D);
	cfg(&D, "pingpong", "gmp", 1, 100, 10, NULL, NULL, NAN);
	const rp_claim *c = load(&D, NULL, "h");
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	assert_int_equal(c->nev, 0);
	assert_int_equal(c->nrt, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(c->rt[i].verdict, RP_NOT_MEASURED);
	has(c->verdict_text, "not measured: hog: ");

	/* only two workers: hog, syscall and wakeup are held at one */
	memset(&D, 0, sizeof D);
	cfg(&D, "hog", "gmp", 2, 200, 10, NULL, NULL, NAN);
	c = load(&D, NULL, "h");
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->not_measured, "hog, syscall, wakeup at 1 worker: not in this run (corobench run -t "
	                     "1)");

	/* go skipped (no Go toolchain): named with the reason */
	memset(&D, 0, sizeof D);
	cfg(&D, "hog", "gmp", 1, 200, 10, NULL, NULL, NAN);
	snprintf(D.skipped, sizeof D.skipped,
	         "hog/runtime=go/chan=go-native/threads=1/placement=none,\"go: no Go toolchain "
	         "on PATH\"\n");
	c = load(&D, NULL, "h");
	assert_int_equal(rt_verdict(c, "gmp"), RP_HOLDS);
	assert_int_equal(rt_verdict(c, "go"), RP_NOT_MEASURED);
	has(c->not_measured, "hog t=1 go: skipped: go: no Go toolchain on PATH");
}

static void fairshare_shown(void **state)
{
	(void)state;
	memset(&D, 0, sizeof D);
	cfg(&D, "fairshare", "gmp", 1, 12, 10, NULL, "tasks=4", 0.98);
	cfg(&D, "fairshare", "gmp", 2, 8, 10, NULL, "tasks=4", 0.999);
	const rp_claim *c = load(&D, "metric:fairness_jain", "h");
	assert_int_equal(c->verdict, RP_NOT_MEASURED); /* shown, not counted */
	const rp_evidence *e = item(c, "fairshare gmp");
	assert_int_equal(e->outcome, RP_EV_INFO);
	has(e->text, "fairshare gmp: Jain's index of the work the tasks got 0.98 at t=1, 1.00 at "
	             "t=2 (medians; 1 = equal shares, 0.25 = one of 4 tasks took all)");
}

/* Prints f's claims with `fn` into a string (malloc'd). */
static char *printed(bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	if (json)
		claims_print_json(f, &M, &F);
	else
		claims_print_text(f, &M, &F, false);
	fclose(f);
	return buf;
}

static void output_and_escaping(void **state)
{
	(void)state;
	memset(&D, 0, sizeof D);
	healthy(&D, NULL);
	failure(&D, "hog", "go", 1, NULL, "timeout",
	        "hog: made no progress \x1b[31mred\x1b[0m <b>&amp;</b> \xff", 2);
	const rp_claim *c = load(&D, NULL, "h\\u001b]0;x\\u0007");
	assert_int_equal(rt_verdict(c, "go"), RP_MIXED);
	/* the row is the table's last */
	assert_int_equal(F.nclaims, RP_NCLAIMS);
	assert_string_equal(F.claims[RP_NCLAIMS - 1].def->id, "F1");
	assert_string_equal(F.claims[RP_NCLAIMS - 2].def->id, "N2");
	char *text = printed(false);
	has(text, "F1    a CPU-bound task stops no other");
	has(text, "per runtime: pthread holds (4 of 4), gmp holds (4 of 4), go mixed (holds 3,");
	has(text, "tell 0)"); /* wrapped at 96 columns */
	has(text, "\\e[31mred\\e[0m");
	has(text, "\\xff");
	lacks(text, "\x1b");
	free(text);
	char *json = printed(true);
	has(json, "{\"id\": \"F1\"");
	has(json, "\"runtimes\": [{\"runtime\": \"pthread\", \"verdict\": \"holds\", \"counts\": "
	          "{\"holds\": 4, \"does_not_hold\": 0, \"cannot_tell\": 0}}, {\"runtime\": "
	          "\"gmp\"");
	has(json, "{\"runtime\": \"go\", \"verdict\": \"mixed\"");
	has(json, "\\\\e[31mred");
	lacks(json, "\x1b");
	free(json);
	rp_verdict v;
	assert_true(rp_verdict_parse("does-not-hold", &v) && v == RP_DOES_NOT);
}

static int teardown(void **state)
{
	(void)state;
	rm_free(&M);
	if (dir) {
		resfix_rmrf(dir);
		free(dir);
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(holds_everywhere),  cmocka_unit_test(watchdog_and_crash),
	    cmocka_unit_test(hog_slow_and_few),  cmocka_unit_test(wakeup_bound),
	    cmocka_unit_test(preempt_off_shown), cmocka_unit_test(not_measured),
	    cmocka_unit_test(fairshare_shown),   cmocka_unit_test(output_and_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
