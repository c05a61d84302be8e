/* html_summary.c — see html_summary.h. */
#include "html_summary.h"

#include <math.h>
#include <string.h>

#include "../../base/units.h"
#include "../pairing.h"
#include "html_text.h"

/* A time ratio with two significant digits: "0.0096x", "0.34x", "2.9x", "104x". */
static void fmt_x(char *buf, size_t len, double x)
{
	snprintf(buf, len, x >= 99.5 ? "%.0fx" : "%.2gx", x);
}

/* One ratio of a cell: "0.34x go", "~ go", "? go", or nothing. */
static void ratio_html(FILE *out, const rp_ratio *r, const char *who)
{
	char x[32], q[48];
	fmt_x(x, sizeof x, r->x);
	snprintf(q, sizeof q, r->q < 0.001 ? "q=%.1g" : "q=%.3f", r->q);
	switch (r->state) {
	case RP_RATIO_FACTOR:
		fprintf(out, "<span class=\"r\" title=\"time / %s's, %s\">%s %s</span> ", who, q, x,
		        who);
		break;
	case RP_RATIO_SAME:
		fprintf(out,
		        "<span class=\"r same\" title=\"%s: not significantly different from "
		        "%s's time (%s)\">~ %s</span> ",
		        x, who, q, who);
		break;
	case RP_RATIO_BLIND:
		fprintf(out,
		        "<span class=\"r same\" title=\"%s: too few repetitions for a test to "
		        "tell\">? %s</span> ",
		        x, who);
		break;
	case RP_RATIO_REDUCED:
		fprintf(out,
		        "<span class=\"r same\" title=\"a side ran a reduced size\">n/c %s</span> ",
		        who);
		break;
	default:
		break;
	}
}

/* The median, a red "±N%" when it is unstable (its CI wide), then the interval
 * on a line of its own ("84.1–90.2 ns": the unit once when both ends share it),
 * in italics when it is the range (no 95% CI below 6 repetitions). Three short
 * lines keep a column narrow enough for six runtime columns at 1280 px. */
static void value_html(FILE *out, const stats_summary *s, const rm_metric *mt)
{
	char med[32], lo[32], hi[32];
	if (mt) {
		rm_metric_fmt(mt, s->median, med, sizeof med);
		rm_metric_fmt(mt, s->ci_low, lo, sizeof lo);
		rm_metric_fmt(mt, s->ci_high, hi, sizeof hi);
	} else {
		fmt_time_ns(med, sizeof med, s->median);
		fmt_time_ns(lo, sizeof lo, s->ci_low);
		fmt_time_ns(hi, sizeof hi, s->ci_high);
	}
	const char *ul = strrchr(lo, ' '), *uh = strrchr(hi, ' ');
	int cut = ul && uh && !strcmp(ul, uh) ? (int)(ul - lo) : (int)strlen(lo);
	fprintf(out, "<b>%s</b>", med);
	if (s->unstable && s->ci_exact)
		fprintf(out,
		        " <span class=\"flag\" title=\"unstable: the 95%% CI's half-width is "
		        "%.0f%% of the median (over 5%%)\">&plusmn;%.0f%%</span>",
		        s->rel_err * 100, s->rel_err * 100);
	fprintf(out, "<br><span class=\"iv\"%s>%s%.*s&ndash;%s%s</span>",
	        s->ci_exact ? "" : " title=\"min&ndash;max: fewer than 6 repetitions\"",
	        s->ci_exact ? "" : "<i>", cut, lo, hi, s->ci_exact ? "" : "</i>");
}

/* A cell of the fairness figures: "0.98" (Jain's index, its interval under
 * it) or "9.8 ms" (wakeup's p99; red over claim F1's bound), the numbers
 * behind it on hover; "failed" or "skipped" with the reason on hover. */
