/*
 * rt.h — the contract every corobench runtime implements.
 *
 * What it is for
 *   Workloads and channel variants are written once against this header and run
 *   unchanged on every runtime: pthreads (a task is an OS thread), gmp (a task is a
 *   G, a coroutine scheduled M:N), and any runtime added later. The contract is
 *   Go-shaped and deliberately small: spawn, yield, self, sleep, and one blocking
 *   primitive, park/ready. Wait groups and mutexes (rt_sync.c) are written once over
 *   park/ready, so they too run on every runtime.
 *
 * What it promises
 *   - A runtime is a const table of functions (struct rt_runtime). One runtime is
 *     active per process at a time (the harness runs each configuration in its own
 *     child process); rt_use() selects it and the inline wrappers below dispatch
 *     through it. The cost of that indirection is measured, not guessed, by
 *     tests/test_gmp_indirection.c (yield through the table vs gmp_yield called
 *     directly, printed by `make test`): within noise, a fraction of a nanosecond.
 *   - park(unlock, arg): the calling task stops running; once it is really parked
 *     (its context is saved, so a ready() from another thread cannot be lost or
 *     resume it early) the runtime calls unlock(self, arg). If unlock returns false
 *     the park is abandoned and the task continues at once (Go's gopark unlockf).
 *     Otherwise the task sleeps until some task calls ready() on it exactly once.
 *   - ready(t): makes a parked (or parking: its unlock callback may not have
 *     returned yet) task runnable. Even then the task does not resume before its
 *     unlock callback has returned, so the callback may go on using the task's
 *     stack and what the task owns after publishing it (pthread: the callback
 *     runs on the task's own thread; gmp: the resuming M waits for it). Calling ready on a task
 * that is running and will not park is a bug in the caller, which is why channels only ready tasks
 * they found on their own wait queues, under their own lock.
 *   - A task may call any function here; code outside any task (the harness) calls
 *     only rt_use, start, run_main and stop.
 *   - Functions returning int return 0 on success or a negative errno value.
 */
#ifndef COROBENCH_RT_H
#define COROBENCH_RT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sched.h>
#include <time.h>

/* A task: an OS thread for pthreads, a G for gmp. Opaque to everyone but its runtime. */
typedef struct rt_task rt_task;

/* A file descriptor registered with the runtime (fd_open): what a task waits on.
 * Opaque; see "File descriptors" below. */
typedef struct rt_fd rt_fd;

/* Entry point of a task. */
typedef void (*rt_fn)(void *arg);

/* Called by the runtime once the current task is really parked (see park above).
 * Returns false to cancel the park and resume the task immediately. */
typedef bool (*rt_unlock_fn)(rt_task *self, void *arg);

/* How a runtime is started: filled by the harness from the command line. */
typedef struct rt_config {
	int workers;               /* -t: Ps for gmp; CPUs the threads may use for pthreads */
	const cpu_set_t *pin_sets; /* NULL: no pinning; else `workers` CPU sets, one each  */
	size_t stack_size;         /* bytes per task stack; 0 picks the runtime's default   */
	bool preempt_off;          /* --param preempt=off: no asynchronous preemption (gmp);
	                            * a runtime the kernel preempts (pthreads) ignores it  */
} rt_config;

/* Thread hooks: on_thread_start runs on every OS thread that will run tasks (gmp's
 * Ms, pthreads' task threads, and the caller of run_main if the runtime runs tasks
 * on it) before it runs any task; on_thread_exit runs on that thread before it
 * stops running tasks. The harness uses them to open per-thread counters, so they
 * may be called from several threads at once. NULL members are skipped. */
typedef struct rt_thread_hooks {
	void (*on_thread_start)(void *arg); /* runs on the new thread                   */
	void (*on_thread_exit)(void *arg);  /* runs on the exiting thread               */
	void *arg;                          /* passed to both                            */
} rt_thread_hooks;

/* What a runtime counted about its own scheduling since start (optional: see
 * rt_runtime.stats). The harness reports the difference over each repetition. */
typedef struct rt_stats {
	uint64_t preemptions; /* tasks stopped for keeping waiting work off their worker:
	                       * by a signal, or at their next call into the runtime  */
	uint64_t deferred;    /* preemption signals that landed where stopping was unsafe */
	uint64_t spares;      /* times an extra thread took the worker of a task blocked
	                       * in a system call (Go's hand-off)                        */
} rt_stats;

