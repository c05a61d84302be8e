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
 * Every thread is confined to pt.cpus from its birth, so a task never runs, even
 * briefly, outside the CPUs it was given: a thread created by a task thread
 * inherits its creator's affinity (clone copies it), and the others (run_main's,
 * or a go() from a foreign thread) are created with it set
 * (pthread_attr_setaffinity_np). The task-to-task case does not set it again on
 * purpose: glibc then starts the thread "stopped" (it holds the new thread's lock
 * until it has called sched_setaffinity on it), and on one CPU a new thread that
 * ran before its creator got there parked on that lock (measured on skynet -t 1:
 * ~1 extra switch per task, a third of all of them).
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
	rt_fn fn;     /* the task function                                       */
	void *arg;    /* its argument                                            */
	bool counted; /* a go() thread: decrement pt.live when done              */
	bool adopt;   /* created by a thread that is not a task: set the policy  */
} pt_start;

/* A task thread runs SCHED_BATCH, so that a task it readies never preempts it
 * (pt_runtime.c says why). A thread created by another task thread inherits the
 * policy and the CPU confinement from it (clone copies both), so only a thread
 * created from outside the runtime (the run_main thread, or a go() called from a
 * foreign thread) sets the policy itself, before it runs anything; its creator
 * confined it already (pt.main_attr, pt.go_attr_confine). Only the default policy
 * is replaced: a process started under another one (chrt -f, -i, -b) keeps what
 * it was given. If the kernel refuses SCHED_BATCH (a seccomp filter, a scheduler
 * without it), the threads stay SCHED_OTHER and everything still works, with the
 * extra switches. */
static void become_batch(void)
{
	struct sched_param none = {.sched_priority = 0};
	if (sched_getscheduler(0) == SCHED_OTHER)
		(void)sched_setscheduler(0, SCHED_BATCH, &none);
}

static void *trampoline(void *p)
{
	pt_start s = *(pt_start *)p;
	free(p);
	pt_self()->is_task = true;
	if (s.adopt)
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

static int spawn(pthread_t *tid, const pthread_attr_t *attr, rt_fn fn, void *arg, bool counted,
                 bool adopt)
{
	pt_start *s = malloc(sizeof *s);
	if (!s)
		return -ENOMEM;
	*s = (pt_start){.fn = fn, .arg = arg, .counted = counted, .adopt = adopt};
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
	bool adopt = !pt_self()->is_task;
	int rc = spawn(&tid, adopt ? &pt.go_attr_confine : &pt.go_attr, fn, arg, true, adopt);
	if (rc != 0 && atomic_fetch_sub(&pt.live, 1) == 1)
		pt_futex_wake(&pt.live, INT_MAX);
	return rc;
}

int pt_run_main(rt_fn fn, void *arg)
{
	if (!pt.started)
		return -EINVAL;
	pthread_t tid;
	int rc = spawn(&tid, &pt.main_attr, fn, arg, false, true);
	if (rc != 0)
		return rc;
	return -pthread_join(tid, NULL);
}

static int make_attr(pthread_attr_t *a, int detach, size_t stack, bool confine)
{
	int rc = pthread_attr_init(a);
	if (rc == 0)
		rc = pthread_attr_setdetachstate(a, detach);
	if (rc == 0 && stack)
		rc = pthread_attr_setstacksize(a, stack);
	if (rc == 0 && confine)
		rc = pthread_attr_setaffinity_np(a, sizeof pt.cpus, &pt.cpus);
	if (rc != 0)
		pthread_attr_destroy(a);
	return -rc;
}

int pt_threads_setup(void)
{
	atomic_store(&pt.live, 0);
	int rc = make_attr(&pt.go_attr, PTHREAD_CREATE_DETACHED, pt.stack_size, false);
	if (rc != 0)
		return rc;
	rc = make_attr(&pt.go_attr_confine, PTHREAD_CREATE_DETACHED, pt.stack_size, true);
	if (rc != 0)
		goto go_confine;
	rc = make_attr(&pt.main_attr, PTHREAD_CREATE_JOINABLE, 0, true);
	if (rc == 0)
		return 0;
	pthread_attr_destroy(&pt.go_attr_confine);
go_confine:
	pthread_attr_destroy(&pt.go_attr);
	return rc;
}

void pt_threads_teardown(void)
{
	unsigned n;
	while ((n = atomic_load(&pt.live)) != 0)
		pt_futex_wait(&pt.live, n); /* woken by the last trampoline; re-check */
	pthread_attr_destroy(&pt.go_attr);
	pthread_attr_destroy(&pt.go_attr_confine);
	pthread_attr_destroy(&pt.main_attr);
}
