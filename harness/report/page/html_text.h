/*
 * html_text.h — text from the data, made safe for report.html.
 *
 * What it promises: control characters, ANSI escapes and bytes that are not
 * UTF-8 are written as visible escapes first (safe_text.h's rule, the same as
 * on the terminal), then every character that could open markup or close an
 * attribute (< > & " ') is written as an entity; everything else (UTF-8
 * included) is written as is. Every page section writes text from the data
 * through it.
 */
#ifndef COROBENCH_REPORT_HTML_TEXT_H
#define COROBENCH_REPORT_HTML_TEXT_H

#include <stdio.h>

/* Escapes s for HTML text and attribute values. */
void html_text(FILE *out, const char *s);

#endif
