/* rt_scenarios.c — see rt_scenarios.h. Sizes are chosen so that every scenario
 * takes well under a second on pthreads on the 2-vCPU reference machine, also under
 * the sanitizers, while still running each racy path thousands of times. */
#include "rt_scenarios.h"
#include "tsan_build.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- failure recording and the runner */

static atomic_int fails;     /* RTS_EXPECT failures since the last rts_run  */
static char first_fail[512]; /* the first one, written by whoever counted 1 */

void rts_expect(bool ok, const char *what, const char *file, int line)
{
	if (ok)
		return;
	if (atomic_fetch_add(&fails, 1) == 0)
		snprintf(first_fail, sizeof first_fail, "%s:%d: expected %s", file, line, what);
}

uint64_t rts_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Counts of the thread hooks, which may run on several threads at once. */
typedef struct hook_count {
	atomic_int starts; /* on_thread_start calls */
	atomic_int exits;  /* on_thread_exit calls  */
} hook_count;

static void hook_start(void *a)
{
	atomic_fetch_add(&((hook_count *)a)->starts, 1);
}
static void hook_exit(void *a)
{
	atomic_fetch_add(&((hook_count *)a)->exits, 1);
}

void rts_run(const rt_runtime *rt, int workers, rt_fn fn, void *arg)
{
	rts_run_cfg(rt, &(rt_config){.workers = workers}, fn, arg);
}

void rts_run_cfg(const rt_runtime *rt, const rt_config *cfg, rt_fn fn, void *arg)
{
	assert_non_null(rt);
	int workers = cfg->workers;
	atomic_store(&fails, 0);
	first_fail[0] = '\0';
	hook_count hc = {0};
	rt_thread_hooks hooks = {
	    .on_thread_start = hook_start, .on_thread_exit = hook_exit, .arg = &hc};
	rt_use(rt);
	int rc = rt->start(cfg, &hooks);
	if (rc != 0)
		fail_msg("%s: start(workers=%d) failed: %s", rt->name, workers, strerror(-rc));
	rc = rt->run_main(fn, arg);
	rt->stop();
	if (rc != 0)
		fail_msg("%s: run_main failed: %s", rt->name, strerror(-rc));
	if (atomic_load(&fails))
		fail_msg("%s (t=%d): %d failed expectation(s); first: %s", rt->name, workers,
		         atomic_load(&fails), first_fail);
	assert_true(atomic_load(&hc.starts) >= 1);
	assert_int_equal(atomic_load(&hc.starts), atomic_load(&hc.exits));
}

void rts_watchdog(unsigned seconds)
{
	signal(SIGALRM, SIG_DFL);
	alarm(seconds * TSAN_SLOWDOWN);
}

/* ---- a counting semaphore over park/ready, the smallest real user of the contract */

typedef struct sema {
	rt_spinlock lock; /* guards count and q  */
	int count;        /* posts not yet taken */
	rt_waitq q;       /* parked waiters      */
} sema;

static void sema_post(sema *s)
{
	rt_spin_lock(&s->lock);
	rt_waiter *w = rt_waitq_pop(&s->q);
	if (!w)
		s->count++;
	rt_spin_unlock(&s->lock);
	if (w)
		rt_ready(w->task);
}

static void sema_wait(sema *s)
{
	rt_spin_lock(&s->lock);
	if (s->count > 0) {
		s->count--;
		rt_spin_unlock(&s->lock);
		return;
	}
	rt_waiter w = {.task = rt_self()};
	rt_waitq_push(&s->q, &w);
	rt_park(rt_unlock_spinlock, &s->lock);
}

/* ---- spawn and join */

#define SPAWN_PARENTS  20 /* tasks main spawns                          */
#define SPAWN_CHILDREN 10 /* tasks each of them spawns: 220 tasks total */

