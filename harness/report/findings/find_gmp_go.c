/*
 * find_gmp_go.c — gmp against Go's runtime (find.h): the project's own goal
 * that gmp, a G-M-P scheduler in C, stays within 2x of Go on every workload,
 * per host, each workload at its base thread count (gmp's fastest
 * configuration against Go's). It was a row of the claims table until the
 * table became the article's claims C1-C12 (claims.h); it is not one of them.
 *
 * What it promises: "beyond 2x" only where the U test's q is below
 * FIND_ALPHA; the sentence states its coverage (on how many workloads both
 * ran, which of corobench's workloads were not measured on both) and how many
 * comparisons rest on configurations with failed rounds.
 */
#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../../base/units.h"
#include "../../../workloads/workload.h"

/* Appends name to a ", "-separated list. */
static void list_add(char *list, size_t len, const char *name)
{
	size_t w = strlen(list);
	if (w + 8 < len)
		snprintf(list + w, len - w, "%s%s", w ? ", " : "", name);
}

static void gmp_go_host(const report_model *m, rp_findings *f, int h)
{
	const char *cases[64];
	int nc = rm_cases(m, NULL, NULL, cases, 64), n = 0, over = 0, undecided = 0, failed = 0;
	double worst = 0;
	const char *worst_case = "";
	char measured_wl[600] = "", missing[600] = "";
	for (int k = 0; k < nc; k++) {
		rf_case cs;
		rf_at_base(m, h, -1, cases[k], &cs);
		const rm_config *gm = NULL, *go = NULL;
		for (int i = 0; i < cs.nfull; i++) {
			if (!strcmp(cs.full[i]->row->runtime, "gmp") && !gm)
				gm = cs.full[i];
			if (!strcmp(cs.full[i]->row->runtime, "go") && !go)
				go = cs.full[i];
		}
		if (!gm || !go) {
			list_add(missing, sizeof missing, cases[k]);
			continue;
		}
		rf_test_res r = rf_test(f, gm, go);
		double x = gm->s.median / go->s.median;
		n++;
		list_add(measured_wl, sizeof measured_wl, cases[k]);
		over += x > 2 && r.significant;
		undecided += x > 2 && !r.significant;
		failed += gm->failed_rounds > 0 || go->failed_rounds > 0;
		if (x > worst) {
			worst = x;
			worst_case = cases[k];
		}
	}
	/* corobench's workloads this run did not measure at all */
	for (int i = 0; i < wl_count(); i++) {
		const char *name = wl_at(i)->name;
		size_t len = strlen(name);
		bool seen = false;
		for (int k = 0; k < nc && !seen; k++)
			seen = !strncmp(cases[k], name, len) &&
			       (cases[k][len] == '\0' || cases[k][len] == '/');
		if (!seen)
			list_add(missing, sizeof missing, name);
	}
	char notm[700] = "";
	if (missing[0])
		snprintf(notm, sizeof notm, " (not measured on both: %s)", missing);
	if (n == 0) {
		rf_add_host(f, m, h, "gmp vs go",
		            "gmp against Go's runtime: not measured%s; run -r gmp,go.", notm);
		return;
	}
	char w[32], fail[120] = "";
	fmt_times(w, sizeof w, worst);
	if (failed)
		snprintf(fail, sizeof fail, "; %d of them with failed rounds", failed);
	const char *verdict = over ? "does not hold" : undecided ? "undecided" : "holds";
	rf_add_host(f, m, h, "gmp vs go",
	            "gmp within 2x of Go's runtime: %s on %d of %d measured workloads%s: %d "
	            "workloads on both (%s); worst: %s, where gmp takes %s Go's time "
	            "(descriptive); %d significantly beyond 2x, %d beyond 2x but not "
	            "significantly%s.",
	            verdict,
	            over        ? over
	            : undecided ? undecided
	                        : n,
	            n, notm, n, measured_wl, worst_case, w, over, undecided, fail);
}

void find_gmp_go(const report_model *m, rp_findings *f)
{
	for (int h = 0; h < m->nhosts; h++)
		gmp_go_host(m, f, h);
}
