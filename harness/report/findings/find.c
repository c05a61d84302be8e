/* find.c — see find.h: the helpers every kind of finding uses. */
#include "find.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/splitmix.h"
#include "../../measure/binom.h"
#include "../../measure/mannwhitney.h"

/* The page section of a topic (findings.h). */
static rp_section section_of(const char *topic)
{
	static const struct {
		const char *topic;
		rp_section sec;
	} map[] = {{"speed-up", RP_SEC_OVERALL},  {"runtimes", RP_SEC_WORKLOAD},
	           {"scaling", RP_SEC_WORKLOAD},  {"floors", RP_SEC_WORKLOAD},
	           {"variants", RP_SEC_VARIANTS}, {"stability", RP_SEC_TRUST},
	           {"sizes", RP_SEC_TRUST}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i].topic, topic))
			return map[i].sec;
	return RP_SEC_MORE;
}

/* Appends a finding whose text is `tag` (a prefix, or "") then fmt's. */
static void vadd(rp_findings *f, const char *topic, const char *group, const char *tag,
                 const char *fmt, va_list ap)
{
	if (f->n == RP_MAX_FINDINGS)
		return;
	rp_finding *x = &f->items[f->n++];
	snprintf(x->topic, sizeof x->topic, "%s", topic);
	snprintf(x->group, sizeof x->group, "%s", group);
	x->section = section_of(topic);
	int w = snprintf(x->text, sizeof x->text, "%s", tag);
	vsnprintf(x->text + w, sizeof x->text - (size_t)w, fmt, ap);
}

void rf_add(rp_findings *f, const char *topic, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vadd(f, topic, "", "", fmt, ap);
	va_end(ap);
}

void rf_add_case(rp_findings *f, const report_model *m, int h, const char *topic, const char *wcase,
                 const char *fmt, ...)
{
	char tag[140] = "";
	if (m->nhosts > 1)
		snprintf(tag, sizeof tag, "[%.100s] ", m->hosts[h].label);
	va_list ap;
	va_start(ap, fmt);
	vadd(f, topic, wcase, tag, fmt, ap);
	va_end(ap);
}

const char *rf_rt_name(const rm_config *c, char *buf, size_t len)
{
	char note[100];
	rm_failed_note(c, note, sizeof note);
	snprintf(buf, len, "%s%s", c->row->runtime, note);
	return buf;
}

void rf_add_host(rp_findings *f, const report_model *m, int h, const char *topic, const char *fmt,
                 ...)
{
	char tag[140] = ""; /* "[host] " when several hosts are shown */
	if (m->nhosts > 1)
		snprintf(tag, sizeof tag, "[%.100s] ", m->hosts[h].label);
	va_list ap;
	va_start(ap, fmt);
	vadd(f, topic, "", tag, fmt, ap);
	va_end(ap);
}

void rf_fmt_p(char *buf, size_t len, double p)
{
	snprintf(buf, len, p < 0.001 ? "p=%.1g" : "p=%.3f", p);
}

/* Which column and factor a test compares: 0 for ns_per_op at k = 1 (rf_test),
 * else an FNV-1a hash of both (never 0). */
static unsigned test_tag(const char *col, double k)
{
	if (!col && k == 1)
		return 0;
	uint32_t h = 2166136261u;
	for (const char *q = col ? col : "ns_per_op"; *q; q++)
		h = (h ^ (unsigned char)*q) * 16777619u;
	uint64_t kb;
	memcpy(&kb, &k, sizeof kb);
	for (int i = 0; i < 8; i++)
		h = (h ^ (unsigned char)(kb >> (8 * i))) * 16777619u;
	return h ? h : 1;
}

/* The q of the test of x against y (tag: which test) with raw p, joining the
 * family when it is new to it. */
static double family_q(rp_findings *f, const void *x, const void *y, unsigned tag, double p)
{
	int i = 0;
	while (i < f->ntests &&
	       (f->tests[i].a != x || f->tests[i].b != y || f->tests[i].tag != tag))
		i++;
	if (i == f->ntests) {
		/* new to the family: until the next pass adjusts it, Bonferroni over
		 * the family so far (never less strict than BH) */
		if (f->ntests < RP_MAX_TESTS) {
			f->tests[f->ntests++] = (rp_test){x, y, tag, p, p};
			f->added++;
		}
		return fmin(1, p * (f->ntests > 0 ? f->ntests : 1));
	}
	return f->adjusted ? f->tests[i].q : fmin(1, p * f->ntests);
}

