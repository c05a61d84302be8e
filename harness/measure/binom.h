/*
 * binom.h — the exact binomial test of a share, and its interval: whether k of
 * n trials is a share significantly different from p0. The report uses it to
 * test a quantile against a bound (a p99 at most B: at most 1% of the samples
 * above B; Conover, "Practical Nonparametric Statistics", 3rd ed., §3.2, the
 * quantile test), which a U test cannot do: the bound is a number, not a
 * sample.
 *
 * What it promises
 *   - binom_p: the two-sided exact p-value, the sum of the probabilities of
 *     every outcome no more likely than k under binomial(n, p0) (the "method of
 *     small p-values", R's binom.test; a relative tolerance of 1e-7 counts
 *     ties), computed in log space (lgamma), so n may be millions;
 *   - binom_p_at_zero: the p-value of k = 0, the smallest p an outcome below
 *     the expected share can give: when it is not below the level, n trials
 *     cannot show a share significantly below p0 at all;
 *   - binom_wilson: the 95% Wilson score interval of k/n (Wilson 1927), which
 *     stays within [0, 1] and is sound at k = 0;
 *   - n <= 0, k outside [0, n] or p0 outside (0, 1): p = 1, the interval [0, 1].
 * Companions: stats.h (the median and its interval), mannwhitney.h (two
 * samples against each other).
 */
#ifndef COROBENCH_BINOM_H
#define COROBENCH_BINOM_H

double binom_p(long long k, long long n, double p0);
double binom_p_at_zero(long long n, double p0);
void binom_wilson(long long k, long long n, double *lo, double *hi);

#endif
