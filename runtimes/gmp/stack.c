/*
 * stack.c — G stacks: carved from large mmap'd slabs, guarded, cached per P and
 * globally, so that spawning and exiting never call mmap in the steady state.
 *
 * Why slabs, and where the guard pages go
 *   One mmap per stack would cost one mapping (VMA) per live G, two with its guard
 *   page; Linux caps a process at vm.max_map_count mappings (65530 by default), so
 *   a million live Gs cannot each have a mapping. Stacks are therefore carved from
 *   slabs of many stacks. A guard page inside a slab splits the slab's mapping, so
 *   each guarded stack still costs two VMAs; gmp spends at most a quarter of
 *   max_map_count that way (16382 guarded stacks by default, 1 GiB of 64-KiB
 *   stacks: every G of an ordinary program). Past that budget, slabs are carved
 *   without interior guards (one guard page at the slab's bottom, two VMAs per
 *   256 stacks): overflowing one of those stacks would silently corrupt its
 *   neighbour, so every stack carries a canary in the word above its top and each
 *   G checks, at every switch to the scheduler, both its own canary and the one
 *   its overflow would hit first; a hit aborts with a message. That is detection
 *   after the fact, not prevention -- the price of a million live Gs -- and it
 *   only applies past the first 16382 stacks.
 *
 *   Slab, guarded (64 stacks):            Slab, unguarded (256 stacks):
 *     | guard | stack 0 | guard | stack 1 |   | guard | stack 0 | stack 1 | ...
 *   Each stack's top 16 bytes hold [canary pointer | canary], set once per slab:
 *
 *     top-8 canary word (constant)      <- an overflow from the stack above hits it
 *     ...   colour gap, 0 to COLOURS-1 lines (below)
 *     hi+8  canary word (constant)
 *     hi    the canary below lo that an overflow of this stack hits first, or NULL
 *           when a guard page is there
 *     hi-8  while the stack is free: the next free stack (the free-list link)
 *     hi    is the G's stack top (16-byte aligned); the G uses [hi - size, hi)
 *
 * Colouring
 *   Every stack's slot is a page longer than its stack, and its top sits 0 to
 *   COLOURS-1 cache lines below the slot's end, a different colour for
 *   neighbouring slots. Without it the hot top of every stack -- the frames a
 *   parked G resumes into, ~5 lines -- sat at the same offset in its page and at
 *   one of a few offsets modulo the L2's 64-KiB set period (the slot stride is
 *   68 or 72 KiB), so a few hundred parked Gs fought over the same few cache sets:
 *   ring's 503 Gs took 54 ns a hop against 31 ns for 256 Gs, and 32 ns with
 *   colours (docs/GMP-FLOOR.md). The colours stay inside the top page, so a
 *   shallow G still touches one page. The extra page is address space only.
 *
 * Memory
 *   Slabs are MAP_NORESERVE: a stack costs address space, and resident memory
 *   only for the pages a G touches (one 4-KiB page for a shallow G). Freed stacks
 *   stay cached (never returned to the kernel) until stop(): a benchmark's peak
 *   resident set is its peak number of live Gs times the pages each touched.
 *   Transparent huge pages are disabled on slabs: a 2-MiB page would make 32
 *   stacks resident for one touch.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "asan.h"
#include "gmp.h"

#define SLAB_GUARDED   64  /* stacks per slab with a guard each: 128 VMAs       */
#define SLAB_UNGUARDED 256 /* stacks per slab past the guard budget: 2 VMAs     */
#define CACHE_MAX      GMP_STACK_CACHE_MAX
#define CACHE_BATCH    32 /* moved between a P and the global cache at once    */
#define HEADER         16 /* [link|canary] above each stack's top              */
/* Colours: tops 0..COLOURS-1 lines below the slot's end (see Colouring). 48 lines
 * (3 KiB) keep 1 KiB of frames in the top page at the deepest colour; the
 * stride 5 (odd, coprime to 48) gives neighbouring slots distant colours. */
#define COLOURS       48
#define COLOUR_STRIDE 5
#define CANARY        0x676d70537461636bull /* "gmpStack" */
#define LINK(hi)      GMP_STACK_LINK(hi)

static struct {
	gmp_lock lock;        /* guards everything below                                */
	size_t size;          /* bytes per stack (usable = size - HEADER); its slot
	                       * has a page more (colouring) and maybe a guard page  */
	size_t page;          /* system page size                                       */
	char *free;           /* global free stacks (by their hi), linked through hi   */
	long nfree;           /* their number                                           */
	void **slabs;         /* base of each slab mapping                              */
	size_t *slablen;      /* its length                                             */
	int nslabs, capslabs; /* slab table length and capacity                        */
	long guard_budget;    /* stacks that may still get their own guard page         */
} S;

static long max_map_count(void)
{
	long v = 65530; /* Linux's default, if /proc says nothing */
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = 65530;
		fclose(f);
	}
	return v;
}

long gmp_stack_guard_override = -1;

