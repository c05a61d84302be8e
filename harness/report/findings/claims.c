/*
 * claims.c — the claims usually made about goroutines, channels and threads
 * (findings.h's claims table), each held against this run per host: the
 * fastest coroutine configuration (gmp or go) against the fastest pthread one of
 * the same workload, at its base thread count; and gmp against Go's runtime.
 *
 * What it promises: a verdict is "holds" or "does not hold" only when the U test
 * finds the difference significant (p < FIND_ALPHA), else "not significant"; a
 * claim whose workloads were not run at full size on both sides is "not
 * measured", with the command line that would measure it.
 */
#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../../measure/mannwhitney.h"
#include "../../base/units.h"

/* A new row of the claims table for host h, or NULL when the table is full. */
static rp_claim *new_claim(const report_model *m, rp_findings *f, int h, const char *claim)
{
	if (f->nclaims == RP_MAX_CLAIMS)
		return NULL;
	rp_claim *c = &f->claims[f->nclaims++];
	c->claim = claim;
	snprintf(c->host, sizeof c->host, "%s", m->hosts[h].label);
	return c;
}

/* Claims: the fastest coroutine runtime (gmp, go) against the fastest pthread
 * configuration of the same case, at the case's base thread count. */
static void claim_factor(const report_model *m, rp_findings *f, int h, const char *wl,
                         double factor, const char *claim)
{
	rp_claim *c = new_claim(m, f, h, claim);
	if (!c)
		return;
	rf_case cs;
	rf_at_base(m, h, -1, wl, &cs);
	const rm_config *co = NULL, *th = NULL;
	for (int i = 0; i < cs.nfull; i++) { /* sorted: the first of each kind is the fastest */
		bool is_thread = !strcmp(cs.full[i]->row->runtime, "pthread");
		if (is_thread && !th)
			th = cs.full[i];
		if (!is_thread && !co)
			co = cs.full[i];
	}
	if (!co || !th) {
		snprintf(
		    c->measured, sizeof c->measured,
		    "needs %s on pthread and on gmp or go (full size): run -w %s -r pthread,gmp",
		    wl, wl);
		c->verdict = "not measured";
		return;
	}
	mw_result r;
	mw_test(co->g->x, co->g->n, th->g->x, th->g->n, MW_TWO_SIDED, &r);
	double x = th->s.median / co->s.median;
	char a[32], b[32], xs[32], p[32];
	fmt_time_ns(a, sizeof a, co->s.median);
	fmt_time_ns(b, sizeof b, th->s.median);
	fmt_times(xs, sizeof xs, x);
	rf_fmt_p(p, sizeof p, r.p);
	snprintf(c->measured, sizeof c->measured,
	         "%s: %s on %s vs %s on %s per %s, threads=%d: %s (%s)", wl, a, co->series, b,
	         th->series, rm_op_noun(wl), cs.threads, xs, p);
	c->verdict = r.p >= FIND_ALPHA ? "not significant"
	             : x >= factor     ? "holds"
	                               : "does not hold";
}

static void claim_gmp_vs_go(const report_model *m, rp_findings *f, int h)
{
	rp_claim *c = new_claim(
	    m, f, h,
	    "gmp, a G-M-P scheduler in C, is within 2x of Go's runtime on every workload.");
	if (!c)
		return;
	const char *cases[64];
	int nc = rm_cases(m, NULL, NULL, cases, 64), n = 0, over = 0;
	double worst = 0;
	const char *worst_case = "";
	for (int k = 0; k < nc; k++) {
		rf_case cs;
		rf_at_base(m, h, -1, cases[k], &cs);
		const rm_config *gm = NULL, *go = NULL;
		for (int i = 0; i < cs.nfull; i++) {
			if (!strcmp(cs.full[i]->row->runtime, "gmp") && !gm)
				gm = cs.full[i];
			if (!strcmp(cs.full[i]->row->runtime, "go") && !go)
				go = cs.full[i];
		}
		if (!gm || !go)
			continue;
		mw_result r;
		mw_test(gm->g->x, gm->g->n, go->g->x, go->g->n, MW_TWO_SIDED, &r);
		double x = gm->s.median / go->s.median;
		n++;
		over += x > 2 && r.p < FIND_ALPHA;
		if (x > worst) {
			worst = x;
			worst_case = cases[k];
		}
	}
	if (n == 0) {
		snprintf(c->measured, sizeof c->measured,
		         "needs the same workloads on gmp and go: run -r gmp,go");
		c->verdict = "not measured";
		return;
	}
	char w[32];
	fmt_times(w, sizeof w, worst);
	snprintf(c->measured, sizeof c->measured,
	         "%d workloads on both; worst: %s, where gmp takes %s Go's time; %d significantly "
	         "beyond 2x",
	         n, worst_case, w, over);
	c->verdict = over ? "does not hold" : "holds";
}

/* The claims held against a factor, in the order of the table on the page. */
static const struct {
	const char *workload; /* whose fastest configurations are compared */
	double factor;        /* coroutine faster by at least this         */
	const char *claim;    /* the claim as usually made                 */
} factor_claims[] = {
    {"yield", 10,
     "Switching between coroutines (a yield) costs at least 10x less than between OS "
     "threads."},
    {"spawn", 10,
     "Starting a goroutine-like task costs at least 10x less than starting an OS thread."},
    {"pingpong", 10,
     "An unbuffered channel round trip between coroutines is at least 10x faster than "
     "between OS threads."},
    {"skynet", 10,
     "A million short-lived tasks (skynet) run at least 10x faster as coroutines than as OS "
     "threads."},
};

void find_claims(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++) {
		for (size_t k = 0; k < sizeof factor_claims / sizeof factor_claims[0]; k++)
			claim_factor(m, f, h, factor_claims[k].workload, factor_claims[k].factor,
			             factor_claims[k].claim);
		claim_gmp_vs_go(m, f, h);
	}
}
