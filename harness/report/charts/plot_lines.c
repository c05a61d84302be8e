/*
 * plot_lines.c — the line shape of plot.h (rp_lines): one polyline per
 * series, in one plot or in small multiples (panels).
 *
 * Panels: a chart whose series carry a facet (rp_lines.facet: "threads=2", a
 * workload) and a line budget (max_lines) is drawn as a grid of panels, one
 * per facet; a facet with more lines than the budget is split by runtime,
 * packing whole runtimes (gmp and go first, so Go sits beside gmp) into panels
 * of at most max_lines lines, a runtime with more than that on its own
 * panels. The panels share the x range and, for latency, the y range, so
 * they read as one chart; the facet is left out of each legend entry (the
 * panel's title says it).
 *
 * References (rp_lines.ref: the floors under a latency spectrum) are not a
 * runtime of their own: each is drawn in every panel of its facet that holds
 * a runtime it bounds (floors.h's kinds: pthread, the user-space runtimes, or
 * any), after that panel's series, and counts against its line budget, so a
 * runtime's panel shrinks by the references it carries. A chart drawn as one
 * plot draws them all.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../results/floors.h"
#include "plot.h"
#include "plot_style.h"

/* `array xt[n] = [...]`: the x positions that get a tic (numbers only; the
 * template labels them with gnuplot's own number format). */
static void xtics_array(FILE *f, const double *pos, int n)
{
	fprintf(f, "array xt[%d] = [", n > 0 ? n : 1);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s%.9g", i ? ", " : "", pos[i]);
	fprintf(f, "%s]\n", n > 0 ? "" : "1");
}

bool rp_lines_series(rp_lines *l, const char *label)
{
	if (l->nseries == RP_MAX_SERIES)
		return false;
	l->facet[l->nseries] = NULL;
	l->ref[l->nseries] = 0;
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
	l->flagged[i] = false;
	l->start[l->nseries] = l->npts;
	return true;
}

void rp_lines_flag(rp_lines *l)
{
	if (l->npts > 0)
		l->flagged[l->npts - 1] = true;
}

/* Lines drawn at most: every series once, a reference once per panel. */
#define RP_MAX_DRAWN (2 * RP_MAX_SERIES)

/* The panels of a chart. */
typedef struct panels {
	int n;                          /* panels (0: one plot)                 */
	int first[RP_MAX_SERIES];       /* drawn series first[p]..last[p] (1-based) */
	int last[RP_MAX_SERIES];        /*                                      */
	char title[RP_MAX_SERIES][200]; /* facet, and the runtimes when split  */
	int cols, rows;                 /* grid                                 */
} panels;

/* The runtime of a label ("host: gmp/go, threads=1" -> "gmp"); every floor
 * ("floor-c2c (l3), threads=2") is "floor", so floors take dashes in turn. */
static void runtime_of(const char *label, char *out, size_t len)
{
	const char *sep = strstr(label, ": ");
	const char *k = sep && sep < label + strcspn(label, "/,") ? sep + 2 : label;
	int n = (int)strcspn(k, "/, ");
	snprintf(out, len, "%.*s", strncmp(k, "floor", 5) ? n : 5, k);
}

/* Whether reference series s bounds runtime rt (rp_lines.ref). */
static bool ref_bounds(const rp_lines *l, int s, const char *rt)
{
	floor_rt_kind k = (floor_rt_kind)(l->ref[s] - 1);
	return k == FLOOR_RT_ANY || k == floor_rt_kind_of(rt);
}

/* The packing order of runtimes inside a facet: gmp, go, pthread, others. */
static int rt_rank(const char *rt)
{
	return !strcmp(rt, "gmp") ? 0 : !strcmp(rt, "go") ? 1 : !strcmp(rt, "pthread") ? 2 : 3;
}

static bool in_facet(const rp_lines *l, const ps_style *st, const char *facet, const char *rt)
{
	char r[64];
	runtime_of(l->series[st->order], r, sizeof r);
	return !l->ref[st->order] && l->facet[st->order] && !strcmp(l->facet[st->order], facet) &&
	       !strcmp(r, rt);
}

