/*
 * test_gmp_stack.c — gmp's stacks: a guard page stops an overflowing G (checked in
 * a forked child, which must die on the guard page and nowhere else); past the
 * guard budget a canary catches an overrun at the G's next switch; live Gs do not
 * cost one mapping each (vm.max_map_count); a G gets at least the stack size
 * configured; neighbouring stacks are coloured (their tops on different cache
 * lines); and the memory a live parked G costs is reported.
 */
#include "support/rt_scenarios.h"
#include "support/tsan_build.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../runtimes/gmp/asan.h"
#include "../runtimes/gmp/gmp.h"

static const rt_runtime *gmp_rt(void)
{
	const rt_runtime *rt = rt_find("gmp");
	assert_non_null(rt);
	return rt;
}

/* Runs fn(arg) as the main task of a fresh one-P gmp in a forked child and
 * returns the child's wait status. */
static int in_child(rt_fn fn, void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const rt_runtime *rt = rt_find("gmp");
		rt_use(rt);
		if (rt->start(&(rt_config){.workers = 1}, NULL) != 0)
			_exit(90);
		rt->run_main(fn, arg);
		rt->stop();
		_exit(0); /* the overflow went unnoticed */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

/* ---- a guard page under every stack (within the budget) */

#define GUARD_HIT  42 /* the fault was on this G's guard page */
#define GUARD_MISS 43 /* a fault somewhere else                */

static char *guard_lo, *guard_hi; /* the overflowing G's guard page */

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	char *a = si->si_addr;
	_exit(a >= guard_lo && a < guard_hi ? GUARD_HIT : GUARD_MISS);
}

static volatile int forever = 1; /* never cleared: the recursion only ends on the guard */

static int recurse(int depth)
{
	volatile char buf[512];
	buf[0] = (char)depth;
	return forever ? recurse(depth + 1) + buf[0] : 0;
}

static void overflow_main(void *arg)
{
	(void)arg;
	gmp_g *g = (gmp_g *)rt_self();
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	/* A pooled stack's slot is a page longer than its stack (colouring, stack.c):
	 * its bottom, hi - size, lies 0 to 3 KiB above the slot's page-aligned bottom,
	 * under which the guard page is; a whole page above it at colour 0. */
	guard_hi = g->stack_hi - gmp_g_stack_size(g) - 1;
	guard_hi = (char *)((uintptr_t)guard_hi & ~(uintptr_t)(page - 1)); /* page-aligned */
	guard_lo = guard_hi - page;
	static char alt[64 << 10];
	stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt};
	sigaltstack(&ss, NULL); /* on this M: the handler cannot run on the G's stack */
	struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_ONSTACK};
	sigaction(SIGSEGV, &sa, NULL); /* replaces ASan's, if any */
	recurse(0);
}

static void overflow_spawner(void *arg)
{
	rt_waitgroup *wg = arg;
	(void)wg;
	RTS_EXPECT(rt_go(overflow_main, NULL) == 0); /* a pooled (slab) stack, not main's */
	rt_sleep_ns(1000000000);
}

static void test_guard_page(void **state)
{
	(void)state;
	int st = in_child(overflow_spawner, NULL);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), GUARD_HIT);
}

/* ---- past the guard budget: the canary catches an overrun at the next switch */

static void overrun_g(void *arg)
{
	(void)arg;
	gmp_g *g = (gmp_g *)rt_self();
	uint64_t *below = *(uint64_t **)g->stack_hi; /* the word an overflow hits first */
	if (!below)
		_exit(91); /* expected an unguarded neighbour */
	*below = 0;        /* what an overflow by a few bytes would do */
	rt_yield();        /* the switch checks the canary */
	rt_sleep_ns(1000);
}

static void overrun_main(void *arg)
{
	(void)arg;
	RTS_EXPECT(rt_go(overrun_g, NULL) == 0);
	rt_sleep_ns(1000000000);
}

static void test_canary_unguarded(void **state)
{
	(void)state;
	gmp_stack_guard_override = 0; /* no guard pages at all: every slab unguarded */
	int st = in_child(overrun_main, NULL);
	gmp_stack_guard_override = -1;
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
}

/* ---- live Gs do not need a mapping each; memory per live G */

#define LIVE 60000 /* beyond the guard budget of the default max_map_count / 4 */

typedef struct live {
	rt_spinlock lock;  /* guards parked and the waiters   */
	rt_task **waiters; /* every parked G                  */
	int parked;        /* how many parked so far          */
	rt_waitgroup all_parked, all_done;
	long maps_half, maps_full; /* /proc/self/maps lines at LIVE/2 and LIVE */
	long rss0, rss1;           /* resident pages before and with LIVE parked */
} live;

