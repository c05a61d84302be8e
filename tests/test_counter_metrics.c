/* test_counter_metrics.c — the parent's side of the counter fields. A child reports ctr.E = the
 * total over run() (already scaled when multiplexed) and ctr_ratio.E = running/enabled below 1; the
 * writers' per-op value is total / n, IPC is instructions / cycles, and a counter asked for but not
 * counted (empty value, or absent) gives no number at all, never a 0. (The Go peer's counter
 * arguments are tested in test_peer.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/results/write/writers.h"

static cb_rep rep(const char *line, uint64_t ops)
{
	cb_rep r = {.ops = ops, .elapsed_ns = 1000};
	char err[256];
	if (!proto_parse(line, strlen(line), &r.rec, err, sizeof err))
		fail_msg("bad test record: %s", err);
	return r;
}

static void per_op_and_ipc(void **state)
{
	(void)state;
	cb_rep r = rep("kind=rep ctr.cycles=6000 ctr_ratio.cycles=0.5000 ctr.instructions=9000 "
	               "ctr.task-clock=500 ctr.page-faults=",
	               100);
	double v;
	assert_true(rep_metric(&r, "ctr.cycles", &v));
	assert_true(v == 60.0);
	assert_true(rep_metric(&r, "ctr.instructions", &v));
	assert_true(v == 90.0);
	assert_false(rep_metric(&r, "ctr.page-faults", &v));   /* asked for, not counted */
	assert_false(rep_metric(&r, "ctr.branch-misses", &v)); /* not asked for */
	assert_true(rep_metric(&r, "IPC", &v));
	assert_true(v == 1.5);
	assert_false(rep_metric(&r, "IPC:u", &v));
	proto_free(&r.rec);
	r = rep("kind=rep ctr.cycles= ctr.instructions=9000", 10);
	assert_false(rep_metric(&r, "IPC", &v)); /* cycles not counted: no IPC */
	proto_free(&r.rec);
	r = rep("kind=rep ctr.cycles=0 ctr.instructions=9000", 10);
	assert_false(rep_metric(&r, "IPC", &v));
	proto_free(&r.rec);
	const char *ctrs[] = {"cycles", "instructions", "cycles:u", "task-clock"};
	const char *names[WRITERS_MAX_DERIVED];
	assert_int_equal(derived_metrics(ctrs, 4, names), 1);
	assert_string_equal(names[0], "IPC");
	assert_int_equal(derived_metrics(ctrs + 2, 2, names), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(per_op_and_ipc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
