/* plot.c — see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"
#include "../safe_text.h"

const char rp_reduced_note[] =
    "Hatched bars ran a reduced size (size_reduced): not comparable with full-size bars.";

void rp_stem(char *out, size_t len, const char *fmt, ...)
{
	char full[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(full, sizeof full, fmt, ap);
	va_end(ap);
	snprintf(out, len, "%s", full);
	for (char *q = out; *q; q++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
		            *q))
			*q = '_';
	/* long stems (labels from the results can be long) are cut, and keep a
	 * hash of the whole name so that two cut names stay apart */
	if (strlen(out) > RP_STEM_MAX && len > RP_STEM_MAX) {
		uint32_t h = 2166136261u; /* FNV-1a */
		for (const char *q = full; *q; q++)
			h = (h ^ (unsigned char)*q) * 16777619u;
		snprintf(out + RP_STEM_MAX - 9, len - (RP_STEM_MAX - 9), "-%08x", (unsigned)h);
	}
}

FILE *rp_open_data(rp_ctx *c, const char *name)
{
	char err[400];
	FILE *d = gp_open(&c->gp, name, "dat", err, sizeof err);
	if (!d)
		safe_line(c->log, "corobench report: ", err);
	return d;
}

rp_style rp_nsop_style(const char *name, const char *title, const char *caption, const char *xlabel)
{
	return (rp_style){.name = name,
	                  .title = title,
	                  .caption = caption,
	                  .ylabel = "ns per op (median, 95% CI)",
	                  .xlabel = xlabel,
	                  .footnote = rp_reduced_note,
	                  .refline = NAN,
	                  .fmt = fmt_time_ns,
	                  .yformat = "%.0s%c"};
}

rp_style rp_throughput_style(const char *name, const char *title, const char *caption,
                             const char *xlabel, const char *ylabel)
{
	return (rp_style){.name = name,
	                  .title = title,
	                  .caption = caption,
	                  .xlabel = xlabel,
	                  .ylabel = ylabel,
	                  .refline = NAN,
	                  .logx = 2,
	                  .yformat = "%.0s%c",
	                  .footnote = "Open ring: size reduced (not comparable)."};
}

bool rp_bars_set(rp_bars *b, const char *series, const char *group, double v, double lo, double hi,
                 bool reduced)
{
	int s = rm_find_or_add(b->series, &b->nseries, RP_MAX_SERIES, series);
	int g = rm_find_or_add(b->groups, &b->ngroups, RP_MAX_GROUPS, group);
	if (s < 0 || g < 0 || !isfinite(v))
		return false;
	b->v[s][g] = v;
	b->lo[s][g] = lo;
	b->hi[s][g] = hi;
	b->have[s][g] = true;
	b->reduced[s][g] = reduced;
	return true;
}

void rp_var_str(FILE *f, const char *name, const char *value)
{
	char q[1200];
	gp_str(q, sizeof q, value ? value : "");
	fprintf(f, "%s = %s\n", name, q);
}

/* A comment line of a data file naming its block: "# <what>: <text>". */
static void data_comment(FILE *d, const char *what, const char *text)
{
	char clean[600];
	safe_text(clean, sizeof clean, text);
	fprintf(d, "# %s: %s\n", what, clean);
}

/* `array xt[n] = [...]`: the x positions that get a tic (numbers only; the
 * template labels them with gnuplot's own number format). */
static void xtics_array(FILE *f, const double *pos, int n)
{
	fprintf(f, "array xt[%d] = [", n > 0 ? n : 1);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s%.9g", i ? ", " : "", pos[i]);
	fprintf(f, "%s]\n", n > 0 ? "" : "1");
}

/* Okabe & Ito's colour-blind-safe palette (as scripts/common.gp), then darker
 * variants: 12 colours before one repeats. */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#F0E442", "#000000",
                                      "#004F7C", "#8F3F00", "#006B4E", "#8A5272"};

