/*
 * export.h — a results directory as one document to take elsewhere: `corobench
 * export DIR --format json|markdown|csv` on stdout (docs/RESULTS.md, "export").
 *
 * What it promises
 *   - Every number is computed from runs.csv (median, 95% CI of the median or
 *     min..max, rel_err, flags), as the report and compare compute theirs, for
 *     ns_per_op and every extra metric (counters per op, IPC, metric:<name>).
 *   - Flags per configuration (from ns_per_op): `unstable` (rel_err > 5%),
 *     `minmax` (fewer than 6 repetitions: no 95% CI), `size_reduced`,
 *     `failed_rounds` (failures.csv has rounds of it), `warmup` (summary.csv's
 *     warm-up note).
 *   - json: schema `corobench-export/1`: the configurations with their metrics
 *     and flags, skipped and failed ones, and env.json embedded as it is (it
 *     parsed when the directory was loaded), or null.
 *   - markdown: a table of ns/op to paste into a report (median, interval,
 *     repetitions, flags), what was skipped or failed counted below it; text
 *     from the results is escaped for a table (`|`) and for a terminal
 *     (control characters, safe_text.h).
 *   - csv: one row per configuration and metric, flags `;`-separated.
 */
#ifndef COROBENCH_EXPORT_H
#define COROBENCH_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "../results/read/results_read.h"

typedef enum export_format { EXPORT_JSON, EXPORT_MARKDOWN, EXPORT_CSV } export_format;

/* Parses "json", "markdown" (or "md"), "csv"; false for anything else. */
bool export_format_parse(const char *s, export_format *out);

/* Writes d in the format to f. False with err (out of memory) . */
bool export_write(FILE *f, const rr_dir *d, export_format fmt, char *err, size_t errlen);

#endif
