/* test_names.c — choosing names as users type them (harness/base/names.h) and
 * what -w/-r/-c/-p select (harness/cli/run/run_select.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/base/names.h"
#include "../harness/cli/run/run_select.h"

static const char *const wl[] = {"fib",    "mpmc",  "mutex",  "pingpong", "pipeline", "ring",
                                 "select", "sieve", "skynet", "spawn",    "spsc",     "yield"};
#define NWL ((int)(sizeof wl / sizeof wl[0]))

static void distance_counts_edits_and_transpositions(void **state)
{
	(void)state;
	assert_int_equal(names_distance("pingpong", "pingpong"), 0);
	assert_int_equal(names_distance("pingpnog", "pingpong"), 1); /* transposition */
	assert_int_equal(names_distance("PINGPONG", "pingpong"), 0); /* case folded */
	assert_int_equal(names_distance("pingpon", "pingpong"), 1);  /* deletion */
	assert_int_equal(names_distance("spsx", "spsc"), 1);         /* substitution */
	assert_int_equal(names_distance("", "abc"), 3);
	assert_int_equal(names_distance("kitten", "sitting"), 3);
}

static void globs_and_case_select(void **state)
{
	(void)state;
	bool sel[NWL] = {false};
	assert_int_equal(names_match("ping*", wl, NWL, sel), 1);
	assert_true(sel[3]);
	memset(sel, 0, sizeof sel);
	assert_int_equal(names_match("PingPong", wl, NWL, sel), 1);
	memset(sel, 0, sizeof sel);
	assert_int_equal(names_match("s*", wl, NWL, sel), 5); /* select sieve skynet spawn spsc */
	memset(sel, 0, sizeof sel);
	assert_int_equal(names_match("?pmc", wl, NWL, sel), 1);
	memset(sel, 0, sizeof sel);
	assert_int_equal(names_match("zz*", wl, NWL, sel), 0);
	assert_true(names_is_glob("a*") && names_is_glob("[ab]") && !names_is_glob("ab"));
}

static void suggestions_are_close_or_none(void **state)
{
	(void)state;
	char out[200];
	names_suggest("pingpnog", wl, NWL, out, sizeof out);
	assert_string_equal(out, "pingpong");
	names_suggest("spcs", wl, NWL, out, sizeof out);
	assert_non_null(strstr(out, "spsc"));
	names_suggest("qwertyuiop", wl, NWL, out, sizeof out);
	assert_string_equal(out, "");                     /* nothing close: no misleading guess */
	names_suggest("sipe*", wl, NWL, out, sizeof out); /* a glob: its letters */
	assert_non_null(strstr(out, "sieve"));
}

static void run_selection_resolves_lists(void **state)
{
	(void)state;
	char err[400];
	const workload **w;
	int n;
	assert_true(sel_workloads("PING*,spsc,pingpong", &w, &n, err, sizeof err));
	assert_int_equal(n, 2); /* pingpong once */
	assert_string_equal(w[0]->name, "pingpong");
	assert_string_equal(w[1]->name, "spsc");
	free(w);
	/* -NAME leaves out what it matches, from the items before it */
	assert_true(sel_workloads("all,-p*,-spsc", &w, &n, err, sizeof err));
	assert_int_equal(n, wl_count() - 3); /* pingpong, pipeline, spsc */
	for (int i = 0; i < n; i++)
		assert_true(w[i]->name[0] != 'p' && strcmp(w[i]->name, "spsc") != 0);
	free(w);
	assert_true(sel_workloads("ping*,-pingpong,pingpong", &w, &n, err, sizeof err));
	assert_int_equal(n, 1); /* put back by a later item */
	free(w);
	assert_false(sel_workloads("pingpong,-pingpong", &w, &n, err, sizeof err));
	assert_non_null(strstr(err, "leaves no workload"));
	assert_false(sel_workloads("all,-pingpnog", &w, &n, err, sizeof err));
	assert_non_null(strstr(err, "did you mean pingpong"));
	assert_false(sel_workloads("pingpnog", &w, &n, err, sizeof err));
	assert_non_null(strstr(err, "'pingpnog'"));
	assert_non_null(strstr(err, "did you mean pingpong"));
	char **r;
	assert_true(sel_runtimes("GMP", &r, &n, err, sizeof err));
	assert_int_equal(n, 1);
	assert_string_equal(r[0], "gmp");
	free(r[0]);
	free(r);
	assert_false(sel_runtimes("gmq", &r, &n, err, sizeof err));
	assert_non_null(strstr(err, "did you mean gmp"));
	const chan_variant **c;
	assert_true(sel_chans("all", &c, &n, err, sizeof err));
	assert_int_equal(n, chan_variant_count());
	free(c);
}

static void placement_globs_keep_cpus_lists(void **state)
{
	(void)state;
	char err[400], *out;
	assert_true(sel_placement_arg("NONE,cpus:0,1,cross-*", &out, err, sizeof err));
	assert_string_equal(out, "none,cpus:0,1,cross-l3,cross-numa,cross-package");
	free(out);
	assert_true(sel_placement_arg("cores,c*", &out, err, sizeof err));
	assert_string_equal(out, "cores,compact,cross-l3,cross-numa,cross-package");
	free(out);
	assert_false(sel_placement_arg("scater", &out, err, sizeof err));
	assert_non_null(strstr(err, "did you mean scatter"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(distance_counts_edits_and_transpositions),
	    cmocka_unit_test(globs_and_case_select),
	    cmocka_unit_test(suggestions_are_close_or_none),
	    cmocka_unit_test(run_selection_resolves_lists),
	    cmocka_unit_test(placement_globs_keep_cpus_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
