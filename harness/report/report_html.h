/*
 * report_html.h — report.html: one self-contained page (no external file,
 * script or font: it can be mailed or attached as is). Charts are inlined as
 * base64 SVG (<img>, so their ids cannot clash), or PNG when only that exists.
 *
 * Sections: findings and claims checked (report_findings.h); the charts with
 * their captions and links to the PNG, data and script; what was omitted and
 * why; per host the results table (every configuration: n, median, 95% CI,
 * flags: unstable, warm-up, reduced size, outliers), skipped and failed
 * configurations, the machine (env.json, topology.xml through hwloc); the method.
 * What it promises: every text from the data is HTML-escaped; the page is
 * written through a temporary file and a rename (atomic_file.h).
 */
#ifndef COROBENCH_REPORT_HTML_H
#define COROBENCH_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "charts/chart_ctx.h"
#include "report_findings.h"

bool report_html_write(const rp_ctx *c, const rp_findings *f, const char *path, char *err,
                       size_t errlen);

/* Escapes s for HTML text and attribute values. */
void html_text(FILE *out, const char *s);

/* The machine section of one host: env.json as a table, topology.xml counted
 * through hwloc (report_machine.c). */
void rp_machine_html(FILE *out, const rr_dir *d);

#endif
