/*
 * memlimit.h — the memory this process may use, as its cgroup says: what a
 * batch system (Slurm's --mem, with task/cgroup), a container (docker run
 * --memory) or systemd (MemoryMax=) gave it. env.json records it, and a child
 * killed by SIGKILL under such a limit is said to have likely met the kernel's
 * OOM killer (run/runner.c), so a run inside a Slurm job that outgrows its
 * allocation fails with a reason that names the limit instead of a bare signal.
 *
 * What it promises
 *   - The tightest limit of this process's cgroup and its ancestors (each
 *     level's applies below it): cgroup v2's memory.max, v1's
 *     memory.limit_in_bytes (v1 writes a huge number for "no limit": anything
 *     at or above 2^62 counts as none), up to the mount's root (a container's
 *     own cgroup under cgroup namespaces).
 *   - Every path is read under `root` ("" or NULL: this machine), so a test
 *     builds a fake /proc and /sys/fs/cgroup in a directory.
 *   - Nothing is cached: a limit can change while a run goes on.
 */
#ifndef COROBENCH_MEMLIMIT_H
#define COROBENCH_MEMLIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True with *bytes and where (the file that set it, e.g.
 * "/sys/fs/cgroup/memory/slurm/uid_0/job_17/memory.limit_in_bytes") when a
 * limit applies; false when none (or no cgroup could be read). */
bool memlimit_read(const char *root, uint64_t *bytes, char *where, size_t wlen);

#endif
