/*
 * gpool.c — G structs: a free array per P and a global one (Go's gFree), filled
 * in chunks so that spawning never calls malloc in the steady state.
 *
 * What it promises
 *   - gmp_gfget returns a G with every field zero except ctx (garbage); with p it
 *     takes no lock unless the P's array is empty. Without p (a call from outside
 *     any M, run_main) it takes the global array under sched.lock.
 *   - Free Gs are kept in arrays of pointers, not lists through the Gs (Go's way):
 *     moving a batch between a P and the global pool then touches no G, and a
 *     million free Gs (after the spawn workload) are not a million dependent cache
 *     misses to walk.
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

#define GFREE_BATCH (GMP_GFREE_MAX / 2) /* moved between a P and the global pool */
#define GCHUNK      256                 /* Gs per allocation: 16 KiB, one malloc per 256 spawns   */

/* Room for n more Gs in the global array (sched.lock held). */
static bool gfree_reserve(size_t n)
{
	if (gmp_s.ngfree + n <= gmp_s.capgfree)
		return true;
	size_t cap = gmp_s.capgfree ? 2 * gmp_s.capgfree : 1024;
	while (cap < gmp_s.ngfree + n)
		cap *= 2;
	gmp_g **a = realloc(gmp_s.gfree, cap * sizeof *a);
	if (!a)
		return false;
	gmp_s.gfree = a;
	gmp_s.capgfree = cap;
	return true;
}

/* Allocates a chunk (sched.lock held) and puts it in the global array. */
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
	if (!gfree_reserve(GCHUNK))
		return false;
	gmp_g *gs = aligned_alloc(GMP_CACHELINE, GCHUNK * sizeof *gs);
	if (!gs)
		return false;
	memset(gs, 0, GCHUNK * sizeof *gs);
	gmp_s.gchunks[gmp_s.ngchunks++] = gs;
	for (int i = GCHUNK - 1; i >= 0; i--) /* lowest address handed out first */
		gmp_s.gfree[gmp_s.ngfree++] = &gs[i];
	return true;
}

static gmp_g *gfget_global(gmp_p *p)
{
	gmp_lock_acquire(&gmp_s.lock);
	if (gmp_s.ngfree == 0 && !gchunk_new()) {
		gmp_lock_release(&gmp_s.lock);
		return NULL;
	}
	gmp_g *g = gmp_s.gfree[--gmp_s.ngfree];
	if (p) {
		size_t n = gmp_s.ngfree < GFREE_BATCH ? gmp_s.ngfree : GFREE_BATCH;
		gmp_s.ngfree -= n;
		memcpy(p->gfree, &gmp_s.gfree[gmp_s.ngfree], n * sizeof *p->gfree);
		p->ngfree = (int)n;
	}
	gmp_lock_release(&gmp_s.lock);
	return g;
}

gmp_g *gmp_gfget_slow(gmp_p *p)
{
	gmp_g *g = gfget_global(p);
	if (g)
		gmp_g_reset(g);
	return g;
}

void gmp_gfput_slow(gmp_p *p, gmp_g *g)
{
	gmp_lock_acquire(&gmp_s.lock);
	if (gfree_reserve(GFREE_BATCH)) {
		p->ngfree -= GFREE_BATCH;
		memcpy(&gmp_s.gfree[gmp_s.ngfree], &p->gfree[p->ngfree],
		       GFREE_BATCH * sizeof *p->gfree);
		gmp_s.ngfree += GFREE_BATCH;
	}
	gmp_lock_release(&gmp_s.lock);
	if (p->ngfree < GMP_GFREE_MAX)
		p->gfree[p->ngfree++] = g;
	/* else: no memory to grow the pool; the G stays unused until stop frees it */
}

#if GMP_TSAN
/* TSan fibers outlive the runtime (tsan.h): creating one costs ~4 ms of CPU. A
 * fiber taken from here carries the history of the G that last used it, which
 * happened before this one's start (stop waits for quiescence and joins the Ms).
 * Never freed: the peak number of G structs, kept for the next start. */
static pthread_mutex_t fiber_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static void **fiber_cache;            /* idle fibers                     */
static size_t nfiber_cache, capfiber; /* their number, the array's room  */

void *gmp_tsan_fiber_get(void)
{
	void *f = NULL;
	pthread_mutex_lock(&fiber_cache_lock);
	if (nfiber_cache)
		f = fiber_cache[--nfiber_cache];
	pthread_mutex_unlock(&fiber_cache_lock);
	return f ? f : gmp_tsan_fiber_new();
}

void gmp_tsan_fiber_put(void *f)
{
	pthread_mutex_lock(&fiber_cache_lock);
	if (nfiber_cache == capfiber) {
		size_t cap = capfiber ? 2 * capfiber : 1024;
		void **a = realloc(fiber_cache, cap * sizeof *a);
		if (!a) { /* no room to keep it */
			pthread_mutex_unlock(&fiber_cache_lock);
			__tsan_destroy_fiber(f);
			return;
		}
		fiber_cache = a;
		capfiber = cap;
	}
	fiber_cache[nfiber_cache++] = f;
	pthread_mutex_unlock(&fiber_cache_lock);
}
#endif

void gmp_gpool_fini(void)
{
	for (int i = 0; i < gmp_s.ngchunks; i++) {
#if GMP_TSAN
		gmp_g *gs = gmp_s.gchunks[i];
		for (int j = 0; j < GCHUNK; j++)
			if (gs[j].tsan_fiber)
				gmp_tsan_fiber_put(gs[j].tsan_fiber);
#endif
		free(gmp_s.gchunks[i]);
	}
	free(gmp_s.gchunks);
	free(gmp_s.gfree);
	gmp_s.gchunks = NULL;
	gmp_s.ngchunks = gmp_s.capgchunks = 0;
	gmp_s.gfree = NULL;
	gmp_s.ngfree = gmp_s.capgfree = 0;
}
