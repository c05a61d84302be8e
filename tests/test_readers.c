/*
 * test_readers.c — the readers of a results directory (csv_read, json_read,
 * hgrm_read, c2c_read) on good input, on each kind of damage a hand edit or a
 * truncation makes (clear error naming the line), and under a deterministic
 * mutation fuzzer (no crash, no leak under ASan, invariants hold on success).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/base/splitmix.h"
#include "../harness/results/read/c2c_read.h"
#include "../harness/base/format/csv_read.h"
#include "../harness/results/read/hgrm_read.h"
#include "../harness/base/format/json_read.h"

static bool parse(const char *s, csvr_table *t, char *err)
{
	return csvr_parse(s, strlen(s), t, err, 300);
}

static void csv_good(void **state)
{
	(void)state;
	csvr_table t;
	char err[300];
	const char *s = "a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\n\n2,,\"multi\nline\"\n";
	assert_true(parse(s, &t, err));
	assert_int_equal(t.ncols, 3);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.header[2], "c");
	assert_string_equal(csvr_cell(&t, 0, 1), "x,y");
	assert_string_equal(csvr_cell(&t, 0, 2), "say \"hi\"");
	assert_string_equal(csvr_cell(&t, 1, 1), "");
	assert_string_equal(csvr_cell(&t, 1, 2), "multi\nline");
	assert_int_equal(t.line[0], 2);
	assert_int_equal(t.line[1], 4); /* line 3 was blank */
	assert_int_equal(csvr_col(&t, "b"), 1);
	assert_int_equal(csvr_col(&t, "zz"), -1);
	assert_string_equal(csvr_cell(&t, 0, -1), "");
	assert_string_equal(csvr_cell(&t, 9, 0), "");
	csvr_free(&t);
	assert_true(parse("only,header\n", &t, err));
	assert_int_equal(t.nrows, 0);
	csvr_free(&t);
	double v;
	assert_true(csvr_double(" 1.5e3 ", &v));
	assert_float_equal(v, 1500, 0);
	assert_false(csvr_double("", &v));
	assert_false(csvr_double("nan", &v));
	assert_false(csvr_double("inf", &v));
	assert_false(csvr_double("12abc", &v));
}

/* A BOM (spreadsheets write one) is skipped and CRLF read as LF: the header's
 * first name stays `schema`, no cell keeps a CR. */
static void csv_bom_and_crlf(void **state)
{
	(void)state;
	csvr_table t;
	char err[300];
	const char *s = "\xEF\xBB\xBFschema,key,note\r\n2,a,\"x\"\r\n2,b,\r\n";
	assert_true(parse(s, &t, err));
	assert_string_equal(t.header[0], "schema");
	assert_string_equal(t.header[2], "note");
	assert_int_equal(t.nrows, 2);
	assert_string_equal(csvr_cell(&t, 0, 2), "x");
	assert_string_equal(csvr_cell(&t, 1, 2), "");
	csvr_free(&t);
	jsonr_doc d;
	const char *j =
	    "\xEF\xBB\xBF{\r\n  \"seed\": 123456789012345,\r\n  \"rows\": {\"runs.csv\": "
	    "3}\r\n}\r\n";
	assert_true(jsonr_parse(j, strlen(j), &d, err, sizeof err));
	assert_string_equal(jsonr_get(&d, "seed"), "123456789012345");
	assert_string_equal(jsonr_get(&d, "rows.runs.csv"), "3");
	jsonr_free(&d);
}

static void csv_expect_error(const char *s, const char *needle)
{
	csvr_table t;
	char err[300] = "";
	assert_false(csvr_parse(s, strlen(s), &t, err, sizeof err));
	if (!strstr(err, needle))
		fail_msg("error '%s' lacks '%s'", err, needle);
	assert_null(t.cells);
}

