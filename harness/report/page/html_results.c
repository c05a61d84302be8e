/* html_results.c — see html_results.h. */
#include "html_results.h"

#include "../../base/units.h"
#include "html_text.h"

static void flags(FILE *out, const rm_config *cfg)
{
	const stats_summary *s = &cfg->s;
	bool any = false;
	if (s->unstable) {
		fprintf(out, "<span class=\"flag\">unstable</span>");
		any = true;
	}
	if (cfg->reduced) {
		fprintf(out, "%s<span class=\"flag\">reduced: n=%lld of %lld</span>",
		        any ? ", " : "", (long long)cfg->row->n, (long long)cfg->row->n_requested);
		any = true;
	}
	if (cfg->warm.slower) {
		char note[200];
		warmup_note(&cfg->warm, -1, note, sizeof note);
		fprintf(out, "%s", any ? ", " : "");
		html_text(out, note);
		any = true;
	}
	int lo = s->outliers_low_mild + s->outliers_low_severe;
	int hi = s->outliers_high_mild + s->outliers_high_severe;
	if (lo + hi)
		fprintf(out, "%soutliers: %d low, %d high (%d severe, kept)", any ? ", " : "", lo,
		        hi, s->outliers_low_severe + s->outliers_high_severe);
	if (!s->ci_exact) {
		fprintf(out, "%sno 95%% CI (n&lt;6): interval is min..max",
		        any || lo + hi ? ", " : "");
		any = true;
	}
	if (cfg->failed_rounds) {
		char note[100];
		rm_failed_note(cfg, note, sizeof note);
		fprintf(out, "%s<span class=\"flag\">", any || lo + hi ? ", " : "");
		html_text(out, note + 2); /* without " [" */
		fprintf(out, "</span>");
	}
}

/* A CSV file as a table under a heading whose anchor is id. */
static void csv_table(FILE *out, const csvr_table *t, const char *what, const char *id)
{
	if (t->nrows == 0)
		return;
	fprintf(out, "<h4 id=\"%s\">%s (%d)</h4>\n<table><tr>", id, what, t->nrows);
	for (int c = 0; c < t->ncols; c++) {
		fprintf(out, "<th>");
		html_text(out, t->header[c]);
		fprintf(out, "</th>");
	}
	fprintf(out, "</tr>\n");
	for (int r = 0; r < t->nrows; r++) {
		fprintf(out, "<tr>");
		for (int c = 0; c < t->ncols; c++) {
			fprintf(out, "<td>");
			html_text(out, csvr_cell(t, r, c));
			fprintf(out, "</td>");
		}
		fprintf(out, "</tr>\n");
	}
	fprintf(out, "</table>\n");
}

/* The statistics of the configurations of host h's main run (part -1) or part
 * among cfg[0..n), then its floor rows (runtime=floor, kept apart in the model
 * so that nothing compares them as a runtime) among the model's floors. */
static void config_table(FILE *out, const report_model *m, const rm_config *cfg, int n, int h,
                         int part)
{
	fprintf(out, "<table><tr><th>configuration</th><th>n</th><th>median ns/op</th>"
	             "<th>interval: 95%% CI of the median, or <i>min..max</i> where none "
	             "exists</th><th>&plusmn;</th><th>notes</th></tr>\n");
	for (int i = 0; i < n + m->nfloor; i++) {
		const rm_config *c = i < n ? &cfg[i] : &m->floor[i - n];
		if (c->host != h || c->part != part)
			continue;
		char med[32], lo[32], hi[32];
		fmt_time_ns(med, sizeof med, c->s.median);
		fmt_time_ns(lo, sizeof lo, c->s.ci_low);
		fmt_time_ns(hi, sizeof hi, c->s.ci_high);
		fprintf(out, "<tr><td>");
		html_text(out, c->g->key);
		fprintf(
		    out,
		    "</td><td class=\"n\">%d</td><td class=\"n\">%s</td><td class=\"n\">%s%s .. "
		    "%s</td><td class=\"n\">%.1f%%</td><td>",
		    c->s.n, med, c->s.ci_exact ? "" : "<i>min..max</i> ", lo, hi,
		    c->s.rel_err * 100);
		flags(out, c);
		fprintf(out, "</td></tr>\n");
	}
	fprintf(out, "</table>\n");
}

