/*
 * claims.c — the claims usually made about goroutines, channels and threads
 * (findings.h's claims table), each held against this run per host: the
 * fastest coroutine configuration (gmp or go) against the fastest pthread one of
 * the same workload, at its base thread count; and gmp against Go's runtime on
 * every workload.
 *
 * Rules (kept small and rule-based: a later issue rewrites the claims):
 *   - "holds" or "does not hold" only when the U test's q (rf_test: the page's
 *     Benjamini-Hochberg family) is below FIND_ALPHA; where the repetitions
 *     cannot reach significance at all, the verdict says so;
 *   - every verdict states its coverage: on how many workloads it was checked,
 *     and which of corobench's workloads were not measured;
 *   - a configuration with failed rounds is named with them, and the verdict
 *     says that it rests on one;
 *   - the yield claim uses only configurations where at least
 *     CLAIM_SWITCHED of the yields resumed another task
 *     (metric:switched_yields in runs.csv: a yield that finds no other task
 *     returns at once and measures nothing); without that column it cannot be
 *     checked, and says so;
 *   - a claim whose workloads were not run at full size on both sides is "not
 *     measured", with the command line that would measure it.
 */
#include "find.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../base/units.h"
#include "../../../workloads/workload.h"

#define CLAIM_SWITCHED 0.99 /* share of yields that must have switched */

/* A new row of the claims table for host h, or NULL when the table is full. */
static rp_claim *new_claim(const report_model *m, rp_findings *f, int h, const char *claim)
{
	if (f->nclaims == RP_MAX_CLAIMS)
		return NULL;
	rp_claim *c = &f->claims[f->nclaims++];
	memset(c, 0, sizeof *c);
	c->claim = claim;
	snprintf(c->host, sizeof c->host, "%s", m->hosts[h].label);
	return c;
}

/* The share of yields that switched for cfg (metric:switched_yields: a share
 * in [0, 1], or a percentage when a value exceeds 1), or NAN when unknown. */
static double switched_share(const smp_set *sw, const rm_config *cfg)
{
	const smp_group *g = samples_find(sw, cfg->g->key);
	if (!g || g->n == 0)
		return NAN;
	double v = stats_median(g->x, g->n);
	return v > 1 ? v / 100 : v;
}

/* Claims: the fastest coroutine runtime (gmp, go) against the fastest pthread
 * configuration of the same case, at the case's base thread count. */
static void claim_factor(const report_model *m, rp_findings *f, int h, const char *wl,
                         double factor, bool needs_switch, const char *claim)
{
	rp_claim *c = new_claim(m, f, h, claim);
	if (!c)
		return;
	smp_set sw;
	bool have_sw = needs_switch &&
	               samples_group_if_present(rm_dir(m, h, -1), "metric:switched_yields", &sw);
	if (needs_switch && !have_sw) {
		snprintf(c->measured, sizeof c->measured,
		         "runs.csv has no metric:switched_yields column: whether each yield "
		         "resumed another task (or returned at once, measuring nothing) was not "
		         "recorded");
		snprintf(c->verdict, sizeof c->verdict, "cannot be checked (no switched_yields)");
		c->kind = RP_UNDECIDED;
		return;
	}
	rf_case cs;
	rf_at_base(m, h, -1, wl, &cs);
	const rm_config *co = NULL, *th = NULL;
	int dropped = 0;
	for (int i = 0; i < cs.nfull; i++) { /* sorted: the first of each kind is the fastest */
		if (have_sw && !(switched_share(&sw, cs.full[i]) >= CLAIM_SWITCHED)) {
			dropped++;
			continue;
		}
		bool is_thread = !strcmp(cs.full[i]->row->runtime, "pthread");
		if (is_thread && !th)
			th = cs.full[i];
		if (!is_thread && !co)
			co = cs.full[i];
	}
	if (have_sw)
		samples_free(&sw);
	char drop[200] = "";
	if (dropped)
		snprintf(drop, sizeof drop,
		         "; %d configuration(s) left out: under %.0f%% of their yields switched",
		         dropped, CLAIM_SWITCHED * 100);
	if (!co || !th) {
		snprintf(c->measured, sizeof c->measured,
		         "needs %s on pthread and on gmp or go (full size%s): run -w %s -r "
		         "pthread,gmp%s",
		         wl, needs_switch ? ", yields that switch" : "", wl, drop);
		snprintf(c->verdict, sizeof c->verdict, "not measured");
		c->kind = RP_NOT_MEASURED;
		return;
	}
	rf_test_res r = rf_test(f, co, th);
	double x = th->s.median / co->s.median;
	char a[32], b[32], xs[32], q[120], cn[200], tn[200];
	fmt_time_ns(a, sizeof a, co->s.median);
	fmt_time_ns(b, sizeof b, th->s.median);
	fmt_times(xs, sizeof xs, x);
	rf_fmt_q(q, sizeof q, &r);
	/* the factor only where the test supports it */
	snprintf(c->measured, sizeof c->measured,
	         "%s: %s on %s vs %s on %s per %s, threads=%d: %s%s%s%s%s", wl, a,
	         rf_name(co, cn, sizeof cn), b, rf_name(th, tn, sizeof tn), rm_op_noun(wl),
	         cs.threads, r.significant ? xs : "", r.significant ? " (" : "", q,
	         r.significant ? ")" : "", drop);
	const char *fail = co->failed_rounds || th->failed_rounds
	                       ? "; rests on a configuration with failed rounds"
	                       : "";
	if (!r.can_detect) {
		snprintf(c->verdict, sizeof c->verdict,
		         "cannot be decided: too few repetitions for significance (on %s)%s", wl,
		         fail);
		c->kind = RP_UNDECIDED;
	} else if (!r.significant) {
		snprintf(c->verdict, sizeof c->verdict, "not significant (on %s)%s", wl, fail);
		c->kind = RP_UNDECIDED;
	} else {
		bool holds = x >= factor;
		snprintf(c->verdict, sizeof c->verdict, "%s on 1 of 1 measured workload (%s)%s",
		         holds ? "holds" : "does not hold", wl, fail);
		c->kind = holds ? RP_HOLDS : RP_DOES_NOT;
	}
}

