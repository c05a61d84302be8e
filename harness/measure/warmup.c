/* warmup.c — see warmup.h. */
#include "warmup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mannwhitney.h"
#include "stats.h"

void warmup_run(const double *x, const int *rep, int n, warmup_check *w)
{
	memset(w, 0, sizeof *w);
	w->p = 1;
	if (n < 2)
		return;
	int lo = rep[0], hi = rep[0];
	for (int i = 1; i < n; i++) {
		lo = rep[i] < lo ? rep[i] : lo;
		hi = rep[i] > hi ? rep[i] : hi;
	}
	int per_round = hi - lo + 1;
	if (per_round < 2)
		return;
	w->checked = true;
	w->early = per_round / 4 > 1 ? per_round / 4 : 1;
	double *early = malloc(sizeof *early * (size_t)n), *rest = malloc(sizeof *rest * (size_t)n);
	if (!early || !rest) {
		free(early);
		free(rest);
		w->checked = false;
		return;
	}
	int ne = 0, nr = 0;
	for (int i = 0; i < n; i++) {
		if (rep[i] - lo < w->early)
			early[ne++] = x[i];
		else
			rest[nr++] = x[i];
	}
	w->n_early = ne;
	if (ne > 0 && nr > 0) {
		double me = stats_median(early, ne), mr = stats_median(rest, nr);
		w->ratio = mr > 0 ? me / mr : 0;
		bool big = w->ratio > WARMUP_MIN_RATIO;
		if (mw_min_p(ne, nr) / 2 < 0.05) { /* one-sided: half the two-sided floor */
			mw_result r;
			mw_test(early, ne, rest, nr, MW_GREATER, &r);
			w->tested = true;
			w->p = r.p;
			w->slower = big && r.p < 0.05;
		} else {
			double min_early = early[0], max_rest = rest[0];
			for (int i = 1; i < ne; i++)
				min_early = early[i] < min_early ? early[i] : min_early;
			for (int i = 1; i < nr; i++)
				max_rest = rest[i] > max_rest ? rest[i] : max_rest;
			w->slower = big && min_early > max_rest;
		}
	}
	free(early);
	free(rest);
}

void warmup_note(const warmup_check *w, int warmup_used, char *buf, size_t len)
{
	if (!w->slower) {
		if (len)
			buf[0] = '\0';
		return;
	}
	char how[48];
	if (w->tested)
		snprintf(how, sizeof how, "p=%.2g", w->p);
	else
		snprintf(how, sizeof how, "too few reps to test");
	if (warmup_used >= 0)
		snprintf(
		    buf, len,
		    "warm-up: first %d rep(s) of each round %.0f%% slower (%s): use --warmup %d",
		    w->early, (w->ratio - 1) * 100, how, warmup_used + w->early);
	else
		snprintf(buf, len, "warm-up: first %d rep(s) of each round %.0f%% slower (%s)",
		         w->early, (w->ratio - 1) * 100, how);
}
