/*
 * html_claims.h — the "Claims checked" section of report.html: the claims
 * table of findings/claims.h (C1-C12, N1-N2, F1, one verdict column per host;
 * F1's cell also each runtime's verdict), then per claim its rule, and per
 * host the verdict with where (and per runtime, F1), the coverage and the
 * evidence, each item linked to the chart that shows it.
 *
 * What it promises: it renders the rows as they are (the same rows
 * `corobench claims` prints), computes nothing, escapes every text through
 * html_text.h; anchors are `claims` (the section) and `claim-c1` ... `claim-c12`,
 * `claim-n1`, `claim-n2`, `claim-f1` (the id in lower case).
 */
#ifndef COROBENCH_REPORT_HTML_CLAIMS_H
#define COROBENCH_REPORT_HTML_CLAIMS_H

#include <stdio.h>

#include "../findings/findings.h"

/* Writes the section (from its <h2 id="claims"> on). */
void html_claims(FILE *out, const rp_findings *f);

#endif
