/* find.c — see find.h: the helpers every kind of finding uses. */
#include "find.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends a finding whose text is `tag` (a prefix, or "") then fmt's. */
static void vadd(rp_findings *f, const char *topic, const char *tag, const char *fmt, va_list ap)
{
	if (f->n == RP_MAX_FINDINGS)
		return;
	rp_finding *x = &f->items[f->n++];
	snprintf(x->topic, sizeof x->topic, "%s", topic);
	int w = snprintf(x->text, sizeof x->text, "%s", tag);
	vsnprintf(x->text + w, sizeof x->text - (size_t)w, fmt, ap);
}

void rf_add(rp_findings *f, const char *topic, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(f, topic, "", fmt, ap);
	va_end(ap);
}

void rf_add_host(rp_findings *f, const report_model *m, int h, const char *topic, const char *fmt,
                 ...)
{
	char tag[140] = ""; /* "[host] " when several hosts are shown */
	if (m->nhosts > 1)
		snprintf(tag, sizeof tag, "[%.100s] ", m->hosts[h].label);
	va_list ap;
	va_start(ap, fmt);
	vadd(f, topic, tag, fmt, ap);
	va_end(ap);
}

void rf_fmt_p(char *buf, size_t len, double p)
{
	snprintf(buf, len, p < 0.001 ? "p=%.1g" : "p=%.3f", p);
}

/* Configurations of host h's main run (part -1) or part, case, threads, default
 * placement; full-size ones sorted by median, reduced ones in order. */
static void gather(const report_model *m, int h, int part, const char *wcase, int threads,
                   rf_case *out)
{
	out->threads = threads;
	out->nfull = out->nreduced = 0;
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg;
	for (int i = 0; i < n; i++) {
		const rm_config *c = &list[i];
		if (c->host != h || c->part != part || c->row->threads != threads ||
		    strcmp(c->wcase, wcase) || strcmp(c->row->placement, m->placement))
			continue;
		if (c->reduced) {
			if (out->nreduced < FIND_MAX_CASE)
				out->reduced[out->nreduced++] = c;
			continue;
		}
		if (out->nfull == FIND_MAX_CASE)
			continue;
		int k = out->nfull++;
		while (k > 0 && out->full[k - 1]->s.median > c->s.median) {
			out->full[k] = out->full[k - 1];
			k--;
		}
		out->full[k] = c;
	}
}

void rf_at_base(const report_model *m, int h, int part, const char *wcase, rf_case *c)
{
	for (int t = 0; t < m->nthreads; t++) {
		gather(m, h, part, wcase, m->threads[t], c);
		if (c->nfull + c->nreduced >= 2)
			return;
	}
	gather(m, h, part, wcase, m->nthreads ? m->threads[0] : 1, c);
}
