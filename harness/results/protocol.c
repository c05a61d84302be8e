/* protocol.c — see protocol.h. */
#include "protocol.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes src[0..len) in place into dst; returns false on a bad escape. */
static bool decode(char *dst, const char *src, size_t len)
{
	size_t j = 0;
	for (size_t i = 0; i < len; i++) {
		if (src[i] != '%') {
			dst[j++] = src[i];
			continue;
		}
		if (i + 2 >= len) /* a '%' needs two hex digits after it */
			return false;
		int hi = hexval(src[i + 1]), lo = hexval(src[i + 2]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) /* %00 would cut the string */
			return false;
		dst[j++] = (char)(hi * 16 + lo);
		i += 2;
	}
	dst[j] = '\0';
	return true;
}

void proto_free(proto_record *r)
{
	free(r->buf);
	r->buf = NULL;
	r->n = 0;
}

static bool bad(proto_record *r, char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "malformed child record: %s", why);
	proto_free(r);
	return false;
}

bool proto_parse(const char *line, size_t len, proto_record *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > PROTO_MAX_LINE)
		return bad(r, err, errlen, "line too long");
	if (memchr(line, '\0', len))
		return bad(r, err, errlen, "NUL byte in line");
	r->buf = malloc(len + 1);
	if (!r->buf)
		return bad(r, err, errlen, "out of memory");
	size_t out = 0, i = 0;
	while (i < len) {
		if (line[i] == ' ') {
			i++;
			continue;
		}
		size_t start = i;
		while (i < len && line[i] != ' ')
			i++;
		const char *field = line + start;
		size_t flen = i - start;
		const char *eq = memchr(field, '=', flen);
		if (!eq)
			return bad(r, err, errlen, "field without '='");
		size_t klen = (size_t)(eq - field), vlen = flen - klen - 1;
		if (klen == 0)
			return bad(r, err, errlen, "empty key");
		if (r->n == PROTO_MAX_FIELDS)
			return bad(r, err, errlen, "too many fields");
		/* decoded strings are never longer than encoded ones: both fit in buf
		 * (klen + 1 + vlen + 1 <= flen + 1 per field, fields separated by >= 1 space) */
		char *k = r->buf + out;
		if (!decode(k, field, klen))
			return bad(r, err, errlen, "bad percent escape in key");
		out += strlen(k) + 1;
		char *v = r->buf + out;
		if (!decode(v, eq + 1, vlen))
			return bad(r, err, errlen, "bad percent escape in value");
		out += strlen(v) + 1;
		for (int j = 0; j < r->n; j++)
			if (strcmp(r->keys[j], k) == 0)
				return bad(r, err, errlen, "duplicate key");
		r->keys[r->n] = k;
		r->vals[r->n] = v;
		r->n++;
	}
	if (r->n == 0 || strcmp(r->keys[0], "kind") != 0 || !r->vals[0][0])
		return bad(r, err, errlen, "first field is not kind=...");
	return true;
}

const char *proto_get(const proto_record *r, const char *key)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->keys[i], key) == 0)
			return r->vals[i];
	return NULL;
}

bool proto_get_u64(const proto_record *r, const char *key, uint64_t *out)
{
	const char *v = proto_get(r, key);
	if (!v || !*v)
		return false;
	uint64_t x = 0;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*out = x;
	return true;
}

static void put(proto_writer *w, const char *s, bool escape_eq)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool esc = c <= ' ' || c >= 0x7f || c == '%' || (escape_eq && c == '=');
		size_t need = esc ? 3 : 1;
		if (w->len + need > PROTO_MAX_LINE) {
			w->overflow = true;
			return;
		}
		if (esc) {
			w->buf[w->len++] = '%';
			w->buf[w->len++] = hex[c >> 4];
			w->buf[w->len++] = hex[c & 15];
		} else {
			w->buf[w->len++] = (char)c;
		}
	}
}

void proto_begin(proto_writer *w, const char *kind)
{
	w->len = 0;
	w->overflow = false;
	proto_add(w, "kind", kind);
}

void proto_add(proto_writer *w, const char *key, const char *value)
{
	if (w->len > 0) {
		if (w->len + 1 > PROTO_MAX_LINE) {
			w->overflow = true;
			return;
		}
		w->buf[w->len++] = ' ';
	}
	put(w, key, true);
	if (w->len + 1 > PROTO_MAX_LINE) {
		w->overflow = true;
		return;
	}
	w->buf[w->len++] = '=';
	put(w, value, true);
}

void proto_addf(proto_writer *w, const char *key, const char *fmt, ...)
{
	char v[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	proto_add(w, key, v);
}

int proto_emit(proto_writer *w, int fd)
{
	w->buf[w->len] = '\n';
	size_t total = w->len + 1, done = 0;
	while (done < total) {
		ssize_t k = write(fd, w->buf + done, total - done);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += (size_t)k;
	}
	return 0;
}
