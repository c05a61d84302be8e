/*
 * test_rt_pthread.c — rt.h on the pthread runtime: the runtime-generic scenarios of
 * support/rt_scenarios.c on one CPU and two, then what is particular to pthreads
 * (CPU confinement for -t and pin sets, SCHED_BATCH on every task thread, stack
 * sizes, limits, start/stop misuse, stop waiting for threads left running) and the
 * abort-on-misuse of rt_sync.
 */
#include "support/rt_scenarios.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const rt_runtime *pthread_rt(void)
{
	const rt_runtime *rt = rt_find("pthread");
	assert_non_null(rt);
	return rt;
}

/* ---- CPU confinement and scheduling policy, seen from inside a task */

typedef struct cpu_probe {
	cpu_set_t seen; /* the task thread's affinity        */
	size_t stack;   /* its stack size, bytes             */
	int policy;     /* its scheduling policy             */
	int depth;      /* 0: probe the main task; 1: a go() thread it spawns; 2: a go()
	                 * thread that thread spawns */
} cpu_probe;

static void probe_here(cpu_probe *p)
{
	pthread_attr_t a;
	RTS_EXPECT(sched_getaffinity(0, sizeof p->seen, &p->seen) == 0);
	RTS_EXPECT(pthread_getattr_np(pthread_self(), &a) == 0);
	RTS_EXPECT(pthread_attr_getstacksize(&a, &p->stack) == 0);
	pthread_attr_destroy(&a);
	p->policy = sched_getscheduler(0);
}

typedef struct probe_step {
	cpu_probe *p;     /* where the answer goes          */
	int left;         /* spawns still to go             */
	rt_waitgroup *wg; /* the spawner waits on it, NULL at depth 0 */
} probe_step;

static void probe_down(void *arg)
{
	probe_step *s = arg;
	if (s->left == 0) {
		probe_here(s->p);
	} else {
		rt_waitgroup wg;
		rt_wg_init(&wg);
		rt_wg_add(&wg, 1);
		probe_step next = {.p = s->p, .left = s->left - 1, .wg = &wg};
		RTS_EXPECT(rt_go(probe_down, &next) == 0);
		rt_wg_wait(&wg);
	}
	if (s->wg)
		rt_wg_done(s->wg);
}

static void probe_main(void *arg)
{
	cpu_probe *p = arg;
	probe_step s = {.p = p, .left = p->depth};
	probe_down(&s);
}

static void run_probe(const rt_config *cfg, cpu_probe *p)
{
	const rt_runtime *rt = pthread_rt();
	rt_use(rt);
	assert_int_equal(rt->start(cfg, NULL), 0);
	assert_int_equal(rt->run_main(probe_main, p), 0);
	rt->stop();
}

/* Whether this process may switch a thread to SCHED_BATCH (a seccomp filter or an
 * exotic scheduler may refuse): tried on a scratch thread. */
static void *try_batch(void *ok)
{
	struct sched_param none = {.sched_priority = 0};
	*(bool *)ok = sched_setscheduler(0, SCHED_BATCH, &none) == 0;
	return NULL;
}

static bool batch_allowed(void)
{
	bool ok = false;
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, try_batch, &ok), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	return ok;
}

static int first_cpu(const cpu_set_t *s)
{
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, s))
			return c;
	return -1;
}

static void test_t1_is_one_cpu(void **state)
{
	(void)state;
	cpu_set_t mine;
	assert_int_equal(sched_getaffinity(0, sizeof mine, &mine), 0);
	for (int depth = 0; depth < 3; depth++) {
		cpu_probe p = {.depth = depth};
		run_probe(&(rt_config){.workers = 1}, &p);
		assert_int_equal(CPU_COUNT(&p.seen), 1);
		assert_int_equal(first_cpu(&p.seen), first_cpu(&mine));
	}
}

