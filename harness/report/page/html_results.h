/*
 * html_results.h — the "Results" section of report.html: per host, every
 * configuration's statistics (n, median, 95% CI, relative error, flags:
 * unstable, reduced size, warm-up, outliers), the skipped and failed
 * configurations, the directory's notes, then each part of make bench
 * (placement/, mpmc-sweep/PxP/, ...) folded away, or why it was left out.
 *
 * What it promises: one row per configuration of the model, in its order;
 * every text from the data goes through html_text.
 */
#ifndef COROBENCH_REPORT_HTML_RESULTS_H
#define COROBENCH_REPORT_HTML_RESULTS_H

#include <stdio.h>

#include "../model/report_model.h"

void rp_results_html(FILE *out, const report_model *m);

#endif
