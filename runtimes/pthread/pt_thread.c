/*
 * pt_thread.c — task threads of the pthread runtime: go(), run_main(), and the
 * live-thread count that lets stop() promise that no task thread outlives the
 * runtime.
 *
 * Every task thread runs the same trampoline: on_thread_start hook, the task
 * function, on_thread_exit hook, and (for go() threads) the decrement of pt.live.
 * go() threads are detached (nobody joins a goroutine); stop() instead sleeps on
 * the futex word pt.live until it reaches zero. After its decrement a thread only
 * returns into glibc's thread exit and touches nothing of the runtime, so once
 * stop() returns the runtime's state may be reset or freed.
 *
 * All threads are created already confined to pt.cpus (pthread_attr_setaffinity_np),
 * so a task never runs, even briefly, outside the CPUs it was given.
 *
 * Stacks: go() threads get pt.stack_size (cfg->stack_size, default 256 KiB, see
 * pt_runtime.c); the run_main thread gets the process default (RLIMIT_STACK, usually
 * 8 MiB), because it runs setup/verify code written as ordinary main-thread code.
 */
#include "pt.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

/* What a new thread needs; malloc'd by its creator, freed by the thread. */
typedef struct pt_start {
	rt_fn fn;     /* the task function                             */
	void *arg;    /* its argument                                  */
	bool counted; /* a go() thread: decrement pt.live when done    */
} pt_start;

/* The run_main thread turns itself SCHED_BATCH before it runs anything, and every
 * go() thread inherits the policy from the task that spawned it (clone copies it):
 * a woken task thread then never preempts the thread that woke it (pt_runtime.c
 * says why). If the kernel refuses (a seccomp filter, a scheduler without the
 * policy), the threads stay SCHED_OTHER and everything still works, with the
 * extra switches. */
static void become_batch(void)
{
	struct sched_param none = {.sched_priority = 0};
	(void)sched_setscheduler(0, SCHED_BATCH, &none);
}

static void *trampoline(void *p)
{
	pt_start s = *(pt_start *)p;
	free(p);
	if (!s.counted)
		become_batch();
	if (pt.hooks.on_thread_start)
		pt.hooks.on_thread_start(pt.hooks.arg);
	s.fn(s.arg);
	if (pt.hooks.on_thread_exit)
		pt.hooks.on_thread_exit(pt.hooks.arg);
	if (s.counted && atomic_fetch_sub(&pt.live, 1) == 1)
		pt_futex_wake(&pt.live, INT_MAX);
	return NULL;
}

static int spawn(pthread_t *tid, const pthread_attr_t *attr, rt_fn fn, void *arg, bool counted)
{
	pt_start *s = malloc(sizeof *s);
	if (!s)
		return -ENOMEM;
	*s = (pt_start){.fn = fn, .arg = arg, .counted = counted};
	int rc = pthread_create(tid, attr, trampoline, s);
	if (rc != 0) {
		free(s);
		return -rc;
	}
	return 0;
}

int pt_go(rt_fn fn, void *arg)
{
	if (!pt.started)
		return -EINVAL;
	pthread_t tid;
	atomic_fetch_add(&pt.live, 1);
	int rc = spawn(&tid, &pt.go_attr, fn, arg, true);
	if (rc != 0 && atomic_fetch_sub(&pt.live, 1) == 1)
		pt_futex_wake(&pt.live, INT_MAX);
	return rc;
}

int pt_run_main(rt_fn fn, void *arg)
{
	if (!pt.started)
		return -EINVAL;
	pthread_t tid;
	int rc = spawn(&tid, &pt.main_attr, fn, arg, false);
	if (rc != 0)
		return rc;
	return -pthread_join(tid, NULL);
}

static int make_attr(pthread_attr_t *a, int detach, size_t stack)
{
	int rc = pthread_attr_init(a);
	if (rc == 0)
		rc = pthread_attr_setdetachstate(a, detach);
	if (rc == 0 && stack)
		rc = pthread_attr_setstacksize(a, stack);
	if (rc == 0)
		rc = pthread_attr_setaffinity_np(a, sizeof pt.cpus, &pt.cpus);
	if (rc != 0)
		pthread_attr_destroy(a);
	return -rc;
}

int pt_threads_setup(void)
{
	atomic_store(&pt.live, 0);
	int rc = make_attr(&pt.go_attr, PTHREAD_CREATE_DETACHED, pt.stack_size);
	if (rc != 0)
		return rc;
	rc = make_attr(&pt.main_attr, PTHREAD_CREATE_JOINABLE, 0);
	if (rc != 0)
		pthread_attr_destroy(&pt.go_attr);
	return rc;
}

void pt_threads_teardown(void)
{
	unsigned n;
	while ((n = atomic_load(&pt.live)) != 0)
		pt_futex_wait(&pt.live, n); /* woken by the last trampoline; re-check */
	pthread_attr_destroy(&pt.go_attr);
	pthread_attr_destroy(&pt.main_attr);
}