typedef struct spawn_state {
	rt_waitgroup wg;                /* every task, parents and children     */
	atomic_int ran;                 /* tasks that ran                        */
	rt_task *main_self;             /* the main task's rt_self()             */
	rt_task *selves[SPAWN_PARENTS]; /* each parent's rt_self()     */
} spawn_state;

typedef struct spawn_arg {
	spawn_state *st; /* shared */
	int index;       /* parent index, or -1 for a child */
} spawn_arg;

static void spawn_child(void *p)
{
	spawn_state *st = p;
	RTS_EXPECT(rt_self() != NULL);
	atomic_fetch_add(&st->ran, 1);
	rt_wg_done(&st->wg);
}

static void spawn_parent(void *p)
{
	spawn_arg *a = p;
	spawn_state *st = a->st;
	rt_task *me = rt_self();
	RTS_EXPECT(me != NULL && me != st->main_self);
	st->selves[a->index] = me;
	rt_wg_add(&st->wg, SPAWN_CHILDREN);
	for (int i = 0; i < SPAWN_CHILDREN; i++)
		RTS_EXPECT(rt_go(spawn_child, st) == 0);
	/* While we are alive, rt_self() must stay ours. */
	RTS_EXPECT(rt_self() == me);
	/* Stay alive until every task ran, so that the selves[] are all live at once
	 * and must differ. */
	atomic_fetch_add(&st->ran, 1);
	while (atomic_load(&st->ran) < SPAWN_PARENTS * (SPAWN_CHILDREN + 1))
		rt_yield();
	for (int i = 0; i < SPAWN_PARENTS; i++)
		RTS_EXPECT(i == a->index || st->selves[i] != me);
	rt_wg_done(&st->wg);
}

static void spawn_main(void *p)
{
	spawn_state *st = p;
	spawn_arg args[SPAWN_PARENTS];
	st->main_self = rt_self();
	RTS_EXPECT(st->main_self != NULL);
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, SPAWN_PARENTS);
	for (int i = 0; i < SPAWN_PARENTS; i++) {
		args[i] = (spawn_arg){.st = st, .index = i};
		RTS_EXPECT(rt_go(spawn_parent, &args[i]) == 0);
	}
	rt_wg_wait(&st->wg);
	RTS_EXPECT(atomic_load(&st->ran) == SPAWN_PARENTS * (SPAWN_CHILDREN + 1));
}

void rts_spawn_join(const rt_runtime *rt, int workers)
{
	spawn_state st = {0};
	rts_run(rt, workers, spawn_main, &st);
	assert_int_equal(atomic_load(&st.ran), SPAWN_PARENTS * (SPAWN_CHILDREN + 1));
}

/* ---- park/ready races. The parker publishes itself from inside its unlock
 * callback, so the readier can ready it before the callback has even returned,
 * and often before the parker reaches its sleep: the window a lost wake-up needs. */

#define RACE_ITERS 20000 /* parks per run: ~0.1-0.5 s on pthreads here */

typedef struct race_state {
	_Atomic(rt_task *) slot; /* the published parker, or NULL          */
	rt_waitgroup wg;         /* the two tasks                           */
	int parks;               /* completed parks (parker only)           */
	atomic_int readies;      /* readies about to be issued: counted just
	                          * before rt_ready, so a park that returns
	                          * with readies < parks returned too early */
} race_state;

static bool publish(rt_task *self, void *p)
{
	atomic_store(&((race_state *)p)->slot, self);
	return true;
}

static void race_parker(void *p)
{
	race_state *st = p;
	for (int i = 0; i < RACE_ITERS; i++) {
		rt_park(publish, st);
		st->parks++;
		RTS_EXPECT(atomic_load(&st->readies) >= st->parks);
	}
	rt_wg_done(&st->wg);
}

static void race_readier(void *p)
{
	race_state *st = p;
	for (int i = 0; i < RACE_ITERS; i++) {
		rt_task *t;
		int spins = 0;
		while ((t = atomic_exchange(&st->slot, NULL)) == NULL)
			if (++spins % 64 == 0) /* on one worker the parker needs the CPU */
				rt_yield();
		atomic_fetch_add(&st->readies, 1);
		rt_ready(t);
	}
	rt_wg_done(&st->wg);
}