rf_test_res rf_test_k(rp_findings *f, const rm_config *a, const rm_config *b, const char *col,
                      double k, const double *xa, int na, const double *xb, int nb)
{
	rf_test_res r = {.p = 1, .q = 1, .na = na, .nb = nb};
	double *kb = malloc(sizeof *kb * (size_t)(nb > 0 ? nb : 1));
	if (!kb)
		return r;
	for (int i = 0; i < nb; i++)
		kb[i] = k * xb[i];
	mw_result mw;
	mw_test(xa, na, kb, nb, MW_TWO_SIDED, &mw);
	free(kb);
	r.p = mw.p;
	r.min_p = mw_min_p(na, nb);
	r.can_detect = r.min_p < FIND_ALPHA;
	/* the family is keyed by the two groups, in either order for rf_test's
	 * symmetric test, in this order for a claim's a <= k * b */
	unsigned tag = test_tag(col, k);
	const void *x = a->g, *y = b->g;
	if (tag == 0 && a->g > b->g) {
		x = b->g;
		y = a->g;
	}
	r.q = family_q(f, x, y, tag, mw.p);
	r.significant = r.q < FIND_ALPHA;
	return r;
}

rf_test_res rf_test_share(rp_findings *f, const rm_config *a, const char *what, double bound,
                          long long over, long long n, double p0)
{
	rf_test_res r = {.p = 1, .q = 1, .na = n > INT32_MAX ? INT32_MAX : (int)n};
	r.p = binom_p(over, n, p0);
	r.min_p = binom_p_at_zero(n, p0);
	r.can_detect = r.min_p < FIND_ALPHA;
	/* keyed by a alone: never the same key as a two-sample test's */
	r.q = family_q(f, a->g, NULL, test_tag(what, bound), r.p);
	r.significant = r.q < FIND_ALPHA;
	return r;
}

rf_test_res rf_test(rp_findings *f, const rm_config *a, const rm_config *b)
{
	return rf_test_k(f, a, b, NULL, 1, a->g->x, a->g->n, b->g->x, b->g->n);
}

static int by_p(const void *a, const void *b)
{
	double x = (*(const rp_test *const *)a)->p, y = (*(const rp_test *const *)b)->p;
	return x < y ? -1 : x > y;
}

void rf_adjust(rp_findings *f)
{
	int m = f->ntests;
	rp_test **s = malloc(sizeof *s * (size_t)(m + 1));
	if (!s)
		return;
	for (int i = 0; i < m; i++)
		s[i] = &f->tests[i];
	qsort(s, (size_t)m, sizeof *s, by_p);
	/* q_(i) = min over j >= i of p_(j) * m / j (Benjamini & Hochberg 1995) */
	double run = 1;
	for (int i = m - 1; i >= 0; i--) {
		run = fmin(run, s[i]->p * m / (i + 1));
		s[i]->q = run;
	}
	free(s);
	f->adjusted = true;
}

void rf_fmt_q(char *buf, size_t len, const rf_test_res *r)
{
	if (!r->can_detect)
		snprintf(buf, len,
		         "%d+%d repetitions cannot reach significance (smallest possible p = %.2g)",
		         r->na, r->nb, r->min_p);
	else
		snprintf(buf, len, r->q < 0.001 ? "q=%.1g" : "q=%.3f", r->q);
}

const char *rf_name(const rm_config *c, char *buf, size_t len)
{
	char note[100];
	rm_failed_note(c, note, sizeof note);
	snprintf(buf, len, "%s%s", c->series, note);
	return buf;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

bool rf_geomean_ci(const double *x, int n, double *g, double *lo, double *hi)
{
	double ls = 0;
	for (int i = 0; i < n; i++)
		ls += log(x[i]);
	*g = exp(ls / n);
	*lo = *hi = NAN;
	if (n < FIND_GEO_MIN)
		return false;
	/* 2,000 resamples: the 2.5% quantile rests on 50 of them, enough for the
	 * two digits printed */
	enum { B = 2000 };
	double *means = malloc(sizeof *means * B);
	if (!means)
		return false;
	uint64_t seed = 0x5eed;
	for (int b = 0; b < B; b++) {
		double s = 0;
		for (int i = 0; i < n; i++)
			s += log(x[splitmix64(&seed) % (uint64_t)n]);
		means[b] = exp(s / n);
	}
	qsort(means, B, sizeof *means, by_value);
	*lo = means[(int)(0.025 * B)];
	*hi = means[(int)(0.975 * B) - 1];
	free(means);
	return true;
}

void rf_geomean(const double *x, int n, const char *what, void (*fmt)(char *, size_t, double),
                char *val, size_t vlen, char *qual, size_t qlen)
{
	double g, lo, hi;
	bool ci = rf_geomean_ci(x, n, &g, &lo, &hi);
	fmt(val, vlen, g);
	if (n < FIND_GEO_MIN) {
		snprintf(qual, qlen, "descriptive: %d %s are too few for an interval", n, what);
		return;
	}
	if (!ci) {
		snprintf(qual, qlen, "descriptive");
		return;
	}
	char l[32], h[32];
	fmt(l, sizeof l, lo);
	fmt(h, sizeof h, hi);
	snprintf(qual, qlen, "95%% bootstrap CI over the %d %s: %s to %s", n, what, l, h);
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
