/*
 * registry.h — a small name-keyed registry, shared by the runtime, channel-variant
 * and workload registries (rt.h, chan.h, workload.h).
 *
 * What it promises: entries are added from constructors before main() runs, kept
 * sorted by name, looked up by exact name. Fixed capacity (REGISTRY_MAX): adding
 * more aborts at start-up with a message, since that is a build mistake, not input.
 *
 * Why constructors: adding a runtime, a channel variant, a workload or a command
 * is adding one file, with no list to edit. These registries (RT_REGISTER,
 * CHAN_REGISTER, WL_DEFINE with its tamper hook, and the CLI's CMD_REGISTER)
 * are the one place the project uses constructors for wiring; everything else is
 * passed explicitly (docs/ARCHITECTURE.md, "Wiring"). One other constructor is
 * not wiring: chan_barrier.c registers the process for membarrier before any
 * thread starts, as membarrier requires.
 */
#ifndef COROBENCH_REGISTRY_H
#define COROBENCH_REGISTRY_H

#define REGISTRY_MAX 64 /* far above the ~15 workloads / ~6 variants we expect */

typedef struct registry {
	const char *what;                /* "runtime", "channel variant", ... for messages */
	int count;                       /* entries in use                                  */
	const void *items[REGISTRY_MAX]; /* the registered objects, sorted by name          */
	const char *names[REGISTRY_MAX]; /* their names, parallel to items                  */
} registry;

void registry_add(registry *r, const void *item, const char *name);
const void *registry_find(const registry *r, const char *name);

#endif
