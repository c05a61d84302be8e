/*
 * park.c — what a G calls (the rt.h operations gmp implements) and the g0 halves
 * of the switches they make: go, yield, self, sleep, park, ready, and G exit.
 *
 * What it promises
 *   - park(unlock, arg): the G's registers are saved (gmp_mcall) before
 *     unlock(g, arg) runs on g0; false resumes the G at once, true leaves it
 *     parked until exactly one ready(g). A ready that lands while unlock still
 *     runs is honoured, but no M resumes the G before unlock has returned (the
 *     picking M waits on g->parking, a few nanoseconds at most, and only in that
 *     race). After unlock returns true g0 never touches the G again.
 *   - ready(g) puts g in the caller's P's runnext (see sched.c for why, and for
 *     when it wakes another P). From outside any M (never done by corobench, but
 *     harmless) it uses the global queue.
 *   - yield with nothing else runnable on this P (and nothing global or timed)
 *     returns at once: there is no one to yield to.
 *   - A G's function returning ends the G: its stack and G struct go back to
 *     this P's caches on g0, after the G is off its stack.
 */
#include <errno.h>
#include <time.h>

#include "asan.h"
#include "tsan.h"
#include "gmp.h"
#include "preempt.h"
#include "sched.h"

/* Saves g and runs fn(g) on g0; returns when g is resumed (maybe on another M). */
static inline void switch_out(gmp_m *m, gmp_g *g, void (*fn)(void *))
{
#if GMP_ASAN
	gmp_asan_start(&g->asan_fake, m->g0_lo, m->g0_size);
#endif
	gmp_tsan_switch(m->g0_fiber);
	gmp_mcall(&g->ctx, g, fn, m->g0_sp);
#if GMP_ASAN
	gmp_asan_finish(g->asan_fake);
#endif
}

void gmp_switch(gmp_m *m, gmp_g *g, void (*fn)(void *))
{
	switch_out(m, g, fn);
}

static void park_m(void *arg)
{
	gmp_g *g = arg;
	gmp_m *m = gmp_getm();
	gmp_g0_enter(m);
	gmp_stack_check(g);
	rt_unlock_fn f = m->unlockf;
	atomic_store_explicit(&g->status, G_WAITING, memory_order_relaxed);
	if (f) {
		/* From the moment f publishes g, a waker may ready it and another M pick
		 * it up; that M waits in gmp_execute until f has returned, so f may still
		 * use g's stack and what g owns (rt.h). The release fence orders the flag
		 * before f's publication, however relaxed that is. */
		atomic_store_explicit(&g->parking, 1, memory_order_relaxed);
		atomic_thread_fence(memory_order_release);
		bool parked = f((rt_task *)g, m->unlock_arg);
		atomic_store_explicit(&g->parking, 0, memory_order_release);
		if (!parked)
			gmp_resume(m, g); /* cancelled: nobody saw g; not a scheduling tick */
	}
	if (__builtin_expect(atomic_load_explicit(&m->p->preempt_req, memory_order_relaxed), 0))
		gmp_preempt_parked(m->p); /* preempt.c: a slice ended: the ring before runnext */
	gmp_schedule_fast(m);
}

static void yield_m(void *arg)
{
	gmp_g *g = arg;
	gmp_m *m = gmp_getm();
	gmp_g0_enter(m);
	gmp_stack_check(g);
	atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_relaxed);
	gmp_runq_tail(m->p, g);
	gmp_schedule_fast(m);
}

static void goexit0(void *arg)
{
	gmp_g *g = arg;
	gmp_m *m = gmp_getm();
	gmp_p *p = m->p;
	gmp_g0_enter(m);
	if (g->main) {
		g->stack_hi = NULL; /* the main stack stays with sched for the next run */
		gmp_gfput(p, g);
		gmp_note_wakeup(&gmp_s.main_note);
	} else {
		gmp_stack_check(g);
		gmp_stack_put(p, g->stack_hi);
		g->stack_hi = NULL;
		gmp_gfput(p, g);
	}
	gmp_schedule_fast(m);
}

