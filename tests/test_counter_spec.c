/* test_counter_spec.c — `--counters LIST`: libpfm4 encoding of valid and invalid
 * event strings, canonical labels, named sets, and bad input (one line naming the
 * value). Needs libpfm4 only, no PMU: encoding never opens anything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/measure/counters/counter_name.h"
#include "../harness/measure/counters/counter_spec.h"

static ctr_spec spec; /* ~20 KiB: static, not on the test's stack */

static void encode_generic_events(void **state)
{
	(void)state;
	ctr_event ev;
	assert_true(ctr_encode("cycles", &ev));
	assert_int_equal(ev.attr.type, PERF_TYPE_HARDWARE);
	assert_int_equal(ev.attr.config, PERF_COUNT_HW_CPU_CYCLES);
	assert_string_equal(ev.name, "cycles");
	assert_true(ev.hw);
	assert_false(ev.attr.exclude_kernel); /* user + kernel by default */
	assert_non_null(strstr(ev.fstr, "PERF_COUNT_HW_CPU_CYCLES"));

	assert_true(ctr_encode("task-clock", &ev));
	assert_int_equal(ev.attr.type, PERF_TYPE_SOFTWARE);
	assert_int_equal(ev.attr.config, PERF_COUNT_SW_TASK_CLOCK);
	assert_false(ev.hw);

	assert_true(ctr_encode("LLC-LOAD-MISSES", &ev));
	assert_int_equal(ev.attr.type, PERF_TYPE_HW_CACHE);
	assert_string_equal(ev.name, "LLC-load-misses");
}

static void spellings_share_a_label(void **state)
{
	(void)state;
	const char *cs[] = {"cs", "context-switches", "perf::CONTEXT-SWITCHES",
	                    "perf::PERF_COUNT_SW_CONTEXT_SWITCHES"};
	for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
		ctr_event ev;
		assert_true(ctr_encode(cs[i], &ev));
		assert_string_equal(ev.name, "ctx-switches");
		assert_int_equal(ev.attr.config, PERF_COUNT_SW_CONTEXT_SWITCHES);
	}
}

static void modifiers_change_label_and_attr(void **state)
{
	(void)state;
	ctr_event ev;
	assert_true(ctr_encode("instructions:u", &ev));
	assert_true(ev.attr.exclude_kernel);
	assert_false(ev.attr.exclude_user);
	assert_string_equal(ev.name, "instructions:u");
	assert_true(ctr_encode("instructions:k", &ev));
	assert_string_equal(ev.name, "instructions:k");
}

static void raw_event_keeps_sanitized_string(void **state)
{
	(void)state;
	ctr_event ev;
	assert_true(ctr_encode("r01c2", &ev));
	assert_int_equal(ev.attr.type, PERF_TYPE_RAW);
	assert_int_equal(ev.attr.config, 0x1c2);
	assert_string_equal(ev.name, "r01c2");
	char out[CTR_NAME_LEN];
	ctr_sanitize("EV:c=1 /x,y", out, sizeof out);
	assert_string_equal(out, "EV:c_1__x_y");
	ctr_sanitize("", out, sizeof out);
	assert_string_equal(out, "_");
}

static void invalid_strings_do_not_encode(void **state)
{
	(void)state;
	const char *bad[] = {"nosuch", "", "cycles:nosuchmod", "perf::", "::", "cycles:u=7"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ctr_event ev;
		assert_false(ctr_encode(bad[i], &ev));
		assert_false(ev.encoded);
		assert_non_null(strstr(ev.why, "libpfm4"));
		assert_true(ev.name[0] != '\0'); /* a column name even when not encodable */
	}
	char longstr[300];
	memset(longstr, 'a', sizeof longstr - 1);
	longstr[sizeof longstr - 1] = '\0';
	ctr_event ev;
	assert_false(ctr_encode(longstr, &ev));
}

static void named_sets_expand(void **state)
{
	(void)state;
	char err[256];
	assert_true(ctr_spec_parse("default", "--counters", &spec, err, sizeof err));
	assert_int_equal(spec.n, 8);
	const char *want[] = {"cycles",     "instructions", "branch-misses",  "LLC-load-misses",
	                      "task-clock", "ctx-switches", "cpu-migrations", "page-faults"};
	for (int i = 0; i < 8; i++) {
		assert_string_equal(spec.ev[i].name, want[i]);
		assert_true(spec.ev[i].encoded);
	}
	assert_true(ctr_spec_parse("sw", "--counters", &spec, err, sizeof err));
	assert_int_equal(spec.n, 4);
	for (int i = 0; i < spec.n; i++)
		assert_false(spec.ev[i].hw);
	assert_true(ctr_spec_parse("none", "--counters", &spec, err, sizeof err));
	assert_int_equal(spec.n, 0);
	assert_true(
	    ctr_spec_parse("sw,instructions:u,r01c2", "--counters", &spec, err, sizeof err));
	assert_int_equal(spec.n, 6);
	assert_string_equal(spec.ev[4].name, "instructions:u");
	assert_non_null(ctr_named_set_find("default"));
	assert_null(ctr_named_set_find("nosuch"));
}

/* Each bad list fails with a message naming the option and the offending value. */
static void bad_input_names_the_value(void **state)
{
	(void)state;
	static const struct {
		const char *list;
		const char *in_msg;
	} cases[] = {
	    {"nosuch", "'nosuch'"},
	    {"", "empty list"},
	    {"cycles,,task-clock", "empty item"},
	    {"cycles,cycles", "appears twice"},
	    {"cs,context-switches", "ctx-switches is already in the list"},
	    {"default,task-clock", "task-clock is already in the list"},
	    {"sw,default", "already in the list"},
	    {"none,cycles", "'none' cannot be combined"},
	    {"task-clock,none", "'none' cannot be combined"},
	    {"cycles:zz", "'cycles:zz'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[512] = "";
		assert_false(ctr_spec_parse(cases[i].list, "--counters", &spec, err, sizeof err));
		assert_int_equal(spec.n, 0);
		assert_non_null(strstr(err, "--counters"));
		if (!strstr(err, cases[i].in_msg))
			fail_msg("'%s': message '%s' lacks '%s'", cases[i].list, err,
			         cases[i].in_msg);
		assert_null(strchr(err, '\n'));
	}
}

static void too_many_events(void **state)
{
	(void)state;
	/* CTR_MAX_EVENTS + 1 distinct raw events. */
	char list[CTR_MAX_EVENTS * 8 + 16] = "";
	for (int i = 0; i <= CTR_MAX_EVENTS; i++) {
		char one[16];
		snprintf(one, sizeof one, "%sr%x", i ? "," : "", 0x100 + i);
		strcat(list, one);
	}
	char err[256];
	assert_false(ctr_spec_parse(list, "--counters", &spec, err, sizeof err));
	assert_non_null(strstr(err, "more than 16"));
}

static void libpfm_version_is_reported(void **state)
{
	(void)state;
	char v[32];
	ctr_libpfm_version(v, sizeof v);
	assert_true(v[0] >= '1' && v[0] <= '9');
	assert_non_null(strchr(v, '.'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(encode_generic_events),
	    cmocka_unit_test(spellings_share_a_label),
	    cmocka_unit_test(modifiers_change_label_and_attr),
	    cmocka_unit_test(raw_event_keeps_sanitized_string),
	    cmocka_unit_test(invalid_strings_do_not_encode),
	    cmocka_unit_test(named_sets_expand),
	    cmocka_unit_test(bad_input_names_the_value),
	    cmocka_unit_test(too_many_events),
	    cmocka_unit_test(libpfm_version_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
