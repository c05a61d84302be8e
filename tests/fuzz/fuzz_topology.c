/*
 * fuzz_topology.c — fuzz target for hwloc synthetic topology strings and
 * placement policy strings (harness/machine/topology.h, placement.h). The input
 * is split at the first NUL: before it, a synthetic description ("pack:2 core:4
 * pu:2"); after it, a placement policy ("cpus:0,2-3", "scatter", "l3").
 * Invariants: no crash or leak; an error always comes with a message; a plan that
 * is made has exactly `workers` entries, each naming a PU of the topology.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/machine/placement.h"
#include "../../harness/machine/topology.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 512) /* a synthetic string of 512 bytes can describe 10^30 PUs already */
		return 0;
	char *text = malloc(size + 2);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = text[size + 1] = '\0';
	const char *synthetic = text;
	const char *policy = text + strlen(text) + 1;
	if (policy > text + size)
		policy = "compact";

	char err[512] = "";
	if (!pl_policy_check(policy, err, sizeof err) && !err[0])
		abort();
	/* hwloc itself refuses absurd synthetic sizes; keep the fuzzer fast by
	 * skipping strings whose arity product could be huge */
	long product = 1;
	for (const char *p = synthetic; *p; p++) {
		if (*p == ':') {
			long v = strtol(p + 1, NULL, 10);
			if (v > 64 || (product *= (v > 0 ? v : 1)) > 4096) {
				free(text);
				return 0;
			}
		}
	}
	topo *t = NULL;
	err[0] = '\0';
	if (topo_open(&t, NULL, synthetic, err, sizeof err) != 0) {
		if (!err[0])
			abort();
		free(text);
		return 0;
	}
	for (int workers = 1; workers <= 3; workers++) {
		pl_plan plan;
		err[0] = '\0';
		int rc = pl_plan_make(t, policy, workers, NULL, 0, &plan, err, sizeof err);
		if (rc != CB_OK) {
			if (!err[0])
				abort();
			continue;
		}
		pl_plan_free(&plan);
	}
	topo_close(t);
	free(text);
	return 0;
}
