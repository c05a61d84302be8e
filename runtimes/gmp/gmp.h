/*
 * gmp.h — gmp's objects (G, M, P, the scheduler singleton) and the functions the
 * files of runtimes/gmp/ share. Internal: the world sees gmp only through rt.h.
 * The design, the invariants and the hand-off rules are explained at the top of
 * sched.c.
 *
 * One concept per file:
 *   switch_*.S, switch.c  context switch (mcall/gogo) and a fresh G's first frame
 *   lock.c                futex lock and note (M sleep/wake-up)
 *   stack.c               stacks: slabs, guard pages, per-P and global caches
 *   gpool.c               G structs: per-P and global free arrays
 *   runq.c, runq.h        per-P lock-free run queue, runnext, global run queue
 *   timer.c               per-P timer heap (sleep)
 *   sched.c, sched.h      schedule/findrunnable/steal/spin/idle (the essay); fast path
 *   park.c                what a G calls: go, yield, park, ready, sleep, exit
 *   mthread.c             the Ms: OS threads, pinning, thread hooks, g0
 *   sysmon.c              the monitor thread: preempts, hands off Ps in system calls
 *   preempt.c, preempt.h  asynchronous preemption: sysmon's request, the signal, the
 *                         safe-point rule, the save and the exact restore
 *   syscall.c             entersyscall/exitsyscall and the hand-off of a P (Go's)
 *   netpoll.c, netpoll.h  Gs waiting on fds: the netpoller (+ _epoll.c, _uring.c)
 *   rt_gmp.c              the rt.h table: start, stop, run_main
 */
#ifndef GMP_GMP_H
#define GMP_GMP_H

#include <pthread.h>
#include <sys/types.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../rt.h"
#include "asan.h"
#include "lock.h"
#include "switch.h"
#include "tsan.h"

#define GMP_CACHELINE 64

/* Go's local run queue length. 256 Gs is ~4 us of 15-ns hand-offs: long enough
 * that overflow to the global queue (a lock) is rare, short enough that stealing
 * half of it is one cache-friendly copy. Must be a power of two. */
#define GMP_RUNQ_SIZE 256

/* Ms beyond one per P that may exist at once: each stood in for a P whose M
 * blocked in a system call (syscall.c). This bounds the extra OS threads that
 * blocking calls can cause; with all of them blocked too, a P in a system call
 * waits for its own M. */
#define GMP_MAX_SPARES 16

/* Most workers start() accepts: far above any machine corobench targets, and it
 * bounds the per-spinner snapshot of schedticks (4 bytes per P on g0). */
#define GMP_MAX_PROCS 1024

/* Go's number: every 61st schedule takes a G from the global queue first, so a P
 * with a busy local queue cannot starve it; prime, so it does not beat against a
 * program's own periods. */
#define GMP_GLOBAL_PERIOD 61

/* Free Gs a P keeps (Go: 64); past that, half go to the global pool. */
#define GMP_GFREE_MAX 64

/* Free stacks a P keeps (8 MiB of 64-KiB stacks, virtual; only touched pages are
 * resident); past that, a batch goes to the global pool (stack.c). */
#define GMP_STACK_CACHE_MAX 128

/* A free stack's free-list link: the word just below its top (stack.c). */
#define GMP_STACK_LINK(hi) (((char **)(hi))[-1])

/* For the few helpers every switch runs: GCC's -O2 heuristics otherwise outline
 * some of them once they are called from several places. */
#define GMP_INLINE static inline __attribute__((always_inline))

typedef struct gmp_g gmp_g;
typedef struct gmp_m gmp_m;
typedef struct gmp_p gmp_p;

/* G status: written with relaxed atomics at each transition so that a debugger or
 * a core dump shows what every G was doing; nothing branches on it. */
enum {
	G_FREE = 0, /* in a free array                                */
	G_RUNNABLE, /* in a run queue (or about to be)                 */
	G_RUNNING,  /* on an M                                         */
	G_WAITING,  /* parked: only a ready() brings it back           */
};