static void test_pin_sets_union(void **state)
{
	(void)state;
	cpu_set_t mine, sets[2];
	assert_int_equal(sched_getaffinity(0, sizeof mine, &mine), 0);
	int cpu = first_cpu(&mine), last = cpu;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &mine))
			last = c;
	CPU_ZERO(&sets[0]);
	CPU_ZERO(&sets[1]);
	CPU_SET(last, &sets[0]); /* one worker on the last CPU */
	cpu_probe p = {.depth = 1};
	run_probe(&(rt_config){.workers = 1, .pin_sets = sets}, &p);
	assert_int_equal(CPU_COUNT(&p.seen), 1);
	assert_true(CPU_ISSET(last, &p.seen));
	CPU_SET(cpu, &sets[1]); /* two workers: the union of both sets */
	p = (cpu_probe){.depth = 1};
	run_probe(&(rt_config){.workers = 2, .pin_sets = sets}, &p);
	assert_int_equal(CPU_COUNT(&p.seen), cpu == last ? 1 : 2);
	assert_true(CPU_ISSET(cpu, &p.seen) && CPU_ISSET(last, &p.seen));
}

static void test_stack_sizes(void **state)
{
	(void)state;
	cpu_probe p = {.depth = 1};
	run_probe(&(rt_config){.workers = 1}, &p); /* default: 256 KiB */
	assert_true(p.stack >= 256u << 10 && p.stack < 1u << 20);
	p = (cpu_probe){.depth = 1};
	run_probe(&(rt_config){.workers = 1, .stack_size = 3u << 20}, &p);
	assert_true(p.stack >= 3u << 20);
	p = (cpu_probe){.depth = 1};
	run_probe(&(rt_config){.workers = 1, .stack_size = 1}, &p); /* rounded up, works */
	assert_true(p.stack >= 4096);
}

/* Every task thread runs SCHED_BATCH (pt_runtime.c says why): the run_main thread
 * sets it, go() threads inherit it, at any depth; the harness thread keeps its own. */
static void test_batch_policy(void **state)
{
	(void)state;
	int expect = batch_allowed() ? SCHED_BATCH : SCHED_OTHER;
	if (expect != SCHED_BATCH)
		print_message("SCHED_BATCH refused here: task threads stay SCHED_OTHER\n");
	for (int depth = 0; depth < 3; depth++) {
		cpu_probe p = {.depth = depth};
		run_probe(&(rt_config){.workers = 2}, &p);
		assert_int_equal(p.policy, expect);
	}
	assert_int_equal(sched_getscheduler(0), SCHED_OTHER);
}

/* A process started under another policy keeps it: the runtime replaces only
 * SCHED_OTHER. Run from a scratch thread switched to SCHED_IDLE (no privilege
 * needed, and the test thread's own policy is left alone: leaving SCHED_IDLE
 * may need one); cmocka asserts only on the test thread. */
typedef struct idle_run {
	bool idle_ok;   /* the scratch thread got SCHED_IDLE          */
	int rc;         /* start + run_main                           */
	cpu_probe p[3]; /* depth 0, 1, 2                              */
} idle_run;

static void *run_under_idle(void *arg)
{
	idle_run *r = arg;
	struct sched_param none = {.sched_priority = 0};
	r->idle_ok = sched_setscheduler(0, SCHED_IDLE, &none) == 0;
	const rt_runtime *rt = rt_find("pthread");
	rt_use(rt);
	r->rc = rt->start(&(rt_config){.workers = 1}, NULL);
	for (int depth = 0; depth < 3 && r->rc == 0; depth++) {
		r->p[depth].depth = depth;
		r->rc = rt->run_main(probe_main, &r->p[depth]);
	}
	rt->stop();
	return NULL;
}

static void test_other_policy_kept(void **state)
{
	(void)state;
	idle_run r = {0};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, run_under_idle, &r), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(r.rc, 0);
	if (!r.idle_ok)
		skip();
	for (int depth = 0; depth < 3; depth++)
		assert_int_equal(r.p[depth].policy, SCHED_IDLE);
}

/* go() from a thread that is not a task (outside rt.h's contract, but it must
 * not escape the CPUs or the policy): the new thread is confined and SCHED_BATCH
 * all the same. */
static void probe_alone(void *arg)
{
	cpu_probe *p = arg;
	probe_here(p);
}

