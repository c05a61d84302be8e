/*
 * cmd_c2c.c — `corobench c2c`: the core-to-core latency matrix of this machine
 * (harness/machine/c2c.h), written as CSV plus a gnuplot heatmap into a results
 * directory (default results/<YYYYmmdd-HHMMSS>-<host>-c2c/, with topology.xml),
 * and summarized per pair class on stdout. Into an existing directory (a run's:
 * make bench) it adds only its own files (c2c*, and topology.xml when absent).
 *
 * Which PUs: every usable PU by default (n PUs are n(n-1) ordered pairs; at the
 * default 1000 x 100 round trips a pair takes ~20 ms at 100 ns, so 64 PUs is
 * ~80 s and 384 PUs ~50 min); `-p P -t N` measures the PUs a placement plan
 * picks instead (e.g. `-p scatter -t 16`: one PU per core across the machine;
 * `-p cpus:0-7`); rows and columns are always in hwloc logical order, so caches
 * and packages show as blocks in the heatmap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../machine/c2c.h"
#include "../machine/c2c_report.h"
#include "../machine/placement.h"
#include "../report/charts/gnuplot.h"
#include "../report/charts/gp_templates.h"
#include "../results/write/writers.h"
#include "command.h"
#include "machine_opts.h"
#include "../base/parse.h"

static int c2c_main(int argc, char **argv);

static const cb_command cmd_c2c = {
    .name = "c2c",
    .usage = "c2c [--out DIR] [--samples N] [-p P [-t N]]\n\n"
             "  --out DIR       results directory (default results/<date>-<host>-c2c)\n"
             "  --samples N     samples of 100 round trips per ordered pair (default 1000)\n"
             "  -p, --placement P  measure only the PUs this placement picks (default: all)\n"
             "  -t, --threads N    how many PUs the placement picks (default: all it can)\n\n"
             "Writes c2c.csv (from_pu,to_pu,class,min_ns,median_ns), c2c_min.csv and\n"
             "c2c_median.csv (matrices), c2c_summary.csv (per pair class), c2c.gp and the\n"
             "heatmap c2c.svg/c2c.png (gnuplot), topology.xml. Values are RTT/2 in ns.",
    .summary = "core-to-core latency matrix (cache-line round trips) and heatmap",
    .main = c2c_main,
};
CMD_REGISTER(cmd_c2c)

static int fail(const char *msg, int status)
{
	fprintf(stderr, "corobench c2c: %s\n", msg);
	return status;
}

/* Progress on a terminal: pairs done, and the time left from the rate so far. */
typedef struct progress {
	struct timespec start; /* when the first pair started */
	bool tty;              /* stderr is a terminal        */
} progress;

