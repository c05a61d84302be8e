/*
 * html_summary.h — the page's first section: the summary tables
 * (findings/summary.h) as HTML. Per host, the ns/op table: a row per workload
 * named by its op ("one round trip", with the workload and parameters under
 * it), a column per runtime and worker count, a cell with the median and its
 * interval and the time as a multiple of pthread's and of Go's ("0.0096x pt",
 * only where the test supports it; "~" not significantly different, "?" too
 * few repetitions to tell), the flags that limit it (unstable, failed rounds,
 * reduced size, no 95% CI: a range), or "not measured" with skipped.csv's
 * reason, or "failed" with failures.csv's reason when every round failed;
 * beside each row the fastest channel variant; under the operations the
 * fairness figures (fairshare's Jain index, wakeup's p99 lateness: summary.h,
 * rp_fair_row); a last row with each column's geometric mean (not over
 * wakeup or preempt=off: rp_geo_out). Then each runtime's distance from its floor
 * (html_floors.h), when the run has floor rows; then the table of other
 * figures, each row labelled with its unit.
 *
 * Designed to grow: a new workload is a row, a new runtime or worker count a
 * column (the table scrolls sideways inside the page rather than widening
 * it), a new figure (memory per connection) a row of the other figures
 * (model/model_metrics.c), never a new section. The distance
 * from the floor is a table of its own because each cell is against another
 * floor, named in the cell.
 *
 * What it promises: the section's heading is #summary; every text from the
 * results goes through html_text.
 */
#ifndef COROBENCH_REPORT_HTML_SUMMARY_H
#define COROBENCH_REPORT_HTML_SUMMARY_H

#include <stdio.h>

#include "../findings/findings.h"

/* The section's heading and the ns/op table (per host). */
void rp_summary_html(FILE *out, const report_model *m, const rp_findings *f);

/* The other figures, folded (html.c writes them after the distance from the
 * floor, html_floors.h). */
void rp_summary_other_html(FILE *out, const report_model *m, const rp_findings *f);

/* For the summary's tables (html_floors.c too): the header rows, worker
 * counts over runtimes, with a first column headed `first` and, unless NULL,
 * a last one headed `last`; a row's label, "one <op>" over the case (and its
 * channel when not the reference one). */
void rp_sum_head_html(FILE *out, const rp_summary *s, const char *first, const char *last);
void rp_sum_label_html(FILE *out, const char *wcase, const char *chan);

#endif
