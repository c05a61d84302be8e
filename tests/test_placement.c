/*
 * test_placement.c — placement plans checked against properties, on synthetic
 * topologies of several shapes (with and without SMT, NUMA, packages, L3) and on
 * the real-machine XMLs of tests/topologies/ (harness/machine/placement.h).
 *
 * Properties (each checked for every topology and a range of worker counts):
 *   - any pinned plan: `workers` distinct usable PUs, pus string and pin sets agree;
 *   - compact: the first PUs in logical order, a core's siblings before the next core;
 *   - cores: never two workers on one core, cores in logical order;
 *   - scatter: package loads differ by at most one; with as many workers as
 *     packages, one per package; no SMT sibling before every core has a worker;
 *   - pair classes: the pair's class, computed independently from hwloc's
 *     common ancestor and NUMA nodesets, is exactly the one asked for; a refused
 *     class really has no pair on the machine (brute force);
 *   - prefix stability: the k-worker plan is the prefix of the n-worker plan.
 * No timing here: plans are pure functions of the topology.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../harness/machine/cpukind.h"
#include "../harness/machine/placement.h"

static const char *const synthetic[] = {
    "core:4 pu:1",                    /* no package level, no SMT             */
    "pack:1 core:4 pu:2",             /* a laptop: SMT                        */
    "pack:2 core:4 pu:2",             /* two sockets, one NUMA node           */
    "pack:2 numa:2 core:4 pu:2",      /* sub-NUMA clusters                    */
    "pack:2 numa:2 l3:2 core:4 pu:2", /* NUMA over several L3 (Zen NPS1-like) */
    "pack:4 l3:2 l2:2 core:2 pu:1",   /* L2 shared by two cores               */
    "numa:2 pack:2 core:2 pu:2",      /* NUMA nodes above packages            */
    "pack:3 l3:3 core:2 pu:4",        /* odd counts, SMT4                     */
};

static const char *const xmls[] = {
    "128arm-2pa2n8cluster4co.xml",
    "16em64t-4s2c2t.xml",
    "192em64t-24n8c2t.xml",
    "AMD-19h-Zen3-2xEpyc-7763.xml",
    "AMD-19h-Zen4-2xEpyc-9654.xml",
    "Intel-KnightsLanding-XeonPhi-7210.xml",
    "Intel-RaptorLake-Corei7-1370P.xml",
    "Intel-Skylake-2xXeon6140.xml",
};

