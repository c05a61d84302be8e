/*
 * sched.c — gmp's scheduler: how a P finds the next G, and how Ms sleep and wake.
 *
 * Design
 *
 * gmp is Go's scheduler, in C, for the rt.h contract. Three objects:
 *
 *   G  a task: its saved registers, its stack (given lazily, see below), and what
 *      it runs. Gs are pooled (gpool.c), 64 bytes (one cache line) each.
 *   M  an OS thread that runs Gs. Its own thread stack doubles as g0, the
 *      scheduler stack: every G switches to g0 (gmp_mcall), and g0 switches to the
 *      next G (gmp_gogo). Scheduling code never runs on a G's stack.
 *   P  the right to run Gs: the configured number of workers (GOMAXPROCS). Each P
 *      has a local run queue of 256 Gs (lock-free: the owner enqueues, the owner
 *      and thieves dequeue by CAS), a runnext slot (the owner touches it with no
 *      locked instruction at all: runq.h), a G free array, a stack cache and a
 *      timer heap.
 *
 * Unlike Go, an M keeps its P (M i runs P i, pinned to CPU set i of the
 * harness's pin plan) until its G blocks in a system call long enough for sysmon
 * to hand the P to another M (syscall.c, Go's hand-off; the spare M is pinned to
 * the P's CPU set and keeps the P). Keeping them together buys what corobench
 * measures: a worker's thread, CPU and caches do not change, and an idle P is
 * simply a sleeping M. A G that runs 10 ms while work waits on its P is stopped
 * by sysmon's signal where that is safe (preempt.c: the safe-point rule), or at
 * its next call into gmp. -t N is N Ps: no P is ever added.
 *
 * Where a G runs next
 *   - spawn (go) puts the new G in runnext; ready puts the readied G in runnext.
 *     The G in runnext runs as soon as the current G blocks, on the same P, with
 *     warm caches: this is what makes a channel hand-off (ping-pong, ring, sieve)
 *     a couple of switches and no cross-CPU traffic. Its previous occupant is
 *     kicked to the ring's tail.
 *   - yield puts the G at the ring's tail (Go puts it on the global queue; the
 *     local tail is as fair within a P and takes no lock).
 *   - the global queue gets overflow (half a ring at a time), run_main's task,
 *     and anything spawned from outside any M. Every 61st schedule takes one G
 *     from it first (Go's number: prime, so it does not beat against a program's
 *     own periods), so a P with a busy local queue cannot starve it.
 *
 * Finding work (findrunnable), in order: expired timers; every 61 ticks one global
 * G; runnext, then the ring; a fair share of the global queue; then spinning:
 * random-victim stealing of half a ring, repeated with growing pauses for up to
 * GMP_SPIN_NS. Unlike Go, a thief leaves alone a short ring whose head keeps
 * moving: that is a chain of Gs handing work along on one P (sieve, ring), and
 * splitting it across CPUs turns each ~50-ns hand-off into a cross-core one
 * (measured: sieve at t=2 took 1.7x the CPU of t=1 before this rule, ~1.4x after;
 * ring and pingpong now cost the same at t=1 and t=2). A spinning M steals a
 * victim's runnext only once that victim has not scheduled for
 * GMP_RUNNEXT_GRACE_NS (Go waits 3 us): stealing it sooner would break the very
 * ping-pong locality runnext exists for. At most half of the busy Ps spin at once
 * (Go's rule), so spinning cannot eat the machine.
 *
 * Sleeping and waking Ms (the invariants)
 *   - An M out of work puts its P on the idle list (npidle++) under sched.lock,
 *     stops spinning (nmspinning--), re-checks every P's ring, the global queue
 *     and its timers, and only then sleeps on its note -- until its P's next timer
 *     if it has one.
 *   - wakep() wakes an idle P's M only when nobody spins (nmspinning 0 -> 1 by
 *     CAS): a spinning M will find the work anyway, and a futex wake-up costs ~30
 *     us across vCPUs on the dev machine, three orders of magnitude more than the
 *     hand-off it would serve. The woken M starts out spinning; a spinning M that
 *     finds work wakes another P if it was the last spinner (Go's resetspinning),
 *     so bursts of work fan out one P at a time.
 *   - Who calls wakep: spawn (new work is worth spreading: fib, skynet), a ready
 *     that kicked a G into the ring, and anything put on the global queue. A ready
 *     that only fills runnext does not: the readier is about to block (that is
 *     why it readied someone) and the readied G runs right here. Waking another
 *     P for it would put a futex wake-up into every channel hand-off.
 *   - Global-queue work cannot be missed: it is published with a seq_cst RMW on
 *     runqsize before the waker reads nmspinning, and the sleeper decrements
 *     nmspinning (seq_cst) before reading runqsize. Local-ring work published
 *     while the last spinner goes to sleep can be missed; it is then still run by
 *     its own P (which is running), and sysmon wakes an idle P within a tick if it
 *     sits there. A lost wake-up costs parallelism for a millisecond, never
 *     progress; the alternative -- a full fence in every spawn -- costs 6 ns each.
 *
 * park/ready (Go's gopark/goready)
 *   park(unlock, arg) switches to g0 first; only there, with the G's registers
 *   saved, does it call unlock(g, arg). From that moment any M may ready and run
 *   the G, but no M resumes it before unlock has returned (g->parking), so unlock
 *   may still use the G's stack; g0 never touches the G again after unlock returns
 *   true. If unlock returns false the G is resumed at once. ready(g) needs no
 *   lock: the caller found g on its own wait queue under its own lock.
 *
 * Stacks are given to a G when it first runs, not when it is spawned: a million
 * spawned-but-not-started Gs (the spawn workload queues all of them before any
 * runs) cost 64 bytes each, not a stack each, and the stack a G frees on exit is
 * the hot one the next G starts on. See stack.c for slabs, guards and canaries.
 *
 * What a hand-off costs (issue 19; docs/GMP-FLOOR.md has the tables)
 *   A hand-off on one P is: the waker's channel operation and ready (runnext),
 *   the parker's channel operation, park (mcall to g0, the unlock callback,
 *   runnext, gogo). Measured per ping-pong round trip (two hand-offs) with
 *   callgrind, before -> after this round of work: 646 -> 524 instructions, 4 ->
 *   0 locked instructions, 2 -> 0 MXCSR/x87 loads; ring (503 Gs) per hop: 292 ->
 *   265 instructions, 6.3 -> 0 simulated L2 misses. Wall time on the dev VM
 *   (main and this branch back to back, load ~4): ping-pong 67.6 -> 54.1 ns
 *   (48-51 in quieter runs), ring 65.9 -> 28.4 ns, sieve 82.4 -> 34.0 ns. What
 *   did it, in order of effect:
 *   - Stack colouring (stack.c): every stack's top sat at the same page offset
 *     and at one of a few offsets modulo the L2's set period, so a few hundred
 *     parked Gs fought over a few cache sets; ring and sieve were L2-miss bound
 *     (ring 54 ns a hop with 503 Gs, 31 ns with 256). Tops now spread over 48
 *     lines: ring 503 Gs 31.7 ns, 2,000 Gs 88 -> 48 ns.
 *   - The go channel's lock is biased (runtimes/chan/chan_lock.h): with one P
 *     every channel lock is taken by one thread, which now takes it with plain
 *     stores; the xchg per channel operation was ~2.7 ns in context, 10.6 of a
 *     60-ns round trip. Go's design is kept: one lock per channel, runnext.
 *   - The go channel's common paths (chan_go.c): the parked partner unlinked in
 *     place, 8-byte copies as moves, the header/lock/queues in one line, no
 *     saved registers (tail calls only).
 *   - gogo loads MXCSR / the x87 control word only when the saved word differs
 *     (switch_x86_64.S): 0.4 ns of an 11.7-ns yield.
 *   What is left per switch is ~100 instructions of gmp (park entry 10, mcall 14,
 *   g0: callback, globcheck, timers, runnext, tick, resume ~55, gogo ~20) and a
 *   ready of ~22; each is bookkeeping Go does too (status, schedtick, the
 *   runnext handshake with thieves, the 61st-tick global check, the stack
 *   check). Dropping the status stores and the stack check together saved 0.8 ns
 *   of a 50-ns round trip (measured, not kept).
 *
 * What was rejected, and why
 *   - Switching G to G directly, running the park callback on the next G's stack:
 *     one switch instead of two halves, but cancelling a park needs a second
 *     switch back, and ready races have to be reasoned about on two user stacks.
 *     mcall/gogo costs the same single save + restore. Revisited with numbers
 *     (issue 19): what a direct switch saves is the hop onto g0's stack (four
 *     instructions in mcall and two L1-resident lines); an upper bound, mcall
 *     running park_m on the G's own stack (valid only with one M, so measured
 *     only), saved 0.5 ns of a 60-ns round trip, 0.3 of a 32-ns ring hop and
 *     nothing of a yield. Still rejected.
 *   - Prefetching the readied G's saved frame in ready (ring's resumes miss):
 *     no gain once the stacks were coloured (measured).
 *   - Saving g0's registers (a symmetric switch to and from the scheduler): two
 *     full switches per hand-off. g0 restarts from the top of its stack instead.
 *   - A locked run queue, or a Chase-Lev deque: the lock costs every switch; the
 *     deque's LIFO owner end breaks yield's FIFO fairness.
 *   - Go's CAS on runnext: two locked instructions per hand-off (~8 ns each here)
 *     to guard against thieves that almost never come; runq.h moves that cost to
 *     the rare thief (a membarrier).
 *   - A stack per spawn, or an mmap per stack: a million mappings and a million
 *     page faults (2.4-3.7 us each here) -- see stack.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asan.h"
#include "tsan.h"
#include "gmp.h"
#include "netpoll.h"
#include "sched.h"

/* How long an M out of work spins before sleeping. Waking a sleeping M costs the
 * waker a futex syscall and the sleeper ~30 us on the dev VM: spinning 50 us
 * covers the gaps between bursts of fork-join work for the price of one idle CPU
 * for 50 us. */
