/*
 * writers.h — the results directory and its files (docs/RESULTS.md), one writer
 * per format (Google Benchmark's runner/reporter split: the runner fills the
 * store, writers only read it). Every file is written temp-then-rename
 * (atomic_file.h), so they can be rewritten after every round and an interrupted
 * run leaves complete files.
 */
#ifndef COROBENCH_WRITERS_H
#define COROBENCH_WRITERS_H

#include <stdbool.h>
#include <stdio.h>

#include "../store.h"

/* 2: summary.csv's n is reps, interval, outlier counts, rounds and failed_rounds
 * columns; param:<name> columns; runs.csv's cpu_ns; env.json's rows and
 * complete (docs/RESULTS.md). The readers take 1 and 2. */
#define RESULTS_SCHEMA 2

/* Rows written into each CSV file: env.json records them ("rows"), so a reader
 * can tell a file cut exactly at a line boundary from a complete one. */
typedef struct results_rows {
	long runs;     /* runs.csv     */
	long summary;  /* summary.csv  */
	long failures; /* failures.csv */
	long skipped;  /* skipped.csv  */
} results_rows;

/* Makes the results directory: `dir` if given (created if missing), else
 * results/<YYYYmmdd-HHMMSS>-<host>. Checks that it is writable. fresh (a run, a
 * soak): a directory that already holds results (resdir_holds_results) is
 * refused, so nothing of an earlier run can leak into this one; c2c passes
 * false (it adds its files to a run's directory). On failure writes one line
 * naming the path into err, leaves nothing behind it created, and returns false. */
bool resdir_make(const char *dir, bool fresh, char *out, size_t outlen, char *err, size_t errlen);
/* True when dir holds a run's results: runs.csv, summary.csv, env.json,
 * bench.txt, failures.csv, skipped.csv, soak.csv or latency/ (any of them, of
 * any type); *what names the first one found. */
bool resdir_holds_results(const char *dir, char *what, size_t whatlen);
/* The default directory name, results/<YYYYmmdd-HHMMSS>-<host><suffix> (c2c uses "-c2c"). */
void resdir_default(char *out, size_t outlen, const char *suffix);

/* Each writer stores the rows it wrote in *rows (NULL: not wanted). */
bool write_runs_csv(const cb_run *run, long *rows, char *err, size_t errlen);
bool write_summary_csv(const cb_run *run, long *rows, char *err, size_t errlen);
bool write_bench_txt(const cb_run *run, char *err, size_t errlen);
/* rows: the counts to record (NULL: none recorded). */
bool write_env_json(const cb_run *run, const results_rows *rows, char *err, size_t errlen);
/* failures.csv and skipped.csv */
bool write_failures_csv(const cb_run *run, long *nfail, long *nskip, char *err, size_t errlen);

/* All of the above, env.json last; stops at the first error (err names the file
 * and the cause). */
bool write_all(const cb_run *run, char *err, size_t errlen);

/* Distinct rounds of r that failed (summary.csv's failed_rounds). */
int result_failed_rounds(const cb_result *r);

/* The bench.txt line(s) of one configuration's measured reps (also for stdout). */
void bench_lines(FILE *f, const cb_run *run, int config);
/* The benchstat unit of a workload metric: bytes_per_task -> B/task,
 * peak_rss_bytes -> peak-RSS-B, any other name with '-' for '_'. */
void bench_metric_unit(const char *name, char *unit, size_t len);
/* The console summary table (stdout at the end of a run): console_header, one
 * console_row per configuration, and the legend of the interval kinds. */
void console_summary(FILE *f, const cb_run *run);
void console_header(FILE *f);
/* One configuration's row (median, interval, flags; skipped or FAILED with the
 * reason). Returns true when its interval is min..max (no 95% CI). */
bool console_row(FILE *f, const cb_run *run, int i);

/* Metric helpers shared by writers: per measured repetition of a result, the
 * value of `metric` ("ns_per_op", "cpu_ns_per_op", "ctr.<event>" per op,
 * "metric.<name>");
 * returns false when that rep has no such value. */
bool rep_metric(const cb_rep *rep, const char *metric, double *value);

/* Derived metrics available from the counter names ctrs (e.g. "IPC" when both
 * instructions and cycles are there): writes at most WRITERS_MAX_DERIVED names
 * into names, returns how many. rep_metric(rep, name, &v) gives their values. */
#define WRITERS_MAX_DERIVED 2
int derived_metrics(const char **ctrs, int nctr, const char **names);

/* env.json's sections beside write_env.c's own fields, each adding top-level
 * fields with json_kv_* (json.h) and the given count: the counters' statuses
 * (env_counters.c) and the machine the plans were made for (env_placement.c).
 * A layer above adds its own through cb_run.env_extra (the Go peer's version). */
void env_counters_section(FILE *f, int *count, const cb_run *run);
void env_placement_section(FILE *f, int *count, const cb_run *run);
/* Inside a Slurm job only: the job, node, partition, CPUs and memory granted
 * (env_slurm.c); nothing outside one. */
void env_slurm_section(FILE *f, int *count, const cb_run *run);

/* CPU model string of this machine ("unknown" if not found). */
void env_cpu_model(char *buf, size_t len);

#endif
