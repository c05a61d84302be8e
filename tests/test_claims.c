/*
 * test_claims.c — the claims' rules (docs/CLAIMS.md, findings/claims.h) on
 * synthetic results directories made to give each verdict: for each claim
 * whose rule can give it, holds, does not hold, mixed, cannot tell and not
 * measured; C3 and C9 are always "not measured" with their evidence shown.
 * The data later work adds (hog, floors, c10k, capacities) plugs in by name.
 *
 * Samples are deterministic (resfix_samples, 1% spread, 10 repetitions unless
 * a test wants fewer); nothing is timed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/report/findings/findings.h"
#include "support/resfix.h"

static rp_findings F; /* ~2.5 MB: static */
static report_model M;

/* Sample storage for the configurations of one test. */
static double S[64][10];
static int NS;

/* 10 (or n) samples around center, distinct per call. */
static const double *at(double center, int n)
{
	assert_true(NS < 64);
	resfix_samples(S[NS], n, center, 0.01, 1000 + (unsigned)NS);
	return S[NS++];
}

#define C10(w, rt, ch, t, ns)   ((resfix_cfg){w, rt, ch, t, "none", at(ns, 10), 10, false})
#define CN(w, rt, ch, t, ns, n) ((resfix_cfg){w, rt, ch, t, "none", at(ns, n), n, false})

/* Loads dirs and makes the findings and claims. */
static void claims_of(char **dirs, int n)
{
	char err[800];
	rm_free(&M); /* the previous test's model, if any (a zeroed one is a no-op) */
	if (!rm_load(&M, dirs, n, err, sizeof err))
		fail_msg("%s", err);
	rp_findings_make(&M, &F);
}

static const rp_claim *row(const char *id, int h)
{
	for (int i = 0; i < F.nclaims; i++)
		if (!strcmp(F.claims[i].def->id, id) && F.claims[i].host == h)
			return &F.claims[i];
	fail_msg("no row for %s on host %d", id, h);
	return NULL;
}

static void show(const rp_claim *c)
{
	printf("# %s [%s]: %s\n#   measured: %s\n#   not measured: %s\n", c->def->id,
	       rp_verdict_name(c->verdict), c->verdict_text, c->measured, c->not_measured);
	for (int i = 0; i < c->nev; i++)
		printf("#   %s: %s [%s]\n", rp_outcome_name(c->ev[i].outcome), c->ev[i].text,
		       c->ev[i].anchor);
}

/* One directory with configurations c (more may be NULL), the claim's row. */
static const rp_claim *claim_in(const char *id, const resfix_cfg *c, const resfix_more *more,
                                const char *extra, int n, const char *failures)
{
	static char *dir;
	if (dir) {
		rm_free(&M);
		resfix_rmrf(dir);
		free(dir);
	}
	dir = resfix_tmpdir();
	assert_true(resfix_write_more(dir, "h", extra, c, more, n));
	if (failures)
		assert_true(resfix_file(dir, "failures.csv", failures));
	claims_of(&dir, 1);
	const rp_claim *r = row(id, 0);
	show(r);
	NS = 0;
	return r;
}

static void has(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("'%s' lacks '%s'", s, needle);
}

