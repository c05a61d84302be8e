/* find.c — see find.h: the helpers every kind of finding uses. */
#include "find.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rf_add(rp_findings *f, const char *topic, const char *fmt, ...)
{
	if (f->n == RP_MAX_FINDINGS)
		return;
	rp_finding *x = &f->items[f->n++];
	snprintf(x->topic, sizeof x->topic, "%s", topic);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->text, sizeof x->text, fmt, ap);
	va_end(ap);
}

/* "[host] " when several hosts are shown, else "". */
const char *rf_host_tag(const report_model *m, int h, char *buf, size_t len)
{
	if (m->nhosts < 2)
		return "";
	snprintf(buf, len, "[%.100s] ", m->hosts[h].label);
	return buf;
}

void rf_fmt_p(char *buf, size_t len, double p)
{
	snprintf(buf, len, p < 0.001 ? "p=%.1g" : "p=%.3f", p);
}

/* Configurations of host h's main run (part -1) or part, case, threads, default
 * placement; full-size ones into full[] sorted by median, reduced ones into red[]. */
void rf_gather(const report_model *m, int h, int part, const char *wcase, int threads,
               const rm_config **full, int *nf, const rm_config **red, int *nr, int max)
{
	*nf = *nr = 0;
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg;
	for (int i = 0; i < n; i++) {
		const rm_config *c = &list[i];
		if (c->host != h || c->part != part || c->row->threads != threads ||
		    strcmp(c->wcase, wcase) || strcmp(c->row->placement, m->placement))
			continue;
		if (c->reduced) {
			if (*nr < max)
				red[(*nr)++] = c;
			continue;
		}
		if (*nf == max)
			continue;
		int k = (*nf)++;
		while (k > 0 && full[k - 1]->s.median > c->s.median) {
			full[k] = full[k - 1];
			k--;
		}
		full[k] = c;
	}
}

/* The lowest thread count at which the case has at least two configurations
 * (in host h's main run, part -1, or part). */
int rf_base_threads(const report_model *m, int h, int part, const char *wcase)
{
	for (int t = 0; t < m->nthreads; t++) {
		const rm_config *full[64], *red[64];
		int nf, nr;
		rf_gather(m, h, part, wcase, m->threads[t], full, &nf, red, &nr, 64);
		if (nf + nr >= 2)
			return m->threads[t];
	}
	return m->nthreads ? m->threads[0] : 1;
}

/* Appends "; a, b ran a reduced size and are left out" when there are any. */
void rf_reduced_tail(char *buf, size_t len, const rm_config **red, int nr)
{
	size_t w = strlen(buf);
	for (int i = 0; i < nr && w < len; i++)
		w += (size_t)snprintf(buf + w, len - w, "%s%s", i ? ", " : " (", red[i]->series);
	if (nr && w < len)
		snprintf(buf + w, len - w, " ran a reduced size and %s left out)",
		         nr > 1 ? "are" : "is");
}
