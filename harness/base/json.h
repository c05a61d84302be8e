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
void json_kv_num(FILE *f, int *count, const char *key, double value);
void json_kv_raw(FILE *f, int *count, const char *key, const char *raw);

#endif
