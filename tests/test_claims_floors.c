/*
 * test_claims_floors.c — C6 and C7 with the floors (docs/CLAIMS.md), on
 * synthetic results with the floor rows `corobench run --floors` writes: the
 * rules find them through harness/results/floors.h (floor_bounds_for,
 * floor_row_matches: the names FLOOR_SWITCH, FLOOR_FUTEX_HANDOFF, ... and
 * runtime FLOOR_RUNTIME), never by a name of their own:
 *   - C6 holds a coroutine yield against 10 x the floor-switch row of its
 *     own directory, and lists the floor apart from the runtimes it covers;
 *   - C7 shows each hand-off's distance from the floor that bounds it, outside
 *     the verdict;
 *   - a runtime=floor row that is not one of floors.h's floors
 *     ("floor-register-switch"), or floors only in a part (placement/), bound
 *     nothing in the main run.
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
static double S[32][10];
static int NS;

static const double *at(double center)
{
	assert_true(NS < 32);
	resfix_samples(S[NS], 10, center, 0.01, 500 + (unsigned)NS);
	return S[NS++];
}

#define C10(w, rt, ch, t, pl, ns) ((resfix_cfg){w, rt, ch, t, pl, at(ns), 10, false})

static const double yes[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

/* Writes c (yield rows get metric:switched_yields = 1) into a fresh directory
 * (and `part` into its placement/ when not NULL), loads it, makes the claims. */
static void load(const resfix_cfg *c, int n, const resfix_cfg *part, int np)
{
	if (dir) {
		rm_free(&M);
		resfix_rmrf(dir);
		free(dir);
	}
	dir = resfix_tmpdir();
	resfix_more x[16] = {{0}};
	for (int i = 0; i < n; i++)
		x[i].extra = strcmp(c[i].workload, "yield") ? NULL : yes;
	assert_true(resfix_write_more(dir, "h", "metric:switched_yields", c, x, n));
	if (part) {
		char sub[1200];
		snprintf(sub, sizeof sub, "%s/placement", dir);
		assert_true(resfix_write(sub, "h", part, np));
	}
	char err[800];
	if (!rm_load(&M, &dir, 1, err, sizeof err))
		fail_msg("%s", err);
	rp_findings_make(&M, &F);
	NS = 0;
}

static const rp_claim *row(const char *id)
{
	for (int i = 0; i < F.nclaims; i++)
		if (!strcmp(F.claims[i].def->id, id)) {
			const rp_claim *c = &F.claims[i];
			printf("# %s [%s]: %s\n#   measured: %s\n#   not measured: %s\n", id,
			       rp_verdict_name(c->verdict), c->verdict_text, c->measured,
			       c->not_measured);
			for (int k = 0; k < c->nev; k++)
				printf("#   %s: %s [%s]\n", rp_outcome_name(c->ev[k].outcome),
				       c->ev[k].text, c->ev[k].anchor);
			return c;
		}
	fail_msg("no row %s", id);
	return NULL;
}

static const rp_evidence *item(const rp_claim *c, const char *needle)
{
	for (int i = 0; i < c->nev; i++)
		if (strstr(c->ev[i].text, needle))
			return &c->ev[i];
	fail_msg("%s: no item with '%s'", c->def->id, needle);
	return NULL;
}

static void has(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("'%s' lacks '%s'", s, needle);
}

/* The floors of floors.h, found by its names. */
static void c6_c7_read_the_floors(void **state)
{
	(void)state;
	resfix_cfg c[] = {
	    C10("yield", "gmp", "-", 1, "none", 20),
	    C10("yield", "pthread", "-", 1, "none", 600),
	    C10("pingpong", "gmp", "go", 1, "none", 100),
	    C10("pingpong", "pthread", "go", 1, "none", 2500),
	    C10(FLOOR_SWITCH, FLOOR_RUNTIME, "-", 1, "none", 5),
	    C10(FLOOR_FUTEX_HANDOFF, FLOOR_RUNTIME, "-", 1, "none", 2000),
	    C10(FLOOR_FUTEX, FLOOR_RUNTIME, "-", 1, "none", 1500),
	};
	load(c, 7, NULL, 0);
	const rp_claim *c6 = row("C6");
	const rp_evidence *e = item(c6, "yield t=1 gmp vs floor-switch");
	assert_int_equal(e->outcome, RP_EV_HOLDS); /* 20 ns <= 10 x 5 ns */
	assert_true(e->bound == 10 && e->value > 3.8 && e->value < 4.2);
	has(c6->measured, "runtimes gmp; workers 1; against the floors floor-switch");
	assert_null(strstr(c6->measured, "runtimes gmp, floor"));

	const rp_claim *c7 = row("C7");
	e = item(c7, "pingpong t=1, distance from the floor: ");
	assert_int_equal(e->outcome, RP_EV_INFO);
	assert_string_equal(e->anchor, "summary-floors");
	/* 100 / (2 x min ~4.95) ~ 10x; 2500 / min ~1980 ~ 1.26x: the hand-off, the
	 * highest floor under pthread's median, not floor-futex (~1.7x) */
	has(e->text, "gmp/go 10x 2 x floor-switch; pthread/go 1.2");
	has(e->text, "x floor-futex-handoff");
	e = item(c7, "yield t=1, distance from the floor: ");
	has(e->text, "gmp 4.0x floor-switch; pthread 121x floor-switch");
	has(c7->measured, "against the floors floor-switch, floor-futex-handoff");
	/* the verdict rests on the comparisons only */
	assert_int_equal(c7->ninfo, 2);
	assert_int_equal(c7->nholds + c7->ndoes + c7->ncannot, 2);
}

/* What floors.h does not name is not a floor, and a part's floors bound only
 * that part. */
static void only_floors_h_names_count(void **state)
{
	(void)state;
	resfix_cfg c[] = {
	    C10("yield", "gmp", "-", 1, "none", 20),
	    C10("pingpong", "gmp", "go", 1, "none", 100),
	    C10("floor-register-switch", FLOOR_RUNTIME, "-", 1, "none", 5),
	};
	load(c, 3, NULL, 0);
	const rp_claim *c6 = row("C6");
	assert_int_equal(c6->nholds + c6->ndoes + c6->ncannot, 0);
	has(c6->not_measured, "no coroutine yield here with a floor-switch row");
	has(row("C7")->not_measured, "distance from the floors: no hand-off workload here that a "
	                             "floor of this run bounds");

	resfix_cfg main_only[] = {C10("yield", "gmp", "-", 1, "none", 20)};
	resfix_cfg part[] = {C10(FLOOR_SWITCH, FLOOR_RUNTIME, "-", 1, "none", 5)};
	load(main_only, 1, part, 1);
	assert_int_equal(M.nfloor, 1); /* placement/'s, kept apart */
	has(row("C6")->not_measured, "no floor rows (runtime=floor) in this run");
	has(row("C7")->not_measured, "no floor rows (runtime=floor) in this run");
}

static int teardown(void **state)
{
	(void)state;
	if (dir) {
		rm_free(&M);
		resfix_rmrf(dir);
		free(dir);
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(c6_c7_read_the_floors),
	    cmocka_unit_test(only_floors_h_names_count),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
