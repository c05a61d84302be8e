/*
 * placement_order.c — the order a policy puts the PUs of one tier in (step 3 of
 * placement.c's plan): compact, cores and scatter. A plan is a prefix of this
 * order, which is what makes plans prefix-stable.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "placement_internal.h"

/* The usable PU of unit u's core with SMT rank r, or -1 (usable PUs of one core
 * are adjacent in logical order, so it is u + r when it exists). */
static int sibling(const topo *t, int u, int r)
{
	int i = u + r;
	if (i >= t->npus || t->pus[u].core < 0 || t->pus[i].core != t->pus[u].core ||
	    t->pus[i].smt_rank != r)
		return -1;
	return i;
}

/* Nearest hwloc Group ancestor (an arm cluster, a die), logical index or -1. */
static int group_of(const topo *t, int i)
{
	hwloc_obj_t g = hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_GROUP, t->pus[i].obj);
	return g ? (int)g->logical_index : -1;
}

enum { LV_PACKAGE, LV_NUMA, LV_L3, LV_GROUP, LV_L2, LV_COUNT };

/* Level indexes of PU i, in scatter's priority order; -1 becomes slot 0. */
static void levels(const topo *t, int i, int out[LV_COUNT])
{
	const topo_pu *p = &t->pus[i];
	out[LV_PACKAGE] = p->package + 1;
	out[LV_NUMA] = p->numa + 1;
	out[LV_L3] = p->l3 + 1;
	out[LV_GROUP] = group_of(t, i) + 1;
	out[LV_L2] = p->l2 + 1;
}

/* Scatter order of a tier: greedy, each step picks the unit (a core's first PU)
 * whose package, then NUMA node, then L3, Group, L2 holds the fewest workers so
 * far (lexicographic), ties to the earliest in logical order; then the SMT
 * siblings of the units, rank by rank, in the same unit order. O(units^2 * 5):
 * 192 cores is 180k compares. */
static int order_scatter(const topo *t, const int *cand, int n, int *out)
{
	static const hwloc_obj_type_t types[LV_COUNT] = {HWLOC_OBJ_PACKAGE, HWLOC_OBJ_NUMANODE,
	                                                 HWLOC_OBJ_L3CACHE, HWLOC_OBJ_GROUP,
	                                                 HWLOC_OBJ_L2CACHE};
	int *load[LV_COUNT], (*lv)[LV_COUNT] = calloc((size_t)n + 1, sizeof *lv);
	int *units = calloc((size_t)n + 1, sizeof *units);
	bool *taken = calloc((size_t)n + 1, sizeof *taken);
	bool ok = lv && units && taken;
	for (int l = 0; l < LV_COUNT; l++) {
		load[l] = calloc((size_t)topo_count(t, types[l]) + 1, sizeof *load[l]);
		ok &= load[l] != NULL;
	}
	int nunits = 0, len = 0;
	for (int i = 0; ok && i < n; i++)
		if (t->pus[cand[i]].smt_rank == 0) {
			levels(t, cand[i], lv[nunits]);
			units[nunits++] = i;
		}
	for (int step = 0; ok && step < nunits; step++) {
		int best = -1;
		for (int u = 0; u < nunits; u++) {
			if (taken[u])
				continue;
			if (best < 0) {
				best = u;
				continue;
			}
			for (int l = 0; l < LV_COUNT; l++) {
				int a = load[l][lv[u][l]], b = load[l][lv[best][l]];
				if (a != b) {
					if (a < b)
						best = u;
					break;
				}
			}
		}
		taken[best] = true;
		for (int l = 0; l < LV_COUNT; l++)
			load[l][lv[best][l]]++;
		out[len++] = cand[units[best]];
	}
	/* SMT siblings: rank 1 of every unit in unit order, then rank 2, ... A
	 * sibling is used only when it is a candidate too (same kind). */
	for (int r = 1; ok && len < n; r++) {
		int before = len;
		for (int s = 0; s < nunits; s++) {
			int i = sibling(t, out[s], r);
			for (int c = 0; i >= 0 && c < n; c++)
				if (cand[c] == i) {
					out[len++] = i;
					break;
				}
		}
		if (len == before)
			break;
	}
	for (int l = 0; l < LV_COUNT; l++)
		free(load[l]);
	free(lv);
	free(units);
	free(taken);
	return ok ? len : -1;
}

/* Appends the policy order of one tier's candidates to out; returns its length. */
int pl_order_tier(const topo *t, pl_kind kind, const int *cand, int n, int *out)
{
	int len = 0;
	switch (kind) {
	case K_COMPACT:
		memcpy(out, cand, (size_t)n * sizeof *out);
		return n;
	case K_CORES:
		for (int i = 0; i < n; i++)
			if (t->pus[cand[i]].smt_rank == 0)
				out[len++] = cand[i];
		return len;
	case K_SCATTER:
		return order_scatter(t, cand, n, out);
	default:
		return 0;
	}
}
