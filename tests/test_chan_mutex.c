/*
 * test_chan_mutex.c — the `mutex` channel variant: the variant-generic semantics of
 * support/chan_scenarios.c on the pthread runtime with one CPU and two, plus what is
 * particular to this variant (declared capabilities, no select, allocation limits,
 * zero-size elements).
 */
#include "support/chan_scenarios.h"

static const chan_variant *mutex_variant(void)
{
	const chan_variant *v = chan_find("mutex");
	assert_non_null(v);
	return v;
}

static void test_caps(void **state)
{
	(void)state;
	const chan_variant *v = mutex_variant();
	assert_int_equal(v->caps, CHAN_CAP_UNBUFFERED | CHAN_CAP_BUFFERED | CHAN_CAP_CLOSE |
	                              CHAN_CAP_MULTI_PRODUCER | CHAN_CAP_MULTI_CONSUMER |
	                              CHAN_CAP_EXACT_TRY);
	assert_null(v->select); /* not declared, not offered */
	chan *c = chan_make(v, sizeof(int64_t), 1);
	assert_non_null(c);
	chan_case cs = {.ch = c, .send = false};
	assert_int_equal(chan_select(&cs, 1, false), CHAN_UNSUPPORTED);
	chan_destroy(c);
}

static void test_make_limits(void **state)
{
	(void)state;
	const chan_variant *v = mutex_variant();
	assert_null(chan_make(v, 8, SIZE_MAX / 4)); /* size overflows: NULL, no crash */
	chan *c = chan_make(v, 8, 0);
	assert_non_null(c);
	assert_int_equal(c->capacity, 0);
	assert_int_equal(c->elem_size, 8);
	assert_ptr_equal(c->variant, v);
	chan_destroy(c);
}

/* Zero-size elements (Go's chan struct{}) count, block and close like any other;
 * needs no task: try_* never block. */
static void test_zero_size_elements(void **state)
{
	(void)state;
	chan *c = chan_make(mutex_variant(), 0, 2);
	assert_non_null(c);
	assert_int_equal(chan_try_send(c, NULL), CHAN_OK);
	assert_int_equal(chan_try_send(c, NULL), CHAN_OK);
	assert_int_equal(chan_try_send(c, NULL), CHAN_WOULDBLOCK);
	assert_int_equal(chan_try_recv(c, NULL), CHAN_OK);
	assert_int_equal(chan_close(c), CHAN_OK);
	assert_int_equal(chan_try_recv(c, NULL), CHAN_OK);
	assert_int_equal(chan_try_recv(c, NULL), CHAN_CLOSED);
	chan_destroy(c);
}

int main(void)
{
	static const int workers[] = {1, 2};
	struct CMUnitTest tests[64];
	int n = chs_add_tests(tests, 48, "mutex", "pthread", workers, 2);
	const struct CMUnitTest own[] = {
	    cmocka_unit_test(test_caps),
	    cmocka_unit_test(test_make_limits),
	    cmocka_unit_test(test_zero_size_elements),
	};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		tests[n++] = own[i];
	rts_watchdog(120);
	return _cmocka_run_group_tests("chan_mutex", tests, (size_t)n, NULL, NULL);
}
