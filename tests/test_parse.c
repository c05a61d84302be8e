/* test_parse.c — command-line value parsing (harness/cli/parse.h, run_options.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/base/parse.h"
#include "../harness/cli/run/run_options.h"

static void ints_and_suffixes(void **state)
{
	(void)state;
	char err[PARSE_ERR_LEN];
	int64_t v;
	assert_true(parse_int("42", 1, 100, "-n", &v, err, sizeof err));
	assert_int_equal(v, 42);
	assert_true(parse_int("10k", 1, INT64_MAX, "-n", &v, err, sizeof err));
	assert_int_equal(v, 10000);
	assert_true(parse_int("2M", 1, INT64_MAX, "-n", &v, err, sizeof err));
	assert_int_equal(v, 2000000);
	assert_true(parse_int("1e6", 1, INT64_MAX, "-n", &v, err, sizeof err));
	assert_int_equal(v, 1000000);
	assert_true(parse_int("2.5e3", 1, INT64_MAX, "-n", &v, err, sizeof err));
	assert_int_equal(v, 2500);
	assert_true(parse_int("-3", -5, 5, "x", &v, err, sizeof err));
	assert_int_equal(v, -3);
}

static void bad_ints_name_the_value(void **state)
{
	(void)state;
	char err[PARSE_ERR_LEN];
	int64_t v;
	const char *bad[] = {
	    "",    "abc", "0", "-1", "1e99", "1.5", "12x", "1e", "k", "--1", "99999999999999999999",
	    "1kk", " 1",  "1 "};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(parse_int(bad[i], 1, 1000000000000LL, "-n", &v, err, sizeof err));
		assert_non_null(strstr(err, "-n"));
		if (bad[i][0] && bad[i][0] != ' ')
			assert_non_null(strstr(err, bad[i]));
	}
}

static void lists(void **state)
{
	(void)state;
	char err[PARSE_ERR_LEN];
	char **items;
	int n;
	assert_true(parse_list("a,bb,c", "-w", &items, &n, err, sizeof err));
	assert_int_equal(n, 3);
	assert_string_equal(items[1], "bb");
	parse_list_free(items, n);
	assert_false(parse_list("a,,b", "-w", &items, &n, err, sizeof err));
	assert_non_null(strstr(err, "empty item"));
	assert_false(parse_list("a,b,a", "-w", &items, &n, err, sizeof err));
	assert_non_null(strstr(err, "twice"));
	assert_false(parse_list("", "-w", &items, &n, err, sizeof err));
	assert_false(parse_list("a,", "-w", &items, &n, err, sizeof err));
	int64_t *vals;
	assert_true(parse_int_list("1,2,4", 1, 8, "-t", &vals, &n, err, sizeof err));
	assert_int_equal(n, 3);
	assert_int_equal(vals[2], 4);
	free(vals);
	assert_false(parse_int_list("1,abc", 1, 8, "-t", &vals, &n, err, sizeof err));
	assert_non_null(strstr(err, "abc"));
	assert_false(parse_int_list("0", 1, 8, "-t", &vals, &n, err, sizeof err));
	assert_false(parse_int_list("2,2", 1, 8, "-t", &vals, &n, err, sizeof err));
}

static int parse_args(const char *const *args, run_options *o, char *err, size_t len)
{
	int argc = 0;
	char *argv[32];
	argv[argc++] = "run";
	for (; args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];
	argv[argc] = NULL;
	return run_options_parse(argc, argv, o, err, len);
}

static void run_options_good_and_bad(void **state)
{
	(void)state;
	char err[512];
	run_options o;
	const char *good[] = {"-w", "pingpong", "-t", "1,2", "--reps", "7", "--quick", NULL};
	assert_int_equal(parse_args(good, &o, err, sizeof err), 0);
	assert_int_equal(o.nthreads, 2);
	assert_int_equal(o.reps, 7);
	assert_true(o.quick);
	run_options_free(&o);

	struct {
		const char *args[4];
		const char *needle;
	} bad[] = {
	    {{"-t", "0", NULL}, "'0'"},           {{"-t", "abc", NULL}, "'abc'"},
	    {{"--reps", "-1", NULL}, "'-1'"},     {{"-n", "1e99", NULL}, "'1e99'"},
	    {{"--bogus", NULL}, "--bogus"},       {{"-n", NULL}, "needs a value"},
	    {{"stray", NULL}, "'stray'"},         {{"--timeout", "0", NULL}, "--timeout"},
	    {{"-p", "a,,b", NULL}, "empty item"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse_args(bad[i].args, &o, err, sizeof err), 2);
		assert_non_null(strstr(err, bad[i].needle));
	}
	const char *help[] = {"--help", NULL};
	assert_int_equal(parse_args(help, &o, err, sizeof err), 1);
}

/* Repeated -w/-r/-c/-t/-p append (a value given again dropped, `all` wins);
 * --param repeats; any other option given twice is refused, naming it. */
