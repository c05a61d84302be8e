/*
 * csv_read.c — see csv_read.h.
 *
 * The parser copies the input once into an arena and decodes fields in place: a
 * decoded field is never longer than its encoding (quotes only disappear), so the
 * write cursor never passes the read cursor and each field can be NUL-terminated
 * where its delimiter was. One pass, no recursion, every index checked against len.
 */
#include "csv_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../file_read.h"

/* A growable array of pointers (fields of all rows). */
typedef struct ptrvec {
	char **v;   /* elements        */
	size_t n;   /* in use          */
	size_t cap; /* allocated       */
} ptrvec;

static bool ptrvec_push(ptrvec *p, char *s)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		char **v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return false;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = s;
	return true;
}

/* Row start lines. */
typedef struct intvec {
	int *v;     /* elements        */
	size_t n;   /* in use          */
	size_t cap; /* allocated       */
} intvec;

static bool intvec_push(intvec *p, int x)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		int *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return false;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = x;
	return true;
}

/* The parser's state while it walks the input. */
typedef struct parser {
	const char *in; /* input bytes                     */
	size_t len;     /* input length                    */
	size_t r;       /* read cursor into in             */
	char *out;      /* arena (len + 1 bytes)           */
	size_t w;       /* write cursor into out           */
	int line;       /* current 1-based line            */
	char *err;      /* error message buffer            */
	size_t errlen;  /* its size                        */
} parser;

/* Reads one field starting at p->r. Sets *end to the delimiter seen: ',' for
 * another field, '\n' for end of row, 0 for end of input without newline.
 * Returns the decoded field or NULL on a syntax error. */
static char *read_field(parser *p, int *end)
{
	char *field = p->out + p->w;
	if (p->r < p->len && p->in[p->r] == '"') {
		int start_line = p->line;
		p->r++;
		for (;;) {
			if (p->r >= p->len) {
				snprintf(p->err, p->errlen,
				         "line %d: quoted field never closed (file truncated?)",
				         start_line);
				return NULL;
			}
			char c = p->in[p->r++];
			if (c == '"') {
				if (p->r < p->len && p->in[p->r] == '"') {
					p->out[p->w++] = '"';
					p->r++;
					continue;
				}
				break;
			}
			if (c == '\0') {
				snprintf(p->err, p->errlen, "line %d: NUL byte (not a text file?)",
				         p->line);
				return NULL;
			}
			if (c == '\n')
				p->line++;
			p->out[p->w++] = c;
		}
		/* after the closing quote: a delimiter or the end */
		if (p->r + 1 < p->len && p->in[p->r] == '\r' && p->in[p->r + 1] == '\n')
			p->r++;
		if (p->r < p->len && p->in[p->r] != ',' && p->in[p->r] != '\n') {
			snprintf(p->err, p->errlen, "line %d: text after a closing quote", p->line);
			return NULL;
		}
	} else {
		while (p->r < p->len) {
			char c = p->in[p->r];
			if (c == ',' || c == '\n')
				break;
			if (c == '\r' && p->r + 1 < p->len && p->in[p->r + 1] == '\n') {
				p->r++;
				break;
			}
			if (c == '\0') {
				snprintf(p->err, p->errlen, "line %d: NUL byte (not a text file?)",
				         p->line);
				return NULL;
			}
			if (c == '"') {
				snprintf(p->err, p->errlen,
				         "line %d: quote inside an unquoted field", p->line);
				return NULL;
			}
			p->out[p->w++] = c;
			p->r++;
		}
	}
	if (p->r >= p->len) {
		*end = 0;
	} else {
		*end = p->in[p->r++];
		if (*end == '\n')
			p->line++;
	}
	p->out[p->w++] = '\0';
	return field;
}

static void table_clear(csvr_table *t)
{
	memset(t, 0, sizeof *t);
}

void csvr_free(csvr_table *t)
{
	free(t->header);
	free(t->line);
	free(t->arena);
	table_clear(t);
}

