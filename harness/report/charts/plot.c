/* plot.c — see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/units.h"
#include "../safe_text.h"
#include "plot_style.h"

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

bool rp_bars_mark(rp_bars *b, const char *series, const char *group, const char *kind, double y)
{
	int s = rm_find_or_add(b->series, &b->nseries, RP_MAX_SERIES, series);
	int g = rm_find_or_add(b->groups, &b->ngroups, RP_MAX_GROUPS, group);
	int k = rm_find_or_add(b->mark_kinds, &b->nmark_kinds, RP_MAX_MARKS, kind);
	if (s < 0 || g < 0 || k < 0 || !b->have[s][g] || !(y > 0) || !isfinite(y) ||
	    b->nmark[s][g] == RP_MAX_MARKS)
		return false;
	int i = b->nmark[s][g]++;
	b->mark[s][g][i] = y;
	b->mark_kind[s][g][i] = (signed char)k;
	return true;
}

/* The marks' blocks of a bar chart's data file (after the groups' block): one
 * per kind, a row per mark "x_left y width 0" (a vector across the bar), and
 * their styles into the preamble. */
static void marks_out(FILE *d, FILE *pre, const rp_bars *b, double (*x)[RP_MAX_GROUPS],
                      double width)
{
	/* the arrays exist even when empty: gnuplot parses `for [k=1:0]`'s body */
	int n = b->nmark_kinds > 0 ? b->nmark_kinds : 1;
	fprintf(pre, "nmarks = %d\narray mtitles[%d]\narray mcolors[%d]\narray mdashes[%d]\n",
	        b->nmark_kinds, n, n, n);
	if (!b->nmark_kinds)
		fprintf(pre, "mtitles[1] = ''; mcolors[1] = '#000000'; mdashes[1] = 1\n");
	for (int k = 0; k < b->nmark_kinds; k++) {
		char color[8] = "#000000", q[400];
		int dash = 1 + k;
		ps_floor_style(b->mark_kinds[k], color, &dash);
		gp_str(q, sizeof q, b->mark_kinds[k]);
		fprintf(pre, "mtitles[%d] = %s; mcolors[%d] = '%s'; mdashes[%d] = %d\n", k + 1, q,
		        k + 1, color, k + 1, dash);
		fprintf(d, "\n\n");
		rp_data_comment(d, "marks", b->mark_kinds[k]);
		int rows = 0;
		for (int s = 0; s < b->nseries; s++)
			for (int g = 0; g < b->ngroups; g++)
				for (int i = 0; b->have[s][g] && i < b->nmark[s][g]; i++)
					if (b->mark_kind[s][g][i] == k && ++rows)
						fprintf(d, "%.6f %.9g %.6f 0\n",
						        x[s][g] - width / 2, b->mark[s][g][i],
						        width);
		if (!rows) /* an empty block would end the file's blocks early */
			fprintf(d, "NaN NaN NaN 0\n");
	}
}

void rp_var_str(FILE *f, const char *name, const char *value)
{
	char q[1200];
	gp_str(q, sizeof q, value ? value : "");
	fprintf(f, "%s = %s\n", name, q);
}

void rp_data_comment(FILE *d, const char *what, const char *text)
{
	char clean[600];
	safe_text(clean, sizeof clean, text);
	fprintf(d, "# %s: %s\n", what, clean);
}

void rp_common_vars(FILE *f, const rp_style *st, bool any_reduced)
{
	fprintf(f, "datafile = '%s.dat'\noutbase = '%s'\n", st->name, st->name);
	rp_var_str(f, "title_text", st->title);
	rp_var_str(f, "xlabel_text", st->xlabel);
	rp_var_str(f, "ylabel_text", st->ylabel);
	rp_var_str(f, "footnote", any_reduced ? st->footnote : "");
	rp_var_str(f, "yformat", st->yformat ? st->yformat : "%g");
}

bool rp_want_log(double lo, double hi)
{
	return lo > 0 && hi / lo > 20;
}

/* Characters of a UTF-8 string (what its width on a chart goes by). */
static int chars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The rotation (degrees) of a bar chart's x tic labels so that neighbours
 * never overlap, and the extra lines of bottom margin they then need. The
 * plot is the chart's width less the y axis (~80 px) and the legend outside
 * on the right; a character of the 13 px font is ~7.5 px wide, a line ~16 px
 * high. Horizontal while the widest label fits between two groups; else the
 * least rotation whose slanted labels lie a line apart (spacing x sin(angle)
 * >= 18 px). */
