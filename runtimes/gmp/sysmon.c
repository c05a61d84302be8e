/*
 * sysmon.c — the monitor thread (Go's sysmon), and the spare Ps it adds so that a
 * G that never yields cannot starve the others.
 *
 * What it does, every SYSMON_TICK_NS
 *   1. Backstop for wake-ups: a running P with Gs in its ring while some P sleeps
 *      and nobody spins gets a wakep() (sched.c explains the one wake-up the fast
 *      path may miss).
 *   2. Stuck Ps: a P that has been running the same G (its schedtick has not
 *      moved) while other Gs wait on it is rescued when that G has either burnt
 *      STUCK_NS of CPU time without once giving up the CPU (a yield-free loop) or
 *      sat STUCK_NS blocked in the kernel (a blocking system call); stuck() says
 *      why wall time, or CPU time alone, would misfire on a loaded machine.
 *      gmp cannot preempt that G (see the essay in sched.c: a signal could land
 *      inside malloc), so it adds capacity instead: an idle P is woken to steal the
 *      waiting Gs (a stale P's runnext and timers may be stolen, sched.c), or, when
 *      no P is idle, a spare P with its own M, pinned to the stuck P's CPU set,
 *      joins the scheduler. The kernel then time-slices the stuck G's thread with
 *      the spare's: the others progress.
 *   3. Retiring spares: a spare whose stuck P ("ward") has scheduled again retires
 *      as soon as it is idle, and the P count is back to the configured number.
 *
 * Honesty: a benchmark that asked for t Ps and briefly got more must say so; stop()
 * prints one line on stderr when any spare was lent (how many, and the most Ps
 * that ran at once).
 *
 * Bounds: at most GMP_MAX_SPARES spares at once. Each costs a 256-KiB thread
 * stack and a P; they are kept (retired) for reuse until stop(). With more
 * simultaneously yield-free Gs than Ps + spares, the rest do wait: gmp does not
 * claim RT_CAP_PREEMPT for that reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gmp.h"
#include "netpoll.h"

/* 5 ms: 200 wake-ups a second, each a few microseconds of one CPU (<0.1%). */
#define SYSMON_TICK_NS 5000000ull
/* Go's forcePreemptNS: a G running 10 ms without a scheduling point is stuck. */
#define STUCK_NS 10000000ull

/* What sysmon remembers about each P between ticks. */
typedef struct pwatch {
	uint32_t tick;    /* schedtick last seen                               */
	uint64_t since;   /* when it was first seen at that value (wall)       */
	uint64_t cpu0;    /* its M's CPU time then (0: not read yet)           */
	long vcs0;        /* its M's voluntary context switches then           */
	uint64_t rescued; /* when the last rescue for this stuck period was made */
} pwatch;

/* CPU time consumed by an M's thread, ns (0 if unavailable). */
static uint64_t mcpu(gmp_m *m)
{
	clockid_t c;
	struct timespec ts;
	if (pthread_getcpuclockid(m->thread, &c) != 0 || clock_gettime(c, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* What /proc says about an M's thread: its state and voluntary context switches. */
typedef struct mstat {
	char state;     /* R running/runnable, S sleeping, D uninterruptible, ... */
	long voluntary; /* voluntary_ctxt_switches: sched_yield, blocking calls   */
} mstat;

static bool mstat_read(gmp_m *m, mstat *st)
{
	char path[64], line[128];
	snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)m->tid);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	st->state = 0;
	st->voluntary = -1;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "State:", 6) == 0)
			sscanf(line + 6, " %c", &st->state);
		else if (strncmp(line, "voluntary_ctxt_switches:", 24) == 0)
			st->voluntary = strtol(line + 24, NULL, 10);
	}
	fclose(f);
	return st->state != 0 && st->voluntary >= 0;
}

/* Has p's G been stuck for STUCK_NS? (p has not scheduled since w->since.)
 *   - blocked in a system call: the thread sleeps in the kernel (S/D) and burns no
 *     CPU;
 *   - a yield-free loop: the thread burnt STUCK_NS of CPU and gave the CPU up
 *     voluntarily not once.
 * Wall time alone would misfire: on a loaded machine the kernel deschedules an M
 * for tens of milliseconds. CPU time alone would too: a G spinning on an
 * rt_spinlock (rt_sync.c yields the CPU every few microseconds) whose holder's
 * thread the kernel descheduled burns CPU, but a spare P would not run the holder,
 * only add a thread to an oversubscribed machine (seen in tests under load 20 on
 * 2 vCPUs: spares cascading to 12 Ps). */
