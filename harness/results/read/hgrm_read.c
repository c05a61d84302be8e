/* hgrm_read.c — see hgrm_read.h. Line by line; every read bounded by len. */
#include "hgrm_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/file_read.h"

#define HGRM_LINE_MAX 512 /* a data row is ~60 characters */

/* Copies the line starting at *pos into out (truncated at HGRM_LINE_MAX - 1;
 * NUL bytes turned into '?' so they fail the number parse); advances *pos past
 * the newline. */
static void next_line(const char *buf, size_t len, size_t *pos, char *out)
{
	size_t n = 0;
	while (*pos < len && buf[*pos] != '\n') {
		if (n < HGRM_LINE_MAX - 1)
			out[n++] = buf[*pos] ? buf[*pos] : '?';
		(*pos)++;
	}
	if (*pos < len)
		(*pos)++;
	out[n] = '\0';
}

/* Parses the footer line "#[Mean    =  102.310, StdDeviation   =  20.110]" etc. */
static void footer(hgrm_file *h, const char *line)
{
	const char *m;
	if ((m = strstr(line, "Mean")) && (m = strchr(m, '=')))
		h->mean = strtod(m + 1, NULL);
	if ((m = strstr(line, "Max")) && (m = strchr(m, '=')))
		h->max = strtod(m + 1, NULL);
	if ((m = strstr(line, "Total count")) && (m = strchr(m, '='))) {
		double t = strtod(m + 1, NULL);
		if (t >= 0 && t < 1.8e19)
			h->total = (uint64_t)t;
	}
}

/* Splits a data row into at most 4 numbers; returns how many, or -1 when a token
 * is not a finite number (inf is allowed in the 4th column). */
static int numbers(char *line, double v[4])
{
	int k = 0;
	for (char *save = NULL, *t = strtok_r(line, " \t\r", &save); t;
	     t = strtok_r(NULL, " \t\r", &save)) {
		if (k == 4)
			return -1;
		char *end;
		v[k] = strtod(t, &end);
		if (*end || (!isfinite(v[k]) && k != 3))
			return -1;
		k++;
	}
	return k;
}

void hgrm_free(hgrm_file *h)
{
	free(h->pts);
	h->pts = NULL;
	h->npts = 0;
}

bool hgrm_parse(const char *buf, size_t len, hgrm_file *h, char *err, size_t errlen)
{
	char name[sizeof h->name];
	memcpy(name, h->name, sizeof name); /* keep a name set by the caller */
	memset(h, 0, sizeof *h);
	memcpy(h->name, name, sizeof name);
	h->mean = h->max = NAN;
	int cap = 0, lineno = 0;
	size_t pos = 0;
	char line[HGRM_LINE_MAX];
	bool total_seen = false;
	while (pos < len) {
		next_line(buf, len, &pos, line);
		lineno++;
		char *s = line + strspn(line, " \t\r");
		if (*s == '\0')
			continue;
		if (*s == '#') {
			footer(h, s);
			total_seen = total_seen || strstr(s, "Total count");
			continue;
		}
		if (strncmp(s, "Value", 5) == 0)
			continue; /* the column header */
		double v[4];
		int k = numbers(s, v);
		if (k < 3) {
			snprintf(err, errlen,
			         "line %d: expected 'value percentile count [1/(1-p)]'", lineno);
			hgrm_free(h);
			return false;
		}
		if (v[1] < 0 || v[1] > 1 || v[2] < 0 || v[0] < 0 ||
		    (h->npts && v[1] < h->pts[h->npts - 1].percentile)) {
			snprintf(
			    err, errlen,
			    "line %d: percentile %.6g outside [0,1], decreasing, or a negative "
			    "value/count",
			    lineno, v[1]);
			hgrm_free(h);
			return false;
		}
		if (h->npts == cap) {
			cap = cap ? cap * 2 : 64;
			hgrm_point *np = realloc(h->pts, sizeof *np * (size_t)cap);
			if (!np) {
				snprintf(err, errlen, "out of memory");
				hgrm_free(h);
				return false;
			}
			h->pts = np;
		}
		h->pts[h->npts++] = (hgrm_point){
		    .value = v[0],
		    .percentile = v[1],
		    .count = v[2] < 1.8e19 ? (uint64_t)v[2] : UINT64_MAX,
		    .inv = v[1] < 1 ? 1 / (1 - v[1]) : INFINITY,
		};
	}
	if (h->npts == 0) {
		snprintf(err, errlen, "no data rows (empty or not an .hgrm file)");
		return false;
	}
	if (!total_seen)
		h->total = h->pts[h->npts - 1].count;
	return true;
}

bool hgrm_load(const char *path, hgrm_file *h, char *err, size_t errlen)
{
	char *buf, inner[300];
	size_t len;
	memset(h, 0, sizeof *h);
	if (!file_read_all(path, HGRM_MAX_BYTES, &buf, &len, err, errlen))
		return false;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base);
	if (bl > 5 && strcmp(base + bl - 5, ".hgrm") == 0)
		bl -= 5;
	snprintf(h->name, sizeof h->name, "%.*s", (int)bl, base);
	bool ok = hgrm_parse(buf, len, h, inner, sizeof inner);
	if (!ok)
		snprintf(err, errlen, "%s: %s", path, inner);
	free(buf);
	return ok;
}

double hgrm_value_at(const hgrm_file *h, double p)
{
	for (int i = 0; i < h->npts; i++)
		if (h->pts[i].percentile >= p)
			return h->pts[i].value;
	return NAN;
}
