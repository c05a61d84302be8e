/*
 * stats.h — robust statistics of repeated measurements.
 *
 * What it promises
 *   - stats_summarize: n, median, a 95% confidence interval of the median, min, max,
 *     MAD (median absolute deviation, unscaled), relative error, the `unstable` flag
 *     (rel_err > 5%), and Tukey outlier classification (counted, never dropped).
 *   - The CI of the median is distribution-free, from order statistics: the ranks
 *     (l, u) are the binomial(n, 1/2) quantiles that cover >= 95% (the textbook
 *     method, e.g. Conover, "Practical Nonparametric Statistics", 3rd ed., §3.2).
 *     Below 6 samples no pair of order statistics reaches 95% coverage
 *     (2 * 0.5^5 = 6.25% miss for n = 5), so the interval is [min, max] and
 *     `ci_exact` is false, which the writers show.
 *   - Inputs are not modified; n = 0 yields a zeroed summary with n = 0.
 * Companions (one concept per file): mannwhitney.h (is a difference real: the
 * U test, exact or normal with tie correction), ratio_ci.h (ratio of two medians
 * with a bootstrap CI), warmup.h (were early repetitions slower).
 */
#ifndef COROBENCH_STATS_H
#define COROBENCH_STATS_H

#include <stdbool.h>

#define STATS_UNSTABLE_REL_ERR 0.05 /* DESIGN.md: flag dispersion above 5% */

typedef struct stats_summary {
	int n;           /* samples                                               */
	double median;   /* sample median (mean of the middle two for even n)     */
	double ci_low;   /* lower bound of the 95% CI of the median               */
	double ci_high;  /* upper bound                                           */
	bool ci_exact;   /* true: order-statistic CI reaches 95%; false: [min,max] */
	double min, max; /* extremes                                              */
	double mad;      /* median of |x - median|                                */
	double rel_err;  /* (ci_high - ci_low) / 2 / median; 0 when median is 0   */
	bool unstable;   /* rel_err > STATS_UNSTABLE_REL_ERR                      */
	int outliers_low_mild, outliers_low_severe;   /* Tukey: below Q1-1.5/3 IQR  */
	int outliers_high_mild, outliers_high_severe; /* Tukey: above Q3+1.5/3 IQR  */
} stats_summary;

void stats_summarize(const double *x, int n, stats_summary *out);

/* Which interval s holds, as summary.csv's `interval` column and the console
 * table say it: "ci95" (a 95% CI of the median from order statistics) or
 * "minmax" (the range: too few samples for an order-statistic 95% CI). */
const char *stats_interval_kind(const stats_summary *s);

/* Median of x[0..n) (n >= 1); does not modify x. */
double stats_median(const double *x, int n);

/* Quantile with linear interpolation between order statistics (type 7, the R and
 * numpy default), p in [0, 1], on an already sorted array. */
double stats_quantile_sorted(const double *sorted, int n, double p);

/* Ranks (1-based) of the order statistics bounding the CI of the median at
 * `confidence` (e.g. 0.95); returns false when n is too small to reach it. */
bool stats_median_ci_ranks(int n, double confidence, int *lo_rank, int *hi_rank);

#endif
