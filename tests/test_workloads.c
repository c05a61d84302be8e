/*
 * test_workloads.c — every workload runs and verifies on every registered runtime
 * and every registered channel variant it supports, through exec_workload (what
 * the benchmark's child runs), at small sizes with 1 and 2 workers, and at its
 * --quick size once per runtime; a runtime that holds few live tasks makes the
 * size-driven workloads shrink and say so; memory and latency workloads report
 * what they promise.
 *
 * Variants and runtimes are iterated from their registries, so gmp and the other
 * channel variants are covered the day they land. A combination the variant
 * cannot run (a capability the workload needs is missing) is skipped with the
 * reason printed, as the harness does.
 *
 * COROBENCH_TEST_SCALE=N (support/scale.h; `make test-arm64` under qemu) divides
 * the sizes that are counts by N and runs fib and skynet's --quick check at their
 * small sizes, printing each substitution.
 */
#include "support/rt_scenarios.h"
#include "support/scale.h"
#include "support/tsan_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/measure/tsc.h"
#include "../harness/run/execute.h"
#include "../workloads/workload.h"

/* Sizes (params[0]) for the full matrix: each runs in a few ms even on pthreads on
 * one CPU (every hand-off 5-60 us), so the matrix stays in seconds. */
static const struct {
	const char *name; /* workload     */
	int64_t n;        /* params[0]    */
} small_sizes[] = {
    {"fib", 20},
    {"mpmc", 20000},
    {"mutex", 20000},
    {"pingpong", 300},
    {"pipeline", 5000},
    {"ring", 1000},
    {"sieve", 30},
    {"skynet", 100},
    {"spawn", 300},
    {"spsc", 20000},
    {"yield", 20000},
    {"echo", 2000},
    {"http", 2000},
    {"c10k", 200},
    /* issue 20: each waits for a hog's slice (10 ms on gmp) at most a few times */
    {"hog", 2000},
    {"wakeup", 5},
    {"fairshare", 200000},
    {"syscall", 2000},
};

/* The network workloads' other sizes for these runs: a few connections (c10k's
 * 10,000 is make bench's; its 1,000 of --quick runs in test_quick_sizes unless
 * SKIP_HEAVY=1, as in the sanitizer passes). */
static const struct {
	const char *wl, *param; /* workload, parameter */
	int64_t value;          /* what it is set to   */
} small_params[] = {
    {"echo", "conns", 8},
    {"http", "conns", 8},
    {"c10k", "conns", 50},
};

static bool heavy_skipped(void)
{
	const char *h = getenv("SKIP_HEAVY");
	return h && strcmp(h, "1") == 0;
}

static bool is_net(const workload *w)
{
	return !strcmp(w->name, "echo") || !strcmp(w->name, "http") || !strcmp(w->name, "c10k");
}

static int64_t small_size(const workload *w)
{
	for (size_t i = 0; i < sizeof small_sizes / sizeof small_sizes[0]; i++)
		if (strcmp(small_sizes[i].name, w->name) == 0)
			return small_sizes[i].n;
	return w->params[0].quick; /* a workload added later: its quick size */
}

/* Workloads whose size (params[0]) is not a count that COROBENCH_TEST_SCALE may
 * divide: fib's k (tasks grow 1.6x per step), skynet's power of ten. */
static bool size_is_count(const workload *w)
{
	return strcmp(w->name, "fib") != 0 && strcmp(w->name, "skynet") != 0;
}

/* The size to run under COROBENCH_TEST_SCALE (scale.h): a count divided by N but
 * not below `least`; other sizes unchanged. */
static int64_t scaled_size(const workload *w, int64_t n, int64_t least)
{
	return size_is_count(w) ? ts_iters(n, least) : n;
}

/* What a run reported through wl_measure. */
typedef struct seen {
	uint64_t samples;      /* record_ns calls                */
	uint64_t max_ns;       /* largest sample                 */
	bool peak_rss;         /* "peak_rss_bytes" reported      */
	bool bytes_per_task;   /* "bytes_per_task" reported      */
	double rss;            /* its value                      */
	bool beyond_ops;       /* "receives_beyond_ops" reported */
	double beyond;         /* its value                      */
	bool lag_max;          /* "source_lag_max_ns" reported   */
	double lag_ns;         /* its value                      */
	bool late;             /* "source_late_events" reported  */
	double late_events;    /* its value                      */
	bool switched;         /* "switched_yields" reported     */
	double switched_share; /* its value                      */
	bool jain;             /* "fairness_jain" reported       */
	double jain_index;     /* its value                      */
	bool wake_late;        /* "wakeup_late_ns" reported      */
	bool preempts;         /* "preemptions" reported (gmp)   */
	bool client_busy;      /* "client_busy" reported (net)   */
	bool bytes_per_conn;   /* "bytes_per_conn" (c10k)        */
} seen;

