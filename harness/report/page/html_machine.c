/* html_machine.c — see html_machine.h. */
#include "html_machine.h"

#include <hwloc.h>
#include <string.h>

#include "../../base/units.h"
#include "html_text.h"

static void topology_html(FILE *out, const rr_dir *d)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/topology.xml", d->path);
	hwloc_topology_t t;
	if (hwloc_topology_init(&t) != 0)
		return;
	if (hwloc_topology_set_xml(t, path) != 0 || hwloc_topology_load(t) != 0) {
		fprintf(out, "<p class=\"warn\">topology.xml could not be read by hwloc.</p>\n");
		hwloc_topology_destroy(t);
		return;
	}
	static const struct {
		hwloc_obj_type_t type; /* what to count */
		const char *name;      /* its label     */
	} kinds[] = {
	    {HWLOC_OBJ_PACKAGE, "packages"},  {HWLOC_OBJ_NUMANODE, "NUMA nodes"},
	    {HWLOC_OBJ_L3CACHE, "L3 caches"}, {HWLOC_OBJ_L2CACHE, "L2 caches"},
	    {HWLOC_OBJ_CORE, "cores"},        {HWLOC_OBJ_PU, "PUs (hardware threads)"},
	};
	fprintf(out, "<p>Topology (topology.xml): ");
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		int n = hwloc_get_nbobjs_by_type(t, kinds[i].type);
		fprintf(out, "%s%d %s", i ? ", " : "", n, kinds[i].name);
		hwloc_obj_t o = hwloc_get_obj_by_type(t, kinds[i].type, 0);
		if (o && hwloc_obj_type_is_cache(kinds[i].type) && o->attr) {
			char sz[32];
			fmt_bytes(sz, sizeof sz, (double)o->attr->cache.size);
			fprintf(out, " of %s", sz);
		}
	}
	fprintf(out, ".</p>\n");
	hwloc_topology_destroy(t);
}

/* One host: its topology, then env.json as a table. */
static void host_html(FILE *out, const rr_dir *d)
{
	if (d->have_topology)
		topology_html(out, d);
	else
		fprintf(out, "<p>No topology.xml in this results directory.</p>\n");
	if (!d->have_env) {
		fprintf(out, "<p class=\"warn\">No env.json: the machine was not recorded.</p>\n");
		return;
	}
	fprintf(out, "<table class=\"env\">\n");
	for (int i = 0; i < d->env.npairs; i++) {
		fprintf(out, "<tr><th>");
		html_text(out, d->env.pairs[i].path);
		fprintf(out, "</th><td>");
		html_text(out, d->env.pairs[i].value);
		fprintf(out, "</td></tr>\n");
	}
	fprintf(out, "</table>\n");
}

void rp_machine_html(FILE *out, const report_model *m)
{
	for (int h = 0; h < m->nhosts; h++) {
		fprintf(out, "<h4 id=\"machine-h%d\">", h);
		html_text(out, m->hosts[h].label);
		fprintf(out, "</h4>\n");
		host_html(out, &m->hosts[h].dir);
	}
}
