/*
 * cgroup.h — walking this process's cgroups: for one controller, every
 * directory from the process's own cgroup up to its hierarchy's mount root,
 * where each level's limit applies to everything below it. The CPU-quota
 * warning (envwarn.h) and the memory limit (memlimit.h) read their files there.
 *
 * What it promises
 *   - Both layouts: cgroup v2's unified hierarchy ("0::/path" in
 *     /proc/self/cgroup, mounted at /sys/fs/cgroup) and v1's per-controller
 *     ones ("N:cpu,cpuacct:/path", mounted at /sys/fs/cgroup/<controllers>);
 *     a v1 line is taken when match(its controller list) says so.
 *   - The walk stops at the mount root, which in a container is the
 *     container's own cgroup (cgroup namespaces).
 *   - Every path is read under `root` ("" for this machine), so a test builds
 *     a fake /proc and /sys/fs/cgroup in a directory.
 */
#ifndef COROBENCH_CGROUP_H
#define COROBENCH_CGROUP_H

#include <stdbool.h>

/* Calls fn(dir, v2, arg) for each directory (a path without root, e.g.
 * "/sys/fs/cgroup/memory/slurm/job_9"), deepest first; v2 says which
 * layout's files to read there. */
void cgroup_walk(const char *root, bool (*match)(const char *controllers),
                 void (*fn)(const char *dir, bool v2, void *arg), void *arg);

#endif