static void on_pair(void *arg, int done, int total)
{
	progress *p = arg;
	if (!p->tty)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double spent =
	    (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
	fprintf(stderr, "\rc2c: %d/%d pairs, about %.0f s left   ", done, total,
	        spent / done * (total - done));
	if (done == total)
		fputc('\n', stderr);
}

/* The c2c template built into the binary (the Makefile embeds scripts/c2c.gp):
 * never a file of the current directory, which may be someone else's. */
static const gp_template *c2c_template(void)
{
	for (const gp_template *g = gp_templates; g && g->name; g++)
		if (strcmp(g->name, "c2c") == 0)
			return g;
	return NULL;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The PUs to measure (indexes into t->pus, logical order): all, or a plan's. */
static int pick_pus(const topo *t, const machine_opts *o, int **pus, int *n, char *err,
                    size_t errlen)
{
	int64_t want = t->npus;
	if (o->placement && pl_policy_count(o->placement) > 0)
		want = pl_policy_count(o->placement);
	if (o->threads && !parse_int(o->threads, 2, 65536, "--threads", &want, err, errlen))
		return 2;
	if (!o->placement) {
		*pus = malloc(sizeof **pus * (size_t)t->npus);
		if (!*pus)
			return 1;
		for (int i = 0; i < t->npus; i++)
			(*pus)[i] = i;
		*n = t->npus;
		return 0;
	}
	pl_plan plan;
	int rc = pl_plan_make(t, o->placement, (int)want, NULL, PL_BIND, &plan, err, errlen);
	if (rc != CB_OK)
		return 2;
	if (!plan.pinned) {
		pl_plan_free(&plan);
		snprintf(err, errlen, "bad --placement 'none': c2c measures pinned PUs");
		return 2;
	}
	*pus = plan.pu; /* taken over: pl_plan_free must not free it */
	plan.pu = NULL;
	*n = plan.workers;
	pl_plan_free(&plan);
	qsort(*pus, (size_t)*n, sizeof **pus, cmp_int);
	return 0;
}

static int c2c_main(int argc, char **argv)
{
	machine_opts o;
	char err[PL_ERR_LEN];
	int rc = mo_parse(argc, argv, MO_OUT | MO_SAMPLES | MO_PLACEMENT | MO_THREADS, &o, err,
	                  sizeof err);
	if (rc == 1)
		return cmd_help(&cmd_c2c);
	if (rc != 0)
		return fail(err, 2);
	int64_t samples = C2C_SAMPLES;
	/* 10^6 samples x 100 round trips is ~10 s per pair: beyond that is a typo */
	if (o.samples && !parse_int(o.samples, 1, 1000000, "--samples", &samples, err, sizeof err))
		return fail(err, 2);
	if (o.placement && !pl_policy_check(o.placement, err, sizeof err))
		return fail(err, 2);
	topo *t;
	if (topo_open(&t, NULL, NULL, err, sizeof err) != 0)
		return fail(err, 2);
	if (!topo_can_bind(t, err, sizeof err)) {
		topo_close(t);
		return fail(err, 2);
	}
	int *pus = NULL, n = 0;
	if ((rc = pick_pus(t, &o, &pus, &n, err, sizeof err)) != 0) {
		topo_close(t);
		return fail(rc == 1 ? "out of memory" : err, rc);
	}
	if (n < 2) {
		free(pus);
		topo_close(t);
		return fail("needs at least 2 usable PUs: this process may use only one", 2);
	}
	char dir[4096], deflt[512];
	if (!o.out)
		resdir_default(deflt, sizeof deflt, "-c2c");
	if (!resdir_make(o.out ? o.out : deflt, false, dir, sizeof dir, err, sizeof err)) {
		free(pus);
		topo_close(t);
		return fail(err, 2);
	}
	printf("c2c: %d PUs (%s), %d ordered pairs, %lld samples x %d round trips each\n", n,
	       t->source, n * (n - 1), (long long)samples, C2C_ROUND_TRIPS);
	fflush(stdout);
	progress prog = {.tty = isatty(2)};
	clock_gettime(CLOCK_MONOTONIC, &prog.start);
	c2c_opts co = {.samples = (int)samples, .progress = on_pair, .arg = &prog};
	c2c_result m;
	int status = 0;
	if (c2c_measure(t, pus, n, &co, &m, err, sizeof err) != 0) {
		status = fail(err, 1);
	} else {
		char why[512], gnuplot[4096], topo_xml[4200];
		/* Into a run's directory (make bench) c2c adds only its own files: the
		 * run's topology.xml, when there is one, is the run's and stays. */
		snprintf(topo_xml, sizeof topo_xml, "%s/topology.xml", dir);
		bool have_topo = access(topo_xml, F_OK) == 0;
		if (c2c_write(t, &m, dir, err, sizeof err) != 0 ||
		    (!have_topo && topo_export_xml(t, dir, err, sizeof err) != 0))
			status = fail(err, 1);
		const gp_template *tpl = c2c_template();
		bool have_gnuplot = gp_find_gnuplot(gnuplot, sizeof gnuplot);
		bool drawn =
		    status == 0 && c2c_render(dir, tpl ? tpl->text : NULL, tpl ? tpl->len : 0,
		                              have_gnuplot ? gnuplot : NULL, n, why, sizeof why);
		putchar('\n');
		c2c_print(stdout, t, &m, 16);
		printf("\nresults: %s%s\n", dir, drawn ? " (heatmap: c2c.svg, c2c.png)" : "");
		if (status == 0 && !drawn)
			fprintf(stderr, "corobench c2c: no heatmap: %s\n", why);
		c2c_result_free(&m);
	}
	free(pus);
	topo_close(t);
	return status;
}
