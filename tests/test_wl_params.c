/*
 * test_wl_params.c — workload parameters: the catalogue is complete, every
 * parameter table is coherent (params[0] is "n", defaults and --quick sizes inside
 * their ranges and accepted by validate), and bad combinations are refused with one
 * line that names the bad value (the harness turns it into exit status 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../workloads/workload.h"

static void test_catalogue_is_complete(void **unused)
{
	(void)unused;
	static const char *const names[] = {"pingpong", "ring",  "spsc",    "mpmc",
	                                    "skynet",   "sieve", "spawn",   "yield",
	                                    "fib",      "mutex", "pipeline"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!wl_find(names[i]))
			fail_msg("workload %s is not registered", names[i]);
}

static void test_tables_are_coherent(void **unused)
{
	(void)unused;
	for (int i = 0; i < wl_count(); i++) {
		const workload *w = wl_at(i);
		assert_true(w->nparams >= 1 && w->nparams <= WL_MAX_PARAMS);
		assert_string_equal(w->params[0].name, "n");
		assert_true(strlen(w->description) > 10 && strlen(w->description) <= 80);
		assert_non_null(w->validate);
		int64_t def[WL_MAX_PARAMS], quick[WL_MAX_PARAMS];
		for (int p = 0; p < w->nparams; p++) {
			const wl_param *pp = &w->params[p];
			assert_true(pp->min <= pp->def && pp->def <= pp->max);
			assert_true(pp->min <= pp->quick && pp->quick <= pp->max);
			assert_true(pp->quick <= pp->def);
			assert_non_null(pp->help);
			def[p] = pp->def;
			quick[p] = pp->quick;
		}
		char err[256] = "";
		if (!w->validate(def, err, sizeof err) || !w->validate(quick, err, sizeof err))
			fail_msg("%s: its own defaults are refused: %s", w->name, err);
		assert_true(w->chan_caps == 0 || w->uses_chan);
	}
}

/* Sets params to w's defaults, then name=value. */
static void with(const workload *w, int64_t *params, const char *name, int64_t value)
{
	int i = wl_param_index(w, name);
	assert_true(i >= 0);
	params[i] = value;
}

/* Expects validate to refuse and its message to contain every needle. */
static void expect_refused(const char *wl, const char *name1, int64_t v1, const char *name2,
                           int64_t v2, const char *const *needles)
{
	const workload *w = wl_find(wl);
	assert_non_null(w);
	int64_t params[WL_MAX_PARAMS];
	for (int p = 0; p < w->nparams; p++)
		params[p] = w->params[p].def;
	with(w, params, name1, v1);
	if (name2)
		with(w, params, name2, v2);
	char err[256] = "";
	assert_false(w->validate(params, err, sizeof err));
	assert_null(strchr(err, '\n')); /* one line */
	for (; *needles; needles++)
		if (!strstr(err, *needles))
			fail_msg("%s: message '%s' lacks '%s'", wl, err, *needles);
	printf("  %s\n", err);
}

static void test_bad_combinations_are_named(void **unused)
{
	(void)unused;
	expect_refused("mpmc", "producers", 0, NULL, 0,
	               (const char *const[]){"mpmc", "producers=0", NULL});
	expect_refused("mpmc", "consumers", -3, NULL, 0,
	               (const char *const[]){"consumers=-3", NULL});
	expect_refused("fib", "n", -1, NULL, 0,
	               (const char *const[]){"fib", "n=-1", "fib(k)", NULL});
	expect_refused("fib", "n", 15, NULL, 0, (const char *const[]){"n=15", "cutoff", NULL});
	expect_refused("pipeline", "n", 4, "workers", 8,
	               (const char *const[]){"pipeline", "workers=8", "n=4", NULL});
	expect_refused("pipeline", "workers", 0, NULL, 0, (const char *const[]){"workers=0", NULL});
	expect_refused("skynet", "n", 5000, NULL, 0,
	               (const char *const[]){"skynet", "n=5000", "power of 10", NULL});
	expect_refused("mutex", "n", 3, "tasks", 4, (const char *const[]){"tasks=4", "n=3", NULL});
	expect_refused("spsc", "n", 0, NULL, 0, (const char *const[]){"spsc", "n=0", NULL});
	expect_refused("yield", "n", 1, NULL, 0, (const char *const[]){"n=1", NULL});
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalogue_is_complete),
	    cmocka_unit_test(test_tables_are_coherent),
	    cmocka_unit_test(test_bad_combinations_are_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
