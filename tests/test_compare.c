/*
 * test_compare.c — loading results directories (results_read.h) and comparing
 * them (compare.h) on synthetic directories: equal, clearly faster, noisy; one
 * directory split --by a key field (Go's go-native paired like for like with
 * the C runtimes' go variant); and every kind of bad input, which must give
 * one error line naming the file (and line) rather than a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/report/compare.h"
#include "../harness/results/read/results_read.h"
#include "support/resfix.h"

#define N 15

/* Writes a directory with pingpong and yield on one runtime, samples centred on
 * the given values with the given relative spread. */
static char *make_dir(const char *host, double pingpong, double yield, double spread, unsigned seed,
                      int n)
{
	static double a[N], b[N];
	resfix_samples(a, n, pingpong, spread, seed);
	resfix_samples(b, n, yield, spread, seed + 1000);
	resfix_cfg c[] = {
	    {"pingpong", "gmp", "go", 1, "none", a, n, false},
	    {"yield", "gmp", "-", 1, "none", b, n, false},
	};
	char *d = resfix_tmpdir();
	assert_non_null(d);
	assert_true(resfix_write(d, host, c, 2));
	return d;
}

static char *print_table(const cmp_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	compare_print(f, t);
	fclose(f);
	return buf;
}

static void compare_dirs(const char *a, const char *b, cmp_table *t)
{
	static rr_dir da, db;
	char err[RR_ERR_LEN];
	assert_true(results_load(a, &da, err, sizeof err));
	assert_true(results_load(b, &db, err, sizeof err));
	cmp_spec spec = {.metric = "ns_per_op", .alpha = 0.05};
	if (!compare_build(&da, &db, &spec, t, err, sizeof err))
		fail_msg("%s", err);
	results_free(&da);
	results_free(&db);
}

static void equal_is_not_significant(void **state)
{
	(void)state;
	char *a = make_dir("h1", 150, 9, 0.03, 1, N), *b = make_dir("h2", 150, 9, 0.03, 2, N);
	cmp_table t;
	compare_dirs(a, b, &t);
	assert_int_equal(t.nrows, 2);
	for (int i = 0; i < 2; i++) {
		assert_false(t.rows[i].significant);
		assert_true(t.rows[i].ratio.lo < 1 && t.rows[i].ratio.hi > 1);
		assert_int_equal(t.rows[i].a.n, N);
	}
	assert_string_equal(t.rows[0].key, "pingpong/runtime=gmp/chan=go/threads=1/placement=none");
	char *out = print_table(&t);
	assert_non_null(strstr(out, "~"));
	assert_non_null(strstr(out, "geomean"));
	assert_non_null(strstr(out, "(host h1"));
	free(out);
	compare_free(&t);
	resfix_rmrf(a);
	resfix_rmrf(b);
	free(a);
	free(b);
}

static void clearly_faster(void **state)
{
	(void)state;
	char *a = make_dir("h", 150, 9, 0.02, 1, N), *b = make_dir("h", 75, 4.5, 0.02, 2, N);
	cmp_table t;
	compare_dirs(a, b, &t);
	for (int i = 0; i < 2; i++) {
		const cmp_row *r = &t.rows[i];
		assert_true(r->significant);
		assert_true(r->mw.exact);    /* 15+15, no ties */
		assert_true(r->mw.p < 1e-6); /* complete separation: 2/C(30,15) = 1.3e-8 */
		assert_float_equal(r->ratio.ratio, 0.5, 0.02);
		assert_true(r->ratio.hi < 1);
	}
	assert_float_equal(t.geo_b / t.geo_a, 0.5, 0.02);
	char *out = print_table(&t);
	assert_non_null(strstr(out, "-50")); /* delta about -50% */
	free(out);
	/* CSV output: one header, two rows, the geomean */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	compare_print_csv(f, &t);
	fclose(f);
	int lines = 0;
	for (char *p = buf; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 4);
	free(buf);
	compare_free(&t);
	resfix_rmrf(a);
	resfix_rmrf(b);
	free(a);
	free(b);
}

