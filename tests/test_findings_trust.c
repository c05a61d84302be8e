/*
 * test_findings_trust.c — every sentence of the report is backed by the
 * statistics behind it (issue 14): the findings of a page are one
 * Benjamini-Hochberg family; no factor is stated where the repetitions cannot
 * reach significance (3+3); a geometric mean carries a bootstrap interval or
 * says it is descriptive; a claim states its coverage; one repetition is never
 * stable; the yield claim needs metric:switched_yields; a configuration with a
 * failed round is named with it; an interval without a 95% CI is marked
 * min..max in the tables. Synthetic results (support/resfix.h), no timing.
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
#include "../harness/report/findings/find.h"
#include "../harness/report/report.h"
#include "support/resfix.h"

static rp_findings F; /* ~400 KiB: static */
static report_model M;

/* Loads dir and makes its findings into F. */
static void findings_of(char **dirs, int n)
{
	char err[800];
	if (!rm_load(&M, dirs, n, err, sizeof err))
		fail_msg("%s", err);
	rp_findings_make(&M, &F);
}

static const char *finding_with(const char *needle)
{
	for (int i = 0; i < F.n; i++)
		if (strstr(F.items[i].text, needle))
			return F.items[i].text;
	return NULL;
}

static void dump(void)
{
	for (int i = 0; i < F.n; i++)
		printf("# %s\n", F.items[i].text);
	for (int i = 0; i < F.nclaims; i++)
		printf("# claim %s: %s | %s | %s\n", F.claims[i].def->id, F.claims[i].measured,
		       F.claims[i].not_measured, F.claims[i].verdict_text);
}

/* The claims table's row of claim id ("C7") on host h. */
static const rp_claim *claim_row(const char *id, int h)
{
	for (int i = 0; i < F.nclaims; i++)
		if (!strcmp(F.claims[i].def->id, id) && F.claims[i].host == h)
			return &F.claims[i];
	fail_msg("no row for %s on host %d", id, h);
	return NULL;
}

/* 3+3 repetitions: the smallest exact two-sided p is 0.1, so no factor. */
static void three_plus_three_states_no_factor(void **state)
{
	(void)state;
	char *dir = resfix_tmpdir();
	const double g[] = {30, 30.5, 31}, p[] = {33, 33.4, 33.9};
	resfix_cfg c[] = {{"spsc", "gmp", "lockfree", 1, "none", g, 3, false},
	                  {"spsc", "pthread", "lockfree", 1, "none", p, 3, false}};
	assert_true(resfix_write(dir, "h", c, 2));
	findings_of(&dir, 1);
	dump();
	assert_null(finding_with("the speed of pthread"));
	assert_null(finding_with("costs 1.1x"));
	assert_non_null(finding_with("3+3 repetitions cannot reach significance (smallest "
	                             "possible p = 0.1)"));
	rm_free(&M);
	resfix_rmrf(dir);
	free(dir);
}

/* Benjamini-Hochberg: five raw p-values below 0.05 are all q = 0.05 (not
 * significant) once adjusted as one family; a smaller one stays significant. */
static void bh_adjusts_the_family(void **state)
{
	(void)state;
	memset(&F, 0, sizeof F);
	const double p[] = {0.01, 0.02, 0.03, 0.04, 0.5};
	for (int i = 0; i < 5; i++)
		F.tests[F.ntests++] = (rp_test){.a = &p[i], .b = NULL, .p = p[i]};
	rf_adjust(&F);
	for (int i = 0; i < 4; i++)
		assert_true(F.tests[i].q >= 0.05 - 1e-12 && F.tests[i].q <= 0.05 + 1e-12);
	assert_true(F.tests[4].q >= 0.5 - 1e-12);
	F.tests[0].p = 0.001;
	rf_adjust(&F);
	assert_true(F.tests[0].q < 0.05); /* 0.001 * 5 / 1 = 0.005 */
}

/* n samples around center, distinct (no ties), deterministic. */
static void around(double *x, int n, double center, unsigned seed)
{
	resfix_samples(x, n, center, 0.01, seed);
}

/* Hosts: a geometric mean over 6 common configurations has a bootstrap CI;
 * the speed-up over 2 workloads is descriptive; the gmp-vs-Go sentence states
 * its coverage (2 workloads, the others not measured); the switch claim (C7)
 * says why it leaves yield out without metric:switched_yields. */