/* C7: every verdict from the same rule (coroutine <= thread / 10). */
static void c7_each_verdict(void **state)
{
	(void)state;
	resfix_cfg holds[] = {C10("pingpong", "gmp", "go", 1, 100),
	                      C10("pingpong", "pthread", "go", 1, 10000)};
	const rp_claim *c = claim_in("C7", holds, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_HOLDS);
	assert_string_equal(c->verdict_text, "holds on 1 of 1 comparisons");
	assert_string_equal(c->ev[0].anchor, "nsop-t1");
	assert_true(c->ev[0].value > 90 && c->ev[0].value < 110 && c->ev[0].bound == 10);
	assert_true(c->ev[0].at_least && c->ev[0].q < 0.05);
	assert_true(c->ev[0].lo <= c->ev[0].value && c->ev[0].value <= c->ev[0].hi);
	has(c->measured, "workloads pingpong; runtimes gmp, pthread; workers 1");
	has(c->not_measured, "ring: not in this run (corobench run -w ring)");

	/* a failed round is named in the item and the verdict says it rests on one */
	const char *timeout = "key,round,kind,reason\n"
	                      "pingpong/runtime=gmp/chan=go/threads=1/placement=none,3,timeout,"
	                      "ran past 60 s\n";
	c = claim_in("C7", holds, NULL, NULL, 2, timeout);
	assert_int_equal(c->verdict, RP_HOLDS);
	has(c->verdict_text, "; rests in part on configurations with failed rounds");
	has(c->ev[0].text, "gmp/go [1 failed round: timeout] ");
	assert_true(c->ev[0].failed_rounds);

	resfix_cfg nothold[] = {C10("pingpong", "gmp", "go", 1, 1000),
	                        C10("pingpong", "pthread", "go", 1, 2000)};
	c = claim_in("C7", nothold, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_DOES_NOT);
	has(c->verdict_text, "does not hold on 1 of 1 comparisons (pingpong time t=1 gmp/go)");

	resfix_cfg mixed[] = {
	    C10("pingpong", "gmp", "go", 1, 100), C10("pingpong", "pthread", "go", 1, 10000),
	    C10("ring", "gmp", "go", 1, 1000), C10("ring", "pthread", "go", 1, 2000)};
	c = claim_in("C7", mixed, NULL, NULL, 4, NULL);
	assert_int_equal(c->verdict, RP_MIXED);
	has(c->verdict_text, "mixed: holds on pingpong time t=1 gmp/go; does not hold on ring time "
	                     "t=1 gmp/go");

	/* 3+3 repetitions: the smallest exact p is 0.1, so nothing can be decided */
	resfix_cfg few[] = {CN("pingpong", "gmp", "go", 1, 100, 3),
	                    CN("pingpong", "pthread", "go", 1, 10000, 3)};
	c = claim_in("C7", few, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_CANNOT_TELL);
	has(c->verdict_text, "cannot tell: holds on 0 of 1 comparisons, cannot tell on pingpong");
	has(c->ev[0].text, "3+3 repetitions cannot reach significance");

	resfix_cfg none[] = {C10("fib", "gmp", "go", 1, 100)};
	c = claim_in("C7", none, NULL, NULL, 1, NULL);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->verdict_text, "not measured: yield: not in this run (corobench run -w yield)");
	assert_int_equal(c->nev, 0);
}

/* C1 and C4: the same throughput gains, C4 asking 0.75 of linear. */
static void c1_c4_scaling(void **state)
{
	(void)state;
	resfix_cfg linear[] = {C10("fib", "gmp", "go", 1, 1000), C10("fib", "gmp", "go", 2, 520)};
	const rp_claim *c = claim_in("C1", linear, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_HOLDS);
	assert_string_equal(c->ev[0].anchor, "scaling"); /* the one scaling chart */
	has(c->ev[0].text, "fib gmp/go t=1->2: t=2 ");
	has(c->not_measured,
	    "http: not in this run (corobench run -w http)"); /* built since issue 18 */
	assert_int_equal(row("C4", 0)->verdict, RP_HOLDS);

	resfix_cfg some[] = {C10("fib", "gmp", "go", 1, 1000), C10("fib", "gmp", "go", 2, 800)};
	c = claim_in("C4", some, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_DOES_NOT); /* 1.25x < 1.5x */
	assert_true(c->ev[0].bound > 1.49 && c->ev[0].bound < 1.51);
	assert_int_equal(row("C1", 0)->verdict, RP_HOLDS);

	resfix_cfg mixed[] = {C10("fib", "gmp", "go", 1, 1000), C10("fib", "gmp", "go", 2, 520),
	                      C10("mpmc", "gmp", "go", 1, 100), C10("mpmc", "gmp", "go", 2, 300)};
	c = claim_in("C1", mixed, NULL, NULL, 4, NULL);
	assert_int_equal(c->verdict, RP_MIXED);
	has(c->verdict_text, "does not hold on mpmc gmp/go t=1->2");

	resfix_cfg one[] = {C10("fib", "gmp", "go", 1, 1000), C10("fib", "pthread", "go", 1, 900)};
	c = claim_in("C1", one, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->verdict_text, "one worker count only (1): run -t 1,N");
}

