/*
 * test_floor.c — the floor family (harness/run/floor/, harness/results/floors.h):
 * the floor's register switch preserves what the ABI says a call preserves, each
 * floor runs through exec_workload on the pseudo-runtime `floor` and passes its
 * answer check, the matrix adds the family once with the keys and sizes the
 * results promise, and the bound table points only at floors that exist.
 *
 * What it asserts: behaviour and counts, never time (the machine is shared).
 * Deterministic counts: floor-switch's other context is resumed exactly n/2
 * times (its verify); two threads confined to one CPU that hand a round trip
 * back and forth need at least 2 context switches per round trip (the CPU goes
 * to the partner and back), whichever policy and protocol; the latency samples
 * are every 16th round trip of a futex floor, every 64th of floor-c2c. The figures of each
 * floor are printed (`make test` shows them), not checked.
 */
#include "support/callee_saved.h"
#include "support/rt_scenarios.h"
#include "support/scale.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../harness/results/floors.h"
#include "../harness/run/execute.h"
#include "../harness/run/floor/floor.h"
#include "../harness/run/floor/floor_switch.h"
#include "../harness/run/matrix.h"

/* ---- the switch keeps the callee-saved registers (support/callee_saved.h) */

/* The two contexts of one round. */
typedef struct swap_pair {
	floor_ctx main;  /* saved by cs_call's floor_swap          */
	floor_ctx other; /* the fresh context                      */
	int ran;         /* the other side ran                     */
	uintptr_t frame; /* its frame address                      */
} swap_pair;

/* Runs once per fresh context: never resumed (its registers are garbage after
 * the clobber), abandoned with its stack. */
static void clobber_side(void *arg)
{
	swap_pair *p = arg;
	p->ran++;
	p->frame = (uintptr_t)__builtin_frame_address(0);
	cs_clobber_jump((cs_fn)floor_swap, &p->other, &p->main);
	abort(); /* never resumed */
}

static void test_swap_preserves_callee_saved(void **state)
{
	(void)state;
	size_t size = 64 << 10;
	char *stack = malloc(size);
	assert_non_null(stack);
	for (int round = 0; round < 3; round++) {
		swap_pair p = {0};
		uint64_t out[CS_NREGS] = {0};
		/* a top 8 bytes off alignment: floor_ctx_make rounds it down */
		floor_ctx_make(&p.other, stack + size - 8, clobber_side, &p);
		cs_call((cs_fn)floor_swap, &p.main, &p.other, NULL, NULL, out);
		assert_int_equal(p.ran, 1);
		for (int i = 0; i < CS_NUSED; i++)
			assert_int_equal(out[i], cs_expected(i));
		/* the fresh context ran on its own stack with an ABI-aligned frame */
		assert_true(p.frame > (uintptr_t)stack && p.frame < (uintptr_t)(stack + size));
		assert_int_equal(p.frame % 16, 0);
	}
	free(stack);
}

/* ---- the floors through exec_workload on the floor runtime */

typedef struct got {
	int reps;        /* on_rep calls                 */
	exec_rep last;   /* the last one                 */
	double calls;    /* metric futex_calls_per_op    */
	bool have_calls; /* it was reported              */
	char metric[64]; /* an unexpected metric's name  */
	long samples;    /* latency samples recorded     */
} got;

static void got_record(wl_measure *m, uint64_t ns)
{
	(void)ns;
	((got *)m->impl)->samples++;
}

static void got_metric(wl_measure *m, const char *name, double v)
{
	got *g = m->impl;
	if (strcmp(name, "futex_calls_per_op") == 0) {
		g->calls = v;
		g->have_calls = true;
	} else {
		snprintf(g->metric, sizeof g->metric, "%s", name);
	}
}

static void got_rep(void *arg, const exec_rep *r)
{
	got *g = arg;
	g->reps++;
	g->last = *r;
}

/* Runs floor w once at n on `workers` workers (pin_sets: NULL or one set each);
 * returns exec_workload's status, the repetition in *g. */
