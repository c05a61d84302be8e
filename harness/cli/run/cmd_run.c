/*
 * cmd_run.c — `corobench run`: parse the options, expand the matrix, make the
 * results directory, run every configuration through the runner, and write the
 * results files (after every round, so an interrupted run keeps what finished).
 *
 * Defaults (chosen for a trustworthy first look on a small machine): every
 * workload, every runtime that exists, every channel variant, -t 1, placement
 * none, 10 measured repetitions split over 5 rounds (5 child processes per
 * configuration, interleaved with the others), 1 warm-up per round, 300 s per
 * round. Why 10 x 5: below 6 repetitions no order-statistic 95% CI of the median
 * exists (5 gave only min..max, and 148 of make bench's 178 configurations were
 * flagged unstable); at 10 the interval is ranks 2..9 (97.9% coverage), which is
 * also benchstat's advice; 5 processes put what differs between processes (where
 * heap and stacks land, the kernel's choices) inside the interval, not only what
 * differs between repetitions of one.
 *
 * What is recorded is what ran: --rounds above --reps is lowered (a round runs
 * at least one measured repetition), said once on stderr and recorded in
 * env.json; the command line is recorded shell-quoted with the seed actually used,
 * so it reproduces the run. A run never writes into a directory that holds an
 * earlier run's results (resdir_make). env.json says "complete": "no" from its
 * first write until the end of a run that finished; a failed write stops the run.
 *
 * Before it measures (issue 17): -w/-r/-c/-p are resolved by run_select.h
 * (globs, any case, suggestions); --go PATH builds and adds a Go peer per
 * toolchain (go_build.h); the first line gives the count of configurations and
 * the estimate of the time that --dry-run prints with the whole matrix
 * (run_preview.h, estimate.h); then the environment warnings (envwarn.h), on
 * stdout and in env.json's `warnings`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../../runtimes/chan/chan.h"
#include "../../../runtimes/rt.h"
#include "../../../workloads/workload.h"
#include "../../measure/counters/counter_spec.h"
#include "../../results/write/writers.h"
#include "../../run/child_placement.h"
#include "../../run/floor/floor.h"
#include "../../run/matrix.h"
#include "../../run/peer/peer.h"
#include "../../run/runner.h"
#include "../../run/soak.h"
#include "../command.h"
#include "../../base/parse.h"
#include "../../base/shell_quote.h"
#include "../../base/xalloc.h"
#include "run_options.h"
#include "run_param.h"
#include "run_preview.h"
#include "run_select.h"
#include "../../run/peer/go_build.h"

static int run_main(int argc, char **argv);

static const cb_command cmd_run = {
    .name = "run",
    .usage =
        "run [-w LIST] [-r LIST] [-c LIST] [-t LIST] [-p LIST] [-n N]\n"
        "                     [--param NAME=V[,V...]]... [--reps N] [--warmup N] [--rounds N]\n"
        "                     [--counters LIST] [--quick] [--out DIR] [--timeout S] [--seed N] "
        "[--quiet]\n"
        "                     [--verbose] [--cpukind K] [--dry-run] [--go PATH]... [--floors]\n\n"
        "  -w LIST        workloads (default: all of them, at full size unless --quick;\n"
        "                 see corobench list)\n"
        "  -r LIST        runtimes: pthread, gmp, go (default: all that exist)\n"
        "  -c LIST        channel variants (default: all)\n"
        "                 -w, -r, -c and -p take names, all, or shell globs ('ping*'),\n"
        "                 case-insensitive; an unknown name suggests the closest;\n"
        "                 in -w, -r and -c, -NAME leaves NAME out (-w all,-hog)\n"
        "  -t LIST        workers: Ps for gmp, GOMAXPROCS for go, CPUs for pthread (default 1)\n"
        "  -p LIST        placement policies (default none): none, compact, cores, scatter,\n"
        "                 smt, l2, l3, cross-l3, cross-numa, cross-package, cpus:0,2,4-7\n"
        "                 (corobench plan shows where each puts the workers)\n"
        "  --cpukind K    hybrid CPUs: place on CPU kind K only (see corobench topo)\n"
        "  -n N           size: what ns/op divides by (default: the workload's)\n"
        "  --param NAME=V[,V...]  a workload parameter; several values make a sweep\n"
        "  --param preempt=on|off[,...]  gmp's and Go's asynchronous preemption (default on;\n"
        "                 off: key part /preempt=off; pthreads: not applicable, skipped)\n"
        "  --reps N       measured repetitions per configuration (default 10)\n"
        "  --warmup N     discarded repetitions at the start of each round (default 1)\n"
        "  --rounds N     child processes per configuration, interleaved (default 5;\n"
        "                 at most --reps)\n"
        "  --counters LIST  counters per op: default, sw, none (default) or libpfm4 event\n"
        "                 names, e.g. cycles,instructions:u (see corobench list)\n"
        "  --quick        the quick sizes of every workload\n"
        "  --out DIR      results directory, new or empty (default results/<date>-<host>)\n"
        "  --timeout S    seconds one round may take before it is killed (default 300)\n"
        "  --seed N       shuffle seed (default: from the clock; recorded in env.json)\n"
        "  --quiet        no progress line\n"
        "  --verbose      every repetition on stdout in Go benchmark format (bench.txt\n"
        "                 always has them); default: one line per configuration as it\n"
        "                 completes, then the summary table\n"
        "  --dry-run      print the expanded matrix (every configuration, skips with their\n"
        "                 reasons, repetitions) and an estimate of the time; run nothing\n"
        "  --go PATH      measure the Go peer built by this go (repeatable; default: the\n"
        "                 peer make built; COROBENCH_GO=PATH[:PATH...] does the same):\n"
        "                 each is a runtime of its own, go@1.23; built once into\n"
        "                 ~/.cache/corobench (COROBENCH_CACHE, XDG_CACHE_HOME)\n"
        "  --soak DURATION  correctness soak (90s, 15m, 2h): random configurations, gmp by\n"
        "                 default, every answer checked; soak.csv in --out\n"
        "  --floors       also the floors (runtime=floor: register switch, futex round\n"
        "                 trips, cache-line round trip), once, whatever -w -r -c -t -p say\n\n"
        "-w, -r, -c, -t and -p may be repeated (their lists add up); --param once per\n"
        "parameter, --go once per Go; any other option at most once.\n\n"
        "With no option: every workload at full size on every runtime and channel\n"
        "variant, -t 1, -p none, 10 repetitions in 5 rounds: --dry-run first says how\n"
        "long that takes (--quick for the quick sizes).",
    .summary = "run the benchmark matrix and write a results directory",
    .main = run_main,
};
CMD_REGISTER(cmd_run)

static int usage_error(const char *msg)
{
	fprintf(stderr, "corobench run: %s\n", msg);
	return 2;
}

/* Rewrites the results files; the first failed write stops the run (one line
 * naming the file and the cause, exit 1): a run that cannot keep its results
 * would only go on measuring into nothing. Files already renamed into place
 * stay as they were (atomic_file.h). */
