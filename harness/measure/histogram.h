/*
 * histogram.h — a log-linear latency histogram in HdrHistogram's scheme.
 *
 * What it is for
 *   Latency workloads (pingpong, pipeline) record one sample per sampled operation
 *   through wl_measure; the child process owns one histogram per repetition, merges
 *   the measured ones and writes a `.hgrm` percentile file that HdrHistogram's
 *   plotter and our report read.
 *
 * The scheme (Gil Tene's HdrHistogram, re-derived here, no code taken)
 *   Values are integers (nanoseconds here) from 0 to `highest`. With S significant
 *   decimal figures every value v is kept with a relative error below 10^-S: the
 *   range [0, 2^m) (2^m the first power of two >= 2 * 10^S, so 2048 for S = 3) is
 *   counted exactly, one counter per integer; above it each power-of-two "bucket"
 *   [2^(m+b-1), 2^(m+b)) holds 2^(m-1) = 1024 equally wide sub-buckets, so a
 *   sub-bucket is 2^b wide at values >= 1024 * 2^b: error < 1/1024 < 10^-3.
 *
 *       bucket 0: [0, 2048)        width 1   (both halves)
 *       bucket 1: [2048, 4096)     width 2   (upper half only; the lower half
 *       bucket 2: [4096, 8192)     width 4    would repeat bucket b-1's range)
 *       ...
 *
 *   For 1 ns to 1 hour (3.6e12 ns) at 3 figures that is 32 buckets and
 *   (32 + 1) * 1024 = 33,792 counters: 270 KB of uint64_t, allocated once.
 *
 * What it promises
 *   - histo_record is O(1): a count-leading-zeros, two shifts, one increment; not
 *     thread-safe (one recorder at a time; merge per-thread histograms instead).
 *   - A value above `highest` is not put in any bucket (HdrHistogram refuses it
 *     too): histo_record returns false and the value is counted in `overflow`, which
 *     the .hgrm writer reports; nothing is clamped.
 *   - min, max, mean are exact (kept beside the counters); percentiles and the
 *     standard deviation are resolved to a bucket, like HdrHistogram's.
 *   - histo_value_at_percentile(p) returns the highest value equivalent to the bucket
 *     holding the sample of rank ceil-ish(p/100 * count) (HdrHistogram's rule: rank
 *     = (p/100) * count rounded half up, at least 1), so the true sample of that rank
 *     lies in [histo_lowest_equivalent(r), r].
 *   - Text output (.hgrm) and the raw counter file live in hist_io.h.
 */
#ifndef COROBENCH_HISTOGRAM_H
#define COROBENCH_HISTOGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HISTO_HIGHEST_NS 3600000000000ull /* 1 hour in ns: the latency range we cover */
#define HISTO_SIGFIGS    3                /* relative error < 0.1%                   */

typedef struct histo {
	uint64_t highest;    /* highest trackable value                               */
	int sigfigs;         /* significant decimal figures (1..5)                    */
	int sub_bucket_bits; /* m: 2^m sub-buckets in bucket 0 (11 for 3 figures)     */
	int bucket_count;    /* power-of-two buckets needed to reach `highest`        */
	int counts_len;      /* (bucket_count + 1) * 2^(m-1) counters                 */
	uint64_t *counts;    /* the counters                                           */
	uint64_t total;      /* samples recorded (overflow excluded)                  */
	uint64_t overflow;   /* samples above `highest`, refused                      */
	uint64_t min, max;   /* exact extremes of recorded samples (min = UINT64_MAX
	                      * while empty)                                          */
	double sum;          /* exact sum of recorded samples, for the mean           */
} histo;

/* Allocates a histogram for values 0..highest at `sigfigs` figures. NULL on bad
 * arguments (highest < 2 * 10^sigfigs, sigfigs outside 1..5) or no memory. */
histo *histo_new(uint64_t highest, int sigfigs);
/* The one every latency workload uses: 1 ns .. 1 hour, 3 figures. */
static inline histo *histo_new_latency(void)
{
	return histo_new(HISTO_HIGHEST_NS, HISTO_SIGFIGS);
}
void histo_free(histo *h);
void histo_reset(histo *h);

/* Records one value (count times). False when above `highest` (counted in overflow). */
bool histo_record(histo *h, uint64_t value);
bool histo_record_n(histo *h, uint64_t value, uint64_t count);

/* Adds src into dst. Both must have the same highest and sigfigs (the only kind
 * corobench makes); returns false and changes nothing otherwise. */
bool histo_merge(histo *dst, const histo *src);

static inline uint64_t histo_count(const histo *h)
{
	return h->total;
}
uint64_t histo_min(const histo *h); /* 0 when empty */
uint64_t histo_max(const histo *h); /* 0 when empty */
double histo_mean(const histo *h);  /* 0 when empty */
double histo_stddev(const histo *h);
uint64_t histo_value_at_percentile(const histo *h, double percentile); /* 0 when empty */

/* Bucket arithmetic, exposed for tests and writers. */
int histo_index_of(const histo *h, uint64_t value); /* counter index; value <= highest */
uint64_t histo_lowest_equivalent(const histo *h, uint64_t value);
uint64_t histo_highest_equivalent(const histo *h, uint64_t value);
uint64_t histo_value_at_index(const histo *h, int index); /* lowest value of counter */

#endif