static long maps_lines(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static long rss_pages(void)
{
	long size, res;
	FILE *f = fopen("/proc/self/statm", "r");
	if (fscanf(f, "%ld %ld", &size, &res) != 2)
		res = -1;
	fclose(f);
	return res;
}

static bool park_live(rt_task *self, void *arg)
{
	live *l = arg;
	l->waiters[l->parked++] = self;
	rt_spin_unlock(&l->lock);
	rt_wg_done(&l->all_parked);
	return true;
}

static void live_g(void *arg)
{
	live *l = arg;
	rt_spin_lock(&l->lock);
	rt_park(park_live, l);
	rt_wg_done(&l->all_done);
}

static void live_main(void *arg)
{
	live *l = arg;
	rt_wg_init(&l->all_parked);
	rt_wg_init(&l->all_done);
	l->rss0 = rss_pages();
	for (int half = 0; half < 2; half++) {
		rt_wg_add(&l->all_parked, LIVE / 2);
		rt_wg_add(&l->all_done, LIVE / 2);
		for (int i = 0; i < LIVE / 2; i++)
			RTS_EXPECT(rt_go(live_g, l) == 0);
		rt_wg_wait(&l->all_parked);
		if (half == 0)
			l->maps_half = maps_lines();
	}
	l->maps_full = maps_lines();
	l->rss1 = rss_pages();
	rt_spin_lock(&l->lock);
	int n = l->parked;
	rt_spin_unlock(&l->lock);
	for (int i = 0; i < n; i++)
		rt_ready(l->waiters[i]);
	rt_wg_wait(&l->all_done);
}

static void test_live_gs_mappings(void **state)
{
	(void)state;
	if (TSAN_BUILD) { /* 60000 fibers: past TSan's thread limit (tsan_build.h) */
		printf("# skip under TSan: %d live Gs would be %d TSan fibers\n", LIVE, LIVE);
		skip();
	}
	live *l = calloc(1, sizeof *l);
	l->waiters = calloc(LIVE, sizeof *l->waiters);
	long before = maps_lines();
	/* The budget a default host gets (vm.max_map_count 65530 / 4), whatever this
	 * host's sysctl says: a 16-core test box had 8,250,340, enough to guard all
	 * 60000 stacks, and the second half then added 30000 mappings, not "a few". */
	gmp_stack_guard_override = 65530 / 4;
	rts_run(gmp_rt(), 2, live_main, l);
	gmp_stack_guard_override = -1;
	assert_int_equal(l->parked, LIVE);
	/* the second 30000 live Gs came from unguarded slabs: a few mappings */
	assert_true(l->maps_full - l->maps_half < 1000);
	/* and the whole lot stays far below vm.max_map_count (65530 by default) */
	assert_true(l->maps_full - before < 40000);
	double per_g = (double)(l->rss1 - l->rss0) * (double)sysconf(_SC_PAGESIZE) / LIVE;
	printf("# gmp: %d live parked Gs: %.0f bytes resident each, %ld mappings added\n", LIVE,
	       per_g, l->maps_full - before);
	assert_true(per_g < 32 * 1024); /* a page or two of stack each, not 64 KiB */
	free(l->waiters);
	free(l);
}

/* ---- colouring: neighbouring stacks' tops sit at different cache-line offsets */

#define COLOUR_GS 64 /* live at once, so each has its own stack */

typedef struct colours {
	atomic_int n;                 /* Gs that recorded their offset       */
	unsigned line[COLOUR_GS];     /* each G's top frame: line within its page */
	rt_waitgroup started, finish; /* all recorded; main says finish      */
} colours;

static void colour_g(void *arg)
{
	colours *c = arg;
	int i = atomic_fetch_add(&c->n, 1);
	c->line[i] = (unsigned)(((uintptr_t)__builtin_frame_address(0) & 4095) >> 6);
	rt_wg_done(&c->started);
	rt_wg_wait(&c->finish); /* stay alive: the next G gets another stack */
}

static void colour_main(void *arg)
{
	colours *c = arg;
	rt_wg_init(&c->started);
	rt_wg_init(&c->finish);
	rt_wg_add(&c->started, COLOUR_GS);
	rt_wg_add(&c->finish, 1);
	for (int i = 0; i < COLOUR_GS; i++)
		RTS_EXPECT(rt_go(colour_g, c) == 0);
	rt_wg_wait(&c->started);
	rt_wg_done(&c->finish);
}

static void test_stack_colours(void **state)
{
	(void)state;
	colours *c = calloc(1, sizeof *c);
	rts_run(gmp_rt(), 1, colour_main, c);
	assert_int_equal(atomic_load(&c->n), COLOUR_GS);
	bool seen[64] = {false};
	int distinct = 0;
	for (int i = 0; i < COLOUR_GS; i++) {
		distinct += !seen[c->line[i]];
		seen[c->line[i]] = true;
	}
	printf("# gmp: %d live Gs' top frames on %d distinct cache lines of a page\n", COLOUR_GS,
	       distinct);
	/* 48 colours; without colouring every G's top frame was on the same line */
	assert_true(distinct >= 32);
	free(c);
}

/* ---- the configured stack size is usable */

static void deep_g(void *arg)
{
	size_t n = *(size_t *)arg;
	volatile char *buf = __builtin_alloca(n);
	buf[0] = 1;
	buf[n - 1] = 1;
	RTS_EXPECT(buf[0] + buf[n - 1] == 2);
}

static void deep_main(void *arg)
{
	rt_waitgroup wg;
	(void)wg;
	RTS_EXPECT(rt_go(deep_g, arg) == 0);
	rt_sleep_ns(1000000);
}

static void test_stack_size(void **state)
{
	(void)state;
	const rt_runtime *rt = gmp_rt();
	rt_use(rt);
	size_t sizes[] = {0, 16 << 10, 256 << 10, 1 << 20};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		assert_int_equal(
		    rt->start(&(rt_config){.workers = 1, .stack_size = sizes[i]}, NULL), 0);
		size_t usable = gmp_stack_usable();
		assert_true(usable + 16 >= (sizes[i] ? sizes[i] : 64u << 10));
		size_t use = usable - 8192; /* all but room for the frames around it */
		if (GMP_ASAN)
			use /= 2;
		assert_int_equal(rt->run_main(deep_main, &use), 0);
		rt->stop();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_guard_page),       cmocka_unit_test(test_canary_unguarded),
	    cmocka_unit_test(test_live_gs_mappings), cmocka_unit_test(test_stack_size),
	    cmocka_unit_test(test_stack_colours),
	};
	rts_watchdog(120);
	return cmocka_run_group_tests_name("gmp_stack", tests, NULL, NULL);
}