static void test_go_from_foreign_thread(void **state)
{
	(void)state;
	const rt_runtime *rt = pthread_rt();
	cpu_set_t mine;
	assert_int_equal(sched_getaffinity(0, sizeof mine, &mine), 0);
	cpu_probe p = {0};
	rt_use(rt);
	assert_int_equal(rt->start(&(rt_config){.workers = 1}, NULL), 0);
	assert_int_equal(rt->go(probe_alone, &p), 0);
	rt->stop(); /* waits for the go() thread */
	assert_int_equal(CPU_COUNT(&p.seen), 1);
	assert_int_equal(first_cpu(&p.seen), first_cpu(&mine));
	assert_int_equal(p.policy, batch_allowed() ? SCHED_BATCH : SCHED_OTHER);
	assert_int_equal(sched_getscheduler(0), SCHED_OTHER);
}

static void test_bad_configs(void **state)
{
	(void)state;
	const rt_runtime *rt = pthread_rt();
	cpu_set_t mine;
	assert_int_equal(sched_getaffinity(0, sizeof mine, &mine), 0);
	rt_use(rt);
	assert_int_equal(rt->start(&(rt_config){.workers = 0}, NULL), -EINVAL);
	assert_int_equal(rt->start(&(rt_config){.workers = CPU_COUNT(&mine) + 1}, NULL), -EINVAL);
	assert_int_equal(rt->go(probe_alone, NULL), -EINVAL); /* not started */
	assert_int_equal(rt->start(&(rt_config){.workers = 1}, NULL), 0);
	assert_int_equal(rt->start(&(rt_config){.workers = 1}, NULL), -EBUSY);
	rt->stop();
	rt->stop(); /* twice is harmless */
}

static void test_limits_and_caps(void **state)
{
	(void)state;
	const rt_runtime *rt = pthread_rt();
	assert_true(rt->max_live_tasks >= 1 && rt->max_live_tasks <= 10240); /* pt_limits.c's cap */
	assert_true(rt->caps & RT_CAP_PREEMPT);
	assert_false(rt->caps & RT_CAP_MANY_TASKS);
	rt_use(rt);
	assert_int_equal(rt->start(&(rt_config){.workers = 1, .stack_size = 8u << 20}, NULL), 0);
	assert_true(rt->max_live_tasks >= 1 && rt->max_live_tasks <= 10240); /* pt_limits.c's cap */
	rt->stop();
}

static void test_stop_waits(void **state)
{
	(void)state;
	rts_stop_waits(pthread_rt(), 1);
	rts_stop_waits(pthread_rt(), 2);
}

/* ---- misuse of rt_sync aborts with a message (checked in a forked child) */

static void wg_negative(void)
{
	rt_waitgroup wg;
	rt_wg_init(&wg);
	rt_wg_add(&wg, 2);
	rt_wg_done(&wg);
	rt_wg_done(&wg);
	rt_wg_done(&wg); /* counter -1 */
}

static void mutex_unlock_unlocked(void)
{
	rt_mutex m;
	rt_mutex_init(&m);
	rt_mutex_unlock(&m);
}

static void expect_abort(void (*fn)(void))
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void test_sync_misuse_aborts(void **state)
{
	(void)state;
	expect_abort(wg_negative);
	expect_abort(mutex_unlock_unlocked);
}

int main(void)
{
	const struct CMUnitTest own[] = {
	    cmocka_unit_test(test_t1_is_one_cpu),
	    cmocka_unit_test(test_pin_sets_union),
	    cmocka_unit_test(test_stack_sizes),
	    cmocka_unit_test(test_bad_configs),
	    cmocka_unit_test(test_limits_and_caps),
	    cmocka_unit_test(test_stop_waits),
	    cmocka_unit_test(test_sync_misuse_aborts),
	    cmocka_unit_test(test_batch_policy),
	    cmocka_unit_test(test_go_from_foreign_thread),
	    cmocka_unit_test(test_other_policy_kept),
	};
	return rts_main("rt_pthread", "pthread", own, sizeof own / sizeof own[0]);
}