/* A G: one task. One cache line (64 bytes), aligned, so two Gs running on two Ps
 * never share a line, and a million queued Gs are 64 MB, touched once each way. */
struct gmp_g {
	gmp_ctx ctx;         /* saved registers while not running                  */
	rt_fn fn;            /* entry point                                        */
	void *arg;           /* its argument                                       */
	char *stack_hi;      /* top of its stack; NULL until it first runs (lazy)  */
	atomic_int status;   /* G_*                                                */
	atomic_uint parking; /* 1 while its park callback runs: no M may resume it */
	bool main;           /* the run_main task: big private stack, signals done */
#if GMP_ASAN
	void *asan_fake; /* ASan fake-stack handle across a switch             */
#endif
#if GMP_TSAN
	void *tsan_fiber; /* TSan fiber, made at its first run, kept with the G (tsan.h) */
#endif
} __attribute__((aligned(GMP_CACHELINE)));
_Static_assert(sizeof(gmp_g) == GMP_CACHELINE, "a G is one cache line");

/* Where a callback timer sits, so its owner can delete it (netpoll deadlines):
 * kept up to date by the heap under its lock; idx -1 once it fired or was deleted. */
typedef struct gmp_tref {
	struct gmp_p *p; /* whose heap holds it       */
	int idx;         /* its index there; -1: none */
} gmp_tref;

/* What a callback timer runs when due (on g0 or sysmon, heap unlocked): readies
 * what it must into `into` (gmp_ready_on) and returns how many Gs it readied. */
typedef int (*gmp_timer_fn)(void *arg, uint64_t seq, struct gmp_p *into);

/* One sleeping G and when it wakes, or a callback (fn != NULL) and when it runs. */
typedef struct gmp_timer {
	uint64_t when;   /* CLOCK_MONOTONIC ns                       */
	gmp_g *g;        /* who sleeps (fn == NULL)                  */
	gmp_timer_fn fn; /* else: what runs                          */
	void *arg;       /* its argument                             */
	uint64_t seq;    /* its generation (stale ones do nothing)   */
	gmp_tref *ref;   /* the owner's handle for deletion, or NULL */
} gmp_timer;

/* A P's timer heap: Gs sleeping until a deadline, a binary min-heap. */
typedef struct gmp_timers {
	gmp_lock lock;          /* other Ps run expired timers of a busy P too     */
	gmp_timer *heap;        /* heap[0] is the earliest                           */
	int n;                  /* entries in use                                    */
	int cap;                /* entries allocated                                 */
	_Atomic uint64_t when0; /* heap[0].when, 0 when empty: lock-free peek     */
} gmp_timers;

/* P status. */
enum {
	P_RUNNING = 0, /* its M is running Gs or looking for work                 */
	P_IDLE,        /* on the idle list; its M sleeps on its note             */
	P_SYSCALL,     /* its M's G is in a system call: any M may take it (CAS)  */
};

/* A P: the right to run Gs, with its local queues and caches.
 *
 * Layout, by who writes what how often (64-byte lines):
 *   line 0  the owner's hot fields: runnext (every hand-off), its handshake words,
 *           the caches' heads. Thieves read runnext only from a stale victim.
 *   line 1  runqhead/runqtail: what spinning thieves poll. The owner writes them
 *           only when the ring is used, not on runnext hand-offs.
 *   line 2  schedtick: written at every scheduling point, read by sysmon and by
 *           thieves judging staleness.
 * A thief polling line 1 then costs the owner a miss only when the ring moved. */
struct gmp_p {
	_Atomic(gmp_g *) runnext; /* runs before runq: a readied/spawned G              */
	atomic_uint rn_busy;      /* owner inside a runnext update (runq.h)             */
	atomic_uint rn_steal;     /* a thief wants runnext (runq.h); stays 1 where
	                           * membarrier is missing                               */
	atomic_int status;        /* P_*                                                */
	int32_t globcheck;        /* schedules until the global queue goes first        */
	gmp_m *m;                 /* the M running this P; changes only at a hand-off
	                           * (syscall.c), read by sysmon with __atomic       */
	char *stackfree;          /* free stacks (LIFO, link inside them)               */
	int nstackfree;           /* their number                                       */
	int ngfree;               /* free Gs in gfree                                   */
	int id;                   /* index in sched.allp                               */
	uint64_t rand;            /* xorshift state for victim selection               */
	gmp_p *idlelink;          /* link in the idle-P list                           */

