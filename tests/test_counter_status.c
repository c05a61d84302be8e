/* test_counter_status.c — what a counter's status says for every errno
 * perf_event_open can give (simulated: this machine produces only some), and the
 * multiplex scaling arithmetic. Pure functions: no kernel involved. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/measure/counters/counter_scale.h"
#include "../harness/measure/counters/counter_status.h"

static ctr_status classify(int err, int paranoid, bool hw, char *why)
{
	return ctr_classify(err, paranoid, hw, "cycles", why, CTR_WHY_LEN);
}

static void unsupported_errnos(void **state)
{
	(void)state;
	char why[CTR_WHY_LEN];
	int errs[] = {ENOENT, EOPNOTSUPP, ENODEV, ENOSYS};
	const char *names[] = {"ENOENT", "EOPNOTSUPP", "ENODEV", "ENOSYS"};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(classify(errs[i], 2, true, why), CTR_UNSUPPORTED);
		assert_non_null(strstr(why, names[i]));
		assert_null(strchr(why, '\n'));
	}
}

static void denied_names_paranoid_and_fix(void **state)
{
	(void)state;
	char why[CTR_WHY_LEN];
	/* Level 2, a PMU event: set 1, or count user space only. */
	assert_int_equal(classify(EACCES, 2, true, why), CTR_DENIED);
	assert_non_null(strstr(why, "EACCES"));
	assert_non_null(strstr(why, "perf_event_paranoid=2"));
	assert_non_null(strstr(why, "sysctl -w kernel.perf_event_paranoid=1"));
	assert_non_null(strstr(why, "cycles:u"));
	/* Level 2, a software event: user-only counting of a context switch is
	 * meaningless, so no `:u` advice. */
	assert_int_equal(classify(EACCES, 2, false, why), CTR_DENIED);
	assert_null(strstr(why, ":u"));
	assert_non_null(strstr(why, "perf_event_paranoid=1"));
	/* Debian's level 3: no unprivileged perf at all. */
	assert_int_equal(classify(EPERM, 3, true, why), CTR_DENIED);
	assert_non_null(strstr(why, "EPERM"));
	assert_non_null(strstr(why, "perf_event_paranoid=3"));
	/* A permissive level yet denied: a seccomp filter or LSM. */
	assert_int_equal(classify(EPERM, 1, true, why), CTR_DENIED);
	assert_non_null(strstr(why, "seccomp"));
	assert_int_equal(classify(EACCES, CTR_PARANOID_UNKNOWN, true, why), CTR_DENIED);
	assert_non_null(strstr(why, "unreadable"));
	assert_true(strlen(why) < CTR_WHY_LEN - 1);
}

static void other_errnos_are_errors(void **state)
{
	(void)state;
	char why[CTR_WHY_LEN];
	assert_int_equal(classify(EINVAL, 2, true, why), CTR_ERROR);
	assert_non_null(strstr(why, "Invalid argument"));
	assert_int_equal(classify(EMFILE, 2, true, why), CTR_ERROR);
	assert_int_equal(classify(E2BIG, 2, true, why), CTR_ERROR);
}

static void status_words_round_trip(void **state)
{
	(void)state;
	const char *words[] = {"counted", "multiplexed",   "unsupported",
	                       "denied",  "not-encodable", "error"};
	for (int i = 0; i < 6; i++) {
		ctr_status s;
		assert_true(ctr_status_parse(words[i], &s));
		assert_string_equal(ctr_status_name(s), words[i]);
	}
	ctr_status s;
	assert_false(ctr_status_parse("nosuch", &s));
	assert_true(ctr_paranoid() != CTR_PARANOID_UNKNOWN); /* Linux with perf: readable */
}

static void scale_counted_is_exact(void **state)
{
	(void)state;
	ctr_raw a = {.count = 100, .enabled = 1000, .running = 1000};
	ctr_raw b = {.count = 12345, .enabled = 6000, .running = 6000};
	ctr_value v = ctr_scale(a, b);
	assert_true(v.taken);
	assert_true(v.value == 12245.0);
	assert_true(v.ratio == 1.0);
	assert_int_equal(v.raw, 12245);
	assert_false(ctr_value_multiplexed(&v));
}

static void scale_multiplexed(void **state)
{
	(void)state;
	/* Counted 250 of 1000 ns: 300 observed -> 1200 estimated, ratio 0.25. */
	ctr_raw z = {0};
	ctr_value v = ctr_scale(z, (ctr_raw){.count = 300, .enabled = 1000, .running = 250});
	assert_true(v.taken);
	assert_true(v.value == 1200.0);
	assert_true(v.ratio == 0.25);
	assert_int_equal(v.raw, 300);
	assert_true(ctr_value_multiplexed(&v));
	/* Deltas: the second interval alone was multiplexed at 1/3. */
	ctr_raw a = {.count = 1000, .enabled = 5000, .running = 5000};
	ctr_raw b = {.count = 1100, .enabled = 5300, .running = 5100};
	v = ctr_scale(a, b);
	assert_true(v.value > 299.999 && v.value < 300.001);
	assert_true(v.ratio > 0.3333 && v.ratio < 0.3334);
	/* Large counts do not overflow: 2^62 counted half the time. */
	v = ctr_scale(
	    z, (ctr_raw){.count = 1ull << 62, .enabled = 4000000000ull, .running = 2000000000ull});
	assert_true(v.value == 0x1p63);
}

static void scale_never_running_is_not_zero(void **state)
{
	(void)state;
	ctr_raw z = {0};
	/* Enabled but never on a counter: no value at all (never a 0 count). */
	ctr_value v = ctr_scale(z, (ctr_raw){.count = 0, .enabled = 1000, .running = 0});
	assert_false(v.taken);
	assert_true(v.ratio == 0.0);
	/* Never enabled. */
	v = ctr_scale(z, z);
	assert_false(v.taken);
	/* A counter that seems to go backwards gives no garbage. */
	v = ctr_scale((ctr_raw){.count = 10, .enabled = 10, .running = 10},
	              (ctr_raw){.count = 5, .enabled = 20, .running = 20});
	assert_true(v.taken);
	assert_true(v.value == 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(unsupported_errnos),
	    cmocka_unit_test(denied_names_paranoid_and_fix),
	    cmocka_unit_test(other_errnos_are_errors),
	    cmocka_unit_test(status_words_round_trip),
	    cmocka_unit_test(scale_counted_is_exact),
	    cmocka_unit_test(scale_multiplexed),
	    cmocka_unit_test(scale_never_running_is_not_zero),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
