/* gate.c — see gate.h. */
#include "gate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"
#include "safe_text.h"

bool gate_parse_pct(const char *s, double *pct, char *err, size_t errlen)
{
	char *end;
	double v = strtod(s, &end);
	bool ok = end != s && (*end == '\0' || (end[0] == '%' && end[1] == '\0')) && isfinite(v) &&
	          v > 0 && v <= 1000 && !strchr(s, ' ') && s[0] != '+' && s[0] != '-';
	if (!ok) {
		char q[81];
		safe_text(q, sizeof q, s);
		snprintf(err, errlen,
		         "bad --fail-on-regression '%s': a percentage above 0 and at most 1000, "
		         "like 5%%",
		         q);
		return false;
	}
	*pct = v / 100;
	return true;
}

/* One row's part in the verdict. */
typedef struct gate_row {
	int row;        /* index in the table                                 */
	double p;       /* one-sided p (NEW larger)                           */
	double padj;    /* Holm-adjusted                                      */
	double best_p;  /* the smallest one-sided p its sample sizes allow    */
	bool regressed; /* all three conditions                               */
} gate_row;

static int by_p(const void *a, const void *b)
{
	double x = ((const gate_row *)a)->p, y = ((const gate_row *)b)->p;
	return (x > y) - (x < y);
}

static int by_row(const void *a, const void *b)
{
	return ((const gate_row *)a)->row - ((const gate_row *)b)->row;
}

static void key_text(const cmp_row *r, char *out, size_t len)
{
	safe_text(out, len, r->key);
}

bool gate_report(FILE *f, const cmp_table *t, double pct)
{
	gate_row *g = xcalloc((size_t)t->nrows + 1, sizeof *g);
	int m = 0, reduced = 0, few = 0, few_example = -1;
	for (int i = 0; i < t->nrows; i++) {
		const cmp_row *r = &t->rows[i];
		if (r->reduced) {
			reduced++;
			continue;
		}
		if (r->a.n < GATE_MIN_REPS || r->b.n < GATE_MIN_REPS) {
			few++;
			if (few_example < 0)
				few_example = i;
		}
		gate_row *x = &g[m++];
		x->row = i;
		/* U of OLD below its mean na*nb/2: OLD tends smaller, NEW larger, and
		 * the two-sided p is twice that tail (the null distribution of U is
		 * symmetric) */
		bool new_larger = r->mw.u < (double)r->a.n * r->b.n / 2;
		x->p = new_larger ? r->mw.p / 2 : 1 - r->mw.p / 2;
		x->best_p = mw_min_p(r->a.n, r->b.n) / 2;
	}
	/* Holm: the k-th smallest p (0-based) times m - k, made monotone */
	qsort(g, (size_t)m, sizeof *g, by_p);
	double run = 0;
	for (int k = 0; k < m; k++) {
		double adj = fmin(1, (double)(m - k) * g[k].p);
		run = fmax(run, adj);
		g[k].padj = run;
	}
	qsort(g, (size_t)m, sizeof *g, by_row);
	int regressed = 0, slower_not_sig = 0, decidable = 0;
	for (int k = 0; k < m; k++) {
		const cmp_row *r = &t->rows[g[k].row];
		/* could data of these sizes pass Holm's first step (alpha / m), which
		 * every rejection needs? */
		/* (the tolerance: mw_min_p(3, 3) / 2 comes out 1e-17 below 0.05) */
		decidable += g[k].best_p * m < GATE_ALPHA * (1 - 1e-9);
		g[k].regressed = g[k].padj < GATE_ALPHA && r->have_ratio && r->ratio.lo > 1 + pct;
		regressed += g[k].regressed;
		slower_not_sig += !g[k].regressed && r->have_ratio && r->ratio.ratio > 1 + pct;
	}
	const char *worse = t->metric_is_time ? "slower" : "larger";
	fprintf(
	    f,
	    "\nRegression gate: B %s than A by more than %g%% (one-sided Mann-Whitney U, "
	    "Holm-corrected over the %d configuration%s compared, at %g; and the bootstrap 95%% "
	    "CI of B/A wholly above %g):\n",
	    worse, pct * 100, m, m == 1 ? "" : "s", GATE_ALPHA, 1 + pct);
	if (regressed) {
		fprintf(f, "FAIL: %d configuration%s regressed:\n", regressed,
		        regressed == 1 ? "" : "s");
		for (int k = 0; k < m; k++) {
			if (!g[k].regressed)
				continue;
			const cmp_row *r = &t->rows[g[k].row];
			char key[CMP_KEY_LEN * 4];
			key_text(r, key, sizeof key);
			fprintf(
			    f,
			    "  %s: %+.1f%% (B/A %.3g, 95%% CI [%.3g, %.3g]; p=%.2g, Holm-adjusted "
			    "%.2g; n=%d+%d)\n",
			    key, (r->ratio.ratio - 1) * 100, r->ratio.ratio, r->ratio.lo,
			    r->ratio.hi, g[k].p, g[k].padj, r->a.n, r->b.n);
		}
		if (slower_not_sig)
			fprintf(f,
			        "(%d more %s by more than %g%% at the median, but not beyond "
			        "doubt: see "
			        "their CI and p above)\n",
			        slower_not_sig, worse, pct * 100);
	} else if (m > 0 && decidable == 0) {
		fprintf(f,
		        "PASS, but nothing can be told: with these repetitions no configuration "
		        "could reach p < %g after the correction for %d configurations (the "
		        "smallest possible one-sided p at %d+%d repetitions is %.2g); run more "
		        "repetitions (--reps %d) or compare fewer configurations.\n",
		        GATE_ALPHA, m, t->rows[g[0].row].a.n, t->rows[g[0].row].b.n, g[0].best_p,
		        GATE_MIN_REPS);
	} else if (m == 0) {
		fprintf(
		    f, "PASS, but nothing can be told: no configuration compared like for like.\n");
	} else {
		fprintf(f, "PASS: no configuration regressed");
		if (slower_not_sig)
			fprintf(f,
			        " (%d %s by more than %g%% at the median, but not beyond doubt: "
			        "see their CI and p above)",
			        slower_not_sig, worse, pct * 100);
		if (decidable < m)
			fprintf(f,
			        "; %d of %d configurations had too few repetitions to reach p < %g "
			        "after the correction",
			        m - decidable, m, GATE_ALPHA);
		fprintf(f, ".\n");
	}
	if (few) {
		char key[CMP_KEY_LEN * 4];
		key_text(&t->rows[few_example], key, sizeof key);
		fprintf(
		    f,
		    "Note: %d configuration%s had fewer than %d repetitions on a side (e.g. %s: "
		    "%d+%d): the gate may miss a regression there.\n",
		    few, few == 1 ? "" : "s", GATE_MIN_REPS, key, t->rows[few_example].a.n,
		    t->rows[few_example].b.n);
	}
	if (reduced)
		fprintf(f,
		        "Not gated: %d configuration%s ran a reduced size on a side (not like for "
		        "like).\n",
		        reduced, reduced == 1 ? "" : "s");
	free(g);
	return regressed > 0;
}
