/*
 * find_all.c — rp_findings_make (findings.h): the kinds of finding in the order
 * of the page, one file each (find.h), then the claims.
 */
#include "find.h"

#include <string.h>

void rp_findings_make(const report_model *m, rp_findings *f)
{
	memset(f, 0, sizeof *f);
	find_cost(m, f);
	find_speedup(m, f);
	find_scaling(m, f);
	find_latency(m, f);
	find_open_loop(m, f);
	find_c2c(m, f);
	find_placement(m, f);
	find_channels(m, f);
	find_counters_memory(m, f);
	find_hosts(m, f);
	find_quality(m, f);
	find_claims(m, f);
}
