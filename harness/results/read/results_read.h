/*
 * results_read.h — loading a results directory (docs/RESULTS.md) for `compare`
 * and `report`: runs.csv, summary.csv, env.json, skipped.csv, failures.csv,
 * latency/<name>.hgrm, the c2c matrix and topology.xml.
 *
 * What it promises
 *   - Either a fully checked rr_dir or one line of error that names the file and,
 *     for a bad row, its line and column ("R/runs.csv: line 7: column ns_per_op:
 *     'abc' is not a number"). Callers print it and exit 2. No input crashes it.
 *   - runs.csv is required and must hold at least one row: a directory without
 *     measured repetitions has nothing to compare or chart, and says so (pointing
 *     at failures.csv / skipped.csv). Every other file is optional: when absent it
 *     is noted in `notes` (the report shows them); when present it must parse.
 *   - Schemas 1 and 2 (docs/RESULTS.md) are read; rows of both are presented
 *     alike (summary.csv's repetitions are `n` in 1 and `reps` in 2; 1 packs the
 *     outlier counts, 2 has a column each and the interval's kind).
 *   - A file cut exactly at a line boundary is an error, not a shorter result:
 *     env.json (schema 2) records the rows of each CSV it wrote last ("rows"); a
 *     file with fewer is cut, one with more is accepted only while env.json says
 *     the run is not complete (the run was stopped between two writes).
 *   - A UTF-8 byte order mark at the start of a file is skipped; CRLF line ends
 *     are read as LF. A file or directory this user may not read says
 *     "permission denied" (never "missing").
 *   - Columns are found by header name, so extra columns from newer writers
 *     (counters, metrics) are read without a code change: every `<event>/op` and
 *     `metric:<name>` column becomes an "extra" metric (NaN where empty: not
 *     counted is not zero).
 */
#ifndef COROBENCH_RESULTS_READ_H
#define COROBENCH_RESULTS_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "c2c_read.h"
#include "../../base/format/csv_read.h"
#include "hgrm_read.h"
#include "../../base/format/json_read.h"

#define RR_ERR_LEN 600 /* a path (~200) + line + column + a quoted value */

/* One measured repetition: a runs.csv row. Strings point into the CSV table. */
typedef struct rr_run {
	const char *key;        /* configuration key                               */
	const char *workload;   /* workload name                                   */
	const char *runtime;    /* runtime name                                    */
	const char *chan;       /* channel variant, "-" or "go-native"             */
	const char *placement;  /* placement policy                                */
	const char *pair_class; /* two-party placement class, or ""                */
	const char *params;     /* name=value;... actually used                    */
	int threads;            /* -t                                              */
	int64_t n_requested;    /* size asked for (0 when the column is absent)    */
	int64_t n;              /* size run (0 when absent)                        */
	bool size_reduced;      /* the runtime could not reach the requested size  */
	int round, rep;         /* child process and repetition in it (-1: absent) */
	double ns_per_op;       /* elapsed / n                                     */
	double cpu_ns;          /* the process's CPU time over the repetition (schema
	                         * 2's cpu_ns); NaN when absent                    */
	double *extra;          /* rr_dir.nextra values: counters per op, metrics  */
	int line;               /* line in runs.csv (for messages)                 */
} rr_run;

/* One summary.csv row. */
typedef struct rr_summary {
	const char *key;    /* configuration key                    */
	const char *metric; /* ns_per_op, <event>/op, metric:<name> */
	const char *unit;   /* unit, or ""                          */
	int n;              /* repetitions (schema 1: n, schema 2: reps) */
	double median, ci_low, ci_high, min, max, mad, rel_err; /* as written   */
	bool unstable;         /* rel_err > 5%                         */
	const char *interval;  /* "ci95" or "minmax" (schema 1: from the note) */
	const char *outliers;  /* schema 1's low_mild:low_severe:high_mild:high_severe, or "" */
	int outlier_counts[4]; /* low_mild, low_severe, high_mild, high_severe (both schemas) */
	int rounds;            /* rounds (child processes) that ran; -1: not recorded */
	int failed_rounds;     /* of them, rounds that failed; -1: not recorded (schema 1) */
	const char *note;      /* warm-up / CI-method note, or ""      */
} rr_summary;

/* A loaded results directory. */
typedef struct rr_dir {
	char path[4096];          /* as given (trailing '/' removed)               */
	char host[128];           /* env.json "host", else from the directory name */
	int schema;               /* runs.csv's schema (1 or 2)                    */
	csvr_table runs_csv;      /* owns the strings of runs[]                    */
	rr_run *runs;             /* nruns rows                                    */
	int nruns;                /* >= 1                                          */
	int nextra;               /* extra numeric columns                         */
	const char **extra_names; /* their header names ("instructions/op")        */
	double *extra_values;     /* nruns * nextra, owned                         */
	csvr_table summary_csv;   /* owns the strings of summary[]                 */
	rr_summary *summary;      /* nsummary rows (0 when absent)                 */
	int nsummary;             /* count                                         */
	bool have_summary;        /* summary.csv was present                       */
	jsonr_doc env;            /* env.json pairs (empty when absent)            */
	bool have_env;            /* env.json was present                          */
	csvr_table skipped;       /* key,reason (ncols 0 when absent)              */
	csvr_table failures;      /* key,round,kind,reason (ncols 0 when absent)   */
	hgrm_file *hgrm;          /* latency/<name>.hgrm, sorted by name                */
	int nhgrm;                /* count                                         */
	c2c_matrix c2c;           /* npu 0 when absent                             */
	csvr_table c2c_summary;   /* c2c_summary.csv (class,label,pairs,median_ns..) */
	bool have_topology;       /* topology.xml exists                           */
	char notes[8][200];       /* what was absent or degraded, for the report   */
	int nnotes;               /* count                                         */
} rr_dir;

/* Loads dir. On failure returns false with err filled and *d empty. */
bool results_load(const char *dir, rr_dir *d, char *err, size_t errlen);
void results_free(rr_dir *d);

/* Index of an extra column by name, or -1. */
int results_extra(const rr_dir *d, const char *name);

#endif
