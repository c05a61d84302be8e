/*
 * csv_read.h — reading the CSV files of a results directory (runs.csv,
 * summary.csv, skipped.csv, failures.csv, the c2c matrix).
 *
 * What it promises
 *   - csvr_parse is a pure function of its input bytes: RFC 4180 (fields quoted
 *     with '"', quotes doubled inside, CRLF or LF line ends), a header row, then
 *     data rows. It never crashes or reads out of bounds on any byte string (it is
 *     fuzzed); a UTF-8 byte order mark at the start is skipped; it either fills a table or fills
 * `err` with one line naming the line number and what is wrong.
 *   - Strict where hand edits and truncation show: every row has exactly as many
 *     fields as the header; the last line ends in a newline (corobench writes every
 *     line with one, so a missing newline means a truncated file); no NUL bytes; no
 *     text after a closing quote; no duplicate or empty header names.
 *     Lenient where it is harmless: blank lines are skipped.
 *   - Limits: CSVR_MAX_COLS columns, CSVR_MAX_BYTES bytes (larger is an error, not
 *     a crash or an hour of parsing).
 */
#ifndef COROBENCH_CSV_READ_H
#define COROBENCH_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>

#define CSVR_MAX_COLS  1024        /* runs.csv has ~20 columns + a few per counter */
#define CSVR_MAX_BYTES (1ul << 30) /* 1 GiB: ~10 million runs.csv rows             */

/* A parsed CSV file. All strings live in one arena (freed by csvr_free). */
typedef struct csvr_table {
	int ncols;     /* fields per row (the header's)                         */
	char **header; /* ncols column names                                    */
	int nrows;     /* data rows (header and blank lines excluded)           */
	char **cells;  /* nrows * ncols fields, row-major: cell(r, c)           */
	int *line;     /* nrows: 1-based line number where each row starts      */
	char *arena;   /* owns every string above                               */
} csvr_table;

/* Parses len bytes of buf (need not be NUL-terminated). On failure returns
 * false, leaves *t empty and writes "line N: what" into err. */
bool csvr_parse(const char *buf, size_t len, csvr_table *t, char *err, size_t errlen);

/* Reads and parses the file at path; err starts with the path ("runs.csv: line 3:
 * ..."). A missing file is an error naming it. */
bool csvr_load(const char *path, csvr_table *t, char *err, size_t errlen);

void csvr_free(csvr_table *t);

/* Index of the column called name, or -1. */
int csvr_col(const csvr_table *t, const char *name);

/* Parses a number field strictly: the whole string (surrounding spaces allowed),
 * finite. An empty field is not a number (callers decide what empty means). */
bool csvr_double(const char *s, double *out);

/* The field at row r, column c (c may be -1: returns ""). */
const char *csvr_cell(const csvr_table *t, int r, int c);

#endif
