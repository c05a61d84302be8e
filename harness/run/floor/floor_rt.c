/*
 * floor_rt.c — the pseudo-runtime `floor` (floor.h) and the floors' pinned
 * threads (floor_rt.h).
 *
 * It exists so that a floor configuration goes through execute.c like any other
 * (start, run_main per repetition, stop): start remembers the CPUs and the
 * harness's thread hooks, run_main runs the repetition on a thread confined to
 * worker 0's CPUs. The task half of rt.h (go, yield, park, ...) has no meaning
 * without a runtime: a call is a bug, said on stderr, then abort.
 */
#include "floor.h"
#include "floor_rt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLOOR_MAX_WORKERS 2 /* the family has one- and two-worker floors */

static struct {
	int workers;                       /* as started                          */
	cpu_set_t sets[FLOOR_MAX_WORKERS]; /* worker i's CPUs                     */
	rt_thread_hooks hooks;             /* the harness's (migration check)      */
} fl;

int floor_workers(void)
{
	return fl.workers;
}

/* More workers than the family uses, or than CPUs to give them, is -EINVAL:
 * execute.c turns it into a skipped configuration with the reason. */
static int floor_start(const rt_config *cfg, const rt_thread_hooks *hooks)
{
	if (cfg->workers < 1 || cfg->workers > FLOOR_MAX_WORKERS)
		return -EINVAL;
	fl.hooks = hooks ? *hooks : (rt_thread_hooks){0};
	cpu_set_t mask;
	if (!cfg->pin_sets && sched_getaffinity(0, sizeof mask, &mask) != 0)
		return -errno;
	int cpu = 0;
	for (int i = 0; i < cfg->workers; i++) {
		if (cfg->pin_sets) {
			fl.sets[i] = cfg->pin_sets[i];
			continue;
		}
		while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &mask))
			cpu++;
		if (cpu == CPU_SETSIZE)
			return -EINVAL;
		CPU_ZERO(&fl.sets[i]);
		CPU_SET(cpu, &fl.sets[i]);
		cpu++;
	}
	fl.workers = cfg->workers;
	return 0;
}

static void floor_stop(void)
{
	fl.workers = 0;
}

/* What a floor thread runs: the hooks around fn(arg). */
typedef struct fl_thread {
	void *(*fn)(void *); /* the thread's work */
	void *arg;           /* its argument     */
} fl_thread;

static void *fl_trampoline(void *p)
{
	fl_thread t = *(fl_thread *)p;
	free(p);
	if (fl.hooks.on_thread_start)
		fl.hooks.on_thread_start(fl.hooks.arg);
	void *r = t.fn(t.arg);
	if (fl.hooks.on_thread_exit)
		fl.hooks.on_thread_exit(fl.hooks.arg);
	return r;
}

int floor_thread_start(pthread_t *t, void *(*fn)(void *), void *arg, int worker)
{
	if (fl.workers < 1)
		return EINVAL;
	fl_thread *ft = malloc(sizeof *ft);
	if (!ft)
		return ENOMEM;
	*ft = (fl_thread){fn, arg};
	pthread_attr_t a;
	int rc = pthread_attr_init(&a);
	if (rc)
		goto out;
	/* the default PTHREAD_INHERIT_SCHED keeps the creator's policy (SCHED_BATCH
	 * for floor-futex-handoff) */
	rc = pthread_attr_setaffinity_np(&a, sizeof(cpu_set_t), &fl.sets[worker % fl.workers]);
	if (!rc)
		rc = pthread_create(t, &a, fl_trampoline, ft);
	pthread_attr_destroy(&a);
out:
	if (rc)
		free(ft);
	return rc;
}

/* run_main's thread. */
typedef struct fl_main {
	rt_fn fn;  /* the repetition */
	void *arg; /* its argument  */
} fl_main;

static void *fl_main_thread(void *p)
{
	fl_main *m = p;
	m->fn(m->arg);
	return NULL;
}

static int floor_run_main(rt_fn fn, void *arg)
{
	fl_main m = {fn, arg};
	pthread_t t;
	int rc = floor_thread_start(&t, fl_main_thread, &m, 0);
	if (rc)
		return -rc;
	pthread_join(t, NULL);
	return 0;
}

static void refuse(const char *what)
{
	fprintf(stderr, "corobench: floor: %s called: the floor runtime runs no tasks\n", what);
	abort();
}

static int floor_go(rt_fn fn, void *arg)
{
	(void)fn;
	(void)arg;
	refuse("go");
	return -ENOSYS;
}

static void floor_yield(void)
{
	refuse("yield");
}

static rt_task *floor_self(void)
{
	refuse("self");
	return NULL;
}

static void floor_sleep_ns(uint64_t ns)
{
	(void)ns;
	refuse("sleep_ns");
}

static void floor_park(rt_unlock_fn unlock, void *arg)
{
	(void)unlock;
	(void)arg;
	refuse("park");
}

static void floor_ready(rt_task *t)
{
	(void)t;
	refuse("ready");
}

const rt_runtime floor_runtime = {
    .name = FLOOR_RUNTIME,
    .description = "no runtime: the floors' raw threads and register switch (run --floors)",
    .caps = 0,
    .max_live_tasks = FLOOR_MAX_WORKERS,
    .start = floor_start,
    .stop = floor_stop,
    .run_main = floor_run_main,
    .go = floor_go,
    .yield = floor_yield,
    .self = floor_self,
    .sleep_ns = floor_sleep_ns,
    .park = floor_park,
    .ready = floor_ready,
};