/* Appends name to a ", "-separated list. */
static void list_add(char *list, size_t len, const char *name)
{
	size_t w = strlen(list);
	if (w + 8 < len)
		snprintf(list + w, len - w, "%s%s", w ? ", " : "", name);
}

static void claim_gmp_vs_go(const report_model *m, rp_findings *f, int h)
{
	rp_claim *c = new_claim(
	    m, f, h,
	    "gmp, a G-M-P scheduler in C, is within 2x of Go's runtime on every workload.");
	if (!c)
		return;
	const char *cases[64];
	int nc = rm_cases(m, NULL, NULL, cases, 64), n = 0, over = 0, undecided = 0, failed = 0;
	double worst = 0;
	const char *worst_case = "";
	char measured_wl[600] = "", missing[600] = "";
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
		if (!gm || !go) {
			list_add(missing, sizeof missing, cases[k]);
			continue;
		}
		rf_test_res r = rf_test(f, gm, go);
		double x = gm->s.median / go->s.median;
		n++;
		list_add(measured_wl, sizeof measured_wl, cases[k]);
		over += x > 2 && r.significant;
		undecided += x > 2 && !r.significant;
		failed += gm->failed_rounds > 0 || go->failed_rounds > 0;
		if (x > worst) {
			worst = x;
			worst_case = cases[k];
		}
	}
	/* corobench's workloads this run did not measure on both at all */
	for (int i = 0; i < wl_count(); i++) {
		const char *name = wl_at(i)->name;
		bool seen = false;
		for (int k = 0; k < nc && !seen; k++)
			seen = !strncmp(cases[k], name, strlen(name)) &&
			       (cases[k][strlen(name)] == '\0' || cases[k][strlen(name)] == '/');
		if (!seen)
			list_add(missing, sizeof missing, name);
	}
	char notm[700] = "";
	if (missing[0])
		snprintf(notm, sizeof notm, " (not measured: %s)", missing);
	if (n == 0) {
		snprintf(c->measured, sizeof c->measured,
		         "needs the same workloads on gmp and go: run -r gmp,go");
		snprintf(c->verdict, sizeof c->verdict, "not measured%s", notm);
		c->kind = RP_NOT_MEASURED;
		return;
	}
	char w[32], fail[120] = "";
	fmt_times(w, sizeof w, worst);
	if (failed)
		snprintf(fail, sizeof fail, "; %d of them with failed rounds", failed);
	snprintf(c->measured, sizeof c->measured,
	         "%d workloads on both (%s); worst: %s, where gmp takes %s Go's time "
	         "(descriptive); %d "
	         "significantly beyond 2x, %d beyond 2x but not significantly%s",
	         n, measured_wl, worst_case, w, over, undecided, fail);
	if (over) {
		snprintf(c->verdict, sizeof c->verdict,
		         "does not hold on %d of %d measured workloads%s", over, n, notm);
		c->kind = RP_DOES_NOT;
	} else if (undecided) {
		snprintf(c->verdict, sizeof c->verdict,
		         "undecided on %d of %d measured workloads%s", undecided, n, notm);
		c->kind = RP_UNDECIDED;
	} else {
		snprintf(c->verdict, sizeof c->verdict, "holds on %d of %d measured workloads%s", n,
		         n, notm);
		/* "holds" unqualified only when nothing corobench runs is missing */
		c->kind = missing[0] ? RP_UNDECIDED : RP_HOLDS;
	}
}

/* The claims held against a factor, in the order of the table on the page. */
static const struct {
	const char *workload; /* whose fastest configurations are compared */
	double factor;        /* coroutine faster by at least this         */
	bool needs_switch;    /* only where the yields really switched     */
	const char *claim;    /* the claim as usually made                 */
} factor_claims[] = {
    {"yield", 10, true,
     "Switching between coroutines (a yield) costs at least 10x less than between OS "
     "threads."},
    {"spawn", 10, false,
     "Starting a goroutine-like task costs at least 10x less than starting an OS thread."},
    {"pingpong", 10, false,
     "An unbuffered channel round trip between coroutines is at least 10x faster than "
     "between OS threads."},
    {"skynet", 10, false,
     "A million short-lived tasks (skynet) run at least 10x faster as coroutines than as OS "
     "threads."},
};

void find_claims(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++) {
		for (size_t k = 0; k < sizeof factor_claims / sizeof factor_claims[0]; k++)
			claim_factor(m, f, h, factor_claims[k].workload, factor_claims[k].factor,
			             factor_claims[k].needs_switch, factor_claims[k].claim);
		claim_gmp_vs_go(m, f, h);
	}
}
