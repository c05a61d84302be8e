/*
 * csv.h — RFC 4180 CSV output: a field is quoted when it contains a comma, a
 * quote, CR or LF (quotes doubled), or leading/trailing space; otherwise written as is.
 */
#ifndef COROBENCH_CSV_H
#define COROBENCH_CSV_H

#include <stdbool.h>
#include <stdio.h>

/* Writes one field, preceded by a comma unless `first`. */
void csv_field(FILE *f, const char *s, bool first);
void csv_fieldf(FILE *f, bool first, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Writes a double with enough digits to round-trip (%.17g shortened), or empty for NaN. */
void csv_double(FILE *f, double v);

#endif
