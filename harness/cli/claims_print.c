/* claims_print.c — see claims_print.h: the claims table on a terminal and as
 * JSON. */
#include "claims_print.h"

#include <math.h>
#include <string.h>

#include "../base/format/json.h"
#include "../report/safe_text.h"

#define HOST_COL 24 /* widest host column (labels are cut there) */

const rp_claim *claims_row(const rp_findings *f, int i, int h)
{
	for (int k = 0; k < f->nclaims; k++)
		if (f->claims[k].idx == i && f->claims[k].host == h)
			return &f->claims[k];
	return NULL;
}

/* s escaped (safe_text.h), into a buffer of the caller's. */
static const char *esc(char *buf, size_t len, const char *s)
{
	safe_text(buf, len, s);
	return buf;
}

/* Prints s escaped, wrapped at 96 columns, continuation lines indented. */
static void wrapped(FILE *out, const char *indent, const char *s)
{
	static char buf[4096];
	esc(buf, sizeof buf, s);
	const char *p = buf;
	size_t ind = strlen(indent), col = ind;
	fputs(indent, out);
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t w = sp ? (size_t)(sp - p) : strlen(p);
		if (col > ind && col + w > 96) {
			fprintf(out, "\n%s  ", indent);
			col = ind + 2;
		}
		fwrite(p, 1, w, out);
		col += w;
		p += w;
		if (*p == ' ') {
			fputc(' ', out);
			col++;
			p++;
		}
	}
	fputc('\n', out);
}

static void table(FILE *out, const report_model *m, const rp_findings *f)
{
	char b[HOST_COL * 4 + 8];
	fprintf(out, "%-5s %-36s", "", "claim");
	for (int h = 0; h < m->nhosts; h++) {
		esc(b, sizeof b, m->hosts[h].label);
		fprintf(out, "  %-14.*s", HOST_COL, b);
	}
	fputc('\n', out);
	for (int i = 0; i < RP_NCLAIMS; i++) {
		const rp_claim_def *d = rp_claim_def_at(i);
		fprintf(out, "%-5s %-36s", d->id, d->title);
		for (int h = 0; h < m->nhosts; h++) {
			const rp_claim *c = claims_row(f, i, h);
			fprintf(out, "  %-14s", c ? rp_verdict_name(c->verdict) : "-");
		}
		fputc('\n', out);
	}
}

/* Whether the verdict's text already is the "not measured" notes (a row with
 * nothing to compare says them there), so they are printed once. */
static bool notes_in_verdict(const rp_claim *c)
{
	return c->verdict == RP_NOT_MEASURED && strstr(c->verdict_text, c->not_measured);
}

static void detail(FILE *out, const report_model *m, const rp_claim *c)
{
	static const char mark[] = {'+', '-', '?', 'i'};
	char b[512], line[1200];
	fprintf(out, "  [%s] ", esc(b, sizeof b, c->host_label));
	(void)m;
	wrapped(out, "", c->verdict_text);
	if (c->nrt) {
		char rts[400];
		rp_claim_by_runtime(c, rts, sizeof rts);
		snprintf(line, sizeof line, "per runtime: %s", rts);
		wrapped(out, "    ", line);
	}
	snprintf(line, sizeof line, "measured: %s", c->measured);
	wrapped(out, "    ", line);
	if (c->not_measured[0] && !notes_in_verdict(c)) {
		snprintf(line, sizeof line, "not measured: %s", c->not_measured);
		wrapped(out, "    ", line);
	}
	for (int i = 0; i < c->nev; i++) {
		const rp_evidence *e = &c->ev[i];
		snprintf(line, sizeof line, "%c %s%s%s%s", mark[e->outcome], e->text,
		         e->anchor[0] ? " [#" : "", e->anchor, e->anchor[0] ? "]" : "");
		wrapped(out, "    ", line);
	}
	if (c->nleft)
		fprintf(out, "    (%d more item%s counted, not listed)\n", c->nleft,
		        c->nleft > 1 ? "s" : "");
}

void claims_print_text(FILE *out, const report_model *m, const rp_findings *f, bool brief)
{
	fprintf(out,
	        "Claims checked: C1-C12, N1-N2, F1 against %d host%s (the rules: docs/CLAIMS.md; a "
	        "comparison counts where its Benjamini-Hochberg q < 0.05)\n\n",
	        m->nhosts, m->nhosts > 1 ? "s" : "");
	table(out, m, f);
	if (brief)
		return;
	fprintf(out, "\nevidence: + holds, - does not hold, ? cannot tell, i shown only; "
	             "[#id]: the chart or table of report.html\n");
	for (int i = 0; i < RP_NCLAIMS; i++) {
		const rp_claim_def *d = rp_claim_def_at(i);
		fprintf(out, "\n%s  %s\n", d->id, d->claim);
		char rule[600];
		snprintf(rule, sizeof rule, "rule: %s", d->rule);
		wrapped(out, "    ", rule);
		for (int h = 0; h < m->nhosts; h++) {
			const rp_claim *c = claims_row(f, i, h);
			if (c)
				detail(out, m, c);
		}
	}
}