/* Capability flags a runtime declares. */
enum {
	RT_CAP_MANY_TASKS = 1u << 0,  /* a million live tasks is fine (coroutines)        */
	RT_CAP_PREEMPT = 1u << 1,     /* a yield-free task cannot starve the others        */
	RT_CAP_PREEMPT_OFF = 1u << 2, /* the runtime preempts tasks itself, and
	                               * rt_config.preempt_off turns that off           */
};

/* The table of functions a runtime provides. */
typedef struct rt_runtime {
	const char *name;        /* CLI name: "pthread", "gmp"                               */
	const char *description; /* one line for `corobench list`                            */
	unsigned caps;           /* RT_CAP_* flags                                           */
	size_t max_live_tasks;   /* live tasks it can hold at once; workloads shrink to fit  */

	int (*start)(const rt_config *cfg, const rt_thread_hooks *hooks);
	void (*stop)(void); /* after run_main returned; frees everything start made */
	/* Runs fn(arg) as a task and returns when fn returns. Tasks fn spawned and did
	 * not wait for may still be alive; they are the caller's responsibility. */
	int (*run_main)(rt_fn fn, void *arg);

	int (*go)(rt_fn fn, void *arg); /* spawn a runnable task                         */
	void (*yield)(void);            /* let other runnable tasks run                  */
	rt_task *(*self)(void);         /* the calling task                              */
	void (*sleep_ns)(uint64_t ns);  /* at least ns nanoseconds                       */
	void (*park)(rt_unlock_fn unlock, void *arg);
	void (*ready)(rt_task *t);

	/* File descriptors (see "File descriptors" below; every runtime has them). */
	int (*fd_open)(int fd, rt_fd **out);
	int (*fd_wait)(rt_fd *f, int mode, uint64_t deadline_ns);
	int (*fd_close)(rt_fd *f);
	int (*fd_num)(const rt_fd *f);

	/* Optional (NULL: nothing to do). A task brackets a system call that may block
	 * in the kernel with syscall_enter/syscall_exit (Go's entersyscall/exitsyscall):
	 * while it is inside, the runtime may hand its worker to another thread, and
	 * syscall_exit may return on a task that waited for a worker. Between the two
	 * the task calls nothing of the runtime's, and it reads errno before exit. */
	void (*syscall_enter)(void);
	void (*syscall_exit)(void);
	/* Optional (NULL: none kept): the runtime's counters since start. */
	void (*stats)(rt_stats *out);
} rt_runtime;

/* The runtime in use in this process (set by rt_use before start). */
extern const rt_runtime *rt_current;

/* Registry: runtimes register themselves from their own file (RT_REGISTER). */
void rt_register(const rt_runtime *rt);
const rt_runtime *rt_find(const char *name); /* NULL if unknown */
int rt_count(void);
const rt_runtime *rt_at(int i); /* in registration order sorted by name */

#define RT_REGISTER(var)                                                                           \
	__attribute__((constructor)) static void rt_register_##var(void)                           \
	{                                                                                          \
		rt_register(&var);                                                                 \
	}

static inline void rt_use(const rt_runtime *rt)
{
	rt_current = rt;
}
static inline int rt_go(rt_fn fn, void *arg)
{
	return rt_current->go(fn, arg);
}
static inline void rt_yield(void)
{
	rt_current->yield();
}
static inline rt_task *rt_self(void)
{
	return rt_current->self();
}
static inline void rt_sleep_ns(uint64_t ns)
{
	rt_current->sleep_ns(ns);
}
static inline void rt_park(rt_unlock_fn unlock, void *arg)
{
	rt_current->park(unlock, arg);
}
static inline void rt_ready(rt_task *t)
{
	rt_current->ready(t);
}
static inline void rt_syscall_enter(void)
{
	if (rt_current->syscall_enter)
		rt_current->syscall_enter();
}
static inline void rt_syscall_exit(void)
{
	if (rt_current->syscall_exit)
		rt_current->syscall_exit();
}

/* Code a runtime may stop anywhere (gmp's asynchronous preemption,
 * runtimes/gmp/preempt.c): it holds no runtime or channel lock while it runs and
 * keeps no thread-local address in a register. Every function compiled from
 * workloads/ is placed there by the Makefile; a test puts its own CPU-bound loops
 * there with RT_PREEMPTIBLE. Code outside it is preempted only at its next call
 * into the runtime. So workload code takes no rt_spinlock: a holder stopped
 * there would leave a waiter on its P spinning in rt_sync.c, where gmp does not
 * preempt (wl_net.c uses an rt_mutex). */
