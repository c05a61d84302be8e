/*
 * html.h — report.html: one self-contained page (no external file,
 * script or font: it can be mailed or attached as is). Charts are inlined as
 * base64 SVG (<img>, so their ids cannot clash), or PNG when only that exists.
 *
 * Sections, in order: findings and claims checked (findings/findings.h); the
 * charts with their captions and links to the PNG, data and script, and what
 * was omitted and why (charts/chart_ctx.h); per host the results tables
 * (html_results.h) and the machine (html_machine.h); the method.
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
