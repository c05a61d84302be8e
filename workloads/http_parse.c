/* http_parse.c — see http_parse.h. */
#include "http_parse.h"

#include <string.h>
#include <strings.h>

const char http_ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: text/plain\r\n\r\n"
                       "Hello, World!";
const size_t http_ok_len = sizeof http_ok - 1;
const char http_bad[] =
    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
const size_t http_bad_len = sizeof http_bad - 1;

/* RFC 9110 tchar */
static bool tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool vchar(unsigned char c)
{
	return c > 0x20 && c != 0x7f;
}

/* The CRLF-terminated line starting at p (before end): its length without CRLF,
 * -1 incomplete, -2 a bare CR or LF inside. */
static long line_len(const char *p, const char *end)
{
	for (const char *q = p; q < end; q++) {
		if (*q == '\r') {
			if (q + 1 == end)
				return -1;
			return q[1] == '\n' ? (long)(q - p) : -2;
		}
		if (*q == '\n')
			return -2;
	}
	return -1;
}

static bool equal(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

int http_parse(const char *buf, size_t len, http_req *r)
{
	const char *p = buf, *end = buf + (len < HTTP_MAX_HEAD ? len : HTTP_MAX_HEAD);
	bool full = len >= HTTP_MAX_HEAD; /* no more may come for the head */
	long n = line_len(p, end);
	if (n == -1)
		return full ? HTTP_BAD : HTTP_MORE;
	if (n < 0)
		return HTTP_BAD;
	/* request line */
	const char *l = p, *le = p + n, *q = l;
	while (q < le && tchar((unsigned char)*q))
		q++;
	if (q == l || q == le || *q != ' ')
		return HTTP_BAD;
	const char *t = ++q;
	while (q < le && vchar((unsigned char)*q))
		q++;
	if (q == t || q == le || *q != ' ')
		return HTTP_BAD;
	q++;
	bool v11;
	if (le - q == 8 && memcmp(q, "HTTP/1.1", 8) == 0)
		v11 = true;
	else if (le - q == 8 && memcmp(q, "HTTP/1.0", 8) == 0)
		v11 = false;
	else
		return HTTP_BAD;
	p = le + 2;
	/* headers */
	long clen = 0;
	bool have_clen = false, close = false, keep = false;
	for (;;) {
		n = line_len(p, end);
		if (n == -1)
			return full ? HTTP_BAD : HTTP_MORE;
		if (n < 0)
			return HTTP_BAD;
		if (n == 0) {
			p += 2;
			break;
		}
		const char *h = p, *he = p + n, *c = h;
		while (c < he && tchar((unsigned char)*c))
			c++;
		if (c == h || c == he || *c != ':')
			return HTTP_BAD;
		const char *v = c + 1;
		while (v < he && (*v == ' ' || *v == '\t'))
			v++;
		const char *ve = he;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		for (const char *x = v; x < ve; x++)
			if (!vchar((unsigned char)*x) && *x != ' ' && *x != '\t' &&
			    !((unsigned char)*x >= 0x80))
				return HTTP_BAD;
		size_t nlen = (size_t)(c - h), vlen = (size_t)(ve - v);
		if (equal(h, nlen, "transfer-encoding"))
			return HTTP_BAD;
		if (equal(h, nlen, "content-length")) {
			if (have_clen || vlen == 0 || vlen > 5)
				return HTTP_BAD;
			clen = 0;
			for (size_t i = 0; i < vlen; i++) {
				if (v[i] < '0' || v[i] > '9')
					return HTTP_BAD;
				clen = clen * 10 + (v[i] - '0');
			}
			if (clen > HTTP_MAX_HEAD)
				return HTTP_BAD;
			have_clen = true;
		}
		if (equal(h, nlen, "connection")) {
			close |= equal(v, vlen, "close");
			keep |= equal(v, vlen, "keep-alive");
		}
		p = he + 2;
	}
	size_t head = (size_t)(p - buf);
	if (len < head + (size_t)clen)
		return HTTP_MORE; /* the body is still coming (at most HTTP_MAX_HEAD) */
	r->len = head + (size_t)clen;
	r->keep_alive = !close && (v11 || keep);
	return HTTP_OK;
}
