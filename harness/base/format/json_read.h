/*
 * json_read.h — reading env.json (and any other small JSON file) as a flat list
 * of (path, value) pairs: {"cpu": {"model": "EPYC"}, "pus": [0, 1]} becomes
 * cpu.model = EPYC, pus[0] = 0, pus[1] = 1.
 *
 * Why flat: the report shows the machine as a two-column table and looks up a few
 * known paths (host, cpu_model, kernel); a tree API would be more code for no use.
 *
 * What it promises: jsonr_parse is a pure function of its bytes (RFC 8259; strings
 * decoded, \uXXXX escapes including surrogate pairs to UTF-8); it never crashes on
 * any input (fuzzed), nests at most JSONR_MAX_DEPTH deep, and on malformed input
 * fails with "line N: what". A UTF-8 byte order mark first is skipped; CR is
 * whitespace (CRLF files read as LF ones). Scalars keep their JSON text (numbers as written,
 * true/false/null as words); empty objects and arrays yield no pair.
 */
#ifndef COROBENCH_JSON_READ_H
#define COROBENCH_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

#define JSONR_MAX_DEPTH 32          /* env.json nests 2-3 levels             */
#define JSONR_MAX_BYTES (16u << 20) /* 16 MiB: env.json is a few KiB       */

/* One scalar of the document. */
typedef struct jsonr_pair {
	char *path;     /* "a.b[2].c"                               */
	char *value;    /* decoded string, or number/true/false/null text */
	bool is_string; /* the value was a JSON string           */
} jsonr_pair;

/* A parsed document. */
typedef struct jsonr_doc {
	jsonr_pair *pairs; /* in document order          */
	int npairs;        /* count                      */
	int cap;           /* allocated                  */
} jsonr_doc;

bool jsonr_parse(const char *buf, size_t len, jsonr_doc *d, char *err, size_t errlen);
/* Reads and parses a file; errors start with the path. */
bool jsonr_load(const char *path, jsonr_doc *d, char *err, size_t errlen);
void jsonr_free(jsonr_doc *d);
/* The value at path, or NULL. */
const char *jsonr_get(const jsonr_doc *d, const char *path);

#endif