	_Atomic uint32_t runqhead
	    __attribute__((aligned(GMP_CACHELINE))); /* next to
	                                              * dequeue (owner and thieves: CAS) */
	_Atomic uint32_t runqtail; /* next free slot (owner only: store)                */

	atomic_uint schedtick
	    __attribute__((aligned(GMP_CACHELINE))); /* +1 per
	                                              * scheduling point (gmp_tick) */
	atomic_uint syscalltick; /* +1 per entersyscall (syscall.c; sysmon tells calls apart) */
	atomic_uint preempt_req; /* preempt.c: sysmon wants the running G off (PREEMPT_*) */
	atomic_uint preempt_at;  /* the schedtick or runqhead it saw when it asked       */

	gmp_g *gfree[GMP_GFREE_MAX] __attribute__((aligned(GMP_CACHELINE))); /* free Gs */
	_Atomic(gmp_g *) runq[GMP_RUNQ_SIZE]; /* the ring; slots read racily by thieves */
	gmp_timers timers;                    /* Gs sleeping, by wake-up time            */
} __attribute__((aligned(GMP_CACHELINE)));

/* An M: an OS thread running one P at a time (see the essay; it changes P only
 * at a system call's hand-off, syscall.c). */
struct gmp_m {
	gmp_ctx base;         /* the thread's own context, resumed to exit            */
	void *base_fake;      /* ASan fake-stack handle of that context               */
	char *g0_sp;          /* top of the scheduler stack (on the thread's stack)   */
	char *g0_lo;          /* the thread stack's lowest address (ASan)             */
	size_t g0_size;       /* its size (ASan)                                      */
	void *g0_fake;        /* ASan fake-stack handle of g0                         */
	void *g0_fiber;       /* TSan: the thread's own fiber, which g0 runs as       */
	gmp_g *curg;          /* the G running, NULL on g0                            */
	rt_unlock_fn unlockf; /* park's callback, handed from the G to g0 on this M   */
	void *unlock_arg;     /* its argument                                         */
	gmp_p *p;             /* its P (in a system call: the P it left; a spare: NULL) */
	bool spinning;        /* counted in sched.nmspinning                          */
	atomic_bool lockwait; /* sleeping on a gmp_lock                               */
	atomic_bool incall;   /* between entersyscall and exitsyscall (syscall.c)   */
	gmp_m *sparelink;     /* next idle spare M (sched.lock)                        */
	void *_Atomic resume; /* preempt.c: the context the next signal restores      */
	void *altstack;       /* preempt.c: the signal stack it mapped, or NULL        */
	gmp_note park;        /* sleeps here when idle                                */
	pthread_t thread;     /* the OS thread                                        */
	pid_t tid;            /* its kernel thread id (sysmon reads its state)        */
	bool started;         /* thread created (joined at stop)                      */
	int id;               /* index in sched.allm (the first nprocs start on P id) */
} __attribute__((aligned(GMP_CACHELINE)));