/* C8: the channel at most 1.1x the mutex-protected queue (a margin, so an
 * equal cost holds); C3 shows the same comparison and stays "not measured". */
static void c8_margin_and_c3(void **state)
{
	(void)state;
	resfix_cfg equal[] = {C10("pingpong", "gmp", "go", 1, 100),
	                      C10("pingpong", "gmp", "mutex", 1, 100)};
	const rp_claim *c = claim_in("C8", equal, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_HOLDS);
	has(c->ev[0].text, "channel over mutex queue 1.0");
	has(c->not_measured, "the Go peer: it has only its own channels");

	resfix_cfg dear[] = {C10("ring", "pthread", "go", 1, 150),
	                     C10("ring", "pthread", "mutex", 1, 100)};
	c = claim_in("C8", dear, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_DOES_NOT);

	resfix_cfg edge[] = {C10("sieve", "gmp", "go", 1, 110),
	                     C10("sieve", "gmp", "mutex", 1, 100)};
	c = claim_in("C8", edge, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_CANNOT_TELL); /* at the margin itself */
	/* no factor where the test does not support one: the rule and why */
	has(c->ev[0].text, "; rule: channel over mutex queue <= 1.10x; not significant, q=");
	assert_null(strstr(c->ev[0].text, "(95% CI"));

	resfix_cfg price[] = {C10("pipeline", "gmp", "go", 1, 150),
	                      C10("pipeline", "gmp", "mutex", 1, 100)};
	c = claim_in("C3", price, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->verdict_text, "not measured: whether channels make correct programs easier");
	assert_int_equal(c->nholds + c->ndoes + c->ncannot, 0);
	assert_int_equal(c->ninfo, 2); /* the answers checked, the price */
	has(c->ev[0].text, "channel workloads: 20 repetitions of 2 configurations");
	has(c->ev[1].text, "channel over mutex queue 1.5");
	assert_true(c->ev[1].q < 0.05);
}

/* C10: capacity 1024 against 0 on the same configuration (--param cap). */
static void c10_capacity(void **state)
{
	(void)state;
	resfix_cfg c2[] = {C10("spsc", "gmp", "go", 1, 200), C10("spsc", "gmp", "go", 1, 50)};
	resfix_more caps[] = {{.params = "cap=0", .key_tail = "/cap=0"},
	                      {.params = "cap=1024", .key_tail = "/cap=1024"}};
	const rp_claim *c = claim_in("C10", c2, caps, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_HOLDS);
	has(c->ev[0].text, "cap=1024 ");
	has(c->ev[0].text, "capacity 0 over 1024 4.0");
	has(c->not_measured, "spsc switches per message at each capacity");

	resfix_cfg slow[] = {C10("spsc", "gmp", "go", 1, 50), C10("spsc", "gmp", "go", 1, 200)};
	c = claim_in("C10", slow, caps, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_DOES_NOT);

	/* make bench's capacity/ pass beside a main run without capacities */
	char *root = resfix_tmpdir(), part[700];
	resfix_cfg main_cfg[] = {C10("spsc", "gmp", "go", 1, 50)};
	assert_true(resfix_write(root, "h", main_cfg, 1));
	snprintf(part, sizeof part, "%s/capacity", root);
	resfix_cfg pc[] = {C10("spsc", "pthread", "go", 2, 5000),
	                   C10("spsc", "pthread", "go", 2, 100)};
	assert_true(resfix_write_more(part, "h", NULL, pc, caps, 2));
	claims_of(&root, 1);
	c = row("C10", 0);
	show(c);
	assert_int_equal(c->verdict, RP_HOLDS);
	has(c->measured, "from the main run and capacity/");
	rm_free(&M);
	resfix_rmrf(root);
	free(root);
	NS = 0;

	resfix_cfg plain[] = {C10("spsc", "gmp", "go", 1, 50)};
	c = claim_in("C10", plain, NULL, NULL, 1, NULL);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->verdict_text, "spsc at capacities 0 and 1024: no capacity parameter in this run "
	                     "(spsc fixes 1024; --param cap=0,1,1024 would measure it)");
	has(c->verdict_text, "pipeline: not in this run");
}

