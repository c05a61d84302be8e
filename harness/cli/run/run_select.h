/*
 * run_select.h — what `-w`, `-r`, `-c` and `-p` select: names as a user types
 * them. Shared by `run` and `fleet` (which checks a selection here before it
 * connects to any host).
 *
 * What it promises
 *   - An item is a name, `all`, or a shell glob (`ping*`, `cross-*`, `?pmc`:
 *     fnmatch); names and globs are case-insensitive (`PingPong`); a glob
 *     expands to the matching names in registry order.
 *   - An item `-NAME` (a name or a glob) leaves out what it matches from what the
 *     items before it selected: `all,-hog` is every workload but hog. It must
 *     match a known name (a typo is bad input as above); a list that leaves
 *     nothing selected is bad input too.
 *   - The result keeps the order of the items given, each selected name once.
 *   - An item that selects nothing is bad input: one line naming it, with the
 *     closest known names (edit distance, names.h) when any is close, else the
 *     known names, and `see corobench list`.
 *   - Runtimes are the in-process ones and the peers: `go`, or, when `--go`
 *     added Go builds (go@1.23 ...), those instead of the default `go` in `all`
 *     (`-r go` still names the default build).
 *   - `-p`: policy names and globs are resolved to names (pl_policy_names),
 *     `cpus:LIST` items are kept as they are (lower-cased), so the result goes
 *     on to pl_policy_split's syntax check.
 */
#ifndef COROBENCH_RUN_SELECT_H
#define COROBENCH_RUN_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "../../../runtimes/chan/chan.h"
#include "../../../workloads/workload.h"

/* Each fills a malloc'd array (free()), or returns false with err. */
bool sel_workloads(const char *list, const workload ***out, int *n, char *err, size_t errlen);
/* Names are malloc'd strings (parse_list_free). */
bool sel_runtimes(const char *list, char ***out, int *n, char *err, size_t errlen);
bool sel_chans(const char *list, const chan_variant ***out, int *n, char *err, size_t errlen);

/* One -p value with its globs and case resolved: a malloc'd comma list. */
bool sel_placement_arg(const char *arg, char **out, char *err, size_t errlen);

#endif