static int xlabel_rotation(const rp_bars *b, const int *present, int np, int width, int *lines)
{
	int legend = 0, label = 0;
	for (int k = 0; k < np; k++)
		legend =
		    chars(b->series[present[k]]) > legend ? chars(b->series[present[k]]) : legend;
	for (int g = 0; g < b->ngroups; g++)
		label = chars(b->groups[g]) > label ? chars(b->groups[g]) : label;
	double plot = width - 80 - (legend * 7.5 + 50), gap = plot / (b->ngroups ? b->ngroups : 1);
	double px = label * 7.5 + 10;
	*lines = 0;
	if (px <= gap)
		return 0;
	static const int angles[] = {30, 45, 90};
	int a = 90;
	for (int i = 0; i < 3 && a == 90; i++)
		if (gap * sin(angles[i] * M_PI / 180) >= 18)
			a = angles[i];
	/* the margin already has the lines of horizontal labels and an empty xlabel */
	*lines = (int)ceil(px * sin(a * M_PI / 180) / 16) - 2;
	*lines = *lines > 0 ? *lines : 0;
	return a;
}

rp_chart *rp_bars_emit(rp_ctx *c, const rp_bars *b, const rp_style *st)
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
		for (int g = 0; g < b->ngroups; g++) /* marks count for the log axis */
			for (int i = 0; b->have[s][g] && i < b->nmark[s][g]; i++) {
				vmin = fmin(vmin, b->mark[s][g][i]);
				vmax = fmax(vmax, b->mark[s][g][i]);
			}
	}
	if (np == 0)
		return NULL;
	FILE *d = rp_open_data(c, st->name);
	if (!d)
		return NULL;
	bool multihost = c->m->nhosts > 1;
	ps_style sty[RP_MAX_SERIES];
	ps_assign(b->series, present, np, multihost, sty);
	/* each group's bars side by side and centred, as wide as the fullest
	 * group's allow: no gap stands for a series another group has */
	int ingroup[RP_MAX_GROUPS] = {0}, fullest = 1;
	for (int g = 0; g < b->ngroups; g++) {
		for (int k = 0; k < np; k++)
			ingroup[g] += b->have[present[k]][g];
		fullest = ingroup[g] > fullest ? ingroup[g] : fullest;
	}
	double width = 0.8 / fullest;
	int slot[RP_MAX_GROUPS] = {0};                    /* bars placed so far in each group */
	static double xpos[RP_MAX_SERIES][RP_MAX_GROUPS]; /* each bar's centre */
	rp_data_comment(d, "chart", st->title);
	fprintf(d, "# x value ci_low ci_high reduced label label_y\n");
	for (int k = 0; k < np; k++) {
		int s = sty[k].order;
		if (k)
			fprintf(d, "\n\n");
		rp_data_comment(d, "series", b->series[s]);
		for (int g = 0; g < b->ngroups; g++) {
			if (!b->have[s][g])
				continue;
			char label[64] = "", q[140];
			if (st->fmt)
				st->fmt(label, sizeof label, b->v[s][g]);
			gp_datastr(q, sizeof q, label);
			double x = g + 1 - ingroup[g] * width / 2 + width * (slot[g]++ + 0.5);
			xpos[s][g] = x;
			double top = b->hi[s][g]; /* the value label goes above its marks too */
			for (int i = 0; i < b->nmark[s][g]; i++)
				top = fmax(top, b->mark[s][g][i]);
			fprintf(d, "%.6f %.9g %.9g %.9g %d %s %.9g\n", x, b->v[s][g], b->lo[s][g],
			        b->hi[s][g], b->reduced[s][g], q, top);
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
	char *pre = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&pre, &len);
	if (!f) {
		fclose(d);
		return NULL;
	}
	marks_out(d, f, b, xpos, width);
	fclose(d);
	rp_common_vars(f, st, any_reduced);
	ps_arrays(f, b->series, sty, np);
	fprintf(f, "ngroups = %d\n", b->ngroups);
	fprintf(f, "logy = %d\nrefline = %s\nbarwidth = %.6f\nshow_labels = %d\nany_reduced = %d\n",
	        rp_want_log(vmin, vmax), isnan(st->refline) ? "NaN" : "1.0", width,
	        st->fmt && np * b->ngroups <= 40, any_reduced);
	if (!isnan(st->refline))
		fprintf(f, "refline = %.9g\n", st->refline);
	rp_var_str(f, "reflabel", st->reflabel);
	int w = b->ngroups > 8 ? 1200 : 960, lines,
	    rot = xlabel_rotation(b, present, np, w, &lines);
	fprintf(f, "width = %d\nxrot = %d\nxlab_lines = %d\n", w, rot, lines);
	fclose(f);
	rp_chart *ch = rp_add_chart(c, st->name, "bars", pre, st->title, st->caption);
	free(pre);
	if (ch) {
		ch->width = w;
		ch->height = 540;
	}
	return ch;
}