static int run_floor(const workload *w, int workers, const cpu_set_t *pin_sets, int64_t n, got *g,
                     char *err, size_t errlen)
{
	*g = (got){0};
	wl_measure m = {
	    .record_ns = got_record, .metric = got_metric, .ns_per_tick = 1.0, .impl = g};
	exec_request req = {.wl = w,
	                    .workers = workers,
	                    .warmup = 0,
	                    .reps = 1,
	                    .measure = &m,
	                    .on_rep = got_rep,
	                    .arg = g};
	req.params[0] = n;
	rt_config cfg = {.workers = workers, .pin_sets = pin_sets};
	return exec_workload(&floor_runtime, &cfg, NULL, &req, err, errlen);
}

/* Context switches of the whole process so far (every thread, exited ones too). */
static long switches(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return u.ru_nvcsw + u.ru_nivcsw;
}

static void test_switch_counts(void **state)
{
	(void)state;
	got g;
	char err[256] = "";
	int64_t n = ts_iters(200000, 2000) & ~1L;
	assert_int_equal(run_floor(&floor_switch_wl, 1, NULL, n, &g, err, sizeof err), 0);
	assert_int_equal(g.reps, 1);
	assert_true(g.last.ok); /* verify: resumed exactly n/2 times each way */
	assert_int_equal(g.last.ops, (uint64_t)n);
	assert_int_equal(g.samples, 0); /* two clock reads would outweigh a switch */
	printf("  floor-switch: %.2f ns per switch (n=%lld)\n", (double)g.last.elapsed_ns / n,
	       (long long)n);
	/* an odd n is refused by the floor's own check, naming the value */
	int64_t odd[WL_MAX_PARAMS] = {7};
	assert_false(floor_switch_wl.validate(odd, err, sizeof err));
	assert_non_null(strstr(err, "n=7"));
}

/* Both futex floors on one CPU: each round trip needs the CPU to go to the
 * partner and back, so at least 2 switches per round trip, whatever the policy. */
static void test_futex_one_cpu(void **state)
{
	(void)state;
	const workload *ws[] = {&floor_futex_wl, &floor_futex_handoff_wl};
	int64_t n = ts_iters(20000, 500);
	for (int i = 0; i < 2; i++) {
		got g;
		char err[256] = "";
		long s0 = switches();
		assert_int_equal(run_floor(ws[i], 1, NULL, n, &g, err, sizeof err), 0);
		long sw = switches() - s0;
		assert_true(g.last.ok);
		assert_int_equal(g.last.ops, (uint64_t)n);
		assert_true(g.have_calls);
		assert_string_equal(g.metric, "");
		assert_true(g.calls > 0 && isfinite(g.calls));
		assert_true(sw >= 2 * n - 2);
		assert_int_equal(g.samples, (n + 15) / 16); /* every 16th, as pingpong */
		assert_true(ws[i]->records_latency);
		printf("  %s, one CPU: %.0f ns per round trip, %.2f futex calls and %.2f "
		       "switches per round trip\n",
		       ws[i]->name, (double)g.last.elapsed_ns / n, g.calls, (double)sw / n);
	}
}

/* The first two CPUs of this process's mask, one set each; false with one CPU. */
static bool two_cpus(cpu_set_t sets[2])
{
	cpu_set_t mask;
	assert_int_equal(sched_getaffinity(0, sizeof mask, &mask), 0);
	int k = 0;
	for (int c = 0; c < CPU_SETSIZE && k < 2; c++)
		if (CPU_ISSET(c, &mask)) {
			CPU_ZERO(&sets[k]);
			CPU_SET(c, &sets[k]);
			k++;
		}
	return k == 2;
}