#define GMP_SPIN_NS 50000
/* How long a victim must not have scheduled before its runnext may be stolen
 * (Go: 3 us). Short enough for fib's fan-out, long enough that a P passing a
 * token back and forth keeps its runnext. */
#define GMP_RUNNEXT_GRACE_NS 5000
/* A victim's ring at least this long is stolen from at once (fork-join work piling
 * up); a shorter one only once its head has stayed put between two polls. 4: the
 * rings of hand-off chains (sieve, ring) hold 1-3 Gs (measured: 90% of steal
 * attempts in sieve saw 1), fork-join rings (fib, skynet, spawn) tens to 128. */
#define GMP_STEAL_LONG 4

/* Pauses before the second steal round: a PAUSE is ~32 ns on the dev machine's
 * Zen core (10-140 cycles elsewhere), so 30 are ~1 us; the gap then doubles up to
 * ~16 us (spin()), so a spinner reads a busy victim's queue lines a few times per
 * spin rather than every few nanoseconds. */
#define GMP_SPIN_PAUSES 30

gmp_sched gmp_s;

/* ---- idle list (sched.lock held) */

static void pidleput(gmp_p *p)
{
	atomic_store_explicit(&p->status, P_IDLE, memory_order_relaxed);
	p->idlelink = gmp_s.pidle;
	gmp_s.pidle = p;
	atomic_fetch_add(&gmp_s.npidle, 1);
}