static void notes_html(FILE *out, const rr_dir *d)
{
	for (int i = 0; i < d->nnotes; i++) {
		fprintf(out, "<p class=\"meta\">");
		html_text(out, d->notes[i]);
		fprintf(out, "</p>\n");
	}
}

/* What each pass of make bench is, for the headings of its tables. */
static const char *source_title(rm_source src)
{
	switch (src) {
	case RM_PLACEMENT:
		return "Placement sweep";
	case RM_MPMC_SWEEP:
		return "Channel scaling: mpmc, P producers and P consumers";
	case RM_OPEN_LOOP:
		return "Open-loop pipeline (latency from each event's due time)";
	case RM_COUNTERS:
		return "Counters pass";
	case RM_CAPACITY:
		return "Channel capacity: spsc and pipeline at several capacities";
	case RM_NET_CONNS:
		return "Network servers: echo and http against connections";
	case RM_NET_OPEN:
		return "Network servers: open-loop latency against offered load";
	case RM_NET_C10K:
		return "Network servers: c10k, memory per connection";
	case RM_FAIRNESS:
		return "Fairness: hog, wakeup, fairshare, syscall";
	case RM_PREEMPT:
		return "Preemption on and off";
	default:
		return "Main run";
	}
}

/* One part of a host: its table, skips and failures folded away (the sweep
 * alone is ~100 rows), or the reason it was left out. */
static void part_html(FILE *out, const report_model *m, int h, int p)
{
	const rm_part *part = &m->hosts[h].parts[p];
	fprintf(out, "<details><summary><b>%s</b> (<code>", source_title(part->src));
	html_text(out, part->name);
	if (!part->ok) {
		fprintf(out, "/</code>): <span class=\"warn\">left out: ");
		html_text(out, part->err);
		fprintf(out, "</span></summary></details>\n");
		return;
	}
	fprintf(out, "/</code>): %d repetitions of %d configurations</summary>\n", part->dir.nruns,
	        part->ns.n);
	config_table(out, m, m->xcfg, m->nxcfg, h, p);
	char id[64];
	snprintf(id, sizeof id, "skipped-h%d-p%d", h, p);
	csv_table(out, &part->dir.skipped, "Skipped (could not run here)", id);
	snprintf(id, sizeof id, "failed-h%d-p%d", h, p);
	csv_table(out, &part->dir.failures, "Failed (crash, timeout, wrong answer)", id);
	fprintf(out, "</details>\n");
}

/* "<h4 id=...>Host X</h4>" when several hosts are shown. */
static void host_heading(FILE *out, const report_model *m, int h, const char *id)
{
	if (m->nhosts < 2)
		return;
	fprintf(out, "<h4 id=\"%s-h%d\">Host ", id, h);
	html_text(out, m->hosts[h].label);
	fprintf(out, "</h4>\n");
}

void rp_results_html(FILE *out, const report_model *m)
{
	for (int h = 0; h < m->nhosts; h++) {
		const rm_host *host = &m->hosts[h];
		host_heading(out, m, h, "results");
		config_table(out, m, m->cfg, m->ncfg, h, -1);
		notes_html(out, &host->dir);
		for (int p = 0; p < host->nparts; p++)
			part_html(out, m, h, p);
	}
}

void rp_skipped_html(FILE *out, const report_model *m)
{
	for (int h = 0; h < m->nhosts; h++) {
		const rm_host *host = &m->hosts[h];
		char id[64];
		host_heading(out, m, h, "skipped-host");
		snprintf(id, sizeof id, "skipped-h%d", h);
		csv_table(out, &host->dir.skipped, "Skipped (could not run here)", id);
		snprintf(id, sizeof id, "failed-h%d", h);
		csv_table(out, &host->dir.failures, "Failed (crash, timeout, wrong answer)", id);
		if (!host->dir.skipped.nrows && !host->dir.failures.nrows)
			fprintf(out, "<p>Nothing was skipped and nothing failed%s.</p>\n",
			        host->nparts ? " in the main run (its passes: under every "
			                       "configuration)"
			                     : "");
	}
}