/* The panel being filled: its references so far. */
typedef struct open_panel {
	bool ref[RP_MAX_SERIES]; /* sty[k] is one of its references */
	int nref;                /* count                          */
	int lines;               /* its own series; -1: none open   */
} open_panel;

/* References of facet f that runtime rt needs and panel o lacks; marks them
 * when `take`. */
static int refs_for(const rp_lines *l, const ps_style *sty, int np, const char *f, const char *rt,
                    open_panel *o, bool take)
{
	int n = 0;
	for (int k = 0; k < np; k++) {
		int s = sty[k].order;
		if (l->ref[s] && l->facet[s] && !strcmp(l->facet[s], f) && !o->ref[k] &&
		    ref_bounds(l, s, rt)) {
			n++;
			if (take) {
				o->ref[k] = true;
				o->nref++;
			}
		}
	}
	return n;
}

/* Closes the open panel: its references after its series. */
static int close_panel(panels *pn, const ps_style *sty, int np, open_panel *o, ps_style *out, int n)
{
	for (int k = 0; k < np && o->lines >= 0 && n < RP_MAX_DRAWN; k++)
		if (o->ref[k]) {
			out[n++] = sty[k];
			pn->last[pn->n - 1] = n;
		}
	memset(o, 0, sizeof *o);
	o->lines = -1;
	return n;
}

/* Opens panel "facet: rt" (false when the grid is full). */
static bool new_panel(panels *pn, const char *facet, const char *rt, int next)
{
	if (pn->n == RP_MAX_SERIES)
		return false;
	pn->first[pn->n] = next;
	pn->last[pn->n] = next - 1;
	snprintf(pn->title[pn->n++], sizeof pn->title[0], "%.100s: %.60s", facet, rt);
	return true;
}

/* Reorders sty[0..np) into panels (see the top) and fills pn; nothing when the
 * series carry no facet or the chart fits its budget unsplit. Returns the
 * lines drawn: a reference once per panel it joins (sty holds RP_MAX_DRAWN). */
static int make_panels(const rp_lines *l, ps_style *sty, int np, panels *pn)
{
	pn->n = 0;
	if (l->max_lines <= 0 || !l->facet[sty[0].order] ||
	    (np <= l->max_lines && !l->always_panels))
		return np;
	const char *facets[RP_MAX_SERIES], *rts[RP_MAX_SERIES];
	int nf = 0, per_facet = -1;
	for (int k = 0; k < np; k++)
		if (l->facet[sty[k].order])
			rm_find_or_add(facets, &nf, RP_MAX_SERIES, l->facet[sty[k].order]);
	ps_style out[RP_MAX_DRAWN];
	char names[RP_MAX_SERIES][64];
	int n = 0;
	static open_panel o;
	for (int f = 0; f < nf; f++) {
		int nrt = 0, before = pn->n;
		for (int rank = 0; rank < 4; rank++) /* gmp, go, pthread, others */
			for (int k = 0; k < np; k++) {
				runtime_of(l->series[sty[k].order], names[k], sizeof names[k]);
				if (!l->ref[sty[k].order] && l->facet[sty[k].order] &&
				    !strcmp(l->facet[sty[k].order], facets[f]) &&
				    rt_rank(names[k]) == rank)
					rm_find_or_add(rts, &nrt, RP_MAX_SERIES, names[k]);
			}
		memset(&o, 0, sizeof o);
		o.lines = -1; /* no panel open */
		for (int r = 0; r < nrt; r++) {
			int count = 0;
			for (int k = 0; k < np; k++)
				count += in_facet(l, &sty[k], facets[f], rts[r]);
			int more = refs_for(l, sty, np, facets[f], rts[r], &o, false);
			if (o.lines < 0 || o.lines + o.nref + count + more > l->max_lines) {
				n = close_panel(pn, sty, np, &o, out, n);
				if (!new_panel(pn, facets[f], rts[r], n + 1))
					break;
				o.lines = 0;
			} else {
				size_t w = strlen(pn->title[pn->n - 1]);
				snprintf(pn->title[pn->n - 1] + w, sizeof pn->title[0] - w,
				         ", %.60s", rts[r]);
			}
			refs_for(l, sty, np, facets[f], rts[r], &o, true);
			for (int k = 0; k < np; k++) {
				if (!in_facet(l, &sty[k], facets[f], rts[r]))
					continue;
				/* a runtime with more lines than a panel holds goes on, its
				 * references with it */
				if (o.lines + o.nref >= l->max_lines && o.lines > 0) {
					n = close_panel(pn, sty, np, &o, out, n);
					if (!new_panel(pn, facets[f], rts[r], n + 1))
						break;
					o.lines = 0;
					refs_for(l, sty, np, facets[f], rts[r], &o, true);
				}
				if (n == RP_MAX_DRAWN)
					break;
				out[n++] = sty[k];
				pn->last[pn->n - 1] = n;
				o.lines++;
			}
		}
		n = close_panel(pn, sty, np, &o, out, n);
		int here = pn->n - before;
		if (here == 1) /* the facet whole: its name is the title */
			snprintf(pn->title[before], sizeof pn->title[0], "%.190s", facets[f]);
		per_facet = per_facet < 0 || per_facet == here ? here : 0;
	}
	memcpy(sty, out, sizeof *sty * (size_t)n);
	/* a row per facet when each has the same number of panels (2 or more),
	 * else up to 3 a row */
	pn->cols = l->cols > 0 ? l->cols : per_facet >= 2 ? per_facet : pn->n < 3 ? pn->n : 3;
	pn->rows = (pn->n + pn->cols - 1) / pn->cols;
	return n;
}