static void race_main(void *p)
{
	race_state *st = p;
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, 2);
	RTS_EXPECT(rt_go(race_parker, st) == 0);
	RTS_EXPECT(rt_go(race_readier, st) == 0);
	rt_wg_wait(&st->wg);
}

void rts_park_ready_race(const rt_runtime *rt, int workers)
{
	race_state st = {0};
	rts_run(rt, workers, race_main, &st);
	assert_int_equal(st.parks, RACE_ITERS);
	assert_int_equal(atomic_load(&st.readies), RACE_ITERS);
}

/* Several pairs ping-pong through semaphores: park/ready under a lock, many
 * threads at once, both directions. */
#define PAIRS      3    /* pairs running at once                     */
#define PAIR_ITERS 3000 /* round trips per pair: 2 parks each         */

typedef struct pair_state {
	sema ping, pong;  /* the two directions                          */
	int pings, pongs; /* round trips each side completed             */
	rt_waitgroup *wg; /* shared: every pair's two tasks              */
} pair_state;

static void pair_a(void *p)
{
	pair_state *s = p;
	for (int i = 0; i < PAIR_ITERS; i++) {
		sema_post(&s->ping);
		sema_wait(&s->pong);
		s->pings++;
	}
	rt_wg_done(s->wg);
}

static void pair_b(void *p)
{
	pair_state *s = p;
	for (int i = 0; i < PAIR_ITERS; i++) {
		sema_wait(&s->ping);
		sema_post(&s->pong);
		s->pongs++;
	}
	rt_wg_done(s->wg);
}

typedef struct pairs_state {
	pair_state pair[PAIRS]; /* the pairs             */
	rt_waitgroup wg;        /* all 2*PAIRS tasks     */
} pairs_state;

static void pairs_main(void *p)
{
	pairs_state *st = p;
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, 2 * PAIRS);
	for (int i = 0; i < PAIRS; i++) {
		st->pair[i].wg = &st->wg;
		RTS_EXPECT(rt_go(pair_a, &st->pair[i]) == 0);
		RTS_EXPECT(rt_go(pair_b, &st->pair[i]) == 0);
	}
	rt_wg_wait(&st->wg);
}

void rts_park_ready_pairs(const rt_runtime *rt, int workers)
{
	pairs_state st = {0};
	rts_run(rt, workers, pairs_main, &st);
	for (int i = 0; i < PAIRS; i++) {
		assert_int_equal(st.pair[i].pings, PAIR_ITERS);
		assert_int_equal(st.pair[i].pongs, PAIR_ITERS);
		assert_int_equal(st.pair[i].ping.count, 0);
		assert_int_equal(st.pair[i].pong.count, 0);
	}
}

/* ---- ready from inside the unlock callback, and unlock cancelling the park */

#define CALLBACK_ITERS 2000

static bool ready_self(rt_task *self, void *p)
{
	(*(int *)p)++;
	rt_ready(self);
	return true;
}

static bool cancel(rt_task *self, void *p)
{
	(void)self;
	(*(int *)p)++;
	return false;
}

typedef struct callback_state {
	int calls;        /* unlock callbacks run      */
	int returns;      /* parks that returned       */
	race_state after; /* a real park/ready after   */
} callback_state;

static void after_readier(void *p)
{
	race_state *st = p;
	rt_task *t;
	while ((t = atomic_exchange(&st->slot, NULL)) == NULL)
		rt_yield();
	atomic_fetch_add(&st->readies, 1);
	rt_ready(t);
	rt_wg_done(&st->wg);
}

/* After the loop, one real park must still sleep until readied: a stale wake
 * token left by the loop would make it return at once, before the readier
 * counted its ready. */
