/* mannwhitney.c — see mannwhitney.h. */
#include "mannwhitney.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A pooled value and which sample it came from. */
typedef struct tagged {
	double v; /* the value         */
	int from; /* 0: a, 1: b        */
} tagged;

static int cmp_tagged(const void *x, const void *y)
{
	double a = ((const tagged *)x)->v, b = ((const tagged *)y)->v;
	return (a > b) - (a < b);
}

/* Standard normal tails P(Z > z) and P(Z < z), each accurate far out. */
static double norm_upper(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}
static double norm_lower(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

/* P(U = k), k = 0..m*n, for samples of m and n values under the null, into
 * out[0..m*n]. Recurrence on the largest pooled value: with probability
 * m/(m+n) it belongs to the first sample and beats all n of the second.
 * Rolling over m, one array per n' of stride m*n+1: for m = n = 49 that is
 * 2 x 50 x 2402 doubles (1.9 MB). Returns false when out of memory. */
static bool exact_dist(int m, int n, double *out)
{
	size_t stride = (size_t)m * (size_t)n + 1;
	double *prev = calloc((size_t)(n + 1) * stride, sizeof *prev);
	double *cur = calloc((size_t)(n + 1) * stride, sizeof *cur);
	if (!prev || !cur) {
		free(prev);
		free(cur);
		return false;
	}
	for (int j = 0; j <= n; j++)
		prev[(size_t)j * stride] = 1; /* m' = 0: U = 0 */
	for (int i = 1; i <= m; i++) {
		memset(cur, 0, (size_t)(n + 1) * stride * sizeof *cur);
		cur[0] = 1; /* n' = 0: U = 0 */
		for (int j = 1; j <= n; j++) {
			double px = (double)i / (i + j), py = (double)j / (i + j);
			double *c = cur + (size_t)j * stride;
			const double *up = prev + (size_t)j * stride;        /* (i-1, j)  */
			const double *left = cur + (size_t)(j - 1) * stride; /* (i, j-1)  */
			for (int u = 0; u <= i * j; u++) {
				double v = 0;
				if (u - j >= 0 && u - j <= (i - 1) * j)
					v += px * up[u - j];
				if (u <= i * (j - 1))
					v += py * left[u];
				c[u] = v;
			}
		}
		double *t = prev;
		prev = cur;
		cur = t;
	}
	memcpy(out, prev + (size_t)n * stride, stride * sizeof *out);
	free(prev);
	free(cur);
	return true;
}

static double clamp1(double p)
{
	return p > 1 ? 1 : p;
}

static bool exact_p(int m, int n, double u, mw_alternative alt, double *p)
{
	int total = m * n;
	double *d = malloc(sizeof *d * (size_t)(total + 1));
	if (!d || !exact_dist(m, n, d)) {
		free(d);
		return false;
	}
	int k = (int)llround(u);
	double le = 0, ge = 0; /* P(U <= k), P(U >= k) */
	for (int i = 0; i <= total; i++) {
		if (i <= k)
			le += d[i];
		if (i >= k)
			ge += d[i];
	}
	free(d);
	if (alt == MW_GREATER)
		*p = clamp1(ge);
	else if (alt == MW_LESS)
		*p = clamp1(le);
	else
		*p = clamp1(2 * (u > total / 2.0 ? ge : le));
	return true;
}

bool mw_test(const double *a, int na, const double *b, int nb, mw_alternative alt, mw_result *r)
{
	memset(r, 0, sizeof *r);
	r->p = 1;
	r->na = na;
	r->nb = nb;
	if (na <= 0 || nb <= 0)
		return false;
	int n = na + nb;
	tagged *t = malloc(sizeof *t * (size_t)n);
	if (!t)
		return false;
	for (int i = 0; i < na; i++)
		t[i] = (tagged){a[i], 0};
	for (int j = 0; j < nb; j++)
		t[na + j] = (tagged){b[j], 1};
	for (int i = 0; i < n; i++)
		if (isnan(t[i].v)) {
			free(t);
			return false;
		}
	qsort(t, (size_t)n, sizeof *t, cmp_tagged);
	/* average ranks over runs of equal values; tie term sum(t^3 - t) */
	double rank_a = 0, tie_term = 0;
	for (int i = 0; i < n;) {
		int j = i;
		while (j + 1 < n && t[j + 1].v == t[i].v)
			j++;
		double avg = (i + j + 2) / 2.0; /* ranks are 1-based: (i+1 + j+1) / 2 */
		for (int k = i; k <= j; k++)
			if (t[k].from == 0)
				rank_a += avg;
		double len = j - i + 1;
		tie_term += len * len * len - len;
		i = j + 1;
	}
	free(t);
	r->ties = tie_term > 0;
	r->u = rank_a - na * (na + 1.0) / 2;
	if (!r->ties && na < MW_EXACT_BELOW && nb < MW_EXACT_BELOW &&
	    exact_p(na, nb, r->u, alt, &r->p)) {
		r->exact = true;
		return true;
	}
	double mean = (double)na * nb / 2;
	double var = (double)na * nb / 12 * ((n + 1) - tie_term / ((double)n * (n - 1)));
	if (var <= 0) { /* every value equal: no evidence either way */
		r->p = 1;
		return true;
	}
	double d = r->u - mean;
	double corr = alt == MW_TWO_SIDED ? (d > 0) - (d < 0) : alt == MW_GREATER ? 1 : -1;
	r->z = (d - 0.5 * corr) / sqrt(var);
	if (alt == MW_GREATER)
		r->p = norm_upper(r->z);
	else if (alt == MW_LESS)
		r->p = norm_lower(r->z);
	else
		r->p = clamp1(2 * fmin(norm_upper(r->z), norm_lower(r->z)));
	return true;
}

double mw_min_p(int na, int nb)
{
	if (na <= 0 || nb <= 0)
		return 1;
	double log_c = lgamma(na + nb + 1.0) - lgamma(na + 1.0) - lgamma(nb + 1.0);
	return clamp1(2 * exp(-log_c));
}
