/* run_options.c — see run_options.h. */
#include "run_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../machine/placement.h"
#include "../../base/parse.h"
#include "../../base/xalloc.h"
#include "run_select.h"

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
	OPT_VERBOSE,
	OPT_CPUKIND,
	OPT_SOAK,
	OPT_DRY_RUN,
	OPT_GO,
	OPT_FLOORS,
	OPT_LAST /* one past the last option code */
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
    {"verbose", no_argument, NULL, OPT_VERBOSE},
    {"cpukind", required_argument, NULL, OPT_CPUKIND},
    {"soak", required_argument, NULL, OPT_SOAK},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"go", required_argument, NULL, OPT_GO},
    {"floors", no_argument, NULL, OPT_FLOORS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void run_options_free(run_options *o)
{
	free(o->threads);
	parse_list_free(o->placements, o->nplacements);
	for (int i = 0; i < 3; i++)
		free(o->lists[i]);
	o->threads = NULL;
	o->placements = NULL;
	o->nthreads = o->nplacements = 0;
	memset(o->lists, 0, sizeof o->lists);
}

/* Appends the items of one -w/-r/-c value to *acc ("a,b"), dropping those
 * already there; "all" makes the result "all", followed only by the -NAME items
 * after it (run_select.h: they leave NAME out). One value is checked
 * as before (no empty item, no item twice within it). */
static bool merge_names(char **acc, const char *arg, const char *what, char *err, size_t errlen)
{
	char **items;
	int n;
	if (!parse_list(arg, what, &items, &n, err, errlen))
		return false;
	size_t len = *acc ? strlen(*acc) : 0;
	for (int i = 0; i < n; i++) {
		/* a -NAME after all still applies (run_select.h) */
		bool all = strcmp(items[i], "all") == 0 ||
		           (*acc && strcmp(*acc, "all") == 0 && items[i][0] != '-');
		if (all) {
			*acc = xrealloc(*acc, 4);
			memcpy(*acc, "all", 4);
			len = 3;
			continue;
		}
		bool seen = false;
		char *at = NULL; /* where the earlier copy starts */
		if (*acc) {      /* whole-item match in "a,b,c" */
			for (char *p = *acc; *p && !seen;) {
				size_t k = strcspn(p, ",");
				seen = k == strlen(items[i]) && strncmp(p, items[i], k) == 0;
				at = seen ? p : NULL;
				p += k + (p[k] == ',');
			}
		}
		/* A -NAME leaves out only what the items before it name, so with
		 * exclusions in the list the order decides: a repeated item moves to the
		 * end, where it was said last (all,-hog then hog then -hog leaves hog
		 * out); without any, the earlier copy stands. */
		bool ordered = *acc && ((*acc)[0] == '-' || strstr(*acc, ",-"));
		if (seen && !ordered)
			continue;
		if (seen) {
			size_t k = strlen(items[i]);
			size_t tail = strlen(at + k);
			if (at[k] == ',') /* "x,rest": drop "x," */
				memmove(at, at + k + 1, tail);
			else if (at > *acc) /* the last item: drop ",x" */
				at[-1] = '\0';
			else
				at[0] = '\0';
			len = strlen(*acc);
		}
		size_t add = strlen(items[i]);
		*acc = xrealloc(*acc, len + add + 2);
		if (len)
			(*acc)[len++] = ',';
		memcpy(*acc + len, items[i], add + 1);
		len += add;
	}
	parse_list_free(items, n);
	return true;
}

/* Appends one -t value's integers to *vals, dropping those already there. */
static bool merge_ints(int64_t **vals, int *count, const char *arg, char *err, size_t errlen)
{
	int64_t *v;
	int n;
	/* 1024 workers: far above any machine we target, low enough to catch typos */
	if (!parse_int_list(arg, 1, 1024, "-t", &v, &n, err, errlen))
		return false;
	*vals = xrealloc(*vals, sizeof **vals * (size_t)(*count + n));
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (int j = 0; j < *count && !seen; j++)
			seen = (*vals)[j] == v[i];
		if (!seen)
			(*vals)[(*count)++] = v[i];
	}
	free(v);
	return true;
}

