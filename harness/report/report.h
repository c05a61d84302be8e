/*
 * report.h — `corobench report DIR...`: charts, data and scripts under
 * OUT/charts/, and OUT/report.html, one self-contained page (charts inlined as
 * base64 SVG, tables, the machine, generated findings).
 *
 * Pipeline: report_model (load, statistics) -> report_charts_* (one builder per
 * chart kind: data file + script from a template, then gnuplot) -> report_html
 * (tables, machine, report_findings, the charts).
 *
 * What it promises
 *   - Bad input (a missing directory, a damaged CSV, no runs) is an error before
 *     anything is written: one line naming the file, exit 2.
 *   - A chart with nothing to show (no counters, no c2c matrix, one thread count,
 *     one placement) is omitted with a stated reason, in the output and the page.
 *   - Without gnuplot (or templates) the data, scripts (when the templates exist)
 *     and the HTML tables and findings are still written, and the output says
 *     that charts were not rendered and why; the exit status stays 0.
 *   - Every number on the page is computed from runs.csv; none is written by hand.
 */
#ifndef COROBENCH_REPORT_H
#define COROBENCH_REPORT_H

#include <stddef.h>

#include "model/report_model.h" /* RM_MAX_HOSTS: how many DIRs report_run takes */

/* Options of the command. */
typedef struct report_opts {
	const char *out;     /* output directory; NULL: DIR, or a new dir beside the first */
	const char *scripts; /* template directory override, or NULL                      */
} report_opts;

/* Runs the whole report. Returns the exit status (0, or 2 after printing why). */
int report_run(char *const *dirs, int ndirs, const report_opts *o, char *html_path,
               size_t html_len);

#endif
