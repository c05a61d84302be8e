/* html_floors.c — see html_floors.h. */
#include "html_floors.h"

#include <stdio.h>
#include <string.h>

#include "../../base/units.h"
#include "html_summary.h"
#include "html_text.h"

/* "2 x floor-switch", "floor-futex (l3)" for a reference. */
static void ref_name(const rm_floor_ref *r, char *out, size_t len)
{
	char times[32] = "", pc[80] = "";
	if (r->b->per_op != 1)
		snprintf(times, sizeof times, "%g x ", r->b->per_op);
	if (r->row && r->row->row->threads > 1)
		snprintf(pc, sizeof pc, " (%.60s)", r->row->row->placement);
	snprintf(out, len, "%s%s%s", times, r->b->floor, pc);
}

/* The hover text of a cell: each bound's arithmetic and why. */
static void cell_title(FILE *out, const rm_config *cfg, const rm_floor_ref *r, int n)
{
	char med[32];
	fmt_time_ns(med, sizeof med, cfg->s.median);
	fprintf(out, " title=\"");
	for (int k = 0; k < n; k++) {
		char name[200], v[32], x[32];
		ref_name(&r[k], name, sizeof name);
		fprintf(out, "%s", k ? "&#10;" : "");
		html_text(out, name);
		if (r[k].na[0]) {
			fprintf(out, ": does not apply, ");
			html_text(out, r[k].na);
			continue;
		}
		if (!r[k].row) {
			fprintf(out, ": not in this run");
			continue;
		}
		fmt_time_ns(v, sizeof v, r[k].ns);
		fmt_times(x, sizeof x, r[k].ratio);
		fprintf(out, ": %s / %s = %s; ", med, v, x);
		html_text(out, r[k].b->why);
	}
	fprintf(out, "\"");
}

static void cell_html(FILE *out, const report_model *m, const rm_config *cfg)
{
	rm_floor_ref r[RM_MAX_BOUNDS];
	int n = cfg ? rm_floor_refs(m, cfg, r, RM_MAX_BOUNDS) : 0;
	if (n == 0) {
		fprintf(out, "<td class=\"nm\">&mdash;</td>");
		return;
	}
	int head = rm_floor_headline(r, n);
	fprintf(out, "<td class=\"c\"");
	cell_title(out, cfg, r, n);
	fprintf(out, ">");
	if (head < 0) {
		fprintf(out, "<span class=\"r same\">%s</span></td>",
		        r[0].na[0] ? "does not apply" : "no floor row");
		return;
	}
	char x[32], name[200];
	fmt_times(x, sizeof x, r[head].ratio);
	ref_name(&r[head], name, sizeof name);
	fprintf(out, "<b%s>%s</b> <span class=\"wl\">", r[head].ratio < 1 ? " class=\"flag\"" : "",
	        x);
	html_text(out, name);
	fprintf(out, "</span>");
	if (cfg->s.unstable)
		fprintf(out,
		        " <span class=\"flag\" title=\"the runtime's row is unstable\">"
		        "&plusmn;%.0f%%</span>",
		        cfg->s.rel_err * 100);
	for (int k = 0; k < n; k++) {
		if (k == head || !r[k].row || r[k].na[0])
			continue;
		fmt_times(x, sizeof x, r[k].ratio);
		ref_name(&r[k], name, sizeof name);
		fprintf(out, "<br><span class=\"%s\">%s ", r[k].ratio < 1 ? "flag" : "iv", x);
		html_text(out, name);
		fprintf(out, "%s</span>", r[k].ratio < 1 ? ", below it" : "");
	}
	fprintf(out, "</td>");
}

/* Whether a summary row has a configuration some floor of the run bounds. */
static bool bounded(const report_model *m, const rp_summary *s, const rp_sum_row *row)
{
	for (int c = 0; c < s->ncols; c++) {
		rm_floor_ref r[RM_MAX_BOUNDS];
		const rm_config *cfg = row->cell[c].cfg;
		int n = cfg ? rm_floor_refs(m, cfg, r, RM_MAX_BOUNDS) : 0;
		for (int k = 0; k < n; k++)
			if (r[k].row)
				return true;
	}
	return false;
}

