/* pairclass.c — see pairclass.h. */
#include "pairclass.h"

#include <string.h>

static const char *const names[PC_COUNT] = {
    "smt", "l2", "l3", "cross-l3", "cross-numa", "cross-package",
};

static const char *const labels[PC_COUNT] = {
    "same core (SMT)",           "same L2",       "same L3", "cross L3 (same NUMA node)",
    "cross NUMA (same package)", "cross package",
};

const char *pc_name(pc_class c)
{
	return c >= 0 && c < PC_COUNT ? names[c] : "?";
}
const char *pc_label(pc_class c)
{
	return c >= 0 && c < PC_COUNT ? labels[c] : "?";
}

int pc_parse(const char *s)
{
	for (int c = 0; c < PC_COUNT; c++)
		if (strcmp(s, names[c]) == 0)
			return c;
	return -1;
}

/* Both PUs have the level (index >= 0) and it is the same object. */
static bool same(int a, int b)
{
	return a >= 0 && a == b;
}

pc_class pc_of(const topo_pu *a, const topo_pu *b)
{
	if (same(a->core, b->core))
		return PC_SMT;
	if (same(a->l2, b->l2))
		return PC_L2;
	if (same(a->l3, b->l3))
		return PC_L3;
	if (a->package != b->package) /* -1 on both when there are no packages */
		return PC_CROSS_PACKAGE;
	if (a->numa != b->numa)
		return PC_CROSS_NUMA;
	return PC_CROSS_L3;
}

bool pc_find(const topo *t, pc_class c, const int *cand, int n, int *ia, int *ib)
{
	/* O(n^2) pair checks: 384 PUs (2x EPYC 9654) is 73,536 cheap compares. */
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (pc_of(&t->pus[cand[i]], &t->pus[cand[j]]) == c) {
				*ia = cand[i];
				*ib = cand[j];
				return true;
			}
	return false;
}
