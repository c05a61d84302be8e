/*
 * test_gmp.c — the gmp runtime's scheduler semantics: the runtime-generic scenarios
 * of support/rt_scenarios.c on one P and two, then what is particular to gmp:
 * spawning from inside Gs, nested waits, a million short Gs, park/ready races under
 * stress on two Ps, shutdown with Gs blocked forever, thread hooks on every M,
 * pinning, a yield-free G and a G blocked in a system call not starving the others
 * (preemption, the hand-off of a P; test_gmp_preempt has the rest), misuse of
 * start/run_main.
 *
 * No timed assertions: only orders, counts and liveness (a hang trips the
 * watchdog).
 */
#include "support/rt_scenarios.h"
#include "support/tsan_build.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const rt_runtime *gmp_rt(void)
{
	const rt_runtime *rt = rt_find("gmp");
	assert_non_null(rt);
	return rt;
}

/* ---- spawn from inside Gs: a tree, every node spawns its children */

#define TREE_FANOUT 4
/* 4^0 + ... + 4^7 = 21845 Gs; under TSan (a fiber per G struct, tsan_build.h)
 * 4^0 + ... + 4^5 = 1365 */
#define TREE_DEPTH (TSAN_BUILD ? 5 : 7)

typedef struct tree {
	rt_waitgroup wg; /* every node */
	atomic_long ran; /* nodes that ran */
} tree;

typedef struct tnode {
	tree *t;   /* shared */
	int depth; /* remaining levels below */
} tnode;

static void tree_node(void *arg)
{
	tnode *n = arg;
	atomic_fetch_add(&n->t->ran, 1);
	if (n->depth > 0) {
		rt_wg_add(&n->t->wg, TREE_FANOUT);
		for (int i = 0; i < TREE_FANOUT; i++) {
			tnode *c = malloc(sizeof *c);
			RTS_EXPECT(c != NULL);
			*c = (tnode){.t = n->t, .depth = n->depth - 1};
			RTS_EXPECT(rt_go(tree_node, c) == 0);
		}
	}
	tree *t = n->t;
	free(n);
	rt_wg_done(&t->wg);
}

static void tree_main(void *arg)
{
	tree *t = arg;
	rt_wg_init(&t->wg);
	rt_wg_add(&t->wg, 1);
	tnode *root = malloc(sizeof *root);
	*root = (tnode){.t = t, .depth = TREE_DEPTH};
	RTS_EXPECT(rt_go(tree_node, root) == 0);
	rt_wg_wait(&t->wg);
}

static void test_spawn_tree(void **state)
{
	(void)state;
	for (int w = 1; w <= 2; w++) {
		tree t = {0};
		rts_run(gmp_rt(), w, tree_main, &t);
		long want = 0;
		for (long l = 0, k = 1; l <= TREE_DEPTH; l++, k *= TREE_FANOUT)
			want += k;
		assert_int_equal(atomic_load(&t.ran), want);
	}
}

/* ---- nested waits: each level waits for the level below through its own wg,
 * which lives on its stack (a parked G's stack stays valid while it waits) */

typedef struct nest {
	int depth;           /* levels below this one           */
	atomic_long *leaves; /* leaves reached                   */
	rt_waitgroup *up;    /* the parent's wait group          */
} nest;

static void nest_level(void *arg)
{
	nest *n = arg;
	if (n->depth > 0) {
		rt_waitgroup wg;
		rt_wg_init(&wg);
		nest kids[3];
		rt_wg_add(&wg, 3);
		for (int i = 0; i < 3; i++) {
			kids[i] = (nest){.depth = n->depth - 1, .leaves = n->leaves, .up = &wg};
			RTS_EXPECT(rt_go(nest_level, &kids[i]) == 0);
		}
		rt_wg_wait(&wg);
	} else {
		atomic_fetch_add(n->leaves, 1);
	}
	rt_wg_done(n->up);
}

/* 3^8 = 6561 leaves, every level parked meanwhile (9841 live Gs); under TSan 3^6 =
 * 729 leaves (1093 Gs: tsan_build.h) */
#define NEST_DEPTH  (TSAN_BUILD ? 6 : 8)
#define NEST_LEAVES (TSAN_BUILD ? 729 : 6561)

static void nest_main(void *arg)
{
	rt_waitgroup wg;
	rt_wg_init(&wg);
	rt_wg_add(&wg, 1);
	nest root = {.depth = NEST_DEPTH, .leaves = arg, .up = &wg};
	RTS_EXPECT(rt_go(nest_level, &root) == 0);
	rt_wg_wait(&wg);
}

