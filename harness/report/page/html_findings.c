/* html_findings.c — see html_findings.h. */
#include "html_findings.h"

#include <string.h>

#include "html_text.h"

/* The findings of section sec whose group (or topic, for RP_SEC_MORE) is key. */
static bool in(const rp_finding *x, rp_section sec, const char *key)
{
	return x->section == sec && !strcmp(sec == RP_SEC_MORE ? x->topic : x->group, key);
}

/* The distinct groups (topics for RP_SEC_MORE) of a section, in order. */
static int keys(const rp_findings *f, rp_section sec, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < f->n; i++)
		if (f->items[i].section == sec)
			rm_find_or_add(out, &n, max,
			               sec == RP_SEC_MORE ? f->items[i].topic : f->items[i].group);
	return n;
}

/* A section folded per group: its first sentence on the fold's line. */
static void folded(FILE *out, const rp_findings *f, rp_section sec)
{
	const char *k[RP_MAX_FINDINGS];
	int n = keys(f, sec, k, RP_MAX_FINDINGS);
	for (int g = 0; g < n; g++) {
		int count = 0, first = -1;
		for (int i = 0; i < f->n; i++)
			if (in(&f->items[i], sec, k[g])) {
				first = first < 0 ? i : first;
				count++;
			}
		fprintf(out, "<details class=\"f\"><summary><b>");
		if (sec == RP_SEC_MORE)
			html_text(out, k[g]);
		else {
			fprintf(out, "one ");
			html_text(out, rm_op_noun(k[g]));
			fprintf(out, "</b> <span class=\"wl\">");
			html_text(out, k[g]);
			fprintf(out, "</span><b>");
		}
		fprintf(out, "</b> (%d): ", count);
		html_text(out, f->items[first].text);
		fprintf(out, "</summary>\n<ul>\n");
		for (int i = first + 1; i < f->n; i++)
			if (in(&f->items[i], sec, k[g])) {
				fprintf(out, "<li>");
				html_text(out, f->items[i].text);
				fprintf(out, "</li>\n");
			}
		fprintf(out, "</ul></details>\n");
	}
}

static void open_list(FILE *out, const rp_findings *f, rp_section sec)
{
	fprintf(out, "<ul>\n");
	for (int i = 0; i < f->n; i++)
		if (f->items[i].section == sec) {
			fprintf(out, "<li>");
			html_text(out, f->items[i].text);
			fprintf(out, "</li>\n");
		}
	fprintf(out, "</ul>\n");
}

static bool any(const rp_findings *f, rp_section sec)
{
	for (int i = 0; i < f->n; i++)
		if (f->items[i].section == sec)
			return true;
	return false;
}

void rp_findings_html(FILE *out, const rp_findings *f)
{
	fprintf(out,
	        "<h2 id=\"findings\">Findings</h2>\n<p class=\"meta\">Computed from runs.csv "
	        "when this page was written. The %d Mann-Whitney U tests behind the summary, "
	        "the findings and the claims of this page are one family: q is the "
	        "Benjamini-Hochberg adjusted p-value, and a factor is stated only where q &lt; "
	        "0.05 (so at most 5%% of the differences called significant are expected to be "
	        "false). Where the repetitions are too few for any test to reach significance, "
	        "the sentence says so instead of giving a factor.</p>\n",
	        f->ntests);
	static const struct {
		rp_section sec;
		const char *id, *title;
		bool fold;
	} parts[] = {
	    {RP_SEC_OVERALL, "findings-overall", "Over every workload", false},
	    {RP_SEC_WORKLOAD, "findings-workloads",
	     "Per workload: runtime against runtime, and scaling with workers", true},
	    {RP_SEC_VARIANTS, "findings-variants", "Channel variant against variant", true},
	    {RP_SEC_MORE, "findings-more", "Latency, placement, channel scaling, counters, hosts",
	     true},
	    {RP_SEC_TRUST, "findings-trust", "How far to trust the numbers", false},
	};
	for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) {
		if (!any(f, parts[p].sec))
			continue;
		fprintf(out, "<h3 id=\"%s\">%s</h3>\n", parts[p].id, parts[p].title);
		if (parts[p].fold)
			folded(out, f, parts[p].sec);
		else
			open_list(out, f, parts[p].sec);
	}
}