static void seen_record(wl_measure *m, uint64_t ns)
{
	seen *s = m->impl;
	s->samples++;
	if (ns > s->max_ns)
		s->max_ns = ns;
}

static void seen_metric(wl_measure *m, const char *name, double v)
{
	seen *s = m->impl;
	if (strcmp(name, "peak_rss_bytes") == 0) {
		s->peak_rss = true;
		s->rss = v;
	} else if (strcmp(name, "bytes_per_task") == 0) {
		s->bytes_per_task = true;
	} else if (strcmp(name, "receives_beyond_ops") == 0) {
		s->beyond_ops = true;
		s->beyond = v;
	} else if (strcmp(name, "source_lag_max_ns") == 0) {
		s->lag_max = true;
		s->lag_ns = v;
	} else if (strcmp(name, "source_late_events") == 0) {
		s->late = true;
		s->late_events = v;
	} else if (strcmp(name, "client_busy") == 0) {
		s->client_busy = v >= 0;
	} else if (strcmp(name, "bytes_per_conn") == 0) {
		s->bytes_per_conn = true;
	} else if (strcmp(name, "switched_yields") == 0) {
		s->switched = true;
		s->switched_share = v;
	} else if (strcmp(name, "fairness_jain") == 0) {
		s->jain = true;
		s->jain_index = v;
	} else if (strcmp(name, "wakeup_late_ns") == 0) {
		s->wake_late = true;
	} else if (strcmp(name, "preemptions") == 0) {
		s->preempts = true;
	}
}

/* Last repetition's report. */
typedef struct last_rep {
	exec_rep rep; /* copied from on_rep */
	int count;    /* reps reported      */
} last_rep;

static void keep_rep(void *arg, const exec_rep *r)
{
	last_rep *l = arg;
	l->rep = *r;
	l->count++;
}

/* test_quick_sizes: the network workloads at their --quick connection counts */
static bool quick_net;

/* Runs w once at params[0] = n; fails the test unless it verified. */
static exec_rep run_one(const rt_runtime *rt, const chan_variant *v, const workload *w, int workers,
                        int64_t n, seen *s)
{
	*s = (seen){0};
	wl_measure m = {
	    .record_ns = seen_record, .metric = seen_metric, .ns_per_tick = 1.0, .impl = s};
	last_rep last = {0};
	exec_request req = {.wl = w,
	                    .chan = v,
	                    .workers = workers,
	                    .warmup = 0,
	                    .reps = 1,
	                    .measure = &m,
	                    .on_rep = keep_rep,
	                    .arg = &last};
	for (int i = 0; i < w->nparams; i++)
		req.params[i] = w->params[i].def;
	req.params[0] = n;
	for (size_t i = 0; i < sizeof small_params / sizeof small_params[0]; i++) {
		int k = wl_param_index(w, small_params[i].param);
		if (strcmp(small_params[i].wl, w->name) != 0 || k <= 0)
			continue; /* n (k = 0) is the caller's */
		req.params[k] =
		    quick_net && !heavy_skipped() ? w->params[k].quick : small_params[i].value;
	}
	char err[256];
	assert_true(w->validate(req.params, err, sizeof err));
	rt_config cfg = {.workers = workers};
	int rc = exec_workload(rt, &cfg, NULL, &req, err, sizeof err);
	if (rc != 0)
		fail_msg("%s on %s/%s -t %d n=%lld: %s", w->name, rt->name, v ? v->name : "-",
		         workers, (long long)n, err);
	assert_int_equal(last.count, 1);
	assert_true(last.rep.ok);
	assert_true(last.rep.ops > 0);
	assert_true(last.rep.cpu_ns > 0); /* the process's CPU time, counters or not */
	assert_true(s->preempts == (rt->stats != NULL)); /* rt_stats reach the metrics */
	return last.rep;
}

/* The variants w can run on: NULL alone when it uses none. Returns the count. */
static int variants_for(const workload *w, const chan_variant **out, int max)
{
	if (!w->uses_chan) {
		out[0] = NULL;
		return 1;
	}
	int n = 0;
	for (int i = 0; i < chan_variant_count() && n < max; i++) {
		const chan_variant *v = chan_variant_at(i);
		if ((v->caps & w->chan_caps) != w->chan_caps) {
			char need[160], has[160];
			chan_caps_string(w->chan_caps, need, sizeof need);
			chan_caps_string(v->caps, has, sizeof has);
			printf("  skip %s on variant %s: needs %s, has %s\n", w->name, v->name,
			       need, has);
			continue;
		}
		out[n++] = v;
	}
	return n;
}

