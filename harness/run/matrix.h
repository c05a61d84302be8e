/*
 * matrix.h — the run matrix: workloads x runtimes x channel variants x threads x
 * placements x parameter values, expanded into configurations.
 *
 * What it promises
 *   - Every combination appears exactly once, in a stable order (the order of the
 *     lists given), each with its key (docs/RESULTS.md).
 *   - A workload that uses no channel gets chan "-" once, not once per variant; the
 *     Go peer gets chan "go-native" once.
 *   - A combination that cannot run (a variant lacks a capability the workload
 *     needs; a runtime that is unavailable here) is kept, with skip_reason set, so
 *     it is reported as skipped with its reason rather than silently dropped.
 */
#ifndef COROBENCH_MATRIX_H
#define COROBENCH_MATRIX_H

#include <stdbool.h>
#include <stdint.h>

#include "../../runtimes/chan/chan.h"
#include "../../runtimes/rt.h"
#include "../../workloads/workload.h"

#define MATRIX_KEY_LEN 320

/* One configuration of the matrix. */
typedef struct cb_config {
	int index;                     /* position in the matrix, 0-based              */
	const workload *wl;            /* the workload                                  */
	const char *runtime;           /* runtime name ("pthread", "gmp", "go")        */
	const rt_runtime *rt;          /* in-process runtime; NULL for an external peer */
	const chan_variant *chan;      /* NULL when no C variant applies               */
	const char *chan_name;         /* "-", "go-native" or the variant's name       */
	int threads;                   /* -t: workers                                   */
	const char *placement;         /* placement policy string                      */
	int64_t params[WL_MAX_PARAMS]; /* requested parameter values                    */
	char key[MATRIX_KEY_LEN];      /* configuration key                             */
	char skip_reason[200];         /* non-empty: not run, reported as skipped       */
} cb_config;

/* A parameter override from the command line: name=v1,v2,... */
typedef struct matrix_param {
	const char *name; /* parameter name                   */
	int64_t *values;  /* one or more values (a sweep)     */
	int count;        /* number of values                 */
} matrix_param;

/* What to expand. */
typedef struct matrix_spec {
	const workload **workloads;
	int nworkloads;
	const char **runtimes;
	int nruntimes; /* names; may include external peers */
	const chan_variant **chans;
	int nchans;
	const int64_t *threads;
	int nthreads;
	const char **placements;
	int nplacements;
	bool quick; /* use the --quick sizes              */
	bool have_n;
	int64_t n; /* -n overrides params[0]             */
	const matrix_param *params;
	int nparams; /* --param overrides (sweeps)         */
} matrix_spec;

/* Hooks for runtimes that are not in-process (the Go peer, harness/run/peer.c):
 * returns true when `name` is such a peer; *available/reason say whether it can run. */
typedef bool (*matrix_peer_fn)(const char *name, bool *available, const char **reason);
extern matrix_peer_fn matrix_peer_lookup;
/* NULL-terminated names of the external peers (for `-r all`); NULL: none. */
extern const char *const *matrix_peer_names;

/* Placement check for the parent (harness/machine/placement.c sets it): true when
 * `policy` is a valid placement for `threads` workers on this machine, else a
 * one-line reason naming the value in err. NULL: only "none" is accepted. */
typedef bool (*matrix_placement_fn)(const char *policy, int threads, char *err, size_t errlen);
extern matrix_placement_fn matrix_placement_check;

/* Expands spec; returns a malloc'd array (free with free()) and its length, or
 * NULL with err filled (one line naming the bad value) when a parameter override
 * names no parameter of any selected workload, or a value fails validation. */
cb_config *matrix_expand(const matrix_spec *spec, int *count, char *err, size_t errlen);

/* Builds a configuration's key from its fields. */
void matrix_key(cb_config *c);

#endif
