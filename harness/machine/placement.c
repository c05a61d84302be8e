/*
 * placement.c — placement policies and plans (see placement.h for the policies
 * and the decisions; this file's comments say how).
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
#include "placement.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/parse.h"
#include "cpukind.h"

const char *const pl_policy_names[] = {
    "none", "compact",  "cores",      "scatter",       "smt",       "l2",
    "l3",   "cross-l3", "cross-numa", "cross-package", "cpus:LIST", NULL,
};

#define CPUS_MAX_INDEX 1048575 /* hwloc bitmaps reach 2^20 PUs comfortably; beyond is a typo */
#define CPUS_MAX_COUNT 65536   /* far above the largest machines (a few thousand PUs) */

typedef enum pl_kind { K_NONE, K_COMPACT, K_CORES, K_SCATTER, K_PAIR, K_CPUS } pl_kind;

/* A parsed policy string. */
typedef struct policy {
	pl_kind kind;   /* which policy                                  */
	int pair;       /* pc_class for K_PAIR                           */
	unsigned *cpus; /* K_CPUS: OS indexes in the order given (malloc) */
	int ncpus;      /* entries in cpus                               */
} policy;

static int fail(char *err, size_t errlen, int rc, const char *fmt, const char *value,
                const char *why)
{
	char q[72];
	parse_quote(value, q, sizeof q);
	snprintf(err, errlen, fmt, q, why);
	return rc;
}

/* One item of a cpus: list, "7" or "4-7", into [*lo, *hi]. */
static bool parse_range(const char *s, size_t len, unsigned *lo, unsigned *hi)
{
	unsigned long v[2] = {0, 0};
	int k = 0;
	size_t i = 0;
	for (; k < 2; k++) {
		if (i >= len || !isdigit((unsigned char)s[i]))
			return false;
		for (; i < len && isdigit((unsigned char)s[i]); i++) {
			v[k] = v[k] * 10 + (unsigned long)(s[i] - '0');
			if (v[k] > CPUS_MAX_INDEX)
				return false;
		}
		if (i == len || s[i] != '-')
			break;
		i++;
	}
	if (i != len)
		return false;
	*lo = (unsigned)v[0];
	*hi = k == 0 ? *lo : (unsigned)v[1];
	return *lo <= *hi;
}

/* Appends c to p->cpus, growing it geometrically. */
static bool cpus_append(policy *p, unsigned c, int *cap)
{
	if (p->ncpus == *cap) {
		int ncap = *cap ? 2 * *cap : 16;
		unsigned *n = realloc(p->cpus, (size_t)ncap * sizeof *n);
		if (!n)
			return false;
		p->cpus = n;
		*cap = ncap;
	}
	p->cpus[p->ncpus++] = c;
	return true;
}

/* A cpus: list, each PU once. Duplicates are found in a bitmap of every possible
 * index (128 KiB), so a long range costs linear time: a fuzzer's
 * `cpus:0-222259,401` took 1.4 s with a scan of the list per PU (120 s under TSan). */
static int parse_cpus_list(const char *s, const char *list, policy *p, uint64_t *seen, char *err,
                           size_t errlen)
{
	int cap = 0;
	for (const char *item = list; *item;) {
		size_t len = strcspn(item, ",");
		unsigned lo, hi;
		if (!parse_range(item, len, &lo, &hi))
			return fail(err, errlen, PL_EINVAL, "bad placement '%s': %s", s,
			            "a cpus: item is not an OS index or a range A-B with A <= B "
			            "(example: cpus:0,2,4-7)");
		for (unsigned c = lo; c <= hi; c++) {
			if (seen[c / 64] >> (c % 64) & 1) {
				char why[64];
				snprintf(why, sizeof why, "PU %u is listed twice", c);
				return fail(err, errlen, PL_EINVAL, "bad placement '%s': %s", s,
				            why);
			}
			seen[c / 64] |= (uint64_t)1 << (c % 64);
			if (p->ncpus == CPUS_MAX_COUNT)
				return fail(err, errlen, PL_EINVAL, "bad placement '%s': %s", s,
				            "too many PUs listed");
			if (!cpus_append(p, c, &cap))
				return fail(err, errlen, PL_EINVAL, "placement '%s': %s", s,
				            "out of memory");
		}
		item += len;
		if (*item == ',' && !*++item)
			return fail(err, errlen, PL_EINVAL, "bad placement '%s': %s", s,
			            "empty item at the end of the cpus: list");
	}
	return PL_OK;
}

