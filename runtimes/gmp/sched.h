/*
 * sched.h — the scheduler's fast path, inline: every park, yield and exit ends
 * here, on g0. The common switch takes the next G from this P's own queues and
 * restores it; anything else (a timer due, the 61st tick, an empty queue, a G's
 * first run, a G whose park callback another M is still running) goes to the slow
 * paths of sched.c.
 */
#ifndef GMP_SCHED_H
#define GMP_SCHED_H

#include "gmp.h"
#include "runq.h"

/* Makes g runnable on p (park.c's ready, timers): see the essay for why a ready
 * into runnext wakes nobody and a kicked G does. */
GMP_INLINE void gmp_ready_fast(gmp_p *p, gmp_g *g, bool next)
{
	gmp_tick(p);
	atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_relaxed);
	if (gmp_runqput(p, g, next))
		gmp_wakep_if_needed(); /* the ring grew: work another P could steal */
}

/* Switches m to g, which is ready to run (callback done, stack given): the one
 * resume sequence, for gmp_run and for a cancelled park (park.c's park_m). */
GMP_INLINE GMP_NORETURN void gmp_resume(gmp_m *m, gmp_g *g)
{
	atomic_store_explicit(&g->status, G_RUNNING, memory_order_relaxed);
	__atomic_store_n(&m->curg, g, __ATOMIC_RELAXED);
	gmp_asan_start(&m->g0_fake, g->stack_hi - gmp_g_stack_size(g), gmp_g_stack_size(g));
#if GMP_TSAN
	gmp_tsan_switch(g->tsan_fiber);
#endif
	gmp_gogo(&g->ctx);
}

/* Runs g on m: a scheduling tick, then the switch. */
GMP_INLINE GMP_NORETURN void gmp_run(gmp_m *m, gmp_g *g)
{
	if (__builtin_expect(atomic_load_explicit(&g->parking, memory_order_acquire) != 0 ||
	                         g->stack_hi == NULL,
	                     0))
		gmp_execute(m, g); /* waits for the callback / gives the G its stack */
	gmp_tick(m->p);
	gmp_resume(m, g);
}

/* Finds the next G for m's P and runs it (Go's schedule()). */
GMP_INLINE GMP_NORETURN void gmp_schedule_fast(gmp_m *m)
{
	gmp_p *p = m->p;
	/* No stop check: stop() waits for quiescence, so no G is left to switch. */
	if (__builtin_expect(--p->globcheck > 0, 1) && !gmp_timers_next(p)) {
		gmp_g *g = gmp_runqget(p);
		if (__builtin_expect(g != NULL, 1))
			gmp_run(m, g);
	}
	gmp_schedule(m);
}

#endif
