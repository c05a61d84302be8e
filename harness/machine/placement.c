/*
 * placement.c — placement plans (see placement.h for the policies and the
 * decisions; this file's comments say how). Parsing a policy string is
 * placement_policy.c; the order a policy puts PUs in is placement_order.c.
 *
 * A plan is built in three steps:
 *   1. candidates: the usable PUs (topology.h), restricted to one CPU kind when
 *      --cpukind is given;
 *   2. tiers: on a hybrid machine without --cpukind, the candidates split by kind,
 *      most performant first; otherwise one tier;
 *   3. order: each tier ordered by the policy (compact / cores / scatter), tiers
 *      concatenated; the first `workers` entries are the plan. Because the plan is
 *      a prefix of one fixed order, it is prefix-stable.
 * Pair classes and cpus: lists pick PUs directly instead of ordering.
 */
#include "placement_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpukind.h"

/* Fills cand with the indexes into t->pus of the usable PUs of CPU kind `kind`
 * (-1: of no known kind), or of every kind when any_kind; in logical order. */
static int candidates(const topo *t, int kind, bool any_kind, int *cand)
{
	int n = 0;
	for (int i = 0; i < t->npus; i++)
		if (any_kind || t->pus[i].kind == kind)
			cand[n++] = i;
	return n;
}

/* ---- plan -------------------------------------------------------------------- */

static void note_add(pl_plan *p, const char *fmt, const char *a, const char *b)
{
	size_t used = strlen(p->note);
	snprintf(p->note + used, sizeof p->note - used, fmt, used ? "; " : "", a, b);
}

static const char *what_places(pl_kind k)
{
	return k == K_CORES ? "cores" : k == K_CPUS ? "listed PUs" : "PUs";
}

static int too_many(const topo *t, const char *name, pl_kind k, int workers, int places, char *err,
                    size_t errlen)
{
	snprintf(err, errlen,
	         "placement '%s': %d workers but %s has %d usable %s; a pinned plan never puts "
	         "two workers on one %s (use -p none to oversubscribe)",
	         name, workers, t->source, places, what_places(k), k == K_CORES ? "core" : "PU");
	return CB_EUNAVAIL;
}

/* Lists the pair classes the candidates have, for the refusal message. */
static void classes_present(const topo *t, const int *cand, int n, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int c = 0; c < PC_COUNT; c++) {
		int a, b;
		if (pc_find(t, (pc_class)c, cand, n, &a, &b)) {
			size_t used = strlen(buf);
			snprintf(buf + used, len - used, "%s%s", used ? ", " : "", pc_name(c));
		}
	}
	if (!buf[0])
		snprintf(buf, len, "none");
}

static int plan_pair(const topo *t, const char *name, const policy *pol, int kind, bool hybrid,
                     int *cand, pl_plan *out, char *err, size_t errlen)
{
	int n, a, b;
	bool found;
	if (out->workers != 2) {
		snprintf(err, errlen, "placement '%s' places exactly 2 workers, not %d", name,
		         out->workers);
		return CB_EUNAVAIL;
	}
	if (kind >= 0 || !hybrid) { /* one kind, or not hybrid: one search */
		n = candidates(t, kind, kind < 0, cand);
		found = pc_find(t, (pc_class)pol->pair, cand, n, &a, &b);
	} else { /* prefer a pair of the most performant kind */
		n = candidates(t, t->nkinds - 1, false, cand);
		found = pc_find(t, (pc_class)pol->pair, cand, n, &a, &b);
		if (!found) {
			n = candidates(t, -1, true, cand);
			found = pc_find(t, (pc_class)pol->pair, cand, n, &a, &b);
			if (found)
				note_add(out,
				         "%sthe most performant CPU kind has no %s pair%s; "
				         "this pair mixes or uses other kinds",
				         name, "");
		}
	}
	if (!found) {
		char have[160];
		classes_present(t, cand, n, have, sizeof have);
		snprintf(err, errlen,
		         "placement '%s': %s has no pair of usable PUs that are %s (pair classes "
		         "there: %s)",
		         name, t->source, pc_label((pc_class)pol->pair), have);
		return CB_EUNAVAIL;
	}
	out->pu[0] = a;
	out->pu[1] = b;
	return CB_OK;
}