static gmp_p *pidleget(void)
{
	gmp_p *p = gmp_s.pidle;
	if (p) {
		gmp_s.pidle = p->idlelink;
		atomic_fetch_sub(&gmp_s.npidle, 1);
		atomic_store_explicit(&p->status, P_RUNNING, memory_order_relaxed);
	}
	return p;
}

bool gmp_pidleremove(gmp_p *p)
{
	bool found = false;
	gmp_lock_acquire(&gmp_s.lock);
	for (gmp_p **pp = &gmp_s.pidle; *pp; pp = &(*pp)->idlelink) {
		if (*pp == p) {
			*pp = p->idlelink;
			atomic_fetch_sub(&gmp_s.npidle, 1);
			atomic_store_explicit(&p->status, P_RUNNING, memory_order_relaxed);
			found = true;
			break;
		}
	}
	gmp_lock_release(&gmp_s.lock);
	return found;
}

/* ---- waking */

void gmp_wakep(void)
{
	if (atomic_load(&gmp_s.npidle) == 0)
		return;
	int zero = 0;
	if (atomic_load(&gmp_s.nmspinning) != 0 ||
	    !atomic_compare_exchange_strong(&gmp_s.nmspinning, &zero, 1))
		return;
	gmp_lock_acquire(&gmp_s.lock);
	gmp_p *p = pidleget();
	gmp_lock_release(&gmp_s.lock);
	if (!p) {
		atomic_fetch_sub(&gmp_s.nmspinning, 1);
		return;
	}
	gmp_mwake(p->m); /* it runs as spinning: counted above; netpoll.c: maybe in the poller */
}

