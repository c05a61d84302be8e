/* stats.c — see stats.h. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double *sorted_copy(const double *x, int n)
{
	double *s = xmalloc(sizeof *s * (size_t)(n > 0 ? n : 0));
	memcpy(s, x, sizeof *s * (size_t)n);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	return s;
}

double stats_quantile_sorted(const double *s, int n, double p)
{
	if (n == 1)
		return s[0];
	double h = (n - 1) * p;
	int lo = (int)floor(h);
	if (lo >= n - 1)
		return s[n - 1];
	return s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
}

double stats_median(const double *x, int n)
{
	double *s = sorted_copy(x, n);
	double m = stats_quantile_sorted(s, n, 0.5);
	free(s);
	return m;
}

/* P(X <= k) for X ~ Binomial(n, 1/2), by summing exact terms in log space so that
 * n up to several thousand does not overflow. */
static double binom_half_cdf(int n, int k)
{
	double sum = 0;
	for (int i = 0; i <= k; i++)
		sum += exp(lgamma(n + 1.0) - lgamma(i + 1.0) - lgamma(n - i + 1.0) - n * log(2.0));
	return sum;
}

bool stats_median_ci_ranks(int n, double confidence, int *lo_rank, int *hi_rank)
{
	double alpha = 1 - confidence;
	/* Largest l with P(X <= l-1) <= alpha/2: then [x_(l), x_(n-l+1)] covers
	 * 1 - 2 P(X <= l-1) >= confidence. */
	int l = 0;
	for (int k = 1; k <= n / 2; k++) {
		if (binom_half_cdf(n, k - 1) <= alpha / 2)
			l = k;
		else
			break;
	}
	if (l == 0)
		return false;
	*lo_rank = l;
	*hi_rank = n - l + 1;
	return true;
}

void stats_summarize(const double *x, int n, stats_summary *out)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	if (n <= 0)
		return;
	double *s = sorted_copy(x, n);
	out->min = s[0];
	out->max = s[n - 1];
	out->median = stats_quantile_sorted(s, n, 0.5);

	int lo, hi;
	out->ci_exact = stats_median_ci_ranks(n, 0.95, &lo, &hi);
	out->ci_low = out->ci_exact ? s[lo - 1] : s[0];
	out->ci_high = out->ci_exact ? s[hi - 1] : s[n - 1];

	double *dev = xmalloc(sizeof *dev * (size_t)n);
	for (int i = 0; i < n; i++)
		dev[i] = fabs(x[i] - out->median);
	out->mad = stats_median(dev, n);
	free(dev);

	out->rel_err = out->median != 0 ? (out->ci_high - out->ci_low) / 2 / fabs(out->median) : 0;
	out->unstable = out->rel_err > STATS_UNSTABLE_REL_ERR;

	/* Tukey's fences: mild beyond 1.5 IQR, severe beyond 3 IQR. */
	double q1 = stats_quantile_sorted(s, n, 0.25), q3 = stats_quantile_sorted(s, n, 0.75);
	double iqr = q3 - q1;
	for (int i = 0; i < n; i++) {
		if (s[i] < q1 - 3 * iqr)
			out->outliers_low_severe++;
		else if (s[i] < q1 - 1.5 * iqr)
			out->outliers_low_mild++;
		else if (s[i] > q3 + 3 * iqr)
			out->outliers_high_severe++;
		else if (s[i] > q3 + 1.5 * iqr)
			out->outliers_high_mild++;
	}
	free(s);
}

const char *stats_interval_kind(const stats_summary *s)
{
	return s->ci_exact ? "ci95" : "minmax";
}
