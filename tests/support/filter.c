/*
 * filter.c — COROBENCH_TEST_FILTER: run only the cmocka tests whose names match a
 * pattern, in any test binary, to chase one failure:
 *
 *   COROBENCH_TEST_FILTER='faa/gmp/t=2/destroy_after_recv' build/tests/test_chan_stress
 *
 * (a loop around that chases a rare one; `*` matches any run of characters).
 *
 * The pattern is cmocka's (`*` and `?` wildcards). Linked into every test binary
 * (tests/support/), it sets the filter from a constructor, before main builds its
 * groups, so no test's main needs to know. Unset or empty: every test runs, and the
 * binary prints nothing about it; set, it says so on stdout once, so a log never
 * passes off a filtered run as the whole binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

__attribute__((constructor)) static void filter_from_env(void)
{
	const char *pattern = getenv("COROBENCH_TEST_FILTER");
	if (!pattern || !*pattern)
		return;
	printf("  COROBENCH_TEST_FILTER=%s: only the tests that match run\n", pattern);
	cmocka_set_test_filter(pattern);
}
