/*
 * plot.h — the two chart shapes most report charts are made of, built in
 * memory and emitted as data file + script (gnuplot.h):
 *   - rp_bars: grouped bars with CIs (scripts/bars.gp): groups on x (workloads,
 *     placements), one bar per series in each group;
 *   - rp_lines: one polyline per series over a numeric x (scripts/lines.gp,
 *     scripts/latency.gp), in one plot or in small multiples (plot_lines.c);
 *     a point may be flagged (a red cross: the network charts' "the load
 *     generator set the pace"), which the chart's flag_note explains.
 * Files: plot.c (bars and the shared helpers), plot_lines.c (lines, panels),
 * plot_style.[ch] (colours, shades and dashes of the series).
 * What it promises: a series or group with no value is left out rather than
 * drawn as zero; a value flagged `reduced` is hatched (bars) or ringed (lines);
 * a bar's marks (its floors: rp_bars_mark) are short lines across it, never a
 * series of their own;
 * labels are escaped for gnuplot (quotes, backslashes, % in tic labels).
 */
#ifndef COROBENCH_REPORT_PLOT_H
#define COROBENCH_REPORT_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "chart_ctx.h"
#include "plot_style.h" /* RP_MAX_SERIES */

#define RP_MAX_GROUPS 64   /* ~15 workloads x a few parameter sweeps   */
#define RP_MAX_POINTS 4096 /* a latency spectrum has ~100 levels     */
#define RP_MAX_MARKS  4    /* marks a bar, and kinds of mark a chart (floors) */

/* Grouped bars: value, CI and flags per (series, group). */
typedef struct rp_bars {
	const char *groups[RP_MAX_GROUPS];          /* group labels (x)                */
	int ngroups;                                /* count                           */
	const char *series[RP_MAX_SERIES];          /* series labels (legend)          */
	int nseries;                                /* count                           */
	double v[RP_MAX_SERIES][RP_MAX_GROUPS];     /* bar heights                */
	double lo[RP_MAX_SERIES][RP_MAX_GROUPS];    /* CI low                     */
	double hi[RP_MAX_SERIES][RP_MAX_GROUPS];    /* CI high                    */
	bool have[RP_MAX_SERIES][RP_MAX_GROUPS];    /* a value exists             */
	bool reduced[RP_MAX_SERIES][RP_MAX_GROUPS]; /* hatch: not comparable   */
	/* marks across a bar (its floors): each of a kind, the kind's name in the
	 * legend, drawn in that kind's grey and dash (plot_style.h) */
	const char *mark_kinds[RP_MAX_MARKS];                              /* legend entries      */
	int nmark_kinds;                                                   /* count               */
	double mark[RP_MAX_SERIES][RP_MAX_GROUPS][RP_MAX_MARKS];           /* y of each     */
	signed char mark_kind[RP_MAX_SERIES][RP_MAX_GROUPS][RP_MAX_MARKS]; /* its kind */
	signed char nmark[RP_MAX_SERIES][RP_MAX_GROUPS];                   /* marks of a bar      */
} rp_bars;

/* How to draw a chart (both shapes). */
typedef struct rp_style {
	const char *name;            /* file stem                                       */
	const char *title;           /* chart title (also the page heading)             */
	const char *caption;         /* the page's explanation                          */
	const char *xlabel, *ylabel; /* axis labels                              */
	const char *footnote;        /* under the chart, only when a value is reduced    */
	const char *flag_note;       /* lines: under the chart when a point is flagged
	                                (rp_lines.flagged), NULL: none                  */
	double refline;              /* bars: dashed line at this y (NaN: none)         */
	const char *reflabel;        /* its legend entry                                */
	const char *yformat;         /* y tic format, NULL: "%g"                        */
	int logx;                    /* lines: log base of x (0: linear)                */
	int width;                   /* lines: SVG width in pixels (0: common.gp's 960) */
	void (*fmt)(char *buf, size_t len, double v); /* bar value labels, or NULL */
} rp_style;

/* Adds a value; series and group are found or appended by label. False when
 * a limit is reached (the value is dropped and the caller may say so). */
bool rp_bars_set(rp_bars *b, const char *series, const char *group, double v, double lo, double hi,
                 bool reduced);
