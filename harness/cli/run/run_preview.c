/* run_preview.c — see run_preview.h. */
#include "run_preview.h"

#include <stdlib.h>
#include <string.h>

#include "../../base/status.h"
#include "../../base/xalloc.h"
#include "../../machine/placement.h"
#include "../../run/plan_preview.h"

void preview_make(run_plan *p, const cb_config *configs, int n, int reps, int warmup, int rounds)
{
	memset(p, 0, sizeof *p);
	p->configs = configs;
	p->n = n;
	p->reps = reps;
	p->warmup = warmup;
	p->rounds = rounds;
	p->skip = xcalloc((size_t)n + 1, sizeof *p->skip);
	for (int i = 0; i < n; i++) {
		const cb_config *c = &configs[i];
		p->max_threads = c->threads > p->max_threads ? c->threads : p->max_threads;
		if (c->skip_reason[0]) {
			snprintf(p->skip[i], sizeof p->skip[i], "%.199s", c->skip_reason);
		} else {
			bool shares = false;
			char why[PL_ERR_LEN];
			if (plan_preview(c->placement, c->threads, &shares, why, sizeof why) ==
			    CB_EUNAVAIL)
				snprintf(p->skip[i], sizeof p->skip[i], "%.255s", why);
			p->smt_shared |= shares && !p->skip[i][0];
		}
		est_add(&p->total, c, p->skip[i][0] != '\0', reps, warmup, rounds);
	}
}

void preview_free(run_plan *p)
{
	free(p->skip);
	p->skip = NULL;
}

void preview_line(FILE *f, const run_plan *p)
{
	char est[64];
	est_format(p->total.ns, est, sizeof est);
	fprintf(f, "corobench run: %d configuration%s to run", p->total.run,
	        p->total.run == 1 ? "" : "s");
	if (p->total.skipped)
		fprintf(f, " (%d skipped)", p->total.skipped);
	fprintf(f, ", %d measured repetition%s each in %d round%s", p->reps,
	        p->reps == 1 ? "" : "s", p->rounds, p->rounds == 1 ? "" : "s");
	if (p->warmup)
		fprintf(f, " (+%d warm-up per round)", p->warmup);
	fprintf(f, ": %s by the cost table", est);
	if (p->total.unknown)
		fprintf(f, " (%d configuration%s guessed: no cost figure)", p->total.unknown,
		        p->total.unknown == 1 ? "" : "s");
	fprintf(f, "\n");
}

void preview_dry_run(FILE *f, const run_plan *p)
{
	preview_line(f, p);
	int kw = (int)strlen("configuration");
	for (int i = 0; i < p->n; i++)
		kw = (int)strlen(p->configs[i].key) > kw ? (int)strlen(p->configs[i].key) : kw;
	fprintf(f, "\n%-*s  %6s  %9s  %s\n", kw, "configuration", "rounds", "reps", "estimate");
	for (int i = 0; i < p->n; i++) {
		const cb_config *c = &p->configs[i];
		if (p->skip[i][0]) {
			fprintf(f, "%-*s  skip: %s\n", kw, c->key, p->skip[i]);
			continue;
		}
		bool known;
		double ns = est_config_ns(c, p->reps, p->warmup, p->rounds, &known);
		char est[64], reps[32];
		if (ns < 1e9)
			snprintf(est, sizeof est, "%.0f ms", ns / 1e6);
		else
			snprintf(est, sizeof est, "%.1f s", ns / 1e9);
		snprintf(reps, sizeof reps, "%d+%d", p->reps, p->warmup * p->rounds);
		fprintf(f, "%-*s  %6d  %9s  %s%s\n", kw, c->key, p->rounds, reps, est,
		        known ? "" : " (no cost figure: guessed)");
	}
	fprintf(f,
	        "\nreps: measured + warm-up repetitions; rounds: child processes, interleaved "
	        "with the other configurations'.\n"
	        "Estimate: %s.\n"
	        "--dry-run: nothing was run and nothing was created.\n",
	        est_assumptions());
}

void preview_warnings(const run_plan *p, const ctr_spec *counters, envw_list *out)
{
	envw_input in = {.cpus_used = p->max_threads > 0 ? p->max_threads : 1,
	                 .smt_shared = p->smt_shared,
	                 .counters = counters && counters->n > 0,
	                 .reps = p->reps};
	for (int i = 0; counters && i < counters->n; i++)
		in.counters_kernel |=
		    counters->ev[i].encoded && !counters->ev[i].attr.exclude_kernel;
	envw_check(NULL, &in, out);
}