#define RT_PREEMPTIBLE_SECTION "rt_preemptible"
#define RT_PREEMPTIBLE         __attribute__((section(RT_PREEMPTIBLE_SECTION), noinline))

/* ---- File descriptors: a task waits until a non-blocking fd is readable or
 * writable, as a goroutine blocks in a net.Conn's Read (pthread: poll(); gmp: a
 * netpoller integrated with its scheduler, runtimes/gmp/netpoll.c).
 *
 *   - fd_open(fd, &f): takes over fd (sets O_NONBLOCK) and registers it once;
 *     0 or -errno (-EMFILE, -ENOMEM, ...). Only a task calls it.
 *   - fd_wait(f, mode, deadline): parks the task until f is ready for mode
 *     (RT_FD_READ or RT_FD_WRITE; EOF, a reset or an error count as ready: the
 *     next read/write reports them), until the absolute CLOCK_MONOTONIC deadline
 *     in ns (0: none), or until f is closed through fd_close. Returns 0 (ready:
 *     retry the operation; a wake-up may be spurious, so the caller loops on
 *     EAGAIN as with any edge-triggered poller), -ETIMEDOUT (the deadline passed,
 *     also when it had passed on entry), -ECANCELED (fd_close ran before or
 *     during the wait), -EBUSY (another task already waits on f for this mode:
 *     one reader and one writer at a time, as Go's fdMutex allows).
 *   - fd_close(f): wakes every task waiting on f with -ECANCELED, then closes the
 *     fd and frees f; returns close()'s 0 or -errno. Closing an fd behind the
 *     runtime's back (plain close) while a task waits on it is a bug: on
 *     pthreads the poller would not return (poll() ignores a close from another
 *     thread), and the number could be reused under it.
 *   - fd_num(f): the descriptor number, for read/write/accept.
 * The helpers below (rt_io.c) are written once over these: read, write all,
 * accept, connect, each looping on EAGAIN through fd_wait. */
enum {
	RT_FD_READ = 1,  /* readable, EOF, peer reset or error */
	RT_FD_WRITE = 2, /* writable, or error                 */
};

static inline int rt_fd_open(int fd, rt_fd **out)
{
	return rt_current->fd_open(fd, out);
}
static inline int rt_fd_wait(rt_fd *f, int mode, uint64_t deadline_ns)
{
	return rt_current->fd_wait(f, mode, deadline_ns);
}
static inline int rt_fd_close(rt_fd *f)
{
	return rt_current->fd_close(f);
}
static inline int rt_fd_num(const rt_fd *f)
{
	return rt_current->fd_num(f);
}

/* read() on f, waiting while nothing is there: bytes read (0 at EOF) or -errno
 * (-ETIMEDOUT, -ECANCELED, -ECONNRESET, ...). deadline as fd_wait's. */
long rt_fd_read(rt_fd *f, void *buf, size_t len, uint64_t deadline_ns);
/* Writes all len bytes, waiting while the socket buffer is full: 0 or -errno. */
int rt_fd_write_all(rt_fd *f, const void *buf, size_t len, uint64_t deadline_ns);
/* accept4() on a listening f, waiting for a connection: the new connection,
 * registered (fd_open), in *out; 0 or -errno. */
int rt_fd_accept(rt_fd *f, rt_fd **out, uint64_t deadline_ns);
/* ---- Spin lock: the short internal lock of channels and rt_sync (never held
 * across park; park's unlock callback releases it). Test-and-test-and-set with a
 * pause; critical sections are a few dozen instructions. */
typedef struct rt_spinlock {
	atomic_uint locked; /* 0 free, 1 held */
} rt_spinlock;

static inline void rt_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/* One step of waiting for a peer that is a few instructions from done (releasing
 * a spin lock, publishing a channel cell, leaving a guarded window): a PAUSE, and
 * every RT_BACKOFF_SPINS-th step a sched_yield, because a peer not done after that
 * is not running and only giving the CPU away helps it. 64 PAUSEs are ~2 us on the
 * reference AMD EPYC VM (~32 ns each; 10-140 cycles elsewhere): twenty times the
 * longest step anyone waits for. sched_yield, never rt_yield: gmp's yield returns
 * at once when its P has nothing else to run, which would leave a preempted peer's
 * OS thread waiting for our time slice to end; and some callers run in a park
 * callback (gmp's scheduler context), where there is no task to yield. */