/* Marks the bar of (series, group), which must have its value already, at y
 * with a line of kind `kind` (its legend entry: a floor's name). False when a
 * limit is reached. */
bool rp_bars_mark(rp_bars *b, const char *series, const char *group, const char *kind, double y);
/* Writes data + script and records the chart (rendered later with the
 * others); returns it, or NULL when empty or a file could not be written. */
rp_chart *rp_bars_emit(rp_ctx *c, const rp_bars *b, const rp_style *st);

/* Lines: points per series. */
typedef struct rp_lines {
	const char *series[RP_MAX_SERIES]; /* legend labels                        */
	const char *facet[RP_MAX_SERIES];  /* the panel a series belongs to
	                                      ("threads=2", a workload), or NULL:
	                                      set after rp_lines_series            */
	int nseries;                       /* count                                */
	int ref[RP_MAX_SERIES];            /* 0: a series of its own; else a
	                                      reference line (a floor) drawn in
	                                      every panel of its facet that holds
	                                      a runtime it bounds: 1 +
	                                      floor_rt_kind (floors.h)             */
	int max_lines;                     /* > 0: small multiples (plot_lines.c),
	                                      at most this many lines a panel,
	                                      references included                 */
	bool always_panels;                /* panels even when all lines would fit
	                                      one plot (one panel per workload)    */
	int cols;                          /* panels a row (0: chosen)             */
	int panel_height;                  /* pixels (0: 300)                      */
	int start[RP_MAX_SERIES + 1];      /* series s owns pts[start[s]..start[s+1]) */
	double x[RP_MAX_POINTS];           /* point i: its x                       */
	double v[RP_MAX_POINTS];           /* its value                            */
	double lo[RP_MAX_POINTS];          /* its CI low (NaN: none)               */
	double hi[RP_MAX_POINTS];          /* its CI high (NaN: none)              */
	bool reduced[RP_MAX_POINTS];       /* ringed: not comparable               */
	bool flagged[RP_MAX_POINTS];       /* crossed: the style's flag_note says
	                                      why (the load generator set the pace) */
	int npts;                          /* points in use                        */
} rp_lines;

/* Starts a new series (its points follow with rp_lines_point); its facet is
 * NULL and ref 0 until set. */
bool rp_lines_series(rp_lines *l, const char *label);
bool rp_lines_point(rp_lines *l, double x, double v, double lo, double hi, bool reduced);
/* Flags the point added last (a red cross over it; rp_style.flag_note says
 * what it means). */
void rp_lines_flag(rp_lines *l);
/* kind: "lines" (x, v, lo, hi, reduced; xtics at the x values) or "latency"
 * (x = 1/(1-p), v). Returns the chart recorded, or NULL (nothing to draw, or
 * a file could not be written). */
rp_chart *rp_lines_emit(rp_ctx *c, const rp_lines *l, const rp_style *st, const char *kind);

/* A chart file stem from printf arguments, every character outside
 * [A-Za-z0-9._-] turned into '_' (keys hold '/', '=' and host names '#'),
 * at most RP_STEM_MAX characters (a longer one ends in a hash of the whole). */
#define RP_STEM_MAX 100
void rp_stem(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Opens charts/<name>.dat; on failure says why on c->log and returns NULL. */
FILE *rp_open_data(rp_ctx *c, const char *name);

/* The footnote of bar charts with hatched (size-reduced) bars. */
extern const char rp_reduced_note[];

/* The style of an ns/op bar chart (charts 1 and 7). */
rp_style rp_nsop_style(const char *name, const char *title, const char *caption,
                       const char *xlabel);

/* The style of a throughput line chart over a log2 x (charts 2 and 2b). */
rp_style rp_throughput_style(const char *name, const char *title, const char *caption,
                             const char *xlabel, const char *ylabel);

/* Appends `name = "value"` (gnuplot-quoted) to a preamble stream. */
void rp_var_str(FILE *f, const char *name, const char *value);

/* Shared by plot.c and plot_lines.c: a data file's comment line "# what:
 * text" (safe_text); the variables every template reads; whether values in
 * [lo, hi] span enough decades for a log axis (and are all > 0). */
void rp_data_comment(FILE *d, const char *what, const char *text);
void rp_common_vars(FILE *f, const rp_style *st, bool any_reduced);
bool rp_want_log(double lo, double hi);

#endif
