/*
 * test_histogram.c — the log-linear histogram (harness/measure/histogram.c):
 * bucket boundaries of HdrHistogram's scheme at 3 figures, percentiles against a
 * sorted array of the same samples, merge, overflow, and the .hgrm text layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/measure/hist_io.h"

static void test_layout_at_three_figures(void **unused)
{
	(void)unused;
	histo *h = histo_new_latency();
	assert_non_null(h);
	assert_int_equal(h->sub_bucket_bits, 11); /* 2^11 = 2048 >= 2 * 10^3        */
	assert_int_equal(h->bucket_count, 32);    /* 2048 * 2^31 > 3.6e12 > 2048 * 2^30 */
	assert_int_equal(h->counts_len, 33 * 1024);
	assert_null(histo_new(1000, 3)); /* below 2 * 10^3: nothing to be log about */
	assert_null(histo_new(1u << 20, 0));
	histo_free(h);
}

static void test_bucket_boundaries(void **unused)
{
	(void)unused;
	histo *h = histo_new_latency();
	/* Bucket 0: one counter per value up to 2047. */
	for (uint64_t v = 0; v < 2048; v++) {
		assert_int_equal(histo_index_of(h, v), (int)v);
		assert_int_equal(histo_lowest_equivalent(h, v), v);
		assert_int_equal(histo_highest_equivalent(h, v), v);
	}
	/* Bucket 1: [2048, 4096), width 2. */
	assert_int_equal(histo_index_of(h, 2048), 2048);
	assert_int_equal(histo_index_of(h, 2049), 2048);
	assert_int_equal(histo_index_of(h, 2050), 2049);
	assert_int_equal(histo_index_of(h, 4095), 3071);
	assert_int_equal(histo_lowest_equivalent(h, 2049), 2048);
	assert_int_equal(histo_highest_equivalent(h, 2048), 2049);
	/* Bucket 2: [4096, 8192), width 4, right after bucket 1's last counter. */
	assert_int_equal(histo_index_of(h, 4096), 3072);
	assert_int_equal(histo_index_of(h, 4099), 3072);
	assert_int_equal(histo_index_of(h, 4100), 3073);
	assert_int_equal(histo_highest_equivalent(h, 4096), 4099);
	/* The top: one hour lands in the last bucket, inside the array. */
	int top = histo_index_of(h, HISTO_HIGHEST_NS);
	assert_true(top < h->counts_len && top >= h->counts_len - 1024);
	/* Everywhere: contiguous, monotonic, relative width below 1/1024. */
	uint64_t v = 1;
	while (v < HISTO_HIGHEST_NS) {
		uint64_t lo = histo_lowest_equivalent(h, v), hi = histo_highest_equivalent(h, v);
		assert_true(lo <= v && v <= hi);
		if (v >= 2048)
			assert_true((hi - lo + 1) * 1024 <= lo);
		if (hi + 1 <= HISTO_HIGHEST_NS)
			assert_int_equal(histo_index_of(h, hi + 1), histo_index_of(h, v) + 1);
		v = v * 3 / 2 + 1;
	}
	histo_free(h);
}

static void test_overflow_is_refused_not_clamped(void **unused)
{
	(void)unused;
	histo *h = histo_new_latency();
	assert_true(histo_record(h, HISTO_HIGHEST_NS));
	assert_false(histo_record(h, HISTO_HIGHEST_NS + 1));
	assert_int_equal(histo_count(h), 1);
	assert_int_equal(h->overflow, 1);
	assert_int_equal(histo_max(h), HISTO_HIGHEST_NS);
	histo_free(h);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Log-uniform samples from 1 ns to ~1 s, fixed seed (xorshift64). */
static uint64_t *samples(size_t n)
{
	uint64_t *s = malloc(n * sizeof *s), x = 88172645463325252ull;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int shift = (int)(x % 30);
		s[i] = 1 + ((x >> 8) & ((1ull << shift) - 1)) + (1ull << shift);
	}
	return s;
}

static void test_percentiles_match_sorted_array(void **unused)
{
	(void)unused;
	enum { N = 100003 };
	uint64_t *s = samples(N);
	histo *h = histo_new_latency();
	double sum = 0;
	for (size_t i = 0; i < N; i++) {
		assert_true(histo_record(h, s[i]));
		sum += (double)s[i];
	}
	qsort(s, N, sizeof *s, cmp_u64);
	assert_int_equal(histo_count(h), N);
	assert_int_equal(histo_min(h), s[0]);
	assert_int_equal(histo_max(h), s[N - 1]);
	assert_true(histo_mean(h) == sum / N);
	static const double ps[] = {0.001, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 99.999, 100};
	for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		uint64_t rank = (uint64_t)(ps[i] / 100 * N + 0.5);
		if (rank < 1)
			rank = 1;
		uint64_t exact = s[rank - 1], got = histo_value_at_percentile(h, ps[i]);
		/* Same bucket as the exact sample, reported as its highest value. */
		assert_int_equal(got, histo_highest_equivalent(h, exact));
		assert_true((double)(got - exact) <= (double)exact / 1000.0);
	}
	assert_int_equal(histo_value_at_percentile(h, 0), histo_lowest_equivalent(h, s[0]));
	histo_free(h);
	free(s);
}

static void test_empty(void **unused)
{
	(void)unused;
	histo *h = histo_new_latency();
	assert_int_equal(histo_count(h), 0);
	assert_int_equal(histo_min(h), 0);
	assert_int_equal(histo_max(h), 0);
	assert_int_equal(histo_value_at_percentile(h, 50), 0);
	assert_true(histo_mean(h) == 0 && histo_stddev(h) == 0);
	histo_free(h);
}

