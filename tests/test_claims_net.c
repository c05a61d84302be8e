/*
 * test_claims_net.c — the network servers' claims (docs/CLAIMS.md, N1 and N2;
 * findings/claims/c_net.c) on synthetic results directories shaped like make
 * bench's: a main run, and net-c10k/ or net-conns/ beside it. Each test makes
 * a directory that gives one verdict and checks the verdict and the words
 * that say why:
 *   - N1 (10,000 connections in less memory than a thread each): holds, does
 *     not hold, mixed, cannot tell (3+3 repetitions), not measured (no run at
 *     10,000; pthread skipped there, the reason named; fewer connections only
 *     shown);
 *   - N2 (gmp's requests/s at least Go's): holds, does not hold, cannot tell
 *     (equal rates: no margin), a pair whose load generator set the pace left
 *     out and named, not measured; Go's net/http shown, not counted.
 * Samples are deterministic (resfix_samples, 1% spread); nothing is timed.
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

static rp_findings F; /* a few MB: static */
static report_model M;
static char *dir;

/* Sample storage of one test's configurations. */
static double S[64][10];
static int NS;

static const double *at(double center, int n)
{
	assert_true(NS < 64);
	resfix_samples(S[NS], n, center, 0.01, 2000 + (unsigned)NS);
	return S[NS++];
}

#define NET(w, rt, ch, ns, n) ((resfix_cfg){w, rt, ch, 1, "compact", at(ns, n), n, false})

/* One pass directory's configurations with their extra column. */
typedef struct pass {
	const char *name;    /* "net-c10k", "net-conns", or NULL: the main run  */
	const char *col;     /* the extra column ("metric:bytes_per_conn")      */
	resfix_cfg c[8];     /* configurations                                  */
	resfix_more x[8];    /* their parameters and column values              */
	int n;               /* count                                           */
	const char *skipped; /* skipped.csv, or NULL                            */
} pass;

/* A fresh directory: the main run (a pingpong row unless p0 is the main
 * run), then each pass; the model and the claims of it. */
static const rp_claim *claims(const char *id, pass *p, int np)
{
	if (dir) {
		rm_free(&M);
		resfix_rmrf(dir);
		free(dir);
	}
	dir = resfix_tmpdir();
	bool main_given = false;
	for (int i = 0; i < np; i++) {
		char sub[1200];
		snprintf(sub, sizeof sub, "%s%s%s", dir, p[i].name ? "/" : "",
		         p[i].name ? p[i].name : "");
		main_given = main_given || !p[i].name;
		assert_true(resfix_write_more(sub, "h", p[i].col, p[i].c, p[i].x, p[i].n));
		if (p[i].skipped)
			assert_true(resfix_file(sub, "skipped.csv", p[i].skipped));
	}
	if (!main_given) {
		resfix_cfg pp = {"pingpong", "gmp", "go", 1, "none", at(100, 10), 10, false};
		assert_true(resfix_write(dir, "h", &pp, 1));
	}
	char err[800];
	if (!rm_load(&M, &dir, 1, err, sizeof err))
		fail_msg("%s", err);
	rp_findings_make(&M, &F);
	NS = 0;
	for (int i = 0; i < F.nclaims; i++)
		if (!strcmp(F.claims[i].def->id, id)) {
			const rp_claim *c = &F.claims[i];
			printf("# %s [%s]: %s\n#   measured: %s\n#   not measured: %s\n", id,
			       rp_verdict_name(c->verdict), c->verdict_text, c->measured,
			       c->not_measured);
			for (int e = 0; e < c->nev; e++)
				printf("#   %s: %s [%s]\n", rp_outcome_name(c->ev[e].outcome),
				       c->ev[e].text, c->ev[e].anchor);
			return c;
		}
	fail_msg("no row %s", id);
	return NULL;
}

static void has(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("'%s' lacks '%s'", s, needle);
}

/* c10k at `conns` on rt with bytes per connection around b (n repetitions). */
static void c10k(pass *p, const char *rt, long long conns, double b, int n)
{
	static double bytes[64][10];
	static int nb;
	assert_true(p->n < 8 && nb < 64);
	const char *ch = strcmp(rt, "go") ? "-" : "go-native";
	p->c[p->n] = NET("c10k", rt, ch, 50000, n);
	resfix_samples(bytes[nb], n, b, 0.01, 3000 + (unsigned)nb);
	static char params[64][48], tail[64][48];
	snprintf(params[nb], sizeof params[0], "conns=%lld", conns);
	snprintf(tail[nb], sizeof tail[0], "/conns=%lld", conns);
	p->x[p->n] = (resfix_more){.params = params[nb], .key_tail = tail[nb], .extra = bytes[nb]};
	nb = (nb + 1) % 64;
	p->n++;
}