static void check_reports(const workload *w, const seen *s)
{
	if (w->records_latency)
		assert_true(s->samples > 0);
	if (strcmp(w->name, "skynet") == 0 || strcmp(w->name, "spawn") == 0) {
		assert_true(s->peak_rss && s->bytes_per_task);
		assert_true(s->rss > 1 << 20); /* a process holds more than 1 MiB */
	}
	/* Every number up to p_K passes its whole path before main gets p_K (channels
	 * are FIFO), so the receives counted can only exceed ops(), never fall short. */
	if (strcmp(w->name, "sieve") == 0)
		assert_true(s->beyond_ops && s->beyond >= 0);
	/* yield measures how many of its yields switched: a share, never assumed */
	if (strcmp(w->name, "yield") == 0)
		assert_true(s->switched && s->switched_share >= 0 && s->switched_share <= 1);
	/* the network workloads: the client's own CPU use, c10k's memory per conn */
	if (is_net(w))
		assert_true(s->client_busy);
	if (strcmp(w->name, "c10k") == 0)
		assert_true(s->bytes_per_conn);
	/* A closed-loop source has no schedule to fall behind. */
	assert_false(s->lag_max || s->late);
	/* Jain's index lies in [1/K, 1]; K = 4 by default */
	if (strcmp(w->name, "fairshare") == 0)
		assert_true(s->jain && s->jain_index >= 0.25 - 1e-9 && s->jain_index <= 1 + 1e-9);
	if (strcmp(w->name, "wakeup") == 0)
		assert_true(s->wake_late);
}

static void test_every_combination(void **unused)
{
	(void)unused;
	int runs = 0;
	for (int r = 0; r < rt_count(); r++)
		for (int i = 0; i < wl_count(); i++) {
			const workload *w = wl_at(i);
			const chan_variant *vs[64];
			int nv = variants_for(w, vs, 64);
			for (int v = 0; v < nv; v++)
				for (int workers = 1; workers <= 2; workers++) {
					if (TSAN_SPINNER_WORKLOADS(rt_at(r)->name, w->name)) {
						printf("  skip %s on %s: %s\n", w->name,
						       rt_at(r)->name, TSAN_SPINNER_REASON);
						continue;
					}
					seen s;
					int64_t n = scaled_size(w, small_size(w), 50);
					exec_rep rep = run_one(rt_at(r), vs[v], w, workers, n, &s);
					assert_int_equal(rep.params[0], n);
					check_reports(w, &s);
					runs++;
				}
		}
	printf("  %d runs verified over %d runtimes, %d variants, %d workloads\n", runs, rt_count(),
	       chan_variant_count(), wl_count());
	assert_true(runs > 0);
}

static void test_quick_sizes(void **unused)
{
	(void)unused;
	for (int r = 0; r < rt_count(); r++)
		for (int i = 0; i < wl_count(); i++) {
			const workload *w = wl_at(i);
			const chan_variant *vs[64];
			if (variants_for(w, vs, 64) == 0 ||
			    TSAN_SPINNER_WORKLOADS(rt_at(r)->name, w->name))
				continue;
			/* Scaled (scale.h): a count divided by N, down to the small size;
			 * fib and skynet at their small size (thousands of tasks: on
			 * pthreads under qemu, each thread creation costs milliseconds). */
			int64_t quick = w->params[0].quick, n = quick;
			if (ts_scale() > 1) {
				n = size_is_count(w) ? scaled_size(w, quick, small_size(w))
				                     : small_size(w);
				printf("  %s --quick on %s: n=%lld instead of %lld "
				       "(COROBENCH_TEST_SCALE)\n",
				       w->name, rt_at(r)->name, (long long)n, (long long)quick);
			}
			seen s;
			quick_net = is_net(w);
			if (quick_net && heavy_skipped())
				printf(
				    "  %s --quick on %s: small connection counts (SKIP_HEAVY=1)\n",
				    w->name, rt_at(r)->name);
			exec_rep rep = run_one(rt_at(r), vs[0], w, 2, n, &s);
			quick_net = false;
			check_reports(w, &s);
			if (rep.params[0] != n)
				printf("  %s --quick on %s reduced from %lld to %lld\n", w->name,
				       rt_at(r)->name, (long long)n, (long long)rep.params[0]);
		}
}

/* A runtime that holds 200 live tasks: the pthread table with a lower limit. */
static void test_reduction_to_live_task_limit(void **unused)
{
	(void)unused;
	const rt_runtime *base = rt_find("pthread");
	if (!base)
		skip();
	rt_runtime small = *base;
	small.max_live_tasks = 200;
	const chan_variant *vs[64];
	static const struct {
		const char *name;       /* workload                     */
		int64_t asked, reduced; /* params[0] requested and used */
	} cases[] = {
	    {"skynet", 1000, 100},  /* 1,111 tasks > 199; 111 fit          */
	    {"spawn", 500, 199},    /* 199 besides the main task           */
	    {"sieve", 300, 199},    /* K-1 filters + the generator         */
	    {"fib", 27, 25},        /* s(27) = 376, s(26) = 232, s(25) = 143 */
	    {"pingpong", 300, 300}, /* two tasks: nothing to reduce       */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const workload *w = wl_find(cases[i].name);
		assert_non_null(w);
		assert_true(variants_for(w, vs, 64) > 0);
		seen s;
		exec_rep rep = run_one(&small, vs[0], w, 2, cases[i].asked, &s);
		assert_int_equal(rep.params[0], cases[i].reduced);
	}
}