static void test_nested_waits(void **state)
{
	(void)state;
	for (int w = 1; w <= 2; w++) {
		atomic_long leaves = 0;
		rts_run(gmp_rt(), w, nest_main, &leaves);
		assert_int_equal(atomic_load(&leaves), NEST_LEAVES);
	}
}

/* ---- a million short Gs, from one spawner and from many */

/* Under TSan a spawner outrunning the other P keeps most of them queued, each a G
 * struct and so a TSan fiber once run (tsan_build.h): TSAN_MAX_LIVE_GS then. */
#define MILLION (TSAN_BUILD ? TSAN_MAX_LIVE_GS : 1000000)

typedef struct many {
	rt_waitgroup wg; /* every short G                 */
	atomic_long ran; /* how many ran                  */
	int spawners;    /* 1: main spawns all of them    */
} many;

static void short_g(void *arg)
{
	many *m = arg;
	atomic_fetch_add_explicit(&m->ran, 1, memory_order_relaxed);
	rt_wg_done(&m->wg);
}

static void spawner(void *arg)
{
	many *m = arg;
	for (int i = 0; i < MILLION / m->spawners; i++)
		RTS_EXPECT(rt_go(short_g, m) == 0);
	rt_wg_done(&m->wg);
}

static void many_main(void *arg)
{
	many *m = arg;
	rt_wg_init(&m->wg);
	rt_wg_add(&m->wg, MILLION + m->spawners);
	for (int i = 0; i < m->spawners; i++)
		RTS_EXPECT(rt_go(spawner, m) == 0);
	rt_wg_wait(&m->wg);
}

static void test_million_short(void **state)
{
	(void)state;
	many m = {.spawners = 1};
	rts_run(gmp_rt(), 2, many_main, &m);
	assert_int_equal(atomic_load(&m.ran), MILLION);
	m = (many){.spawners = 100};
	rts_run(gmp_rt(), 2, many_main, &m);
	assert_int_equal(atomic_load(&m.ran), MILLION);
}

/* ---- park/ready stress on two Ps: pairs hand a token back and forth with raw
 * park/ready, the waker sometimes readying before the parker's callback ran */

#define PAIRS  32
#define ROUNDS 5000

typedef struct slot {
	rt_spinlock lock; /* guards waiter and full */
	rt_task *waiter;  /* parked on this slot    */
	bool full;        /* a token is here        */
} slot;

typedef struct pair {
	slot s[2];         /* s[i]: the token for side i */
	atomic_long turns; /* hand-offs completed          */
} pair;

static void slot_put(slot *s)
{
	rt_spin_lock(&s->lock);
	rt_task *w = s->waiter;
	s->waiter = NULL;
	s->full = true;
	rt_spin_unlock(&s->lock);
	if (w)
		rt_ready(w);
}

static void slot_take(slot *s)
{
	rt_spin_lock(&s->lock);
	while (!s->full) {
		s->waiter = rt_self();
		rt_park(rt_unlock_spinlock, &s->lock);
		rt_spin_lock(&s->lock);
	}
	s->full = false;
	rt_spin_unlock(&s->lock);
}

typedef struct side {
	pair *p;          /* the pair                 */
	int me;           /* 0 or 1                   */
	rt_waitgroup *wg; /* done when all rounds ran */
} side;

static void side_run(void *arg)
{
	side *s = arg;
	for (int r = 0; r < ROUNDS; r++) {
		slot_take(&s->p->s[s->me]);
		atomic_fetch_add(&s->p->turns, 1);
		if (r % 7 == 0)
			rt_yield();
		slot_put(&s->p->s[1 - s->me]);
	}
	rt_wg_done(s->wg);
}

static void pairs_main(void *arg)
{
	pair *ps = arg;
	side sides[PAIRS][2];
	rt_waitgroup wg;
	rt_wg_init(&wg);
	rt_wg_add(&wg, 2 * PAIRS);
	for (int i = 0; i < PAIRS; i++)
		for (int k = 0; k < 2; k++) {
			sides[i][k] = (side){.p = &ps[i], .me = k, .wg = &wg};
			RTS_EXPECT(rt_go(side_run, &sides[i][k]) == 0);
		}
	for (int i = 0; i < PAIRS; i++)
		slot_put(&ps[i].s[0]);
	rt_wg_wait(&wg);
}

