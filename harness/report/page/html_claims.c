/* html_claims.c — see html_claims.h: the claims table, then each claim's
 * rule, verdicts, coverage and evidence. */
#include "html_claims.h"

#include <string.h>

#include "html_text.h"

/* The page's class for a verdict or an outcome (html.c's style sheet). */
static const char *verdict_class(rp_verdict v)
{
	return v == RP_HOLDS ? "holds" : v == RP_DOES_NOT ? "nothold" : "unknown";
}

static const char *outcome_class(rp_outcome o)
{
	return o == RP_EV_HOLDS ? "holds" : o == RP_EV_DOES_NOT ? "nothold" : "unknown";
}

/* The row of claim i on host h, or NULL. */
static const rp_claim *row(const rp_findings *f, int i, int h)
{
	for (int k = 0; k < f->nclaims; k++)
		if (f->claims[k].idx == i && f->claims[k].host == h)
			return &f->claims[k];
	return NULL;
}

/* The hosts of the table: one past the highest host index of a row. */
static int hosts(const rp_findings *f)
{
	int n = 0;
	for (int k = 0; k < f->nclaims; k++)
		n = f->claims[k].host + 1 > n ? f->claims[k].host + 1 : n;
	return n;
}

static void evidence(FILE *out, const rp_evidence *e)
{
	static const char *const mark[] = {"holds", "does not hold", "cannot tell", "shown"};
	fprintf(out, "<li><span class=\"%s\">%s</span>: ", outcome_class(e->outcome),
	        mark[e->outcome]);
	html_text(out, e->text);
	if (e->anchor[0]) {
		fprintf(out, " <a href=\"#");
		html_text(out, e->anchor);
		fprintf(out, "\">%s</a>", strcmp(e->anchor, "results") ? "chart" : "table");
	}
	fprintf(out, "</li>\n");
}

/* A row's verdict per runtime (F1), each in its verdict's colour:
 * "pthread <holds>, gmp <does not hold>, go <not measured>". */
static void by_runtime(FILE *out, const rp_claim *c)
{
	for (int i = 0; i < c->nrt; i++) {
		fprintf(out, "%s", i ? ", " : "");
		html_text(out, c->rt[i].runtime);
		fprintf(out, " <span class=\"%s\">%s</span>", verdict_class(c->rt[i].verdict),
		        rp_verdict_name(c->rt[i].verdict));
	}
}

static void claim_host(FILE *out, const rp_claim *c, int nhosts)
{
	fprintf(out, "<p>");
	if (nhosts > 1) {
		fprintf(out, "<b>");
		html_text(out, c->host_label);
		fprintf(out, "</b>: ");
	}
	fprintf(out, "<span class=\"%s\">", verdict_class(c->verdict));
	html_text(out, c->verdict_text);
	fprintf(out, "</span></p>\n");
	if (c->nrt) {
		char counts[400];
		rp_claim_by_runtime(c, counts, sizeof counts);
		fprintf(out, "<p title=\"");
		html_text(out, counts);
		fprintf(out, "\">Per runtime: ");
		by_runtime(out, c);
		fprintf(out, ".</p>\n");
	}
	fprintf(out, "<p class=\"meta\">Measured: ");
	html_text(out, c->measured);
	/* a row with nothing to compare says its notes as its verdict: once */
	if (c->not_measured[0] &&
	    !(c->verdict == RP_NOT_MEASURED && strstr(c->verdict_text, c->not_measured))) {
		fprintf(out, ". Not measured: ");
		html_text(out, c->not_measured);
	}
	fprintf(out, ".</p>\n");
	if (c->nev == 0)
		return;
	fprintf(out, "<ul>\n");
	for (int i = 0; i < c->nev; i++)
		evidence(out, &c->ev[i]);
	if (c->nleft)
		fprintf(out, "<li class=\"meta\">%d more item%s counted above, not listed</li>\n",
		        c->nleft, c->nleft > 1 ? "s" : "");
	fprintf(out, "</ul>\n");
}

/* A claim's anchor: "claim-" and its id in lower case ("claim-c7", "claim-n1"). */
static void anchor_of(const rp_claim_def *d, char *out, size_t len)
{
	int w = snprintf(out, len, "claim-");
	for (const char *p = d->id; *p && w + 1 < (int)len; p++)
		out[w++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	out[w] = '\0';
}

void html_claims(FILE *out, const rp_findings *f)
{
	int nh = hosts(f);
	fprintf(out, "<h2 id=\"claims\">Claims checked</h2>\n<p class=\"meta\">The claims usually "
	             "made about coroutines, channels and threads (C1-C12), what the network "
	             "servers are expected to show (N1-N2) and what a runtime owes the tasks "
	             "beside one that never yields (F1, a verdict per runtime), each held "
	             "against this "
	             "run by the rule written beside it (corobench's docs/CLAIMS.md). A comparison "
	             "counts where its Benjamini-Hochberg q is below 0.05; the verdict is one of "
	             "holds, does not hold, mixed, not measured, cannot tell. "
	             "<code>corobench claims DIR</code> prints the same table.</p>\n"
	             "<table><tr><th>#</th><th>claim</th>");
	for (int h = 0; h < nh; h++) {
		const rp_claim *c = row(f, 0, h);
		fprintf(out, "<th>");
		html_text(out, c ? c->host_label : "?");
		fprintf(out, "</th>");
	}
	fprintf(out, "</tr>\n");
	for (int i = 0; i < RP_NCLAIMS; i++) {
		const rp_claim_def *d = rp_claim_def_at(i);
		char id[16];
		anchor_of(d, id, sizeof id);
		fprintf(out, "<tr><td><a href=\"#%s\">%s</a></td><td>", id, d->id);
		html_text(out, d->claim);
		fprintf(out, "</td>");
		for (int h = 0; h < nh; h++) {
			const rp_claim *c = row(f, i, h);
			fprintf(out, "<td class=\"%s\">%s",
			        c ? verdict_class(c->verdict) : "unknown",
			        c ? rp_verdict_name(c->verdict) : "-");
			if (c && c->nrt) {
				fprintf(out, "<br><span class=\"wl\">");
				by_runtime(out, c);
				fprintf(out, "</span>");
			}
			fprintf(out, "</td>");
		}
		fprintf(out, "</tr>\n");
	}
	fprintf(out, "</table>\n");
	/* Each claim's rule and evidence folded under its own line (the page stays
	 * within its budget of about ten screens; a link to #claim-c7 opens it). */
	for (int i = 0; i < RP_NCLAIMS; i++) {
		const rp_claim_def *d = rp_claim_def_at(i);
		char id[16];
		anchor_of(d, id, sizeof id);
		fprintf(out, "<details class=\"claim\" id=\"%s\"><summary><b>%s</b>: ", id, d->id);
		html_text(out, d->claim);
		for (int h = 0; h < nh; h++) {
			const rp_claim *c = row(f, i, h);
			fprintf(out, " &mdash; <span class=\"%s\">%s</span>",
			        c ? verdict_class(c->verdict) : "unknown",
			        c ? rp_verdict_name(c->verdict) : "-");
		}
		fprintf(out, "</summary>\n<p class=\"meta\">Rule: ");
		html_text(out, d->rule);
		fprintf(out, "</p>\n");
		for (int h = 0; h < nh; h++) {
			const rp_claim *c = row(f, i, h);
			if (c)
				claim_host(out, c, nh);
		}
		fprintf(out, "</details>\n");
	}
}
