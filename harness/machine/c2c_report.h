/*
 * c2c_report.h — what `corobench c2c` writes from a measured matrix (c2c.h):
 *
 *   c2c.csv          from_pu,to_pu,class,min_ns,median_ns   one row per ordered pair
 *   c2c_min.csv      matrix of minimum RTT/2 (first row "pu,<os>,...", first
 *   c2c_median.csv   column the from-PU; empty diagonal), the heatmap's input
 *   c2c_summary.csv  class,label,pairs,min_ns,median_ns,max_median_ns
 *   c2c.gp           a copy of scripts/c2c.gp, so `gnuplot c2c.gp` re-renders here
 *   c2c.svg, c2c.png the heatmap of the medians (when gnuplot is installed)
 *
 * Pair classes are pairclass.h's. Per class the summary gives the best minimum,
 * the median of the per-pair medians (the "same L3: 20 ns" figure) and the worst
 * per-pair median. Files are written temp-then-rename (atomic_file.h).
 */
#ifndef COROBENCH_C2C_REPORT_H
#define COROBENCH_C2C_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "c2c.h"
#include "pairclass.h"

/* One class's figures over the ordered pairs of that class. */
typedef struct c2c_class_stats {
	int pairs;            /* ordered pairs of this class measured       */
	double min_ns;        /* smallest minimum RTT/2                      */
	double median_ns;     /* median of the per-pair median RTT/2         */
	double max_median_ns; /* largest per-pair median RTT/2               */
} c2c_class_stats;

void c2c_stats(const topo *t, const c2c_result *m, c2c_class_stats out[PC_COUNT]);

/* Writes the CSV files into dir. 0, or -1 with err. */
int c2c_write(const topo *t, const c2c_result *m, const char *dir, char *err, size_t errlen);

/* Writes the gnuplot script (the template's bytes: the c2c template built into the
 * binary, never a file of the current directory) into dir as c2c.gp, then renders
 * c2c.svg and c2c.png by running the gnuplot at `gnuplot` (an absolute path; NULL
 * when none was found) with no shell and only numbers in its -e argument. Returns
 * true when rendered; otherwise false with why (no template, no gnuplot, gnuplot
 * failed: see dir/c2c.gnuplot.log). */
bool c2c_render(const char *dir, const char *script, size_t script_len, const char *gnuplot, int n,
                char *why, size_t whylen);

/* Prints the median matrix (OS indexes as labels) when n <= max_n, then the
 * per-class table and the one-line summary ("cross L3 (same NUMA node): 52 ns"). */
void c2c_print(FILE *f, const topo *t, const c2c_result *m, int max_n);

#endif
