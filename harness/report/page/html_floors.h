/*
 * html_floors.h — the summary's third table: each runtime's distance from its
 * floor (issue 21), under the ns/op table and with its columns (a runtime at
 * a worker count, like for like), a row per hand-off workload that a floor of
 * this run bounds (harness/results/floors.h: pingpong, ring, sieve, yield).
 *
 * A cell: the configuration's median over per op x the floor that bounds it
 * (model_floors.c's headline: the highest floor it stays at or above), the
 * floor named ("2 x floor-switch"), and under it its other bounds, in grey,
 * or in red where it lies below one (that bound's condition did not hold);
 * hover for the arithmetic and why the workload pays at least that. Above the
 * table one line per host gives each floor row's value and which number it is
 * (the least disturbed repetition, or the median of its samples), flagging a
 * row that was unstable. It is a table of its own, not a row of the other
 * figures: each cell is against another floor.
 *
 * What it promises: nothing when the run has no floor rows, or no
 * configuration a floor bounds; every text from the results goes through
 * html_text.
 */
#ifndef COROBENCH_REPORT_HTML_FLOORS_H
#define COROBENCH_REPORT_HTML_FLOORS_H

#include <stdio.h>

#include "../findings/findings.h"

void rp_floors_html(FILE *out, const report_model *m, const rp_summary *s);

#endif
