/*
 * cmd_topo.c — `corobench topo`: a readable summary of a topology (this system, an
 * hwloc XML file, or a synthetic description): counts per level, each package
 * with its NUMA nodes and L3 domains (PU lists are OS indexes, as taskset takes
 * them), the CPU kinds of hybrid parts, and which pair classes exist, with the
 * first pair of each (the one `-p CLASS` would use).
 */
#include <stdio.h>
#include <string.h>

#include "../machine/cpukind.h"
#include "../machine/pairclass.h"
#include "../machine/topology.h"
#include "command.h"
#include "machine_opts.h"

static int topo_main(int argc, char **argv);

static const cb_command cmd_topo = {
    .name = "topo",
    .usage =
        "topo [--topology FILE.xml | --synthetic S]\n\n"
        "  --topology FILE     an hwloc XML export (lstopo FILE.xml) instead of this system\n"
        "  --synthetic S       an hwloc synthetic topology, e.g. \"pack:2 numa:2 core:8 pu:2\"",
    .summary = "summarize the machine: packages, NUMA, caches, cores, CPU kinds, pair classes",
    .main = topo_main,
};
CMD_REGISTER(cmd_topo)

static void human_bytes(unsigned long long b, char *buf, size_t len)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;
	double v = (double)b;
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, v < 10 && u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

/* NUMA nodes and L3 domains inside `within` (a package, or the machine). */
static void domains(const topo *t, hwloc_obj_t within)
{
	char list[256], size[32];
	hwloc_obj_t o = NULL;
	while ((o = hwloc_get_next_obj_by_type(t->h, HWLOC_OBJ_NUMANODE, o))) {
		if (!o->cpuset || !hwloc_bitmap_isincluded(o->cpuset, within->cpuset))
			continue;
		hwloc_bitmap_list_snprintf(list, sizeof list, o->cpuset);
		if (o->attr->numanode.local_memory)
			human_bytes(o->attr->numanode.local_memory, size, sizeof size);
		else
			snprintf(size, sizeof size, "memory size unknown");
		printf("  NUMA %-4u P#%u, %s, PUs %s\n", o->logical_index, o->os_index, size, list);
	}
	o = NULL;
	while ((o = hwloc_get_next_obj_inside_cpuset_by_type(t->h, within->cpuset,
	                                                     HWLOC_OBJ_L3CACHE, o))) {
		hwloc_bitmap_list_snprintf(list, sizeof list, o->cpuset);
		human_bytes(o->attr->cache.size, size, sizeof size);
		int cores = hwloc_get_nbobjs_inside_cpuset_by_type(t->h, o->cpuset, HWLOC_OBJ_CORE);
		printf("  L3 %-6u %s, %d core%s, PUs %s\n", o->logical_index, size, cores,
		       cores == 1 ? "" : "s", list);
	}
}

static void packages(const topo *t)
{
	char list[256];
	if (topo_count(t, HWLOC_OBJ_PACKAGE) == 0) {
		printf("\nmachine (no package level)\n");
		domains(t, hwloc_get_root_obj(t->h));
		return;
	}
	hwloc_obj_t p = NULL;
	while ((p = hwloc_get_next_obj_by_type(t->h, HWLOC_OBJ_PACKAGE, p))) {
		hwloc_bitmap_list_snprintf(list, sizeof list, p->cpuset);
		const char *model = hwloc_obj_get_info_by_name(p, "CPUModel");
		int mlen = model ? (int)strlen(model) : 0;
		while (mlen > 0 && model[mlen - 1] == ' ') /* CPUID pads the brand string */
			mlen--;
		printf("\npackage %u  PUs %s%s%.*s\n", p->logical_index, list, mlen ? ", " : "",
		       mlen, model ? model : "");
		domains(t, p);
	}
}

static void kinds(const topo *t)
{
	char d[256];
	printf("\nCPU kinds  %d%s\n", t->nkinds,
	       ck_hybrid(t) ? " (hybrid: plans prefer the last, most performant; --cpukind)"
	                    : " (not hybrid)");
	for (int k = 0; k < t->nkinds; k++) {
		ck_describe(t, k, d, sizeof d);
		printf("  %s\n", d);
	}
}

static void pairs(const topo *t)
{
	int cand[t->npus > 0 ? t->npus : 1];
	for (int i = 0; i < t->npus; i++)
		cand[i] = i;
	printf("\npair classes (first pair, OS indexes; what -p CLASS would use)\n");
	for (int c = 0; c < PC_COUNT; c++) {
		int a, b;
		if (pc_find(t, (pc_class)c, cand, t->npus, &a, &b))
			printf("  %-14s %u,%u   %s\n", pc_name(c), t->pus[a].os, t->pus[b].os,
			       pc_label(c));
		else
			printf("  %-14s none   (no such pair here)\n", pc_name(c));
	}
}

static int topo_main(int argc, char **argv)
{
	machine_opts o;
	char err[512];
	int rc = mo_parse(argc, argv, MO_TOPOLOGY | MO_SYNTHETIC, &o, err, sizeof err);
	if (rc == 1)
		return cmd_help(&cmd_topo);
	if (rc != 0) {
		fprintf(stderr, "corobench topo: %s\n", err);
		return 2;
	}
	topo *t;
	if (topo_open(&t, o.topology, o.synthetic, err, sizeof err) != 0) {
		fprintf(stderr, "corobench topo: %s\n", err);
		return 2;
	}
	unsigned v = hwloc_get_api_version();
	printf("topology   %s (%s)\n", t->source,
	       t->this_system ? "run may bind threads"
	                      : "not this system: plans only, run refuses to bind");
	printf("hwloc API  %u.%u\n", v >> 16, (v >> 8) & 0xff);
	char sum[200];
	topo_summary(t, sum, sizeof sum);
	printf("summary    %s\n", sum);
	if (t->note[0])
		printf("usable     %s\n", t->note);
	packages(t);
	kinds(t);
	pairs(t);
	topo_close(t);
	return 0;
}