static bool stuck(gmp_p *p, pwatch *w, uint64_t now)
{
	if (now - w->since < STUCK_NS)
		return false;
	uint64_t c = mcpu(p->m);
	mstat st;
	if (!mstat_read(p->m, &st))
		return false;
	if (w->cpu0 == 0) { /* the observation window starts */
		w->cpu0 = c ? c : 1;
		w->vcs0 = st.voluntary;
		return false;
	}
	if (st.state == 'S' || st.state == 'D')       /* blocked in the kernel all along, */
		return c - w->cpu0 < STUCK_NS / 10 && /* and not on gmp's own lock */
		       !atomic_load_explicit(&p->m->lockwait, memory_order_relaxed);
	return c - w->cpu0 >= STUCK_NS && st.voluntary == w->vcs0;
}

static bool has_waiting(gmp_p *p, uint64_t now)
{
	if (atomic_load(&p->runqhead) != atomic_load(&p->runqtail) || atomic_load(&p->runnext))
		return true;
	uint64_t w = gmp_timers_next(p);
	return w != 0 && w <= now;
}

static bool in_g(gmp_p *p)
{
	return __atomic_load_n(&p->m->curg, __ATOMIC_RELAXED) != NULL;
}

/* Wakes an idle spare already lent to ward, as spinning. False: none was idle. */
static bool spare_wake(int ward)
{
	int n = atomic_load(&gmp_s.nallp);
	for (int i = gmp_s.nprocs; i < n; i++) {
		gmp_p *p = gmp_s.allp[i];
		if (atomic_load_explicit(&p->ward, memory_order_relaxed) != ward ||
		    atomic_load(&p->status) != P_IDLE)
			continue;
		bool removed = gmp_pidleremove(p);
		if (removed) {
			atomic_fetch_add(&gmp_s.nmspinning, 1); /* it wakes spinning */
			gmp_mwake(p->m);
			return true;
		}
	}
	return false;
}

/* Activates a spare P for ward (sysmon thread only). */
static void spare_activate(int ward)
{
	if (atomic_load(&gmp_s.nactive_spares) >= GMP_MAX_SPARES)
		return;
	int n = atomic_load(&gmp_s.nallp);
	gmp_p *p = NULL;
	for (int i = gmp_s.nprocs; i < n; i++)
		if (atomic_load(&gmp_s.allp[i]->status) == P_RETIRED) {
			p = gmp_s.allp[i];
			break;
		}
	bool fresh = !p;
	if (fresh) {
		if (n >= gmp_s.nprocs + GMP_MAX_SPARES)
			return;
		p = gmp_p_new(n);
		gmp_m *m = aligned_alloc(GMP_CACHELINE, sizeof *m);
		if (!p || !m) {
			gmp_p_free(p);
			free(m);
			return;
		}
		memset(m, 0, sizeof *m);
		m->id = n;
		m->p = p;
		p->m = m;
		gmp_s.allp[n] = p;
		gmp_s.allm[n] = m;
	}
	gmp_p *w = gmp_s.allp[ward];
	atomic_store_explicit(&p->ward, ward, memory_order_relaxed);
	p->ward_tick = atomic_load(&w->schedtick);
	atomic_store(&p->status, P_RUNNING);
	atomic_fetch_add(&gmp_s.nactive_spares, 1);
	atomic_fetch_add(&gmp_s.nmspinning, 1); /* it starts spinning, as a woken M */
	if (fresh) {
		atomic_store_explicit(&gmp_s.nallp, n + 1, memory_order_release);
		if (gmp_mstart(p->m) != 0) {
			/* no thread: leave the P retired and out of the way */
			atomic_store(&p->status, P_RETIRED);
			atomic_fetch_sub(&gmp_s.nactive_spares, 1);
			atomic_fetch_sub(&gmp_s.nmspinning, 1);
			return;
		}
	}
	atomic_fetch_add(&gmp_s.spare_uses, 1);
	int ps = gmp_s.nprocs + atomic_load(&gmp_s.nactive_spares);
	if (ps > atomic_load(&gmp_s.max_ps))
		atomic_store(&gmp_s.max_ps, ps); /* only sysmon writes it */
	int ww;
	if (w->id < gmp_s.nprocs)
		gmp_mpin(p->m->thread, w->id);
	else if ((ww = atomic_load_explicit(&w->ward, memory_order_relaxed)) >= 0 &&
	         gmp_s.allp[ww]->id < gmp_s.nprocs) /* w's own spare M may clear it: read once */
		gmp_mpin(p->m->thread, gmp_s.allp[ww]->id);
	gmp_mwake(p->m);
}

