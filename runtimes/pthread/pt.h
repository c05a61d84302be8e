/*
 * pt.h — internals of the `pthread` runtime (one OS thread per task), shared by its
 * files. Nothing outside runtimes/pthread/ includes this; everyone else sees the
 * runtime only through rt.h and the registry.
 *
 * Files (prefix pt_):
 *   pt_park.c      the task struct (thread-local), self, park/ready on a futex word,
 *                  the calibrated spin before sleeping
 *   pt_thread.c    task threads: creation, hooks, the live-thread count, stop's wait
 *   pt_cpus.c      which CPUs the task threads are confined to (-t, pin sets)
 *   pt_limits.c    how many live threads this machine can honestly hold
 *   pt_net.c       file descriptors: poll(), and a close that wakes the poller
 *   pt_runtime.c   the rt_runtime table: start/stop, yield, sleep; RT_REGISTER
 */
#ifndef COROBENCH_PT_H
#define COROBENCH_PT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pthread.h>
#include <sched.h>

#include "../rt.h"

/* A task is a thread; its task struct is thread-local, so it exists (zeroed) on
 * every thread, including threads the runtime did not create. */
struct rt_task {
	/* Futex word, one of PT_IDLE, PT_WOKEN, PT_SLEEPING (pt_park.c). */
	atomic_uint word;
	/* Adaptive spin: this thread spins pt.spin_limit >> backoff times before
	 * sleeping; a park that spun in vain increments it, one that was readied while
	 * spinning decrements it (pt_park.c). Only the owning thread touches it. */
	unsigned backoff;
	/* This thread was started by the runtime (pt_thread.c): it is confined to
	 * pt.cpus and runs SCHED_BATCH, and threads it creates inherit both. */
	bool is_task;
};

/* State of the runtime between start() and stop(); one runtime per process. */
typedef struct pt_state {
	rt_thread_hooks hooks;          /* copied at start; NULL members skipped                */
	cpu_set_t cpus;                 /* CPUs every task thread is confined to                 */
	int ncpus;                      /* CPU_COUNT(&cpus): -t                                  */
	size_t stack_size;              /* bytes per go() thread stack                           */
	unsigned spin_limit;            /* park: relax iterations before FUTEX_WAIT (0: none)    */
	atomic_uint live;               /* go() threads not yet finished; stop() waits for 0     */
	pthread_attr_t go_attr;         /* detached, stack_size; cpus inherited from a task    */
	pthread_attr_t go_attr_confine; /* the same, confined to cpus: go() off a task */
	pthread_attr_t main_attr;       /* joinable, default (main-sized) stack, cpus         */
	int started;                    /* start() succeeded and stop() not yet called        */
} pt_state;

extern pt_state pt;

/* pt_park.c */
rt_task *pt_self(void);
void pt_park(rt_unlock_fn unlock, void *arg);
void pt_ready(rt_task *t);
unsigned pt_spin_calibrate(int ncpus); /* relax iterations for the park spin */
long pt_futex_wait(atomic_uint *word, unsigned expect);
long pt_futex_wake(atomic_uint *word, int n);

/* pt_net.c: rt.h's fd_open, fd_wait, fd_close, fd_num */
int pt_fd_open(int fd, rt_fd **out);
int pt_fd_wait(rt_fd *f, int mode, uint64_t deadline_ns);
int pt_fd_close(rt_fd *f);
int pt_fd_num(const rt_fd *f);

/* pt_thread.c */
int pt_go(rt_fn fn, void *arg);
int pt_run_main(rt_fn fn, void *arg);
int pt_threads_setup(void);     /* builds the attrs from pt; 0 or -errno          */
void pt_threads_teardown(void); /* waits for every go() thread, frees the attrs  */

/* pt_cpus.c: fills pt.cpus/pt.ncpus from cfg; 0 or -EINVAL */
int pt_cpus_choose(const rt_config *cfg, cpu_set_t *out, int *count);

/* pt_limits.c: live threads this machine can hold with `stack` bytes per stack */
size_t pt_limits_live_tasks(size_t stack);

#endif
