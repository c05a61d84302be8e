/*
 * runq.c — run queues: each P's bounded lock-free ring plus its runnext slot, and
 * the global queue (Go's runqput/runqget/runqgrab/runqsteal/globrunqget).
 *
 * What it promises
 *   - The ring is single-producer (the owning P, at the tail) and multi-consumer
 *     (the owner and thieves, at the head, by CAS). A thief copies up to half of a
 *     victim's Gs into its own ring and commits with one CAS on the victim's head;
 *     if the CAS fails nothing happened.
 *   - runnext is a one-G slot that the owner runs before the ring. A readied or
 *     spawned G goes there, kicking the previous occupant to the ring's tail: a
 *     G woken by the G that runs now runs next, on this P, while caches are warm.
 *   - A full ring moves half of itself plus the new G to the global queue in one
 *     locked batch, so overflow costs one lock per 128 Gs. The global queue is a
 *     growable ring of pointers (gq_reserve says why).
 *   - runnext is stolen only when the caller says so (sched.c decides when), with
 *     the membarrier handshake of runq.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/syscall.h>
#include <unistd.h>
#include <linux/membarrier.h>

#include "gmp.h"
#include "runq.h"

#define RQ_MASK GMP_RQ_MASK

bool gmp_runqempty(gmp_p *p)
{
	/* A consistent snapshot: runnext may move into the ring between the loads. */
	for (;;) {
		uint32_t h = atomic_load(&p->runqhead);
		uint32_t t = atomic_load(&p->runqtail);
		gmp_g *next = atomic_load(&p->runnext);
		if (atomic_load(&p->runqtail) == t)
			return h == t && next == NULL;
	}
}

/* Makes room for n more Gs in the global ring (sched.lock held): doubles it,
 * keeping FIFO order. A ring of pointers rather than Go's list through the Gs:
 * taking a batch then reads 8 bytes per G from one array instead of one cache
 * miss per G chasing links (a million queued Gs: the spawn workload on one P). */
static void gq_reserve(size_t n)
{
	size_t len = gmp_s.gqtail - gmp_s.gqhead;
	if (len + n <= gmp_s.gqcap)
		return;
	size_t old = gmp_s.gqcap, cap = old ? old : 1024;
	while (cap < len + n)
		cap *= 2;
	/* realloc: a large ring moves by mremap, not by copying */
	gmp_g **q = realloc(gmp_s.gq, cap * sizeof *q);
	if (!q) {
		fprintf(stderr, "corobench: gmp: out of memory for the global run queue (%zu Gs)\n",
		        len + n);
		abort();
	}
	size_t h = old ? gmp_s.gqhead & (old - 1) : 0;
	if (h + len > old) /* the part that wrapped to the front goes after the rest */
		memcpy(q + old, q, (h + len - old) * sizeof *q);
	gmp_s.gq = q;
	gmp_s.gqcap = cap;
	gmp_s.gqhead = h;
	gmp_s.gqtail = h + len;
}

/* Appends n Gs to the global queue and publishes the count (sched.lock held). */
static void gq_push(gmp_g *const *gs, size_t n)
{
	gq_reserve(n);
	for (size_t i = 0; i < n; i++)
		gmp_s.gq[(gmp_s.gqtail++) & (gmp_s.gqcap - 1)] = gs[i];
	atomic_fetch_add(&gmp_s.runqsize, (int)n); /* seq_cst: see the essay on wake-ups */
}

/* Moves half of the ring plus g to the global queue. False: a thief got there
 * first (the ring is no longer full); the caller retries the fast path. */
static bool runqputslow(gmp_p *p, gmp_g *g, uint32_t h, uint32_t t)
{
	gmp_g *batch[GMP_RUNQ_SIZE / 2 + 1];
	uint32_t n = (t - h) / 2;
	for (uint32_t i = 0; i < n; i++)
		batch[i] = atomic_load_explicit(&p->runq[(h + i) & RQ_MASK], memory_order_relaxed);
	if (!atomic_compare_exchange_strong_explicit(&p->runqhead, &h, h + n, memory_order_release,
	                                             memory_order_relaxed))
		return false;
	batch[n] = g;
	gmp_lock_acquire(&gmp_s.lock);
	gq_push(batch, n + 1);
	gmp_lock_release(&gmp_s.lock);
	return true;
}

void gmp_runqput_slow(gmp_p *p, gmp_g *g)
{
	for (;;) {
		uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
		uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
		if (t - h < GMP_RUNQ_SIZE) {
			atomic_store_explicit(&p->runq[t & RQ_MASK], g, memory_order_relaxed);
			atomic_store_explicit(&p->runqtail, t + 1, memory_order_release);
			return;
		}
		if (runqputslow(p, g, h, t))
			return;
	}
}