static void geomean_ci_and_claim_coverage(void **state)
{
	(void)state;
	char *root = resfix_tmpdir(), a[600], b[600];
	snprintf(a, sizeof a, "%s/a", root);
	snprintf(b, sizeof b, "%s/b", root);
	static double x[12][10];
	const char *wl[] = {"pingpong", "yield"}, *rt[] = {"gmp", "go", "pthread"};
	resfix_cfg c[6];
	int k = 0;
	for (int w = 0; w < 2; w++)
		for (int r = 0; r < 3; r++, k++) {
			around(x[k], 10, (r == 2 ? 1000 : 100) * (1 + w) * (1 + 0.1 * r), 10 + k);
			c[k] = (resfix_cfg){wl[w], rt[r], "-", 1, "none", x[k], 10, false};
		}
	assert_true(resfix_write(a, "ha", c, 6));
	for (k = 0; k < 6; k++) {
		around(x[6 + k], 10, c[k].ns[0] * 1.5, 50 + k);
		c[k].ns = x[6 + k];
	}
	assert_true(resfix_write(b, "hb", c, 6));
	char *dirs[] = {a, b};
	findings_of(dirs, 2);
	dump();
	assert_non_null(finding_with("95% bootstrap CI over the 6 common configurations"));
	assert_non_null(finding_with("descriptive: 2 workloads are too few for an interval"));
	const char *gvg = finding_with("gmp within 2x of Go's runtime");
	assert_non_null(gvg);
	assert_non_null(strstr(gvg, "on 2 of 2 measured workloads (not measured on both: "));
	assert_non_null(strstr(gvg, "skynet"));
	/* the switch claim: no metric:switched_yields column, so yield is left out */
	const rp_claim *y = claim_row("C7", 1);
	assert_non_null(strstr(y->not_measured, "no metric:switched_yields"));
	rm_free(&M);
	resfix_rmrf(root);
	free(root);
}

/* The switch claim (C7) with the column: a configuration where half of the
 * yields returned at once is left out. */
static void yield_claim_needs_switched_yields(void **state)
{
	(void)state;
	char *dir = resfix_tmpdir();
	static double g[10], p[10], half[10], all[10];
	around(g, 10, 10, 1);
	around(p, 10, 1000, 2);
	for (int i = 0; i < 10; i++)
		half[i] = 0.5, all[i] = 1;
	resfix_cfg c[] = {{"yield", "gmp", "-", 1, "none", g, 10, false},
	                  {"yield", "pthread", "-", 1, "none", p, 10, false}};
	resfix_more more[] = {{.extra = half}, {.extra = all}};
	assert_true(resfix_write_more(dir, "h", "metric:switched_yields", c, more, 2));
	findings_of(&dir, 1);
	dump();
	assert_non_null(
	    strstr(claim_row("C7", 0)->not_measured, "50.00% of its yields switched (median)"));
	assert_int_equal(claim_row("C7", 0)->verdict, RP_NOT_MEASURED);
	rm_free(&M);
	more[0].extra = all;
	assert_true(resfix_write_more(dir, "h", "metric:switched_yields", c, more, 2));
	findings_of(&dir, 1);
	assert_int_equal(claim_row("C7", 0)->verdict, RP_HOLDS);
	assert_string_equal(claim_row("C7", 0)->verdict_text, "holds on 1 of 1 comparisons");
	rm_free(&M);
	resfix_rmrf(dir);
	free(dir);
}

/* One repetition is never stable; a failed round is named; the tables mark
 * min..max and the failed round. */
static void one_rep_failed_round_and_intervals(void **state)
{
	(void)state;
	char *dir = resfix_tmpdir(), out[700], html[4200];
	const double one_a[] = {100}, one_b[] = {200};
	static double ten[10];
	around(ten, 10, 300, 3);
	resfix_cfg c[] = {{"pingpong", "gmp", "go", 1, "none", one_a, 1, false},
	                  {"pingpong", "pthread", "go", 1, "none", one_b, 1, false},
	                  {"spawn", "gmp", "-", 1, "none", ten, 10, false}};
	assert_true(resfix_write(dir, "h", c, 3));
	assert_true(resfix_file(dir, "failures.csv",
	                        "key,round,kind,reason\n"
	                        "spawn/runtime=gmp/chan=-/threads=1/placement=none,3,timeout,"
	                        "ran past 60 s\n"));
	findings_of(&dir, 1);
	dump();
	assert_null(finding_with("All 3 configurations are stable"));
	assert_non_null(finding_with("0 of 3 configurations are stable"));
	assert_non_null(finding_with("fewer than 6 repetitions"));
	assert_non_null(finding_with("gmp [1 failed round: timeout]"));
	rm_free(&M);
	snprintf(out, sizeof out, "%s/out", dir);
	report_opts o = {.out = out};
	assert_int_equal(report_run(&dir, 1, &o, html, sizeof html), 0);
	char *page, err[200];
	size_t len;
	assert_true(file_read_all(html, 64u << 20, &page, &len, err, sizeof err));
	assert_non_null(strstr(page, "<i>min..max</i> "));
	assert_non_null(strstr(page, "1 failed round: timeout"));
	assert_non_null(strstr(page, "Benjamini"));
	free(page);
	resfix_rmrf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(three_plus_three_states_no_factor),
	    cmocka_unit_test(bh_adjusts_the_family),
	    cmocka_unit_test(geomean_ci_and_claim_coverage),
	    cmocka_unit_test(yield_claim_needs_switched_yields),
	    cmocka_unit_test(one_rep_failed_round_and_intervals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
