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

#include <stdbool.h>
#include <stdio.h>

#include "report_gp.h"
#include "model/report_model.h"

/* One chart of the report. */
typedef struct rp_chart {
	char name[128];     /* file stem under charts/                          */
	char title[200];    /* heading on the page                              */
	char caption[1600]; /* how to read it; what it leaves out              */
	bool scripted;      /* <name>.gp was written                            */
	bool rendered;      /* <name>.svg and <name>.png exist                  */
	char why[300];      /* why not rendered                                 */
} rp_chart;

/* The report being made. */
typedef struct rp_ctx {
	report_model *m;        /* the data                                    */
	gp_env gp;              /* gnuplot, templates, charts directory        */
	char outdir[4096];      /* where report.html goes                      */
	rp_chart *charts;       /* charts made (rendered or not)               */
	int ncharts, capcharts; /* count, allocated                            */
	char omitted[24][600];  /* kinds omitted, with the reason (and a path)  */
	int nomitted;           /* count                                       */
	FILE *log;              /* progress and warnings (stderr)              */
} rp_ctx;

/* Options of the command. */
typedef struct report_opts {
	const char *out;     /* output directory; NULL: DIR, or a new dir beside the first */
	const char *scripts; /* template directory override, or NULL                      */
} report_opts;

/* Runs the whole report. Returns the exit status (0, or 2 after printing why). */
int report_run(char *const *dirs, int ndirs, const report_opts *o, char *html_path,
               size_t html_len);

/* For the chart builders: records a chart whose data file is written and
 * writes its script (rendering happens once all are written, in parallel). */
void rp_add_chart(rp_ctx *c, const char *name, const char *kind, const char *preamble,
                  const char *title, const char *caption);
/* Records that a chart kind was omitted, and why. */
void rp_omit(rp_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* When a host's part from pass src could not be read, omits chart kind `what`
 * with that part's error ("what: counters/ could not be read (...)") and
 * returns true. */
bool rp_omit_unreadable(rp_ctx *c, rm_source src, const char *what);

/* The chart builders (report_charts_*.c), in the order of the page. */
void rp_chart_cost(rp_ctx *c);      /* 1: ns/op per workload                 */
void rp_chart_scaling(rp_ctx *c);   /* 2: throughput vs threads              */
void rp_chart_channels(rp_ctx *c);  /* 2b: channel scaling, mpmc P x P       */
void rp_chart_latency(rp_ctx *c);   /* 3: latency percentile spectrum        */
void rp_chart_c2c(rp_ctx *c);       /* 4: core-to-core heatmap               */
void rp_chart_counters(rp_ctx *c);  /* 5: counters per op                    */
void rp_chart_speedup(rp_ctx *c);   /* 6: speed-up over pthreads             */
void rp_chart_placement(rp_ctx *c); /* 7: placement sweep                    */

#endif
