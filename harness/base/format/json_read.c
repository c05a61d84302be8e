/*
 * json_read.c — see json_read.h. A recursive-descent parser whose recursion is
 * bounded by JSONR_MAX_DEPTH, writing each scalar as it is met; the current path
 * is kept in a fixed buffer that grows and shrinks with the nesting.
 */
#include "json_read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../file_read.h"

#define PATH_MAX_LEN 512 /* deepest env.json path is ~40 characters */

/* Parser state. */
typedef struct jp {
	const char *s;           /* input                           */
	size_t len;              /* its length                      */
	size_t i;                /* cursor                          */
	int line;                /* 1-based line of the cursor      */
	jsonr_doc *d;            /* output                          */
	char path[PATH_MAX_LEN]; /* path of the value being parsed  */
	size_t plen;             /* its length                      */
	char *err;               /* error buffer                    */
	size_t errlen;           /* its size                        */
} jp;

static bool fail(jp *p, const char *what)
{
	snprintf(p->err, p->errlen, "line %d: %s", p->line, what);
	return false;
}

static void skip_ws(jp *p)
{
	while (p->i < p->len) {
		char c = p->s[p->i];
		if (c == '\n')
			p->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return;
		p->i++;
	}
}

static bool add_pair(jp *p, char *value, bool is_string)
{
	jsonr_doc *d = p->d;
	if (d->npairs == d->cap) {
		int cap = d->cap ? d->cap * 2 : 32;
		jsonr_pair *np = realloc(d->pairs, sizeof *np * (size_t)cap);
		if (!np) {
			free(value);
			return fail(p, "out of memory");
		}
		d->pairs = np;
		d->cap = cap;
	}
	char *path = strdup(p->path);
	if (!path) {
		free(value);
		return fail(p, "out of memory");
	}
	d->pairs[d->npairs++] = (jsonr_pair){.path = path, .value = value, .is_string = is_string};
	return true;
}

static void put_utf8(char *out, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xC0 | (cp >> 6));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		out[(*n)++] = (char)(0xE0 | (cp >> 12));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*n)++] = (char)(0xF0 | (cp >> 18));
		out[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static bool hex4(jp *p, uint32_t *out)
{
	if (p->len - p->i < 4)
		return fail(p, "\\u escape cut short");
	uint32_t v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p->s[p->i++];
		int h = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (h < 0)
			return fail(p, "bad hex digit in \\u escape");
		v = v * 16 + (uint32_t)h;
	}
	*out = v;
	return true;
}

/* The XXXX of a \uXXXX escape at the cursor, joined with a following low
 * surrogate escape into one code point; a lone surrogate becomes U+FFFD. The
 * closing quote at `end` is not a hex digit, so hex4 never reads past it. */
static bool unicode_escape(jp *p, size_t end, uint32_t *cp)
{
	if (!hex4(p, cp))
		return false;
	if (*cp >= 0xD800 && *cp < 0xDC00 && end - p->i >= 6 && p->s[p->i] == '\\' &&
	    p->s[p->i + 1] == 'u') {
		uint32_t lo;
		p->i += 2;
		if (!hex4(p, &lo))
			return false;
		*cp = lo >= 0xDC00 && lo < 0xE000 ? 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00)
		                                  : 0xFFFD;
	} else if (*cp >= 0xD800 && *cp < 0xE000) {
		*cp = 0xFFFD;
	}
	return true;
}

/* Parses a string at the cursor (on its opening quote) into a malloc'd buffer.
 * The decoded form is never longer than the encoded one (\uXXXX = 6 bytes gives
 * at most 3 UTF-8 bytes; a surrogate pair = 12 bytes gives 4), so the size of the
 * rest of the input bounds it. */
static bool parse_string(jp *p, char **out)
{
	p->i++; /* opening quote */
	size_t start = p->i, end = start;
	while (end < p->len && p->s[end] != '"')
		end += (p->s[end] == '\\') ? 2 : 1;
	if (end >= p->len)
		return fail(p, "string never closed (file truncated?)");
	char *b = malloc(end - start + 1);
	if (!b)
		return fail(p, "out of memory");
	size_t n = 0;
	while (p->i < end) {
		unsigned char c = (unsigned char)p->s[p->i++];
		if (c < 0x20) {
			free(b);
			return fail(p, "control character inside a string");
		}
		if (c != '\\') {
			b[n++] = (char)c;
			continue;
		}
		/* the one-letter escapes and what they stand for, position by position */
		static const char esc[] = "\"\\/bfnrt", val[] = "\"\\/\b\f\n\r\t";
		char e = p->s[p->i++];
		const char *k = e ? strchr(esc, e) : NULL;
		if (k) {
			b[n++] = val[k - esc];
			continue;
		}
		uint32_t cp;
		if (e != 'u') {
			free(b);
			return fail(p, "unknown escape in a string");
		}
		if (!unicode_escape(p, end, &cp)) {
			free(b);
			return false;
		}
		put_utf8(b, &n, cp);
	}
	b[n] = '\0';
	p->i = end + 1;
	*out = b;
	return true;
}

static bool parse_value(jp *p, int depth);