/* The runtime/variant part of a series label ("host: gmp/go" -> "gmp/go"). */
static const char *series_key(const char *label, bool multihost)
{
	const char *sep = multihost ? strstr(label, ": ") : NULL;
	return sep ? sep + 2 : label;
}

/* The runtime of a series label ("host: gmp/go" -> "gmp", "go, threads=2" ->
 * "go"), into out. */
static void series_runtime(const char *label, bool multihost, char *out, size_t len)
{
	const char *k = series_key(label, multihost);
	snprintf(out, len, "%.*s", (int)strcspn(k, "/, "), k); /* "go, threads=1" -> "go" */
}

/* Fixed colours for the runtimes corobench knows, so that gmp is blue, pthread
 * vermillion and go green on every chart; others take the next palette slots. */
static int runtime_color(const char *rt, const char *const *others, int *nothers)
{
	static const char *const known[] = {"gmp", "pthread", "go"};
	for (int i = 0; i < 3; i++)
		if (!strcmp(rt, known[i]))
			return i;
	for (int i = 0; i < *nothers; i++)
		if (!strcmp(others[i], rt))
			return 3 + i;
	return *nothers < RP_MAX_SERIES ? 3 + (*nothers)++ : 11;
}

/* Orders series by runtime, then by runtime/variant, then by host, so related
 * bars sit side by side; colour by runtime, and a variant index (a lighter fill,
 * another dash) per channel variant and host within it. order[k] is the k-th
 * series drawn, color[k] and variant[k] its style. */
static void series_style(const char *const *labels, const int *present, int np, bool multihost,
                         int *order, int *color, int *variant)
{
	char rts[RP_MAX_SERIES][64];
	const char *keys[RP_MAX_SERIES], *others[RP_MAX_SERIES];
	int nrt = 0, nkeys = 0, nothers = 0, n = 0;
	for (int k = 0; k < np; k++) {
		char rt[64];
		const char *key = series_key(labels[present[k]], multihost);
		series_runtime(labels[present[k]], multihost, rt, sizeof rt);
		int j = 0;
		while (j < nrt && strcmp(rts[j], rt))
			j++;
		if (j == nrt)
			snprintf(rts[nrt++], sizeof rts[0], "%s", rt);
		for (j = 0; j < nkeys && strcmp(keys[j], key); j++)
			;
		if (j == nkeys)
			keys[nkeys++] = key;
	}
	for (int r = 0; r < nrt; r++) {
		int c = runtime_color(rts[r], others, &nothers), v = 0;
		if (c >= 3)
			others[c - 3] = rts[r];
		for (int j = 0; j < nkeys; j++) {
			char rt[64];
			series_runtime(keys[j], false, rt, sizeof rt);
			if (strcmp(rt, rts[r]))
				continue;
			/* the runtime alone (a workload without channels) never shares a
			 * group with its variants: it takes the solid shade */
			bool plain = !strcmp(keys[j], rts[r]);
			for (int k = 0; k < np; k++)
				if (!strcmp(series_key(labels[present[k]], multihost), keys[j])) {
					order[n] = present[k];
					color[n] = c;
					variant[n++] = plain ? 0 : v++;
				}
		}
	}
}

/* nseries, titles[], colors[], density[] (bar fill) and dashes[] (line type). */
static void series_arrays(FILE *f, const char *const *labels, const int *order, const int *color,
                          const int *variant, int n)
{
	fprintf(f,
	        "nseries = %d\narray titles[%d]\narray colors[%d]\narray density[%d]\n"
	        "array dashes[%d]\n",
	        n, n > 0 ? n : 1, n > 0 ? n : 1, n > 0 ? n : 1, n > 0 ? n : 1);
	for (int k = 0; k < n; k++) {
		char q[400];
		gp_str(q, sizeof q, labels[order[k]]);
		/* variants of a runtime: solid, then lighter fills; dashes 1 (solid), 2, ... */
		fprintf(f,
		        "titles[%d] = %s; colors[%d] = '%s'; density[%d] = %.2f; dashes[%d] = %d\n",
		        k + 1, q, k + 1, palette[color[k] % 12], k + 1,
		        variant[k] == 0   ? 0.9
		        : variant[k] == 1 ? 0.45
		                          : 0.2,
		        k + 1, variant[k] + 1);
	}
}

