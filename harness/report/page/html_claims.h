/*
 * html_claims.h — the "Claims checked" section of report.html: the claims
 * usually made about goroutines, channels and threads, each with what this run
 * measured and its verdict with its coverage, coloured by kind (findings.h:
 * rp_claim, made by findings/claims.c). One call places the whole section on
 * the page, so the claims can gain rows or columns without the page's
 * layout changing.
 *
 * What it promises: the heading has the anchor #claims; every text from the
 * results goes through html_text.
 */
#ifndef COROBENCH_REPORT_HTML_CLAIMS_H
#define COROBENCH_REPORT_HTML_CLAIMS_H

#include <stdio.h>

#include "../findings/findings.h"

void html_claims(FILE *out, const rp_findings *f);

#endif
