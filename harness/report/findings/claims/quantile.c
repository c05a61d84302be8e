/* quantile.c — see claim.h (cl_quantile): a quantile of a latency histogram
 * held against a bound by the quantile test. "p99 at most B" is "at most 1%
 * of the samples above B"; the count above B is binomial under the
 * hypothesis that exactly 1% lie there, so the exact binomial test of the
 * count (rf_test_share) says whether the share is significantly below 1%
 * (holds) or above it (does not hold). A histogram merges every repetition,
 * so its samples, not the repetitions, are the trials: the test takes the
 * samples as independent, which a run's wake-ups (each after its own sleep)
 * are closer to than a burst's. The count above B is read from the
 * histogram's rows: the total less the count at the last row at or below B
 * (HdrHistogram's percentile ticks, so at worst a sample between that row and
 * B counts as above: the test errs against the claim). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "claim.h"
#include "../../../base/units.h"
#include "../../../measure/binom.h"
#include "../../../measure/latency.h"

int cl_quantile(cl_ctx *x, const cl_quant *q)
{
	const hgrm_file *h = rm_hgrm_of(x->m, q->a);
	if (!h || h->npts < 1 || h->total == 0)
		return -1;
	cl_used(x, q->a);
	long long n = (long long)h->total, le = 0;
	/* the quantile its samples can show below the bound: q->p, else the next
	 * of p95, p90 for which none over would be significant (n = 100 cannot
	 * show a p99, n = 120 can show a p95) */
	static const double steps[] = {0.95, 0.90};
	double p = q->p;
	for (int i = 0; i < 2 && binom_p_at_zero(n, 1 - p) >= FIND_ALPHA; i++)
		if (steps[i] < p)
			p = steps[i];
	if (binom_p_at_zero(n, 1 - p) >= FIND_ALPHA)
		p = q->p; /* none can: the rule's own, "cannot tell" */
	/* the samples over the bound, for p's share */
	for (int i = 0; i < h->npts; i++)
		if (h->pts[i].value * LAT_UNIT_NS <= q->bound_ns)
			le = (long long)h->pts[i].count;
	long long over = le < n ? n - le : 0;
	double p0 = 1 - p, share = (double)over / (double)n;
	char what[96], fallback[120] = "";
	snprintf(what, sizeof what, "p%g %s", p * 100, q->what);
	if (p != q->p)
		snprintf(fallback, sizeof fallback, " (%lld %s cannot show a p%g under it)", n,
		         q->noun, q->p * 100);
	rf_test_res r = rf_test_share(x->f, q->a, what, q->bound_ns, over, n, p0);
	rp_outcome o = q->info                        ? RP_EV_INFO
	               : !r.can_detect && share <= p0 ? RP_EV_CANNOT_TELL
	               : !r.significant               ? RP_EV_CANNOT_TELL
	               : share < p0                   ? RP_EV_HOLDS
	                                              : RP_EV_DOES_NOT;
	rp_evidence *e = cl_item(x, o, q->where);
	if (!e)
		return o;
	e->value = share;
	binom_wilson(over, n, &e->lo, &e->hi);
	e->bound = p0;
	e->at_least = false;
	e->q = r.q;
	e->failed_rounds = q->a->failed_rounds > 0;
	snprintf(e->anchor, sizeof e->anchor, "%s", q->anchor ? q->anchor : "");
	char v[32], b[32], test[160], note[100];
	fmt_time_ns(v, sizeof v, hgrm_value_at(h, p) * LAT_UNIT_NS);
	fmt_time_ns(b, sizeof b, q->bound_ns);
	rm_failed_note(q->a, note, sizeof note);
	if (!r.can_detect && share <= p0)
		snprintf(test, sizeof test,
		         "%lld %s cannot show a share under %g%% (none over would give p=%.2g)", n,
		         q->noun, p0 * 100, r.min_p);
	else if (!r.significant)
		snprintf(test, sizeof test, "not significant, q=%.3f", r.q);
	else
		snprintf(test, sizeof test, r.q < 0.001 ? "q=%.1g" : "q=%.3f", r.q);
	char text[600];
	snprintf(text, sizeof text,
	         "%s: %s%s %s of %lld %s, %lld (%.2g%%) over %s; rule: at most %g%% over%s; %s",
	         q->where, note, what, v, n, q->noun, over, share * 100, b, p0 * 100, fallback,
	         test);
	/* into the item, cut at a character boundary */
	size_t k = strlen(text);
	if (k >= sizeof e->text) {
		k = sizeof e->text - 1;
		while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
			k--;
	}
	memcpy(e->text, text, k);
	e->text[k] = '\0';
	return o;
}