static void n1_each_verdict(void **state)
{
	(void)state;
	pass p = {.name = "net-c10k", .col = "metric:bytes_per_conn"};
	c10k(&p, "gmp", 10000, 8000, 10);
	c10k(&p, "go", 10000, 7500, 10);
	c10k(&p, "pthread", 10000, 14000, 10);
	const rp_claim *c = claims("N1", &p, 1);
	assert_int_equal(c->verdict, RP_HOLDS);
	assert_string_equal(c->verdict_text, "holds on 2 of 2 comparisons");
	assert_string_equal(c->ev[0].anchor, "net-memory");
	has(c->ev[0].text, "c10k 10,000 conns t=1 gmp: metric:bytes_per_conn gmp 7.8 KiB vs "
	                   "pthread 13.7 KiB");
	assert_true(c->ev[0].at_least && c->ev[0].value > 1.7 && c->ev[0].value < 1.8);
	has(c->measured, "workloads c10k; runtimes gmp, pthread, go; workers 1; from the main "
	                 "run and net-c10k/");

	pass worse = {.name = "net-c10k", .col = "metric:bytes_per_conn"};
	c10k(&worse, "gmp", 10000, 20000, 10);
	c10k(&worse, "pthread", 10000, 14000, 10);
	c = claims("N1", &worse, 1);
	assert_int_equal(c->verdict, RP_DOES_NOT);
	has(c->verdict_text, "does not hold on 1 of 1 comparisons (c10k 10,000 conns t=1 gmp)");

	pass mixed = {.name = "net-c10k", .col = "metric:bytes_per_conn"};
	c10k(&mixed, "gmp", 10000, 8000, 10);
	c10k(&mixed, "go", 10000, 20000, 10);
	c10k(&mixed, "pthread", 10000, 14000, 10);
	c = claims("N1", &mixed, 1);
	assert_int_equal(c->verdict, RP_MIXED);
	has(c->verdict_text, "holds on c10k 10,000 conns t=1 gmp; does not hold on c10k 10,000 "
	                     "conns t=1 go");

	/* make bench's 3 repetitions: 3+3 cannot reach significance */
	pass few = {.name = "net-c10k", .col = "metric:bytes_per_conn"};
	c10k(&few, "gmp", 10000, 8000, 3);
	c10k(&few, "pthread", 10000, 14000, 3);
	c = claims("N1", &few, 1);
	assert_int_equal(c->verdict, RP_CANNOT_TELL);
	has(c->ev[0].text, "3+3 repetitions cannot reach significance");
}

static void n1_not_measured(void **state)
{
	(void)state;
	/* the main run's 1,000 connections only: shown, not counted */
	pass main = {.name = NULL, .col = "metric:bytes_per_conn"};
	c10k(&main, "gmp", 1000, 9000, 10);
	c10k(&main, "pthread", 1000, 14000, 10);
	const rp_claim *c = claims("N1", &main, 1);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->verdict_text, "c10k at 10000 connections: not in this run (make bench's "
	                     "net-c10k/; corobench run -w c10k --param conns=10000)");
	assert_int_equal(c->nev, 1);
	assert_int_equal(c->ev[0].outcome, RP_EV_INFO);
	has(c->ev[0].where, "c10k 1,000 conns t=1 gmp");

	/* pthread skipped at 10,000: the reason named, the claim not taken as held */
	pass skip = {.name = "net-c10k",
	             .col = "metric:bytes_per_conn",
	             .skipped = "key,reason\n"
	                        "c10k/runtime=pthread/chan=-/threads=1/placement=compact/"
	                        "conns=10000,\"pthread: 10,000 threads exceed RLIMIT_NPROC "
	                        "(4096)\"\n"};
	c10k(&skip, "gmp", 10000, 8000, 10);
	c = claims("N1", &skip, 1);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->not_measured, "pthread at 10,000 connections, t=1: skipped: pthread: 10,000 "
	                     "threads exceed RLIMIT_NPROC (4096)");
	assert_int_equal(c->ev[0].outcome, RP_EV_INFO);
	has(c->ev[0].text, "gmp held 10,000 connections in 7.8 KiB each");

	/* no c10k anywhere */
	pass none = {.name = "net-conns"};
	none.c[none.n++] = NET("echo", "gmp", "-", 15000, 10);
	c = claims("N1", &none, 1);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	assert_int_equal(c->nev, 0);
}

/* echo or http at `conns`, server `server`, time per request around ns,
 * metric:client_saturated = sat in every repetition. */
static void served(pass *p, const char *w, const char *rt, long long conns, int server, double ns,
                   double sat)
{
	static double flags[64][10];
	static char params[64][64], tail[64][64];
	static int k;
	assert_true(p->n < 8);
	p->c[p->n] = NET(w, rt, strcmp(rt, "go") ? "-" : "go-native", ns, 10);
	for (int i = 0; i < 10; i++)
		flags[k][i] = sat;
	snprintf(params[k], sizeof params[0], "conns=%lld;rate=0%s", conns,
	         strcmp(w, "http") ? ""
	         : server          ? ";server=1"
	                           : ";server=0");
	snprintf(tail[k], sizeof tail[0], "/conns=%lld%s", conns, server ? "/server=nethttp" : "");
	p->x[p->n] = (resfix_more){.params = params[k], .key_tail = tail[k], .extra = flags[k]};
	k = (k + 1) % 64;
	p->n++;
}

