/*
 * tsan.h — ThreadSanitizer fiber annotations for gmp's stack switches.
 *
 * What it is for
 *   TSan keeps one vector clock and one shadow call stack per thread. A G that
 *   switches stacks in assembly (gmp_mcall/gmp_gogo) and resumes on another M is,
 *   to TSan, code of whichever thread runs it: the G's happens-before history
 *   would be the thread's, and its shadow frames would pile up on the thread's.
 *   So every G struct is a TSan fiber of its own: taken at the G's first run
 *   (sched.c; run_main for the main task), kept while the struct is reused for
 *   later Gs, and put back in a process-wide cache when the pool is freed at stop
 *   (gpool.c), for the next start: a test starts the runtime hundreds of times,
 *   creating the same fibers again each time (~4 ms each). Not one fiber
 *   per G life: creating and destroying a fiber cost ~4 ms of CPU in gcc 12's
 *   libtsan (a TSan thread each): test_chan_history took 65 s instead of 17 s.
 *   A reused struct's fiber carries the previous G's history into the next one,
 *   which hides nothing real: that G's end already happened before the next one's
 *   start (exit, free list, spawn all go through g0 and gmp's locks/atomics).
 *   Each M's g0 is the M thread's own fiber (mthread.c). Every switch calls
 *   gmp_tsan_switch(destination) just before it: g0 -> G in gmp_resume (every
 *   resume), G -> g0 in switch_out and when a G exits. A switch with
 *   flags 0 synchronizes the two fibers, which is exactly what gmp guarantees: a G
 *   picked from a run queue sees everything its M's g0 saw (the queues' atomics
 *   carry the hand-off between Ms, and TSan sees those), and g0 sees all the G did
 *   before it switched out.
 *
 *   gmp's g0 functions never return (they end in gmp_gogo), so the
 *   __tsan_func_entry the compiler would put in each of them is never matched by
 *   an exit and the M's shadow stack overflows after 65536 switches
 *   ("CHECK failed: sanitizer_stackdepot.cpp ... kStackSizeBits"). The Makefile
 *   therefore builds runtimes/gmp/ without TSan's function entry/exit hooks
 *   (--param=tsan-instrument-func-entry-exit=0); their memory accesses and
 *   atomics are still checked, and reports show the caller's frames.
 *
 * What it promises: in a build without TSan (neither __SANITIZE_THREAD__ from gcc,
 * clang's __has_feature(thread_sanitizer), nor the Makefile's
 * COROBENCH_SANITIZE_THREAD) every helper is an empty inline and GMP_TSAN is 0.
 */
#ifndef GMP_TSAN_H
#define GMP_TSAN_H

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GMP_TSAN_ON 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(COROBENCH_SANITIZE_THREAD)
#define GMP_TSAN_ON 1
#endif

#ifdef GMP_TSAN_ON
#include <sanitizer/tsan_interface.h>
#define GMP_TSAN 1
/* A new fiber; it starts with the calling fiber's history (TSan: a thread
 * created by the caller). */
static inline void *gmp_tsan_fiber_new(void)
{
	void *f = __tsan_create_fiber(0);
	__tsan_set_fiber_name(f, "gmp G");
	return f;
}
/* gpool.c: a fiber from the cache (or a new one); one back into the cache. */
void *gmp_tsan_fiber_get(void);
void gmp_tsan_fiber_put(void *f);
/* Just before a context switch to the fiber f: synchronizes with it. */
static inline void gmp_tsan_switch(void *f)
{
	__tsan_switch_to_fiber(f, 0);
}
/* The calling thread's own fiber (an M's g0). */
static inline void *gmp_tsan_current(void)
{
	return __tsan_get_current_fiber();
}
#else
#define GMP_TSAN 0
/* No fiber cache without TSan: its callers sit inside `#if GMP_TSAN`. */
static inline void gmp_tsan_switch(void *f)
{
	(void)f;
}
static inline void *gmp_tsan_current(void)
{
	return (void *)0;
}
#endif

#endif