/* Sysmon calls this on an idle spare that its M may be taking out of idle() and
 * retiring (ward -1) at the same moment: read ward once; -1 counts as recovered
 * (retire_idle_spares then fails to take it off the idle list and moves on). */
static bool ward_recovered(gmp_p *spare)
{
	int ward = atomic_load_explicit(&spare->ward, memory_order_relaxed);
	if (ward < 0)
		return true;
	gmp_p *w = gmp_s.allp[ward];
	return atomic_load(&w->schedtick) != spare->ward_tick || !in_g(w);
}

bool gmp_spare_idle(gmp_m *m, gmp_p *p)
{
	if (p->id < gmp_s.nprocs || !ward_recovered(p))
		return false;
	gmp_runqdrain(p);
	gmp_timers_move(p, gmp_s.allp[atomic_load_explicit(&p->ward, memory_order_relaxed)]);
	if (m->spinning) {
		m->spinning = false;
		atomic_fetch_sub(&gmp_s.nmspinning, 1);
	}
	atomic_store_explicit(&p->ward, -1, memory_order_relaxed);
	atomic_store(&p->status, P_RETIRED);
	atomic_fetch_sub(&gmp_s.nactive_spares, 1);
	while (!atomic_load(&gmp_s.stopping)) {
		gmp_note_sleep(&m->park, 0);
		if (atomic_load(&p->status) == P_RUNNING) {
			m->spinning = true; /* counted by spare_activate */
			break;
		}
	}
	return true;
}

/* Retires idle spares whose ward recovered (they sleep in idle(), on the list). */
static void retire_idle_spares(void)
{
	int n = atomic_load(&gmp_s.nallp);
	for (int i = gmp_s.nprocs; i < n; i++) {
		gmp_p *p = gmp_s.allp[i];
		if (atomic_load(&p->status) != P_IDLE || gmp_timers_next(p) || !ward_recovered(p))
			continue;
		bool removed = gmp_pidleremove(p);
		if (removed) {
			atomic_store_explicit(&p->ward, -1, memory_order_relaxed);
			atomic_store(&p->status, P_RETIRED);
			atomic_fetch_sub(&gmp_s.nactive_spares, 1);
		}
	}
}

static void *sysmon_main(void *arg)
{
	(void)arg;
	pwatch *w = calloc((size_t)(gmp_s.nprocs + GMP_MAX_SPARES), sizeof *w);
	if (!w)
		return NULL;
	uint64_t next = rt_nanotime() + SYSMON_TICK_NS;
	while (!atomic_load(&gmp_s.stopping)) {
		gmp_note_sleep(&gmp_s.sysmon_note, next);
		if (atomic_load(&gmp_s.stopping))
			break;
		uint64_t now = rt_nanotime();
		next = now + SYSMON_TICK_NS;
		gmp_netpoll_sysmon(now); /* 0. nobody polled for 10 ms (netpoll.c) */
		int n = atomic_load_explicit(&gmp_s.nallp, memory_order_acquire);
		for (int i = 0; i < n; i++) {
			gmp_p *p = gmp_s.allp[i];
			uint32_t tick = atomic_load(&p->schedtick);
			if (atomic_load(&p->status) != P_RUNNING || tick != w[i].tick || !in_g(p)) {
				w[i] = (pwatch){.tick = tick, .since = now};
				continue;
			}
			if (atomic_load(&p->runqhead) != atomic_load(&p->runqtail))
				gmp_wakep_if_needed(); /* 1. backstop */
			/* a rescue is repeated every STUCK_NS while the P stays stuck: the
			 * woken P may have found nothing (the kernel can hold it off longer
			 * than it spins), or taken other work first */
			if ((w[i].rescued && now - w[i].rescued < STUCK_NS) ||
			    now - w[i].since < STUCK_NS)
				continue;
			if (!has_waiting(p, now) && atomic_load(&gmp_s.runqsize) == 0)
				continue;
			if (!stuck(p, &w[i], now))
				continue;
			w[i].rescued = now; /* 2. stuck with work waiting */
			if (spare_wake(i))
				continue; /* its spare was idle: look again */
			if (atomic_load(&gmp_s.npidle) > 0)
				gmp_wakep();
			else
				spare_activate(i);
		}
		retire_idle_spares(); /* 3. */
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