int gmp_stack_init(size_t size)
{
	memset(&S, 0, sizeof S);
	S.page = (size_t)sysconf(_SC_PAGESIZE);
	S.size = (size + S.page - 1) & ~(S.page - 1);
	S.guard_budget =
	    gmp_stack_guard_override >= 0 ? gmp_stack_guard_override : max_map_count() / 4;
	return 0;
}

static bool slab_record(void *base, size_t len)
{
	if (S.nslabs == S.capslabs) {
		int cap = S.capslabs ? 2 * S.capslabs : 64;
		void **s = realloc(S.slabs, (size_t)cap * sizeof *s);
		if (!s)
			return false;
		S.slabs = s;
		size_t *l = realloc(S.slablen, (size_t)cap * sizeof *l);
		if (!l)
			return false;
		S.slablen = l;
		S.capslabs = cap;
	}
	S.slabs[S.nslabs] = base;
	S.slablen[S.nslabs++] = len;
	return true;
}

/* Maps a slab and puts its stacks on the global free list (S.lock held). */
static bool slab_new(void)
{
	bool guarded = S.guard_budget >= SLAB_GUARDED;
	size_t n = guarded ? SLAB_GUARDED : SLAB_UNGUARDED;
	size_t room = S.size + S.page; /* the stack and its colour room */
	size_t slot = guarded ? S.page + room : room;
	size_t len = guarded ? n * slot : S.page + n * slot;
	char *base = mmap(NULL, len, PROT_READ | PROT_WRITE,
	                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (base == MAP_FAILED)
		return false;
	if (!slab_record(base, len)) {
		munmap(base, len);
		return false;
	}
	madvise(base, len, MADV_NOHUGEPAGE);
	char *first = guarded ? base : base + S.page;
	if (!guarded && mprotect(base, S.page, PROT_NONE) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char *lo = first + i * slot + (guarded ? S.page : 0);
		if (guarded && mprotect(lo - S.page, S.page, PROT_NONE) != 0)
			return false;
		char *top = lo + room;
		char *hi = top - HEADER - (i * COLOUR_STRIDE % COLOURS) * GMP_CACHELINE;
		*(uint64_t *)(top - 8) = CANARY;
		*(uint64_t *)(hi + 8) = CANARY;
		*(uint64_t **)hi = guarded || i == 0 ? NULL : (uint64_t *)(lo - 8);
		LINK(hi) = S.free;
		S.free = hi;
		S.nfree++;
	}
	if (guarded)
		S.guard_budget -= (long)n;
	return true;
}

static char *stack_get_global(gmp_p *p)
{
	gmp_lock_acquire(&S.lock);
	if (!S.free && !slab_new()) {
		gmp_lock_release(&S.lock);
		return NULL;
	}
	char *hi = S.free;
	S.free = LINK(hi);
	S.nfree--;
	for (int i = 0; p && i < CACHE_BATCH && S.free; i++) {
		char *x = S.free;
		S.free = LINK(x);
		S.nfree--;
		LINK(x) = p->stackfree;
		p->stackfree = x;
		p->nstackfree++;
	}
	gmp_lock_release(&S.lock);
	return hi;
}

char *gmp_stack_get_slow(gmp_p *p)
{
	return stack_get_global(p);
}

void gmp_stack_check_slow(const gmp_g *g, const uint64_t *below)
{
	if (*(uint64_t *)(g->stack_hi + 8) != CANARY || *below != CANARY) {
		fprintf(
		    stderr,
		    "corobench: gmp: stack overflow: a G overran its %zu-byte stack (an unguarded "
		    "stack: the vm.max_map_count budget for guard pages was used up); "
		    "give tasks a larger stack\n",
		    S.size - HEADER);
		abort();
	}
}

void gmp_stack_spill(gmp_p *p)
{
	gmp_lock_acquire(&S.lock);
	while (p->nstackfree > CACHE_MAX - CACHE_BATCH) {
		char *x = p->stackfree;
		p->stackfree = LINK(x);
		p->nstackfree--;
		LINK(x) = S.free;
		S.free = x;
		S.nfree++;
	}
	gmp_lock_release(&S.lock);
}

char *gmp_stack_map_private(size_t size)
{
	size = (size + S.page - 1) & ~(S.page - 1);
	char *base = mmap(NULL, size + S.page, PROT_READ | PROT_WRITE,
	                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base, S.page, PROT_NONE) != 0) {
		munmap(base, size + S.page);
		return NULL;
	}
	char *hi = base + S.page + size - HEADER;
	*(uint64_t **)hi = NULL; /* guarded: no canary to check */
	*(uint64_t *)(hi + 8) = CANARY;
	return hi;
}

void gmp_stack_unmap_private(char *hi, size_t size)
{
	size = (size + S.page - 1) & ~(S.page - 1);
	munmap(hi + HEADER - size - S.page, size + S.page);
}

void gmp_stack_fini(void)
{
	for (int i = 0; i < S.nslabs; i++)
		munmap(S.slabs[i], S.slablen[i]);
	free(S.slabs);
	free(S.slablen);
	memset(&S, 0, sizeof S);
}

size_t gmp_stack_usable(void)
{
	return S.size - HEADER;
}
