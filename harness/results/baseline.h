/*
 * baseline.h — named baselines: results directories kept in one place under a
 * name, to compare later runs against (`corobench baseline save|list|rm`,
 * `corobench compare --baseline NAME DIR`).
 *
 * Where (one documented place, README "Baselines"): $COROBENCH_BASELINES if set,
 * else $XDG_DATA_HOME/corobench/baselines (XDG_DATA_HOME absolute), else
 * ~/.local/share/corobench/baselines. One directory per baseline, named NAME.
 *
 * What a baseline holds: the run's files that compare and report read
 * (runs.csv, summary.csv, bench.txt, env.json, failures.csv, skipped.csv,
 * topology.xml, latency/), regular files only (a symlink in a results directory
 * is not copied: nothing outside it is taken along), and baseline.json (name,
 * when it was saved, the source directory). env.json is required: it is how a
 * later comparison tells that the machine or the compiler changed.
 *
 * What it promises
 *   - A name is 1-100 characters of [A-Za-z0-9._-], not starting with '.' or '-'
 *     (it becomes a directory name; no path, no option): else bad input naming it.
 *   - save checks the source first (results_load: a damaged directory is
 *     refused, naming the file and line) and never leaves half a baseline: the
 *     copy is written into .NAME.tmp.<pid> beside the others, each file synced,
 *     and renamed into place; with replace, the old one is swapped out by one
 *     renameat2(RENAME_EXCHANGE) (or, where the file system lacks it, two
 *     renames) and removed after. Without replace an existing NAME is refused.
 *   - Statuses (status.h): CB_EINVAL bad input (name, source, NAME exists or is
 *     missing: exit 2), CB_EFAIL an I/O error (exit 1); err says which file.
 */
#ifndef COROBENCH_BASELINE_H
#define COROBENCH_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#define BASELINE_NAME_MAX 100

/* One baseline as `list` shows it. */
typedef struct baseline_info {
	char name[BASELINE_NAME_MAX + 1]; /* its name                                  */
	char saved[40];                   /* when it was saved (ISO 8601), or ""       */
	char source[1024];                /* the directory it was saved from           */
	char host[128];                   /* env.json: host                            */
	char cpu[160];                    /* env.json: cpu_model                       */
	char compiler[160];               /* env.json: compiler                        */
	char started[40];                 /* env.json: when the run started            */
	int configurations;               /* distinct configurations in runs.csv       */
	char damaged[600];                /* "" when it loads; else why not            */
} baseline_info;

/* The baselines directory (not created). False when none can be named. */
bool baseline_root(char *out, size_t len, char *err, size_t errlen);

/* Checks a name (see above). */
bool baseline_name_ok(const char *name, char *err, size_t errlen);

/* Saves the results directory src as NAME (see above). */
int baseline_save(const char *name, const char *src, bool replace, char *err, size_t errlen);

/* The directory of the existing baseline NAME; CB_EINVAL when absent (err says
 * where it looked and `corobench baseline list`). */
int baseline_path(const char *name, char *out, size_t len, char *err, size_t errlen);

/* Every baseline, sorted by name (malloc'd array, free()); damaged ones have
 * `damaged` set. False with err when the directory cannot be read. */
bool baseline_list(baseline_info **out, int *n, char *err, size_t errlen);

/* Removes NAME. */
int baseline_rm(const char *name, char *err, size_t errlen);

#endif