/* What the callback after every round keeps between calls. */
typedef struct round_state {
	char write_err[600]; /* the first failed write, "" while none              */
	bool *shown;         /* per configuration: its line is on stdout already */
	bool progress;       /* a progress line is on stderr (clear it first)    */
} round_state;

/* Prints the line of each configuration whose last round just finished, so a
 * person sees results as they come (the summary table repeats them at the end). */
static void show_finished(const cb_run *run, round_state *st)
{
	for (int i = 0; st->shown && i < run->nconfigs; i++) {
		const cb_result *r = &run->results[i];
		if (st->shown[i] || r->skip_reason[0] || r->rounds_planned == 0 ||
		    r->rounds_done < r->rounds_planned)
			continue;
		st->shown[i] = true;
		if (st->progress)
			fputs("\r\033[K", stderr); /* the runner redraws it next round */
		console_row(stdout, run, i);
		fflush(stdout);
	}
}

static bool after_round(cb_run *run, void *arg)
{
	round_state *st = arg;
	if (st->write_err[0])
		return false;
	show_finished(run, st);
	if (write_all(run, st->write_err, sizeof st->write_err))
		return true;
	snprintf(run->stop_reason, sizeof run->stop_reason, "stopped: %.580s", st->write_err);
	return false;
}

/* Appends one shell word to buf (shell_quote.h's rule), so the recorded
 * command can be pasted back. False when it does not fit. */
static bool shell_word(char *buf, size_t len, size_t *used, const char *w)
{
	return shq_append(buf, len, used, w);
}

/* The command line that reproduces the run: `corobench run` and the arguments
 * as given, shell-quoted, plus `--seed S` with the seed actually used when none
 * was given (the shuffle depends on it). */
