/*
 * html_findings.h — the "Findings" section of report.html, grouped
 * (findings.h: rp_section): over every workload; per workload (runtime
 * against runtime at each worker count, scaling), folded per workload with
 * its first sentence on the fold's line; channel variant against variant,
 * folded the same way; latency, placement, channel scaling, counters and
 * hosts, folded per topic; how far to trust the numbers. The folds keep the
 * section a screen or so tall however many workloads a run has.
 *
 * What it promises: every finding appears once; every heading has an anchor;
 * every text from the results goes through html_text.
 */
#ifndef COROBENCH_REPORT_HTML_FINDINGS_H
#define COROBENCH_REPORT_HTML_FINDINGS_H

#include <stdio.h>

#include "../findings/findings.h"

void rp_findings_html(FILE *out, const rp_findings *f);

#endif
