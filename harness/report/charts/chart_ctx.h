/*
 * chart_ctx.h — the report being made (rp_ctx): the model it draws from, the
 * gnuplot environment, and the list of charts made or omitted, which the chart
 * builders (charts.h) fill and the page (page/html.h) reads.
 *
 * A chart is made in two steps: its builder writes the data file and calls
 * rp_add_chart, which writes the script; once every builder has run,
 * rp_render_charts renders all scripts, several at a time. A chart kind with
 * nothing to show is recorded with rp_omit, with the reason the page gives.
 *
 * What it promises: charts are kept in the order they were added (the page's
 * order); a chart whose script could not be written, or that gnuplot could not
 * render, stays in the list with `why`, so the page says what went wrong;
 * omissions beyond the list's room are dropped, never overflowed.
 */
#ifndef COROBENCH_REPORT_CHART_CTX_H
#define COROBENCH_REPORT_CHART_CTX_H

#include <stdbool.h>
#include <stdio.h>

#include "../model/report_model.h"
#include "gnuplot.h"

/* One chart of the report. */
typedef struct rp_chart {
	char name[128];     /* file stem under charts/                          */
	char title[200];    /* heading on the page                              */
	char caption[2400]; /* how to read it; what it leaves out              */
	bool scripted;      /* <name>.gp was written                            */
	bool rendered;      /* <name>.svg and <name>.png exist                  */
	char why[300];      /* why not rendered                                 */
	int width, height;  /* its size in CSS pixels (the SVG's), 0: unknown  */
	bool story;         /* on the open page; else under "More charts"      */
	bool half;          /* half the page's width, beside its neighbour      */
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

/* For the chart builders: records a chart whose data file is written and
 * writes its script (rendering happens once all are written, in parallel).
 * Returns the chart (its place on the page is the builder's to set), or NULL
 * when out of memory. */
rp_chart *rp_add_chart(rp_ctx *c, const char *name, const char *kind, const char *preamble,
                       const char *title, const char *caption);
/* Records that a chart kind was omitted, and why. */
void rp_omit(rp_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* When a host's part from pass src could not be read, omits chart kind `what`
 * with that part's error ("what: counters/ could not be read (...)") and
 * returns true. */
bool rp_omit_unreadable(rp_ctx *c, rm_source src, const char *what);

/* Renders every chart whose script was written (gp_render_all), setting each
 * chart's `rendered` and `why`. */
void rp_render_charts(rp_ctx *c);

#endif