static void fair_cell_html(FILE *out, rp_fair_kind kind, const rp_fair_cell *y)
{
	char v[32], lo[48], hi[32], p50[32];
	if (!y->cfg) {
		fprintf(out, "<td class=\"nm\"");
		if (y->failed) {
			fprintf(out,
			        " title=\"%d round%s failed, no repetition completed: ", y->failed,
			        y->failed > 1 ? "s" : "");
			html_text(out, y->why);
			fprintf(out, "\"><span class=\"flag\">failed</span>");
		} else if (y->skip) {
			fprintf(out, " title=\"skipped: ");
			html_text(out, y->skip);
			fprintf(out, "\">skipped");
		} else
			fprintf(out, ">not measured");
		fprintf(out, "</td>");
		return;
	}
	fprintf(out, "<td class=\"c\">");
	if (kind == RP_FAIR_JAIN && y->s.n) {
		snprintf(v, sizeof v, "%.2f", y->s.median);
		snprintf(lo, sizeof lo, "%.2f", y->s.ci_low);
		snprintf(hi, sizeof hi, "%.2f", y->s.ci_high);
	} else if (kind == RP_FAIR_LATE && !isnan(y->p99)) {
		fmt_time_ns(v, sizeof v, y->p99);
		fmt_time_ns(p50, sizeof p50, y->p50);
		snprintf(lo, sizeof lo, "p50 %s", p50);
		hi[0] = '\0';
	} else {
		fprintf(out, "&mdash;</td>");
		return;
	}
	fprintf(out, "<span title=\"");
	if (kind == RP_FAIR_JAIN)
		fprintf(out,
		        "median of %d repetitions; 1 = equal shares, 1/K = one of K tasks took all",
		        y->s.n);
	else {
		fprintf(out, "p99 of %llu wake-ups (every repetition merged: no interval)",
		        y->count);
		if (y->s.n) {
			char m[32], l[32], h[32];
			fmt_time_ns(m, sizeof m, y->s.median);
			fmt_time_ns(l, sizeof l, y->s.ci_low);
			fmt_time_ns(h, sizeof h, y->s.ci_high);
			fprintf(out, "; median lateness per repetition %s (%s %s&ndash;%s)", m,
			        y->s.ci_exact ? "95% CI" : "min&ndash;max", l, h);
		}
	}
	fprintf(out, "\"><b>%s</b></span>", v);
	if (kind == RP_FAIR_LATE && y->p99 > RP_F1_LATE_NS)
		fprintf(
		    out,
		    " <span class=\"flag\" title=\"over %.0f ms, the bound of claim F1 (five time "
		    "slices)\">&gt;%.0f ms</span>",
		    RP_F1_LATE_NS / 1e6, RP_F1_LATE_NS / 1e6);
	if (kind == RP_FAIR_JAIN && y->s.unstable && y->s.ci_exact)
		fprintf(
		    out,
		    " <span class=\"flag\" title=\"unstable: the 95%% CI's half-width is over 5%% "
		    "of the median\">&plusmn;%.0f%%</span>",
		    y->s.rel_err * 100);
	if (y->cfg->failed_rounds) {
		char note[100];
		rm_failed_note(y->cfg, note, sizeof note);
		note[strcspn(note, "]")] = '\0';
		fprintf(out, " <span class=\"flag\">");
		html_text(out, note + 2);
		fprintf(out, "</span>");
	}
	if (kind == RP_FAIR_JAIN)
		fprintf(out, "<br><span class=\"iv\"%s>%s%s&ndash;%s%s</span>",
		        y->s.ci_exact ? "" : " title=\"min&ndash;max: fewer than 6 repetitions\"",
		        y->s.ci_exact ? "" : "<i>", lo, hi, y->s.ci_exact ? "" : "</i>");
	else
		fprintf(out, "<br><span class=\"iv\">%s</span>", lo);
	fprintf(out, "</td>");
}