bool gmp_runq_init_asym(void)
{
	return syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
}

/* Takes victim's runnext (the thief's side of runq.h's handshake). */
static gmp_g *runnext_steal(gmp_p *victim)
{
	if (!atomic_load_explicit(&victim->runnext, memory_order_relaxed))
		return NULL;
	if (!gmp_s.asym) /* the owner uses atomic exchanges too */
		return atomic_exchange(&victim->runnext, NULL);
	unsigned zero = 0;
	if (!atomic_compare_exchange_strong(&victim->rn_steal, &zero, 1))
		return NULL; /* another thief is at it */
	syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
	while (atomic_load_explicit(&victim->rn_busy, memory_order_acquire))
		rt_cpu_relax();
	gmp_g *g = atomic_exchange(&victim->runnext, NULL);
	atomic_store_explicit(&victim->rn_steal, 0, memory_order_release);
	return g;
}

/* Copies up to half of victim's ring into p's ring starting at slot `start`
 * (beyond p's tail, invisible to others until p publishes its tail). Returns the
 * number of Gs taken. */
static uint32_t runqgrab(gmp_p *victim, gmp_p *p, uint32_t start, bool stealnext)
{
	for (;;) {
		uint32_t h = atomic_load_explicit(&victim->runqhead, memory_order_acquire);
		uint32_t t = atomic_load_explicit(&victim->runqtail, memory_order_acquire);
		uint32_t n = t - h;
		n = n - n / 2;
		if (n == 0) {
			gmp_g *next = stealnext ? runnext_steal(victim) : NULL;
			if (!next)
				return 0;
			atomic_store_explicit(&p->runq[start & RQ_MASK], next,
			                      memory_order_relaxed);
			return 1;
		}
		if (n > GMP_RUNQ_SIZE / 2)
			continue; /* h and t read at different times: retry */
		for (uint32_t i = 0; i < n; i++) {
			gmp_g *g = atomic_load_explicit(&victim->runq[(h + i) & RQ_MASK],
			                                memory_order_relaxed);
			atomic_store_explicit(&p->runq[(start + i) & RQ_MASK], g,
			                      memory_order_relaxed);
		}
		if (atomic_compare_exchange_weak_explicit(
		        &victim->runqhead, &h, h + n, memory_order_acq_rel, memory_order_relaxed))
			return n;
	}
}

gmp_g *gmp_runqsteal(gmp_p *p, gmp_p *victim, bool stealnext)
{
	uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
	uint32_t n = runqgrab(victim, p, t, stealnext);
	if (n == 0)
		return NULL;
	n--;
	gmp_g *g = atomic_load_explicit(&p->runq[(t + n) & RQ_MASK], memory_order_relaxed);
	if (n == 0)
		return g;
	uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
	if (t - h + n >= GMP_RUNQ_SIZE) {
		fprintf(stderr, "corobench: gmp: runqsteal: local queue overflow\n");
		abort();
	}
	atomic_store_explicit(&p->runqtail, t + n, memory_order_release);
	return g;
}

void gmp_globrunqput(gmp_g *g)
{
	gmp_lock_acquire(&gmp_s.lock);
	gq_push(&g, 1);
	gmp_lock_release(&gmp_s.lock);
}

gmp_g *gmp_globrunqget(gmp_p *p, int max)
{
	int size = atomic_load_explicit(&gmp_s.runqsize, memory_order_relaxed);
	if (size == 0)
		return NULL;
	/* A fair share (Go: size/gomaxprocs + 1), at most half a ring. */
	int n = size / gmp_s.nprocs + 1;
	if (n > size)
		n = size;
	if (max > 0 && n > max)
		n = max;
	if (n > GMP_RUNQ_SIZE / 2)
		n = GMP_RUNQ_SIZE / 2;
	uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
	uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
	if ((uint32_t)n - 1 > GMP_RUNQ_SIZE - (t - h))
		n = 1; /* no room in the local ring: take just the one to run */
	atomic_fetch_sub(&gmp_s.runqsize, n);
	size_t mask = gmp_s.gqcap - 1;
	gmp_g *g = gmp_s.gq[(gmp_s.gqhead++) & mask];
	for (int i = 1; i < n; i++)
		atomic_store_explicit(&p->runq[(t++) & RQ_MASK], gmp_s.gq[(gmp_s.gqhead++) & mask],
		                      memory_order_relaxed);
	atomic_store_explicit(&p->runqtail, t, memory_order_release);
	return g;
}

void gmp_runqdrain(gmp_p *p)
{
	gmp_g *g;
	while ((g = gmp_runqget(p)))
		gmp_globrunqput(g);
}