static void test_park_ready_stress(void **state)
{
	(void)state;
	static pair ps[PAIRS];
	memset(ps, 0, sizeof ps);
	rts_run(gmp_rt(), 2, pairs_main, ps);
	for (int i = 0; i < PAIRS; i++)
		assert_int_equal(atomic_load(&ps[i].turns), 2 * ROUNDS);
}

/* ---- shutdown with Gs blocked forever, and with Gs still sleeping */

#define FOREVER 1000

static bool park_forever(rt_task *self, void *arg)
{
	(void)self;
	atomic_fetch_add((atomic_int *)arg, 1);
	return true; /* nobody will ever ready us */
}

static void blocked_g(void *arg)
{
	rt_park(park_forever, arg);
}

typedef struct shutdown {
	atomic_int parked; /* Gs that reached their park callback */
	atomic_int slept;  /* sleepers that woke and finished     */
} shutdown;

static void sleeper(void *arg)
{
	rt_sleep_ns(10000000);
	atomic_fetch_add(&((shutdown *)arg)->slept, 1);
}

static void shutdown_main(void *arg)
{
	shutdown *s = arg;
	for (int i = 0; i < FOREVER; i++)
		RTS_EXPECT(rt_go(blocked_g, &s->parked) == 0);
	for (int i = 0; i < 4; i++)
		RTS_EXPECT(rt_go(sleeper, s) == 0);
}

static void test_shutdown_blocked(void **state)
{
	(void)state;
	for (int w = 1; w <= 2; w++) {
		shutdown s = {0};
		rts_run(gmp_rt(), w, shutdown_main, &s); /* stop() must return */
		assert_int_equal(atomic_load(&s.parked), FOREVER);
		assert_int_equal(atomic_load(&s.slept), 4); /* it waited for the sleepers */
	}
	rts_stop_waits(gmp_rt(), 1);
	rts_stop_waits(gmp_rt(), 2);
}

/* ---- thread hooks run on every M, before any G, and exits balance starts */

typedef struct hooks_seen {
	atomic_int starts, exits; /* calls       */
	atomic_int bad;           /* hook seen on a thread already running Gs */
} hooks_seen;

static __thread bool ran_a_g;
static void on_start(void *a)
{
	if (ran_a_g)
		atomic_fetch_add(&((hooks_seen *)a)->bad, 1);
	atomic_fetch_add(&((hooks_seen *)a)->starts, 1);
}
static void on_exit_hook(void *a)
{
	atomic_fetch_add(&((hooks_seen *)a)->exits, 1);
}

static void mark_g(void *arg)
{
	ran_a_g = true;
	rt_wg_done(arg);
}

static void hooks_main(void *arg)
{
	(void)arg;
	rt_waitgroup wg;
	rt_wg_init(&wg);
	rt_wg_add(&wg, 1000);
	for (int i = 0; i < 1000; i++)
		rt_go(mark_g, &wg);
	rt_wg_wait(&wg);
}

static void test_hooks_every_m(void **state)
{
	(void)state;
	const rt_runtime *rt = gmp_rt();
	rt_use(rt);
	for (int w = 1; w <= 3; w++) {
		hooks_seen h = {0};
		rt_thread_hooks hooks = {
		    .on_thread_start = on_start, .on_thread_exit = on_exit_hook, .arg = &h};
		assert_int_equal(rt->start(&(rt_config){.workers = w}, &hooks), 0);
		assert_int_equal(atomic_load(&h.starts),
		                 w); /* all Ms started before start returns */
		assert_int_equal(rt->run_main(hooks_main, NULL), 0);
		assert_int_equal(rt->run_main(hooks_main, NULL), 0); /* run_main twice */
		rt->stop();
		assert_int_equal(atomic_load(&h.exits), w);
		assert_int_equal(atomic_load(&h.bad), 0);
	}
}

/* ---- pinning: each M runs on its P's CPU set */

static void affinity_main(void *arg)
{
	RTS_EXPECT(sched_getaffinity(0, sizeof(cpu_set_t), arg) == 0);
}