static void common_vars(FILE *f, const rp_style *st, bool any_reduced)
{
	fprintf(f, "datafile = '%s.dat'\noutbase = '%s'\n", st->name, st->name);
	rp_var_str(f, "title_text", st->title);
	rp_var_str(f, "xlabel_text", st->xlabel);
	rp_var_str(f, "ylabel_text", st->ylabel);
	rp_var_str(f, "footnote", any_reduced ? st->footnote : "");
	rp_var_str(f, "yformat", st->yformat ? st->yformat : "%g");
}

/* Whether the values span enough decades for a log axis (and are all > 0). */
static bool want_log(double lo, double hi)
{
	return lo > 0 && hi / lo > 20;
}

void rp_bars_emit(rp_ctx *c, const rp_bars *b, const rp_style *st)
{
	/* series with at least one bar, in order */
	int present[RP_MAX_SERIES], np = 0;
	double vmin = INFINITY, vmax = 0;
	bool any_reduced = false;
	for (int s = 0; s < b->nseries; s++) {
		bool any = false;
		for (int g = 0; g < b->ngroups; g++)
			if (b->have[s][g]) {
				any = true;
				vmin = fmin(vmin, b->v[s][g]);
				vmax = fmax(vmax, b->v[s][g]);
				any_reduced = any_reduced || b->reduced[s][g];
			}
		if (any)
			present[np++] = s;
	}
	if (np == 0)
		return;
	FILE *d = rp_open_data(c, st->name);
	if (!d)
		return;
	bool multihost = c->m->nhosts > 1;
	int order[RP_MAX_SERIES], color[RP_MAX_SERIES], variant[RP_MAX_SERIES];
	series_style(b->series, present, np, multihost, order, color, variant);
	double width = 0.8 / np;
	data_comment(d, "chart", st->title);
	fprintf(d, "# x value ci_low ci_high reduced label\n");
	for (int k = 0; k < np; k++) {
		int s = order[k];
		if (k)
			fprintf(d, "\n\n");
		data_comment(d, "series", b->series[s]);
		for (int g = 0; g < b->ngroups; g++) {
			if (!b->have[s][g])
				continue;
			char label[64] = "", q[140];
			if (st->fmt)
				st->fmt(label, sizeof label, b->v[s][g]);
			gp_datastr(q, sizeof q, label);
			fprintf(d, "%.6f %.9g %.9g %.9g %d %s\n", g + 1 - 0.4 + width * (k + 0.5),
			        b->v[s][g], b->lo[s][g], b->hi[s][g], b->reduced[s][g], q);
		}
	}
	/* the last block: the group labels of the x axis, read by xtic() (data, not
	 * script text: gnuplot.h) */
	fprintf(d, "\n\n# groups: position label\n");
	for (int g = 0; g < b->ngroups; g++) {
		char q[700];
		gp_datastr(q, sizeof q, b->groups[g]);
		fprintf(d, "%d %s\n", g + 1, q);
	}
	fclose(d);
	char *pre = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&pre, &len);
	if (!f)
		return;
	common_vars(f, st, any_reduced);
	series_arrays(f, b->series, order, color, variant, np);
	fprintf(f, "ngroups = %d\n", b->ngroups);
	fprintf(f, "logy = %d\nrefline = %s\nbarwidth = %.6f\nshow_labels = %d\nany_reduced = %d\n",
	        want_log(vmin, vmax), isnan(st->refline) ? "NaN" : "1.0", width,
	        st->fmt && np * b->ngroups <= 40, any_reduced);
	if (!isnan(st->refline))
		fprintf(f, "refline = %.9g\n", st->refline);
	rp_var_str(f, "reflabel", st->reflabel);
	fprintf(f, "width = %d\n", b->ngroups > 8 ? 1200 : 960);
	fclose(f);
	rp_add_chart(c, st->name, "bars", pre, st->title, st->caption);
	free(pre);
}

