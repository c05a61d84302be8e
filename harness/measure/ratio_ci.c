/* ratio_ci.c — see ratio_ci.h. */
#include "ratio_ci.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/splitmix.h"
#include "stats.h"

/* k-th smallest of x[0..n) (Hoare's selection; reorders x). */
static double select_k(double *x, int n, int k)
{
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = x[lo + (hi - lo) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (x[i] < pivot)
				i++;
			while (x[j] > pivot)
				j--;
			if (i <= j) {
				double t = x[i];
				x[i++] = x[j];
				x[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return x[k];
}

/* Median of a resample of x into buf (the mean of the middle two for even n,
 * like stats_median). */
static double resample_median(const double *x, int n, double *buf, uint64_t *seed)
{
	for (int i = 0; i < n; i++)
		buf[i] = x[splitmix64(seed) % (uint64_t)n];
	double hi = select_k(buf, n, n / 2);
	if (n % 2)
		return hi;
	double lo = buf[0]; /* after selection, buf[0..n/2) <= hi: their max is the other middle */
	for (int i = 1; i < n / 2; i++)
		lo = fmax(lo, buf[i]);
	return (lo + hi) / 2;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

bool ratio_ci_medians(const double *a, int na, const double *b, int nb, double confidence,
                      ratio_ci *out)
{
	memset(out, 0, sizeof *out);
	if (na <= 0 || nb <= 0)
		return false;
	double ma = stats_median(a, na), mb = stats_median(b, nb);
	if (!(ma > 0) || !(mb > 0))
		return false;
	out->ratio = mb / ma;
	double *buf = malloc(sizeof *buf * (size_t)(na > nb ? na : nb));
	double *r = malloc(sizeof *r * RATIO_CI_RESAMPLES);
	if (!buf || !r) {
		free(buf);
		free(r);
		return false;
	}
	uint64_t seed = 0x636f726f62656e63ull; /* "corobenc" */
	for (int i = 0; i < RATIO_CI_RESAMPLES; i++) {
		double ra = resample_median(a, na, buf, &seed);
		double rb = resample_median(b, nb, buf, &seed);
		r[i] = rb / ra;
	}
	qsort(r, RATIO_CI_RESAMPLES, sizeof *r, cmp_double);
	double alpha = 1 - confidence;
	out->lo = stats_quantile_sorted(r, RATIO_CI_RESAMPLES, alpha / 2);
	out->hi = stats_quantile_sorted(r, RATIO_CI_RESAMPLES, 1 - alpha / 2);
	free(buf);
	free(r);
	return true;
}
