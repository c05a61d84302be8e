/* html.c — see html.h: the page's head, findings, claims and charts, the method,
 * and the order of the sections. */
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../base/atomic_file.h"
#include "../../base/file_read.h"
#include "../../base/version.h"
#include "html_claims.h"
#include "html_machine.h"
#include "html_results.h"
#include "html_text.h"

#define HTML_MAX_IMAGE (32u << 20) /* a chart is ~50 KiB; 32 MiB means something is wrong */

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

/* <img> with the chart inlined: SVG if present, else PNG. */
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
		fprintf(out, "\" src=\"data:%s;base64,", mime[k]);
		base64(out, (const unsigned char *)buf, len);
		fprintf(out, "\">\n");
		free(buf);
		return true;
	}
	return false;
}

static const char css[] =
    "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1280px;"
    "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
    "h1{margin-bottom:0}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}"
    ".meta{color:#666}figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #eee}"
    "figcaption{color:#444;font-size:.93em;max-width:960px}"
    "table{border-collapse:collapse;font-size:.88em;margin:.5em 0}"
    "th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tr:nth-child(even){background:#f8f8f8}.warn{color:#a33}.flag{color:#a33}"
    ".holds{color:#185}.nothold{color:#a33}.unknown{color:#777}"
    "code{background:#f3f3f3;padding:0 .2em}nav a{margin-right:1em}";

static void header(FILE *out, const rp_ctx *c)
{
	const report_model *m = c->m;
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	             "<title>corobench report: ");
	for (int h = 0; h < m->nhosts; h++) {
		fputs(h ? ", " : "", out);
		html_text(out, m->hosts[h].label);
	}
	fprintf(out, "</title>\n<style>%s</style></head><body>\n<h1>corobench report</h1>\n", css);
	time_t now = time(NULL);
	char when[64];
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", localtime(&now));
	fprintf(out, "<p class=\"meta\">");
	for (int h = 0; h < m->nhosts; h++) {
		const rr_dir *d = &m->hosts[h].dir;
		const char *started = jsonr_get(&d->env, "started");
		fprintf(out, "%shost <b>", h ? "<br>" : "");
		html_text(out, m->hosts[h].label);
		fprintf(out, "</b>: <code>");
		html_text(out, d->path);
		fprintf(out, "</code>, %d repetitions of %d configurations", d->nruns,
		        m->hosts[h].ns.n);
		if (started) {
			fprintf(out, ", started ");
			html_text(out, started);
		}
		for (int p = 0; p < m->hosts[h].nparts; p++) {
			fprintf(out, "%s<code>", p ? ", " : "; with ");
			html_text(out, m->hosts[h].parts[p].name);
			fprintf(out, "/</code>%s", m->hosts[h].parts[p].ok ? "" : " (left out)");
		}
	}
	fprintf(out, "<br>written by corobench %s on %s.</p>\n", COROBENCH_VERSION, when);
	fprintf(out, "<nav><a href=\"#findings\">Findings</a><a href=\"#claims\">Claims checked</a>"
	             "<a href=\"#charts\">Charts</a><a href=\"#results\">Results</a>"
	             "<a href=\"#machine\">Machine</a><a href=\"#method\">Method</a></nav>\n");
}

static void findings_html(FILE *out, const rp_findings *f)
{
	fprintf(out,
	        "<h2 id=\"findings\">Findings</h2>\n<p class=\"meta\">Computed from runs.csv "
	        "when this page was written. The %d Mann-Whitney U tests behind the findings and "
	        "claims of this page are one family: q is the Benjamini-Hochberg adjusted "
	        "p-value, and a factor is stated only where q &lt; 0.05 (so at most 5%% of the "
	        "differences called significant are expected to be false). Where the "
	        "repetitions are too few for any test to reach significance, the sentence says "
	        "so instead of giving a factor.</p>\n<ul>\n",
	        f->ntests);
	for (int i = 0; i < f->n; i++) {
		fprintf(out, "<li>");
		html_text(out, f->items[i].text);
		fprintf(out, "</li>\n");
	}
	fprintf(out, "</ul>\n");
	html_claims(out, f);
}