static void then_real_park(race_state *st)
{
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, 1);
	RTS_EXPECT(rt_go(after_readier, st) == 0);
	rt_park(publish, st);
	st->parks++;
	RTS_EXPECT(atomic_load(&st->readies) == 1);
	rt_wg_wait(&st->wg);
}

static void ready_in_unlock_main(void *p)
{
	callback_state *st = p;
	for (int i = 0; i < CALLBACK_ITERS; i++) {
		rt_park(ready_self, &st->calls);
		st->returns++;
	}
	then_real_park(&st->after);
}

static void cancels_main(void *p)
{
	callback_state *st = p;
	for (int i = 0; i < CALLBACK_ITERS; i++) {
		rt_park(cancel, &st->calls);
		st->returns++;
	}
	then_real_park(&st->after);
}

void rts_ready_in_unlock(const rt_runtime *rt, int workers)
{
	callback_state st = {0};
	rts_run(rt, workers, ready_in_unlock_main, &st);
	assert_int_equal(st.calls, CALLBACK_ITERS);
	assert_int_equal(st.returns, CALLBACK_ITERS);
	assert_int_equal(st.after.parks, 1);
}

void rts_unlock_cancels(const rt_runtime *rt, int workers)
{
	callback_state st = {0};
	rts_run(rt, workers, cancels_main, &st);
	assert_int_equal(st.calls, CALLBACK_ITERS);
	assert_int_equal(st.returns, CALLBACK_ITERS);
	assert_int_equal(st.after.parks, 1);
}

/* ---- wait group: zero returns at once, several waiters all released, reuse */

#define WG_TASKS   64 /* tasks calling done        */
#define WG_WAITERS 4  /* tasks waiting besides main */
#define WG_ROUNDS  3  /* reuse of the same group    */

typedef struct wg_state {
	rt_waitgroup wg;      /* under test                                  */
	rt_waitgroup waiters; /* the waiter tasks, so main can join them     */
	atomic_int done;      /* done() calls made this round                 */
	atomic_int released;  /* waiters that returned from wait, all rounds  */
} wg_state;

static void wg_worker(void *p)
{
	wg_state *st = p;
	atomic_fetch_add(&st->done, 1);
	rt_wg_done(&st->wg);
}

static void wg_waiter(void *p)
{
	wg_state *st = p;
	rt_wg_wait(&st->wg);
	RTS_EXPECT(atomic_load(&st->done) == WG_TASKS);
	atomic_fetch_add(&st->released, 1);
	rt_wg_done(&st->waiters);
}

static void wg_main(void *p)
{
	wg_state *st = p;
	rt_wg_init(&st->wg);
	rt_wg_init(&st->waiters);
	rt_wg_wait(&st->wg); /* zero: returns at once */
	for (int round = 0; round < WG_ROUNDS; round++) {
		atomic_store(&st->done, 0);
		rt_wg_add(&st->wg, WG_TASKS);
		rt_wg_add(&st->waiters, WG_WAITERS);
		for (int i = 0; i < WG_WAITERS; i++)
			RTS_EXPECT(rt_go(wg_waiter, st) == 0);
		for (int i = 0; i < WG_TASKS; i++)
			RTS_EXPECT(rt_go(wg_worker, st) == 0);
		rt_wg_wait(&st->wg);
		RTS_EXPECT(atomic_load(&st->done) == WG_TASKS);
		rt_wg_wait(&st->waiters);
	}
}

void rts_waitgroup(const rt_runtime *rt, int workers)
{
	wg_state st = {0};
	rts_run(rt, workers, wg_main, &st);
	assert_int_equal(atomic_load(&st.released), WG_ROUNDS * WG_WAITERS);
}

/* ---- mutex: a plain counter under contention, and an occupancy check */

#define MUTEX_TASKS 4
#define MUTEX_ITERS 20000