static topo *open_xml(const char *name)
{
	char path[512], err[PL_ERR_LEN];
	const char *dir = getenv("COROBENCH_TOPOLOGIES");
	snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/topologies", name);
	topo *t = NULL;
	if (topo_open(&t, path, NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	return t;
}

static topo *open_synthetic(const char *s)
{
	char err[PL_ERR_LEN];
	topo *t = NULL;
	if (topo_open(&t, NULL, s, err, sizeof err) != 0)
		fail_msg("%s", err);
	return t;
}

/* ---- an independent classifier: hwloc's common ancestor + NUMA nodesets ------ */

static bool is_cache_or_core(hwloc_obj_type_t ty)
{
	return ty == HWLOC_OBJ_CORE || ty == HWLOC_OBJ_L2CACHE || ty == HWLOC_OBJ_L3CACHE;
}

static pc_class hwloc_class(const topo *t, const topo_pu *a, const topo_pu *b)
{
	hwloc_obj_t anc = hwloc_get_common_ancestor_obj(t->h, a->obj, b->obj);
	/* first Core/L2/L3/Package at or above the common ancestor */
	hwloc_obj_t o = anc;
	while (o && !is_cache_or_core(o->type) && o->type != HWLOC_OBJ_PACKAGE)
		o = o->parent;
	if (o && o->type == HWLOC_OBJ_CORE)
		return PC_SMT;
	if (o && o->type == HWLOC_OBJ_L2CACHE)
		return PC_L2;
	if (o && o->type == HWLOC_OBJ_L3CACHE)
		return PC_L3;
	if (!o && topo_count(t, HWLOC_OBJ_PACKAGE) > 0)
		return PC_CROSS_PACKAGE;
	return hwloc_bitmap_isequal(a->obj->nodeset, b->obj->nodeset) ? PC_CROSS_L3 : PC_CROSS_NUMA;
}

/* ---- property checks ---------------------------------------------------------- */

static pl_plan make(const topo *t, const char *policy, int workers, int expect)
{
	pl_plan p;
	char err[PL_ERR_LEN] = "";
	int rc = pl_plan_make(t, policy, workers, NULL, 0, &p, err, sizeof err);
	if (rc != expect)
		fail_msg("%s, %s, %d workers: rc %d (expected %d): %s", t->source, policy, workers,
		         rc, expect, err);
	if (rc != CB_OK)
		assert_true(err[0] != '\0');
	return p;
}

static void check_common(const topo *t, const pl_plan *p)
{
	assert_true(p->pinned);
	char pus[8192] = "";
	size_t used = 0;
	for (int w = 0; w < p->workers; w++) {
		assert_in_range(p->pu[w], 0, t->npus - 1);
		for (int v = 0; v < w; v++)
			assert_int_not_equal(p->pu[v], p->pu[w]);
		unsigned os = t->pus[p->pu[w]].os;
		used += (size_t)snprintf(pus + used, sizeof pus - used, "%s%u", w ? ";" : "", os);
		if (p->pin_sets) {
			assert_int_equal(CPU_COUNT(&p->pin_sets[w]), 1);
			assert_true(CPU_ISSET(os, &p->pin_sets[w]));
		}
	}
	assert_string_equal(p->pus, pus);
	if (p->workers == 2)
		assert_string_equal(p->pair_class,
		                    pc_name(pc_of(&t->pus[p->pu[0]], &t->pus[p->pu[1]])));
	else
		assert_string_equal(p->pair_class, "");
}

/* Usable PUs of the preferred tier (all, unless hybrid: the most performant kind). */
static int tier_size(const topo *t)
{
	int n = 0;
	for (int i = 0; i < t->npus; i++)
		n += !ck_hybrid(t) || t->pus[i].kind == t->nkinds - 1;
	return n;
}

static void check_compact(const topo *t, int workers)
{
	pl_plan p = make(t, "compact", workers, CB_OK);
	check_common(t, &p);
	if (!ck_hybrid(t)) /* exactly the first PUs in logical order */
		for (int w = 0; w < workers; w++)
			assert_int_equal(p.pu[w], w);
	/* siblings first: a worker moves to a new core only when the previous
	 * worker's core has no unused PU of the tier left */
	for (int w = 1; w < workers && w < tier_size(t); w++) {
		const topo_pu *prev = &t->pus[p.pu[w - 1]], *cur = &t->pus[p.pu[w]];
		if (prev->core >= 0 && cur->core != prev->core) {
			int s = p.pu[w - 1] + 1;
			assert_false(s < t->npus && t->pus[s].core == prev->core &&
			             t->pus[s].kind == prev->kind);
		}
	}
	pl_plan_free(&p);
}

static int count_units(const topo *t) /* cores with a usable PU (or PUs without cores) */
{
	int n = 0;
	for (int i = 0; i < t->npus; i++)
		n += t->pus[i].smt_rank == 0;
	return n;
}

static void check_cores(const topo *t, int workers)
{
	pl_plan p = make(t, "cores", workers, CB_OK);
	check_common(t, &p);
	for (int w = 0; w < workers; w++) {
		const topo_pu *a = &t->pus[p.pu[w]];
		assert_int_equal(a->smt_rank, 0);
		for (int v = 0; v < w; v++)
			if (a->core >= 0)
				assert_int_not_equal(t->pus[p.pu[v]].core, a->core);
		if (w > 0 && !ck_hybrid(t)) /* a cache domain fills before the next */
			assert_true(t->pus[p.pu[w - 1]].logical < a->logical);
	}
	pl_plan_free(&p);
}

static void check_scatter(const topo *t, int workers)
{
	pl_plan p = make(t, "scatter", workers, CB_OK);
	check_common(t, &p);
	int npkg = topo_count(t, HWLOC_OBJ_PACKAGE), load[1024] = {0};
	for (int w = 0; w < workers; w++)
		if (npkg > 0)
			load[t->pus[p.pu[w]].package]++;
	if (!ck_hybrid(t) && workers <= count_units(t)) {
		int lo = workers, hi = 0;
		for (int k = 0; k < npkg; k++) {
			lo = load[k] < lo ? load[k] : lo;
			hi = load[k] > hi ? load[k] : hi;
		}
		if (npkg > 0)
			assert_true(hi - lo <= 1);
		for (int w = 0; w < workers; w++) /* every core before any sibling */
			assert_int_equal(t->pus[p.pu[w]].smt_rank, 0);
	}
	if (npkg > 0 && workers == npkg)
		for (int k = 0; k < npkg; k++)
			assert_int_equal(load[k], 1);
	pl_plan_free(&p);
}

static void check_pairs(const topo *t)
{
	bool exists[PC_COUNT] = {false};
	for (int i = 0; i < t->npus; i++)
		for (int j = i + 1; j < t->npus; j++) {
			pc_class c = hwloc_class(t, &t->pus[i], &t->pus[j]);
			if (pc_of(&t->pus[i], &t->pus[j]) != c)
				fail_msg("%s: PUs %u,%u: pc_of says %s, hwloc's ancestors say %s",
				         t->source, t->pus[i].os, t->pus[j].os,
				         pc_name(pc_of(&t->pus[i], &t->pus[j])), pc_name(c));
			exists[c] = true;
		}
	for (int c = 0; c < PC_COUNT; c++) {
		pl_plan p = make(t, pc_name(c), 2, exists[c] ? CB_OK : CB_EUNAVAIL);
		if (!exists[c])
			continue;
		check_common(t, &p);
		assert_int_equal(hwloc_class(t, &t->pus[p.pu[0]], &t->pus[p.pu[1]]), c);
		assert_string_equal(p.pair_class, pc_name(c));
		pl_plan_free(&p);
	}
}

static void check_prefix(const topo *t, const char *policy, int places)
{
	int n = places < 64 ? places : 64;
	pl_plan all = make(t, policy, n, CB_OK);
	for (int k = 1; k < n; k += k < 8 ? 1 : 7) {
		pl_plan some = make(t, policy, k, CB_OK);
		for (int w = 0; w < k; w++)
			assert_int_equal(some.pu[w], all.pu[w]);
		pl_plan_free(&some);
	}
	pl_plan_free(&all);
}

static void check_topology(const topo *t)
{
	int units = count_units(t), npkg = topo_count(t, HWLOC_OBJ_PACKAGE);
	int counts[] = {1,     2,      3, npkg > 0 ? npkg : 1, units / 2 > 0 ? units / 2 : 1,
	                units, t->npus};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		int w = counts[i];
		if (w > t->npus)
			continue;
		check_compact(t, w);
		check_scatter(t, w);
		if (w <= units)
			check_cores(t, w);
	}
	/* one more than the places: refused, never wrapped */
	make(t, "compact", t->npus + 1, CB_EUNAVAIL);
	make(t, "scatter", t->npus + 1, CB_EUNAVAIL);
	make(t, "cores", units + 1, CB_EUNAVAIL);
	check_pairs(t);
	check_prefix(t, "compact", t->npus);
	check_prefix(t, "scatter", t->npus);
	check_prefix(t, "cores", units);
}

static void synthetic_shapes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof synthetic / sizeof synthetic[0]; i++) {
		topo *t = open_synthetic(synthetic[i]);
		assert_false(t->this_system);
		check_topology(t);
		topo_close(t);
	}
}