static void test_two_cpus(void **state)
{
	(void)state;
	cpu_set_t sets[2];
	got g;
	char err[256] = "";
	if (!two_cpus(sets)) {
		/* one CPU: a two-worker floor without a plan cannot start, a skip */
		assert_int_equal(run_floor(&floor_c2c_wl, 2, NULL, 10, &g, err, sizeof err),
		                 CB_EUNAVAIL);
		printf("  one CPU here: the two-worker floors are skipped (%s)\n", err);
		return;
	}
	int64_t trips = ts_iters(100000, 1000), fx = ts_iters(200, 20);
	assert_int_equal(run_floor(&floor_c2c_wl, 2, sets, trips, &g, err, sizeof err), 0);
	assert_true(g.last.ok);
	assert_int_equal(g.samples, (trips + 63) / 64); /* every 64th round trip */
	printf("  floor-c2c, two CPUs: %.0f ns per round trip\n",
	       (double)g.last.elapsed_ns / trips);
	assert_int_equal(run_floor(&floor_futex_wl, 2, sets, fx, &g, err, sizeof err), 0);
	assert_true(g.last.ok && g.have_calls);
	printf("  floor-futex, two CPUs: %.0f ns per round trip, %.2f futex calls\n",
	       (double)g.last.elapsed_ns / fx, g.calls);
}

/* What the runtime refuses: more workers than the family uses (a skip), c2c on
 * one worker (a failed setup naming the need), any task call (none here: they
 * abort by design). */
static void test_runtime_limits(void **state)
{
	(void)state;
	got g;
	char err[256] = "";
	assert_int_equal(run_floor(&floor_switch_wl, 3, NULL, 2, &g, err, sizeof err), CB_EUNAVAIL);
	assert_non_null(strstr(err, "floor"));
	assert_int_not_equal(run_floor(&floor_c2c_wl, 1, NULL, 10, &g, err, sizeof err), 0);
	assert_false(g.last.ok);
	assert_non_null(strstr(g.last.why, "two workers"));
	assert_null(rt_find(FLOOR_RUNTIME)); /* not registered: `-r all` never has it */
}

/* ---- the matrix: the family once, its keys and sizes, whatever the selection */

static void test_matrix_family(void **state)
{
	(void)state;
	const char *pairs[] = {"l3", "cross-package"};
	const workload *none[1] = {NULL};
	matrix_spec s = {.workloads = none,
	                 .nworkloads = 0,
	                 .quick = true,
	                 .have_n = true,
	                 .n = 7, /* -n is sized for the workloads: floors keep theirs */
	                 .floors = true,
	                 .floor_pairs = pairs,
	                 .nfloor_pairs = 2};
	int count = 0;
	char err[256];
	cb_config *c = matrix_expand(&s, &count, err, sizeof err);
	assert_non_null(c);
	/* switch, futex, handoff once each; futex and c2c at two workers per pair */
	assert_int_equal(count, 3 + 2 * 2);
	const char *want[] = {
	    "floor-switch/runtime=floor/chan=-/threads=1/placement=none",
	    "floor-futex/runtime=floor/chan=-/threads=1/placement=none",
	    "floor-futex/runtime=floor/chan=-/threads=2/placement=l3",
	    "floor-futex/runtime=floor/chan=-/threads=2/placement=cross-package",
	    "floor-futex-handoff/runtime=floor/chan=-/threads=1/placement=none",
	    "floor-c2c/runtime=floor/chan=-/threads=2/placement=l3",
	    "floor-c2c/runtime=floor/chan=-/threads=2/placement=cross-package",
	};
	for (int i = 0; i < count; i++) {
		assert_string_equal(c[i].key, want[i]);
		assert_ptr_equal(c[i].rt, &floor_runtime);
		assert_null(c[i].chan);
		assert_string_equal(c[i].skip_reason, "");
		assert_true(c[i].params[0] > 7); /* its quick size, not -n */
	}
	free(c);

	/* one PU: the two-worker floors are there, skipped with the reason */
	s.nfloor_pairs = 0;
	s.floor_pairs_why = "needs two PUs of one pair class; this machine has none";
	c = matrix_expand(&s, &count, err, sizeof err);
	assert_non_null(c);
	assert_int_equal(count, 5);
	int skipped = 0;
	for (int i = 0; i < count; i++) {
		if (c[i].threads == 2) {
			skipped++;
			assert_non_null(strstr(c[i].skip_reason, "this machine has none"));
			assert_non_null(strstr(c[i].skip_reason, c[i].wl->name));
		} else {
			assert_string_equal(c[i].skip_reason, "");
		}
	}
	assert_int_equal(skipped, 2);
	free(c);

	/* without --floors, none */
	s.floors = false;
	c = matrix_expand(&s, &count, err, sizeof err);
	assert_non_null(c);
	assert_int_equal(count, 0);
	free(c);
}

