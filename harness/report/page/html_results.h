/*
 * html_results.h — two folded sections of report.html's details: "Every
 * configuration": per host, every configuration's statistics (n, median, 95%
 * CI, relative error, flags: unstable, reduced size, warm-up, outliers), the
 * directory's notes, then each part of make bench (placement/,
 * mpmc-sweep/PxP/, ...) folded away with its own skips and failures, or why
 * it was left out; and "Skipped and failed": the main run's skipped.csv and
 * failures.csv. The caller writes the sections' headings.
 *
 * What it promises: one row per configuration of the model, in its order;
 * every heading has an anchor; every text from the data goes through
 * html_text.
 */
#ifndef COROBENCH_REPORT_HTML_RESULTS_H
#define COROBENCH_REPORT_HTML_RESULTS_H

#include <stdio.h>

#include "../model/report_model.h"

/* Every configuration's table, per host, then each part of make bench. */
void rp_results_html(FILE *out, const report_model *m);
/* The skipped and failed configurations of each host's main run. */
void rp_skipped_html(FILE *out, const report_model *m);

#endif
