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

/* A new empty directory under $TMPDIR (or /tmp); malloc'd path. */
char *resfix_tmpdir(void);
/* Writes dir/runs.csv and dir/env.json (host). Returns false on I/O error. */
bool resfix_write(const char *dir, const char *host, const resfix_cfg *c, int n);
/* Writes text to dir/name (creating dir/sub/ for "sub/name"). */
bool resfix_file(const char *dir, const char *name, const char *text);
/* rm -rf dir (only what resfix made: a path under the temp directory). */
void resfix_rmrf(const char *dir);
/* n samples around center: center * (1 + spread * u), u uniform in [-1, 1] from a
 * fixed-seed generator (deterministic across runs). */
void resfix_samples(double *out, int n, double center, double spread, unsigned seed);

#endif
