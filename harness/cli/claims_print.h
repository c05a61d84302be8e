/*
 * claims_print.h — `corobench claims` output: the claims table of
 * findings/claims.h (C1-C12, N1-N2, F1, one verdict column per host) on a terminal, or
 * as JSON for a CI job that watches a claim. The rows are the report page's
 * (page/html_claims.c renders the same ones); this file only prints them.
 *
 * The text form: the table, then per claim its rule and, per host, the
 * verdict with where, the coverage and the evidence (`+` holds, `-` does not
 * hold, `?` cannot tell, `i` shown only), each with the id of the chart of
 * report.html that shows it. The JSON form (schema in docs/CLAIMS.md):
 *   {"schema": 1, "rules": "docs/CLAIMS.md", "hosts": [{"label", "dir"}],
 *    "claims": [{"id", "title", "claim", "rule",
 *                "hosts": [{"host", "verdict", "verdict_text", "measured",
 *                           "not_measured", "counts": {...}, "evidence": [...],
 *                           "evidence_not_listed", "runtimes" (F1: a verdict
 *                           per runtime)}]}]}
 * What it promises: every string from the results passes safe_text.h's rule
 * before it is printed (in JSON too, then escaped as JSON); numbers that do
 * not exist are null.
 */
#ifndef COROBENCH_CLAIMS_PRINT_H
#define COROBENCH_CLAIMS_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "../report/findings/findings.h"

/* The table and, unless brief, every claim's detail. */
void claims_print_text(FILE *out, const report_model *m, const rp_findings *f, bool brief);

/* The JSON document. */
void claims_print_json(FILE *out, const report_model *m, const rp_findings *f);

/* The row of claim i (0-based) on host h, or NULL. */
const rp_claim *claims_row(const rp_findings *f, int i, int h);

#endif