bool rp_lines_series(rp_lines *l, const char *label)
{
	if (l->nseries == RP_MAX_SERIES)
		return false;
	l->series[l->nseries++] = label;
	l->start[l->nseries] = l->npts;
	return true;
}

bool rp_lines_point(rp_lines *l, double x, double v, double lo, double hi, bool reduced)
{
	if (l->nseries == 0 || l->npts == RP_MAX_POINTS || !isfinite(x) || !isfinite(v))
		return false;
	int i = l->npts++;
	l->x[i] = x;
	l->v[i] = v;
	l->lo[i] = lo;
	l->hi[i] = hi;
	l->reduced[i] = reduced;
	l->start[l->nseries] = l->npts;
	return true;
}

void rp_lines_emit(rp_ctx *c, const rp_lines *l, const rp_style *st, const char *kind)
{
	bool latency = strcmp(kind, "latency") == 0;
	int present[RP_MAX_SERIES], np = 0;
	double xmin = INFINITY, xmax = 0, vmin = INFINITY, vmax = 0;
	double xs[RP_MAX_POINTS];
	int nx = 0;
	for (int s = 0; s < l->nseries; s++) {
		if (l->start[s + 1] == l->start[s])
			continue;
		present[np++] = s;
		for (int i = l->start[s]; i < l->start[s + 1]; i++) {
			xmin = fmin(xmin, l->x[i]);
			xmax = fmax(xmax, l->x[i]);
			vmin = fmin(vmin, l->v[i]);
			vmax = fmax(vmax, l->v[i]);
			int k = 0;
			while (k < nx && xs[k] != l->x[i])
				k++;
			if (k == nx && nx < 64)
				xs[nx++] = l->x[i];
		}
	}
	if (np == 0)
		return;
	FILE *d = rp_open_data(c, st->name);
	if (!d)
		return;
	int order[RP_MAX_SERIES], color[RP_MAX_SERIES], variant[RP_MAX_SERIES];
	series_style(l->series, present, np, c->m->nhosts > 1, order, color, variant);
	data_comment(d, "chart", st->title);
	fprintf(d, "# %s\n", latency ? "1/(1-p) latency" : "x value ci_low ci_high reduced");
	for (int k = 0; k < np; k++) {
		int s = order[k];
		if (k)
			fprintf(d, "\n\n");
		data_comment(d, "series", l->series[s]);
		for (int i = l->start[s]; i < l->start[s + 1]; i++) {
			if (latency)
				fprintf(d, "%.9g %.9g\n", l->x[i], l->v[i]);
			else
				fprintf(d, "%.9g %.9g %.9g %.9g %d\n", l->x[i], l->v[i], l->lo[i],
				        l->hi[i], l->reduced[i]);
		}
	}
	fclose(d);
	char *pre = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&pre, &len);
	if (!f)
		return;
	bool any_reduced = false;
	for (int i = 0; i < l->npts; i++)
		any_reduced = any_reduced || l->reduced[i];
	common_vars(f, st, any_reduced);
	series_arrays(f, l->series, order, color, variant, np);
	if (st->width > 0)
		fprintf(f, "width = %d\n", st->width);
	if (latency) {
		/* the next power of 10 above the deepest percentile level shown */
		fprintf(f, "xmax = %.0f\n", pow(10, ceil(log10(fmax(xmax, 10)))));
	} else {
		xtics_array(f, xs, nx);
		double pad = st->logx ? 1.4 : (xmax - xmin) * 0.1 + 0.5;
		fprintf(f, "xmin = %.9g\nxmax = %.9g\nlogx = %d\nlogy = %d\n",
		        st->logx ? xmin / pad : xmin - pad, st->logx ? xmax * pad : xmax + pad,
		        st->logx, want_log(vmin, vmax));
	}
	fclose(f);
	rp_add_chart(c, st->name, kind, pre, st->title, st->caption);
	free(pre);
}
