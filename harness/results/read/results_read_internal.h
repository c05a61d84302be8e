/* results_read_internal.h — the CSV half of results_load (results_csv.c), for
 * results_read.c only; not part of results_read.h's API. */
#ifndef COROBENCH_RESULTS_READ_INTERNAL_H
#define COROBENCH_RESULTS_READ_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "results_read.h"

/* An integer cell of at least min: false when s is not one. */
bool rr_get_int(const char *s, int64_t min, int64_t *out);

/* runs.csv (file: its path for messages) into d's rows: false with a
 * "<file>: line N: ..." message in err on the first bad cell. */
bool rr_parse_runs(rr_dir *d, const char *file, char *err, size_t errlen);

/* summary.csv into d's summaries, likewise. */
bool rr_parse_summary(rr_dir *d, const char *file, char *err, size_t errlen);

#endif
