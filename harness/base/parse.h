/*
 * parse.h — parsing of command-line values: integers and sizes, comma lists.
 *
 * What it promises: every function either succeeds or fills `err` with one line
 * that names the bad value and why (the caller prints it and exits 2). Nothing
 * here prints, allocates on failure, or crashes on hostile input (any byte string).
 */
#ifndef COROBENCH_PARSE_H
#define COROBENCH_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PARSE_ERR_LEN 256 /* enough for a message quoting a 120-char value */

/* An integer in [min, max]: decimal digits with an optional suffix k/K (10^3),
 * m/M (10^6), g/G (10^9), or an exact scientific form like 1e6 or 2.5e3.
 * `what` names the value in the message ("-n", "--reps", "threads"). */
bool parse_int(const char *s, int64_t min, int64_t max, const char *what, int64_t *out, char *err,
               size_t errlen);

/* A comma-separated list of non-empty, distinct items. On success *items is a
 * malloc'd array of malloc'd strings (free with parse_list_free). */
bool parse_list(const char *s, const char *what, char ***items, int *count, char *err,
                size_t errlen);
void parse_list_free(char **items, int count);

/* A comma list of integers, each in [min, max]; distinct; malloc'd array. */
bool parse_int_list(const char *s, int64_t min, int64_t max, const char *what, int64_t **vals,
                    int *count, char *err, size_t errlen);

/* Copies s into err-safe quoted form: at most 60 chars, non-printables as '?'. */
void parse_quote(const char *s, char *out, size_t outlen);

#endif
