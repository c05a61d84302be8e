/*
 * safe_text.h — text read from a results directory (runs.csv, env.json,
 * failures.csv, file names), made harmless before it leaves corobench: for a
 * terminal (`compare`, `report`'s stdout and stderr), for report.html
 * (page/html_text.c) and for gnuplot (charts/gnuplot.c).
 *
 * The one rule: every character that is printable ASCII or a printable,
 * well-formed UTF-8 sequence passes unchanged; everything else is written as a
 * visible escape, so a reader sees that it was there:
 *   - C0 controls and DEL: \n, \r, \t, \e (ESC, which starts every ANSI
 *     escape), else \xNN;
 *   - a byte that does not begin or continue a well-formed UTF-8 sequence
 *     (stray continuation bytes, overlong forms, surrogates, above U+10FFFF):
 *     \xNN, byte by byte;
 *   - C1 controls (U+0080..U+009F: CSI U+009B is an escape on some terminals)
 *     and the bidirectional overrides and isolates (U+202A..U+202E,
 *     U+2066..U+2069: text that reads differently from what it is): \u{XXXX}.
 * The backslash itself passes unchanged (it is printable); the escapes above
 * only say that something unprintable was there, they are not meant to be
 * decoded.
 *
 * What it promises: the output holds no byte below 0x20, no 0x7F, and only
 * well-formed UTF-8 without C1 controls or bidi controls; a result that does
 * not fit is cut at a character boundary, never in the middle of an escape or a
 * UTF-8 sequence. Includes nothing of the report: every part of it may use it.
 */
#ifndef COROBENCH_REPORT_SAFE_TEXT_H
#define COROBENCH_REPORT_SAFE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* s with the rule above applied, into out (always terminated when len > 0).
 * Returns true when all of s fitted. */
bool safe_text(char *out, size_t len, const char *s);

/* Writes s to f with the rule above. */
void safe_fputs(FILE *f, const char *s);

/* Writes "<prefix><s escaped>\n" to f: one line of a command's output whose
 * text (an error, a finding) may hold values read from the results. */
void safe_line(FILE *f, const char *prefix, const char *s);

/* Whether s passes the rule unchanged (nothing would be escaped). */
bool safe_text_clean(const char *s);

#endif