static void command_line(cb_run *run, int argc, char **argv, bool have_seed)
{
	size_t used = 0;
	bool fits = shell_word(run->command, sizeof run->command, &used, "corobench");
	for (int i = 0; fits && i < argc; i++)
		fits = shell_word(run->command, sizeof run->command, &used, argv[i]);
	char seed[32];
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)run->seed);
	if (fits && !have_seed)
		fits = shell_word(run->command, sizeof run->command, &used, "--seed") &&
		       shell_word(run->command, sizeof run->command, &used, seed);
	if (!fits) /* 8 KiB of arguments: say so rather than record half a command */
		snprintf(run->command, sizeof run->command,
		         "(command line longer than %zu bytes, not recorded; seed %s)",
		         sizeof run->command, seed);
}

/* Everything run_main allocates, freed in one place (LeakSanitizer checks the
 * error paths of the CLI too). */
typedef struct run_inputs {
	run_options o;                       /* parsed options                      */
	bool have_options;                   /* o needs run_options_free            */
	const workload **wls;                /* -w resolved                         */
	char **rts;                          /* -r names                            */
	const chan_variant **chans;          /* -c resolved                         */
	matrix_param params[RUN_MAX_PARAMS]; /* --param parsed                      */
	int nparams;                         /* entries of params to free           */
	matrix_spec spec;                    /* the matrix to expand                */
	double soak_s;                       /* --soak in seconds, 0 for a normal run */
} run_inputs;

static void inputs_free(run_inputs *in)
{
	free(in->wls);
	if (in->rts)
		parse_list_free(in->rts, in->spec.nruntimes);
	free(in->chans);
	for (int i = 0; i < in->nparams; i++) {
		free((char *)in->params[i].name);
		free(in->params[i].values);
	}
	if (in->have_options)
		run_options_free(&in->o);
}

/* --counters lives for the whole run; children get a copy (~12 KiB). */
static ctr_spec counters;

/* The Gos of --go (or COROBENCH_GO), each built into the cache (not under
 * --dry-run) and added as a runtime of its own, go@VERSION (go_build.h). */
static go_toolchain gos[RUN_MAX_GO];

static bool setup_go(const run_options *o, char *err, size_t errlen)
{
	const char *paths[RUN_MAX_GO];
	int n = 0;
	char envlist[8192];
	const char *from = "--go";
	for (int i = 0; i < o->ngo; i++)
		paths[n++] = o->go[i];
	const char *env = getenv("COROBENCH_GO");
	if (!n && env && env[0]) { /* ':'-separated, as PATH */
		from = "COROBENCH_GO";
		snprintf(envlist, sizeof envlist, "%s", env);
		for (char *save = NULL, *t = strtok_r(envlist, ":", &save); t;
		     t = strtok_r(NULL, ":", &save)) {
			if (n == RUN_MAX_GO) {
				snprintf(err, errlen, "COROBENCH_GO names more than %d Gos",
				         RUN_MAX_GO);
				return false;
			}
			paths[n++] = t;
		}
	}
	for (int i = 0; i < n; i++)
		if (!go_toolchain_version(paths[i], &gos[i], err, errlen)) {
			if (strcmp(from, "--go") != 0) { /* say where the path came from */
				char why[PARSE_ERR_LEN + 256];
				snprintf(why, sizeof why, "%s", err);
				snprintf(err, errlen, "COROBENCH_GO: %.400s", why);
			}
			return false;
		}
	if (!go_runtime_names(gos, n, err, errlen))
		return false;
	for (int i = 0; i < n; i++) {
		go_toolchain *g = &gos[i];
		if (!go_peer_build(g, true, err, errlen)) /* where it goes; built below */
			return false;
		if (!g->built && !o->dry_run) {
			fprintf(stderr,
			        "corobench run: building the Go peer with %s (%s) for %s ...\n",
			        g->path, g->version, g->name);
			if (!go_peer_build(g, false, err, errlen))
				return false;
		}
		peer_add(g->name, g->binary, g->path, g->version, o->dry_run && !g->built);
	}
	return true;
}

