/* html_net.c — see html_net.h. */
#include "html_net.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../base/units.h"
#include "html_text.h"

/* Whether rows a and b of the table share a column group: host, kind,
 * workload, workers, placement and source (only their x differs). */
static bool same_group(const rp_net_row *a, const rp_net_row *b)
{
	return a->host == b->host && a->kind == b->kind && !strcmp(a->workload, b->workload) &&
	       a->threads == b->threads && !strcmp(a->placement, b->placement) &&
	       a->source == b->source;
}

/* A column group's heading: what it measures, the workload, the source. */
static void group_html(FILE *out, const rp_net_row *r, int span)
{
	static const char *const what[] = {"requests per second", "p99 latency, open loop",
	                                   "memory per connection"};
	fprintf(out, "<th colspan=\"%d\" class=\"t\">", span);
	html_text(out, r->workload);
	fprintf(out, ": %s<br><span class=\"wl\">", what[r->kind]);
	html_text(out, r->source ? r->source : "");
	fprintf(out, " t=%d, ", r->threads);
	html_text(out, r->placement);
	fprintf(out, "</span></th>");
}

/* A column's heading: its connections or offered rate. */
static void x_html(FILE *out, const rp_net_row *r)
{
	char x[32];
	rm_fmt_grouped(x, sizeof x, r->kind == RP_NET_P99 ? r->rate : r->conns);
	if (r->kind == RP_NET_P99)
		fprintf(out, "<th class=\"op\">%s/s</th>", x);
	else
		fprintf(out, "<th class=\"op\">%s conn%s</th>", x, r->conns == 1 ? "" : "s");
}

/* The flag of a cell whose client may have set the pace or ran late. */
static void client_flag(FILE *out, const rp_net_cell *x, bool open)
{
	const rm_net *n = &x->x;
	bool late = open && n->late_share > RM_NET_LATE;
	if (!rm_net_paced(n) && !late)
		return;
	fprintf(out, " <span class=\"flag\" title=\"");
	if (rm_net_paced(n))
		fprintf(
		    out,
		    "the load generator saturated in %d and shared a PU with the server in %d of "
		    "%d repetitions: it may have set the pace. ",
		    n->saturated, n->shared, n->reps);
	if (late)
		fprintf(out,
		        "the client sent %.0f%% of its requests over one period late (median): the "
		        "tail holds its own lateness.",
		        n->late_share * 100);
	fprintf(out, "\">client</span>");
}

/* "1.26x go" (a rate: Go's time over this one's), "0.61x pt" (bytes), "~ go",
 * "? go", or nothing. */
static void ratio_html(FILE *out, const rp_ratio *r, bool rate, const char *who)
{
	char x[32], q[48];
	double v = rate ? 1 / r->x : r->x;
	snprintf(x, sizeof x, v >= 99.5 ? "%.0fx" : "%.2gx", v);
	snprintf(q, sizeof q, r->q < 0.001 ? "q=%.1g" : "q=%.3f", r->q);
	const char *what = rate ? "requests per second over" : "bytes per connection over";
	switch (r->state) {
	case RP_RATIO_FACTOR:
		fprintf(out, "<span class=\"r\" title=\"%s %s's, %s\">%s %s</span>", what, who, q,
		        x, who);
		break;
	case RP_RATIO_SAME:
		fprintf(out,
		        "<span class=\"r same\" title=\"%s: not significantly different from %s's "
		        "(%s)\">~ %s</span>",
		        x, who, q, who);
		break;
	case RP_RATIO_BLIND:
		fprintf(out,
		        "<span class=\"r same\" title=\"%s: too few repetitions for a test to "
		        "tell\">? %s</span>",
		        x, who);
		break;
	case RP_RATIO_REDUCED:
		fprintf(out,
		        "<span class=\"r same\" title=\"a side ran a reduced size\">n/c %s</span>",
		        who);
		break;
	default:
		break;
	}
}

/* The median in bold and its interval under it ("60.2k/s–70.1k/s"), in
 * italics when it is the range (fewer than 6 repetitions); a client flag
 * (client_flag) after the median when x is given. */
static void value_html(FILE *out, const stats_summary *s, const char *med, const char *lo,
                       const char *hi, const rp_net_cell *x)
{
	fprintf(out, "<b>%s</b>", med);
	if (s->unstable && s->ci_exact)
		fprintf(
		    out,
		    " <span class=\"flag\" title=\"unstable: the 95%% CI's half-width is %.0f%% "
		    "of the median (over 5%%)\">&plusmn;%.0f%%</span>",
		    s->rel_err * 100, s->rel_err * 100);
	if (x)
		client_flag(out, x, false);
	fprintf(out, "<br><span class=\"iv\"%s>%s%s&ndash;%s%s</span>",
	        s->ci_exact ? "" : " title=\"min&ndash;max: fewer than 6 repetitions\"",
	        s->ci_exact ? "" : "<i>", lo, hi, s->ci_exact ? "" : "</i>");
}