static void charts_html(FILE *out, const rp_ctx *c)
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
	for (int i = 0; i < c->ncharts; i++) {
		const rp_chart *ch = &c->charts[i];
		fprintf(out, "<figure id=\"");
		html_text(out, ch->name);
		fprintf(out, "\"><h3>");
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
	if (c->nomitted) {
		fprintf(out, "<h3>Not drawn</h3>\n<ul>\n");
		for (int i = 0; i < c->nomitted; i++) {
			fprintf(out, "<li>");
			html_text(out, c->omitted[i]);
			fprintf(out, "</li>\n");
		}
		fprintf(out, "</ul>\n");
	}
}

static void method_html(FILE *out)
{
	fprintf(
	    out,
	    "<h2 id=\"method\">Method</h2>\n<ul>\n"
	    "<li>Each configuration ran in several child processes (rounds), shuffled with all "
	    "others; warm-up repetitions were discarded; the clock (CLOCK_MONOTONIC) surrounds "
	    "only the workload's timed region, and a repetition counts only if its answer "
	    "check passed.</li>\n"
	    "<li>Median with a distribution-free 95%% confidence interval from order statistics "
	    "(binomial ranks; fewer than 6 repetitions: no interval exists, min..max is shown); "
	    "<i>unstable</i> when the interval's half-width exceeds 5%% of the median; outliers by "
	    "Tukey's fences, "
	    "counted and kept.</li>\n"
	    "<li>Comparisons: ratio of medians with a 95%% percentile-bootstrap interval (10,000 "
	    "resamples, fixed seed); significance by the two-sided Mann-Whitney U test (exact "
	    "below 50 repetitions a side without ties, else normal with tie correction).</li>\n"
	    "<li>Many comparisons at once: every U test behind this page's findings and claims "
	    "belongs to one family, whose p-values are adjusted by Benjamini and Hochberg's "
	    "step-up procedure (1995); a difference is called significant, and a factor "
	    "stated, only when its adjusted q is below 0.05, which bounds the expected share "
	    "of false statements among them at 5%%. A test that cannot reach p &lt; 0.05 with "
	    "its repetitions (3+3: the smallest exact p is 0.1) states no factor and says "
	    "so. A geometric mean over configurations carries a 95%% percentile-bootstrap "
	    "interval over those configurations (2,000 resamples, fixed seed), or is labelled "
	    "descriptive below 5 configurations.</li>\n"
	    "<li>Intervals: the 95%% CI of the median exists from 6 repetitions on; below that "
	    "the tables mark the interval <i>min..max</i> and the charts' whiskers span the "
	    "range. Such a configuration is never called stable.</li>\n"
	    "<li>A configuration with failed rounds (failures.csv: timeout, crash, wrong "
	    "answer) is flagged in the tables, and every finding or claim that uses it names "
	    "its failed rounds.</li>\n"
	    "<li>Warm-up check: the first quarter of the repetitions of each round against the "
	    "rest, one-sided U test, flagged when p &lt; 0.05 and more than 5%% slower.</li>\n"
	    "<li>Tail latency: pipeline in the main run is closed loop (the source emits the "
	    "next event as soon as it can), so a stall also holds back the events behind it and "
	    "they are never measured as late: coordinated omission hides the tail. make bench "
	    "also runs it open loop (<code>pipeline-open/</code>, --param rate=R): event i is due "
	    "at t0 + i/R and its latency counts from that due time, so a stall shows in every "
	    "event it delayed. Read the open-loop curve for tail latency; the closed-loop one "
	    "for cost at saturation.</li>\n"
	    "<li>Counters come from a separate pass (<code>counters/</code>) when the suite ran "
	    "without them: inherited counters add work to every thread creation and context "
	    "switch, which would bias the timed suite.</li>\n"
	    "<li>Rows that ran a reduced size (a runtime could not reach the requested n) are "
	    "hatched in the charts and never compared with full-size rows.</li>\n"
	    "<li>Reproduce: <code>corobench compare DIR_A DIR_B</code> or "
	    "<code>corobench compare DIR --by runtime=pthread,gmp</code> prints the "
	    "significance-tested table; every chart's data and gnuplot script are in "
	    "<code>charts/</code>.</li>\n</ul>\n");
}

bool report_html_write(const rp_ctx *c, const rp_findings *f, const char *path, char *err,
                       size_t errlen)
{
	atomic_file a;
	if (!atomic_open(&a, path, err, errlen))
		return false;
	header(a.f, c);
	findings_html(a.f, f);
	charts_html(a.f, c);
	rp_results_html(a.f, c->m);
	rp_machine_html(a.f, c->m);
	method_html(a.f);
	fprintf(a.f, "</body></html>\n");
	return atomic_commit(&a, err, errlen);
}
