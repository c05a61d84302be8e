/*
 * find_cost.c — the cost of one op, per workload (find.h): for each host and
 * case, at the case's base thread count, every full-size configuration's median
 * from the fastest (the fastest FIND_LIST - 1, "...", the slowest), and how many
 * times the fastest the slowest costs ("; go/go costs 2.4x as much as gmp/go
 * (q=0.002)"), or that the two are not significantly different, or that the
 * repetitions cannot tell (rf_test).
 *
 * What it promises: one sentence per host and case that has a full-size
 * configuration; reduced-size ones are named as left out, never ranked.
 */
#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../../base/units.h"

/* Appends " (a, b ran a reduced size and are left out)" when there are any. */
static void reduced_tail(char *buf, size_t len, const rf_case *cs)
{
	size_t w = strlen(buf);
	for (int i = 0; i < cs->nreduced && w < len; i++)
		w += (size_t)snprintf(buf + w, len - w, "%s%s", i ? ", " : " (",
		                      cs->reduced[i]->series);
	if (cs->nreduced && w < len)
		snprintf(buf + w, len - w, " ran a reduced size and %s left out)",
		         cs->nreduced > 1 ? "are" : "is");
}

void find_cost(const report_model *m, rp_findings *f)
{
	const char *cases[64];
	int nc = rm_cases(m, NULL, NULL, cases, 64);
	for (int h = 0; h < m->nhosts; h++)
		for (int k = 0; k < nc; k++) {
			rf_case cs;
			rf_at_base(m, h, -1, cases[k], &cs);
			const rm_config *const *full = cs.full;
			int nf = cs.nfull;
			if (nf == 0)
				continue;
			char list[700] = "", v[32], nm[200];
			const char *noun = rm_op_noun(cases[k]);
			/* the fastest FIND_LIST - 1, then "..." and the slowest */
			for (int i = 0; i < nf; i++) {
				if (nf > FIND_LIST && i >= FIND_LIST - 1 && i < nf - 1)
					continue;
				fmt_time_ns(v, sizeof v, full[i]->s.median);
				size_t w = strlen(list);
				snprintf(list + w, sizeof list - w, "%s%s on %s",
				         i == 0                          ? ""
				         : i == nf - 1 && nf > FIND_LIST ? ", ..., "
				                                         : ", ",
				         v, rf_name(full[i], nm, sizeof nm));
			}
			char tail[800] = "";
			if (nf >= 2) {
				const rm_config *a = full[0], *b = full[nf - 1];
				rf_test_res r = rf_test(f, a, b);
				char q[120], x[32];
				rf_fmt_q(q, sizeof q, &r);
				fmt_times(x, sizeof x, b->s.median / a->s.median);
				if (r.significant)
					snprintf(tail, sizeof tail,
					         "; %s costs %s as much as %s (%s)", b->series, x,
					         a->series, q);
				else if (!r.can_detect)
					snprintf(
					    tail, sizeof tail,
					    "; no factor between fastest and slowest is stated: %s",
					    q);
				else
					snprintf(tail, sizeof tail,
					         "; fastest and slowest are not significantly "
					         "different (%s, %d+%d reps)",
					         q, a->g->n, b->g->n);
			}
			reduced_tail(tail, sizeof tail, &cs);
			rf_add_host(f, m, h, "cost", "%s, threads=%d: one %s costs %s%s.", cases[k],
			            cs.threads, noun, list, tail);
		}
}