/* The fairness figures' rows of host h, under the ns/op rows. */
static void fair_rows_html(FILE *out, const rp_summary *s, int h)
{
	for (int r = 0; r < s->nfair; r++) {
		const rp_fair_row *w = &s->fair[r];
		if (w->host != h)
			continue;
		fprintf(out, "<tr class=\"fair\"><th class=\"op\">%s<br><span class=\"wl\">",
		        w->kind == RP_FAIR_JAIN ? "fairness, Jain's index"
		                                : "wake-up lateness, p99");
		html_text(out, w->wcase);
		if (w->part >= 0)
			fprintf(out, ", fairness/");
		fprintf(out, "</span></th>");
		for (int c = 0; c < s->ncols; c++)
			fair_cell_html(out, w->kind, &w->cell[c]);
		fprintf(out, "<td></td></tr>\n");
	}
}

static void cell_html(FILE *out, const report_model *m, const rp_summary *s, const rp_sum_row *row,
                      int c)
{
	const rp_cell *x = &row->cell[c];
	if (!x->cfg) {
		const char *why =
		    rp_skip_reason(m, row->host, row->wcase, s->col[c].runtime, s->col[c].threads);
		char fail[600];
		int nf = rp_fail_rounds(m, row->host, -1, row->wcase, s->col[c].runtime,
		                        s->col[c].threads, fail, sizeof fail);
		fprintf(out, "<td class=\"nm\"");
		if (nf) { /* every round failed: no row, but not "not measured" */
			fprintf(out, " title=\"%d round%s failed, no repetition completed: ", nf,
			        nf > 1 ? "s" : "");
			html_text(out, fail);
			fprintf(out, "\"><span class=\"flag\">failed</span>");
		} else if (why) {
			fprintf(out, " title=\"skipped: ");
			html_text(out, why);
			fprintf(out, "\">skipped");
		} else if (!strcmp(s->col[c].runtime, PAIR_GO_RUNTIME) && !pair_with_go(row->chan))
			/* Go has only its own channels: no partner for this variant */
			fprintf(out,
			        " title=\"Go runs on its own channels only, and this row holds "
			        "the C runtimes on another variant\">no such variant");
		else
			fprintf(out, ">not measured");
		fprintf(out, "</td>");
		return;
	}
	fprintf(out, "<td class=\"c%s\">", x->cfg->reduced ? " red" : "");
	value_html(out, &x->cfg->s, NULL);
	if (x->cfg->reduced)
		fprintf(out, " <span class=\"flag\">reduced size</span>");
	if (x->cfg->failed_rounds) {
		char note[100];
		rm_failed_note(x->cfg, note, sizeof note);
		note[strcspn(note, "]")] = '\0';
		fprintf(out, " <span class=\"flag\">");
		html_text(out, note + 2); /* without " [" and "]" */
		fprintf(out, "</span>");
	}
	fprintf(out, "<br>");
	ratio_html(out, &x->vs_pt, "pt");
	ratio_html(out, &x->vs_go, "go");
	fprintf(out, "</td>");
}

void rp_sum_head_html(FILE *out, const rp_summary *s, const char *first, const char *last)
{
	fprintf(out, "<thead><tr><th rowspan=\"2\">%s</th>", first);
	for (int c = 0; c < s->ncols;) {
		int span = 1;
		while (c + span < s->ncols && s->col[c + span].threads == s->col[c].threads)
			span++;
		fprintf(out, "<th colspan=\"%d\" class=\"t\">%d worker%s</th>", span,
		        s->col[c].threads, s->col[c].threads > 1 ? "s" : "");
		c += span;
	}
	if (last)
		fprintf(out, "<th rowspan=\"2\">%s</th>", last);
	fprintf(out, "</tr>\n<tr>");
	for (int c = 0; c < s->ncols; c++) {
		fprintf(out, "<th>");
		html_text(out, s->col[c].runtime);
		fprintf(out, "</th>");
	}
	fprintf(out, "</tr></thead>\n");
}

void rp_sum_label_html(FILE *out, const char *wcase, const char *chan)
{
	fprintf(out, "<th class=\"op\">one ");
	html_text(out, rm_op_noun(wcase));
	fprintf(out, "<br><span class=\"wl\">");
	html_text(out, wcase);
	if (chan && strcmp(chan, "go") && strcmp(chan, "-") && chan[0]) {
		fprintf(out, " (on ");
		html_text(out, chan);
		fprintf(out, ")");
	}
	fprintf(out, "</span></th>");
}

