/*
 * http_parse.h — the http workload's request parser: just enough HTTP/1.1 for a
 * keep-alive server that answers every request with the same 13-byte body, and
 * strict enough that a malformed request is answered 400 and the connection
 * closed, never a crash or a hang. Written once; the Go peer's conn server
 * (runtimes/go/wl_http.go) follows the same rules, and tests/fuzz/fuzz_http.c
 * fuzzes this one.
 *
 * Accepted (docs/WORKLOADS.md, http):
 *   request-line  = method SP target SP ("HTTP/1.1" | "HTTP/1.0") CRLF
 *   method        = 1*token-char;  target = 1*(VCHAR except SP)
 *   header        = name ":" *(SP|HTAB) value CRLF; name = 1*token-char,
 *                   value = *(VCHAR|SP|HTAB|obs-text)
 *   end           = CRLF after the last header
 * The whole head fits in HTTP_MAX_HEAD bytes. A Content-Length body (decimal,
 * at most HTTP_MAX_HEAD bytes) is read and ignored; Transfer-Encoding is refused
 * (400). "Connection: close", or HTTP/1.0 without "Connection: keep-alive",
 * closes the connection after the answer.
 */
#ifndef COROBENCH_HTTP_PARSE_H
#define COROBENCH_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_HEAD 4096 /* a request head larger than this is refused */

typedef struct http_req {
	size_t len;      /* bytes of the whole request (head + body) */
	bool keep_alive; /* answer, then keep reading the connection */
} http_req;

enum {
	HTTP_MORE = 0, /* incomplete: read more (buffer below HTTP_MAX_HEAD) */
	HTTP_OK = 1,   /* a whole valid request of r->len bytes           */
	HTTP_BAD = -1, /* malformed, or too large: answer 400 and close   */
};

/* Parses the request at the start of buf[0, len). */
int http_parse(const char *buf, size_t len, http_req *r);

/* What the server writes. */
extern const char http_ok[]; /* 200, Content-Length: 13, "Hello, World!" */
extern const size_t http_ok_len;
extern const char http_bad[]; /* 400, Content-Length: 0, Connection: close */
extern const size_t http_bad_len;

#endif