bool csvr_parse(const char *buf, size_t len, csvr_table *t, char *err, size_t errlen)
{
	table_clear(t);
	if (len > CSVR_MAX_BYTES) {
		snprintf(err, errlen, "%zu bytes, more than the %lu accepted", len, CSVR_MAX_BYTES);
		return false;
	}
	parser p = {.in = buf, .len = len, .line = 1, .err = err, .errlen = errlen};
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		p.r = 3; /* a UTF-8 byte order mark (spreadsheets write one): skipped, or the
		          * first header name would carry it and `schema` be missing */
	p.out = malloc(len + 1);
	ptrvec fields = {0};
	intvec lines = {0};
	size_t row_start = 0; /* index in fields where the current row starts */
	bool ok = p.out != NULL;
	if (!ok)
		snprintf(err, errlen, "out of memory");
	while (ok && p.r < p.len) {
		int row_line = p.line, end;
		row_start = fields.n;
		do {
			char *f = read_field(&p, &end);
			if (!f || !ptrvec_push(&fields, f)) {
				if (f)
					snprintf(err, errlen, "out of memory");
				ok = false;
				break;
			}
			if (fields.n - row_start > CSVR_MAX_COLS) {
				snprintf(err, errlen, "line %d: more than %d fields", row_line,
				         CSVR_MAX_COLS);
				ok = false;
				break;
			}
		} while (end == ',');
		if (!ok)
			break;
		size_t nf = fields.n - row_start;
		if (end == 0) {
			snprintf(
			    err, errlen,
			    "line %d: last line has no newline (file truncated? corobench ends "
			    "every line with one)",
			    row_line);
			ok = false;
			break;
		}
		if (nf == 1 && fields.v[row_start][0] == '\0') {
			fields.n = row_start; /* blank line */
			continue;
		}
		if (lines.n == 0 && t->ncols == 0) {
			t->ncols = (int)nf; /* the header row */
		} else if ((int)nf != t->ncols) {
			snprintf(
			    err, errlen,
			    "line %d: %zu fields, the header has %d (truncated or hand-edited?)",
			    row_line, nf, t->ncols);
			ok = false;
			break;
		}
		if (!intvec_push(&lines, row_line)) {
			snprintf(err, errlen, "out of memory");
			ok = false;
		}
	}
	if (ok && t->ncols == 0) {
		snprintf(err, errlen, "line 1: empty file (no header line)");
		ok = false;
	}
	for (int i = 0; ok && i < t->ncols; i++) {
		if (fields.v[i][0] == '\0') {
			snprintf(err, errlen, "line 1: header column %d has no name", i + 1);
			ok = false;
		}
		for (int j = 0; ok && j < i; j++)
			if (strcmp(fields.v[i], fields.v[j]) == 0) {
				snprintf(err, errlen, "line 1: column '%.60s' appears twice",
				         fields.v[i]);
				ok = false;
			}
	}
	if (!ok) {
		free(fields.v);
		free(lines.v);
		free(p.out);
		table_clear(t);
		return false;
	}
	/* fields.v holds header then cells: hand out one array, cells point inside it */
	t->header = fields.v;
	t->cells = fields.v + t->ncols;
	t->nrows = (int)lines.n - 1;
	t->line = lines.v;
	if (t->line)
		memmove(t->line, t->line + 1, sizeof *t->line * (size_t)t->nrows);
	t->arena = p.out;
	return true;
}

bool csvr_load(const char *path, csvr_table *t, char *err, size_t errlen)
{
	char *buf, inner[400];
	size_t len;
	table_clear(t);
	if (!file_read_all(path, CSVR_MAX_BYTES, &buf, &len, err, errlen))
		return false;
	bool ok = csvr_parse(buf, len, t, inner, sizeof inner);
	if (!ok)
		snprintf(err, errlen, "%s: %s", path, inner);
	free(buf);
	return ok;
}

int csvr_col(const csvr_table *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return i;
	return -1;
}

const char *csvr_cell(const csvr_table *t, int r, int c)
{
	if (c < 0 || c >= t->ncols || r < 0 || r >= t->nrows)
		return "";
	return t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
}

bool csvr_double(const char *s, double *out)
{
	char *end;
	while (*s == ' ')
		s++;
	if (!*s)
		return false;
	double v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (*end || !isfinite(v))
		return false;
	*out = v;
	return true;
}