static int plan_cpus(const topo *t, const char *name, const policy *pol, int kind, pl_plan *out,
                     char *err, size_t errlen)
{
	for (int i = 0; i < pol->ncpus; i++) {
		const topo_pu *p = topo_find_os(t, pol->cpus[i]);
		char why[400];
		if (!p) {
			bool exists = hwloc_get_pu_obj_by_os_index(t->h, pol->cpus[i]) != NULL;
			snprintf(why, sizeof why, "PU %u %s %s", pol->cpus[i],
			         exists ? "is outside this process's CPU affinity on"
			                : "does not exist on",
			         t->source);
			return pl_fail(err, errlen, CB_EINVAL, "bad placement '%s': %s", name, why);
		}
		if (kind >= 0 && p->kind != kind) {
			snprintf(why, sizeof why, "PU %u is not of the --cpukind chosen",
			         pol->cpus[i]);
			return pl_fail(err, errlen, CB_EINVAL, "bad placement '%s': %s", name, why);
		}
	}
	if (out->workers > pol->ncpus)
		return too_many(t, name, K_CPUS, out->workers, pol->ncpus, err, errlen);
	for (int w = 0; w < out->workers; w++)
		out->pu[w] = (int)(topo_find_os(t, pol->cpus[w]) - t->pus);
	return CB_OK;
}

static int plan_ordered(const topo *t, const char *name, const policy *pol, int kind, bool hybrid,
                        int *cand, pl_plan *out, char *err, size_t errlen)
{
	int *order = calloc((size_t)t->npus, sizeof *order);
	if (!order)
		return pl_fail(err, errlen, CB_EUNAVAIL, "placement '%s': %s", name,
		               "out of memory");
	int len = 0, best_len = 0;
	/* Tiers: the chosen kind; or every kind from the most performant down, then
	 * PUs of no known kind; or (not hybrid) all PUs at once. */
	int first = kind >= 0 ? kind : hybrid ? t->nkinds - 1 : -1;
	int last = kind >= 0 ? kind : -1;
	for (int k = first; k >= last; k--) {
		int n = candidates(t, k, !hybrid && kind < 0, cand);
		int got = pl_order_tier(t, pol->kind, cand, n, order + len);
		if (got < 0) {
			free(order);
			return pl_fail(err, errlen, CB_EUNAVAIL, "placement '%s': %s", name,
			               "out of memory");
		}
		len += got;
		if (k == first)
			best_len = len;
	}
	if (out->workers > len) {
		free(order);
		return too_many(t, name, pol->kind, out->workers, len, err, errlen);
	}
	memcpy(out->pu, order, (size_t)out->workers * sizeof *order);
	free(order);
	if (hybrid && kind < 0) {
		char d[200], spill[64] = "";
		ck_describe(t, t->nkinds - 1, d, sizeof d);
		if (out->workers > best_len)
			snprintf(spill, sizeof spill, "; %d of %d workers on less performant kinds",
			         out->workers - best_len, out->workers);
		note_add(out,
		         "%shybrid CPU: the plan prefers the most performant kind, %s%s "
		         "(--cpukind picks another)",
		         d, spill);
	}
	return CB_OK;
}