/* The scheduler: one per process (rt.h: one runtime per process at a time). */
typedef struct gmp_sched {
	int nprocs;              /* configured Ps (workers)                          */
	atomic_int nallp;        /* Ps that exist: nprocs                             */
	gmp_p **allp;            /* nprocs slots                                      */
	gmp_m **allm;            /* every M: nprocs + GMP_MAX_SPARES slots            */
	atomic_int nallm;        /* Ms created so far                                */
	gmp_m *mspare;           /* idle spare Ms without a P (sched.lock)            */
	atomic_int nmspinning;   /* Ms spinning for work                             */
	atomic_int npidle;       /* Ps on the idle list                              */
	atomic_bool stopping;    /* stop() found the runtime quiescent: Ms exit      */
	bool preempt;            /* asynchronous preemption on (rt_config)           */
	atomic_ullong npreempt;  /* Gs preempted by signal (rt_stats.preemptions)    */
	atomic_ullong ndeferred; /* signals that landed where it was unsafe          */
	atomic_ullong nhandoff;  /* Ps handed to another M (rt_stats.spares)         */
	bool asym;               /* membarrier available (runq.h)                     */

	gmp_lock lock;            /* guards gq*, pidle, gfree, gchunks                 */
	gmp_g **gq;               /* global run queue: a ring of gqcap pointers      */
	size_t gqcap;             /* its capacity, a power of two (0: none yet)      */
	size_t gqhead, gqtail;    /* next to take, next free (monotonic)             */
	atomic_int runqsize;      /* its length; read without the lock                */
	gmp_p *pidle;             /* idle Ps (LIFO through idlelink)                  */
	gmp_g **gfree;            /* global free Gs (an array, gpool.c)             */
	size_t ngfree, capgfree;  /* their number, the array's capacity              */
	void **gchunks;           /* every G allocation, freed at stop                */
	int ngchunks, capgchunks; /* its length and capacity                          */

	size_t stack_size;            /* usable bytes per G stack                         */
	size_t main_stack_size;       /* the main task's stack                            */
	char *main_stack_hi;          /* the main task's stack, kept across run_main      */
	gmp_note main_note;           /* run_main sleeps here until its task ends         */
	gmp_note sysmon_note;         /* sysmon sleeps here between ticks; stop wakes it  */
	pthread_t sysmon;             /* the monitor thread                               */
	bool sysmon_started;          /* joined at stop                                   */
	const rt_thread_hooks *hooks; /* copy of the harness's hooks (NULL members ok)  */
	rt_thread_hooks hooks_copy;   /* storage for hooks                                */
	const cpu_set_t *pin_sets;    /* copy of the pin plan, NULL = none                */
	atomic_uint mstarted;         /* Ms that finished starting (start waits for all)   */
	atomic_int mstart_err;        /* first pinning error (negative errno)              */
} gmp_sched;

extern gmp_sched gmp_s;

/* ---- The current M. On x86-64 a TLS load is one %fs-relative mov that the
 * compiler re-issues after every call, so it is safe across a G migrating to
 * another thread. On other architectures the compiler may keep the thread pointer
 * in a register across a call (and a G may come back on another thread), so the
 * accessor is an opaque call there. So it is under TSan: the address handed to
 * TSan's read hook is computed once per function (gmp_gstart kept it across
 * g->fn), and after a migration the hook named the old M's variable, a false race
 * with that M's exit (the load itself was fresh). */
extern __thread gmp_m *gmp_tls_m;
#if defined(__x86_64__) && !GMP_TSAN
static inline gmp_m *gmp_getm(void)
{
	return gmp_tls_m;
}
#else
gmp_m *gmp_getm_slow(void);
static inline gmp_m *gmp_getm(void)
{
	return gmp_getm_slow();
}
#endif

/* ---- runq.c */
bool gmp_runqempty(gmp_p *p);
bool gmp_runq_init_asym(void); /* membarrier registered: runq.h's fast runnext */
gmp_g *gmp_runqsteal(gmp_p *p, gmp_p *victim, bool stealnext);
void gmp_globrunqput(gmp_g *g);            /* takes sched.lock               */
gmp_g *gmp_globrunqget(gmp_p *p, int max); /* caller holds sched.lock        */
void gmp_runqdrain(gmp_p *p);              /* local Gs -> global (spares)     */

/* ---- stack.c */
extern long gmp_stack_guard_override; /* tests: guarded stacks allowed (-1: default) */
int gmp_stack_init(size_t size);
void gmp_stack_fini(void);
char *gmp_stack_get_slow(gmp_p *p); /* the P's cache is empty: global or new slab */
void gmp_stack_spill(gmp_p *p);     /* the P's cache is full: a batch goes global */
void gmp_stack_check_slow(const gmp_g *g, const uint64_t *below);
size_t gmp_stack_usable(void);            /* usable bytes of a pooled stack */
char *gmp_stack_map_private(size_t size); /* one guarded stack (main task): its hi */
void gmp_stack_unmap_private(char *hi, size_t size);

