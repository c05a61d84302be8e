/*
 * test_inference.c — the tests behind "is this difference real?": Mann-Whitney U
 * (exact and normal approximation), the ratio-of-medians CI, and the warm-up
 * check (harness/measure/mannwhitney.h, ratio_ci.h, warmup.h), against textbook
 * values, hand computations and brute-force enumeration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "../harness/measure/mannwhitney.h"
#include "../harness/measure/ratio_ci.h"
#include "../harness/measure/warmup.h"
#include "support/resfix.h"

/* Hollander & Wolfe (1973), p. 69: permeability constants of the human chorioamnion
 * at term (x) and 12-26 weeks (y); the example of R's ?wilcox.test, which prints
 * W = 35, p-value = 0.1272 for alternative = "greater" (exact: no ties, n < 50). */
static const double hw_x[] = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
static const double hw_y[] = {1.15, 0.88, 0.90, 0.74, 1.21};

static void mw_exact_textbook(void **state)
{
	(void)state;
	mw_result r;
	assert_true(mw_test(hw_x, 10, hw_y, 5, MW_GREATER, &r));
	assert_true(r.exact);
	assert_float_equal(r.u, 35, 0);
	assert_float_equal(r.p, 0.1272, 0.00005);
	assert_true(mw_test(hw_x, 10, hw_y, 5, MW_TWO_SIDED, &r));
	assert_float_equal(r.p, 2 * 0.1272061272, 1e-9);      /* 772/6006 = 0.2544 */
	assert_true(mw_test(hw_y, 5, hw_x, 10, MW_LESS, &r)); /* the mirror image */
	assert_float_equal(r.u, 15, 0);
	assert_float_equal(r.p, 0.1272061272, 1e-9);
}

/* Exact P(U >= u) by enumerating every way of choosing which m of the m+n pooled
 * ranks belong to the first sample: independent of the recurrence under test. */
static double brute_ge(int m, int n, double u_obs)
{
	int total = m + n;
	long count = 0, ge = 0;
	for (unsigned mask = 0; mask < (1u << total); mask++) {
		if (__builtin_popcount(mask) != m)
			continue;
		double u = 0;
		for (int i = 0; i < total; i++)
			if (mask & (1u << i))
				for (int j = 0; j < i; j++)
					u += !(mask &
					       (1u << j)); /* rank i (in a) beats rank j (in b) */
		count++;
		ge += u >= u_obs;
	}
	return (double)ge / (double)count;
}

static void mw_exact_matches_enumeration(void **state)
{
	(void)state;
	double a[8], b[8];
	for (int trial = 0; trial < 40; trial++) {
		int m = 2 + trial % 6, n = 3 + (trial * 7) % 6;
		resfix_samples(a, m, 100, 0.3, (unsigned)trial + 1);
		resfix_samples(b, n, 110, 0.3, (unsigned)trial + 101);
		mw_result r;
		assert_true(mw_test(a, m, b, n, MW_GREATER, &r));
		assert_true(r.exact);
		assert_float_equal(r.p, brute_ge(m, n, r.u), 1e-12);
	}
}

/* Ties: normal approximation with tie-corrected variance and continuity
 * correction, worked by hand. a = {1,2,2,3}, b = {2,3,4,4,5}:
 *   U = 1 (a=3 > b=2) + 2 x 1/2 (a=2 ~ b=2) + 1/2 (a=3 ~ b=3) = 2.5
 *   tie groups {2,2,2}, {3,3}, {4,4}: sum(t^3 - t) = 24 + 6 + 6 = 36
 *   var = m n / 12 ((N+1) - 36 / (N (N-1))) = 20/12 (10 - 0.5) = 15.8333
 *   z = (2.5 - 10 + 0.5) / sqrt(15.8333) = -1.75919
 *   p = 2 Phi(-1.75919) = 0.078546                                          */
static void mw_ties_normal_by_hand(void **state)
{
	(void)state;
	const double a[] = {1, 2, 2, 3}, b[] = {2, 3, 4, 4, 5};
	mw_result r;
	assert_true(mw_test(a, 4, b, 5, MW_TWO_SIDED, &r));
	assert_false(r.exact);
	assert_true(r.ties);
	assert_float_equal(r.u, 2.5, 0);
	assert_float_equal(r.z, -1.759186, 1e-6);
	assert_float_equal(r.p, 0.0785459, 1e-6);
}

/* 50 + 50 values, no ties: at the threshold the normal approximation is used.
 * a = 1..50, b = 25.5..74.5: U = sum_{k=26..50} (k - 25) = 325; mean 1250;
 * var = 50*50*101/12 = 21041.67; z = (325 - 1250 + 0.5)/145.057 = -6.37334;
 * p = 2 Phi(z) = 1.84959e-10. */
static void mw_large_normal(void **state)
{
	(void)state;
	double a[50], b[50];
	for (int i = 0; i < 50; i++) {
		a[i] = i + 1;
		b[i] = i + 25.5;
	}
	mw_result r;
	assert_true(mw_test(a, 50, b, 50, MW_TWO_SIDED, &r));
	assert_false(r.exact);
	assert_float_equal(r.u, 325, 0);
	assert_float_equal(r.z, -6.373336, 1e-6);
	assert_float_equal(r.p / 1.849595e-10, 1, 1e-5);
}