/* C11: make bench's mpmc-sweep/PxP/ at 2 workers; 1 worker is not counted. */
static void c11_serialised(void **state)
{
	(void)state;
	static const double flat[][2] = {{40, 80}, {40, 10}}; /* ns/msg at 1x1, 8x8 */
	const rp_verdict want[] = {RP_HOLDS, RP_DOES_NOT};
	for (int k = 0; k < 3; k++) {
		char *root = resfix_tmpdir(), d1[700], d8[700];
		int t = k < 2 ? 2 : 1;
		resfix_cfg main_cfg[] = {C10("mpmc", "gmp", "go", t, 50)};
		assert_true(resfix_write(root, "h", main_cfg, 1));
		snprintf(d1, sizeof d1, "%s/mpmc-sweep/1x1", root);
		snprintf(d8, sizeof d8, "%s/mpmc-sweep/8x8", root);
		resfix_cfg p1[] = {C10("mpmc", "gmp", "go", t, flat[k % 2][0])};
		resfix_cfg p8[] = {C10("mpmc", "gmp", "go", t, flat[k % 2][1])};
		resfix_more m1 = {.params = "producers=1;consumers=1",
		                  .key_tail = "/producers=1/consumers=1"};
		resfix_more m8 = {.params = "producers=8;consumers=8",
		                  .key_tail = "/producers=8/consumers=8"};
		assert_true(resfix_write_more(d1, "h", NULL, p1, &m1, 1));
		assert_true(resfix_write_more(d8, "h", NULL, p8, &m8, 1));
		claims_of(&root, 1);
		const rp_claim *c = row("C11", 0);
		show(c);
		if (k < 2) {
			assert_int_equal(c->verdict, want[k]);
			assert_string_equal(c->ev[0].anchor, "channels-t2");
			has(c->ev[0].text, "mpmc t=2 gmp/go: 1x1 ");
			has(c->measured, "from the main run and mpmc-sweep/");
		} else {
			assert_int_equal(c->verdict, RP_NOT_MEASURED);
			has(c->verdict_text, "mpmc at 1 worker: every task shares one CPU");
			has(c->verdict_text, "mpmc at 2 or more workers");
		}
		rm_free(&M);
		resfix_rmrf(root);
		free(root);
		NS = 0;
	}
}

#define KEY(w, rt, ch) w "/runtime=" rt "/chan=" ch "/threads=1/placement=none"

/* C12: every answer right holds, a wrong one (failures.csv: verify) does not,
 * a series with only timeouts cannot tell, no channel workload is not
 * measured; C9 stays "not measured" with the answers shown. */