static void best_html(FILE *out, const rp_sum_row *row)
{
	if (!row->best) {
		fprintf(out, "<td class=\"nm\">&mdash;</td>");
		return;
	}
	const rp_ratio *r = &row->best_vs_next;
	char x[32];
	fmt_x(x, sizeof x, r->x);
	fprintf(out, "<td><b>");
	html_text(out, row->best->row->chan);
	fprintf(out, "</b> <span class=\"wl\">on ");
	html_text(out, row->best->row->runtime);
	fprintf(out, "</span><br><span class=\"r%s\">", r->state == RP_RATIO_FACTOR ? "" : " same");
	if (r->state == RP_RATIO_FACTOR)
		fprintf(out, "%s ", x);
	else
		fprintf(out, "%s ", r->state == RP_RATIO_BLIND ? "?" : "~");
	fprintf(out, "the ");
	html_text(out, row->next->row->chan);
	fprintf(out, " variant</span></td>");
}

static void geo_html(FILE *out, const rp_sum_geo *g, const char *who)
{
	if (g->n < 2)
		return;
	char x[32], lo[32], hi[32];
	fmt_x(x, sizeof x, g->x);
	fprintf(out, "<span class=\"r\">%s %s</span>", x, who);
	if (isnan(g->lo))
		fprintf(out, " <span class=\"iv\">(descriptive, %d)</span><br>", g->n);
	else {
		fmt_x(lo, sizeof lo, g->lo);
		fmt_x(hi, sizeof hi, g->hi);
		fprintf(out, " <span class=\"iv\">%s&ndash;%s</span><br>", lo, hi);
	}
}

static void ns_table(FILE *out, const report_model *m, const rp_summary *s, int h)
{
	fprintf(out, "<div class=\"wide\"><table class=\"sum\">\n");
	rp_sum_head_html(out, s, "operation", "fastest channel variant");
	fprintf(out, "<tbody>\n");
	for (int r = 0; r < s->nrows; r++) {
		const rp_sum_row *row = &s->row[r];
		if (row->host != h)
			continue;
		fprintf(out, "<tr>");
		rp_sum_label_html(out, row->wcase, row->chan);
		for (int c = 0; c < s->ncols; c++)
			cell_html(out, m, s, row, c);
		best_html(out, row);
		fprintf(out, "</tr>\n");
	}
	fair_rows_html(out, s, h);
	if (m->nhosts == 1) {
		bool out_any = false; /* a row left out of the means (rp_geo_out) */
		for (int r = 0; r < s->nrows; r++)
			out_any = out_any || (s->row[r].host == h && s->row[r].geo_out);
		fprintf(out,
		        "<tr class=\"geo\"><th class=\"op\"%s>every workload%s<br><span "
		        "class=\"wl\">geometric mean, 95%% CI</span></th>",
		        out_any
		            ? " title=\"not wakeup (its op is a sleep) nor a preempt=off row (a "
		              "counter-case): neither is a cost\""
		            : "",
		        out_any ? "*" : "");
		for (int c = 0; c < s->ncols; c++) {
			fprintf(out, "<td>");
			geo_html(out, &s->geo_pt[c], "pt");
			geo_html(out, &s->geo_go[c], "go");
			fprintf(out, "</td>");
		}
		fprintf(out, "<td></td></tr>\n");
	}
	fprintf(out, "</tbody></table></div>\n");
}