#define RT_BACKOFF_SPINS 64

static inline void rt_backoff(unsigned *spins)
{
	if (++*spins % RT_BACKOFF_SPINS)
		rt_cpu_relax();
	else
		sched_yield();
}

static inline bool rt_spin_trylock(rt_spinlock *l)
{
	return atomic_load_explicit(&l->locked, memory_order_relaxed) == 0 &&
	       atomic_exchange_explicit(&l->locked, 1, memory_order_acquire) == 0;
}

void rt_spin_lock_slow(rt_spinlock *l); /* rt_sync.c: rt_backoff until it is free */

static inline void rt_spin_lock(rt_spinlock *l)
{
	if (!rt_spin_trylock(l))
		rt_spin_lock_slow(l);
}

static inline void rt_spin_unlock(rt_spinlock *l)
{
	atomic_store_explicit(&l->locked, 0, memory_order_release);
}

/* CLOCK_MONOTONIC in nanoseconds (vDSO, ~20 ns): what runtimes and rt_sync time
 * sleeps, deadlines and waits with. */
static inline uint64_t rt_nanotime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Unlock callback that releases an rt_spinlock passed as arg: the common case of
 * "put myself on a wait queue under the lock, then park". */
bool rt_unlock_spinlock(rt_task *self, void *lock);

/* ---- Intrusive FIFO of parked tasks, for rt_sync and the simple channels. */
typedef struct rt_waiter {
	struct rt_waiter *next; /* next in the queue, NULL at the tail                 */
	rt_task *task;          /* who to ready                                         */
	void *data;             /* what the waker hands over (a channel element, ...)   */
	int status;             /* written by the waker before ready (e.g. closed)     */
} rt_waiter;

typedef struct rt_waitq {
	rt_waiter *head; /* oldest waiter, NULL when empty */
	rt_waiter *tail; /* newest waiter                   */
} rt_waitq;

static inline void rt_waitq_push(rt_waitq *q, rt_waiter *w)
{
	w->next = NULL;
	if (q->tail)
		q->tail->next = w;
	else
		q->head = w;
	q->tail = w;
}

static inline rt_waiter *rt_waitq_pop(rt_waitq *q)
{
	rt_waiter *w = q->head;
	if (w) {
		q->head = w->next;
		if (!q->head)
			q->tail = NULL;
	}
	return w;
}

/* Puts w first: a waiter that lost a race goes back ahead of newer ones. */
static inline void rt_waitq_push_front(rt_waitq *q, rt_waiter *w)
{
	w->next = q->head;
	q->head = w;
	if (!q->tail)
		q->tail = w;
}

/* Readies every waiter of a list detached from its queue (head..NULL), after
 * writing `status` into each: what a close or a wait group release does once it
 * has dropped its lock (rt_sync.c). */
void rt_ready_all(rt_waiter *list, int status);

/* ---- Wait group (Go's sync.WaitGroup), over park/ready. */
typedef struct rt_waitgroup {
	rt_spinlock lock; /* guards count and waiters                     */
	int64_t count;    /* outstanding add()s not yet matched by done() */
	rt_waitq waiters; /* tasks parked in wait()                       */
} rt_waitgroup;

void rt_wg_init(rt_waitgroup *wg);
void rt_wg_add(rt_waitgroup *wg, int64_t delta);
void rt_wg_done(rt_waitgroup *wg);
void rt_wg_wait(rt_waitgroup *wg);

/* ---- Mutex (Go's sync.Mutex), over park/ready: spins briefly, then parks;
 * running tasks may barge past a woken waiter (normal mode) until a waiter has
 * been kept out for 1 ms, then unlock hands the lock over in queue order
 * (starvation mode). Design notes in rt_sync.c. */
typedef struct rt_mutex {
	rt_spinlock lock; /* guards the fields below                                   */
	bool held;        /* true while some task owns the mutex                       */
	bool starving;    /* a waiter was kept out > 1 ms: unlock hands over, no barging */
	bool woken;       /* a waiter readied by unlock has not retried yet: wake no other */
	rt_waitq waiters; /* parked tasks; a woken waiter that lost goes back to the head */
} rt_mutex;

void rt_mutex_init(rt_mutex *m);
void rt_mutex_lock(rt_mutex *m);
void rt_mutex_unlock(rt_mutex *m);

#endif