static void c12_answers_and_c9(void **state)
{
	(void)state;
	resfix_cfg two[] = {C10("mpmc", "gmp", "go", 1, 50), C10("mpmc", "gmp", "mutex", 1, 50)};
	const rp_claim *c = claim_in("C12", two, NULL, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_HOLDS);
	assert_string_equal(c->verdict_text, "holds on 2 of 2 runtime/variants");
	has(c->ev[0].text, "gmp/go: 10 repetitions of mpmc, every answer right");
	has(c->not_measured, "tests/test_chan_history.c");
	const rp_claim *c9 = row("C9", 0);
	assert_int_equal(c9->verdict, RP_NOT_MEASURED);
	has(c9->not_measured, "tests/test_chan_semantics.c");
	has(c9->ev[0].text, "20 repetitions of 2 configurations, each answer checked; 0 wrong");

	const char *wrong =
	    "key,round,kind,reason\n" KEY("mpmc", "gmp", "mutex") ",2,verify,"
	                                                          "sum 4999 != 4950\n";
	c = claim_in("C12", two, NULL, NULL, 2, wrong);
	assert_int_equal(c->verdict, RP_MIXED);
	has(c->verdict_text, "mixed: holds on gmp/go; does not hold on gmp/mutex");
	has(c->ev[1].text, "gmp/mutex: 1 wrong answer (failures.csv: verify) on mpmc");

	resfix_cfg one[] = {C10("mpmc", "gmp", "mutex", 1, 50)};
	c = claim_in("C12", one, NULL, NULL, 1, wrong);
	assert_int_equal(c->verdict, RP_DOES_NOT);

	const char *hung = "key,round,kind,reason\n" KEY("mpmc", "pthread", "go") ",0,timeout,"
	                                                                          "ran past 60 s\n";
	c = claim_in("C12", one, NULL, NULL, 1, hung);
	assert_int_equal(c->verdict, RP_CANNOT_TELL);
	has(c->verdict_text, "cannot tell on pthread/go");

	resfix_cfg nochan[] = {C10("yield", "gmp", "-", 1, 10)};
	c = claim_in("C12", nochan, NULL, NULL, 1, NULL);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);

	/* C9 shows the capacities a run has */
	resfix_cfg caps[] = {C10("spsc", "gmp", "go", 1, 200), C10("spsc", "gmp", "go", 1, 50)};
	resfix_more cm[] = {{.params = "cap=0", .key_tail = "/cap=0"},
	                    {.params = "cap=1024", .key_tail = "/cap=1024"}};
	c = claim_in("C9", caps, cm, NULL, 2, NULL);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->ev[1].text, "spsc at capacities 0, 1024: 20 repetitions, every answer right");
}

/* C2 and C6: bytes per task at factor 1 (C2) and 1/10 (C6), spawn time. */
static void c2_c6_memory(void **state)
{
	(void)state;
	const double bytes[2][10] = {{300, 301, 299, 302, 298, 300, 303, 297, 300, 301},
	                             {9000, 9010, 8990, 9020, 8980, 9000, 9030, 8970, 9000, 9010}};
	resfix_cfg spawn[] = {C10("spawn", "gmp", "-", 1, 100),
	                      C10("spawn", "pthread", "-", 1, 40000)};
	resfix_more bm[] = {{.extra = bytes[0]}, {.extra = bytes[1]}};
	const rp_claim *c = claim_in("C6", spawn, bm, "metric:bytes_per_task", 2, NULL);
	assert_int_equal(c->verdict, RP_HOLDS); /* 400x the time, 30x the bytes */
	assert_int_equal(c->nholds, 2);
	has(c->not_measured, "skynet: not in this run");
	has(c->not_measured, "no floor rows (runtime=floor) in this run (corobench run --floors");
	assert_int_equal(row("C2", 0)->verdict, RP_HOLDS);
	has(row("C2", 0)->not_measured, "page faults and cache misses per op: no counters here");

	const double few[10] = {1000, 1001, 999, 1002, 998, 1000, 1003, 997, 1000, 1001};
	bm[1].extra = few; /* 3.3x the bytes: less than a thread, not a tenth */
	c = claim_in("C6", spawn, bm, "metric:bytes_per_task", 2, NULL);
	assert_int_equal(c->verdict, RP_MIXED);
	has(c->verdict_text, "does not hold on spawn bytes_per_task t=1 gmp");
	assert_string_equal(c->ev[1].anchor, "results");
	assert_int_equal(row("C2", 0)->verdict, RP_HOLDS);

	bm[0].extra = bytes[1];
	bm[1].extra = bytes[0];
	c = claim_in("C2", spawn, bm, "metric:bytes_per_task", 2, NULL);
	assert_int_equal(c->verdict, RP_DOES_NOT);
}

