/* html_charts.c — see html_charts.h. */
#include "html_charts.h"

#include <stdlib.h>
#include <string.h>

#include "../../base/file_read.h"
#include "html_text.h"

#define HTML_MAX_IMAGE (32u << 20) /* a chart is ~50 KiB; 32 MiB means something is wrong */
#define HTML_WIDTH     1280        /* the page's content width (html.c's css)             */

static void base64(FILE *out, const unsigned char *b, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)b[i] << 16 | (i + 1 < n ? (unsigned)b[i + 1] << 8 : 0) |
		             (i + 2 < n ? b[i + 2] : 0);
		fputc(tab[v >> 18 & 63], out);
		fputc(tab[v >> 12 & 63], out);
		fputc(i + 1 < n ? tab[v >> 6 & 63] : '=', out);
		fputc(i + 2 < n ? tab[v & 63] : '=', out);
	}
}

/* <img> with the chart inlined: SVG if present, else PNG; at its own size
 * (scaled down to the page, or to half of it). */
static bool inline_image(FILE *out, const rp_ctx *c, const rp_chart *ch)
{
	static const char *const ext[] = {"svg", "png"};
	static const char *const mime[] = {"image/svg+xml", "image/png"};
	for (int k = 0; k < 2; k++) {
		char path[4400], *buf, err[200];
		size_t len;
		snprintf(path, sizeof path, "%s/%s.%s", c->gp.charts, ch->name, ext[k]);
		if (!file_read_all(path, HTML_MAX_IMAGE, &buf, &len, err, sizeof err))
			continue;
		fprintf(out, "<img alt=\"");
		html_text(out, ch->title);
		fprintf(out, "\"");
		if (ch->width > 0 && ch->height > 0) {
			int w = ch->width, max = ch->half ? HTML_WIDTH / 2 - 12 : HTML_WIDTH;
			if (w > max)
				w = max;
			fprintf(out, " width=\"%d\" height=\"%d\"", w, ch->height * w / ch->width);
		}
		fprintf(out, " src=\"data:%s;base64,", mime[k]);
		base64(out, (const unsigned char *)buf, len);
		fprintf(out, "\">\n");
		free(buf);
		return true;
	}
	return false;
}

/* One chart: heading (its anchor is its file stem), image, caption, files. */
static void figure(FILE *out, const rp_ctx *c, const rp_chart *ch, const char *dir)
{
	fprintf(out, "<figure id=\"");
	html_text(out, ch->name);
	fprintf(out, "\"%s><h3 id=\"h-", ch->half ? " class=\"half\"" : "");
	html_text(out, ch->name);
	fprintf(out, "\">");
	html_text(out, ch->title);
	fprintf(out, "</h3>\n");
	if (!ch->rendered || !inline_image(out, c, ch)) {
		fprintf(out, "<p class=\"warn\">Not rendered: ");
		html_text(out, ch->why);
		fprintf(out, "</p>\n");
	}
	fprintf(out, "<figcaption>");
	html_text(out, ch->caption);
	fprintf(out, " <span class=\"meta\">Files: ");
	static const char *const ext[] = {"png", "svg", "dat", "gp"};
	for (int k = 0; k < 4; k++) {
		fprintf(out, "%s<a href=\"", k ? ", " : "");
		html_text(out, dir);
		fputc('/', out);
		html_text(out, ch->name);
		fprintf(out, ".%s\">%s</a>", ext[k], ext[k]);
	}
	fprintf(out, ".</span></figcaption></figure>\n");
}

/* The charts with story == want, half-width ones paired in a row. */
static void figures(FILE *out, const rp_ctx *c, bool want, const char *dir)
{
	for (int i = 0; i < c->ncharts; i++) {
		const rp_chart *ch = &c->charts[i];
		if (ch->story != want)
			continue;
		bool pair = ch->half &&
		            (i == 0 || !c->charts[i - 1].half || c->charts[i - 1].story != want);
		if (pair)
			fprintf(out, "<div class=\"row\">\n");
		figure(out, c, ch, dir);
		if (ch->half && (i + 1 == c->ncharts || !c->charts[i + 1].half ||
		                 c->charts[i + 1].story != want))
			fprintf(out, "</div>\n");
	}
}

void rp_charts_html(FILE *out, const rp_ctx *c)
{
	fprintf(out, "<h2 id=\"charts\">Charts</h2>\n");
	const char *slash = strrchr(c->gp.charts, '/');
	const char *dir = slash ? slash + 1 : c->gp.charts; /* charts or charts.incomplete */
	if (!c->gp.gnuplot[0]) {
		fprintf(out, "<p class=\"warn\">Charts not rendered: ");
		html_text(out, c->gp.why_no_gnuplot);
		fprintf(out, ". The data and gnuplot scripts are in <code>");
		html_text(out, dir);
		fprintf(out, "/</code>.</p>\n");
	}
	if (c->gp.kept_old) {
		fprintf(out,
		        "<p class=\"warn\">Not every chart could be rendered, so the charts an "
		        "earlier report left in <code>charts/</code> were kept as they were; this "
		        "report's chart files are in <code>");
		html_text(out, dir);
		fprintf(out, "/</code>.</p>\n");
	}
	figures(out, c, true, dir);
	int more = 0;
	for (int i = 0; i < c->ncharts; i++)
		more += !c->charts[i].story;
	if (more + c->nomitted == 0)
		return;
	fprintf(out, "<details class=\"more\"><summary><h3 id=\"more-charts\">More charts (%d)",
	        more);
	if (c->nomitted)
		fprintf(out, " and %d not drawn", c->nomitted);
	fprintf(out, "</h3></summary>\n");
	figures(out, c, false, dir);
	if (c->nomitted) {
		fprintf(out, "<h4 id=\"not-drawn\">Not drawn</h4>\n<ul>\n");
		for (int i = 0; i < c->nomitted; i++) {
			fprintf(out, "<li>");
			html_text(out, c->omitted[i]);
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ul>\n");
	}
	fprintf(out, "</details>\n");
}