static void mw_degenerate(void **state)
{
	(void)state;
	const double same[] = {5, 5, 5}, nan[] = {1, NAN};
	mw_result r;
	assert_true(mw_test(same, 3, same, 3, MW_TWO_SIDED, &r)); /* all tied */
	assert_float_equal(r.p, 1, 0);
	assert_false(mw_test(same, 0, same, 3, MW_TWO_SIDED, &r));
	assert_float_equal(r.p, 1, 0);
	assert_false(mw_test(nan, 2, same, 3, MW_TWO_SIDED, &r));
	/* 3+3 can never reach 0.05: 2/C(6,3) = 0.1; 4+4 can: 2/70 = 0.0286 */
	assert_float_equal(mw_min_p(3, 3), 0.1, 1e-12);
	assert_float_equal(mw_min_p(4, 4), 2.0 / 70, 1e-12);
	const double lo[] = {1, 2, 3}, hi[] = {4, 5, 6};
	assert_true(mw_test(lo, 3, hi, 3, MW_TWO_SIDED, &r));
	assert_float_equal(r.p, 0.1, 1e-12); /* the smallest it can be */
}

static void ratio_ci_cases(void **state)
{
	(void)state;
	double a[15], b[15];
	resfix_samples(a, 15, 100, 0.02, 1);
	resfix_samples(b, 15, 200, 0.02, 2);
	ratio_ci r, r2;
	assert_true(ratio_ci_medians(a, 15, b, 15, 0.95, &r));
	assert_float_equal(r.ratio, 2, 0.05);
	assert_true(r.lo <= r.ratio && r.ratio <= r.hi);
	assert_true(r.lo > 1.9 && r.hi < 2.1); /* +-2% noise: a tight interval */
	assert_true(ratio_ci_medians(a, 15, b, 15, 0.95, &r2));
	assert_memory_equal(&r, &r2, sizeof r); /* deterministic */
	/* the same distribution on both sides: the interval holds 1 */
	resfix_samples(b, 15, 100, 0.02, 3);
	assert_true(ratio_ci_medians(a, 15, b, 15, 0.95, &r));
	assert_true(r.lo < 1 && r.hi > 1);
	/* one sample a side: the interval collapses to the ratio */
	assert_true(ratio_ci_medians(a, 1, b, 1, 0.95, &r));
	assert_float_equal(r.lo, r.ratio, 1e-12);
	const double zero[] = {0};
	assert_false(ratio_ci_medians(zero, 1, b, 1, 0.95, &r));
	assert_false(ratio_ci_medians(a, 0, b, 1, 0.95, &r));
}

static void warmup_detects_slow_start(void **state)
{
	(void)state;
	/* 3 rounds x 8 reps (rep 1..8); the first 2 of each round 30% slower */
	double x[24];
	int rep[24];
	resfix_samples(x, 24, 100, 0.01, 7);
	for (int i = 0; i < 24; i++) {
		rep[i] = 1 + i % 8;
		if (rep[i] <= 2)
			x[i] *= 1.3;
	}
	warmup_check w;
	warmup_run(x, rep, 24, &w);
	assert_true(w.checked);
	assert_true(w.tested);
	assert_true(w.slower);
	assert_int_equal(w.early, 2);
	assert_int_equal(w.n_early, 6);
	assert_float_equal(w.ratio, 1.3, 0.03);
	char note[200];
	warmup_note(&w, 1, note, sizeof note);
	assert_non_null(strstr(note, "use --warmup 3"));
	/* flat data: nothing to say */
	resfix_samples(x, 24, 100, 0.01, 8);
	warmup_run(x, rep, 24, &w);
	assert_true(w.checked);
	assert_false(w.slower);
	warmup_note(&w, 1, note, sizeof note);
	assert_string_equal(note, "");
	/* early faster, not slower: not flagged (one-sided) */
	for (int i = 0; i < 24; i++)
		if (rep[i] <= 2)
			x[i] *= 0.7;
	warmup_run(x, rep, 24, &w);
	assert_false(w.slower);
}

static void warmup_small_and_degenerate(void **state)
{
	(void)state;
	/* 1 round of 4 reps: early = 1, rest = 3; 1+3 can never test below 0.05,
	 * so the all-slower rule decides and says it is untested */
	const double x[] = {150, 100, 101, 99};
	const int rep[] = {1, 2, 3, 4};
	warmup_check w;
	warmup_run(x, rep, 4, &w);
	assert_true(w.slower);
	assert_false(w.tested);
	char note[200];
	warmup_note(&w, 1, note, sizeof note);
	assert_non_null(strstr(note, "too few reps to test"));
	/* only one repetition index: not checked */
	const int same[] = {1, 1, 1, 1};
	warmup_run(x, same, 4, &w);
	assert_false(w.checked);
	assert_false(w.slower);
	warmup_run(x, rep, 1, &w);
	assert_false(w.checked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(mw_exact_textbook),
	    cmocka_unit_test(mw_exact_matches_enumeration),
	    cmocka_unit_test(mw_ties_normal_by_hand),
	    cmocka_unit_test(mw_large_normal),
	    cmocka_unit_test(mw_degenerate),
	    cmocka_unit_test(ratio_ci_cases),
	    cmocka_unit_test(warmup_detects_slow_start),
	    cmocka_unit_test(warmup_small_and_degenerate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
