/*
 * floor_rt.h — what the floors share inside harness/run/floor/: the CPUs the
 * pseudo-runtime `floor` was started with and pinned threads on them.
 *
 * What it promises
 *   - Worker i's CPU set: the pin plan's i-th set, or without a plan (placement
 *     none) the i-th CPU of the process's affinity mask, as the pthread runtime
 *     confines `-t N` (runtimes/pthread/pt_cpus.c). run_main runs its function on
 *     a new thread confined to worker 0's set.
 *   - floor_thread_start starts fn(arg) on a thread confined to worker
 *     (w % workers)'s set, with the harness's thread hooks around it (the
 *     migration check of a pinned plan runs on it at exit), inheriting the
 *     creator's scheduling policy. Join it with pthread_join.
 */
#ifndef COROBENCH_FLOOR_RT_H
#define COROBENCH_FLOOR_RT_H

#include <pthread.h>
#include <sched.h>

int floor_workers(void); /* workers the runtime was started with */

/* 0, or an errno value (the thread was not created). */
int floor_thread_start(pthread_t *t, void *(*fn)(void *), void *arg, int worker);

#endif
