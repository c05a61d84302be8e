/*
 * html.h — report.html: one self-contained page (no external file,
 * script or font: it can be mailed or attached as is), that answers its
 * question on the first screen (issue 16).
 *
 * Sections, in order, each heading with an anchor and the whole listed in a
 * table of contents at the top:
 *   1. Summary (html_summary.h): what one op costs per workload, runtime and
 *      worker count, like for like, with its ratios to pthread and Go; then
 *      each runtime's distance from its floor (html_floors.h, when the run
 *      has floor rows); then the other figures, each with its unit;
 *   2. Claims checked (html_claims.h: html_claims);
 *   3. Charts (html_charts.h): the few that carry the story; the rest folded;
 *   4. Findings (html_findings.h): grouped, folded per workload;
 *   5. Details, folded (<details>, no script): every configuration, skipped
 *      and failed (html_results.h), the machine (html_machine.h), the method.
 * Later figures, workloads and claims add rows to the tables of 1 and 2 or
 * go into folded sections; the open page stays about ten screens (the
 * browser test, tests/e2e_browser.sh, holds make bench's page to it).
 * What it promises: every text from the data is HTML-escaped; the page is
 * written through a temporary file and a rename (atomic_file.h).
 */
#ifndef COROBENCH_REPORT_HTML_H
#define COROBENCH_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "../charts/chart_ctx.h"
#include "../findings/findings.h"

/* Writes the page to path (err filled and false when it cannot). */
bool report_html_write(const rp_ctx *c, const rp_findings *f, const char *path, char *err,
                       size_t errlen);

#endif