void gmp_gstart(void)
{
	gmp_asan_finish(NULL);
	gmp_g *g = gmp_getm()->curg;
	g->fn(g->arg);
	gmp_m *m = gmp_getm();                      /* g may have moved to another M */
	gmp_asan_start(NULL, m->g0_lo, m->g0_size); /* NULL: this fiber ends */
	gmp_tsan_switch(m->g0_fiber);
	gmp_jumpcall(m->curg, goexit0, m->g0_sp);
}

void gmp_ready_on(gmp_p *p, gmp_g *g, bool next)
{
	gmp_ready_fast(p, g, next);
}

/* ---- the rt.h operations */

int gmp_go(rt_fn fn, void *arg)
{
	gmp_m *m = gmp_getm();
	/* preempt.c: a request the signal could not serve, honoured before the tick
	 * below (which would make it look served) */
	if (m && m->curg) {
		gmp_preempt_point(m);
		m = gmp_getm(); /* it may have resumed this G on another M */
	}
	gmp_p *p = m ? m->p : NULL;
	if (!p && !gmp_s.allp)
		return -EINVAL; /* not started */
	gmp_g *g = gmp_gfget(p);
	if (!g)
		return -ENOMEM;
	g->fn = fn;
	g->arg = arg;
	atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_relaxed);
	if (!p) {
		gmp_globrunqput(g);
		gmp_wakep();
		return 0;
	}
	gmp_tick(p);
	gmp_runqput(p, g, true);
	gmp_wakep_if_needed(); /* Go's newproc: new work is worth another P */
	return 0;
}

void gmp_yield(void)
{
	gmp_m *m = gmp_getm();
	if (!m || !m->curg) {
		sched_yield();
		return;
	}
	gmp_p *p = m->p;
	if (__builtin_expect(atomic_load_explicit(&p->runnext, memory_order_relaxed) == NULL &&
	                         atomic_load_explicit(&p->runqhead, memory_order_relaxed) ==
	                             atomic_load_explicit(&p->runqtail, memory_order_relaxed) &&
	                         !atomic_load_explicit(&gmp_s.runqsize, memory_order_relaxed) &&
	                         !gmp_timers_next(p),
	                     0)) {
		gmp_tick(p); /* nobody to yield to; still a scheduling point */
		return;
	}
	switch_out(m, m->curg, yield_m);
}

rt_task *gmp_self(void)
{
	gmp_m *m = gmp_getm();
	return m ? (rt_task *)m->curg : NULL;
}

void gmp_park(rt_unlock_fn unlock, void *arg)
{
	gmp_m *m = gmp_getm();
	gmp_g *g = m->curg;
	m->unlockf = unlock; /* read on g0 of this same M */
	m->unlock_arg = arg;
	switch_out(m, g, park_m);
}

void gmp_ready(rt_task *t)
{
	gmp_g *g = (gmp_g *)t;
	gmp_m *m = gmp_getm();
	if (!m) {
		atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_relaxed);
		gmp_globrunqput(g);
		gmp_wakep();
		return;
	}
	gmp_ready_fast(m->p, g, true);
}

static bool sleep_unlock(rt_task *t, void *when)
{
	gmp_timers_add(gmp_getm()->p, (gmp_g *)t, *(uint64_t *)when);
	return true;
}

void gmp_sleep_ns(uint64_t ns)
{
	gmp_m *m = gmp_getm();
	if (!m || !m->curg) {
		struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000u),
		                      .tv_nsec = (long)(ns % 1000000000u)};
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		return;
	}
	if (ns == 0) {
		gmp_yield();
		return;
	}
	uint64_t when = rt_nanotime() + ns; /* on our stack: read by the callback */
	gmp_park(sleep_unlock, &when);
}
