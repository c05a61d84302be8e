/* test_gate.c — the CI gate of `compare --fail-on-regression` (report/gate.h):
 * what counts as a regression (one-sided U, Holm over the table, the ratio's
 * interval above 1 + PCT), when nothing can be told, and PCT's parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/report/gate.h"
#include "support/resfix.h"

/* A table of rows made from samples: center a vs center b, spread, n a side. */
typedef struct spec {
	const char *key;
	double a, b, spread;
	int n;
} spec;

static cmp_table table(const spec *s, int n)
{
	cmp_table t;
	memset(&t, 0, sizeof t);
	t.rows = calloc((size_t)n, sizeof *t.rows);
	t.nrows = n;
	t.metric_is_time = true;
	t.alpha = 0.05;
	for (int i = 0; i < n; i++) {
		double xa[64], xb[64];
		resfix_samples(xa, s[i].n, s[i].a, s[i].spread, 11 + (unsigned)i);
		resfix_samples(xb, s[i].n, s[i].b, s[i].spread, 101 + (unsigned)i);
		smp_group ga = {.key = s[i].key, .x = xa, .n = s[i].n};
		smp_group gb = {.key = s[i].key, .x = xb, .n = s[i].n};
		compare_row(&ga, &gb, 0.05, &t.rows[i]);
		snprintf(t.rows[i].key, sizeof t.rows[i].key, "%s", s[i].key);
	}
	return t;
}

static bool verdict(const spec *s, int n, double pct, char *out, size_t len)
{
	cmp_table t = table(s, n);
	FILE *f = fmemopen(out, len, "w");
	bool failed = gate_report(f, &t, pct);
	fclose(f);
	free(t.rows);
	return failed;
}

static void a_clear_slowdown_fails_and_is_named(void **state)
{
	(void)state;
	char out[4096];
	spec s[] = {
	    {"slow", 100, 125, 0.02, 10}, {"same", 50, 50, 0.02, 10}, {"same2", 9, 9, 0.02, 10}};
	assert_true(verdict(s, 3, 0.05, out, sizeof out));
	assert_non_null(strstr(out, "FAIL: 1 configuration regressed"));
	assert_non_null(strstr(out, "  slow: +2"));
	assert_null(strstr(out, "  same"));
	assert_non_null(strstr(out, "Holm-corrected over the 3 configurations"));
}

static void faster_or_small_or_noisy_passes(void **state)
{
	(void)state;
	char out[4096];
	spec faster[] = {{"fast", 100, 70, 0.02, 10}};
	assert_false(verdict(faster, 1, 0.05, out, sizeof out));
	assert_non_null(strstr(out, "PASS: no configuration regressed"));
	/* 3% slower, beyond doubt, but under a 5% gate: its interval is not above 1.05 */
	spec small[] = {{"small", 100, 103, 0.005, 10}};
	assert_false(verdict(small, 1, 0.05, out, sizeof out));
	/* 20% slower at the median, but the repetitions spread +-60%: not beyond doubt */
	spec noisy[] = {{"noisy", 100, 120, 0.6, 10}};
	assert_false(verdict(noisy, 1, 0.05, out, sizeof out));
	assert_non_null(strstr(out, "not beyond doubt"));
}

static void holm_needs_more_with_more_configurations(void **state)
{
	(void)state;
	char out[8192];
	/* 5+5 repetitions: the smallest one-sided p is 1/252 = 0.004; alone it passes
	 * 0.05, among 20 configurations Holm's first step needs 0.0025: nothing can
	 * be told, and the gate says so instead of passing silently */
	spec one[] = {{"slow", 100, 150, 0.01, 5}};
	assert_true(verdict(one, 1, 0.05, out, sizeof out));
	assert_non_null(strstr(out, "fewer than 10 repetitions on a side (e.g. slow: 5+5)"));
	spec many[20];
	char keys[20][16];
	for (int i = 0; i < 20; i++) {
		snprintf(keys[i], sizeof keys[i], "c%d", i);
		many[i] = (spec){keys[i], 100, i == 0 ? 150 : 100, 0.01, 5};
	}
	assert_false(verdict(many, 20, 0.05, out, sizeof out));
	assert_non_null(strstr(out, "PASS, but nothing can be told"));
	/* 3+3: never, even alone (1/20 = 0.05 is not below 0.05) */
	spec three[] = {{"slow", 100, 150, 0.01, 3}};
	assert_false(verdict(three, 1, 0.05, out, sizeof out));
	assert_non_null(strstr(out, "nothing can be told"));
}

static void reduced_rows_are_not_gated(void **state)
{
	(void)state;
	cmp_table t = table((spec[]){{"red", 100, 150, 0.01, 10}}, 1);
	t.rows[0].reduced = true;
	char out[2048];
	FILE *f = fmemopen(out, sizeof out, "w");
	assert_false(gate_report(f, &t, 0.05));
	fclose(f);
	free(t.rows);
	assert_non_null(strstr(out, "Not gated: 1 configuration ran a reduced size"));
}

static void pct_parses_or_names_the_value(void **state)
{
	(void)state;
	double p;
	char err[200];
	assert_true(gate_parse_pct("5%", &p, err, sizeof err));
	assert_true(p > 0.0499 && p < 0.0501);
	assert_true(gate_parse_pct("2.5", &p, err, sizeof err));
	assert_true(p > 0.0249 && p < 0.0251);
	const char *bad[] = {"", "0", "0%", "-5%", "+5%", "5x", "5 %", "%", "1001%", "nan", "inf"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(gate_parse_pct(bad[i], &p, err, sizeof err));
		assert_non_null(strstr(err, "bad --fail-on-regression"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_clear_slowdown_fails_and_is_named),
	    cmocka_unit_test(faster_or_small_or_noisy_passes),
	    cmocka_unit_test(holm_needs_more_with_more_configurations),
	    cmocka_unit_test(reduced_rows_are_not_gated),
	    cmocka_unit_test(pct_parses_or_names_the_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
