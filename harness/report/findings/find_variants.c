/*
 * find_variants.c — channel variant against variant, per workload (find.h):
 * for each host and case with two variants or more on a C runtime (Go has
 * only its own channels), at the case's base worker count, that runtime's
 * variants from the fastest, and the fastest against the next ("gmp,
 * threads=1: mutex 73.8 ns, go 87.4 ns, faa 163 ns; mutex takes 0.84x go's
 * time (q=0.016)").
 *
 * What it promises: one sentence per host, case and C runtime with two
 * variants or more at full size; a factor only where rf_test supports it;
 * reduced-size configurations are left out (find_runtimes names them).
 */
#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../../base/units.h"
#include "../pairing.h"

void find_variants(const report_model *m, rp_findings *f)
{
	const rp_summary *s = &f->sum;
	for (int r = 0; r < s->nrows; r++) {
		const rp_sum_row *row = &s->row[r];
		rf_case cs;
		rf_at_base(m, row->host, -1, row->wcase, &cs);
		const char *rts[8];
		int nrt = 0;
		for (int i = 0; i < cs.nfull; i++)
			if (strcmp(cs.full[i]->row->runtime, PAIR_GO_RUNTIME) &&
			    !pair_no_chan(cs.full[i]->row->chan))
				rm_find_or_add(rts, &nrt, 8, cs.full[i]->row->runtime);
		for (int k = 0; k < nrt; k++) {
			const rm_config *v[FIND_MAX_CASE];
			int n = 0;
			for (int i = 0; i < cs.nfull; i++) /* sorted: fastest first */
				if (!strcmp(cs.full[i]->row->runtime, rts[k]))
					v[n++] = cs.full[i];
			if (n < 2)
				continue;
			char list[700] = "", t[32], q[160], x[32], fail[100], tail[400];
			for (int i = 0; i < n; i++) {
				size_t w = strlen(list);
				fmt_time_ns(t, sizeof t, v[i]->s.median);
				rm_failed_note(v[i], fail, sizeof fail);
				snprintf(list + w, sizeof list - w, "%s%s %s%s", i ? ", " : "",
				         v[i]->row->chan, t, fail);
			}
			rf_test_res res = rf_test(f, v[0], v[1]);
			rf_fmt_q(q, sizeof q, &res);
			fmt_times(x, sizeof x, v[0]->s.median / v[1]->s.median);
			if (res.significant)
				snprintf(tail, sizeof tail, "%s takes %s %s's time (%s)",
				         v[0]->row->chan, x, v[1]->row->chan, q);
			else if (!res.can_detect)
				snprintf(tail, sizeof tail, "%s against %s: no factor, %s",
				         v[0]->row->chan, v[1]->row->chan, q);
			else
				snprintf(tail, sizeof tail,
				         "%s and %s do not differ significantly (%s)",
				         v[0]->row->chan, v[1]->row->chan, q);
			rf_add_case(f, m, row->host, "variants", row->wcase,
			            "%s, threads=%d: %s; %s.", rts[k], cs.threads, list, tail);
		}
	}
}
