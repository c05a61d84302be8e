/* c2c_read.c — see c2c_read.h. */
#include "c2c_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_pu(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < 0 || v > C2C_MAX_OS)
		return false;
	*out = (int)v;
	return true;
}

static int first_col(const csvr_table *t, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		int c = csvr_col(t, names[i]);
		if (c >= 0)
			return c;
	}
	return -1;
}

/* Index of pu in m->pu, or -1 (through the OS-index map). */
static int pu_index(const c2c_matrix *m, int pu)
{
	return pu < 0 || pu > m->max_os ? -1 : m->index_of[pu];
}

/* Allocates the matrix for the distinct PUs of list[0..n), in order of first
 * appearance: corobench c2c writes pairs in hwloc logical order, so cores,
 * caches and packages come out as blocks in the heatmap. */
static bool alloc_matrix(c2c_matrix *m, const int *list, int n, char *err, size_t errlen)
{
	int max_os = 0;
	for (int i = 0; i < n; i++)
		max_os = list[i] > max_os ? list[i] : max_os;
	m->max_os = max_os;
	m->index_of = malloc(sizeof *m->index_of * (size_t)(max_os + 1));
	m->pu = malloc(sizeof *m->pu * (size_t)(n ? n : 1));
	if (!m->index_of || !m->pu) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int i = 0; i <= max_os; i++)
		m->index_of[i] = -1;
	int k = 0;
	for (int i = 0; i < n; i++)
		if (m->index_of[list[i]] < 0) {
			if (k == C2C_MAX_PU) {
				snprintf(err, errlen, "more than %d PUs", C2C_MAX_PU);
				return false;
			}
			m->index_of[list[i]] = k;
			m->pu[k++] = list[i];
		}
	m->npu = k;
	m->ns = malloc(sizeof *m->ns * (size_t)(k ? k * k : 1));
	if (!m->ns) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int i = 0; i < k * k; i++)
		m->ns[i] = NAN;
	return true;
}

static bool cell_value(const char *s, double *v)
{
	if (!*s) {
		*v = NAN;
		return true;
	}
	return csvr_double(s, v) && *v >= 0;
}

static bool from_long(const csvr_table *t, int ca, int cb, int cv, c2c_matrix *m, char *err,
                      size_t errlen)
{
	int *list = malloc(sizeof *list * (size_t)(2 * t->nrows + 1));
	if (!list) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int r = 0; r < t->nrows; r++) {
		if (!parse_pu(csvr_cell(t, r, ca), &list[2 * r]) ||
		    !parse_pu(csvr_cell(t, r, cb), &list[2 * r + 1])) {
			snprintf(err, errlen, "line %d: a PU column is not a CPU number",
			         t->line[r]);
			free(list);
			return false;
		}
	}
	bool ok = alloc_matrix(m, list, 2 * t->nrows, err, errlen);
	free(list);
	for (int r = 0; ok && r < t->nrows; r++) {
		int a = 0, b = 0;
		double v;
		parse_pu(csvr_cell(t, r, ca), &a);
		parse_pu(csvr_cell(t, r, cb), &b);
		if (!cell_value(csvr_cell(t, r, cv), &v)) {
			snprintf(err, errlen, "line %d: column %s: not a latency in ns", t->line[r],
			         t->header[cv]);
			return false;
		}
		m->ns[pu_index(m, a) * m->npu + pu_index(m, b)] = v;
	}
	return ok;
}

static bool from_square(const csvr_table *t, c2c_matrix *m, char *err, size_t errlen)
{
	int n = t->ncols - 1;
	int *cols = malloc(sizeof *cols * (size_t)(n + 1));
	if (!cols) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int c = 0; c < n; c++)
		if (!parse_pu(t->header[c + 1], &cols[c])) {
			snprintf(err, errlen,
			         "line 1: column %d header '%.30s' is not a CPU number", c + 2,
			         t->header[c + 1]);
			free(cols);
			return false;
		}
	int *list = malloc(sizeof *list * (size_t)(n + t->nrows + 1));
	bool ok = list != NULL;
	for (int c = 0; ok && c < n; c++)
		list[c] = cols[c];
	for (int r = 0; ok && r < t->nrows; r++)
		if (!parse_pu(csvr_cell(t, r, 0), &list[n + r])) {
			snprintf(err, errlen, "line %d: first column is not a CPU number",
			         t->line[r]);
			ok = false;
		}
	ok = ok && alloc_matrix(m, list, n + t->nrows, err, errlen);
	free(list);
	for (int r = 0; ok && r < t->nrows; r++) {
		int a = 0;
		parse_pu(csvr_cell(t, r, 0), &a);
		for (int c = 0; ok && c < n; c++) {
			double v;
			if (!cell_value(csvr_cell(t, r, c + 1), &v)) {
				snprintf(err, errlen, "line %d: column %d: not a latency in ns",
				         t->line[r], c + 2);
				ok = false;
				break;
			}
			m->ns[pu_index(m, a) * m->npu + pu_index(m, cols[c])] = v;
		}
	}
	free(cols);
	return ok;
}

bool c2c_from_table(const csvr_table *t, c2c_matrix *m, char *err, size_t errlen)
{
	static const char *const a_names[] = {"from_pu", "from", "pu_a", "a", "src", "cpu_a", NULL};
	static const char *const b_names[] = {"to_pu", "to", "pu_b", "b", "dst", "cpu_b", NULL};
	static const char *const v_names[] = {"median_ns", "one_way_ns", "rtt_half_ns",
	                                      "ns",        "min_ns",     NULL};
	memset(m, 0, sizeof *m);
	int ca = first_col(t, a_names), cb = first_col(t, b_names), cv = first_col(t, v_names);
	bool ok;
	if (ca >= 0 && cb >= 0 && cv >= 0) {
		snprintf(m->metric, sizeof m->metric, "%s", t->header[cv]);
		ok = from_long(t, ca, cb, cv, m, err, errlen);
	} else if (t->ncols >= 2) {
		snprintf(m->metric, sizeof m->metric, "ns");
		ok = from_square(t, m, err, errlen);
	} else {
		snprintf(err, errlen, "line 1: neither from,to,<latency> columns nor a PU matrix");
		ok = false;
	}
	if (ok && m->npu == 0) {
		snprintf(err, errlen, "no pairs measured");
		ok = false;
	}
	if (!ok)
		c2c_free(m);
	return ok;
}

void c2c_free(c2c_matrix *m)
{
	free(m->index_of);
	free(m->pu);
	free(m->ns);
	memset(m, 0, sizeof *m);
}

double c2c_at(const c2c_matrix *m, int a, int b)
{
	int i = pu_index(m, a), j = pu_index(m, b);
	return i < 0 || j < 0 ? NAN : m->ns[i * m->npu + j];
}