void gmp_wake_all(void)
{
	int n = atomic_load(&gmp_s.nallm); /* spare Ms too (syscall.c) */
	for (int i = 0; i < n; i++)
		gmp_mwake(gmp_s.allm[i]);
}

static void resetspinning(gmp_m *m)
{
	m->spinning = false;
	if (atomic_fetch_sub(&gmp_s.nmspinning, 1) == 1)
		gmp_wakep_if_needed(); /* we were the last spinner: keep one looking */
}

/* ---- g0 */

GMP_NORETURN void gmp_execute(gmp_m *m, gmp_g *g)
{
	/* readied during its park callback, which another M may still be running */
	while (atomic_load_explicit(&g->parking, memory_order_acquire))
		rt_cpu_relax();
	if (!g->stack_hi) { /* first run: a stack now (lazily: see the essay) */
		g->stack_hi = gmp_stack_get(m->p);
		if (!g->stack_hi) {
			fprintf(stderr,
			        "corobench: gmp: out of memory for G stacks (%zu bytes each)\n",
			        gmp_stack_usable());
			abort();
		}
		gmp_ctx_make(&g->ctx, g->stack_hi, gmp_gstart);
#if GMP_TSAN
		if (!g->tsan_fiber) /* this G struct's first life */
			g->tsan_fiber = gmp_tsan_fiber_get();
#endif
	}
	gmp_run(m, g);
}

/* ---- finding work */

static bool timers_due(gmp_p *p, uint64_t *now)
{
	uint64_t w = gmp_timers_next(p);
	if (w == 0)
		return false;
	if (*now == 0)
		*now = rt_nanotime();
	return w <= *now;
}

/* One G from the local queues or the global queue, or NULL. */
static gmp_g *local_work(gmp_p *p)
{
	uint64_t now = 0;
	if (timers_due(p, &now))
		gmp_timers_run(p, p, now);
	gmp_g *g;
	if (p->globcheck <= 0) { /* the 61st schedule: the global queue first */
		p->globcheck = GMP_GLOBAL_PERIOD;
		if (atomic_load_explicit(&gmp_s.runqsize, memory_order_relaxed) > 0) {
			gmp_lock_acquire(&gmp_s.lock);
			g = gmp_globrunqget(p, 1);
			gmp_lock_release(&gmp_s.lock);
			if (g)
				return g;
		}
	}
	if ((g = gmp_runqget(p)))
		return g;
	if (atomic_load_explicit(&gmp_s.runqsize, memory_order_relaxed) > 0) {
		gmp_lock_acquire(&gmp_s.lock);
		g = gmp_globrunqget(p, 0);
		gmp_lock_release(&gmp_s.lock);
	}
	return g;
}

