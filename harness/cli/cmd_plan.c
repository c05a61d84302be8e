/*
 * cmd_plan.c — `corobench plan`: the dry run of a placement, like likwid-pin's
 * -p: which PU each worker would get, for this machine or any topology, as CSV
 *
 *     thread,pu,core,l3,numa,package
 *
 * pu is the OS index (what taskset and sched_getcpu use); core, l3, numa and
 * package are hwloc logical indexes, empty when the topology lacks the level.
 * An unpinned plan (`none`) has rows with only the thread column. Notes (hybrid
 * preference, affinity restrictions, the pair class of a two-worker plan) go to
 * stderr, so stdout stays pure CSV. Anything the plan cannot do is exit 2 with one
 * line: here a plan is a question about one machine, and "no" is the answer.
 */
#include <stdio.h>

#include "../machine/placement.h"
#include "command.h"
#include "machine_opts.h"
#include "../base/parse.h"

static int plan_main(int argc, char **argv);

static const cb_command cmd_plan = {
    .name = "plan",
    .usage =
        "plan --placement P --threads N [--topology FILE.xml | --synthetic S] "
        "[--cpukind K]\n\n"
        "  -p, --placement P   none, compact, cores, scatter, smt, l2, l3, cross-l3,\n"
        "                      cross-numa, cross-package, or cpus:LIST (cpus:0,2,4-7)\n"
        "  -t, --threads N     workers to place\n"
        "  --topology FILE     an hwloc XML export (lstopo FILE.xml) instead of this system\n"
        "  --synthetic S       an hwloc synthetic topology, e.g. \"pack:2 numa:2 core:8 pu:2\"\n"
        "  --cpukind K         hybrid CPUs: plan on kind K only (index, performance,\n"
        "                      efficiency, or a CoreType such as IntelAtom)\n\n"
        "Prints CSV thread,pu,core,l3,numa,package (pu: OS index; the others hwloc\n"
        "logical indexes, empty when the level does not exist). More workers than the\n"
        "policy has places is refused (exit 2), never wrapped.",
    .summary = "print the placement plan of a policy as CSV (dry run, any topology)",
    .main = plan_main,
};
CMD_REGISTER(cmd_plan)

static void level(int v)
{
	if (v >= 0)
		printf(",%d", v);
	else
		fputs(",", stdout);
}

static int fail(const char *msg)
{
	fprintf(stderr, "corobench plan: %s\n", msg);
	return 2;
}

static int plan_main(int argc, char **argv)
{
	machine_opts o;
	char err[PL_ERR_LEN];
	int rc = mo_parse(argc, argv,
	                  MO_TOPOLOGY | MO_SYNTHETIC | MO_CPUKIND | MO_PLACEMENT | MO_THREADS, &o,
	                  err, sizeof err);
	if (rc == 1)
		return cmd_help(&cmd_plan);
	if (rc != 0)
		return fail(err);
	if (!o.placement)
		return fail("missing --placement P (see corobench plan --help)");
	if (!o.threads)
		return fail("missing --threads N (see corobench plan --help)");
	int64_t workers;
	/* 65536 workers: above the largest machines hwloc describes, catches typos */
	if (!parse_int(o.threads, 1, 65536, "--threads", &workers, err, sizeof err))
		return fail(err);
	if (!pl_policy_check(o.placement, err, sizeof err))
		return fail(err);
	topo *t;
	if (topo_open(&t, o.topology, o.synthetic, err, sizeof err) != 0)
		return fail(err);
	pl_plan plan;
	if (pl_plan_make(t, o.placement, (int)workers, o.cpukind, 0, &plan, err, sizeof err) !=
	    CB_OK) {
		topo_close(t);
		return fail(err);
	}
	printf("thread,pu,core,l3,numa,package\n");
	for (int w = 0; w < plan.workers; w++) {
		printf("%d", w);
		if (plan.pinned) {
			const topo_pu *p = &t->pus[plan.pu[w]];
			printf(",%u", p->os);
			level(p->core);
			level(p->l3);
			level(p->numa);
			level(p->package);
		} else {
			fputs(",,,,,", stdout);
		}
		putchar('\n');
	}
	if (!plan.pinned)
		fprintf(stderr, "corobench plan: note: 'none' pins nothing; the OS places the "
		                "workers\n");
	if (plan.pair_class[0])
		fprintf(stderr, "corobench plan: note: pair class of the two workers: %s\n",
		        plan.pair_class);
	if (plan.note[0])
		fprintf(stderr, "corobench plan: note: %s\n", plan.note);
	pl_plan_free(&plan);
	topo_close(t);
	return 0;
}
