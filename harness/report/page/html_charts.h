/*
 * html_charts.h — the "Charts" section of report.html: the charts that carry
 * the story open (rp_chart.story: cost per op, scaling, channel scaling, the
 * open-loop latency, the core-to-core floor), two half-width ones side by
 * side, each with its caption and links to its PNG, data and script; every
 * other chart and what was not drawn, and why, folded under "More charts".
 * Charts are inlined as base64 SVG (<img>, so their ids cannot clash), or PNG
 * when only that exists, with their width and height so the page's layout
 * does not move as they load.
 *
 * What it promises: every chart made appears once, with its anchor (its file
 * stem); one that could not be rendered says why; every text from the
 * results goes through html_text.
 */
#ifndef COROBENCH_REPORT_HTML_CHARTS_H
#define COROBENCH_REPORT_HTML_CHARTS_H

#include <stdio.h>

#include "../charts/chart_ctx.h"

void rp_charts_html(FILE *out, const rp_ctx *c);

#endif