typedef struct mutex_state {
	rt_mutex m;          /* under test                                   */
	int64_t counter;     /* plain, only touched under m                   */
	atomic_int inside;   /* tasks inside the critical section right now   */
	atomic_int overlaps; /* times two tasks were inside at once            */
	rt_waitgroup wg;     /* the tasks                                      */
} mutex_state;

static void mutex_worker(void *p)
{
	mutex_state *st = p;
	for (int i = 0; i < MUTEX_ITERS; i++) {
		rt_mutex_lock(&st->m);
		if (atomic_fetch_add_explicit(&st->inside, 1, memory_order_relaxed) != 0)
			atomic_fetch_add(&st->overlaps, 1);
		st->counter++;
		if (i % 1000 == 0)
			rt_yield(); /* sometimes hold it across a yield: forces the slow path */
		atomic_fetch_sub_explicit(&st->inside, 1, memory_order_relaxed);
		rt_mutex_unlock(&st->m);
	}
	rt_wg_done(&st->wg);
}

static void mutex_main(void *p)
{
	mutex_state *st = p;
	rt_mutex_init(&st->m);
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, MUTEX_TASKS);
	for (int i = 0; i < MUTEX_TASKS; i++)
		RTS_EXPECT(rt_go(mutex_worker, st) == 0);
	rt_wg_wait(&st->wg);
}

void rts_mutex_counter(const rt_runtime *rt, int workers)
{
	mutex_state st = {0};
	rts_run(rt, workers, mutex_main, &st);
	assert_int_equal(st.counter, (int64_t)MUTEX_TASKS * MUTEX_ITERS);
	assert_int_equal(atomic_load(&st.overlaps), 0);
}

/* ---- mutex starvation: a task that re-takes the mutex as soon as it lets go (and
 * holds it across a yield) must not keep a waiter out forever: after 1 ms the
 * waiter turns starvation mode on and unlock hands the mutex to it. The hog gives
 * up after STARVE_HOG_MAX rounds (0.1 s even at 25 ns a round, against the 1 ms
 * threshold), so a mutex that lets barging starve a waiter fails instead of hanging. */

#define STARVE_HOG_MAX 4000000

typedef struct starve_state {
	rt_mutex m;             /* under test                                  */
	atomic_bool got;        /* the waiter had the mutex                     */
	long hog_rounds;        /* lock/yield/unlock rounds the hog did         */
	rt_waitgroup wg;        /* hog and waiter                               */
	rt_waitgroup hog_holds; /* the hog has taken the mutex once       */
} starve_state;

static void starve_hog(void *p)
{
	starve_state *st = p;
	bool first = true;
	while (!atomic_load(&st->got) && st->hog_rounds < STARVE_HOG_MAX) {
		rt_mutex_lock(&st->m);
		if (first) {
			rt_wg_done(&st->hog_holds);
			first = false;
		}
		rt_yield(); /* holding it: the waiter, if it runs now, finds it taken */
		st->hog_rounds++;
		rt_mutex_unlock(&st->m);
	}
	rt_wg_done(&st->wg);
}

static void starve_waiter(void *p)
{
	starve_state *st = p;
	rt_mutex_lock(&st->m);
	atomic_store(&st->got, true);
	rt_mutex_unlock(&st->m);
	rt_wg_done(&st->wg);
}

static void starve_main(void *p)
{
	starve_state *st = p;
	rt_mutex_init(&st->m);
	rt_wg_init(&st->wg);
	rt_wg_init(&st->hog_holds);
	rt_wg_add(&st->wg, 2);
	rt_wg_add(&st->hog_holds, 1);
	RTS_EXPECT(rt_go(starve_hog, st) == 0);
	rt_wg_wait(&st->hog_holds); /* the waiter arrives while the hog holds it */
	RTS_EXPECT(rt_go(starve_waiter, st) == 0);
	rt_wg_wait(&st->wg);
}

void rts_mutex_starvation(const rt_runtime *rt, int workers)
{
	starve_state st = {0};
	rts_run(rt, workers, starve_main, &st);
	if (!atomic_load(&st.got))
		fail_msg("the waiter never got the mutex in %ld hog rounds", st.hog_rounds);
}