/* The legend entries: each label without ", <facet>" when panels show the
 * facet in their titles. */
static void legend(const rp_lines *l, const panels *pn, char (*out)[RM_NAME + 160],
                   const char **titles)
{
	for (int s = 0; s < l->nseries; s++) {
		snprintf(out[s], sizeof out[0], "%s", l->series[s]);
		const char *f = l->facet[s];
		char *at = pn->n && f ? strstr(out[s], f) : NULL;
		if (at && at - out[s] >= 2 && !strncmp(at - 2, ", ", 2))
			memmove(at - 2, at + strlen(f), strlen(at + strlen(f)) + 1);
		else if (at == out[s] && at[strlen(f)] == '\0')
			snprintf(out[s], sizeof out[0], "%s", "all");
		titles[s] = out[s];
	}
}

/* The panel arrays of a preamble (npanels = 0: one plot). */
static void panel_arrays(FILE *f, const panels *pn, int height)
{
	fprintf(f, "npanels = %d\n", pn->n);
	if (!pn->n)
		return;
	fprintf(f,
	        "pcols = %d\nprows = %d\nheight = %d\narray pfirst[%d]\narray plast[%d]\n"
	        "array ptitle[%d]\n",
	        pn->cols, pn->rows, height, pn->n, pn->n, pn->n);
	for (int p = 0; p < pn->n; p++) {
		char q[400];
		gp_str(q, sizeof q, pn->title[p]);
		fprintf(f, "pfirst[%d] = %d; plast[%d] = %d; ptitle[%d] = %s\n", p + 1,
		        pn->first[p], p + 1, pn->last[p], p + 1, q);
	}
}