/* pipeline with rate > 0: the source is open loop, so the run cannot end before
 * the last event is due ((n-1)/rate after the start: a lower bound, never a timed
 * upper limit), every sample still verifies, and the source says how it kept its
 * schedule (how late, and for how many events: anything from 0 to N on a busy
 * machine, so only the range is asserted). */
static void test_pipeline_open_loop(void **unused)
{
	(void)unused;
	const workload *w = wl_find("pipeline");
	const chan_variant *vs[64];
	if (rt_count() == 0 || variants_for(w, vs, 64) == 0)
		skip();
	enum { N = 2000, RATE = 200000 }; /* 5 us apart: 10 ms */
	seen s = {0};
	wl_measure m = {.record_ns = seen_record,
	                .metric = seen_metric,
	                .ns_per_tick = tsc_ns_per_tick(),
	                .impl = &s};
	last_rep last = {0};
	exec_request req = {.wl = w,
	                    .chan = vs[0],
	                    .workers = 2,
	                    .reps = 1,
	                    .measure = &m,
	                    .on_rep = keep_rep,
	                    .arg = &last};
	req.params[0] = N;
	req.params[wl_param_index(w, "workers")] = 2;
	req.params[wl_param_index(w, "rate")] = RATE;
	rt_config cfg = {.workers = 2};
	char err[256];
	for (int r = 0; r < rt_count(); r++) {
		last.count = 0;
		s = (seen){0};
		if (exec_workload(rt_at(r), &cfg, NULL, &req, err, sizeof err) != 0)
			fail_msg("pipeline rate=%d on %s: %s", RATE, rt_at(r)->name, err);
		assert_true(last.rep.ok);
		assert_true(s.samples > 0 && s.samples <= N / 8);
		double due_ns = (double)(N - 1) * 1e9 / RATE;
		assert_true((double)last.rep.elapsed_ns >= 0.99 * due_ns);
		assert_true(s.lag_max && s.lag_ns >= 0);
		assert_true(s.late && s.late_events >= 0 && s.late_events <= N);
		printf("# %s: source up to %.0f us late, %.0f of %d events late\n", rt_at(r)->name,
		       s.lag_ns / 1e3, s.late_events, N);
	}
}

/* ring's 503 tasks are its definition: a runtime that cannot hold them is refused
 * with a reason, never run with a smaller ring. */
/* yield at one worker on gmp: two yielders share the P, so every yield but the
 * last one (the second task alone at its end) resumes the other; the share is
 * measured from the slots, not assumed. Above 0.9 leaves room for the OS moving
 * the one M between CPUs (a moved yield is counted as not switched). */
static void test_yield_switches_at_one_worker(void **unused)
{
	(void)unused;
	const rt_runtime *gmp = rt_find("gmp");
	if (!gmp)
		skip();
	seen s;
	run_one(gmp, NULL, wl_find("yield"), 1, 20000, &s);
	printf("  gmp -t 1: %.5f of the yields switched\n", s.switched_share);
	assert_true(s.switched && s.switched_share > 0.9 && s.switched_share <= 1);
}

static void test_ring_refuses_small_runtime(void **unused)
{
	(void)unused;
	const rt_runtime *base = rt_find("pthread");
	const workload *w = wl_find("ring");
	const chan_variant *vs[64];
	if (!base || variants_for(w, vs, 64) == 0)
		skip();
	rt_runtime small = *base;
	small.max_live_tasks = 200;
	last_rep last = {0};
	exec_request req = {
	    .wl = w, .chan = vs[0], .workers = 1, .reps = 1, .on_rep = keep_rep, .arg = &last};
	req.params[0] = 100;
	rt_config cfg = {.workers = 1};
	char err[256] = "";
	assert_int_equal(exec_workload(&small, &cfg, NULL, &req, err, sizeof err), -1);
	assert_false(last.rep.ok);
	assert_non_null(strstr(err, "504"));
	assert_non_null(strstr(err, "200"));
}

int main(void)
{
	rts_watchdog(240);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_combination),
	    cmocka_unit_test(test_quick_sizes),
	    cmocka_unit_test(test_reduction_to_live_task_limit),
	    cmocka_unit_test(test_ring_refuses_small_runtime),
	    cmocka_unit_test(test_yield_switches_at_one_worker),
	    cmocka_unit_test(test_pipeline_open_loop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
