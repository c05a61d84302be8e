/*
 * soak.h — `corobench run --soak DURATION`: a correctness soak, not a benchmark.
 *
 * Until DURATION has passed (or SIGINT/SIGTERM), repeatedly pick a random
 * configuration from the selected matrix axes — workload, runtime (gmp unless -r
 * says otherwise), channel variant that has what the workload needs, worker count
 * from 1 to twice the -t maximum, and random parameter values between each
 * parameter's minimum and its --quick size — and run it once in a child process
 * under the watchdog, checking its answer. Every outcome is kept in soak.csv
 * (rewritten atomically at most once a second); the closing line says how many
 * configurations ran, how many failed, and how much wall and CPU time the soak
 * used (CPU-hours: the children's user + system time, the "hours-equivalent" of a
 * longer run on fewer cores). Exit 1 if anything failed.
 */
#ifndef COROBENCH_SOAK_H
#define COROBENCH_SOAK_H

#include <stdint.h>

#include "matrix.h"
#include "../results/store.h"

typedef struct soak_options {
	double duration_s;               /* how long to soak                          */
	uint64_t seed;                   /* random choices (recorded in soak.csv)     */
	int max_threads;                 /* workers drawn from [1, max_threads]       */
	double timeout_s;                /* per configuration                         */
	const char *outdir;              /* soak.csv goes here                        */
	const struct ctr_spec *counters; /* passed through (usually none)     */
	bool progress;                   /* one status line on stderr                 */
} soak_options;

/* Returns the process exit status: 0 all verified, 1 some failed, 130 interrupted
 * with no failure. */
int soak_run(const matrix_spec *spec, const soak_options *opt);

/* Parses a duration: "90", "90s", "15m", "2h" (1 s to 30 days). */
bool soak_parse_duration(const char *s, double *seconds, char *err, size_t errlen);

#endif