/* ---- gpool.c */
gmp_g *gmp_gfget_slow(gmp_p *p); /* p may be NULL (outside any M) */
void gmp_gfput_slow(gmp_p *p, gmp_g *g);
void gmp_gpool_fini(void);

/* ---- timer.c */
void gmp_timers_add(gmp_p *p, gmp_g *g, uint64_t when);  /* on g0, after g parked */
int gmp_timers_run(gmp_p *p, gmp_p *into, uint64_t now); /* Gs readied            */
void gmp_timers_fini(gmp_p *p);
/* A callback timer on p's heap (netpoll.c's deadlines), from g0; ref says where. */
void gmp_timers_add_fn(gmp_p *p, uint64_t when, gmp_timer_fn fn, void *arg, uint64_t seq,
                       gmp_tref *ref);
void gmp_timers_del(gmp_tref *ref);           /* no-op when it already ran */
void gmp_timers_move(gmp_p *from, gmp_p *to); /* retiring spares             */

/* ---- sched.c */
GMP_NORETURN void gmp_schedule(gmp_m *m);          /* slow path of sched.h    */
GMP_NORETURN void gmp_execute(gmp_m *m, gmp_g *g); /* slow path of gmp_run    */
void gmp_wakep(void);
void gmp_wake_all(void);
bool gmp_pidleremove(gmp_p *p); /* takes sched.lock; false: not on the idle list */

/* ---- park.c: the rt.h operations (rt_gmp.c puts them in the table) */
int gmp_go(rt_fn fn, void *arg);
void gmp_yield(void);
rt_task *gmp_self(void);
void gmp_sleep_ns(uint64_t ns);
void gmp_park(rt_unlock_fn unlock, void *arg);
void gmp_ready(rt_task *t);
void gmp_ready_on(gmp_p *p, gmp_g *g, bool next); /* also from g0 (timers)       */
void gmp_gstart(void);                            /* a fresh G's first frame      */
/* Saves g and runs fn(g) on g0; returns when g is resumed, maybe on another M
 * (preempt.c, syscall.c: park.c's switch, out of line). */
void gmp_switch(gmp_m *m, gmp_g *g, void (*fn)(void *));

/* ---- mthread.c */
int gmp_mstart(gmp_m *m);           /* creates the thread; it starts idle      */
int gmp_mpin(pthread_t t, int set); /* pins t to pin_sets[set]; -errno       */
void gmp_mjoin(gmp_m *m);
GMP_NORETURN void gmp_mexit(gmp_m *m); /* from g0: the M ends */

/* ---- sysmon.c */
int gmp_sysmon_start(void);
void gmp_sysmon_stop(void);

/* ---- per-P caches: the fast paths (stack.c and gpool.c have the rest) */

/* Top of a stack for a G's first run, from p's cache; NULL: out of memory. */
GMP_INLINE char *gmp_stack_get(gmp_p *p)
{
	char *hi = p->stackfree;
	if (__builtin_expect(hi == NULL, 0))
		return gmp_stack_get_slow(p);
	p->stackfree = GMP_STACK_LINK(hi);
	p->nstackfree--;
	return hi;
}

/* Gives a dead G's stack back to p's cache. */
GMP_INLINE void gmp_stack_put(gmp_p *p, char *hi)
{
	if (GMP_ASAN) /* gmp_gstart's frame never returned: clear its poison (the G's
	               * own frames returned normally and cleaned up after themselves) */
		gmp_asan_unpoison(hi - 4096, 4096);
	GMP_STACK_LINK(hi) = p->stackfree;
	p->stackfree = hi;
	if (__builtin_expect(++p->nstackfree >= GMP_STACK_CACHE_MAX, 0))
		gmp_stack_spill(p);
}