rp_chart *rp_lines_emit(rp_ctx *c, const rp_lines *l, const rp_style *st, const char *kind)
{
	bool latency = strcmp(kind, "latency") == 0;
	int present[RP_MAX_SERIES], np = 0;
	double xmin = INFINITY, xmax = 0, vmin = INFINITY, vmax = 0;
	double xs[64];
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
		return NULL;
	ps_style sty[RP_MAX_DRAWN];
	ps_assign(l->series, present, np, c->m->nhosts > 1, sty);
	static panels pn;
	np = make_panels(l, sty, np, &pn);
	/* dashes: every line of a runtime in one panel (or the one plot) its own,
	 * so the shades of its variants and the twins of one variant (threads,
	 * open and closed loop) all differ twice */
	for (int k = 0, p = 0; k < np; k++) {
		while (pn.n && p < pn.n - 1 && k + 1 > pn.last[p])
			p++;
		int from = pn.n ? pn.first[p] - 1 : 0;
		char rk[64], rj[64];
		runtime_of(l->series[sty[k].order], rk, sizeof rk);
		if (!strcmp(rk, "floor"))
			continue; /* a floor keeps its own dash (plot_style.h) */
		sty[k].dash = 1;
		for (int j = from; j < k; j++) {
			runtime_of(l->series[sty[j].order], rj, sizeof rj);
			sty[k].dash += !strcmp(rk, rj);
		}
	}
	FILE *d = rp_open_data(c, st->name);
	if (!d)
		return NULL;
	rp_data_comment(d, "chart", st->title);
	fprintf(d, "# %s\n",
	        latency ? "1/(1-p) latency" : "x value ci_low ci_high reduced flagged");
	for (int k = 0; k < np; k++) {
		int s = sty[k].order;
		if (k)
			fprintf(d, "\n\n");
		rp_data_comment(d, "series", l->series[s]);
		for (int i = l->start[s]; i < l->start[s + 1]; i++) {
			if (latency)
				fprintf(d, "%.9g %.9g\n", l->x[i], l->v[i]);
			else
				fprintf(d, "%.9g %.9g %.9g %.9g %d %d\n", l->x[i], l->v[i],
				        l->lo[i], l->hi[i], l->reduced[i], l->flagged[i]);
		}
	}
	fclose(d);
	char *pre = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&pre, &len);
	if (!f)
		return NULL;
	bool any_reduced = false, any_flagged = false;
	for (int i = 0; i < l->npts; i++) {
		any_reduced = any_reduced || l->reduced[i];
		any_flagged = any_flagged || l->flagged[i];
	}
	/* the footnote: the reduced-size note and the flag's, each when it applies */
	char note[600];
	snprintf(note, sizeof note, "%s%s%s", any_reduced && st->footnote ? st->footnote : "",
	         any_reduced && st->footnote && any_flagged && st->flag_note ? "  " : "",
	         any_flagged && st->flag_note ? st->flag_note : "");
	rp_style with_note = *st;
	with_note.footnote = note;
	rp_common_vars(f, &with_note, note[0] != '\0');
	static char names[RP_MAX_SERIES][RM_NAME + 160];
	const char *titles[RP_MAX_SERIES];
	legend(l, &pn, names, titles);
	ps_arrays(f, titles, sty, np);
	int width = st->width > 0 ? st->width : 960;
	int height = pn.n ? 70 + pn.rows * (l->panel_height > 0 ? l->panel_height : 300) : 540;
	fprintf(f, "width = %d\n", width);
	panel_arrays(f, &pn, height);
	if (latency) {
		/* the next power of 10 above the deepest percentile level shown; one
		 * y range for every panel */
		fprintf(f, "xmax = %.0f\nymin = %.9g\nymax = %.9g\n",
		        pow(10, ceil(log10(fmax(xmax, 10)))), vmin, vmax);
	} else {
		xtics_array(f, xs, nx);
		double pad = st->logx ? 1.4 : (xmax - xmin) * 0.1 + 0.5;
		fprintf(f, "xmin = %.9g\nxmax = %.9g\nlogx = %d\nlogy = %d\n",
		        st->logx ? xmin / pad : xmin - pad, st->logx ? xmax * pad : xmax + pad,
		        st->logx, rp_want_log(vmin, vmax));
	}
	fclose(f);
	rp_chart *ch = rp_add_chart(c, st->name, kind, pre, st->title, st->caption);
	free(pre);
	if (ch) {
		ch->width = width;
		ch->height = height;
	}
	return ch;
}
