/*
 * find_runtimes.c — runtime against runtime, per workload (find.h): for each
 * host, case and worker count, the cost of one op on each runtime, each on its
 * like-for-like channel (rm_like: the go variant, Go's own channels; no
 * channel where the case uses none), fastest first, and how many times the
 * fastest's time each other runtime takes ("threads=1: a round trip costs
 * 87.4 ns on gmp, 257 ns on go, 8.87 µs on pthread; go takes 2.9x gmp's time
 * (q=0.016), pthread 101x (q=0.016)").
 *
 * What it promises: one sentence per host, case and worker count with at
 * least one runtime; a factor only where rf_test supports it, otherwise the
 * sentence says the two do not differ significantly or that the repetitions
 * cannot tell; a reduced-size configuration is named and never compared; the
 * summary table shows the same comparisons as ratios.
 */
#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../../base/units.h"

#define FIND_RTS 8 /* runtimes in one sentence */

/* The comparison of `other` with the fastest full-size configuration. */
static void against(rp_findings *f, const rm_config *fast, const rm_config *other, char *out,
                    size_t len)
{
	char nm[200], q[160], x[32];
	rf_rt_name(other, nm, sizeof nm);
	if (other->reduced) {
		snprintf(out, len, "%s ran a reduced size and is not compared", nm);
		return;
	}
	rf_test_res r = rf_test(f, other, fast);
	rf_fmt_q(q, sizeof q, &r);
	fmt_times(x, sizeof x, other->s.median / fast->s.median);
	if (r.significant)
		snprintf(out, len, "%s takes %s %s's time (%s)", nm, x, fast->row->runtime, q);
	else if (!r.can_detect)
		snprintf(out, len, "%s against %s: no factor, %s", nm, fast->row->runtime, q);
	else
		snprintf(out, len, "%s and %s do not differ significantly (%s)", nm,
		         fast->row->runtime, q);
}

void find_runtimes(const report_model *m, rp_findings *f)
{
	const rp_summary *s = &f->sum;
	for (int r = 0; r < s->nrows; r++) {
		const rp_sum_row *row = &s->row[r];
		for (int t = 0; t < m->nthreads; t++) {
			const rm_config *cfg[FIND_RTS];
			int n = 0;
			for (int c = 0; c < s->ncols && n < FIND_RTS; c++)
				if (s->col[c].threads == m->threads[t] && row->cell[c].cfg) {
					/* insertion by median: fastest first, reduced ones last */
					const rm_config *x = row->cell[c].cfg;
					int k = n++;
					while (k > 0 && (cfg[k - 1]->reduced > x->reduced ||
					                 (cfg[k - 1]->reduced == x->reduced &&
					                  cfg[k - 1]->s.median > x->s.median))) {
						cfg[k] = cfg[k - 1];
						k--;
					}
					cfg[k] = x;
				}
			if (n == 0)
				continue;
			char list[800] = "", cmp[2400] = "", v[32], nm[200];
			for (int i = 0; i < n; i++) {
				size_t w = strlen(list);
				fmt_time_ns(v, sizeof v, cfg[i]->s.median);
				snprintf(list + w, sizeof list - w, "%s%s on %s", i ? ", " : "", v,
				         rf_rt_name(cfg[i], nm, sizeof nm));
			}
			for (int i = 1; i < n && !cfg[0]->reduced; i++) {
				char one[800];
				size_t w = strlen(cmp);
				against(f, cfg[0], cfg[i], one, sizeof one);
				snprintf(cmp + w, sizeof cmp - w, "%s%s", i > 1 ? "; " : "; ", one);
			}
			rf_add_case(f, m, row->host, "runtimes", row->wcase,
			            "threads=%d: a%s %s costs %s%s.", m->threads[t],
			            strchr("aeiou", rm_op_noun(row->wcase)[0]) ? "n" : "",
			            rm_op_noun(row->wcase), list, cmp);
		}
	}
}
