/*
 * latency.h — one configuration's latency record inside its child process: the
 * histogram behind wl_measure.record_ns, and the files it leaves in the results
 * directory.
 *
 * What it promises
 *   - lat_record puts a sample into the current repetition's histogram;
 *     lat_end_rep keeps it (merges it into the child's total) only when the
 *     repetition was measured and verified: warm-ups and failed repetitions never
 *     reach a file, like their elapsed times never reach runs.csv.
 *   - lat_save writes, in <outdir>/latency/, for the key with '/' turned into '_':
 *       <key>.histo  the raw counters of every round of the configuration so far,
 *       <key>.hgrm  their percentile distribution (hist_io.h), values in
 *                   microseconds (unit 1000 ns), HdrHistogram's usual unit.
 *     Rounds of one configuration run one after another (runner.c forks one child
 *     at a time), so a round reads the .histo the previous one left, adds its own
 *     and replaces both files, each through a temporary name and rename
 *     (atomic_file.h): a reader sees the old pair or the new one, never half.
 *   - Samples above one hour are counted as overflow, never clamped (histogram.h).
 */
#ifndef COROBENCH_LATENCY_H
#define COROBENCH_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "histogram.h"

#define LAT_UNIT_NS 1000.0 /* .hgrm values in microseconds */

typedef struct lat_rec {
	histo *rep;  /* the repetition in progress                       */
	histo *kept; /* measured, verified repetitions of this child      */
} lat_rec;

bool lat_init(lat_rec *l); /* false: out of memory */
void lat_free(lat_rec *l);
void lat_record(lat_rec *l, uint64_t ns);
void lat_end_rep(lat_rec *l, bool keep);

/* Writes the two files described above; false with a reason on any error. */
bool lat_save(const lat_rec *l, const char *outdir, const char *key, char *err, size_t errlen);

/* The file stem for a key: '/' becomes '_' (the key's other characters are
 * [A-Za-z0-9=._,-], all safe in file names). */
void lat_file_stem(const char *key, char *out, size_t outlen);

#endif