/* Appends ".key" or "[i]" to the path; returns the old length to restore. */
static bool path_push(jp *p, const char *fmt, const char *key, int index, size_t *old)
{
	*old = p->plen;
	int w = key ? snprintf(p->path + p->plen, sizeof p->path - p->plen, fmt, key)
	            : snprintf(p->path + p->plen, sizeof p->path - p->plen, fmt, index);
	if (w < 0 || (size_t)w >= sizeof p->path - p->plen)
		return fail(p, "key path too long");
	p->plen += (size_t)w;
	return true;
}

static void path_pop(jp *p, size_t old)
{
	p->plen = old;
	p->path[old] = '\0';
}

/* Consumes c when it comes next after white space; false (nothing consumed but
 * the white space) when something else does. */
static bool eat(jp *p, char c)
{
	skip_ws(p);
	if (p->i < p->len && p->s[p->i] == c) {
		p->i++;
		return true;
	}
	return false;
}

static bool parse_object(jp *p, int depth)
{
	p->i++; /* { */
	if (eat(p, '}'))
		return true;
	for (;;) {
		skip_ws(p);
		if (p->i >= p->len || p->s[p->i] != '"')
			return fail(p, "expected a quoted key");
		char *key;
		if (!parse_string(p, &key))
			return false;
		if (!eat(p, ':')) {
			free(key);
			return fail(p, "expected ':' after a key");
		}
		size_t old;
		bool ok = path_push(p, p->plen ? ".%s" : "%s", key, 0, &old);
		free(key);
		if (!ok || !parse_value(p, depth + 1))
			return false;
		path_pop(p, old);
		if (eat(p, ','))
			continue;
		if (eat(p, '}'))
			return true;
		return fail(p, "expected ',' or '}' in an object");
	}
}

static bool parse_array(jp *p, int depth)
{
	p->i++; /* [ */
	if (eat(p, ']'))
		return true;
	for (int index = 0;; index++) {
		size_t old;
		if (!path_push(p, "[%d]", NULL, index, &old) || !parse_value(p, depth + 1))
			return false;
		path_pop(p, old);
		if (eat(p, ','))
			continue;
		if (eat(p, ']'))
			return true;
		return fail(p, "expected ',' or ']' in an array");
	}
}

/* A number, true, false or null: kept as its text after checking its shape. */
static bool parse_word(jp *p)
{
	size_t start = p->i;
	while (p->i < p->len && strchr("+-.0123456789eEtrufalsn", p->s[p->i]) && p->s[p->i])
		p->i++;
	size_t n = p->i - start;
	if (n == 0)
		return fail(p, "unexpected character (expected a value)");
	char *w = strndup(p->s + start, n);
	if (!w)
		return fail(p, "out of memory");
	bool word = !strcmp(w, "true") || !strcmp(w, "false") || !strcmp(w, "null");
	char *end = NULL;
	if (!word) {
		strtod(w, &end);
		/* strtod also takes "nan", "inf" and hex; JSON numbers start with - or a digit */
		if (*end != '\0' || !(w[0] == '-' || (w[0] >= '0' && w[0] <= '9'))) {
			free(w);
			return fail(p, "malformed number or word");
		}
	}
	return add_pair(p, w, false);
}

static bool parse_value(jp *p, int depth)
{
	if (depth > JSONR_MAX_DEPTH)
		return fail(p, "nested too deeply");
	skip_ws(p);
	if (p->i >= p->len)
		return fail(p, "value missing (file truncated?)");
	char c = p->s[p->i];
	if (c == '{')
		return parse_object(p, depth);
	if (c == '[')
		return parse_array(p, depth);
	if (c == '"') {
		char *s;
		return parse_string(p, &s) && add_pair(p, s, true);
	}
	return parse_word(p);
}

void jsonr_free(jsonr_doc *d)
{
	for (int i = 0; i < d->npairs; i++) {
		free(d->pairs[i].path);
		free(d->pairs[i].value);
	}
	free(d->pairs);
	memset(d, 0, sizeof *d);
}

bool jsonr_parse(const char *buf, size_t len, jsonr_doc *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	jp *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	*p = (jp){.s = buf, .len = len, .line = 1, .d = d, .err = err, .errlen = errlen};
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		p->i = 3; /* a UTF-8 byte order mark (an editor's): not part of the document */
	bool ok = parse_value(p, 0);
	if (ok) {
		skip_ws(p);
		if (p->i != p->len)
			ok = fail(p, "text after the end of the document");
	}
	free(p);
	if (!ok)
		jsonr_free(d);
	return ok;
}

bool jsonr_load(const char *path, jsonr_doc *d, char *err, size_t errlen)
{
	char *buf, inner[300];
	size_t len;
	memset(d, 0, sizeof *d);
	if (!file_read_all(path, JSONR_MAX_BYTES, &buf, &len, err, errlen))
		return false;
	bool ok = jsonr_parse(buf, len, d, inner, sizeof inner);
	if (!ok)
		snprintf(err, errlen, "%s: %s", path, inner);
	free(buf);
	return ok;
}

const char *jsonr_get(const jsonr_doc *d, const char *path)
{
	for (int i = 0; i < d->npairs; i++)
		if (strcmp(d->pairs[i].path, path) == 0)
			return d->pairs[i].value;
	return NULL;
}