/* Snapshot of the victims' schedticks when spinning began (runnext grace). */
typedef struct spin_state {
	uint64_t start;                                /* when spinning began      */
	int n;                                         /* Ps in the snapshot        */
	uint32_t tick[GMP_MAX_PROCS + GMP_MAX_SPARES]; /* each P's schedtick then   */
	uint32_t head[GMP_MAX_PROCS + GMP_MAX_SPARES]; /* its runqhead at the last poll */
} spin_state;

/* One pass over all other Ps from a random one: steal half a ring; once the
 * grace period has passed, also a stale victim's runnext and expired timers. */
static gmp_g *steal_round(gmp_p *p, spin_state *s, uint64_t now, bool late)
{
	int n = atomic_load_explicit(&gmp_s.nallp, memory_order_acquire);
	uint32_t off = gmp_fastrand(p) % (uint32_t)n;
	for (int i = 0; i < n; i++) {
		gmp_p *v = gmp_s.allp[(off + (uint32_t)i) % (uint32_t)n];
		/* a P in a system call is free to steal from (syscall.c): nobody runs it */
		if (v == p || atomic_load_explicit(&v->status, memory_order_relaxed) == P_IDLE)
			continue;
		/* A short ring whose head moves is a pipeline handing Gs along on that P
		 * (sieve, ring): taking one splits the chain across CPUs, and every hand-off
		 * then crosses cores (~100 ns) for work the owner runs within microseconds.
		 * Fork-join work either piles up (a long ring) or waits (a head that stays
		 * put while its owner computes): steal those. */
		uint32_t h = atomic_load_explicit(&v->runqhead, memory_order_relaxed);
		uint32_t len = atomic_load_explicit(&v->runqtail, memory_order_relaxed) - h;
		bool waited = v->id < s->n && h == s->head[v->id];
		if (v->id < s->n)
			s->head[v->id] = h;
		gmp_g *g = len >= GMP_STEAL_LONG || waited ? gmp_runqsteal(p, v, false) : NULL;
		if (g)
			return g;
		if (len != 0)
			continue;
		/* Ring empty. A victim that has not scheduled since we began spinning
		 * (its schedtick is read only now: it is written at every switch) has
		 * its runnext and timers taken too. */
		if (!late || v->id >= s->n ||
		    atomic_load_explicit(&v->schedtick, memory_order_relaxed) != s->tick[v->id])
			continue;
		if (gmp_timers_next(v) && gmp_timers_run(v, p, now) > 0 && (g = gmp_runqget(p)))
			return g;
		if ((g = gmp_runqsteal(p, v, true)))
			return g;
	}
	return NULL;
}

/* Spins looking for work for up to GMP_SPIN_NS (m->spinning is set). Polls back
 * off from ~1 us to ~16 us apart: each poll of a busy victim's queue costs it a
 * cache miss on its next queue write. */
static gmp_g *spin(gmp_m *m, gmp_p *p)
{
	spin_state s;
	s.start = rt_nanotime();
	s.n = atomic_load_explicit(&gmp_s.nallp, memory_order_acquire);
	for (int i = 0; i < s.n; i++) {
		s.tick[i] = atomic_load_explicit(&gmp_s.allp[i]->schedtick, memory_order_relaxed);
		s.head[i] = UINT32_MAX - 1; /* nothing seen yet: the first poll sees no wait */
	}
	uint64_t now = s.start;
	for (int pauses = GMP_SPIN_PAUSES;;
	     pauses = pauses < 16 * GMP_SPIN_PAUSES ? 2 * pauses : pauses) {
		if (atomic_load_explicit(&gmp_s.stopping, memory_order_relaxed))
			return NULL;
		bool late = now - s.start >= GMP_RUNNEXT_GRACE_NS;
		gmp_g *g = steal_round(p, &s, now, late);
		if (g || (g = local_work(p)))
			return g;
		/* netpoll.c: a spinning M looks at finished I/O too, else a request that
		 * lands during the spin waits for it to end (measured: c10k wakes at
		 * -t 1 took 72 us, 50 of them this spin) */
		if (gmp_netpoll_check(p) && (g = local_work(p)))
			return g;
		now = rt_nanotime();
		/* Give up only after a round that looked at stale runnexts: on a loaded
		 * machine one preemption can outlast the whole spin, and a P woken by
		 * sysmon would then idle without ever taking the stuck P's runnext. */
		if (now - s.start >= GMP_SPIN_NS && late)
			return NULL;
		/* netpoll.c: while Gs wait on I/O, work mostly arrives through the poller,
		 * which the last idle M blocks in; spinning past the runnext grace (5 us)
		 * then burns CPU the load's other side needs. At -t 2 with the client
		 * sharing both PUs, interleaved (load ~7): 3.7-4.4 us of server CPU per
		 * echo/http request against 3.9-4.7 with the whole 50-us spin */
		if (late && atomic_load_explicit(&gmp_np_waiters, memory_order_relaxed) > 0)
			return NULL;
		for (int i = 0; i < pauses; i++)
			rt_cpu_relax();
	}
	(void)m;
}

