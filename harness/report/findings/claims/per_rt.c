/* per_rt.c — see claim.h (cl_runtime): a verdict per runtime within a row.
 * The row's counts only grow while a rule adds items, so a runtime's items
 * are the difference between the counts when it opened and when it closes;
 * its verdict is the one aggregation rule over them (cl_verdict_of), the
 * same as the row's. */
#include <stdio.h>

#include "claim.h"

void cl_runtime_close(cl_ctx *x)
{
	if (x->rt_at < 0)
		return;
	rp_claim_rt *r = &x->c->rt[x->rt_at];
	r->nholds = x->c->nholds - x->rt_base[0];
	r->ndoes = x->c->ndoes - x->rt_base[1];
	r->ncannot = x->c->ncannot - x->rt_base[2];
	r->verdict = cl_verdict_of(r->nholds, r->ndoes, r->ncannot);
	x->rt_at = -1;
}

void cl_runtime(cl_ctx *x, const char *rt)
{
	cl_runtime_close(x);
	if (x->c->nrt == RP_CLAIM_RT)
		return; /* no room: the items still count for the row */
	x->rt_at = x->c->nrt++;
	snprintf(x->c->rt[x->rt_at].runtime, sizeof x->c->rt[0].runtime, "%s", rt);
	x->rt_base[0] = x->c->nholds;
	x->rt_base[1] = x->c->ndoes;
	x->rt_base[2] = x->c->ncannot;
}