static void noisy_is_not_significant(void **state)
{
	(void)state;
	/* 10% apart under +-40% noise with 5 reps a side: not enough evidence */
	char *a = make_dir("h", 150, 9, 0.4, 3, 5), *b = make_dir("h", 135, 8.1, 0.4, 4, 5);
	cmp_table t;
	compare_dirs(a, b, &t);
	for (int i = 0; i < 2; i++) {
		assert_false(t.rows[i].significant);
		assert_true(t.rows[i].can_detect);   /* 5+5 could reach p < 0.05 ... */
		assert_true(t.rows[i].mw.p >= 0.05); /* ... but this data does not */
		assert_true(t.rows[i].a.unstable);   /* and the flag says why */
	}
	compare_free(&t);
	resfix_rmrf(a);
	resfix_rmrf(b);
	free(a);
	free(b);
}

static void by_runtime_in_one_dir(void **state)
{
	(void)state;
	double pt[N], gm[N], other[N];
	resfix_samples(pt, N, 11000, 0.05, 5);
	resfix_samples(gm, N, 150, 0.05, 6);
	resfix_samples(other, N, 300, 0.05, 7);
	resfix_cfg c[] = {
	    {"pingpong", "pthread", "go", 1, "none", pt, N, false},
	    {"pingpong", "gmp", "go", 1, "none", gm, N, false},
	    {"ring", "gmp", "go", 1, "none", other, N, false}, /* no pthread partner */
	};
	char *d = resfix_tmpdir();
	assert_true(resfix_write(d, "h", c, 3));
	static rr_dir dd;
	char err[RR_ERR_LEN];
	assert_true(results_load(d, &dd, err, sizeof err));
	cmp_spec spec = {.metric = "ns_per_op",
	                 .by_field = "runtime",
	                 .by_a = "pthread",
	                 .by_b = "gmp",
	                 .alpha = 0.05};
	cmp_table t;
	assert_true(compare_build(&dd, NULL, &spec, &t, err, sizeof err));
	assert_int_equal(t.nrows, 1);
	assert_string_equal(t.rows[0].key, "pingpong/chan=go/threads=1/placement=none");
	assert_true(t.rows[0].significant);
	assert_float_equal(t.rows[0].ratio.ratio, 150.0 / 11000, 0.002);
	assert_int_equal(t.only_b, 1); /* ring on gmp had no pthread partner */
	char *out = print_table(&t);
	assert_non_null(strstr(out, "runtime=pthread in"));
	assert_non_null(strstr(out, "of B without a partner"));
	free(out);
	compare_free(&t);
	/* a field value that matches nothing: an error naming it */
	spec.by_b = "nosuch";
	assert_false(compare_build(&dd, NULL, &spec, &t, err, sizeof err));
	assert_non_null(strstr(err, "runtime=nosuch"));
	/* an unknown metric: an error listing what exists */
	spec.by_b = "gmp";
	spec.metric = "cycles/op";
	assert_false(compare_build(&dd, NULL, &spec, &t, err, sizeof err));
	assert_non_null(strstr(err, "available: ns_per_op"));
	results_free(&dd);
	resfix_rmrf(d);
	free(d);
}

/* --by runtime=gmp,go pairs like for like (pairing.h): gmp/chan=go with Go's
 * chan=go-native, gmp/chan=- (a workload without channels) with go-native too;
 * gmp/mutex has no partner on Go. The other way round pairs the same rows. A
 * field that no key has is an error naming it. */