static void real_machines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof xmls / sizeof xmls[0]; i++) {
		topo *t = open_xml(xmls[i]);
		assert_false(t->this_system);
		check_topology(t);
		topo_close(t);
	}
}

/* Expected plans for shapes where the answer is known by hand. */
static void known_plans(void **state)
{
	(void)state;
	topo *t = open_xml("AMD-19h-Zen4-2xEpyc-9654.xml");
	pl_plan p = make(t, "scatter", 8, CB_OK);
	/* alternating packages; within one, a new L3 (8 cores each) every time */
	assert_string_equal(p.pus, "0;96;8;104;16;112;24;120");
	pl_plan_free(&p);
	p = make(t, "compact", 4, CB_OK);
	assert_string_equal(p.pus, "0;192;1;193"); /* SMT siblings first */
	pl_plan_free(&p);
	p = make(t, "cores", 3, CB_OK);
	assert_string_equal(p.pus, "0;1;2");
	pl_plan_free(&p);
	p = make(t, "cross-package", 2, CB_OK);
	assert_string_equal(p.pus, "0;96");
	pl_plan_free(&p);
	p = make(t, "cross-l3", 2, CB_OK);
	assert_string_equal(p.pus, "0;8");
	pl_plan_free(&p);
	make(t, "cross-numa", 2, CB_EUNAVAIL); /* NPS1: one NUMA node per package */
	p = make(t, "cpus:5,3,200-201", 3, CB_OK);
	assert_string_equal(p.pus, "5;3;200"); /* listed order, first `workers` */
	pl_plan_free(&p);
	topo_close(t);

	t = open_xml("Intel-KnightsLanding-XeonPhi-7210.xml"); /* no L3: LLC is the tile L2 */
	p = make(t, "l2", 2, CB_OK);
	assert_string_equal(p.pair_class, "l2");
	pl_plan_free(&p);
	make(t, "l3", 2, CB_EUNAVAIL);
	p = make(t, "cross-l3", 2, CB_OK);
	pl_plan_free(&p);
	topo_close(t);

	t = open_xml("Intel-Skylake-2xXeon6140.xml"); /* one NUMA node over two packages */
	p = make(t, "cross-package", 2, CB_OK);
	pl_plan_free(&p);
	make(t, "cross-numa", 2, CB_EUNAVAIL);
	topo_close(t);
}

