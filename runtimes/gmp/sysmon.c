/*
 * sysmon.c — the monitor thread (Go's sysmon): it runs no G and holds no P.
 *
 * What it does at each look
 *   0. Network backstop (netpoll.c): nobody polled for 10 ms, so sysmon polls and
 *      queues the Gs whose fds are ready.
 *   1. Backstop for wake-ups: a running P with Gs in its ring while some P sleeps
 *      and nobody spins gets a wakep() (sched.c explains the one wake-up the fast
 *      path may miss).
 *   2. Preemption (preempt.c): a P whose G kept waiting work off it for a slice
 *      (10 ms) gets its G stopped, by a signal where that is safe.
 *   3. Hand-off (syscall.c): a P whose M has been blocked in a system call for
 *      20 us while work waits on it goes to a spare M.
 *
 * When it looks (Go's schedule, with gmp's longest sleep)
 *   20 us after a cycle that handed a P off, for 50 quiet cycles (~1 ms at least,
 *   the timer slack stretches each sleep), then twice as long at each quiet cycle,
 *   up to SYSMON_TICK_NS. Go sleeps 20 us to 10 ms the same way; like Go's, only
 *   hand-offs reset it, since system calls come in bursts. Besides, sysmon wakes
 *   when a P it watches reaches the end of a slice (the deadline preempt.c
 *   returns), so a slice lasts 10 ms and not 10 ms plus a tick; the G after a
 *   preemption is timed from the request, not from sysmon's next look.
 *
 * Honesty: -t N means N Ps. Nothing here adds a P; an extra M runs only a P
 * whose own M is in the kernel, and the hand-offs are counted (rt_stats.spares,
 * the runs' metric:spares_lent).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "gmp.h"
#include "netpoll.h"
#include "preempt.h"

/* 5 ms: the longest sleep, 200 wake-ups a second, each a few microseconds of one
 * CPU (<0.1%). */
#define SYSMON_TICK_NS 5000000ull
/* Go's shortest sysmon sleep, kept for 50 cycles after a hand-off. */
#define SYSMON_MIN_NS       20000ull
#define SYSMON_QUIET_CYCLES 50

static bool in_g(gmp_p *p)
{
	gmp_m *m = __atomic_load_n(&p->m, __ATOMIC_ACQUIRE);
	return __atomic_load_n(&m->curg, __ATOMIC_RELAXED) != NULL;
}

static void *sysmon_main(void *arg)
{
	(void)arg;
	gmp_pwatch *w = calloc((size_t)gmp_s.nprocs, sizeof *w);
	if (!w)
		return NULL;
	uint64_t delay = SYSMON_MIN_NS, next = rt_nanotime() + delay;
	uint64_t longest = SYSMON_TICK_NS;
	if (gmp_preempt_stress_ns > 0) { /* tests: as often as the kernel lets us */
		longest = (uint64_t)gmp_preempt_stress_ns;
		prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	}
	int quiet = 0;
	while (!atomic_load(&gmp_s.stopping)) {
		gmp_note_sleep(&gmp_s.sysmon_note, next);
		if (atomic_load(&gmp_s.stopping))
			break;
		uint64_t now = rt_nanotime();
		bool handed = false;
		uint64_t soonest = 0;    /* the earliest look a P asked for */
		gmp_netpoll_sysmon(now); /* 0. nobody polled for 10 ms (netpoll.c) */
		int n = atomic_load_explicit(&gmp_s.nallp, memory_order_acquire);
		for (int i = 0; i < n; i++) {
			gmp_p *p = gmp_s.allp[i];
			int st = atomic_load(&p->status);
			uint64_t again = 0;
			if (st == P_SYSCALL) {
				handed |= gmp_retake(p, &w[i], now, &again); /* 3. */
			} else if (st == P_RUNNING && in_g(p)) {
				if (atomic_load(&p->runqhead) != atomic_load(&p->runqtail))
					gmp_wakep_if_needed();            /* 1. backstop */
				again = gmp_preempt_check(p, &w[i], now); /* 2. */
			}
			if (again && (!soonest || again < soonest))
				soonest = again;
		}
		if (handed)
			quiet = 0;
		else if (++quiet > SYSMON_QUIET_CYCLES && delay < longest)
			delay = 2 * delay < longest ? 2 * delay : longest;
		if (quiet == 0 || delay > longest)
			delay = SYSMON_MIN_NS < longest ? SYSMON_MIN_NS : longest;
		next = now + delay;
		if (soonest && soonest < next)
			next = soonest > now ? soonest : now + SYSMON_MIN_NS;
	}
	free(w);
	return NULL;
}

int gmp_sysmon_start(void)
{
	int rc = pthread_create(&gmp_s.sysmon, NULL, sysmon_main, NULL);
	if (rc)
		return -rc;
	gmp_s.sysmon_started = true;
	return 0;
}

void gmp_sysmon_stop(void)
{
	if (!gmp_s.sysmon_started)
		return;
	gmp_note_wakeup(&gmp_s.sysmon_note);
	pthread_join(gmp_s.sysmon, NULL);
	gmp_s.sysmon_started = false;
}