/* Parses and checks everything; 0 ready, 1 --help, 2 bad input (err says). */
static int prepare(run_inputs *in, int argc, char **argv, char *err, size_t errlen)
{
	int rc = run_options_parse(argc, argv, &in->o, err, errlen);
	if (rc != 0)
		return rc;
	in->have_options = true;
	run_options *o = &in->o;
	/* --counters before anything forks or is created: bad input is exit 2. */
	if (!ctr_spec_parse(o->counters, "--counters", &counters, err, errlen))
		return 2;
	/* --cpukind against this machine before the -p checks use it */
	if (!child_placement_configure(o->cpukind, err, errlen))
		return 2;
	if (o->soak && o->dry_run) {
		snprintf(err, errlen, "--dry-run previews a matrix; a --soak has none");
		return 2;
	}
	if (o->soak) {
		if (o->floors) {
			snprintf(err, errlen,
			         "--floors does not apply to --soak (a soak checks "
			         "answers, it measures nothing)");
			return 2;
		}
		if (!soak_parse_duration(o->soak, &in->soak_s, err, errlen))
			return 2;
		/* the soak is gmp's torture test unless -r names runtimes */
		if (strcmp(o->runtimes, "all") == 0 && rt_find("gmp"))
			o->runtimes = "gmp";
	}
	matrix_spec *spec = &in->spec;
	*spec = (matrix_spec){.quick = o->quick, .have_n = o->have_n, .n = o->n};
	if (!setup_go(o, err, errlen) ||
	    !sel_workloads(o->workloads, &in->wls, &spec->nworkloads, err, errlen) ||
	    !sel_runtimes(o->runtimes, &in->rts, &spec->nruntimes, err, errlen) ||
	    !sel_chans(o->chans, &in->chans, &spec->nchans, err, errlen))
		return 2;
	spec->workloads = in->wls;
	spec->runtimes = (const char **)in->rts;
	spec->chans = in->chans;
	spec->threads = o->threads;
	spec->nthreads = o->nthreads;
	spec->placements = (const char **)o->placements;
	spec->nplacements = o->nplacements;
	for (int i = 0; i < o->nparams; i++) {
		in->nparams++;
		if (!run_param_parse(o->params[i], &in->params[i], err, errlen))
			return 2;
	}
	spec->params = in->params;
	spec->nparams = o->nparams;
	if (o->floors) { /* the floor family, with this machine's pair classes */
		static const char *pairs[FLOOR_MAX_PAIRS];
		static char why[400];
		spec->floors = true;
		spec->floor_pairs = pairs;
		spec->nfloor_pairs = floor_pairs(pairs, why, sizeof why);
		spec->floor_pairs_why = why;
	}
	for (int p = 0; p < spec->nplacements; p++) {
		for (int t = 0; t < spec->nthreads; t++) {
			if (!child_placement_check(spec->placements[p], (int)spec->threads[t], err,
			                           errlen))
				return 2;
		}
	}
	return 0;
}

static int soak(run_inputs *in, char *err, size_t errlen)
{
	char outdir[4096];
	if (!resdir_make(in->o.out, true, outdir, sizeof outdir, err, errlen))
		return usage_error(err);
	int64_t max_t = 1;
	for (int t = 0; t < in->spec.nthreads; t++)
		max_t = in->spec.threads[t] > max_t ? in->spec.threads[t] : max_t;
	soak_options so = {.duration_s = in->soak_s,
	                   .seed = in->o.have_seed ? in->o.seed : (uint64_t)time(NULL),
	                   .max_threads = (int)(2 * max_t),
	                   .timeout_s = (double)in->o.timeout_s,
	                   .outdir = outdir,
	                   .counters = &counters,
	                   .progress = !in->o.quiet && isatty(2)};
	return soak_run(&in->spec, &so);
}

/* The environment warnings of this run, checked once as it starts (env.json is
 * rewritten after every round; the load at the start is what biased it). */
static envw_list warnings;

/* env.json's fields from above the results layer: the Go peers', the warnings. */
static void env_extra(FILE *f, int *count, const cb_run *run)
{
	peer_env_section(f, count, run);
	envw_json(f, count, &warnings);
}