static void n2_each_verdict(void **state)
{
	(void)state;
	pass p = {.name = "net-conns", .col = "metric:client_saturated"};
	served(&p, "echo", "gmp", 64, 0, 12000, 0);
	served(&p, "echo", "go", 64, 0, 15000, 0);
	served(&p, "http", "gmp", 64, 0, 13000, 0);
	served(&p, "http", "go", 64, 0, 16000, 0);
	served(&p, "http", "go", 64, 1, 11000, 0); /* net/http: faster, not counted */
	const rp_claim *c = claims("N2", &p, 1);
	assert_int_equal(c->verdict, RP_HOLDS);
	assert_string_equal(c->verdict_text, "holds on 2 of 2 comparisons");
	has(c->ev[0].text, "echo conns=64 t=1: gmp 12 µs vs go 15 µs per round trip; gmp's "
	                   "requests/s over Go's 1.2");
	assert_string_equal(c->ev[0].anchor, "net-conns");
	assert_int_equal(c->ninfo, 1);
	bool info = false;
	for (int i = 0; i < c->nev; i++)
		if (c->ev[i].outcome == RP_EV_INFO) {
			has(c->ev[i].where, "http conns=64 t=1 vs net/http");
			has(c->ev[i].text, "go/net/http 11 µs");
			info = true;
		}
	assert_true(info);

	pass slower = {.name = "net-conns", .col = "metric:client_saturated"};
	served(&slower, "echo", "gmp", 1, 0, 20000, 0);
	served(&slower, "echo", "go", 1, 0, 15000, 0);
	c = claims("N2", &slower, 1);
	assert_int_equal(c->verdict, RP_DOES_NOT);
	has(c->verdict_text, "does not hold on 1 of 1 comparisons (echo conns=1 t=1)");

	/* equal rates: "at least as many" cannot be told apart from fewer */
	pass equal = {.name = "net-conns", .col = "metric:client_saturated"};
	served(&equal, "echo", "gmp", 1, 0, 15000, 0);
	served(&equal, "echo", "go", 1, 0, 15000, 0);
	c = claims("N2", &equal, 1);
	assert_int_equal(c->verdict, RP_CANNOT_TELL);
	has(c->ev[0].text, "not significant");
}

static void n2_paced_and_not_measured(void **state)
{
	(void)state;
	/* the load generator saturated on one side of the 1,024 pair: left out */
	pass p = {.name = "net-conns", .col = "metric:client_saturated"};
	served(&p, "echo", "gmp", 64, 0, 12000, 0);
	served(&p, "echo", "go", 64, 0, 15000, 0);
	served(&p, "echo", "gmp", 1024, 0, 9000, 1);
	served(&p, "echo", "go", 1024, 0, 15000, 0);
	const rp_claim *c = claims("N2", &p, 1);
	assert_int_equal(c->verdict, RP_HOLDS);
	assert_string_equal(c->verdict_text, "holds on 1 of 1 comparisons");
	has(c->not_measured, "1 pair left out: the load generator saturated or shared a PU "
	                     "with the server, so the client set the pace (echo conns=1024 t=1)");

	/* every pair paced: nothing compared, the verdict says why */
	pass all = {.name = "net-conns", .col = "metric:client_saturated"};
	served(&all, "echo", "gmp", 64, 0, 12000, 1);
	served(&all, "echo", "go", 64, 0, 15000, 1);
	c = claims("N2", &all, 1);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->verdict_text, "not measured: 1 pair left out");

	/* no echo or http */
	pass none = {.name = "net-c10k", .col = "metric:bytes_per_conn"};
	c10k(&none, "gmp", 10000, 8000, 10);
	c = claims("N2", &none, 1);
	assert_int_equal(c->verdict, RP_NOT_MEASURED);
	has(c->verdict_text, "echo, http on gmp and go: not in this run (make bench's net-conns/");
}

/* The table of claims holds both rows, in order, after C1-C12 (F1 follows). */
static void rows_in_order(void **state)
{
	(void)state;
	pass p = {.name = "net-c10k", .col = "metric:bytes_per_conn"};
	c10k(&p, "gmp", 10000, 8000, 10);
	claims("N1", &p, 1);
	assert_int_equal(F.nclaims, RP_NCLAIMS);
	assert_string_equal(F.claims[12].def->id, "N1"); /* after C1-C12 */
	assert_string_equal(F.claims[13].def->id, "N2");
	rp_verdict v;
	assert_true(rp_verdict_parse("not-measured", &v) && v == RP_NOT_MEASURED);
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
	    cmocka_unit_test(n1_each_verdict), cmocka_unit_test(n1_not_measured),
	    cmocka_unit_test(n2_each_verdict), cmocka_unit_test(n2_paced_and_not_measured),
	    cmocka_unit_test(rows_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