static void by_runtime_pairs_go_native(void **state)
{
	(void)state;
	double gm[N], gy[N], mx[N], go[N], goy[N];
	resfix_samples(gm, N, 150, 0.05, 11);
	resfix_samples(gy, N, 9, 0.05, 12);
	resfix_samples(mx, N, 120, 0.05, 13);
	resfix_samples(go, N, 300, 0.05, 14);
	resfix_samples(goy, N, 50, 0.05, 15);
	resfix_cfg c[] = {
	    {"pingpong", "gmp", "go", 1, "none", gm, N, false},
	    {"pingpong", "gmp", "mutex", 1, "none", mx, N, false},
	    {"yield", "gmp", "-", 1, "none", gy, N, false},
	    {"pingpong", "go", "go-native", 1, "none", go, N, false},
	    {"yield", "go", "go-native", 1, "none", goy, N, false},
	};
	char *d = resfix_tmpdir();
	assert_true(resfix_write(d, "h", c, 5));
	static rr_dir dd;
	char err[RR_ERR_LEN];
	assert_true(results_load(d, &dd, err, sizeof err));
	cmp_spec spec = {.metric = "ns_per_op",
	                 .by_field = "runtime",
	                 .by_a = "gmp",
	                 .by_b = "go",
	                 .alpha = 0.05};
	cmp_table t;
	if (!compare_build(&dd, NULL, &spec, &t, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[0].key, "pingpong/chan=go/threads=1/placement=none");
	assert_string_equal(t.rows[1].key, "yield/chan=-/threads=1/placement=none");
	assert_float_equal(t.rows[0].ratio.ratio, 300.0 / 150, 0.05);
	assert_int_equal(t.only_a, 1); /* gmp/mutex: Go has no mutex variant */
	assert_int_equal(t.paired_native, 2);
	char *out = print_table(&t);
	assert_non_null(strstr(out, "pair Go's own channels (chan=go-native)"));
	free(out);
	compare_free(&t);
	/* the other way round: go-native finds chan=go, then chan=- */
	spec.by_a = "go";
	spec.by_b = "gmp";
	if (!compare_build(&dd, NULL, &spec, &t, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(t.nrows, 2);
	assert_float_equal(t.rows[0].ratio.ratio, 150.0 / 300, 0.05);
	compare_free(&t);
	/* an unknown field names itself and the fields there are */
	spec.by_field = "rt";
	assert_false(compare_build(&dd, NULL, &spec, &t, err, sizeof err));
	assert_non_null(strstr(err, "--by rt: no such field"));
	assert_non_null(strstr(err, "runtime, chan, threads, placement"));
	results_free(&dd);
	resfix_rmrf(d);
	free(d);
}

static void no_configuration_in_common(void **state)
{
	(void)state;
	double x[N];
	resfix_samples(x, N, 100, 0.02, 8);
	resfix_cfg ca[] = {{"pingpong", "gmp", "go", 1, "none", x, N, false}};
	resfix_cfg cb[] = {{"pingpong", "gmp", "go", 2, "none", x, N, false}};
	char *a = resfix_tmpdir(), *b = resfix_tmpdir();
	assert_true(resfix_write(a, "h", ca, 1));
	assert_true(resfix_write(b, "h", cb, 1));
	static rr_dir da, db;
	char err[RR_ERR_LEN];
	assert_true(results_load(a, &da, err, sizeof err));
	assert_true(results_load(b, &db, err, sizeof err));
	cmp_spec spec = {.metric = "ns_per_op", .alpha = 0.05};
	cmp_table t;
	assert_false(compare_build(&da, &db, &spec, &t, err, sizeof err));
	assert_non_null(strstr(err, "no configuration in common"));
	assert_non_null(strstr(err, "threads=2"));
	results_free(&da);
	results_free(&db);
	resfix_rmrf(a);
	resfix_rmrf(b);
	free(a);
	free(b);
}

/* Loads dir and expects an error containing needle. */
static void expect_load_error(const char *dir, const char *needle)
{
	static rr_dir d;
	char err[RR_ERR_LEN] = "";
	assert_false(results_load(dir, &d, err, sizeof err));
	if (!strstr(err, needle))
		fail_msg("error '%s' lacks '%s'", err, needle);
	assert_int_equal(d.nruns, 0);
}

static const char header[] =
    "schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,n_requested,n,"
    "size_reduced,round,rep,elapsed_ns,ns_per_op,ops_per_sec,migrated\n";
static const char row[] = "1,yield/runtime=gmp/chan=-/threads=1/placement=none,yield,gmp,-,1,"
                          "none,,,n=100,100,100,0,0,1,900,9,1.1e8,\n";

static void bad_directories(void **state)
{
	(void)state;
	char *d = resfix_tmpdir();
	char path[600], text[2000];
	expect_load_error("/nonexistent/results", "no such results directory");
	snprintf(path, sizeof path, "%s/runs.csv", d);
	expect_load_error(d, "runs.csv: missing");
	assert_true(resfix_file(d, "runs.csv", header));
	expect_load_error(d, "no measured repetitions");
	snprintf(text, sizeof text, "%s%s%.*s", header, row, 40, row); /* truncated */
	assert_true(resfix_file(d, "runs.csv", text));
	expect_load_error(d, "runs.csv: line 3:");
	snprintf(text, sizeof text, "%s%s1,a,b,c,d,1,none,,,,1,1,0,0,1,9,abc,1,\n", header, row);
	assert_true(resfix_file(d, "runs.csv", text));
	expect_load_error(d, "line 3: column ns_per_op: 'abc' is not a positive number");
	snprintf(text, sizeof text, "%s3%s", header, row + 1); /* schema 3: not yet */
	assert_true(resfix_file(d, "runs.csv", text));
	expect_load_error(d, "schema");
	snprintf(text, sizeof text, "%s%s2%s", header, row, row + 1); /* 1 and 2 mixed */
	assert_true(resfix_file(d, "runs.csv", text));
	expect_load_error(d, "differs from the rows above");
	snprintf(text, sizeof text, "key,ns_per_op\nx,1\n");
	assert_true(resfix_file(d, "runs.csv", text));
	expect_load_error(d, "no 'workload' column");
	snprintf(text, sizeof text, "%s%s", header, row);
	assert_true(resfix_file(d, "runs.csv", text));
	assert_true(resfix_file(d, "env.json", "{\"host\": \"x\""));
	expect_load_error(d, "env.json: line 1:");
	assert_true(resfix_file(d, "env.json", "{\"host\": \"box\"}\n"));
	assert_true(resfix_file(d, "summary.csv",
	                        "key,metric,n,median,ci_low,ci_high\nk,ns_per_op,5,9,10,11\n"));
	expect_load_error(d, "summary.csv: line 2: column median");
	assert_true(resfix_file(d, "summary.csv",
	                        "key,metric,n,median,ci_low,ci_high\nk,ns_per_op,5,9,8,10\n"));
	assert_true(resfix_file(d, "latency/pingpong.hgrm", "garbage\n"));
	expect_load_error(d, "latency/pingpong.hgrm: line 1");
	assert_true(resfix_file(d, "latency/pingpong.hgrm", "10 0.5 3 2\n20 1 6\n"));
	assert_true(resfix_file(d, "c2c.csv", "from,to,ns\n0,1,x\n"));
	expect_load_error(d, "c2c.csv: line 2");
	assert_true(resfix_file(d, "c2c.csv", "from,to,ns\n0,1,45\n"));
	static rr_dir ok;
	char err[RR_ERR_LEN];
	if (!results_load(d, &ok, err, sizeof err))
		fail_msg("%s", err);
	assert_string_equal(ok.host, "box");
	assert_int_equal(ok.nruns, 1);
	assert_int_equal(ok.nsummary, 1);
	assert_int_equal(ok.nhgrm, 1);
	assert_int_equal(ok.c2c.npu, 2);
	results_free(&ok);
	resfix_rmrf(d);
	free(d);
}

/* Schema 2 reads as schema 1 did, with its new columns; a runs.csv with fewer
 * rows than env.json records was cut (a whole row gone looks like a shorter
 * file); more are accepted only while the run is not complete. */
static void schema_2_and_row_counts(void **state)
{
	(void)state;
	char *d = resfix_tmpdir();
	char text[2000];
	static rr_dir ok;
	char err[RR_ERR_LEN];
	const char *h2 = "schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,"
	                 "param:n,n_requested,n,size_reduced,round,rep,elapsed_ns,cpu_ns,ns_per_op,"
	                 "ops_per_sec,migrated\n";
	const char *r2 = "2,yield/runtime=gmp/chan=-/threads=1/placement=none,yield,gmp,-,1,none,,,"
	                 "n=100,100,100,100,0,0,1,900,1500,9,1.1e8,\n";
	snprintf(text, sizeof text, "%s%s%s", h2, r2, r2);
	assert_true(resfix_file(d, "runs.csv", text));
	assert_true(resfix_file(
	    d, "summary.csv",
	    "schema,key,metric,unit,reps,median,ci_low,ci_high,interval,outliers_low_mild,"
	    "outliers_low_severe,outliers_high_mild,outliers_high_severe,rounds,failed_rounds\n"
	    "2,k,ns_per_op,ns,2,9,8,10,minmax,0,0,1,0,2,1\n"));
	assert_true(resfix_file(d, "env.json",
	                        "{\"complete\": \"yes\", \"rows\": {\"runs.csv\": 2, "
	                        "\"summary.csv\": 1}}\n"));
	if (!results_load(d, &ok, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(ok.schema, 2);
	assert_int_equal(ok.nruns, 2);
	assert_float_equal(ok.runs[0].cpu_ns, 1500, 0);
	assert_int_equal(ok.summary[0].n, 2);
	assert_string_equal(ok.summary[0].interval, "minmax");
	assert_int_equal(ok.summary[0].outlier_counts[2], 1);
	assert_int_equal(ok.summary[0].rounds, 2);
	assert_int_equal(ok.summary[0].failed_rounds, 1);
	results_free(&ok);
	/* a whole row fewer than env.json records: cut */
	snprintf(text, sizeof text, "%s%s", h2, r2);
	assert_true(resfix_file(d, "runs.csv", text));
	expect_load_error(d, "runs.csv: 1 rows, env.json records 2: the file was cut");
	/* more rows than a complete run recorded: added later */
	snprintf(text, sizeof text, "%s%s%s%s", h2, r2, r2, r2);
	assert_true(resfix_file(d, "runs.csv", text));
	expect_load_error(d, "added after the run completed");
	/* ... but a run stopped between its writes may have them */
	assert_true(
	    resfix_file(d, "env.json", "{\"complete\": \"no\", \"rows\": {\"runs.csv\": 2}}\n"));
	if (!results_load(d, &ok, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(ok.nruns, 3);
	results_free(&ok);
	/* schema 1's summary: n and packed outliers, read into the same fields */
	assert_true(resfix_file(d, "summary.csv",
	                        "schema,key,metric,n,median,ci_low,ci_high,outliers,note\n"
	                        "1,k,ns_per_op,4,9,8,10,0:1:2:0,ci=min..max (n<6)\n"));
	assert_true(resfix_file(d, "env.json", "{\"host\": \"box\"}\n"));
	if (!results_load(d, &ok, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(ok.summary[0].n, 4);
	assert_string_equal(ok.summary[0].interval, "minmax");
	assert_int_equal(ok.summary[0].outlier_counts[1], 1);
	assert_int_equal(ok.summary[0].outlier_counts[2], 2);
	assert_int_equal(ok.summary[0].failed_rounds, -1);
	results_free(&ok);
	resfix_rmrf(d);
	free(d);
}

/* Every truncation of a real runs.csv either loads (cut at a row end) or fails
 * with a message naming runs.csv — never crashes. */
static void truncations(void **state)
{
	(void)state;
	char *d = resfix_tmpdir();
	char text[2000], cut[2000];
	snprintf(text, sizeof text, "%s%s%s", header, row, row);
	size_t len = strlen(text);
	for (size_t n = 0; n < len; n += 3) {
		memcpy(cut, text, n);
		cut[n] = '\0';
		assert_true(resfix_file(d, "runs.csv", cut));
		static rr_dir r;
		char err[RR_ERR_LEN];
		if (results_load(d, &r, err, sizeof err))
			results_free(&r);
		else
			assert_non_null(strstr(err, "runs.csv"));
	}
	resfix_rmrf(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(equal_is_not_significant),
	    cmocka_unit_test(clearly_faster),
	    cmocka_unit_test(noisy_is_not_significant),
	    cmocka_unit_test(by_runtime_in_one_dir),
	    cmocka_unit_test(by_runtime_pairs_go_native),
	    cmocka_unit_test(no_configuration_in_common),
	    cmocka_unit_test(bad_directories),
	    cmocka_unit_test(truncations),
	    cmocka_unit_test(schema_2_and_row_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