/* Data later work adds plugs in by name: hog (C5), the floors (C6, C7),
 * c10k (C4) and bytes per connection (C2). */
static void later_data_plugs_in(void **state)
{
	(void)state;
	resfix_cfg hog[] = {C10("hog", "gmp", "-", 1, 300)};
	const char *stuck =
	    "key,round,kind,reason\n" KEY("hog", "go", "go-native") ",0,timeout,"
	                                                            "ran past 60 s\n";
	const rp_claim *c = claim_in("C5", hog, NULL, NULL, 1, stuck);
	assert_int_equal(c->verdict, RP_MIXED);
	has(c->verdict_text, "holds on hog t=1 gmp; does not hold on hog t=1 go");
	has(c->ev[1].text, "1 round failed (timeout): the spinning task stopped the others");
	has(c->not_measured, "are design, not a measurement");

	const double one[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	resfix_cfg fl[] = {C10("yield", "gmp", "-", 1, 20),
	                   C10("floor-switch", "floor", "-", 1, 5)};
	resfix_more sw[] = {{.extra = one}, {.extra = NULL}};
	c = claim_in("C6", fl, sw, "metric:switched_yields", 2, NULL);
	assert_int_equal(c->verdict, RP_HOLDS);
	has(c->ev[0].text, "yield t=1 gmp vs floor-switch: gmp 20");
	has(c->ev[0].text, "yield over the register switch 4.0");
	has(c->measured, "runtimes gmp; workers 1; against the floors floor-switch");
	c = row("C7", 0);
	has(c->ev[0].text, "yield t=1, distance from the floor: gmp 4.0x floor-switch");
	assert_int_equal(c->ev[0].outcome, RP_EV_INFO);

	resfix_cfg c10k[] = {C10("c10k", "gmp", "-", 1, 3000)};
	resfix_more conns[] = {{.params = "conns=10000"}};
	const char *limit =
	    "key,round,kind,reason\n" KEY("c10k", "pthread", "-") ",0,crash,"
	                                                          "out of threads\n";
	c = claim_in("C4", c10k, conns, NULL, 1, limit);
	assert_int_equal(c->verdict, RP_MIXED);
	has(c->verdict_text, "holds on c10k gmp; does not hold on c10k pthread");
	has(c->ev[0].text, "served all 10000 connections");

	const double per_conn[2][10] = {
	    {3000, 3001, 2999, 3002, 2998, 3000, 3003, 2997, 3000, 3001},
	    {12000, 12010, 11990, 12020, 11980, 12000, 12030, 11970, 12000, 12010}};
	resfix_cfg bc[] = {C10("c10k", "gmp", "-", 1, 3000), C10("c10k", "pthread", "-", 1, 9000)};
	resfix_more bcm[] = {{.params = "conns=10000", .extra = per_conn[0]},
	                     {.params = "conns=10000", .extra = per_conn[1]}};
	c = claim_in("C2", bc, bcm, "metric:bytes_per_conn", 2, NULL);
	assert_int_equal(c->verdict, RP_HOLDS);
	has(c->ev[0].text, "c10k bytes_per_conn t=1 gmp");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(c7_each_verdict),  cmocka_unit_test(c1_c4_scaling),
	    cmocka_unit_test(c8_margin_and_c3), cmocka_unit_test(c10_capacity),
	    cmocka_unit_test(c11_serialised),   cmocka_unit_test(c12_answers_and_c9),
	    cmocka_unit_test(c2_c6_memory),     cmocka_unit_test(later_data_plugs_in),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