static void test_pinning(void **state)
{
	(void)state;
	cpu_set_t mine;
	assert_int_equal(sched_getaffinity(0, sizeof mine, &mine), 0);
	int last = -1;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &mine))
			last = c;
	assert_true(last >= 0);
	cpu_set_t pin;
	CPU_ZERO(&pin);
	CPU_SET(last, &pin);
	const rt_runtime *rt = gmp_rt();
	rt_use(rt);
	assert_int_equal(rt->start(&(rt_config){.workers = 1, .pin_sets = &pin}, NULL), 0);
	cpu_set_t seen;
	assert_int_equal(rt->run_main(affinity_main, &seen), 0);
	rt->stop();
	assert_true(CPU_EQUAL(&seen, &pin));
	/* a CPU outside the machine fails start with a message-worthy errno */
	cpu_set_t bad;
	CPU_ZERO(&bad);
	CPU_SET(CPU_SETSIZE - 1, &bad);
	assert_true(rt->start(&(rt_config){.workers = 1, .pin_sets = &bad}, NULL) < 0);
}

/* ---- a yield-free G does not starve the others; nor does a blocking syscall */

static void set_flag(void *arg)
{
	atomic_store((atomic_int *)arg, 1);
}

RT_PREEMPTIBLE static void spin_until(atomic_int *flag)
{
	while (!atomic_load(flag))
		rt_cpu_relax();
}

static void spin_main(void *arg)
{
	atomic_int flag = 0;
	(void)arg;
	/* set_flag lands in this P's runnext; this G then never yields: only a
	 * stealing P (t=2) or preemption (t=1) can run it. */
	RTS_EXPECT(rt_go(set_flag, &flag) == 0);
	spin_until(&flag);
}

static void write_pipe(void *arg)
{
	int *fds = arg;
	RTS_EXPECT(write(fds[1], "x", 1) == 1);
}

static void syscall_main(void *arg)
{
	(void)arg;
	int fds[2];
	RTS_EXPECT(pipe(fds) == 0);
	RTS_EXPECT(rt_go(write_pipe, fds) == 0);
	char c;
	rt_syscall_enter(); /* at t=1 write_pipe runs only once the P is handed off */
	ssize_t got = read(fds[0], &c, 1);
	rt_syscall_exit();
	RTS_EXPECT(got == 1);
	close(fds[0]);
	close(fds[1]);
}

static void test_no_starvation(void **state)
{
	(void)state;
	for (int w = 1; w <= 2; w++) {
		if (TSAN_BUILD && w == 1) /* at one P only a preemption runs set_flag */
			printf("  spin at t=1 skipped: %s\n", TSAN_SPINNER_REASON);
		else
			rts_run(gmp_rt(), w, spin_main, NULL);
		rts_run(gmp_rt(), w, syscall_main, NULL);
	}
	assert_true(gmp_rt()->caps & RT_CAP_PREEMPT);
	assert_true(gmp_rt()->caps & RT_CAP_MANY_TASKS);
}

/* ---- misuse */

static void nop(void *arg)
{
	(void)arg;
}

static void nested_run_main(void *arg)
{
	*(int *)arg = rt_current->run_main(nop, NULL);
}

static void test_misuse(void **state)
{
	(void)state;
	const rt_runtime *rt = gmp_rt();
	rt_use(rt);
	assert_int_equal(rt->start(&(rt_config){.workers = 0}, NULL), -EINVAL);
	assert_int_equal(rt->start(NULL, NULL), -EINVAL);
	assert_int_equal(rt->go(nop, NULL), -EINVAL); /* not started */
	assert_int_equal(rt->run_main(nop, NULL), -EINVAL);
	assert_int_equal(rt->start(&(rt_config){.workers = 1}, NULL), 0);
	assert_int_equal(rt->start(&(rt_config){.workers = 1}, NULL), -EBUSY);
	int rc = 0;
	assert_int_equal(rt->run_main(nested_run_main, &rc), 0);
	assert_int_equal(rc, -EDEADLK);
	assert_null(rt->self()); /* outside any G */
	rt->stop();
	rt->stop(); /* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest own[] = {
	    cmocka_unit_test(test_spawn_tree),       cmocka_unit_test(test_nested_waits),
	    cmocka_unit_test(test_million_short),    cmocka_unit_test(test_park_ready_stress),
	    cmocka_unit_test(test_shutdown_blocked), cmocka_unit_test(test_hooks_every_m),
	    cmocka_unit_test(test_pinning),          cmocka_unit_test(test_no_starvation),
	    cmocka_unit_test(test_misuse),
	};
	return rts_main("gmp", "gmp", own, sizeof own / sizeof own[0]);
}
