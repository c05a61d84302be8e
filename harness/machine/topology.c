/* topology.c — see topology.h. */
#include "topology.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/parse.h"
#include "../base/atomic_file.h"

static int fail(char *err, size_t errlen, const char *fmt, const char *value, const char *why)
{
	char q[72];
	parse_quote(value, q, sizeof q);
	snprintf(err, errlen, fmt, q, why);
	return -1;
}

/* Logical index of pu's ancestor of `type`, or -1 when there is none. */
static int ancestor(hwloc_topology_t h, hwloc_obj_t pu, hwloc_obj_type_t type)
{
	hwloc_obj_t a = hwloc_get_ancestor_obj_by_type(h, type, pu);
	return a ? (int)a->logical_index : -1;
}

/* The NUMA node nearest pu: of the nodes whose cpuset holds pu, the one with the
 * fewest CPUs (a Xeon Phi in flat mode has DDR and MCDRAM nodes over the same
 * cores; both are equally near, and the lower logical index, DDR, wins). */
static int nearest_numa(hwloc_topology_t h, hwloc_obj_t pu)
{
	int best = -1, best_weight = 0;
	hwloc_obj_t n = NULL;
	while ((n = hwloc_get_next_obj_by_type(h, HWLOC_OBJ_NUMANODE, n))) {
		if (!n->cpuset || !hwloc_bitmap_isset(n->cpuset, pu->os_index))
			continue;
		int w = hwloc_bitmap_weight(n->cpuset);
		if (best < 0 || w < best_weight) {
			best = (int)n->logical_index;
			best_weight = w;
		}
	}
	return best;
}

/* Checks the path before hwloc sees it, so the message says what is wrong with it
 * rather than hwloc's generic EINVAL. */
static int check_xml_path(const char *xml, char *err, size_t errlen)
{
	struct stat st;
	if (!*xml)
		return fail(err, errlen, "bad --topology '%s': %s", xml, "empty path");
	if (stat(xml, &st) != 0)
		return fail(err, errlen, "bad --topology '%s': %s", xml, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return fail(err, errlen, "bad --topology '%s': %s", xml, "not a regular file");
	if (access(xml, R_OK) != 0)
		return fail(err, errlen, "bad --topology '%s': %s", xml, strerror(errno));
	return 0;
}

/* The usable PUs of this system: hwloc's allowed set (cgroups) intersected with
 * the main thread's affinity (taskset). Sets t->note when that is not every PU. */
static void usable_set(topo *t, hwloc_bitmap_t set)
{
	hwloc_bitmap_copy(set, hwloc_topology_get_allowed_cpuset(t->h));
	if (!t->this_system)
		return;
	cpu_set_t aff;
	CPU_ZERO(&aff);
	if (sched_getaffinity(getpid(), sizeof aff, &aff) != 0)
		return;
	hwloc_bitmap_t a = hwloc_bitmap_alloc();
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &aff))
			hwloc_bitmap_set(a, (unsigned)c);
	if (!hwloc_bitmap_isincluded(set, a)) {
		char list[160];
		hwloc_bitmap_and(set, set, a);
		hwloc_bitmap_list_snprintf(list, sizeof list, set);
		snprintf(t->note, sizeof t->note,
		         "plans use only PUs %s (this process's CPU affinity)", list);
	}
	hwloc_bitmap_free(a);
}

static int build_pus(topo *t, char *err, size_t errlen)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	usable_set(t, set);
	int total = hwloc_get_nbobjs_by_type(t->h, HWLOC_OBJ_PU);
	t->pus = calloc((size_t)(total > 0 ? total : 1), sizeof *t->pus);
	if (!t->pus) {
		hwloc_bitmap_free(set);
		snprintf(err, errlen, "topology: out of memory");
		return -1;
	}
	hwloc_obj_t pu = NULL;
	while ((pu = hwloc_get_next_obj_by_type(t->h, HWLOC_OBJ_PU, pu))) {
		if (!hwloc_bitmap_isset(set, pu->os_index))
			continue;
		topo_pu *p = &t->pus[t->npus];
		p->os = pu->os_index;
		p->logical = (int)pu->logical_index;
		p->core = ancestor(t->h, pu, HWLOC_OBJ_CORE);
		p->l2 = ancestor(t->h, pu, HWLOC_OBJ_L2CACHE);
		p->l3 = ancestor(t->h, pu, HWLOC_OBJ_L3CACHE);
		p->numa = nearest_numa(t->h, pu);
		p->package = ancestor(t->h, pu, HWLOC_OBJ_PACKAGE);
		p->kind = hwloc_cpukinds_get_by_cpuset(t->h, pu->cpuset, 0);
		p->obj = pu;
		/* Logical order keeps a core's PUs adjacent, so its rank is one more
		 * than the previous usable PU's when they share the core. */
		const topo_pu *prev = t->npus ? &t->pus[t->npus - 1] : NULL;
		p->smt_rank =
		    prev && p->core >= 0 && prev->core == p->core ? prev->smt_rank + 1 : 0;
		t->npus++;
	}
	hwloc_bitmap_free(set);
	if (t->npus == 0) {
		snprintf(err, errlen, "topology of %s has no usable PU", t->source);
		return -1;
	}
	return 0;
}

/* Names the source of a topology hwloc loaded from the environment. */
static void env_source(topo *t)
{
	const char *x = getenv("HWLOC_XMLFILE"), *s = getenv("HWLOC_SYNTHETIC");
	if (x && *x)
		snprintf(t->source, sizeof t->source, "file %s (from HWLOC_XMLFILE)", x);
	else if (s && *s)
		snprintf(t->source, sizeof t->source, "synthetic '%s' (from HWLOC_SYNTHETIC)", s);
	else
		snprintf(t->source, sizeof t->source, "a topology hwloc says is not this system");
}