static void repeated_options(void **state)
{
	(void)state;
	char err[512];
	run_options o;
	const char *lists[] = {
	    "-w",      "pingpong", "-w", "ring,pingpong", "-t", "1",    "-t",      "2,1",
	    "-c",      "go",       "-c", "mutex",         "-p", "none", "-p",      "cpus:0,1",
	    "-p",      "none",     "-r", "gmp",           "-r", "gmp",  "--param", "cases=0",
	    "--param", "k=1",      NULL};
	assert_int_equal(parse_args(lists, &o, err, sizeof err), 0);
	assert_string_equal(o.workloads, "pingpong,ring");
	assert_string_equal(o.chans, "go,mutex");
	assert_string_equal(o.runtimes, "gmp");
	assert_int_equal(o.nthreads, 2);
	assert_int_equal(o.threads[0], 1);
	assert_int_equal(o.threads[1], 2);
	assert_int_equal(o.nplacements, 2);
	assert_string_equal(o.placements[1], "cpus:0,1");
	assert_int_equal(o.nparams, 2);
	run_options_free(&o);
	const char *all[] = {"-w", "pingpong", "-w", "all", "-w", "ring", NULL};
	assert_int_equal(parse_args(all, &o, err, sizeof err), 0);
	assert_string_equal(o.workloads, "all");
	run_options_free(&o);
	/* a -NAME after all is kept: it leaves NAME out (run_select.h) */
	const char *drop[] = {"-w", "all,-hog", "-w", "ring", "-w", "-wakeup", NULL};
	assert_int_equal(parse_args(drop, &o, err, sizeof err), 0);
	assert_string_equal(o.workloads, "all,-hog,ring,-wakeup");
	run_options_free(&o);
	/* with exclusions, a repeated item moves to where it was said last: the
	 * order decides what a -NAME leaves out */
	const char *again[] = {"-w", "all,-hog", "-w", "hog", "-w", "-hog", NULL};
	assert_int_equal(parse_args(again, &o, err, sizeof err), 0);
	assert_string_equal(o.workloads, "all,hog,-hog");
	run_options_free(&o);
	const char *back[] = {"-w", "all,-hog", "-w", "hog", NULL};
	assert_int_equal(parse_args(back, &o, err, sizeof err), 0);
	assert_string_equal(o.workloads, "all,-hog,hog");
	run_options_free(&o);
	const char *first[] = {"-w", "-hog,all", "-w", "ring", "-w", "-hog", NULL};
	assert_int_equal(parse_args(first, &o, err, sizeof err), 0);
	assert_string_equal(o.workloads, "all,-hog");
	run_options_free(&o);

	struct {
		const char *args[6];
		const char *needle;
	} twice[] = {
	    {{"--reps", "2", "--reps", "3", NULL}, "'--reps' given twice"},
	    {{"-n", "10", "-n", "10", NULL}, "'-n' given twice"},
	    {{"--quick", "--quick", NULL}, "'--quick' given twice"},
	    {{"--seed", "1", "--seed", "2", NULL}, "'--seed' given twice"},
	    {{"-w", "a,a", NULL}, "appears twice"}, /* within one list: still a typo */
	};
	for (size_t i = 0; i < sizeof twice / sizeof twice[0]; i++) {
		assert_int_equal(parse_args(twice[i].args, &o, err, sizeof err), 2);
		if (!strstr(err, twice[i].needle))
			fail_msg("'%s' lacks '%s'", err, twice[i].needle);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ints_and_suffixes),
	    cmocka_unit_test(bad_ints_name_the_value),
	    cmocka_unit_test(lists),
	    cmocka_unit_test(run_options_good_and_bad),
	    cmocka_unit_test(repeated_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