static void hybrid_preference(void **state)
{
	(void)state;
	char err[PL_ERR_LEN];
	topo *t = open_xml("Intel-RaptorLake-Corei7-1370P.xml");
	assert_true(ck_hybrid(t));
	pl_plan p = make(t, "scatter", 12, CB_OK); /* all 12 P-core PUs (kind 1) */
	for (int w = 0; w < 12; w++)
		assert_int_equal(t->pus[p.pu[w]].kind, 1);
	assert_non_null(strstr(p.note, "most performant"));
	pl_plan_free(&p);
	p = make(t, "compact", 14, CB_OK); /* spills onto E-cores, and says so */
	assert_int_equal(t->pus[p.pu[13]].kind, 0);
	assert_non_null(strstr(p.note, "2 of 14 workers"));
	pl_plan_free(&p);
	assert_int_equal(pl_plan_make(t, "cores", 4, "IntelAtom", 0, &p, err, sizeof err), CB_OK);
	for (int w = 0; w < 4; w++)
		assert_int_equal(t->pus[p.pu[w]].kind, 0);
	pl_plan_free(&p);
	assert_int_equal(pl_plan_make(t, "compact", 2, "performance", 0, &p, err, sizeof err),
	                 CB_OK);
	assert_string_equal(p.pus, "0;1");
	pl_plan_free(&p);
	assert_int_equal(pl_plan_make(t, "compact", 9, "efficiency", 0, &p, err, sizeof err),
	                 CB_EUNAVAIL); /* 8 E-cores */
	assert_int_equal(pl_plan_make(t, "compact", 2, "bogus-kind", 0, &p, err, sizeof err),
	                 CB_EINVAL);
	assert_non_null(strstr(err, "bogus-kind"));
	assert_non_null(strstr(err, "IntelAtom")); /* lists what exists */
	assert_int_equal(pl_plan_make(t, "cpus:12", 1, "IntelCore", 0, &p, err, sizeof err),
	                 CB_EINVAL);
	topo_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(synthetic_shapes),
	    cmocka_unit_test(real_machines),
	    cmocka_unit_test(known_plans),
	    cmocka_unit_test(hybrid_preference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
