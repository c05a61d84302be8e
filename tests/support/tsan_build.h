/*
 * tsan_build.h — what a test must know about running under ThreadSanitizer
 * (make test SANITIZE=thread), in one place.
 *
 * TSAN_BUILD is 1 in a TSan build, 0 otherwise. Under TSan the process is not the
 * one the tests describe in two measurable ways, and the tests that measure them
 * say so instead of failing:
 *   - TSan runs a background thread of its own (started with the first
 *     pthread_create), so "no other thread before the counters open" counts one;
 *   - every page the program touches also faults in TSan's shadow memory, so page
 *     faults per touched page are ~2.5, not 1 (1275 faults for 500 pages here).
 * And gmp runs every G struct as a TSan fiber, which TSan counts as a thread:
 * gcc 12's libtsan dies past 8128 at once ("Thread limit exceeded"), so tests
 * that keep more Gs alive than TSAN_MAX_LIVE_GS skip under TSan.
 */
#ifndef TESTS_TSAN_BUILD_H
#define TESTS_TSAN_BUILD_H

#if defined(__SANITIZE_THREAD__) || defined(COROBENCH_SANITIZE_THREAD)
#define TSAN_BUILD 1
#else
#define TSAN_BUILD 0
#endif

#define TSAN_THREADS         TSAN_BUILD           /* TSan's background thread          */
#define TSAN_FAULTS_PER_PAGE (TSAN_BUILD ? 3 : 1) /* the page and its shadow     */
#define TSAN_MAX_LIVE_GS     4000                 /* half TSan's thread limit: margin  */
/* Watchdogs (rts_watchdog) are stretched: the runtime tests run 5-15x slower under
 * TSan on the 2-vCPU machine, and test_gmp took over its 120 s. */
#define TSAN_SLOWDOWN (TSAN_BUILD ? 5 : 1)

/* gmp's TSan build never stops a G from its signal handler: TSan delivers a
 * signal only at the thread's next intercepted call, with a copy of the context
 * taken when it arrived (runtimes/gmp/preempt.c), so a G that spins without
 * calling the runtime keeps its P. The workloads built on such spinners
 * (workloads/wl_spin.h) hang on gmp under TSan and are skipped there. */
#define TSAN_SPINNER_WORKLOADS(rt, wl)                                                             \
	(TSAN_BUILD && strcmp((rt), "gmp") == 0 &&                                                 \
	 (strcmp((wl), "hog") == 0 || strcmp((wl), "wakeup") == 0 ||                               \
	  strcmp((wl), "syscall") == 0))
#define TSAN_SPINNER_REASON                                                                        \
	"TSan delivers signals only at intercepted calls, so gmp cannot preempt a spinning task "  \
	"under TSan (runtimes/gmp/preempt.c)"

#endif
