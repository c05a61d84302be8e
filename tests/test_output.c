/* test_output.c — CSV quoting, atomic replace, and the results directory checks
 * (harness/base/format/csv.h, atomic_file.h, harness/results/write/writers.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../harness/base/atomic_file.h"
#include "../harness/base/format/csv.h"
#include "../harness/results/write/writers.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void csv_quoting(void **state)
{
	(void)state;
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	csv_field(f, "plain", true);
	csv_field(f, "a,b", false);
	csv_field(f, "say \"hi\"", false);
	csv_field(f, "two\nlines", false);
	csv_field(f, " padded", false);
	csv_field(f, "", false);
	csv_double(f, 0.1);
	csv_double(f, 45.25);
	fclose(f);
	assert_string_equal(
	    buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",,0.1,45.25");
	free(buf);
}

static void atomic_replace_keeps_old_until_commit(void **state)
{
	(void)state;
	char dir[] = "/tmp/cb-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], err[512];
	snprintf(path, sizeof path, "%s/runs.csv", dir);
	assert_true(atomic_write_string(path, "old\n", err, sizeof err));
	atomic_file a;
	assert_true(atomic_open(&a, path, err, sizeof err));
	fputs("new\n", a.f);
	fflush(a.f);
	assert_string_equal(slurp(path), "old\n"); /* readers still see the old file */
	assert_true(atomic_commit(&a, err, sizeof err));
	assert_string_equal(slurp(path), "new\n");
	assert_true(atomic_open(&a, path, err, sizeof err));
	fputs("aborted\n", a.f);
	atomic_abort(&a);
	assert_string_equal(slurp(path), "new\n");
	assert_int_equal(access(a.tmp, F_OK), -1); /* no temp left behind */
	unlink(path);
	rmdir(dir);
}

static void resdir_errors_and_cleanup(void **state)
{
	(void)state;
	char out[4096], err[512];
	char dir[] = "/tmp/cb-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char file[256], under_file[300], nested[300];
	snprintf(file, sizeof file, "%s/afile", dir);
	assert_true(atomic_write_string(file, "x", err, sizeof err));
	snprintf(under_file, sizeof under_file, "%s/sub", file);
	assert_false(resdir_make(under_file, true, out, sizeof out, err, sizeof err));
	assert_non_null(strstr(err, "not a directory"));
	assert_false(resdir_make("", true, out, sizeof out, err, sizeof err));
	snprintf(nested, sizeof nested, "%s/a/b/c", dir);
	assert_true(resdir_make(nested, true, out, sizeof out, err, sizeof err));
	struct stat st;
	assert_int_equal(stat(nested, &st), 0);
	if (geteuid() != 0) { /* root writes anywhere: only meaningful for users */
		chmod(dir, 0500);
		char denied[300];
		snprintf(denied, sizeof denied, "%s/x/y", dir);
		assert_false(resdir_make(denied, true, out, sizeof out, err, sizeof err));
		chmod(dir, 0700);
	}
	rmdir(nested);
	snprintf(nested, sizeof nested, "%s/a/b", dir);
	rmdir(nested);
	snprintf(nested, sizeof nested, "%s/a", dir);
	rmdir(nested);
	unlink(file);
	assert_int_equal(rmdir(dir), 0);
}

/* One run per directory: a directory that holds results is refused for a run
 * (named, with what it holds) and left as it was; an empty one is taken; c2c
 * (fresh = false) may add its files to a run's directory. */
static void resdir_refuses_earlier_results(void **state)
{
	(void)state;
	char out[4096], err[512], what[64], path[300];
	char dir[] = "/tmp/cb-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_false(resdir_holds_results(dir, what, sizeof what));
	assert_true(resdir_make(dir, true, out, sizeof out, err, sizeof err)); /* empty: fine */
	const char *entries[] = {"runs.csv", "env.json", "latency"};
	for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, entries[i]);
		if (i == 2)
			assert_int_equal(mkdir(path, 0777), 0);
		else
			assert_true(atomic_write_string(path, "x\n", err, sizeof err));
		assert_true(resdir_holds_results(dir, what, sizeof what));
		assert_string_equal(what, entries[i]);
		assert_false(resdir_make(dir, true, out, sizeof out, err, sizeof err));
		assert_non_null(strstr(err, dir));
		assert_non_null(strstr(err, entries[i]));
		assert_true(resdir_make(dir, false, out, sizeof out, err, sizeof err)); /* c2c */
		if (i == 2)
			rmdir(path);
		else
			unlink(path);
	}
	assert_int_equal(rmdir(dir), 0);
}

static void unwritable_out_leaves_nothing(void **state)
{
	(void)state;
	char out[4096], err[512];
	/* /proc is not writable even for root: creation fails, nothing is left */
	assert_false(resdir_make("/proc/corobench-nope/x", true, out, sizeof out, err, sizeof err));
	assert_non_null(strstr(err, "/proc/corobench-nope/x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(csv_quoting),
	    cmocka_unit_test(atomic_replace_keeps_old_until_commit),
	    cmocka_unit_test(resdir_errors_and_cleanup),
	    cmocka_unit_test(unwritable_out_leaves_nothing),
	    cmocka_unit_test(resdir_refuses_earlier_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
