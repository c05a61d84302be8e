/*
 * resfix.h — synthetic results directories for the tests of the readers,
 * compare and report: a runs.csv (docs/RESULTS.md schema 1) and an env.json
 * from a few configurations with chosen samples, in a fresh temporary directory.
 *
 * What it promises: files in the exact format the writers produce (same header,
 * same key shape), so the readers are tested on what they will really meet;
 * samples are numbered round = i / 5, rep = 1 + i % 5 (5 reps per child).
 */
#ifndef COROBENCH_TEST_RESFIX_H
#define COROBENCH_TEST_RESFIX_H

#include <stdbool.h>

/* One configuration of a fixture. */
typedef struct resfix_cfg {
	const char *workload;  /* e.g. "pingpong"                              */
	const char *runtime;   /* "pthread", "gmp", "go"                       */
	const char *chan;      /* variant, "-" or "go-native"                  */
	int threads;           /* -t                                           */
	const char *placement; /* "none", ...                                  */
	const double *ns;      /* n samples of ns_per_op                       */
	int n;                 /* count                                        */
	bool reduced;          /* size_reduced = 1                             */
} resfix_cfg;

/* What make bench's passes add to a configuration (resfix_write_more); apart
 * from resfix_cfg so the positional initializers of older tests stay whole. */
typedef struct resfix_more {
	const char *params;     /* more "name=value;..." for params, or NULL     */
	const char *key_tail;   /* appended to the key ("/producers=2"), or NULL */
	const double *extra;    /* resfix_cfg.n values of the extra column, or NULL */
	const char *pair_class; /* runs.csv's pair_class (a pinned pair), or NULL */
} resfix_more;

/* A new empty directory under $TMPDIR (or /tmp); malloc'd path. */
char *resfix_tmpdir(void);
/* Writes dir/runs.csv and dir/env.json (host), creating dir and its parents.
 * Returns false on I/O error. */
bool resfix_write(const char *dir, const char *host, const resfix_cfg *c, int n);
/* The same with more[i] for c[i] (more may be NULL) and one more column,
 * `extra_col` ("context-switches/op", or NULL: none) holding more[i].extra
 * (empty cells where it is NULL). */
bool resfix_write_more(const char *dir, const char *host, const char *extra_col,
                       const resfix_cfg *c, const resfix_more *more, int n);
/* Writes dir/latency/<key with '/' as '_'>.hgrm: a percentile distribution of
 * 1000 samples (values in µs, as the latency writer's) with the given median,
 * p99 and maximum, in HdrHistogram's text format. */
bool resfix_hgrm(const char *dir, const char *key, double p50, double p99, double max);
/* Writes text to dir/name (creating dir/a/b/ for "a/b/name"). */
bool resfix_file(const char *dir, const char *name, const char *text);
/* rm -rf dir (only what resfix made: a path under the temp directory). */
void resfix_rmrf(const char *dir);
/* n samples around center: center * (1 + spread * u), u uniform in [-1, 1] from a
 * fixed-seed generator (deterministic across runs). */
void resfix_samples(double *out, int n, double center, double spread, unsigned seed);

#endif