/* A JSON string from the results: escaped by safe_text.h's rule first. */
static void jstr(FILE *out, const char *s)
{
	static char buf[4096];
	json_string(out, esc(buf, sizeof buf, s));
}

static void jnum(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.6g", v);
	else
		fputs("null", out);
}

static void json_evidence(FILE *out, const rp_evidence *e)
{
	fprintf(out, "{\"outcome\": ");
	json_string(out, rp_outcome_name(e->outcome));
	fprintf(out, ", \"where\": ");
	jstr(out, e->where);
	fprintf(out, ", \"text\": ");
	jstr(out, e->text);
	fprintf(out, ", \"chart\": ");
	jstr(out, e->anchor);
	fprintf(out, ", \"value\": ");
	jnum(out, e->value);
	fprintf(out, ", \"ci95\": [");
	jnum(out, e->lo);
	fprintf(out, ", ");
	jnum(out, e->hi);
	fprintf(out, "], \"bound\": ");
	jnum(out, e->bound);
	fprintf(out, ", \"at_least\": %s, \"q\": ", e->at_least ? "true" : "false");
	jnum(out, e->q);
	fprintf(out, ", \"failed_rounds\": %s}", e->failed_rounds ? "true" : "false");
}

static void json_row(FILE *out, const rp_claim *c)
{
	fprintf(out, "{\"host\": ");
	jstr(out, c->host_label);
	fprintf(out, ", \"verdict\": ");
	json_string(out, rp_verdict_name(c->verdict));
	fprintf(out, ",\n       \"verdict_text\": ");
	jstr(out, c->verdict_text);
	fprintf(out, ",\n       \"measured\": ");
	jstr(out, c->measured);
	fprintf(out, ",\n       \"not_measured\": ");
	jstr(out, c->not_measured);
	fprintf(out,
	        ",\n       \"counts\": {\"holds\": %d, \"does_not_hold\": %d, \"cannot_tell\": %d, "
	        "\"info\": %d},\n       \"evidence\": [",
	        c->nholds, c->ndoes, c->ncannot, c->ninfo);
	for (int i = 0; i < c->nev; i++) {
		fprintf(out, "%s\n        ", i ? "," : "");
		json_evidence(out, &c->ev[i]);
	}
	fprintf(out, "],\n       \"evidence_not_listed\": %d", c->nleft);
	if (c->nrt) { /* a verdict per runtime (F1) */
		fprintf(out, ",\n       \"runtimes\": [");
		for (int i = 0; i < c->nrt; i++) {
			const rp_claim_rt *r = &c->rt[i];
			fprintf(out, "%s{\"runtime\": ", i ? ", " : "");
			jstr(out, r->runtime);
			fprintf(out, ", \"verdict\": ");
			json_string(out, rp_verdict_name(r->verdict));
			fprintf(out,
			        ", \"counts\": {\"holds\": %d, \"does_not_hold\": %d, "
			        "\"cannot_tell\": %d}}",
			        r->nholds, r->ndoes, r->ncannot);
		}
		fprintf(out, "]");
	}
	fprintf(out, "}");
}

void claims_print_json(FILE *out, const report_model *m, const rp_findings *f)
{
	fprintf(out, "{\n \"schema\": 1,\n \"rules\": \"docs/CLAIMS.md\",\n \"hosts\": [");
	for (int h = 0; h < m->nhosts; h++) {
		fprintf(out, "%s{\"label\": ", h ? ", " : "");
		jstr(out, m->hosts[h].label);
		fprintf(out, ", \"dir\": ");
		jstr(out, m->hosts[h].dir.path);
		fprintf(out, "}");
	}
	fprintf(out, "],\n \"claims\": [");
	for (int i = 0; i < RP_NCLAIMS; i++) {
		const rp_claim_def *d = rp_claim_def_at(i);
		fprintf(out, "%s\n  {\"id\": \"%s\", \"title\": ", i ? "," : "", d->id);
		json_string(out, d->title);
		fprintf(out, ",\n   \"claim\": ");
		json_string(out, d->claim);
		fprintf(out, ",\n   \"rule\": ");
		json_string(out, d->rule);
		fprintf(out, ",\n   \"hosts\": [");
		for (int h = 0; h < m->nhosts; h++) {
			const rp_claim *c = claims_row(f, i, h);
			if (!c)
				continue;
			fprintf(out, "%s\n      ", h ? "," : "");
			json_row(out, c);
		}
		fprintf(out, "]}");
	}
	fprintf(out, "\n ]\n}\n");
}
