/*
 * hist_io.h — histograms in and out of files: HdrHistogram's percentile
 * distribution text (.hgrm, for people and plotters) and a raw counter file (for
 * merging the rounds of one configuration, which run in separate processes).
 *
 * What it promises
 *   - histo_write_hgrm writes HdrHistogram's "classic" percentile output: a header
 *         Value     Percentile TotalCount 1/(1-Percentile)
 *     then one line per step of HdrHistogram's percentile iterator (levels from 0%
 *     that halve their distance to 100% every `ticks_per_half` lines; 5 is
 *     HdrHistogram's default) with the value reported as the highest value of the
 *     bucket reached, divided by `unit_ns`; the 100% line has no 1/(1-P) column; the
 *     #[Mean..], #[Max..], #[Buckets..] footer. Files HdrHistogram's plotter reads.
 *     An #[Overflow..] line follows when samples above the range were refused.
 *   - The raw file is text: a first line
 *         corobench-histo 1 <highest> <sigfigs> <total> <overflow> <min> <max> <sum>
 *     then "<counter index> <count>" for every non-zero counter. histo_read_raw adds
 *     a file into a histogram of the same layout and checks that the counts add up
 *     to total; a file of another layout or a damaged one is refused with a reason.
 */
#ifndef COROBENCH_HIST_IO_H
#define COROBENCH_HIST_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "histogram.h"

/* Returns 0, or -EIO when a write failed. */
int histo_write_hgrm(const histo *h, FILE *out, double unit_ns, int ticks_per_half);

int histo_write_raw(const histo *h, FILE *out); /* 0 or -EIO */
bool histo_read_raw(histo *into, FILE *in, char *err, size_t errlen);

#endif