/* A free G made ready for reuse: no stack, not main. */
GMP_INLINE void gmp_g_reset(gmp_g *g)
{
	g->stack_hi = NULL;
	g->main = false;
#if GMP_ASAN
	g->asan_fake = NULL;
#endif
	/* tsan_fiber stays: a G struct keeps its fiber across lives (tsan.h) */
}

/* A free G; p may be NULL (outside any M). NULL: out of memory. */
GMP_INLINE gmp_g *gmp_gfget(gmp_p *p)
{
	if (__builtin_expect(!p || p->ngfree == 0, 0))
		return gmp_gfget_slow(p);
	gmp_g *g = p->gfree[--p->ngfree];
	gmp_g_reset(g);
	return g;
}

/* Gives a dead G back to p's free array. */
GMP_INLINE void gmp_gfput(gmp_p *p, gmp_g *g)
{
	atomic_store_explicit(&g->status, G_FREE, memory_order_relaxed);
	if (__builtin_expect(p->ngfree == GMP_GFREE_MAX, 0)) {
		gmp_gfput_slow(p, g);
		return;
	}
	p->gfree[p->ngfree++] = g;
}

/* ---- shared small helpers */

/* A scheduling point on p: a G switched in, a yield, a spawn or a ready. sysmon
 * calls a P stuck when this stops moving (sysmon.c), and a spinning P may steal a
 * victim's runnext only once it stops moving for a while (sched.c). A G that keeps
 * spawning or readying (the spawn workload's spawner never yields, by definition)
 * is working with the scheduler, not stuck in a loop it cannot see. Owner only. */
GMP_INLINE void gmp_tick(gmp_p *p)
{
	atomic_store_explicit(&p->schedtick,
	                      atomic_load_explicit(&p->schedtick, memory_order_relaxed) + 1,
	                      memory_order_relaxed);
}

/* Wakes an idle P if there is one and nobody spins (sched.c's essay: who calls
 * this, and why a ready into runnext does not). */
GMP_INLINE void gmp_wakep_if_needed(void)
{
	if (__builtin_expect(atomic_load_explicit(&gmp_s.npidle, memory_order_relaxed) != 0, 0) &&
	    atomic_load_explicit(&gmp_s.nmspinning, memory_order_relaxed) == 0)
		gmp_wakep();
}

/* Usable bytes of g's stack (the main task has its own size). */
GMP_INLINE size_t gmp_g_stack_size(const gmp_g *g)
{
	return g->main ? gmp_s.main_stack_size - 16 : gmp_s.stack_size;
}

/* The earliest timer of p (0: none), without its lock. */
GMP_INLINE uint64_t gmp_timers_next(gmp_p *p)
{
	return atomic_load_explicit(&p->timers.when0, memory_order_relaxed);
}

/* Aborts if g's stack overran a canary. Guarded stacks have no canary to check:
 * the word at stack_hi is NULL for them (stack.c), so this is a load and a branch. */
GMP_INLINE void gmp_stack_check(const gmp_g *g)
{
	const uint64_t *below = *(uint64_t *const *)g->stack_hi;
	if (__builtin_expect(below != NULL, 0))
		gmp_stack_check_slow(g, below);
}

/* First thing on g0 after a G switched to it. */
GMP_INLINE void gmp_g0_enter(gmp_m *m)
{
	gmp_asan_finish(m->g0_fake);
	if (GMP_ASAN) /* g0 restarts at g0_sp: its abandoned frames (at most a few
	               * KiB deep: the spinner's snapshot is the biggest) keep poison */
		gmp_asan_unpoison(m->g0_sp - 16384, 16384);
	__atomic_store_n(&m->curg, NULL, __ATOMIC_RELAXED);
}
static inline uint32_t gmp_fastrand(gmp_p *p)
{
	uint64_t x = p->rand; /* xorshift64: period 2^64-1, enough to pick victims */
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	p->rand = x;
	return (uint32_t)(x >> 32);
}

gmp_p *gmp_p_new(int id);
void gmp_p_free(gmp_p *p);

#endif
