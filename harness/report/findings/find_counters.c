/*
 * find_counters.c — counters and memory (find.h): per extra column of runs.csv
 * (a counter `<event>/op`, or a memory metric `metric:...rss...`/`...bytes...`),
 * per host and case at the case's base thread count, the column's median for
 * each series. Counters are read where rm_counter_source finds them (the main
 * run, else make bench's counters pass); metrics from the main run.
 *
 * What it promises: a counter is said only when two series have it and they
 * differ by more than 2x (otherwise it says nothing about the runtimes); at most
 * FIND_COUNTERS sentences over both kinds.
 */
#include "find.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../base/units.h"

#define FIND_COUNTERS 12 /* counter sentences at most */

/* Distinct cases of host h's main run (part -1) or part. */
static int part_cases(const report_model *m, int h, int part, const char **out, int max)
{
	const rm_config *list = part < 0 ? m->cfg : m->xcfg;
	int n = part < 0 ? m->ncfg : m->nxcfg, nc = 0;
	for (int i = 0; i < n; i++)
		if (list[i].host == h && list[i].part == part)
			rm_find_or_add(out, &nc, max, list[i].wcase);
	return nc;
}

/* Sentences for one extra column (counter or metric) across series, per case at
 * the case's base thread count; `bytes` formats as memory. Counters are read
 * where rm_counter_source finds them (the main run, else the counters pass);
 * metrics from the main run. */
static int find_extra(const report_model *m, rp_findings *f, const char *col, bool bytes,
                      int budget)
{
	int said = 0;
	for (int h = 0; h < m->nhosts && said < budget; h++) {
		smp_set s;
		int part = -1;
		if (!bytes && !rm_counter_source(m, h, &part))
			continue;
		if (!samples_group_if_present(rm_dir(m, h, part), col, &s))
			continue;
		const char *cases[64];
		int nc = part_cases(m, h, part, cases, 64);
		for (int k = 0; k < nc && said < budget; k++) {
			rf_case cs;
			rf_at_base(m, h, part, cases[k], &cs);
			char list[500] = "";
			double lo = INFINITY, hi = -INFINITY;
			int n = 0;
			for (int i = 0; i < cs.nfull; i++) {
				const smp_group *g = samples_find(&s, cs.full[i]->g->key);
				if (!g)
					continue;
				double med = stats_median(g->x, g->n);
				char v[32];
				if (bytes)
					fmt_bytes(v, sizeof v, med);
				else
					snprintf(v, sizeof v, "%.3g", med);
				lo = fmin(lo, med);
				hi = fmax(hi, med);
				if (n++ < FIND_LIST) {
					size_t w = strlen(list);
					snprintf(list + w, sizeof list - w, "%s%s %s",
					         n > 1 ? ", " : "", cs.full[i]->series, v);
				}
			}
			/* a counter only says something when runtimes differ (2x) */
			if (n == 0 || (!bytes && (n < 2 || hi <= 2 * lo)))
				continue;
			rf_add_host(f, m, h, bytes ? "memory" : "counters",
			            "%s, %s, threads=%d%s: %s.", col, cases[k], cs.threads,
			            part >= 0 ? " (counters pass)" : "", list);
			said++;
		}
		samples_free(&s);
	}
	return said;
}

/* The extra columns of host 0 (and the counter columns of its counters pass
 * when the main run has none), each said once over every host. */
void find_counters_memory(const report_model *m, rp_findings *f)
{
	if (m->nhosts == 0)
		return;
	int budget = FIND_COUNTERS, part;
	const rr_dir *d = &m->hosts[0].dir;
	for (int k = 0; k < d->nextra && budget > 0; k++) {
		const char *col = d->extra_names[k];
		bool mem =
		    strncmp(col, "metric:", 7) == 0 && (strstr(col, "rss") || strstr(col, "bytes"));
		if (mem || rm_is_counter(col))
			budget -= find_extra(m, f, col, mem, budget);
	}
	if (!rm_counter_source(m, 0, &part) || part < 0)
		return;
	d = rm_dir(m, 0, part);
	for (int k = 0; k < d->nextra && budget > 0; k++)
		if (rm_is_counter(d->extra_names[k]))
			budget -= find_extra(m, f, d->extra_names[k], false, budget);
}
