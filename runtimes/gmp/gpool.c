/*
 * gpool.c — G structs: a free list per P and a global one (Go's gFree), filled in
 * chunks so that spawning never calls malloc in the steady state.
 *
 * What it promises
 *   - gmp_gfget returns a G with every field zero except ctx (garbage); with p it
 *     takes no lock unless the P's list is empty. Without p (a call from outside
 *     any M, run_main) it takes the global list under sched.lock.
 *   - A G carries no stack while free: stacks live in their own cache (stack.c),
 *     because a spawned G gets a stack only when it first runs.
 *   - Every chunk is freed by gmp_gpool_fini (stop), whatever state its Gs are in:
 *     Gs still parked at stop are simply dropped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gmp.h"

#define GFREE_MAX   64  /* per-P free Gs kept; past that half go global (Go: 64)   */
#define GFREE_BATCH 32  /* moved between a P and the global list at once (Go: 32) */
#define GCHUNK      256 /* Gs per allocation: 32 KiB, one malloc per 256 spawns    */

/* Allocates a chunk (sched.lock held) and puts it on the global list. */
static bool gchunk_new(void)
{
	if (gmp_s.ngchunks == gmp_s.capgchunks) {
		int cap = gmp_s.capgchunks ? 2 * gmp_s.capgchunks : 64;
		void **c = realloc(gmp_s.gchunks, (size_t)cap * sizeof *c);
		if (!c)
			return false;
		gmp_s.gchunks = c;
		gmp_s.capgchunks = cap;
	}
	gmp_g *gs = aligned_alloc(GMP_CACHELINE, GCHUNK * sizeof *gs);
	if (!gs)
		return false;
	memset(gs, 0, GCHUNK * sizeof *gs);
	gmp_s.gchunks[gmp_s.ngchunks++] = gs;
	for (int i = 0; i < GCHUNK; i++) {
		gs[i].schedlink = gmp_s.gfree;
		gmp_s.gfree = &gs[i];
	}
	gmp_s.ngfree += GCHUNK;
	return true;
}

static gmp_g *gfget_global(gmp_p *p)
{
	gmp_lock_acquire(&gmp_s.lock);
	if (!gmp_s.gfree && !gchunk_new()) {
		gmp_lock_release(&gmp_s.lock);
		return NULL;
	}
	gmp_g *g = gmp_s.gfree;
	gmp_s.gfree = g->schedlink;
	gmp_s.ngfree--;
	for (int i = 0; p && i < GFREE_BATCH && gmp_s.gfree; i++) {
		gmp_g *x = gmp_s.gfree;
		gmp_s.gfree = x->schedlink;
		gmp_s.ngfree--;
		x->schedlink = p->gfree;
		p->gfree = x;
		p->ngfree++;
	}
	gmp_lock_release(&gmp_s.lock);
	return g;
}

gmp_g *gmp_gfget(gmp_p *p)
{
	gmp_g *g = p ? p->gfree : NULL;
	if (g) {
		p->gfree = g->schedlink;
		p->ngfree--;
	} else if (!(g = gfget_global(p))) {
		return NULL;
	}
	g->schedlink = NULL;
	g->stack_hi = NULL;
	g->unlockf = NULL;
	g->asan_fake = NULL;
	g->main = false;
	return g;
}

void gmp_gfput(gmp_p *p, gmp_g *g)
{
	atomic_store_explicit(&g->status, G_FREE, memory_order_relaxed);
	g->schedlink = p->gfree;
	p->gfree = g;
	if (++p->ngfree < GFREE_MAX)
		return;
	gmp_lock_acquire(&gmp_s.lock);
	while (p->ngfree > GFREE_MAX - GFREE_BATCH) {
		gmp_g *x = p->gfree;
		p->gfree = x->schedlink;
		p->ngfree--;
		x->schedlink = gmp_s.gfree;
		gmp_s.gfree = x;
		gmp_s.ngfree++;
	}
	gmp_lock_release(&gmp_s.lock);
}

void gmp_gpool_fini(void)
{
	for (int i = 0; i < gmp_s.ngchunks; i++)
		free(gmp_s.gchunks[i]);
	free(gmp_s.gchunks);
	gmp_s.gchunks = NULL;
	gmp_s.ngchunks = gmp_s.capgchunks = 0;
	gmp_s.gfree = NULL;
	gmp_s.ngfree = 0;
}