/* ---- yield: two tasks yield back and forth and both finish */

#define YIELDS 2000

typedef struct yield_state {
	atomic_int loops; /* yield loops completed */
	rt_waitgroup wg;  /* the two tasks         */
} yield_state;

static void yielder(void *p)
{
	yield_state *st = p;
	for (int i = 0; i < YIELDS; i++)
		rt_yield();
	atomic_fetch_add(&st->loops, 1);
	rt_wg_done(&st->wg);
}

static void yield_main(void *p)
{
	yield_state *st = p;
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, 2);
	RTS_EXPECT(rt_go(yielder, st) == 0);
	RTS_EXPECT(rt_go(yielder, st) == 0);
	rt_wg_wait(&st->wg);
}

void rts_yield(const rt_runtime *rt, int workers)
{
	yield_state st = {0};
	rts_run(rt, workers, yield_main, &st);
	assert_int_equal(atomic_load(&st.loops), 2);
}

/* ---- sleep: at least the time asked; wake order follows the durations. The
 * durations are 40 ms apart, so only a scheduling delay of 40 ms could reorder
 * them: a noisy machine makes a thread late by microseconds to a few ms. */

#define SLEEPERS    3
#define SLEEP_GAPNS 40000000u /* 40 ms */

typedef struct sleep_state {
	atomic_int ticket;       /* wake order counter                         */
	int order[SLEEPERS];     /* order[k] = k-th to wake                    */
	uint64_t t0;             /* common start: deadlines are t0 + k * gap    */
	uint64_t woke[SLEEPERS]; /* when each sleeper was running again, ns     */
	rt_waitgroup wg;         /* the sleepers                               */
} sleep_state;

typedef struct sleeper_arg {
	sleep_state *st; /* shared                          */
	int index;       /* sleeps (index+1) * SLEEP_GAPNS  */
} sleeper_arg;

static void sleeper(void *p)
{
	sleeper_arg *a = p;
	/* absolute deadlines from one start, so a late thread start does not shift
	 * its own deadline */
	uint64_t deadline = a->st->t0 + (uint64_t)(a->index + 1) * SLEEP_GAPNS, now = rts_now_ns();
	if (deadline > now)
		rt_sleep_ns(deadline - now);
	a->st->woke[a->index] = rts_now_ns();
	a->st->order[atomic_fetch_add(&a->st->ticket, 1)] = a->index;
	rt_wg_done(&a->st->wg);
}

static void sleep_main(void *p)
{
	sleep_state *st = p;
	sleeper_arg args[SLEEPERS];
	rt_wg_init(&st->wg);
	rt_wg_add(&st->wg, SLEEPERS);
	st->t0 = rts_now_ns();
	for (int i = SLEEPERS - 1; i >= 0; i--) { /* longest first */
		args[i] = (sleeper_arg){.st = st, .index = i};
		RTS_EXPECT(rt_go(sleeper, &args[i]) == 0);
	}
	rt_wg_wait(&st->wg);
}

void rts_sleep_order(const rt_runtime *rt, int workers)
{
	sleep_state st = {0};
	rts_run(rt, workers, sleep_main, &st);
	/* Never early: that is what sleep promises, on any machine. */
	uint64_t worst_late = 0;
	for (int i = 0; i < SLEEPERS; i++) {
		uint64_t deadline = st.t0 + (uint64_t)(i + 1) * SLEEP_GAPNS;
		assert_true(st.woke[i] >= deadline);
		if (st.woke[i] - deadline > worst_late)
			worst_late = st.woke[i] - deadline;
	}
	/* In deadline order -- unless the machine ran a sleeper later than half the
	 * gap between deadlines (a CI host at load 50 on 2 CPUs does): then an
	 * inversion says nothing about the runtime, only about the host. */
	if (worst_late < SLEEP_GAPNS / 2) {
		for (int i = 0; i < SLEEPERS; i++)
			assert_int_equal(st.order[i], i);
	} else {
		print_message("sleep_order: a sleeper woke %.1f ms late (host overloaded); "
		              "order not judged\n",
		              worst_late / 1e6);
	}
}

