/*
 * protocol.h — the child protocol: line records from a child (a forked C runtime
 * or the exec'd Go peer) to the parent. Format: docs/RESULTS.md.
 *
 * One record per line: `kind=<k> key=value ...`, values percent-encoded (space,
 * '%', '=', newline, and any byte outside printable ASCII). The parser accepts any
 * byte string without crashing and rejects malformed lines with a reason naming
 * the problem; it keeps at most PROTO_MAX_FIELDS fields.
 */
#ifndef COROBENCH_PROTOCOL_H
#define COROBENCH_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTO_MAX_FIELDS 64   /* a rep record with ~16 counters and metrics uses ~40 */
#define PROTO_MAX_LINE   8192 /* longest accepted line, newline excluded            */

/* A parsed record. keys[0] is "kind". Strings point into buf (one allocation). */
typedef struct proto_record {
	int n;                        /* fields in use                   */
	char *keys[PROTO_MAX_FIELDS]; /* decoded keys                    */
	char *vals[PROTO_MAX_FIELDS]; /* decoded values                  */
	char *buf;                    /* owns the strings; free with proto_free */
} proto_record;

/* Parses one line (without or with its trailing newline). Returns false with a
 * reason in err when the line is malformed (no kind first, a field without '=',
 * an empty key, a bad percent escape, a duplicate key, too many fields, too long). */
bool proto_parse(const char *line, size_t len, proto_record *r, char *err, size_t errlen);
void proto_free(proto_record *r);
const char *proto_get(const proto_record *r, const char *key); /* NULL if absent */
/* Unsigned decimal field; false if absent or not a number. */
bool proto_get_u64(const proto_record *r, const char *key, uint64_t *out);

/* Building a record. */
typedef struct proto_writer {
	char buf[PROTO_MAX_LINE + 2]; /* the line being built     */
	size_t len;                   /* bytes used                */
	bool overflow;                /* a field did not fit       */
} proto_writer;

void proto_begin(proto_writer *w, const char *kind);
void proto_add(proto_writer *w, const char *key, const char *value);
void proto_addf(proto_writer *w, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Writes the line (with '\n') to fd in one write(); returns 0 or -errno. */
int proto_emit(proto_writer *w, int fd);

#endif
