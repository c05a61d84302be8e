/* test_stats.c — statistics against hand-computed values (harness/measure/stats.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../harness/measure/stats.h"

static void median_odd_even(void **state)
{
	(void)state;
	double odd[] = {5, 1, 3};
	double even[] = {4, 1, 3, 2};
	assert_float_equal(stats_median(odd, 3), 3, 1e-12);
	assert_float_equal(stats_median(even, 4), 2.5, 1e-12);
	assert_float_equal(odd[0], 5, 0); /* input untouched */
}

static void ci_ranks_textbook(void **state)
{
	(void)state;
	int lo, hi;
	/* n=10: P(X<=1) = 11/1024 = 0.0107 <= 0.025 < P(X<=2) = 56/1024 -> ranks 2 and 9 */
	assert_true(stats_median_ci_ranks(10, 0.95, &lo, &hi));
	assert_int_equal(lo, 2);
	assert_int_equal(hi, 9);
	/* n=6: P(X<=0) = 1/64 = 0.0156 -> ranks 1 and 6 (coverage 96.9%) */
	assert_true(stats_median_ci_ranks(6, 0.95, &lo, &hi));
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 6);
	/* n=5: 2/32 = 6.25% miss even for [min,max]: no 95% interval exists */
	assert_false(stats_median_ci_ranks(5, 0.95, &lo, &hi));
	/* n=100: the classic table value is ranks 40 and 61 */
	assert_true(stats_median_ci_ranks(100, 0.95, &lo, &hi));
	assert_int_equal(lo, 40);
	assert_int_equal(hi, 61);
}

static void summary_of_one_to_ten(void **state)
{
	(void)state;
	double x[] = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
	stats_summary s;
	stats_summarize(x, 10, &s);
	assert_int_equal(s.n, 10);
	assert_float_equal(s.median, 5.5, 1e-12);
	assert_true(s.ci_exact);
	assert_float_equal(s.ci_low, 2, 1e-12);
	assert_float_equal(s.ci_high, 9, 1e-12);
	assert_float_equal(s.min, 1, 0);
	assert_float_equal(s.max, 10, 0);
	assert_float_equal(s.mad, 2.5, 1e-12);
	assert_float_equal(s.rel_err, (9 - 2) / 2.0 / 5.5, 1e-12);
	assert_true(s.unstable);
}

static void small_sample_uses_min_max(void **state)
{
	(void)state;
	double x[] = {100, 101, 99, 100.5};
	stats_summary s;
	stats_summarize(x, 4, &s);
	assert_false(s.ci_exact);
	assert_float_equal(s.ci_low, 99, 0);
	assert_float_equal(s.ci_high, 101, 0);
	assert_false(s.unstable); /* (101-99)/2/100.25 = 1% */
}

static void tukey_outliers_kept_and_classified(void **state)
{
	(void)state;
	/* q1 = 2, q3 = 4 (type 7), IQR 2: 100 is beyond q3 + 3 IQR = 10 (severe) */
	double x[] = {1, 2, 3, 4, 100};
	stats_summary s;
	stats_summarize(x, 5, &s);
	assert_int_equal(s.outliers_high_severe, 1);
	assert_int_equal(s.outliers_high_mild, 0);
	assert_int_equal(s.outliers_low_mild + s.outliers_low_severe, 0);
	assert_float_equal(s.max, 100, 0); /* kept, not dropped */
	/* 8 is between q3 + 1.5 IQR = 7 and q3 + 3 IQR = 10: mild */
	double y[] = {1, 2, 3, 4, 8};
	stats_summarize(y, 5, &s);
	assert_int_equal(s.outliers_high_mild, 1);
}

static void empty_and_single(void **state)
{
	(void)state;
	stats_summary s;
	stats_summarize(NULL, 0, &s);
	assert_int_equal(s.n, 0);
	double one = 42;
	stats_summarize(&one, 1, &s);
	assert_float_equal(s.median, 42, 0);
	assert_float_equal(s.ci_low, 42, 0);
	assert_float_equal(s.ci_high, 42, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(median_odd_even),
	    cmocka_unit_test(ci_ranks_textbook),
	    cmocka_unit_test(summary_of_one_to_ten),
	    cmocka_unit_test(small_sample_uses_min_max),
	    cmocka_unit_test(tukey_outliers_kept_and_classified),
	    cmocka_unit_test(empty_and_single),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