static int parse_cpus(const char *s, policy *p, char *err, size_t errlen)
{
	const char *list = s + strlen("cpus:");
	if (!*list)
		return fail(err, errlen, PL_EINVAL, "bad placement '%s': %s", s,
		            "empty cpus: list (example: cpus:0,2,4-7)");
	uint64_t *seen = calloc(CPUS_MAX_INDEX / 64 + 1, sizeof *seen);
	if (!seen)
		return fail(err, errlen, PL_EINVAL, "placement '%s': %s", s, "out of memory");
	int rc = parse_cpus_list(s, list, p, seen, err, errlen);
	free(seen);
	return rc;
}

static int parse_policy(const char *s, policy *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	static const struct {
		const char *name;
		pl_kind kind;
	} simple[] = {
	    {"none", K_NONE}, {"compact", K_COMPACT}, {"cores", K_CORES}, {"scatter", K_SCATTER}};
	if (!s || !*s)
		return fail(err, errlen, PL_EINVAL, "bad placement '%s': %s", "", "empty name");
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(s, simple[i].name) == 0) {
			p->kind = simple[i].kind;
			return PL_OK;
		}
	if ((p->pair = pc_parse(s)) >= 0) {
		p->kind = K_PAIR;
		return PL_OK;
	}
	if (strncmp(s, "cpus:", 5) == 0) {
		p->kind = K_CPUS;
		int rc = parse_cpus(s, p, err, errlen);
		if (rc != PL_OK) {
			free(p->cpus);
			p->cpus = NULL;
		}
		return rc;
	}
	return fail(err, errlen, PL_EINVAL, "unknown placement '%s' (known: %s)", s,
	            "none, compact, cores, scatter, smt, l2, l3, cross-l3, cross-numa, "
	            "cross-package, cpus:LIST");
}

bool pl_policy_check(const char *s, char *err, size_t errlen)
{
	policy p;
	int rc = parse_policy(s, &p, err, errlen);
	free(p.cpus);
	return rc == PL_OK;
}

int pl_policy_count(const char *s)
{
	policy p;
	char err[PL_ERR_LEN];
	int n = parse_policy(s, &p, err, sizeof err) == PL_OK ? p.ncpus : 0;
	free(p.cpus);
	return n;
}

/* Length of the -p item at s: up to the next comma that does not continue a
 * cpus: list (a comma followed by a digit continues it; no policy name starts
 * with a digit). */
static size_t item_len(const char *s)
{
	bool cpus = strncmp(s, "cpus:", 5) == 0;
	size_t i = 0;
	for (; s[i]; i++)
		if (s[i] == ',' && !(cpus && isdigit((unsigned char)s[i + 1])))
			break;
	return i;
}

bool pl_policy_split(const char *list, char ***items, int *count, char *err, size_t errlen)
{
	if (!list || !*list) {
		fail(err, errlen, PL_EINVAL, "bad -p '%s': %s", "", "empty list");
		return false;
	}
	int n = 0, cap = 1;
	for (const char *p = list; *p; p++)
		cap += *p == ',';
	char **v = calloc((size_t)cap, sizeof *v);
	bool ok = v != NULL;
	err[0] = '\0';
	/* first the shape of the list (no empty item), then each policy */
	for (const char *p = list; ok; p++) {
		size_t len = item_len(p);
		if (len == 0) {
			fail(err, errlen, PL_EINVAL, "bad -p '%s': %s", list, "empty item in list");
			ok = false;
			break;
		}
		ok = (v[n++] = strndup(p, len)) != NULL;
		p += len;
		if (!*p)
			break;
	}
	if (!v || (!ok && !err[0]))
		snprintf(err, errlen, "placement list: out of memory");
	for (int i = 0; ok && i < n; i++) {
		ok = pl_policy_check(v[i], err, errlen);
		for (int j = 0; ok && j < i; j++)
			if (strcmp(v[j], v[i]) == 0)
				ok = fail(err, errlen, PL_EINVAL, "bad -p: '%s' %s", v[i],
				          "appears twice") == PL_OK;
	}
	if (!ok) {
		parse_list_free(v, n);
		return false;
	}
	*items = v;
	*count = n;
	return true;
}

/* ---- ordering ---------------------------------------------------------------- */

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
static int order_tier(const topo *t, pl_kind kind, const int *cand, int n, int *out)
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
	return PL_EUNAVAIL;
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
		return PL_EUNAVAIL;
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
		return PL_EUNAVAIL;
	}
	out->pu[0] = a;
	out->pu[1] = b;
	return PL_OK;
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
			return fail(err, errlen, PL_EINVAL, "bad placement '%s': %s", name, why);
		}
		if (kind >= 0 && p->kind != kind) {
			snprintf(why, sizeof why, "PU %u is not of the --cpukind chosen",
			         pol->cpus[i]);
			return fail(err, errlen, PL_EINVAL, "bad placement '%s': %s", name, why);
		}
	}
	if (out->workers > pol->ncpus)
		return too_many(t, name, K_CPUS, out->workers, pol->ncpus, err, errlen);
	for (int w = 0; w < out->workers; w++)
		out->pu[w] = (int)(topo_find_os(t, pol->cpus[w]) - t->pus);
	return PL_OK;
}

