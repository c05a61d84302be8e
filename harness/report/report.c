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

/* The output directory: --out, the one input directory, or for several a
 * directory beside the first named after the hosts (report-hostA-hostB). */
static bool choose_out(const report_model *m, const report_opts *o, char *out, size_t len,
                       char *err, size_t errlen)
{
	if (o->out)
		snprintf(out, len, "%s", o->out);
	else if (m->nhosts == 1)
		snprintf(out, len, "%s", m->hosts[0].dir.path);
	else {
		char first[4096];
		snprintf(first, sizeof first, "%s", m->hosts[0].dir.path);
		size_t w = (size_t)snprintf(out, len, "%s/report", dirname(first));
		for (int h = 0; h < m->nhosts && w < len; h++)
			w += (size_t)snprintf(out + w, len - w, "-%s", m->hosts[h].label);
		for (char *p = out + strlen(first); *p; p++)
			if (*p == '#' || *p == ' ')
				*p = '_';
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

int report_run(char *const *dirs, int ndirs, const report_opts *o, char *html_path, size_t html_len)
{
	static report_model m;
	static rp_ctx c;
	char err[800];
	if (!rm_load(&m, dirs, ndirs, err, sizeof err)) {
		fprintf(stderr, "corobench report: %s\n", err);
		return 2;
	}
	memset(&c, 0, sizeof c);
	c.m = &m;
	c.log = stderr;
	if (!choose_out(&m, o, c.outdir, sizeof c.outdir, err, sizeof err) ||
	    !gp_init(&c.gp, c.outdir, o->scripts, err, sizeof err)) {
		fprintf(stderr, "corobench report: %s\n", err);
		rm_free(&m);
		return 2;
	}
	rp_chart_cost(&c);
	rp_chart_scaling(&c);
	rp_chart_channels(&c);
	rp_chart_latency(&c);
	rp_chart_c2c(&c);
	rp_chart_counters(&c);
	rp_chart_speedup(&c);
	rp_chart_placement(&c);
	rp_render_charts(&c);

	rp_findings f;
	rp_findings_make(&m, &f);
	snprintf(html_path, html_len, "%.4000s/report.html", c.outdir);
	int rc = 0;
	if (!report_html_write(&c, &f, html_path, err, sizeof err)) {
		fprintf(stderr, "corobench report: %s\n", err);
		rc = 2;
	}

	int rendered = 0;
	for (int i = 0; i < c.ncharts; i++)
		rendered += c.charts[i].rendered;
	fprintf(stderr, "corobench report: %d of %d charts rendered (SVG and PNG) in %s\n",
	        rendered, c.ncharts, c.gp.charts);
	if (!c.gp.gnuplot[0] || !c.gp.scripts[0])
		fprintf(
		    stderr,
		    "corobench report: charts not rendered: %s; the data%s, tables and findings "
		    "are written\n",
		    c.gp.scripts[0] ? c.gp.why_no_gnuplot : c.gp.why_no_scripts,
		    c.gp.scripts[0] ? " and gnuplot scripts" : "");
	else
		for (int i = 0; i < c.ncharts; i++)
			if (!c.charts[i].rendered)
				fprintf(stderr, "corobench report: %s not rendered: %s\n",
				        c.charts[i].name, c.charts[i].why);
	for (int i = 0; i < c.nomitted; i++)
		fprintf(stderr, "corobench report: omitted: %s\n", c.omitted[i]);
	if (rc == 0) {
		printf("findings:\n");
		for (int i = 0; i < f.n && i < 12; i++)
			printf("  - %s\n", f.items[i].text);
		printf("report: %s\n", html_path);
	}
	free(c.charts);
	rm_free(&m);
	return rc;
}