/* Is there work an idle P could take? (The re-check before sleeping.) */
static bool work_anywhere(gmp_p *self)
{
	if (atomic_load(&gmp_s.runqsize) > 0)
		return true;
	int n = atomic_load_explicit(&gmp_s.nallp, memory_order_acquire);
	for (int i = 0; i < n; i++) {
		gmp_p *v = gmp_s.allp[i];
		if (v == self)
			continue;
		if (atomic_load(&v->runqhead) != atomic_load(&v->runqtail))
			return true;
	}
	uint64_t now = 0;
	return timers_due(self, &now);
}

/* No work: sleep until woken or until this P's next timer. Returns with the P
 * running again (spinning if a waker counted us). */
static void idle(gmp_m *m, gmp_p *p)
{
	gmp_lock_acquire(&gmp_s.lock);
	if (atomic_load(&gmp_s.stopping) || atomic_load(&gmp_s.runqsize) > 0) {
		gmp_lock_release(&gmp_s.lock);
		return;
	}
	pidleput(p);
	gmp_lock_release(&gmp_s.lock);
	if (m->spinning) {
		m->spinning = false;
		atomic_fetch_sub(&gmp_s.nmspinning, 1);
	}
	if (work_anywhere(p)) {
		bool removed = gmp_pidleremove(p);
		if (removed)
			return;
		/* else a waker took p off the list; its wake-up is on the way */
	}
	/* netpoll.c: the last M to sleep blocks in the poller instead, until the same
	 * deadline or I/O; what I/O readied goes to p once p is ours again */
	gmp_glist io;
	bool woken = gmp_netpoll_sleep(m, gmp_timers_next(p), &io);
	if (!woken) {
		bool removed = gmp_pidleremove(p);
		if (!removed) /* a waker raced the deadline: take its wake-up */
			woken = gmp_note_sleep(&m->park, 0);
	}
	gmp_netpoll_inject(p, &io); /* netpoll.c */
	if (woken && !atomic_load(&gmp_s.stopping))
		m->spinning = true;
}

static gmp_g *findrunnable(gmp_m *m, gmp_p *p)
{
	for (;;) {
		if (atomic_load_explicit(&gmp_s.stopping, memory_order_relaxed))
			return NULL;
		gmp_g *g = local_work(p);
		if (g)
			return g;
		/* netpoll.c: I/O that completed, before stealing (Go's findrunnable) */
		if (gmp_netpoll_check(p) && (g = local_work(p)))
			return g;
		int busy = gmp_s.nprocs - atomic_load_explicit(&gmp_s.npidle, memory_order_relaxed);
		if (m->spinning ||
		    2 * atomic_load_explicit(&gmp_s.nmspinning, memory_order_relaxed) < busy) {
			if (!m->spinning) {
				m->spinning = true;
				atomic_fetch_add(&gmp_s.nmspinning, 1);
			}
			if ((g = spin(m, p)))
				return g;
		}
		idle(m, p);
	}
}

GMP_NORETURN void gmp_schedule(gmp_m *m)
{
	gmp_g *g = findrunnable(m, m->p);
	if (!g)
		gmp_mexit(m);
	if (m->spinning)
		resetspinning(m);
	gmp_run(m, g);
}