/* The floor rows of host h's main run with their values: "floor-switch
 * 3.79 ns (the least disturbed repetition; median 4.11 ns, unstable ±75%)". */
static void values_html(FILE *out, const report_model *m, int h)
{
	fprintf(out, "<p class=\"meta\">The floors, measured in this run: ");
	int n = 0;
	for (int i = 0; i < m->nfloor; i++) {
		const rm_config *f = &m->floor[i];
		if (f->host != h || f->part != -1)
			continue;
		rm_floor_num num;
		char v[32], med[32];
		fmt_time_ns(v, sizeof v, rm_floor_value(m, f, &num));
		fmt_time_ns(med, sizeof med, f->s.median);
		fprintf(out, "%s<b>", n++ ? "; " : "");
		html_text(out, f->row->workload);
		if (f->row->threads > 1) {
			fprintf(out, " (");
			html_text(out, f->row->placement);
			fprintf(out, ")");
		}
		fprintf(out, "</b> %s (%s; median ns/op %s", v, rm_floor_num_name(num), med);
		if (f->s.unstable)
			fprintf(out, ", <span class=\"flag\">unstable &plusmn;%.0f%%</span>",
			        f->s.rel_err * 100);
		fprintf(out, ")");
	}
	fprintf(out, ".</p>\n");
}

void rp_floors_html(FILE *out, const report_model *m, const rp_summary *s)
{
	bool any = false;
	for (int r = 0; r < s->nrows && !any; r++)
		any = bounded(m, s, &s->row[r]);
	if (!any)
		return;
	fprintf(out,
	        "<h3 id=\"summary-floors\">Distance from the floor</h3>\n<p class=\"meta\">Each "
	        "runtime's median over per op &times; the floor that bounds it, from the floor "
	        "rows of the same run (<code>runtime=floor</code>; which floor bounds which "
	        "workload: docs/RESULTS.md, Floors): <b>9.4x</b> 2 x floor-switch is 9.4 times "
	        "two register switches. Where several floors bound a configuration, the one "
	        "shown first is the highest it stays at or above; the others under it, <span "
	        "class=\"flag\">red</span> where it lies below one (that floor's condition did "
	        "not hold, e.g. the kernel kept both threads on one CPU). A floor's value is "
	        "the lower of its least disturbed repetition and the median of its sampled "
	        "round trips: noise only adds to a floor. Hover a cell for the arithmetic and "
	        "why the workload pays at least that.</p>\n");
	for (int h = 0; h < m->nhosts; h++) {
		if (m->nhosts > 1) {
			fprintf(out, "<h4 id=\"summary-floors-h%d\">Host ", h);
			html_text(out, m->hosts[h].label);
			fprintf(out, "</h4>\n");
		}
		bool here = false;
		for (int r = 0; r < s->nrows && !here; r++)
			here = s->row[r].host == h && bounded(m, s, &s->row[r]);
		if (!here) {
			fprintf(out, "<p class=\"meta\">No floor rows bound a workload of this "
			             "host's run (<code>corobench run --floors</code>; make bench "
			             "runs them).</p>\n");
			continue;
		}
		values_html(out, m, h);
		fprintf(out, "<div class=\"wide\"><table class=\"sum\">\n");
		rp_sum_head_html(out, s, "operation", NULL);
		fprintf(out, "<tbody>\n");
		for (int r = 0; r < s->nrows; r++) {
			const rp_sum_row *row = &s->row[r];
			if (row->host != h || !bounded(m, s, row))
				continue;
			fprintf(out, "<tr>");
			rp_sum_label_html(out, row->wcase, row->chan);
			for (int c = 0; c < s->ncols; c++)
				cell_html(out, m, row->cell[c].cfg);
			fprintf(out, "</tr>\n");
		}
		fprintf(out, "</tbody></table></div>\n");
	}
}
