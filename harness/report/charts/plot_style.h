/*
 * plot_style.h — how the series of a chart are told apart (plot.h's shapes
 * use it): one hue per runtime, one shade of it per channel variant; lines
 * also take a dash per series of the same runtime in one panel
 * (plot_lines.c), so variants differ twice and the twins of one variant
 * (threads, open and closed loop, hosts) differ by dash.
 *
 * Decisions
 *   - Hues: Okabe & Ito's colour-blind-safe palette (2008); gmp blue, pthread
 *     vermillion, go green on every chart; another runtime takes the next hue.
 *   - Shades: a fixed one per channel variant (the runtime alone, i.e. a
 *     workload without channels or Go's own channels, is the pure hue; then
 *     go, mutex, lockfree, faa, spsc, barrier), so gmp/mutex has the same fill
 *     on every chart. The shades alternate darker and lighter, so the bars of
 *     neighbouring variants differ most. When two series of one runtime would
 *     still share a shade (several hosts, an unknown variant), that runtime's
 *     series take the shades in order instead.
 *   - The floors (a label "floor-..."; reference lines, plot_lines.c) are one
 *     group of greys and dashes, apart from every runtime's hue.
 *   - Fills are opaque colours computed here (no fill density), so a fill
 *     names its series exactly: test_charts counts the distinct fills of a bar
 *     chart against its legend.
 * What it promises: series of one runtime are drawn next to each other, the
 * runtime alone first, then variants in the order above; within a runtime no
 * two series share a fill while there are PS_SHADES or fewer of them.
 */
#ifndef COROBENCH_REPORT_PLOT_STYLE_H
#define COROBENCH_REPORT_PLOT_STYLE_H

#include <stdbool.h>
#include <stdio.h>

#define RP_MAX_SERIES 32 /* series of one chart: a legend with more is unreadable anyway */

#define PS_SHADES 8 /* distinct shades of one hue */

/* The style of one series. */
typedef struct ps_style {
	int order;     /* index of the series label (the k-th drawn)    */
	char color[8]; /* "#rrggbb"                                      */
	int dash;      /* gnuplot dash type, 1 = solid                   */
} ps_style;

/* Styles the np series labels[present[0..np)]; out[k] is the k-th drawn.
 * multihost: the labels start with "host: ". */
void ps_assign(const char *const *labels, const int *present, int np, bool multihost,
               ps_style *out);

/* The colour ("#rrggbb") and dash of a floor by its name, which may follow a
 * factor ("0.5 x floor-futex-handoff"): the same on every chart (the marks
 * on bars, the lines under a latency spectrum). False: not a floor. */
bool ps_floor_style(const char *name, char color[8], int *dash);

/* Writes nseries, titles[], colors[] and dashes[] for a script's preamble. */
void ps_arrays(FILE *f, const char *const *labels, const ps_style *st, int n);

#endif