/* Appends one -p value's policies (cpus:0,2,4-7 keeps its commas: placement.h). */
static bool merge_placements(char ***vals, int *count, const char *arg, char *err, size_t errlen)
{
	char **v;
	int n;
	if (!pl_policy_split(arg, &v, &n, err, errlen))
		return false;
	*vals = xrealloc(*vals, sizeof **vals * (size_t)(*count + n));
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (int j = 0; j < *count && !seen; j++)
			seen = strcmp((*vals)[j], v[i]) == 0;
		if (seen)
			free(v[i]);
		else
			(*vals)[(*count)++] = v[i];
	}
	free(v);
	return true;
}

/* The option's name as the user spells it, for "given twice". */
static const char *opt_name(int c, char *buf, size_t len)
{
	for (const struct option *lo = long_opts; lo->name; lo++)
		if (lo->val == c) {
			snprintf(buf, len, "--%s", lo->name);
			return buf;
		}
	snprintf(buf, len, "-%c", c);
	return buf;
}

static int parse_options(int argc, char **argv, run_options *o, char *err, size_t errlen)
{
	int64_t v;
	bool given[OPT_LAST] = {false};
	opterr = 0;
	optind = 0; /* 0, not 1: glibc then also resets its internal state (nextchar) */
	int c;
	while ((c = getopt_long(argc, argv, ":w:r:c:t:p:n:h", long_opts, NULL)) != -1) {
		/* one value each, except the lists (appended) and --param (repeatable) */
		bool appends = c == 'w' || c == 'r' || c == 'c' || c == 't' || c == 'p' ||
		               c == OPT_PARAM || c == OPT_GO || c == ':' || c == '?';
		if (c > 0 && c < OPT_LAST && !appends) {
			if (given[c]) {
				char name[32];
				snprintf(err, errlen,
				         "option '%s' given twice (it takes one value)",
				         opt_name(c, name, sizeof name));
				return 2;
			}
			given[c] = true;
		}
		switch (c) {
		case 'w':
			if (!merge_names(&o->lists[0], optarg, "-w", err, errlen))
				return 2;
			o->workloads = o->lists[0];
			break;
		case 'r':
			if (!merge_names(&o->lists[1], optarg, "-r", err, errlen))
				return 2;
			o->runtimes = o->lists[1];
			break;
		case 'c':
			if (!merge_names(&o->lists[2], optarg, "-c", err, errlen))
				return 2;
			o->chans = o->lists[2];
			break;
		case 't':
			if (!merge_ints(&o->threads, &o->nthreads, optarg, err, errlen))
				return 2;
			break;
		case 'p': {
			char *names; /* globs and case resolved (run_select.h) */
			if (!sel_placement_arg(optarg, &names, err, errlen))
				return 2;
			bool ok =
			    merge_placements(&o->placements, &o->nplacements, names, err, errlen);
			free(names);
			if (!ok)
				return 2;
			break;
		}
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
		case OPT_VERBOSE:
			o->verbose = true;
			break;
		case OPT_CPUKIND:
			o->cpukind = optarg;
			break;
		case OPT_SOAK:
			o->soak = optarg;
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_GO:
			if (o->ngo == RUN_MAX_GO) {
				snprintf(err, errlen, "too many --go options (at most %d)",
				         RUN_MAX_GO);
				return 2;
			}
			o->go[o->ngo++] = optarg;
			break;
		case OPT_FLOORS:
			o->floors = true;
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
	return 0;
}

int run_options_parse(int argc, char **argv, run_options *o, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	o->workloads = o->runtimes = o->chans = "all";
	o->reps = RUN_DEFAULT_REPS;
	o->warmup = 1;
	o->rounds = RUN_DEFAULT_ROUNDS;
	o->timeout_s = 300;
	o->counters = "none";
	int rc = parse_options(argc, argv, o, err, errlen);
	if (rc == 0 && o->nthreads == 0)
		rc = merge_ints(&o->threads, &o->nthreads, "1", err, errlen) ? 0 : 2;
	if (rc == 0 && o->nplacements == 0)
		rc = merge_placements(&o->placements, &o->nplacements, "none", err, errlen) ? 0 : 2;
	if (rc != 0)
		run_options_free(o);
	return rc;
}
