/*
 * ratio_ci.h — the ratio of two medians (new / old) with a confidence interval:
 * the "how much faster, give or take" of `corobench compare` and the report's
 * speed-up chart.
 *
 * Method: percentile bootstrap (Efron & Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13): resample each side with replacement, take the ratio
 * of the resampled medians, RATIO_CI_RESAMPLES times; the CI is the 2.5% and
 * 97.5% quantiles of those ratios.
 *   - Why not combine the two order-statistic CIs of the medians: [lo_b/hi_a,
 *     hi_b/lo_a] covers far more than 95% (two 95% intervals at once), so real
 *     differences would look insignificant.
 *   - Why not Hodges-Lehmann on log values: it estimates the median of pairwise
 *     ratios, not the ratio of the medians that the tables print.
 *   - Caveat: with few repetitions (< 6 a side) the bootstrap distribution of a
 *     median is lumpy and the interval is only as good as the samples; the
 *     Mann-Whitney p-value, not this interval, decides `~` in compare.
 * What it promises: deterministic (a fixed seed: the same data give the same
 * interval on every run and machine); lo <= ratio's bootstrap median <= hi;
 * returns false when a side is empty or a median is not positive.
 */
#ifndef COROBENCH_RATIO_CI_H
#define COROBENCH_RATIO_CI_H

#include <stdbool.h>

/* 10,000 resamples: the 2.5% quantile then rests on 250 ratios, enough for two
 * significant digits; costs ~2 ms for 10+10 repetitions. */
#define RATIO_CI_RESAMPLES 10000

typedef struct ratio_ci {
	double ratio; /* median(b) / median(a)                      */
	double lo;    /* lower bound of the CI                      */
	double hi;    /* upper bound                                */
} ratio_ci;

bool ratio_ci_medians(const double *a, int na, const double *b, int nb, double confidence,
                      ratio_ci *out);

#endif