static int plan_ordered(const topo *t, const char *name, const policy *pol, int kind, bool hybrid,
                        int *cand, pl_plan *out, char *err, size_t errlen)
{
	int *order = calloc((size_t)t->npus, sizeof *order);
	if (!order)
		return fail(err, errlen, PL_EUNAVAIL, "placement '%s': %s", name, "out of memory");
	int len = 0, best_len = 0;
	/* Tiers: the chosen kind; or every kind from the most performant down, then
	 * PUs of no known kind; or (not hybrid) all PUs at once. */
	int first = kind >= 0 ? kind : hybrid ? t->nkinds - 1 : -1;
	int last = kind >= 0 ? kind : -1;
	for (int k = first; k >= last; k--) {
		int n = candidates(t, k, !hybrid && kind < 0, cand);
		int got = order_tier(t, pol->kind, cand, n, order + len);
		if (got < 0) {
			free(order);
			return fail(err, errlen, PL_EUNAVAIL, "placement '%s': %s", name,
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
	return PL_OK;
}

/* Fills pus, pin_sets and pair_class from pu[]. */
static int finish(const topo *t, unsigned flags, pl_plan *out, char *err, size_t errlen)
{
	size_t cap = (size_t)(unsigned)out->workers * 8 + 1; /* OS index up to 7 digits + ';' */
	out->pus = calloc(cap, 1);
	out->pin_sets = calloc((size_t)(unsigned)out->workers, sizeof *out->pin_sets);
	if (!out->pus || !out->pin_sets) {
		snprintf(err, errlen, "placement: out of memory");
		return PL_EUNAVAIL;
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
				return PL_EUNAVAIL;
			}
		}
		if (out->pin_sets) {
			CPU_ZERO(&out->pin_sets[w]);
			CPU_SET(os, &out->pin_sets[w]);
		}
	}
	if (out->workers == 2)
		out->pair_class = pc_name(pc_of(&t->pus[out->pu[0]], &t->pus[out->pu[1]]));
	return PL_OK;
}

int pl_plan_make(const topo *t, const char *name, int workers, const char *cpukind, unsigned flags,
                 pl_plan *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->pus = NULL;
	out->pair_class = "";
	policy pol;
	int rc = parse_policy(name, &pol, err, errlen);
	if (rc != PL_OK)
		return rc;
	int kind = -1;
	if (workers < 1) {
		snprintf(err, errlen, "bad threads '%d': a plan places at least one worker",
		         workers);
		rc = PL_EINVAL;
	} else if (cpukind && ck_resolve(t, cpukind, &kind, err, errlen) != 0) {
		rc = PL_EINVAL;
	} else if ((flags & PL_BIND) && pol.kind != K_NONE && !topo_can_bind(t, err, errlen)) {
		rc = t->this_system ? PL_EUNAVAIL : PL_EINVAL;
	}
	out->workers = workers;
	if (rc == PL_OK && pol.kind == K_NONE) {
		out->pus = calloc(1, 1);
		free(pol.cpus);
		return out->pus ? PL_OK : PL_EUNAVAIL;
	}
	int *cand = rc == PL_OK ? calloc((size_t)t->npus, sizeof *cand) : NULL;
	out->pu = rc == PL_OK ? calloc((size_t)workers, sizeof *out->pu) : NULL;
	if (rc == PL_OK && (!cand || !out->pu))
		rc = fail(err, errlen, PL_EUNAVAIL, "placement '%s': %s", name, "out of memory");
	bool hybrid = ck_hybrid(t);
	if (rc == PL_OK && pol.kind == K_PAIR)
		rc = plan_pair(t, name, &pol, kind, hybrid, cand, out, err, errlen);
	else if (rc == PL_OK && pol.kind == K_CPUS)
		rc = plan_cpus(t, name, &pol, kind, out, err, errlen);
	else if (rc == PL_OK)
		rc = plan_ordered(t, name, &pol, kind, hybrid, cand, out, err, errlen);
	if (rc == PL_OK) {
		out->pinned = true;
		rc = finish(t, flags, out, err, errlen);
	}
	if (rc == PL_OK && kind >= 0) {
		char d[200];
		ck_describe(t, kind, d, sizeof d);
		note_add(out, "%splan restricted to --cpukind %s%s", d, "");
	}
	if (rc == PL_OK && t->note[0])
		note_add(out, "%s%s%s", t->note, "");
	free(cand);
	free(pol.cpus);
	if (rc != PL_OK)
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