/* ---- stop() waits for tasks main left running (runtimes that promise it). */

#define LEFT_TASKS 8

static void left_behind(void *p)
{
	rt_sleep_ns(20000000); /* 20 ms: main and run_main are long gone */
	atomic_fetch_add((atomic_int *)p, 1);
}

static void leave_main(void *p)
{
	for (int i = 0; i < LEFT_TASKS; i++)
		RTS_EXPECT(rt_go(left_behind, p) == 0);
}

void rts_stop_waits(const rt_runtime *rt, int workers)
{
	atomic_int finished = 0;
	rts_run(rt, workers, leave_main, &finished);
	assert_int_equal(atomic_load(&finished), LEFT_TASKS);
}

/* ---- the table and the cmocka glue */

const rts_scenario rts_scenarios[] = {
    {"spawn_join", rts_spawn_join},
    {"park_ready_race", rts_park_ready_race},
    {"park_ready_pairs", rts_park_ready_pairs},
    {"ready_in_unlock", rts_ready_in_unlock},
    {"unlock_cancels", rts_unlock_cancels},
    {"waitgroup", rts_waitgroup},
    {"mutex_counter", rts_mutex_counter},
    {"mutex_starvation", rts_mutex_starvation},
    {"yield", rts_yield},
    {"sleep_order", rts_sleep_order},
};
const int rts_scenario_count = sizeof rts_scenarios / sizeof rts_scenarios[0];

/* What one generated test runs. */
typedef struct rts_case {
	const rts_scenario *s; /* the scenario    */
	const char *rt_name;   /* runtime to find */
	int workers;           /* -t              */
} rts_case;

static void run_case(void **state)
{
	const rts_case *c = *state;
	const rt_runtime *rt = rt_find(c->rt_name);
	if (!rt)
		fail_msg("runtime %s is not registered", c->rt_name);
	c->s->fn(rt, c->workers);
}

#define MAX_CASES 128 /* 9 scenarios x a few worker counts x a few runtimes */

static rts_case cases[MAX_CASES]; /* static: they must outlive the test run */
static char names[MAX_CASES][96]; /* "runtime/scenario/t=N"                 */
static int ncases;                /* used entries                           */

int rts_main(const char *group, const char *rt_name, const struct CMUnitTest *own, size_t nown)
{
	/* 48 for the shared cases (10 scenarios x 2 worker counts today) + 16 own */
	static struct CMUnitTest tests[64];
	static const int workers[] = {1, 2};
	int n = rts_add_tests(tests, 48, rt_name, workers, 2);
	if (nown > 16) {
		fprintf(stderr, "rts_main: %zu own tests, at most 16 fit\n", nown);
		abort();
	}
	for (size_t i = 0; i < nown; i++)
		tests[n++] = own[i];
	rts_watchdog(120);
	return _cmocka_run_group_tests(group, tests, (size_t)n, NULL, NULL);
}

int rts_add_tests(struct CMUnitTest *tests, int max, const char *rt_name, const int *workers,
                  int nworkers)
{
	int n = 0;
	for (int i = 0; i < rts_scenario_count; i++)
		for (int w = 0; w < nworkers && n < max && ncases < MAX_CASES; w++) {
			rts_case *c = &cases[ncases];
			char *name = names[ncases++];
			*c = (rts_case){
			    .s = &rts_scenarios[i], .rt_name = rt_name, .workers = workers[w]};
			snprintf(name, sizeof names[0], "%s/%s/t=%d", rt_name,
			         rts_scenarios[i].name, workers[w]);
			tests[n++] = (struct CMUnitTest){
			    .name = name, .test_func = run_case, .initial_state = c};
		}
	return n;
}
