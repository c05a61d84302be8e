/* histogram.c — see histogram.h for the scheme and its promises. */
#include "histogram.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Half the sub-buckets of bucket 0 (1024 for 3 figures). */
static inline uint64_t half_count(const histo *h)
{
	return 1ull << (h->sub_bucket_bits - 1);
}

histo *histo_new(uint64_t highest, int sigfigs)
{
	if (sigfigs < 1 || sigfigs > 5)
		return NULL;
	uint64_t single_unit = 2; /* 2 * 10^sigfigs: values counted one by one */
	for (int i = 0; i < sigfigs; i++)
		single_unit *= 10;
	if (highest < single_unit || highest > (UINT64_MAX >> 1))
		return NULL;
	int m = 0;
	while ((1ull << m) < single_unit)
		m++;
	/* Buckets: bucket 0 ends at 2^m, each further bucket doubles the range. */
	int buckets = 1;
	for (uint64_t end = 1ull << m; end <= highest; end <<= 1)
		buckets++;

	histo *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->highest = highest;
	h->sigfigs = sigfigs;
	h->sub_bucket_bits = m;
	h->bucket_count = buckets;
	h->counts_len = (buckets + 1) << (m - 1);
	h->counts = calloc((size_t)h->counts_len, sizeof *h->counts);
	if (!h->counts) {
		free(h);
		return NULL;
	}
	histo_reset(h);
	return h;
}

void histo_free(histo *h)
{
	if (h) {
		free(h->counts);
		free(h);
	}
}

void histo_reset(histo *h)
{
	memset(h->counts, 0, (size_t)h->counts_len * sizeof *h->counts);
	h->total = 0;
	h->overflow = 0;
	h->min = UINT64_MAX;
	h->max = 0;
	h->sum = 0;
}

/* Power-of-two bucket of a value: 0 below 2^m, then one per doubling. */
static inline int bucket_of(const histo *h, uint64_t v)
{
	uint64_t mask = (1ull << h->sub_bucket_bits) - 1;
	return 64 - h->sub_bucket_bits - __builtin_clzll(v | mask);
}

int histo_index_of(const histo *h, uint64_t value)
{
	int b = bucket_of(h, value);
	uint64_t sub = value >> b; /* in [2^(m-1), 2^m) for b > 0, [0, 2^m) for b = 0 */
	return (int)(((uint64_t)(b + 1) << (h->sub_bucket_bits - 1)) + sub - half_count(h));
}

uint64_t histo_value_at_index(const histo *h, int i)
{
	int b = (i >> (h->sub_bucket_bits - 1)) - 1;
	uint64_t sub = ((uint64_t)i & (half_count(h) - 1)) + half_count(h);
	if (b < 0) {
		sub -= half_count(h);
		b = 0;
	}
	return sub << b;
}

uint64_t histo_lowest_equivalent(const histo *h, uint64_t value)
{
	int b = bucket_of(h, value);
	return (value >> b) << b;
}

uint64_t histo_highest_equivalent(const histo *h, uint64_t value)
{
	int b = bucket_of(h, value);
	return histo_lowest_equivalent(h, value) + (1ull << b) - 1;
}

/* Midpoint of a value's bucket: what the standard deviation uses. */
static double median_equivalent(const histo *h, uint64_t value)
{
	int b = bucket_of(h, value);
	return (double)(histo_lowest_equivalent(h, value) + ((1ull << b) >> 1));
}

bool histo_record_n(histo *h, uint64_t value, uint64_t count)
{
	if (value > h->highest) {
		h->overflow += count;
		return false;
	}
	h->counts[histo_index_of(h, value)] += count;
	h->total += count;
	h->sum += (double)value * (double)count;
	if (value < h->min)
		h->min = value;
	if (value > h->max)
		h->max = value;
	return true;
}

bool histo_record(histo *h, uint64_t value)
{
	return histo_record_n(h, value, 1);
}

bool histo_merge(histo *dst, const histo *src)
{
	if (dst->highest != src->highest || dst->sigfigs != src->sigfigs)
		return false;
	for (int i = 0; i < src->counts_len; i++)
		dst->counts[i] += src->counts[i];
	dst->total += src->total;
	dst->overflow += src->overflow;
	dst->sum += src->sum;
	if (src->total && src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	return true;
}

uint64_t histo_min(const histo *h)
{
	return h->total ? h->min : 0;
}
uint64_t histo_max(const histo *h)
{
	return h->max;
}
double histo_mean(const histo *h)
{
	return h->total ? h->sum / (double)h->total : 0;
}

double histo_stddev(const histo *h)
{
	if (!h->total)
		return 0;
	double mean = histo_mean(h), acc = 0;
	for (int i = 0; i < h->counts_len; i++) {
		if (!h->counts[i])
			continue;
		double d = median_equivalent(h, histo_value_at_index(h, i)) - mean;
		acc += d * d * (double)h->counts[i];
	}
	return sqrt(acc / (double)h->total);
}

uint64_t histo_value_at_percentile(const histo *h, double percentile)
{
	if (!h->total)
		return 0;
	double p = percentile < 0 ? 0 : percentile > 100 ? 100 : percentile;
	uint64_t rank = (uint64_t)(p / 100.0 * (double)h->total + 0.5);
	if (rank < 1)
		rank = 1;
	if (rank > h->total)
		rank = h->total;
	uint64_t seen = 0;
	for (int i = 0; i < h->counts_len; i++) {
		seen += h->counts[i];
		if (seen >= rank) {
			uint64_t v = histo_value_at_index(h, i);
			return p == 0 ? histo_lowest_equivalent(h, v)
			              : histo_highest_equivalent(h, v);
		}
	}
	return histo_highest_equivalent(h, h->max); /* not reached: seen ends at total */
}