static void extra_table(FILE *out, const rp_summary *s, int h)
{
	fprintf(out, "<div class=\"wide\"><table class=\"sum\">\n");
	rp_sum_head_html(out, s, "figure (unit)", NULL);
	fprintf(out, "<tbody>\n");
	for (int r = 0; r < s->nextra; r++) {
		const rp_extra_row *x = &s->extra[r];
		if (x->host != h)
			continue;
		fprintf(out, "<tr><th class=\"op\" title=\"");
		html_text(out, x->metric->what);
		fprintf(out, "\">");
		html_text(out, x->metric->label);
		fprintf(out, " <span class=\"unit\">(");
		html_text(out, x->metric->unit);
		fprintf(out, ")</span> <span class=\"wl\">");
		html_text(out, x->wcase);
		if (x->from_counters)
			fprintf(out, ", counters pass");
		fprintf(out, "</span></th>");
		for (int c = 0; c < s->ncols; c++) {
			if (!x->have[c]) {
				fprintf(out, "<td class=\"nm\">&mdash;</td>");
				continue;
			}
			fprintf(out, "<td class=\"c\">");
			value_html(out, &x->cell[c], x->metric);
			fprintf(out, "</td>");
		}
		fprintf(out, "</tr>\n");
	}
	fprintf(out, "</tbody></table></div>\n");
}

void rp_summary_html(FILE *out, const report_model *m, const rp_findings *f)
{
	const rp_summary *s = &f->sum;
	fprintf(out,
	        "<h2 id=\"summary\">Summary: what one operation costs</h2>\n<p class=\"meta\">"
	        "Median ns per op (lower is better), a red <span class=\"flag\">&plusmn;N%%</span> "
	        "when it is unstable (its 95%% CI's half-width over 5%% of the median), and under "
	        "it the 95%% CI (<i>in italics</i>: min&ndash;max, where fewer than 6 "
	        "repetitions give no CI). "
	        "Each runtime on its like-for-like channel: the "
	        "Go-style <code>go</code> variant on pthread and gmp, Go's own channels on go. "
	        "Under it, its time as a multiple of pthread's (<b>pt</b>) and Go's "
	        "(<b>go</b>) at the same worker count, shown only where the Mann-Whitney test "
	        "says so (q &lt; 0.05): <b>0.01x pt</b> takes a hundredth of pthread's time; "
	        "<b>~</b> not significantly different; <b>?</b> too few repetitions to tell. "
	        "Last column: the fastest channel variant, and its time as a multiple of the "
	        "next variant's on the same runtime. Hover for q.%s</p>\n",
	        s->nfair ? " Under the operations, the fairness figures in the same columns: "
	                   "<b>Jain's index</b> of the work the tasks of fairshare got (1 = equal "
	                   "shares, 1/K = one of K tasks took all) and the <b>p99</b> of how late "
	                   "wakeup's sleeper ran again beside busy tasks, red over 50 ms (claim "
	                   "F1's bound)."
	                 : "");
	for (int h = 0; h < m->nhosts; h++) {
		if (m->nhosts > 1) {
			fprintf(out, "<h3 id=\"summary-h%d\">Host ", h);
			html_text(out, m->hosts[h].label);
			fprintf(out, "</h3>\n");
		}
		ns_table(out, m, s, h);
	}
	if (s->dropped_cols)
		fprintf(out,
		        "<p class=\"warn\">%d more runtime and worker-count columns did not fit "
		        "the table: see every configuration below.</p>\n",
		        s->dropped_cols);
}

void rp_summary_other_html(FILE *out, const report_model *m, const rp_findings *f)
{
	const rp_summary *s = &f->sum;
	if (s->nextra) {
		/* folded: one row per figure and workload runs long (CPU time alone is a row
		 * per workload), and the claims come next on the first screens */
		fprintf(
		    out,
		    "<details class=\"fold\"><summary><h3 id=\"summary-other\">Other figures "
		    "(%d rows: CPU time, memory, switches, ...)</h3></summary>\n<p "
		    "class=\"meta\">Not ns/op: each row names its unit; median and 95%% CI, the "
		    "same columns. Hover a figure for what it measures.</p>\n",
		    s->nextra);
		for (int h = 0; h < m->nhosts; h++) {
			if (m->nhosts > 1) {
				fprintf(out, "<h4 id=\"summary-other-h%d\">Host ", h);
				html_text(out, m->hosts[h].label);
				fprintf(out, "</h4>\n");
			}
			extra_table(out, s, h);
		}
		fprintf(out, "</details>\n");
	}
}