/* Fills pus, pin_sets and pair_class from pu[]. */
static int finish(const topo *t, unsigned flags, pl_plan *out, char *err, size_t errlen)
{
	size_t cap = (size_t)(unsigned)out->workers * 8 + 1; /* OS index up to 7 digits + ';' */
	out->pus = calloc(cap, 1);
	out->pin_sets = calloc((size_t)(unsigned)out->workers, sizeof *out->pin_sets);
	if (!out->pus || !out->pin_sets) {
		snprintf(err, errlen, "placement: out of memory");
		return CB_EUNAVAIL;
	}
	size_t used = 0;
	for (int w = 0; w < out->workers; w++) {
		unsigned os = t->pus[out->pu[w]].os;
		used += (size_t)snprintf(out->pus + used, cap - used, "%s%u", w ? ";" : "", os);
		if (os >= CPU_SETSIZE && out->pin_sets) {
			free(out->pin_sets);
			out->pin_sets = NULL;
			if (flags & PL_BIND) {
				snprintf(err, errlen,
				         "PU %u is beyond CPU_SETSIZE (%d): cannot pin it", os,
				         CPU_SETSIZE);
				return CB_EUNAVAIL;
			}
		}
		if (out->pin_sets) {
			CPU_ZERO(&out->pin_sets[w]);
			CPU_SET(os, &out->pin_sets[w]);
		}
	}
	if (out->workers == 2)
		out->pair_class = pc_name(pc_of(&t->pus[out->pu[0]], &t->pus[out->pu[1]]));
	return CB_OK;
}

int pl_plan_make(const topo *t, const char *name, int workers, const char *cpukind, unsigned flags,
                 pl_plan *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->pus = NULL;
	out->pair_class = "";
	policy pol;
	int rc = pl_policy_parse(name, &pol, err, errlen);
	if (rc != CB_OK)
		return rc;
	int kind = -1;
	if (workers < 1) {
		snprintf(err, errlen, "bad threads '%d': a plan places at least one worker",
		         workers);
		rc = CB_EINVAL;
	} else if (cpukind && ck_resolve(t, cpukind, &kind, err, errlen) != 0) {
		rc = CB_EINVAL;
	} else if ((flags & PL_BIND) && pol.kind != K_NONE && !topo_can_bind(t, err, errlen)) {
		rc = t->this_system ? CB_EUNAVAIL : CB_EINVAL;
	}
	out->workers = workers;
	if (rc == CB_OK && pol.kind == K_NONE) {
		out->pus = calloc(1, 1);
		free(pol.cpus);
		return out->pus ? CB_OK : CB_EUNAVAIL;
	}
	int *cand = rc == CB_OK ? calloc((size_t)t->npus, sizeof *cand) : NULL;
	out->pu = rc == CB_OK ? calloc((size_t)workers, sizeof *out->pu) : NULL;
	if (rc == CB_OK && (!cand || !out->pu))
		rc = pl_fail(err, errlen, CB_EUNAVAIL, "placement '%s': %s", name, "out of memory");
	bool hybrid = ck_hybrid(t);
	if (rc == CB_OK && pol.kind == K_PAIR)
		rc = plan_pair(t, name, &pol, kind, hybrid, cand, out, err, errlen);
	else if (rc == CB_OK && pol.kind == K_CPUS)
		rc = plan_cpus(t, name, &pol, kind, out, err, errlen);
	else if (rc == CB_OK)
		rc = plan_ordered(t, name, &pol, kind, hybrid, cand, out, err, errlen);
	if (rc == CB_OK) {
		out->pinned = true;
		rc = finish(t, flags, out, err, errlen);
	}
	if (rc == CB_OK && kind >= 0) {
		char d[200];
		ck_describe(t, kind, d, sizeof d);
		note_add(out, "%splan restricted to --cpukind %s%s", d, "");
	}
	if (rc == CB_OK && t->note[0])
		note_add(out, "%s%s%s", t->note, "");
	free(cand);
	free(pol.cpus);
	if (rc != CB_OK)
		pl_plan_free(out);
	return rc;
}

void pl_plan_free(pl_plan *p)
{
	free(p->pu);
	free(p->pin_sets);
	free(p->pus);
	p->pu = NULL;
	p->pin_sets = NULL;
	p->pus = NULL;
	p->pinned = false;
}