int topo_open(topo **out, const char *xml, const char *synthetic, char *err, size_t errlen)
{
	*out = NULL;
	if (xml && synthetic) {
		snprintf(err, errlen, "--topology and --synthetic are exclusive: give one");
		return -1;
	}
	if (xml && check_xml_path(xml, err, errlen))
		return -1;
	topo *t = calloc(1, sizeof *t);
	if (!t || hwloc_topology_init(&t->h) != 0) {
		free(t);
		snprintf(err, errlen, "topology: out of memory");
		return -1;
	}
	int rc = 0;
	if (xml) {
		snprintf(t->source, sizeof t->source, "file %s", xml);
		if (hwloc_topology_set_xml(t->h, xml) != 0)
			rc = fail(err, errlen, "bad --topology '%s': %s", xml,
			          "not an hwloc XML topology hwloc can load");
	} else if (synthetic) {
		snprintf(t->source, sizeof t->source, "synthetic '%s'", synthetic);
		if (hwloc_topology_set_synthetic(t->h, synthetic) != 0)
			rc = fail(err, errlen, "bad --synthetic '%s': %s", synthetic,
			          "hwloc cannot parse it (example: \"pack:2 numa:2 core:8 pu:2\")");
	}
	/* A malformed XML fails in set_xml with hwloc's libxml2 plugin
	 * (libhwloc-plugins), but only here with its built-in minimal parser (no
	 * plugins installed: found by the arm64 build): same message either way. */
	if (rc == 0 && hwloc_topology_load(t->h) != 0)
		rc = xml ? fail(err, errlen, "bad --topology '%s': %s", xml,
		                "not an hwloc XML topology hwloc can load")
		         : fail(err, errlen, "cannot load the topology of %s: %s",
		                synthetic ? synthetic : "this system", strerror(errno));
	if (rc == 0) {
		t->this_system = !xml && !synthetic && hwloc_topology_is_thissystem(t->h);
		if (!xml && !synthetic && t->this_system)
			snprintf(t->source, sizeof t->source, "this system");
		else if (!xml && !synthetic)
			env_source(t);
		t->nkinds = hwloc_cpukinds_get_nr(t->h, 0);
		if (t->nkinds < 0)
			t->nkinds = 0;
		rc = build_pus(t, err, errlen);
	}
	if (rc != 0) {
		topo_close(t);
		return -1;
	}
	*out = t;
	return 0;
}

void topo_close(topo *t)
{
	if (!t)
		return;
	hwloc_topology_destroy(t->h);
	free(t->pus);
	free(t);
}

const topo_pu *topo_find_os(const topo *t, unsigned os)
{
	for (int i = 0; i < t->npus; i++)
		if (t->pus[i].os == os)
			return &t->pus[i];
	return NULL;
}

bool topo_can_bind(const topo *t, char *err, size_t errlen)
{
	if (!t->this_system) {
		snprintf(err, errlen,
		         "the topology of %s is not this system: binding threads to it is refused "
		         "(use it with `corobench plan` or `topo`)",
		         t->source);
		return false;
	}
	const struct hwloc_topology_support *s = hwloc_topology_get_support(t->h);
	if (!s->cpubind->set_thread_cpubind) {
		snprintf(err, errlen, "this system does not support binding threads to CPUs");
		return false;
	}
	return true;
}

int topo_count(const topo *t, hwloc_obj_type_t type)
{
	int n = hwloc_get_nbobjs_by_type(t->h, type);
	return n > 0 ? n : 0;
}

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

void topo_summary(const topo *t, char *buf, size_t len)
{
	int pkg = topo_count(t, HWLOC_OBJ_PACKAGE), numa = topo_count(t, HWLOC_OBJ_NUMANODE);
	int cores = topo_count(t, HWLOC_OBJ_CORE), pus = topo_count(t, HWLOC_OBJ_PU);
	int lo = 0, hi = 0; /* PUs per core, fewest and most */
	hwloc_obj_t c = NULL;
	while ((c = hwloc_get_next_obj_by_type(t->h, HWLOC_OBJ_CORE, c))) {
		int w = hwloc_bitmap_weight(c->cpuset);
		lo = lo == 0 || w < lo ? w : lo;
		hi = w > hi ? w : hi;
	}
	char smt[48] = "";
	if (hi > 1 && lo != hi)
		snprintf(smt, sizeof smt, " (SMT: %d-%d PUs per core)", lo, hi);
	else if (hi > 1)
		snprintf(smt, sizeof smt, " (SMT: %d PUs per core)", hi);
	else if (cores > 0)
		snprintf(smt, sizeof smt, " (no SMT)");
	snprintf(buf, len, "%d package%s, %d NUMA node%s, %d L3, %d L2, %d core%s, %d PU%s%s", pkg,
	         plural(pkg), numa, plural(numa), topo_count(t, HWLOC_OBJ_L3CACHE),
	         topo_count(t, HWLOC_OBJ_L2CACHE), cores, plural(cores), pus, plural(pus), smt);
}

int topo_export_xml(const topo *t, const char *dir, char *err, size_t errlen)
{
	char path[4096], *xml = NULL;
	int len = 0;
	snprintf(path, sizeof path, "%s/topology.xml", dir);
	if (hwloc_topology_export_xmlbuffer(t->h, &xml, &len, 0) != 0)
		return fail(err, errlen, "cannot export the topology to '%s': %s", path,
		            strerror(errno));
	bool ok = atomic_write_string(path, xml, err, errlen);
	hwloc_free_xmlbuffer(t->h, xml);
	return ok ? 0 : -1;
}