/* ---- the bound table (results/floors.h) against the family */

static void test_bounds(void **state)
{
	(void)state;
	const floor_bound *b[8];
	/* every bound points at a floor configuration the family runs */
	for (const floor_bound *e = floor_bounds; e->workload; e++) {
		bool found = false;
		for (int i = 0; i < floor_count() && !found; i++)
			found = strcmp(floor_at(i)->wl->name, e->floor) == 0 &&
			        floor_at(i)->threads == e->floor_threads;
		if (!found)
			fail_msg("bound %s -> %s threads=%d: no such floor", e->workload, e->floor,
			         e->floor_threads);
		assert_true(e->per_op > 0 && e->why && e->why[0]);
	}
	/* pingpong at -t 1: gmp against two switches; pthread against the hand-off
	 * floor first, then the kernel's cheapest */
	assert_int_equal(floor_bounds_for("pingpong", "gmp", 1, b, 8), 1);
	assert_string_equal(b[0]->floor, FLOOR_SWITCH);
	assert_true(b[0]->per_op == 2.0);
	assert_int_equal(floor_bounds_for("pingpong", "pthread", 1, b, 8), 2);
	assert_string_equal(b[0]->floor, FLOOR_FUTEX_HANDOFF);
	assert_string_equal(b[1]->floor, FLOOR_FUTEX);
	/* across CPUs the line's round trip bounds every runtime */
	int n = floor_bounds_for("pingpong", "go", 2, b, 8);
	bool c2c = false;
	for (int i = 0; i < n; i++)
		c2c |= strcmp(b[i]->floor, FLOOR_C2C) == 0;
	assert_true(c2c);
	assert_int_equal(floor_bounds_for("ring", "pthread", 4, b, 8), 1);
	assert_true(b[0]->per_op == 0.5);
	/* unbounded workloads and the floor rows themselves: none */
	assert_int_equal(floor_bounds_for("spawn", "gmp", 1, b, 8), 0);
	assert_int_equal(floor_bounds_for("pingpong", FLOOR_RUNTIME, 1, b, 8), 0);
	/* more bounds than room: the count says so */
	assert_int_equal(floor_bounds_for("pingpong", "pthread", 2, b, 1), 3);

	/* which floor row a bound points to */
	assert_int_equal(floor_bounds_for("pingpong", "gmp", 2, b, 8), 2);
	const floor_bound *sw = b[0], *line = b[1];
	assert_string_equal(line->floor, FLOOR_C2C);
	assert_true(floor_row_matches(sw, "", FLOOR_SWITCH, FLOOR_RUNTIME, 1, "none"));
	assert_false(floor_row_matches(sw, "", FLOOR_SWITCH, "gmp", 1, "none"));
	assert_true(floor_row_matches(line, "l3", FLOOR_C2C, FLOOR_RUNTIME, 2, "l3"));
	assert_false(floor_row_matches(line, "l3", FLOOR_C2C, FLOOR_RUNTIME, 2, "smt"));
	assert_true(floor_row_matches(line, "", FLOOR_C2C, FLOOR_RUNTIME, 2, "smt"));
	assert_true(floor_row_matches(line, NULL, FLOOR_C2C, FLOOR_RUNTIME, 2, "cross-package"));
	assert_false(floor_row_matches(line, NULL, FLOOR_FUTEX, FLOOR_RUNTIME, 2, "l3"));
	assert_true(floor_is_row(FLOOR_RUNTIME) && !floor_is_row("pthread"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_swap_preserves_callee_saved),
	    cmocka_unit_test(test_switch_counts),
	    cmocka_unit_test(test_futex_one_cpu),
	    cmocka_unit_test(test_two_cpus),
	    cmocka_unit_test(test_runtime_limits),
	    cmocka_unit_test(test_matrix_family),
	    cmocka_unit_test(test_bounds),
	};
	rts_watchdog(120);
	return cmocka_run_group_tests_name("floor", tests, NULL, NULL);
}