static void test_merge_equals_recording_everything(void **unused)
{
	(void)unused;
	enum { N = 50000 };
	uint64_t *s = samples(N);
	histo *all = histo_new_latency(), *a = histo_new_latency(), *b = histo_new_latency();
	for (size_t i = 0; i < N; i++) {
		histo_record(all, s[i]);
		histo_record(i % 3 ? a : b, s[i]);
	}
	histo_record(b, HISTO_HIGHEST_NS + 5); /* overflow travels too */
	histo_record(all, HISTO_HIGHEST_NS + 5);
	assert_true(histo_merge(a, b));
	assert_memory_equal(a->counts, all->counts, (size_t)all->counts_len * sizeof *all->counts);
	assert_int_equal(a->total, all->total);
	assert_int_equal(a->overflow, all->overflow);
	assert_int_equal(a->min, all->min);
	assert_int_equal(a->max, all->max);
	assert_true(a->sum == all->sum || (a->sum - all->sum) / all->sum < 1e-12);
	histo *other = histo_new(1u << 20, 2); /* another layout: refused, unchanged */
	histo_record(other, 5);
	assert_false(histo_merge(a, other));
	assert_int_equal(a->total, all->total);
	/* Merging an empty histogram changes nothing, min included. */
	histo_reset(b);
	assert_true(histo_merge(a, b));
	assert_int_equal(a->min, all->min);
	histo_free(all);
	histo_free(a);
	histo_free(b);
	histo_free(other);
	free(s);
}

/* Renders h to a string (caller frees). */
static char *render(const histo *h, double unit)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(histo_write_hgrm(h, f, unit, 5), 0);
	fclose(f);
	return buf;
}

/* Samples 1, 2, 3, 4: HdrHistogram's percentile iterator (5 ticks per half
 * distance) reports 0, 10, 20, ... 50, then steps of 5 to 75, 2.5 to 77.5, then
 * the closing 100% line; footer as HdrHistogram's "classic" output. */
static void test_hgrm_exact_text(void **unused)
{
	(void)unused;
	histo *h = histo_new_latency();
	for (uint64_t v = 1; v <= 4; v++)
		histo_record(h, v);
	char *txt = render(h, 1.0);
	const char *want = "       Value     Percentile TotalCount 1/(1-Percentile)\n"
	                   "\n"
	                   "       1.000 0.000000000000          1           1.00\n"
	                   "       1.000 0.100000000000          1           1.11\n"
	                   "       1.000 0.200000000000          1           1.25\n"
	                   "       2.000 0.300000000000          2           1.43\n"
	                   "       2.000 0.400000000000          2           1.67\n"
	                   "       2.000 0.500000000000          2           2.00\n"
	                   "       3.000 0.550000000000          3           2.22\n"
	                   "       3.000 0.600000000000          3           2.50\n"
	                   "       3.000 0.650000000000          3           2.86\n"
	                   "       3.000 0.700000000000          3           3.33\n"
	                   "       3.000 0.750000000000          3           4.00\n"
	                   "       4.000 0.775000000000          4           4.44\n"
	                   "       4.000 1.000000000000          4\n"
	                   "#[Mean    =        2.500, StdDeviation   =        1.118]\n"
	                   "#[Max     =        4.000, Total count    =            4]\n"
	                   "#[Buckets =           32, SubBuckets     =         2048]\n";
	assert_string_equal(txt, want);
	free(txt);
	histo_free(h);
}

/* A large distribution: every data line parses into the four columns, both the
 * percentile and the count only rise, the last line is 100% of the count, the
 * values are scaled by the unit. */
static void test_hgrm_columns(void **unused)
{
	(void)unused;
	enum { N = 20000 };
	uint64_t *s = samples(N);
	histo *h = histo_new_latency();
	for (size_t i = 0; i < N; i++)
		histo_record(h, s[i]);
	char *txt = render(h, 1000.0), *save = NULL;
	double last_p = -1, v, p, inv;
	long long last_c = -1, c;
	int lines = 0, footer = 0;
	for (char *line = strtok_r(txt, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#') {
			footer++;
			continue;
		}
		if (strstr(line, "Value"))
			continue;
		int got = sscanf(line, "%lf %lf %lld %lf", &v, &p, &c, &inv);
		assert_true(got == 4 || (got == 3 && p == 1.0));
		assert_true(p >= last_p && c >= last_c);
		if (got == 4)
			assert_true(inv >= 1.0 / (1.0 - p) - 0.01 && inv <= 1.0 / (1.0 - p) + 0.01);
		last_p = p;
		last_c = c;
		lines++;
	}
	assert_true(lines > 50);
	assert_true(last_p == 1.0);
	assert_int_equal(last_c, N);
	assert_true(v * 1000.0 >= (double)histo_max(h) - 1);
	assert_int_equal(footer, 3);
	free(txt);
	histo_free(h);
	free(s);
}

static void test_hgrm_empty_has_header_and_footer(void **unused)
{
	(void)unused;
	histo *h = histo_new_latency();
	char *txt = render(h, 1000.0);
	assert_non_null(strstr(txt, "Value     Percentile TotalCount 1/(1-Percentile)"));
	assert_non_null(strstr(txt, "Total count    =            0]"));
	free(txt);
	histo_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout_at_three_figures),
	    cmocka_unit_test(test_bucket_boundaries),
	    cmocka_unit_test(test_overflow_is_refused_not_clamped),
	    cmocka_unit_test(test_percentiles_match_sorted_array),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_merge_equals_recording_everything),
	    cmocka_unit_test(test_hgrm_exact_text),
	    cmocka_unit_test(test_hgrm_columns),
	    cmocka_unit_test(test_hgrm_empty_has_header_and_footer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
