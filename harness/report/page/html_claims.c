/* html_claims.c — see html_claims.h. */
#include "html_claims.h"

#include "html_text.h"

void html_claims(FILE *out, const rp_findings *f)
{
	fprintf(out,
	        "<h2 id=\"claims\">Claims checked</h2>\n<p class=\"meta\">What is "
	        "usually said about goroutines, channels and threads, held against this run "
	        "(fastest coroutine configuration vs fastest pthread one, same workload).</p>\n"
	        "<table class=\"claims\"><tr><th>claim</th><th>host</th><th>measured</th>"
	        "<th>verdict</th></tr>\n");
	for (int i = 0; i < f->nclaims; i++) {
		const rp_claim *c = &f->claims[i];
		const char *cls = c->kind == RP_HOLDS      ? "holds"
		                  : c->kind == RP_DOES_NOT ? "nothold"
		                                           : "unknown";
		fprintf(out, "<tr><td>");
		html_text(out, c->claim);
		fprintf(out, "</td><td>");
		html_text(out, c->host);
		fprintf(out, "</td><td>");
		html_text(out, c->measured);
		fprintf(out, "</td><td class=\"%s\">", cls);
		html_text(out, c->verdict);
		fprintf(out, "</td></tr>\n");
	}
	fprintf(out, "</table>\n");
}
