/* binom.c — see binom.h. */
#include "binom.h"

#include <math.h>

/* log P(X = i) for X ~ binomial(n, p0). */
static double lpmf(long long i, long long n, double p0)
{
	return lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) +
	       (double)i * log(p0) + (double)(n - i) * log1p(-p0);
}

double binom_p(long long k, long long n, double p0)
{
	if (n <= 0 || k < 0 || k > n || !(p0 > 0 && p0 < 1))
		return 1;
	/* every outcome at most as likely as k (R's relErr 1 + 1e-7) */
	double lk = lpmf(k, n, p0) + log1p(1e-7), p = 0;
	for (long long i = 0; i <= n; i++) {
		double l = lpmf(i, n, p0);
		if (l <= lk && l > -745) /* below exp's range: adds nothing */
			p += exp(l);
	}
	return p < 1 ? p : 1;
}

double binom_p_at_zero(long long n, double p0)
{
	return binom_p(0, n, p0);
}

void binom_wilson(long long k, long long n, double *lo, double *hi)
{
	*lo = 0;
	*hi = 1;
	if (n <= 0 || k < 0 || k > n)
		return;
	const double z = 1.959963984540054; /* the normal's 97.5% quantile */
	double nn = (double)n, ph = (double)k / nn, z2 = z * z;
	double mid = (ph + z2 / (2 * nn)) / (1 + z2 / nn);
	double half = z / (1 + z2 / nn) * sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn));
	*lo = mid - half > 0 ? mid - half : 0;
	*hi = mid + half < 1 ? mid + half : 1;
}