static void cell_html(FILE *out, const rp_net_row *r, const rp_net_cell *x)
{
	if (!x->have) {
		fprintf(out, "<td class=\"nm\"");
		if (x->skip) {
			fprintf(out, " title=\"skipped: ");
			html_text(out, x->skip);
			fprintf(out, "\">skipped</td>");
		} else
			fprintf(out, ">&mdash;</td>");
		return;
	}
	const rm_net *n = &x->x;
	char med[32], lo[32], hi[32];
	fprintf(out, "<td class=\"c%s\"", n->cfg->reduced ? " red" : "");
	if (n->cpu.n) { /* on hover: the cell stays three short lines */
		fmt_time_ns(med, sizeof med, n->cpu.median);
		fprintf(out,
		        " title=\"CPU time of the server process (every thread) per request: %s\"",
		        med);
	}
	fprintf(out, ">");
	if (r->kind == RP_NET_RPS) {
		rm_fmt_rate(med, sizeof med, n->rps.median);
		rm_fmt_rate(lo, sizeof lo, n->rps.ci_low);
		rm_fmt_rate(hi, sizeof hi, n->rps.ci_high);
		value_html(out, &n->rps, med, lo, hi, x);
		fprintf(out, "<br>");
		ratio_html(out, &x->vs, true, "go");
	} else if (r->kind == RP_NET_P99) {
		fmt_time_ns(med, sizeof med, x->p99 * 1000); /* µs in the file */
		fprintf(out, "<b>%s</b>", med);
		client_flag(out, x, true);
		rm_fmt_rate(lo, sizeof lo, n->rps.median);
		bool behind = n->rps.median < 0.95 * (double)r->rate;
		fprintf(out, "<br><span class=\"%s\"%s>served %s</span>", behind ? "flag" : "iv",
		        behind
		            ? " title=\"under 95% of the offered rate: saturated, requests queue\""
		            : "",
		        lo);
	} else {
		fmt_bytes(med, sizeof med, n->mem.median);
		fmt_bytes(lo, sizeof lo, n->mem.ci_low);
		fmt_bytes(hi, sizeof hi, n->mem.ci_high);
		value_html(out, &n->mem, med, lo, hi, NULL);
		fprintf(out, "<br>");
		ratio_html(out, &x->vs, false, "pt");
	}
	if (n->cfg->failed_rounds) {
		char note[100];
		rm_failed_note(n->cfg, note, sizeof note);
		note[strcspn(note, "]")] = '\0';
		fprintf(out, " <span class=\"flag\">");
		html_text(out, note + 2); /* without " [" and "]" */
		fprintf(out, "</span>");
	}
	fprintf(out, "</td>");
}

/* Host h's table, transposed: a column per row of t (grouped under what it
 * measures), a row per runtime, so that a sweep reads left to right. */
static void table_html(FILE *out, const rp_net_sum *t, int h)
{
	const rp_net_row *rows[RP_NET_ROWS];
	int n = 0;
	for (int r = 0; r < t->nrows; r++)
		if (t->row[r].host == h)
			rows[n++] = &t->row[r];
	fprintf(out, "<div class=\"wide\"><table class=\"sum\">\n<thead><tr><th "
	             "rowspan=\"2\">runtime</th>");
	for (int i = 0; i < n;) {
		int j = i + 1;
		while (j < n && same_group(rows[i], rows[j]))
			j++;
		group_html(out, rows[i], j - i);
		i = j;
	}
	fprintf(out, "</tr>\n<tr>");
	for (int i = 0; i < n; i++)
		x_html(out, rows[i]);
	fprintf(out, "</tr></thead>\n<tbody>\n");
	for (int c = 0; c < t->ncols; c++) {
		fprintf(out, "<tr><th class=\"op\">");
		html_text(out, t->col[c]);
		fprintf(out, "</th>");
		for (int i = 0; i < n; i++)
			cell_html(out, rows[i], &rows[i]->cell[c]);
		fprintf(out, "</tr>\n");
	}
	fprintf(out, "</tbody></table></div>\n");
}

/* Links to the network charts this report drew: " Charts: <a>throughput</a>, ...". */
static void chart_links(FILE *out, const rp_ctx *c)
{
	static const char *const names[] = {"net-conns", "net-open", "net-memory"};
	static const char *const words[] = {"throughput", "latency", "memory"};
	int k = 0;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < c->ncharts; j++)
			if (!strcmp(c->charts[j].name, names[i])) {
				fprintf(out, "%s<a href=\"#%s\">%s</a>",
				        k++ ? ", " : " Charts: ", names[i], words[i]);
				break;
			}
	fprintf(out, "%s", k ? "." : "");
}

void rp_net_html(FILE *out, const rp_ctx *c, const rp_summary *s)
{
	const report_model *m = c->m;
	const rp_net_sum *t = &s->net;
	if (!t->nrows)
		return;
	fprintf(out,
	        "<h3 id=\"summary-net\">Network servers</h3>\n<p class=\"meta\">A task (pthread: "
	        "a thread) per connection, loaded over loopback. Requests per second, closed loop, "
	        "its 95%% CI and its rate over Go's (<b>1.2x go</b>, <b>~</b> not significantly "
	        "different; hover a cell for the CPU time per request); p99 from each request's "
	        "due time at an offered rate, open loop, and the rate served (red: saturated); "
	        "memory per connection over pthread's. Red <span class=\"flag\">client</span>: "
	        "the load generator saturated, shared a PU or ran late (hover).");
	chart_links(out, c);
	fprintf(out, "</p>\n");
	for (int h = 0; h < m->nhosts; h++) {
		bool any = false;
		for (int r = 0; r < t->nrows && !any; r++)
			any = t->row[r].host == h;
		if (!any)
			continue;
		if (m->nhosts > 1) {
			fprintf(out, "<h4 id=\"summary-net-h%d\">Host ", h);
			html_text(out, m->hosts[h].label);
			fprintf(out, "</h4>\n");
		}
		table_html(out, t, h);
	}
}