static void csv_damage(void **state)
{
	(void)state;
	csv_expect_error("", "line 1: empty file");
	csv_expect_error("\n\n", "empty file");
	csv_expect_error("a,b\n1,2\n3\n", "line 3: 1 fields, the header has 2");
	csv_expect_error("a,b\n1,2\n3,4,5\n", "line 3: 3 fields");
	csv_expect_error("a,b\n1,2\n3,4", "line 3: last line has no newline");
	csv_expect_error("a,b\n1,\"2\n", "line 2: quoted field never closed");
	csv_expect_error("a,b\n1,\"2\"x\n", "line 2: text after a closing quote");
	csv_expect_error("a,b\n1,2\"x\n", "line 2: quote inside an unquoted field");
	csv_expect_error("a,a\n", "column 'a' appears twice");
	csv_expect_error("a,,c\n", "header column 2 has no name");
	const char nul[] = "a,b\n1,\0\n";
	csvr_table t;
	char err[300];
	assert_false(csvr_parse(nul, sizeof nul - 1, &t, err, sizeof err));
	assert_non_null(strstr(err, "line 2: NUL byte"));
	assert_false(csvr_load("/nonexistent/runs.csv", &t, err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent/runs.csv"));
}

/* Mutates src into dst (at most cap bytes): flips, inserts of the characters the
 * parsers care about, deletions, truncation. Returns the new length. The seed
 * drives splitmix64, so a failure reproduces. */
static size_t mutate(const char *src, size_t len, char *dst, size_t cap, uint64_t *seed)
{
	static const char special[] = ",\"\n\r\\{}[]:#.-e0 \t";
	size_t n = len < cap ? len : cap;
	memcpy(dst, src, n);
	int edits = 1 + (int)(splitmix64(seed) % 6);
	for (int e = 0; e < edits && n > 0; e++) {
		size_t at = splitmix64(seed) % n;
		switch (splitmix64(seed) % 5) {
		case 0:
			dst[at] = (char)splitmix64(seed);
			break;
		case 1:
			dst[at] = special[splitmix64(seed) % (sizeof special - 1)];
			break;
		case 2:
			if (n < cap) {
				memmove(dst + at + 1, dst + at, n - at);
				dst[at] = special[splitmix64(seed) % (sizeof special - 1)];
				n++;
			}
			break;
		case 3:
			memmove(dst + at, dst + at + 1, n - at - 1);
			n--;
			break;
		default:
			n = at;
			break;
		}
	}
	return n;
}

static const char runs_sample[] =
    "schema,key,workload,runtime,chan,threads,placement,ns_per_op,instructions/op\n"
    "1,pingpong/runtime=gmp/chan=go/threads=1/placement=none,pingpong,gmp,go,1,none,150.5,\n"
    "1,\"pingpong/runtime=gmp/chan=go/threads=1/placement=none\",pingpong,gmp,go,1,none,"
    "151,1200\n";

static void csv_fuzz(void **state)
{
	(void)state;
	uint64_t seed = 1;
	char buf[sizeof runs_sample + 16], err[300];
	for (int i = 0; i < 30000; i++) {
		size_t n = mutate(runs_sample, sizeof runs_sample - 1, buf, sizeof buf, &seed);
		csvr_table t;
		if (csvr_parse(buf, n, &t, err, sizeof err)) {
			assert_true(t.ncols > 0);
			for (int r = 0; r < t.nrows; r++)
				for (int c = 0; c < t.ncols; c++)
					assert_non_null(csvr_cell(&t, r, c));
			csvr_free(&t);
		} else {
			assert_true(strlen(err) > 0);
		}
	}
	/* every truncation of a valid file: an error or (at a row boundary) fewer rows */
	for (size_t cut = 0; cut < sizeof runs_sample - 1; cut++) {
		csvr_table t;
		bool ok = csvr_parse(runs_sample, cut, &t, err, sizeof err);
		assert_true(ok == (cut > 0 && runs_sample[cut - 1] == '\n'));
		if (ok)
			csvr_free(&t);
	}
}

static void json_good(void **state)
{
	(void)state;
	const char *s =
	    "{\"host\": \"box\", \"n\": -1.5e3, \"ok\": true, \"none\": null,\n"
	    " \"cpu\": {\"model\": \"A \\\"B\\\" \\u00b5\\ud83d\\ude00\", \"pus\": [0, 1]},"
	    " \"empty\": {}, \"list\": []}";
	jsonr_doc d;
	char err[300];
	assert_true(jsonr_parse(s, strlen(s), &d, err, sizeof err));
	assert_string_equal(jsonr_get(&d, "host"), "box");
	assert_string_equal(jsonr_get(&d, "n"), "-1.5e3");
	assert_string_equal(jsonr_get(&d, "ok"), "true");
	assert_string_equal(jsonr_get(&d, "none"), "null");
	assert_string_equal(jsonr_get(&d, "cpu.model"), "A \"B\" \xc2\xb5\xf0\x9f\x98\x80");
	assert_string_equal(jsonr_get(&d, "cpu.pus[1]"), "1");
	assert_null(jsonr_get(&d, "empty"));
	assert_int_equal(d.npairs, 7);
	assert_true(d.pairs[0].is_string);
	assert_false(d.pairs[1].is_string);
	jsonr_free(&d);
}

static void json_expect_error(const char *s, const char *needle)
{
	jsonr_doc d;
	char err[300] = "";
	assert_false(jsonr_parse(s, strlen(s), &d, err, sizeof err));
	if (!strstr(err, needle))
		fail_msg("error '%s' lacks '%s'", err, needle);
	assert_int_equal(d.npairs, 0);
}

static void json_damage(void **state)
{
	(void)state;
	json_expect_error("", "value missing");
	json_expect_error("{\"a\": 1", "expected ',' or '}'");
	json_expect_error("{\"a\": \"x", "string never closed");
	json_expect_error("{\"a\"\n: tru}", "line 2: malformed number or word");
	json_expect_error("{\"a\": \"\\q\"}", "unknown escape");
	json_expect_error("{\"a\": \"\\u12\"}", "bad hex digit");
	json_expect_error("{\"a\": 1} x", "text after the end");
	json_expect_error("{a: 1}", "expected a quoted key");
	json_expect_error("[nan]", "malformed number");
	char deep[200];
	memset(deep, '[', 100);
	deep[100] = '\0';
	json_expect_error(deep, "nested too deeply");
}

static void json_fuzz(void **state)
{
	(void)state;
	static const char doc[] = "{\"host\": \"a\\u00b5\", \"x\": [1, -2.5e3, {\"y\": null}], "
	                          "\"t\": true}";
	uint64_t seed = 2;
	char buf[sizeof doc + 16], err[300];
	for (int i = 0; i < 30000; i++) {
		size_t n = mutate(doc, sizeof doc - 1, buf, sizeof buf, &seed);
		jsonr_doc d;
		if (jsonr_parse(buf, n, &d, err, sizeof err)) {
			for (int k = 0; k < d.npairs; k++)
				assert_non_null(d.pairs[k].value);
			jsonr_free(&d);
		}
	}
}

static const char hgrm_sample[] = "       Value     Percentile TotalCount 1/(1-Percentile)\n\n"
                                  "      81.000 0.000000000000          1           1.00\n"
                                  "     100.000 0.500000000000       5000           2.00\n"
                                  "     150.000 0.990000000000       9900         100.00\n"
                                  "    1203.000 1.000000000000      10000\n"
                                  "#[Mean    =      102.310, StdDeviation   =       20.110]\n"
                                  "#[Max     =     1203.000, Total count    =        10000]\n"
                                  "#[Buckets =           22, SubBuckets     =         2048]\n";

static void hgrm_good_and_bad(void **state)
{
	(void)state;
	hgrm_file h;
	memset(&h, 0, sizeof h);
	char err[300];
	assert_true(hgrm_parse(hgrm_sample, sizeof hgrm_sample - 1, &h, err, sizeof err));
	assert_int_equal(h.npts, 4);
	assert_float_equal(h.pts[2].inv, 100, 1e-9);
	assert_true(isinf(h.pts[3].inv));
	assert_float_equal(h.mean, 102.31, 1e-9);
	assert_float_equal(h.max, 1203, 0);
	assert_int_equal(h.total, 10000);
	assert_float_equal(hgrm_value_at(&h, 0.99), 150, 0);
	assert_float_equal(hgrm_value_at(&h, 0.5), 100, 0);
	hgrm_free(&h);
	const char *bad[] = {"",           "Value Percentile\n", "1 2\n", "10 0.5 3\n9 0.4 4\n",
	                     "10 1.5 3\n", "abc 0.5 1 2\n"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_false(hgrm_parse(bad[i], strlen(bad[i]), &h, err, sizeof err));
		assert_true(strlen(err) > 0);
	}
	uint64_t seed = 3;
	char buf[sizeof hgrm_sample + 16];
	for (int i = 0; i < 20000; i++) {
		size_t n = mutate(hgrm_sample, sizeof hgrm_sample - 1, buf, sizeof buf, &seed);
		if (hgrm_parse(buf, n, &h, err, sizeof err)) {
			assert_true(h.npts >= 1);
			hgrm_free(&h);
		}
	}
}

static void c2c_shapes(void **state)
{
	(void)state;
	csvr_table t;
	c2c_matrix m;
	char err[300];
	const char *lng = "from,to,min_ns,median_ns\n0,1,40,45.5\n1,0,41,46\n0,2,90,95\n";
	assert_true(parse(lng, &t, err));
	assert_true(c2c_from_table(&t, &m, err, sizeof err));
	assert_int_equal(m.npu, 3);
	assert_string_equal(m.metric, "median_ns");
	assert_float_equal(c2c_at(&m, 0, 1), 45.5, 0);
	assert_float_equal(c2c_at(&m, 0, 2), 95, 0);
	assert_true(isnan(c2c_at(&m, 2, 0)));
	assert_true(isnan(c2c_at(&m, 7, 0)));
	c2c_free(&m);
	csvr_free(&t);
	const char *sq = "pu,0,2\n0,,50\n2,51,\n";
	assert_true(parse(sq, &t, err));
	assert_true(c2c_from_table(&t, &m, err, sizeof err));
	assert_int_equal(m.npu, 2);
	assert_float_equal(c2c_at(&m, 2, 0), 51, 0);
	assert_true(isnan(c2c_at(&m, 0, 0)));
	c2c_free(&m);
	csvr_free(&t);
	const char *bad[] = {"from,to,ns\nx,1,3\n", "pu,0,zz\n0,1,2\n", "from,to,ns\n0,1,-4\n",
	                     "only\n1\n"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_true(parse(bad[i], &t, err));
		assert_false(c2c_from_table(&t, &m, err, sizeof err));
		csvr_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(csv_good),         cmocka_unit_test(csv_damage),
	    cmocka_unit_test(csv_bom_and_crlf), cmocka_unit_test(csv_fuzz),
	    cmocka_unit_test(json_good),        cmocka_unit_test(json_damage),
	    cmocka_unit_test(json_fuzz),        cmocka_unit_test(hgrm_good_and_bad),
	    cmocka_unit_test(c2c_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
