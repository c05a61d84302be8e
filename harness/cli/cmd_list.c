/*
 * cmd_list.c — `corobench list`: what this build can run. Workloads with their
 * parameters, the floors (`run --floors`), runtimes, channel variants with their
 * capabilities, placement policies and counters.
 */
#include <stdio.h>
#include <string.h>

#include "../../runtimes/chan/chan.h"
#include "../../runtimes/rt.h"
#include "../../workloads/workload.h"
#include "../machine/placement.h"
#include "../measure/counters/counter_list.h"
#include "../run/floor/floor.h"
#include "../run/peer/peer.h"
#include "command.h"

static int list_main(int argc, char **argv);

static void list_placements(void)
{
	printf("placements (-p; corobench plan shows where they put workers):\n ");
	for (int i = 0; pl_policy_names[i]; i++)
		printf(" %s", pl_policy_names[i]);
	printf("\n");
}

static const cb_command cmd_list = {
    .name = "list",
    .usage = "list",
    .summary = "list workloads, runtimes, channel variants, placements and counters",
    .main = list_main,
};
CMD_REGISTER(cmd_list)

static void list_workloads(void)
{
	printf("workloads:\n");
	for (int i = 0; i < wl_count(); i++) {
		const workload *w = wl_at(i);
		printf("  %-10s %s\n", w->name, w->description);
		for (int p = 0; p < w->nparams; p++)
			printf("  %-10s   %s=%lld (quick %lld): %s\n", "", w->params[p].name,
			       (long long)w->params[p].def, (long long)w->params[p].quick,
			       w->params[p].help);
	}
}

/* One line per floor, then each configuration run --floors adds: its workers,
 * placement and sizes (the two-worker ones once per pair class this machine has). */
static void list_floors(void)
{
	printf("floors (run --floors, make bench; runtime=%s, chan -, whatever -w -r -c -t -p "
	       "say):\n",
	       FLOOR_RUNTIME);
	for (int i = 0; i < floor_count(); i++) {
		const floor_def *f = floor_at(i);
		if (i == 0 || floor_at(i - 1)->wl != f->wl) /* floor.c keeps them together */
			printf("  %-20s %s\n", f->wl->name, f->wl->description);
		printf("  %-20s   threads=%d placement=%s n=%lld (quick %lld)\n", "", f->threads,
		       f->pairs ? "<each pair class here>" : "none", (long long)f->n,
		       (long long)f->n_quick);
	}
}

static void list_runtimes(void)
{
	printf("runtimes:\n");
	for (int i = 0; i < rt_count(); i++)
		printf("  %-10s %s\n", rt_at(i)->name, rt_at(i)->description);
	peer_list(stdout);
}

static void list_variants(void)
{
	printf("channel variants (-c):\n");
	for (int i = 0; i < chan_variant_count(); i++) {
		const chan_variant *v = chan_variant_at(i);
		char caps[160];
		chan_caps_string(v->caps, caps, sizeof caps);
		printf("  %-10s %s\n  %-10s   supports: %s\n", v->name, v->description, "", caps);
	}
}

static int list_main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cmd_help(&cmd_list);
	if (argc > 1) {
		fprintf(stderr, "corobench list: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	list_workloads();
	list_floors();
	list_runtimes();
	list_variants();
	list_placements();
	ctr_list_print(stdout);
	return 0;
}
