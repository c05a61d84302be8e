/*
 * test_latency.c — the child's latency record (harness/measure/latency.c):
 * warm-ups and failed repetitions are not kept, rounds of one configuration add
 * up in latency/<key>.histo and .hgrm, the raw file round-trips exactly, and a
 * damaged raw file is refused with a reason instead of being half-merged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../harness/measure/hist_io.h"
#include "support/resfix.h"
#include "../harness/measure/latency.h"

#define KEY  "pingpong/runtime=pthread/chan=mutex/threads=1/placement=none"
#define STEM "pingpong_runtime=pthread_chan=mutex_threads=1_placement=none"

static void test_stem(void **unused)
{
	(void)unused;
	char stem[128];
	lat_file_stem(KEY, stem, sizeof stem);
	assert_string_equal(stem, STEM);
	lat_file_stem(KEY, stem, 9); /* truncated, still terminated */
	assert_string_equal(stem, "pingpong");
}

static void test_only_kept_repetitions_count(void **unused)
{
	(void)unused;
	lat_rec l = {0};
	assert_true(lat_init(&l));
	lat_record(&l, 100);
	lat_end_rep(&l, false); /* a warm-up */
	lat_record(&l, 200);
	lat_record(&l, 300);
	lat_end_rep(&l, true);
	lat_record(&l, 400);
	lat_end_rep(&l, false); /* failed verify */
	assert_int_equal(histo_count(l.kept), 2);
	assert_int_equal(histo_min(l.kept), 200);
	assert_int_equal(histo_max(l.kept), 300);
	assert_int_equal(histo_count(l.rep), 0);
	lat_free(&l);
}

/* Reads a whole file into a malloc'd string. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *buf = calloc(1, 1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_rounds_add_up(void **unused)
{
	(void)unused;
	char dir[] = "/tmp/corobench-test-lat-XXXXXX", path[256], err[512];
	assert_non_null(mkdtemp(dir));
	for (int round = 0; round < 3; round++) { /* three child processes, in turn */
		lat_rec l = {0};
		assert_true(lat_init(&l));
		for (uint64_t v = 1; v <= 1000; v++)
			lat_record(&l, v * 1000 + (uint64_t)round);
		lat_end_rep(&l, true);
		if (!lat_save(&l, dir, KEY, err, sizeof err))
			fail_msg("lat_save: %s", err);
		lat_free(&l);
	}
	snprintf(path, sizeof path, "%s/latency/%s.histo", dir, STEM);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	histo *h = histo_new_latency();
	assert_true(histo_read_raw(h, f, err, sizeof err));
	fclose(f);
	assert_int_equal(histo_count(h), 3000);
	assert_int_equal(histo_min(h), 1000);
	assert_int_equal(histo_max(h), 1000002);

	snprintf(path, sizeof path, "%s/latency/%s.hgrm", dir, STEM);
	char *txt = slurp(path);
	assert_non_null(strstr(txt, "Total count    =         3000]"));
	assert_non_null(strstr(txt, "#[Max     =     1000.447,")); /* us; bucket top */
	free(txt);

	/* A damaged raw file: refused with the path named, nothing rewritten. */
	snprintf(path, sizeof path, "%s/latency/%s.histo", dir, STEM);
	f = fopen(path, "a");
	fputs("99999999 5\n", f);
	fclose(f);
	lat_rec l = {0};
	assert_true(lat_init(&l));
	lat_record(&l, 7);
	lat_end_rep(&l, true);
	assert_false(lat_save(&l, dir, KEY, err, sizeof err));
	assert_non_null(strstr(err, ".histo"));
	assert_non_null(strstr(err, "damaged"));
	lat_free(&l);
	histo_free(h);

	resfix_rmrf(dir);
	assert_int_equal(access(dir, F_OK), -1); /* removed */
}

static void test_raw_round_trip(void **unused)
{
	(void)unused;
	histo *a = histo_new_latency(), *b = histo_new_latency();
	for (uint64_t v = 1; v < 5000000; v = v * 5 / 4 + 3)
		histo_record_n(a, v, v % 7 + 1);
	histo_record(a, HISTO_HIGHEST_NS + 1);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(histo_write_raw(a, f), 0);
	fclose(f);
	f = fmemopen(buf, len, "r");
	char err[200];
	assert_true(histo_read_raw(b, f, err, sizeof err));
	fclose(f);
	assert_memory_equal(a->counts, b->counts, (size_t)a->counts_len * sizeof *a->counts);
	assert_int_equal(a->total, b->total);
	assert_int_equal(a->overflow, b->overflow);
	assert_int_equal(a->min, b->min);
	assert_int_equal(a->max, b->max);
	assert_true(a->sum == b->sum);
	/* Another layout is refused. */
	histo *c = histo_new(1u << 20, 2);
	f = fmemopen(buf, len, "r");
	assert_false(histo_read_raw(c, f, err, sizeof err));
	assert_non_null(strstr(err, "layout"));
	fclose(f);
	free(buf);
	histo_free(a);
	histo_free(b);
	histo_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stem),
	    cmocka_unit_test(test_only_kept_repetitions_count),
	    cmocka_unit_test(test_rounds_add_up),
	    cmocka_unit_test(test_raw_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
