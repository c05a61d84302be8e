/*
 * env_placement.c — env.json's "placement" section: the machine the plans were
 * made for (topology.h) in one line, which PUs plans may use, the CPU kinds and
 * which pair classes exist. The full topology is topology.xml beside env.json.
 */
#include <stdio.h>
#include <string.h>

#include "../../machine/cpukind.h"
#include "../../machine/pairclass.h"
#include "../../machine/topology.h"
#include "../../base/format/json.h"
#include "writers.h"

void env_placement_section(FILE *f, int *count, const cb_run *run)
{
	(void)run;
	static topo *t; /* env.json is rewritten after every round: open once */
	char err[400], buf[512];
	if (!t && topo_open(&t, NULL, NULL, err, sizeof err) != 0) {
		snprintf(buf, sizeof buf, "unavailable: %s", err);
		json_kv_str(f, count, "placement", buf);
		return;
	}
	int n = 0;
	json_kv_raw(f, count, "placement", "{\n");
	topo_summary(t, buf, sizeof buf);
	json_kv_str(f, &n, "topology", buf);
	json_kv_str(f, &n, "topology_source", t->source);
	json_kv_str(f, &n, "usable_pus_note", t->note[0] ? t->note : "all PUs usable");
	buf[0] = '\0';
	for (int k = 0; k < t->nkinds; k++) {
		char d[200];
		ck_describe(t, k, d, sizeof d);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", k ? "; " : "", d);
	}
	json_kv_str(f, &n, "cpu_kinds", t->nkinds ? buf : "none reported");
	int cand[t->npus];
	for (int i = 0; i < t->npus; i++)
		cand[i] = i;
	buf[0] = '\0';
	for (int c = 0; c < PC_COUNT; c++) {
		int a, b;
		if (pc_find(t, (pc_class)c, cand, t->npus, &a, &b))
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
			         buf[0] ? "," : "", pc_name(c));
	}
	json_kv_str(f, &n, "pair_classes", buf);
	fputs("\n  }", f);
}
