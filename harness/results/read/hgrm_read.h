/*
 * hgrm_read.h — reading HdrHistogram percentile-distribution files (.hgrm, the
 * text that HdrHistogram's outputPercentileDistribution and corobench's latency
 * histograms write):
 *
 *        Value     Percentile TotalCount 1/(1-Percentile)
 *
 *       81.000 0.000000000000          1           1.00
 *      ...
 *     1203.000 1.000000000000      10000
 *   #[Mean    =      102.310, StdDeviation   =       20.110]
 *   #[Max     =     1203.000, Total count    =        10000]
 *
 * What it promises: a pure parser (fuzzed) that keeps the data rows in order
 * (value, percentile in [0,1], cumulative count, 1/(1-p); the last row's 1/(1-p)
 * is infinite and is stored as INFINITY), and the Mean/Max/Total count footer when
 * present. A file with no data rows, a percentile outside [0,1] or going down, or
 * a row that is not 3-4 numbers is an error "line N: what".
 */
#ifndef COROBENCH_HGRM_READ_H
#define COROBENCH_HGRM_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HGRM_MAX_BYTES (64u << 20) /* a 3-significant-digit histogram is ~100 KiB */

/* One row of the percentile distribution. */
typedef struct hgrm_point {
	double value;      /* latency at this percentile (the file's unit: ns)  */
	double percentile; /* in [0, 1]                                         */
	double inv;        /* 1 / (1 - percentile); INFINITY at 1               */
	uint64_t count;    /* samples at or below value                         */
} hgrm_point;

/* A parsed .hgrm file. */
typedef struct hgrm_file {
	char name[256];   /* file name without .hgrm (the configuration, encoded) */
	hgrm_point *pts;  /* rows in file order (percentile non-decreasing)       */
	int npts;         /* count (>= 1)                                         */
	double mean, max; /* from the footer; NaN when absent                     */
	uint64_t total;   /* footer "Total count"; last row's count when absent   */
} hgrm_file;

bool hgrm_parse(const char *buf, size_t len, hgrm_file *h, char *err, size_t errlen);
/* Reads path; sets h->name from the file name; errors start with the path. */
bool hgrm_load(const char *path, hgrm_file *h, char *err, size_t errlen);
void hgrm_free(hgrm_file *h);

/* The value at percentile p (the first row with percentile >= p), or NaN. */
double hgrm_value_at(const hgrm_file *h, double p);

#endif
