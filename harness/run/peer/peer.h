/*
 * peer.h — external runtime peers: runtimes that are not a table of C functions in
 * this process but a separate program speaking the child protocol (docs/RESULTS.md).
 * One exists: `go`, the Go peer (runtimes/go/, built as build/corobench-go).
 *
 * What it promises
 *   - A peer is available iff its binary sits next to the corobench binary (found
 *     through /proc/self/exe, so an installed or copied build/ keeps working) and is
 *     executable. Otherwise it is listed as unavailable with a reason that says what
 *     to do ("go not installed: apt-get install golang-go, then make"), its
 *     configurations are skipped with that reason, and everything else runs.
 *   - peer_exec() is what the runner's forked child of a peer configuration
 *     runs (runner.c): it sets the process's CPU affinity to the
 *     union of the pin plan's sets (the Go runtime cannot pin a P, so per-worker
 *     placement becomes the union; every Go thread inherits it), sets GOMAXPROCS,
 *     points stdout at the protocol pipe and execs the peer with the configuration's
 *     parameters. It never returns: on any failure it writes a kind=fail record
 *     naming the cause and _exits.
 *   - Channel variants do not apply: the matrix gives a peer chan=go-native and
 *     never combines it with a C variant (matrix.c).
 *   - Who calls it: the matrix (peer_lookup: is a runtime name a peer, can it
 *     run), the runner (peer_exec), `corobench run` (peer_names for `-r all`, and
 *     peer_env_section as the run's cb_run.env_extra) and `corobench list`.
 */
#ifndef COROBENCH_PEER_H
#define COROBENCH_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../../results/store.h"
#include "../child.h"

/* argv entries: program and 12 fixed, 2 per parameter (8), and for counters 2 per
 * info field (2 per event + scope) and 2 per event: 13 + 16 + 4 * 16 + 2 = 95. */
#define PEER_MAX_ARGS 128

/* Is `name` a peer? If so, *available and *reason (NULL when available) say
 * whether it can run here. */
bool peer_lookup(const char *name, bool *available, const char **reason);
/* The peers' names, NULL-terminated (for `-r all`). */
extern const char *const peer_names[];
/* env.json's go_version and go_peer fields: which Go built the peer, and whether
 * it can run here (cb_run.env_extra of a run). */
void peer_env_section(FILE *f, int *count, const cb_run *run);

/* Peers added at run time (`run --go`, go_build.h): the Go peer built by another
 * Go, keyed `name` (go@1.23), its binary, the toolchain and what `go version`
 * said; pending: not built yet, yet counted as available (--dry-run shows the
 * configurations it would run). False when the table is full or the name taken.
 * env.json's `go_peers` lists them with the peer's own runtime version. */
#define PEER_MAX_ADDED 8
bool peer_add(const char *name, const char *binary, const char *toolchain,
              const char *toolchain_version, bool pending);
int peer_added_count(void);
const char *peer_added_name(int i);

/* Full path of the peer's binary (whether or not it exists); false if `name` is
 * not a peer or the path does not fit. */
bool peer_binary_path(const char *name, char *path, size_t len);

/* Where the .hgrm of a latency workload goes for this job: the C child's file,
 * <outdir>/latency/<key with '/' as '_'>.hgrm (the peer keeps the raw counters
 * that merge the rounds beside it, as .histo). False if it does not fit. */
bool peer_hgrm_path(const child_job *job, char *path, size_t len);

/* Builds the argv that runs `job` on the peer binary `bin`; strings are written
 * into buf. hgrm: the histogram path or NULL; extra: NULL-terminated arguments
 * appended (the counters', below) or NULL. Returns the argument count (argv is
 * NULL-terminated) or -1 when buf or argv is too small. Pure: no system calls,
 * so tests check exactly what will be exec'd. */
int peer_build_argv(const child_job *job, const char *bin, const char *hgrm, char *const *extra,
                    char *buf, size_t buflen, char **argv, int maxargs);

/* The arguments that hand an open counter set (child_counters_open, on this
 * process's only thread) to the peer: --info pairs with the statuses a C child
 * reports, --counter-group / --counter-fd per group leader or lone event (close-on-
 * exec cleared on every open fd), --counter-absent per event that did not open.
 * s NULL: none. Returns the count (args NULL-terminated) or -1 when they do not
 * fit. */
struct ctr_set;
int peer_counter_args(struct ctr_set *s, char *buf, size_t buflen, char **args, int maxargs);

/* The runner's hook in the forked child (see above). Never returns. */
void peer_exec(const child_job *job);

/* `corobench list`: one line per peer with its availability. */
void peer_list(FILE *out);

/* The Go toolchain version the peer binary was built with ("go1.19.8"), by running
 * it with --version once (cached); "" when unavailable. */
const char *peer_go_version(void);

/* Tests: look for peer binaries in dir instead of next to /proc/self/exe (NULL:
 * back to the default). */
void peer_set_search_dir(const char *dir);

#endif
