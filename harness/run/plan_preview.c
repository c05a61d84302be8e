/* plan_preview.c — see plan_preview.h. */
#include "plan_preview.h"

#include <string.h>

#include "child_placement.h"

static topo *this_topo(char *err, size_t errlen)
{
	static topo *t;
	if (!t && topo_open(&t, NULL, NULL, err, errlen) != 0)
		return NULL;
	return t;
}

/* Does the usable set hold two PUs of one core? */
static bool has_siblings(const topo *t)
{
	for (int i = 0; i < t->npus; i++)
		if (t->pus[i].smt_rank > 0)
			return true;
	return false;
}

int plan_preview(const char *policy, int workers, bool *shares_core, char *why, size_t len)
{
	*shares_core = false;
	why[0] = '\0';
	topo *t = this_topo(why, len);
	if (!t)
		return CB_EFAIL;
	if (strcmp(policy, "none") == 0) {
		*shares_core = workers > 1 && has_siblings(t);
		return CB_OK;
	}
	pl_plan plan;
	int rc =
	    pl_plan_make(t, policy, workers, child_placement_cpukind(), PL_BIND, &plan, why, len);
	if (rc != CB_OK)
		return rc == CB_EUNAVAIL ? CB_EUNAVAIL : CB_EFAIL;
	for (int i = 0; i < plan.workers && !*shares_core; i++)
		for (int j = i + 1; j < plan.workers && !*shares_core; j++)
			*shares_core = t->pus[plan.pu[i]].core >= 0 &&
			               t->pus[plan.pu[i]].core == t->pus[plan.pu[j]].core;
	pl_plan_free(&plan);
	return CB_OK;
}
