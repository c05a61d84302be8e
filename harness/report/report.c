/* report.c — see report.h: where the output goes, the order of the charts, and
 * what the command prints (a line per problem, the findings, the page's path). */
#include "report.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/file_read.h"
#include "charts/charts.h"
#include "findings/findings.h"
#include "page/html.h"
#include "safe_text.h"

/* A host label as one component of a directory name: [A-Za-z0-9._-] kept,
 * every other byte '_', at most 40 characters, and never "", "." or ".."
 * (a leading '.' becomes '_'), so the name stays inside the directory it is
 * made in whatever env.json's `host` says ("../x", "/tmp/x", a newline). */
static void host_component(const char *label, char *out, size_t len)
{
	size_t w = 0;
	for (const char *p = label; *p && w + 1 < len && w < 40; p++)
		out[w++] =
		    strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p)
		        ? *p
		        : '_';
	out[w] = '\0';
	if (w == 0)
		snprintf(out, len, "host");
	else if (out[0] == '.')
		out[0] = '_';
}

/* The output directory: --out, the one input directory, or for several a
 * directory beside the first named after the hosts (report-hostA-hostB), each
 * host's part made by host_component: one component, inside the first's parent. */
static bool choose_out(const report_model *m, const report_opts *o, char *out, size_t len,
                       char *err, size_t errlen)
{
	if (o->out)
		snprintf(out, len, "%s", o->out);
	else if (m->nhosts == 1)
		snprintf(out, len, "%s", m->hosts[0].dir.path);
	else {
		char first[4096], name[256] = "report";
		snprintf(first, sizeof first, "%s", m->hosts[0].dir.path);
		for (int h = 0; h < m->nhosts; h++) {
			char part[48];
			size_t w = strlen(name);
			host_component(m->hosts[h].label, part, sizeof part);
			if (w + strlen(part) + 2 < sizeof name)
				snprintf(name + w, sizeof name - w, "-%s", part);
		}
		snprintf(out, len, "%.4000s/%s", dirname(first), name);
	}
	if (mkdir(out, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %.600s: %s", out, strerror(errno));
		return false;
	}
	if (!file_is_dir(out)) {
		snprintf(err, errlen, "%.600s: not a directory", out);
		return false;
	}
	return true;
}

/* Prints why charts are missing, one line each (values escaped: safe_text.h). */
static void say_charts(const rp_ctx *c)
{
	int rendered = 0;
	for (int i = 0; i < c->ncharts; i++)
		rendered += c->charts[i].rendered;
	char line[8300];
	snprintf(line, sizeof line, "%d of %d charts rendered (SVG and PNG) in %s", rendered,
	         c->ncharts, c->gp.charts);
	safe_line(stderr, "corobench report: ", line);
	if (!c->gp.gnuplot[0])
		fprintf(stderr,
		        "corobench report: charts not rendered: %s; the data, gnuplot scripts, "
		        "tables and findings are written\n",
		        c->gp.why_no_gnuplot);
	else
		for (int i = 0; i < c->ncharts; i++)
			if (!c->charts[i].rendered) {
				snprintf(line, sizeof line, "%s not rendered: %s",
				         c->charts[i].name, c->charts[i].why);
				safe_line(stderr, "corobench report: ", line);
			}
	if (c->gp.kept_old) {
		snprintf(line, sizeof line,
		         "%.4000s left as it was (this report could not render every chart); this "
		         "report's chart files are in %.4000s",
		         c->gp.final, c->gp.charts);
		safe_line(stderr, "corobench report: ", line);
	}
	for (int i = 0; i < c->nomitted; i++)
		safe_line(stderr, "corobench report: omitted: ", c->omitted[i]);
}

int report_run(char *const *dirs, int ndirs, const report_opts *o, char *html_path, size_t html_len)
{
	static report_model m;
	static rp_ctx c;
	char err[800];
	if (!rm_load(&m, dirs, ndirs, err, sizeof err)) {
		safe_line(stderr, "corobench report: ", err);
		return 2;
	}
	memset(&c, 0, sizeof c);
	c.m = &m;
	c.log = stderr;
	if (!choose_out(&m, o, c.outdir, sizeof c.outdir, err, sizeof err) ||
	    !gp_init(&c.gp, c.outdir, o->scripts, err, sizeof err)) {
		safe_line(stderr, "corobench report: ", err);
		rm_free(&m);
		return 2;
	}
	rp_chart_cost(&c);
	rp_chart_scaling(&c);
	rp_chart_channels(&c);
	rp_chart_latency(&c);
	rp_chart_net(&c);
	rp_chart_c2c(&c);
	rp_chart_counters(&c);
	rp_chart_speedup(&c);
	rp_chart_placement(&c);
	rp_render_charts(&c);
	bool all = true;
	for (int i = 0; i < c.ncharts; i++)
		all = all && c.charts[i].rendered;
	int rc = 0;
	if (!gp_commit(&c.gp, all, err, sizeof err)) {
		safe_line(stderr, "corobench report: ", err);
		gp_abort(&c.gp);
		rc = 2;
	}

	static rp_findings
	    f; /* a few MB with the summary and the claims of every host: not on the stack */
	rp_findings_make(&m, &f);
	snprintf(html_path, html_len, "%.4000s/report.html", c.outdir);
	if (rc == 0 && !report_html_write(&c, &f, html_path, err, sizeof err)) {
		safe_line(stderr, "corobench report: ", err);
		rc = 2;
	}
	say_charts(&c);
	if (rc == 0) {
		printf("findings:\n");
		for (int i = 0; i < f.n && i < 12; i++) {
			char line[1400];
			snprintf(line, sizeof line, "%s%s%s", f.items[i].group,
			         f.items[i].group[0] ? ", " : "", f.items[i].text);
			safe_line(stdout, "  - ", line);
		}
		safe_line(stdout, "report: ", html_path);
	}
	free(c.charts);
	rm_free(&m);
	return rc;
}
