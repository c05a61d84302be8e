/* run_options.c — see run_options.h. */
#include "run_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../machine/placement.h"
#include "../base/parse.h"

enum {
	OPT_PARAM = 256,
	OPT_REPS,
	OPT_WARMUP,
	OPT_ROUNDS,
	OPT_TIMEOUT,
	OPT_SEED,
	OPT_COUNTERS,
	OPT_QUICK,
	OPT_OUT,
	OPT_QUIET,
	OPT_CPUKIND,
	OPT_SOAK
};

static const struct option long_opts[] = {
    {"param", required_argument, NULL, OPT_PARAM},
    {"reps", required_argument, NULL, OPT_REPS},
    {"warmup", required_argument, NULL, OPT_WARMUP},
    {"rounds", required_argument, NULL, OPT_ROUNDS},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"seed", required_argument, NULL, OPT_SEED},
    {"counters", required_argument, NULL, OPT_COUNTERS},
    {"quick", no_argument, NULL, OPT_QUICK},
    {"out", required_argument, NULL, OPT_OUT},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"cpukind", required_argument, NULL, OPT_CPUKIND},
    {"soak", required_argument, NULL, OPT_SOAK},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void run_options_free(run_options *o)
{
	free(o->threads);
	parse_list_free(o->placements, o->nplacements);
	o->threads = NULL;
	o->placements = NULL;
}

int run_options_parse(int argc, char **argv, run_options *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	o->workloads = o->runtimes = o->chans = "all";
	o->reps = 5;
	o->warmup = 1;
	o->rounds = 3;
	o->timeout_s = 300;
	o->counters = "none";
	const char *threads = "1", *placements = "none";
	int64_t v;
	opterr = 0;
	optind = 0; /* 0, not 1: glibc then also resets its internal state (nextchar) */
	int c;
	while ((c = getopt_long(argc, argv, ":w:r:c:t:p:n:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			o->workloads = optarg;
			break;
		case 'r':
			o->runtimes = optarg;
			break;
		case 'c':
			o->chans = optarg;
			break;
		case 't':
			threads = optarg;
			break;
		case 'p':
			placements = optarg;
			break;
		case 'n':
			/* 10^12: a trillion ops is hours even at 1 ns/op */
			if (!parse_int(optarg, 1, 1000000000000LL, "-n", &o->n, err, errlen))
				return 2;
			o->have_n = true;
			break;
		case OPT_PARAM:
			if (o->nparams == RUN_MAX_PARAMS) {
				snprintf(err, errlen, "too many --param options (at most %d)",
				         RUN_MAX_PARAMS);
				return 2;
			}
			o->params[o->nparams++] = optarg;
			break;
		case OPT_REPS:
			if (!parse_int(optarg, 1, 100000, "--reps", &o->reps, err, errlen))
				return 2;
			break;
		case OPT_WARMUP:
			if (!parse_int(optarg, 0, 1000, "--warmup", &o->warmup, err, errlen))
				return 2;
			break;
		case OPT_ROUNDS:
			if (!parse_int(optarg, 1, 1000, "--rounds", &o->rounds, err, errlen))
				return 2;
			break;
		case OPT_TIMEOUT:
			if (!parse_int(optarg, 1, 86400, "--timeout", &o->timeout_s, err, errlen))
				return 2;
			break;
		case OPT_SEED:
			if (!parse_int(optarg, 0, INT64_MAX, "--seed", &v, err, errlen))
				return 2;
			o->seed = (uint64_t)v;
			o->have_seed = true;
			break;
		case OPT_COUNTERS:
			o->counters = optarg;
			break;
		case OPT_QUICK:
			o->quick = true;
			break;
		case OPT_OUT:
			o->out = optarg;
			break;
		case OPT_QUIET:
			o->quiet = true;
			break;
		case OPT_CPUKIND:
			o->cpukind = optarg;
			break;
		case OPT_SOAK:
			o->soak = optarg;
			break;
		case 'h':
			return 1;
		case ':':
			snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
			return 2;
		default: {
			char q[72];
			parse_quote(argv[optind - 1], q, sizeof q);
			snprintf(err, errlen, "unknown option '%s' (see corobench run --help)", q);
			return 2;
		}
		}
	}
	if (optind < argc) {
		char q[72];
		parse_quote(argv[optind], q, sizeof q);
		snprintf(err, errlen, "unexpected argument '%s'", q);
		return 2;
	}
	/* 1024 workers: far above any machine we target, low enough to catch typos */
	if (!parse_int_list(threads, 1, 1024, "-t", &o->threads, &o->nthreads, err, errlen))
		return 2;
	/* cpus:0,2,4-7 keeps its commas (placement.h) */
	if (!pl_policy_split(placements, &o->placements, &o->nplacements, err, errlen)) {
		run_options_free(o);
		return 2;
	}
	return 0;
}