static int run_matrix(run_inputs *in, int argc, char **argv, char *err, size_t errlen)
{
	const run_options *o = &in->o;
	cb_run run = {.reps = (int)o->reps,
	              .warmup = (int)o->warmup,
	              .rounds = (int)o->rounds,
	              .timeout_s = (double)o->timeout_s,
	              .counters = &counters,
	              .env_extra = env_extra};
	if (run.rounds > run.reps) { /* a round runs at least one measured repetition */
		run.rounds_requested = run.rounds;
		run.rounds = run.reps;
		snprintf(run.adjusted, sizeof run.adjusted,
		         "--rounds %d lowered to %d: each round runs at least one measured "
		         "repetition (--reps %d)",
		         run.rounds_requested, run.rounds, run.reps);
	}
	run.configs = matrix_expand(&in->spec, &run.nconfigs, err, errlen);
	if (!run.configs)
		return usage_error(err);
	/* the count and the estimate: all of --dry-run, the first line of a run */
	run_plan plan;
	preview_make(&plan, run.configs, run.nconfigs, run.reps, run.warmup, run.rounds);
	if (o->dry_run) {
		preview_dry_run(stdout, &plan);
		preview_free(&plan);
		free(run.configs);
		return 0;
	}
	preview_line(stdout, &plan);
	preview_warnings(&plan, &counters, &warnings); /* the machine as the run starts */
	envw_print(stdout, "corobench run: ", &warnings);
	fflush(stdout);
	preview_free(&plan);
	if (run.nconfigs == 0 ||
	    !resdir_make(o->out, true, run.outdir, sizeof run.outdir, err, errlen)) {
		free(run.configs);
		return usage_error(run.nconfigs ? err
		                                : "the selection expands to no configuration");
	}
	if (run.adjusted[0]) /* said once, recorded in env.json */
		fprintf(stderr, "corobench run: %s\n", run.adjusted);
	if (!child_placement_export(run.outdir, err, errlen)) /* degrade: say so, go on */
		fprintf(stderr, "corobench run: no topology.xml: %s\n", err);

	run.results = calloc((size_t)run.nconfigs, sizeof *run.results);
	for (int i = 0; i < run.nconfigs; i++)
		snprintf(run.results[i].skip_reason, sizeof run.results[i].skip_reason, "%s",
		         run.configs[i].skip_reason);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(run.started, sizeof run.started, "%Y-%m-%dT%H:%M:%S%z", &tm);
	/* --seed takes 0..INT64_MAX: a drawn seed stays in that range, so the
	 * recorded `--seed S` is accepted back */
	run.seed = o->have_seed
	               ? o->seed
	               : ((uint64_t)now ^ ((uint64_t)getpid() << 32)) & (uint64_t)INT64_MAX;
	command_line(&run, argc, argv, o->have_seed);

	round_state st = {.write_err = "", .progress = !o->quiet && isatty(2)};
	char *write_err = st.write_err;
	int failures = 0;
	/* env.json ("complete": "no") and skipped.csv exist from the start */
	if (after_round(&run, &st)) {
		st.shown = xcalloc((size_t)run.nconfigs, sizeof *st.shown);
		console_header(stdout);
		runner_options ro = {
		    .progress = st.progress, .after_round = after_round, .arg = &st};
		failures = runner_run(&run, &ro);
		if (!write_err[0] && !run.stop_reason[0]) /* reached its end */
			run.complete = true;
		if (!write_err[0]) /* the last write: complete, or why not */
			after_round(&run, &st);
		free(st.shown);
	}
	if (write_err[0])
		fprintf(stderr, "corobench run: %s\n", write_err);
	else if (run.stop_reason[0] && !run.interrupted) /* a child's write failed */
		fprintf(stderr, "corobench run: stopped: %s\n", run.stop_reason);

	if (o->verbose) { /* every repetition, as bench.txt has them */
		putchar('\n');
		for (int i = 0; i < run.nconfigs; i++)
			bench_lines(stdout, &run, i);
	}
	console_summary(stdout, &run);
	printf("\nresults: %s%s\n", run.outdir,
	       run.interrupted ? "  (interrupted: finished repetitions kept)"
	       : !run.complete ? "  (stopped early: see env.json's stop_reason)"
	                       : "");
	if (failures)
		printf("%d round(s) failed: see %s/failures.csv\n", failures, run.outdir);

	int status = run.interrupted ? 130 : (failures || !run.complete) ? 1 : 0;
	store_free(&run);
	return status;
}

static int run_main(int argc, char **argv)
{
	run_inputs in = {0};
	char err[PARSE_ERR_LEN + 256];
	int status;
	switch (prepare(&in, argc, argv, err, sizeof err)) {
	case 0:
		status = in.o.soak ? soak(&in, err, sizeof err)
		                   : run_matrix(&in, argc, argv, err, sizeof err);
		break;
	case 1:
		status = cmd_help(&cmd_run);
		break;
	default:
		status = usage_error(err);
		break;
	}
	inputs_free(&in);
	return status;
}
