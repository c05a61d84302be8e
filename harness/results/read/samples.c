/* samples.c — see samples.h. */
#include "samples.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sorting rows by key, then by position: the context qsort lacks. */
static const rr_run *sort_rows;

static int cmp_rows(const void *a, const void *b)
{
	int i = *(const int *)a, j = *(const int *)b;
	int c = strcmp(sort_rows[i].key, sort_rows[j].key);
	return c ? c : (i > j) - (i < j);
}

static int cmp_first(const void *a, const void *b)
{
	const smp_group *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

static bool metric_value(const rr_run *r, int extra, double *v)
{
	*v = extra < 0 ? r->ns_per_op : r->extra[extra];
	return !isnan(*v);
}

bool samples_group(const rr_dir *d, const char *metric, smp_set *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	snprintf(s->metric, sizeof s->metric, "%s", metric);
	int extra = -1;
	if (strcmp(metric, "ns_per_op") != 0) {
		extra = results_extra(d, metric);
		if (extra < 0) {
			char avail[400] = "ns_per_op";
			for (int k = 0; k < d->nextra; k++)
				snprintf(avail + strlen(avail), sizeof avail - strlen(avail),
				         ", %s", d->extra_names[k]);
			snprintf(err, errlen, "%s: no metric '%.60s' (available: %s)", d->path,
			         metric, avail);
			return false;
		}
	}
	int *idx = malloc(sizeof *idx * (size_t)(d->nruns + 1));
	s->g = calloc((size_t)(d->nruns + 1), sizeof *s->g);
	double *x = malloc(sizeof *x * (size_t)(d->nruns + 1));
	int *rep = malloc(sizeof *rep * (size_t)(d->nruns + 1));
	if (!idx || !s->g || !x || !rep) {
		free(idx);
		free(s->g);
		free(x);
		free(rep);
		s->g = NULL;
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (int i = 0; i < d->nruns; i++)
		idx[i] = i;
	sort_rows = d->runs;
	qsort(idx, (size_t)d->nruns, sizeof *idx, cmp_rows);
	/* Groups share the x/rep arrays: group k's samples are a slice of them. */
	int used = 0;
	for (int i = 0; i < d->nruns;) {
		int j = i;
		while (j < d->nruns && strcmp(d->runs[idx[j]].key, d->runs[idx[i]].key) == 0)
			j++;
		smp_group *g = &s->g[s->n];
		*g = (smp_group){0}; /* the slot may hold a group that had no samples */
		g->key = d->runs[idx[i]].key;
		g->first = &d->runs[idx[i]];
		g->x = x + used;
		g->rep = rep + used;
		for (int k = i; k < j; k++) {
			const rr_run *r = &d->runs[idx[k]];
			g->reduced = g->reduced || r->size_reduced;
			if (metric_value(r, extra, &g->x[g->n])) {
				g->rep[g->n] = r->rep;
				g->n++;
			}
		}
		used += g->n;
		if (g->n > 0)
			s->n++;
		i = j;
	}
	free(idx);
	qsort(s->g, (size_t)s->n, sizeof *s->g, cmp_first);
	s->xs = x;
	s->reps = rep;
	return true;
}

bool samples_group_if_present(const rr_dir *d, const char *metric, smp_set *s)
{
	char err[300];
	return d && results_extra(d, metric) >= 0 && samples_group(d, metric, s, err, sizeof err);
}

void samples_free(smp_set *s)
{
	free(s->xs);
	free(s->reps);
	free(s->g);
	memset(s, 0, sizeof *s);
}

const smp_group *samples_find(const smp_set *s, const char *key)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->g[i].key, key) == 0)
			return &s->g[i];
	return NULL;
}

bool key_component(const char *key, const char *field, char *out, size_t len)
{
	size_t fl = strlen(field);
	const char *p = key;
	bool first = true;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (first && strcmp(field, "workload") == 0) {
			snprintf(out, len, "%.*s", (int)n, p);
			return true;
		}
		if (!first && n > fl && strncmp(p, field, fl) == 0 && p[fl] == '=') {
			snprintf(out, len, "%.*s", (int)(n - fl - 1), p + fl + 1);
			return true;
		}
		first = false;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

void key_without(const char *key, const char *field, char *out, size_t len)
{
	size_t fl = strlen(field), w = 0;
	const char *p = key;
	bool first = true;
	if (len)
		out[0] = '\0';
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool drop = first ? strcmp(field, "workload") == 0
		                  : n > fl && strncmp(p, field, fl) == 0 && p[fl] == '=';
		if (!drop && w < len) {
			int k = snprintf(out + w, len - w, "%s%.*s", w ? "/" : "", (int)n, p);
			w += k > 0 ? (size_t)k : 0;
		}
		first = false;
		if (!end)
			break;
		p = end + 1;
	}
}
