/*
 * json.h — the few JSON output helpers env.json needs: string escaping (RFC 8259:
 * quote, backslash and control characters escaped; other bytes passed through).
 */
#ifndef COROBENCH_JSON_H
#define COROBENCH_JSON_H

#include <stdio.h>

void json_string(FILE *f, const char *s);
/* "key": "value" with a leading comma+newline unless first. */
void json_kv_str(FILE *f, int *count, const char *key, const char *value);
void json_kv_num(FILE *f, int *count, const char *key, double value); /* %.6g */
/* Integers, written exactly (a seed or a count is never rounded to 6 digits). */
void json_kv_int(FILE *f, int *count, const char *key, long long value);
void json_kv_uint(FILE *f, int *count, const char *key, unsigned long long value);
void json_kv_raw(FILE *f, int *count, const char *key, const char *raw);

#endif
